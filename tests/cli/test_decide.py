"""``afweging decide``: the example's decision table (golden, nl and en, and in the README),
the JSON document against its schema, --unanimous, --must and --exclude, and a memo that
agrees with the decision in every section."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from afweging.i18n import text
from tests.helpers import EXAMPLE, ROOT, Run

GOLDEN = ROOT / "tests" / "corpus" / "golden"
SCHEMA = json.loads((ROOT / "docs" / "decision.schema.json").read_text(encoding="utf-8"))
ARGS = ("--samples", "2000", "--seed", "7")
FIXED = {"SOURCE_DATE_EPOCH": "1764374400"}


def _decide(cli: Callable[..., Run], *args: str | Path) -> Run:
    run = cli("decide", EXAMPLE, *args)
    assert run.exit_code == 0, run.stderr
    return run


def _document(cli: Callable[..., Run], lang: str) -> dict[str, Any]:
    return json.loads(_decide(cli, "--format", "json", "--lang", lang, *ARGS).stdout)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_decision_table_matches_the_golden_file(cli: Callable[..., Run], lang: str) -> None:
    """The example's complete decision table, with a fixed seed, is exactly the golden file."""
    table = _decide(cli, "--lang", lang, *ARGS).stdout
    assert table == (GOLDEN / f"decision.{lang}.txt").read_text(encoding="utf-8")


def test_the_readme_shows_the_example_s_decision(cli: Callable[..., Run]) -> None:
    """The README's decide example is the command's output, byte for byte."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- decide-example -->\n```text\n(.*?)```\n", readme, re.DOTALL)
    assert match is not None
    assert match.group(1) == _decide(cli, "--lang", "en", *ARGS).stdout


def test_the_json_document_follows_its_schema(cli: Callable[..., Run]) -> None:
    """The decision document validates against docs/decision.schema.json."""
    jsonschema.validate(_document(cli, "en"), SCHEMA)


def test_every_item_once_and_no_funded_discontinuation(cli: Callable[..., Run]) -> None:
    """Every item of the example has one verdict; the funded ones fit and none is stopped."""
    document = _document(cli, "en")
    ids = [item["id"] for item in document["items"]]
    assert len(ids) == len(set(ids)) == 13
    funded = [i for i in document["items"] if i["funded"]]
    assert all(i["verdict"] in ("continue", "continue-with-conditions", "discuss", "start")
               for i in funded)  # fmt: skip
    assert sum(i["eur"] for i in funded) <= document["limits"]["budget_eur"]
    assert sum(i["fte"] for i in funded) <= document["limits"]["staff_fte"] + 1e-9


def test_csv_has_one_row_per_item(cli: Callable[..., Run]) -> None:
    """The CSV has a header and one row per item, each with its verdict."""
    lines = _decide(cli, "--format", "csv", "--samples", "0").stdout.splitlines()
    assert lines[0].startswith("id,verdict,funded")
    assert len(lines) == 14


def test_unanimous_infeasible_says_so_and_exits_0(cli: Callable[..., Run]) -> None:
    """No package beats the example's status quo for all: one sentence, the best package,
    the losses, exit 0."""
    run = _decide(cli, "--unanimous", "--lang", "en", "--samples", "0")
    assert "No package within the limits is worth at least the status quo" in run.stdout
    assert "NL loses 10.0 points" in run.stdout
    assert run.stderr == ""


def test_must_on_a_discontinued_item_exits_1(cli: Callable[..., Run]) -> None:
    """--must on an item the rules discontinue is refused in one line, exit 1."""
    run = cli("decide", EXAMPLE, "--must", "politie-aankoop", "--samples", "0")
    assert run.exit_code == 1
    assert "'politie-aankoop' must be funded but its verdict is discontinue" in run.stderr


def test_exclude_and_more_budget_change_the_package(cli: Callable[..., Run]) -> None:
    """--exclude stops a continuing group; --budget and --fte let more in."""
    excluded = json.loads(
        _decide(cli, "--exclude", "energieforum", "--format", "json", "--samples", "0").stdout
    )
    energy = next(i for i in excluded["items"] if i["id"] == "energieforum")
    assert energy["verdict"] == "discontinue"
    assert not energy["funded"]
    wide = json.loads(
        _decide(cli, "--budget", "9000000", "--fte", "30", "--format", "json",
                "--samples", "0").stdout
    )  # fmt: skip
    crisis = next(i for i in wide["items"] if i["id"] == "crisisbeheersing")
    assert crisis["funded"]


# --------------------------------------------------------------------------- the memo agrees


def _names(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in document["items"]}


def _labels(lang: str) -> list[tuple[str, str]]:
    """Every verdict's words in ``lang``, longest first (so 'continue with conditions' is
    found before 'continue')."""
    verdicts = ("continue", "continue-with-conditions", "discontinue", "discuss", "start",
                "not-now", "reject")  # fmt: skip
    return sorted(((text(v, lang), v) for v in verdicts), key=lambda p: -len(p[0]))


def _verdicts_in(line: str, lang: str) -> list[str]:
    found = []
    for label, verdict in _labels(lang):
        pattern = rf"(?<![\w-]){re.escape(label)}(?![\w-])"
        if re.search(pattern, line):
            found.append(verdict)
            line = re.sub(pattern, " ", line)
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_memo_section_agrees_with_the_decision(cli: Callable[..., Run], lang: str) -> None:
    """Every line of the memo that names one item and a verdict names that item's verdict;
    the package table holds exactly the funded items; the decision table and the ranking
    give each item its verdict."""
    document = _document(cli, lang)
    items = _names(document)
    memo = cli("memo", EXAMPLE, "--lang", lang, *ARGS, env=FIXED)
    assert memo.exit_code == 0, memo.stderr
    names = sorted(items, key=len, reverse=True)
    section = heading = ""
    package: set[str] = set()
    for line in memo.stdout.splitlines():
        if line.startswith("## "):
            section, heading = line, ""
            continue
        if line.startswith("### "):
            heading = line
            continue
        mentioned = [n for n in names if n in line]
        for longer in list(mentioned):  # a name inside a longer name is not a mention
            mentioned = [n for n in mentioned if n == longer or n not in longer]
        if line.startswith("| ") and section.startswith(("## Het pakket", "## The package")):
            package.update(mentioned)
        if len(mentioned) > 1:
            _check_segments(line, items, names, lang)
            continue
        if not mentioned:
            continue
        item = items[mentioned[0]]
        if "Reproduceerbaarheid" in section or "Reproducibility" in section:
            continue
        for verdict in _verdicts_in(heading, lang):  # listed under a verdict's heading
            assert verdict == item["verdict"], (heading, line)
        verdicts = _verdicts_in(line.split(" | ")[1] if line.startswith("| ") and (
            section.startswith(("## Besluit", "## Decision"))) else line, lang)  # fmt: skip
        for verdict in verdicts:
            assert verdict == item["verdict"], (section, line)
    assert package == {name for name, item in items.items() if item["funded"]}


def _check_segments(line: str, items: dict[str, Any], names: list[str], lang: str) -> None:
    """A line naming several items: in "name (verdict): …" (what it would take, the
    package) the first name has that verdict; in a part with one verdict written before
    every name ("verdict: names", "proposed to verdict (names)") every name has it."""
    for piece in line.split("; "):
        part = piece.removeprefix("- ").split(" — ")[-1].replace("**", "")
        first = next((n for n in names if part.startswith(f"{n} (")), None)
        if first is not None:
            stated = _verdicts_in(part[len(first) + 2 :].split(")")[0], lang)
            assert stated in ([], [items[first]["verdict"]]), (part, first)
            continue
        verdicts = _verdicts_in(part, lang)
        named = [n for n in names if n in part]
        if len(verdicts) != 1 or not named:
            continue
        label = next(lb for lb, v in _labels(lang) if v == verdicts[0])
        if part.find(label) < min(part.find(n) for n in named):
            for name in named:
                assert items[name]["verdict"] == verdicts[0], (part, name)
