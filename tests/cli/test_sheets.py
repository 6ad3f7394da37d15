"""``sheets`` and ``merge``: workbooks written per assessor, filled in, and merged back."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml

from afweging.sources.loading import load_framework
from tests.helpers import EXAMPLE, Run

Fill = Callable[[openpyxl.Workbook], None]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the example portfolio, made the current one."""
    shutil.copy(EXAMPLE, tmp_path / "benelux.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sheets(cli: Callable[..., Run], *args: str) -> None:
    run = cli("sheets", "benelux.yaml", "-o", "wb", *args)
    assert run.exit_code == 0, run.stderr


def _fill(path: Path, change: Fill) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def _column(book: openpyxl.Workbook, name: str) -> str:
    """The letter of the Scores sheet's column headed ``name``."""
    for cell in book["Scores"][1]:
        if cell.value == name:
            return str(cell.column_letter)
    raise KeyError(name)


def _row(book: openpyxl.Workbook, item: str) -> int:
    for cell in book["Scores"]["A"]:
        if cell.value == item:
            return int(cell.row)
    raise KeyError(item)


def _set(book: openpyxl.Workbook, item: str, column: str, value: object) -> None:
    book["Scores"][f"{_column(book, column)}{_row(book, item)}"] = value


def test_sheets_writes_a_workbook_per_assessor(cli: Callable[..., Run], folder: Path) -> None:
    """One workbook per assessor: dropdowns of the levels, notes, protection, pre-filled scores."""
    run = cli("sheets", "benelux.yaml", "-o", "wb", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in (folder / "wb").iterdir()) == [
        "benelux.BE.xlsx",
        "benelux.LU.xlsx",
        "benelux.NL.xlsx",
    ]
    book = openpyxl.load_workbook(folder / "wb" / "benelux.BE.xlsx")
    assert book.sheetnames == ["Scores", "Instructions", "afweging"]
    assert book["afweging"].sheet_state == "hidden"
    sheet = book["Scores"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["id", "name", "grensbarrieres", "rationale.grensbarrieres"]
    assert len(header) == 2 + 2 * 10
    assert sheet.max_row == 1 + 13
    lists = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert lists['"0,+,++,+++"'].startswith("C2:C14 E2:E14")
    assert lists['"geen,beperkt,voldoende"'] == "Q2:Q14"
    criterion = next(c for c in load_framework("benelux")[0].criteria if c.id == "grensbarrieres")
    assert criterion.question.en in sheet["C1"].comment.text
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked
    assert sheet["B2"].protection.locked
    assert not sheet["C2"].protection.locked
    assert not sheet["D2"].protection.locked
    # BE's own support for the diploma initiative, not NL's
    assert sheet[f"Q{_row(book, 'diploma-erkenning')}"].value == "geen"
    assert sheet["C2"].value == "+"
    assert book["Instructions"]["A1"].value == "Score sheet of BE"


def test_sheets_for_some_assessors_and_items(cli: Callable[..., Run], folder: Path) -> None:
    """--assessor and --item narrow the workbooks to those assessors and rows; nl instructions."""
    _sheets(cli, "--assessor", "LU", "--item", "ambulance", "--item", "jeugdbeleid", "--lang", "nl")
    (only,) = (folder / "wb").iterdir()
    book = openpyxl.load_workbook(only)
    assert only.name == "benelux.LU.xlsx"
    assert [c.value for c in book["Scores"]["A"]][1:] == ["jeugdbeleid", "ambulance"]
    assert book["Toelichting"]["A1"].value == "Scoreblad van LU"


def test_sheets_refuses_an_unknown_assessor(cli: Callable[..., Run], folder: Path) -> None:
    """An assessor the portfolio does not list is a usage error, and nothing is written."""
    run = cli("sheets", "benelux.yaml", "-o", "wb", "--assessor", "DE")
    assert run.exit_code == 2
    assert "--assessor DE: not an assessor of the portfolio" in run.stderr
    assert not (folder / "wb").exists()


def test_fill_in_and_merge_write(cli: Callable[..., Run], folder: Path) -> None:
    """Filled-in workbooks merge into exactly the expected per-assessor scores and rationales,
    and every other byte of the portfolio stays."""
    _sheets(cli)
    before = (folder / "benelux.yaml").read_text(encoding="utf-8")

    def nl(book: openpyxl.Workbook) -> None:
        _set(book, "energieforum", "grensbarrieres", "++")
        _set(book, "energieforum", "rationale.grensbarrieres", "NL: de grensbarrière is groter.")
        _set(book, "jeugdbeleid", "draagvlak", "beperkt")

    def be(book: openpyxl.Workbook) -> None:
        _set(book, "energieforum", "grensbarrieres", "+++")

    _fill(folder / "wb" / "benelux.NL.xlsx", nl)
    _fill(folder / "wb" / "benelux.BE.xlsx", be)
    run = cli("merge", "benelux.yaml", *sorted(str(p) for p in (folder / "wb").iterdir()),
              "--write", "--lang", "en")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert "energieforum  grensbarrieres  BE" in run.stdout
    after = (folder / "benelux.yaml").read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-      grensbarrieres: "+"',
        '+      grensbarrieres: {NL: "++", BE: "+++", LU: "+"}',
        '-      grensbarrieres: "IOB tabel 1: + (kolom gereconstrueerd)."',
        '+      grensbarrieres: "NL: de grensbarrière is groter."',
        "-      draagvlak: {NL: voldoende, BE: voldoende, LU: beperkt}",
        "+      draagvlak: {NL: beperkt, BE: voldoende, LU: beperkt}",
    ]
    assert len(after.splitlines()) == len(before.splitlines())
    data = yaml.safe_load(after)
    energy = next(i for i in data["items"] if i["id"] == "energieforum")
    assert energy["scores"]["grensbarrieres"] == {"NL": "++", "BE": "+++", "LU": "+"}
    # merging the same workbooks again changes nothing
    again = cli("merge", "benelux.yaml", *sorted(str(p) for p in (folder / "wb").iterdir()),
                "--write", "--lang", "en")  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert "The workbooks change no score." in again.stdout
    assert (folder / "benelux.yaml").read_text(encoding="utf-8") == after


def test_merge_to_a_new_file_leaves_the_portfolio(cli: Callable[..., Run], folder: Path) -> None:
    """-o writes the merged portfolio to a new file; the portfolio itself is unchanged."""
    _sheets(cli, "--assessor", "LU")
    _fill(
        folder / "wb" / "benelux.LU.xlsx",
        lambda book: _set(book, "veterinair", "kennis", "+++"),
    )
    before = (folder / "benelux.yaml").read_bytes()
    run = cli("merge", "benelux.yaml", "wb/benelux.LU.xlsx", "-o", "merged.yaml")
    assert run.exit_code == 0, run.stderr
    assert (folder / "benelux.yaml").read_bytes() == before
    merged = yaml.safe_load((folder / "merged.yaml").read_text(encoding="utf-8"))
    vet = next(i for i in merged["items"] if i["id"] == "veterinair")
    assert vet["scores"]["kennis"] == {"NL": "++", "BE": "++", "LU": "+++"}


def _unknown_row(book: openpyxl.Workbook) -> None:
    book["Scores"]["A15"] = "nieuw-item"
    book["Scores"]["C15"] = "+"


def _rename_sheet(book: openpyxl.Workbook) -> None:
    book["Scores"].title = "Blad1"


def _assessor(book: openpyxl.Workbook) -> None:
    book["afweging"]["B2"] = "DE"


ERRORS: dict[str, tuple[Fill, str]] = {
    "past the dropdown": (
        lambda book: _set(book, "energieforum", "kennis", "++++"),
        (
            "wb/benelux.NL.xlsx:Scores!G2: '++++' is not a level of the scale"
            " — choose one of: 0, +, ++, +++"
        ),
    ),
    "unknown item": (
        _unknown_row,
        (
            "wb/benelux.NL.xlsx:Scores!A15: unknown item 'nieuw-item': the portfolio has no item"
            " with this id — rows cannot be added in the workbook; add the item to the portfolio"
            " first"
        ),
    ),
    "deleted column": (
        lambda book: book["Scores"].delete_cols(5),
        (
            "wb/benelux.NL.xlsx:Scores!E1: the column 'schaalvoordelen' is missing (deleted or"
            " renamed) — put the column 'schaalvoordelen' back, as afweging sheets wrote it"
        ),
    ),
    "renamed column": (
        lambda book: book["Scores"].cell(row=1, column=7, value="kenis"),
        (
            "wb/benelux.NL.xlsx:Scores!G1: the column 'kennis' is renamed 'kenis' — put the header"
            " 'kennis' back, as afweging sheets wrote it"
        ),
    ),
    "renamed sheet": (
        _rename_sheet,
        (
            "wb/benelux.NL.xlsx:Scores!A1: the sheet 'Scores' is missing — rename 'Blad1' back to"
            " 'Scores' as afweging sheets wrote it"
        ),
    ),
    "formula": (
        lambda book: _set(book, "energieforum", "kennis", '=IF(1,"++","+")'),
        (
            "wb/benelux.NL.xlsx:Scores!G2: a formula in a score cell — type or choose the level"
            " itself — choose one of: 0, +, ++, +++"
        ),
    ),
    "date": (
        lambda book: _set(book, "energieforum", "kennis", dt.datetime(2024, 2, 1)),
        (
            "wb/benelux.NL.xlsx:Scores!G2: a date in a score cell (the spreadsheet read what was"
            " typed as a date) — clear the cell and choose the level from the list — choose one"
            " of: 0, +, ++, +++"
        ),
    ),
    "unknown assessor": (
        _assessor,
        (
            "wb/benelux.NL.xlsx:afweging!B2: the workbook is for assessor 'DE', whom the portfolio"
            " does not list (it lists: NL, BE, LU) — add the assessor to the portfolio's assessors,"
            " or leave this workbook out"
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_error_is_one_line_at_its_cell(
    cli: Callable[..., Run], folder: Path, case: str
) -> None:
    """Each kind of damage gives exactly its file.xlsx:Sheet!CELL line, exit 1, no change."""
    change, line = ERRORS[case]
    _sheets(cli, "--assessor", "NL")
    _fill(folder / "wb" / "benelux.NL.xlsx", change)
    before = (folder / "benelux.yaml").read_bytes()
    run = cli("merge", "benelux.yaml", "wb/benelux.NL.xlsx", "--write")
    assert (run.exit_code, run.stderr.splitlines()) == (1, [line])
    assert run.stdout == ""
    assert (folder / "benelux.yaml").read_bytes() == before


def test_every_problem_of_every_workbook_at_once(cli: Callable[..., Run], folder: Path) -> None:
    """Problems in several workbooks, and two workbooks for one assessor, are all reported."""
    _sheets(cli)
    shutil.copy(folder / "wb" / "benelux.BE.xlsx", folder / "wb" / "copy.BE.xlsx")
    _fill(folder / "wb" / "benelux.NL.xlsx", lambda b: _set(b, "jeugdbeleid", "kennis", "veel"))
    _fill(folder / "wb" / "benelux.LU.xlsx", lambda b: _set(b, "ambulance", "netwerk", "=1+1"))
    before = (folder / "benelux.yaml").read_bytes()
    run = cli("merge", "benelux.yaml", "wb/benelux.NL.xlsx", "wb/benelux.LU.xlsx",
              "wb/benelux.BE.xlsx", "wb/copy.BE.xlsx", "--write")  # fmt: skip
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("wb/benelux.NL.xlsx:Scores!G")
    assert "'veel' is not a level of the scale" in lines[0]
    assert lines[1].startswith("wb/benelux.LU.xlsx:Scores!I")
    assert "a formula in a score cell" in lines[1]
    assert lines[2] == (
        "wb/copy.BE.xlsx:afweging!B2: a second workbook for assessor 'BE'"
        " (also wb/benelux.BE.xlsx) — merge one workbook per assessor"
    )
    assert (folder / "benelux.yaml").read_bytes() == before


def test_merge_reports_the_spread_rule(cli: Callable[..., Run], folder: Path) -> None:
    """Levels two or more apart (the framework's assessor-spread rule) are listed to discuss."""
    _sheets(cli)
    _fill(folder / "wb" / "benelux.NL.xlsx", lambda b: _set(b, "grensarbeid", "kennis", "0"))
    _fill(folder / "wb" / "benelux.BE.xlsx", lambda b: _set(b, "grensarbeid", "kennis", "+++"))
    run = cli("merge", "benelux.yaml", "wb/benelux.NL.xlsx", "wb/benelux.BE.xlsx", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "Scores on which the assessors differ too much (discuss):" in run.stdout
    assert any(
        line.split()[:2] == ["grensarbeid", "kennis"] and line.rstrip().endswith("3")
        for line in run.stdout.splitlines()
    )
    assert "Nothing written" in run.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_a_workbook_saved_by_libreoffice_merges_the_same(
    cli: Callable[..., Run], folder: Path
) -> None:
    """A filled-in workbook converted by LibreOffice merges to the same portfolio."""
    _sheets(cli, "--assessor", "BE")
    _fill(
        folder / "wb" / "benelux.BE.xlsx",
        lambda b: (
            _set(b, "crisisbeheersing", "netwerk", "0"),
            _set(b, "crisisbeheersing", "rationale.netwerk", "BE: weinig netwerk."),
        ),
    )
    (folder / "lo").mkdir()
    subprocess.run(
        [shutil.which("soffice") or "soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo-profile",
         "--convert-to", "xlsx", "--outdir", "lo", "wb/benelux.BE.xlsx"],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    first = cli("merge", "benelux.yaml", "wb/benelux.BE.xlsx", "-o", "direct.yaml")
    second = cli("merge", "benelux.yaml", "lo/benelux.BE.xlsx", "-o", "libreoffice.yaml")
    assert first.exit_code == second.exit_code == 0, second.stderr
    assert (folder / "direct.yaml").read_bytes() == (folder / "libreoffice.yaml").read_bytes()
    assert (folder / "direct.yaml").read_bytes() != (folder / "benelux.yaml").read_bytes()
