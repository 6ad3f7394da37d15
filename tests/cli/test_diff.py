"""afweging diff through the CLI, and the memo's changes section (memo --previous)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, Run, example_with_three_edits


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Last year's portfolio (the example) and this year's (three edits), side by side."""
    old = tmp_path / "2012.yaml"
    new = tmp_path / "2013.yaml"
    old.write_bytes(EXAMPLE.read_bytes())
    new.write_text(example_with_three_edits(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    return old, new


def test_diff_json_reports_the_three_edits(
    cli: Callable[..., Run], versions: tuple[Path, Path]
) -> None:
    """diff --format json names the added item, the changed score and the failed gate."""
    run = cli("diff", *versions, "--format", "json")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["schema"] == "afweging/diff"
    assert [a["id"] for a in document["added"]] == ["fietssnelwegen"]
    assert document["removed"] == []
    changed = {c["id"]: c for c in document["changed"]}
    assert changed["energieforum"]["scores"][0]["old"] == "+"
    assert changed["energieforum"]["scores"][0]["new"] == "+++"
    assert changed["veterinair"]["gates_failed"][0]["failed_by"] == ["LU"]
    assert changed["veterinair"]["new_rank"] is None
    assert [f["rule"] for f in changed["veterinair"]["flags_appeared"]] == ["poort-niet-gehaald"]


def test_diff_of_a_file_with_itself_is_empty(cli: Callable[..., Run]) -> None:
    """Comparing a portfolio with itself reports no change."""
    document = json.loads(cli("diff", EXAMPLE, EXAMPLE, "--format", "json").stdout)
    assert (document["added"], document["removed"], document["changed"]) == ([], [], [])


def test_memo_changes_section_matches_diff_markdown(
    cli: Callable[..., Run], versions: tuple[Path, Path]
) -> None:
    """The memo's 'changes since' section is exactly diff --format markdown."""
    old, new = versions
    markdown = cli("diff", old, new, "--format", "markdown", "--lang", "en").stdout
    memo = cli("memo", new, "--previous", old, "--lang", "en", "--samples", "500").stdout
    start = memo.index("## Changes since ")
    section = memo[start:]
    body = section[section.index("\n\n") + 2 :]
    body = body[: body.index("\n## ")]
    assert body.strip() == markdown.strip()
    from afweging.render.memo import md

    assert f"- SHA-256 of {md(old)}:" in memo
