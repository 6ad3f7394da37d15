"""Cross-file checks: a validated portfolio against its framework (ids, scores,
assessors, clusters, links between items), every problem at its line and column."""

from __future__ import annotations

from typing import Any

from afweging.errors import Problem, closest, did_you_mean
from afweging.models import Criterion, Framework, Item, MissingScore, Portfolio, show_raw
from afweging.sources.document import Document


def cross_check(
    portfolio: Portfolio,
    framework: Framework,
    doc: Document,
    *,
    allow_missing: bool = False,
) -> tuple[list[Problem], list[MissingScore]]:
    """Check a portfolio against its framework: ids, scores, assessors, clusters."""
    problems: list[Problem] = []
    missing: list[MissingScore] = []
    assessors = list(portfolio.assessors)
    folded: dict[str, str] = {}
    for index, assessor in enumerate(assessors):
        other = folded.setdefault(assessor.casefold(), assessor)
        if other == assessor and index != assessors.index(assessor):
            problems.append(
                doc.problem(
                    ("assessors", index), f"assessor '{assessor}' is listed twice", "list each once"
                )
            )
        elif other != assessor:
            problems.append(
                doc.problem(
                    ("assessors", index),
                    f"assessor '{assessor}' is also listed as '{other}'; ids differ only in case",
                    "list each assessor once, spelled one way",
                )
            )
    if not assessors and any(c.per_assessor for c in framework.criteria):
        per = next(c.id for c in framework.criteria if c.per_assessor)
        problems.append(
            doc.problem(
                (),
                f"the framework scores '{per}' per assessor, but the portfolio lists no assessors",
                "add e.g. 'assessors: [NL, BE, LU]'",
            )
        )
    seen: dict[str, int] = {}
    ids = [item.id for item in portfolio.items]
    known = set(ids)
    known_ids = _KnownIds([c.id for c in framework.criteria], framework, assessors)
    for index, item in enumerate(portfolio.items):
        key = item.id.casefold()
        if key in seen:
            other = portfolio.items[seen[key]].id
            first = doc.item_name(seen[key])
            detail = (
                f"also {first}"
                if other == item.id
                else f"{first} is '{other}'; ids differ only in case"
            )
            problems.append(
                doc.problem(
                    ("items", index, "id"),
                    f"duplicate item id '{item.id}' ({detail})",
                    "give every item its own id",
                )
            )
        else:
            seen[key] = index
        if item.requires or item.excludes:
            problems += _check_links(item, index, ids, known, doc)
        found, gaps = _check_item(item, ("items", index), framework, known_ids, assessors, doc)
        problems += found
        missing += gaps
    if missing and not allow_missing:
        problems += _missing_problems(portfolio, missing, doc)
    return problems + _check_dates(portfolio, doc), missing


def _check_dates(portfolio: Portfolio, doc: Document) -> list[Problem]:
    """Dates that contradict each other, each named with the date it contradicts: an
    as_of before every item was established (or before 1900), a last result before the
    item was established or after as_of, a mandate that ended before it began."""
    problems: list[Problem] = []
    as_of = portfolio.as_of
    founded = [item.established for item in portfolio.items if item.established is not None]
    if as_of.year < 1900:
        problems.append(
            doc.problem(("as_of",), f"as_of {as_of} is before 1900", "write the review's date")
        )
    elif founded and as_of.year < min(founded):
        problems.append(
            doc.problem(
                ("as_of",),
                f"as_of {as_of} is before every item was established (first: {min(founded)})",
                "write the date of the review; a typo in the year?",
            )
        )
    # Each message is written only for a contradiction found: most items have none, and
    # three f-strings with dates for every item of a large portfolio cost more than the
    # comparisons.
    for index, item in enumerate(portfolio.items):
        started, result, ended = item.established, item.last_result, item.mandate_end
        if started is not None and result is not None and result < started:
            problems.append(
                doc.problem(
                    ("items", index, "last_result"),
                    f"last_result {result} is before established {started}",
                    "check both years",
                )
            )
        if result is not None and result > as_of.year:
            problems.append(
                doc.problem(
                    ("items", index, "last_result"),
                    f"last_result {result} is after as_of {as_of}",
                    "a result cannot come after the date of the review; check both",
                )
            )
        if started is not None and ended is not None and ended.year < started:
            problems.append(
                doc.problem(
                    ("items", index, "mandate_end"),
                    f"mandate_end {ended} is before established {started}",
                    "check both dates",
                )
            )
    return problems


def _check_links(
    item: Item, index: int, ids: list[str], known: set[str], doc: Document
) -> list[Problem]:
    """``requires`` and ``excludes`` name other items of the portfolio (``ids``, also
    as the set ``known``, computed once for all items)."""
    problems: list[Problem] = []
    for field in ("requires", "excludes"):
        for position, other in enumerate(getattr(item, field)):
            if other == item.id:
                problems.append(
                    doc.problem(
                        ("items", index, field, position),
                        f"item '{item.id}' {field} itself",
                        "name another item",
                    )
                )
            elif other not in known:
                problems.append(
                    doc.problem(
                        ("items", index, field, position),
                        f"unknown item '{other}' in {field}",
                        did_you_mean(other, ids),
                    )
                )
    return problems


def _missing_problems(
    portfolio: Portfolio, missing: list[MissingScore], doc: Document
) -> list[Problem]:
    """One line per item for its missing scores, one per criterion for missing assessors."""
    hint = "add them, or run with --allow-missing to score them as the scale's worst level"
    problems: list[Problem] = []
    by_item: dict[str, list[MissingScore]] = {}
    for gap in missing:
        by_item.setdefault(gap.item, []).append(gap)
    for index, item in enumerate(portfolio.items):
        gaps = by_item.get(item.id)
        if not gaps:
            continue
        whole = [f"'{m.criterion}'" for m in gaps if m.assessor is None]
        if whole:
            what = f"score for {whole[0]}" if len(whole) == 1 else f"scores for {', '.join(whole)}"
            loc: tuple[str | int, ...] = ("items", index, "scores")
            problems.append(
                doc.problem(
                    loc if "scores" in _raw_item(doc, index) else ("items", index),
                    f"item '{item.id}' has no {what}",
                    hint.replace("them", "it") if len(whole) == 1 else hint,
                    key=True,
                )
            )
        per_assessor: dict[str, list[str]] = {}
        for gap in gaps:
            if gap.assessor is not None:
                per_assessor.setdefault(gap.criterion, []).append(gap.assessor)
        for criterion_id, names in per_assessor.items():
            problems.append(
                doc.problem(
                    ("items", index, "scores", criterion_id),
                    f"item '{item.id}' has no score for '{criterion_id}' from {', '.join(names)}",
                    hint.replace("them", "it") if len(names) == 1 else hint,
                    key=True,
                )
            )
    return problems


def _raw_item(doc: Document, index: int) -> dict[str, Any]:
    item: dict[str, Any] = doc.data["items"][index]
    return item


class _KnownIds:
    """The framework's criterion ids (as a list for hints, as a set for lookups), and which
    raw scores are levels of which scale: each distinct score is resolved once, since a
    large portfolio repeats the same few scores on every row."""

    __slots__ = ("_framework", "_levels", "assessors", "criteria", "ids", "levels", "set")

    def __init__(self, ids: list[str], framework: Framework, assessors: list[str]) -> None:
        self.ids = ids
        self.set = set(ids)
        self.assessors = set(assessors)
        self.criteria = [(c.id, c) for c in framework.criteria]
        self._framework = framework
        self._levels: dict[tuple[str, str | float], bool] = {}
        self.levels: dict[str, set[str | float]] = {c.id: set() for c in framework.criteria}
        """Per criterion, the scores already found to be levels of its scale."""

    def is_level(self, scale: str, raw: str | float) -> bool:
        """Is ``raw`` a level of the scale named ``scale``?"""
        key = (scale, raw)
        found = self._levels.get(key)
        if found is None:
            found = self._levels[key] = self._framework.scales[scale].resolve(raw) is not None
        return found


def _check_item(
    item: Item,
    loc: tuple[str | int, ...],
    framework: Framework,
    known: _KnownIds,
    assessors: list[str],
    doc: Document,
) -> tuple[list[Problem], list[MissingScore]]:
    problems: list[Problem] = []
    missing: list[MissingScore] = []
    if framework.clusters and item.cluster is not None and item.cluster not in framework.clusters:
        problems.append(
            doc.problem(
                (*loc, "cluster"),
                f"unknown cluster '{item.cluster}'",
                did_you_mean(item.cluster, list(framework.clusters)),
            )
        )
    typos: set[str | None] = set()
    for field, what in (("scores", ""), ("rationale", "rationale for ")):
        written: dict[str, Any] = getattr(item, field)
        if written.keys() <= known.set:
            continue
        problems.extend(
            doc.problem(
                (*loc, field, criterion_id),
                f"{what}unknown criterion '{criterion_id}'",
                did_you_mean(criterion_id, known.ids),
                key=True,
            )
            for criterion_id in written
            if criterion_id not in known.set
        )
        if field == "scores":
            # A misspelt criterion is reported once, as unknown with a did-you-mean, not
            # again as a missing score for the criterion it was meant to be.
            typos = {closest(c, known.ids) for c in written if c not in known.set}
    scores = item.scores
    levels = known.levels
    for criterion_id, criterion in known.criteria:
        raw = scores.get(criterion_id)
        if raw.__class__ is str and raw in levels[criterion_id]:
            continue  # seen before on this criterion (it cannot be per assessor, then)
        if raw is None:
            if criterion_id not in typos:
                missing.append(MissingScore(item.id, criterion_id))
        elif isinstance(raw, dict):
            if raw.keys() == known.assessors and levels[criterion_id].issuperset(raw.values()):
                continue  # every listed assessor, each with a level seen before
            where = (*loc, "scores", criterion_id)
            problems += _check_score(raw, where, criterion, framework, known, assessors, doc)
            if criterion.per_assessor:
                misspelt = {closest(a, assessors) for a in raw if a not in assessors}
                missing += [
                    MissingScore(item.id, criterion_id, a)
                    for a in assessors
                    if a not in raw and a not in misspelt
                ]
        else:
            problems += _check_score(raw, (*loc, "scores", criterion_id), criterion, framework,
                                     known, assessors, doc)  # fmt: skip
    return problems, missing


def _check_score(
    raw: str | float | dict[str, str | float],
    where: tuple[str | int, ...],
    criterion: Criterion,
    framework: Framework,
    known: _KnownIds,
    assessors: list[str],
    doc: Document,
) -> list[Problem]:
    """Check one written score: a mapping per assessor (known assessors, each level on
    the scale), or one level (on the scale, and not due per assessor)."""
    problems: list[Problem] = []
    if isinstance(raw, dict):
        for assessor, level in raw.items():
            if not assessors:
                continue  # reported once: the portfolio lists no assessors at all
            if assessor not in assessors:
                problems.append(
                    doc.problem(
                        (*where, assessor),
                        f"unknown assessor '{assessor}'",
                        did_you_mean(assessor, assessors),
                        key=True,
                    )
                )
            elif known.is_level(criterion.scale, level):
                known.levels[criterion.id].add(level)
            else:
                bad = _bad_level(doc, (*where, assessor), level, criterion.scale, framework)
                problems.append(bad)
    elif criterion.per_assessor:
        scale = framework.scale_of(criterion)
        example = ", ".join(f"{a}: {scale.best.symbol}" for a in assessors[:3])
        problems.append(
            doc.problem(
                where, f"'{criterion.id}' is scored per assessor", f"write e.g. {{{example}}}"
            )
        )
    elif known.is_level(criterion.scale, raw):
        known.levels[criterion.id].add(raw)
    else:
        problems.append(_bad_level(doc, where, raw, criterion.scale, framework))
    return problems


_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def _bad_level(
    doc: Document, loc: tuple[str | int, ...], raw: str | float, name: str, framework: Framework
) -> Problem:
    scale = framework.scales[name]
    shown = show_raw(raw)
    hint = f"use one of: {scale.symbols()}"
    if isinstance(raw, str) and raw.casefold() in _YAML11_WORDS:
        hint = f"YAML 1.1 tools read '{shown}' as a boolean, afweging reads it as text; {hint}"
    return doc.problem(loc, f"'{shown}' is not a level of scale '{name}'", hint)
