"""Exact bounds on the best value at some limits, cheaper than solving for it.

The explanation engine (``explanation``) asks again and again for V(L), the best value at
limits L, and for whether a set it found is worth within ``TIE`` of it. Often bounds
settle that without a 0/1 solve:

- an upper bound: the LP relaxation (x between 0 and 1), which no set beats; plus a small
  allowance for the LP solver's tolerances (``_SLACK`` per point of value in play);
- the value grid: when every item's value is a whole multiple of one step q (the usual
  case: values are weighted sums of a few levels per criterion), so is every set's value,
  to within float noise E (n times the largest deviation of an item, required to be at
  most ``TIE / 8``); the upper bound then rounds down to the grid: V ≤ q·⌊(U + E)/q⌋ + E;
- a lower bound: the best of the sets found so far that fit the limits (``Known``).

When the upper bound is within ``VALUE_GAP`` of the lower one, the lower one is the best
value as exactly as a value-only solve would give it. Pure; numpy and highspy are only
imported by the LP solve (through ``selection_model``).
"""

# No ``from __future__ import annotations``: see selection_model.

import math
from collections.abc import Collection, Iterable

from afweging.analysis.selection_model import (
    EUR_TOLERANCE,
    FTE_TOLERANCE,
    TIE,
    Limits,
    Problem,
    _prepared,
    total,
)

_SLACK = 1e-6
"""Allowance for the LP solver's tolerances, per point of the values it may add up."""
_SMALLEST_STEP = 1e-3
"""A grid finer than this (in points) is not worth rounding to."""


class Grid:
    """The step q that every selectable value is a whole multiple of, and the noise E."""

    def __init__(self, step: float, noise: float) -> None:
        self.step = step
        self.noise = noise

    def floor(self, bound: float) -> float:
        """The largest value a set can have when no set is worth more than ``bound``."""
        return self.step * math.floor((bound + self.noise) / self.step) + self.noise


def grid(values: Collection[float]) -> Grid | None:
    """The common step of ``values`` (those of the items that can be selected), with the
    noise bound for a set of all of them (see the module docstring); None when they have
    no step coarser than ``_SMALLEST_STEP`` points or the noise exceeds ``TIE / 8``."""
    found = sorted({abs(v) for v in values if v != 0})
    if not found:
        return None
    step = found[0]
    for value in found[1:]:
        step = _common_step(value, step)
        if step < _SMALLEST_STEP:
            return None
    deviation = max(abs(v - step * round(v / step)) for v in found)
    noise = len(values) * deviation + 1e-15 * step
    return Grid(step, noise) if noise <= TIE / 8 else None


def grid_of(problem: Problem) -> Grid | None:
    """The grid of the values of the items that can be selected."""
    return grid([c.value for i, c in enumerate(problem.items) if problem.allowed[i]])


def _common_step(a: float, b: float) -> float:
    """The greatest common step of two positive values, to within float noise."""
    tolerance = 1e-9 * max(a, b)
    while b > tolerance:
        rest = math.fmod(a, b)
        if rest <= tolerance or b - rest <= tolerance:
            return b
        a, b = b, rest
    return 0.0


def value_bound(
    problem: Problem, limits: Limits, forced: Collection[str], steps: Grid | None
) -> float | None:
    """An upper bound of the best value of a set that holds ``forced`` at ``limits`` (the
    LP relaxation, rounded down to the grid); None when no set does (the relaxation is
    infeasible)."""
    if not problem.items:
        return None
    relaxed = _prepared(problem, limits, forced, None, "eur", "value").relax()
    if relaxed is None:
        return None
    x = relaxed[0]
    values = [c.value for c in problem.items]
    in_play = total(abs(v) for i, v in enumerate(values) if problem.allowed[i])
    bound = total(v * float(share) for v, share in zip(values, x, strict=True))
    bound += _SLACK * (1.0 + in_play)
    return bound if steps is None else steps.floor(bound)


class Known:
    """Sets found so far, by their spend, staff and value: lower bounds of the best value."""

    def __init__(self) -> None:
        self.sets: list[tuple[float, float, float]] = []

    def add(self, problem: Problem, chosen: Iterable[int]) -> None:
        """Remember a set (the indices of its items)."""
        items = [problem.items[i] for i in chosen]
        spend = total(c.eur for c in items)
        staff = total(c.fte for c in items)
        self.sets.append((spend, staff, total(c.value for c in items)))

    def best(self, limits: Limits) -> float | None:
        """The value of the best known set within ``limits``; None when none fits."""
        budget = math.inf if limits.budget is None else limits.budget + EUR_TOLERANCE
        fte = math.inf if limits.fte is None else limits.fte + FTE_TOLERANCE
        fitting = [value for spend, staff, value in self.sets if spend <= budget and staff <= fte]
        return max(fitting, default=None)
