"""The exception hierarchy: every failure the user can cause is an ``AfwegingError``.

``cli.py`` is the single funnel that turns these into messages and exit codes;
anything else that escapes is a bug (exit 3).
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

from typing import Any, NamedTuple

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_FLAGGED = 4
EXIT_INTERRUPTED = 130


class Problem(NamedTuple):
    """One defect in one input file, located as precisely as the input allows."""

    path: str
    line: int | None
    col: int | None
    message: str
    hint: str = ""

    def format(self) -> str:
        """Render as ``path:line:col: message — hint``, like a compiler."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class AfwegingError(Exception):
    """Base class of every error the tool reports deliberately."""

    exit_code = EXIT_INTERNAL

    def lines(self) -> list[str]:
        """The lines to print on stderr, one per problem."""
        return [str(self)]


class InputError(AfwegingError):
    """One or more problems in the user's input files (exit 1)."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def single(
        cls,
        path: str,
        message: str,
        hint: str = "",
        line: int | None = None,
        col: int | None = None,
    ) -> "InputError":
        """An error with exactly one problem."""
        return cls([Problem(path, line, col, message, hint)])

    def lines(self) -> list[str]:
        """One formatted line per problem."""
        return [p.format() for p in self.problems]


class UsageError(AfwegingError):
    """The command line names something that does not exist (exit 2)."""

    exit_code = EXIT_USAGE


def describe(value: Any) -> str:
    """How a file's value reads to a user: ``the number 3``, ``the text 'yes'``."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
