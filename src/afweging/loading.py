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
    if isinstance(data, dict):
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
        problems = [_schema_problem(model, doc, error) for error in exc.errors()]
        raise InputError(_sorted(problems)) from None


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
    return doc.problem(loc, message, hint)


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
    "too_short": ("the list is empty", "it needs at least {min_length} entry"),
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
            return (
                f"format version {value} is not supported",
                f"this version of afweging reads version {' or '.join(words)}",
            )
        return f"'{value}' is not one of: {', '.join(words)}", did_you_mean(str(value), words)
    if kind in _SIMPLE_MESSAGES:
        message, hint = _SIMPLE_MESSAGES[kind]
        values = {"got": got, "value": value, **ctx}
        return message.format(**values), hint.format(**values)
    return msg, ""


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
    framework = validate_model(Framework, doc)
    _raise_findings(doc, framework_findings(framework))
    return framework


def load_framework(reference: str, base_dir: Path | None = None) -> tuple[Framework, str]:
    """A framework by built-in id or by path; returns it with a description of its source.

    A reference with a path separator or a YAML suffix is a path (relative to
    ``base_dir`` when given); anything else is a built-in id.
    """
    looks_like_path = "/" in reference or "\\" in reference or reference.endswith((".yaml", ".yml"))
    if looks_like_path:
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
    doc = read_document(path)
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
    if len(set(assessors)) != len(assessors):
        dupe = next(a for a in assessors if assessors.count(a) > 1)
        problems.append(
            doc.problem(("assessors",), f"assessor '{dupe}' is listed twice", "list each once")
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
            problems.append(
                doc.problem(
                    ("items", index, "id"),
                    f"duplicate item id '{item.id}' (also item {seen[key] + 1})",
                    "give every item its own id",
                )
            )
        else:
            seen[key] = index
        found, gaps = _check_item(item, ("items", index), framework, assessors, doc)
        problems += found
        missing += gaps
    if missing and not allow_missing:
        for gap in missing:
            index = next(i for i, it in enumerate(portfolio.items) if it.id == gap.item)
            loc: tuple[str | int, ...] = ("items", index, "scores")
            what = f"'{gap.criterion}'" + (f" for assessor {gap.assessor}" if gap.assessor else "")
            hint = "add it, or run with --allow-missing to score it as the scale's worst level"
            if gap.assessor is not None and gap.criterion in portfolio.items[index].scores:
                loc = (*loc, gap.criterion)
            problems.append(
                doc.problem(loc, f"item '{gap.item}' has no score for {what}", hint, key=True)
            )
    return problems, missing


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
    for criterion in framework.criteria:
        raw = item.scores.get(criterion.id)
        if raw is None:
            missing.append(MissingScore(item.id, criterion.id))
            continue
        where = (*loc, "scores", criterion.id)
        if isinstance(raw, dict):
            problems += _check_assessed(raw, where, criterion, framework, assessors, doc)
            if criterion.per_assessor:
                missing += [
                    MissingScore(item.id, criterion.id, a) for a in assessors if a not in raw
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
        if assessor not in assessors:
            problems.append(
                doc.problem(
                    (*where, assessor),
                    f"unknown assessor '{assessor}'",
                    did_you_mean(assessor, assessors)
                    if assessors
                    else "list the assessors under 'assessors:' at the top",
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
        hint = f"YAML 1.1 tools read {shown} as a boolean, afweging reads it as text; {hint}"
    return doc.problem(loc, f"'{shown}' is not a level of scale '{name}'", hint)
