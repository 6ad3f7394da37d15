"""Ties: when two scores count as equal, and the competition ranks that follow.

One place for the tie rule, so that the ranking and every other method rank alike.
"""

from bisect import bisect_right

TIE_TOLERANCE = 1e-9
"""Scores closer than this are a tie: points of 100 for the weighted sum and product, a
share of the score range for TOPSIS and PROMETHEE II. Float noise, not a difference."""


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
