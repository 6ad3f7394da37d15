"""Dutch output writes numbers as 45,0 and 3.900.000; English as 45.0 and 3,900,000."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from afweging.cli.app import COMMANDS
from tests.helpers import EXAMPLE, ROOT, SCORE_NEW_ITEM, Run

AHP = ROOT / "tests" / "corpus" / "ahp" / "_valid.yaml"


# Every command with human output on the example, as it runs (--lang is added).
HUMAN: dict[str, list[str]] = {
    "rank": ["rank", str(EXAMPLE), "--all"],
    "explain": ["explain", str(EXAMPLE), "ambulance"],
    "review": ["review", str(EXAMPLE)],
    "robustness": ["robustness", str(EXAMPLE), "--samples", "300"],
    "select": ["select", str(EXAMPLE), "--frontier"],
    "decide": ["decide", str(EXAMPLE), "--samples", "300"],
    "score": SCORE_NEW_ITEM,
    "diff": ["diff", str(EXAMPLE), str(EXAMPLE)],
    "frameworks": ["frameworks"],
    "memo": ["memo", str(EXAMPLE), "--samples", "300"],
    "weights rank": ["weights", "rank", "grensbarrieres", "kennis=netwerk"],
    "weights swing": ["weights", "swing", "grensbarrieres=100", "kennis=40", "netwerk=15"],
    "weights ahp": ["weights", "ahp", str(AHP)],
}

# A run of digits with marks between them; a date (2012-11-01) or a version is no number.
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)+(?![\w]|[.,]\d)")
_VERSION = re.compile(r"afweging \d+\.\d+\.\d+")


def wrong_numbers(output: str, lang: str) -> list[str]:
    """The numbers written in the other language's notation: a decimal point in nl, a
    decimal comma in en (a group of three digits after the mark is a thousands group)."""
    decimal_mark = "." if lang == "nl" else ","
    found = []
    for match in _NUMBER.finditer(_VERSION.sub("", output)):
        groups = re.split(r"[.,]", match.group())
        marks = re.findall(r"[.,]", match.group())
        thousands = [m for m, g in zip(marks, groups[1:], strict=True) if len(g) == 3]
        decimals = [m for m, g in zip(marks, groups[1:], strict=True) if len(g) != 3]
        if decimal_mark in decimals or (
            thousands and thousands[0] != decimal_mark and decimals and decimals[-1] == thousands[0]
        ):
            found.append(match.group())  # fmt: skip
    return found


def test_the_rule_itself() -> None:
    """45.0 is wrong in nl, 45,0 in en; thousands groups are right in their language."""
    assert wrong_numbers("totaal 45.0, EUR 3.900.000 en 45,0", "nl") == ["45.0"]
    assert wrong_numbers("total 45,0 and EUR 3,900,000, 2012-11-01, 45.0", "en") == ["45,0"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("command", sorted(HUMAN))
def test_human_output_writes_numbers_in_its_language(
    cli: Callable[..., Run], command: str, lang: str
) -> None:
    """No number in a command's human output is written in the other language's notation."""
    if command.split(maxsplit=1)[0] not in COMMANDS:
        pytest.skip(f"{command} is not registered")
    run = cli(*HUMAN[command], "--lang", lang, env={"COLUMNS": "200"})
    assert run.exit_code in (0, 4), run.stderr
    assert wrong_numbers(run.stdout + run.stderr, lang) == []
