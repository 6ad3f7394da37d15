"""A short, bounded run of the loader's fuzz target (tests/fuzz_loader.py) in the suite.

Skipped when atheris is not installed (it is optional: ``pip install atheris``). The run
is seeded and bounded by a number of executions, so it is repeatable; a long session is
described in the README.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is optional: pip install atheris")

FUZZ = Path(__file__).resolve().parent / "fuzz_loader.py"
RUNS = 2000


def test_a_short_fuzz_run_finds_nothing(tmp_path: Path) -> None:
    """The seeds and 2000 mutations of them make the loader answer with an input error or
    a validated model: no other exception, no hang, no memory blow-up."""
    done = subprocess.run(
        [sys.executable, str(FUZZ), f"-runs={RUNS}", "-seed=1", str(tmp_path / "corpus")],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    crashes = sorted(p.name for p in tmp_path.glob("*-*") if p.is_file())
    finding = done.stdout.partition("=== Uncaught Python exception: ===")[2]  # atheris: stdout
    assert done.returncode == 0, finding[:4000] or done.stderr[-4000:]
    # libFuzzer counts the seeds it reads in as runs too: at least RUNS were made
    ran = re.search(r"^Done (\d+) runs", done.stderr, re.MULTILINE)
    assert ran is not None, done.stderr[-4000:]
    assert int(ran.group(1)) >= RUNS
    assert crashes == []
