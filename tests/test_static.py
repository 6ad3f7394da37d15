"""The static checks CI demands, run as part of the suite: ruff, ruff format, mypy --strict."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ("ruff", "check", "src", "tests", "benchmarks"),
        ("ruff", "format", "--check", "src", "tests", "benchmarks"),
        ("mypy", "--strict", "src"),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_static_check_passes(args: tuple[str, ...]) -> None:
    """The static check exits 0 on the whole source tree."""
    done = _run(*args)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_test_says_what_it_pins() -> None:
    """Every test function has a docstring (one sentence saying what behaviour it pins)."""
    import ast

    missing = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}"
        for path in sorted((ROOT / "tests").rglob("test_*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test")
        and not ast.get_docstring(node)
    ]
    assert missing == []
