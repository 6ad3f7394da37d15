"""Aggregation methods over a decision matrix; each is a small function of plain values."""

from __future__ import annotations

import math
from collections.abc import Sequence


def weighted_sum(values: Sequence[Sequence[float]], shares: Sequence[float]) -> list[float]:
    """Total per item on 0–100: Σ weight share × value × 100 (values on 0–1, shares sum to 1)."""
    # min(): shares summing to 1 up to rounding could put a perfect item at 100.00000000000001.
    return [
        min(100.0, 100.0 * math.fsum(s * v for s, v in zip(shares, row, strict=True)))
        for row in values
    ]
