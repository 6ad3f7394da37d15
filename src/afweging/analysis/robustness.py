"""Robustness of the ranking against other weights: rank acceptability and stability intervals.

Two questions, both about the weighted criteria only (a gate's share is 0 and stays 0) and
both about the viable items only (an item that fails a gate is never ranked, whatever the
weights):

``acceptability``
    Monte Carlo rank acceptability in the style of SMAA-2: draw weight vectors, rank the
    items under each, and count how often each item takes each rank. Seeded; the sample
    count and the seed are parameters, and the same seed gives the same result.

``stability.stability_intervals`` (its own module)
    For each weighted criterion, how far its share may move before the order changes.

Ranks follow ``ranking.py``'s tie rule everywhere: a viable item's rank is 1 + the number
of viable items whose total is more than ``TIE_TOLERANCE`` (1e-9) points higher.

The module is pure (no printing, files or exit) and imports numpy inside its functions
only, so that importing it costs the command line nothing. Results are NamedTuples of plain
Python ints, floats and lists, ready for JSON.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

from afweging.analysis.ties import TIE_TOLERANCE

if TYPE_CHECKING:  # numpy is imported inside the functions at run time
    import numpy as np
    from numpy.typing import NDArray

DEFAULT_SEED = 20121101
"""The date of the IOB newsletter that the example portfolio builds on."""

DEFAULT_SAMPLES = 10_000
DEFAULT_TOP = 5

DEFAULT_CONCENTRATION = 100.0
"""Concentration c of the Dirichlet around the framework's shares (``weights="around"``).

The weights are drawn from Dirichlet(c·s) with s the framework's shares of the weighted
criteria, so each share keeps its mean s and varies with standard deviation
sqrt(s(1 − s)/(c + 1)). With c = 100 that is about ±4.3 points on a 25 % share, ±3.0 on
10 %, ±2.2 on 5 %: the spread of opinion one expects among people who broadly accept the
framework. Smaller c means more doubt about the weights (c = 10: ±13 points on 25 %).
"""

WeightSampling = Literal["around", "uniform"]
WEIGHTS: tuple[WeightSampling, ...] = ("around", "uniform")
"""How weights are sampled: around the framework's shares, or uniformly over the simplex."""

WINNING_MAX_ITEMS = 200
"""Above this many viable items the pairwise winning index is not computed (None).

It is an n × n table and costs n² comparisons per sample (4·10⁸ for 200 items and
10,000 samples: about 0.2 s on the 2-core development machine, where the rest takes
0.04 s); the rank acceptabilities stay O(n log n) per sample.
"""

BATCH_ELEMENTS = 1 << 18
"""Samples are ranked in batches of about this many totals (samples × distinct items): a
batch holds a handful of such arrays of 8-byte numbers, about 10 MB, whatever the number
of samples."""

PRODUCT_ROWS = 64
"""The product weights × values is done in slices of this many samples.

OpenBLAS hands larger products to its thread pool, and when the other cores are busy the
call waits for them: on the 2-core development machine under load, 16–32 ms for one call of
1,000 samples × 1,000 items × 12 criteria, against 0.4 ms on one thread. Threads buy
nothing for a product this thin (all 10,000 samples take about 5 ms on one thread), and
slices of 64 rows stay on one thread. On an idle machine slicing costs nothing measurable.
"""

PRODUCT_CELLS = 1 << 18
"""At most this many multiply-adds (samples × items × criteria) per call of the product.

Slices of ``PRODUCT_ROWS`` rows are not enough at thousands of items: one batch of 42
samples × 6,181 distinct items × 9 criteria (2.3·10⁶) still goes to the thread pool, and
on the loaded 2-core development machine the 239 batches of 10,000 samples took 5.8–7.7 s
(0.5 s at a quiet moment), against 0.15–0.25 s in column slices of at most 2¹⁸, which
OpenBLAS keeps on the calling thread.
"""

_WINNING_BLOCK = 1 << 22
"""Booleans compared at once for the winning index (samples × items × items)."""


class ItemAcceptability(NamedTuple):
    """How the ranks of one viable item spread over the sampled weights."""

    item: int
    """The item's position in the input (``DecisionMatrix.items``)."""
    rank_shares: "RankShares"
    """Share of the samples in which the item takes each rank: ``rank_shares[r - 1]`` for rank
    r, r = 1 … the number of viable items. With ties a rank can be shared and the next one
    skipped, as in the ranking. A read-only sequence that stores only the ranks the item
    takes (``list(...)`` gives every rank)."""
    top_share: float
    """Share of the samples in which the item's rank is ``top`` or better."""
    rank_p5: int
    """5th percentile of the rank: the smallest r with P(rank ≤ r) ≥ 0.05."""
    rank_p95: int
    """95th percentile of the rank: the smallest r with P(rank ≤ r) ≥ 0.95."""
    most_likely_rank: int
    """The rank taken most often (the best such rank when several are equally often)."""


class Acceptability(NamedTuple):
    """Monte Carlo rank acceptability of the viable items, with how it was sampled."""

    samples: int
    seed: int
    weights: str
    """``"around"`` the framework's shares, or ``"uniform"`` over the simplex."""
    concentration: float | None
    """The Dirichlet concentration for ``"around"``; None for ``"uniform"``."""
    top: int
    items: list[ItemAcceptability]
    """One entry per viable item, in input order."""
    excluded: list[int]
    """Input positions of the items that fail a gate: never ranked, so no acceptabilities."""
    winning: list[list[float]] | None
    """Pairwise winning index: ``winning[a][b]`` is the share of samples in which the total of
    ``items[a]`` is more than the tie tolerance above that of ``items[b]`` (rows and columns
    follow ``items``). None above ``winning_limit`` viable items."""


# --------------------------------------------------------------------------- validation


def check_inputs(
    values: Sequence[Sequence[float]], shares: Sequence[float], viable: Sequence[bool]
) -> None:
    if len(viable) != len(values):
        raise ValueError(f"{len(viable)} viability flags for {len(values)} items")
    if any(len(row) != len(shares) for row in values):
        raise ValueError(f"every row of values needs {len(shares)} values, one per criterion")
    if any(not (0.0 <= v <= 1.0) for row in values for v in row):
        raise ValueError("values must lie on [0, 1]")
    if any(not (0.0 <= s <= 1.0) for s in shares) or not math.isclose(
        math.fsum(shares), 1.0, abs_tol=1e-9
    ):
        raise ValueError("shares must lie on [0, 1] and sum to 1")


# ------------------------------------------------------------------ rank acceptability


def acceptability(
    values: Sequence[Sequence[float]],
    shares: Sequence[float],
    viable: Sequence[bool],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    weights: WeightSampling = "around",
    concentration: float = DEFAULT_CONCENTRATION,
    top: int = DEFAULT_TOP,
    batch: int | None = None,
    winning_limit: int = WINNING_MAX_ITEMS,
    progress: "Callable[[int, int], None] | None" = None,
) -> Acceptability:
    """Rank acceptability of the viable items over ``samples`` sampled weight vectors.

    ``values`` is items × criteria on [0, 1], ``shares`` the framework's weight shares (sum 1,
    gates 0) and ``viable`` per item whether it passes every gate. Only the weighted criteria
    (share > 0) are sampled: ``weights="around"`` draws Dirichlet(``concentration`` · shares),
    centred on the framework's shares with standard deviation sqrt(s(1 − s)/(c + 1)) per share
    s (see ``DEFAULT_CONCENTRATION``); ``weights="uniform"`` draws Dirichlet(1, …, 1), uniform
    over all weightings of those criteria, which uses no preference information at all.

    Each sample's totals are 100 × Σ weight · value and its ranks follow ``ranking.py``'s tie
    rule. The result is the same, byte for byte, for the same ``seed`` and ``samples``; the
    weights are drawn in the same order whatever ``batch`` (samples ranked at once, by
    default about ``BATCH_ELEMENTS`` / items), so it does not change the result either.
    Memory is bounded by the batch and by the items × ranks table of counts (2 bytes a cell
    up to 65,535 samples), not by ``samples``; each item keeps only the ranks it takes
    (``RankShares``). The pairwise winning index is computed up to ``winning_limit`` viable
    items (None above). ``progress(done, samples)`` is called after each batch.
    """
    import numpy as np

    check_inputs(values, shares, viable)
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")
    if samples < 1 or top < 1:
        raise ValueError("samples and top must be at least 1")
    if not (math.isfinite(concentration) and concentration > 0):
        raise ValueError("concentration must be a positive number")
    if batch is not None and batch < 1:
        raise ValueError("batch must be at least 1")

    kept = [i for i, ok in enumerate(viable) if ok]
    excluded = [i for i, ok in enumerate(viable) if not ok]
    weighted = [j for j, s in enumerate(shares) if s > 0]
    n_viable = len(kept)
    if n_viable == 0:
        empty: list[list[float]] | None = [] if winning_limit >= 0 else None
        return Acceptability(
            samples, seed, weights, _concentration(weights, concentration), top, [], excluded, empty
        )

    # Items identical on every weighted criterion tie in every sample: rank each distinct
    # row once and count it with its multiplicity.
    matrix = np.array([[values[i][j] for j in weighted] for i in kept], dtype=np.float64)
    rows, inverse, counts = np.unique(matrix, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    distinct = len(rows)
    scaled = np.ascontiguousarray(100.0 * rows.T)  # criteria × distinct rows, in points

    focus = np.array([shares[j] for j in weighted], dtype=np.float64)
    alpha = concentration * focus / focus.sum() if weights == "around" else np.ones(len(weighted))
    rng = np.random.default_rng(seed)
    per_batch = batch if batch is not None else max(1, BATCH_ELEMENTS // distinct)
    per_batch = min(per_batch, samples)

    # Counts per distinct row and rank: 2 bytes each while the samples fit (10,000 items
    # make a 10⁸-cell table: 200 MB, not the 800 MB of 8-byte counts).
    histogram = np.zeros(distinct * n_viable, dtype=_count_type(samples))
    wins = np.zeros((distinct, distinct), dtype=np.int64) if n_viable <= winning_limit else None
    # The totals, keys and scratch of a batch, allocated once (see ``_rank_keys``).
    work = np.empty((3, per_batch, distinct), dtype=np.float64)
    done = 0
    while done < samples:
        size = min(per_batch, samples - done)
        totals = _totals(rng.dirichlet(alpha, size=size), scaled, work[0, :size])
        keys = _rank_keys(totals, counts, n_viable, work[1, :size], work[2, :size])
        _count(histogram, keys)
        if wins is not None:
            _add_wins(wins, totals)
        done += size
        if progress is not None:
            progress(done, samples)

    shares_of = _summarise(histogram.reshape(distinct, n_viable), samples, top)
    items = [
        ItemAcceptability(index, *shares_of[row])
        for index, row in zip(kept, inverse.tolist(), strict=True)
    ]
    winning = None
    if wins is not None:
        expanded = wins[np.ix_(inverse, inverse)] / samples
        winning = expanded.tolist()
    return Acceptability(
        samples,
        seed,
        weights,
        _concentration(weights, concentration),
        top,
        items,
        excluded,
        winning,
    )


class RankShares(Sequence[float]):
    """An item's share of the samples per rank 1 … n, stored as the window of ranks from
    its best to its worst (every other rank has share 0): O(window) memory, so that 10,000
    items do not need 10⁸ numbers. Indexing, slicing, ``len`` and equality behave as the
    full list of n shares. The window holds counts in the table's own type (2 bytes a rank
    up to 65,535 samples, not 8): a share is computed when read, count / samples, the same
    float as dividing in numpy."""

    __slots__ = ("first", "length", "samples", "window")

    def __init__(
        self, length: int, first: int, window: "NDArray[np.unsignedinteger[Any]]", samples: int
    ) -> None:
        self.length = length
        self.first = first
        """The index (rank − 1) of the window's first share."""
        self.window = window
        """Samples in which the item takes each rank of the window."""
        self.samples = samples

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> list[float]: ...
    def __getitem__(self, index: int | slice) -> float | list[float]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        offset = index - self.first
        return int(self.window[offset]) / self.samples if 0 <= offset < len(self.window) else 0.0

    def __iter__(self) -> "Iterator[float]":
        yield from (0.0 for _ in range(self.first))
        yield from (v / self.samples for v in self.window.tolist())
        yield from (0.0 for _ in range(self.length - self.first - len(self.window)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(other) == self.length and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RankShares({list(self)!r})"


def _count(histogram: "NDArray[np.unsignedinteger[Any]]", keys: "NDArray[np.int64]") -> None:
    """Add one to the table at every key (keys may repeat), by ``np.add.at`` with a 1 of the
    table's own type: its fast path (numpy >= 1.25). Per 10⁶ keys into 6,181 × 6,273 cells:
    11–17 ms, against 67 ms for sorting the keys and adding per run of equal keys (the way
    before) and about 200 ms for ``np.add.at`` with a Python 1, which takes the slow path."""
    import numpy as np

    np.add.at(histogram, keys.reshape(-1), histogram.dtype.type(1))


def _count_type(samples: int) -> "type[np.unsignedinteger[Any]]":
    """The smallest unsigned integer type that counts up to ``samples``."""
    import numpy as np

    return np.uint16 if samples <= np.iinfo(np.uint16).max else np.uint64


_SUMMARY_ROWS = 256
"""Rows of the counts table summarised at once (the cumulative sums are 8 bytes a cell)."""


def _summarise(
    table: "NDArray[np.unsignedinteger[Any]]", samples: int, top: int
) -> list[tuple[RankShares, float, int, int, int]]:
    """Per distinct row: its rank shares, top share, 5th and 95th percentile rank and most
    likely rank, in slices of rows (memory O(slice × ranks), not O(rows × ranks)).

    A row's counts add up to ``samples``, so its cumulative counts give all four positions
    at once, by one bisection per row: the first rank taken (cumulative ≥ 1), the 5th and
    95th percentiles (≥ samples/20 and 19·samples/20, rounded up) and the last rank taken
    (= samples). At 6,181 rows × 6,273 ranks that took 0.6 s as comparisons of whole
    slices and 0.13–0.18 s this way."""
    import numpy as np

    distinct, n_viable = table.shape
    thresholds = np.array([1, -(-samples // 20), -(-19 * samples // 20), samples])
    cumulative = np.empty((min(distinct, _SUMMARY_ROWS), n_viable), dtype=np.int64)
    found = []
    for start in range(0, distinct, _SUMMARY_ROWS):
        part = table[start : start + _SUMMARY_ROWS]
        running = np.cumsum(part, axis=1, dtype=np.int64, out=cumulative[: len(part)])
        likely = (np.argmax(part, axis=1) + 1).tolist()
        within = (running[:, min(top, n_viable) - 1] / samples).tolist()
        for k in range(len(part)):
            first, p5, p95, last = np.searchsorted(running[k], thresholds).tolist()
            shares = RankShares(n_viable, first, part[k, first : last + 1].copy(), samples)
            found.append((shares, within[k], p5 + 1, p95 + 1, likely[k]))
    return found


def _concentration(weights: str, concentration: float) -> float | None:
    return float(concentration) if weights == "around" else None


def sample_ranks(
    values: Sequence[Sequence[float]], weights: Sequence[float], viable: Sequence[bool]
) -> list[int | None]:
    """The ranks of the items at one weight vector (None for items that fail a gate), by the
    same vectorised kernel ``acceptability`` uses for each sample."""
    import numpy as np

    check_inputs(values, weights, viable)
    kept = [i for i, ok in enumerate(viable) if ok]
    ranks: list[int | None] = [None] * len(values)
    if not kept:
        return ranks
    matrix = np.array([values[i] for i in kept], dtype=np.float64)
    rows, inverse, counts = np.unique(matrix, axis=0, return_inverse=True, return_counts=True)
    totals = _totals(np.array([weights], dtype=np.float64), np.ascontiguousarray(100.0 * rows.T))
    keys = _rank_keys(totals, counts, len(kept))[0]
    rank_of = {int(k) // len(kept): int(k) % len(kept) + 1 for k in keys}
    for index, row in zip(kept, inverse.reshape(-1).tolist(), strict=True):
        ranks[index] = rank_of[row]
    return ranks


def _totals(
    weights: "NDArray[np.float64]",
    scaled: "NDArray[np.float64]",
    out: "NDArray[np.float64] | None" = None,
) -> "NDArray[np.float64]":
    """Samples × distinct rows of totals in points, into ``out`` when given, in slices of
    ``PRODUCT_ROWS`` rows and at most ``PRODUCT_CELLS`` multiply-adds."""
    import numpy as np

    samples, criteria = weights.shape
    items = scaled.shape[1]
    if out is None:
        out = np.empty((samples, items), dtype=np.float64)
    rows = min(samples, PRODUCT_ROWS)
    columns = max(1, PRODUCT_CELLS // max(1, rows * criteria))
    for start in range(0, samples, rows):
        stop = start + rows
        for first in range(0, items, columns):
            last = first + columns
            np.matmul(weights[start:stop], scaled[:, first:last], out=out[start:stop, first:last])
    return out


def _rank_keys(
    totals: "NDArray[np.float64]",
    counts: "NDArray[np.int64]",
    n_viable: int,
    keys_buffer: "NDArray[np.float64] | None" = None,
    scratch_buffer: "NDArray[np.float64] | None" = None,
) -> "NDArray[np.int64]":
    """Per sample and distinct row: row × ``n_viable`` + (rank − 1), by the tie rule.

    Sorting is the cost to beat, so each total's 64-bit pattern (order-preserving for
    non-negative floats) has its low bits replaced by the row number and the keys are sorted
    in place: one sort yields both the order and, to within ``delta``, the sorted totals. A
    sample whose neighbouring keys are all more than the tolerance + 2·``delta`` apart is then
    exactly in order without ties, and each rank follows from its position; any other sample
    (a near-tie, rare once identical rows are merged) is ranked exactly by ``_exact_keys``.
    (A key is at most ``delta`` above its truncated total, which is at most ``delta`` below
    the total, so the gap between two keys is within 2·``delta`` of that of their totals.)

    The keys and the scratch go to the buffers when given (arrays of the shape of
    ``totals``, reused from batch to batch). Fresh arrays of a batch's size (2 MB each at
    6,000 rows) come from the system anew each time, and filling them costs a page fault per
    4 kB: measured at 10,000 items, about 1,500 faults per batch, and this function took
    4.3 s of a run of 10,000 samples, 2.4–2.9 s with the buffers (loaded 2-core machine).
    """
    import numpy as np

    distinct = totals.shape[1]
    bits = max(1, (distinct - 1).bit_length())
    low = np.int64((1 << bits) - 1)
    # Truncating ``bits`` bits moves a total of at most 128 points down by less than delta.
    delta = float(np.spacing(np.float64(128.0))) * (1 << bits)

    keys = (np.empty(totals.shape) if keys_buffer is None else keys_buffer).view(np.int64)
    scratch = (np.empty(totals.shape) if scratch_buffer is None else scratch_buffer).view(np.int64)
    np.bitwise_and(totals.view(np.int64), ~low, out=keys)
    keys |= np.arange(distinct, dtype=np.int64)
    keys.sort(axis=1)
    near: list[int] = []
    if distinct > 1:
        sorted_keys = keys.view(np.float64)
        gaps = scratch.view(np.float64)[:, : distinct - 1]
        np.subtract(sorted_keys[:, 1:], sorted_keys[:, :-1], out=gaps)
        near = np.flatnonzero(gaps.min(axis=1) <= TIE_TOLERANCE + 2 * delta).tolist()
    keys &= low  # now the row at each position, lowest total first
    if distinct == n_viable:
        below = np.arange(n_viable - 1, -1, -1, dtype=np.int64)  # rank − 1 at each position
    else:
        below = np.take(counts, keys, out=scratch, mode="clip")  # "raise" would buffer
        np.cumsum(below, axis=1, out=below)
        np.subtract(n_viable, below, out=below)
    keys *= n_viable
    keys += below
    for sample in near:
        keys[sample] = _exact_keys(totals[sample], counts, n_viable)
    return keys


def _exact_keys(
    totals: "NDArray[np.float64]", counts: "NDArray[np.int64]", n_viable: int
) -> "NDArray[np.int64]":
    """``_rank_keys`` for one sample, by ranking.py's rule literally (bisect on the sorted
    totals), each distinct row weighted by its number of items."""
    import numpy as np

    order = np.argsort(totals, kind="stable")
    ascending = totals[order]
    at_or_below = np.cumsum(counts[order])
    position = np.searchsorted(ascending, totals + TIE_TOLERANCE, side="right")
    rank_less_one = n_viable - at_or_below[position - 1]
    return np.arange(len(totals), dtype=np.int64) * n_viable + rank_less_one


def _add_wins(wins: "NDArray[np.int64]", totals: "NDArray[np.float64]") -> None:
    """Add, per pair of distinct rows (a, b), the samples where a is more than the tolerance
    above b."""
    import numpy as np

    distinct = totals.shape[1]
    # Blocks of at most 255 samples, so that the counts of a block fit in one byte.
    step = min(255, max(1, _WINNING_BLOCK // (distinct * distinct)))
    above = np.empty((step, distinct, distinct), dtype=np.bool_)
    for start in range(0, totals.shape[0], step):
        block = totals[start : start + step]
        out = above[: len(block)]
        np.greater(block[:, :, None], block[:, None, :] + TIE_TOLERANCE, out=out)
        wins += np.add.reduce(out.view(np.uint8), axis=0, dtype=np.uint8)
