"""Files → validated models: reading, schema errors with positions, cross-file checks.

Every problem becomes a ``Problem`` with ``path:line:col``; all problems of a file are
collected and raised together as one ``InputError``.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from afweging.errors import InputError, Problem, UsageError, describe
from afweging.models import (
    Criterion,
    Framework,
    Item,
    Loaded,
    MissingScore,
    Portfolio,
    closest,
    did_you_mean,
    framework_findings,
    show_raw,
)
from afweging.yamlsource import Document, decode, parse

BUILTIN_DIR = Path(__file__).parent / "frameworks"

M = TypeVar("M", bound=BaseModel)


def builtin_ids() -> list[str]:
    """The ids of the frameworks shipped with the package."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def builtin_path(framework_id: str) -> Path:
    """The file of a built-in framework."""
    return BUILTIN_DIR / f"{framework_id}.yaml"


def read_document(path: Path, shown: str | None = None) -> Document:
    """Read and parse one YAML file."""
    name = shown or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.single(name, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError.single(name, "this is a folder, not a file", "name a YAML file") from None
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror}") from None
    return parse(decode(raw, name), name)


def document_kind(doc: Document) -> str:
    """``framework`` or ``portfolio``, judged by the top-level keys."""
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(
            [doc.problem((), f"expected a mapping of keys at the top, got {describe(data)}")]
        )
    if "items" in data or "items_from" in data:
        return "portfolio"
    if "criteria" in data or "scales" in data:
        return "framework"
    raise InputError(
        [
            doc.problem(
                (),
                "this is neither a framework nor a portfolio",
                "a framework has 'criteria' and 'scales', a portfolio has 'items'",
            )
        ]
    )


def validate_model(model: type[M], doc: Document) -> M:
    """Validate a document against a model, reporting every schema error at its position."""
    if not isinstance(doc.data, dict):
        raise InputError(
            [doc.problem((), f"expected a mapping of keys at the top, got {describe(doc.data)}")]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [
            _schema_problem(model, doc, error)
            for error in exc.errors()
            if not _follows_from_others(error)
        ]
        raise InputError(_sorted(problems)) from None


def _follows_from_others(error: Any) -> bool:
    """pydantic checks a list's minimum length after dropping the entries that failed,
    so one bad item also reports "too short": that line says nothing new."""
    if error["type"] != "too_short":
        return False
    given = error.get("input")
    return isinstance(given, list | tuple) and len(given) >= error["ctx"]["min_length"]


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.line or 0, p.col or 0))


def _schema_problem(model: type[BaseModel], doc: Document, error: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing key '{name}'", f"add '{name}:' here")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return doc.problem(loc, f"unknown key '{name}'", did_you_mean(str(name), allowed), key=True)
    message, hint = _schema_message(kind, value, ctx, error["msg"])
    if not hint and name in _FIELD_HINTS:
        hint = _FIELD_HINTS[str(name)]
    return doc.problem(loc, message, hint)


_FIELD_HINTS = {
    "established": "write only the year, e.g. 2005",
    "last_result": "write only the year, e.g. 2011",
}


_SIMPLE_MESSAGES = {
    "int_type": ("expected a whole number, got {got}", ""),
    "int_parsing": ("expected a whole number, got {got}", ""),
    "int_from_float": ("expected a whole number, got {got}", ""),
    "float_type": ("expected a number, got {got}", ""),
    "float_parsing": ("expected a number, got {got}", ""),
    "bool_type": ("expected true or false, got {got}", ""),
    "string_type": ("expected text, got {got}", "put it in quotes"),
    "string_too_short": ("the text is empty", "write something or remove the key"),
    "string_too_long": ("the text is longer than {max_length} characters", "shorten it"),
    "greater_than_equal": ("{got} is too small", "the minimum is {ge}"),
    "less_than_equal": ("{got} is too large", "the maximum is {le}"),
    "dict_type": ("expected a mapping (key: value), got {got}", ""),
    "model_type": ("expected a mapping (key: value), got {got}", ""),
    "model_attributes_type": ("expected a mapping (key: value), got {got}", ""),
    "list_type": (
        "expected a list, got {got}",
        "write it as [a, b] or as lines starting with '- '",
    ),
    "tuple_type": (
        "expected a list, got {got}",
        "write it as [a, b] or as lines starting with '- '",
    ),
    "string_pattern_mismatch": (
        "'{value}' is not a valid id",
        "use letters, digits, '-' and '_' (no spaces or dots), at most 64 characters",
    ),
}


def _schema_message(kind: str, value: Any, ctx: dict[str, Any], msg: str) -> tuple[str, str]:
    """A pydantic error type as a message and a hint in the user's words."""
    got = describe(value)
    if kind == "value_error":
        message, _, hint = str(ctx.get("error", msg)).partition(" — ")
        return message, hint
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'|(\d+)", str(ctx.get("expected", "")))
        words = [a or b for a, b in options]
        if words and all(w.isdigit() for w in words):
            if isinstance(value, str) and value.strip() in words:
                return f"expected the number {value.strip()}, got {got}", (
                    f"write version: {value.strip()} without quotes"
                )
            return (
                f"format version {value} is not supported",
                f"this version of afweging reads version {' or '.join(words)}",
            )
        hint = did_you_mean(str(value), words)
        return f"'{value}' is not one of: {', '.join(words)}", (
            "" if hint.startswith("expected one of") else hint
        )
    if kind == "too_short":
        count, least = len(value), ctx["min_length"]
        if count == 0:
            return "the list is empty", f"it needs at least {_entries(least)}"
        return f"the list has {_entries(count)}", f"it needs at least {_entries(least)}"
    if kind in _SIMPLE_MESSAGES:
        message, hint = _SIMPLE_MESSAGES[kind]
        values = {"got": got, "value": value, **ctx}
        return message.format(**values), hint.format(**values)
    return msg, ""


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts at ``loc`` (for did-you-mean hints)."""
    current: Any = model
    for part in loc:
        current = _inner(current)  # for a list index this already gives the element type
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            current = info.annotation if info else None
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
        if current is None:
            return []
    current = _inner(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner(annotation: Any) -> Any:
    """Strip Annotated and Optional; for tuple[X, ...] and list[X] give X."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif args and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        elif origin in (tuple, list) and args:
            annotation = args[0]
        else:
            return annotation


def _raise_findings(doc: Document, findings: Iterable[Any]) -> None:
    problems = [doc.problem(f.loc, f.message, f.hint, key=f.at_key) for f in findings]
    if problems:
        raise InputError(_sorted(problems))


def load_framework_document(doc: Document) -> Framework:
    """Validate a parsed framework file."""
    if isinstance(doc.data, dict) and "items" in doc.data and "criteria" not in doc.data:
        raise InputError(
            [doc.problem((), "this is a portfolio, not a framework", "name a framework file")]
        )
    framework = validate_model(Framework, doc)
    _raise_findings(doc, framework_findings(framework))
    return framework


def _is_path(reference: str) -> bool:
    """A framework reference with a path separator or a YAML suffix is a path, else an id."""
    return "/" in reference or "\\" in reference or reference.endswith((".yaml", ".yml"))


def load_framework(reference: str, base_dir: Path | None = None) -> tuple[Framework, str]:
    """A framework by built-in id or by path; returns it with a description of its source.

    A reference with a path separator or a YAML suffix is a path (relative to
    ``base_dir`` when given); anything else is a built-in id.
    """
    if _is_path(reference):
        path = Path(reference)
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        return load_framework_document(read_document(path)), str(path)
    if reference not in builtin_ids():
        raise UsageError(
            f"unknown framework '{reference}' — built-in frameworks: {', '.join(builtin_ids())};"
            " or give a path to a framework file"
        )
    path = builtin_path(reference)
    return load_framework_document(read_document(path, f"<built-in>/{reference}.yaml")), (
        f"built-in:{reference}"
    )


def load_portfolio(
    path: Path, criteria: str | None = None, *, allow_missing: bool = False
) -> Loaded:
    """Load a portfolio and its framework (or ``criteria`` instead) and check them together."""
    return portfolio_from_document(read_document(path), path, criteria, allow_missing=allow_missing)


def load_portfolio_bytes(raw: bytes, path: Path) -> Loaded:
    """Validate a portfolio's would-be content (before it is written to ``path``)."""
    return portfolio_from_document(parse(decode(raw, str(path)), str(path)), path, None)


def portfolio_from_document(
    doc: Document, path: Path, criteria: str | None = None, *, allow_missing: bool = False
) -> Loaded:
    """Validate a parsed portfolio and load and cross-check its framework."""
    if isinstance(doc.data, dict) and "criteria" in doc.data and "items" not in doc.data:
        raise InputError(
            [
                doc.problem(
                    (),
                    "this is a framework file, not a portfolio",
                    "pass it with --criteria and give the portfolio as the argument",
                )
            ]
        )
    portfolio = validate_model(Portfolio, doc)
    reference = criteria if criteria is not None else portfolio.framework
    base = None if criteria is not None else path.parent
    if base is not None and _is_path(reference) and not (base / reference).is_file():
        what = "is a folder" if (base / reference).is_dir() else "not found"
        raise InputError(
            [
                doc.problem(
                    ("framework",),
                    f"framework file '{reference}' {what} (looked for {base / reference})",
                    "check the path; it is relative to the portfolio's folder",
                )
            ]
        )
    try:
        framework, source = load_framework(reference, base)
    except UsageError as exc:
        if criteria is not None:
            raise
        raise InputError([doc.problem(("framework",), str(exc))]) from None
    problems, missing = cross_check(portfolio, framework, doc, allow_missing=allow_missing)
    if problems:
        raise InputError(_sorted(problems))
    return Loaded(portfolio, framework, str(path), source, tuple(missing))


def cross_check(
    portfolio: Portfolio, framework: Framework, doc: Document, *, allow_missing: bool = False
) -> tuple[list[Problem], list[MissingScore]]:
    """Check a portfolio against its framework: ids, scores, assessors, clusters."""
    problems: list[Problem] = []
    missing: list[MissingScore] = []
    assessors = list(portfolio.assessors)
    for index, assessor in enumerate(assessors):
        if assessor in assessors[:index]:
            problems.append(
                doc.problem(
                    ("assessors", index), f"assessor '{assessor}' is listed twice", "list each once"
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
    for index, item in enumerate(portfolio.items):
        key = item.id.casefold()
        if key in seen:
            other = portfolio.items[seen[key]].id
            detail = (
                f"also item {seen[key] + 1}"
                if other == item.id
                else f"item {seen[key] + 1} is '{other}'; ids differ only in case"
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
        problems += _check_links(portfolio, index, doc)
        found, gaps = _check_item(item, ("items", index), framework, assessors, doc)
        problems += found
        missing += gaps
    if missing and not allow_missing:
        problems += _missing_problems(portfolio, missing, doc)
    return problems, missing


def _check_links(portfolio: Portfolio, index: int, doc: Document) -> list[Problem]:
    """``requires`` and ``excludes`` name other items of the portfolio."""
    item = portfolio.items[index]
    ids = [other.id for other in portfolio.items]
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
            elif other not in ids:
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
    for index, item in enumerate(portfolio.items):
        gaps = [m for m in missing if m.item == item.id]
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


def _check_item(
    item: Item,
    loc: tuple[str | int, ...],
    framework: Framework,
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
    criterion_ids = [c.id for c in framework.criteria]
    for field, what in (("scores", ""), ("rationale", "rationale for ")):
        problems.extend(
            doc.problem(
                (*loc, field, criterion_id),
                f"{what}unknown criterion '{criterion_id}'",
                did_you_mean(criterion_id, criterion_ids),
                key=True,
            )
            for criterion_id in getattr(item, field)
            if criterion_id not in criterion_ids
        )
    # A misspelt criterion is reported once, as unknown with a did-you-mean, not again as
    # a missing score for the criterion it was meant to be.
    typos = {closest(c, criterion_ids) for c in item.scores if c not in criterion_ids}
    for criterion in framework.criteria:
        raw = item.scores.get(criterion.id)
        if raw is None:
            if criterion.id not in typos:
                missing.append(MissingScore(item.id, criterion.id))
            continue
        where = (*loc, "scores", criterion.id)
        if isinstance(raw, dict):
            problems += _check_assessed(raw, where, criterion, framework, assessors, doc)
            if criterion.per_assessor:
                typos = {closest(a, assessors) for a in raw if a not in assessors}
                missing += [
                    MissingScore(item.id, criterion.id, a)
                    for a in assessors
                    if a not in raw and a not in typos
                ]
        elif criterion.per_assessor:
            scale = framework.scale_of(criterion)
            example = ", ".join(f"{a}: {scale.best.symbol}" for a in assessors[:3])
            problems.append(
                doc.problem(
                    where, f"'{criterion.id}' is scored per assessor", f"write e.g. {{{example}}}"
                )
            )
        elif framework.scale_of(criterion).resolve(raw) is None:
            problems.append(_bad_level(doc, where, raw, criterion.scale, framework))
    return problems, missing


def _check_assessed(
    raw: dict[str, str | float],
    where: tuple[str | int, ...],
    criterion: Criterion,
    framework: Framework,
    assessors: list[str],
    doc: Document,
) -> list[Problem]:
    """Check a per-assessor score mapping: known assessors, levels on the scale."""
    problems: list[Problem] = []
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
        elif framework.scale_of(criterion).resolve(level) is None:
            problems.append(_bad_level(doc, (*where, assessor), level, criterion.scale, framework))
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
