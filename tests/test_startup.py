"""Start-up discipline: the everyday commands never import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE, FRAMEWORK

HEAVY = ("numpy", "jinja2", "scipy", "matplotlib", "ruamel")

# main() ends with os._exit (no teardown, no atexit): the probe reports from there.
PROBE = """
import os, sys
end = os._exit
def report(code):
    sys.stderr.write("HEAVY=" + ",".join(m for m in {heavy!r} if m in sys.modules) + "\\n")
    sys.stderr.flush()
    end(code)
os._exit = report
sys.argv = ["afweging", *{args!r}]
from afweging.cli.app import main
main()
"""


def _heavy_modules(*args: str) -> tuple[int, str]:
    """Run the CLI in a fresh interpreter; return its exit code and the heavy modules loaded."""
    code = PROBE.format(heavy=HEAVY, args=list(args))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY="))
    return done.returncode, line.removeprefix("HEAVY=")


@pytest.mark.parametrize(
    "args",
    [
        ("rank", str(EXAMPLE)),
        ("rank", str(EXAMPLE), "--format", "json"),
        ("explain", str(EXAMPLE), "ambulance"),
        ("check", str(FRAMEWORK), str(EXAMPLE)),
        ("review", str(EXAMPLE)),
        ("score", str(EXAMPLE), "--id", "x", "--name", "X", "--set", "kennis=+"),
        ("diff", str(EXAMPLE), str(EXAMPLE)),
        ("--help",),
    ],
    ids=["rank", "rank-json", "explain", "check", "review", "score", "diff", "help"],
)
def test_command_does_not_import_numpy(args: tuple[str, ...]) -> None:
    """rank, explain, check, review, score and --help never import numpy or other heavy
    libraries (score here stops at its missing values, after loading everything)."""
    code, heavy = _heavy_modules(*args)
    assert code == (1 if args[0] == "score" else 0)
    assert heavy == ""
