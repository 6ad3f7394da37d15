"""Scoring workbooks: one .xlsx per assessor, written by ``sheets`` and read back by ``merge``.

A workbook has three sheets:

* ``Scores``: a header row ``id``, ``name``, then per criterion a score column named by
  the criterion's id (a dropdown of its scale's symbols, the criterion's label and
  scoring question as the header's note) and a rationale column ``rationale.CRITERION``
  (the CSV layout's names). A row per item, the scores the assessor has already filled
  in. The sheet is protected: only the score and rationale cells of the items can be
  changed, so ids cannot be broken and rows cannot be slipped in between by accident.
* ``Toelichting`` / ``Instructions``: how to fill it in, the criteria and the scales.
* ``afweging`` (hidden): which assessor, portfolio and framework the workbook is for.

Every assessor gets every criterion. For a per-assessor criterion the cell holds that
assessor's own score; for a shared one the score the portfolio holds (for this
assessor, when the portfolio already keeps it per assessor). ``merge`` builds the
per-assessor score from the workbooks (``sources.merging``).

``read_workbook`` reports every problem at its cell, as ``file.xlsx:Sheet!C7``.
openpyxl is imported inside the functions that need it.
"""

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from afweging.errors import UNSAFE_CHARACTERS, Problem
from afweging.i18n import Language, text
from afweging.models import Criterion, Framework, Item, Portfolio, Scale, closest, show_raw

FORMAT = 1
SCORES = "Scores"
META = "afweging"
INSTRUCTIONS: dict[Language, str] = {"nl": "Toelichting", "en": "Instructions"}
FIRST_ROW = 2
"""The first item row (row 1 is the header)."""
GIVEN_ROW = 11
"""The first row of the rationales a workbook was given, on its hidden sheet."""


def score_columns(framework: Framework) -> list[str]:
    """The Scores sheet's header: id, name, then each criterion and its rationale."""
    names = ["id", "name"]
    for criterion in framework.criteria:
        names += [criterion.id, f"rationale.{criterion.id}"]
    return names


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column number (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def current_symbol(item: Item, criterion: Criterion, scale: Scale, assessor: str) -> str | None:
    """The level symbol ``assessor`` has for ``item`` on ``criterion`` in the portfolio."""
    raw = item.scores.get(criterion.id)
    if isinstance(raw, dict):
        raw = raw.get(assessor)
    if raw is None:
        return None
    level = scale.resolve(raw)
    return level.symbol if level is not None else show_raw(raw)


def write_workbook(
    portfolio: Portfolio,
    framework: Framework,
    assessor: str,
    items: Sequence[Item],
    lang: Language,
    source: str,
) -> bytes:
    """The scoring workbook of ``assessor`` for ``items`` as .xlsx bytes; ``source`` is
    the portfolio's file name, recorded for the reader."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = SCORES
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    open_cell = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    columns = score_columns(framework)
    last_row = FIRST_ROW + len(items) - 1
    validations: dict[str, DataValidation] = {}  # one dropdown per scale
    for index, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=name)
        cell.font, cell.fill = bold, header_fill
    for row, item in enumerate(items, start=FIRST_ROW):
        sheet.cell(row=row, column=1, value=item.id)
        sheet.cell(row=row, column=2, value=item.name)
    for position, criterion in enumerate(framework.criteria):
        scale = framework.scale_of(criterion)
        score_col, rationale_col = 3 + 2 * position, 4 + 2 * position
        header = sheet.cell(row=1, column=score_col)
        header.comment = Comment(_note(criterion, scale, lang), "afweging", 220, 320)
        sheet.cell(row=1, column=rationale_col).comment = Comment(
            text("sheet_rationale_note", lang, criterion=criterion.label.get(lang)), "afweging"
        )
        for row, item in enumerate(items, start=FIRST_ROW):
            score = sheet.cell(row=row, column=score_col)
            score.value = current_symbol(item, criterion, scale, assessor)
            rationale = sheet.cell(row=row, column=rationale_col)
            rationale.value = item.rationale.get(criterion.id)
            score.protection = rationale.protection = open_cell
            score.number_format = rationale.number_format = "@"
            rationale.alignment = wrap
        if items:
            if criterion.scale not in validations:
                validations[criterion.scale] = DataValidation(
                    type="list",
                    formula1=_list_formula(scale),
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=text("sheet_invalid_title", lang),
                    error=text("sheet_invalid", lang, levels=scale.symbols()),
                )
                sheet.add_data_validation(validations[criterion.scale])
            letter = column_letter(score_col)
            validations[criterion.scale].add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
        sheet.column_dimensions[column_letter(score_col)].width = 14
        sheet.column_dimensions[column_letter(rationale_col)].width = 40
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 44
    sheet.freeze_panes = "C2"
    # Only the score and rationale cells can change; columns and rows can still be resized.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _instructions(book, portfolio, framework, assessor, lang)
    given = [
        (item.id, criterion_id, note)
        for item in items
        for criterion_id, note in item.rationale.items()
    ]
    _meta(book, assessor, source, framework, lang, given)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _note(criterion: Criterion, scale: Scale, lang: Language) -> str:
    levels = "\n".join(f"{lv.symbol} = {lv.label.get(lang)}" for lv in scale.levels)
    return f"{criterion.label.get(lang)}\n\n{criterion.question.get(lang)}\n\n{levels}"


def _list_formula(scale: Scale) -> str:
    """A dropdown's list: the symbols in quotes, each quote doubled, comma-separated.
    (A symbol holding a comma would split the list; the framework's symbols are checked
    for that by ``sheets`` before any workbook is written.)"""
    return '"' + ",".join(level.symbol.replace('"', '""') for level in scale.levels) + '"'


def unlistable_symbols(framework: Framework) -> list[str]:
    """Symbols a dropdown cannot offer (a comma splits Excel's list; 255 characters at most)."""
    found = [lv.symbol for s in framework.scales.values() for lv in s.levels if "," in lv.symbol]
    found += [
        name
        for name, scale in framework.scales.items()
        if len(_list_formula(scale)) > 257  # the two quotes do not count
    ]
    return found


def _instructions(
    book: Any, portfolio: Portfolio, framework: Framework, assessor: str, lang: Language
) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(INSTRUCTIONS[lang])
    bold, title = Font(bold=True), Font(bold=True, size=14)
    rows: list[tuple[Any, ...]] = [
        (text("sheet_title", lang, assessor=assessor),),
        (portfolio.title,),
        (f"{text('as_of', lang)}: {portfolio.as_of.isoformat()}",),
        (),
        *((text(f"sheet_step_{n}", lang),) for n in range(1, 7)),
        (),
        (
            text("criterion", lang),
            text("sheet_label", lang),
            text("sheet_question", lang),
            text("sheet_levels", lang),
        ),
    ]
    for criterion in framework.criteria:
        scale = framework.scale_of(criterion)
        levels = "; ".join(f"{lv.symbol} = {lv.label.get(lang)}" for lv in scale.levels)
        shared = "" if not criterion.per_assessor else " " + text("sheet_own_score", lang)
        rows.append(
            (
                criterion.id,
                criterion.label.get(lang) + shared,
                criterion.question.get(lang),
                levels,
            )
        )
    for values in rows:
        sheet.append(values)
    sheet["A1"].font = title
    header_row = 6 + 6
    for cell in sheet[header_row]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("A", 22), ("B", 30), ("C", 60), ("D", 40)):
        sheet.column_dimensions[letter].width = width
    sheet.protection.sheet = True


def _meta(
    book: Any,
    assessor: str,
    source: str,
    framework: Framework,
    lang: Language,
    given: list[tuple[str, str, str]],
) -> None:
    """The hidden sheet: what the workbook is for, and the rationales it was given (from
    row ``GIVEN_ROW``), so that merge takes only the rationales the assessor changed."""
    sheet = book.create_sheet(META)
    for key, value in (
        ("format", FORMAT),
        ("assessor", assessor),
        ("portfolio", source),
        ("framework", framework.id),
        ("lang", lang),
    ):
        sheet.append((key, value))
    for row, entry in enumerate(given, start=GIVEN_ROW):
        for column, value in enumerate(entry, start=1):
            sheet.cell(row=row, column=column, value=value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


# --------------------------------------------------------------------------- reading


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
