"""What it would take to bring a left-out item in: exact facts, few solves.

For each item that an optimal selection leaves out, three facts, each exact:

- the swap: the best set that holds the item at the current limits (the objective and tie
  rule of ``select``): the chosen items it would replace (``drop``), what comes in with it
  (``adds``: its requirements) and what that costs in points (``value_change``);
- ``extra_eur``: the least budget increase (the staff limit kept) at which the item is in
  an optimal set (worth within ``TIE`` of the best), and ``extra_fte`` the same for staff.

The extra of one limit comes from a walk up its levels. At a level L the best set overall
is worth V(L), and V never falls as L rises. No set that holds the item and costs less
than C, the least cost of a set holding it worth at least V(L) − TIE/2, can be optimal
anywhere in [L, C): so the walk jumps to C. If the set found is worth within TIE of
V(C), it is optimal at C and the answer is C − limit; otherwise the next least cost, for
the higher V(C), either fits at C (the answer again) or jumps on. Each step costs one
least-cost solve and one optimum V(C) (its value alone, cached by level for every item).
The swap's solve decides the walk's first step for free.

Bounds (``bounds``) spare solves without changing an answer. Before a least-cost solve: if
the LP relaxation of the item's best value with that limit dropped (rounded down to the
value grid) is below the target, no increase suffices (None). Before solving V(C): if the
set found is worth within ``TIE`` of an upper bound of V(C) (the LP relaxation on the grid,
or the optimum of a higher level), it is optimal at C; and if a set found before (the
selection, a swap, a least-cost set, an optimum) fits at C and is worth within
``VALUE_GAP`` of that bound, it is V(C). Each check only decides what the solve it spares
would have decided the same way.

The engine reuses one model per call (``selection_model.Problem``), explains the items
nearest the cut first (by their reduced cost in the LP relaxation, then ranking order),
and turns a solver failure into an item whose ``error`` says so: the other explanations
and the selection stand. Pure; it reports progress through an optional callback.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

from collections.abc import Callable, Collection, Sequence

from afweging.analysis import selection_model as model
from afweging.analysis.bounds import Grid, Known, grid_of, value_bound
from afweging.analysis.milp import SolverError, series_options

MAX_STEPS = 200
"""Steps of one walk before the engine gives up on that fact (and says so)."""

EXPLAIN_ALL_UP_TO = 1_000
"""Portfolios of up to this many items get every viable left-out item explained by default."""
NEAREST = 50
"""Larger portfolios get the items nearest the cut explained by default, this many."""


def default_limit(items: int, explain_all: bool = False) -> int | None:
    """How many left-out items to explain in a portfolio of ``items`` items: all (None) up
    to ``EXPLAIN_ALL_UP_TO`` items or when asked, else the ``NEAREST`` nearest the cut."""
    return None if explain_all or items <= EXPLAIN_ALL_UP_TO else NEAREST


Progress = Callable[[int, int], None]
"""Called as progress(done, total) after each explained item."""


def left_out(
    candidates: Sequence[model.Candidate],
    limits: model.Limits,
    selection: model.Selection,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
    limit: int | None = None,
    *,
    items: Collection[str] | None = None,
    progress: Progress | None = None,
) -> list[model.LeftOut]:
    """What it would take to bring in the items that ``selection`` leaves out.

    ``selection`` must be ``select(candidates, limits, must, exclude)``. Returns one
    ``LeftOut`` per item, in ranking (input) order:

    - every left-out item that fails a gate (``reason="gate"``) or is excluded
      (``"excluded"``), without solving;
    - viable left-out items that can never come in (``"blocked"``, with the blockers);
    - the other viable left-out items with their swap and extras (see the module
      docstring). ``limit`` caps how many of these are explained: the ``limit`` nearest
      the cut; the rest are not in the result. An item whose explanation the solver could
      not compute has ``error`` set instead of facts.

    ``items``, when given, restricts the result to those ids (left-out ones; ids that are
    selected or unknown are ignored): the decision's "what it would take" asks for its
    not-now items only. ``progress(done, total)`` is called after each explained item.
    """
    problem = model.Problem(candidates, must, exclude)
    chosen = set(selection.chosen)
    wanted = None if items is None else set(items)
    found: dict[str, model.LeftOut] = {}
    open_items: list[int] = []
    for position, item in enumerate(problem.items):
        if item.id in chosen or (wanted is not None and item.id not in wanted):
            continue
        if not item.viable:
            found[item.id] = model.LeftOut(item.id, reason="gate")
        elif item.id in problem.exclude:
            found[item.id] = model.LeftOut(item.id, reason="excluded")
        else:
            open_items.append(position)
    order = _nearest_first(problem, limits, open_items)
    if limit is not None:
        order = order[: max(0, limit)]
    if order:
        problem.programme().tune(series_options(len(problem.items)))
    walker = _Walker(problem, limits, selection)
    for done, position in enumerate(order, start=1):
        item_id = problem.items[position].id
        try:
            found[item_id] = walker.explain(item_id)
        except SolverError as error:
            found[item_id] = model.LeftOut(item_id, error=str(error))
        if progress is not None:
            progress(done, len(order))
    return [found[c.id] for c in problem.items if c.id in found]


def _nearest_first(problem: model.Problem, limits: model.Limits, positions: list[int]) -> list[int]:
    """The positions by their reduced cost in the LP relaxation (nearest the cut first),
    then by ranking; in ranking order when the relaxation cannot be had."""
    try:
        reduced = model.reduced_costs(problem, limits, problem.must)
    except SolverError:
        reduced = None
    if reduced is None:
        return list(positions)
    return sorted(positions, key=lambda p: (float(reduced[p]), p))


class _Walker:
    """Explains items of one problem, sharing its model and the optima found by level."""

    def __init__(
        self, problem: model.Problem, limits: model.Limits, selection: model.Selection
    ) -> None:
        self.problem = problem
        self.limits = limits
        self.selection = selection
        self.optima: dict[model.Limits, float] = {limits: selection.value}
        self.known = Known()
        self.known.add(problem, (problem.index[i] for i in selection.chosen))
        self.bounds: dict[model.Limits, float | None] = {}
        self._grid: tuple[Grid | None] | None = None

    def explain(self, item_id: str) -> model.LeftOut:
        """The item's swap and extras, or why it can never come in."""
        problem = self.problem
        forced = problem.must | {item_id}
        chains = problem.chains(forced)
        conflicts = problem.conflicts(chains)
        if conflicts:
            ends: set[str] = set()
            for conflict in conflicts:
                pair = [conflict.chain, conflict.other] if conflict.other else [conflict.chain]
                outside = [chain for chain in pair if chain[0] != item_id]
                ends.update(chain[-1] for chain in outside or pair)
            blockers = tuple(sorted(ends - {item_id}, key=problem.index.__getitem__))
            return model.LeftOut(item_id, reason="blocked", blockers=blockers)
        fits_now = not model.over_limits(problem, chains, self.limits)
        chosen = model.optimise(problem, self.limits, forced) if fits_now else None
        drop: tuple[str, ...] | None = None
        adds: tuple[str, ...] = ()
        change = value = None
        if chosen is not None:
            forced_in = model.selection_of(problem, chosen, self.limits)
            self.known.add(problem, chosen)
            before = set(self.selection.chosen)
            drop = tuple(i for i in self.selection.chosen if i not in forced_in.chosen)
            adds = tuple(i for i in forced_in.chosen if i not in before and i != item_id)
            value = forced_in.value
            change = value - self.selection.value
        extras = [self._extra(forced, chains, resource, value) for resource in ("eur", "fte")]
        return model.LeftOut(item_id, extras[0], extras[1], drop, change, adds)

    def _extra(
        self,
        forced: frozenset[str],
        chains: dict[str, tuple[str, ...]],
        resource: model.Resource,
        reached: float | None,
    ) -> float | None:
        """The least increase of one limit at which the forced items are in an optimum
        (the walk of the module docstring); None when that limit is absent or no
        increase suffices."""
        limits = self.limits
        start = limits.budget if resource == "eur" else limits.fte
        if start is None:
            return None
        relaxed = _at(limits, resource, None)
        if model.over_limits(self.problem, chains, relaxed):  # the other limit alone bars it
            return None
        level, best = start, self.optima[limits]
        if reached is not None and reached >= best - model.TIE:
            return 0.0
        known = True  # whether ``reached`` is the item's best at ``level``
        ceiling = value_bound(self.problem, relaxed, forced, self.grid)
        for _ in range(MAX_STEPS):
            if ceiling is None or ceiling < best - model.TIE / 2:
                return None  # no set holding the item is worth that much, at any level
            needed = model.solve(
                self.problem, limits, forced, target=best - model.TIE / 2, minimise=resource
            )
            if needed is None:
                return None
            cost = model.total(getattr(self.problem.items[i], resource) for i in needed)
            if cost <= level:
                # A set this good fits at ``level``: the answer, unless the item's best
                # there was solved and is worse (numerically inconsistent: claim nothing).
                return None if known else level - start
            level = cost
            at = _at(limits, resource, level)
            self.known.add(self.problem, needed)
            worth = model.total(self.problem.items[i].value for i in needed)
            upper = self._upper(at)
            if upper is not None and worth >= upper - model.TIE:
                return level - start  # no set is worth more here: the set found is optimal
            optimum = self._optimum(at, upper)
            if optimum is None:
                return None
            if worth >= optimum - model.TIE:
                return level - start  # the set found is optimal here
            best, known = optimum, False
        raise SolverError(f"no answer after {MAX_STEPS} steps")

    @property
    def grid(self) -> Grid | None:
        """The value grid of the problem (``bounds.grid_of``), found once."""
        if self._grid is None:
            self._grid = (grid_of(self.problem),)
        return self._grid[0]

    def _upper(self, at: model.Limits) -> float | None:
        """An upper bound of the best value at these limits (``bounds``): the LP
        relaxation on the grid, or the optimum of a higher level already solved; None
        when the must set does not fit."""
        if at not in self.bounds:
            self.bounds[at] = value_bound(self.problem, at, self.problem.must, self.grid)
        upper = self.bounds[at]
        for solved, optimum in self.optima.items():
            if upper is not None and _within(at, solved):
                # the selection's value is within TIE / 2 of the best (its tie-break), the
                # other optima within VALUE_GAP
                upper = min(
                    upper, optimum + (model.TIE / 2 if solved == self.limits else model.VALUE_GAP)
                )
        return upper

    def _optimum(self, at: model.Limits, upper: float | None = None) -> float | None:
        """The best value at these limits, to within ``VALUE_GAP`` (cached); None when the
        must set does not fit. A known set within ``VALUE_GAP`` of the upper bound
        ``upper`` is that value without a solve."""
        if at not in self.optima:
            lower = self.known.best(at)
            if upper is not None and lower is not None and upper - lower <= _gap(upper):
                self.optima[at] = lower
                return lower
            chosen = model.optimise(self.problem, at, self.problem.must, value_only=True)
            if chosen is None:
                return None
            self.known.add(self.problem, chosen)
            self.optima[at] = model.selection_of(self.problem, chosen, at).value
        return self.optima[at]


def _gap(value: float) -> float:
    """``VALUE_GAP`` and the float rounding of a bound built as a value plus it."""
    return model.VALUE_GAP + 1e-12 * abs(value)


def _within(inner: model.Limits, outer: model.Limits) -> bool:
    """Whether every set within ``inner`` is within ``outer`` too."""
    return all(
        b is None or (a is not None and a <= b)
        for a, b in ((inner.budget, outer.budget), (inner.fte, outer.fte))
    )


def _at(limits: model.Limits, resource: model.Resource, level: float | None) -> model.Limits:
    return limits._replace(budget=level) if resource == "eur" else limits._replace(fte=level)
