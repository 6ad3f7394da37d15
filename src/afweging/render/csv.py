"""The one formula guard of every CSV written, and its inverse for reading them back."""

from __future__ import annotations

import re

# A cell a spreadsheet would run as a formula starts with = + - or @, also after spaces
# or a tab (" =HYPERLINK(…)", "\t=…"), or with a tab or carriage return; the guard puts an
# apostrophe before it (and before apostrophes already there, so that unguard is exact).
_FORMULA_GUARD = re.compile(r"'+(?:\s*[=+\-@]|[\t\r])")


def guard(text: str) -> str:
    """Text a spreadsheet will not run as a formula: an apostrophe before ``=+-@``
    (and before apostrophes already there, so that ``unguard`` gives the text back)."""
    return "'" + text if _FORMULA_GUARD.match("'" + text) else text


def unguard(text: str) -> str:
    """Text without the apostrophe ``guard`` put before a would-be formula."""
    return text[1:] if _FORMULA_GUARD.match(text) else text
