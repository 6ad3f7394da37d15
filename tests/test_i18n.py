"""The one string table: its parts never define a key twice, and every string has the
same placeholders in Dutch and English."""

from __future__ import annotations

import itertools
import string

from afweging.i18n import _STRINGS, PARTS


def test_no_key_is_in_two_parts_of_the_table() -> None:
    """The parts of the table merge without one silently replacing another's string."""
    for first, second in itertools.combinations(PARTS, 2):
        assert not set(first) & set(second)
    assert len(_STRINGS) == sum(len(part) for part in PARTS)


def test_both_languages_fill_in_the_same_placeholders() -> None:
    """A string's Dutch and English texts use the same placeholders."""

    def names(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, (nl, en) in _STRINGS.items():
        assert names(nl) == names(en), key


def test_a_key_written_twice_in_one_part_is_refused() -> None:
    """JSON would silently keep the last of two equal keys; the table refuses them."""
    import json

    import pytest

    from afweging.i18n import _unique

    with pytest.raises(ValueError, match="a key written twice in one part: rank"):
        json.loads('{"rank": 1, "total": 2, "rank": 3}', object_pairs_hook=_unique)
