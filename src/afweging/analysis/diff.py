"""Compare two analyses of a portfolio: what was added, removed and changed, and why.

Matching. Items are matched by id, case-insensitively (ids are unique that way). A
renamed id is therefore one item removed and one added; when their names agree
(case-insensitive, whitespace folded) a ``Rename`` pairs them as a hint. Criteria are
matched by id. Flags are matched by rule id and subject (the gate or criterion the
evidence names), so a flag whose evidence only moved (a new total, a new place) is not
reported; a rule firing on another gate is.

Attribution. When the weight shares differ, each item whose total or rank moved gets
its total change split into a part due to the weights and a part due to the scores. With
T(w, v) = 100 Σ_c w_c v_c, the split is the average of the two orders (weights first,
then scores; scores first, then weights), which for a weighted sum is symmetric and
exact::

    weights = ½ [T(w₁, v₀) − T(w₀, v₀) + T(w₁, v₁) − T(w₀, v₁)] = 100 Σ_c (w₁ − w₀)(v₀ + v₁)/2
    scores  = ½ [T(w₀, v₁) − T(w₀, v₀) + T(w₁, v₁) − T(w₁, v₀)] = 100 Σ_c (v₁ − v₀)(w₀ + w₁)/2

A criterion in one framework only has share 0 and value 0 on the other side. A rank move
is split the same way, from two counterfactual ranks: r(w₁, v₀), the old portfolio ranked
with the new weights, and r(w₀, v₁), the new portfolio ranked with the old weights; each
keeps its own gates, so the "scores" part of a rank move also holds the effect of items
added or removed and of gates newly failed or passed.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import datetime as dt
import math
from typing import NamedTuple

from afweging.analysis.matrix import Cell, GateResult
from afweging.analysis.pipeline import Analysis
from afweging.analysis.ranking import rank_matrix
from afweging.analysis.rules import Flag
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.models import Item, Labels

SHARE_TOLERANCE = 1e-12
"""Weight shares and values closer than this are equal (float noise, not a change)."""

FieldValue = str | int | float | None


class Version(NamedTuple):
    """Which portfolio file, framework and method one side of the comparison is."""

    path: str
    title: str
    as_of: dt.date
    framework: str
    framework_source: str
    method: str


class ItemRef(NamedTuple):
    """An item added or removed, with its place in its own version."""

    id: str
    name: str
    kind: str
    rank: int | None
    total: float


class Rename(NamedTuple):
    """A removed and an added item with the same name: perhaps one item with a new id."""

    removed: str
    added: str
    name: str


class FieldChange(NamedTuple):
    """A descriptive field of an item that differs (dates as ISO text)."""

    field: str
    old: FieldValue
    new: FieldValue


class ScoreChange(NamedTuple):
    """A criterion whose score differs; ``None`` where the criterion is not in a version."""

    criterion: str
    label: Labels
    old: str | None
    new: str | None
    old_value: float | None
    new_value: float | None


class GateChange(NamedTuple):
    """A gate newly failed or passed, with the score and who failed it (if per assessor)."""

    criterion: str
    label: Labels
    score: str
    minimum: str
    failed_by: tuple[str, ...]


class Split(NamedTuple):
    """A change split into the part due to the weights and the part due to the scores."""

    weights: float
    scores: float


class Attribution(NamedTuple):
    """How much of an item's total change and rank move the new weights explain."""

    total: Split
    rank: Split | None
    """None when the item is unranked in either version or either counterfactual."""
    rank_new_weights: int | None
    """r(w₁, v₀): its rank in the old portfolio under the new weights."""
    rank_old_weights: int | None
    """r(w₀, v₁): its rank in the new portfolio under the old weights."""


class ItemChange(NamedTuple):
    """An item present in both versions, with everything about it that differs."""

    id: str
    name: str
    fields: tuple[FieldChange, ...]
    scores: tuple[ScoreChange, ...]
    old_total: float
    new_total: float
    old_rank: int | None
    new_rank: int | None
    gates_failed: tuple[GateChange, ...]
    gates_passed: tuple[GateChange, ...]
    """Gates failed before and not now (passed, or no longer a gate)."""
    flags_appeared: tuple[Flag, ...]
    flags_cleared: tuple[Flag, ...]
    """The old flags that no longer fire (their evidence as it was)."""
    attribution: Attribution | None

    @property
    def rank_move(self) -> int | None:
        """Old rank − new rank: positive is up; None when unranked in either version."""
        if self.old_rank is None or self.new_rank is None:
            return None
        return self.old_rank - self.new_rank

    @property
    def total_change(self) -> float:
        """New total − old total, in points."""
        return self.new_total - self.old_total


class WeightChange(NamedTuple):
    """A criterion's weight share in each version (None: not in that framework)."""

    criterion: str
    label: Labels
    old: float | None
    new: float | None


class Summary(NamedTuple):
    """Counts of the differences."""

    added: int
    removed: int
    changed: int
    moved: int
    """Items in both versions whose rank differs (entering or leaving the ranking too)."""
    flags_appeared: int
    flags_cleared: int
    gates_failed: int
    gates_passed: int


class PortfolioDiff(NamedTuple):
    """The differences between two versions of a portfolio."""

    old: Version
    new: Version
    added: tuple[ItemRef, ...]
    removed: tuple[ItemRef, ...]
    renamed: tuple[Rename, ...]
    changed: tuple[ItemChange, ...]
    weights: tuple[WeightChange, ...]
    """Every weighted criterion's share, when any share differs; else empty."""
    summary: Summary

    @property
    def empty(self) -> bool:
        """True when the versions differ in nothing the diff reports."""
        return not (self.added or self.removed or self.changed or self.weights)


def compare(old: Analysis, new: Analysis) -> PortfolioDiff:
    """Everything that differs between ``old`` and ``new``; items in ``new``'s order (removed
    items in ``old``'s). Both must be ranked by the same method."""
    if old.ranking.method != new.ranking.method:
        raise ValueError(
            f"the versions are ranked by different methods ({old.ranking.method},"
            f" {new.ranking.method}); compare them by one method"
        )
    old_entries = {e.item.id.casefold(): e for e in old.ranking.items}
    new_entries = {e.item.id.casefold(): e for e in new.ranking.items}
    added = tuple(
        _ref(e.item, e.rank, e.total) for k, e in new_entries.items() if k not in old_entries
    )
    removed = tuple(
        _ref(e.item, e.rank, e.total) for k, e in old_entries.items() if k not in new_entries
    )
    labels = _labels(old, new)
    old_shares = dict(zip(old.matrix.criteria, old.matrix.shares, strict=True))
    new_shares = dict(zip(new.matrix.criteria, new.matrix.shares, strict=True))
    weights = _weights(old_shares, new_shares, labels)
    counterfactual: tuple[dict[str, int | None], dict[str, int | None]] = ({}, {})
    if weights:
        counterfactual = (_reranked(old, new_shares), _reranked(new, old_shares))
    old_cells, new_cells = _cells(old), _cells(new)
    criteria = [*new.matrix.criteria, *(c for c in old.matrix.criteria if c not in new_shares)]
    changed = []
    for key, entry in new_entries.items():
        before = old_entries.get(key)
        if before is None:
            continue
        scores = _scores(old_cells[key], new_cells[key], criteria, labels)
        failed, passed = _gates(before.gates, entry.gates, labels)
        appeared, cleared = _flags(
            old.review.flags.get(before.item.id, ()), new.review.flags.get(entry.item.id, ())
        )
        fields = _fields(before.item, entry.item)
        moved = abs(entry.total - before.total) > TIE_TOLERANCE or entry.rank != before.rank
        if not (moved or scores or failed or passed or appeared or cleared or fields):
            continue
        attribution = None
        if weights and moved:
            attribution = _attribution(
                (before.total, entry.total),
                (before.rank, entry.rank),
                (old_shares, new_shares),
                (old_cells[key], new_cells[key]),
                (counterfactual[0].get(key), counterfactual[1].get(key)),
            )
        changed.append(
            ItemChange(
                entry.item.id,
                entry.item.name,
                fields,
                scores,
                before.total,
                entry.total,
                before.rank,
                entry.rank,
                failed,
                passed,
                appeared,
                cleared,
                attribution,
            )
        )
    summary = Summary(
        added=len(added),
        removed=len(removed),
        changed=len(changed),
        moved=sum(1 for c in changed if c.old_rank != c.new_rank),
        flags_appeared=sum(len(c.flags_appeared) for c in changed),
        flags_cleared=sum(len(c.flags_cleared) for c in changed),
        gates_failed=sum(len(c.gates_failed) for c in changed),
        gates_passed=sum(len(c.gates_passed) for c in changed),
    )
    return PortfolioDiff(
        _version(old),
        _version(new),
        added,
        removed,
        _renames(removed, added),
        tuple(changed),
        weights,
        summary,
    )


def _version(analysis: Analysis) -> Version:
    loaded = analysis.loaded
    return Version(
        loaded.portfolio_path,
        loaded.portfolio.title,
        loaded.portfolio.as_of,
        loaded.framework.id,
        loaded.framework_source,
        analysis.ranking.method,
    )


def _ref(item: Item, rank: int | None, total: float) -> ItemRef:
    return ItemRef(item.id, item.name, item.kind, rank, total)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _renames(removed: tuple[ItemRef, ...], added: tuple[ItemRef, ...]) -> tuple[Rename, ...]:
    """Pairs of a removed and an added item with the same name, each item used once."""
    free = list(added)
    pairs = []
    for gone in removed:
        match = next((a for a in free if _folded(a.name) == _folded(gone.name)), None)
        if match is not None:
            free.remove(match)
            pairs.append(Rename(gone.id, match.id, match.name))
    return tuple(pairs)


def _labels(old: Analysis, new: Analysis) -> dict[str, Labels]:
    """Each criterion's label, the new framework's where both have it."""
    labels = {c.id: c.label for c in old.loaded.framework.criteria}
    labels.update({c.id: c.label for c in new.loaded.framework.criteria})
    return labels


def _cells(analysis: Analysis) -> dict[str, dict[str, Cell]]:
    matrix = analysis.matrix
    return {
        item.id.casefold(): {cell.criterion: cell for cell in row}
        for item, row in zip(matrix.items, matrix.cells, strict=True)
    }


def _weights(
    old: dict[str, float], new: dict[str, float], labels: dict[str, Labels]
) -> tuple[WeightChange, ...]:
    """Every criterion weighted in either version, when any share differs."""
    criteria = [*new, *(c for c in old if c not in new)]
    if all(abs(old.get(c, 0.0) - new.get(c, 0.0)) <= SHARE_TOLERANCE for c in criteria):
        return ()
    return tuple(
        WeightChange(c, labels[c], old.get(c), new.get(c))
        for c in criteria
        if old.get(c, 0.0) > 0 or new.get(c, 0.0) > 0
    )


def _scores(
    old: dict[str, Cell], new: dict[str, Cell], criteria: list[str], labels: dict[str, Labels]
) -> tuple[ScoreChange, ...]:
    changes = []
    for criterion in criteria:
        before, after = old.get(criterion), new.get(criterion)
        if (
            before is not None
            and after is not None
            and before.symbol == after.symbol
            and abs(before.value - after.value) <= SHARE_TOLERANCE
        ):
            continue
        changes.append(
            ScoreChange(
                criterion,
                labels[criterion],
                before.symbol if before else None,
                after.symbol if after else None,
                before.value if before else None,
                after.value if after else None,
            )
        )
    return tuple(changes)


def _gate_change(gate: GateResult, labels: dict[str, Labels]) -> GateChange:
    return GateChange(
        gate.criterion, labels[gate.criterion], gate.symbol, gate.minimum, gate.failed_by
    )


def _gates(
    old: tuple[GateResult, ...], new: tuple[GateResult, ...], labels: dict[str, Labels]
) -> tuple[tuple[GateChange, ...], tuple[GateChange, ...]]:
    """The gates failed now and not before, and those failed before and not now."""
    failed_before = {g.criterion for g in old if not g.passed}
    failed_now = {g.criterion for g in new if not g.passed}
    now = {g.criterion: g for g in new}
    failed = tuple(
        _gate_change(g, labels) for g in new if not g.passed and g.criterion not in failed_before
    )
    passed = tuple(
        _gate_change(now.get(g.criterion, g)._replace(failed_by=()), labels)
        for g in old
        if not g.passed and g.criterion not in failed_now
    )
    return failed, passed


def _flag_key(flag: Flag) -> tuple[str, str]:
    """The rule and the gate or criterion a flag is about (empty when the rule has none)."""
    subject = flag.evidence.get("gate", flag.evidence.get("criterion", ""))
    return flag.rule, str(subject.get("en", "")) if isinstance(subject, dict) else str(subject)


def _flags(
    old: tuple[Flag, ...], new: tuple[Flag, ...]
) -> tuple[tuple[Flag, ...], tuple[Flag, ...]]:
    """The flags that fire now and not before, and those that fired before and not now."""
    old_keys = {_flag_key(f) for f in old}
    new_keys = {_flag_key(f) for f in new}
    return (
        tuple(f for f in new if _flag_key(f) not in old_keys),
        tuple(f for f in old if _flag_key(f) not in new_keys),
    )


def _fields(old: Item, new: Item) -> tuple[FieldChange, ...]:
    def iso(date: dt.date | None) -> str | None:
        return date.isoformat() if date else None

    pairs: list[tuple[str, FieldValue, FieldValue]] = [
        ("id", old.id, new.id),
        ("name", old.name, new.name),
        ("kind", old.kind, new.kind),
        ("cluster", old.cluster, new.cluster),
        ("status", old.status, new.status),
        ("established", old.established, new.established),
        ("mandate_end", iso(old.mandate_end), iso(new.mandate_end)),
        ("last_result", old.last_result, new.last_result),
        ("cost_eur", old.cost.eur, new.cost.eur),
        ("cost_fte", old.cost.fte, new.cost.fte),
    ]
    return tuple(FieldChange(name, a, b) for name, a, b in pairs if a != b)


def _reranked(analysis: Analysis, shares: dict[str, float]) -> dict[str, int | None]:
    """Each item's rank in ``analysis`` with its criteria weighted by ``shares`` (0 for a
    criterion ``shares`` lacks), by the same method and with the same gates."""
    matrix = analysis.matrix
    weighted = matrix._replace(shares=tuple(shares.get(c, 0.0) for c in matrix.criteria))
    thresholds = None
    if analysis.ranking.method != "weighted-sum":
        from afweging.analysis.methods import thresholds_from_levels

        preferences = [c.preference for c in analysis.loaded.framework.criteria]
        thresholds = thresholds_from_levels(preferences, matrix.scale_sizes)
    ranking = rank_matrix(weighted, analysis.ranking.method, thresholds)
    return {e.item.id.casefold(): e.rank for e in ranking.items}


def split_total(
    shares: tuple[dict[str, float], dict[str, float]],
    values: tuple[dict[str, float], dict[str, float]],
    change: float,
) -> Split:
    """Split a total ``change`` (points) into the part due to the change of ``shares``
    (old, new) and the part due to the change of ``values`` (old, new), the average of both
    orders. The scores part is computed, 100 Σ (v₁ − v₀)(w₀ + w₁)/2, so that it is exactly 0
    when no value changed; the weights part is the rest, so the two always sum to
    ``change``. Missing entries count as 0."""
    (w0, w1), (v0, v1) = shares, values
    criteria = sorted({*w0, *w1})
    scores = 100.0 * math.fsum(
        (v1.get(c, 0.0) - v0.get(c, 0.0)) * (w0.get(c, 0.0) + w1.get(c, 0.0)) / 2 for c in criteria
    )
    return Split(change - scores, scores)


def _attribution(
    totals: tuple[float, float],
    ranks: tuple[int | None, int | None],
    shares: tuple[dict[str, float], dict[str, float]],
    cells: tuple[dict[str, Cell], dict[str, Cell]],
    counterfactual: tuple[int | None, int | None],
) -> Attribution:
    values = (
        {c: cell.value for c, cell in cells[0].items()},
        {c: cell.value for c, cell in cells[1].items()},
    )
    total = split_total(shares, values, totals[1] - totals[0])
    (r00, r11), (r10, r01) = ranks, counterfactual
    rank = None
    if r00 is not None and r11 is not None and r10 is not None and r01 is not None:
        by_weights = ((r00 - r10) + (r01 - r11)) / 2
        rank = Split(by_weights, (r00 - r11) - by_weights)
    return Attribution(total, rank, r10, r01)
