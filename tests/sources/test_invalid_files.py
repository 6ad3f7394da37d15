# ruff: noqa: E501 — the expected messages are exact lines of output and read best unbroken
"""The corpus of invalid files in ``tests/corpus/invalid``: one defect each, an exact message.

Every file holds exactly one defect, named on its first line (``# defect: ...``), and is
derived by hand from ``_valid_portfolio.yaml`` or ``_valid_framework.yaml`` so that line
numbers are stable. Each case asserts the full stderr (path, line, column, message and
hint), exit code 1, empty stdout and no traceback; a second test checks that every
expected line:column really points at the defect in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.invalid_cases import CASES, INVALID, POSITION, ROOT, SHOWN

# Files in tests/corpus/invalid that are not one CASES entry each (see the tests below).
SPECIAL = {"_valid_portfolio.yaml", "_valid_framework.yaml", "multi_two_defects.yaml"}


def _file(name: str) -> str:
    """The file a case runs on (a few cases run on a base file)."""
    return "_valid_framework.yaml" if name == "framework_as_portfolio" else name


def _location_params() -> list[Any]:
    """CASES as plain parameters: the expected positions are checked for every case."""
    return [pytest.param(*p.values, id=p.id) for p in CASES]


@pytest.mark.parametrize(("name", "command", "expected", "points_at"), CASES)
def test_invalid_file(
    name: str,
    command: str,
    expected: list[str],
    points_at: list[str | None],
    cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An invalid file gets exactly the expected stderr lines, exit 1, no stdout and no traceback."""
    monkeypatch.chdir(ROOT)
    run = cli(command, f"{SHOWN}/{_file(name)}")
    assert "Traceback" not in run.stdout + run.stderr
    assert run.exit_code == 1, run.stdout + run.stderr
    assert run.stdout == ""
    assert run.stderr.splitlines() == expected


def _text_at(path: Path, line: int, col: int) -> str:
    """The rest of line ``line`` from column ``col`` (both 1-based)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    lines = text.split("\n")
    assert 1 <= line <= len(lines), f"line {line} is beyond the end of {path.name}"
    assert 1 <= col <= len(lines[line - 1]) + 1, f"column {col} is beyond line {line}"
    return lines[line - 1][col - 1 :]


@pytest.mark.parametrize(("name", "command", "expected", "points_at"), _location_params())
def test_expected_position_points_at_the_defect(
    name: str, command: str, expected: list[str], points_at: list[str | None]
) -> None:
    """Every expected line:column names the place in the file where the defect stands."""
    assert command in {"check", "rank"}
    assert len(points_at) == len(expected)
    for line, text in zip(expected, points_at, strict=True):
        assert line.startswith(f"{SHOWN}/{_file(name)}:")
        match = POSITION.match(line)
        if text is None:  # the whole file: no position, or the start of the file
            assert match is None or (match["line"], match["col"]) == ("1", "1"), line
            continue
        assert match is not None, line
        found = _text_at(INVALID / _file(name), int(match["line"]), int(match["col"]))
        assert found.startswith(text), f"{line}\n  points at {found!r}, expected {text!r}"


def test_corpus_files_are_small_and_name_their_defect() -> None:
    """Every corpus file starts with a '# defect:' line, is at most 40 lines long and has a case."""
    names = {p.name for p in INVALID.glob("*.yaml")}
    covered = {_file(p.values[0]) for p in CASES} | SPECIAL
    assert names == covered
    for path in INVALID.glob("*.yaml"):
        raw = path.read_bytes()
        assert raw.startswith(b"# defect: "), path.name
        assert raw.count(b"\n") <= 40, path.name


def test_valid_bases_pass(cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The two base files the defects are derived from pass 'afweging check' with exit 0."""
    monkeypatch.chdir(ROOT)
    run = cli("check", f"{SHOWN}/_valid_portfolio.yaml", f"{SHOWN}/_valid_framework.yaml")
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [
        f"ok {SHOWN}/_valid_portfolio.yaml: portfolio, 1 item, framework 'benelux'",
        f"ok {SHOWN}/_valid_framework.yaml: framework 'klein', 3 criteria",
    ]


def test_check_reports_every_bad_file(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'afweging check' reports the problems of all bad files, still says ok for a good one, and exits 1."""
    monkeypatch.chdir(ROOT)
    run = cli(
        "check",
        f"{SHOWN}/bad_symbol.yaml",
        f"{SHOWN}/_valid_portfolio.yaml",
        f"{SHOWN}/fw_unknown_scale.yaml",
    )
    assert run.exit_code == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        f"ok {SHOWN}/_valid_portfolio.yaml: portfolio, 1 item, framework 'benelux'"
    ]
    assert run.stderr.splitlines() == [
        f"{SHOWN}/bad_symbol.yaml:18:15: '++++' is not a level of scale 'plus' — use one of: 0, +, ++, +++",
        f"{SHOWN}/fw_unknown_scale.yaml:23:12: unknown scale 'pluss' — did you mean 'plus'?",
    ]


def test_check_reports_both_defects_of_one_file(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two independent defects found against the framework in one file give one line each."""
    monkeypatch.chdir(ROOT)
    run = cli("check", f"{SHOWN}/multi_two_defects.yaml")
    assert (run.exit_code, run.stdout) == (1, "")
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        f"{SHOWN}/multi_two_defects.yaml:12:14: unknown cluster 'binnenland' — expected one of: interne-markt, duurzame-ontwikkeling, justitie-binnenlandse-zaken",
        f"{SHOWN}/multi_two_defects.yaml:18:15: '++++' is not a level of scale 'plus' — use one of: 0, +, ++, +++",
    ]
