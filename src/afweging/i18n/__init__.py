"""The one table of the output's fixed strings, in Dutch and English, and its lookup.

The table is kept in parts by the output they belong to (``core``, ``decision``,
``diff``, ``starter``), merged here; tests/test_i18n.py checks that no key is in two.
"""

from __future__ import annotations

from typing import Literal

from afweging.i18n import core, decision, diff, starter

Language = Literal["nl", "en"]

PARTS = (core.STRINGS, decision.STRINGS, diff.STRINGS, starter.STRINGS)
_STRINGS: dict[str, tuple[str, str]] = {k: v for part in PARTS for k, v in part.items()}


def text(key: str, lang: Language, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``values`` filled in."""
    nl, en = _STRINGS[key]
    template = nl if lang == "nl" else en
    return template.format(**values) if values else template
