"""The terminal: showing views, prompts, progress, and what a narrow terminal gets."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from afweging.errors import InputError

if TYPE_CHECKING:
    from afweging.i18n import Language
    from afweging.render.text import View


def show(view: View, lang: Language = "en", *, wide: bool = False) -> None:
    """Print a view: a rich table on a terminal, fitted to its width unless ``wide``
    (``render.fit``), and aligned plain text at full width anywhere else."""
    from afweging.render.text import plain, rich_view

    if not is_terminal():
        sys.stdout.write(plain(view))
        return
    from rich.console import Console

    console = Console(highlight=False, markup=False, emoji=False)
    if not wide:
        from afweging.render.fit import fit

        view = fit(view, console.width, lang)
    console.print(rich_view(view))


def is_terminal() -> bool:
    """Does stdout go to a terminal (the tests of the terminal's tables say it does)?"""
    return sys.stdout.isatty()


def read_answer(prompt: str) -> str:
    """One answer from stdin; the prompt goes to stderr so stdout stays clean."""
    line = ""
    if sys.stdin is not None and not sys.stdin.closed:  # None when started with stdin closed
        sys.stderr.write(prompt)
        sys.stderr.flush()
        line = sys.stdin.readline()
    if not line:
        raise InputError.single(
            "<stdin>", "the input ended before every question was answered; nothing was saved"
        )
    return line.rstrip("\r\n")


def stdin_is_terminal() -> bool:
    """Is someone at the keyboard to answer questions?"""
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def say(line: str) -> None:
    """A line for the person at the terminal (stderr), user text made printable."""
    from afweging.render import printable

    sys.stderr.write(printable(line) + "\n")


PROGRESS_AFTER = 1.0
"""Seconds of work after which a terminal gets progress on stderr (a test sets it to 0)."""


def with_progress(label: str, work: Callable[[], Any]) -> Any:
    """Run ``work``; if it takes longer than about a second, show a spinner on stderr."""
    return _watched(label, lambda _report: work(), bar=False)


def with_progress_bar(label: str, work: Callable[[Callable[[int, int], None]], Any]) -> Any:
    """Run ``work(progress)``, where the work calls ``progress(done, total)`` as it goes;
    if it takes longer than about a second on a terminal, show a progress bar on stderr
    (nothing when stderr is not a terminal)."""
    return _watched(label, work, bar=True)


def _watched(label: str, work: Callable[[Callable[[int, int], None]], Any], *, bar: bool) -> Any:
    """Run ``work(report)`` in a thread and, after a second on a terminal, show its
    progress on stderr (a bar, or a spinner where the work reports none); its result or
    its exception is the caller's."""
    import threading

    result: dict[str, Any] = {}
    state = {"done": 0, "total": 0}

    def report(done: int, total: int) -> None:
        state["done"], state["total"] = done, total

    def run() -> None:
        try:
            result["value"] = work(report)
        except BaseException as exc:  # handed to the caller below  # noqa: BLE001
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(PROGRESS_AFTER)
    if thread.is_alive() and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        columns: tuple[ProgressColumn, ...] = (
            (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            if bar
            else (SpinnerColumn(), TextColumn(label), TimeElapsedColumn())
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(label, total=None)
            while True:
                if bar:
                    total = state["total"] or None
                    progress.update(task, completed=state["done"], total=total)
                if not thread.is_alive():
                    break  # shown once more when done: the bar ends where the work ended
                thread.join(0.1)
            progress.refresh()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def emit(
    result: object,
    kind: str,
    output: str,
    lang: Language,
    *,
    dialect: str = "standard",
    wide: bool = False,
) -> None:
    """Write a result to stdout in the format ``output``, by the functions that its render
    module ``afweging.render.<kind>`` offers under the same names for every result:
    ``<kind>_document`` (json), ``<kind>_csv`` (csv, and xlsx: one sheet named ``kind``),
    ``<kind>_markdown`` and ``<kind>_view`` (table). tests/render/test_formats.py holds
    every module to the formats its command offers."""
    import importlib

    render = importlib.import_module(f"afweging.render.{kind}")
    if output == "json":
        from afweging.render.json import to_json

        sys.stdout.write(to_json(getattr(render, f"{kind}_document")(result, lang)))
    elif output in ("csv", "xlsx"):
        from afweging.cli.options import write_table

        write_table(getattr(render, f"{kind}_csv")(result, lang), output, dialect, kind)
    elif output == "markdown":
        sys.stdout.write(getattr(render, f"{kind}_markdown")(result, lang))
    else:
        show(getattr(render, f"{kind}_view")(result, lang), lang, wide=wide)


# What a terminal that cannot show a character gets instead: ASCII for the typographic
# characters of the tool's own output; every other character as a \uXXXX escape.
_ASCII = {
    "—": "-", "–": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "→": "->",
    "≤": "<=", "≥": ">=", "×": "x", "·": ".", "•": "*", "█": "#", "░": ".", "▏": "|",
}  # fmt: skip


def degrade_on_a_narrow_terminal() -> None:
    """On a terminal whose encoding is not UTF-8 (``PYTHONIOENCODING=latin-1``, an old
    Windows console), characters it cannot encode are replaced rather than failing the
    command: the typographic ones by ASCII, others by a ``\\uXXXX`` escape. JSON output
    then uses such escapes itself (``render.json.to_json``) and stays exact."""
    import codecs

    from afweging.render import json_escape, takes_utf8

    def fallback(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        part = error.object[error.start : error.end]
        return "".join(_ASCII.get(c) or json_escape(c) for c in part), error.end

    for stream in (sys.stdout, sys.stderr):
        if not takes_utf8(stream) and hasattr(stream, "reconfigure"):
            codecs.register_error("afweging", fallback)
            stream.reconfigure(errors="afweging")
