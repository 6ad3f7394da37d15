"""The two file formats, framework and portfolio, as frozen pydantic models.

The models check types and single-field rules; the invariants that span fields
(ids unique, every criterion's scale declared, gate minimums on their scale) are
pure functions here that return ``Finding``s, so that the loader can place each one
at its line and column.
"""

# No ``from __future__ import annotations`` here: pydantic would have to compile and
# evaluate every annotation string when the models are built, a cost paid at each start.
import datetime as dt
import math
from typing import Annotated, Any, Literal, NamedTuple, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from afweging.errors import ID_PATTERN, UNSAFE_CHARACTERS, describe

# did_you_mean lives with the errors; re-exported for analysis/selection.py and decision.py
from afweging.errors import closest as closest  # noqa: PLC0414 — an explicit re-export
from afweging.errors import did_you_mean as did_you_mean  # noqa: PLC0414 — idem
from afweging.i18n import Language

FORMAT_VERSION = 1
LANGUAGES: tuple[Language, ...] = get_args(Language)
ItemKind = Literal["working-group", "initiative", "project"]
ItemStatus = Literal["active", "proposed"]
Aggregate = Literal["mean", "median", "min"]

Loc = tuple[str | int, ...]


class Finding(NamedTuple):
    """A problem found in a validated model, located by its path in the file."""

    loc: Loc
    message: str
    hint: str = ""
    at_key: bool = False


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
        raise ValueError(f"'{value}' is not a date — write it as YYYY-MM-DD, e.g. 2026-01-31")
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"expected a date, got {describe(value)} — write it as YYYY-MM-DD")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {describe(value)}")
    # abs() before isfinite(): an int too large for a float compares exactly with 1e15
    # but overflows in isfinite().
    if abs(value) > 1e15 or not math.isfinite(value):
        shown = str(value)
        if len(shown) > 20:
            shown = f"{shown[:12]}… ({len(shown)} digits)"
        raise ValueError(f"the number {shown} is out of range — use a number below 1e15")
    return float(value)


def _raw_level(value: Any) -> str | float:
    if isinstance(value, bool):
        word = "true" if value else "false"
        raise ValueError(
            f"{word} is a boolean, not a scale level — write a level of the scale in quotes,"
            ' e.g. "+" or "ja"'
        )
    if value is None:
        raise ValueError('the score is empty — write a level of the scale, e.g. "+"')
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return _number(value)
    raise ValueError(f"expected a scale level, got {describe(value)}")


def _raw_score(value: Any) -> str | float | dict[str, str | float]:
    if isinstance(value, dict):
        if not value:
            raise ValueError("the per-assessor score is empty — write e.g. {NL: '+', BE: '+'}")
        return {str(k): _raw_level(v) for k, v in value.items()}
    if isinstance(value, list):
        raise ValueError(
            "a score is one level or a mapping of assessors to levels, not a list"
            " — write e.g. \"++\" or {NL: '++', BE: '+'}"
        )
    return _raw_level(value)


def _scores(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Scores that are all text (or mappings of text to text) are valid as they are: one
    check here instead of a call to ``_raw_score`` for every score, and no copy of the
    mapping. Anything else takes the full validation, which locates each error."""
    if type(value) is dict:
        for score in value.values():
            if type(score) is str:
                continue
            if type(score) is not dict or not score:
                return handler(value)
            for key, level in score.items():
                if type(key) is not str or type(level) is not str:
                    return handler(value)
        for key in value:
            if type(key) is not str:
                return handler(value)
        return value
    return handler(value)


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

# The Dutch words the output uses for an item's kind and status are accepted in the
# files (and by score) as the same values; the model keeps the English value.
ITEM_WORDS = {
    "werkgroep": "working-group",
    "initiatief": "initiative",
    "actief": "active",
    "voorgesteld": "proposed",
}


def _item_word(value: Any) -> Any:
    return ITEM_WORDS.get(value, value) if isinstance(value, str) else value


# The JSON Schema offers the Dutch words too, so that an editor accepts what afweging does.
KindWord = Annotated[
    ItemKind,
    BeforeValidator(
        _item_word,
        json_schema_input_type=Literal["working-group", "initiative", "project", "werkgroep",
                                       "initiatief"],
    ),
]  # fmt: skip
StatusWord = Annotated[
    ItemStatus,
    BeforeValidator(
        _item_word, json_schema_input_type=Literal["active", "proposed", "actief", "voorgesteld"]
    ),
]
Number = Annotated[float, PlainValidator(_number, json_schema_input_type=float)]
RawLevel = Annotated[str | float, PlainValidator(_raw_level, json_schema_input_type=str | float)]
RawScore = Annotated[
    str | float | dict[str, str | float],
    PlainValidator(_raw_score, json_schema_input_type=str | float | dict[str, str | float]),
]
Id = Annotated[str, Field(pattern=f"^{ID_PATTERN}$")]
# Text holds no control or format character (errors.UNSAFE_CHARACTERS): a name or label is
# one line without tabs; a long text (a rationale) may hold line breaks and tabs. The
# patterns run in pydantic's compiled regex engine, so a large portfolio pays little.
# A text also holds something besides spaces (a name of only spaces names nothing).
TEXT_PATTERN = f"^[^\t\n{UNSAFE_CHARACTERS}]*[^\\s{UNSAFE_CHARACTERS}][^\t\n{UNSAFE_CHARACTERS}]*$"
LONG_TEXT_PATTERN = f"^[^{UNSAFE_CHARACTERS}]*$"
Text = Annotated[str, Field(min_length=1, max_length=500, pattern=TEXT_PATTERN)]
LongText = Annotated[str, Field(max_length=5000, pattern=LONG_TEXT_PATTERN)]
Year = Annotated[int, Field(strict=True, ge=1900, le=2200)]
NonNegative = Annotated[Number, Field(ge=0)]


class _Model(BaseModel):
    # Not strict mode: that would refuse YAML lists for tuple fields. Scalars are strict
    # through Field(strict=True) and the Number validator instead.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Labels(_Model):
    """A text in Dutch and English."""

    nl: Text
    en: Text

    def get(self, lang: Language) -> str:
        """The text in ``lang``."""
        return self.nl if lang == "nl" else self.en


class Level(_Model):
    """One step of an ordinal scale."""

    symbol: Text
    value: Number
    label: Labels


class Scale(_Model):
    """Named ordered levels from worst to best."""

    label: Labels | None = None
    levels: tuple[Level, ...] = Field(min_length=2)

    @property
    def worst(self) -> Level:
        """The lowest level; maps to value 0."""
        return self.levels[0]

    @property
    def best(self) -> Level:
        """The highest level; maps to value 1."""
        return self.levels[-1]

    def normalise(self, level: Level) -> float:
        """Fixed scaling of a level onto 0–1: worst is 0, best is 1."""
        return (level.value - self.worst.value) / (self.best.value - self.worst.value)

    def resolve(self, raw: str | float) -> Level | None:
        """The level written as a symbol, a level name (nl or en) or a number, if any."""
        if isinstance(raw, str):
            text = raw.strip()
            for level in self.levels:
                if level.symbol == text:
                    return level
            folded = text.casefold()
            for level in self.levels:
                if folded in (
                    level.symbol.casefold(),
                    level.label.nl.casefold(),
                    level.label.en.casefold(),
                ):
                    return level
            try:
                raw = float(text.replace(",", "."))
            except ValueError:
                return None
        for level in self.levels:
            if level.value == raw:
                return level
        return None

    def symbols(self) -> str:
        """The level symbols for messages: ``0, +, ++, +++``."""
        return ", ".join(level.symbol for level in self.levels)


class Preference(_Model):
    """PROMETHEE's linear preference function for a criterion, in scale levels: a
    difference up to ``indifference`` levels counts for nothing, one of ``strict``
    levels or more counts fully, and in between it counts in proportion."""

    indifference: NonNegative = 0.0
    strict: NonNegative = 1.0

    def in_values(self, levels: int) -> tuple[float, float]:
        """The two thresholds in value units on a scale of ``levels`` levels: one level is
        1/(levels − 1) of the 0–1 range (the levels taken as equal steps)."""
        return self.indifference / (levels - 1), self.strict / (levels - 1)


class Criterion(_Model):
    """A criterion an item is scored on; with a ``minimum`` it is also a gate."""

    id: Id
    label: Labels
    question: Labels
    scale: Id
    weight: NonNegative = 0.0
    group: Id | None = None
    minimum: RawLevel | None = None
    per_assessor: Annotated[bool, Field(strict=True)] = False
    aggregate: Aggregate = "mean"
    preference: Preference | None = None

    @property
    def is_gate(self) -> bool:
        """True when the criterion sets a non-compensatory minimum."""
        return self.minimum is not None


RuleKind = Literal[
    "gate-failed",
    "score-below",
    "bottom-share",
    "no-recent-result",
    "mandate-expired",
    "criterion-below",
    "assessor-spread",
]
Severity = Literal["discontinue", "discuss"]

# What every rule kind's reason may show besides its own evidence (analysis/rules.py
# RULE_KINDS holds each kind's parameters, placeholders, reasons and evaluation).
COMMON_PLACEHOLDERS = ("id", "name", "kind")


class Rule(_Model):
    """A discontinuation rule: when it fires, the item gets a flag with the reason."""

    id: Id
    kind: RuleKind
    severity: Severity | None = None
    applies_to: tuple[ItemKind, ...] = ("working-group",)
    threshold: Annotated[Number, Field(ge=0, le=100)] | None = None
    share: Annotated[Number, Field(gt=0, le=1)] | None = None
    years: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    criterion: Id | None = None
    level: RawLevel | None = None
    levels: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    criteria: tuple[Id, ...] | None = None
    reason: Labels | None = None

    @property
    def effective_severity(self) -> Severity:
        """The severity, defaulting to ``discuss`` for assessor spread, else ``discontinue``."""
        if self.severity is not None:
            return self.severity
        return "discuss" if self.kind == "assessor-spread" else "discontinue"


# --- Decision rules (issue #19): how flags, robustness and the limits become verdicts ---
Incumbents = Literal["compete", "keep"]
Share = Annotated[Number, Field(gt=0, le=1)]


class DecisionRules(_Model):
    """How ``afweging decide`` turns the review's flags, the weight samples and the limits
    into one verdict per item (see the README's table of verdicts)."""

    incumbents: Incumbents = "compete"
    """``compete``: continuing groups compete with proposals for the budget; ``keep``:
    they keep their budget until discontinued."""
    conditions: tuple[Id, ...] = ()
    """Rules whose discontinue flags set a condition (continue-with-conditions) instead of
    discontinuing: e.g. no recent result, an expired mandate."""
    top: Share = 0.25
    """The top of the ranking: this share of the ranked items (at least one)."""
    robust: Share = 0.8
    """An item in the top in at least this share of the weight samples is robustly in
    the top: a discontinue flag on it becomes a discussion."""
    overturned: Share = 1 / 3
    """A score-below or bottom-share flag that the weight samples lift in more than this
    share of samples becomes a discussion."""
    spread: Annotated[bool, Field(strict=True)] = True
    """Assessors who disagree by an assessor-spread rule turn a discontinuation that rests
    on the scores into a discussion."""
    near_cut: Annotated[Number, Field(ge=0, le=100)] = 2.0
    """A funded item whose total may fall by at most this many points before the package
    leaves it out is near the cut: the decision says what would push it out."""
    fragile: Share = 1 / 3
    """A verdict that flips in more than this share of the weight samples is fragile."""
    review_months: Annotated[int, Field(strict=True, ge=1, le=120)] = 12
    """Months to the next review: the date by which a condition must be met."""


def decision_findings(framework: "Framework") -> list[Finding]:
    """The decision rules name rules of the framework whose severity is discontinue."""
    rules = {rule.id: rule for rule in framework.rules}
    found: list[Finding] = []
    for index, rule_id in enumerate(framework.decision.conditions):
        rule = rules.get(rule_id)
        if rule is None:
            found.append(
                Finding(
                    ("decision", "conditions", index),
                    f"unknown rule '{rule_id}' in the decision's conditions",
                    did_you_mean(rule_id, list(rules)),
                )
            )
        elif rule.effective_severity != "discontinue":
            found.append(
                Finding(
                    ("decision", "conditions", index),
                    f"rule '{rule_id}' only asks for a discussion; a condition replaces a"
                    " discontinuation",
                    "list rules whose severity is discontinue",
                )
            )
    return found


class Framework(_Model):
    """The afwegingskader: scales, criteria with weights, gates and discontinuation rules."""

    version: Literal[1]
    id: Id
    title: Labels
    language: Language = "nl"
    source: Text
    clusters: dict[Id, Labels] = Field(default_factory=dict)
    scales: dict[Id, Scale]
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()
    decision: DecisionRules = DecisionRules()

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (which must exist)."""
        return next(c for c in self.criteria if c.id == criterion_id)

    def scale_of(self, criterion: Criterion) -> Scale:
        """The scale a criterion is scored on."""
        return self.scales[criterion.scale]

    def weight_shares(self) -> dict[str, float]:
        """Each criterion's normalised weight; the shares sum to 1."""
        total = math.fsum(c.weight for c in self.criteria)
        return {c.id: c.weight / total for c in self.criteria}

    def minimum_level(self, criterion: Criterion) -> Level | None:
        """The gate's minimum as a level of the criterion's scale."""
        if criterion.minimum is None:
            return None
        return self.scale_of(criterion).resolve(criterion.minimum)


class Limits(_Model):
    """The budget and staff available for the portfolio."""

    budget_eur: NonNegative | None = None
    staff_fte: NonNegative | None = None


class Cost(_Model):
    """What an item costs a year."""

    eur: NonNegative = 0.0
    fte: NonNegative = 0.0


class Item(_Model):
    """An initiative or working group and its scores."""

    id: Id
    name: Text
    kind: KindWord
    cluster: Id | None = None
    status: StatusWord = "active"
    established: Year | None = None
    mandate_end: IsoDate | None = None
    last_result: Year | None = None
    cost: Cost = Cost()
    participants: tuple[Id, ...] = ()
    scores: Annotated[dict[str, RawScore], WrapValidator(_scores)] = Field(default_factory=dict)
    rationale: dict[str, LongText] = Field(default_factory=dict)
    requires: tuple[Id, ...] = ()
    """Items this one only works with: selecting it means selecting them."""
    excludes: tuple[Id, ...] = ()
    """Alternatives to this one: at most one of them and this item is selected."""


class Portfolio(_Model):
    """The items being weighed, with the date, assessors and limits."""

    version: Literal[1]
    framework: Text = "benelux"
    title: Text
    as_of: IsoDate
    assessors: tuple[Id, ...] = ()
    limits: Limits = Limits()
    items: tuple[Item, ...] = Field(min_length=1)


class MissingScore(NamedTuple):
    """A score that was absent and, with ``--allow-missing``, taken as the worst level."""

    item: str
    criterion: str
    assessor: str | None = None


class Loaded(NamedTuple):
    """A validated portfolio with its framework and where each came from."""

    portfolio: Portfolio
    framework: Framework
    portfolio_path: str
    framework_source: str
    missing: tuple[MissingScore, ...] = ()
    # Every file read, as (name, SHA-256): portfolio, framework, items_from; for the memo.
    inputs: tuple[tuple[str, str], ...] = ()


def show_raw(raw: str | float) -> str:
    """A raw score as the user wrote it (``2`` rather than ``2.0``)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
