"""Selection under the budget and staff limits: the solver against exhaustive search,
the infeasibility messages, what it takes to bring a left-out item in, the greedy
comparison and the efficient frontier."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Collection, Sequence

import numpy as np
import pytest

from afweging.analysis.matrix import GateResult
from afweging.analysis.ranking import RankedItem, Ranking
from afweging.analysis.selection import (
    EUR_TOLERANCE,
    FTE_TOLERANCE,
    TIE,
    Candidate,
    Limits,
    Selection,
    SelectionError,
    candidates,
    frontier,
    left_out,
    select,
    value_for_money,
)
from afweging.errors import EXIT_INPUT
from afweging.models import Cost, Item
from tests.helpers import allowed_subsets, every_subset

NO_LIMITS = Limits(None, None)


def item(
    item_id: str,
    value: float,
    eur: float = 0.0,
    fte: float = 0.0,
    *,
    viable: bool = True,
    requires: Sequence[str] = (),
    excludes: Sequence[str] = (),
) -> Candidate:
    """A candidate built directly, named after its id."""
    return Candidate(
        item_id, item_id.upper(), value, eur, fte, viable, tuple(requires), tuple(excludes)
    )


# --- exhaustive search -------------------------------------------------------------------


def brute_force(
    items: Sequence[Candidate],
    limits: Limits,
    must: Collection[str] = (),
    exclude: Collection[str] = (),
) -> float | None:
    """The best value over all subsets that meet every constraint; None when none does."""
    x = every_subset(len(items))
    ok = allowed_subsets(items, x, must, exclude, limits)
    if not ok.any():
        return None
    return float((x @ np.array([c.value for c in items]))[ok].max())


def violations(
    items: Sequence[Candidate],
    limits: Limits,
    chosen: Collection[str],
    must: Collection[str] = (),
    exclude: Collection[str] = (),
) -> list[str]:
    """Every constraint the chosen set breaks, in words."""
    by_id = {c.id: c for c in items}
    found = [f"{i} fails a gate" for i in chosen if not by_id[i].viable]
    found += [f"{i} is excluded" for i in chosen if i in exclude]
    found += [f"{i} must be in" for i in must if i not in chosen]
    for i in chosen:
        found += [f"{i} requires {r}" for r in by_id[i].requires if r not in chosen]
        found += [f"{i} excludes {e}" for e in by_id[i].excludes if e in chosen]
    spend = sum(by_id[i].eur for i in chosen)
    staff = sum(by_id[i].fte for i in chosen)
    if limits.budget is not None and spend > limits.budget + EUR_TOLERANCE:
        found.append(f"spend {spend} over {limits.budget}")
    if limits.fte is not None and staff > limits.fte + FTE_TOLERANCE:
        found.append(f"staff {staff} over {limits.fte}")
    return found


def _rng(seed: int) -> random.Random:
    """A seeded generator: the instances are reproducible by seed."""
    return random.Random(seed)  # noqa: S311 -- test data, not a secret


def random_instance(
    rng: random.Random, max_items: int
) -> tuple[list[Candidate], Limits, set[str], set[str]]:
    """Random items (some failing a gate, some with equal values or costs), links, limits
    (sometimes absent) and must/exclude sets."""
    n = rng.randint(1, max_items)
    ids = [f"i{k}" for k in range(n)]
    items = []
    for k in range(n):
        others = ids[:k] + ids[k + 1 :]
        value = rng.choice([rng.uniform(0, 100), rng.uniform(0, 100), 0.0, 50.0])
        items.append(
            item(
                ids[k],
                value,
                rng.choice([0, 500_000, rng.randrange(0, 2_000_000, 1000)]),
                rng.choice([0.0, 1.0, rng.randrange(0, 40) / 10]),
                viable=rng.random() < 0.85,
                requires=rng.sample(others, min(len(others), rng.choice([0, 0, 0, 1, 2]))),
                excludes=rng.sample(others, min(len(others), rng.choice([0, 0, 0, 1]))),
            )
        )
    total_eur = sum(c.eur for c in items)
    total_fte = sum(c.fte for c in items)
    budget = None if rng.random() < 0.15 else round(total_eur * rng.uniform(0, 0.8), -3)
    fte = None if rng.random() < 0.15 else round(total_fte * rng.uniform(0, 0.8), 1)
    must = set(rng.sample(ids, rng.choice([0, 0, 0, 1, 1, 2]) if n > 1 else 0))
    exclude = set(rng.sample(ids, rng.choice([0, 0, 1]) if n > 1 else 0))
    return items, Limits(budget, fte), must, exclude


@pytest.mark.parametrize("batch", range(10))
def test_select_matches_exhaustive_search(batch: int) -> None:
    """On random instances of 1–16 items the solver finds the exhaustive optimum with a
    set that meets every constraint (as does the greedy set, worth no more), the same set
    on a second run, and raises exactly when no set is feasible."""
    for seed in range(batch * 30, batch * 30 + 30):
        items, limits, must, exclude = random_instance(_rng(seed), 16)
        best = brute_force(items, limits, must, exclude)
        if best is None:
            with pytest.raises(SelectionError):
                select(items, limits, must, exclude)
            continue
        chosen = select(items, limits, must, exclude)
        assert chosen.value == pytest.approx(best, abs=1e-6), f"seed {seed}"
        assert violations(items, limits, chosen.chosen, must, exclude) == [], f"seed {seed}"
        assert select(items, limits, must, exclude) == chosen, f"seed {seed}"
        greedy = value_for_money(items, limits, chosen, must, exclude)
        assert violations(items, limits, greedy.greedy, must, exclude) == [], f"seed {seed}"
        assert greedy.greedy_value <= chosen.value + 1e-6, f"seed {seed}"


# --- the model -----------------------------------------------------------------------------


def test_cheaper_pair_beats_one_costly_item() -> None:
    """Two cheaper items worth more together are chosen over one costly item."""
    items = [item("big", 60, 1000), item("b", 40, 500), item("c", 35, 500)]
    chosen = select(items, Limits(1000, None))
    assert chosen == Selection(("b", "c"), 75, 1000, 0, 1000, None, 0, None)


def test_staff_limit_binds_as_well_as_budget() -> None:
    """The staff limit is a constraint of its own: money left over cannot buy staff."""
    items = [item("a", 50, 100, 3), item("b", 40, 100, 1), item("c", 30, 100, 1)]
    chosen = select(items, Limits(1000, 2))
    assert chosen.chosen == ("b", "c")
    assert chosen.slack_eur == 800
    assert chosen.slack_fte == 0


def test_no_limits_takes_every_item_worth_something() -> None:
    """Without limits every viable item with a value is chosen, and the slack is None."""
    items = [item("a", 10, 100), item("b", 0, 100), item("c", 5, viable=False)]
    chosen = select(items, NO_LIMITS)
    assert chosen.chosen == ("a",)
    assert (chosen.slack_eur, chosen.slack_fte) == (None, None)


def test_requires_is_honoured() -> None:
    """An item whose requirement does not fit alongside it is left out."""
    items = [item("a", 50, 500, requires=["b"]), item("b", 5, 600), item("c", 40, 500)]
    assert select(items, Limits(1000, None)).chosen == ("c",)
    assert select(items, Limits(1100, None)).chosen == ("a", "b")


def test_requirement_cycle_means_both_or_neither() -> None:
    """Two items that require each other are selected together or not at all."""
    items = [
        item("a", 50, 500, requires=["b"]),
        item("b", 10, 500, requires=["a"]),
        item("c", 45, 500),
    ]
    assert select(items, Limits(1000, None)).chosen == ("a", "b")
    assert select(items, Limits(900, None)).chosen == ("c",)


def test_excludes_is_honoured_from_either_side() -> None:
    """Alternatives are never selected together, whichever of them names the other."""
    items = [item("a", 50, 100, excludes=["b"]), item("b", 45, 100), item("c", 10, 100)]
    assert select(items, NO_LIMITS).chosen == ("a", "c")
    flipped = [item("a", 50, 100), item("b", 45, 100, excludes=["a"]), item("c", 10, 100)]
    assert select(flipped, NO_LIMITS).chosen == ("a", "c")


def test_must_and_exclude_override_the_optimum() -> None:
    """``must`` forces an item in (with its requirements) and ``exclude`` keeps one out."""
    items = [item("a", 50, 500), item("b", 40, 500), item("c", 10, 500, requires=["b"])]
    assert select(items, Limits(1000, None)).chosen == ("a", "b")
    assert select(items, Limits(1000, None), must={"c"}).chosen == ("b", "c")
    assert select(items, Limits(1000, None), exclude={"a"}).chosen == ("b", "c")


def test_must_ids_match_case_insensitively() -> None:
    """An id given in another case is taken as the item's id."""
    items = [item("Ambulance", 10, 100), item("b", 50, 100)]
    assert select(items, Limits(100, None), must={"ambulance"}).chosen == ("Ambulance",)


# --- ties and determinism ------------------------------------------------------------------


def test_equal_values_prefer_the_cheaper_set() -> None:
    """Among sets of equal value the cheaper one is chosen."""
    items = [item("a", 50, 500), item("b", 50, 400)]
    assert select(items, Limits(500, None)).chosen == ("b",)


def test_float_noise_counts_as_a_tie() -> None:
    """Totals that differ only by float noise tie, and the cheaper set wins the tie."""
    items = [
        item("x", 38.333333333333336, 900),
        item("y", 1.6666666666666667, 400),
        item("z", 36.666666666666664, 400),
    ]
    assert items[1].value + items[2].value < items[0].value
    assert select(items, Limits(900, None)).chosen == ("y", "z")


def test_equal_items_prefer_the_earlier_in_the_ranking() -> None:
    """Identical items are settled by ranking order, the same on every run."""
    items = [item(f"i{k}", 50, 500, 1) for k in range(6)]
    runs = {select(items, Limits(1500, None)).chosen for _ in range(5)}
    assert runs == {("i0", "i1", "i2")}


def test_tie_break_never_trades_value_for_savings() -> None:
    """A set worth a few millionths of a point more wins over a much cheaper one."""
    items = [item("dear", 50.000002, 1_000_000), item("cheap", 50.0, 1)]
    assert select(items, Limits(1_000_000, None)).chosen == ("dear",)


# --- infeasible demands --------------------------------------------------------------------


def _problems(
    items: Sequence[Candidate],
    limits: Limits = NO_LIMITS,
    must: Collection[str] = (),
    exclude: Collection[str] = (),
) -> list[str]:
    with pytest.raises(SelectionError) as caught:
        select(items, limits, must, exclude)
    assert caught.value.exit_code == EXIT_INPUT
    return caught.value.lines()


def test_must_over_budget_names_the_items_and_their_costs() -> None:
    """A must set that costs more than the budget is refused with each item's cost."""
    items = [
        item("a", 10, 2_000_000),
        item("b", 10, 1_200_000, requires=["c"]),
        item("c", 10, 1_000_000),
        item("d", 10, 0),
    ]
    assert _problems(items, Limits(3_900_000, None), must={"a", "b", "d"}) == [
        (
            "the items you must select cost EUR 4,200,000, more than the budget of"
            " EUR 3,900,000: a (EUR 2,000,000), b (EUR 1,200,000),"
            " c (EUR 1,000,000, required by b)"
        )
    ]


def test_must_over_staff_limit_names_the_items_and_their_staff() -> None:
    """A must set that needs more staff than the limit is refused with each item's FTE."""
    items = [item("a", 10, fte=8), item("b", 10, fte=6.5)]
    assert _problems(items, Limits(None, 12), must={"a", "b"}) == [
        (
            "the items you must select need 14.5 FTE, more than the staff limit of 12 FTE:"
            " a (8 FTE), b (6.5 FTE)"
        )
    ]


def test_must_item_failing_a_gate_is_refused() -> None:
    """An item that fails a gate cannot be forced in."""
    assert _problems([item("x", 10, viable=False)], must={"x"}) == [
        "'x' must be selected but fails a gate"
    ]


def test_must_item_also_excluded_is_refused() -> None:
    """An item cannot be both forced in and excluded."""
    assert _problems([item("x", 10)], must={"x"}, exclude={"x"}) == [
        "'x' must be selected but is excluded (--exclude)"
    ]


def test_must_items_that_exclude_each_other_are_refused() -> None:
    """Two alternatives cannot both be forced in."""
    items = [item("a", 10, excludes=["b"]), item("b", 10)]
    assert _problems(items, must={"a", "b"}) == [
        "'a' and 'b' must both be selected but exclude each other"
    ]


def test_requirement_chain_to_a_gate_failure_is_followed() -> None:
    """Forcing an item forces what it requires, down the chain, to the item that fails."""
    items = [
        item("a", 10, requires=["b"]),
        item("b", 10, requires=["c"]),
        item("c", 10, viable=False),
    ]
    assert _problems(items, must={"a"}) == [
        "'a' must be selected and requires 'b', which requires 'c', which fails a gate"
    ]


def test_requirement_of_a_must_item_that_is_excluded_is_refused() -> None:
    """Excluding an item that a forced item requires is a conflict."""
    items = [item("a", 10, requires=["c"]), item("c", 10)]
    assert _problems(items, must={"a"}, exclude={"c"}) == [
        "'a' must be selected and requires 'c', which is excluded (--exclude)"
    ]


def test_exclusion_reached_through_a_requirement_is_explained() -> None:
    """A forced item's requirement that excludes another forced item is named with why."""
    items = [
        item("a", 10, excludes=["c"]),
        item("b", 10, requires=["c"]),
        item("c", 10),
    ]
    assert _problems(items, must={"a", "b"}) == [
        "'a' and 'c' must both be selected but exclude each other ('c' because 'b' requires it)"
    ]


def test_every_problem_is_reported_at_once() -> None:
    """All structural conflicts come back together, one line each."""
    items = [item("a", 10, viable=False), item("b", 10)]
    assert _problems(items, must={"a", "b"}, exclude={"b"}) == [
        "'a' must be selected but fails a gate",
        "'b' must be selected but is excluded (--exclude)",
    ]


def test_unknown_ids_get_a_did_you_mean() -> None:
    """Unknown ids in must and exclude are named with the closest real id."""
    items = [item("ambulance", 10), item("energieforum", 10)]
    assert _problems(items, must={"ambulanse"}, exclude={"zzz"}) == [
        "unknown item 'ambulanse' in --must — did you mean 'ambulance'?",
        "unknown item 'zzz' in --exclude — expected one of: ambulance, energieforum",
    ]


def test_requirement_cycle_with_a_must_is_not_a_conflict() -> None:
    """Requirement cycles are fine: forcing one item brings in the whole cycle."""
    items = [item("a", 10, 1, requires=["b"]), item("b", 10, 1, requires=["a"])]
    assert select(items, Limits(2, None), must={"a"}).chosen == ("a", "b")


# --- left out ------------------------------------------------------------------------------


def test_left_out_gives_the_exact_extra_budget_and_what_to_drop() -> None:
    """A left-out item gets the least extra budget that makes it optimal, and the items it
    would replace at the current budget."""
    items = [item("a", 60, 700), item("b", 30, 300), item("c", 25, 400)]
    limits = Limits(1000, None)
    chosen = select(items, limits)
    assert chosen.chosen == ("a", "b")
    [explained] = left_out(items, limits, chosen)
    assert explained.id == "c"
    assert explained.extra_eur == 400
    assert explained.extra_fte is None
    assert explained.drop == ("a",)
    assert explained.adds == ()
    assert explained.value_change == pytest.approx(-35)
    assert "c" in select(items, Limits(1400, None)).chosen
    assert "c" not in select(items, Limits(1399, None)).chosen


def test_left_out_when_only_staff_binds() -> None:
    """When staff binds, no budget brings the item in, but a staff increase does."""
    items = [item("a", 50, 100, 2), item("b", 30, 100, 1)]
    limits = Limits(1000, 2)
    chosen = select(items, limits)
    [explained] = left_out(items, limits, chosen)
    assert explained.id == "b"
    assert explained.extra_eur is None
    assert explained.extra_fte == 1
    assert explained.drop == ("a",)


def test_left_out_brings_requirements_along() -> None:
    """Forcing an item in also brings in what it requires, listed as ``adds``."""
    items = [item("a", 60, 500), item("b", 20, 300, requires=["c"]), item("c", 1, 300)]
    limits = Limits(600, None)
    chosen = select(items, limits)
    explained = {o.id: o for o in left_out(items, limits, chosen)}
    assert explained["b"].drop == ("a",)
    assert explained["b"].adds == ("c",)
    assert explained["b"].extra_eur == 500


def test_left_out_reasons_for_gates_exclusions_and_blocks() -> None:
    """Gate failures, exclusions and items that can never come in get a reason instead."""
    items = [
        item("a", 50, 100),
        item("g", 90, 100, viable=False),
        item("x", 40, 100),
        item("r", 30, 100, requires=["g"]),
        item("e", 30, 100, excludes=["a"]),
    ]
    limits = Limits(1000, None)
    chosen = select(items, limits, must={"a"}, exclude={"x"})
    found = {o.id: o for o in left_out(items, limits, chosen, must={"a"}, exclude={"x"})}
    assert (found["g"].reason, found["x"].reason) == ("gate", "excluded")
    assert (found["r"].reason, found["r"].blockers) == ("blocked", ("g",))
    assert (found["e"].reason, found["e"].blockers) == ("blocked", ("a",))


def test_left_out_limit_caps_the_items_explained() -> None:
    """``limit`` bounds the number of re-solved items; gate failures are still listed."""
    items = [item("a", 50, 100), item("b", 40, 100), item("c", 30, 100), item("g", 9, viable=False)]
    limits = Limits(100, None)
    chosen = select(items, limits)
    assert [o.id for o in left_out(items, limits, chosen, limit=1)] == ["b", "g"]
    assert [o.id for o in left_out(items, limits, chosen, limit=0)] == ["g"]


def _smallest_extra(
    items: Sequence[Candidate],
    limits: Limits,
    must: Collection[str],
    item_id: str,
    resource: str,
) -> float | None:
    """By exhaustive search: the least increase of one limit (the other kept) at which
    the item is in an optimal set; None when there is no such increase."""
    start = limits.budget if resource == "eur" else limits.fte
    if start is None:
        return None
    relaxed = limits._replace(budget=None) if resource == "eur" else limits._replace(fte=None)
    tolerance = EUR_TOLERANCE if resource == "eur" else FTE_TOLERANCE
    x = every_subset(len(items))
    ok = allowed_subsets(items, x, must, (), relaxed)
    values = x @ np.array([c.value for c in items])
    used = x @ np.array([getattr(c, resource) for c in items])
    k = [c.id for c in items].index(item_id)
    for level in sorted({start, *(u for u in used[ok & x[:, k]] if u > start)}):
        fits = ok & (used <= level + tolerance)
        if (fits & x[:, k]).any() and values[fits & x[:, k]].max() >= values[fits].max() - TIE:
            return float(level - start)
    return None


@pytest.mark.parametrize("batch", range(3))
def test_left_out_extras_match_exhaustive_search(batch: int) -> None:
    """On random instances the extra budget and the extra staff are the least increases
    at which the item is in an optimal set."""
    for seed in range(1000 + batch * 12, 1000 + batch * 12 + 12):
        items, limits, must, _ = random_instance(_rng(seed), 7)
        try:
            chosen = select(items, limits, must)
        except SelectionError:
            continue
        for explained in left_out(items, limits, chosen, must):
            if explained.reason is None:
                for resource, extra in (("eur", explained.extra_eur), ("fte", explained.extra_fte)):
                    expected = _smallest_extra(items, limits, must, explained.id, resource)
                    assert extra == pytest.approx(expected), f"seed {seed} {resource}"


# --- value for money -----------------------------------------------------------------------


def test_greedy_by_value_per_euro_differs_from_the_optimum() -> None:
    """The greedy order takes a cheap small item first and misses the better pair."""
    items = [
        item("a", 11, 100),
        item("b", 50, 500),
        item("c", 50, 500),
        item("g", 99, 1, viable=False),
    ]
    limits = Limits(1000, None)
    report = value_for_money(items, limits, select(items, limits))
    assert [e.id for e in report.order] == ["a", "b", "c"]
    assert report.order[0].per_million_eur == pytest.approx(110_000)
    assert (report.greedy, report.greedy_value, report.greedy_spend) == (("a", "b"), 61, 600)
    assert report.optimal_value == 100
    assert (report.only_greedy, report.only_optimal) == (("a",), ("c",))
    assert [(e.greedy, e.optimal) for e in report.order] == [
        (True, False),
        (True, True),
        (False, True),
    ]


def test_free_items_come_first_in_value_for_money() -> None:
    """An item that costs nothing ranks first, with no value per euro or per FTE."""
    items = [item("a", 50, 100, 1), item("free", 1)]
    report = value_for_money(items, NO_LIMITS, select(items, NO_LIMITS))
    assert [(e.id, e.per_million_eur, e.per_fte) for e in report.order] == [
        ("free", None, None),
        ("a", 500_000, 50),
    ]


def test_greedy_respects_links() -> None:
    """The greedy takes an item's requirements along and skips an item's alternatives."""
    items = [
        item("a", 30, 100, requires=["b"]),
        item("b", 1, 300),
        item("c", 20, 100, excludes=["a"]),
    ]
    report = value_for_money(items, NO_LIMITS, select(items, NO_LIMITS))
    assert report.greedy == ("a", "b")


# --- frontier ------------------------------------------------------------------------------


def test_frontier_grid_and_its_point_at_the_budget() -> None:
    """The frontier runs from 0 to 150 % of the budget in equal steps, includes the budget,
    never decreases, and at the budget equals the optimum."""
    items = [item(f"i{k}", 10 + 7 * k, 100_000 + 37_000 * k, 1) for k in range(8)]
    limits = Limits(700_000, 6)
    points = frontier(items, limits)
    levels = [p.budget for p in points]
    assert len(points) == 22
    assert levels[0] == 0
    assert levels[-1] == pytest.approx(1_050_000)
    assert 700_000 in levels
    values = [p.value or 0.0 for p in points]
    assert values == sorted(values)
    at_budget = points[levels.index(700_000)]
    optimum = select(items, limits)
    assert (at_budget.value, at_budget.chosen) == (optimum.value, optimum.chosen)


def test_frontier_marks_levels_where_the_must_set_does_not_fit() -> None:
    """Budget levels below the cost of the must set have no value."""
    items = [item("a", 10, 400), item("b", 50, 100)]
    points = frontier(items, Limits(1000, None), steps=10, must={"a"})
    assert [p.value for p in points[:3]] == [None, None, None]
    assert points[3].value == 10
    assert points[-1].value == 60


def test_frontier_without_a_budget_runs_to_the_total_cost() -> None:
    """Without a budget the frontier runs to the cost of all selectable items."""
    items = [item("a", 10, 400), item("b", 50, 100), item("g", 50, 100, viable=False)]
    points = frontier(items, NO_LIMITS, steps=5)
    assert [p.budget for p in points] == [0, 100, 200, 300, 400, 500]
    assert points[-1].value == 60


@pytest.mark.parametrize("batch", range(2))
def test_frontier_is_non_decreasing_on_random_instances(batch: int) -> None:
    """On random instances the frontier never decreases and matches select at the budget."""
    for seed in range(2000 + batch * 15, 2000 + batch * 15 + 15):
        items, limits, must, exclude = random_instance(_rng(seed), 10)
        limits = limits._replace(budget=limits.budget or 1000.0)
        try:
            optimum = select(items, limits, must, exclude)
        except SelectionError:
            continue
        points = frontier(items, limits, 5, must, exclude)
        values = [p.value for p in points if p.value is not None]
        assert values == sorted(values), f"seed {seed}"
        at_budget = next(p for p in points if p.budget == limits.budget)
        assert at_budget.value == pytest.approx(optimum.value, abs=1e-6), f"seed {seed}"


# --- building and importing ----------------------------------------------------------------


def test_candidates_follow_the_ranking() -> None:
    """Candidates carry each item's total, cost, gate result and links, in ranking order."""
    gate = GateResult("steun", False, "voldoende", "geen")
    first = Item(
        id="a",
        name="A",
        kind="initiative",
        cost=Cost(eur=100.0, fte=1.0),
        requires=("b",),
        excludes=("c",),
    )
    second = Item(id="b", name="B", kind="project")
    ranking = Ranking(
        "weighted-sum",
        (RankedItem(first, 70.0, 1, (), ()), RankedItem(second, 80.0, None, (), (gate,))),
    )
    assert candidates(ranking) == [
        Candidate("a", "A", 70.0, 100.0, 1.0, True, ("b",), ("c",)),
        Candidate("b", "B", 80.0, 0.0, 0.0, False, (), ()),
    ]


def test_importing_selection_does_not_import_the_solver() -> None:
    """scipy is imported only when a selection is solved, never at import."""
    code = "import sys, afweging.analysis.selection; print('scipy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
