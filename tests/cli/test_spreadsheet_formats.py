"""``--format xlsx`` and ``--dialect excel-nl`` for the tables of rank, review, select,
decide and export."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from afweging.cli.app import COMMANDS, app
from tests.helpers import EXAMPLE, Run

TABLES = {
    "rank": (["rank", str(EXAMPLE)], "ranking", "total"),
    "review": (["review", str(EXAMPLE)], "review", "total"),
    "select": (["select", str(EXAMPLE)], "selection", "total"),
    "decide": (["decide", str(EXAMPLE), "--samples", "200"], "decision", "total"),
}


def _bytes(*args: str) -> bytes:
    """Run the CLI in-process and return its stdout as bytes."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize("command", sorted(TABLES))
def test_format_xlsx_is_one_sheet_with_numbers_as_numbers(command: str) -> None:
    """The table as a workbook: its sheet named after the result, its totals numeric."""
    if command not in COMMANDS:
        pytest.skip(f"{command} is not registered yet")
    args, sheet_name, numeric = TABLES[command]
    csv_rows = _bytes(*args, "--format", "csv").decode().splitlines()
    book = openpyxl.load_workbook(io.BytesIO(_bytes(*args, "--format", "xlsx")))
    assert book.sheetnames == [sheet_name]
    sheet = book[sheet_name]
    header = [c.value for c in sheet[1]]
    assert header == csv_rows[0].split(",")
    assert sheet.max_row == len([r for r in csv_rows if r])
    column = header.index(numeric) + 1
    values = [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]
    assert all(isinstance(v, int | float) for v in values if v is not None)
    assert any(v is not None for v in values)


@pytest.mark.parametrize("command", sorted(TABLES))
def test_dialect_excel_nl(command: str) -> None:
    """--dialect excel-nl: a BOM, semicolons, decimal commas; the same rows as standard CSV."""
    if command not in COMMANDS:
        pytest.skip(f"{command} is not registered yet")
    args, _, _ = TABLES[command]
    standard = _bytes(*args, "--format", "csv").decode()
    dutch = _bytes(*args, "--format", "csv", "--dialect", "excel-nl").decode("utf-8")
    assert dutch.startswith("\ufeff")
    lines = dutch[1:].split("\r\n")
    assert lines[0] == standard.splitlines()[0].replace(",", ";")
    assert len([line for line in lines if line]) == len(standard.splitlines())
    if command in ("rank", "select"):
        assert any(";" in line and "," in line for line in lines[1:])


def test_export_xlsx_reads_back_as_the_same_portfolio(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """export --format xlsx writes a workbook that ranks as the portfolio it came from."""
    run = cli("export", EXAMPLE, "--format", "xlsx", "-o", tmp_path / "items.xlsx")
    assert run.exit_code == 0, run.stderr
    sheet = openpyxl.load_workbook(tmp_path / "items.xlsx")["items"]
    assert sheet["A1"].value == "id"
    assert isinstance(sheet.cell(row=2, column=9).value, int | float)  # cost.eur

    def ranked(path: Path, *extra: str) -> list[tuple[str, float]]:
        done = cli("rank", path, "--format", "json", *extra)
        assert done.exit_code == 0, done.stderr
        return [(i["id"], i["total"]) for i in json.loads(done.stdout)["items"]]

    assert ranked(tmp_path / "items.xlsx", "--as-of", "2012-11-01") == ranked(EXAMPLE)
