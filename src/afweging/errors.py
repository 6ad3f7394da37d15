"""The exception hierarchy: every failure the user can cause is an ``AfwegingError``.

``cli.py`` is the single funnel that turns these into messages and exit codes;
anything else that escapes is a bug (exit 3).
"""

# No ``from __future__ import annotations``: NamedTuple would compile every annotation
# string into a ForwardRef at import, a cost paid at each start of the CLI.

import re
from typing import Any, NamedTuple

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_FLAGGED = 4
EXIT_INTERRUPTED = 130

# The characters no text of the user's may hold, as the body of a regular expression
# class: C0 and C1 controls (ESC among them; tab and line feed are left to each field),
# DEL, zero-width and bidi formatting characters, line and paragraph separators, the
# invisible operators and the BOM. They can restyle a terminal, reorder what a reader
# sees, or make two ids that look the same differ. Lone surrogates cannot come out of
# strict UTF-8 decoding; the renderers escape them too.
UNSAFE_CHARACTERS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff"
)

# What an id (of an item, criterion, scale, assessor…) may be: the one pattern of them all.
ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Is ``text`` a valid id (``ID_PATTERN``)?"""
    return _ID.fullmatch(text) is not None


UNSAFE_HINT = (
    "remove it: such characters are invisible, can reorder or restyle what a reader sees,"
    " and are not allowed"
)

_CHARACTER_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x0A: "line feed",
    0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL", 0x85: "next line",
    0x200B: "zero width space", 0x200E: "left-to-right mark", 0x200F: "right-to-left mark",
    0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting", 0x202D: "left-to-right override",
    0x202E: "right-to-left override", 0x2028: "line separator",
    0x2029: "paragraph separator", 0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate", 0x2068: "first strong isolate",
    0x2069: "pop directional isolate", 0xFEFF: "byte order mark",
}  # fmt: skip


def name_character(character: str) -> str:
    """How a message names an unwanted character: ``U+001B (ESC)``."""
    code = ord(character)
    name = _CHARACTER_NAMES.get(code)
    if name is None:
        if code < 0x20 or 0x7F <= code < 0xA0:
            name = "a control character"
        else:
            import unicodedata

            name = unicodedata.name(character, "a format character").lower()
    return f"U+{code:04X} ({name})"


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


class ProblemsError(AfwegingError):
    """Demands that cannot all be met (exit 1): built from one message per problem,
    kept in ``problems``; ``str()`` joins them with newlines and ``lines()`` gives them
    one per line."""

    exit_code = EXIT_INPUT

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        """One line per problem."""
        return list(self.problems)


class UsageError(AfwegingError):
    """The command line names something that does not exist (exit 2)."""

    exit_code = EXIT_USAGE


EXCERPT = 60
"""The longest text from a file that a message quotes in full."""


def describe(value: Any) -> str:
    """How a file's value reads to a user: ``the number 3``, ``the text 'yes'``."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, str):
        if len(value) > EXCERPT:  # a long text is quoted in part: it may be anything
            return f"the text '{value[: EXCERPT - 20]}…' ({len(value):,} characters)"
        return f"the text '{value}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def closest(word: str, options: list[str]) -> str | None:
    """The option most like ``word``, if any is close enough to be a likely typo."""
    import difflib

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, options: list[str]) -> str:
    """A hint naming the closest option, or listing the options when none is close."""
    close = closest(word, options)
    if close:
        return f"did you mean '{close}'?"
    if not options:
        return ""
    shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    return f"expected one of: {shown}"
