"""Items from an Excel workbook: the first sheet, in the CSV layout (``sources.csv``).

The sheet's cells are read with python-calamine (a Rust reader: a 10,000-item sheet in
well under a second, where openpyxl's read-only mode takes over ten) with the empty
area kept, so that every cell keeps its row and column. The rows are handed to the CSV
reader as CSV text, which checks and reads them exactly as it reads a CSV file; each
problem it reports at ``file.xlsx:ROW:COL`` is then named as the spreadsheet names the
cell, ``file.xlsx:Sheet!C7``.

How cells become text: a text cell as it is; a number as written without exponent
(``700000``, ``0.5``; the CSV text uses the decimal point); a date as ``YYYY-MM-DD``; a
formula by its value as the spreadsheet last computed it (a formula never computed,
as in a file written by a script, reads as empty); TRUE/FALSE as ``true``/``false``.
"""

import contextlib
import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from afweging.errors import InputError, Problem

if TYPE_CHECKING:
    from afweging.sources.csv import CsvDocument

MAX_BYTES = 64 * 1024 * 1024
"""A workbook is compressed: 64 MB holds far more items than the CSV limit."""

SHEETS: dict[str, str] = {}
"""The sheet each workbook read in this run was read from, by the name messages use."""


def cell_name(row: int, column: int) -> str:
    """The spreadsheet's name of a cell by its 1-based row and column: (7, 3) → C7."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def sheet_rows(raw: bytes, name: str) -> tuple[str, list[list[Any]]]:
    """The first sheet's name and its rows of cell values from A1 (the empty area kept)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        if not book.sheet_names:
            raise InputError.single(name, "the workbook has no sheets")
        sheet = book.get_sheet_by_index(0)
        return str(sheet.name), sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise InputError.single(
            name,
            f"cannot read the workbook: {str(exc) or type(exc).__name__}",
            "save it from Excel or LibreOffice as an Excel workbook (.xlsx)",
        ) from None


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV file would hold."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return "" if value is None else str(value)


def as_csv(rows: list[list[Any]]) -> bytes:
    """The rows as CSV (comma, decimal point): one record per sheet row, blank ones too,
    so that the CSV reader's row and column numbers are the sheet's."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    width = max((len(row) for row in rows), default=0)
    pad = [""] * width
    for row in rows:
        # most cells are text already: only the others take a call
        cells = [value if type(value) is str else cell_text(value) for value in row]
        writer.writerow(cells + pad[len(cells) :] if len(cells) < width else cells)
    return out.getvalue().encode("utf-8")


def relocate(problems: tuple[Problem, ...] | list[Problem], name: str, sheet: str) -> list[Problem]:
    """Problems at ``name:ROW:COL`` named as ``name:Sheet!CELL``; others as they are."""
    return [
        Problem(f"{name}:{sheet}!{cell_name(p.line, p.col or 1)}", None, None, p.message, p.hint)
        if p.path == name and p.line is not None
        else p
        for p in problems
    ]


@contextlib.contextmanager
def cells_named() -> Iterator[None]:
    """Every problem raised inside, in a workbook read in this run, named by its cell."""
    try:
        yield
    except InputError as exc:
        problems: list[Problem] = list(exc.problems)
        for name, sheet in SHEETS.items():
            problems = relocate(problems, name, sheet)
        raise InputError(problems) from None


def read_xlsx_document(raw: bytes, name: str) -> "CsvDocument":
    """A workbook's first sheet as the CSV reader's document of items."""
    from afweging.sources import csv as csvsource

    sheet, rows = sheet_rows(raw, name)
    SHEETS[name] = sheet
    with cells_named():
        return csvsource.CsvDocument(csvsource.read_table(as_csv(rows), name), {})
