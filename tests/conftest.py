"""Shared fixtures: run the CLI in-process, write input files into ``tmp_path``."""

from __future__ import annotations

import signal
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from typer.testing import CliRunner

from afweging.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "benelux.yaml"
FRAMEWORK = ROOT / "criteria" / "benelux.yaml"


class Run(NamedTuple):
    """What one CLI invocation produced."""

    exit_code: int
    stdout: str
    stderr: str


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run ``afweging ARGS`` in-process, stdout and stderr kept apart."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


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


MINI_FRAMEWORK = """\
version: 1
id: mini
title: {nl: Mini, en: Mini}
source: test
scales:
  plus:
    levels:
      - {symbol: "0", value: 0, label: {nl: geen, en: none}}
      - {symbol: "+", value: 1, label: {nl: beperkt, en: limited}}
      - {symbol: "++", value: 2, label: {nl: aanzienlijk, en: considerable}}
      - {symbol: "+++", value: 3, label: {nl: groot, en: large}}
  steun:
    levels:
      - {symbol: geen, value: 0, label: {nl: geen, en: none}}
      - {symbol: beperkt, value: 1, label: {nl: beperkt, en: limited}}
      - {symbol: voldoende, value: 2, label: {nl: voldoende, en: sufficient}}
criteria:
  - {id: a, scale: plus, weight: 50, label: {nl: A, en: A}, question: {nl: A?, en: A?}}
  - {id: b, scale: plus, weight: 30, label: {nl: B, en: B}, question: {nl: B?, en: B?}}
  - {id: c, scale: plus, weight: 20, label: {nl: C, en: C}, question: {nl: C?, en: C?}}
  - id: steun
    scale: steun
    per_assessor: true
    minimum: voldoende
    label: {nl: Steun, en: Support}
    question: {nl: Steun?, en: Support?}
"""


def portfolio_yaml(items: list[dict[str, Any]], framework: str = "mini.yaml") -> str:
    """A portfolio for ``MINI_FRAMEWORK`` with the given items (support defaults to full)."""
    full = []
    for item in items:
        entry = {"kind": "initiative", **item}
        scores = dict(entry.get("scores", {}))
        scores.setdefault("steun", {"NL": "voldoende", "BE": "voldoende"})
        entry["scores"] = scores
        full.append(entry)
    document = {
        "version": 1,
        "framework": framework,
        "title": "Test",
        "as_of": "2026-01-01",
        "assessors": ["NL", "BE"],
        "items": full,
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


@pytest.fixture
def mini(write: Callable[[str, str], Path]) -> Callable[[list[dict[str, Any]]], Path]:
    """Write the mini framework and a portfolio of the given items; return the portfolio."""

    def _mini(items: list[dict[str, Any]]) -> Path:
        write("mini.yaml", MINI_FRAMEWORK)
        return write("portfolio.yaml", portfolio_yaml(items))

    return _mini


def interruptible() -> None:
    """In a child process before it starts: let Ctrl-C (SIGINT) interrupt it. A shell
    starts a background job with SIGINT ignored, and Python then installs no handler of
    its own, so without this the interruption tests fail when the suite runs in the
    background."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
