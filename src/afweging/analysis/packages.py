"""Packages beyond the plain selection: the best package every assessor can accept, and
how far a funded item is from the cut, by the LP relaxation.

The programme is ``selection``'s: a 0/1 choice per candidate within the budget and the
staff limit, with requirements (x_i ≤ x_j) and exclusions (x_i + x_j ≤ 1), forced items
at 1 and barred or non-viable items at 0, solved by HiGHS through ``milp`` (quietly).
Pure; numpy and highspy are imported inside the functions.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afweging.analysis.selection import Candidate, Limits


def _programme(
    candidates: "Sequence[Candidate]", bounds: "Limits", cost: Any, extra: Sequence[Any] = ()
) -> Any:
    """The selection programme as a ``milp.BinaryProgramme`` (sparse): the limits (euros
    in thousands, which keeps the rows well scaled), the requirements, the exclusions,
    and ``extra`` rows given as (coefficients per candidate, lower limit)."""
    import numpy as np

    from afweging.analysis.milp import BinaryProgramme
    from afweging.analysis.selection import EUR_TOLERANCE, FTE_TOLERANCE

    n = len(candidates)
    index = {c.id: i for i, c in enumerate(candidates)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    low: list[float] = []
    high: list[float] = []

    def row(entries: Sequence[tuple[int, float]], lower: float, upper: float) -> None:
        for col, value in entries:
            rows.append(len(low))
            cols.append(col)
            values.append(value)
        low.append(lower)
        high.append(upper)

    if bounds.budget is not None:
        upper = (bounds.budget + EUR_TOLERANCE) / 1000.0
        row([(i, c.eur / 1000.0) for i, c in enumerate(candidates)], -math.inf, upper)
    if bounds.fte is not None:
        row([(i, c.fte) for i, c in enumerate(candidates)], -math.inf, bounds.fte + FTE_TOLERANCE)
    for i, c in enumerate(candidates):
        links = [(o, -1.0, 0.0) for o in c.requires] + [(o, 1.0, 1.0) for o in c.excludes]
        for other, sign, limit in links:
            j = index.get(other)
            if j is not None and j != i:
                row([(i, 1.0), (j, sign)], -math.inf, limit)
    for coefficients, floor in extra:
        row(list(enumerate(coefficients)), floor, math.inf)
    allowed = np.ones(n)
    index_of = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    return BinaryProgramme(cost, *index_of, values, low, high, allowed)


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

    from afweging.analysis.selection import TIE

    if not candidates:
        return frozenset()
    lower, upper = _column_bounds(candidates, forced, out)
    if any(a > b for a, b in zip(lower, upper, strict=True)):
        return None
    spend = math.fsum(c.eur for c in candidates) or 1.0
    cost = np.array([-c.value / TIE + 0.4 * c.eur / spend for c in candidates])
    floors = [
        ([per_assessor[c.id][assessor] for c in candidates], floor - TIE)
        for assessor, floor in status_quo.items()
    ]
    programme = _programme(candidates, bounds, cost, floors)
    programme.set_columns(np.array(lower), np.array(upper))
    chosen = programme.solve()
    if chosen is None:
        return None
    return frozenset(c.id for c, x in zip(candidates, chosen.tolist(), strict=True) if x)


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

    from afweging.analysis.milp import SolverError

    if not candidates:
        return {}
    lower, upper = _column_bounds(candidates, forced, out)
    if any(a > b for a, b in zip(lower, upper, strict=True)):
        return {}
    values = np.array([c.value for c in candidates])
    programme = _programme(candidates, bounds, -values)
    programme.set_columns(np.array(lower), np.array(upper))
    try:
        relaxation = programme.relax()
    except SolverError:  # no bounds, no claims: every margin is then solved exactly
        return {}
    if relaxation is None:
        return {}
    x, reduced = relaxation
    relaxed = float(values @ x)
    # The reduced cost of a column at its upper bound is the dual value of x_i ≤ 1, with
    # the sign of a minimisation (≤ 0): its negative is d_i.
    found = {}
    for c, xi, d, may in zip(candidates, x.tolist(), reduced.tolist(), upper, strict=True):
        if c.id in forced or may == 0.0:
            continue
        full = xi >= 1.0 - 1e-9
        found[c.id] = max(0.0, optimum - relaxed - d) if full else 0.0
    return found
