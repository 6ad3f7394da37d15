"""Selection: the most valuable set of items that fits the budget and the staff.

The model, its types and its solves live in ``selection_model`` (see its docstring for
the programme, the tie rule and the tolerances); what it would take to bring a left-out
item in lives in ``explanation``. This module is the front: ``select``, the greedy
comparison (``value_for_money``), the efficient ``frontier`` and ``left_out``.

Everything here is pure: infeasible demands raise ``SelectionError`` with a message
that names the conflicting items, and the shell decides what to print.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

from collections.abc import Collection, Sequence
from typing import NamedTuple

from afweging.analysis.explanation import left_out
from afweging.analysis.ranking import Ranking
from afweging.analysis.selection_model import (
    EUR_TOLERANCE,
    FTE_TOLERANCE,
    TIE,
    Candidate,
    LeftOut,
    Limits,
    Problem,
    Resource,
    Selection,
    SelectionError,
    check_must,
    fits,
    optimise,
    over_limits,
    selection_of,
    total,
)

__all__ = [
    "EUR_TOLERANCE",
    "FTE_TOLERANCE",
    "TIE",
    "Candidate",
    "Efficiency",
    "FrontierPoint",
    "LeftOut",
    "Limits",
    "Resource",
    "Selection",
    "SelectionError",
    "ValueForMoney",
    "candidates",
    "frontier",
    "left_out",
    "select",
    "value_for_money",
]


class Efficiency(NamedTuple):
    """An item's value for money, and whether the greedy and the optimal set hold it."""

    id: str
    value: float
    eur: float
    fte: float
    per_million_eur: float | None
    per_fte: float | None
    greedy: bool
    optimal: bool


class ValueForMoney(NamedTuple):
    """Viable items by value per euro, the greedy selection in that order, and how it
    differs from the optimum."""

    order: tuple[Efficiency, ...]
    greedy: tuple[str, ...]
    greedy_value: float
    greedy_spend: float
    greedy_staff: float
    optimal_value: float
    only_greedy: tuple[str, ...]
    only_optimal: tuple[str, ...]


class FrontierPoint(NamedTuple):
    """The optimal value at one budget level; value None when the must set does not fit."""

    budget: float
    value: float | None
    spend: float | None
    chosen: tuple[str, ...]


def candidates(ranking: Ranking) -> list[Candidate]:
    """The ranking's items as candidates, in ranking order."""
    return [
        Candidate(
            r.item.id,
            r.item.name,
            r.total,
            r.item.cost.eur,
            r.item.cost.fte,
            r.viable,
            r.item.requires,
            r.item.excludes,
        )
        for r in ranking.items
    ]


def select(
    candidates: Sequence[Candidate],
    limits: Limits,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
) -> Selection:
    """The most valuable set within the limits (see the module docstring for the model).

    Raises ``SelectionError`` naming the items concerned when ``must`` and ``exclude``
    name unknown items or cannot all be honoured."""
    problem = Problem(candidates, must, exclude)
    check_must(problem, limits)
    chosen = optimise(problem, limits, problem.must)
    if chosen is None:  # the checks above leave a feasible set: the must closure itself
        raise RuntimeError("the solver found no selection although the must set fits")
    return selection_of(problem, chosen, limits)


def value_for_money(
    candidates: Sequence[Candidate],
    limits: Limits,
    selection: Selection,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
) -> ValueForMoney:
    """Viable items by value per euro (free items first), the greedy selection that
    takes them in that order while they fit, and where it differs from ``selection``.

    The greedy starts from the must items and their requirements, skips items worth
    nothing, excluded items and items that clash with what it holds, and takes an
    item's requirements along with it."""
    problem = Problem(candidates, must, exclude)
    order = sorted(
        (c for c in problem.items if c.viable),
        key=lambda c: (
            c.eur > 0,
            -(c.value / c.eur if c.eur > 0 else c.value),
            problem.index[c.id],
        ),
    )
    taken = set(problem.chains(problem.must))
    for item in order:
        if item.id in taken or item.value <= 0:
            continue
        group = [i for i in problem.chains([item.id]) if i not in taken]
        indices = [problem.index[i] for i in group]
        together = taken.union(group)
        if (
            all(problem.allowed[i] for i in indices)
            and not any(
                problem.items[r].id in together for i in indices for r in problem.rivals.get(i, ())
            )
            and fits(problem, (problem.index[i] for i in together), limits)
        ):
            taken = together
    greedy = selection_of(problem, [problem.index[i] for i in taken], limits)
    optimal = set(selection.chosen)
    return ValueForMoney(
        tuple(
            Efficiency(
                c.id,
                c.value,
                c.eur,
                c.fte,
                c.value / (c.eur / 1e6) if c.eur > 0 else None,
                c.value / c.fte if c.fte > 0 else None,
                c.id in taken,
                c.id in optimal,
            )
            for c in order
        ),
        greedy.chosen,
        greedy.value,
        greedy.spend,
        greedy.staff,
        selection.value,
        tuple(i for i in greedy.chosen if i not in optimal),
        tuple(i for i in selection.chosen if i not in taken),
    )


def frontier(
    candidates: Sequence[Candidate],
    limits: Limits,
    steps: int = 20,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
) -> list[FrontierPoint]:
    """The optimal value at ``steps + 1`` equally spaced budgets from 0 to 150 % of the
    budget, plus the budget itself, with the staff limit kept.

    Without a budget the levels run from 0 to the cost of all selectable items. Levels
    at which the must items do not fit have value None. The values never decrease:
    where the solver's tie tolerance would let one dip, the set of the level below is
    kept (it still fits)."""
    if steps < 1:
        raise ValueError("steps must be at least 1")
    problem = Problem(candidates, must, exclude)
    chains = check_must(problem, Limits(None, limits.fte))
    if limits.budget is None:
        top = total(c.eur for i, c in enumerate(problem.items) if problem.allowed[i])
    else:
        top = 1.5 * limits.budget
    levels = {top * k / steps for k in range(steps + 1)}
    if limits.budget is not None:
        near = 1e-9 * max(1.0, limits.budget)
        levels = {b for b in levels if abs(b - limits.budget) > near} | {limits.budget}
    points: list[FrontierPoint] = []
    previous: Selection | None = None
    for level in sorted(levels):
        at = Limits(level, limits.fte)
        chosen = None if over_limits(problem, chains, at) else optimise(problem, at, problem.must)
        if chosen is None:
            points.append(FrontierPoint(level, None, None, ()))
            continue
        current = selection_of(problem, chosen, at)
        if previous is not None and current.value < previous.value:
            current = previous
        points.append(FrontierPoint(level, current.value, current.spend, current.chosen))
        previous = current
    return points
