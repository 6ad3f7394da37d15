"""AHP judgement files: the YAML of ``afweging weights ahp FILE``, checked strictly.

Every defect is a ``Problem`` at its ``path:line:col``: an unknown key, a criterion
listed twice, a pair that is not ``[a, b, value]``, an unknown criterion, a criterion
compared with itself, a value off Saaty's 1/9–9 scale, a judgement repeated or
contradicted, and a pair or criterion never compared. All problems of a file at once.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from afweging.analysis.weights import MAX_AHP_CRITERIA, Judgement, show_ratio
from afweging.errors import InputError, Problem, closest, describe, did_you_mean, is_id

if TYPE_CHECKING:
    from afweging.sources.document import Document

_AHP_KEYS = ("version", "criteria", "pairs")
_DECIMAL = re.compile(r"\s*[0-9]+(?:\.[0-9]+)?\s*")
_FRACTION = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*")
# 1/9 written as a decimal to two places (0.11) still counts as the end of the scale.
_LOWEST = 0.11 - 1e-12
_HIGHEST = 9.0 + 1e-12


def load_ahp(doc: Document) -> tuple[list[str], list[Judgement]]:
    """Validate a parsed AHP file; every problem is reported at its ``path:line:col``.

    The file has ``criteria`` (a list of ids, 2 to 15) and ``pairs`` (a list of
    ``[first, second, value]``, value on Saaty's scale 1/9–9 as a number or a fraction
    such as ``1/5``), optionally ``version: 1``. Every pair of criteria is judged exactly
    once, in either order. All problems are raised together as one ``InputError``.
    """
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(
            [
                doc.problem(
                    (), f"expected a mapping with 'criteria' and 'pairs', got {describe(data)}"
                )
            ]
        )
    problems = _key_problems(doc, data)
    criteria = _criteria(doc, data.get("criteria"), problems)
    judgements, complete = _pairs(doc, data.get("pairs"), criteria, problems)
    if criteria is not None and complete:
        problems += _missing_pairs(doc, criteria, judgements)
    if problems or criteria is None:  # no criteria always comes with a problem
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.col or 0)))
    return criteria, judgements


def _key_problems(doc: Document, data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    unknown = [key for key in data if key not in _AHP_KEYS]
    problems.extend(
        doc.problem((key,), f"unknown key '{key}'", did_you_mean(key, list(_AHP_KEYS)), key=True)
        for key in unknown
    )
    for key in ("criteria", "pairs"):
        # A misspelt key is reported once, as unknown, not again as missing.
        if key not in data and not any(closest(u, [key]) for u in unknown):
            example = "[a, b, c]" if key == "criteria" else "[[a, b, 3], [a, c, 5], [b, c, 2]]"
            problems.append(doc.problem((), f"missing key '{key}'", f"add '{key}: {example}'"))
    if "version" in data and (data["version"] != 1 or isinstance(data["version"], bool)):
        problems.append(
            doc.problem(
                ("version",),
                f"format version {data['version']} is not supported",
                "this version of afweging reads version 1",
            )
        )
    return problems


def _criteria(doc: Document, raw: Any, problems: list[Problem]) -> list[str] | None:
    """The criterion ids, or None when the list cannot be used to check the pairs."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        problems.append(
            doc.problem(
                ("criteria",),
                f"expected a list of criterion ids, got {describe(raw)}",
                "write it as [a, b, c]",
            )
        )
        return None
    criteria: list[str] = []
    for i, name in enumerate(raw):
        if not isinstance(name, str):
            problems.append(
                doc.problem(("criteria", i), f"expected a criterion id, got {describe(name)}")
            )
        elif not is_id(name):
            problems.append(
                doc.problem(
                    ("criteria", i),
                    f"'{name}' is not a valid id",
                    "use letters, digits, '-' and '_' (no spaces or dots), at most 64 characters",
                )
            )
        elif name in criteria:
            problems.append(
                doc.problem(
                    ("criteria", i),
                    f"criterion '{name}' is listed twice (also entry {criteria.index(name) + 1})",
                    "list each criterion once",
                )
            )
        else:
            criteria.append(name)
    if len(raw) < 2:
        problems.append(
            doc.problem(
                ("criteria",), "AHP needs at least 2 criteria", "list the criteria compared"
            )
        )
    elif len(raw) > MAX_AHP_CRITERIA:
        problems.append(
            doc.problem(
                ("criteria",),
                f"AHP takes at most {MAX_AHP_CRITERIA} criteria, this file lists {len(raw)}",
                "Saaty's random index goes up to 15; compare groups of criteria instead",
            )
        )
    return criteria if len(criteria) == len(raw) else None


def _pairs(
    doc: Document, raw: Any, criteria: list[str] | None, problems: list[Problem]
) -> tuple[list[Judgement], bool]:
    """The judgements, and whether every pair could be read well enough to check that
    all pairs are there (a pair that cannot be read makes that check say nothing new)."""
    if raw is None:
        return [], False
    if not isinstance(raw, list) or not raw:
        got = "the list is empty" if raw == [] else f"expected a list of pairs, got {describe(raw)}"
        problems.append(doc.problem(("pairs",), got, "write each as [first, second, value]"))
        return [], False
    judgements: list[Judgement] = []
    complete = criteria is not None
    seen: dict[frozenset[str], tuple[int, Judgement]] = {}
    for i, pair in enumerate(raw):
        loc = ("pairs", i)
        if not isinstance(pair, list) or len(pair) != 3:
            what = f"a list of {len(pair)}" if isinstance(pair, list) else describe(pair)
            problems.append(
                doc.problem(
                    loc,
                    f"expected a comparison [first, second, value], got {what}",
                    "e.g. [kennis, netwerk, 3]: kennis is 3 times as important as netwerk",
                )
            )
            complete = False
            continue
        names = [_pair_name(doc, (*loc, k), pair[k], criteria, problems) for k in (0, 1)]
        value = _pair_value(doc, (*loc, 2), pair[2], problems)
        first, second = names
        if first is None or second is None or first == second:
            if first is not None and first == second:
                problems.append(
                    doc.problem(
                        loc,
                        f"compares '{first}' with itself",
                        "compare it with another criterion, or remove this pair",
                    )
                )
            complete = False
            continue
        judgement = Judgement(first, second, value if value is not None else math.nan)
        key = frozenset((first, second))
        if key in seen:
            problems.append(_repeated(doc, loc, judgement, *seen[key]))
            continue
        seen[key] = (i, judgement)
        judgements.append(judgement)
    return judgements, complete


def _pair_name(
    doc: Document,
    loc: tuple[str | int, ...],
    raw: Any,
    criteria: list[str] | None,
    problems: list[Problem],
) -> str | None:
    """A criterion named in a pair; a likely typo counts as the criterion it was meant to be,
    so that it is reported once (as unknown) and not again as a missing comparison."""
    if not isinstance(raw, str):
        problems.append(doc.problem(loc, f"expected a criterion id, got {describe(raw)}"))
        return None
    if criteria is None or raw in criteria:
        return raw
    problems.append(doc.problem(loc, f"unknown criterion '{raw}'", did_you_mean(raw, criteria)))
    return closest(raw, criteria)


def _pair_value(
    doc: Document, loc: tuple[str | int, ...], raw: Any, problems: list[Problem]
) -> float | None:
    """A judgement's value: a number or a fraction text on Saaty's scale 1/9–9."""
    value: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value, shown = float(raw), f"{raw:g}"
    elif isinstance(raw, str) and (fraction := _FRACTION.fullmatch(raw)):
        numerator, denominator = (float(part) for part in fraction.groups())
        if denominator == 0:
            problems.append(doc.problem(loc, f"'{raw}' divides by zero", "write e.g. 1/5"))
            return None
        value, shown = numerator / denominator, raw.strip()
    elif isinstance(raw, str) and _DECIMAL.fullmatch(raw):
        value, shown = float(raw), raw.strip()
    if value is None:
        problems.append(
            doc.problem(
                loc,
                f"expected a number from 1/9 to 9, got {describe(raw)}",
                "write e.g. 3, 1/5 or 0.2",
            )
        )
        return None
    if not _LOWEST <= value <= _HIGHEST:
        problems.append(
            doc.problem(
                loc,
                f"{shown} is outside Saaty's scale from 1/9 to 9",
                "9: the first is extremely more important; 1/9: extremely less",
            )
        )
        return None
    return value


def _repeated(
    doc: Document, loc: tuple[str | int, ...], judgement: Judgement, index: int, earlier: Judgement
) -> Problem:
    """A pair judged a second time: the same value (repeated) or another (contradicted)."""
    line = doc.mark(("pairs", index))[0]
    first, second = judgement.first, judgement.second
    before = earlier.value if earlier.first == first else 1 / earlier.value
    if math.isnan(judgement.value) or math.isnan(before):
        return doc.problem(
            loc, f"'{first}' and '{second}' are already compared on line {line}", "remove one"
        )
    if math.isclose(before, judgement.value, rel_tol=1e-6):
        return doc.problem(
            loc,
            f"'{first}' and '{second}' are already compared on line {line}, with the same value",
            "remove one of the two",
        )
    return doc.problem(
        loc,
        f"'{first}' and '{second}' are already compared on line {line}, with another value"
        f" ({first} against {second}: {show_ratio(before)} there, {show_ratio(judgement.value)}"
        " here)",
        "keep the judgement you mean and remove the other",
    )


def _missing_pairs(
    doc: Document, criteria: list[str], judgements: list[Judgement]
) -> list[Problem]:
    """Every pair of criteria must be judged: one problem per criterion never compared,
    and one per criterion listing the later criteria it is not compared with."""
    judged = {frozenset((j.first, j.second)) for j in judgements}
    never = [c for c in criteria if not any(c in pair for pair in judged)]
    problems: list[Problem] = []
    for i, name in enumerate(criteria):
        if name in never:
            other = next(c for c in criteria if c != name)
            problems.append(
                doc.problem(
                    ("criteria", i),
                    f"'{name}' is never compared",
                    f"compare it with each of the other criteria, e.g. [{name}, {other}, 1]",
                )
            )
            continue
        missing = [
            c for c in criteria[i + 1 :] if c not in never and frozenset((name, c)) not in judged
        ]
        if missing:
            listed = ", ".join(f"'{c}'" for c in missing)
            problems.append(
                doc.problem(
                    ("criteria", i),
                    f"'{name}' is not compared with {listed}",
                    f"AHP needs a judgement for every pair, e.g. [{name}, {missing[0]}, 1]",
                )
            )
    return problems
