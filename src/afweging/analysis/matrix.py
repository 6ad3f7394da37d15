"""Framework + portfolio → ``DecisionMatrix``: scale resolution, assessor aggregation, gates.

Plain Python floats throughout; kernels that want numpy convert the matrix themselves.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Callable
from typing import NamedTuple

from afweging.models import Criterion, Framework, Item, Level, Portfolio, Scale, show_raw


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _median(values: list[float]) -> float:
    # statistics.median would do, but importing statistics costs more than this.
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


_AGGREGATE: dict[str, Callable[[list[float]], float]] = {
    "mean": _mean,
    "median": _median,
    "min": min,
}


class AssessorScore(NamedTuple):
    """One assessor's score on one criterion."""

    assessor: str
    symbol: str
    value: float
    missing: bool = False


class Cell(NamedTuple):
    """An item's score on one criterion, resolved onto 0–1."""

    criterion: str
    symbol: str
    value: float
    missing: bool
    by_assessor: tuple[AssessorScore, ...] = ()
    spread: int = 0
    """The largest difference between two assessors, in scale levels."""


class GateResult(NamedTuple):
    """Whether an item reaches a gate's minimum (every assessor, for a mapping)."""

    criterion: str
    passed: bool
    minimum: str
    symbol: str
    failed_by: tuple[str, ...] = ()


class DecisionMatrix(NamedTuple):
    """Items × criteria values in [0, 1], the weight shares, and the gate results."""

    items: tuple[Item, ...]
    criteria: tuple[str, ...]
    shares: tuple[float, ...]
    cells: tuple[tuple[Cell, ...], ...]
    gates: tuple[tuple[GateResult, ...], ...]
    scale_sizes: tuple[int, ...]
    """The number of levels of each criterion's scale (for methods that need steps)."""

    def values(self) -> list[list[float]]:
        """The plain items × criteria matrix of values."""
        return [[cell.value for cell in row] for row in self.cells]

    def viable(self) -> list[bool]:
        """Per item: does it pass every gate?"""
        return [all(g.passed for g in gates) for gates in self.gates]


def build_matrix(
    framework: Framework, portfolio: Portfolio, shares: dict[str, float] | None = None
) -> DecisionMatrix:
    """Resolve every score of a validated portfolio; missing scores become the worst level.

    ``shares`` overrides the framework's weight shares (used by robustness analysis).
    A cell depends only on the criterion and the score as written, so each distinct
    score is resolved once and its ``Cell`` (and ``GateResult``) shared by every item
    that gives it: a large portfolio has few distinct scores per criterion. (Row by
    row: a large portfolio is slower to walk once per criterion than once.)
    """
    weight_shares = shares if shares is not None else framework.weight_shares()
    columns = [
        (
            criterion.id,
            _Resolved(
                framework,
                criterion,
                framework.minimum_level(criterion) if criterion.is_gate else None,
                portfolio.assessors,
            ),
        )
        for criterion in framework.criteria
    ]
    cells: list[tuple[Cell, ...]] = []
    gates: list[tuple[GateResult, ...]] = []
    for item in portfolio.items:
        scores = item.scores
        row: list[Cell] = []
        passed: list[GateResult] = []
        for criterion_id, resolved in columns:
            raw = scores.get(criterion_id)
            cell, gate = resolved[tuple(raw.items()) if raw.__class__ is dict else raw]
            row.append(cell)
            if gate is not None:
                passed.append(gate)
        cells.append(tuple(row))
        gates.append(tuple(passed))
    return DecisionMatrix(
        items=portfolio.items,
        criteria=tuple(c.id for c in framework.criteria),
        shares=tuple(weight_shares[c.id] for c in framework.criteria),
        cells=tuple(cells),
        gates=tuple(gates),
        scale_sizes=tuple(len(framework.scale_of(c).levels) for c in framework.criteria),
    )


class _Resolved(dict[object, tuple[Cell, GateResult | None]]):
    """One criterion's cell (and gate result) for each distinct score, made when first
    asked for; a mapping of assessors' scores is asked for as a tuple of its items."""

    def __init__(
        self,
        framework: Framework,
        criterion: Criterion,
        minimum: Level | None,
        assessors: tuple[str, ...],
    ) -> None:
        super().__init__()
        self.framework = framework
        self.criterion = criterion
        self.minimum = minimum
        self.assessors = assessors

    def __missing__(self, key: object) -> tuple[Cell, GateResult | None]:
        raw = dict(key) if isinstance(key, tuple) else key
        cell = _cell(self.framework, self.criterion, raw, self.assessors)  # type: ignore[arg-type]
        gate = None
        if self.minimum is not None:
            gate = _gate(self.framework, self.criterion, self.minimum, cell)
        self[key] = (cell, gate)
        return cell, gate


def _level(scale: Scale, raw: str | float | None) -> tuple[Level, bool]:
    if raw is None:
        return scale.worst, True
    level = scale.resolve(raw)
    if level is None:  # the loader refuses these; keep the matrix total anyway
        raise ValueError(f"'{show_raw(raw)}' is not a level of the scale")
    return level, False


def _cell(
    framework: Framework,
    criterion: Criterion,
    raw: str | float | dict[str, str | float] | None,
    assessors: tuple[str, ...],
) -> Cell:
    scale = framework.scale_of(criterion)
    if not isinstance(raw, dict):
        if criterion.per_assessor and raw is None:
            raw = {}
        else:
            level, missing = _level(scale, raw)
            return Cell(criterion.id, level.symbol, scale.normalise(level), missing)
    names = list(raw) if not criterion.per_assessor else list(assessors)
    scores: list[AssessorScore] = []
    steps: list[int] = []
    for name in names:
        level, missing = _level(scale, raw.get(name))
        scores.append(AssessorScore(name, level.symbol, scale.normalise(level), missing))
        if not missing:  # a missing score, counted as the worst level, is no disagreement
            steps.append(scale.levels.index(level))
    value = _AGGREGATE[criterion.aggregate]([s.value for s in scores])
    symbol = ", ".join(f"{s.assessor} {s.symbol}" for s in scores)
    return Cell(
        criterion.id,
        symbol,
        value,
        any(s.missing for s in scores),
        tuple(scores),
        max(steps) - min(steps) if steps else 0,
    )


def _gate(framework: Framework, criterion: Criterion, minimum: Level, cell: Cell) -> GateResult:
    scale = framework.scale_of(criterion)
    floor = scale.normalise(minimum)
    if cell.by_assessor:
        failed = tuple(s.assessor for s in cell.by_assessor if s.value < floor)
        return GateResult(criterion.id, not failed, minimum.symbol, cell.symbol, failed)
    return GateResult(criterion.id, cell.value >= floor, minimum.symbol, cell.symbol)
