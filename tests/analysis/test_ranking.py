"""The weighted-sum ranking of the shipped example, checked against hand computation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from afweging.analysis.pipeline import analyse
from afweging.sources.loading import load_portfolio
from tests.helpers import EXAMPLE, Run

# Benelux weights 25/15/10/10/15/10/15 sum to 100, so each share is weight / 100, and a
# plus score of k signs is worth k / 3 (fixed scaling: "0" is 0, "+++" is 1).
HAND_TOTALS = {
    # grensbarrieres +, kennis ++, netwerk +, voortrekkersrol +++, resultaten ++
    "energieforum": (25 * 1 + 10 * 2 + 10 * 1 + 15 * 3 + 15 * 2) / 3,
    # grensbarrieres +++, schaalvoordelen ++, resultaten ++
    "ambulance": (25 * 3 + 15 * 2 + 15 * 2) / 3,
    # grensbarrieres +++, kennis +, resultaten ++
    "grensarbeid": (25 * 3 + 10 * 1 + 15 * 2) / 3,
    # schaalvoordelen +++, netwerk +, voortrekkersrol ++, resultaten ++
    "politie-verbindingsofficieren": (15 * 3 + 10 * 1 + 15 * 2 + 15 * 2) / 3,
}


def _ranking_json(cli: Callable[..., Run]) -> dict[str, Any]:
    run = cli("rank", EXAMPLE, "--format", "json")
    assert run.exit_code == 0, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


@pytest.mark.parametrize(("item_id", "expected"), sorted(HAND_TOTALS.items()))
def test_totals_match_hand_computation(
    cli: Callable[..., Run], item_id: str, expected: float
) -> None:
    """The JSON total of an example item equals the total computed by hand."""
    items = {i["id"]: i for i in _ranking_json(cli)["items"]}
    assert items[item_id]["total"] == pytest.approx(expected, abs=1e-12)
    points = sum(c["points"] for c in items[item_id]["contributions"])
    assert points == pytest.approx(expected, abs=1e-12)


def test_ties_share_a_rank_and_skip_the_next(cli: Callable[..., Run]) -> None:
    """Equal totals share a rank and the next rank is skipped (1, 2, 3, 3, 5, 6, 6, 8)."""
    document = _ranking_json(cli)
    ranks = [(i["id"], i["rank"]) for i in document["items"]]
    assert ranks == [
        ("waterstofcorridor", 1),
        ("ambulance", 2),
        ("ambulance-gegevens", 3),
        ("energieforum", 3),
        ("veterinair", 5),
        ("grensarbeid", 6),
        ("politie-verbindingsofficieren", 6),
        ("grensoverschrijdend-bestuur", 8),
        ("crisisbeheersing", 9),
        ("politie-aankoop", 10),
        ("diploma-erkenning", None),
        ("jeugdbeleid", None),
        ("politie-opleidingen", None),
    ]


def test_gate_failures_are_listed_after_viable_items_with_the_gate(
    cli: Callable[..., Run],
) -> None:
    """An item that fails a gate is not ranked, even with a higher total, and names the gate."""
    items = {i["id"]: i for i in _ranking_json(cli)["items"]}
    diploma = items["diploma-erkenning"]
    assert diploma["viable"] is False
    assert diploma["total"] > items["ambulance"]["total"]
    failed = [g for g in diploma["gates"] if not g["passed"]]
    assert failed == [
        {
            "criterion": "draagvlak",
            "passed": False,
            "score": "NL voldoende, BE geen, LU voldoende",
            "minimum": "voldoende",
            "failed_by": ["BE"],
        }
    ]
    assert [g["criterion"] for g in items["politie-opleidingen"]["gates"] if not g["passed"]] == [
        "beneluxniveau"
    ]


def test_adding_an_item_never_moves_the_totals_of_the_others(tmp_path: Path) -> None:
    """Fixed scaling: a new item with extreme scores leaves every other total unchanged."""
    before = {r.item.id: r.total for r in analyse(load_portfolio(EXAMPLE)).ranking.items}
    text = EXAMPLE.read_text(encoding="utf-8")
    extra = """
  - id: extreem
    name: Extreme scores
    kind: initiative
    scores:
      grensbarrieres: "+++"
      schaalvoordelen: "+++"
      kennis: "+++"
      netwerk: "+++"
      voortrekkersrol: "+++"
      eu_afstemming: "+++"
      resultaten: "+++"
      draagvlak: {NL: voldoende, BE: voldoende, LU: voldoende}
      verdragsbasis: ja
      beneluxniveau: "+++"
"""
    path = tmp_path / "grown.yaml"
    path.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    after = {r.item.id: r.total for r in analyse(load_portfolio(path)).ranking.items}
    assert after.pop("extreem") == pytest.approx(100.0)
    assert after == before


def test_weights_are_normalised_and_shares_reported(cli: Callable[..., Run]) -> None:
    """Weights need not sum to 100: the JSON reports each weight and its share of the sum."""
    document = _ranking_json(cli)
    shares = {c["id"]: c["share"] for c in document["criteria"]}
    assert shares["grensbarrieres"] == pytest.approx(0.25)
    assert shares["draagvlak"] == 0.0
    assert sum(shares.values()) == pytest.approx(1.0)


def test_missing_scores_fail_unless_allowed(
    cli: Callable[..., Run], mini: Callable[[list[dict[str, Any]]], Path]
) -> None:
    """A missing score is an error; with --allow-missing it counts as the worst level, marked."""
    path = mini(
        [
            {"id": "x", "name": "X", "scores": {"a": "+++", "b": "+++"}},
            {"id": "y", "name": "Y", "scores": {"a": "+", "b": "+", "c": "+"}},
        ]
    )
    run = cli("rank", path)
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        (
            f"{path}:12:3: item 'x' has no score for 'c' — add it, or run with --allow-missing"
            " to score it as the scale's worst level"
        )
    ]
    run = cli("rank", path, "--allow-missing", "--format", "json")
    assert run.exit_code == 0
    document = json.loads(run.stdout)
    assert document["missing"] == [{"item": "x", "criterion": "c", "assessor": None}]
    x = next(i for i in document["items"] if i["id"] == "x")
    assert x["total"] == pytest.approx(80.0)
    assert [c["missing"] for c in x["contributions"]] == [False, False, True, False]
