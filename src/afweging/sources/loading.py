"""Files → validated models: reading, schema errors with positions, cross-file checks.

Every problem becomes a ``Problem`` with ``path:line:col``; all problems of a file are
collected and raised together as one ``InputError``.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from afweging.errors import (
    UNSAFE_CHARACTERS,
    UNSAFE_HINT,
    InputError,
    Problem,
    UsageError,
    describe,
    name_character,
)
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
from afweging.sources.yaml import MAX_BYTES, Document, decode, parse, read_bounded, too_large

if typing.TYPE_CHECKING:
    from afweging.sources.csv import CsvDocument, ItemsFromDocument, Table

BUILTIN_DIR = Path(__file__).parent.parent / "frameworks"

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
    return parse(decode(read_input(path, name, "a YAML file"), name), name)


def read_csv_document(path: Path, shown: str | None = None) -> CsvDocument:
    """Read a CSV file of items (``csvsource``): its header checked, its rows in place."""
    from afweging.sources import csv as csvsource

    name = shown or str(path)
    raw = read_input(path, name, "a CSV file", csvsource.MAX_BYTES)
    return csvsource.CsvDocument(csvsource.read_table(raw, name), {})


def read_input(path: Path, name: str, what: str = "a YAML file", limit: int | None = None) -> bytes:
    """The bytes of a user's file, read only if it is a regular file of at most ``limit``
    bytes (``MAX_BYTES``): a pipe would wait for a writer, a device never ends."""
    import os
    import stat

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError.single(name, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError.single(name, "this is a folder, not a file", f"name {what}") from None
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputError.single(name, "this is a folder, not a file", f"name {what}")
        if not stat.S_ISREG(status.st_mode):
            raise InputError.single(
                name,
                "this is not a regular file (a pipe, socket or device)",
                f"save its content as {what} and name that",
            )
        limit = MAX_BYTES if limit is None else limit
        if status.st_size > limit:
            raise too_large(name, status.st_size, limit)
        return read_bounded(descriptor, name, limit)
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(descriptor)


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
    return isinstance(given, Sized) and len(given) >= error["ctx"]["min_length"]


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
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


def is_csv(path: Path) -> bool:
    """A ``.csv`` file is read as a table of items, anything else as YAML."""
    return path.suffix.lower() == ".csv"


def load_portfolio(
    path: Path,
    criteria: str | None = None,
    *,
    allow_missing: bool = False,
    as_of: dt.date | None = None,
) -> Loaded:
    """Load a portfolio and its framework (or ``criteria`` instead) and check them together.

    A CSV file is a portfolio of its rows alone: its framework is ``criteria`` (default
    the built-in benelux), its title the file's name, its date ``as_of`` (default today)
    and its assessors those the ``CRITERION.ASSESSOR`` columns name.
    """
    if is_csv(path):
        return _load_csv(path, criteria, allow_missing=allow_missing, as_of=as_of)
    return portfolio_from_document(read_document(path), path, criteria, allow_missing=allow_missing)


def _load_csv(
    path: Path, criteria: str | None, *, allow_missing: bool, as_of: dt.date | None
) -> Loaded:
    reference = criteria or "benelux"
    framework, source = load_framework(reference)
    return csv_portfolio(
        read_csv_document(path), path, (framework, source), reference,
        as_of=as_of, allow_missing=allow_missing,
    )  # fmt: skip


def csv_portfolio(
    doc: CsvDocument,
    path: Path,
    framework: tuple[Framework, str],
    reference: str,
    *,
    as_of: dt.date | None = None,
    allow_missing: bool = False,
) -> Loaded:
    """The portfolio of a CSV file's rows (read into ``doc``), scored on ``framework``
    (the framework and where it came from; ``reference`` as the command line named it):
    the header checked against it, the rows validated and cross-checked."""
    assessors = doc.assessors()
    doc.data = {
        "version": 1,
        "framework": reference,
        "title": path.name,
        "as_of": (as_of or dt.date.today()).isoformat(),
        "assessors": assessors,
        "items": doc.data["items"],
    }
    header = doc.column_problems(framework[0], assessors, allow_missing=allow_missing)
    if header:
        raise InputError(_sorted(header))
    checked = _checked_items(doc, doc.table, framework[0], assessors)
    portfolio = validate_model(Portfolio, doc)
    return _cross_checked(
        portfolio, framework[0], doc, path, framework[1],
        allow_missing=allow_missing, items_checked=checked,
    )  # fmt: skip


def _checked_items(doc: Document, table: Table, framework: Framework, assessors: list[str]) -> bool:
    """Put the items of a CSV table in ``doc`` as models when the fast lane
    (``csvcolumns``) finds them all valid and complete; False leaves the rows to be
    validated and cross-checked one by one."""
    from afweging.sources.csvcolumns import checked_items

    items = checked_items(table, framework, assessors)
    if items is None:
        return False
    doc.data["items"] = items
    return True


def load_portfolio_bytes(raw: bytes, path: Path) -> Loaded:
    """Validate a portfolio's would-be content (before it is written to ``path``)."""
    return portfolio_from_document(parse(decode(raw, str(path)), str(path)), path, None)


def portfolio_from_document(
    doc: Document, path: Path, criteria: str | None = None, *, allow_missing: bool = False
) -> Loaded:
    """Validate a parsed portfolio and load and cross-check its framework.

    With ``items_from`` the items come from that CSV file; its header is checked against
    the framework first, since it decides what every cell means.
    """
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
    loaded_framework = None
    checked = False
    if isinstance(doc.data, dict) and "items_from" in doc.data:
        doc = _items_from(doc, path.parent)
        reference = criteria if criteria is not None else doc.data.get("framework", "benelux")
        if not isinstance(reference, str):
            validate_model(Portfolio, doc)  # says what is wrong with the framework's name
        loaded_framework = _framework(doc, path, criteria, reference)
        listed = doc.data.get("assessors")
        assessors = [a for a in listed if isinstance(a, str)] if isinstance(listed, list) else []
        header = doc.items.column_problems(
            loaded_framework[0], assessors, allow_missing=allow_missing
        )
        if header:
            raise InputError(_sorted(header))
        checked = _checked_items(doc, doc.items.table, loaded_framework[0], assessors)
    portfolio = validate_model(Portfolio, doc)
    framework, source = loaded_framework or _framework(doc, path, criteria, portfolio.framework)
    return _cross_checked(
        portfolio, framework, doc, path, source,
        allow_missing=allow_missing, items_checked=checked,
    )  # fmt: skip


def _framework(
    doc: Document, path: Path, criteria: str | None, reference: str
) -> tuple[Framework, str]:
    """The portfolio's framework: ``criteria`` if given, else ``reference`` (the
    portfolio's own, a built-in id or a path relative to the portfolio's folder)."""
    if criteria is not None:
        reference = criteria
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
        return load_framework(reference, base)
    except UsageError as exc:
        if criteria is not None:
            raise
        raise InputError([doc.problem(("framework",), str(exc))]) from None


def _cross_checked(
    portfolio: Portfolio,
    framework: Framework,
    doc: Document,
    path: Path,
    source: str,
    *,
    allow_missing: bool,
    items_checked: bool = False,
) -> Loaded:
    problems, missing = cross_check(
        portfolio, framework, doc, allow_missing=allow_missing, items_checked=items_checked
    )
    if problems:
        raise InputError(_sorted(problems))
    return Loaded(portfolio, framework, str(path), source, tuple(missing))


def cross_check(
    portfolio: Portfolio,
    framework: Framework,
    doc: Document,
    *,
    allow_missing: bool = False,
    items_checked: bool = False,
) -> tuple[list[Problem], list[MissingScore]]:
    """Check a portfolio against its framework: ids, scores, assessors, clusters (the
    items' own, unless ``items_checked``: the fast lane of CSV items found them clean)."""
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
    if items_checked:
        return problems, missing
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
    return problems, missing


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
            if raw.keys() == known.assessors and all(
                v in levels[criterion_id] for v in raw.values()
            ):
                continue  # every listed assessor, each with a level seen before
            where = (*loc, "scores", criterion_id)
            problems += _check_assessed(raw, where, criterion, framework, known, assessors, doc)
            if criterion.per_assessor:
                misspelt = {closest(a, assessors) for a in raw if a not in assessors}
                missing += [
                    MissingScore(item.id, criterion_id, a)
                    for a in assessors
                    if a not in raw and a not in misspelt
                ]
        else:
            problems += _check_single(raw, (*loc, "scores", criterion_id), criterion, framework,
                                      known, assessors, doc)  # fmt: skip
    return problems, missing


def _check_single(
    raw: str | float,
    where: tuple[str | int, ...],
    criterion: Criterion,
    framework: Framework,
    known: _KnownIds,
    assessors: list[str],
    doc: Document,
) -> list[Problem]:
    """Check one score that is not a mapping: on the scale, and not due per assessor."""
    if criterion.per_assessor:
        scale = framework.scale_of(criterion)
        example = ", ".join(f"{a}: {scale.best.symbol}" for a in assessors[:3])
        return [
            doc.problem(
                where, f"'{criterion.id}' is scored per assessor", f"write e.g. {{{example}}}"
            )
        ]
    if known.is_level(criterion.scale, raw):
        known.levels[criterion.id].add(raw)
        return []
    return [_bad_level(doc, where, raw, criterion.scale, framework)]


def _check_assessed(
    raw: dict[str, str | float],
    where: tuple[str | int, ...],
    criterion: Criterion,
    framework: Framework,
    known: _KnownIds,
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
        elif known.is_level(criterion.scale, level):
            known.levels[criterion.id].add(level)
        else:
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


def _items_from(portfolio: Document, folder: Path) -> ItemsFromDocument:
    """The portfolio file with the items of the CSV file its ``items_from`` names."""
    data = portfolio.data
    reference = data["items_from"]
    if "items" in data:
        raise InputError(
            [
                portfolio.problem(
                    ("items_from",),
                    "a portfolio has 'items' or 'items_from', not both",
                    "remove one of them",
                    key=True,
                )
            ]
        )
    if not isinstance(reference, str) or not reference.strip():
        raise InputError(
            [
                portfolio.problem(
                    ("items_from",),
                    "expected the name of a CSV file",
                    "e.g. items_from: scores.csv",
                )
            ]
        )
    path = folder / reference
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "not found"
        raise InputError(
            [
                portfolio.problem(
                    ("items_from",),
                    f"'{reference}' {what} (looked for {path})",
                    "the path is relative to the portfolio's folder",
                )
            ]
        )
    from afweging.sources.csv import ItemsFromDocument

    return ItemsFromDocument(portfolio, read_csv_document(path))
