"""The one number formatter of human output: Dutch (1.234,5) or English (1,234.5).

nl writes a decimal comma and a point between thousands: "45,0", "25,0%",
"EUR 3.900.000", "10.000 steekproeven", "1,25 fte"; en the reverse: "45.0", "25.0%",
"EUR 3,900,000", "10,000 samples", "1.25 FTE". JSON and standard CSV never go through
here: they keep Python's own notation, unrounded.
"""

from typing import Literal

Lang = Literal["nl", "en"]

_SWAP = str.maketrans({",": ".", ".": ","})


def number(value: float, digits: int, lang: Lang) -> str:
    """``value`` with ``digits`` decimals and thousands separators in ``lang``'s notation;
    never "-0,0" (a negative that rounds to zero is zero)."""
    shown = f"{value:,.{digits}f}"
    if shown.startswith("-") and not shown.strip("-0.,"):
        shown = shown[1:]
    return shown.translate(_SWAP) if lang == "nl" else shown


def integer(value: float, lang: Lang) -> str:
    """A whole number with thousands separators: "10.000" (nl), "10,000" (en)."""
    return number(value, 0, lang)


def count(value: int, noun: str, lang: Lang) -> str:
    """A count and its noun: "10.000 steekproeven", "10,000 samples"."""
    return f"{integer(value, lang)} {noun}"


def percent(share: float, lang: Lang, digits: int = 1) -> str:
    """A share of 1 as a percentage: 0.25 → "25,0%" (nl), "25.0%" (en)."""
    return f"{number(share * 100, digits, lang)}%"


def euro(value: float, lang: Lang) -> str:
    """An amount in whole euros: "EUR 3.900.000" (nl), "EUR 3,900,000" (en)."""
    return f"EUR {integer(value, lang)}"


def fte(value: float, lang: Lang) -> str:
    """Staff in full-time equivalents, to two decimals at most and one at least:
    "1,25 fte", "12,0 fte" (nl); "1.25 FTE" (en)."""
    digits = 2 if round(value * 10, 9) != round(value * 10) else 1
    return f"{number(value, digits, lang)} {'fte' if lang == 'nl' else 'FTE'}"
