"""Spreadsheet tables: one sheet per table, numbers as numbers, text as text; excel-nl CSV."""

from __future__ import annotations

import io

import openpyxl
import pytest

from afweging.render.xlsx import column_kinds, excel_nl, tables_xlsx

TABLE = (
    "rank,id,name,total,viable,note\n"
    "1,a,'=SUM(A1),55.0,true,x\n"
    "2,007,Plain,43.333333333333336,false,\n"
    ',b,"Two, lines\nhere",1e-05,true,12\n'
)


def test_columns_are_typed_by_their_filled_cells() -> None:
    """A column of numbers is numbers, of true/false booleans; id and name are always text."""
    rows = [r.split(",") for r in ("rank,id,name,t,ok,mixed", "1,7,8,0.5,true,x", ",9,1,2,false,3")]
    assert column_kinds(rows) == ["number", "text", "text", "number", "boolean", "text"]


def test_a_workbook_holds_numbers_as_numbers_and_text_as_text() -> None:
    """Numbers are numeric cells, guarded text loses its apostrophe and is no formula."""
    book = openpyxl.load_workbook(
        io.BytesIO(tables_xlsx([("ranking", TABLE), ("other", "x\n1\n")]))
    )
    assert book.sheetnames == ["ranking", "other"]
    sheet = book["ranking"]
    assert [c.value for c in sheet[1]] == ["rank", "id", "name", "total", "viable", "note"]
    assert [c.value for c in sheet[2]] == [1, "a", "=SUM(A1)", 55.0, True, "x"]
    assert sheet["C2"].data_type == "s"
    assert sheet["B3"].value == "007"
    assert sheet["D3"].value == pytest.approx(43.333333333333336, abs=1e-12)
    assert sheet["A4"].value is None
    assert sheet["C4"].value == "Two, lines\nhere"
    assert sheet["F4"].value == "12"  # the column also holds text
    assert all(c.number_format == "General" for row in sheet.iter_rows() for c in row)


def test_excel_nl_has_a_bom_semicolons_and_decimal_commas() -> None:
    """excel-nl: BOM, ';', CRLF, decimal commas in the number columns only."""
    text = excel_nl(TABLE)
    assert text.startswith("\ufeffrank;id;name;total;viable;note\r\n")
    assert "1;a;'=SUM(A1);55,0;true;x\r\n" in text
    assert "2;007;Plain;43,333333333333336;false;\r\n" in text
