"""The bounds that spare the explanations solves: the value grid, the LP bound, known sets."""

from __future__ import annotations

import random

import pytest

from afweging.analysis.bounds import Known, grid, grid_of, value_bound
from afweging.analysis.selection_model import TIE, Candidate, Limits, Problem, optimise, total


def test_the_grid_is_the_common_step_of_the_values() -> None:
    """Values that are whole multiples of one step have that step as their grid; values
    without a coarse common step have none."""
    found = grid([100 * k / 69 for k in (3, 12, 40, 69)] * 5)
    assert found is not None
    assert found.step == pytest.approx(100 / 69)
    assert found.noise <= TIE / 8
    assert grid([0.5, 1.0, 1.5, 0.0]) is not None
    assert grid([1.234567, 2.7182818]) is None
    assert grid([0.0]) is None


def test_the_grid_rounds_a_bound_down_to_a_reachable_value() -> None:
    """A bound between two grid values rounds down to the lower one (plus the noise)."""
    found = grid([0.5, 1.5])
    assert found is not None
    assert found.floor(2.49) == pytest.approx(2.0)
    assert found.floor(2.5) == pytest.approx(2.5)


def _items(rng: random.Random, n: int) -> list[Candidate]:
    """Random items on a grid of 100/69 with a few links."""
    ids = [f"i{k}" for k in range(n)]
    return [
        Candidate(
            ids[k],
            ids[k],
            100 * rng.randrange(0, 70) / 69,
            float(rng.randrange(0, 500_000, 1000)),
            rng.randrange(0, 30) / 10,
            rng.random() < 0.9,
            (rng.choice(ids),) if rng.random() < 0.1 else (),
            (rng.choice(ids),) if rng.random() < 0.1 else (),
        )
        for k in range(n)
    ]


def test_the_lp_bound_is_never_below_the_best_value() -> None:
    """On random portfolios the LP bound on the grid is at least the best value (the 0/1
    solve), with and without a forced item, and solving after bounding still finds it."""
    rng = random.Random(7)  # noqa: S311 -- test data, not a secret
    for _ in range(30):
        items = _items(rng, rng.randint(5, 40))
        problem = Problem(items, (), ())
        steps = grid_of(problem)
        limits = Limits(
            rng.uniform(0.1, 0.6) * sum(c.eur for c in items),
            rng.uniform(0.1, 0.6) * sum(c.fte for c in items),
        )
        for forced in (frozenset(), frozenset({items[0].id})):
            bound = value_bound(problem, limits, forced, steps)
            fresh = Problem(items, (), ())
            chosen = optimise(fresh, limits, forced, value_only=True)
            if chosen is None:
                continue
            assert bound is not None
            best = total(items[i].value for i in chosen)
            assert bound >= best - TIE / 4
            again = optimise(problem, limits, forced, value_only=True)
            assert again is not None
            assert total(items[i].value for i in again) == pytest.approx(best, abs=TIE)


def test_known_sets_bound_the_best_value_from_below() -> None:
    """The best known set is the most valuable one that fits the limits, or None."""
    items = [
        Candidate("a", "A", 10, 100, 1, True),
        Candidate("b", "B", 20, 300, 1, True),
        Candidate("c", "C", 30, 500, 2, True),
    ]
    problem = Problem(items, (), ())
    known = Known()
    known.add(problem, [0])
    known.add(problem, [0, 1])
    known.add(problem, [2])
    assert known.best(Limits(400, None)) == 30
    assert known.best(Limits(500, 1)) == 10
    assert known.best(Limits(50, None)) is None
    assert known.best(Limits(None, None)) == 30
