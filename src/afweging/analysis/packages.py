"""Packages beyond the plain selection: the best package every assessor can accept, and
how far a funded item is from the cut, by the LP relaxation.

The programme is ``selection``'s: a 0/1 choice per candidate within the budget and the
staff limit, with requirements (x_i ≤ x_j) and exclusions (x_i + x_j ≤ 1), forced items
at 1 and barred or non-viable items at 0. Pure; numpy and scipy are imported inside the
functions.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afweging.analysis.selection import Candidate, Limits


def _rows(
    candidates: "Sequence[Candidate]", bounds: "Limits"
) -> tuple[list[list[float]], list[float], list[float]]:
    """The rows of the selection programme: the limits, the requirements, the exclusions
    (euros in thousands, which keeps the rows well scaled)."""
    from afweging.analysis.selection import EUR_TOLERANCE, FTE_TOLERANCE

    n = len(candidates)
    index = {c.id: i for i, c in enumerate(candidates)}
    rows: list[list[float]] = []
    low: list[float] = []
    high: list[float] = []
    if bounds.budget is not None:
        rows.append([c.eur / 1000.0 for c in candidates])
        low.append(-math.inf)
        high.append((bounds.budget + EUR_TOLERANCE) / 1000.0)
    if bounds.fte is not None:
        rows.append([c.fte for c in candidates])
        low.append(-math.inf)
        high.append(bounds.fte + FTE_TOLERANCE)
    for i, c in enumerate(candidates):
        for other, sign, limit in [(o, -1.0, 0.0) for o in c.requires] + [
            (o, 1.0, 1.0) for o in c.excludes
        ]:
            j = index.get(other)
            if j is not None and j != i:
                row = [0.0] * n
                row[i], row[j] = 1.0, sign
                rows.append(row)
                low.append(-math.inf)
                high.append(limit)
    return rows, low, high


def _column_bounds(
    candidates: "Sequence[Candidate]", forced: Collection[str], out: Collection[str]
) -> tuple[list[float], list[float]]:
    lower = [1.0 if c.id in forced else 0.0 for c in candidates]
    upper = [1.0 if c.viable and c.id not in out else 0.0 for c in candidates]
    return lower, upper


def unanimous_package(
    candidates: "Sequence[Candidate]",
    bounds: "Limits",
    forced: Collection[str],
    out: Collection[str],
    per_assessor: dict[str, dict[str, float]],
    status_quo: dict[str, float],
) -> frozenset[str] | None:
    """The most valuable package within the limits that every assessor values at least
    at the status quo (their own totals summed); None when there is none. Exact (HiGHS),
    with ``selection``'s tie rule: values within ``TIE`` are equal, then less spend."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

    from afweging.analysis.selection import TIE

    if not candidates:
        return frozenset()
    rows, low, high = _rows(candidates, bounds)
    for assessor, floor in status_quo.items():
        rows.append([per_assessor[c.id][assessor] for c in candidates])
        low.append(floor - TIE)
        high.append(math.inf)
    spend = math.fsum(c.eur for c in candidates) or 1.0
    cost = np.array([-c.value / TIE + 0.4 * c.eur / spend for c in candidates])
    lower, upper = _column_bounds(candidates, forced, out)
    if any(a > b for a, b in zip(lower, upper, strict=True)):
        return None
    result = milp(
        cost,
        integrality=np.ones(len(candidates)),
        bounds=Bounds(lower, upper),
        constraints=[LinearConstraint(np.array(rows), low, high)] if rows else [],
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2 or result.x is None:
        return None
    return frozenset(c.id for c, x in zip(candidates, result.x, strict=True) if x > 0.5)


def margin_lower_bounds(
    candidates: "Sequence[Candidate]",
    bounds: "Limits",
    forced: Collection[str],
    out: Collection[str],
    optimum: float,
) -> dict[str, float]:
    """For each item that may be chosen and is not forced, a lower bound on its margin:
    how many points its total may fall before no optimal package holds it.

    With LP* the relaxation's value and d_i the dual value of x_i ≤ 1, the relaxation
    without item i is worth at most LP* − d_i (the value of a linear programme is concave
    in a bound, and the dual value is a supergradient), and the best package without i at
    most that. So the margin, optimum − best without i, is at least optimum − LP* + d_i.
    Items the relaxation does not take in full get 0 (no claim)."""
    import numpy as np
    from scipy.optimize import linprog

    if not candidates:
        return {}
    rows, _, high = _rows(candidates, bounds)
    lower, upper = _column_bounds(candidates, forced, out)
    if any(a > b for a, b in zip(lower, upper, strict=True)):
        return {}
    # linprog takes A_ub x ≤ b_ub: every row here has only an upper limit
    result = linprog(
        -np.array([c.value for c in candidates]),
        A_ub=np.array(rows) if rows else None,
        b_ub=np.array(high) if rows else None,
        bounds=list(zip(lower, upper, strict=True)),
        method="highs",
    )
    if result.status != 0:
        return {}
    relaxed = -float(result.fun)
    duals: Any = -np.asarray(result.upper.marginals)
    found = {}
    for c, x, d, may in zip(candidates, result.x, duals, upper, strict=True):
        if c.id in forced or may == 0.0:
            continue
        full = x >= 1.0 - 1e-9
        found[c.id] = max(0.0, optimum - relaxed + float(d)) if full else 0.0
    return found
