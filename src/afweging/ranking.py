"""Totals → ranks, with ties, contributions and the margins that explain each place.

Tie rule: a viable item's rank is 1 + the number of viable items whose total is more
than ``TIE_TOLERANCE`` points higher. Equal totals therefore share a rank and the next
rank is skipped (1, 2, 2, 4), and float noise never splits a tie. Within a tie, and
among items that fail a gate, items are listed by id so that the order never depends
on the order of the file.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

from bisect import bisect_right
from typing import NamedTuple

from afweging.matrix import DecisionMatrix, GateResult
from afweging.methods import weighted_sum
from afweging.models import Item

TIE_TOLERANCE = 1e-9
"""Totals closer than this (in points of 100) are a tie: float noise, not a difference."""


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
        """The ranked items, best first."""
        return tuple(r for r in self.items if r.viable)

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


def rank_matrix(matrix: DecisionMatrix) -> Ranking:
    """Rank a decision matrix by weighted sum; gate failures are listed apart."""
    totals = weighted_sum(matrix.values(), matrix.shares)
    entries = []
    for item, row, gates, total in zip(
        matrix.items, matrix.cells, matrix.gates, totals, strict=True
    ):
        contributions = tuple(
            Contribution(
                cell.criterion,
                cell.symbol,
                cell.value,
                share,
                100.0 * share * cell.value,
                cell.missing,
            )
            for cell, share in zip(row, matrix.shares, strict=True)
        )
        entries.append((item, total, contributions, gates))
    entries.sort(key=lambda e: (-e[1], e[0].id.casefold(), e[0].id))
    viable = [e for e in entries if all(g.passed for g in e[3])]
    ascending = sorted(e[1] for e in viable)
    ranked = [
        RankedItem(
            item,
            total,
            1 + len(ascending) - bisect_right(ascending, total + TIE_TOLERANCE),
            contributions,
            gates,
        )
        for item, total, contributions, gates in viable
    ]
    failed = [
        RankedItem(item, total, None, contributions, gates)
        for item, total, contributions, gates in entries
        if not all(g.passed for g in gates)
    ]
    return Ranking("weighted-sum", (*ranked, *failed))
