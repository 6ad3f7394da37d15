"""Machine output: the versioned JSON document and the CSV table of a ranking.

The JSON contract is documented in the README and in ``docs/ranking.schema.json``;
numbers are unrounded and keys keep a stable order.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Callable, Iterator
from typing import Any

from afweging import __version__
from afweging.analysis import Analysis, Placement
from afweging.i18n import Language
from afweging.matrix import GateResult
from afweging.ranking import TIE_TOLERANCE, Contribution, RankedItem
from afweging.render import ascii_json, takes_utf8
from afweging.rules import SEVERITIES, Flag

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
    pieces: dict[Any, Any] = {}
    batch = [head + "["]
    for index, entry in enumerate(shown):
        line = item_json(entry, flags.get(entry.item.id, ()), lang, pieces)
        batch.append(("\n    " if index == 0 else ",\n    ") + line)
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n  ]" + tail


def item_json(
    entry: RankedItem, flags: tuple[Flag, ...], lang: Language, pieces: dict[Any, Any]
) -> str:
    """``json.dumps(item_document(entry, flags, lang), ensure_ascii=False)``, faster.

    The ranking shares one contribution (and one gate result) between the items that
    give the same score, so each is encoded once and kept in ``pieces``, by identity:
    the analysis keeps them all alive while it is written. Totals and rationale texts
    repeat across a large portfolio too and are encoded once each (in ``pieces``, under
    keys of their own kind). The item's own fields and its flags are written as ``json``
    writes them (its string encoder, ``float.__repr__``). A test holds the result to the
    plain encoding, byte for byte.
    """
    item = entry.item
    string = _string
    cost = item.cost
    number = _cached_number(pieces)
    item_id, name = string(item.id), string(item.name)
    head = (
        f'{{"id": {item_id}, "name": {name}, "kind": {string(item.kind)},'
        f' "cluster": {"null" if item.cluster is None else string(item.cluster)},'
        f' "status": {string(item.status)},'
        f' "rank": {"null" if entry.rank is None else int.__repr__(entry.rank)},'
        f' "viable": {"true" if entry.rank is not None else "false"},'
        f' "total": {number(entry.total)},'
        f' "score": {"null" if entry.score is None else number(entry.score)},'
        f' "cost": {{"eur": {number(cost.eur)}, "fte": {number(cost.fte)}}}'
    )
    try:
        contributions = ", ".join([pieces[id(c)] for c in entry.contributions])
        gates = ", ".join([pieces[id(g)] for g in entry.gates])
    except KeyError:  # a contribution or gate result not met before: encode it, once
        for c in entry.contributions:
            pieces.setdefault(id(c), _encode(_contribution(c)))
        for g in entry.gates:
            pieces.setdefault(id(g), _encode(_gate(g)))
        contributions = ", ".join([pieces[id(c)] for c in entry.contributions])
        gates = ", ".join([pieces[id(g)] for g in entry.gates])
    shown = ", ".join([flag_json(f, lang, pieces, item_id, name) for f in flags])
    rationale = ""
    if item.rationale:
        texts = _cached_texts(pieces)
        rationale = ", ".join(
            [f"{string(k)}: {texts.get(v) or texts.setdefault(v, string(v))}"
             for k, v in item.rationale.items()]
        )  # fmt: skip
    return (
        f'{head}, "contributions": [{contributions}], "gates": [{gates}],'
        f' "flags": [{shown}], "rationale": {{{rationale}}}}}'
    )


_NUMBERS = object()
_TEXTS = object()
_LIMIT = 100_000
"""At most this many distinct numbers and texts are kept encoded."""


def _cached_number(pieces: dict[Any, Any]) -> Callable[[float], str]:
    """``float.__repr__`` that remembers: totals and costs repeat across the items."""
    found: Callable[[float], str] | None = pieces.get(_NUMBERS)
    if found is not None:
        return found
    known: dict[float, str] = {}

    def number(value: float) -> str:
        shown = known.get(value)
        if shown is None:
            shown = float.__repr__(value)
            if value and len(known) < _LIMIT:  # never 0.0 for -0.0: zero is not kept
                known[value] = shown
        return shown

    pieces[_NUMBERS] = number
    return number


def _cached_texts(pieces: dict[Any, Any]) -> dict[str, str]:
    """Encoded texts by text (rationales repeat across a large portfolio)."""
    texts: dict[str, str] | None = pieces.get(_TEXTS)
    if texts is None or len(texts) > _LIMIT:
        texts = pieces[_TEXTS] = {}
    return texts


def flag_json(
    flag: Flag,
    lang: Language,
    pieces: dict[Any, Any],
    item_id: str | None = None,
    name: str | None = None,
) -> str:
    """``json.dumps(flag_document(flag, lang), ensure_ascii=False)``, faster.

    Most flags of a large portfolio say the same thing of another item ("no tangible
    result since 2011 (last: 2005)"): when the reason does not name the item, the flag
    is the same text around the item's id and name, so that text is made once per rule,
    language and evidence and kept in ``pieces``. The evidence's label mappings (shared
    by every flag of a criterion or an item kind) are encoded once too, and keyed by
    identity: the review keeps them alive while it is written. ``item_id`` and ``name``
    are the item's id and name already encoded, when the caller has them.
    """
    evidence = flag.evidence
    marker = (flag.rule, lang)
    reusable = pieces.get(marker)
    if reusable is None:
        reusable = pieces[marker] = not {"id", "name"} & set(flag.placeholders(lang))
    values = tuple(evidence.values())
    if not reusable or tuple(evidence)[:2] != ("id", "name"):
        head, members = _flag_parts(flag, lang, pieces)
        return f"{head}{', '.join(members)}}}}}"
    key = (marker, *[(id(v),) if v.__class__ is dict else v for v in values[2:]])
    try:
        found = pieces.get(key)
    except TypeError:  # evidence that cannot be a key (a list): no reuse
        head, members = _flag_parts(flag, lang, pieces)
        return f"{head}{', '.join(members)}}}}}"
    if found is None:
        head, members = _flag_parts(flag, lang, pieces)
        rest = "".join(f", {member}" for member in members[2:])
        found = pieces[key] = (f'{head}"id": ', f"{rest}}}}}")
    if item_id is None or name is None:
        item_id, name = _string(values[0]), _string(values[1])
    return f'{found[0]}{item_id}, "name": {name}{found[1]}'


def _flag_parts(flag: Flag, lang: Language, pieces: dict[Any, Any]) -> tuple[str, list[str]]:
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
        elif kind is dict:
            shown = pieces.get(id(value)) or pieces.setdefault(id(value), _encode(value))
        else:
            shown = _encode(value)
        members.append(f"{string(key)}: {shown}")
    head = (
        f'{{"rule": {string(flag.rule)}, "kind": {string(flag.kind)},'
        f' "severity": {string(flag.severity)}, "reason": {string(flag.text(lang))},'
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
