"""Excel workbooks as item sources: read as the CSV layout, problems named by their cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from afweging.errors import Problem
from afweging.sources.xlsx import as_csv, cell_name, cell_text, relocate
from tests.helpers import EXAMPLE, Run


def _export(cli: Callable[..., Run]) -> list[list[str]]:
    run = cli("export", EXAMPLE, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    return list(csv.reader(io.StringIO(run.stdout)))


def _workbook(path: Path, rows: list[list[object]], title: str = "Items") -> Path:
    book = openpyxl.Workbook()
    sheet = book.worksheets[0]
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _typed(header: str, cell: str) -> object:
    """A cell as a person keeps it in Excel: numbers as numbers, dates as dates."""
    if not cell:
        return None
    if header in ("cost.eur", "cost.fte"):
        return float(cell)
    if header in ("established", "last_result"):
        return int(cell)
    if header == "mandate_end":
        return dt.date.fromisoformat(cell)
    return cell


def _rank(cli: Callable[..., Run], path: Path) -> dict[str, object]:
    run = cli("rank", path, "--as-of", "2012-11-01", "--format", "json")
    assert run.exit_code == 0, run.stderr
    document: dict[str, object] = json.loads(run.stdout)
    for key in ("inputs", "portfolio", "source", "title"):
        document.pop(key, None)
    return document


def test_a_workbook_ranks_as_the_same_csv(cli: Callable[..., Run], tmp_path: Path) -> None:
    """The example's items in a workbook (typed cells) rank exactly as the same items in CSV."""
    rows = _export(cli)
    (tmp_path / "items.csv").write_text(
        "".join(",".join(f'"{c}"' for c in row) + "\n" for row in rows), encoding="utf-8"
    )
    typed = [rows[0], *([_typed(h, c) for h, c in zip(rows[0], row, strict=True)]
                        for row in rows[1:])]  # fmt: skip
    _workbook(tmp_path / "items.xlsx", typed)
    assert _rank(cli, tmp_path / "items.xlsx") == _rank(cli, tmp_path / "items.csv")


def test_problems_are_named_by_sheet_and_cell(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every problem of a workbook is reported as file.xlsx:Sheet!CELL, all at once."""
    rows: list[list[object]] = [list(r) for r in _export(cli)]
    rows[0][11] = "grensbarriere"
    rows[3][2] = "werkgroep-x"
    monkeypatch.chdir(tmp_path)
    _workbook(tmp_path / "items.xlsx", rows, "Blad 1")
    run = cli("rank", "items.xlsx")
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith("items.xlsx:Blad 1!L1: unknown column 'grensbarriere'")
    assert len(lines) == 1
    rows[0][11] = "grensbarrieres"
    _workbook(tmp_path / "items.xlsx", rows, "Blad 1")
    run = cli("rank", "items.xlsx")
    assert run.exit_code == 1
    assert run.stderr.startswith("items.xlsx:Blad 1!C4: 'werkgroep-x' is not one of")


def test_items_from_a_workbook(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A YAML portfolio's items_from may name a workbook; its problems are named by cell."""
    rows: list[list[object]] = [list(r) for r in _export(cli)]
    monkeypatch.chdir(tmp_path)
    _workbook(tmp_path / "items.xlsx", rows)
    (tmp_path / "portfolio.yaml").write_text(
        "version: 1\nframework: benelux\ntitle: Werkmap\nas_of: 2012-11-01\n"
        "assessors: [NL, BE, LU]\nitems_from: items.xlsx\n",
        encoding="utf-8",
    )
    ranked = cli("rank", "portfolio.yaml", "--format", "json")
    assert ranked.exit_code == 0, ranked.stderr
    assert len(json.loads(ranked.stdout)["items"]) == len(rows) - 1
    rows[2][11] = "++++"
    _workbook(tmp_path / "items.xlsx", rows)
    run = cli("rank", "portfolio.yaml")
    assert run.exit_code == 1
    assert run.stderr.startswith("items.xlsx:Items!L3: ")


def test_cells_become_the_text_a_csv_holds() -> None:
    """Numbers without exponent or '.0', dates as ISO dates, booleans in words."""
    assert [cell_text(v) for v in (700000.0, 0.25, 3, dt.date(2014, 12, 31), True, None)] == [
        "700000", "0.25", "3", "2014-12-31", "true", "",
    ]  # fmt: skip
    assert cell_text(dt.datetime(2014, 12, 31)) == "2014-12-31"


def test_rows_keep_their_numbers() -> None:
    """Blank rows and short rows stay in place, so row and column numbers are the sheet's."""
    text = as_csv([["id", "name"], [], ["a"]]).decode()
    assert text.split("\r\n")[:3] == ["id,name", ",", "a,"]


def test_cell_names_and_relocation() -> None:
    """Row and column numbers become spreadsheet cell names; other files' problems stay."""
    assert [cell_name(7, 3), cell_name(1, 27), cell_name(2, 52)] == ["C7", "AA1", "AZ2"]
    problems = [Problem("a.xlsx", 7, 3, "bad", "fix"), Problem("b.yaml", 2, 1, "x")]
    assert [p.format() for p in relocate(problems, "a.xlsx", "Items")] == [
        "a.xlsx:Items!C7: bad — fix",
        "b.yaml:2:1: x",
    ]
