"""Renderers: pure functions from analysis results to text or rich renderables."""

from __future__ import annotations

import re
from typing import Literal

from afweging.errors import UNSAFE_CHARACTERS

# The characters no user text may hold (errors.UNSAFE_CHARACTERS), and lone surrogates
# (a file name that is not UTF-8 reaches Python as one): none may reach a terminal raw.
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}\ud800-\udfff]")


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


def takes_utf8(stream: object) -> bool:
    """Does this text stream encode UTF-8 (else: a terminal set to Latin-1, ASCII…)?"""
    encoding = str(getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8")


def json_escape(character: str) -> str:
    """A character as JSON escapes it: ``\\u00e9``; beyond U+FFFF a surrogate pair."""
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character escaped: the same document, in ASCII
    (outside its strings JSON text is ASCII already)."""
    return text if text.isascii() else _NON_ASCII.sub(lambda m: json_escape(m.group()), text)


_NON_ASCII = re.compile("[^\x00-\x7f]")


def decimal(value: float, digits: int, lang: Literal["nl", "en"]) -> str:
    """A number with fixed decimals, in the language's notation (nl: 1.234,5)."""
    from afweging import numbers

    return numbers.number(value, digits, lang)


def euro(value: float, lang: Literal["nl", "en"]) -> str:
    """An amount in euros, whole."""
    from afweging import numbers

    return numbers.euro(value, lang)


def percent(share: float, lang: Literal["nl", "en"], digits: int = 0) -> str:
    """A share of 1 as a percentage."""
    from afweging import numbers

    return numbers.percent(share, lang, digits)
