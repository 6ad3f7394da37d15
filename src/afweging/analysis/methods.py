"""Other aggregation methods, to test how much the ranking owes to the weighted sum.

Weighted product, TOPSIS and PROMETHEE II are bare numpy arithmetic, each readable next
to its formula in the paper, and ``METHODS`` maps each method's name to the function that
scores a matrix's rows by it; ``compare_methods`` runs them all on a ``DecisionMatrix``
and reports where they disagree. PROMETHEE II's flows come from each criterion's sorted
values and prefix sums, O(n log n) time and O(n·m) memory, never the n × n preference
table. numpy (and scipy, for Kendall's tau) are imported inside the functions that use
them, so importing this module costs the CLI no start-up time.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from afweging.analysis.matrix import DecisionMatrix
from afweging.analysis.ties import TIE_TOLERANCE, competition_ranks
from afweging.models import Item, Preference

if TYPE_CHECKING:  # numpy is imported inside the functions at run time
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

Method = Literal["weighted-sum", "weighted-product", "topsis", "promethee-ii"]

RELATIVE_METHODS: tuple[Method, ...] = ("topsis", "promethee-ii")
"""Methods whose score of an item depends on the other items in the comparison."""


Thresholds = Sequence[tuple[float, float] | None]
"""Per criterion, PROMETHEE's (indifference q, strict preference p), or None for the usual
preference function; in the units of the matrix."""


class TopsisDetails(NamedTuple):
    """TOPSIS's intermediate tables as numpy arrays (items × criteria, or per criterion /
    per item)."""

    normalised: "NDArray[np.float64]"
    weighted: "NDArray[np.float64]"
    ideal: "NDArray[np.float64]"
    anti_ideal: "NDArray[np.float64]"
    distance_ideal: "NDArray[np.float64]"
    """S+: each item's Euclidean distance to the ideal."""
    distance_anti_ideal: "NDArray[np.float64]"
    """S−: each item's Euclidean distance to the anti-ideal."""


class TopsisResult(NamedTuple):
    """Relative closeness to the ideal per item (0 to 1, higher is better) and the working."""

    closeness: list[float]
    details: TopsisDetails


class PrometheeResult(NamedTuple):
    """PROMETHEE II's flows per item (φ = φ+ − φ−), and each criterion's share of them."""

    net_flow: list[float]
    positive_flow: list[float]
    negative_flow: list[float]
    criterion_flows: "NDArray[np.float64]"
    """Items × criteria: the weighted net flow each criterion contributes (rows sum to
    ``net_flow``)."""


class MethodRanking(NamedTuple):
    """One method's scores and ranks of the viable items, and its agreement with the
    weighted sum."""

    method: Method
    scores: tuple[float, ...]
    ranks: tuple[int, ...]
    tau: float | None
    """Kendall's tau-b between these ranks and the weighted sum's; None when undefined
    (fewer than two items, or one of the two methods ties them all)."""


class MethodDependentItem(NamedTuple):
    """A viable item whose position depends on the method (see ``compare_methods``)."""

    item: Item
    ranks: dict[str, int]
    """The item's rank under each method, by method name."""
    spread: int
    """Its worst rank minus its best rank over the methods."""
    top_under: tuple[str, ...]
    """The methods that rank it in the top k."""


class MethodComparison(NamedTuple):
    """The viable items ranked by every method, and the items the methods disagree on."""

    items: tuple[Item, ...]
    """The viable items, in weighted-sum rank order (ties by id); every per-item tuple
    and table below follows this order."""
    methods: tuple[MethodRanking, ...]
    """One entry per method, in the order of ``METHODS``."""
    dependent: tuple[MethodDependentItem, ...]
    top: int
    topsis: TopsisResult
    promethee: PrometheeResult


def weighted_sum(values: Sequence[Sequence[float]], shares: Sequence[float]) -> list[float]:
    """Total per item on 0–100: Σ weight share × value × 100 (values on 0–1, shares sum to 1)."""
    if any(len(row) != len(shares) for row in values):
        raise ValueError("every row needs one value per weight share")
    # min(): shares summing to 1 up to rounding could put a perfect item at 100.00000000000001.
    # map(mul) pairs each share with its value at C speed (a generator per row took twice
    # as long at 10,000 items).
    return [min(100.0, 100.0 * math.fsum(map(operator.mul, shares, row))) for row in values]


def weighted_product(
    values: "ArrayLike", weights: Sequence[float], sizes: Sequence[int]
) -> list[float]:
    """Weighted product per item on 0–100: 100 × Π u_j ^ w_j over the criteria with w_j > 0.

    The product needs strictly positive performances, and a value of 0 (the worst level)
    would zero it whatever the other scores. So each value v ∈ [0, 1] of a criterion
    whose scale has L levels is mapped to u = (v·(L−1) + 1) / L: the level's position
    counted from 1, divided by L. The worst level becomes 1/L, the best 1, and an item
    best on everything scores exactly 100. A value between levels (an assessor mean)
    maps linearly in between.
    """
    import numpy as np

    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if x.size == 0:
        return [100.0] * len(x)
    keep = w > 0
    levels = np.asarray(sizes, dtype=np.float64)[keep]
    u = (x[:, keep] * (levels - 1) + 1) / levels
    result: list[float] = (100.0 * np.prod(u ** w[keep], axis=1)).tolist()
    return result


def topsis(
    matrix: "ArrayLike",
    weights: Sequence[float],
    benefit: Sequence[bool] | None = None,
) -> TopsisResult:
    """Classic TOPSIS (Hwang & Yoon 1981) with its working.

    r_ij = x_ij / sqrt(Σ_i x_ij²) (vector normalisation; a column of zeros gets r = 0),
    v_ij = w_j r_ij, ideal A+ = max_i v_ij on a benefit criterion and min_i v_ij on a cost
    criterion, anti-ideal A− the other way round, S+ and S− the Euclidean distances to
    them, closeness C = S− / (S+ + S−). When S+ + S− = 0 (every item alike) C = 0.5: the
    item is as near the ideal as the anti-ideal. ``benefit`` is per criterion (default:
    all benefit). Needs at least one item.
    """
    import numpy as np

    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    gain = np.ones(x.shape[1], dtype=bool) if benefit is None else np.asarray(benefit, bool)
    norm = np.sqrt(np.einsum("ij,ij->j", x, x))
    r = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
    v = r * w
    top, bottom = v.max(axis=0), v.min(axis=0)
    ideal = np.where(gain, top, bottom)
    anti_ideal = np.where(gain, bottom, top)
    s_plus = np.sqrt(np.einsum("ij,ij->i", v - ideal, v - ideal))
    s_minus = np.sqrt(np.einsum("ij,ij->i", v - anti_ideal, v - anti_ideal))
    both = s_plus + s_minus
    closeness = np.divide(s_minus, both, out=np.full_like(both, 0.5), where=both > 0)
    details = TopsisDetails(r, v, ideal, anti_ideal, s_plus, s_minus)
    return TopsisResult(closeness.tolist(), details)


def promethee_ii(
    matrix: "ArrayLike",
    weights: Sequence[float],
    thresholds: Thresholds | None = None,
    tolerance: float = TIE_TOLERANCE,
) -> PrometheeResult:
    """PROMETHEE II (Brans & Vincke 1985): net outranking flow per item, higher is better.

    For each pair (a, b) and criterion j, d = x_aj − x_bj and P_j(d) is
    - the usual function, P = 1 if d > 0 else 0, when ``thresholds`` (or its entry for j)
      is None;
    - the linear function with indifference q and strict preference p (type V):
      0 for d ≤ q, (d − q)/(p − q) for q < d ≤ p, 1 for d > p; when p == q, the usual
      function shifted by q (P = 1 if d > q else 0).
    π(a, b) = Σ_j w_j P_j, φ+(a) = Σ_b π(a, b)/(n−1), φ−(a) = Σ_b π(b, a)/(n−1) and
    φ = φ+ − φ−. Differences within ``tolerance`` of q (or of 0) count as equal, so that
    float noise in d never turns indifference into preference. A single item has flows 0.

    Computed per criterion from the sorted values: Σ_b P(x_a − x_b) is the number of
    values at or below x_a − p, plus the values strictly between x_a − p and
    x_a − q − tolerance counted by their linear part, (count·(x_a − q) − their sum)/(p − q),
    with the sums from prefix sums; φ− likewise above x_a. O(n log n) per criterion.
    """
    import numpy as np

    x = np.asarray(matrix, dtype=np.float64)
    n = len(x)
    m = x.shape[1] if x.ndim == 2 else len(weights)
    if n < 2:  # a flow averages over the n − 1 other items
        return PrometheeResult([0.0] * n, [0.0] * n, [0.0] * n, np.zeros((n, m)))
    w = np.asarray(weights, dtype=np.float64)
    positive = np.empty((n, m))
    negative = np.empty((n, m))
    for j in range(m):
        limits = thresholds[j] if thresholds is not None else None
        q, p = limits if limits is not None else (0.0, 0.0)
        positive[:, j], negative[:, j] = _criterion_flows(x[:, j], q, p, tolerance)
    positive *= w / (n - 1)
    negative *= w / (n - 1)
    plus = positive.sum(axis=1)
    minus = negative.sum(axis=1)
    return PrometheeResult(
        (plus - minus).tolist(), plus.tolist(), minus.tolist(), positive - negative
    )


def _criterion_flows(
    column: "NDArray[np.float64]", q: float, p: float, tolerance: float
) -> "tuple[NDArray[np.float64], NDArray[np.float64]]":
    """Per item a: Σ_b P(x_a − x_b) and Σ_b P(x_b − x_a) for one criterion (unweighted)."""
    import numpy as np

    ordered = np.sort(column)
    n = len(ordered)
    edge = q + tolerance
    # P > 0 exactly when d > q + tolerance: for a over b, b below x_a − edge.
    below = np.searchsorted(ordered, column - edge, side="left")
    above = n - np.searchsorted(ordered, column + edge, side="right")
    if p - q <= tolerance:  # the usual function, shifted by q
        return below.astype(np.float64), above.astype(np.float64)
    prefix = np.concatenate(([0.0], np.cumsum(ordered)))
    span = p - q
    # Over b: fully preferred at or below x_a − p, linearly between that and x_a − edge.
    full_below = np.minimum(np.searchsorted(ordered, column - p, side="right"), below)
    count = below - full_below
    linear = count * (column - q) - (prefix[below] - prefix[full_below])
    over = full_below + linear / span
    # Under b: fully at or above x_a + p, linearly between x_a + edge and that.
    start = n - above
    full_start = np.maximum(np.searchsorted(ordered, column + p, side="left"), start)
    count = full_start - start
    linear = (prefix[full_start] - prefix[start]) - count * (column + q)
    under = (n - full_start) + linear / span
    return over, under


def thresholds_from_levels(
    preferences: Sequence[Preference | None], sizes: Sequence[int]
) -> list[tuple[float, float] | None]:
    """The framework's PROMETHEE thresholds, given in scale levels, in value units
    (``Preference.in_values``: a threshold of k levels on a scale of L levels is k/(L−1))."""
    return [
        None if preference is None else preference.in_values(size)
        for preference, size in zip(preferences, sizes, strict=True)
    ]


def kendall_tau(ranking_a: Sequence[float], ranking_b: Sequence[float]) -> float:
    """Kendall's tau-b between two rankings of the same items (ties allowed).

    tau-b = (C − D) / sqrt((N − T_a)(N − T_b)), with C and D the concordant and
    discordant pairs, N = n(n−1)/2 all pairs, T_a and T_b the pairs tied in a and in b.
    NaN when undefined: fewer than two items, or one ranking ties them all. By scipy's
    ``kendalltau`` (O(n log n)).
    """
    if len(ranking_a) < 2:
        return math.nan
    import numpy as np
    from scipy.stats import kendalltau  # type: ignore[import-untyped]

    a = np.asarray(ranking_a, dtype=np.float64)
    b = np.asarray(ranking_b, dtype=np.float64)
    if np.all(a == a[0]) or np.all(b == b[0]):
        return math.nan
    return float(kendalltau(a, b).statistic)


def rank_scores(scores: Sequence[float], tolerance: float) -> list[int]:
    """Rank = 1 + the number of scores more than ``tolerance`` higher (ties share a rank,
    the next is skipped: 1, 2, 2, 4), by the same function as ``ranking.py``."""
    return competition_ranks(list(scores), tolerance)


def tie_tolerance(method: Method, scores: Sequence[float]) -> float:
    """The tie tolerance for a method's scores: ``TIE_TOLERANCE`` points of 100 for the
    weighted sum and product; ``TIE_TOLERANCE`` × (max − min score) for TOPSIS and
    PROMETHEE II, whose scores have no fixed scale to measure noise against."""
    if method not in RELATIVE_METHODS or not scores:
        return TIE_TOLERANCE
    return TIE_TOLERANCE * (max(scores) - min(scores))


def scores(
    method: Method, matrix: DecisionMatrix, thresholds: Thresholds | None = None
) -> list[float | None]:
    """Each item's score under ``method``, for a total column, aligned with the items.

    Scales: weighted sum and weighted product 0–100 (100 = best on everything); TOPSIS
    closeness × 100 (0–100); PROMETHEE II net flow × 100 (−100 to 100). TOPSIS and
    PROMETHEE II score an item against the others, so they are computed among the viable
    items only (an item that fails a gate must not move the others) and give None for
    the items that fail a gate. ``thresholds`` are PROMETHEE's, in value units
    (``thresholds_from_levels``).
    """
    import numpy as np

    if method not in METHODS:
        raise ValueError(f"unknown method '{method}' — use one of: {', '.join(METHODS)}")
    values = np.asarray(matrix.values(), dtype=np.float64).reshape(-1, len(matrix.shares))
    if method not in RELATIVE_METHODS:
        return list(_scored(method, values, matrix, thresholds))
    viable = matrix.viable()
    found = iter(_scored(method, values[np.asarray(viable, dtype=bool)], matrix, thresholds))
    return [next(found) if ok else None for ok in viable]


def _scored(
    method: Method,
    values: "NDArray[np.float64]",
    matrix: DecisionMatrix,
    thresholds: Thresholds | None,
) -> list[float]:
    """The scores of these rows (a subset of the matrix's items) on the display scale."""
    return METHODS[method](values, matrix, thresholds) if len(values) else []


def _weighted_sum_scores(
    values: "NDArray[np.float64]", matrix: DecisionMatrix, thresholds: Thresholds | None
) -> list[float]:
    return weighted_sum(values.tolist(), matrix.shares)


def _weighted_product_scores(
    values: "NDArray[np.float64]", matrix: DecisionMatrix, thresholds: Thresholds | None
) -> list[float]:
    return weighted_product(values, matrix.shares, matrix.scale_sizes)


def _topsis_scores(
    values: "NDArray[np.float64]", matrix: DecisionMatrix, thresholds: Thresholds | None
) -> list[float]:
    return [100.0 * c for c in _topsis_weighted(matrix, values).closeness]


def _promethee_scores(
    values: "NDArray[np.float64]", matrix: DecisionMatrix, thresholds: Thresholds | None
) -> list[float]:
    return [100.0 * f for f in promethee_ii(values, matrix.shares, thresholds).net_flow]


MethodScores = Callable[["NDArray[np.float64]", DecisionMatrix, Thresholds | None], list[float]]
"""Scores rows of values (items × the matrix's criteria) on a method's display scale."""

METHODS: dict[Method, MethodScores] = {
    "weighted-sum": _weighted_sum_scores,
    "weighted-product": _weighted_product_scores,
    "topsis": _topsis_scores,
    "promethee-ii": _promethee_scores,
}
"""The aggregation methods by name, the default (the weighted sum) first, each with the
function that scores a matrix's rows by it; ``compare_methods`` runs every one."""


def _topsis_weighted(matrix: DecisionMatrix, values: "NDArray[np.float64]") -> TopsisResult:
    """TOPSIS on the weighted criteria only (gates weigh 0), all of them benefit criteria."""
    keep = [j for j, share in enumerate(matrix.shares) if share > 0]
    return topsis(values[:, keep], [matrix.shares[j] for j in keep])


def compare_methods(
    matrix: DecisionMatrix, thresholds: Thresholds | None = None, top: int = 5
) -> MethodComparison:
    """Rank the viable items by every method in ``METHODS`` and compare with the weighted sum.

    Each method ranks the viable items on its own score scale (see ``scores``) with the
    tie rule of ``rank_scores`` and ``tie_tolerance``; its agreement with the weighted
    sum is Kendall's tau-b between the two rank vectors. An item's position depends on
    the method when
    - its rank differs by 2 places or more between two methods (spread ≥ 2), or
    - it is in the top ``top`` (rank ≤ top, ties at the cut included) under at least one
      method and not under at least one other.
    Those items are listed in weighted-sum rank order with their rank under each method.
    ``thresholds`` are PROMETHEE's, per criterion, in value units.
    """
    import numpy as np

    entries = [
        (item, row)
        for item, row, ok in zip(matrix.items, matrix.values(), matrix.viable(), strict=True)
        if ok
    ]
    totals = weighted_sum([row for _, row in entries], matrix.shares)
    order = sorted(
        range(len(entries)),
        key=lambda i: (-totals[i], entries[i][0].id.casefold(), entries[i][0].id),
    )
    items = tuple(entries[i][0] for i in order)
    values = np.asarray([entries[i][1] for i in order], dtype=np.float64).reshape(
        -1, len(matrix.shares)
    )
    empty = TopsisResult([], TopsisDetails(*(np.zeros(0) for _ in range(6))))
    topsis_result = _topsis_weighted(matrix, values) if len(values) else empty
    promethee = promethee_ii(values, matrix.shares, thresholds)
    by_method = {m: _scored(m, values, matrix, thresholds) for m in METHODS}
    ranks = {m: rank_scores(s, tie_tolerance(m, s)) for m, s in by_method.items()}
    methods = tuple(
        MethodRanking(
            m, tuple(by_method[m]), tuple(ranks[m]), _tau(ranks["weighted-sum"], ranks[m])
        )
        for m in METHODS
    )
    dependent = []
    for index, item in enumerate(items):
        item_ranks: dict[str, int] = {m: ranks[m][index] for m in METHODS}
        spread = max(item_ranks.values()) - min(item_ranks.values())
        top_under = tuple(m for m in METHODS if item_ranks[m] <= top)
        if spread >= 2 or 0 < len(top_under) < len(METHODS):
            dependent.append(MethodDependentItem(item, item_ranks, spread, top_under))
    return MethodComparison(items, methods, tuple(dependent), top, topsis_result, promethee)


def _tau(reference: list[int], ranks: list[int]) -> float | None:
    tau = kendall_tau(reference, ranks)
    return None if math.isnan(tau) else tau
