"""Tables for spreadsheets: an .xlsx workbook with one sheet per table, and the CSV
dialect a Dutch Excel opens as it is (``excel-nl``).

Both start from the standard CSV a result already renders (``ranking_csv``,
``review_csv``, …): that text is the one table of each result, so the workbook and the
Dutch CSV cannot differ from it. CSV is read back exactly by the csv module; what a
spreadsheet needs to know besides is which columns hold numbers, and that is decided
per column: a column whose every filled cell is a number (as Python writes it) is a
column of numbers, except ``id`` and ``name``. In the workbook such cells are numbers
(no cell is formatted as text), ``true``/``false`` columns are booleans, and every other
cell is text, written as text even when it starts with ``=`` (the CSV guard's
apostrophe is taken off: a workbook cell holds text as text). openpyxl is imported here
only, and this module only by ``--format xlsx`` and ``--dialect excel-nl``.
"""

import csv
import io
import math
import re
from collections.abc import Sequence

from afweging.render.csv import unguard

_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?", re.IGNORECASE)
_NEVER_NUMBERS = frozenset({"id", "name"})
MAX_SHEET_NAME = 31


def read_table(text: str) -> list[list[str]]:
    """A standard CSV text's rows (header first)."""
    return [row for row in csv.reader(io.StringIO(text)) if row]


def column_kinds(rows: Sequence[Sequence[str]]) -> list[str]:
    """Each column's kind: ``number``, ``boolean`` or ``text``, by its filled cells."""
    header, body = rows[0], rows[1:]
    kinds = []
    for index, name in enumerate(header):
        cells = [row[index] for row in body if index < len(row) and row[index] != ""]
        if not cells or name in _NEVER_NUMBERS:
            kinds.append("text")
        elif all(_NUMBER.fullmatch(cell) for cell in cells):
            kinds.append("number")
        elif all(cell in ("true", "false") for cell in cells):
            kinds.append("boolean")
        else:
            kinds.append("text")
    return kinds


def _number(cell: str) -> int | float:
    value = float(cell)
    if value.is_integer() and "." not in cell and "e" not in cell.lower() and math.isfinite(value):
        return int(cell)
    return value


def tables_xlsx(tables: Sequence[tuple[str, str]]) -> bytes:
    """A workbook of (sheet name, standard CSV text) tables, one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])
    bold = Font(bold=True)
    for title, text in tables:
        sheet = book.create_sheet(title[:MAX_SHEET_NAME])
        rows = read_table(text)
        if not rows:
            continue
        kinds = column_kinds(rows)
        for column, name in enumerate(rows[0], start=1):
            header = sheet.cell(row=1, column=column)
            header.value, header.font, header.data_type = name, bold, "s"
        for row_number, row in enumerate(rows[1:], start=2):
            for column, (cell, kind) in enumerate(zip(row, kinds, strict=False), start=1):
                if cell == "":
                    continue
                target = sheet.cell(row=row_number, column=column)
                if kind == "number":
                    target.value = _number(cell)
                elif kind == "boolean":
                    target.value = cell == "true"
                else:
                    # set as text: openpyxl would take a string starting with "=" for a formula
                    target.value = unguard(cell)
                    target.data_type = "s"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_nl(text: str) -> str:
    """A standard CSV text as a Dutch Excel opens it: a BOM, ``;`` between cells, CRLF
    line ends and a decimal comma in the columns of numbers; text as it was (guarded)."""
    rows = read_table(text)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if not rows:
        return out.getvalue()
    kinds = column_kinds(rows)
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow(
            [
                cell.replace(".", ",") if kind == "number" else cell
                for cell, kind in zip(row, kinds, strict=False)
            ]
        )
    return out.getvalue()
