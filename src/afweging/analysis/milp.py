"""The one door to the solver: 0/1 programmes solved by HiGHS, quietly and reusably.

``BinaryProgramme`` holds one model, built once from sparse arrays, and solves it again
after its column bounds, row limits or objective change, so a series of related solves
(the explanations of left-out items) pays for the model once. HiGHS runs with its output
off: nothing reaches stdout or stderr, from any thread, at any size.

Why highspy and not ``scipy.optimize.milp``: the HiGHS inside scipy (1.12 in scipy 1.17)
prints a debug line straight to the process's stdout when it repairs a solution
(``HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();``), which no
option silences; HiGHS 1.13 removed it. highspy also keeps a model between solves and
solves its LP relaxation. ``highspy._core._Highs`` is the binding itself: the Python
wrapper ``highspy.Highs`` prints a banner on construction, before any option can be set.

A solve that ends in anything but an optimum or infeasibility (a numerical failure, an
interrupt) raises ``SolverError``: the caller decides whether that sinks the result or
only one explanation in it. highspy and numpy are imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from highspy._core import _Highs
    from numpy.typing import ArrayLike, NDArray


DEFAULT_GAP = 1e-6
"""HiGHS's own absolute gap."""


class SolverError(RuntimeError):
    """HiGHS ended without an optimum and without proving the programme infeasible."""


class BinaryProgramme:
    """Minimise cost · x over x ∈ {0, 1}ⁿ with lower ≤ A x ≤ upper and per-column bounds.

    ``rows``, ``cols`` and ``coefficients`` give A's nonzeros (COO); ``allowed`` is False
    for columns that must stay 0. ``solve`` returns the chosen columns as a boolean array,
    or None when no x meets the constraints; ``relax`` solves the LP relaxation.
    """

    def __init__(
        self,
        cost: ArrayLike,
        rows: ArrayLike,
        cols: ArrayLike,
        coefficients: ArrayLike,
        lower: ArrayLike,
        upper: ArrayLike,
        allowed: ArrayLike,
    ) -> None:
        import numpy as np

        self.cost = np.asarray(cost, dtype=np.float64)
        n = len(self.cost)
        self.lower = np.asarray(lower, dtype=np.float64)
        self.upper = np.asarray(upper, dtype=np.float64)
        self.col_upper = np.asarray(allowed, dtype=np.float64)
        self.col_lower = np.zeros(n)
        self.matrix = _Columns(
            np.asarray(rows, dtype=np.int64),  # an empty list would be an array of floats
            np.asarray(cols, dtype=np.int64),
            np.asarray(coefficients, dtype=np.float64),
            n,
        )
        self.highs = _model(self, integer=True)
        self.presolve = True
        self.lp: _Highs | None = None
        """The LP relaxation, a model of its own (built at the first ``relax``): an LP
        solved in the 0/1 model, its integrality switched off and on again, left HiGHS
        in a state in which a later 0/1 solve returned a set worse than the optimum."""

    def tune(self, options: dict[str, bool | float | int]) -> None:
        """Set HiGHS options for the solves to come (see ``series_options``)."""
        for option, value in options.items():
            _check(self.highs.setOptionValue(option, value), option)

    def set_presolve(self, on: bool) -> None:
        """Run HiGHS's presolve (as ``_OPTIONS`` sets it) or not, for the solves to come."""
        if on != self.presolve:
            _check(self.highs.setOptionValue("presolve", "choose" if on else "off"), "presolve")
            self.presolve = on

    def set_cost(self, cost: ArrayLike, gap: float = DEFAULT_GAP) -> None:
        """Replace the objective; ``gap`` is how far above the optimum (in the objective's
        units) a solution may be and still end the search."""
        import numpy as np

        self.cost = np.asarray(cost, dtype=np.float64)
        n = len(self.cost)
        _check(self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), self.cost), "cost")
        _check(self.highs.setOptionValue("mip_abs_gap", gap), "gap")

    def set_row(self, row: int, lower: float, upper: float) -> None:
        """Change the limits of one row (±inf to drop a side)."""
        if self.lower[row] != lower or self.upper[row] != upper:
            self.lower[row], self.upper[row] = lower, upper
            _check(self.highs.changeRowBounds(row, lower, upper), "row bounds")

    def set_columns(self, lower: NDArray[np.float64], upper: NDArray[np.float64]) -> None:
        """Change the bounds of every column whose bounds differ from the current ones."""
        import numpy as np

        changed = np.flatnonzero((lower != self.col_lower) | (upper != self.col_upper))
        if len(changed):
            self.col_lower[changed] = lower[changed]
            self.col_upper[changed] = upper[changed]
            status = self.highs.changeColsBounds(
                len(changed),
                changed.astype(np.int32),
                self.col_lower[changed].copy(),
                self.col_upper[changed].copy(),
            )
            _check(status, "column bounds")

    def solve(self, *, strict: bool = False) -> NDArray[np.bool_] | None:
        """The optimal x as booleans; None when the programme is infeasible. ``strict``:
        with integrality to ``STRICT_INTEGRALITY``, for this solve only."""
        import numpy as np

        if len(self.cost) == 0:
            return np.zeros(0, dtype=bool) if self._empty_fits() else None
        if np.any(self.col_lower > self.col_upper):
            return None
        # Every solve starts afresh: from a previous solve's solution HiGHS kept a set as
        # good as the optimum up to its tolerances but worse by the tie-break, so the same
        # question got another answer depending on what was asked before.
        self.highs.clearSolver()
        if strict:
            _check(
                self.highs.setOptionValue("mip_feasibility_tolerance", STRICT_INTEGRALITY),
                "tolerance",
            )
        try:
            self.highs.run()
        finally:
            if strict:
                self.highs.setOptionValue("mip_feasibility_tolerance", _INTEGRALITY)
        if _status(self.highs) == "infeasible":
            return None
        return np.asarray(self.highs.getSolution().col_value) > 0.5

    def relax(self) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
        """The LP relaxation's x and reduced costs; None when it is infeasible."""
        import numpy as np

        n = len(self.cost)
        if n == 0 or np.any(self.col_lower > self.col_upper):
            return None
        if self.lp is None:
            self.lp = _model(self, integer=False)
        else:
            columns = np.arange(n, dtype=np.int32)
            _check(self.lp.changeColsCost(n, columns, self.cost), "cost")
            status = self.lp.changeColsBounds(n, columns, self.col_lower, self.col_upper)
            _check(status, "column bounds")
            for row, (lower, upper) in enumerate(zip(self.lower, self.upper, strict=True)):
                _check(self.lp.changeRowBounds(row, lower, upper), "row bounds")
        self.lp.run()
        try:
            model = _status(self.lp)
        except SolverError:
            # Warm-started from the previous relaxation, HiGHS now and then ended in
            # "Unknown" (seeds 3553026715 and 2726394081 of the exhaustive test); from
            # scratch it solved.
            self.lp.clearSolver()
            self.lp.run()
            model = _status(self.lp)
        if model == "infeasible":
            return None
        solution = self.lp.getSolution()
        return np.asarray(solution.col_value), np.asarray(solution.col_dual)

    def _empty_fits(self) -> bool:
        return bool(((self.lower <= 0) & (self.upper >= 0)).all())


_PROBING, _ENUMERATION = 1 << 15, 1 << 16
"""The bits of HiGHS's presolve rules "Probing" and "Enumeration" in ``presolve_rule_off``
(HiGHS 1.16; ``log_dev_level`` 1 lists the rules and their bits)."""

_OPTIONS: dict[str, bool | float | int] = {
    "output_flag": False,
    "mip_rel_gap": 0.0,
    "threads": 1,
    "presolve_rule_off": _PROBING | _ENUMERATION,
}
"""No output at all; solve to optimality (the absolute gap stays HiGHS's 1e-6, in the
objective's units). One thread: these programmes are small and solved many times, and
HiGHS's worker threads cost more than they bring (a third of a 400-item solve on the
2-core development machine under load). HiGHS's primal heuristics stay on: without them
a 1,000-item portfolio of the benchmark took 30 times as long.

Presolve without its rules "Probing" and "Enumeration". On these programmes (value
coefficients near 1e8, in units of ``TIE``, and a value target half a unit below a set's
worth) each of them now and then cut off the optimum: HiGHS returned a dearer set as the
least cost, declared a feasible programme infeasible, or left out of the best set an item
that still fitted (23 points lost). Checked against every subset of the exhaustive test's
portfolios: 16 wrong answers and one failure in 12,171 solves with both rules on, none
without them.
Without presolve altogether, too, but one 1,000-item solve took 20 times as long; without
the two rules a 1,000-item ``select`` takes as long as with them, a 100-item one 1.3 times
as long (61 ms against 47 ms, medians of 15 in the same run)."""


STRICT_INTEGRALITY = 1e-10
"""Integrality for ``solve(strict=True)``: the least HiGHS allows (its default is 1e-6).

A column within the integrality tolerance of 0 counts as 0, yet adds its fraction of its
coefficient to every row, and the value row's coefficients are up to 1e8 (units of
``TIE``): at 1e-6 a 49-point item at 6.7e-7 added 32.5 units, and a least-cost solve
returned a set 32.5 units short of its target (seed 2458931488 of the exhaustive
explanation test: an extra of EUR 59,000 where EUR 983,000 was needed). At 1e-10 such a
fraction adds at most 0.01 units, and that solve is right. It is not the default: with it
for every solve the exhaustive test failed 7 times in 111,875 examples (extras too large),
so it is only the second try of a solve whose answer fails its own check."""
_INTEGRALITY = 1e-6
"""HiGHS's default integrality tolerance, which every other solve keeps."""

SMALL = 300
"""Up to this many columns a series of solves runs with ``series_options``."""


def series_options(columns: int) -> dict[str, bool | float | int]:
    """Options for a series of related solves of one programme (the explanations).

    They change how HiGHS searches, never what it returns (an optimum, to the same gap).
    Up to ``SMALL`` columns a solve ends at its root node, and HiGHS's restart after the
    root, its feasibility jump and its sub-MIP heuristics (RINS, RENS) were most of it:
    without them the explanations of the 100-item portfolio of ``benchmarks/heavy.py``
    took half the time, with the same answers. At 1,000 items the sub-MIPs are what finds
    the optimum (without them the best set with its tie-break took 15 times as long), so
    larger programmes keep HiGHS's defaults."""
    if columns > SMALL:
        return {}
    return {
        "mip_allow_restart": False,
        "mip_heuristic_run_feasibility_jump": False,
        "mip_heuristic_run_rins": False,
        "mip_heuristic_run_rens": False,
    }


class _Columns:
    """A sparse matrix by columns (HiGHS's compressed column form) built from its nonzeros
    (COO), entries at the same place added up. numpy only: importing scipy.sparse for this
    cost a tenth of a second of every start of ``select``."""

    def __init__(
        self, rows: NDArray[np.int_], cols: NDArray[np.int_], data: NDArray[np.float64], n: int
    ) -> None:
        import numpy as np

        order = np.lexsort((rows, cols))
        rows, cols, data = rows[order], cols[order], data[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        starts = np.flatnonzero(first)
        self.rows = rows[first].astype(np.int32)
        self.data = np.add.reduceat(data, starts) if len(data) else data
        counts = np.bincount(cols[first], minlength=n)
        self.starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)


def _model(programme: BinaryProgramme, *, integer: bool) -> _Highs:
    """A quiet HiGHS model of the programme as it stands (0/1, or its LP relaxation)."""
    import numpy as np
    from highspy._core import _Highs

    n = len(programme.cost)
    highs = _Highs()
    for option, value in _OPTIONS.items():
        highs.setOptionValue(option, value)
    matrix = programme.matrix
    status = highs.passModel(
        n,
        len(programme.lower),
        len(matrix.data),
        1,  # column-wise
        1,  # minimise
        0.0,
        programme.cost,
        programme.col_lower,
        programme.col_upper,
        programme.lower,
        programme.upper,
        matrix.starts,
        matrix.rows,
        matrix.data,
        np.full(n, 1 if integer else 0, dtype=np.int32),
    )
    _check(status, "passModel")
    return highs


def _status(highs: _Highs) -> str:
    from highspy._core import HighsModelStatus

    model = highs.getModelStatus()
    if model == HighsModelStatus.kOptimal:
        return "optimal"
    if model in (HighsModelStatus.kInfeasible, HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible"
    raise SolverError(f"the solver failed: {highs.modelStatusToString(model)}")


def _check(status: object, what: str) -> None:
    from highspy._core import HighsStatus

    if status == HighsStatus.kError:
        raise SolverError(f"the solver refused the model ({what})")
