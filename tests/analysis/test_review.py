# ruff: noqa: E501 — the expected output is pinned line for line, as the command prints it
"""The review command on the shipped example: the complete list of flags, pinned."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLE, ROOT, Run

EXPECTED_EN = """\
Review of Benelux-samenwerking: werkgroepen en voorstellen 2013 — as of 2012-11-01

Proposed for discontinuation
  Politie: aankoop en logistiek (politie-aankoop), rank 10, total 26.7
    - total 26.7 is below the threshold of 30 points [lage-score]
    - place 8 of 8 working groups by total: in the bottom quarter (places 7–8) [onderste-kwart, discuss]
  Jeugdbeleid (jeugdbeleid), not ranked (fails a gate), total 36.7
    - fails the gate 'Administrative support': LU beperkt (minimum voldoende) [poort-niet-gehaald]
  Politie: gemeenschappelijke opleidingen (politie-opleidingen), not ranked (fails a gate), total 13.3
    - total 13.3 is below the threshold of 30 points [lage-score]
    - no tangible result since 2011 (last: 2010) [geen-recent-resultaat, condition]
    - the Benelux is not the right level (0): the EU, bilateral or local cooperation suffices [niet-benelux-niveau]

To discuss
  Crisisbeheersing (crisisbeheersing), rank 9, total 31.7
    - place 7 of 8 working groups by total: in the bottom quarter (places 7–8) [onderste-kwart]

To continue with conditions
  Ambulancebeschikking (ambulance), rank 2, total 45.0
    - no tangible result since 2011 (last: 2009) [geen-recent-resultaat]
  Veterinaire aangelegenheden (veterinair), rank 5, total 41.7
    - the mandate ended on 2011-12-31 and was not renewed [mandaat-verlopen]
  Grensoverschrijdende samenwerking bestuurlijke entiteiten (grensoverschrijdend-bestuur), rank 8, total 36.7
    - no tangible result since 2011 (last: 2007) [geen-recent-resultaat]

10 working groups reviewed: 3 proposed for discontinuation, 1 to discuss, 3 to continue with conditions.
"""


def test_review_of_the_example_flags_what_its_data_implies(cli: Callable[..., Run]) -> None:
    """The example's review lists every flagged working group with every reason, in English."""
    run = cli("review", EXAMPLE, "--lang", "en")
    assert run.exit_code == 0
    assert run.stderr == ""
    assert run.stdout == EXPECTED_EN


def test_review_in_dutch(cli: Callable[..., Run]) -> None:
    """The review speaks Dutch by default (the framework's language)."""
    lines = cli("review", EXAMPLE).stdout.splitlines()
    assert lines[2] == "Voorgesteld om te stoppen"
    assert lines[-9] == "Voortzetten onder voorwaarden"
    assert (
        lines[-7]
        == "    - geen tastbaar resultaat sinds 2011 (laatste: 2009) [geen-recent-resultaat]"
    )
    assert lines[-1] == (
        "10 werkgroepen beoordeeld: 3 voorgesteld om te stoppen, 1 te bespreken,"
        " 3 voortzetten onder voorwaarden."
    )


def test_readme_shows_the_same_review(cli: Callable[..., Run]) -> None:
    """The README's review example is the command's real output."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(
        r"```console\n\$ afweging review examples/benelux.yaml --lang en\n(.*?)```",
        readme,
        re.DOTALL,
    )
    assert block is not None
    assert block.group(1) == EXPECTED_EN


def _review_json(cli: Callable[..., Run], *args: str | Path) -> dict[str, Any]:
    run = cli("review", *args, "--format", "json")
    assert run.exit_code == 0, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def test_review_json_carries_the_evidence(cli: Callable[..., Run]) -> None:
    """Each flag in JSON has its rule, severity, reason and raw evidence."""
    document = _review_json(cli, EXAMPLE, "--lang", "en")
    assert document["schema"] == "afweging/review"
    assert document["counts"] == {"reviewed": 10, "discontinue": 3, "discuss": 1, "condition": 3}
    flags = {item["id"]: item["flags"] for item in document["items"]}
    assert list(flags) == [
        "ambulance", "veterinair", "grensoverschrijdend-bestuur", "crisisbeheersing",
        "politie-aankoop", "jeugdbeleid", "politie-opleidingen",
    ]  # fmt: skip
    veterinair = flags["veterinair"][0]
    assert veterinair["severity"] == "condition"  # listed under the decision's conditions
    assert veterinair["evidence"]["mandate_end"] == "2011-12-31"
    assert veterinair["evidence"]["as_of"] == "2012-11-01"
    bottom = flags["politie-aankoop"][1]
    assert bottom["evidence"] | {"total": round(bottom["evidence"]["total"], 6)} == {
        "id": "politie-aankoop",
        "name": "Politie: aankoop en logistiek",
        "kind": {"nl": "werkgroep", "en": "working group"},
        "rank": 8,
        "count": 8,
        "share": 25.0,
        "total": 26.666667,
        "places": "7–8",
    }


def test_as_of_moves_the_review_date(cli: Callable[..., Run]) -> None:
    """--as-of reviews at another date: a year on, more mandates and results are out of date."""
    later = _review_json(cli, EXAMPLE, "--as-of", "2013-06-01")
    assert later["as_of"] == "2013-06-01"
    ids = {item["id"] for item in later["items"]}
    assert "crisisbeheersing" in ids  # its mandate ended on 2012-12-31


def test_fail_on_discontinue_exits_4_on_the_example(cli: Callable[..., Run]) -> None:
    """--fail-on discontinue exits 4 when a working group is proposed for discontinuation."""
    run = cli("review", EXAMPLE, "--fail-on", "discontinue")
    assert run.exit_code == 4
    assert "Voorgesteld om te stoppen" in run.stdout


def test_fail_on_exits_0_without_flags(
    cli: Callable[..., Run], mini: Callable[[list[dict[str, Any]]], Path]
) -> None:
    """A portfolio whose working groups raise no flag passes --fail-on with exit 0."""
    path = mini(
        [
            {
                "id": "goed",
                "name": "Goed",
                "kind": "working-group",
                "scores": {"a": "+++", "b": "++", "c": "+"},
            }
        ]
    )
    with path.with_name("mini.yaml").open("a", encoding="utf-8") as framework:
        framework.write("rules:\n  - {id: laag, kind: score-below, threshold: 30}\n")
    run = cli("review", path, "--fail-on", "discuss", "--lang", "en")
    assert run.exit_code == 0
    assert "No flags." in run.stdout
    assert "1 working group reviewed: 0 proposed for discontinuation" in run.stdout


def test_bad_as_of_is_a_usage_error(cli: Callable[..., Run]) -> None:
    """--as-of that is not a date exits 2 with the expected format."""
    run = cli("review", EXAMPLE, "--as-of", "1-11-2012")
    assert run.exit_code == 2
    assert run.stderr == "afweging: --as-of 1-11-2012: write the date as YYYY-MM-DD\n"


def test_rank_and_explain_show_flags(cli: Callable[..., Run]) -> None:
    """rank names each item's flags by severity; explain gives every reason (a rule the
    decision lists under conditions shows as a condition)."""
    table = cli("rank", EXAMPLE, "--lang", "en").stdout
    line = next(x for x in table.splitlines() if " politie-aankoop " in x)
    assert line.endswith("discontinue: lage-score; discuss: onderste-kwart")
    explained = cli("explain", EXAMPLE, "veterinair", "--lang", "en").stdout
    assert (
        "  - condition [mandaat-verlopen]: the mandate ended on 2011-12-31 and was not renewed"
        in explained
    )
    document = json.loads(cli("rank", EXAMPLE, "--format", "json").stdout)
    assert document["review_as_of"] == "2012-11-01"
    item = next(i for i in document["items"] if i["id"] == "veterinair")
    assert [f["rule"] for f in item["flags"]] == ["mandaat-verlopen"]


def test_the_review_agrees_with_the_decision(cli: Callable[..., Run]) -> None:
    """Every reviewed group's most severe flag says what ``decide`` rules for it: a
    condition alone is continue-with-conditions, a discontinue flag a discontinuation
    (or a discussion, where the weight samples put it in doubt), and no group the review
    lets continue with conditions is discontinued by a rule."""
    review = json.loads(cli("review", EXAMPLE, "--format", "json", "--lang", "en").stdout)
    decision = json.loads(
        cli("decide", EXAMPLE, "--format", "json", "--samples", "500", "--lang", "en").stdout
    )
    verdicts = {item["id"]: item["verdict"] for item in decision["items"]}
    order = ("discontinue", "discuss", "condition")
    severities = {
        item["id"]: next(s for s in order if s in {f["severity"] for f in item["flags"]})
        for item in review["items"]
        if item["reviewed"]
    }
    assert severities == {
        "politie-aankoop": "discontinue",
        "jeugdbeleid": "discontinue",
        "politie-opleidingen": "discontinue",
        "crisisbeheersing": "discuss",
        "ambulance": "condition",
        "veterinair": "condition",
        "grensoverschrijdend-bestuur": "condition",
    }
    for item_id, severity in severities.items():
        if severity == "condition":
            assert verdicts[item_id] == "continue-with-conditions", item_id
        if severity == "discontinue":
            assert verdicts[item_id] in ("discontinue", "discuss"), item_id
