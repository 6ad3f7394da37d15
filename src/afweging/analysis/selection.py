"""Selection: the most valuable set of items that fits the budget and the staff.

The model is a 0/1 programme. With x_i = 1 when item i is selected, maximise
Σ value_i·x_i (value = the item's total, 0–100) subject to

- Σ eur_i·x_i ≤ budget and Σ fte_i·x_i ≤ staff limit (either limit may be absent);
- x_i = 0 for items that fail a gate or are excluded, x_i = 1 for items that must be in;
- x_i ≤ x_j when i requires j (so requirement cycles mean "all or none");
- x_i + x_j ≤ 1 when i or j excludes the other.

HiGHS solves it exactly through ``scipy.optimize.milp``; numpy and scipy are imported
inside the functions that solve, so importing this module costs nothing at start-up.

Ties. Values closer than ``TIE`` (a millionth of a point) count as equal. Among equally
valuable sets a small secondary objective decides: a weighted sum of each set's share of
the total spend (weight 0.4), of the total staff (0.05) and of the sum of its positions
in the ranking (0.05 / number of items). So it prefers lower spend, then lower staff,
then earlier items (being a sum, a very small saving can lose to a better position).
It is worth at most half a ``TIE`` in all, so it never trades value for savings: the
chosen value is within half a millionth of a point of the maximum. Differences the
solver cannot resolve (about a millionth of a ``TIE``, reached in portfolios of
hundreds of items) are left to HiGHS, which is deterministic: the same input gives the
same set on every run.

Tolerances. A set fits when its spend exceeds the budget by at most ``EUR_TOLERANCE``
and its staff the limit by at most ``FTE_TOLERANCE``: float noise, as in 0.1 + 0.2.

Everything here is pure: infeasible demands raise ``SelectionError`` with a message
that names the conflicting items, and the shell decides what to print.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from typing import Literal, NamedTuple

from afweging.analysis.ranking import Ranking
from afweging.errors import EXIT_INPUT, AfwegingError
from afweging.models import did_you_mean

TIE = 1e-6
"""Values (in points of 100) closer than this are equally good."""
EUR_TOLERANCE = 0.01
"""How far spend may exceed the budget (EUR) and still fit: float noise only."""
FTE_TOLERANCE = 1e-6
"""How far staff may exceed the staff limit (FTE) and still fit."""
_EUR_UNIT = 1000.0
"""The solver sees euros in thousands, which keeps its rows well scaled."""

Resource = Literal["eur", "fte"]


class SelectionError(AfwegingError):
    """The demands on a selection cannot all be met (exit 1); one line per problem."""

    exit_code = EXIT_INPUT

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        """One line per problem."""
        return list(self.problems)


class Candidate(NamedTuple):
    """An item as the selection sees it: its value, its cost and its links."""

    id: str
    name: str
    value: float
    eur: float
    fte: float
    viable: bool
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


class Limits(NamedTuple):
    """The budget (EUR) and staff (FTE) available; None is no limit."""

    budget: float | None
    fte: float | None


class Selection(NamedTuple):
    """The chosen items (in ranking order) with their value, spend, staff and slack."""

    chosen: tuple[str, ...]
    value: float
    spend: float
    staff: float
    budget: float | None
    fte: float | None
    slack_eur: float | None
    slack_fte: float | None


class LeftOut(NamedTuple):
    """An item not selected and the cheapest change that would bring it in.

    ``extra_eur`` is the smallest budget increase (staff limit kept) at which the item
    is in an optimal selection, ``extra_fte`` the same for staff (budget kept); None
    when that limit is absent or no increase suffices. ``drop`` lists the chosen items
    it would replace at the current limits, ``adds`` what would come in with it, and
    ``value_change`` (≤ 0) what that costs in points; all three are None/empty when it
    cannot come in at the current limits. ``reason`` is ``"gate"`` (fails a gate),
    ``"excluded"`` (``--exclude``) or ``"blocked"``: it can never come in because of
    ``blockers`` (a requirement that fails a gate or is excluded, or an item that must
    be selected and that it excludes).
    """

    id: str
    extra_eur: float | None = None
    extra_fte: float | None = None
    drop: tuple[str, ...] | None = None
    value_change: float | None = None
    adds: tuple[str, ...] = ()
    reason: Literal["gate", "excluded", "blocked"] | None = None
    blockers: tuple[str, ...] = ()


class Efficiency(NamedTuple):
    """An item's value for money, and whether the greedy and the optimal set hold it."""

    id: str
    value: float
    eur: float
    fte: float
    per_million_eur: float | None
    per_fte: float | None
    greedy: bool
    optimal: bool


class ValueForMoney(NamedTuple):
    """Viable items by value per euro, the greedy selection in that order, and how it
    differs from the optimum."""

    order: tuple[Efficiency, ...]
    greedy: tuple[str, ...]
    greedy_value: float
    greedy_spend: float
    greedy_staff: float
    optimal_value: float
    only_greedy: tuple[str, ...]
    only_optimal: tuple[str, ...]


class FrontierPoint(NamedTuple):
    """The optimal value at one budget level; value None when the must set does not fit."""

    budget: float
    value: float | None
    spend: float | None
    chosen: tuple[str, ...]


def candidates(ranking: Ranking) -> list[Candidate]:
    """The ranking's items as candidates, in ranking order."""
    return [
        Candidate(
            r.item.id,
            r.item.name,
            r.total,
            r.item.cost.eur,
            r.item.cost.fte,
            r.viable,
            r.item.requires,
            r.item.excludes,
        )
        for r in ranking.items
    ]


class _Conflict(NamedTuple):
    """A forced item that cannot be selected, or two forced items that exclude each other.

    A chain runs from an item that must be selected, through its requirements, to the
    item concerned."""

    kind: Literal["gate", "excluded", "exclusion"]
    chain: tuple[str, ...]
    other: tuple[str, ...] = ()


class _Problem:
    """Candidates indexed for solving, with must and exclude resolved to real ids."""

    def __init__(
        self, items: Sequence[Candidate], must: Collection[str], exclude: Collection[str]
    ) -> None:
        self.items = tuple(items)
        self.index = {c.id: i for i, c in enumerate(self.items)}
        problems = [
            f"item '{c.id}' {field} unknown item '{other}'"
            for c in self.items
            for field, links in (("requires", c.requires), ("excludes", c.excludes))
            for other in links
            if other not in self.index
        ]
        self.must = self._resolve(must, "--must", problems)
        self.exclude = self._resolve(exclude, "--exclude", problems)
        if problems:
            raise SelectionError(*problems)
        self.requires = sorted(
            {(i, self.index[r]) for i, c in enumerate(self.items) for r in c.requires}
            - {(i, i) for i in range(len(self.items))}
        )
        pairs = {
            tuple(sorted((i, self.index[e]))) for i, c in enumerate(self.items) for e in c.excludes
        }
        self.exclusions = sorted((i, j) for i, j in pairs if i != j)
        self.rivals: dict[int, set[int]] = {}
        for i, j in self.exclusions:
            self.rivals.setdefault(i, set()).add(j)
            self.rivals.setdefault(j, set()).add(i)
        self.allowed = [c.viable and c.id not in self.exclude for c in self.items]

    def _resolve(self, ids: Collection[str], option: str, problems: list[str]) -> frozenset[str]:
        folded = {c.id.casefold(): c.id for c in self.items}
        found = set()
        for name in sorted(ids):
            real = name if name in self.index else folded.get(name.casefold())
            if real is None:
                hint = did_you_mean(name, list(self.index))
                problems.append(
                    f"unknown item '{name}' in {option}" + (f" — {hint}" if hint else "")
                )
            else:
                found.add(real)
        return frozenset(found)

    def chains(self, roots: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Every item that ``roots`` force in, with the requirement chain that forces it."""
        ordered = sorted(set(roots), key=self.index.__getitem__)
        chain: dict[str, tuple[str, ...]] = {root: (root,) for root in ordered}
        queue = deque(ordered)
        while queue:
            current = queue.popleft()
            for required in self.items[self.index[current]].requires:
                if required not in chain:
                    chain[required] = (*chain[current], required)
                    queue.append(required)
        return chain

    def conflicts(self, chains: dict[str, tuple[str, ...]]) -> list[_Conflict]:
        """Forced items that fail a gate or are excluded, and forced pairs that clash."""
        found: list[_Conflict] = []
        for item_id, chain in chains.items():
            if not self.items[self.index[item_id]].viable:
                found.append(_Conflict("gate", chain))
            elif item_id in self.exclude:
                found.append(_Conflict("excluded", chain))
        for i, j in self.exclusions:
            a, b = self.items[i].id, self.items[j].id
            if a in chains and b in chains:
                found.append(_Conflict("exclusion", chains[a], chains[b]))
        return found


def select(
    candidates: Sequence[Candidate],
    limits: Limits,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
) -> Selection:
    """The most valuable set within the limits (see the module docstring for the model).

    Raises ``SelectionError`` naming the items concerned when ``must`` and ``exclude``
    name unknown items or cannot all be honoured."""
    problem = _Problem(candidates, must, exclude)
    _check_must(problem, limits)
    chosen = _optimise(problem, limits, problem.must)
    if chosen is None:  # the checks above leave a feasible set: the must closure itself
        raise RuntimeError("the solver found no selection although the must set fits")
    return _selection(problem, chosen, limits)


def _selection(problem: _Problem, chosen: list[int], limits: Limits) -> Selection:
    items = [problem.items[i] for i in sorted(chosen)]
    spend = _sum(c.eur for c in items)
    staff = _sum(c.fte for c in items)
    return Selection(
        tuple(c.id for c in items),
        _sum(c.value for c in items),
        spend,
        staff,
        limits.budget,
        limits.fte,
        None if limits.budget is None else limits.budget - spend,
        None if limits.fte is None else limits.fte - staff,
    )


def _sum(values: Iterable[float]) -> float:
    return math.fsum(values)


def _conflict_message(conflict: _Conflict) -> str:
    if conflict.kind != "exclusion":
        what = "fails a gate" if conflict.kind == "gate" else "is excluded (--exclude)"
        root, *path = conflict.chain
        if not path:
            return f"'{root}' must be selected but {what}"
        required = ", which requires ".join(f"'{i}'" for i in path)
        return f"'{root}' must be selected and requires {required}, which {what}"
    first, second = conflict.chain, conflict.other
    text = f"'{first[-1]}' and '{second[-1]}' must both be selected but exclude each other"
    why = [_because(chain) for chain in (first, second) if len(chain) > 1]
    return text + (f" ({'; '.join(why)})" if why else "")


def _because(chain: tuple[str, ...]) -> str:
    links = [f"'{i}'" for i in chain[1:-1]] + ["it"]
    return f"'{chain[-1]}' because '{chain[0]}' requires " + ", which requires ".join(links)


def _eur(amount: float) -> str:
    return f"EUR {amount:,.0f}" if abs(amount - round(amount)) < 0.005 else f"EUR {amount:,.2f}"


def _fte(amount: float) -> str:
    return f"{round(amount, 3):g} FTE"


def _over_limits(
    problem: _Problem, chains: dict[str, tuple[str, ...]], limits: Limits
) -> list[str]:
    """Messages for each limit that the forced items exceed on their own."""
    forced = [problem.items[problem.index[i]] for i in chains]
    found = []
    for resource, limit, show, tolerance in (
        ("eur", limits.budget, _eur, EUR_TOLERANCE),
        ("fte", limits.fte, _fte, FTE_TOLERANCE),
    ):
        total = _sum(getattr(c, resource) for c in forced)
        if limit is None or total <= limit + tolerance:
            continue
        shown = []
        for c in sorted(forced, key=lambda c: -getattr(c, resource)):
            if getattr(c, resource) > 0:
                why = "" if len(chains[c.id]) == 1 else f", required by {chains[c.id][-2]}"
                shown.append(f"{c.id} ({show(getattr(c, resource))}{why})")
        if resource == "eur":
            head = f"the items you must select cost {_eur(total)}, more than the budget of"
        else:
            head = f"the items you must select need {_fte(total)}, more than the staff limit of"
        found.append(f"{head} {show(limit)}: {', '.join(shown)}")
    return found


def _fits(problem: _Problem, chosen: Iterable[int], limits: Limits) -> bool:
    items = [problem.items[i] for i in chosen]
    return (
        limits.budget is None or _sum(c.eur for c in items) <= limits.budget + EUR_TOLERANCE
    ) and (limits.fte is None or _sum(c.fte for c in items) <= limits.fte + FTE_TOLERANCE)


def _optimise(problem: _Problem, limits: Limits, forced: Collection[str]) -> list[int] | None:
    """The indices of the best set that holds ``forced``; None when there is none.

    The solver accepts rows that overshoot by its feasibility tolerance; when a chosen
    set overshoots a limit by more than ours, the row is tightened and it solves again."""
    budget, fte = limits
    for _ in range(4):
        chosen = _milp(problem, Limits(budget, fte), forced)
        if chosen is None or _fits(problem, chosen, limits):
            return chosen
        spend = _sum(problem.items[i].eur for i in chosen)
        staff = _sum(problem.items[i].fte for i in chosen)
        if limits.budget is not None and budget is not None and spend > limits.budget:
            budget -= spend - limits.budget
        if limits.fte is not None and fte is not None and staff > limits.fte:
            fte -= staff - limits.fte
    raise RuntimeError("the solver keeps returning selections over the limits")


def _milp(
    problem: _Problem,
    limits: Limits,
    forced: Collection[str],
    *,
    target: float | None = None,
    minimise: Resource = "eur",
) -> list[int] | None:
    """Solve one programme: the best value, or with ``target`` the least ``minimise``
    (whose limit is then dropped) among sets worth at least ``target`` points."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
    from scipy.sparse import coo_array  # type: ignore[import-untyped]

    items = problem.items
    n = len(items)
    if n == 0:
        return [] if target is None or target <= 0 else None
    rows: list[int] = []
    cols: list[int] = []
    coefficients: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(entries: Iterable[tuple[int, float]], low: float, high: float) -> None:
        index = len(lower)
        for col, coefficient in entries:
            if coefficient:
                rows.append(index)
                cols.append(col)
                coefficients.append(coefficient)
        lower.append(low)
        upper.append(high)

    inf = float("inf")
    if limits.budget is not None and not (target is not None and minimise == "eur"):
        row(((i, c.eur / _EUR_UNIT) for i, c in enumerate(items)), -inf, limits.budget / _EUR_UNIT)
    if limits.fte is not None and not (target is not None and minimise == "fte"):
        row(((i, c.fte) for i, c in enumerate(items)), -inf, limits.fte)
    for i, j in problem.requires:
        row(((i, 1.0), (j, -1.0)), -inf, 0.0)
    for i, j in problem.exclusions:
        row(((i, 1.0), (j, 1.0)), -inf, 1.0)
    if target is None:
        cost = -np.array([c.value / TIE for c in items]) + _secondary(items)
    else:
        row(((i, c.value / TIE) for i, c in enumerate(items)), target / TIE, inf)
        scale = _EUR_UNIT if minimise == "eur" else 1.0
        cost = np.array([getattr(c, minimise) / scale for c in items])
    forced_in = {problem.index[i] for i in forced}
    low_bounds = np.array([1.0 if i in forced_in else 0.0 for i in range(n)])
    high_bounds = np.array([1.0 if problem.allowed[i] else 0.0 for i in range(n)])
    if np.any(low_bounds > high_bounds):
        return None
    constraints = []
    if lower:
        matrix = coo_array((coefficients, (rows, cols)), shape=(len(lower), n)).tocsr()
        constraints.append(LinearConstraint(matrix, lower, upper))
    result = milp(
        cost,
        integrality=np.ones(n),
        bounds=Bounds(low_bounds, high_bounds),
        constraints=constraints,
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:  # infeasible
        return None
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"the MILP solver failed: {result.message}")
    return [i for i in range(n) if result.x[i] > 0.5]


def _secondary(items: Sequence[Candidate]) -> list[float]:
    """Per-item penalties that break ties: spend, then staff, then ranking position.

    In units of ``TIE``; over all items they sum to at most 0.5, so no set can make up
    with them for a value that is a ``TIE`` lower."""
    spend = _sum(c.eur for c in items) or 1.0
    staff = _sum(c.fte for c in items) or 1.0
    positions = len(items) * len(items) * (len(items) + 1) / 2  # n times their sum
    return [
        0.4 * c.eur / spend + 0.05 * c.fte / staff + 0.05 * (i + 1) / positions
        for i, c in enumerate(items)
    ]


def left_out(
    candidates: Sequence[Candidate],
    limits: Limits,
    selection: Selection,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
    limit: int | None = None,
) -> list[LeftOut]:
    """What it would take to bring in each item that ``selection`` leaves out.

    Items that fail a gate or are excluded are listed with that reason; the others, in
    ranking order, are explained by re-solving with the item forced in, which takes a
    few solves per item: ``limit`` caps how many are explained, and the rest are left
    out of the result. ``must`` and ``exclude`` must be those ``selection`` was made with.
    """
    problem = _Problem(candidates, must, exclude)
    chosen = set(selection.chosen)
    optima = {limits: selection.value}
    found: list[LeftOut] = []
    explained = 0
    for item in problem.items:
        if item.id in chosen:
            continue
        if not item.viable:
            found.append(LeftOut(item.id, reason="gate"))
        elif item.id in problem.exclude:
            found.append(LeftOut(item.id, reason="excluded"))
        elif limit is None or explained < limit:
            found.append(_explain(problem, limits, selection, item.id, optima))
            explained += 1
    return found


def _explain(
    problem: _Problem,
    limits: Limits,
    selection: Selection,
    item_id: str,
    optima: dict[Limits, float],
) -> LeftOut:
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
        return LeftOut(item_id, reason="blocked", blockers=blockers)
    chosen = None if _over_limits(problem, chains, limits) else _optimise(problem, limits, forced)
    drop: tuple[str, ...] | None = None
    adds: tuple[str, ...] = ()
    change = value = None
    if chosen is not None:
        forced_in = _selection(problem, chosen, limits)
        drop = tuple(i for i in selection.chosen if i not in forced_in.chosen)
        adds = tuple(i for i in forced_in.chosen if i not in selection.chosen and i != item_id)
        value = forced_in.value
        change = value - selection.value
    return LeftOut(
        item_id,
        _extra(problem, limits, forced, "eur", optima, value),
        _extra(problem, limits, forced, "fte", optima, value),
        drop,
        change,
        adds,
    )


def _extra(
    problem: _Problem,
    limits: Limits,
    forced: frozenset[str],
    resource: Resource,
    optima: dict[Limits, float],
    reached: float | None,
) -> float | None:
    """The smallest increase of one limit at which the forced items are in an optimum.

    At each level: if the best set holding them is as good as the best set overall,
    done; else no level below the cheapest set that holds them and is worth the
    current optimum can do, so jump there and look again. Every jump raises the level
    and the optimum to beat, so the search ends."""
    start = limits.budget if resource == "eur" else limits.fte
    if start is None:
        return None
    level = start
    best = optima[limits]
    for _ in range(100):
        if reached is not None and reached >= best - TIE:
            return level - start
        at = limits._replace(budget=level) if resource == "eur" else limits._replace(fte=level)
        needed = _milp(problem, at, forced, target=best - TIE / 2, minimise=resource)
        if needed is None:
            return None
        cost = _sum(getattr(problem.items[i], resource) for i in needed)
        if cost <= level:  # numerically inconsistent: claim nothing rather than guess
            return None
        level = cost
        at = limits._replace(budget=level) if resource == "eur" else limits._replace(fte=level)
        if at not in optima:
            optima[at] = _selection(problem, _optimise(problem, at, problem.must) or [], at).value
        best = optima[at]
        chosen = _optimise(problem, at, forced)
        reached = None if chosen is None else _selection(problem, chosen, at).value
    return None


def value_for_money(
    candidates: Sequence[Candidate],
    limits: Limits,
    selection: Selection,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
) -> ValueForMoney:
    """Viable items by value per euro (free items first), the greedy selection that
    takes them in that order while they fit, and where it differs from ``selection``.

    The greedy starts from the must items and their requirements, skips items worth
    nothing, excluded items and items that clash with what it holds, and takes an
    item's requirements along with it."""
    problem = _Problem(candidates, must, exclude)
    order = sorted(
        (c for c in problem.items if c.viable),
        key=lambda c: (
            c.eur > 0,
            -(c.value / c.eur if c.eur > 0 else c.value),
            problem.index[c.id],
        ),
    )
    taken = set(problem.chains(problem.must))
    for item in order:
        if item.id in taken or item.value <= 0:
            continue
        group = [i for i in problem.chains([item.id]) if i not in taken]
        indices = [problem.index[i] for i in group]
        together = taken.union(group)
        if (
            all(problem.allowed[i] for i in indices)
            and not any(
                problem.items[r].id in together for i in indices for r in problem.rivals.get(i, ())
            )
            and _fits(problem, (problem.index[i] for i in together), limits)
        ):
            taken = together
    greedy = _selection(problem, [problem.index[i] for i in taken], limits)
    optimal = set(selection.chosen)
    return ValueForMoney(
        tuple(
            Efficiency(
                c.id,
                c.value,
                c.eur,
                c.fte,
                c.value / (c.eur / 1e6) if c.eur > 0 else None,
                c.value / c.fte if c.fte > 0 else None,
                c.id in taken,
                c.id in optimal,
            )
            for c in order
        ),
        greedy.chosen,
        greedy.value,
        greedy.spend,
        greedy.staff,
        selection.value,
        tuple(i for i in greedy.chosen if i not in optimal),
        tuple(i for i in selection.chosen if i not in taken),
    )


def frontier(
    candidates: Sequence[Candidate],
    limits: Limits,
    steps: int = 20,
    must: Collection[str] = frozenset(),
    exclude: Collection[str] = frozenset(),
) -> list[FrontierPoint]:
    """The optimal value at ``steps + 1`` equally spaced budgets from 0 to 150 % of the
    budget, plus the budget itself, with the staff limit kept.

    Without a budget the levels run from 0 to the cost of all selectable items. Levels
    at which the must items do not fit have value None. The values never decrease:
    where the solver's tie tolerance would let one dip, the set of the level below is
    kept (it still fits)."""
    if steps < 1:
        raise ValueError("steps must be at least 1")
    problem = _Problem(candidates, must, exclude)
    chains = _check_must(problem, Limits(None, limits.fte))
    if limits.budget is None:
        top = _sum(c.eur for i, c in enumerate(problem.items) if problem.allowed[i])
    else:
        top = 1.5 * limits.budget
    levels = {top * k / steps for k in range(steps + 1)}
    if limits.budget is not None:
        near = 1e-9 * max(1.0, limits.budget)
        levels = {b for b in levels if abs(b - limits.budget) > near} | {limits.budget}
    points: list[FrontierPoint] = []
    previous: Selection | None = None
    for level in sorted(levels):
        at = Limits(level, limits.fte)
        chosen = None if _over_limits(problem, chains, at) else _optimise(problem, at, problem.must)
        if chosen is None:
            points.append(FrontierPoint(level, None, None, ()))
            continue
        current = _selection(problem, chosen, at)
        if previous is not None and current.value < previous.value:
            current = previous
        points.append(FrontierPoint(level, current.value, current.spend, current.chosen))
        previous = current
    return points


def _check_must(problem: _Problem, limits: Limits) -> dict[str, tuple[str, ...]]:
    """The items the must set forces in; raises when they cannot all be selected."""
    chains = problem.chains(problem.must)
    conflicts = problem.conflicts(chains)
    if conflicts:
        raise SelectionError(*(_conflict_message(c) for c in conflicts))
    over = _over_limits(problem, chains, limits)
    if over:
        raise SelectionError(*over)
    return chains
