"""pydantic's errors as ``Problem``s in the user's words, each at its line and column."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Sized
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from afweging.errors import (
    UNSAFE_CHARACTERS,
    UNSAFE_HINT,
    InputError,
    Problem,
    describe,
    did_you_mean,
    name_character,
)
from afweging.sources.document import Document, describe_top

M = TypeVar("M", bound=BaseModel)


def validate_model(model: type[M], doc: Document) -> M:
    """Validate a document against a model, reporting every schema error at its position."""
    if not isinstance(doc.data, dict):
        raise InputError(
            [
                doc.problem(
                    (), f"expected a mapping of keys at the top, got {describe_top(doc.data)}"
                )
            ]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = [
            _schema_problem(model, doc, error)
            for error in exc.errors()
            if not _follows_from_others(error)
        ]
        raise InputError(sorted_problems(problems)) from None


def _follows_from_others(error: Any) -> bool:
    """pydantic checks a list's minimum length after dropping the entries that failed,
    so one bad item also reports "too short": that line says nothing new."""
    if error["type"] != "too_short":
        return False
    given = error.get("input")
    return isinstance(given, Sized) and len(given) >= error["ctx"]["min_length"]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Without duplicates, by file (a portfolio with ``items_from`` spans two), line, col."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.col or 0))


def _schema_problem(model: type[BaseModel], doc: Document, error: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = loc[-1] if loc else ""
    if kind == "missing":
        return doc.missing(loc[:-1], str(name))
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return doc.problem(loc, f"unknown key '{name}'", did_you_mean(str(name), allowed), key=True)
    message, hint = _schema_message(kind, value, ctx, error["msg"])
    if not hint and name in _FIELD_HINTS:
        hint = _FIELD_HINTS[str(name)]
    return doc.problem(loc, message, hint)


def option_problem(error: Any) -> Problem:
    """A pydantic error in a value given on the command line (``--name``), as a problem
    named after its option."""
    field = str(error["loc"][0]) if error["loc"] else "item"
    message, hint = _schema_message(
        error["type"], error.get("input"), error.get("ctx") or {}, error["msg"]
    )
    return Problem(f"--{field}", None, None, message, hint)


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
    """A pydantic error type as a message and a hint in the user's words; a text where a
    number belongs ('2022', '12,5', '25%') gets the number to write instead."""
    message, hint = _type_message(kind, value, ctx, msg)
    if not hint and isinstance(value, str) and message.startswith("expected a"):
        hint = _number_hint(value)
    return message, hint


def _type_message(kind: str, value: Any, ctx: dict[str, Any], msg: str) -> tuple[str, str]:
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
    if kind == "string_pattern_mismatch" and isinstance(value, str) and not value.strip():
        return "the text is only spaces", "write something or remove the key"
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        text_message = unsafe_text_message(value)
        if text_message is not None:
            return text_message
    if kind == "string_unicode":
        return "the text holds a lone surrogate, which is not a character", "remove it"
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


def _number_hint(value: str) -> str:
    """What to write instead of a text where a number belongs: '2022' in quotes, a
    decimal comma ('12,5'), a percent sign ('25%'); empty when the text is none of these."""
    text = value.strip()
    if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", text):
        return f"write {text} without quotes"
    if re.fullmatch(r"[-+]?[0-9]+,[0-9]+", text):
        return f"write {text.replace(',', '.')}: numbers take a decimal point"
    if re.fullmatch(r"[-+]?[0-9]+([.,][0-9]+)?\s*%", text):
        return f"write {text.rstrip('% ').replace(',', '.')} without the percent sign"
    return ""


def unsafe_text_message(value: str) -> tuple[str, str] | None:
    """Message and hint for a text that holds a control or format character (or a tab
    or line break where only one line is allowed); None if it holds none."""
    # a control character first: a rationale may hold line breaks and tabs, a name not
    found = _UNSAFE_TEXT.search(value) or _LINE_BREAK_OR_TAB.search(value)
    if found is None:
        return None
    character = found.group()
    where = f"at character {found.start() + 1}"
    if character in "\t\n":
        what = "a tab" if character == "\t" else "a line break"
        return f"the text holds {what} {where}", "write it on one line, without tabs"
    return (
        f"the text holds {name_character(character)} {where}, a control or format character",
        UNSAFE_HINT,
    )


_UNSAFE_TEXT = re.compile(f"[{UNSAFE_CHARACTERS}]")
_LINE_BREAK_OR_TAB = re.compile("[\t\n]")


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


def raise_findings(doc: Document, findings: Iterable[Any]) -> None:
    problems = [doc.problem(f.loc, f.message, f.hint, key=f.at_key) for f in findings]
    if problems:
        raise InputError(sorted_problems(problems))
