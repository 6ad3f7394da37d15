"""init writes a working start; shell completion offers the portfolio's ids."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, ROOT, Run


def test_init_then_rank_in_an_empty_folder(cli: Callable[..., Run], tmp_path: Path) -> None:
    """init writes a framework copy, a starter portfolio and the schemas; rank then works."""
    run = cli("init", tmp_path)
    assert run.exit_code == 0, run.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "benelux.yaml", "framework.schema.json", "portfolio.schema.json", "portfolio.yaml",
    ]  # fmt: skip
    assert run.stdout.splitlines()[-4:] == [
        "next:",
        f"  afweging check {tmp_path / 'portfolio.yaml'}",
        f"  afweging rank {tmp_path / 'portfolio.yaml'}",
        f"  afweging score {tmp_path / 'portfolio.yaml'}    # add your first initiative",
    ]
    ranked = cli("rank", tmp_path / "portfolio.yaml")
    assert ranked.exit_code == 0, ranked.stderr
    assert "2 items: 2 gerangschikt, 0 halen een poort niet." in ranked.stdout
    assert cli("check", tmp_path / "portfolio.yaml", tmp_path / "benelux.yaml").exit_code == 0


def test_init_again_changes_nothing_and_says_so(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A second init writes nothing and names the files that are already there."""
    cli("init", tmp_path, "--lang", "en")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    run = cli("init", tmp_path)
    assert run.exit_code == 0
    assert run.stdout.startswith("nothing changed: ")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_starter_comments_follow_the_language(cli: Callable[..., Run], tmp_path: Path) -> None:
    """--lang en explains every field in English; the default (the framework's) is Dutch."""
    cli("init", tmp_path / "en", "--lang", "en")
    cli("init", tmp_path / "nl")
    assert "# unique id: letters, digits, - and _" in (
        tmp_path / "en" / "portfolio.yaml"
    ).read_text(encoding="utf-8")
    assert "# uniek id: letters, cijfers, - en _" in (tmp_path / "nl" / "portfolio.yaml").read_text(
        encoding="utf-8"
    )


def _complete(words: str, cword: int) -> list[str]:
    env = {**os.environ, "_AFWEGING_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(cword)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "afweging"], env=env, cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    return done.stdout.split()


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("afweging explain examples/benelux.yaml ambul", 3, ["ambulance", "ambulance-gegevens"]),
        ("afweging select examples/benelux.yaml --must vet", 4, ["veterinair"]),
        (
            "afweging score examples/benelux.yaml --set draag",
            4,
            ["draagvlak.NL=", "draagvlak.BE=", "draagvlak.LU="],
        ),
        ("afweging rank examples/benelux.yaml --criteria b", 4, ["benelux"]),
    ],
)
def test_completion_of_ids(words: str, cword: int, expected: list[str]) -> None:
    """Shell completion offers item ids, criterion ids and built-in framework ids."""
    assert EXAMPLE.is_file()
    assert _complete(words, cword) == expected
