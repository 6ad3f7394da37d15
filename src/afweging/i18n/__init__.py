"""The one table of the output's fixed strings, in Dutch and English, and its lookup.

The table is data, kept in parts by the output they belong to, each a JSON file beside
this module mapping a key to its ``nl`` and ``en`` text: ``core.json`` (the commands'
output: ranking, review, score, robustness, selection, the memo, sheets),
``decision.json`` (``decide``: verdicts, reasons, conditions, the package),
``diff.json`` (``diff`` and the memo's changes section, keys ``diff_*``) and
``starter.json`` (the comments of the starter portfolio ``init`` writes, keys
``starter_*``). They are merged here; a key in two parts is a bug (tests/test_i18n.py),
and so is a key written twice in one part (refused while reading it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

Language = Literal["nl", "en"]

PART_NAMES = ("core", "decision", "diff", "starter")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (``json`` would keep the last one)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        twice = sorted({k for k, _ in pairs if [p for p, _ in pairs].count(k) > 1})
        raise ValueError(f"i18n: a key written twice in one part: {', '.join(twice)}")
    return found


def _part(name: str) -> dict[str, tuple[str, str]]:
    """One part of the table (package data, read once at import)."""
    raw = (Path(__file__).parent / f"{name}.json").read_text(encoding="utf-8")
    return {k: (v["nl"], v["en"]) for k, v in json.loads(raw, object_pairs_hook=_unique).items()}


PARTS = tuple(_part(name) for name in PART_NAMES)
_STRINGS: dict[str, tuple[str, str]] = {k: v for part in PARTS for k, v in part.items()}


def text(key: str, lang: Language, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``values`` filled in."""
    nl, en = _STRINGS[key]
    template = nl if lang == "nl" else en
    return template.format(**values) if values else template
