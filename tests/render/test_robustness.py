"""The robustness summary in words (issue #20, class "Commands that fail a newcomer"): one
sentence per case, in nl and en; and the JSON winning index keyed by item id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from afweging.analysis.pipeline import RobustnessReport, analyse, robustness
from afweging.render.robustness import robustness_document, verdict
from afweging.sources.loading import load_portfolio
from tests.helpers import MINI_FRAMEWORK, portfolio_yaml


def _report(tmp_path: Path, items: list[dict[str, Any]]) -> RobustnessReport:
    (tmp_path / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(portfolio_yaml(items), encoding="utf-8")
    return robustness(analyse(load_portfolio(tmp_path / "p.yaml", None)), samples=500,
                      seed=1, top=1)  # fmt: skip


def _item(item_id: str, a: str, b: str, c: str) -> dict[str, Any]:
    return {"id": item_id, "name": item_id.upper(), "scores": {"a": a, "b": b, "c": c}}


DOMINANT = [_item("x", "+++", "+++", "+++"), _item("y", "+", "+", "+")]
TIED = [_item("x", "+++", "0", "0"), _item("y", "0", "+++", "+++")]
BOUNDED = [_item("x", "+++", "0", "0"), _item("y", "0", "+++", "+"), _item("z", "+", "+", "++")]

CASES = {
    "one robust item, the whole range, the same order": (
        DOMINANT,
        (
            "X is in the top 1 in at least 90% of the samples: robust. The top 1 depends on no"
            " single weight: each weight may go from 0% to 100% without changing the top 1. Other"
            " methods give the same order (Kendall tau 1.00)."
        ),
        (
            "X staat in minstens 90% van de steekproeven in de top 1: robuust. De top 1 hangt van"
            " geen enkel gewicht alleen af: elk gewicht mag van 0% tot 100% gaan zonder dat de top"
            " 1 verandert. Andere methoden geven dezelfde volgorde (Kendall tau 1,00)."
        ),
    ),
    "one place, tied totals (a point)": (
        TIED,
        (
            "Place 1 depends on the weights: X (50%), Y (50%) (chance of the top 1). The top 1 is"
            " on a knife-edge at the weight of A: totals are tied, so any change of that weight"
            " (now 50.0%) changes the top 1."
        ),
        (
            "Plaats 1 hangt af van de gewichten: X (50%), Y (50%) (kans op de top 1). De top 1"
            " staat op het spel bij het gewicht van A: totalen staan gelijk, zodat elke"
            " verandering van dat gewicht (nu 50,0%) de top 1 verandert."
        ),
    ),
    "a lower bound only": (
        BOUNDED,
        (
            "X is in the top 1 in at least 90% of the samples: robust. The top 1 depends most on"
            " the weight of A: it stays the same while that weight is at least 42.3% (now 50.0%)."
            " Other methods give a different order (Kendall tau 0.33–1.00); whether X, Z make the"
            " top 1 depends on the method."
        ),
        (
            "X staat in minstens 90% van de steekproeven in de top 1: robuust. De top 1 hangt het"
            " meest af van het gewicht van A: die blijft gelijk zolang dat minstens 42,3% is (nu"
            " 50,0%). Andere methoden geven een andere volgorde (Kendall tau 0,33–1,00); of X, Z"
            " in de top 1 staat, hangt af van de methode."
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_is_its_own_sentence(tmp_path: Path, case: str) -> None:
    """A point, a bound, the whole range and a single item each read as a sentence of
    their own (no "within only at", "0.0–100.0%", "1.00–1.00" or "are" for one item)."""
    items, english, dutch = CASES[case]
    report = _report(tmp_path, items)
    assert verdict(report, "en") == english
    assert verdict(report, "nl") == dutch


def test_winning_is_keyed_by_item_id(tmp_path: Path) -> None:
    """robustness --format json: winning[a][b] is keyed by the items' ids."""
    document = robustness_document(_report(tmp_path, DOMINANT), "en")
    assert document["winning"] == {"x": {"x": 0.0, "y": 1.0}, "y": {"x": 0.0, "y": 0.0}}
