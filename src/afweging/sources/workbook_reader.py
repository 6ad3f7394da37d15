"""Returned scoring workbooks read back: an assessor's levels and rationales, or every
problem at its cell (``file.xlsx:Sheet!C7``): a value past the dropdown, a row for an
unknown item, a deleted or renamed column or sheet, a formula or a date in a score
cell, a workbook for an assessor the portfolio does not list. The layout is
``sources.workbook``'s; openpyxl is imported inside ``read_workbook``.
"""

import datetime as dt
import io
import re
from typing import Any, NamedTuple

from afweging.errors import UNSAFE_CHARACTERS, Problem
from afweging.models import Framework, Portfolio, Scale, closest, show_raw
from afweging.sources.workbook import (
    FIRST_ROW,
    GIVEN_ROW,
    INSTRUCTIONS,
    META,
    SCORES,
    column_letter,
    score_columns,
)


class Workbook(NamedTuple):
    """What one returned workbook says: the assessor's levels by (item id, criterion id),
    and the rationales the assessor changed (from what the workbook was given); a blank
    cell is no entry (no opinion, nothing changes)."""

    path: str
    assessor: str
    assessor_cell: str
    scores: dict[tuple[str, str], str]
    rationales: dict[tuple[str, str], str]


def where(path: str, sheet: str, cell: str) -> str:
    """How a problem names a cell: ``file.xlsx:Sheet!C7``."""
    return f"{path}:{sheet}!{cell}"


def _problem(path: str, sheet: str, cell: str, message: str, hint: str = "") -> Problem:
    return Problem(where(path, sheet, cell), None, None, message, hint)


def read_workbook(
    raw: bytes, path: str, portfolio: Portfolio, framework: Framework
) -> tuple[Workbook | None, list[Problem]]:
    """A returned workbook's scores, or the problems that keep it from being merged."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        return None, [
            Problem(
                path,
                None,
                None,
                f"this is not an .xlsx workbook ({reason})",
                "save it from Excel or LibreOffice as an Excel workbook (.xlsx)",
            )
        ]
    problems: list[Problem] = []
    assessor, assessor_cell = _assessor(book, path, portfolio, problems)
    if SCORES not in book.sheetnames:
        others = [n for n in book.sheetnames if n != META and n not in INSTRUCTIONS.values()]
        hint = f"rename '{others[0]}' back to '{SCORES}'" if others else "use the workbook"
        problems.append(
            _problem(
                path,
                SCORES,
                "A1",
                f"the sheet '{SCORES}' is missing",
                hint + " as afweging sheets wrote it",
            )
        )
        return None, problems
    scores, rationales = _read_scores(book[SCORES], path, portfolio, framework, problems)
    if problems or assessor is None:
        return None, problems
    given = _given(book[META])
    rationales = {key: note for key, note in rationales.items() if note != given.get(key)}
    return Workbook(path, assessor, assessor_cell, scores, rationales), problems


def _given(sheet: Any) -> dict[tuple[str, str], str]:
    """The rationales the workbook was given, by (item id, criterion id)."""
    given = {}
    for item_id, criterion_id, note in sheet.iter_rows(
        min_row=GIVEN_ROW, max_col=3, values_only=True
    ):
        if item_id is not None and criterion_id is not None:
            given[(str(item_id), str(criterion_id))] = "" if note is None else str(note).strip()
    return given


def _assessor(
    book: Any, path: str, portfolio: Portfolio, problems: list[Problem]
) -> tuple[str | None, str]:
    if META not in book.sheetnames:
        problems.append(
            _problem(
                path,
                META,
                "B2",
                f"the hidden sheet '{META}', which names the assessor, is missing",
                "use the workbook as afweging sheets wrote it",
            )
        )
        return None, "B2"
    sheet = book[META]
    for row in range(1, 10):
        if sheet.cell(row=row, column=1).value == "assessor":
            cell = f"B{row}"
            value = sheet.cell(row=row, column=2).value
            name = "" if value is None else str(value).strip()
            if name not in portfolio.assessors:
                listed = ", ".join(portfolio.assessors) or "none"
                problems.append(
                    _problem(
                        path,
                        META,
                        cell,
                        f"the workbook is for assessor '{name}', whom the portfolio does not"
                        f" list (it lists: {listed})",
                        "add the assessor to the portfolio's assessors, or leave this workbook out",
                    )
                )
                return None, cell
            return name, cell
    problems.append(
        _problem(
            path,
            META,
            "A2",
            "the sheet does not name the assessor",
            "use the workbook as afweging sheets wrote it",
        )
    )
    return None, "B2"


def _read_scores(
    sheet: Any, path: str, portfolio: Portfolio, framework: Framework, problems: list[Problem]
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    title = sheet.title
    at = _header(sheet, path, framework, problems)
    if "id" not in at:
        return {}, {}
    items = {item.id for item in portfolio.items}
    scores: dict[tuple[str, str], str] = {}
    rationales: dict[tuple[str, str], str] = {}
    seen: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        cells = {cell.column: cell for cell in row if hasattr(cell, "column")}
        item_id = _row_item(cells, at["id"], items, seen, path, title, problems)
        if item_id is None:
            continue
        for criterion in framework.criteria:
            score_cell = cells.get(at.get(criterion.id, -1))
            if score_cell is not None:
                scale = framework.scale_of(criterion)
                level = _score(score_cell, scale, path, title, problems)
                if level is not None:
                    scores[(item_id, criterion.id)] = level
            rationale_cell = cells.get(at.get(f"rationale.{criterion.id}", -1))
            if rationale_cell is not None:
                note = _rationale(rationale_cell, path, title, problems)
                if note:
                    rationales[(item_id, criterion.id)] = note
    return scores, rationales


def _header(sheet: Any, path: str, framework: Framework, problems: list[Problem]) -> dict[str, int]:
    """The column number of each header name; a problem for each unknown or missing one."""
    expected = score_columns(framework)
    header = [_header_text(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1), ())]
    at: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name and name not in at:
            at[name] = index
    missing = [n for n in expected if n not in at]
    renamed: set[str] = set()
    for index, name in enumerate(header, start=1):
        if not name or name in expected:
            continue
        ref = f"{column_letter(index)}1"
        close = closest(name, [n for n in missing if n not in renamed])
        if close is not None:
            renamed.add(close)
            problems.append(
                _problem(
                    path,
                    sheet.title,
                    ref,
                    f"the column '{close}' is renamed '{name}'",
                    f"put the header '{close}' back, as afweging sheets wrote it",
                )
            )
        else:
            problems.append(
                _problem(
                    path,
                    sheet.title,
                    ref,
                    f"unknown column '{name}'",
                    "remove the column; only the columns afweging sheets wrote are read",
                )
            )
    for index, name in enumerate(expected, start=1):
        if name in missing and name not in renamed:
            problems.append(
                _problem(
                    path,
                    sheet.title,
                    f"{column_letter(index)}1",
                    f"the column '{name}' is missing (deleted or renamed)",
                    f"put the column '{name}' back, as afweging sheets wrote it",
                )
            )
    return at


def _row_item(
    cells: dict[int, Any],
    id_col: int,
    items: set[str],
    seen: dict[str, int],
    path: str,
    title: str,
    problems: list[Problem],
) -> str | None:
    """The item a row scores; None (and a problem, unless the row is blank) if none."""
    id_cell = cells.get(id_col)
    item_id = "" if id_cell is None or id_cell.value is None else str(id_cell.value).strip()
    number = next(iter(cells.values())).row if cells else 0
    ref = f"{column_letter(id_col)}{number}"
    if not item_id:
        if any(_filled(c) for c in cells.values()):
            problems.append(
                _problem(
                    path,
                    title,
                    ref,
                    "a row with values but no item id",
                    "rows cannot be added; score the items that are listed",
                )
            )
        return None
    if item_id not in items:
        problems.append(
            _problem(
                path,
                title,
                ref,
                f"unknown item '{item_id}': the portfolio has no item with this id",
                _item_hint(item_id, sorted(items)),
            )
        )
        return None
    if item_id in seen:
        problems.append(
            _problem(
                path,
                title,
                ref,
                f"item '{item_id}' has a second row (also row {seen[item_id]})",
                "keep one row per item",
            )
        )
        return None
    seen[item_id] = number
    return item_id


def _header_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _filled(cell: Any) -> bool:
    value = cell.value
    return value is not None and not (isinstance(value, str) and not value.strip())


def _item_hint(item_id: str, ids: list[str]) -> str:
    close = closest(item_id, ids)
    if close:
        return f"did you mean '{close}'? ids cannot be changed in the workbook"
    return "rows cannot be added in the workbook; add the item to the portfolio first"


def _is_formula(cell: Any) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


def _score(cell: Any, scale: Scale, path: str, title: str, problems: list[Problem]) -> str | None:
    """The level symbol in a score cell, None if blank; a problem if it is no level."""
    value = cell.value
    ref = cell.coordinate
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    choose = f"choose one of: {scale.symbols()}"
    if _is_formula(cell):
        problems.append(
            _problem(
                path,
                title,
                ref,
                "a formula in a score cell",
                f"type or choose the level itself — {choose}",
            )
        )
        return None
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        problems.append(
            _problem(
                path,
                title,
                ref,
                "a date in a score cell (the spreadsheet read what was typed as a date)",
                f"clear the cell and choose the level from the list — {choose}",
            )
        )
        return None
    if isinstance(value, bool):
        level = None
    elif isinstance(value, int | float):
        # a number the spreadsheet made of a typed symbol: 0 for "0"
        level = next((lv for lv in scale.levels if lv.symbol == show_raw(float(value))), None)
    else:
        level = scale.resolve(str(value))
    if level is None:
        shown = show_raw(value) if isinstance(value, int | float) else str(value)
        problems.append(
            _problem(path, title, ref, f"'{shown}' is not a level of the scale", choose)
        )
        return None
    return level.symbol


_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")


def _rationale(cell: Any, path: str, title: str, problems: list[Problem]) -> str | None:
    value = cell.value
    if value is None:
        return None
    if _is_formula(cell):
        problems.append(
            _problem(
                path,
                title,
                cell.coordinate,
                "a formula in a rationale cell",
                "write the rationale as text",
            )
        )
        return None
    if isinstance(value, dt.date | dt.time):
        shown = value.isoformat()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        shown = show_raw(float(value))
    else:
        shown = str(value)
    shown = shown.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _UNSAFE.search(shown):
        problems.append(
            _problem(
                path,
                title,
                cell.coordinate,
                "the rationale holds a control or format character",
                "retype the text without it",
            )
        )
        return None
    return shown or None
