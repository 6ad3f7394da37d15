"""The error funnel: every failure of a command becomes one line and an exit code.

Exit codes (errors.py): 0 ok, 1 invalid input (or output that could not be written),
2 usage, 3 internal error (a bug), 4 ``review --fail-on`` hit, 130 interrupted.
Run state (``--debug``) lives on the typer context as a ``RunState``, not in module flags.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

import typer

from afweging import __version__
from afweging.cli import hand_over_interrupts
from afweging.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, AfwegingError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class RunState:
    """What the root options set for the whole run; ``ctx.obj`` of the typer context."""

    debug: bool = False


def run_state() -> RunState:
    """The run state of the command being run; the defaults outside any command."""
    ctx = click_module("globals").get_current_context(silent=True)
    state = ctx.find_root().obj if ctx is not None else None
    return state if isinstance(state, RunState) else RunState()


def click_module(name: str) -> Any:
    """A module of click: typer's own copy (typer 0.20 and later) or click itself."""
    import importlib

    package = typer.BadParameter.__module__.rpartition(".")[0]
    return importlib.import_module(f"{package}.{name}")


def err(line: str) -> None:
    """Write one line to stderr, user text made printable and kept on the line."""
    from afweging.render import single_line

    sys.stderr.write(single_line(line) + "\n")


def command(fn: F) -> F:
    """Run a command inside the error funnel: every failure becomes one line and a code."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        hand_over_interrupts()
        editing = sys.modules.get("afweging.sources.editing")
        if editing is not None:
            editing.WRITTEN.clear()  # a second command in one process (the tests)
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # here, where a full disk or a closed pipe is still caught
        except AfwegingError as exc:
            for line in exc.lines():
                err(line if exc.exit_code == 1 else f"afweging: {line}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err(f"afweging: interrupted — {what_was_written()}")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, as other tools do.
            silence_stdout()
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 — the funnel: any other failure is a bug
            if _caused_by_interrupt(exc):
                err(f"afweging: interrupted — {what_was_written()}")
                raise typer.Exit(EXIT_INTERRUPTED) from None
            failed(exc)
        return result

    return run  # type: ignore[return-value]


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Did Ctrl-C cause this failure? A C extension interrupted while it is imported
    (highspy, numpy) raises ImportError "initialization failed" from the KeyboardInterrupt."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def what_was_written() -> str:
    """After an interruption: which files were written in full, or that none was."""
    editing = sys.modules.get("afweging.sources.editing")
    written: list[str] = list(getattr(editing, "WRITTEN", []))
    if not written:
        return "no files were changed"
    return f"{', '.join(written)} had been written in full; nothing else was changed"


def failed(exc: Exception) -> NoReturn:
    """An unexpected failure: the output could not be written (exit 1), or a bug (exit 3);
    one line either way."""
    if isinstance(exc, OSError) and _is_output_error(exc):
        _output_failed(exc)
    _internal_error(exc)


def _internal_error(exc: BaseException) -> NoReturn:
    """A bug: one line naming where the traceback was logged (or, with --debug, the
    traceback itself), exit 3."""
    if run_state().debug:
        traceback.print_exception(exc)
        where = "the traceback is above"
    else:
        where = f"the traceback is in {_log_traceback(exc)}"
    err(
        f"afweging: internal error: {type(exc).__name__}: {exc} — this is a bug; {where};"
        " please report it"
    )
    raise typer.Exit(EXIT_INTERNAL) from None


def _log_traceback(exc: BaseException) -> str:
    """Write the traceback to a new file in the temporary folder; its path, or a hint."""
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix="afweging-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(f"afweging {__version__}: {' '.join(sys.argv)}\n")
            log.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "not logged (run again with --debug to see it)"
    return name


def _is_output_error(exc: OSError) -> bool:
    """Did writing to stdout or stderr fail (a full disk, a closed terminal)?"""
    import errno

    return exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EBADF)


def _output_failed(exc: OSError) -> NoReturn:
    """The output could not be written: one line (if stderr still works), exit 1."""
    with contextlib.suppress(OSError):
        err(f"afweging: cannot write the output: {exc.strerror or exc}")
    silence_stdout()
    raise typer.Exit(EXIT_INPUT) from None


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def outside_failure(exc: Exception) -> int:
    """A failure outside the commands' funnel (while parsing, in ``--version``): one line
    and the exit code, as inside it."""
    try:
        failed(exc)
    except typer.Exit as done:
        return int(done.exit_code)


def usage_line(exc: Any) -> str:
    """click's usage error as one line: what is wrong, and where to read the usage."""
    words = exc.ctx.command_path.split() if exc.ctx is not None else ["afweging"]
    words[0] = "afweging"
    command = " ".join(words)
    return f"{command}: {exc.format_message()} — see '{command} --help'"
