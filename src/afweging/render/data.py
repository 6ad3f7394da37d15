"""Machine output: the versioned JSON document and the CSV table of a ranking.

The JSON contract is documented in the README and in ``docs/ranking.schema.json``;
numbers are unrounded and keys keep a stable order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from afweging.analysis.matrix import GateResult
from afweging.analysis.pipeline import Analysis, Placement
from afweging.analysis.ranking import Contribution, RankedItem
from afweging.analysis.rules import SEVERITIES, Flag
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.i18n import Language
from afweging.render.csv import guard
from afweging.render.json import document_head, json_bytes, json_chunks

RANKING_SCHEMA = "afweging/ranking"
RANKING_SCHEMA_VERSION = 1


_PART_FIELDS = {
    GateResult: ("criterion", "passed", "symbol", "minimum", "failed_by"),
    Contribution: ("criterion", "symbol", "value", "share", "points", "missing"),
}
"""The fields of a gate result and of a contribution in the order the ranking schema
lists them; the level an item was scored (``symbol``) is written as ``score``."""


def _part(part: Contribution | GateResult) -> dict[str, Any]:
    """A gate result or a contribution as JSON-ready data."""
    return {
        "score" if field == "symbol" else field: getattr(part, field)
        for field in _PART_FIELDS[type(part)]
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


def item_document(
    entry: RankedItem,
    flags: tuple[Flag, ...],
    lang: Language,
    parts: Parts | None = None,
) -> dict[str, Any]:
    """One ranked item as JSON-ready data, with its flags (its contributions and gates
    taken from ``parts`` when given: see ``Parts``)."""
    item = entry.item
    made = Parts() if parts is None else parts
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
        "contributions": list(map(made.__getitem__, entry.contributions)),
        "gates": list(map(made.__getitem__, entry.gates)),
        "flags": [flag_document(f, lang) for f in flags],
        "rationale": dict(item.rationale),
    }


class Parts(dict[Contribution | GateResult, dict[str, Any]]):
    """The JSON data of each distinct contribution and gate result, made once.

    Items with the same score on a criterion have equal contributions and gate results
    (a large portfolio has a few distinct ones per criterion), so the documents of a
    ranking share their data instead of making a dict per criterion and per gate of
    every item (15 per item in the scale benchmark's framework); the encoder writes
    a shared dict out in full at every place it appears. Only read, never changed."""

    def __missing__(self, part: Contribution | GateResult) -> dict[str, Any]:
        made = self[part] = _part(part)
        return made


def ranking_document(analysis: Analysis, lang: Language, top: int | None) -> dict[str, Any]:
    """The ``afweging/ranking`` v1 document."""
    document = _ranking_frame(analysis, lang, top)
    flags = analysis.review.flags
    parts = Parts()
    document["items"] = [
        item_document(e, flags.get(e.item.id, ()), lang, parts) for e in analysis.ranking.top(top)
    ]
    return document


def ranking_json(analysis: Analysis, lang: Language, top: int | None) -> str:
    """The ``afweging/ranking`` document as JSON text."""
    return "".join(ranking_json_chunks(analysis, lang, top))


def ranking_json_chunks(analysis: Analysis, lang: Language, top: int | None) -> Iterator[str]:
    """The text of ``ranking_json`` in pieces, each item's made as it is written: a ranking
    of many items is never held whole (its data and its text would both be hundreds of
    megabytes at 100,000 items)."""
    return json_chunks(_ranking_lazily(analysis, lang, top))


def ranking_json_bytes(analysis: Analysis, lang: Language, top: int | None) -> Iterator[bytes]:
    """``ranking_json_chunks`` as UTF-8 bytes (``json.json_bytes``)."""
    return json_bytes(_ranking_lazily(analysis, lang, top))


def _ranking_lazily(analysis: Analysis, lang: Language, top: int | None) -> dict[str, Any]:
    """The ranking document with its items as an iterator: each made as it is encoded."""
    document = _ranking_frame(analysis, lang, top)
    flags = analysis.review.flags
    parts = Parts()
    document["items"] = (
        item_document(e, flags.get(e.item.id, ()), lang, parts) for e in analysis.ranking.top(top)
    )
    return document


def _ranking_frame(analysis: Analysis, lang: Language, top: int | None) -> dict[str, Any]:
    """The ranking document with ``items`` still to fill in (in its place in the order)."""
    loaded = analysis.loaded
    framework = loaded.framework
    portfolio = loaded.portfolio
    items = analysis.ranking.items
    shown = analysis.ranking.top(top)
    shares = framework.weight_shares()
    return {
        **document_head(RANKING_SCHEMA, RANKING_SCHEMA_VERSION, lang),
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
                guard(item.name),
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


def explain_document(analysis: Analysis, entry: RankedItem, lang: Language) -> dict[str, Any]:
    """The ``afweging/explanation`` v1 document: one item with its neighbours' margins."""
    document = {
        **document_head("afweging/explanation", 1, lang),
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
        **document_head("afweging/review", 1, lang),
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
                    guard(entry.item.name),
                    "" if entry.rank is None else entry.rank,
                    repr(entry.total),
                    flag.severity,
                    flag.rule,
                    flag.kind,
                    guard(flag.text(lang)),
                ]
            )
    return out.getvalue()


def score_document(placement: Placement, lang: Language, *, with_portfolio: bool) -> dict[str, Any]:
    """The ``afweging/score`` v1 document: the new item as ``rank`` shows items, and its
    placement (null without a portfolio)."""
    analysis = placement.analysis
    entry = placement.entry
    document: dict[str, Any] = {
        **document_head("afweging/score", 1, lang),
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
