"""numbers.py: the one number formatter, Dutch and English notation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afweging.numbers import count, euro, fte, integer, number, percent


@pytest.mark.parametrize(
    ("shown", "nl", "en"),
    [
        (lambda lang: number(45, 1, lang), "45,0", "45.0"),
        (lambda lang: number(1234.56, 1, lang), "1.234,6", "1,234.6"),
        (lambda lang: percent(0.25, lang), "25,0%", "25.0%"),
        (lambda lang: percent(0.95, lang, 0), "95%", "95%"),
        (lambda lang: euro(3_900_000, lang), "EUR 3.900.000", "EUR 3,900,000"),
        (lambda lang: count(10_000, "steekproeven" if lang == "nl" else "samples", lang),
         "10.000 steekproeven", "10,000 samples"),
        (lambda lang: fte(1.25, lang), "1,25 fte", "1.25 FTE"),
        (lambda lang: fte(12, lang), "12,0 fte", "12.0 FTE"),
        (lambda lang: fte(0.5, lang), "0,5 fte", "0.5 FTE"),
        (lambda lang: integer(-1_500_000, lang), "-1.500.000", "-1,500,000"),
        (lambda lang: number(-0.04, 1, lang), "0,0", "0.0"),
    ],
)  # fmt: skip
def test_the_examples_of_the_issue(shown: object, nl: str, en: str) -> None:
    """Each example renders in nl with a decimal comma and point thousands, en the reverse."""
    assert callable(shown)
    assert (shown("nl"), shown("en")) == (nl, en)


@given(st.floats(-1e12, 1e12), st.integers(0, 4))
def test_nl_is_en_with_the_marks_swapped(value: float, digits: int) -> None:
    """Dutch notation is the English one with comma and point exchanged."""
    en = number(value, digits, "en")
    assert number(value, digits, "nl") == en.translate(str.maketrans(",.", ".,"))
    if digits:
        assert "," not in en.rpartition(".")[2]
        assert len(en.rpartition(".")[2]) == digits
