"""The explanation engine against exhaustive search, its order, its limits and its failures."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from afweging.analysis import explanation
from afweging.analysis.explanation import default_limit, left_out
from afweging.analysis.milp import SolverError
from afweging.analysis.selection import (
    EUR_TOLERANCE,
    FTE_TOLERANCE,
    TIE,
    Candidate,
    Limits,
    SelectionError,
    select,
)
from afweging.analysis.selection_model import _secondary
from tests.helpers import allowed_subsets, every_subset


class Exhaustive:
    """Every subset of a small instance, with what the sentence facts need."""

    def __init__(self, items: Sequence[Candidate], limits: Limits, must: Collection[str]):
        self.items, self.limits = list(items), limits
        self.x = every_subset(len(items))
        self.ok = allowed_subsets(items, self.x, must)
        self.values = self.x @ np.array([c.value for c in items])
        self.eur = self.x @ np.array([c.eur for c in items])
        self.fte = self.x @ np.array([c.fte for c in items])
        # select's objective: value first, then the tie-break (in units of TIE)
        self.objective = -self.values / TIE + self.x @ np.array(_secondary(items))

    def fits(self, budget: float | None, fte: float | None) -> np.ndarray:
        """The subsets within these limits (None: no limit)."""
        fits = self.ok.copy()
        if budget is not None:
            fits &= self.eur <= budget + EUR_TOLERANCE
        if fte is not None:
            fits &= self.fte <= fte + FTE_TOLERANCE
        return fits

    def best_with(self, k: int) -> tuple[float, np.ndarray] | None:
        """The objective of the best set holding item k at the limits, and which sets reach
        it (within the solver's resolution); None when no set holds it."""
        holds = self.fits(*self.limits) & self.x[:, k]
        if not holds.any():
            return None
        best = self.objective[holds].min()
        return best, holds & (self.objective <= best + 1e-6)

    def least_increase(self, k: int, resource: str) -> float | None:
        """The least increase of one limit at which item k is in a set worth within TIE of
        the best there; None when the limit is absent or no increase does."""
        start = self.limits.budget if resource == "eur" else self.limits.fte
        if start is None:
            return None
        other = (
            self.fits(None, self.limits.fte)
            if resource == "eur"
            else self.fits(self.limits.budget, None)
        )
        used = self.eur if resource == "eur" else self.fte
        tolerance = EUR_TOLERANCE if resource == "eur" else FTE_TOLERANCE

        def prefix_best(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            order = np.argsort(used[mask], kind="stable")
            return used[mask][order], np.maximum.accumulate(self.values[mask][order])

        all_used, all_best = prefix_best(other)
        k_used, k_best = prefix_best(other & self.x[:, k])
        if len(k_used) == 0:
            return None
        levels = np.unique(np.concatenate([[start], k_used[k_used > start]]))
        at_all = np.searchsorted(all_used, levels + tolerance, side="right") - 1
        at_k = np.searchsorted(k_used, levels + tolerance, side="right") - 1
        value_k = np.where(at_k >= 0, k_best[np.maximum(at_k, 0)], -np.inf)
        hit = np.flatnonzero(value_k >= all_best[at_all] - TIE)
        return None if len(hit) == 0 else float(levels[hit[0]] - start)


def _instance(seed: int) -> tuple[list[Candidate], Limits, set[str]]:
    """Random items of up to 14 (some failing a gate, many equal values and costs), links,
    limits (sometimes absent) and a must set."""
    rng = random.Random(seed)  # noqa: S311 -- test data, not a secret
    n = rng.randint(1, 14)
    ids = [f"i{k}" for k in range(n)]
    items = []
    for k in range(n):
        others = ids[:k] + ids[k + 1 :]
        items.append(
            Candidate(
                ids[k],
                ids[k].upper(),
                rng.choice([rng.uniform(0, 100), rng.uniform(0, 100), 0.0, 50.0, 25.0]),
                rng.choice([0, 500_000, 250_000, rng.randrange(0, 2_000_000, 1000)]),
                rng.choice([0.0, 1.0, rng.randrange(0, 40) / 10]),
                rng.random() < 0.85,
                tuple(rng.sample(others, min(len(others), rng.choice([0, 0, 0, 1])))),
                tuple(rng.sample(others, min(len(others), rng.choice([0, 0, 0, 1])))),
            )
        )
    total_eur = sum(c.eur for c in items)
    total_fte = sum(c.fte for c in items)
    budget = None if rng.random() < 0.1 else round(total_eur * rng.uniform(0.1, 0.8), -3)
    fte = None if rng.random() < 0.1 else round(total_fte * rng.uniform(0.1, 0.8), 1)
    must = set(rng.sample(ids, rng.choice([0, 0, 0, 1]) if n > 1 else 0))
    return items, Limits(budget, fte), must


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
# Found by earlier runs: HiGHS kept a previous solve's equally valuable but dearer set as
# the swap (105747772, 2429388101); its presolve rule "Enumeration" declared a feasible
# least-cost solve infeasible, which lost an extra FTE (592685115), or cut off its optimum,
# which made extras too large (2447513817: 3.8 FTE for 1.4; 4061845980: EUR 1,204,000 for
# 704,000); and a warm-started LP relaxation ended in "Unknown" (3553026715). Its rule
# "Probing" left an item that still fitted out of the best set (4120242568) and made
# extras too large (185473830). With the series options (no feasibility jump) the rest of
# presolve cut off least-cost optima too (2023618635, 427835925). A column within HiGHS's
# default integrality tolerance of 0 (6.7e-7) filled a least-cost set's value row with 32.5
# units of TIE it did not have: EUR 59,000 for 983,000 (2458931488). With integrality to
# 1e-10 for every solve, extras came out too large (1584763892, 298063580, 471861265).
@example(105747772)
@example(2429388101)
@example(592685115)
@example(2447513817)
@example(4061845980)
@example(3553026715)
@example(4120242568)
@example(185473830)
@example(2023618635)
@example(427835925)
@example(2458931488)
@example(1584763892)
@example(298063580)
@example(471861265)
def test_explanations_match_exhaustive_search(seed: int) -> None:
    """On random portfolios of up to 14 items every explained item has the exhaustive
    search's extra EUR, extra FTE, value change, and swap (the same one when it is the only
    optimum, else one of the equally good)."""
    items, limits, must = _instance(seed)
    try:
        chosen = select(items, limits, must)
    except SelectionError:
        return
    search = Exhaustive(items, limits, must)
    index = {c.id: k for k, c in enumerate(items)}
    for entry in left_out(items, limits, chosen, must):
        if entry.reason is not None:
            continue
        assert entry.error is None
        k = index[entry.id]
        assert entry.extra_eur == pytest.approx(search.least_increase(k, "eur"), abs=1e-6)
        assert entry.extra_fte == pytest.approx(search.least_increase(k, "fte"), abs=1e-6)
        best = search.best_with(k)
        if best is None:
            assert (entry.drop, entry.value_change) == (None, None)
            continue
        _, optimal = best
        swapped = (set(chosen.chosen) - set(entry.drop or ())) | set(entry.adds) | {entry.id}
        row = search.x[:, [index[i] for i in sorted(swapped)]].all(axis=1)
        row &= search.x.sum(axis=1) == len(swapped)
        assert optimal[row].any(), f"the swap of {entry.id} is not an optimal set"
        value = search.values[row][0]
        assert entry.value_change == pytest.approx(value - chosen.value, abs=1e-6)


def _nearest_case() -> tuple[list[Candidate], Limits]:
    items = [
        Candidate("a", "A", 50, 100, 0, True),
        Candidate("far", "F", 10, 100, 0, True),
        Candidate("near", "N", 49, 100, 0, True),
        Candidate("mid", "M", 30, 100, 0, True),
    ]
    return items, Limits(100, None)


def test_a_limit_explains_the_items_nearest_the_cut() -> None:
    """With a limit the engine explains the items nearest the cut, listed in ranking order."""
    items, limits = _nearest_case()
    chosen = select(items, limits)
    assert [o.id for o in left_out(items, limits, chosen, limit=2)] == ["near", "mid"]
    assert [o.id for o in left_out(items, limits, chosen, items={"far"})] == ["far"]


def test_progress_counts_the_explained_items() -> None:
    """The progress callback hears (done, total) after each explained item."""
    items, limits = _nearest_case()
    chosen = select(items, limits)
    heard: list[tuple[int, int]] = []
    left_out(items, limits, chosen, progress=lambda done, total: heard.append((done, total)))
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_a_solver_failure_becomes_the_items_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the solver fails on one item, that item carries the error and the others are
    still explained."""
    items, limits = _nearest_case()
    chosen = select(items, limits)
    original = explanation._Walker.explain

    def failing(self: explanation._Walker, item_id: str) -> explanation.LeftOut:
        if item_id == "mid":
            raise SolverError("the solver failed: Solve error")
        return original(self, item_id)

    monkeypatch.setattr(explanation._Walker, "explain", failing)
    found = {o.id: o for o in left_out(items, limits, chosen)}
    assert found["mid"].error == "the solver failed: Solve error"
    assert (found["mid"].extra_eur, found["mid"].drop) == (None, None)
    assert found["near"].error is None
    assert found["near"].drop == ("a",)


def test_default_limit_explains_all_up_to_a_thousand_items() -> None:
    """Every left-out item is explained up to 1,000 items; above, the 50 nearest, unless all."""
    assert default_limit(1000) is None
    assert default_limit(1001) == 50
    assert default_limit(5000, explain_all=True) is None


def _portfolio(rng: random.Random, n: int) -> tuple[list[Candidate], Limits]:
    """A policy-sized random portfolio: values anywhere on 0–100 (a tenth on shared levels),
    costs in steps of EUR 500, both limits at 40 % and 5 % of items with a link."""
    ids = [f"p{k}" for k in range(n)]
    items = []
    for k in range(n):
        link = rng.random() < 0.05
        other = (rng.choice(ids[:k] + ids[k + 1 :]),) if link else ()
        requires, excludes = (other, ()) if rng.random() < 0.5 else ((), other)
        items.append(
            Candidate(
                ids[k],
                ids[k],
                100 * rng.randrange(0, 70) / 69 if rng.random() < 0.1 else rng.uniform(0, 100),
                float(rng.randrange(50_000, 900_000, 500)),
                rng.randrange(1, 30) / 10,
                rng.random() < 0.9,
                requires,
                excludes,
            )
        )
    budget = 0.4 * sum(c.eur for c in items)
    fte = round(0.4 * sum(c.fte for c in items), 1)
    return items, Limits(budget, fte)


def test_no_solver_failure_takes_down_a_selection() -> None:
    """On 50 random portfolios of 100–500 items the selection comes back, and on every
    25th the explanation of the item nearest the cut: facts or a stated failure, never an
    exception, and no stated failure either (more and larger portfolios in
    benchmarks/heavy.py)."""
    rng = random.Random(18)  # noqa: S311 -- test data, not a secret
    for round_ in range(50):
        items, limits = _portfolio(rng, rng.randint(100, 500))
        chosen = select(items, limits)
        assert chosen.spend <= (limits.budget or 0) + EUR_TOLERANCE
        if round_ % 25 == 0:
            explained = [e for e in left_out(items, limits, chosen, limit=1) if e.reason is None]
            assert [e.error for e in explained] == [None] * len(explained)
