"""Stability intervals: how far one weight may move before the ranking changes.

For each weighted criterion, the interval of its share (the other shares rescaled
proportionally) within which the complete order, or the set of items in the top k, stays
the same, and the pair of items that swaps first at each end. Exact: every item's total
is linear in the moving share, so the ends are break-even points of straight lines,
computed in closed form. Ranks follow ``ranking.py``'s tie rule; only viable items count.
Pure; numpy is imported inside the functions.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from afweging.analysis.methods import weighted_sum
from afweging.analysis.robustness import DEFAULT_TOP, check_inputs
from afweging.analysis.ties import TIE_TOLERANCE, competition_ranks

if TYPE_CHECKING:  # numpy is imported inside the functions at run time
    import numpy as np
    from numpy.typing import NDArray


ORDER_MAX_ITEMS = 2_000
"""Above this many viable items ``stability_intervals`` leaves the complete order's interval
out (None) and computes only the pairs that matter for the top-k set (O(k·n) per criterion
instead of O(n²))."""

_PAIR_CHUNK = 1 << 18
"""Pairs of items whose break-even points are computed at once."""

_EVENT_GROUP = 1e-12
"""Break-even points closer than this (in share) are one event: lines that meet in one
point give break-evens that differ by a few units in the last place."""


class Swap(NamedTuple):
    """The pair of items whose totals break even at one end of an interval.

    At the end itself their totals are equal; beyond it ``rising`` is above ``falling``
    (for a pair tied at the current weights: pulls ahead of it). Item positions are input
    positions (``DecisionMatrix.items``).
    """

    rising: int
    falling: int


class Interval(NamedTuple):
    """Range of one criterion's share within which something about the ranking holds.

    It holds at the current share and on the open interval (``lower``, ``upper``). An end
    with a swap is a break-even point: there, and beyond it, it no longer holds. An end
    without a swap (None) is the end of the range, 0 or 1, and it still holds there.
    """

    lower: float
    upper: float
    lower_swap: Swap | None
    upper_swap: Swap | None


class StabilityInterval(NamedTuple):
    """How far one weighted criterion's share may move, the other shares rescaled
    proportionally, before the complete order or the top-k set of viable items changes."""

    criterion: int
    """The criterion's position (``DecisionMatrix.criteria``)."""
    share: float
    """Its current share."""
    order: Interval | None
    """Where every viable item keeps its rank; None above ``ORDER_MAX_ITEMS`` viable items."""
    top_set: Interval
    """Where the set of viable items ranked ``top`` or better stays the same."""


# ------------------------------------------------------------------ stability intervals


def stability_intervals(
    values: Sequence[Sequence[float]],
    shares: Sequence[float],
    viable: Sequence[bool],
    top: int = DEFAULT_TOP,
) -> list[StabilityInterval]:
    """For each weighted criterion j, the interval of its share within which the complete order
    of the viable items, and the set of those ranked ``top`` or better, stay as they are.

    The share moves over [0, 1] as w(t) = t·e_j + (1 − t)/(1 − s_j)·s_rest: the other shares
    keep their proportions, and t = s_j is the framework. Each total is a straight line in t,
    so each pair of items breaks even at most once, at t = −Δa/Δb for the difference
    Δa + Δb·t of their totals; the order holds up to the nearest break-even on each side and
    the top-k set up to the nearest break-even that changes it (inside against outside, or
    splitting a tie at the cut). Exact, no grid.

    Ties, as in the ranking, are totals within ``TIE_TOLERANCE``. A pair tied at the current
    weights whose totals separate when the share moves ends the interval at the current share
    itself, on each side where they separate: the order then holds at that point only. A pair
    tied over the whole range (identical on everything that counts) never ends an interval.
    Pairs whose lines only meet at 0 or 1 end the interval there. The tie rule calls two
    totals tied 1e-9 points before their break-even, i.e. at most 1e-9/(100·|Δslope|) earlier
    in the share; the ends reported are the break-even points themselves.

    A criterion that carries all the weight cannot move (there is nothing to rescale): its
    intervals are the point 1.0. Complexity is O(n² m) for the order and O(k n m) for the
    top-k set; above ``ORDER_MAX_ITEMS`` viable items the order is left out (None).
    """
    import numpy as np

    check_inputs(values, shares, viable)
    if top < 1:
        raise ValueError("top must be at least 1")
    kept = [i for i, ok in enumerate(viable) if ok]
    rows = [values[i] for i in kept]
    current = np.array(weighted_sum(rows, shares), dtype=np.float64)
    inside = [p for p, r in enumerate(competition_ranks(current.tolist())) if r <= top]
    matrix = np.array(rows, dtype=np.float64).reshape(len(kept), len(shares))
    with_order = len(kept) <= ORDER_MAX_ITEMS
    order_pairs = _Pairs.of(np.triu_indices(len(kept), 1), current) if with_order else None
    top_pairs = _Pairs.of(_top_pairs(inside, len(kept)), current)
    # Each inside item's count of items above it, each outside item's count of inside items
    # above it: the top-k sweep's starting point, the same for every criterion.
    above = np.bincount(top_pairs.xs, weights=top_pairs.state == -1, minlength=len(kept))
    above += np.bincount(top_pairs.ys, weights=top_pairs.state == 1, minlength=len(kept))
    start_counts = [round(c) for c in above.tolist()]

    result: list[StabilityInterval] = []
    for j, share in enumerate(shares):
        if share <= 0:
            continue
        if share >= 1.0:
            fixed = Interval(1.0, 1.0, None, None)
            result.append(StabilityInterval(j, share, fixed if with_order else None, fixed))
            continue
        rest = [s if k != j else 0.0 for k, s in enumerate(shares)]
        start = np.array(
            [100.0 * math.fsum(s * v for s, v in zip(rest, row, strict=True)) for row in rows]
        ) / (1.0 - share)
        slope = 100.0 * matrix[:, j] - start
        order = None
        if order_pairs is not None:
            order = _order_interval(order_pairs, start, slope, share, kept)
        sweep = _Sweep(set(inside), top, start_counts)
        top_set = _top_interval(top_pairs.events(start, slope, share), top_pairs, sweep, kept)
        result.append(StabilityInterval(j, share, order, top_set))
    return result


class _Events(NamedTuple):
    """Per pair (x, y) and one side of the current share: where the pair's state changes.

    State: +1 when x is more than the tolerance above y, −1 when below, 0 when tied.
    """

    upward: bool
    happens: "NDArray[np.bool_]"
    at: "NDArray[np.float64]"
    meet: "NDArray[np.int64]"
    """The state at the event itself (0 when the totals break even there)."""
    after: "NDArray[np.int64]"
    """The state beyond the event (the same as ``meet`` at the end of the range)."""


class _Pairs(NamedTuple):
    """Pairs (x, y) of viable items (positions among them) and their state at the current
    weights, decided by the totals computed as ranking.py does."""

    xs: "NDArray[np.intp]"
    ys: "NDArray[np.intp]"
    state: "NDArray[np.int64]"

    @classmethod
    def of(
        cls, pairs: tuple["NDArray[np.intp]", "NDArray[np.intp]"], current: "NDArray[np.float64]"
    ) -> "_Pairs":
        import numpy as np

        xs, ys = pairs
        diff = current[xs] - current[ys]
        state = (diff > TIE_TOLERANCE).astype(np.int64) - (diff < -TIE_TOLERANCE)
        return cls(xs, ys, state)

    def events(
        self, start: "NDArray[np.float64]", slope: "NDArray[np.float64]", share: float
    ) -> tuple[_Events, _Events]:
        """Where each pair's state changes below and above ``share``, the totals being the
        lines start + slope·t."""
        import numpy as np

        da = start[self.xs] - start[self.ys]
        db = slope[self.xs] - slope[self.ys]
        with np.errstate(divide="ignore", invalid="ignore"):
            crossing = -da / db
        state = self.state
        sides = []
        for upward in (False, True):
            edge = 1.0 if upward else 0.0
            at_edge = da + db * edge if upward else da  # the difference at the end of the range
            # A pair apart now changes on this side if its difference reaches a tie by the end;
            # a pair tied now changes at once if it is no longer tied at the end.
            apart = (state != 0) & (state * at_edge <= TIE_TOLERANCE)
            separates = (state == 0) & (np.abs(at_edge) > TIE_TOLERANCE)
            low, high = (share, 1.0) if upward else (0.0, share)
            apart_at = np.clip(np.nan_to_num(crossing, nan=edge), low, high)
            at = np.where(separates, share, apart_at)
            meet = np.where(apart, 0, state)
            beyond = np.where(apart & (apart_at != edge), -state, meet)
            after = np.where(separates, np.sign(at_edge).astype(np.int64), beyond)
            sides.append(_Events(upward, apart | separates, at, meet, after))
        return sides[0], sides[1]

    def part(self, first: int, stop: int) -> "_Pairs":
        """The pairs from ``first`` up to ``stop``."""
        return _Pairs(self.xs[first:stop], self.ys[first:stop], self.state[first:stop])

    def swap(self, pair: int, events: _Events, kept: list[int]) -> Swap:
        """The pair as rising/falling (input positions), from its states around its event."""
        x, y = kept[int(self.xs[pair])], kept[int(self.ys[pair])]
        before, after = int(self.state[pair]), int(events.after[pair])
        if before > 0 or (before == 0 and after < 0):
            return Swap(rising=y, falling=x)
        return Swap(rising=x, falling=y)


def _order_interval(
    pairs: _Pairs,
    start: "NDArray[np.float64]",
    slope: "NDArray[np.float64]",
    share: float,
    kept: list[int],
) -> Interval:
    """The nearest state change of any pair on each side (pairs taken in chunks, to bound
    the memory: n² / 2 pairs are 2·10⁶ at 2,000 items)."""
    import numpy as np

    best: list[tuple[float, Swap] | None] = [None, None]
    for first in range(0, len(pairs.xs), _PAIR_CHUNK):
        part = pairs.part(first, first + _PAIR_CHUNK)
        for side, events in enumerate(part.events(start, slope, share)):
            candidates = np.flatnonzero(events.happens)
            if len(candidates) == 0:
                continue
            at = events.at[candidates]
            pick = int(candidates[np.argmin(at) if events.upward else np.argmax(at)])
            end = float(events.at[pick])
            held = best[side]
            if held is None or (end < held[0] if events.upward else end > held[0]):
                best[side] = (end, part.swap(pick, events, kept))
    lower, upper = best
    return Interval(
        lower[0] if lower else 0.0,
        upper[0] if upper else 1.0,
        lower[1] if lower else None,
        upper[1] if upper else None,
    )


def _top_pairs(inside: list[int], n: int) -> tuple["NDArray[np.intp]", "NDArray[np.intp]"]:
    """Every pair with at least one item inside the top-k set (x inside, x < y if both are)."""
    import numpy as np

    member = set(inside)
    pairs = [(x, y) for x in inside for y in range(n) if y != x and (y not in member or x < y)]
    xs, ys = np.array(pairs, dtype=np.intp).reshape(-1, 2).T
    return xs, ys


def _top_interval(
    sides: tuple[_Events, _Events], pairs: _Pairs, start: "_Sweep", kept: list[int]
) -> Interval:
    """Sweep the events of the pairs touching the top-k set outward from the current share.

    An inside item leaves when ``top`` or more items are above it; an outside item enters
    when fewer than ``top`` are. Pairs of two outside items never decide this: while the
    set holds, an outside item can only enter after enough inside items have stopped being
    above it, and the highest outside item then has no outside item above it. So it is
    enough to count, for each inside item, everything above it, and for each outside item,
    the inside items above it.
    """
    import numpy as np

    ends: list[tuple[float, Swap | None]] = []
    for events in sides:
        sweep = start.copy()
        chosen = np.flatnonzero(events.happens)
        outward = events.at[chosen] if events.upward else -events.at[chosen]
        chosen = chosen[np.argsort(outward, kind="stable")]
        at = events.at[chosen].tolist()
        end: tuple[float, Swap | None] = (1.0 if events.upward else 0.0, None)
        first = 0
        while first < len(at):
            last = first + 1
            while last < len(at) and abs(at[last] - at[first]) <= _EVENT_GROUP:
                last += 1
            found = sweep.changed_by(pairs, events, chosen[first:last].tolist())
            if found is not None:
                end = (at[first], pairs.swap(found, events, kept))
                break
            first = last
        ends.append(end)
    (lower, lower_swap), (upper, upper_swap) = ends
    return Interval(lower, upper, lower_swap, upper_swap)


class _Sweep:
    """Counts that say whether the top-k set still holds (see ``_top_interval``)."""

    def __init__(self, member: set[int], top: int, above: list[int]) -> None:
        self.member = member
        self.top = top
        self.above = list(above)
        """Inside item: the items above it. Outside item: the inside items above it."""
        self.violations = sum(self._broken(item) for item in range(len(above)))

    def copy(self) -> "_Sweep":
        """A fresh sweep from the same counts."""
        return _Sweep(self.member, self.top, self.above)

    def _broken(self, item: int) -> bool:
        count = self.above[item]
        return count >= self.top if item in self.member else count < self.top

    def _add(self, item: int, change: int) -> None:
        if change:
            self.violations -= self._broken(item)
            self.above[item] += change
            self.violations += self._broken(item)

    def changed_by(self, pairs: _Pairs, events: _Events, group: list[int]) -> int | None:
        """Apply a group of simultaneous events (first the ties at the point, then the states
        beyond it); return a pair of the group whose item changed membership, if any did."""
        for stage_from, stage_to in ((pairs.state, events.meet), (events.meet, events.after)):
            for pair in group:
                old, new = int(stage_from[pair]), int(stage_to[pair])
                x, y = int(pairs.xs[pair]), int(pairs.ys[pair])
                self._add(x, (new == -1) - (old == -1))
                self._add(y, (new == 1) - (old == 1))
            if self.violations:
                return next(
                    p
                    for p in group
                    if self._broken(int(pairs.xs[p])) or self._broken(int(pairs.ys[p]))
                )
        return None
