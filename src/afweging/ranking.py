"""Totals → ranks, with ties, contributions and the margins that explain each place.

Tie rule: a viable item's rank is 1 + the number of viable items whose total is more
than ``TIE_TOLERANCE`` points higher. Equal totals therefore share a rank and the next
rank is skipped (1, 2, 2, 4), and float noise never splits a tie. Within a tie, and
among items that fail a gate, items are listed by id so that the order never depends
on the order of the file.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
import operator
from bisect import bisect_left, bisect_right
from itertools import chain, compress, repeat
from typing import NamedTuple

from afweging.matrix import DecisionMatrix, GateResult
from afweging.models import Item

TIE_TOLERANCE = 1e-9
"""Totals closer than this (in points of 100) are a tie: float noise, not a difference."""
_PASSED = operator.attrgetter("passed")


class Contribution(NamedTuple):
    """What one criterion adds to an item's total."""

    criterion: str
    symbol: str
    value: float
    share: float
    points: float
    missing: bool = False


class RankedItem(NamedTuple):
    """An item with its total, its place, and the working behind them."""

    item: Item
    total: float
    rank: int | None
    contributions: tuple[Contribution, ...]
    gates: tuple[GateResult, ...]
    score: float | None = None
    """The score the ranking method ranked by (the total for the weighted sum; None for
    an item failing a gate under TOPSIS or PROMETHEE II, which only compare viable items)."""

    @property
    def viable(self) -> bool:
        """True when the item passes every gate and so takes part in the ranking."""
        return self.rank is not None

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        """The gates the item does not pass."""
        return tuple(g for g in self.gates if not g.passed)


class Ranking(NamedTuple):
    """Viable items in rank order, followed by the items that fail a gate."""

    method: str
    items: tuple[RankedItem, ...]

    @property
    def viable(self) -> tuple[RankedItem, ...]:
        """The ranked items, best first (they come first: found by bisection)."""
        return self.items[: bisect_left(self.items, True, key=_unranked)]

    def top(self, n: int | None) -> tuple[RankedItem, ...]:
        """The viable items ranked ``n`` or better (a tie at the cut is kept whole); all
        items when ``n`` is None."""
        if n is None:
            return self.items
        return tuple(r for r in self.items if r.rank is not None and r.rank <= n)

    def find(self, item_id: str) -> RankedItem | None:
        """The entry of an item, matched by id (case-insensitively)."""
        key = item_id.casefold()
        return next((r for r in self.items if r.item.id.casefold() == key), None)

    def neighbours(self, item_id: str) -> tuple[RankedItem | None, RankedItem | None]:
        """The viable items listed just above and just below a viable item."""
        viable = self.viable
        index = next(i for i, r in enumerate(viable) if r.item.id == item_id)
        above = viable[index - 1] if index > 0 else None
        below = viable[index + 1] if index + 1 < len(viable) else None
        return above, below


def _unranked(entry: RankedItem) -> bool:
    return entry.rank is None


def competition_ranks(scores: list[float], tolerance: float = TIE_TOLERANCE) -> list[int]:
    """Rank = 1 + the number of scores more than ``tolerance`` higher: equal scores share
    a rank and the next is skipped (1, 2, 2, 4). The differences are compared exactly
    (``b - a > tolerance``), never through a rounded ``a + tolerance``."""
    ascending = sorted(scores)
    count = len(ascending)
    ranks = []
    for score in scores:
        index = bisect_right(ascending, score + tolerance)
        while index > 0 and ascending[index - 1] - score > tolerance:
            index -= 1
        while index < count and ascending[index] - score <= tolerance:
            index += 1
        ranks.append(1 + count - index)
    return ranks


def _working(
    matrix: DecisionMatrix,
) -> tuple[list[tuple[Contribution, ...]], list[float]]:
    """Every item's contributions and its total, ``weighted_sum``'s: 100 × Σ share × value
    (the same products summed by the same ``fsum``, so the same float to the last bit).

    The matrix shares one Cell between the items that give the same score, so each
    distinct cell's contribution and product is made once. They are keyed by the cell's
    identity (hashing a cell would hash its assessors' scores every time); the matrix
    keeps every cell alive meanwhile, so no identity is reused. A row is then a few
    lookups, made by ``map`` without a Python step per cell.
    """
    contribution_of: dict[int, Contribution] = {}
    product_of: dict[int, float] = {}
    contributions: list[tuple[Contribution, ...]] = []
    totals: list[float] = []
    fsum, contribution, product = math.fsum, contribution_of.__getitem__, product_of.__getitem__
    for row in matrix.cells:
        ids = list(map(id, row))
        try:
            made = tuple(map(contribution, ids))
        except KeyError:  # a cell not met before: make its contribution and product, once
            for cell, share in zip(row, matrix.shares, strict=True):
                if id(cell) not in product_of:
                    contribution_of[id(cell)] = Contribution(
                        cell.criterion, cell.symbol, cell.value, share,
                        100.0 * share * cell.value, cell.missing,
                    )  # fmt: skip
                    product_of[id(cell)] = share * cell.value
            made = tuple(map(contribution, ids))
        contributions.append(made)
        # min(): shares summing to 1 up to rounding could make a perfect item 100.00000000000001
        totals.append(min(100.0, 100.0 * fsum(map(product, ids))))
    return contributions, totals


def rank_matrix(
    matrix: DecisionMatrix,
    method: str = "weighted-sum",
    thresholds: list[tuple[float, float] | None] | None = None,
) -> Ranking:
    """Rank a decision matrix (by weighted sum unless ``method`` names another of
    ``mcda.METHODS``); the totals and contributions are always the weighted sum's, the
    working every method is explained by. Gate failures are listed apart."""
    contributions, totals = _working(matrix)
    scores: list[float | None] = list(totals)
    tolerance = TIE_TOLERANCE
    if method != "weighted-sum":
        from afweging import mcda

        scores = mcda.scores(method, matrix, thresholds)  # type: ignore[arg-type]
        present = [s for s in scores if s is not None]
        tolerance = mcda.tie_tolerance(method, present)  # type: ignore[arg-type]
    count = len(totals)
    items = matrix.items
    passes = [all(map(_PASSED, gates)) for gates in matrix.gates]
    viable = list(compress(range(count), passes))
    viable.sort(key=lambda i: (-(scores[i] or 0.0), items[i].id.casefold(), items[i].id))
    ranks: list[int | None] = [None] * count
    for index, rank in zip(
        viable, competition_ranks([scores[i] or 0.0 for i in viable], tolerance), strict=True
    ):
        ranks[index] = rank
    failed = list(compress(range(count), map(operator.not_, passes)))
    failed.sort(key=lambda i: (-totals[i], items[i].id.casefold(), items[i].id))
    # Each RankedItem is made by tuple.__new__ (its fields in order: no Python call each),
    # in the order of the file, the order of the items themselves: the review then visits
    # both in the order they lie in memory.
    made = list(
        map(
            tuple.__new__,
            repeat(RankedItem),
            zip(items, totals, ranks, contributions, matrix.gates, scores, strict=True),
        )
    )
    ranked = tuple(map(made.__getitem__, chain(viable, failed)))
    return Ranking(method, ranked)
