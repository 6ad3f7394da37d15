"""The other aggregation methods: published worked examples, hand examples, properties."""

from __future__ import annotations

import itertools
import math
import random
import subprocess
import sys
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afweging.analysis import methods as mcda
from afweging.analysis.matrix import Cell, DecisionMatrix, GateResult
from afweging.analysis.methods import (
    METHODS,
    compare_methods,
    kendall_tau,
    promethee_ii,
    thresholds_from_levels,
    topsis,
    weighted_product,
)
from afweging.analysis.ranking import rank_matrix
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.models import Item, Preference


def _matrix(
    rows: dict[str, list[float]],
    shares: list[float],
    sizes: list[int],
    failing: tuple[str, ...] = (),
) -> DecisionMatrix:
    """A decision matrix of these values; the items in ``failing`` fail a gate."""
    criteria = tuple(f"c{j}" for j in range(len(shares)))
    return DecisionMatrix(
        items=tuple(Item(id=name, name=name, kind="initiative") for name in rows),
        criteria=criteria,
        shares=tuple(shares),
        cells=tuple(
            tuple(Cell(c, "", v, False) for c, v in zip(criteria, row, strict=True))
            for row in rows.values()
        ),
        gates=tuple((GateResult("gate", name not in failing, "+", "+"),) for name in rows),
        scale_sizes=tuple(sizes),
    )


# --- TOPSIS -------------------------------------------------------------------------

# Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
# Applications. CRC Press — the TOPSIS example: four alternatives, three benefit criteria,
# weights 0.3/0.4/0.3, closeness published to four decimals. (Numbers as reproduced in
# scikit-criteria's test suite, tests/agg/test_similarity.py::test_TOPSIS_tzeng2011multiple.)
TZENG_HUANG = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
TZENG_HUANG_WEIGHTS = [0.3, 0.4, 0.3]
TZENG_HUANG_CLOSENESS = [0.5037, 0.6581, 0.7482, 0.3340]


def test_topsis_reproduces_tzeng_huang_2011() -> None:
    """TOPSIS gives the closeness values published by Tzeng & Huang (2011) to 4 decimals."""
    result = topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS)
    assert result.closeness == pytest.approx(TZENG_HUANG_CLOSENESS, abs=5e-5)


def test_topsis_keeps_the_working() -> None:
    """The result carries the normalised and weighted tables, the ideals and the distances."""
    details = topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS).details
    # Column 1: sqrt(5² + 7² + 8² + 7²) = sqrt(187), so r_11 = 5 / sqrt(187) = 0.3656.
    assert details.normalised[0][0] == pytest.approx(5 / math.sqrt(187))
    for j in range(3):
        assert math.fsum(row[j] ** 2 for row in details.normalised) == pytest.approx(1.0)
        column = [row[j] for row in details.weighted]
        assert details.ideal[j] == max(column)
        assert details.anti_ideal[j] == min(column)
    assert details.weighted[2][1] == pytest.approx(0.4 * details.normalised[2][1])
    for s_plus, s_minus, c in zip(
        details.distance_ideal,
        details.distance_anti_ideal,
        topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS).closeness,
        strict=True,
    ):
        assert c == pytest.approx(s_minus / (s_plus + s_minus))


def test_topsis_cost_criterion_by_hand() -> None:
    """A cost criterion takes its ideal at the minimum (hand example)."""
    # x = [[3, 4], [4, 3]]: both column norms are 5, so r = [[.6, .8], [.8, .6]] and with
    # weights .5/.5, v = [[.3, .4], [.4, .3]]. Criterion 1 benefit, criterion 2 cost:
    # A+ = (max .4, min .3), A− = (min .3, max .4). Item 1 is A−: S+ = sqrt(.1² + .1²),
    # S− = 0, C = 0; item 2 is A+: C = 1.
    result = topsis([[3, 4], [4, 3]], [0.5, 0.5], benefit=[True, False])
    assert result.details.ideal == pytest.approx([0.4, 0.3])
    assert result.details.anti_ideal == pytest.approx([0.3, 0.4])
    assert result.details.distance_ideal == pytest.approx([math.sqrt(0.02), 0.0])
    assert result.closeness == pytest.approx([0.0, 1.0])


def test_topsis_zero_column_and_identical_items() -> None:
    """An all-zero column normalises to 0, and items all alike get closeness 0.5."""
    result = topsis([[0, 2], [0, 2]], [0.5, 0.5])
    assert result.details.normalised.tolist() == [[0.0, pytest.approx(1 / math.sqrt(2))]] * 2
    assert result.closeness == [0.5, 0.5]


# --- PROMETHEE II ---------------------------------------------------------------------


def preference_index(
    matrix: Sequence[Sequence[float]],
    weights: Sequence[float],
    thresholds: Sequence[tuple[float, float] | None] | None = None,
    tolerance: float = TIE_TOLERANCE,
) -> np.ndarray:
    """π(a, b) by the n × n × m table of the definition: the reference the sorted-values
    kernel is held to (the kernel never builds it)."""
    x = np.asarray(matrix, dtype=float)
    d = x[:, None, :] - x[None, :, :]  # d[a, b, j] = x_aj − x_bj
    preference = np.zeros_like(d)
    for j in range(x.shape[1]):
        limits = thresholds[j] if thresholds is not None else None
        q, p = limits if limits is not None else (0.0, 0.0)
        above = d[:, :, j] > q + tolerance
        if p - q > tolerance:
            preference[:, :, j] = np.where(above, np.minimum((d[:, :, j] - q) / (p - q), 1.0), 0)
        else:
            preference[:, :, j] = above
    return preference @ np.asarray(weights, dtype=float)


def reference_flows(
    matrix: Sequence[Sequence[float]],
    weights: Sequence[float],
    thresholds: Sequence[tuple[float, float] | None] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Net, positive and negative flows from the n × n preference index."""
    n = len(matrix)
    pi = preference_index(matrix, weights, thresholds)
    positive = pi.sum(axis=1) / (n - 1)
    negative = pi.sum(axis=0) / (n - 1)
    return positive - negative, positive, negative


@st.composite
def portfolios_with_ties(
    draw: st.DrawFn,
) -> tuple[list[list[float]], list[float], list[tuple[float, float] | None]]:
    """Random values (many on shared scale levels, so ties abound), weights and, per
    criterion, the usual function or linear thresholds (p = q among them), in level units."""
    n = draw(st.integers(2, 40))
    m = draw(st.integers(1, 5))
    size = draw(st.sampled_from([2, 3, 4, 5, 11]))
    levels = [k / (size - 1) for k in range(size)]
    cell = st.one_of(st.sampled_from(levels), st.floats(0, 1, allow_nan=False))
    rows = draw(st.lists(st.lists(cell, min_size=m, max_size=m), min_size=n, max_size=n))
    raw = draw(st.lists(st.floats(0.01, 1), min_size=m, max_size=m))
    weights = [w / math.fsum(raw) for w in raw]
    steps = st.integers(0, size - 1).map(lambda k: k / (size - 1))
    linear = st.tuples(steps, steps).map(lambda qp: (min(qp), max(qp)))
    thresholds = draw(st.lists(st.one_of(st.none(), linear), min_size=m, max_size=m))
    return rows, weights, thresholds


@settings(max_examples=300, deadline=None)
@given(portfolios_with_ties())
def test_promethee_ii_equals_the_pairwise_table(
    case: tuple[list[list[float]], list[float], list[tuple[float, float] | None]],
) -> None:
    """On random portfolios with ties the sorted-values flows equal the n × n table's to
    1e-12, for the usual, the linear and the shifted usual (p = q) functions."""
    rows, weights, thresholds = case
    result = promethee_ii(rows, weights, thresholds)
    net, positive, negative = reference_flows(rows, weights, thresholds)
    assert np.max(np.abs(np.array(result.net_flow) - net)) <= 1e-12
    assert np.max(np.abs(np.array(result.positive_flow) - positive)) <= 1e-12
    assert np.max(np.abs(np.array(result.negative_flow) - negative)) <= 1e-12
    assert np.allclose(result.criterion_flows.sum(axis=1), result.net_flow, atol=1e-12)


def test_promethee_ii_reproduces_zhao_peng_li_2013() -> None:
    """PROMETHEE II with the usual function gives the net flows 0.1, −0.3, 0.2 published by
    Zhao, Peng & Li (2013)."""
    # Zhao, H., Peng, Y. & Li, W. (2013). Revised PROMETHEE II for improving efficiency in
    # emergency response. Procedia Computer Science 17, 181–188 (as reproduced in pymcdm's
    # test suite, test/test_mcdm.py::TestPROMETHEE_II). Three alternatives, three benefit
    # criteria, weights 0.5/0.3/0.2, usual preference function.
    result = promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2])
    assert result.net_flow == pytest.approx([0.1, -0.3, 0.2], abs=1e-12)
    # Our own check of the working (not published): π(1,2) = .5 + .3 = .8, π(1,3) = .3,
    # π(2,1) = .2, π(2,3) = .3 + .2 = .5, π(3,1) = .5 + .2 = .7, π(3,2) = .5.
    expected = [[0, 0.8, 0.3], [0.2, 0, 0.5], [0.7, 0.5, 0]]
    index = preference_index([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2])
    for row, expected_row in zip(index.tolist(), expected, strict=True):
        assert row == pytest.approx(expected_row)
    assert result.positive_flow == pytest.approx([0.55, 0.35, 0.6])
    assert result.negative_flow == pytest.approx([0.45, 0.65, 0.4])


def test_promethee_ii_linear_preference_by_hand() -> None:
    """The linear (type V) function with thresholds q and p, mixed with the usual one."""
    # Criterion 1 (weight .6): values 0, 2, 5, linear with q = 1, p = 3:
    #   P(b,a): d = 2 → (2 − 1)/(3 − 1) = .5;  P(c,a): d = 5 > p → 1;
    #   P(c,b): d = 3 = p → 1;  negative differences → 0.
    # Criterion 2 (weight .4): values 3, 1, 1, usual: a beats b and c, b and c tie.
    # π(a,b) = .4, π(a,c) = .4, π(b,a) = .6·.5 = .3, π(b,c) = 0, π(c,a) = .6, π(c,b) = .6
    # φ+ = ((.4+.4)/2, (.3+0)/2, (.6+.6)/2) = (.4, .15, .6)
    # φ− = ((.3+.6)/2, (.4+.6)/2, (.4+0)/2) = (.45, .5, .2)
    # φ  = (−.05, −.35, .4)
    result = promethee_ii([[0, 3], [2, 1], [5, 1]], [0.6, 0.4], [(1, 3), None])
    assert result.positive_flow == pytest.approx([0.4, 0.15, 0.6])
    assert result.negative_flow == pytest.approx([0.45, 0.5, 0.2])
    assert result.net_flow == pytest.approx([-0.05, -0.35, 0.4])


def test_promethee_ii_equal_thresholds_shift_the_usual_function() -> None:
    """With p == q a difference counts fully only when it exceeds q."""
    # Values 0, 1, 2 with q = p = 1: only c over a (d = 2) counts; φ = (−.5, 0, .5).
    result = promethee_ii([[0], [1], [2]], [1.0], [(1, 1)])
    assert result.net_flow == pytest.approx([-0.5, 0.0, 0.5])


def test_promethee_ii_ignores_float_noise_at_a_threshold() -> None:
    """A difference of exactly one level is not above a one-level threshold, float noise aside."""
    # 1 − 2/3 is 0.33333333333333337 in floating point, just above 1/3.
    assert 1 - 2 / 3 > 1 / 3
    result = promethee_ii([[1.0], [2 / 3]], [1.0], [(1 / 3, 1 / 3)])
    assert result.net_flow == [0.0, 0.0]


def test_promethee_ii_flows_balance() -> None:
    """Net flows sum to zero, and a single item has flows of zero."""
    rng = random.Random(7)  # noqa: S311 — a seeded test sample, not a secret
    rows = [[rng.random() for _ in range(4)] for _ in range(6)]
    result = promethee_ii(rows, [0.1, 0.2, 0.3, 0.4], [None, (0.1, 0.3), None, (0.2, 0.2)])
    assert math.fsum(result.net_flow) == pytest.approx(0.0, abs=1e-12)
    assert promethee_ii([[0.5, 0.5]], [0.5, 0.5]).net_flow == [0.0]


def test_thresholds_from_levels() -> None:
    """Thresholds in scale levels become value units: k levels of L are k/(L−1)."""
    preferences = [Preference(indifference=0.5, strict=2), None]
    assert thresholds_from_levels(preferences, [5, 4]) == [(0.125, 0.5), None]


# --- weighted product -----------------------------------------------------------------


def test_weighted_product_maps_levels_from_one() -> None:
    """Level k of L (counted from 1) becomes k/L: on 4 levels, 25, 50, 75, 100."""
    scores = weighted_product([[0.0], [1 / 3], [2 / 3], [1.0]], [1.0], [4])
    assert scores == pytest.approx([25, 50, 75, 100])
    # Two criteria, shares .5/.5: level 2 of 4 (u = 2/4) and level 1 of 3 (u = 1/3):
    # 100 × (1/2)^.5 × (1/3)^.5 = 100 / sqrt(6).
    assert weighted_product([[1 / 3, 0.0]], [0.5, 0.5], [4, 3]) == pytest.approx(
        [100 / math.sqrt(6)]
    )


def test_weighted_product_is_100_for_the_best_item() -> None:
    """An item best on every criterion scores exactly 100."""
    assert weighted_product([[1.0, 1.0, 1.0]], [0.2, 0.3, 0.5], [4, 3, 2]) == [100.0]


def test_weighted_product_is_monotonic_and_ignores_zero_weights() -> None:
    """Raising one value a level raises the score; a criterion of weight 0 changes nothing."""
    grid = [0.0, 0.5, 1.0]
    for row in itertools.product(grid, repeat=3):
        base = weighted_product([[*row, 0.0]], [0.5, 0.3, 0.2, 0.0], [3, 3, 3, 4])[0]
        assert weighted_product([[*row, 1.0]], [0.5, 0.3, 0.2, 0.0], [3, 3, 3, 4])[0] == base
        for j in range(3):
            if row[j] < 1:
                raised = list(row)
                raised[j] += 0.5
                assert weighted_product([raised], [0.5, 0.3, 0.2], [3, 3, 3])[0] > base


# --- Kendall's tau --------------------------------------------------------------------


def test_kendall_tau_by_hand() -> None:
    """Tau-b is 1 for the same order, −1 for the reverse, and corrects for ties."""
    assert kendall_tau([1, 2, 3], [1, 2, 3]) == 1.0
    assert kendall_tau([1, 2, 3], [3, 2, 1]) == -1.0
    # a = (1, 2, 2, 4), b = (1, 3, 2, 4): 5 concordant pairs, 0 discordant, 1 pair tied in
    # a only, of 6 pairs: 5 / sqrt((6 − 1)(6 − 0)).
    assert kendall_tau([1, 2, 2, 4], [1, 3, 2, 4]) == pytest.approx(5 / math.sqrt(30))
    assert math.isnan(kendall_tau([1, 1, 1], [1, 2, 3]))


def test_kendall_tau_matches_scipy_with_ties() -> None:
    """Tau-b equals scipy.stats.kendalltau on random rank vectors with ties."""
    stats = pytest.importorskip("scipy.stats")
    rng = random.Random(2026)  # noqa: S311 — a seeded test sample, not a secret
    for _ in range(200):
        n = rng.randint(2, 12)
        a = [rng.randint(1, 4) for _ in range(n)]
        b = [rng.randint(1, 4) for _ in range(n)]
        expected = stats.kendalltau(a, b).statistic
        if math.isnan(expected):
            assert math.isnan(kendall_tau(a, b))
        else:
            assert kendall_tau(a, b) == pytest.approx(expected, abs=1e-12)


# --- comparing the methods ------------------------------------------------------------


def test_every_registered_method_takes_part_in_the_comparison(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each function in the ``METHODS`` registry scores the viable items in
    ``compare_methods``, and the comparison reports one ranking per registered name."""
    called: list[str] = []
    for name, score in list(METHODS.items()):

        def spy(
            values: np.ndarray,
            matrix: DecisionMatrix,
            thresholds: object,
            *,
            name: str = name,
            score: mcda.MethodScores = score,
        ) -> list[float]:
            called.append(name)
            return score(values, matrix, thresholds)  # type: ignore[arg-type]

        monkeypatch.setitem(METHODS, name, spy)
    matrix = _matrix({"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [0.5, 0.5]}, [0.6, 0.4], [3, 3])
    comparison = compare_methods(matrix)
    assert sorted(called) == sorted(METHODS)
    assert [m.method for m in comparison.methods] == list(METHODS)


def test_methods_agree_on_a_dominance_chain() -> None:
    """When each item dominates the next, every method gives the same order and tau is 1."""
    matrix = _matrix(
        {
            "c": [1 / 3, 0.0, 1 / 3, 0.0],
            "a": [1.0, 2 / 3, 1.0, 0.0],
            "failed": [1.0, 1.0, 1.0, 0.0],
            "b": [2 / 3, 1 / 3, 2 / 3, 1.0],
        },
        shares=[0.5, 0.3, 0.2, 0.0],
        sizes=[4, 4, 4, 2],
        failing=("failed",),
    )
    comparison = compare_methods(matrix)
    assert [item.id for item in comparison.items] == ["a", "b", "c"]
    assert [m.method for m in comparison.methods] == list(METHODS)
    for method in comparison.methods:
        assert method.ranks == (1, 2, 3), method.method
        assert method.tau == 1.0
    assert comparison.dependent == ()
    # TOPSIS works on the weighted criteria only: the weight-0 column is left out.
    assert len(comparison.topsis.details.ideal) == 3


def test_methods_disagree_on_an_unbalanced_item() -> None:
    """Items whose rank moves 2 places, or in and out of the top k, are named with their ranks."""
    # Equal shares, 4-level scales. The weighted sum ties the first three at 66.67; the
    # weighted product and TOPSIS prefer the balanced item and put the unbalanced one
    # third; "low" is dominated by "balanced" and last under every method.
    matrix = _matrix(
        {
            "unbalanced": [1.0, 1.0, 0.0],
            "balanced": [2 / 3, 2 / 3, 2 / 3],
            "mixed": [1.0, 2 / 3, 1 / 3],
            "low": [1 / 3, 1 / 3, 1 / 3],
        },
        shares=[1 / 3, 1 / 3, 1 / 3],
        sizes=[4, 4, 4],
    )
    comparison = compare_methods(matrix, top=1)
    ids = [item.id for item in comparison.items]
    ranks = {m.method: dict(zip(ids, m.ranks, strict=True)) for m in comparison.methods}
    assert all(r["low"] == 4 for r in ranks.values())
    assert ranks["weighted-sum"] == {"balanced": 1, "mixed": 1, "unbalanced": 1, "low": 4}
    # PROMETHEE's three flows of 2/9 differ in the 17th digit: the relative tolerance ties them.
    assert ranks["promethee-ii"] == ranks["weighted-sum"]
    assert ranks["weighted-product"] == {"balanced": 1, "mixed": 2, "unbalanced": 3, "low": 4}
    assert ranks["topsis"] == ranks["weighted-product"]
    dependent = {d.item.id: d for d in comparison.dependent}
    assert list(dependent) == ["mixed", "unbalanced"]
    assert dependent["unbalanced"].spread == 2
    assert dependent["unbalanced"].ranks == {m: ranks[m]["unbalanced"] for m in METHODS}
    assert dependent["mixed"].spread == 1
    assert dependent["mixed"].top_under == ("weighted-sum", "promethee-ii")
    # With the default top 5 all four items are always in the top: only the spread counts.
    assert [d.item.id for d in compare_methods(matrix).dependent] == ["unbalanced"]
    # The weighted-sum ranks are those of the ranking itself.
    assert {r.item.id: r.rank for r in rank_matrix(matrix).items} == ranks["weighted-sum"]


def test_compare_methods_without_viable_items() -> None:
    """With no viable item every method ranks nothing and tau is undefined."""
    matrix = _matrix({"x": [1.0], "y": [0.0]}, [1.0], [2], failing=("x", "y"))
    comparison = compare_methods(matrix)
    assert comparison.items == ()
    assert all(m.ranks == () and m.tau is None for m in comparison.methods)


def test_scores_scales_and_failed_items() -> None:
    """The dispatcher scores on 0–100 (net flow ×100), and relative methods skip failed items."""
    matrix = _matrix(
        {"best": [1.0, 1.0], "worst": [0.0, 0.0], "failed": [1.0, 0.0]},
        shares=[0.5, 0.5],
        sizes=[3, 3],
        failing=("failed",),
    )
    assert mcda.scores("weighted-sum", matrix) == [100.0, 0.0, 50.0]
    # The worst of 3 levels is u = 1/3: "worst" scores 100 × (1/3)^.5 × (1/3)^.5 = 33.3,
    # "failed" 100 × 1^.5 × (1/3)^.5 = 57.7.
    expected = [100, 100 / 3, 100 / math.sqrt(3)]
    assert mcda.scores("weighted-product", matrix) == pytest.approx(expected)
    assert mcda.scores("topsis", matrix) == [100.0, 0.0, None]
    assert mcda.scores("promethee-ii", matrix) == [100.0, -100.0, None]
    with pytest.raises(ValueError, match="unknown method 'electre'"):
        mcda.scores("electre", matrix)  # type: ignore[arg-type]


def test_tie_tolerance_matches_the_ranking() -> None:
    """The comparison's tie tolerance is the ranking's, so the weighted-sum ranks agree."""
    assert mcda.TIE_TOLERANCE == TIE_TOLERANCE


def test_importing_the_module_does_not_import_numpy() -> None:
    """numpy is imported inside the methods, never when the module is imported."""
    code = "import sys, afweging.analysis.methods; print('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
