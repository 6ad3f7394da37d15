"""Machine output: the versioned JSON document and the CSV table of a ranking.

The JSON contract is documented in the README and in ``docs/ranking.schema.json``;
numbers are unrounded and keys keep a stable order.
"""

from __future__ import annotations

import csv
import io
import json
import math
import operator
import sys
from collections.abc import Callable, Iterator
from typing import Any

from afweging import __version__
from afweging.analysis.matrix import GateResult
from afweging.analysis.pipeline import Analysis, Placement
from afweging.analysis.ranking import Contribution, RankedItem
from afweging.analysis.rules import SEVERITIES, Flag
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.i18n import Language
from afweging.render import ascii_json, takes_utf8

RANKING_SCHEMA = "afweging/ranking"
RANKING_SCHEMA_VERSION = 1


def _gate(gate: GateResult) -> dict[str, Any]:
    return {
        "criterion": gate.criterion,
        "passed": gate.passed,
        "score": gate.symbol,
        "minimum": gate.minimum,
        "failed_by": list(gate.failed_by),
    }


def _contribution(contribution: Contribution) -> dict[str, Any]:
    return {
        "criterion": contribution.criterion,
        "score": contribution.symbol,
        "value": contribution.value,
        "share": contribution.share,
        "points": contribution.points,
        "missing": contribution.missing,
    }


def flag_document(flag: Flag, lang: Language) -> dict[str, Any]:
    """One flag: the rule, its severity, the reason in ``lang`` and the raw evidence."""
    return {
        "rule": flag.rule,
        "kind": flag.kind,
        "severity": flag.severity,
        "reason": flag.text(lang),
        "evidence": flag.evidence,
    }


def item_document(entry: RankedItem, flags: tuple[Flag, ...], lang: Language) -> dict[str, Any]:
    """One ranked item as JSON-ready data, with its flags."""
    item = entry.item
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind,
        "cluster": item.cluster,
        "status": item.status,
        "rank": entry.rank,
        "viable": entry.viable,
        "total": entry.total,
        "score": entry.score,
        "cost": {"eur": item.cost.eur, "fte": item.cost.fte},
        "contributions": [_contribution(c) for c in entry.contributions],
        "gates": [_gate(g) for g in entry.gates],
        "flags": [flag_document(f, lang) for f in flags],
        "rationale": dict(item.rationale),
    }


def ranking_document(analysis: Analysis, lang: Language, top: int | None) -> dict[str, Any]:
    """The ``afweging/ranking`` v1 document."""
    document = _ranking_frame(analysis, lang, top)
    flags = analysis.review.flags
    document["items"] = [
        item_document(e, flags.get(e.item.id, ()), lang) for e in analysis.ranking.top(top)
    ]
    return document


LARGE = 1_000
"""From this many items shown on, ``ranking_json`` writes one item per line."""
_encode = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` without building an encoder per call."""
_string: Callable[[str], str] = json.encoder.encode_basestring
"""A string as ``json.dumps(..., ensure_ascii=False)`` writes it (C code)."""
_ITEMS = "\x00items\x00"


def ranking_json(analysis: Analysis, lang: Language, top: int | None) -> Iterator[str]:
    """The ``afweging/ranking`` document as JSON text, in pieces to write one by one.

    Below ``LARGE`` items it is ``to_json(ranking_document(...))`` exactly. From
    ``LARGE`` items on, the same document is written with each item on a line of its
    own (compact, ``", "`` and ``": "`` as separators) and encoded as it is written: the
    indentation of a large document makes it half as large again and takes Python's
    slow pure-Python encoder, and the whole document would otherwise sit in memory
    twice, as data and as text. Parsed, both are the same document.
    """
    shown = analysis.ranking.top(top)
    if len(shown) < LARGE:
        yield to_json(ranking_document(analysis, lang, top))
        return
    if not takes_utf8(sys.stdout):
        yield from map(ascii_json, _large_ranking_json(analysis, lang, top, shown))
        return
    yield from _large_ranking_json(analysis, lang, top, shown)


def _large_ranking_json(
    analysis: Analysis, lang: Language, top: int | None, shown: tuple[RankedItem, ...]
) -> Iterator[str]:
    document = _ranking_frame(analysis, lang, top)
    document["items"] = _ITEMS
    head, _, tail = to_json(document).rpartition(json.dumps(_ITEMS))
    flags = analysis.review.flags
    line = ItemLines(lang).line
    batch = [head + "["]
    for index, entry in enumerate(shown):
        batch.append(
            ("\n    " if index == 0 else ",\n    ") + line(entry, flags.get(entry.item.id, ()))
        )
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n  ]" + tail


_LIMIT = 100_000
"""At most this many distinct numbers and texts are kept encoded."""


class _Texts(dict[str, str]):
    """Strings as JSON text (``json``'s own string encoder), each encoded when first met
    and kept, up to ``_LIMIT`` of them: kinds, statuses, clusters, rationale texts repeat
    across a large portfolio."""

    def __missing__(self, text: str) -> str:
        shown = _string(text)
        if len(self) < _LIMIT:
            self[text] = shown
        return shown


class _Numbers(dict[float, str]):
    """Numbers as JSON text (``float.__repr__``), each made when first met and kept, up
    to ``_LIMIT`` of them: totals and costs repeat. Zero is never kept: -0.0 equals 0.0
    as a key, but is written apart."""

    def __missing__(self, value: float) -> str:
        shown = float.__repr__(value)
        if value and len(self) < _LIMIT:
            self[value] = shown
        return shown


_ITEM_FIELDS = operator.itemgetter("id", "name", "kind", "cluster", "status", "cost", "rationale")
"""The fields of an item a line shows, from its model's ``__dict__`` in one step."""
_COST_FIELDS = operator.itemgetter("eur", "fte")


_UNSET: Any = object()


class ItemLines:
    """Each ranked item as one line of JSON: ``json.dumps(item_document(entry, flags,
    lang), ensure_ascii=False)``, byte for byte (a test holds it to that), made faster.

    The ranking shares one contribution (and one gate result) between the items that
    give the same score, so each is encoded once and kept by identity (``encoded``;
    the analysis keeps them alive while it is written) and an item's list of them is a
    join of lookups. Numbers and repeated texts are encoded once each. Most flags of a
    large portfolio say the same thing of another item ("no tangible result since 2011
    (last: 2005)"): when the reason does not name the item, a flag is the same text
    around the item's id and name, made once per rule and evidence.
    """

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.encoded: dict[int, str] = {}
        """Contributions, gate results and evidence label mappings, by identity."""
        self.texts = _Texts()
        self.numbers = _Numbers()
        self.flags: dict[Any, tuple[str, str]] = {}
        """A flag's text before and after the item's id and name, by rule and evidence."""
        self.rest: dict[str, Callable[[dict[str, Any]], Any] | None] = {}
        """Per rule: how to pick the evidence after the id and name (None when the rule's
        flags are not the same text around the id and name: when its reason names them)."""

    def line(self, entry: RankedItem, flags: tuple[Flag, ...]) -> str:
        """The item's line."""
        item, total, rank, contributions, gates, score = entry
        item_id, name, kind, cluster, status, cost, rationale = _ITEM_FIELDS(item.__dict__)
        eur, fte = _COST_FIELDS(cost.__dict__)
        string, texts, numbers = _string, self.texts, self.numbers
        item_id, name = string(item_id), string(name)
        shown_total = numbers[total]
        # the score is the total itself for the weighted sum
        shown_score = "null" if score is None else shown_total if score is total else numbers[score]
        encoded = self.encoded.__getitem__
        try:
            shown_contributions = ", ".join(map(encoded, map(id, contributions)))
            shown_gates = ", ".join(map(encoded, map(id, gates)))
        except KeyError:  # a contribution or gate result not met before: encode it, once
            for c in contributions:
                self.encoded.setdefault(id(c), _encode(_contribution(c)))
            for g in gates:
                self.encoded.setdefault(id(g), _encode(_gate(g)))
            shown_contributions = ", ".join(map(encoded, map(id, contributions)))
            shown_gates = ", ".join(map(encoded, map(id, gates)))
        shown_flags = ", ".join([self.flag(f, item_id, name) for f in flags]) if flags else ""
        shown_rationale = (
            ", ".join([f"{texts[k]}: {texts[v]}" for k, v in rationale.items()])
            if rationale
            else ""
        )
        return (
            f'{{"id": {item_id}, "name": {name}, "kind": {texts[kind]},'
            f' "cluster": {"null" if cluster is None else texts[cluster]},'
            f' "status": {texts[status]},'
            f' "rank": {"null" if rank is None else int.__repr__(rank)},'
            f' "viable": {"true" if rank is not None else "false"},'
            f' "total": {shown_total}, "score": {shown_score},'
            f' "cost": {{"eur": {numbers[eur]}, "fte": {numbers[fte]}}},'
            f' "contributions": [{shown_contributions}], "gates": [{shown_gates}],'
            f' "flags": [{shown_flags}], "rationale": {{{shown_rationale}}}}}'
        )

    def flag(self, flag: Flag, item_id: str, name: str) -> str:
        """``json.dumps(flag_document(flag, lang), ensure_ascii=False)``, for the item
        whose id and name are ``item_id`` and ``name`` (encoded)."""
        pick = self.rest.get(flag.rule, _UNSET)
        if pick is _UNSET:
            pick = self.rest[flag.rule] = self._rest(flag)
        # the evidence after the id and name is the key (its label mappings are hashed
        # by identity: rules.SharedLabels)
        key = None if pick is None else (flag.rule, pick(flag.evidence))
        try:
            found = self.flags.get(key)
        except TypeError:  # evidence that cannot be a key (a list): no reuse
            found, key = None, None
        if found is None:
            head, members = self._flag_parts(flag)
            if key is None:
                return f"{head}{', '.join(members)}}}}}"
            rest = "".join(f", {member}" for member in members[2:])
            found = self.flags[key] = (f'{head}"id": ', f"{rest}}}}}")
        return f'{found[0]}{item_id}, "name": {name}{found[1]}'

    def _rest(self, flag: Flag) -> Callable[[dict[str, Any]], Any] | None:
        """How to pick a rule's evidence after the id and name (None if the rule's flags
        are not the same text around them); every flag of a rule has the same keys."""
        keys = list(flag.evidence)
        if keys[:2] != ["id", "name"] or {"id", "name"} & set(flag.placeholders(self.lang)):
            return None
        if len(keys) == 2:
            return lambda evidence: ()
        return operator.itemgetter(*keys[2:])

    def _flag_parts(self, flag: Flag) -> tuple[str, list[str]]:
        """A flag's JSON up to its evidence's first member, and the members (``"key": v``)."""
        string = _string
        members = []
        for key, value in flag.evidence.items():
            kind = value.__class__
            if kind is str:
                shown = string(value)
            elif kind is int:
                shown = int.__repr__(value)
            elif kind is float and math.isfinite(value):
                shown = float.__repr__(value)
            elif isinstance(value, dict):
                found = self.encoded.get(id(value))
                shown = found or self.encoded.setdefault(id(value), _encode(value))
            else:
                shown = _encode(value)
            members.append(f"{string(key)}: {shown}")
        head = (
            f'{{"rule": {string(flag.rule)}, "kind": {string(flag.kind)},'
            f' "severity": {string(flag.severity)}, "reason": {string(flag.text(self.lang))},'
            ' "evidence": {'
        )
        return head, members


def _ranking_frame(analysis: Analysis, lang: Language, top: int | None) -> dict[str, Any]:
    """The ranking document with ``items`` still to fill in (in its place in the order)."""
    loaded = analysis.loaded
    framework = loaded.framework
    portfolio = loaded.portfolio
    items = analysis.ranking.items
    shown = analysis.ranking.top(top)
    shares = framework.weight_shares()
    return {
        "schema": RANKING_SCHEMA,
        "schema_version": RANKING_SCHEMA_VERSION,
        "tool_version": __version__,
        "language": lang,
        "portfolio": {
            "path": loaded.portfolio_path,
            "title": portfolio.title,
            "as_of": portfolio.as_of.isoformat(),
        },
        "framework": {
            "id": framework.id,
            "source": loaded.framework_source,
            "title": framework.title.get(lang),
        },
        "method": analysis.ranking.method,
        "tie_tolerance": TIE_TOLERANCE,
        "criteria": [
            {
                "id": c.id,
                "label": c.label.get(lang),
                "scale": c.scale,
                "weight": c.weight,
                "share": shares[c.id],
                "gate": None if c.minimum is None else {"minimum": _minimum(analysis, c.id)},
            }
            for c in framework.criteria
        ],
        "counts": {
            "items": len(items),
            "viable": len(analysis.ranking.viable),
            "not_viable": len(items) - len(analysis.ranking.viable),
            "shown": len(shown),
        },
        "review_as_of": analysis.review.as_of.isoformat(),
        "items": None,
        "missing": [
            {"item": m.item, "criterion": m.criterion, "assessor": m.assessor}
            for m in loaded.missing
        ],
    }


def _minimum(analysis: Analysis, criterion_id: str) -> str:
    framework = analysis.loaded.framework
    level = framework.minimum_level(framework.criterion(criterion_id))
    return level.symbol if level else ""


def to_json(document: dict[str, Any]) -> str:
    """JSON text, indented, with a final newline: UTF-8 kept readable, or, when stdout
    cannot take UTF-8 (``PYTHONIOENCODING=latin-1``), every other character as an
    exact ``\\u`` escape."""
    return json.dumps(document, ensure_ascii=not takes_utf8(sys.stdout), indent=2) + "\n"


def ranking_csv(analysis: Analysis, top: int | None) -> str:
    """One row per item; one column per criterion's contribution in points."""
    framework = analysis.loaded.framework
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    criteria = [c.id for c in framework.criteria]
    writer.writerow(
        [
            "rank",
            "id",
            "name",
            "kind",
            "cluster",
            "status",
            "total",
            "viable",
            "failed_gates",
            "flags",
            *criteria,
        ]
    )
    for entry in analysis.ranking.top(top):
        item = entry.item
        points = {c.criterion: c.points for c in entry.contributions}
        writer.writerow(
            [
                "" if entry.rank is None else entry.rank,
                item.id,
                _cell(item.name),
                item.kind,
                item.cluster or "",
                item.status,
                repr(entry.total),
                "true" if entry.viable else "false",
                " ".join(g.criterion for g in entry.failed_gates),
                " ".join(f.rule for f in analysis.review.flags.get(item.id, ())),
                *(repr(points[c]) for c in criteria),
            ]
        )
    return out.getvalue()


def _cell(value: str) -> str:
    # A leading =, +, - or @ makes spreadsheets evaluate the cell as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def explain_document(analysis: Analysis, entry: RankedItem, lang: Language) -> dict[str, Any]:
    """The ``afweging/explanation`` v1 document: one item with its neighbours' margins."""
    document = {
        "schema": "afweging/explanation",
        "schema_version": 1,
        "tool_version": __version__,
        "language": lang,
        "portfolio": {"path": analysis.loaded.portfolio_path},
        "framework": {"id": analysis.loaded.framework.id},
        "viable_count": len(analysis.ranking.viable),
        "item": item_document(entry, analysis.review.flags.get(entry.item.id, ()), lang),
        "above": None,
        "below": None,
    }
    if entry.viable:
        above, below = analysis.ranking.neighbours(entry.item.id)
        for key, other in (("above", above), ("below", below)):
            if other is not None:
                document[key] = {
                    "id": other.item.id,
                    "rank": other.rank,
                    "total": other.total,
                    "margin": abs(other.total - entry.total),
                }
    return document


def review_document(analysis: Analysis, lang: Language) -> dict[str, Any]:
    """The ``afweging/review`` v1 document: the rules, and every flagged reviewed item."""
    loaded = analysis.loaded
    review = analysis.review
    entries = [e for e in analysis.ranking.items if e.item.id in review.flags]
    reviewed = set(review.reviewed)
    return {
        "schema": "afweging/review",
        "schema_version": 1,
        "tool_version": __version__,
        "language": lang,
        "portfolio": {"path": loaded.portfolio_path, "title": loaded.portfolio.title},
        "framework": {"id": loaded.framework.id, "source": loaded.framework_source},
        "as_of": review.as_of.isoformat(),
        "rules": [
            rule.model_dump(exclude_none=True, exclude={"reason"})
            | {"severity": rule.effective_severity}
            for rule in loaded.framework.rules
        ],
        "counts": {
            "reviewed": len(review.reviewed),
            **{severity: review.count(severity) for severity in SEVERITIES},
        },
        "reviewed": list(review.reviewed),
        "items": [
            {
                "id": e.item.id,
                "name": e.item.name,
                "kind": e.item.kind,
                "status": e.item.status,
                "reviewed": e.item.id in reviewed,
                "rank": e.rank,
                "total": e.total,
                "severity": review.severity_of(e.item.id),
                "flags": [flag_document(f, lang) for f in review.flags[e.item.id]],
            }
            for e in entries
        ],
    }


def review_csv(analysis: Analysis, lang: Language) -> str:
    """One row per flag of a reviewed item: who, which rule, how severe, and why."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "rank", "total", "severity", "rule", "kind", "reason"])
    review = analysis.review
    reviewed = set(review.reviewed)
    for entry in analysis.ranking.items:
        if entry.item.id not in reviewed:
            continue
        for flag in review.flags.get(entry.item.id, ()):
            writer.writerow(
                [
                    entry.item.id,
                    _cell(entry.item.name),
                    "" if entry.rank is None else entry.rank,
                    repr(entry.total),
                    flag.severity,
                    flag.rule,
                    flag.kind,
                    _cell(flag.text(lang)),
                ]
            )
    return out.getvalue()


def score_document(placement: Placement, lang: Language, *, with_portfolio: bool) -> dict[str, Any]:
    """The ``afweging/score`` v1 document: the new item as ``rank`` shows items, and its
    placement (null without a portfolio)."""
    analysis = placement.analysis
    entry = placement.entry
    document: dict[str, Any] = {
        "schema": "afweging/score",
        "schema_version": 1,
        "tool_version": __version__,
        "language": lang,
        "framework": {"id": analysis.loaded.framework.id},
        "item": item_document(entry, analysis.review.flags.get(entry.item.id, ()), lang),
        "placement": None,
    }
    if with_portfolio:

        def brief(other: RankedItem | None) -> dict[str, Any] | None:
            if other is None:
                return None
            return {"id": other.item.id, "rank": other.rank, "total": other.total}

        document["portfolio"] = {"path": analysis.loaded.portfolio_path}
        document["placement"] = {
            "rank": entry.rank,
            "viable_count": len(analysis.ranking.viable),
            "above": brief(placement.above),
            "below": brief(placement.below),
            "pushed_down": [
                {"id": r.item.id, "rank_before": old, "rank_after": r.rank}
                for r, old in placement.pushed_down
            ],
            "top": placement.top,
            "pushed_out_of_top": [r.item.id for r in placement.pushed_out],
        }
    return document
