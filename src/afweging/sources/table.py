"""A CSV file's bytes → its columns and item rows, each cell read as its column says
(the format and its positions are described in ``sources/csv.py``)."""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import.

import csv
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, overload

from afweging.errors import InputError, Problem, is_id
from afweging.render.csv import unguard
from afweging.sources.files import decode

MAX_BYTES = 256 * 1024 * 1024
"""A CSV holds no more than the items, so it may be far larger than a YAML file."""
MAX_CELL = 1_000_000

FIELDS: dict[str, str] = {
    "id": "text",
    "name": "free",
    "kind": "text",
    "cluster": "text",
    "status": "text",
    "established": "year",
    "mandate_end": "date",
    "last_result": "year",
    "cost.eur": "number",
    "cost.fte": "number",
    "participants": "list",
    "requires": "list",
    "excludes": "list",
}
"""The item-field columns and how each cell is read."""
REQUIRED = ("id", "name", "kind")
_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_SEPARATORS = re.compile(r"[\s,;]+")


class Column(NamedTuple):
    """One column: its place, its header, and where its cells go in an item."""

    position: int
    """0-based: the spreadsheet column's number minus one."""
    header: str
    path: tuple[str, ...]
    """("name",), ("cost", "eur"), ("scores", "kennis"), ("scores", "draagvlak", "NL"),
    ("rationale", "kennis"); () for a column whose header names nothing."""
    kind: str


class Table:
    """A CSV file's columns, its item rows, and the spreadsheet row number of each.

    The rows read while checking the file are handed to validation once (``take``) and
    let go of one by one as validation turns them into models: a large file's cells as
    Python strings take seven times its size, so they should not stay alongside the
    models. Any later read (``records``, ``cells``: for messages) parses the file's
    bytes again.
    """

    __slots__ = ("_cells", "_pending", "columns", "delimiter", "numbers", "path", "raw")

    def __init__(
        self,
        path: str,
        raw: bytes,
        delimiter: str,
        columns: tuple[Column, ...],
        numbers: list[int],
        rows: list[list[str]],
    ) -> None:
        self.path = path
        self.raw = raw
        self.delimiter = delimiter
        self.columns = columns
        self.numbers = numbers
        self._pending: list[list[str] | None] | None = list(rows)
        self._cells: list[list[str]] | None = None

    def records(self) -> Iterator[list[str]]:
        """The cells of each item row, in order (the header and empty rows left out)."""
        if self._pending is not None:
            return (row for row in self._pending if row is not None)
        rows = (record for record in _reader(self.raw, self.delimiter) if any(record))
        next(rows, None)  # the header
        return rows

    @property
    def decimal(self) -> str:
        """The decimal mark of the numbers: a comma in a ``;`` file, else a point."""
        return "," if self.delimiter == ";" else "."

    def hand_over(self) -> list[list[str] | None] | None:
        """The item rows read while checking the file, all at once (None once taken):
        later reads parse the file again."""
        pending, self._pending = self._pending, None
        return pending

    def take(self) -> Iterator[list[str]]:
        """The item rows, each let go of once it has been read."""
        pending, self._pending = self._pending, None
        if pending is None:
            yield from self.records()
            return
        for index, row in enumerate(pending):
            pending[index] = None
            if row is not None:
                yield row

    def cells(self, index: int) -> list[str]:
        """The cells of item row ``index`` (all rows are read on the first call)."""
        if self._cells is None:
            self._cells = list(self.records())
        return self._cells[index]


def _reader(raw: bytes, delimiter: str) -> Iterator[list[str]]:
    # Decoded as it is read: a StringIO of the whole text would hold four bytes a character.
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    return csv.reader(stream, delimiter=delimiter)


def _problem(path: str, row: int, col: int, message: str, hint: str = "") -> Problem:
    return Problem(path, row, col, message, hint)


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of ``;``, ``,`` and tab it holds most
    often outside quotes (``,`` when it holds none)."""
    line = text.split("\n", 1)[0]
    outside = "".join(line.split('"')[::2])
    counts = {d: outside.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _unreadable_row(path: str, row: int, exc: csv.Error) -> InputError:
    """A row the CSV reader gives up on: a cell past the size limit (a value in quotes
    that is not closed makes one too, with everything after it), or another defect."""
    if "field larger than field limit" in str(exc):
        return InputError.single(
            path,
            f"row {row} holds a cell of more than {MAX_CELL:,} characters",
            "a text is at most 5,000 characters; a quote that is opened and never closed"
            " makes the rest of the file one cell",
            row,
            1,
        )
    return InputError.single(
        path, f"cannot read row {row}: {exc}", "a value in quotes is probably not closed", row, 1
    )


def read_table(raw: bytes, path: str) -> Table:
    """Check a CSV file's encoding, header and rows; keep where each item row stands."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(
            path, "the file is UTF-16 text", "save it as 'CSV UTF-8' (comma or semicolon)", 1, 1
        )
    delimiter = sniff_delimiter(decode(raw, path, MAX_BYTES))
    csv.field_size_limit(MAX_CELL)
    header: tuple[int, list[str]] | None = None
    columns: list[Column] = []
    problems: list[Problem] = []
    numbers: list[int] = []
    rows: list[list[str]] = []
    blank: list[Column] = []
    width = 0
    number = 0
    try:
        for number, cells in enumerate(_reader(raw, delimiter), start=1):
            if not any(cells):
                continue
            if header is None:
                header = number, cells
                columns, problems = _columns(path, number, cells)
                width = max((c.position for c in columns), default=-1) + 1
                blank = [c for c in columns if c.kind == "blank"]
            elif len(cells) < width or (len(cells) > width and any(cells[width:])):
                problems.append(_ragged(path, number, cells, width, columns))
            else:
                if blank:
                    problems += _strays(path, number, cells, blank)
                numbers.append(number)
                rows.append(cells)
    except csv.Error as exc:
        raise _unreadable_row(path, number + 1, exc) from None
    if header is None:
        raise InputError.single(path, "the file is empty", "the first row names the columns", 1, 1)
    if not numbers and not problems:
        problems.append(
            _problem(path, header[0], 1, "the file has a header but no items", "add a row per item")
        )
    if problems:
        raise InputError(problems)
    return Table(path, raw, delimiter, tuple(columns), numbers, rows)


def _strays(path: str, row: int, cells: list[str], blank: list[Column]) -> list[Problem]:
    """Values in columns without a header; each such column is reported once (and then
    taken out of ``blank``)."""
    found = [column for column in blank if cells[column.position].strip()]
    for column in found:
        blank.remove(column)
    return [
        _problem(path, row, column.position + 1,
                 f"a value in column {column.position + 1}, which has no header",
                 "name the column, or move the value")
        for column in found
    ]  # fmt: skip


def _ragged(path: str, row: int, cells: list[str], width: int, columns: list[Column]) -> Problem:
    """A row whose cells do not line up with the header."""
    unclosed = any("\n" in cell for cell in cells)
    if len(cells) < width:
        named = next((c.header for c in columns if c.position == len(cells)), "")
        header = f"'{named}'" if named else str(len(cells) + 1)
        hint = (
            "a value in quotes is not closed, so the rows after it were read into it"
            if unclosed
            else "a separator is missing, or a value holding one is not in quotes"
        )
        return _problem(
            path,
            row,
            len(cells) + 1,
            f"the row ends after {len(cells)} cells; the header has {width}"
            f" (column {header} is missing)",
            hint,
        )
    extra = next(i for i in range(width, len(cells)) if cells[i])
    return _problem(
        path,
        row,
        extra + 1,
        f"the row has a value in column {extra + 1}, after the last header (column {width})",
        "a value holding the separator must be in quotes, or the header lacks a column",
    )


def _columns(path: str, row: int, header: list[str]) -> tuple[list[Column], list[Problem]]:
    """Classify the header's cells by their names alone (the framework comes later)."""
    names = [cell.strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    columns: list[Column] = []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:  # an empty column between others: fine while it stays empty
            columns.append(Column(index, "", (), "blank"))
            continue
        if name in first:
            problems.append(
                _problem(
                    path,
                    row,
                    index + 1,
                    f"duplicate column '{name}' (also column {first[name] + 1})",
                    "keep one of them",
                )
            )
            continue
        first[name] = index
        columns.append(Column(index, name, *_meaning(name)))
    return columns, problems


def _meaning(name: str) -> tuple[tuple[str, ...], str]:
    """Where a column's cells go, by its header: (path, kind); ((), "unknown") if nowhere."""
    if name in FIELDS:
        return tuple(name.split(".")), FIELDS[name]
    parts = name.split(".")
    if not all(is_id(p) for p in parts) or len(parts) > 2 or parts[0] == "cost":
        return (), "unknown"
    if len(parts) == 1:
        return ("scores", name), "score"
    if parts[0] == "rationale":
        return ("rationale", parts[1]), "rationale"
    return ("scores", parts[0], parts[1]), "score"


# --------------------------------------------------------------------------- cells


def read_number(text: str, decimal: str) -> float | str:
    """A number written with a decimal point or comma and optional thousands separators;
    the text itself when it is none (validation then says what is wrong)."""
    # The common cases first, where float() reads the number as the rules below would:
    # digits with at most a decimal point, or (in a file with decimal commas) digits with
    # one decimal comma and no point. Anything else (separators, spaces inside, several
    # marks) is not a float as it stands and takes the rules.
    fast = text if "," not in text else text.replace(",", ".") if decimal == "," else ""
    if fast and ("." not in text or decimal == "."):
        try:
            return float(fast)
        except ValueError:
            pass
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    dots, commas = cleaned.count("."), cleaned.count(",")
    if dots and commas:
        mark = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
    elif dots + commas == 1:
        mark = "." if dots else ","
        whole, _, fraction = cleaned.lstrip("+-").partition(mark)
        if len(fraction) == 3 and 1 <= len(whole) <= 3 and mark != decimal:
            mark = ""  # 700.000 in a file with decimal commas: a thousands separator
    else:
        mark = ""  # none, or several of one kind (1.234.567): thousands separators
    other = {".": ",", ",": "."}.get(mark, ".,")
    for separator in other:
        cleaned = cleaned.replace(separator, "")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return text.strip()


def _text(cell: str) -> str | None:
    return sys.intern(cell.strip()) or None


def _free(cell: str) -> str | None:
    return None if cell.isspace() else _plain(cell)


def _year(cell: str) -> int | str | None:
    text = cell.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return (int(text) if _INTEGER.fullmatch(text) else text) or None


def _date(cell: str) -> str | None:
    text = cell.strip()
    dutch = _DUTCH_DATE.fullmatch(text)
    if dutch:
        day, month, year = dutch.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text or None


def _list(cell: str) -> list[str] | None:
    return [part for part in _SEPARATORS.split(cell) if part] or None


READERS: dict[str, Callable[[str], Any]] = {
    "text": _text,
    "free": _free,
    "year": _year,
    "date": _date,
    "list": _list,
}
"""How a non-empty cell of each kind of item-field column is read (``FIELDS``); a score
is read as "text", a rationale as "free"."""


def item_builder(table: Table) -> Callable[[list[str]], dict[str, Any]]:
    """A function from a row's cells to the item as plain data, as YAML would give it.

    The columns are sorted by what they hold once, so a row costs a few lookups per cell.
    Repeated values (scores, kinds, statuses) are interned: every item that gives "++"
    shares one string.
    """
    decimal = table.decimal
    fields = [
        (c.position, c.path[0], READERS[c.kind])
        for c in table.columns
        if c.kind in READERS and len(c.path) == 1
    ]
    costs = [(c.position, c.path[1]) for c in table.columns if c.kind == "number"]
    single = [
        (c.position, c.path[1]) for c in table.columns if c.kind == "score" and len(c.path) == 2
    ]
    assessed = [(c.position, c.path[1], c.path[2]) for c in table.columns if len(c.path) == 3]
    rationale = [(c.position, c.path[1]) for c in table.columns if c.kind == "rationale"]

    def number(cell: str) -> float | str:
        return read_number(cell, decimal)

    def build(cells: list[str]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for index, key, read in fields:
            cell = cells[index]
            if cell:
                value = read(cell)
                if value is not None:
                    item[key] = value
        cost = _read_cells(cells, costs, number)
        if cost:
            item["cost"] = cost
        item["scores"] = _read_scores(cells, single, assessed)
        texts = _read_cells(cells, rationale, _plain)
        if texts:
            item["rationale"] = texts
        return item

    return build


def _read_cells(
    cells: list[str], columns: list[tuple[int, str]], read: Callable[[str], Any]
) -> dict[str, Any]:
    """The non-empty cells of ``columns`` (index, key), read; a cell of spaces is empty."""
    return {
        key: read(cell) for index, key in columns if (cell := cells[index]) and not cell.isspace()
    }


def _plain(cell: str) -> str:
    if "\r" in cell:  # a line break in a quoted cell, as Windows writes it: one \n, as YAML
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return unguard(cell) if cell[0] == "'" else cell


def _read_scores(
    cells: list[str], single: list[tuple[int, str]], assessed: list[tuple[int, str, str]]
) -> dict[str, Any]:
    """The scores of a row: ``{criterion: level}`` and ``{criterion: {assessor: level}}``.
    Each level is interned: every item that gives "++" shares one string."""
    intern = sys.intern
    # strip() gives the same string back when there is nothing to strip; a level symbol
    # that export guarded as a would-be formula ('@SUM(1+1)) is read without its apostrophe
    scores: dict[str, Any] = {
        criterion: intern(unguard(cell) if cell[0] == "'" else cell)
        for index, criterion in single
        if (cell := cells[index].strip())
    }
    for index, criterion, assessor in assessed:
        cell = cells[index].strip()
        if cell:
            cell = unguard(cell) if cell[0] == "'" else cell
            by = scores.get(criterion)
            if by is None:
                scores[criterion] = {assessor: intern(cell)}
            else:
                by[assessor] = intern(cell)
    return scores


class CsvItems(Sequence[dict[str, Any]]):
    """The items of a table as plain data, built from the rows when asked for.

    Validation reads each item once and keeps only the model, so the file's items never
    all exist twice, as raw data and as models (nor their rows, see ``Table.take``).
    """

    def __init__(self, table: Table) -> None:
        self._table = table
        self._build = item_builder(table)

    def __len__(self) -> int:
        return len(self._table.numbers)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return self._build(self._table.cells(index))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        build = self._build
        return (build(cells) for cells in self._table.take())
