"""Rank acceptability and stability intervals: analytic cases, the tie rule, determinism,
and the intervals against a brute-force grid over the weight."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from afweging.analysis import robustness, stability
from afweging.analysis.matrix import build_matrix
from afweging.analysis.methods import weighted_sum
from afweging.analysis.ranking import rank_matrix
from afweging.analysis.robustness import Acceptability, acceptability, sample_ranks
from afweging.analysis.stability import Interval, StabilityInterval, Swap, stability_intervals
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.models import Framework, Portfolio
from afweging.sources.loading import load_portfolio
from tests.helpers import EXAMPLE

SAMPLES = 4_000
"""Enough for a binomial tolerance of 4 standard errors to be about ±3 points."""


def _tolerance(share: float, samples: int, spread: float = 4.0) -> float:
    """``spread`` binomial standard errors of a share estimated from ``samples`` draws."""
    return spread * math.sqrt(max(share * (1 - share), 1 / samples) / samples)


def _rule_ranks(values: Sequence[Sequence[float]], weights: Sequence[float]) -> list[int]:
    """ranking.py's tie rule, written out: 1 + the items more than 1e-9 points higher."""
    totals = weighted_sum(values, weights)
    return [1 + sum(u > t + TIE_TOLERANCE for u in totals) for t in totals]


# ------------------------------------------------------------------ rank acceptability


def test_dominating_item_is_always_first() -> None:
    """An item at least as good on every criterion and better on one has rank 1 in every sample."""
    values = [[0.4, 0.9, 0.3], [1.0, 1.0, 1.0], [0.9, 0.2, 0.8], [0.5, 0.5, 0.5]]
    for weights in ("around", "uniform"):
        result = acceptability(
            values, [0.5, 0.3, 0.2], [True] * 4, samples=SAMPLES, weights=weights
        )
        best = next(a for a in result.items if a.item == 1)
        assert best.rank_shares[0] == 1.0
        assert (best.rank_p5, best.rank_p95, best.most_likely_rank) == (1, 1, 1)
        assert best.top_share == 1.0
        assert all(a.rank_shares[0] == 0.0 for a in result.items if a.item != 1)


def test_identical_items_share_their_acceptabilities() -> None:
    """Two items identical in value have identical rank shares, percentiles and winning rows."""
    values = [[0.2, 0.9, 0.4], [0.7, 0.1, 0.6], [0.5, 0.5, 0.9], [0.7, 0.1, 0.6]]
    result = acceptability(values, [0.4, 0.35, 0.25], [True] * 4, samples=SAMPLES)
    first, second = result.items[1], result.items[3]
    assert first._replace(item=3) == second
    assert result.winning is not None
    assert result.winning[1][3] == result.winning[3][1] == 0.0
    assert result.winning[1] == result.winning[3]


def test_items_within_the_tolerance_share_their_acceptabilities() -> None:
    """Items whose totals differ by less than 1e-9 points in every sample tie in every sample."""
    values = [[0.5, 0.5], [0.5, 0.5 + 1e-13], [0.9, 0.1]]
    result = acceptability(values, [0.5, 0.5], [True] * 3, samples=500)
    assert result.items[0].rank_shares == result.items[1].rank_shares
    assert result.items[0].rank_shares[2] == 0.0  # a tie shares a rank: never 3rd of 3


@pytest.mark.parametrize("shares", [[0.5, 0.5], [0.8, 0.2]])
def test_uniform_weights_split_two_symmetric_items_evenly(shares: list[float]) -> None:
    """With uniform weights, whatever the framework says, mirror-image items each win about half."""
    values = [[1.0, 0.0], [0.0, 1.0]]
    result = acceptability(values, shares, [True, True], samples=SAMPLES, weights="uniform")
    assert result.concentration is None
    for entry in result.items:
        assert abs(entry.rank_shares[0] - 0.5) <= _tolerance(0.5, SAMPLES)
        assert (entry.rank_p5, entry.rank_p95) == (1, 2)
    assert result.winning is not None
    assert result.winning[0][1] + result.winning[1][0] == 1.0
    assert result.winning[0][1] == result.items[0].rank_shares[0]


def test_around_weights_follow_the_framework() -> None:
    """Around a 60/40 framework the item strong on the heavy criterion wins most samples; the
    share matches the Dirichlet's probability that the first weight exceeds one half."""
    values = [[1.0, 0.0], [0.0, 1.0]]
    result = acceptability(values, [0.6, 0.4], [True, True], samples=SAMPLES, concentration=100)
    # The first weight is Beta(60, 40); for whole parameters P(w ≤ 1/2) is the probability
    # of at least 60 heads in 99 fair tosses, so P(w > 1/2) is that of at most 59.
    expected = math.fsum(math.comb(99, k) for k in range(60)) / 2**99
    assert abs(result.items[0].rank_shares[0] - expected) <= _tolerance(expected, SAMPLES)


def test_failing_a_gate_means_never_ranked() -> None:
    """An item that fails a gate is reported as excluded and never takes a rank, however good."""
    values = [[1.0, 1.0, 1.0], [0.3, 0.8, 0.0], [0.6, 0.4, 1.0]]
    shares = [0.6, 0.4, 0.0]  # the third criterion is a gate
    result = acceptability(values, shares, [False, True, True], samples=SAMPLES)
    assert result.excluded == [0]
    assert [a.item for a in result.items] == [1, 2]
    assert all(len(a.rank_shares) == 2 for a in result.items)
    assert result.winning is not None
    assert len(result.winning) == 2
    assert sample_ranks(values, shares, [False, True, True])[0] is None


def test_gate_criteria_are_not_sampled() -> None:
    """A criterion with share 0 never gets weight: items differing only there always tie."""
    values = [[0.5, 0.5, 0.0], [0.5, 0.5, 1.0], [0.2, 0.9, 0.5]]
    result = acceptability(values, [0.5, 0.5, 0.0], [True] * 3, samples=1_000, weights="uniform")
    assert result.items[0].rank_shares == result.items[1].rank_shares
    assert result.winning is not None
    assert result.winning[0][1] == result.winning[1][0] == 0.0


def test_summaries_follow_from_the_rank_shares() -> None:
    """Top-k share, percentiles and the most likely rank are what the rank shares imply."""
    values = np.random.default_rng(7).random((12, 4)).tolist()
    result = acceptability(values, [0.4, 0.3, 0.2, 0.1], [True] * 12, samples=SAMPLES, top=3)
    for entry in result.items:
        counts = [round(share * SAMPLES) for share in entry.rank_shares]
        assert sum(counts) == SAMPLES
        running = [sum(counts[:r]) for r in range(1, 13)]
        assert entry.rank_p5 == 1 + next(r for r, c in enumerate(running) if 20 * c >= SAMPLES)
        assert entry.rank_p95 == 1 + next(
            r for r, c in enumerate(running) if 20 * c >= 19 * SAMPLES
        )
        assert entry.most_likely_rank == 1 + counts.index(max(counts))
        assert entry.top_share == running[2] / SAMPLES


def test_winning_index_is_left_out_above_the_limit() -> None:
    """Above ``winning_limit`` viable items the winning index is None; the rest is unchanged."""
    values = [[0.1, 0.9], [0.9, 0.1], [0.5, 0.5]]
    full = acceptability(values, [0.5, 0.5], [True] * 3, samples=300)
    limited = acceptability(values, [0.5, 0.5], [True] * 3, samples=300, winning_limit=2)
    assert limited.winning is None
    assert limited.items == full.items


def test_kernel_tie_rule_matches_the_ranking_of_the_example() -> None:
    """On the shipped example (ties at 3 and 6, three gate failures) the sampling kernel gives
    each item the rank ranking.py gives it."""
    matrix = build_matrix(*_example())
    ranked = {r.item.id: r.rank for r in rank_matrix(matrix).items}
    kernel = sample_ranks(matrix.values(), matrix.shares, matrix.viable())
    assert kernel == [ranked[item.id] for item in matrix.items]
    assert sorted(r for r in kernel if r is not None) == [1, 2, 3, 3, 5, 6, 6, 8, 9, 10]


def test_kernel_tie_rule_matches_the_ranking_at_random_weights() -> None:
    """At random weights, with identical items and near-ties, the kernel ranks as ranking.py."""
    framework, portfolio = _example()
    rng = np.random.default_rng(3)
    for _ in range(20):
        weights = rng.dirichlet(np.ones(len(framework.criteria)))
        shares = dict(zip((c.id for c in framework.criteria), weights.tolist(), strict=True))
        matrix = build_matrix(framework, portfolio, shares)
        ranked = {r.item.id: r.rank for r in rank_matrix(matrix).items}
        kernel = sample_ranks(matrix.values(), matrix.shares, matrix.viable())
        assert kernel == [ranked[item.id] for item in matrix.items]
    # Totals 1.5e-10, 5e-10 and 2e-9 points above the first: tied, tied, apart.
    near = [[0.5, 0.5], [0.5 + 3e-12, 0.5], [0.5, 0.5 + 1e-11], [0.5, 0.5 + 4e-11], [0.1, 0.2]]
    assert sample_ranks(near, [0.5, 0.5], [True] * 5) == [2, 2, 2, 1, 5]
    # A chain 0.8e-9 points apart: the ends are apart, each middle pair tied (1, 1, 2).
    chain = [[0.5 + 3.2e-11, 0.5], [0.5 + 1.6e-11, 0.5], [0.5, 0.5]]
    assert sample_ranks(chain, [0.5, 0.5], [True] * 3) == [1, 1, 2]
    for values in (near, chain):
        assert sample_ranks(values, [0.5, 0.5], [True] * len(values)) == _rule_ranks(
            values, [0.5, 0.5]
        )


def test_same_seed_same_bytes() -> None:
    """The same seed and sample count give the same JSON, byte for byte."""
    values, shares = _random_portfolio(40, 6, seed=11)
    dumps = {
        json.dumps(acceptability(values, shares, [True] * 40, samples=2_000, seed=99), default=list)
        for _ in range(2)
    }
    assert len(dumps) == 1


def test_batch_size_does_not_change_the_result() -> None:
    """Ranking the samples one at a time, in odd batches or all at once gives the same result."""
    values, shares = _random_portfolio(25, 5, seed=12)
    viable = [i % 7 != 3 for i in range(25)]
    dumps = {
        json.dumps(
            acceptability(values, shares, viable, samples=600, seed=5, batch=batch),
            default=list,
        )
        for batch in (1, 7, 64, 600, None)
    }
    assert len(dumps) == 1


@pytest.mark.parametrize("weights", ["around", "uniform"])
def test_counts_are_a_sample_by_sample_tally_of_the_tie_rule(
    weights: robustness.WeightSampling, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every rank share is the count of the samples that give the item that rank by the tie
    rule, with the same draws: 150 items on four levels (duplicate rows), several batches
    and the product cut into slices of a few columns."""
    monkeypatch.setattr(robustness, "PRODUCT_CELLS", 40)
    rng = np.random.default_rng(21)
    values = (rng.integers(0, 4, size=(150, 4)) / 3).tolist()
    shares, samples = [0.4, 0.3, 0.2, 0.1], 120
    viable = [i % 9 != 4 for i in range(150)]
    result = acceptability(
        values, shares, viable, samples=samples, seed=8, weights=weights, batch=50
    )
    focus = np.array(shares)
    alpha = 100.0 * focus / focus.sum() if weights == "around" else np.ones(4)
    kept = [row for row, ok in zip(values, viable, strict=True) if ok]
    tally = [[0] * len(kept) for _ in kept]
    for drawn in np.random.default_rng(8).dirichlet(alpha, size=samples).tolist():
        for k, rank in enumerate(_rule_ranks(kept, drawn)):
            tally[k][rank - 1] += 1
    assert [list(entry.rank_shares) for entry in result.items] == [
        [count / samples for count in row] for row in tally
    ]


def test_another_seed_moves_shares_within_the_sampling_error() -> None:
    """A different seed changes each rank share by less than 4 standard errors of a difference."""
    values, shares = _random_portfolio(8, 4, seed=13)
    one = acceptability(values, shares, [True] * 8, samples=SAMPLES, seed=1)
    two = acceptability(values, shares, [True] * 8, samples=SAMPLES, seed=2)
    assert json.dumps(one, default=list) != json.dumps(two, default=list)
    for a, b in zip(one.items, two.items, strict=True):
        for p, q in zip(a.rank_shares, b.rank_shares, strict=True):
            assert abs(p - q) <= math.sqrt(2) * _tolerance((p + q) / 2, SAMPLES)


def test_the_result_records_how_it_was_sampled() -> None:
    """Samples, seed, weighting, concentration and top are part of the result."""
    result = acceptability([[0.1], [0.2]], [1.0], [True, True], samples=10, seed=4, top=1)
    assert isinstance(result, Acceptability)
    assert result[:5] == (10, 4, "around", robustness.DEFAULT_CONCENTRATION, 1)
    assert [a.rank_shares for a in result.items] == [[0.0, 1.0], [1.0, 0.0]]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"weights": "equal"}, "weights must be one of"),
        ({"samples": 0}, "at least 1"),
        ({"concentration": 0.0}, "positive"),
        ({"batch": 0}, "batch"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], message: str) -> None:
    """Options the sampler cannot use raise ValueError with the reason."""
    with pytest.raises(ValueError, match=message):
        acceptability([[0.5]], [1.0], [True], **options)  # type: ignore[arg-type]


def test_values_off_the_unit_interval_are_refused() -> None:
    """Values outside [0, 1] (or not numbers) are refused rather than ranked."""
    for bad in (1.5, -0.1, math.nan):
        with pytest.raises(ValueError, match=r"\[0, 1\]"):
            acceptability([[0.5], [bad]], [1.0], [True, True])


# ------------------------------------------------------------------ stability intervals


def _weights_at(shares: Sequence[float], j: int, t: float) -> list[float]:
    """w(t): criterion j at t, the others rescaled in proportion."""
    scale = (1 - t) / (1 - shares[j])
    return [t if k == j else s * scale for k, s in enumerate(shares)]


def _grid_ranks(
    values: list[list[float]], shares: list[float], j: int, ts: np.ndarray
) -> list[list[int]]:
    """Ranks by the tie rule at every t of a grid, vectorised for the brute force."""
    rest = np.array(shares, dtype=np.float64)
    rest[j] = 0.0
    weights = ts[:, None] * np.eye(len(shares))[j] + ((1 - ts) / (1 - shares[j]))[:, None] * rest
    totals = 100.0 * weights @ np.array(values).T
    ranks: list[list[int]] = (
        1 + (totals[:, None, :] > totals[:, :, None] + TIE_TOLERANCE).sum(axis=2)
    ).tolist()
    return ranks


def _top_set(ranks: Sequence[int], top: int) -> frozenset[int]:
    return frozenset(i for i, r in enumerate(ranks) if r <= top)


def _same_top(current: Sequence[int], top: int) -> Callable[[list[int]], bool]:
    """Whether ranks give the same top-``top`` set as ``current``."""
    same = _top_set(current, top)
    return lambda ranks: _top_set(ranks, top) == same


def _check_end(
    values: list[list[float]], shares: list[float], j: int, end: float, swap: Swap | None
) -> None:
    """At an end with a swap the pair's totals are equal to 1e-9 points."""
    if swap is None:
        return
    totals = weighted_sum(values, _weights_at(shares, j, end))
    assert abs(totals[swap.rising] - totals[swap.falling]) <= TIE_TOLERANCE


def _check_interval(
    values: list[list[float]],
    shares: list[float],
    j: int,
    interval: Interval,
    holds_at: Callable[[list[int]], bool],
    strict_outside: bool,
) -> None:
    """Brute force: the property holds on a fine grid inside, just inside (1e-7) each end,
    and at an end without a swap; it fails just outside (1e-7) each end with a swap, and
    (``strict_outside``) everywhere beyond it."""
    lower, upper = interval.lower, interval.upper
    assert 0.0 <= lower <= shares[j] <= upper <= 1.0
    grid = np.linspace(0.0, 1.0, 2001)
    probes = [lower - 1e-7, lower + 1e-7, upper - 1e-7, upper + 1e-7, shares[j], 0.0, 1.0]
    ts = np.concatenate([grid, np.clip(probes, 0.0, 1.0)])
    holds = [holds_at(ranks) for ranks in _grid_ranks(values, shares, j, ts)]
    for t, ok in zip(ts.tolist(), holds, strict=True):
        inside = lower + 1e-7 <= t <= upper - 1e-7 or t == shares[j]
        at_open_end = (t <= lower + 1e-7 and interval.lower_swap is None) or (
            t >= upper - 1e-7 and interval.upper_swap is None
        )
        if inside or (lower <= t <= upper and at_open_end):
            assert ok, (j, t, interval)
        beyond_lower = interval.lower_swap is not None and (
            t <= lower - 1e-7 if strict_outside else math.isclose(t, lower - 1e-7)
        )
        beyond_upper = interval.upper_swap is not None and (
            t >= upper + 1e-7 if strict_outside else math.isclose(t, upper + 1e-7)
        )
        if beyond_lower or beyond_upper:
            assert not ok, (j, t, interval)
    _check_end(values, shares, j, lower, interval.lower_swap)
    _check_end(values, shares, j, upper, interval.upper_swap)


def _random_instance(
    rng: np.random.Generator, discrete: bool
) -> tuple[list[list[float]], list[float]]:
    """3–6 items on 2–4 criteria: continuous values and shares, or levels and whole weights
    (which make identical items and ties at the current weights common)."""
    n, m = int(rng.integers(3, 7)), int(rng.integers(2, 5))
    if discrete:
        values = (rng.integers(0, 4, size=(n, m)) / 3).tolist()
        raw = rng.integers(1, 5, size=m).astype(float).tolist()
    else:
        values = rng.random((n, m)).tolist()
        raw = (rng.random(m) + 0.05).tolist()
    return values, [w / math.fsum(raw) for w in raw]


@pytest.mark.parametrize("discrete", [False, True], ids=["continuous", "levels"])
def test_intervals_agree_with_a_brute_force_grid(discrete: bool) -> None:
    """On 40 random small instances of each kind, every interval holds inside, breaks just
    outside, and its break-even points make the swapping pair's totals equal to 1e-9."""
    rng = np.random.default_rng(2024 + discrete)
    for _ in range(40):
        values, shares = _random_instance(rng, discrete)
        top = int(rng.integers(1, len(values) + 1))
        current = _rule_ranks(values, shares)
        for found in stability_intervals(values, shares, [True] * len(values), top=top):
            j = found.criterion
            assert found.order is not None
            _check_interval(values, shares, j, found.order, current.__eq__, strict_outside=True)
            _check_interval(values, shares, j, found.top_set, _same_top(current, top), False)
            assert found.top_set.lower <= found.order.lower <= found.order.upper
            assert found.order.upper <= found.top_set.upper


def test_a_pair_tied_now_pins_the_order_to_the_current_share() -> None:
    """Items tied at the current weights that separate either way give the point interval, with
    the pair as the swap on both sides, each naming the item that pulls ahead."""
    values = [[1.0, 0.0], [0.0, 1.0], [0.2, 0.2]]
    first, second = stability_intervals(values, [0.5, 0.5], [True] * 3, top=1)
    assert first.order == Interval(0.5, 0.5, Swap(rising=1, falling=0), Swap(rising=0, falling=1))
    assert second.order == Interval(0.5, 0.5, Swap(rising=0, falling=1), Swap(rising=1, falling=0))
    # Top 1 holds two tied items; separating them leaves one: the set changes at once.
    assert first.top_set == first.order


def test_a_tie_inside_the_top_set_does_not_pin_it() -> None:
    """With the tied pair both inside the top 2, the set holds until the third item catches up."""
    values = [[1.0, 0.0], [0.0, 1.0], [0.2, 0.2]]
    first = stability_intervals(values, [0.5, 0.5], [True] * 3, top=2)[0]
    assert first.top_set.lower == pytest.approx(0.2, abs=1e-15)
    assert first.top_set.upper == pytest.approx(0.8, abs=1e-15)
    assert first.top_set.lower_swap == Swap(rising=2, falling=0)
    assert first.top_set.upper_swap == Swap(rising=2, falling=1)


def test_identical_items_never_end_an_interval() -> None:
    """A copy of an item (always tied with it) leaves every interval as it was."""
    values = [[0.9, 0.1, 0.4], [0.3, 0.7, 0.5], [0.6, 0.5, 0.2]]
    shares = [0.5, 0.3, 0.2]
    plain = stability_intervals(values, shares, [True] * 3, top=2)
    doubled = stability_intervals([*values, values[1]], shares, [True] * 4, top=3)
    for a, b in zip(plain, doubled, strict=True):
        assert (a.order.lower, a.order.upper) == (b.order.lower, b.order.upper)  # type: ignore[union-attr]


def test_only_weighted_criteria_and_viable_items_count() -> None:
    """Gates (share 0) get no interval, and an item that fails a gate never ends one."""
    values = [[0.9, 0.1, 1.0], [0.3, 0.7, 1.0], [0.6, 0.5, 0.0]]
    found = stability_intervals(values, [0.5, 0.5, 0.0], [True, True, False], top=1)
    assert [f.criterion for f in found] == [0, 1]
    alone = stability_intervals(values[:2], [0.5, 0.5, 0.0], [True, True], top=1)
    assert found == alone


def test_a_criterion_with_all_the_weight_cannot_move() -> None:
    """When one criterion carries every share there is nothing to rescale: the point 1.0."""
    fixed = Interval(1.0, 1.0, None, None)
    found = stability_intervals([[0.2, 1.0], [0.7, 0.0]], [1.0, 0.0], [True, True])
    assert found == [StabilityInterval(0, 1.0, fixed, fixed)]


def test_pairs_in_chunks_give_the_same_intervals(monkeypatch: pytest.MonkeyPatch) -> None:
    """Computing the break-even points a few pairs at a time changes nothing."""
    values, shares = _random_portfolio(30, 4, seed=15)
    whole = stability_intervals(values, shares, [True] * 30, top=4)
    monkeypatch.setattr(stability, "_PAIR_CHUNK", 7)
    assert stability_intervals(values, shares, [True] * 30, top=4) == whole


def test_large_portfolios_leave_the_order_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``ORDER_MAX_ITEMS`` viable items only the top-k set's interval is computed."""
    values, shares = _random_portfolio(12, 3, seed=14)
    full = stability_intervals(values, shares, [True] * 12, top=3)
    monkeypatch.setattr(stability, "ORDER_MAX_ITEMS", 10)
    limited = stability_intervals(values, shares, [True] * 12, top=3)
    assert all(f.order is None for f in limited)
    assert [f.top_set for f in limited] == [f.top_set for f in full]


# ------------------------------------------------------------------ helpers


def _example() -> tuple[Framework, Portfolio]:
    loaded = load_portfolio(EXAMPLE)
    return loaded.framework, loaded.portfolio


def _random_portfolio(n: int, m: int, seed: int) -> tuple[list[list[float]], list[float]]:
    rng = np.random.default_rng(seed)
    return rng.random((n, m)).tolist(), rng.dirichlet(np.ones(m)).tolist()
