"""One decision: a verdict for every item, a package that fits, and what it would take.

The steps, each visible:

1. ``rule_verdicts``: the review's flags become one verdict per item by the framework's
   decision rules (``Framework.decision``). An item that fails a gate is discontinued
   (active) or rejected (proposed). A discontinue flag of a rule listed in
   ``conditions`` sets a condition (continue-with-conditions) instead. A discontinue
   flag on an item robustly in the top of the ranking, one that the weight samples lift
   often, or one that rests on scores the assessors disagree about, becomes ``discuss``.
   A discuss flag alone gives ``discuss``.
2. ``package``: the exact optimum (``selection.select``, HiGHS) over the items the rules
   leave eligible; with ``incumbents: keep`` every continuing group is forced in, with
   ``unanimous`` every assessor must value the package at least at the status quo.
3. The package settles the rest: an eligible proposal is ``start`` or ``not-now``; with
   ``incumbents: compete`` a continuing group left out is discontinued for the budget.
4. ``conditions.survival_conditions``: what it would take to flip each verdict, exactly.
5. Stability: over the robustness command's weight samples (same seed semantics), the
   share of samples in which each item's rule verdict stays the same. The package is not
   re-optimised per sample: a verdict that follows from the package (start, not-now, a
   discontinuation for the budget) counts as stable while its rule verdict is.

Pure: numpy and the solver are imported inside the functions that need them.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import math
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from afweging.analysis.pipeline import Analysis
from afweging.analysis.ranking import RankedItem
from afweging.analysis.rules import Flag
from afweging.analysis.verdicts import (
    _CONDITIONS,
    _CONTINUE,
    _DISCUSS,
    _ELIGIBLE,
    _RULE_VERDICT,
    RuleInputs,
    Verdict,
    flag_classes,
    verdict_code,
)
from afweging.errors import ProblemsError
from afweging.models import DecisionRules

if TYPE_CHECKING:
    from afweging.analysis.conditions import Condition
    from afweging.analysis.explanation import Progress


class DecisionError(ProblemsError):
    """Demands on the decision that cannot all be met (exit 1); one line per problem."""


class Reason(NamedTuple):
    """Why an item has its verdict: a rule's flag, or a step of the decision."""

    rule: str
    """The rule's id; for a step of the decision: gate, budget, excluded, robust-top,
    overturned, spread, funded, eligible."""
    kind: str
    severity: str | None
    evidence: dict[str, Any]
    flag: Flag | None = None


class ItemDecision(NamedTuple):
    """One item's verdict with its reasons, conditions, funding and stability."""

    entry: RankedItem
    verdict: Verdict
    reasons: tuple[Reason, ...]
    conditions: "tuple[Condition, ...]"
    funded: bool
    stability: float | None
    fragile: bool
    per_assessor: dict[str, float]
    near_cut: bool = False

    @property
    def id(self) -> str:
        """The item's id."""
        return self.entry.item.id


class Package(NamedTuple):
    """The funded items with their value, spend and staff, overall and per assessor."""

    chosen: tuple[str, ...]
    value: float
    eur: float
    fte: float
    per_assessor: dict[str, float]


class Unanimity(NamedTuple):
    """The outcome of ``--unanimous``: whether a package exists that no assessor values
    below the status quo; if not, what each assessor loses in the best package."""

    feasible: bool
    losses: dict[str, float]


class Decision(NamedTuple):
    """The whole decision: verdicts, the package, the status quo and what moves."""

    analysis: Analysis
    rules: DecisionRules
    items: tuple[ItemDecision, ...]
    package: Package
    status_quo: Package
    budget: float | None
    staff: float | None
    freed_eur: float
    freed_fte: float
    reallocated_eur: float
    reallocated_fte: float
    unanimity: Unanimity | None
    samples: int
    seed: int
    must: tuple[str, ...]
    exclude: tuple[str, ...]

    def find(self, item_id: str) -> ItemDecision:
        """The decision on one item (which must exist)."""
        return next(d for d in self.items if d.id == item_id)


def assessor_totals(analysis: Analysis) -> list[dict[str, float]]:
    """Per item (in the matrix's order), its total as each assessor's own scores give it:
    an assessor's score where the criterion is scored per assessor, the common one else."""
    matrix = analysis.matrix
    assessors = analysis.loaded.portfolio.assessors
    found = []
    for row in matrix.cells:
        totals = {}
        for assessor in assessors:
            points = 0.0
            for cell, share in zip(row, matrix.shares, strict=True):
                if share:
                    value = next(
                        (s.value for s in cell.by_assessor if s.assessor == assessor), cell.value
                    )
                    points += share * value
            totals[assessor] = 100.0 * points
        found.append(totals)
    return found


def decide(
    analysis: Analysis,
    *,
    budget: float | None = None,
    fte: float | None = None,
    must: Collection[str] = (),
    exclude: Collection[str] = (),
    unanimous: bool = False,
    samples: int = 10_000,
    seed: int = 20121101,
    conditions: bool = True,
    progress: "Progress | None" = None,
) -> Decision:
    """The decision on a portfolio (see the module docstring); ``budget`` and ``fte``
    default to the portfolio's limits. Raises ``DecisionError`` when ``must`` names an
    item the rules discontinue or reject, or when the must set does not fit.
    ``progress(done, total)`` follows the exact solves of the conditions."""
    from afweging.analysis import selection as solver
    from afweging.analysis.verdict_samples import sample_verdicts

    framework = analysis.loaded.framework
    rules = framework.decision
    limits = analysis.loaded.portfolio.limits
    bounds = solver.Limits(
        budget if budget is not None else limits.budget_eur,
        fte if fte is not None else limits.staff_fte,
    )
    entries = list(analysis.ranking.items)
    by_id = {e.item.id: e for e in entries}
    totals_of = assessor_totals(analysis)
    per_assessor = {
        item.id: totals for item, totals in zip(analysis.matrix.items, totals_of, strict=True)
    }
    sampled = sample_verdicts(analysis, samples=samples, seed=seed) if samples else None
    inputs = {e.item.id: _inputs(e, analysis, sampled) for e in entries}
    codes = {
        item_id: verdict_code(inputs[item_id], *flag_classes(_flags(analysis, item_id), rules))
        for item_id in by_id
    }
    candidates = solver.candidates(analysis.ranking)
    must_ids = _resolve(must, by_id, "--must")
    exclude_ids = _resolve(exclude, by_id, "--exclude")
    barred = [i for i in by_id if codes[i] not in (_CONTINUE, _CONDITIONS, _DISCUSS, _ELIGIBLE)]
    blocked = [i for i in must_ids if i in barred]
    if blocked:
        raise DecisionError(
            *(f"'{i}' must be funded but its verdict is {_RULE_VERDICT[codes[i]]}" for i in blocked)
        )
    forced = set(must_ids)
    if rules.incumbents == "keep":
        forced |= {
            i for i, e in by_id.items() if e.item.status == "active" and i not in barred
        } - set(exclude_ids)
    out = frozenset(barred) | frozenset(exclude_ids)
    status_quo_ids = [e.item.id for e in entries if e.item.status == "active"]
    status_quo = _package(status_quo_ids, by_id, per_assessor)
    try:
        plain = solver.select(candidates, bounds, frozenset(forced), out)
    except solver.SelectionError as exc:
        raise DecisionError(*exc.problems) from exc
    chosen, unanimity = plain.chosen, None
    if unanimous:
        chosen, unanimity = _unanimous(candidates, bounds, forced, out, by_id, per_assessor, plain)
    package = _package(chosen, by_id, per_assessor)
    funded = set(chosen)
    fragile = analysis.loaded.framework.decision.fragile
    decided = []
    for e in entries:
        item_id = e.item.id
        code = codes[item_id]
        verdict, reasons = _final(
            e, code, item_id in funded, item_id in exclude_ids, analysis, sampled
        )
        stable = None if sampled is None else sampled.stability(item_id, code)
        decided.append(
            ItemDecision(
                e, verdict, reasons, (), item_id in funded, stable,
                stable is not None and 1.0 - stable > fragile, per_assessor[item_id],
            )
        )  # fmt: skip
    freed = [d.entry.item for d in decided if d.entry.item.status == "active" and not d.funded]
    started = [d.entry.item for d in decided if d.entry.item.status == "proposed" and d.funded]
    decision = Decision(
        analysis,
        rules,
        tuple(decided),
        package,
        status_quo,
        bounds.budget,
        bounds.fte,
        math.fsum(i.cost.eur for i in freed),
        math.fsum(i.cost.fte for i in freed),
        math.fsum(i.cost.eur for i in started),
        math.fsum(i.cost.fte for i in started),
        unanimity,
        samples,
        seed,
        tuple(must_ids),
        tuple(exclude_ids),
    )
    if not conditions:
        return decision
    from afweging.analysis.conditions import survival_conditions

    return survival_conditions(
        decision, plain, candidates, bounds, frozenset(forced), out, progress=progress
    )


def _unanimous(
    candidates: Any,
    bounds: Any,
    forced: Collection[str],
    out: Collection[str],
    by_id: dict[str, RankedItem],
    per_assessor: dict[str, dict[str, float]],
    plain: Any,
) -> tuple[tuple[str, ...], Unanimity]:
    """The package no assessor values below the status quo, or the plain best package
    with what each assessor would lose when there is none."""
    from afweging.analysis.milp import SolverError
    from afweging.analysis.packages import unanimous_package
    from afweging.analysis.selection import TIE

    status_quo = _package(
        [i for i, e in by_id.items() if e.item.status == "active"], by_id, per_assessor
    ).per_assessor
    try:
        agreed = unanimous_package(candidates, bounds, forced, out, per_assessor, status_quo)
    except SolverError as exc:
        raise DecisionError(f"--unanimous: the package could not be computed: {exc}") from exc
    if agreed is None:
        best = _package(plain.chosen, by_id, per_assessor).per_assessor
        losses = {a: status_quo[a] - v for a, v in best.items() if v < status_quo[a] - TIE}
        return plain.chosen, Unanimity(False, losses)
    return tuple(c.id for c in candidates if c.id in agreed), Unanimity(True, {})


def _flags(analysis: Analysis, item_id: str) -> tuple[Flag, ...]:
    return analysis.review.flags.get(item_id, ())


def _inputs(entry: RankedItem, analysis: Analysis, sampled: Any) -> RuleInputs:
    item_id = entry.item.id
    flags = _flags(analysis, item_id)
    return RuleInputs(
        entry.item.status == "proposed",
        not entry.viable,
        sampled is not None and sampled.robust_top(item_id),
        sampled is not None and sampled.overturned(item_id, flags),
        any(f.kind == "assessor-spread" for f in flags),
    )


def _resolve(ids: Collection[str], by_id: dict[str, RankedItem], option: str) -> list[str]:
    from afweging.models import did_you_mean

    folded = {i.casefold(): i for i in by_id}
    found, problems = [], []
    for name in ids:
        real = name if name in by_id else folded.get(name.casefold())
        if real is None:
            hint = did_you_mean(name, list(by_id))
            problems.append(f"unknown item '{name}' in {option}" + (f" — {hint}" if hint else ""))
        elif real not in found:
            found.append(real)
    if problems:
        raise DecisionError(*problems)
    return found


def _package(
    chosen: Sequence[str], by_id: dict[str, RankedItem], per_assessor: dict[str, dict[str, float]]
) -> Package:
    items = [by_id[i] for i in chosen]
    assessors = next(iter(per_assessor.values()), {})
    return Package(
        tuple(chosen),
        math.fsum(e.total for e in items),
        math.fsum(e.item.cost.eur for e in items),
        math.fsum(e.item.cost.fte for e in items),
        {a: math.fsum(per_assessor[i][a] for i in chosen) for a in assessors},
    )


def _final(
    entry: RankedItem,
    code: int,
    funded: bool,
    excluded: bool,
    analysis: Analysis,
    sampled: Any,
) -> tuple[Verdict, tuple[Reason, ...]]:
    """The verdict once the package is known, and the reasons for it."""
    item_id = entry.item.id
    flags = _flags(analysis, item_id)
    reasons = [Reason(f.rule, f.kind, f.severity, dict(f.evidence), f) for f in flags]
    if not entry.viable and not any(f.kind == "gate-failed" for f in flags):
        gates = entry.failed_gates
        evidence = {
            "gates": [g.criterion for g in gates],
            "scores": [g.symbol for g in gates],
            "minimums": [g.minimum for g in gates],
        }
        reasons.insert(0, Reason("gate", "gate-failed", "discontinue", evidence))
    if code == _DISCUSS and sampled is not None:
        i = sampled.position[item_id]
        if sampled.robust_top(item_id):
            reasons.append(Reason("robust-top", "robust-top", "discuss", {"share": sampled.top[i]}))
        if sampled.overturned(item_id, flags):
            share = sampled.unflagged[i]
            reasons.append(Reason("overturned", "overturned", "discuss", {"share": share}))
    if code == _ELIGIBLE:
        if excluded:
            return "not-now", (*reasons, Reason("excluded", "excluded", None, {}))
        step = Reason("funded" if funded else "budget", "package", None, {})
        return ("start" if funded else "not-now"), (*reasons, step)
    if code in (_CONTINUE, _CONDITIONS, _DISCUSS) and not funded:
        why = "excluded" if excluded else "budget"
        return "discontinue", (*reasons, Reason(why, why, "discontinue", {}))
    return _RULE_VERDICT[code], tuple(reasons)
