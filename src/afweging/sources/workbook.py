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

``sources.workbook_reader`` reads them back, every problem at its cell
(``file.xlsx:Sheet!C7``). openpyxl is imported inside the functions that need it.
"""

import io
from collections.abc import Sequence
from typing import Any

from afweging.i18n import Language, text
from afweging.models import Criterion, Framework, Item, Portfolio, Scale, show_raw

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
