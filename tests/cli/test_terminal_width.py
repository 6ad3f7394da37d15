"""The terminal's tables fit 80 and 120 columns: names shortened, ids and bars whole,
columns left out with a note; --wide keeps them all; pipes get the full width."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
import yaml

from afweging.cli import terminal
from tests.helpers import EXAMPLE, ROOT, Run

GOLDEN = ROOT / "tests" / "corpus" / "golden" / "terminal"
IDS = [item["id"] for item in yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["items"]]

VIEWS: dict[str, list[str]] = {
    "rank": ["rank", str(EXAMPLE)],
    "explain": ["explain", str(EXAMPLE), "ambulance"],
    "review": ["review", str(EXAMPLE)],
    "robustness": ["robustness", str(EXAMPLE), "--samples", "300"],
    "select": ["select", str(EXAMPLE)],
    "decide": ["decide", str(EXAMPLE), "--samples", "300"],
}


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the commands draw their tables as on a terminal (rich, fitted)."""
    monkeypatch.setattr(terminal, "is_terminal", lambda: True)


def broken_ids(output: str) -> list[str]:
    """Ids of the example shortened with an ellipsis (a cell of one word, or the last of a
    list of ids, that is the start of an id), or split over two lines (a line ends with
    the start of an id and the next line begins with the rest)."""
    found = []
    lines = output.splitlines()
    for number, line in enumerate(lines):
        cells = [cell.strip() for cell in re.split(r" {2,}", line)]
        for cell in cells:
            # the cut word: the whole cell, or the last of a list of ids
            core = cell[:-1].rpartition(", ")[2]
            if cell.endswith("…") and core and " " not in core:
                found += [i for i in IDS if i.startswith(core) and i != core]
        words = line.split()
        following = lines[number + 1].split() if number + 1 < len(lines) else []
        if words and following:
            found += [i for i in IDS if words[-1] + following[0] in (i, f"({i})", f"({i}),")]
    return sorted(set(found))


@pytest.mark.usefixtures("on_a_terminal")
@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_the_table_fits_the_terminal(
    cli: Callable[..., Run], view: str, lang: str, width: int
) -> None:
    """At the width of the terminal: the golden output, no line too long, no id broken."""
    run = cli(*VIEWS[view], "--lang", lang, env={"COLUMNS": str(width)})
    assert run.exit_code in (0, 4), run.stderr
    golden = GOLDEN / f"{view}.{lang}.{width}.txt"
    if os.environ.get("AFWEGING_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.stdout, encoding="utf-8")
    assert run.stdout == golden.read_text(encoding="utf-8")
    assert max(len(line) for line in run.stdout.splitlines()) <= width
    assert broken_ids(run.stdout) == []


@pytest.mark.usefixtures("on_a_terminal")
def test_wide_keeps_every_column(cli: Callable[..., Run]) -> None:
    """--wide shows every column at full width, and no note of columns left out."""
    narrow = cli("rank", EXAMPLE, "--lang", "en", env={"COLUMNS": "80"})
    wide = cli("rank", EXAMPLE, "--lang", "en", "--wide", env={"COLUMNS": "80"})
    assert "Not shown, too wide for the window: kind, cluster, gates, flags" in narrow.stdout
    assert "Not shown" not in wide.stdout
    assert "Pilot Benelux-waterstof- en energiecorridor" in wide.stdout


def test_a_pipe_gets_the_full_width(cli: Callable[..., Run]) -> None:
    """Output that is not a terminal keeps every column and every name whole."""
    run = cli("rank", EXAMPLE, "--lang", "en", env={"COLUMNS": "80"})
    assert "Grensoverschrijdende uitwisseling van ambulance- en patiëntgegevens" in run.stdout
    assert "…" not in run.stdout
    assert "Not shown" not in run.stdout


def test_the_rule_for_broken_ids() -> None:
    """An id cut with an ellipsis or at a line end counts as broken; a whole one does not."""
    assert broken_ids("  ambulance-gegevens  x\n") == []
    assert broken_ids("  ambulance-geg…\n") == ["ambulance-gegevens"]
    assert broken_ids("  1.00   waterstofcorridor, grensoverschrijdend-best…\n") == [
        "grensoverschrijdend-bestuur"
    ]
    assert broken_ids("x politie-verbindings\nofficieren y") == ["politie-verbindingsofficieren"]
    assert broken_ids("Pilot Benelux-waterstof- en energie…   55,0") == []


def column(output: str, header: str, gap: int) -> list[list[str]]:
    """The cells of a left-aligned column of the table headed by ``header``, each as its
    lines. A cell ends where ``gap`` spaces begin (the space between two columns: 2 in
    plain text, at least 3 in a terminal's table)."""
    lines = output.splitlines()
    top = next(n for n, line in enumerate(lines) if re.search(rf"(^|  ){re.escape(header)}", line))
    start = lines[top].index(header)
    cells: list[list[str]] = []
    for line in lines[top + 1 :]:
        if not line.strip():
            break
        if set(line) <= {"─"}:  # the terminal's rule under the header
            continue
        rest = line[start:]  # left-aligned: a cell on this line begins right at ``start``
        part = "" if rest.startswith(" ") else re.split(f" {{{gap},}}", rest.rstrip())[0]
        if not line.startswith(" "):  # a row begins with its first (left-aligned) cell
            cells.append([part])
        elif part:
            cells[-1].append(part)
    return cells


@pytest.mark.parametrize(
    ("view", "header"),
    [
        (["select", str(EXAMPLE), "--budget", "2000000"], "what would bring it in"),
        (["decide", str(EXAMPLE), "--samples", "300"], "verdict"),
        (["decide", str(EXAMPLE), "--samples", "300"], "reason"),
        (["robustness", str(EXAMPLE), "--samples", "300"], "order unchanged"),
    ],
)
def test_sentences_wrap_whole_on_a_narrow_terminal(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, view: list[str], header: str
) -> None:
    """At 80 columns a column of sentences (what would bring an item in, a verdict, its
    reason) is wrapped at spaces, never cut: word for word what a pipe gets."""
    piped = cli(*view, "--lang", "en", env={"COLUMNS": "80"})
    monkeypatch.setattr(terminal, "is_terminal", lambda: True)
    narrow = cli(*view, "--lang", "en", env={"COLUMNS": "80"})
    assert narrow.exit_code == piped.exit_code == 0, narrow.stderr
    whole = [" ".join(lines) for lines in column(piped.stdout, header, 2)]
    wrapped = column(narrow.stdout, header, 3)
    assert len(whole) >= 4
    assert any(len(lines) > 1 for lines in wrapped)
    assert [" ".join(lines) for lines in wrapped] == whole
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
