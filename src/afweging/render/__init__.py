"""Renderers: pure functions from analysis results to text or rich renderables."""

from __future__ import annotations

import re

# C0/C1 controls (ESC among them), zero-width and bidi formatting characters, line and
# paragraph separators, the BOM and lone surrogates: none may reach a terminal raw.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f"
    "\ufeff\ud800-\udfff]"
)


def printable(text: str) -> str:
    r"""User text made safe to print: control and format characters shown as ``\x1b``."""
    text = text.replace("\r\n", "\n").replace("\t", " ")
    return _UNSAFE.sub(_escape, text)


def single_line(text: str) -> str:
    """``printable`` text folded onto one line."""
    return printable(text).replace("\n", " ")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
