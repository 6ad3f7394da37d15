# ruff: noqa: E501 — the expected messages are exact lines of output and read best unbroken
"""Items from CSV: real exports, located errors, ``items_from``, ``export`` and the round trip.

The two exports are written out byte for byte, as the programs save them: a Dutch Excel
("CSV UTF-8 (door komma's gescheiden)": BOM, semicolons, decimal commas, d-m-yyyy
dates, CRLF rows, a line break inside a cell as a bare LF, two empty columns and an
empty row left over from the sheet) and LibreOffice (commas, decimal points, ISO dates,
LF rows, no BOM). Both hold the same two items of the mini framework of ``conftest``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from afweging.errors import InputError
from afweging.models import Item, show_raw
from afweging.render.csv import guard, unguard
from afweging.sources.loading import load_portfolio
from afweging.sources.table import read_number, sniff_delimiter
from tests.helpers import MINI_FRAMEWORK, Run, cases, invoke

EXCEL_NL = (
    b"\xef\xbb\xbfid;name;kind;cluster;status;established;mandate_end;last_result;cost.eur;"
    b"cost.fte;participants;a;b;c;steun.NL;steun.BE;rationale.a;;\r\n"
    b"grens;Grensarbeid, fase 2;working-group;;active;2005;31-12-2014;2011;700000;1,5;NL BE;"
    b'+++;++;0;voldoende;voldoende;"Twee regels:\neerst overleg; dan besluit.";;\r\n'
    b'water;"Pilot ""waterstof""";initiative;;proposed;;;;250000,5;0,25;;++;+;+;voldoende;'
    b"beperkt;;;\r\n"
    b";;;;;;;;;;;;;;;;;;\r\n"
)
LIBREOFFICE = (
    b"id,name,kind,cluster,status,established,mandate_end,last_result,cost.eur,cost.fte,"
    b"participants,a,b,c,steun.NL,steun.BE,rationale.a\n"
    b'grens,"Grensarbeid, fase 2",working-group,,active,2005,2014-12-31,2011,700000,1.5,NL BE,'
    b'+++,++,0,voldoende,voldoende,"Twee regels:\neerst overleg; dan besluit."\n'
    b'water,"Pilot ""waterstof""",initiative,,proposed,,,,250000.5,0.25,,++,+,+,voldoende,'
    b"beperkt,\n"
)
AS_OF = dt.date(2026, 1, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the mini framework in it."""
    (tmp_path / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    return tmp_path


def _csv(folder: Path, data: bytes, name: str = "scores.csv") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _rank(folder: Path, path: Path, *args: str) -> Run:
    return invoke("rank", path, "--criteria", folder / "mini.yaml", *args)


# --------------------------------------------------------------------------- real exports


def test_a_windows_line_break_in_a_quoted_cell_is_one_line_break(folder: Path) -> None:
    """CRLF (or a lone CR) inside a quoted rationale cell reads as one \\n, as YAML reads a
    line break; a name cannot hold one (one line), and says so at its cell."""
    crlf = EXCEL_NL.replace(b"Twee regels:\neerst", b"Twee regels:\r\neerst")
    assert crlf != EXCEL_NL
    loaded = load_portfolio(_csv(folder, crlf, "crlf.csv"), str(folder / "mini.yaml"))
    assert loaded.portfolio.items[0].rationale == {"a": "Twee regels:\neerst overleg; dan besluit."}
    broken = crlf.replace(b";Grensarbeid, fase 2;", b';"Grensarbeid,\r\nfase 2";')
    assert broken != crlf
    with pytest.raises(InputError) as caught:
        load_portfolio(_csv(folder, broken, "naam.csv"), str(folder / "mini.yaml"))
    problem = "the text holds a line break at character 13 (column 'name')"
    hint = "write it on one line, without tabs"
    assert caught.value.lines() == [f"{folder / 'naam.csv'}:2:2: {problem} — {hint}"]


def test_a_dutch_excel_and_a_libreoffice_export_load_to_the_same_portfolio(folder: Path) -> None:
    """Semicolons, decimal commas, a BOM, d-m-yyyy dates and CRLF read as commas, decimal
    points and ISO dates do: the same items, down to the line break in a quoted cell."""
    excel = load_portfolio(
        _csv(folder, EXCEL_NL, "excel.csv"), str(folder / "mini.yaml"), as_of=AS_OF
    )
    office = load_portfolio(
        _csv(folder, LIBREOFFICE, "office.csv"), str(folder / "mini.yaml"), as_of=AS_OF
    )
    assert excel.portfolio.items == office.portfolio.items
    grens, water = excel.portfolio.items
    assert grens.name == "Grensarbeid, fase 2"
    assert grens.mandate_end == dt.date(2014, 12, 31)
    assert (grens.cost.eur, grens.cost.fte) == (700000.0, 1.5)
    assert grens.participants == ("NL", "BE")
    assert grens.scores == {
        "a": "+++",
        "b": "++",
        "c": "0",
        "steun": {"NL": "voldoende", "BE": "voldoende"},
    }
    assert grens.rationale == {"a": "Twee regels:\neerst overleg; dan besluit."}
    assert water.name == 'Pilot "waterstof"'
    assert (water.cost.eur, water.cost.fte, water.established) == (250000.5, 0.25, None)
    assert excel.portfolio.assessors == ("NL", "BE")
    assert excel.portfolio.title == "excel.csv"
    assert excel.portfolio.as_of == AS_OF


def test_a_csv_ranks_from_the_command_line(folder: Path) -> None:
    """``rank FILE.csv --criteria`` ranks the rows; the water item fails the support gate."""
    run = _rank(folder, _csv(folder, EXCEL_NL), "--format", "json", "--as-of", "2026-01-01")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert [(i["id"], i["rank"]) for i in document["items"]] == [("grens", 1), ("water", None)]
    assert document["portfolio"] == {
        "path": str(folder / "scores.csv"),
        "title": "scores.csv",
        "as_of": "2026-01-01",
    }


def test_check_reads_a_csv_file(folder: Path) -> None:
    """``check`` says how many rows a CSV holds (framework from --criteria)."""
    path = _csv(folder, LIBREOFFICE)
    run = invoke("check", path, "--criteria", folder / "mini.yaml")
    assert (run.exit_code, run.stdout) == (0, f"ok {path}: items, 2 rows, framework 'mini'\n")


def test_items_from_takes_the_rows_and_keeps_the_portfolio_fields(folder: Path) -> None:
    """A portfolio file with ``items_from`` keeps its title, date, assessors and limits."""
    _csv(folder, EXCEL_NL)
    text = (
        "version: 1\nframework: mini.yaml\ntitle: Uit Excel\nas_of: 2025-06-30\n"
        "assessors: [NL, BE]\nlimits: {budget_eur: 1000000}\nitems_from: scores.csv\n"
    )
    (folder / "portfolio.yaml").write_text(text, encoding="utf-8")
    loaded = load_portfolio(folder / "portfolio.yaml")
    assert loaded.portfolio.title == "Uit Excel"
    assert loaded.portfolio.as_of == dt.date(2025, 6, 30)
    assert loaded.portfolio.limits.budget_eur == 1000000
    assert [i.id for i in loaded.portfolio.items] == ["grens", "water"]


# --------------------------------------------------------------------------- located errors

HEADER = "id,name,kind,cluster,status,established,mandate_end,last_result,cost.eur,cost.fte,participants,a,b,c,steun.NL,steun.BE,rationale.a\n"
ROW = "grens,Grensarbeid,working-group,,active,2005,2014-12-31,2011,700000,1.5,NL BE,+++,++,0,voldoende,voldoende,\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEADER.replace(",a,", ",aa,") + ROW,
            [
                "scores.csv:1:12: unknown column 'aa': not an item field, nor a criterion of framework 'mini' — did you mean 'a'?"
            ],
            id="unknown-criterion-column",
        ),
        pytest.param(
            HEADER + ROW.replace("+++,++,", "+++,++++,"),
            [
                "scores.csv:2:13: '++++' is not a level of scale 'plus' (column 'b') — use one of: 0, +, ++, +++"
            ],
            id="bad-symbol",
        ),
        pytest.param(
            HEADER + ROW + ROW,
            [
                "scores.csv:3:1: duplicate item id 'grens' (also row 2) (column 'id') — give every item its own id"
            ],
            id="duplicate-id",
        ),
        pytest.param(
            HEADER.replace(",c,", ",") + ROW.replace(",0,", ","),
            [
                "scores.csv:1:1: missing column 'c' for criterion 'c' of framework 'mini' — add it, or run with --allow-missing to score the missing scores as the scale's worst level"
            ],
            id="missing-criterion-column",
        ),
        pytest.param(
            HEADER.replace("kind,", "") + ROW.replace("working-group,", ""),
            ["scores.csv:1:1: missing column 'kind' — every item needs one"],
            id="missing-field-column",
        ),
        pytest.param(
            HEADER
            + ROW.replace(",NL BE,", ",NL,BE,").replace("voldoende,\n", "voldoende,Uitleg\n"),
            [
                "scores.csv:2:18: the row has a value in column 18, after the last header (column 17) — a value holding the separator must be in quotes, or the header lacks a column"
            ],
            id="ragged-row-long",
        ),
        pytest.param(
            HEADER + ROW + "water,Water,initiative\n",
            [
                "scores.csv:3:4: the row ends after 3 cells; the header has 17 (column 'cluster' is missing) — a separator is missing, or a value holding one is not in quotes"
            ],
            id="ragged-row-short",
        ),
        pytest.param(
            HEADER + ROW.replace("700000", "veel"),
            ["scores.csv:2:9: expected a number, got the text 'veel' (column 'cost.eur')"],
            id="bad-number",
        ),
        pytest.param(
            HEADER + ROW.replace("Grensarbeid", ""),
            ["scores.csv:2:2: 'name' is empty (column 'name') — every item needs one"],
            id="empty-required-cell",
        ),
        pytest.param(
            HEADER + ROW.replace("2014-12-31", "12/31/2014"),
            [
                "scores.csv:2:7: '12/31/2014' is not a date (column 'mandate_end') — write it as YYYY-MM-DD, e.g. 2026-01-31"
            ],
            id="bad-date",
        ),
        pytest.param(
            HEADER + ROW.replace(",voldoende,", ",,", 1),
            [
                "scores.csv:2:15: item 'grens' has no score for 'steun' from NL (column 'steun.NL') — add it, or run with --allow-missing to score it as the scale's worst level"
            ],
            id="empty-score-cell",
        ),
        pytest.param(
            HEADER.replace("steun.NL,steun.BE", "steun,steun.BE") + ROW,
            [
                "scores.csv:1:15: 'steun' is scored per assessor — give one column per assessor: steun.BE"
            ],
            id="per-assessor-as-one-column",
        ),
        pytest.param(
            HEADER.replace("id,", "id,id,", 1) + ROW.replace("grens,", "grens,grens,", 1),
            ["scores.csv:1:2: duplicate column 'id' (also column 1) — keep one of them"],
            id="duplicate-column",
        ),
        pytest.param(
            HEADER + ROW.replace(",Grensarbeid,", ',"Grensarbeid,') + ROW,
            [
                "scores.csv:2:3: the row ends after 2 cells; the header has 17 (column 'kind' is missing) — a value in quotes is not closed, so the rows after it were read into it"
            ],
            id="unclosed-quote",
        ),
    ],
)
def test_csv_errors_name_the_row_the_column_and_its_header(
    folder: Path, text: str, expected: list[str]
) -> None:
    """Every CSV input error is one line at file.csv:ROW:COLUMN naming the header; exit 1."""
    run = _rank(folder, _csv(folder, text.encode("utf-8")))
    shown = str(folder / "scores.csv")
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr.replace(shown, "scores.csv").splitlines() == expected


def test_an_empty_column_without_a_header_is_skipped_until_it_holds_a_value(folder: Path) -> None:
    """A blank separator column (no header) is fine; a value in it is located and refused."""
    header = HEADER.replace(",cluster,", ",,cluster,")
    row = ROW.replace(",working-group,", ",working-group,,")
    assert _rank(folder, _csv(folder, (header + row).encode("utf-8"))).exit_code == 0
    run = _rank(
        folder,
        _csv(
            folder,
            (
                header
                + row
                + row.replace("working-group,,", "working-group,x,").replace("grens", "grens2")
            ).encode("utf-8"),
        ),
    )
    assert run.stderr.replace(str(folder / "scores.csv"), "scores.csv").splitlines() == [
        "scores.csv:3:4: a value in column 4, which has no header — name the column, or move the value"
    ]


def test_an_empty_csv_and_a_utf16_csv_are_refused(folder: Path) -> None:
    """An empty file and Excel's UTF-16 'Unicode text' are refused with a hint."""
    assert _rank(folder, _csv(folder, b"")).stderr.endswith(
        "scores.csv:1:1: the file is empty — the first row names the columns\n"
    )
    run = _rank(folder, _csv(folder, "id\n".encode("utf-16")))
    assert run.stderr.endswith(
        "scores.csv:1:1: the file is UTF-16 text — save it as 'CSV UTF-8' (comma or semicolon)\n"
    )


@pytest.mark.parametrize(
    ("csv_text", "title", "expected"),
    [
        pytest.param(
            HEADER + ROW.replace("700000", "veel"),
            "''",
            [
                "portfolio.yaml:3:8: the text is empty — write something or remove the key",
                "scores.csv:2:9: expected a number, got the text 'veel' (column 'cost.eur')",
            ],
            id="both-files",
        ),
        pytest.param(
            HEADER + ROW.replace("+++,++,", "+++,x,"),
            "T",
            [
                "scores.csv:2:13: 'x' is not a level of scale 'plus' (column 'b') — use one of: 0, +, ++, +++"
            ],
            id="bad-level",
        ),
        pytest.param(
            HEADER.replace("steun.BE", "steun.B") + ROW,
            "T",
            ["scores.csv:1:16: unknown assessor 'B' in column 'steun.B' — did you mean 'BE'?"],
            id="unlisted-assessor",
        ),
    ],
)
def test_items_from_errors_point_into_the_file_that_holds_the_problem(
    folder: Path, csv_text: str, title: str, expected: list[str]
) -> None:
    """A bad cell is located in the CSV, a bad portfolio field in the YAML file; the
    header is held to the assessors the YAML lists."""
    _csv(folder, csv_text.encode("utf-8"))
    text = f"version: 1\nframework: mini.yaml\ntitle: {title}\nas_of: 2026-01-01\nassessors: [NL, BE]\nitems_from: scores.csv\n"
    (folder / "portfolio.yaml").write_text(text, encoding="utf-8")
    run = invoke("rank", folder / "portfolio.yaml")
    assert run.exit_code == 1
    assert run.stderr.replace(str(folder) + "/", "").splitlines() == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "items_from: scores.csv\nitems: []\n",
            "portfolio.yaml:6:1: a portfolio has 'items' or 'items_from', not both — remove one of them",
        ),
        (
            "items_from: elders.csv\n",
            "portfolio.yaml:6:13: 'elders.csv' not found (looked for elders.csv) — the path is relative to the portfolio's folder",
        ),
        (
            "items_from: [scores.csv]\n",
            "portfolio.yaml:6:13: expected the name of a CSV file — e.g. items_from: scores.csv",
        ),
    ],
)
def test_items_from_must_name_one_existing_file(folder: Path, line: str, expected: str) -> None:
    """``items_from`` alone, naming a file that exists, relative to the portfolio."""
    _csv(folder, LIBREOFFICE)
    text = (
        "version: 1\nframework: mini.yaml\ntitle: T\nas_of: 2026-01-01\nassessors: [NL, BE]\n"
        + line
    )
    (folder / "portfolio.yaml").write_text(text, encoding="utf-8")
    run = invoke("check", folder / "portfolio.yaml")
    assert run.exit_code == 1
    assert run.stderr.replace(str(folder) + "/", "") == expected + "\n"


def test_score_save_refuses_a_csv_portfolio(folder: Path) -> None:
    """``score --save`` appends to YAML only; a CSV portfolio is left as it was."""
    path = _csv(folder, LIBREOFFICE)
    run = invoke(
        "score", path, "--criteria", folder / "mini.yaml", "--id", "nieuw", "--name", "Nieuw",
        "--set", "a=+", "--set", "b=+", "--set", "c=+", "--set", "steun.NL=voldoende",
        "--set", "steun.BE=voldoende", "--save", "--no-interactive",
    )  # fmt: skip
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-1] == (
        f"{path}: --save appends to a YAML portfolio, not to a CSV file — add the item as a row of the CSV file instead"
    )
    assert path.read_bytes() == LIBREOFFICE


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("700000", ".", 700000.0),
        ("0,25", ",", 0.25),
        ("0,25", ".", 0.25),
        ("1.5", ".", 1.5),
        ("700.000", ",", 700000.0),
        ("700.000", ".", 700.0),
        ("1.234.567,89", ",", 1234567.89),
        ("1,234,567.89", ".", 1234567.89),
        ("1 250,5", ",", 1250.5),
        (" 12 ", ".", 12.0),
        ("1,5e-05", ",", 1.5e-05),
        ("veel", ".", "veel"),
    ],
)
def test_numbers_take_a_decimal_point_or_comma(text: str, decimal: str, value: float | str) -> None:
    """Decimal commas and thousands separators; a lone separator before three digits is the
    file's thousands separator when its decimal mark is the other one."""
    assert read_number(text, decimal) == value


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("id;name;kind\n", ";"),
        ("id,name,kind\n", ","),
        ("id\tname\n", "\t"),
        ('"a;b",c\n', ","),
        ("id\n", ","),
    ],
)
def test_the_delimiter_is_the_one_the_header_uses(text: str, delimiter: str) -> None:
    """The header line decides: the most frequent of ; , and tab outside quotes."""
    assert sniff_delimiter(text) == delimiter


@settings(max_examples=300)
@given(st.text(min_size=1, max_size=20))
def test_the_formula_guard_is_undone_on_reading(text: str) -> None:
    """``unguard(guard(text)) == text`` for every text, and a guarded text never starts
    with a character a spreadsheet would take for a formula."""
    assert unguard(guard(text)) == text
    assert guard(text)[:1] not in ("=", "+", "-", "@")


# --------------------------------------------------------------------------- export


def test_export_writes_the_layout_to_stdout_and_to_a_file(folder: Path) -> None:
    """Standard CSV on stdout; with -o an atomic write, refused over a file without --force."""
    path = _csv(folder, EXCEL_NL, "in.csv")
    criteria = folder / "mini.yaml"
    run = invoke("export", path, "--criteria", criteria)
    assert run.exit_code == 0
    assert run.stdout.splitlines()[:2] == [
        "id,name,kind,cluster,status,established,mandate_end,last_result,cost.eur,cost.fte,participants,a,b,c,steun.NL,steun.BE,rationale.a",
        'grens,"Grensarbeid, fase 2",working-group,,active,2005,2014-12-31,2011,700000,1.5,NL BE,+++,++,0,voldoende,voldoende,"Twee regels:',
    ]
    out = folder / "out.csv"
    run = invoke("export", path, "--criteria", criteria, "-o", out, "--dialect", "excel-nl")
    assert (run.exit_code, run.stderr) == (0, f"2 items written to {out}\n")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid;name;kind;")
    assert b";1,5;NL BE;" in data
    again = invoke("export", path, "--criteria", criteria, "-o", out)
    assert (again.exit_code, again.stderr) == (
        1,
        f"{out}: the file exists; nothing was written — use --force to replace it\n",
    )
    assert invoke("export", path, "--criteria", criteria, "-o", out, "--force").exit_code == 0


def test_export_of_the_example_reads_back_through_items_from(tmp_path: Path) -> None:
    """The shipped example → CSV → a portfolio with items_from ranks exactly as before."""
    from tests.helpers import EXAMPLE

    out = tmp_path / "example.csv"
    assert invoke("export", EXAMPLE, "-o", out, "--dialect", "excel-nl").exit_code == 0
    header = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    header = {k: v for k, v in header.items() if k != "items"} | {"items_from": "example.csv"}
    (tmp_path / "portfolio.yaml").write_text(
        yaml.safe_dump(header, sort_keys=False), encoding="utf-8"
    )
    before = json.loads(invoke("rank", EXAMPLE, "--format", "json").stdout)
    after = json.loads(invoke("rank", tmp_path / "portfolio.yaml", "--format", "json").stdout)
    assert {k: v for k, v in after.items() if k != "portfolio"} == {
        k: v for k, v in before.items() if k != "portfolio"
    }


# --------------------------------------------------------------------------- round trip

LONG_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("aé ,;\"'=+-@\n\t€😀")),
        st.characters(categories=("L", "N", "P", "S", "Zs")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda t: not t.isspace())
"""Rationales: separators, quotes, line breaks and tabs, would-be formulas, emoji."""
TEXT = LONG_TEXT.filter(lambda t: "\n" not in t and "\t" not in t)
"""Names: the same on one line (a name holds no line break or tab)."""
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,8}", fullmatch=True)
# Amounts in cents at most: the reader refuses an amount with three decimals (250.000,
# 1.250), which a Dutch writer means as thousands.
AMOUNTS = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False).map(
        lambda amount: round(amount, 2)
    ),
)


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A case of ``test_properties`` (framework, items with symbols or per-assessor
    mappings) with every other item field drawn as well, and some scores written as
    numbers (the level's value) instead of symbols."""
    framework, portfolio = draw(cases())
    ids = [item["id"] for item in portfolio["items"]]
    criteria = [c["id"] for c in framework["criteria"]]
    for item in portfolio["items"]:
        item["name"] = draw(TEXT)
        item["status"] = draw(st.sampled_from(["active", "proposed"]))
        fields = {
            "cluster": IDS,
            "established": st.integers(1900, 2026),  # not after as_of (2026-01-01)
            "last_result": st.integers(1900, 2026),
            "mandate_end": st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(
                dt.date.isoformat
            ),
            "cost": st.fixed_dictionaries({"eur": AMOUNTS, "fte": AMOUNTS}),
            "participants": st.lists(IDS, max_size=3),
            "rationale": st.dictionaries(st.sampled_from(criteria), LONG_TEXT, max_size=3),
            "requires": st.lists(st.sampled_from(ids), max_size=2).map(
                lambda found, me=item["id"]: [i for i in found if i != me]
            ),
        }
        for key, strategy in fields.items():
            if draw(st.booleans()):
                item[key] = draw(strategy)
        _consistent_dates(item)
        for criterion in framework["criteria"]:
            score = item["scores"][criterion["id"]]
            if isinstance(score, str) and criterion["scale"] == "plus" and draw(st.booleans()):
                item["scores"][criterion["id"]] = ["0", "+", "++", "+++"].index(score)
    return framework, portfolio


def _consistent_dates(item: dict[str, Any]) -> None:
    """Dates that do not contradict each other (the reader refuses those): the last result
    and the mandate's end not before the item was established."""
    started = item.get("established")
    if started is None:
        return
    if item.get("last_result", started) < started:
        item["established"], item["last_result"] = item["last_result"], started
        started = item["established"]
    if "mandate_end" in item and int(item["mandate_end"][:4]) < started:
        item["mandate_end"] = f"{started}-12-31"


class _Quoted(yaml.SafeDumper):
    """Writes every string in double quotes: PyYAML resolves plain scalars by YAML 1.1
    and would leave ``1e5`` or ``0o7`` unquoted, which YAML 1.2 (afweging) reads as
    numbers."""


_Quoted.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Quoted, allow_unicode=True, sort_keys=False)


def _plain(item: Item) -> dict[str, Any]:
    """An item as data, scores as written (``2`` and ``2.0`` alike: a cell holds text)."""
    data = item.model_dump()
    data["scores"] = {
        c: {a: show_raw(v) for a, v in s.items()} if isinstance(s, dict) else show_raw(s)
        for c, s in item.scores.items()
    }
    return data


@settings(max_examples=300, deadline=None)
@given(case=portfolios(), dialect=st.sampled_from(["standard", "excel-nl"]))
def test_yaml_to_csv_to_yaml_keeps_every_item(
    case: tuple[dict[str, Any], dict[str, Any]], dialect: str
) -> None:
    """A portfolio written as YAML, exported to CSV (either dialect) and read back through
    ``items_from`` has the same items: every score, assessor value, rationale and field."""
    framework, portfolio = case
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "framework.yaml").write_text(_yaml(framework), encoding="utf-8")
        original = folder / "portfolio.yaml"
        original.write_text(_yaml(portfolio), encoding="utf-8")
        run = invoke("export", original, "-o", folder / "items.csv", "--dialect", dialect)
        assert run.exit_code == 0, run.stderr
        header = {k: v for k, v in portfolio.items() if k != "items"} | {"items_from": "items.csv"}
        (folder / "again.yaml").write_text(_yaml(header), encoding="utf-8")
        before = load_portfolio(original).portfolio
        after = load_portfolio(folder / "again.yaml").portfolio
    assert [_plain(i) for i in after.items] == [_plain(i) for i in before.items]
    assert after.model_copy(update={"items": ()}) == before.model_copy(update={"items": ()})


# --------------------------------------------------------------------------- large portfolios


def _many(folder: Path, count: int) -> Path:
    rows = [HEADER] + [
        ROW.replace("grens,Grensarbeid", f"g{i},Groep {i}").replace(
            "+++,++,0", ["0,0,0", "+,++,+++", "++,+,0"][i % 3]
        )
        for i in range(count)
    ]
    return _csv(folder, "".join(rows).encode("utf-8"), "many.csv")


def test_a_large_table_shows_fifty_rows_and_says_how_to_see_the_rest(folder: Path) -> None:
    """Beyond 50 items the table stops at 50 rows with a note; --all and --top show more."""
    path = _many(folder, 60)

    def rows(run: Run) -> int:
        return sum(1 for line in run.stdout.splitlines() if re.match(r"\s*(\d+|–)\s+g\d+ ", line))

    run = _rank(folder, path, "--lang", "en")
    assert (run.exit_code, rows(run)) == (0, 50)
    assert (
        "10 of 60 items not shown: the table shows 50; --top N shows ranks 1 to N, --all every"
        " item, --format json or csv gives all of them."
    ) in run.stdout.splitlines()
    assert rows(_rank(folder, path, "--all")) == 60
    assert rows(_rank(folder, path, "--top", "55")) == 60  # 60 tie at rank 1: a tie is kept whole
    assert len(json.loads(_rank(folder, path, "--format", "json").stdout)["items"]) == 60


def test_a_large_json_ranking_has_the_layout_of_a_small_one(folder: Path) -> None:
    """A ranking of many items is written as ``to_json(ranking_document(...))``, the one
    layout at every size; parsed, it is that document, items in ranking order."""
    from afweging.analysis.pipeline import analyse
    from afweging.render import data
    from afweging.render.json import to_json

    analysis = analyse(load_portfolio(_many(folder, 1_200), str(folder / "mini.yaml"), as_of=AS_OF))
    for lang in ("nl", "en"):
        text = data.ranking_json(analysis, lang, None)
        assert text == to_json(data.ranking_document(analysis, lang, None))
        assert [i["id"] for i in json.loads(text)["items"]] == [
            e.item.id for e in analysis.ranking.items
        ]
    assert data.ranking_json(analysis, "nl", 5) == to_json(data.ranking_document(analysis, "nl", 5))


def test_items_json_is_json_dumps_of_every_item_of_the_example() -> None:
    """Every item of the example's JSON ranking is its ``item_document`` (flags, gates,
    rationale), in the indented layout."""
    from afweging.analysis.pipeline import analyse
    from afweging.render.data import item_document, ranking_json
    from tests.helpers import EXAMPLE

    analysis = analyse(load_portfolio(EXAMPLE))
    for lang in ("nl", "en"):
        items = json.loads(ranking_json(analysis, lang, None))["items"]
        expected = [
            item_document(entry, analysis.review.flags.get(entry.item.id, ()), lang)
            for entry in analysis.ranking.items
        ]
        assert items == json.loads(json.dumps(expected))


def test_a_csv_rank_imports_no_heavy_library(folder: Path) -> None:
    """Ranking a CSV stays on the light start-up path (no numpy, jinja2, scipy)."""
    from tests.helpers import heavy_modules

    path = _csv(folder, LIBREOFFICE)
    code, heavy = heavy_modules("rank", str(path), "--criteria", str(folder / "mini.yaml"))
    assert (code, heavy) == (0, "")


def test_a_csv_over_the_size_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    """A CSV larger than the limit is refused before it is parsed."""
    import afweging.sources.csv

    monkeypatch.setattr(afweging.sources.csv, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="more than the limit of 100"):
        load_portfolio(_csv(folder, LIBREOFFICE), str(folder / "mini.yaml"))


def test_a_csv_file_with_four_problems_reports_all_four(tmp_path: Path) -> None:
    """Messages (issue #20): a level off the scale, a duplicate id, a year that is not a
    number and an unknown cluster, in four rows, are reported in one run, each at its
    cell, and nothing is written."""
    import csv
    import io

    from tests.helpers import EXAMPLE

    rows = list(csv.reader(io.StringIO(invoke("export", EXAMPLE).stdout)))
    header = rows[0]
    rows[1][header.index("grensbarrieres")] = "++++"
    rows[2][header.index("id")] = rows[1][header.index("id")]
    rows[3][header.index("established")] = "20x0"
    rows[4][header.index("cluster")] = "onbekend"
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    before = path.read_bytes()
    run = invoke("rank", path, "--criteria", "benelux")
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        (
            f"{path}:2:12: '++++' is not a level of scale 'plus' (column 'grensbarrieres')"
            " — use one of: 0, +, ++, +++"
        ),
        (
            f"{path}:3:1: duplicate item id 'energieforum' (also row 2) (column 'id')"
            " — give every item its own id"
        ),
        (
            f"{path}:4:6: expected a whole number, got the text '20x0' (column 'established')"
            " — write only the year, e.g. 2005"
        ),
        (
            f"{path}:5:4: unknown cluster 'onbekend' (column 'cluster') — expected one of:"
            " interne-markt, duurzame-ontwikkeling, justitie-binnenlandse-zaken"
        ),
    ]
    assert path.read_bytes() == before
