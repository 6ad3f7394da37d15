"""A parsed file of any source: plain data, and where each part of it stands, so that
every problem is reported at ``path:line:col`` (or a source's own terms: a CSV row and
column, a workbook's cell)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from afweging.errors import Problem, describe

Path = tuple[str | int, ...]


class Document:
    """A parsed file: plain data and the 1-based position of every node.

    ``value_marks`` and ``key_marks`` map a path (``("items", 3, "scores", "kennis")``)
    to a (line, column); ``problem`` turns a path and a message into a located
    ``Problem``. Other sources of the same data (``csvsource``) subclass it and say
    where a path stands in their own terms.
    """

    __slots__ = ("data", "inputs", "key_marks", "path", "value_marks")

    def __init__(
        self,
        path: str,
        data: Any = None,
        value_marks: Mapping[Path, tuple[int, int]] | None = None,
        key_marks: Mapping[Path, tuple[int, int]] | None = None,
    ) -> None:
        self.path = path
        self.data = data
        # The files read for this document: (name, SHA-256), for the memo's record.
        self.inputs: tuple[tuple[str, str], ...] = ()
        self.value_marks: Mapping[Path, tuple[int, int]] = value_marks or {}
        self.key_marks: Mapping[Path, tuple[int, int]] = key_marks or {}

    def mark(self, loc: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position of the value (or key) at ``loc``, else of its nearest located parent."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        probe = loc
        while True:
            if probe in self.value_marks:
                return self.value_marks[probe]
            if not probe:
                return None, None
            probe = probe[:-1]

    def problem(self, loc: Path, message: str, hint: str = "", *, key: bool = False) -> Problem:
        """A problem located at ``loc`` in this document."""
        line, col = self.mark(loc, key=key)
        return Problem(self.path, line, col, message, hint)

    def missing(self, loc: Path, name: str) -> Problem:
        """The required key ``name`` is absent from the mapping at ``loc``."""
        return self.problem(loc, f"missing key '{name}'", f"add '{name}:' here")

    def item_name(self, index: int) -> str:
        """How messages refer to the item at ``index`` of the list of items."""
        return f"item {index + 1}"


def describe_top(data: Any) -> str:
    """How a message names the top of a file that is not a mapping of keys, without
    quoting it: the file may be anything a user named (``/etc/passwd``, a private key)."""
    if not isinstance(data, str):
        return describe(data)
    head = data.lstrip()[:100]
    if "PRIVATE KEY" in head:
        return "text that looks like a private key (its content is not shown)"
    if head.startswith("-----BEGIN"):
        return "text that looks like a certificate or key (its content is not shown)"
    if head.startswith(("ssh-", "ecdsa-")):
        return "text that looks like an SSH key (its content is not shown)"
    if head.startswith("<"):
        return "text that looks like HTML or XML (its content is not shown)"
    return "text without keys and values (its content is not shown)"
