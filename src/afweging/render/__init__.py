"""Renderers: pure functions from analysis results to text or rich renderables."""

from __future__ import annotations

import re
from typing import Literal

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


def decimal(value: float, digits: int, lang: Literal["nl", "en"]) -> str:
    """A number with fixed decimals, in the language's notation (nl: 1.234,5)."""
    shown = f"{value:,.{digits}f}"
    if lang == "nl":
        shown = shown.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return shown


def euro(value: float, lang: Literal["nl", "en"]) -> str:
    """An amount in euros, whole."""
    return f"EUR {decimal(value, 0, lang)}"


def percent(share: float, lang: Literal["nl", "en"], digits: int = 0) -> str:
    """A share of 1 as a percentage."""
    return f"{decimal(share * 100, digits, lang)}%"
