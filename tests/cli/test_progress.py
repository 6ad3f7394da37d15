"""Progress on a terminal: the commands whose work can take long show it on stderr.

The CLI waits ``terminal.PROGRESS_AFTER`` seconds (1 s) before it shows anything, so that
quick work stays quiet. These tests run the real CLI in a pseudo-terminal with that wait
set to 0, so that progress shows whatever the speed of the machine; stdout goes to a
file, so what the terminal shows is stderr alone.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.helpers import EXAMPLE, interruptible

_NO_WAIT = (
    "import sys, afweging.cli.terminal as t; t.PROGRESS_AFTER = 0.0; "
    "from afweging.cli.app import main; sys.argv[0] = 'afweging'; main()"
)


_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1351728000"}
"""The memo's date fixed (2012-11-01), so that its two runs agree even across midnight."""


def _in_terminal(args: list[str], out: Path) -> tuple[int, str]:
    """Run ``afweging ARGS > out`` with stderr on a pseudo-terminal and no wait before
    progress shows; its exit status and what the terminal showed."""
    command = shlex.join([sys.executable, "-c", _NO_WAIT, *args]) + f" > {shlex.quote(str(out))}"
    env = {**_ENV, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "xterm"}
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=120,
        preexec_fn=interruptible,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else -1, child.before or ""


@pytest.mark.parametrize(
    ("args", "bars", "spinners"),
    [
        (["decide", str(EXAMPLE), "--lang", "en"], ["decide"], []),
        (["select", str(EXAMPLE), "--lang", "en"], ["select"], []),
        (["robustness", str(EXAMPLE), "--lang", "en", "--samples", "2000"], ["robustness"], []),
        (["memo", str(EXAMPLE), "--lang", "en", "--samples", "2000"], ["decide"],
         ["robustness", "select"]),
    ],
)  # fmt: skip
def test_progress_shows_on_a_terminal(
    args: list[str], bars: list[str], spinners: list[str], tmp_path: Path
) -> None:
    """On a terminal each stage of the work shows on stderr: a bar where it counts its
    steps, which ends at all of them done (``8/8``), or a spinner; stdout holds the same
    result as without a terminal, and without one stderr stays empty."""
    status, shown = _in_terminal(args, tmp_path / "out.txt")
    assert status == 0, shown
    for label in bars:
        assert re.search(rf"{label} ━+ (\d+)/\1 ", shown), shown
    for label in spinners:
        assert re.search(rf"\r\x1b\[2K. {label} \d:\d\d:\d\d", shown), shown
    plain = subprocess.run(
        [sys.executable, "-m", "afweging", *args], capture_output=True, check=True, env=_ENV
    )
    assert plain.stderr == b""
    assert (tmp_path / "out.txt").read_bytes() == plain.stdout
