"""Discontinuation rules: one small function per rule kind, each returning flags.

Evaluation is a pure function of the framework's rules, the decision matrix, the
ranking and the ``as_of`` date. A flag keeps its evidence (numbers, dates, ranks) as
data, so its reason can be rendered in either language and written as JSON.

Who is reviewed: the items whose kind a rule applies to (working groups by default).
Proposed items are not yet running, so the history rules (no-recent-result,
mandate-expired) and bottom-share look at active items only; the other rules also tell
what a proposed item would carry.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from afweging.i18n import Language, default_reason, text
from afweging.matrix import Cell, DecisionMatrix
from afweging.models import Framework, Item, Labels, Rule, Severity
from afweging.ranking import TIE_TOLERANCE, RankedItem, Ranking

DEFAULTS = {"threshold": 30.0, "share": 0.25, "years": 2, "levels": 2}
"""Parameter values used when a rule leaves them out."""

SEVERITIES: tuple[Severity, ...] = ("discontinue", "discuss")

Evidence = dict[str, Any]
"""Placeholder values: numbers, ISO dates, text, or ``{"nl": …, "en": …}`` labels."""


class Flag(NamedTuple):
    """A signal that an item should be discontinued or discussed, with the evidence."""

    rule: str
    kind: str
    severity: Severity
    evidence: Evidence
    reason: Labels | None

    def text(self, lang: Language) -> str:
        """The reason in ``lang`` with the evidence filled in."""
        template = self.reason.get(lang) if self.reason else default_reason(self.kind, lang)
        values = {key: _shown(value, lang) for key, value in self.evidence.items()}
        total, threshold = self.evidence.get("total"), self.evidence.get("threshold")
        if isinstance(total, float) and isinstance(threshold, float):
            # never print "total 30.0 is below the threshold of 30.0"
            values["total"], values["threshold"] = _distinct(total, threshold)
        return template.format(**values)


class Review(NamedTuple):
    """The flags of every item, and which items the rules looked at."""

    as_of: dt.date
    reviewed: tuple[str, ...]
    flags: dict[str, tuple[Flag, ...]]

    def severity_of(self, item_id: str) -> Severity | None:
        """The most severe flag an item carries, if any."""
        severities = {f.severity for f in self.flags.get(item_id, ())}
        return next((s for s in SEVERITIES if s in severities), None)

    def count(self, severity: Severity) -> int:
        """How many reviewed items have ``severity`` as their most severe flag."""
        return sum(1 for item_id in self.reviewed if self.severity_of(item_id) == severity)


class _Context(NamedTuple):
    framework: Framework
    entries: dict[str, RankedItem]
    cells: dict[str, dict[str, Cell]]
    as_of: dt.date


def _shown(value: Any, lang: Language) -> str:
    if isinstance(value, dict):
        return str(value[lang])
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    if value is None:
        return text("none", lang)
    return str(value)


def _distinct(a: float, b: float) -> tuple[str, str]:
    """Two numbers with as few decimals (1 to 4) as it takes to show that they differ."""
    for digits in range(1, 5):
        shown = (f"{a:.{digits}f}", f"{b:.{digits}f}")
        if shown[0] != shown[1]:
            break
    return tuple(s.rstrip("0").rstrip(".") if "." in s else s for s in shown)  # type: ignore[return-value]


def _label(framework: Framework, criterion_id: str) -> dict[str, str]:
    label = framework.criterion(criterion_id).label
    return {"nl": label.nl, "en": label.en}


def _common(item: Item) -> Evidence:
    return {
        "id": item.id,
        "name": item.name,
        "kind": {"nl": text(item.kind, "nl"), "en": text(item.kind, "en")},
    }


def _targets(rule: Rule, context: _Context, *, active_only: bool) -> Iterator[RankedItem]:
    for entry in context.entries.values():
        item = entry.item
        if item.kind in rule.applies_to and (item.status == "active" or not active_only):
            yield entry


def _gate_failed(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    for entry in _targets(rule, context, active_only=False):
        for gate in entry.failed_gates:
            if rule.criteria is None or gate.criterion in rule.criteria:
                cell = context.cells[entry.item.id][gate.criterion]
                shortfall = [s for s in cell.by_assessor if s.assessor in gate.failed_by]
                yield (
                    entry.item.id,
                    {
                        "gate": _label(context.framework, gate.criterion),
                        # per assessor: only those below the minimum ("LU beperkt")
                        "score": ", ".join(f"{s.assessor} {s.symbol}" for s in shortfall)
                        or gate.symbol,
                        "minimum": gate.minimum,
                        "assessors": ", ".join(gate.failed_by),
                    },
                )


def _score_below(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    threshold = rule.threshold if rule.threshold is not None else DEFAULTS["threshold"]
    for entry in _targets(rule, context, active_only=False):
        if entry.total < threshold - TIE_TOLERANCE:
            yield entry.item.id, {"total": entry.total, "threshold": float(threshold)}


def _bottom_share(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    """The ⌊share × n⌋ lowest of the n ranked (gate-passing) active items the rule covers;
    a tie that straddles that line is not cut (none of it is flagged), so no item is
    flagged by file order. ``{rank}`` is the place among those n by total."""
    share = rule.share if rule.share is not None else DEFAULTS["share"]
    population = [e for e in _targets(rule, context, active_only=True) if e.viable]
    count = len(population)
    cut = int(share * count + 1e-9)
    if cut == 0:
        return
    for entry in population:
        # its place from the bottom, counting every item it ties with as below it
        from_bottom = sum(1 for other in population if other.total <= entry.total + TIE_TOLERANCE)
        if from_bottom <= cut:
            rank = 1 + sum(1 for o in population if o.total > entry.total + TIE_TOLERANCE)
            yield (
                entry.item.id,
                {
                    "rank": rank,
                    "count": count,
                    "share": round(share * 100, 6),
                    "total": entry.total,
                    "places": f"{count - cut + 1}–{count}" if cut > 1 else str(count),
                },
            )


def _no_recent_result(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    """No result in the calendar years ``as_of.year - years + 1`` … ``as_of.year``."""
    years = rule.years if rule.years is not None else DEFAULTS["years"]
    since = context.as_of.year - int(years) + 1
    for entry in _targets(rule, context, active_only=True):
        item = entry.item
        last = item.last_result
        too_old = last < since if last is not None else (item.established or 0) < since
        if too_old:
            yield (
                item.id,
                {
                    "last_result": last,
                    "years": int(years),
                    "as_of": context.as_of.isoformat(),
                    "since": since,
                },
            )


def _mandate_expired(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    for entry in _targets(rule, context, active_only=True):
        end = entry.item.mandate_end
        if end is not None and end < context.as_of:
            yield (
                entry.item.id,
                {
                    "mandate_end": end.isoformat(),
                    "as_of": context.as_of.isoformat(),
                },
            )


def _criterion_below(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    if rule.criterion is None or rule.level is None:
        return  # the loader refuses such a rule; nothing to evaluate
    criterion = context.framework.criterion(rule.criterion)
    scale = context.framework.scale_of(criterion)
    level = scale.resolve(rule.level)
    if level is None:
        return
    floor = scale.normalise(level)
    for entry in _targets(rule, context, active_only=False):
        cell = context.cells[entry.item.id][criterion.id]
        if cell.value < floor - TIE_TOLERANCE:
            yield (
                entry.item.id,
                {
                    "criterion": _label(context.framework, criterion.id),
                    "score": cell.symbol,
                    "level": level.symbol,
                },
            )


def _assessor_spread(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    levels = rule.levels if rule.levels is not None else DEFAULTS["levels"]
    for entry in _targets(rule, context, active_only=False):
        for criterion_id, cell in context.cells[entry.item.id].items():
            if rule.criteria is not None and criterion_id not in rule.criteria:
                continue
            if cell.by_assessor and cell.spread >= levels:
                yield (
                    entry.item.id,
                    {
                        "criterion": _label(context.framework, criterion_id),
                        "spread": cell.spread,
                        "levels": int(levels),
                        "scores": cell.symbol,
                    },
                )


_KINDS: dict[str, Callable[[Rule, _Context], Iterator[tuple[str, Evidence]]]] = {
    "gate-failed": _gate_failed,
    "score-below": _score_below,
    "bottom-share": _bottom_share,
    "no-recent-result": _no_recent_result,
    "mandate-expired": _mandate_expired,
    "criterion-below": _criterion_below,
    "assessor-spread": _assessor_spread,
}


def review(
    framework: Framework, matrix: DecisionMatrix, ranking: Ranking, as_of: dt.date
) -> Review:
    """Apply every rule of the framework; return each item's flags in rule order."""
    context = _Context(
        framework,
        {entry.item.id: entry for entry in ranking.items},
        {
            item.id: {cell.criterion: cell for cell in row}
            for item, row in zip(matrix.items, matrix.cells, strict=True)
        },
        as_of,
    )
    flags: dict[str, list[Flag]] = {}
    for rule in framework.rules:
        for item_id, evidence in _KINDS[rule.kind](rule, context):
            item = context.entries[item_id].item
            flag = Flag(
                rule.id,
                rule.kind,
                rule.effective_severity,
                {**_common(item), **evidence},
                rule.reason,
            )
            flags.setdefault(item_id, []).append(flag)
    kinds = {kind for rule in framework.rules for kind in rule.applies_to}
    reviewed = tuple(
        entry.item.id
        for entry in ranking.items
        if entry.item.kind in kinds and entry.item.status == "active"
    )
    return Review(as_of, reviewed, {k: tuple(v) for k, v in flags.items()})
