"""Files → validated models: a portfolio and its framework read, validated and checked
together (``problems.py`` words the schema errors, ``checks.py`` the cross-file checks).

Every problem becomes a ``Problem`` with ``path:line:col``; all problems of a file are
collected and raised together as one ``InputError``.
"""

from __future__ import annotations

import datetime as dt
import sys
import typing
from collections.abc import Callable
from pathlib import Path

from afweging.errors import InputError, Problem, UsageError
from afweging.findings import framework_findings
from afweging.models import Framework, Item, Loaded, Portfolio
from afweging.sources.checks import cross_check
from afweging.sources.document import Document, describe_top
from afweging.sources.files import builtin_ids, builtin_path, decode, read_input, source_of
from afweging.sources.problems import raise_findings, sorted_problems, validate_model
from afweging.sources.yaml import parse

if typing.TYPE_CHECKING:
    from afweging.sources.csv import CsvDocument, ItemsFromDocument

# A framework and where it came from: (framework, source as the memo names it, SHA-256).
Source = tuple[Framework, str, str]


def read_document(path: Path, shown: str | None = None) -> Document:
    """Read and parse one YAML file."""
    name = shown or str(path)
    read = read_input(path, name, "a YAML file")
    doc = parse(decode(read.data, name), name)
    doc.inputs = ((name, read.sha256),)
    return doc


def read_csv_document(path: Path, shown: str | None = None) -> CsvDocument:
    """Read a CSV file of items (``csvsource``): its header checked, its rows in place."""
    from afweging.sources import csv as csvsource

    name = shown or str(path)
    if source_of(path) == "xlsx":  # a workbook's first sheet, in the CSV layout
        from afweging.sources import xlsx

        read = read_input(path, name, "an Excel workbook", xlsx.MAX_BYTES)
        doc = xlsx.read_xlsx_document(read.data, name)
    else:
        read = read_input(path, name, "a CSV file", csvsource.MAX_BYTES)
        doc = csvsource.CsvDocument(csvsource.read_table(read.data, name), {})
    doc.inputs = ((name, read.sha256),)
    return doc


def document_kind(doc: Document) -> str:
    """``framework`` or ``portfolio``, judged by the top-level keys."""
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(
            [doc.problem((), f"expected a mapping of keys at the top, got {describe_top(data)}")]
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


def load_framework_document(doc: Document) -> Framework:
    """Validate a parsed framework file."""
    if isinstance(doc.data, dict) and "items" in doc.data and "criteria" not in doc.data:
        raise InputError(
            [doc.problem((), "this is a portfolio, not a framework", "name a framework file")]
        )
    framework = validate_model(Framework, doc)
    raise_findings(doc, framework_findings(framework))
    return framework


def _is_path(reference: str) -> bool:
    """A framework reference with a path separator or a YAML suffix is a path, else an id."""
    return "/" in reference or "\\" in reference or reference.endswith((".yaml", ".yml"))


def load_framework(reference: str, base_dir: Path | None = None) -> tuple[Framework, str]:
    """A framework by built-in id or by path; returns it with a description of its source.

    A reference with a path separator or a YAML suffix is a path (relative to
    ``base_dir`` when given); anything else is a built-in id.
    """
    framework, source, _ = framework_source(reference, base_dir)
    return framework, source


def framework_source(reference: str, base_dir: Path | None = None) -> Source:
    """``load_framework``, with the SHA-256 of the framework file."""
    if _is_path(reference):
        path = Path(reference)
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        doc = read_document(path)
        return load_framework_document(doc), str(path), doc.inputs[0][1]
    if reference not in builtin_ids():
        raise UsageError(
            f"unknown framework '{reference}' — built-in frameworks: {', '.join(builtin_ids())};"
            " or give a path to a framework file"
        )
    doc = read_document(builtin_path(reference), f"<built-in>/{reference}.yaml")
    return load_framework_document(doc), f"built-in:{reference}", doc.inputs[0][1]


def load_portfolio(
    path: Path,
    criteria: str | None = None,
    *,
    allow_missing: bool = False,
    as_of: dt.date | None = None,
) -> Loaded:
    """Load a portfolio and its framework (or ``criteria`` instead) and check them together,
    read by the source its suffix names (``files.SOURCES``)."""
    return READERS[source_of(path)](path, criteria, allow_missing=allow_missing, as_of=as_of)


def _load_yaml(
    path: Path, criteria: str | None, *, allow_missing: bool, as_of: dt.date | None
) -> Loaded:
    """A portfolio file in YAML (its items in it, or in the CSV file ``items_from`` names)."""
    try:
        return portfolio_from_document(
            read_document(path), path, criteria, allow_missing=allow_missing
        )
    except InputError:
        xlsx = sys.modules.get("afweging.sources.xlsx")
        if xlsx is None:  # no workbook was read: every problem is named as it is
            raise
        with xlsx.cells_named():  # items_from a workbook: its problems named by their cell
            raise


def _load_csv(
    path: Path, criteria: str | None, *, allow_missing: bool, as_of: dt.date | None
) -> Loaded:
    """A CSV file is a portfolio of its rows alone: its framework is ``criteria`` (default
    the built-in benelux), its title the file's name, its date ``as_of`` (default today)
    and its assessors those the ``CRITERION.ASSESSOR`` columns name."""
    reference = criteria or "benelux"
    framework, source, digest = framework_source(reference)
    return csv_portfolio(
        read_csv_document(path), path, (framework, source), reference,
        as_of=as_of, allow_missing=allow_missing, framework_sha256=digest,
    )  # fmt: skip


# The reader of each input source (files.SOURCES); tests/sources/test_registries.py
# checks that every source has one.
def _load_xlsx(
    path: Path, criteria: str | None, *, allow_missing: bool, as_of: dt.date | None
) -> Loaded:
    """An Excel workbook of items (its first sheet in the CSV layout) is read as a CSV file
    is, its problems named by their cell (``file.xlsx:Sheet!C7``)."""
    from afweging.sources.xlsx import cells_named

    with cells_named():
        return _load_csv(path, criteria, allow_missing=allow_missing, as_of=as_of)


READERS: dict[str, Callable[..., Loaded]] = {
    "yaml": _load_yaml,
    "csv": _load_csv,
    "xlsx": _load_xlsx,
}


def csv_portfolio(
    doc: CsvDocument,
    path: Path,
    framework: tuple[Framework, str],
    reference: str,
    *,
    as_of: dt.date | None = None,
    allow_missing: bool = False,
    framework_sha256: str = "",
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
        raise InputError(sorted_problems(header))
    source = (*framework, framework_sha256)
    try:
        portfolio = validate_model(Portfolio, doc)
    except InputError as refused:  # the rows' other problems too, in the same run
        more = _checks_of_valid_items(doc, path, reference, source, allow_missing)
        if not more:
            raise
        raise InputError(sorted_problems([*refused.problems, *more])) from None
    return _cross_checked(portfolio, source, doc, path, allow_missing=allow_missing)


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
            raise InputError(sorted_problems(header))
    try:
        portfolio = validate_model(Portfolio, doc)
    except InputError as refused:
        more = _checks_of_valid_items(doc, path, criteria, loaded_framework, allow_missing)
        if not more:
            raise
        raise InputError(sorted_problems([*refused.problems, *more])) from None
    source = loaded_framework or _framework(doc, path, criteria, portfolio.framework)
    return _cross_checked(portfolio, source, doc, path, allow_missing=allow_missing)


def _checks_of_valid_items(
    doc: Document,
    path: Path,
    criteria: str | None,
    loaded_framework: Source | None,
    allow_missing: bool,
) -> list[Problem]:
    """When the schema refuses a portfolio: the cross-file checks of the items that are
    valid on their own, so that one run reports every problem of the file (a misspelt
    key in one item and a level off the scale in another). Best effort: nothing when the
    framework or the list of items cannot be read."""
    import datetime

    from afweging.errors import is_id

    data = doc.data
    items = data.get("items") if isinstance(data, dict) else None
    reference = criteria or (data.get("framework", "benelux") if isinstance(data, dict) else None)
    if isinstance(items, str | dict) or not isinstance(items, typing.Sequence):
        return []
    if not isinstance(reference, str):
        return []
    try:
        framework = (loaded_framework or _framework(doc, path, criteria, reference))[0]
    except (InputError, UsageError):
        return []
    valid: dict[int, Item] = {}
    for index, raw in enumerate(items):
        item = _item_without_its_faults(raw)
        if item is not None:
            valid[index] = item
    try:
        as_of = datetime.date.fromisoformat(str(data.get("as_of")))
    except ValueError:
        as_of = datetime.date.max  # no date to check the items' dates against
    listed = data.get("assessors")
    assessors = (
        tuple(a for a in listed if isinstance(a, str) and is_id(a))
        if isinstance(listed, list)
        else ()
    )
    portfolio = Portfolio.model_construct(
        version=1, framework=reference, title="", as_of=as_of, assessors=assessors,
        items=tuple(valid.values()),
    )  # fmt: skip
    view = typing.cast("Document", _ValidItems(doc, list(valid)))
    problems, _ = cross_check(portfolio, framework, view, allow_missing=allow_missing)
    return problems


def _item_without_its_faults(raw: object) -> Item | None:
    """The item with the fields the schema refused left out (a misspelt key, a year in
    quotes), for the cross-file checks of the rest; None if its id or scores are at fault."""
    from pydantic import ValidationError

    try:
        return Item.model_validate(raw)
    except ValidationError as exc:
        faults = {error["loc"][0] for error in exc.errors() if error["loc"]}
    if not isinstance(raw, dict) or faults & {"id", "scores"}:
        return None
    kept = {key: value for key, value in raw.items() if key not in faults}
    kept.setdefault("name", "-")
    kept.setdefault("kind", "initiative")
    try:
        return Item.model_validate(kept)
    except ValidationError:
        return None


class _ValidItems:
    """A portfolio document seen through the items that passed the schema: the checks
    count items in the shorter list, the problems name their places in the file."""

    def __init__(self, doc: Document, positions: list[int]) -> None:
        self._doc, self._positions = doc, positions
        self.path = doc.path
        self.data = {**doc.data, "items": [doc.data["items"][p] for p in positions]}

    def _in_file(self, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
        if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
            return ("items", self._positions[loc[1]], *loc[2:])
        return loc

    def problem(
        self, loc: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False
    ) -> Problem:
        """The problem at the place in the file of the item it names."""
        return self._doc.problem(self._in_file(loc), message, hint, key=key)

    def item_name(self, index: int) -> str:
        """How messages refer to the item, by its place in the file."""
        return self._doc.item_name(self._positions[index])


def _framework(doc: Document, path: Path, criteria: str | None, reference: str) -> Source:
    """The portfolio's framework: ``criteria`` if given, else ``reference`` (the
    portfolio's own, a built-in id or a path relative to the portfolio's folder)."""
    if criteria is not None:
        reference = criteria
    base = None if criteria is not None else path.parent
    if base is not None and _is_path(reference) and not (base / reference).is_file():
        what = _not_a_file(base / reference)
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
        return framework_source(reference, base)
    except UsageError as exc:
        if criteria is not None:
            raise
        raise InputError([doc.problem(("framework",), str(exc))]) from None


def _not_a_file(path: Path) -> str:
    """Why ``path`` is not a file to read: a folder, a pipe or a device, or not there."""
    from afweging.sources.editing import not_regular

    try:
        kind = not_regular(path.stat().st_mode)
    except OSError:
        return "not found"
    return f"is {kind}, not a file" if kind else "not found"


def _cross_checked(
    portfolio: Portfolio, source: Source, doc: Document, path: Path, *, allow_missing: bool
) -> Loaded:
    """The loaded portfolio, once it and its framework have passed the cross-file checks;
    with the SHA-256 of every file read: portfolio, framework, and ``items_from``."""
    framework, name, digest = source
    problems, missing = cross_check(portfolio, framework, doc, allow_missing=allow_missing)
    if problems:
        raise InputError(sorted_problems(problems))
    inputs = (*doc.inputs[:1], (name, digest), *doc.inputs[1:])
    return Loaded(portfolio, framework, str(path), name, tuple(missing), inputs)


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
        what = _not_a_file(path)
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
