"""What it would take: the smallest change that flips each verdict, computed exactly.

- Score levels (score-below, bottom-share, and for a funded item near the cut what
  pushes it out): the fewest level steps, found by a knapsack over the weighted criteria
  that are scored with one value (an exact dynamic programme over the number of steps;
  criteria scored per assessor are left as they are).
- A gate or a criterion-below rule: every score below the minimum, per assessor where
  the criterion is scored per assessor, raised to the minimum (nothing less passes).
- No recent result: a tangible result dated in a year the rule still counts at the next
  review (``review_months`` after the peildatum), reported before that review.
- An expired mandate: a renewal that runs at least to the next review.
- Disagreeing assessors: scores within the spread rule's levels.
- Left out for the budget (not-now, or a continuing group under ``compete``): the extra
  budget, the extra staff or the swap that would bring it in (``selection.left_out``).
- Funded near the cut: a funded item is near the cut when its total may fall by at most
  ``near_cut`` points before the optimum leaves it out. That margin is the optimum with
  it minus the optimum without it (exact solves); items whose margin the LP relaxation
  already proves larger (``packages.margin_lower_bounds``) are not solved.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from afweging.analysis.rules import DEFAULTS
from afweging.analysis.ties import TIE_TOLERANCE

if TYPE_CHECKING:
    from afweging.analysis.decision import Decision, ItemDecision
    from afweging.analysis.explanation import Progress
    from afweging.analysis.pipeline import Analysis
    from afweging.analysis.ranking import RankedItem
    from afweging.analysis.selection import Candidate, LeftOut, Limits, Selection
    from afweging.models import Rule

ConditionKind = Literal[
    "levels", "support", "result", "renewal", "agree", "budget", "push-out", "none"
]


class LevelChange(NamedTuple):
    """One score moved: on a criterion (for one assessor, if scored per assessor)."""

    criterion: str
    assessor: str | None
    from_level: str
    to_level: str
    steps: int


class Condition(NamedTuple):
    """The smallest change that would flip a verdict, as data; the renderers word it.

    ``levels``/``support``: ``changes`` (empty with ``feasible`` False: no change of the
    scores suffices); ``result``: a result dated ``since`` or later, reported by
    ``date``; ``renewal``: a mandate renewed to at least ``date``; ``agree``: the
    assessors within ``steps`` levels on ``criterion``; ``budget``: ``eur`` more budget,
    or ``fte`` more staff, or funding ``swap`` out (a change of ``points``);
    ``push-out``: a fall of more than ``points`` in the total, e.g. ``changes``."""

    kind: ConditionKind
    rule: str | None
    changes: tuple[LevelChange, ...] = ()
    feasible: bool = True
    date: str | None = None
    since: int | None = None
    eur: float | None = None
    fte: float | None = None
    swap: tuple[str, ...] = ()
    points: float | None = None
    criterion: str | None = None
    steps: int | None = None


def _raisable(
    analysis: "Analysis", entry: "RankedItem", up: bool
) -> list[list[tuple[int, float, LevelChange]]]:
    """Per weighted criterion scored with one value: each possible move (steps, points
    gained or lost, the change), steps 1 … as far as the scale goes."""
    framework = analysis.loaded.framework
    matrix = analysis.matrix
    row = matrix.cells[_row_of(analysis, entry)]
    options = []
    for criterion, cell, share in zip(framework.criteria, row, matrix.shares, strict=True):
        if not share or cell.by_assessor:
            continue
        scale = framework.scale_of(criterion)
        symbols = [level.symbol for level in scale.levels]
        now = symbols.index(cell.symbol) if cell.symbol in symbols else 0
        here = scale.normalise(scale.levels[now])
        targets = range(now + 1, len(symbols)) if up else range(now - 1, -1, -1)
        moves = []
        for to in targets:
            points = 100.0 * share * abs(scale.normalise(scale.levels[to]) - here)
            change = LevelChange(criterion.id, None, symbols[now], symbols[to], abs(to - now))
            moves.append((abs(to - now), points, change))
        if moves:
            options.append(moves)
    return options


def _row_of(analysis: "Analysis", entry: "RankedItem") -> int:
    return analysis.matrix.items.index(entry.item)


def fewest_levels(
    analysis: "Analysis", entry: "RankedItem", need: float, *, up: bool = True, strict: bool = False
) -> tuple[LevelChange, ...] | None:
    """The fewest level steps (up or down) that move the total by at least ``need``
    points (more than ``need`` with ``strict``); among equally few, the largest move.
    None when no change of the single-valued weighted scores suffices."""
    if need <= 0 and not strict:
        return ()
    best: dict[int, tuple[float, tuple[LevelChange, ...]]] = {0: (0.0, ())}
    for moves in _raisable(analysis, entry, up):
        grown = dict(best)
        for steps, (points, changes) in best.items():
            for extra, gain, change in moves:
                key = steps + extra
                candidate = (points + gain, (*changes, change))
                if key not in grown or candidate[0] > grown[key][0] + 1e-12:
                    grown[key] = candidate
        best = grown
    for steps in sorted(best):
        points, changes = best[steps]
        if points > need if strict else points >= need:
            return changes
    return None


def level_condition(analysis: "Analysis", entry: "RankedItem", rule: "Rule") -> Condition:
    """The fewest level steps that clear a score-below or bottom-share flag."""
    floor = _floor(analysis, entry, rule)
    changes = fewest_levels(analysis, entry, floor - entry.total)
    return Condition("levels", rule.id, changes or (), changes is not None)


def _floor(analysis: "Analysis", entry: "RankedItem", rule: "Rule") -> float:
    """The lowest total at which ``rule`` no longer flags the item."""
    if rule.kind == "score-below":
        threshold = rule.threshold if rule.threshold is not None else DEFAULTS["threshold"]
        return threshold - TIE_TOLERANCE
    share = rule.share if rule.share is not None else DEFAULTS["share"]
    population = [
        e
        for e in analysis.ranking.items
        if e.item.kind in rule.applies_to and e.item.status == "active" and e.viable
    ]
    cut = int(share * len(population) + 1e-9)
    others = sorted(e.total for e in population if e.item.id != entry.item.id)
    return others[cut - 1] - TIE_TOLERANCE if cut >= 1 else -math.inf


def gate_conditions(analysis: "Analysis", entry: "RankedItem", rule: str | None) -> list[Condition]:
    """Every score below a failed gate's minimum raised to it."""
    framework = analysis.loaded.framework
    row = analysis.matrix.cells[_row_of(analysis, entry)]
    cells = {cell.criterion: cell for cell in row}
    found = []
    for gate in entry.failed_gates:
        criterion = framework.criterion(gate.criterion)
        scale = framework.scale_of(criterion)
        symbols = [level.symbol for level in scale.levels]
        to = symbols.index(gate.minimum)
        cell = cells[gate.criterion]
        if cell.by_assessor:
            changes = tuple(
                LevelChange(
                    gate.criterion, s.assessor, s.symbol, gate.minimum, to - symbols.index(s.symbol)
                )
                for s in cell.by_assessor
                if s.assessor in gate.failed_by
            )
            found.append(Condition("support", rule, changes))
        else:
            steps = to - symbols.index(cell.symbol)
            change = LevelChange(gate.criterion, None, cell.symbol, gate.minimum, steps)
            found.append(Condition("levels", rule, (change,)))
    return found


def criterion_condition(analysis: "Analysis", entry: "RankedItem", rule: "Rule") -> Condition:
    """A criterion-below flag cleared: the criterion raised to the rule's level."""
    framework = analysis.loaded.framework
    criterion = framework.criterion(rule.criterion or "")
    scale = framework.scale_of(criterion)
    level = scale.resolve(rule.level or "")
    symbols = [lv.symbol for lv in scale.levels]
    cell = next(
        c for c in analysis.matrix.cells[_row_of(analysis, entry)] if c.criterion == criterion.id
    )
    target = level.symbol if level is not None else symbols[-1]
    if cell.by_assessor:
        changes = tuple(
            LevelChange(
                criterion.id,
                s.assessor,
                s.symbol,
                target,
                symbols.index(target) - symbols.index(s.symbol),
            )
            for s in cell.by_assessor
            if symbols.index(s.symbol) < symbols.index(target)
        )
    else:
        steps = symbols.index(target) - symbols.index(cell.symbol)
        changes = (LevelChange(criterion.id, None, cell.symbol, target, steps),)
    return Condition("levels", rule.id, changes)


def next_review(as_of: dt.date, months: int) -> dt.date:
    """The date ``months`` after ``as_of`` (the last day of the month when it is shorter)."""
    import calendar

    month = as_of.month - 1 + months
    year, month = as_of.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def survival_conditions(
    decision: "Decision",
    plain: "Selection",
    candidates: "Sequence[Candidate]",
    bounds: "Limits",
    forced: frozenset[str],
    out: frozenset[str],
    *,
    progress: "Progress | None" = None,
) -> "Decision":
    """The decision with every condition filled in (see the module docstring).
    ``progress(done, total)`` is called after each left-out item explained and each
    funded item whose margin is solved."""
    from afweging.analysis import selection as solver
    from afweging.analysis.packages import margin_lower_bounds

    rules = decision.rules
    left_ids = {
        d.id
        for d in decision.items
        if not d.funded
        and d.entry.viable
        and d.id not in out
        and any(r.rule == "budget" for r in d.reasons)
    }
    lower = margin_lower_bounds(candidates, bounds, forced, out, plain.value)
    chosen = set(plain.chosen) - forced
    solved = {
        d.id
        for d in decision.items
        if d.id in chosen and lower.get(d.id, 0.0) <= rules.near_cut + 1e-6
    }
    steps = {"explained": 0, "solved": 0}

    def explaining(done: int, total: int) -> None:
        steps["explained"] = total
        if progress is not None:
            progress(done, total + len(solved))

    explained: dict[str, LeftOut] = {}
    if left_ids:
        for left in solver.left_out(
            candidates, bounds, plain, forced, out, items=left_ids, progress=explaining
        ):
            explained[left.id] = left
    items = []
    for d in decision.items:
        conditions = [] if d.verdict in ("continue", "start") else _rule_conditions(decision, d)
        found = explained.get(d.id)
        if found is not None and found.reason is None:
            conditions.append(
                Condition(
                    "budget",
                    None,
                    eur=found.extra_eur,
                    fte=found.extra_fte,
                    swap=found.drop or (),
                    points=found.value_change,
                )
            )
        near = False
        if d.id in solved:
            push = _push_out(decision, d, candidates, bounds, forced, out, plain)
            near = push.points is not None and push.points <= rules.near_cut
            if near:
                conditions.append(push)
            steps["solved"] += 1
            if progress is not None:
                progress(steps["explained"] + steps["solved"], steps["explained"] + len(solved))
        items.append(d._replace(conditions=tuple(conditions), near_cut=near))
    return decision._replace(items=tuple(items))


def _rule_conditions(decision: "Decision", d: "ItemDecision") -> list[Condition]:
    """What clears each flag behind an item's verdict."""
    analysis = decision.analysis
    framework = analysis.loaded.framework
    by_rule = {r.id: r for r in framework.rules}
    review = next_review(analysis.review.as_of, decision.rules.review_months)
    entry = d.entry
    found: list[Condition] = []
    seen_gates = False
    for reason in d.reasons:
        rule = by_rule.get(reason.rule)
        if reason.kind == "gate-failed":
            if not seen_gates:
                found += gate_conditions(analysis, entry, reason.rule if rule else None)
            seen_gates = True
        elif rule is None:
            continue
        elif rule.kind in ("score-below", "bottom-share"):
            found.append(level_condition(analysis, entry, rule))
        elif rule.kind == "criterion-below" and entry.viable:
            found.append(criterion_condition(analysis, entry, rule))
        elif rule.kind == "no-recent-result":
            years = int(rule.years if rule.years is not None else DEFAULTS["years"])
            since = review.year - years + 1
            found.append(Condition("result", rule.id, date=review.isoformat(), since=since))
        elif rule.kind == "mandate-expired":
            found.append(Condition("renewal", rule.id, date=review.isoformat()))
        elif rule.kind == "assessor-spread":
            levels = int(rule.levels if rule.levels is not None else DEFAULTS["levels"])
            label = reason.evidence["criterion"]
            criterion = next(c.id for c in framework.criteria if c.label.nl == label["nl"])
            found.append(Condition("agree", rule.id, criterion=criterion, steps=levels - 1))
    return found


def _push_out(
    decision: "Decision",
    d: "ItemDecision",
    candidates: "Sequence[Candidate]",
    bounds: "Limits",
    forced: frozenset[str],
    out: frozenset[str],
    plain: "Selection",
) -> Condition:
    """The points a funded item may lose before the optimum leaves it out."""
    from afweging.analysis import selection as solver

    without = solver.select(candidates, bounds, forced, out | {d.id})
    margin = plain.value - without.value
    changes = fewest_levels(decision.analysis, d.entry, margin + solver.TIE, up=False, strict=True)
    return Condition("push-out", None, changes or (), changes is not None, points=margin)
