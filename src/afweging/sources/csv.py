"""Items from CSV: a spreadsheet's rows → the same ``Document`` as a YAML file gives.

One row per item; a column per item field, nested fields joined with a dot::

    id, name, kind, cluster, status, established, mandate_end, last_result,
    cost.eur, cost.fte, participants, requires, excludes,
    CRITERION            one score (a symbol, a level name or a number),
    CRITERION.ASSESSOR   one assessor's score (draagvlak.NL),
    rationale.CRITERION  the rationale of a score.

What real exports need, and how it is read:

* the encoding is UTF-8, with or without a BOM (Excel's "CSV UTF-8" writes one);
* the delimiter is the one of ``;``, ``,`` and tab that occurs most in the header line
  (a Dutch Excel saves with ``;``, LibreOffice and others with ``,``);
* numbers (cost.eur, cost.fte) may use a decimal comma. A lone ``.`` or ``,`` followed by
  exactly three digits (``700.000``) is ambiguous: in a ``;`` file, where the comma is
  the decimal mark, it is read as a thousands separator, in a ``,`` file as the decimal
  mark. Scores are kept as text: the scale resolves ``1,5`` as well as ``1.5``;
* dates are ``YYYY-MM-DD``, or ``D-M-YYYY`` as a Dutch or Belgian Excel shows them;
* list fields (participants, requires, excludes) hold ids separated by spaces, commas
  or semicolons;
* quoted fields may span lines; rows that are entirely empty are skipped, and so are
  empty columns (after the last header, or without a header between others). A row
  with fewer cells than the header, or with a value beyond its last column, is refused
  (a separator is missing, or a value holding one is not quoted);
* an empty cell is an absent value. A text cell (name, rationale) that starts with
  ``'`` followed by ``=``, ``+``, ``-`` or ``@`` loses that one apostrophe: it is the
  guard ``export`` puts before text a spreadsheet would take for a formula.

Positions: a problem is reported as ``file.csv:ROW:COLUMN`` where ROW is the row as a
spreadsheet numbers it (the header is row 1; a cell with line breaks is still one row)
and COLUMN the column's number (A = 1); the message names the column's header.

The header is read without the framework (``read_table``); ``CsvDocument.column_problems``
then checks it against the framework, once, instead of every row reporting the same
unknown criterion. This module reads no files: ``loading`` hands it the bytes.
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import.

from typing import Any

from afweging.errors import Problem, closest, did_you_mean
from afweging.models import Criterion, Framework
from afweging.sources.document import Document
from afweging.sources.table import (
    FIELDS,
    MAX_BYTES,
    REQUIRED,
    Column,
    CsvItems,
    Table,
    read_table,
)

# What the loader (and the xlsx source) take from here: the documents, and the reader of
# a table with its size limit.
__all__ = ["MAX_BYTES", "CsvDocument", "ItemsFromDocument", "read_table"]


# --------------------------------------------------------------------------- documents


class CsvDocument(Document):
    """A CSV file as a ``Document``: ``data["items"]`` are its rows, and a path into an
    item is located at the row and the column that hold it; messages name the column."""

    __slots__ = ("_by_path", "table")

    def __init__(self, table: Table, head: dict[str, Any]) -> None:
        super().__init__(table.path, {**head, "items": CsvItems(table)})
        self.table = table
        self._by_path: dict[tuple[str | int, ...], Column] = {
            c.path: c for c in table.columns if c.path
        }

    def assessors(self) -> list[str]:
        """The assessors named by ``CRITERION.ASSESSOR`` columns, in order of appearance."""
        return list(dict.fromkeys(c.path[2] for c in self.table.columns if len(c.path) == 3))

    def _column(self, index: int, rest: tuple[str | int, ...]) -> Column | None:
        """The column holding ``rest`` of item ``index`` (or its nearest parent); for a
        mapping spread over several columns (scores, one criterion's assessors), the
        first of them whose cell in that row is empty, else the first of them."""
        probe = rest
        while probe:
            found = self._by_path.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        group = [c for c in self.table.columns if c.path[: len(rest)] == rest and rest]
        cells = self.table.cells(index) if group else []
        return next(
            (c for c in group if not cells[c.position].strip()), group[0] if group else None
        )

    def _locate(self, loc: tuple[str | int, ...]) -> tuple[int | None, int | None, str | None]:
        """(row, column, header) of a path; the header is None when no column holds it."""
        if len(loc) < 2 or loc[0] != "items" or not isinstance(loc[1], int):
            return None, None, None
        index = loc[1]
        if not 0 <= index < len(self.table.numbers):
            return None, None, None
        row = self.table.numbers[index]
        column = self._column(index, loc[2:])
        if column is not None:
            return row, column.position + 1, column.header
        first = self._by_path.get(("id",))
        return row, 1 if first is None else first.position + 1, None

    def mark(
        self, loc: tuple[str | int, ...], *, key: bool = False
    ) -> tuple[int | None, int | None]:
        """The row and column of the cell that holds ``loc`` (a key is its value's cell)."""
        row, col, _ = self._locate(loc)
        return row, col

    def problem(
        self, loc: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False
    ) -> Problem:
        """A problem at the cell that holds ``loc``, naming the column's header."""
        row, col, header = self._locate(loc)
        if header is not None:
            message = f"{message} (column '{header}')"
        return Problem(self.path, row, col, message, hint)

    def missing(self, loc: tuple[str | int, ...], name: str) -> Problem:
        """A required field is empty: the cell is located, the hint says what it needs."""
        return self.problem((*loc, name), f"'{name}' is empty", "every item needs one")

    def item_name(self, index: int) -> str:
        """Items are referred to by their row."""
        return f"row {self.table.numbers[index]}"

    def column_problems(
        self, framework: Framework, assessors: list[str], *, allow_missing: bool
    ) -> list[Problem]:
        """The header against the framework: every column names a field, a criterion, a
        criterion's assessor or a criterion's rationale; id, name and kind are there, and
        every criterion has its columns (unless missing scores are allowed); no row fills
        both ``X`` and ``X.NL``. A misspelt column is reported once, as unknown with a
        did-you-mean, not again as the missing column it was meant to be."""
        criteria = {c.id: c for c in framework.criteria}
        valid = [*FIELDS, *criteria, *(f"rationale.{c}" for c in criteria)]
        valid += [f"{c.id}.{a}" for c in framework.criteria if c.per_assessor for a in assessors]
        problems: list[Problem] = []
        typos: set[str] = set()
        for column in self.table.columns:
            found = self._column_problem(column, criteria, assessors, valid, framework.id)
            if found is not None:
                problems.append(found)
                typos |= {t for t in (closest(column.header, valid),) if t}
        headers = {c.header for c in self.table.columns}
        problems += [
            Problem(self.path, 1, 1, f"missing column '{name}'", "every item needs one")
            for name in REQUIRED
            if name not in headers and name not in typos
        ]
        if not allow_missing:
            problems += self._missing_columns(framework, assessors, headers | typos)
        return problems or self._double_scores()

    def _column_problem(
        self,
        column: Column,
        criteria: dict[str, Criterion],
        assessors: list[str],
        valid: list[str],
        framework_id: str,
    ) -> Problem | None:
        at = (self.path, 1, column.position + 1)
        criterion = column.path[1] if len(column.path) > 1 and column.path[0] != "cost" else ""
        if column.kind == "blank":
            return None
        if column.kind == "unknown" or (criterion and criterion not in criteria):
            return Problem(
                *at,
                f"unknown column '{column.header}': not an item field, nor a criterion of"
                f" framework '{framework_id}'",
                did_you_mean(column.header, valid),
            )
        if column.kind == "score" and len(column.path) == 2 and criteria[criterion].per_assessor:
            shown = ", ".join(f"{criterion}.{a}" for a in assessors[:3] or ["NL"])
            return Problem(
                *at,
                f"'{criterion}' is scored per assessor",
                f"give one column per assessor: {shown}",
            )
        if len(column.path) == 3 and assessors and column.path[2] not in assessors:
            return Problem(
                *at,
                f"unknown assessor '{column.path[2]}' in column '{column.header}'",
                did_you_mean(column.path[2], assessors),
            )
        return None

    def _missing_columns(
        self, framework: Framework, assessors: list[str], headers: set[str]
    ) -> list[Problem]:
        """A criterion without its column (or one of its assessors' columns)."""
        problems = []
        for criterion in framework.criteria:
            if criterion.per_assessor:
                absent = [f"{criterion.id}.{a}" for a in assessors]
                absent = [name for name in absent if name not in headers]
            else:
                prefix = f"{criterion.id}."
                found = criterion.id in headers or any(h.startswith(prefix) for h in headers)
                absent = [] if found else [criterion.id]
            if absent:
                names = ", ".join(f"'{name}'" for name in absent)
                problems.append(
                    Problem(
                        self.path,
                        1,
                        1,
                        f"missing column{'s' if len(absent) > 1 else ''} {names} for criterion"
                        f" '{criterion.id}' of framework '{framework.id}'",
                        "add it, or run with --allow-missing to score the missing scores as the"
                        " scale's worst level",
                    )
                )
        return problems

    def _double_scores(self) -> list[Problem]:
        """A row may give a criterion one score or scores per assessor, not both."""
        single = {
            c.path[1]: c for c in self.table.columns if len(c.path) == 2 and c.kind == "score"
        }
        both = [
            (single[c.path[1]], c)
            for c in self.table.columns
            if len(c.path) == 3 and c.path[1] in single
        ]
        problems: list[Problem] = []
        if not both:
            return problems
        for row, cells in zip(self.table.numbers, self.table.records(), strict=True):
            for whole, part in both:
                if cells[whole.position].strip() and cells[part.position].strip():
                    problems.append(
                        Problem(
                            self.path,
                            row,
                            part.position + 1,
                            f"both '{whole.header}' and '{part.header}' are filled in",
                            "give one score, or one per assessor",
                        )
                    )
        return problems


class ItemsFromDocument(Document):
    """A portfolio file whose ``items_from`` names a CSV file: paths into the items are
    located in the CSV, every other path in the portfolio file."""

    __slots__ = ("items", "portfolio")

    def __init__(self, portfolio: Document, items: CsvDocument) -> None:
        data = {k: v for k, v in portfolio.data.items() if k != "items_from"}
        super().__init__(portfolio.path, {**data, "items": items.data["items"]})
        self.portfolio = portfolio
        self.items = items
        self.inputs = portfolio.inputs + items.inputs

    def _source(self, loc: tuple[str | int, ...]) -> tuple[Document, tuple[str | int, ...]]:
        if loc[:1] == ("items",):
            if len(loc) > 1:
                return self.items, loc
            return self.portfolio, ("items_from",)
        return self.portfolio, loc

    def mark(
        self, loc: tuple[str | int, ...], *, key: bool = False
    ) -> tuple[int | None, int | None]:
        """The position in whichever file holds ``loc``."""
        document, where = self._source(loc)
        return document.mark(where, key=key)

    def problem(
        self, loc: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False
    ) -> Problem:
        """A problem in whichever file holds ``loc``."""
        document, where = self._source(loc)
        return document.problem(where, message, hint, key=key)

    def missing(self, loc: tuple[str | int, ...], name: str) -> Problem:
        """An absent required key, in whichever file should hold it."""
        document, where = self._source(loc)
        return document.missing(where, name)

    def item_name(self, index: int) -> str:
        """Items are referred to by their CSV row."""
        return self.items.item_name(index)
