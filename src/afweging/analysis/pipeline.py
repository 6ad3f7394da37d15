"""Compose the pure steps into one ``Analysis``: matrix, ranking and review."""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, NamedTuple

from afweging.analysis.matrix import DecisionMatrix, build_matrix
from afweging.analysis.ranking import RankedItem, Ranking, rank_matrix
from afweging.analysis.rules import Review, review
from afweging.models import Item, Loaded

if TYPE_CHECKING:
    from afweging.analysis.methods import MethodComparison
    from afweging.analysis.robustness import Acceptability
    from afweging.analysis.selection import FrontierPoint, LeftOut, Selection, ValueForMoney
    from afweging.analysis.stability import StabilityInterval


class Analysis(NamedTuple):
    """Everything the renderers show about one portfolio."""

    loaded: Loaded
    matrix: DecisionMatrix
    ranking: Ranking
    review: Review


class Placement(NamedTuple):
    """Where a new item would land: the portfolio analysed with it, and what it changes."""

    analysis: Analysis
    entry: RankedItem
    above: RankedItem | None
    below: RankedItem | None
    pushed_down: tuple[tuple[RankedItem, int], ...]
    """Items that would rank lower, each with its rank before."""
    pushed_out: tuple[RankedItem, ...]
    """Items in the top ``top`` before that would no longer be."""
    top: int


def place(loaded: Loaded, item: Item, top: int, as_of: dt.date | None = None) -> Placement:
    """Analyse the portfolio with ``item`` added and compare with the portfolio as it is."""
    before = analyse(loaded, as_of).ranking
    portfolio = loaded.portfolio.model_copy(update={"items": (*loaded.portfolio.items, item)})
    after = analyse(loaded._replace(portfolio=portfolio), as_of)
    entry = after.ranking.find(item.id)
    if entry is None:  # pragma: no cover - the item was just added
        raise ValueError(item.id)
    above, below = after.ranking.neighbours(item.id) if entry.viable else (None, None)
    old_rank = {r.item.id: r.rank or 0 for r in before.viable}
    pushed_down = tuple(
        (r, old_rank[r.item.id])
        for r in after.ranking.viable
        if r.item.id in old_rank and (r.rank or 0) > old_rank[r.item.id]
    )
    new_top = {r.item.id for r in after.ranking.top(top)}
    pushed_out = tuple(
        r
        for r in after.ranking.viable
        if r.item.id not in new_top and old_rank.get(r.item.id, top + 1) <= top
    )
    return Placement(after, entry, above, below, pushed_down, pushed_out, top)


def analyse(loaded: Loaded, as_of: dt.date | None = None, method: str = "weighted-sum") -> Analysis:
    """Rank a loaded portfolio (by ``method``) and apply the discontinuation rules as of
    ``as_of`` (default: the portfolio's own date)."""
    matrix = build_matrix(loaded.framework, loaded.portfolio)
    thresholds = None
    if method != "weighted-sum":
        from afweging.analysis.methods import thresholds_from_levels

        preferences = [c.preference for c in loaded.framework.criteria]
        thresholds = thresholds_from_levels(preferences, matrix.scale_sizes)
    ranking = rank_matrix(matrix, method, thresholds)
    when = as_of or loaded.portfolio.as_of
    return Analysis(loaded, matrix, ranking, review(loaded.framework, matrix, ranking, when))


class RobustnessReport(NamedTuple):
    """How much the ranking depends on the weights and on the method."""

    analysis: Analysis
    acceptability: "Acceptability"
    intervals: "list[StabilityInterval]"
    methods: "MethodComparison"
    criteria: tuple[str, ...]
    """The weighted criteria, in the order ``acceptability`` and ``intervals`` use."""


def robustness(
    analysis: Analysis,
    *,
    samples: int,
    seed: int,
    weights: str = "around",
    top: int = 5,
    progress: "Callable[[int, int], None] | None" = None,
) -> RobustnessReport:
    """Monte Carlo rank acceptability over the weights, exact stability intervals of each
    weight, and the comparison of aggregation methods (numpy is imported by these)."""
    from afweging.analysis.methods import compare_methods, thresholds_from_levels
    from afweging.analysis.robustness import acceptability
    from afweging.analysis.stability import stability_intervals

    matrix = analysis.matrix
    values = matrix.values()
    viable = matrix.viable()
    accepted = acceptability(
        values, list(matrix.shares), viable, samples=samples, seed=seed,
        weights=weights,  # type: ignore[arg-type]
        top=top, progress=progress,
    )  # fmt: skip
    intervals = stability_intervals(values, list(matrix.shares), viable, top=top)
    preferences = [c.preference for c in analysis.loaded.framework.criteria]
    thresholds = thresholds_from_levels(preferences, matrix.scale_sizes)
    methods = compare_methods(matrix, thresholds, top)
    return RobustnessReport(analysis, accepted, intervals, methods, matrix.criteria)


class SelectionReport(NamedTuple):
    """The optimal selection within the limits, and the working that explains it."""

    analysis: Analysis
    selection: "Selection"
    left_out: "list[LeftOut]"
    value_for_money: "ValueForMoney"
    frontier: "list[FrontierPoint] | None"
    must: tuple[str, ...]
    exclude: tuple[str, ...]
    unexplained: tuple[str, ...]
    """Viable left-out items not explained (beyond the limit on explanations), in
    ranking order."""


def selection(
    analysis: Analysis,
    *,
    budget: float | None = None,
    fte: float | None = None,
    must: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    frontier_steps: int | None = None,
    explain: "Literal['default', 'all'] | int" = "default",
    progress: "Callable[[int, int], None] | None" = None,
) -> SelectionReport:
    """Select the most valuable set of items within the budget and staff limits (the
    portfolio's, unless given), explain it, and optionally trace the efficient frontier.

    ``explain``: ``"default"`` explains every viable left-out item up to 1,000 items, else
    the 50 nearest the cut (``explanation.default_limit``); ``"all"`` every one; a number
    N the N nearest the cut (0: none, and the left-out items keep only the reasons that
    need no solve, a gate or --exclude, for a caller that shows other sentences: the memo
    shows the decision's). ``progress(done, total)`` follows the explanations."""
    from afweging.analysis import selection as solver
    from afweging.analysis.explanation import default_limit

    limits = analysis.loaded.portfolio.limits
    bounds = solver.Limits(
        budget if budget is not None else limits.budget_eur,
        fte if fte is not None else limits.staff_fte,
    )
    candidates = solver.candidates(analysis.ranking)
    needed, barred = frozenset(must), frozenset(exclude)
    chosen = solver.select(candidates, bounds, needed, barred)
    if isinstance(explain, int):
        limit: int | None = explain
    else:
        limit = default_limit(len(candidates), explain == "all")
    left = solver.left_out(candidates, bounds, chosen, needed, barred, limit, progress=progress)
    listed = {entry.id for entry in left} | set(chosen.chosen)
    unexplained = tuple(
        c.id for c in candidates if c.viable and c.id not in listed and c.id not in barred
    )
    greedy = solver.value_for_money(candidates, bounds, chosen, needed, barred)
    frontier = (
        solver.frontier(candidates, bounds, frontier_steps, needed, barred)
        if frontier_steps
        else None
    )
    return SelectionReport(analysis, chosen, left, greedy, frontier, must, exclude, unexplained)
