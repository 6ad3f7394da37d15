"""The one bounded reader: every input file the loader reads is recorded with its SHA-256,
so the memo's reproducibility block hashes each without reading it again."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from afweging.sources.files import MAX_BYTES, read_input
from afweging.sources.loading import load_portfolio
from tests.helpers import EXAMPLE, MINI_FRAMEWORK, invoke

CSV = (
    b"id,name,kind,a,b,c,steun.NL,steun.BE\n"
    b"grens,Grensarbeid,working-group,+++,++,0,voldoende,voldoende\n"
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_reader_returns_the_bytes_and_their_sha256(tmp_path: Path) -> None:
    """``read_input`` gives the file's bytes, the name it was given and their SHA-256."""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"version: 1\n")
    read = read_input(path, "shown.yaml")
    assert (read.name, read.data, read.sha256) == ("shown.yaml", b"version: 1\n", _sha(path))
    assert MAX_BYTES == 20 * 1024 * 1024


def _items_from_portfolio(folder: Path) -> Path:
    """A portfolio in ``folder`` whose framework and items (``items_from``) are files beside it."""
    (folder / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    (folder / "scores.csv").write_bytes(CSV)
    portfolio = folder / "portfolio.yaml"
    portfolio.write_text(
        "version: 1\nframework: mini.yaml\ntitle: T\nas_of: 2025-06-30\n"
        "assessors: [NL, BE]\nitems_from: scores.csv\n",
        encoding="utf-8",
    )
    return portfolio


def test_the_loader_records_portfolio_framework_and_items_from(tmp_path: Path) -> None:
    """A portfolio whose items come from a CSV file records all three files it read."""
    portfolio = _items_from_portfolio(tmp_path)
    loaded = load_portfolio(portfolio)
    assert loaded.inputs == (
        (str(portfolio), _sha(portfolio)),
        (str(tmp_path / "mini.yaml"), _sha(tmp_path / "mini.yaml")),
        (str(tmp_path / "scores.csv"), _sha(tmp_path / "scores.csv")),
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_memo_hashes_every_input_file(tmp_path: Path, lang: str) -> None:
    """The memo's reproducibility block names the SHA-256 of the items_from CSV too."""
    portfolio = _items_from_portfolio(tmp_path)
    run = invoke("memo", portfolio, "--samples", "200", "--lang", lang)
    assert run.exit_code == 0, run.stderr
    for path in (portfolio, tmp_path / "mini.yaml", tmp_path / "scores.csv"):
        assert f"`{_sha(path)}`" in run.stdout


def test_the_example_records_its_built_in_framework() -> None:
    """A built-in framework is recorded under the name the memo shows, ``built-in:ID``."""
    loaded = load_portfolio(EXAMPLE)
    assert [name for name, _ in loaded.inputs] == [str(EXAMPLE), "built-in:benelux"]
