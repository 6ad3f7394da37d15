"""afweging select through the CLI on the shipped example."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from tests.helpers import EXAMPLE, Run


def _document(cli: Callable[..., Run], *args: str) -> dict[str, object]:
    run = cli("select", EXAMPLE, "--format", "json", *args)
    assert run.exit_code == 0, run.stderr
    document: dict[str, object] = json.loads(run.stdout)
    return document


def test_example_selection(cli: Callable[..., Run]) -> None:
    """Within EUR 3.9 million and 12 FTE, nine items worth 368.3 points are selected."""
    document = _document(cli)
    assert document["selected"] == [
        "waterstofcorridor", "ambulance", "ambulance-gegevens", "energieforum", "veterinair",
        "grensarbeid", "politie-verbindingsofficieren", "grensoverschrijdend-bestuur",
        "politie-aankoop",
    ]  # fmt: skip
    assert document["value"] == pytest.approx(1105 / 3)
    assert (document["spend_eur"], document["staff_fte"]) == (3_800_000, 12)
    assert document["slack_eur"] == 100_000


def test_left_out_items_say_what_would_bring_them_in(cli: Callable[..., Run]) -> None:
    """A left-out item names the cheapest change; a gate failure says so."""
    run = cli("select", EXAMPLE, "--lang", "en")
    lines = run.stdout.splitlines()
    crisis = next(x for x in lines if x.startswith("crisisbeheersing"))
    assert crisis.endswith("0.5 more FTE or drop Grensarbeid (-6.7 points)")
    assert next(x for x in lines if x.startswith("jeugdbeleid")).endswith("fails a gate")
    assert lines[-1] == (
        "Picking by value per euro reaches 356.7 points against 368.3 at the optimum: it takes"
        " crisisbeheersing instead of energieforum."
    )


def test_limits_from_options(cli: Callable[..., Run]) -> None:
    """--budget and --fte replace the portfolio's limits."""
    document = _document(cli, "--budget", "1000000", "--fte", "3")
    assert document["limits"] == {"budget_eur": 1_000_000, "staff_fte": 3}
    assert document["spend_eur"] <= 1_000_000  # type: ignore[operator]


def test_must_and_exclude(cli: Callable[..., Run]) -> None:
    """--must forces an item in, --exclude keeps one out."""
    document = _document(cli, "--must", "crisisbeheersing", "--exclude", "waterstofcorridor")
    selected = document["selected"]
    assert "crisisbeheersing" in selected  # type: ignore[operator]
    assert "waterstofcorridor" not in selected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--must", "jeugdbeleid"), "'jeugdbeleid' must be selected but fails a gate"),
        (
            ("--must", "ambulanse"),
            "unknown item 'ambulanse' in --must — did you mean 'ambulance'?",
        ),
    ],
)
def test_infeasible_requests_exit_1(
    cli: Callable[..., Run], args: tuple[str, ...], message: str
) -> None:
    """A must-set that cannot be selected gets one clear line and exit 1."""
    run = cli("select", EXAMPLE, *args)
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [message]


def test_frontier_is_non_decreasing_and_meets_the_optimum(cli: Callable[..., Run]) -> None:
    """The frontier never falls as the budget grows, and at the budget equals the optimum."""
    document = _document(cli, "--frontier")
    points = document["frontier"]
    assert isinstance(points, list)
    assert len(points) == 22  # 0 to 150 % in 20 steps of 7.5 %, and the budget itself
    values = [p["value"] for p in points]
    assert values == sorted(values)
    at_budget = next(p for p in points if p["budget"] == 3_900_000)
    assert at_budget["value"] == pytest.approx(document["value"])


def test_csv(cli: Callable[..., Run]) -> None:
    """CSV: one row per viable item with its value for money and whether it is selected."""
    rows = list(csv.DictReader(io.StringIO(cli("select", EXAMPLE, "--format", "csv").stdout)))
    assert len(rows) == 10
    assert {r["id"] for r in rows if r["selected"] == "true"} >= {"ambulance", "veterinair"}


def test_explain_n_explains_the_n_nearest_the_cut(cli: Callable[..., Run]) -> None:
    """At a budget of EUR 2 million four viable items are left out; ``--explain 2``
    explains the two nearest the cut (by the LP relaxation's reduced cost) in the same
    words as a full run, and lists the other two as unexplained: in JSON, in a note under
    the table, and in the CSV's change column."""
    full = _document(cli, "--budget", "2000000", "--lang", "en")
    two = _document(cli, "--budget", "2000000", "--lang", "en", "--explain", "2")
    assert full["unexplained"] == []
    assert two["unexplained"] == ["energieforum", "crisisbeheersing"]
    words = {left["id"]: left["change"] for left in full["left_out"]}  # type: ignore[attr-defined]
    assert {left["id"]: left["change"] for left in two["left_out"]} == {  # type: ignore[attr-defined]
        item: change for item, change in words.items() if item not in two["unexplained"]
    }
    view = cli("select", EXAMPLE, "--budget", "2000000", "--lang", "en", "--explain", "2")
    assert view.stdout.splitlines()[-1] == (
        "Not explained: 2 of the items left out (each explanation is exact and takes several"
        " solves); --explain all explains every one, --explain N the N nearest the cut."
    )
    table = cli("select", EXAMPLE, "--budget", "2000000", "--format", "csv", "--explain", "2")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(table.stdout))}
    assert rows["energieforum"]["change"] == "niet uitgelegd (--explain all)"
    assert rows["ambulance"]["change"] == ""  # selected


def test_explain_takes_default_all_or_a_number(cli: Callable[..., Run]) -> None:
    """Any other ``--explain`` is a usage error (exit 2) that names the value."""
    run = cli("select", EXAMPLE, "--explain", "many")
    assert run.exit_code == 2
    assert "'many' is not default, all or a whole number (e.g. 20)" in run.stderr
