"""Discontinuation rules: one small function per rule kind, each returning flags.

Evaluation is a pure function of the framework's rules, the decision matrix, the
ranking and the ``as_of`` date. A flag keeps its evidence (numbers, dates, ranks) as
data, so its reason can be rendered in either language and written as JSON.

Who is reviewed: the items whose kind a rule applies to (working groups by default).
Proposed items are not yet running, so the history rules (no-recent-result,
mandate-expired) and bottom-share look at active items only; the other rules also tell
what a proposed item would carry.
"""

import datetime as dt
import functools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, Literal, NamedTuple

from afweging.analysis.matrix import Cell, DecisionMatrix
from afweging.analysis.ranking import RankedItem, Ranking
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.i18n import Language, text
from afweging.models import Framework, Item, Labels, Rule
from afweging.numbers import number

DEFAULTS = {"threshold": 30.0, "share": 0.25, "years": 2, "levels": 2}
"""Parameter values used when a rule leaves them out."""

FlagSeverity = Literal["discontinue", "discuss", "condition"]
SEVERITIES: tuple[FlagSeverity, ...] = ("discontinue", "discuss", "condition")
"""A flag's severity, most severe first. A rule's own severity is ``discontinue`` or
``discuss``; a discontinue rule that the framework's ``decision.conditions`` lists flags
with ``condition``: alone it continues a group with conditions (a recent result, a
renewed mandate), which is what ``decide`` rules, so rank, review and the memo say the
same. A discuss flag outranks it, as in ``decide`` (an item with both is discussed)."""

Evidence = dict[str, Any]
"""Placeholder values: numbers, ISO dates, text, or ``{"nl": …, "en": …}`` labels."""


class Flag(NamedTuple):
    """A signal that an item should be discontinued, continued with conditions or
    discussed, with the evidence."""

    rule: str
    kind: str
    severity: FlagSeverity
    evidence: Evidence
    reason: Labels | None

    def placeholders(self, lang: Language) -> tuple[str, ...]:
        """The evidence the reason in ``lang`` shows (its placeholders)."""
        template = self.reason.get(lang) if self.reason else default_reason(self.kind, lang)
        return _placeholders(template)

    def text(self, lang: Language) -> str:
        """The reason in ``lang`` with the evidence filled in."""
        template = self.reason.get(lang) if self.reason else default_reason(self.kind, lang)
        evidence = self.evidence
        values = {key: _shown(evidence[key], lang) for key in _placeholders(template)}
        total, threshold = evidence.get("total"), evidence.get("threshold")
        if isinstance(total, float) and isinstance(threshold, float):
            # never print "total 30.0 is below the threshold of 30.0"
            values["total"], values["threshold"] = _distinct(total, threshold, lang)
        return template.format_map(values)


@functools.cache
def _placeholders(template: str) -> tuple[str, ...]:
    """The placeholders a reason text uses (only those of its evidence need showing)."""
    import string  # only needed once flags are worded; kept off the start-up path

    return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template)
                               if name is not None))  # fmt: skip


class Review(NamedTuple):
    """The flags of every item, and which items the rules looked at."""

    as_of: dt.date
    reviewed: tuple[str, ...]
    flags: dict[str, tuple[Flag, ...]]

    def severity_of(self, item_id: str) -> FlagSeverity | None:
        """The most severe flag an item carries, if any."""
        severities = {f.severity for f in self.flags.get(item_id, ())}
        return next((s for s in SEVERITIES if s in severities), None)

    def count(self, severity: FlagSeverity) -> int:
        """How many reviewed items have ``severity`` as their most severe flag."""
        return sum(1 for item_id in self.reviewed if self.severity_of(item_id) == severity)


BothLanguages = dict[str, str]
"""A text in both languages as evidence: ``{"nl": …, "en": …}``."""


_Row = tuple[RankedItem, tuple[Cell, ...]]
"""An item's ranking entry and its row of the matrix (in the order of ``columns``)."""


class _KindLabels(dict[str, BothLanguages]):
    """Each item kind in both languages as evidence, made when first asked for."""

    def __missing__(self, kind: str) -> BothLanguages:
        found = self[kind] = {"nl": text(kind, "nl"), "en": text(kind, "en")}
        return found


class _Context(NamedTuple):
    framework: Framework
    rows: tuple[_Row, ...]
    """Every item's entry and row, in the order of the file."""
    columns: dict[str, int]
    """The position of each criterion in a row."""
    as_of: dt.date
    targeted: dict[tuple[frozenset[str], bool], list[_Row]]
    """The rows each (applies_to, active_only) covers, found once for all its rules."""
    labels: dict[str, BothLanguages]
    """Each criterion's label as evidence."""
    kinds: _KindLabels


def _shown(value: Any, lang: Language) -> str:
    if isinstance(value, dict):
        return str(value[lang])
    if isinstance(value, float):
        # in the language's notation (numbers.py): nl 26,7, en 26.7
        return str(int(value)) if value.is_integer() else number(value, 1, lang)
    if value is None:
        return text("none", lang)
    return str(value)


def _distinct(a: float, b: float, lang: Language) -> tuple[str, str]:
    """Two numbers with as few decimals (1 to 4) as it takes to show that they differ, in
    ``lang``'s notation."""
    for digits in range(1, 5):
        shown = (f"{a:.{digits}f}", f"{b:.{digits}f}")
        if shown[0] != shown[1]:
            break
    trimmed = [s.rstrip("0").rstrip(".") if "." in s else s for s in shown]
    if lang == "nl":
        trimmed = [s.replace(".", ",") for s in trimmed]
    return trimmed[0], trimmed[1]


def _targets(rule: Rule, context: _Context, *, active_only: bool) -> list[_Row]:
    return _covered(context, frozenset(rule.applies_to), active_only=active_only)


def _covered(context: _Context, kinds: frozenset[str], *, active_only: bool) -> list[_Row]:
    """The rows of the items of ``kinds`` (only the active ones, with ``active_only``),
    both lists found in one pass and kept for every rule that covers those kinds."""
    found = context.targeted.get((kinds, active_only))
    if found is None:
        every: list[_Row] = []
        active: list[_Row] = []
        for row in context.rows:
            item = row[0].item
            if item.kind in kinds:
                every.append(row)
                if item.status == "active":
                    active.append(row)
        context.targeted[(kinds, False)], context.targeted[(kinds, True)] = every, active
        found = active if active_only else every
    return found


# Each rule yields (item id, evidence); the evidence starts with what every flag carries,
# the item's id, name and kind (``_flagged``).


def _flagged(item: Item, context: _Context, **evidence: Any) -> tuple[str, Evidence]:
    """An item's flag evidence: its id, name and kind, then what the rule found."""
    return item.id, {"id": item.id, "name": item.name, "kind": context.kinds[item.kind],
                     **evidence}  # fmt: skip


def _gate_failed(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    columns, labels = context.columns, context.labels
    for entry, cells in _targets(rule, context, active_only=False):
        if entry.rank is not None:
            continue  # ranked: it passes every gate
        item = entry.item
        for gate in entry.failed_gates:
            if rule.criteria is None or gate.criterion in rule.criteria:
                cell = cells[columns[gate.criterion]]
                shortfall = [s for s in cell.by_assessor if s.assessor in gate.failed_by]
                yield _flagged(
                    item,
                    context,
                    gate=labels[gate.criterion],
                    # per assessor: only those below the minimum ("LU beperkt")
                    score=", ".join(f"{s.assessor} {s.symbol}" for s in shortfall) or gate.symbol,
                    minimum=gate.minimum,
                    assessors=", ".join(gate.failed_by),
                )


def _score_below(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    threshold = rule.threshold if rule.threshold is not None else DEFAULTS["threshold"]
    floor, shown = threshold - TIE_TOLERANCE, float(threshold)
    for entry, _ in _targets(rule, context, active_only=False):
        if entry.total < floor:
            item = entry.item
            yield _flagged(
                item,
                context,
                total=entry.total,
                threshold=shown,
            )


def _bottom_share(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    """The ⌊share × n⌋ lowest of the n ranked (gate-passing) active items the rule covers;
    a tie that straddles that line is not cut (none of it is flagged), so no item is
    flagged by file order. ``{rank}`` is the place among those n by total."""
    share = rule.share if rule.share is not None else DEFAULTS["share"]
    population = [e for e, _ in _targets(rule, context, active_only=True) if e.rank is not None]
    count = len(population)
    cut = int(share * count + 1e-9)
    if cut == 0:
        return
    ascending = sorted(e.total for e in population)
    percent = round(share * 100, 6)
    places = f"{count - cut + 1}–{count}" if cut > 1 else str(count)
    for entry in population:
        # its place from the bottom, counting every item it ties with as below it: the
        # number of totals ≤ total + tolerance (one bisection instead of a pass over all)
        from_bottom = bisect_right(ascending, entry.total + TIE_TOLERANCE)
        if from_bottom <= cut:
            item = entry.item
            yield _flagged(
                item,
                context,
                rank=1 + count - from_bottom,  # 1 + the number of totals above
                count=count,
                share=percent,
                total=entry.total,
                places=places,
            )


def _no_recent_result(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    """No result in the calendar years ``as_of.year - years + 1`` … ``as_of.year``."""
    years = int(rule.years if rule.years is not None else DEFAULTS["years"])
    since = context.as_of.year - years + 1
    as_of = context.as_of.isoformat()
    for entry, _ in _targets(rule, context, active_only=True):
        item = entry.item
        last = item.last_result
        if last < since if last is not None else (item.established or 0) < since:
            yield _flagged(
                item,
                context,
                last_result=last,
                years=years,
                as_of=as_of,
                since=since,
            )


def _mandate_expired(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    today = context.as_of
    as_of = today.isoformat()
    for entry, _ in _targets(rule, context, active_only=True):
        item = entry.item
        end = item.mandate_end
        if end is not None and end < today:
            yield _flagged(
                item,
                context,
                mandate_end=end.isoformat(),
                as_of=as_of,
            )


def _criterion_below(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    if rule.criterion is None or rule.level is None:
        return  # the loader refuses such a rule; nothing to evaluate
    criterion = context.framework.criterion(rule.criterion)
    scale = context.framework.scale_of(criterion)
    level = scale.resolve(rule.level)
    if level is None:
        return
    floor = scale.normalise(level) - TIE_TOLERANCE
    column, label = context.columns[criterion.id], context.labels[criterion.id]
    for entry, cells in _targets(rule, context, active_only=False):
        cell = cells[column]
        if cell.value < floor:
            item = entry.item
            yield _flagged(
                item,
                context,
                criterion=label,
                score=cell.symbol,
                level=level.symbol,
            )


def _assessor_spread(rule: Rule, context: _Context) -> Iterator[tuple[str, Evidence]]:
    levels = rule.levels if rule.levels is not None else DEFAULTS["levels"]
    # the criteria the rule looks at, by position in a row
    watched = [
        (index, context.labels[criterion_id])
        for criterion_id, index in context.columns.items()
        if rule.criteria is None or criterion_id in rule.criteria
    ]
    most = int(levels)
    for entry, cells in _targets(rule, context, active_only=False):
        for index, label in watched:
            cell = cells[index]
            if cell.spread >= levels and cell.by_assessor:
                item = entry.item
                yield _flagged(
                    item,
                    context,
                    criterion=label,
                    spread=cell.spread,
                    levels=most,
                    scores=cell.symbol,
                )


class RuleKindSpec(NamedTuple):
    """Everything about one rule kind, in one place: what it takes, what it shows, what it
    says without a reason of its own, and how it is evaluated."""

    description: str
    """What the rule checks (in the JSON Schema of the framework)."""
    parameters: tuple[str, ...]
    """The rule's parameters this kind takes; any other set on it is an error."""
    placeholders: tuple[str, ...]
    """The evidence its reason may show, besides ``models.COMMON_PLACEHOLDERS``."""
    reason: tuple[str, str]
    """The default reason, in Dutch and English."""
    evaluate: Callable[[Rule, _Context], Iterator[tuple[str, Evidence]]]
    """The flagged items, each as (item id, evidence)."""


# The rule kinds (models.RuleKind names them for validation); tests/analysis/test_rules.py
# checks that each has a description, its reasons in both languages and its placeholders.
RULE_KINDS: dict[str, RuleKindSpec] = {
    "gate-failed": RuleKindSpec(
        "an item fails a gate (of the given criteria, or any)",
        ("criteria",),
        ("gate", "score", "minimum", "assessors"),
        (
            "haalt de poort '{gate}' niet: {score} (minimum {minimum})",
            "fails the gate '{gate}': {score} (minimum {minimum})",
        ),
        _gate_failed,
    ),
    "score-below": RuleKindSpec(
        "an item's total is below the threshold",
        ("threshold",),
        ("total", "threshold"),
        (
            "totaal {total} ligt onder de drempel van {threshold}",
            "total {total} is below the threshold of {threshold}",
        ),
        _score_below,
    ),
    "bottom-share": RuleKindSpec(
        "an active item is in the given share of lowest totals",
        ("share",),
        ("rank", "count", "share", "total", "places"),
        (
            "plaats {rank} van {count} naar totaal: in de onderste {share}% (plaatsen {places})",
            "place {rank} of {count} by total: in the bottom {share}% (places {places})",
        ),
        _bottom_share,
    ),
    "no-recent-result": RuleKindSpec(
        "an active item has had no result in the given number of calendar years",
        ("years",),
        ("last_result", "years", "as_of", "since"),
        (
            "geen tastbaar resultaat sinds {since} (laatste: {last_result}; peildatum {as_of})",
            "no tangible result since {since} (last: {last_result}; as of {as_of})",
        ),
        _no_recent_result,
    ),
    "mandate-expired": RuleKindSpec(
        "an active item's mandate ended before the review date",
        (),
        ("mandate_end", "as_of"),
        (
            "mandaat liep af op {mandate_end}, vóór de peildatum {as_of}",
            "mandate ended on {mandate_end}, before {as_of}",
        ),
        _mandate_expired,
    ),
    "criterion-below": RuleKindSpec(
        "an item scores below the given level on the given criterion",
        ("criterion", "level"),
        ("criterion", "score", "level"),
        ("'{criterion}' is {score}, onder {level}", "'{criterion}' is {score}, below {level}"),
        _criterion_below,
    ),
    "assessor-spread": RuleKindSpec(
        "assessors differ by the given number of levels or more on a criterion",
        ("levels", "criteria"),
        ("criterion", "spread", "levels", "scores"),
        (
            "beoordelaars verschillen {spread} niveaus op '{criterion}' ({scores})",
            "assessors differ by {spread} levels on '{criterion}' ({scores})",
        ),
        _assessor_spread,
    ),
}


def default_reason(kind: str, lang: Language) -> str:
    """The built-in reason text of a rule kind."""
    nl, en = RULE_KINDS[kind].reason
    return nl if lang == "nl" else en


def review(
    framework: Framework, matrix: DecisionMatrix, ranking: Ranking, as_of: dt.date
) -> Review:
    """Apply every rule of the framework; return each item's flags in rule order."""
    # The rules visit the items in the order of the file, the order they were made in:
    # in a large portfolio that is far quicker than jumping about in rank order.
    entry_of = {id(entry.item): entry for entry in ranking.items}
    context = _Context(
        framework,
        tuple(zip(map(entry_of.__getitem__, map(id, matrix.items)), matrix.cells, strict=True)),
        {criterion_id: index for index, criterion_id in enumerate(matrix.criteria)},
        as_of,
        {},
        {c.id: {"nl": c.label.nl, "en": c.label.en} for c in framework.criteria},
        _KindLabels(),
    )
    flags: defaultdict[str, list[Flag]] = defaultdict(list)
    conditions = set(framework.decision.conditions)
    for rule in framework.rules:
        severity: FlagSeverity = "condition" if rule.id in conditions else rule.effective_severity
        for item_id, evidence in RULE_KINDS[rule.kind].evaluate(rule, context):
            flags[item_id].append(Flag(rule.id, rule.kind, severity, evidence, rule.reason))
    kinds = frozenset(kind for rule in framework.rules for kind in rule.applies_to)
    chosen = {id(entry) for entry, _ in _covered(context, kinds, active_only=True)}
    reviewed = tuple(entry.item.id for entry in ranking.items if id(entry) in chosen)
    return Review(as_of, reviewed, {k: tuple(v) for k, v in flags.items()})
