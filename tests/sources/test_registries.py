"""The input sources by suffix: every source has a reader, and every suffix is recognised
by ``check`` and by shell completion."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from afweging.sources.files import SOURCES
from afweging.sources.loading import READERS
from tests.helpers import EXAMPLE, invoke


def _csv_rows() -> list[list[str]]:
    run = invoke("export", str(EXAMPLE))
    assert run.exit_code == 0, run.stderr
    return list(csv.reader(io.StringIO(run.stdout)))


def _yaml(path: Path) -> Path:
    shutil.copy(EXAMPLE, path)
    return path


def _csv(path: Path) -> Path:
    run = invoke("export", str(EXAMPLE))
    path.write_text(run.stdout, encoding="utf-8")
    return path


def _xlsx(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in _csv_rows():
        sheet.append(row)
    book.save(path)
    return path


# A sample of the example's items in each source; a new source needs one here.
SAMPLES: dict[str, Callable[[Path], Path]] = {"yaml": _yaml, "csv": _csv, "xlsx": _xlsx}


def test_every_source_has_a_reader_and_a_sample() -> None:
    """Each source that ``SOURCES`` names by a suffix has a reader in ``READERS`` and a
    sample here, so the tests below cover it."""
    assert set(SOURCES.values()) <= set(READERS)
    assert set(SOURCES.values()) <= set(SAMPLES)


@pytest.mark.parametrize("suffix", sorted(SOURCES))
def test_check_recognises_every_suffix(suffix: str, tmp_path: Path) -> None:
    """``check`` reads a file of each suffix by its source and prints its 'ok' line."""
    path = SAMPLES[SOURCES[suffix]](tmp_path / f"portfolio{suffix}")
    run = invoke("check", str(path))
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith(f"ok {path}: ")
    assert "13 " in run.stdout


@pytest.mark.parametrize("suffix", sorted(SOURCES))
def test_completion_recognises_every_suffix(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Completing ``--must`` offers the item ids of a portfolio of each suffix named on
    the command line so far."""
    from afweging.cli.app import app
    from afweging.cli.options import complete_items

    path = SAMPLES[SOURCES[suffix]](tmp_path / f"portfolio{suffix}")
    monkeypatch.setenv("COMP_WORDS", f"afweging select {path} --must amb")
    ctx = typer.Context(typer.main.get_command(app))
    assert "ambulance" in complete_items(ctx, "amb")
