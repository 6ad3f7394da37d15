"""Fitting tables to the terminal: sentences wrapped at spaces, never cut or broken."""

from __future__ import annotations

from afweging.render.fit import cell_len, fit_block, wrap
from afweging.render.text import Block


def test_wrap_breaks_at_spaces_only() -> None:
    """Lines stay within the width, words stay whole, and nothing is lost."""
    sentence = "0.5 more FTE or drop Grensoverschrijdende samenwerking (-6.7 points)"
    wrapped = wrap(sentence, 22)
    assert wrapped.split("\n") == [
        "0.5 more FTE or drop",
        "Grensoverschrijdende",
        "samenwerking (-6.7",
        "points)",
    ]
    assert wrap(sentence, 200) == sentence


def test_wrap_counts_cells_not_characters() -> None:
    """A wide character takes two cells of the terminal."""
    assert wrap("日本 語の 文", 5).split("\n") == ["日本", "語の", "文"]
    assert all(cell_len(line) <= 5 for line in wrap("日本 語の 文", 5).split("\n"))


def test_a_word_wider_than_any_room_is_shortened() -> None:
    """Only when a column gets less than its longest word is that word cut, visibly."""
    assert wrap("a politie-verbindingsofficieren b", 10).split("\n") == ["a", "politie-v…", "b"]


def test_a_sentence_column_is_wrapped_and_kept_where_a_name_is_shortened() -> None:
    """On a narrow terminal the name is shortened, the sentence wraps down to its longest
    word, and no column is left out while wrapping makes room."""
    block = Block(
        ("id", "name", "what would bring it in"),
        "lll",
        [("energieforum", "Pentalateraal energieforum", "EUR 450,000 more budget or drop two")],
        [""],
        frozenset({2}),
    )
    fitted, left_out = fit_block(block, 55)
    assert left_out == []
    (row,) = fitted.rows
    assert row[0] == "energieforum"
    assert row[2].replace("\n", " ") == "EUR 450,000 more budget or drop two"
    assert max(cell_len(line) for line in row[2].split("\n")) >= len("EUR 450,000")
    widths = [max(cell_len(line) for line in cell.split("\n")) for cell in row]
    assert sum(widths) + 3 * 2 <= 55
    assert row[1].endswith("…")
