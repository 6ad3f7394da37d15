"""Totals → ranks, with ties, contributions and the margins that explain each place.

Tie rule: a viable item's rank is 1 + the number of viable items whose total is more
than ``TIE_TOLERANCE`` points higher. Equal totals therefore share a rank and the next
rank is skipped (1, 2, 2, 4), and float noise never splits a tie. Within a tie, and
among items that fail a gate, items are listed by id so that the order never depends
on the order of the file.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import operator
from bisect import bisect_left
from itertools import chain, compress, repeat
from typing import NamedTuple

from afweging.analysis.matrix import DecisionMatrix, GateResult
from afweging.analysis.methods import scores as method_scores
from afweging.analysis.methods import tie_tolerance, weighted_sum
from afweging.analysis.ties import TIE_TOLERANCE, competition_ranks
from afweging.models import Item

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


def _contributions(matrix: DecisionMatrix) -> list[tuple[Contribution, ...]]:
    """Each item's contribution per criterion, made column by column. A contribution
    depends only on the cell and its criterion's share, and a large portfolio has a few
    distinct cells per criterion, so each distinct one is made once and shared by the
    items that have it, as the cells themselves are (``build_matrix``): 130,000
    NamedTuples at 10,000 items made one by one took a third of the analysis. The
    columns are walked with C-level ``map`` and ``zip``, not a Python loop per cell."""
    if not matrix.shares or not matrix.cells:
        return [() for _ in matrix.cells]
    columns = []
    for column, share in zip(zip(*matrix.cells, strict=True), matrix.shares, strict=True):
        made = {
            c: Contribution(c.criterion, c.symbol, c.value, share, 100.0 * share * c.value,
                            c.missing)
            for c in dict.fromkeys(column)
        }  # fmt: skip
        columns.append(map(made.__getitem__, column))
    return list(zip(*columns, strict=True))


def rank_matrix(
    matrix: DecisionMatrix,
    method: str = "weighted-sum",
    thresholds: list[tuple[float, float] | None] | None = None,
) -> Ranking:
    """Rank a decision matrix (by weighted sum unless ``method`` names another of
    ``mcda.METHODS``); the totals and contributions are always the weighted sum's, the
    working every method is explained by. Gate failures are listed apart."""
    contributions = _contributions(matrix)
    totals = weighted_sum(matrix.values(), matrix.shares)
    scores: list[float | None] = list(totals)
    tolerance = TIE_TOLERANCE
    if method != "weighted-sum":
        scores = method_scores(method, matrix, thresholds)  # type: ignore[arg-type]
        present = [s for s in scores if s is not None]
        tolerance = tie_tolerance(method, present)  # type: ignore[arg-type]
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
