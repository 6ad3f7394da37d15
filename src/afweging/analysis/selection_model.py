"""The selection's 0/1 programme: its types, the problem indexed for solving, the solves.

With x_i = 1 when item i is selected, maximise Σ value_i·x_i (value = the item's total,
0–100) subject to

- Σ eur_i·x_i ≤ budget and Σ fte_i·x_i ≤ staff limit (either limit may be absent);
- x_i = 0 for items that fail a gate or are excluded, x_i = 1 for items that must be in;
- x_i ≤ x_j when i requires j (so requirement cycles mean "all or none");
- x_i + x_j ≤ 1 when i or j excludes the other.

HiGHS solves it exactly (``milp.BinaryProgramme``): the model of a problem is built once,
sparse, and solved again with other limits, forced items or objective, which is what the
explanations of left-out items do many times. numpy and highspy are imported inside the
functions that solve, so importing this module costs nothing at start-up.

Ties. Values closer than ``TIE`` (a millionth of a point) count as equal. Among equally
valuable sets a small secondary objective decides, in the same solve: a weighted sum of
each set's share of the total spend (weight 0.4), of the total staff (0.05) and of the
sum of its positions in the ranking (0.05 / number of items). So it prefers lower spend,
then lower staff, then earlier items (being a sum, a very small saving can lose to a
better position). It is worth at most half a ``TIE`` in all, so it never trades value
for savings: the chosen value is within half a millionth of a point of the maximum.
Differences the solver cannot resolve (its gap, a millionth of a ``TIE``, and what a
column within its integrality tolerance of 0 or 1 may add: see
``milp.STRICT_INTEGRALITY``) are left to HiGHS, which is deterministic: each solve
starts afresh (``milp``), so the same question gives the same set on every run, whatever
was solved before it.

Tolerances. A set fits when its spend exceeds the budget by at most ``EUR_TOLERANCE``
and its staff the limit by at most ``FTE_TOLERANCE``: float noise, as in 0.1 + 0.2.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple

from afweging.analysis.milp import DEFAULT_GAP, SMALL, SolverError
from afweging.errors import ProblemsError
from afweging.models import did_you_mean

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from afweging.analysis.milp import BinaryProgramme

TIE = 1e-6
"""Values (in points of 100) closer than this are equally good."""
EUR_TOLERANCE = 0.01
"""How far spend may exceed the budget (EUR) and still fit: float noise only."""
FTE_TOLERANCE = 1e-6
"""How far staff may exceed the staff limit (FTE) and still fit."""
VALUE_GAP = TIE / 4
"""How close to the best value a value-only solve gets (its absolute gap, in points).

Solved to HiGHS's default gap in units of ``TIE`` (a millionth of a ``TIE``), a set of
tied values made HiGHS prove that no other way to the same total does better by float
noise: a thousand-item portfolio of the benchmark took 6,000 nodes instead of 80."""
_EUR_UNIT = 1000.0
"""The solver sees euros in thousands, which keeps its rows well scaled."""

Resource = Literal["eur", "fte"]


class SelectionError(ProblemsError):
    """The demands on a selection cannot all be met (exit 1); one line per problem."""


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
    error: str | None = None
    """Why the change could not be computed (the solver failed on it): the facts above
    are then None and empty, and the sentence says so."""


class _Conflict(NamedTuple):
    """A forced item that cannot be selected, or two forced items that exclude each other.

    A chain runs from an item that must be selected, through its requirements, to the
    item concerned."""

    kind: Literal["gate", "excluded", "exclusion"]
    chain: tuple[str, ...]
    other: tuple[str, ...] = ()


class Problem:
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
        self._programme: BinaryProgramme | None = None
        self.mode = "best"
        """What the programme's objective is now: the best set, or the least eur or fte."""

    def programme(self) -> "BinaryProgramme":
        """The problem's programme, built at its first solve (see ``solve``)."""
        if self._programme is None:
            self._programme = _programme(self)
        return self._programme

    @cached_property
    def costs(self) -> "dict[str, NDArray[np.float64]]":
        """The objectives: the best set (value in units of ``TIE``, then the tie-break),
        the value alone (in points) and the least spend (thousands of euros) or staff."""
        import numpy as np

        value = np.array([c.value for c in self.items])
        return {
            "best": -value / TIE + np.array(_secondary(self.items)),
            "value": -value,
            "eur": np.array([c.eur for c in self.items]) / _EUR_UNIT,
            "fte": np.array([c.fte for c in self.items]),
        }

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


def selection_of(problem: Problem, chosen: list[int], limits: Limits) -> Selection:
    items = [problem.items[i] for i in sorted(chosen)]
    spend = total(c.eur for c in items)
    staff = total(c.fte for c in items)
    return Selection(
        tuple(c.id for c in items),
        total(c.value for c in items),
        spend,
        staff,
        limits.budget,
        limits.fte,
        None if limits.budget is None else limits.budget - spend,
        None if limits.fte is None else limits.fte - staff,
    )


def total(values: Iterable[float]) -> float:
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


def over_limits(problem: Problem, chains: dict[str, tuple[str, ...]], limits: Limits) -> list[str]:
    """Messages for each limit that the forced items exceed on their own."""
    forced = [problem.items[problem.index[i]] for i in chains]
    found = []
    for resource, limit, show, tolerance in (
        ("eur", limits.budget, _eur, EUR_TOLERANCE),
        ("fte", limits.fte, _fte, FTE_TOLERANCE),
    ):
        needed = total(getattr(c, resource) for c in forced)
        if limit is None or needed <= limit + tolerance:
            continue
        shown = []
        for c in sorted(forced, key=lambda c: -getattr(c, resource)):
            if getattr(c, resource) > 0:
                why = "" if len(chains[c.id]) == 1 else f", required by {chains[c.id][-2]}"
                shown.append(f"{c.id} ({show(getattr(c, resource))}{why})")
        if resource == "eur":
            head = f"the items you must select cost {_eur(needed)}, more than the budget of"
        else:
            head = f"the items you must select need {_fte(needed)}, more than the staff limit of"
        found.append(f"{head} {show(limit)}: {', '.join(shown)}")
    return found


def fits(problem: Problem, chosen: Iterable[int], limits: Limits) -> bool:
    items = [problem.items[i] for i in chosen]
    return (
        limits.budget is None or total(c.eur for c in items) <= limits.budget + EUR_TOLERANCE
    ) and (limits.fte is None or total(c.fte for c in items) <= limits.fte + FTE_TOLERANCE)


def optimise(
    problem: Problem, limits: Limits, forced: Collection[str], *, value_only: bool = False
) -> list[int] | None:
    """The indices of the best set that holds ``forced``; None when there is none. With
    ``value_only`` a set worth within ``VALUE_GAP`` of the best, without the tie-break.

    The solver accepts rows that overshoot by its feasibility tolerance; when a chosen
    set overshoots a limit by more than ours, the row is tightened and it solves again."""
    budget, fte = limits
    for _ in range(4):
        chosen = solve(problem, Limits(budget, fte), forced, value_only=value_only)
        if chosen is None or fits(problem, chosen, limits):
            return chosen
        spend = total(problem.items[i].eur for i in chosen)
        staff = total(problem.items[i].fte for i in chosen)
        if limits.budget is not None and budget is not None and spend > limits.budget:
            budget -= spend - limits.budget
        if limits.fte is not None and fte is not None and staff > limits.fte:
            fte -= staff - limits.fte
    raise SolverError("the solver keeps returning selections over the limits")


def solve(
    problem: Problem,
    limits: Limits,
    forced: Collection[str],
    *,
    target: float | None = None,
    minimise: Resource = "eur",
    value_only: bool = False,
) -> list[int] | None:
    """Solve one programme: the best value (with the tie-break, or ``value_only``), or
    with ``target`` the least ``minimise`` (whose limit is then dropped) among sets worth
    at least ``target`` points."""
    import numpy as np

    if not problem.items:
        return [] if target is None or target <= 0 else None
    mode = "value" if value_only and target is None else None
    programme = _prepared(problem, limits, forced, target, minimise, mode)
    for strict in (False, True):
        chosen = programme.solve(strict=strict)
        if chosen is None:
            return None
        found: list[int] = np.flatnonzero(chosen).tolist()
        if target is None or total(problem.items[i].value for i in found) >= target:
            return found
        # short of its target (``milp.STRICT_INTEGRALITY``): once more, strictly
    raise SolverError("the solver returned a set worth less than the value asked for")


def reduced_costs(
    problem: Problem, limits: Limits, forced: Collection[str]
) -> "NDArray[np.float64] | None":
    """Each item's reduced cost in the LP relaxation of the best set (≥ 0 for an item the
    relaxation leaves out: how far it is from being worth its cost); None when the
    relaxation has no solution."""
    if not problem.items:
        return None
    relaxed = _prepared(problem, limits, forced, None, "eur").relax()
    return None if relaxed is None else relaxed[1]


def _prepared(
    problem: Problem,
    limits: Limits,
    forced: Collection[str],
    target: float | None,
    minimise: Resource,
    mode: str | None = None,
) -> "BinaryProgramme":
    """The problem's programme set for one solve: rows, objective and forced columns."""
    import numpy as np

    programme = problem.programme()
    inf = math.inf
    budget = inf if limits.budget is None else limits.budget / _EUR_UNIT
    fte = inf if limits.fte is None else limits.fte
    if target is None:
        mode = mode or "best"
        programme.set_row(_VALUE_ROW, -inf, inf)
    else:
        mode = minimise
        programme.set_row(_VALUE_ROW, target / TIE, inf)
        if minimise == "eur":
            budget = inf
        else:
            fte = inf
    if problem.mode != mode:
        programme.set_cost(problem.costs[mode], VALUE_GAP if mode == "value" else DEFAULT_GAP)
        problem.mode = mode
    # A least-cost solve of a small programme runs without presolve, which under the series
    # options (``milp.series_options``) cut off its optimum (seeds 2023618635, 427835925 of
    # the exhaustive explanation test); it costs the 100-item explanations a fifth more time.
    programme.set_presolve(target is None or len(problem.items) > SMALL)
    programme.set_row(_BUDGET_ROW, -inf, budget)
    programme.set_row(_FTE_ROW, -inf, fte)
    low = np.zeros(len(problem.items))
    low[[problem.index[i] for i in forced]] = 1.0
    programme.set_columns(low, np.array(problem.allowed, dtype=np.float64))
    return programme


_BUDGET_ROW, _FTE_ROW, _VALUE_ROW = 0, 1, 2
"""The rows of the limits and of the value target; the links follow them."""


def _programme(problem: Problem) -> "BinaryProgramme":
    """The selection's programme, built once per problem (see the module docstring).

    Three rows that every solve sets (budget in thousands of euros, staff, and value in
    units of ``TIE`` for a target), then one row per requirement and per exclusion."""
    import numpy as np

    from afweging.analysis.milp import BinaryProgramme

    n = len(problem.items)
    columns = np.arange(n)
    items = problem.items
    requires = np.array(problem.requires, dtype=np.int64).reshape(-1, 2)
    exclusions = np.array(problem.exclusions, dtype=np.int64).reshape(-1, 2)
    links = len(requires) + len(exclusions)
    link_rows = 3 + np.arange(links)
    rows = np.concatenate([np.repeat([_BUDGET_ROW, _FTE_ROW, _VALUE_ROW], n), link_rows, link_rows])
    cols = np.concatenate(
        [
            columns,
            columns,
            columns,
            requires[:, 0],
            exclusions[:, 0],
            requires[:, 1],
            exclusions[:, 1],
        ]
    )
    coefficients = np.concatenate(
        [
            np.array([c.eur for c in items]) / _EUR_UNIT,
            np.array([c.fte for c in items]),
            np.array([c.value for c in items]) / TIE,
            np.ones(links),
            -np.ones(len(requires)),
            np.ones(len(exclusions)),
        ]
    )
    inf = math.inf
    lower = np.full(3 + links, -inf)
    upper = np.concatenate([[inf, inf, inf], np.zeros(len(requires)), np.ones(len(exclusions))])
    keep = coefficients != 0
    allowed = np.array(problem.allowed, dtype=np.float64)
    return BinaryProgramme(
        problem.costs["best"], rows[keep], cols[keep], coefficients[keep], lower, upper, allowed
    )


def _secondary(items: Sequence[Candidate]) -> list[float]:
    """Per-item penalties that break ties: spend, then staff, then ranking position.

    In units of ``TIE``; over all items they sum to at most 0.5, so no set can make up
    with them for a value that is a ``TIE`` lower."""
    spend = total(c.eur for c in items) or 1.0
    staff = total(c.fte for c in items) or 1.0
    positions = len(items) * len(items) * (len(items) + 1) / 2  # n times their sum
    return [
        0.4 * c.eur / spend + 0.05 * c.fte / staff + 0.05 * (i + 1) / positions
        for i, c in enumerate(items)
    ]


def check_must(problem: Problem, limits: Limits) -> dict[str, tuple[str, ...]]:
    """The items the must set forces in; raises when they cannot all be selected."""
    chains = problem.chains(problem.must)
    conflicts = problem.conflicts(chains)
    if conflicts:
        raise SelectionError(*(_conflict_message(c) for c in conflicts))
    over = over_limits(problem, chains, limits)
    if over:
        raise SelectionError(*over)
    return chains
