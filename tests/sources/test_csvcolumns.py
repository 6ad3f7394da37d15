"""The fast lane for CSV items (``csvcolumns``) against the row-by-row validation.

The lane must never change what loading a file gives: the same models (value by value,
in the same order, with the same fields given) or the same error lines. The property
below draws tables cell by cell from valid and invalid values of every column, loads
each with and without the lane, and compares the outcomes.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from afweging.errors import InputError
from afweging.sources import csvcolumns
from afweging.sources.loading import load_framework, load_portfolio, read_csv_document
from tests.helpers import MINI_FRAMEWORK

CLUSTERED = MINI_FRAMEWORK.replace(
    "scales:", "clusters:\n  c1: {nl: C1, en: C1}\n  c2: {nl: C2, en: C2}\nscales:", 1
)

CELLS: dict[str, list[str]] = {
    "id": ["g1", "g2", "G1", " g3 ", "", "bad id!", "x" * 65],
    "name": [
        "Groep",
        " Groep ",
        "",
        "  ",
        "'=SUM(A1)",
        "''=x",
        "a\tb",
        "a\r\nb",
        "é😀",
        "\x1b",
        "n" * 501,
    ],
    "kind": ["initiative", "working-group", " project ", "", "projekt"],
    "cluster": ["", "c1", "c2", " c1 ", "c3", "bad!"],
    "status": ["", "active", "proposed", " active ", "actief"],
    "established": [
        "",
        "2005",
        " 2005 ",
        "+2005",
        "1899",
        "2201",
        "20x5",
        "2005.0",
        "-2005",
        "1e3",
    ],
    "mandate_end": ["", "2014-12-31", "31-12-2014", "1-2-2014", "2014-02-30", "20141231", "x"],
    "last_result": ["", "2011", "2200", "0", "two"],
    "cost.eur": [
        "",
        " ",
        "700000",
        "700.000",
        "1,5",
        "1.5",
        "1 000",
        "-5",
        "-0",
        "0",
        "veel",
        "1e20",
        "nan",
        "inf",
        "1_000",
    ],
    "cost.fte": ["", "0,25", "0.25", "2", "-0.0", "1e-3"],
    "participants": ["", "NL BE", "NL;BE", "NL, BE", "bad!", "LU"],
    "requires": ["", "g1", "g2", "G2", "g9", "g1 g2"],
    "excludes": ["", "g2", "g3"],
    "a": ["+", "++", " +++ ", "0", "3", "2.0", "1,5", "", "x", "++++", "  "],
    "b": ["+", "0", "++"],
    "c": ["+++", "1", "", "nee"],
    "steun": ["voldoende", ""],
    "steun.NL": ["voldoende", "beperkt", "geen", " 2 ", "", "x"],
    "steun.BE": ["voldoende", "beperkt", "1"],
    "steun.LU": ["geen", ""],
    "a.NL": ["+", "++", ""],
    "a.BE": ["0", "+++"],
    "rationale.a": ["", "  ", "tekst", "'=x", "a\r\nb", "tab\there", "\x1b", "r" * 5001],
    "rationale.b": ["", "andere tekst"],
}
"""Valid and invalid cells of each column (not all columns are in every table)."""

OPTIONAL = [
    "cluster", "status", "established", "mandate_end", "last_result", "cost.eur",
    "cost.fte", "participants", "requires", "excludes", "rationale.a", "rationale.b",
]  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (the required fields, some optional ones, the scores in one of the
    layouts, rarely an odd one) and rows drawn from ``CELLS``, mostly valid."""
    header = ["id", "name", "kind"]
    header += [name for name in OPTIONAL if draw(st.booleans())]
    header += ["a"] if draw(st.integers(0, 5)) else ["a.NL", "a.BE"]
    header += ["b", "c", "steun.NL", "steun.BE"]
    if not draw(st.integers(0, 9)):
        header.append(draw(st.sampled_from(["steun", "steun.LU"])))
    count = draw(st.integers(1, 6))
    # a third of the tables hold valid cells only (the first two of each column), a
    # third one odd cell among valid ones, a third any cells
    mode = draw(st.sampled_from(["valid", "one odd cell", "any"]))
    odd = (draw(st.integers(0, count - 1)), draw(st.sampled_from(header)))
    rows = []
    for index in range(count):
        row = []
        for name in header:
            options = CELLS[name]
            if mode == "any" or (mode == "one odd cell" and odd == (index, name)):
                if name == "id" and draw(st.integers(0, 3)):
                    options = [f"g{index + 1}"]
                row.append(draw(st.sampled_from(options)))
            elif name == "id":
                row.append(f"g{index + 1}")
            else:
                row.append(draw(st.sampled_from(options[:2] if name != "requires" else [""])))
        rows.append(row)
    return header, rows


def _csv_bytes(header: list[str], rows: list[list[str]], delimiter: str, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def _signature(value: Any) -> Any:
    """A model as nested data that tells apart what ``==`` does not: the order of
    mappings, int from float, -0.0 from 0.0, and the set of fields each model was given."""
    if isinstance(value, BaseModel):
        fields = [(name, _signature(v)) for name, v in value.__dict__.items()]
        return (type(value).__name__, fields, sorted(value.model_fields_set))
    if isinstance(value, dict):
        return ("dict", [(k, _signature(v)) for k, v in value.items()])
    if isinstance(value, tuple | list):
        return (type(value).__name__, [_signature(v) for v in value])
    return (type(value).__name__, repr(value))


def _outcome(path: Path, criteria: str | None, allow_missing: bool, *, lane: bool) -> Any:
    """What loading gives (the error lines, or the portfolio's signature, and whether
    the lane took the table), with or without the lane."""
    taken = []
    original = csvcolumns.checked_items

    def checked_items(*args: Any) -> Any:
        found = original(*args) if lane else None
        taken.append(found is not None)
        return found

    csvcolumns.checked_items = checked_items
    try:
        loaded = load_portfolio(path, criteria, allow_missing=allow_missing)
    except InputError as exc:
        return ("error", exc.lines()), False
    finally:
        csvcolumns.checked_items = original
    return ("loaded", _signature(loaded.portfolio), loaded.missing), any(taken)


@settings(max_examples=300, deadline=None)
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";"]),
    bom=st.booleans(),
    clustered=st.booleans(),
    through_yaml=st.booleans(),
    allow_missing=st.booleans(),
)
def test_the_lane_loads_every_table_as_the_rows_do(
    table: tuple[list[str], list[list[str]]],
    delimiter: str,
    bom: bool,
    clustered: bool,
    through_yaml: bool,
    allow_missing: bool,
) -> None:
    """Loaded with and without the lane, a table gives the same portfolio (value by
    value, in order, the same fields given) or the same error lines."""
    header, rows = table
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "mini.yaml").write_text(CLUSTERED if clustered else MINI_FRAMEWORK, "utf-8")
        (folder / "items.csv").write_bytes(_csv_bytes(header, rows, delimiter, bom))
        path, criteria = folder / "items.csv", str(folder / "mini.yaml")
        if through_yaml:
            (folder / "p.yaml").write_text(
                "version: 1\nframework: mini.yaml\ntitle: T\nas_of: 2026-01-01\n"
                "assessors: [NL, BE]\nitems_from: items.csv\n",
                "utf-8",
            )
            path, criteria = folder / "p.yaml", None
        fast, taken = _outcome(path, criteria, allow_missing, lane=True)
        slow, _ = _outcome(path, criteria, allow_missing, lane=False)
    event(f"{fast[0]}{', lane taken' if taken else ''}")
    assert fast == slow


GOOD = (
    "id,name,kind,cluster,cost.eur,cost.fte,requires,a,b,c,steun.NL,steun.BE,rationale.a\n"
    "g1,Een,initiative,c1,1000,0.5,,+,++,+++,voldoende,voldoende,\n"
    "g2,Twee,project,,,,g1,0,+,++,voldoende,beperkt,Waarom\n"
)


def _lane(tmp_path: Path, text: str, framework: str = CLUSTERED) -> Any:
    path = tmp_path / "items.csv"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "framework.yaml").write_text(framework, encoding="utf-8")
    doc = read_csv_document(path)
    loaded, _ = load_framework(str(tmp_path / "framework.yaml"))
    return csvcolumns.checked_items(doc.table, loaded, ["NL", "BE"])


def test_a_clean_table_takes_the_lane(tmp_path: Path) -> None:
    """A valid, complete table is loaded by the lane: its models, with the fields given."""
    items = _lane(tmp_path, GOOD)
    assert items is not None
    first, second = items
    assert (first.id, first.cluster, first.cost.eur, first.cost.fte) == ("g1", "c1", 1000.0, 0.5)
    assert first.scores == {
        "a": "+",
        "b": "++",
        "c": "+++",
        "steun": {"NL": "voldoende", "BE": "voldoende"},
    }
    assert first.model_fields_set == {"id", "name", "kind", "cluster", "cost", "scores"}
    assert second.model_fields_set == {"id", "name", "kind", "requires", "scores", "rationale"}
    assert (second.requires, second.rationale, second.cost.model_fields_set) == (
        ("g1",),
        {"a": "Waarom"},
        set(),
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("+,++,+++", ",++,+++", id="a missing score"),
        pytest.param("+,++,+++", "x,++,+++", id="not a level"),
        pytest.param("g2,Twee", "G1,Twee", id="ids differ only in case"),
        pytest.param(",c1,", ",c9,", id="unknown cluster"),
        pytest.param(",,g1,", ",,g7,", id="link to an unknown item"),
        pytest.param(",,g1,", ",,g2,", id="link to itself"),
        pytest.param("1000,0.5", "-0,0.5", id="minus zero"),
        pytest.param("1000,0.5", "-5,0.5", id="negative cost"),
        pytest.param("initiative", "initiatief", id="unknown kind"),
        pytest.param(",Waarom", ",\x1b", id="control character in a rationale"),
        pytest.param("steun.NL,steun.BE", "steun.NL,steun.LU", id="another assessor"),
        pytest.param("rationale.a\n", "rationale.x\n", id="rationale of an unknown criterion"),
        pytest.param("g1,Een", "g1,  ", id="a blank name"),
    ],
)
def test_the_lane_declines_what_the_rows_must_judge(tmp_path: Path, old: str, new: str) -> None:
    """Anything that is a problem (or may be one) leaves the table to the row-by-row path."""
    assert old in GOOD
    assert _lane(tmp_path, GOOD.replace(old, new, 1)) is None


@pytest.mark.parametrize(
    ("old", "new", "allow_missing"),
    [
        pytest.param("1000,0.5", "-0,0.5", False, id="minus zero"),
        pytest.param("+,++,+++", ",++,+++", True, id="a missing score, allowed"),
        pytest.param("g1,Een", " g1 ,Een", False, id="spaces around an id"),
        pytest.param("g1,Een", "g1,'=Een", False, id="a name with a formula guard"),
        pytest.param(",Waarom", ",'+Waarom", False, id="a rationale with a formula guard"),
        pytest.param(",Waarom", ',"Twee\r\nregels"', False, id="a Windows line break"),
    ],
)
def test_what_the_lane_declines_still_loads_when_it_is_valid(
    tmp_path: Path, old: str, new: str, allow_missing: bool
) -> None:
    """A table the lane declines, but which is valid, loads as the rows read it."""
    text = GOOD.replace(old, new, 1)
    (tmp_path / "mini.yaml").write_text(CLUSTERED, encoding="utf-8")
    (tmp_path / "items.csv").write_text(text, encoding="utf-8")
    path, criteria = tmp_path / "items.csv", str(tmp_path / "mini.yaml")
    fast, taken = _outcome(path, criteria, allow_missing, lane=True)
    assert (fast[0], taken) == ("loaded", False)
    assert fast == _outcome(path, criteria, allow_missing, lane=False)[0]
