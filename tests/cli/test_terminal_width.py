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
    """Ids of the example shortened with an ellipsis (a cell of one word that is the
    start of an id), or split over two lines (a line ends with the start of an id and
    the next line begins with the rest)."""
    found = []
    lines = output.splitlines()
    for number, line in enumerate(lines):
        cells = [cell.strip() for cell in re.split(r" {2,}", line)]
        for cell in cells:
            core = cell[:-1]
            if cell.endswith("…") and " " not in core:
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
    assert broken_ids("x politie-verbindings\nofficieren y") == ["politie-verbindingsofficieren"]
    assert broken_ids("Pilot Benelux-waterstof- en energie…   55,0") == []
