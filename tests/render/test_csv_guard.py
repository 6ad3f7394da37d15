"""The one formula guard (issue #20, class "secrets and terminal control"): every cell a
spreadsheet would run as a formula is guarded, also after spaces or a tab, and also the
values that come from the framework; reading the CSV back gives the text as it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from afweging.render.csv import guard, unguard
from tests.helpers import MINI_FRAMEWORK, invoke, portfolio_yaml


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=1+1", "'=1+1"),
        ('\t=HYPERLINK("x")', '\'\t=HYPERLINK("x")'),
        ("  =1", "'  =1"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("Grensarbeid", "Grensarbeid"),
        ("a =1", "a =1"),
    ],
)
def test_guard_and_its_inverse(text: str, guarded: str) -> None:
    """Secrets and terminal control: a would-be formula gets an apostrophe, also after
    whitespace or a tab; unguard gives the text back exactly."""
    assert guard(text) == guarded
    assert unguard(guarded) == text


def test_a_level_symbol_from_the_framework_is_guarded(tmp_path: Path) -> None:
    """Secrets and terminal control: export guards a framework's level symbol
    ('@SUM(1+1)'), and a portfolio reading the CSV back has the same scores."""
    framework = MINI_FRAMEWORK.replace('symbol: "+++"', 'symbol: "@SUM(1+1)"')
    (tmp_path / "mini.yaml").write_text(framework, encoding="utf-8")
    items = [{"id": "x", "name": "X", "scores": {"a": "@SUM(1+1)", "b": "+", "c": "0"}}]
    (tmp_path / "p.yaml").write_text(portfolio_yaml(items), encoding="utf-8")
    run = invoke("export", tmp_path / "p.yaml")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert (rows[0]["a"], rows[0]["b"], rows[0]["c"]) == ("'@SUM(1+1)", "+", "0")
    (tmp_path / "items.csv").write_text(run.stdout, encoding="utf-8")
    text = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nitems:")]
    (tmp_path / "back.yaml").write_text(head + "\nitems_from: items.csv\n", encoding="utf-8")
    ranked = invoke("rank", tmp_path / "back.yaml", "--format", "json")
    original = invoke("rank", tmp_path / "p.yaml", "--format", "json")
    assert ranked.exit_code == 0, ranked.stderr
    assert _totals(ranked.stdout) == _totals(original.stdout)


def _totals(document: str) -> list[tuple[str, float]]:
    import json

    return [(entry["id"], entry["total"]) for entry in json.loads(document)["items"]]
