"""The command line: the only package that prints, prompts or exits.

Ctrl-C may come at any moment, also while Python is still importing typer and pydantic,
before any command runs (and so before anything is written). When this package is
imported by the ``afweging`` command itself (not by a test or a library user), a SIGINT
handler that writes one line and exits 130 is installed here, first thing. The error
funnel hands Ctrl-C back to Python (a KeyboardInterrupt, which it reports with what was
written) when the command starts: typer itself turns a KeyboardInterrupt while it parses
the command line into a silent exit 130.
"""

import os
import signal
import sys

INTERRUPTED_AT_START = "afweging: interrupted — no files were changed\n"


def _interrupted_at_start(number: int, frame: object) -> None:
    """Ctrl-C before the command line runs: nothing was written; one line, exit 130."""
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    os.write(2, INTERRUPTED_AT_START.encode(encoding, "replace"))
    os._exit(130)


def _is_the_command() -> bool:
    """Is this process the ``afweging`` command (or ``python -m afweging``)?"""
    first = (sys.argv[0] if sys.argv else "").replace("\\", "/")
    name = first.rsplit("/", 1)[-1]
    return name in ("afweging", "afweging.exe") or first.endswith("afweging/__main__.py")


if _is_the_command() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _interrupted_at_start)


def hand_over_interrupts() -> None:
    """From here on Ctrl-C is a KeyboardInterrupt, for the error funnel to report."""
    if signal.getsignal(signal.SIGINT) is _interrupted_at_start:
        signal.signal(signal.SIGINT, signal.default_int_handler)
