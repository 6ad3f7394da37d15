"""The Dutch words of the output (werkgroep, initiatief, actief, voorgesteld) in the files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from afweging.cli.interactive import KINDS
from afweging.models import ITEM_WORDS, Item
from tests.helpers import Run


@pytest.mark.parametrize(
    ("given", "kind", "status"),
    [
        ({"kind": "werkgroep", "status": "actief"}, "working-group", "active"),
        ({"kind": "initiatief", "status": "voorgesteld"}, "initiative", "proposed"),
        ({"kind": "working-group", "status": "proposed"}, "working-group", "proposed"),
    ],
)
def test_dutch_words_are_the_same_values(given: dict[str, Any], kind: str, status: str) -> None:
    """A kind or status in Dutch validates to the English value the model keeps."""
    item = Item.model_validate({"id": "x", "name": "X", **given})
    assert (item.kind, item.status) == (kind, status)


def test_every_word_names_a_kind_or_status() -> None:
    """Each Dutch word maps onto a value of the model, and every kind has its word."""
    assert set(ITEM_WORDS.values()) <= {*KINDS, "active", "proposed"}
    assert {"working-group", "initiative"} <= set(ITEM_WORDS.values())


def test_a_portfolio_and_a_csv_in_dutch_words(
    cli: Callable[..., Run], mini: Callable[[list[dict[str, Any]]], Path], tmp_path: Path
) -> None:
    """A YAML portfolio and a CSV file that say werkgroep/voorgesteld rank as the English."""
    scores = {"a": "+", "b": "++", "c": "0"}
    path = mini(
        [
            {"id": "wg", "name": "WG", "kind": "werkgroep", "status": "actief", "scores": scores},
            {"id": "p", "name": "P", "kind": "initiatief", "status": "voorgesteld",
             "scores": scores},
        ]
    )  # fmt: skip
    run = cli("rank", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    kinds = {i["id"]: i["kind"] for i in json.loads(run.stdout)["items"]}
    assert kinds == {"wg": "working-group", "p": "initiative"}
    table = tmp_path / "items.csv"
    table.write_text(
        "id,name,kind,status,a,b,c,steun.NL,steun.BE\n"
        "wg,WG,werkgroep,actief,+,++,0,voldoende,voldoende\n",
        encoding="utf-8",
    )
    ranked = cli("rank", table, "--criteria", tmp_path / "mini.yaml", "--format", "json")
    assert ranked.exit_code == 0, ranked.stderr
    assert json.loads(ranked.stdout)["items"][0]["kind"] == "working-group"


def test_the_dutch_prompt_offers_the_dutch_words() -> None:
    """score's Dutch prompt offers werkgroep and initiatief and stores the English value."""
    from afweging.cli.interactive import ask_item

    asked: list[str] = []
    answers = iter(["nieuw", "Nieuw", "werkgroep", ""])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    fields = ask_item(
        ask, lambda _: None, "nl", known={}, taken=set(), clusters=[], allowed_clusters=None
    )
    assert "[initiatief/werkgroep/project] (initiatief)" in asked[2]
    assert fields["kind"] == "working-group"
