"""Shared fixtures: run the CLI in-process, write input files into ``tmp_path``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINI_FRAMEWORK, Run, invoke, portfolio_yaml


@pytest.fixture
def cli() -> Callable[..., Run]:
    """The in-process CLI runner."""
    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented text file into ``tmp_path`` and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def mini(write: Callable[[str, str], Path]) -> Callable[[list[dict[str, Any]]], Path]:
    """Write the mini framework and a portfolio of the given items; return the portfolio."""

    def _mini(items: list[dict[str, Any]]) -> Path:
        write("mini.yaml", MINI_FRAMEWORK)
        return write("portfolio.yaml", portfolio_yaml(items))

    return _mini
