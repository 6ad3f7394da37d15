"""The solver is silent: nothing of HiGHS reaches stdout or stderr of the commands that solve."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import MINI_FRAMEWORK, portfolio_yaml

SOLVER_WORDS = ("HiGHS", "Highs", "tmpSolver", "Running HiGHS", "MIP ")


def _portfolio(folder: Path, count: int) -> Path:
    """``count`` random items of the mini framework with costs, a budget that leaves a few
    out, and a link for one item in twenty."""
    rng = random.Random(400)  # noqa: S311 -- test data, not a secret
    levels = ("0", "+", "++", "+++")
    items = []
    for k in range(count):
        item: dict[str, object] = {
            "id": f"item-{k:03d}",
            "name": f"Item {k}",
            "cost": {"eur": rng.randrange(50_000, 900_000, 500), "fte": rng.randrange(1, 30) / 10},
            "scores": {c: rng.choice(levels) for c in ("a", "b", "c")},
        }
        if k % 20 == 19:
            item["requires" if k % 40 == 19 else "excludes"] = [f"item-{k - 1:03d}"]
        items.append(item)
    document = yaml.safe_load(portfolio_yaml(items))
    total = sum(i["cost"]["eur"] for i in items)  # type: ignore[index]
    document["limits"] = {"budget_eur": round(0.97 * total)}
    (folder / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    path = folder / "portfolio.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afweging", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _solver_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(w in line for w in SOLVER_WORDS)]


def test_select_decide_and_memo_print_nothing_of_the_solver_at_400_items(tmp_path: Path) -> None:
    """``select --format json`` and ``decide --unanimous --format json`` write only their
    JSON and ``memo -o`` nothing at all, on a 400-item portfolio: no line of HiGHS on any
    stream (every solve goes through ``analysis.milp``, whose HiGHS is silent)."""
    portfolio = _portfolio(tmp_path, 400)
    chosen = _run("select", portfolio, "--format", "json", "--lang", "en")
    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)["schema"] == "afweging/selection"
    assert _solver_lines(chosen.stdout + chosen.stderr) == []
    assert chosen.stderr == ""
    decided = _run(
        "decide", portfolio, "--unanimous", "--format", "json", "--samples", "200", "--lang", "en"
    )
    assert decided.returncode == 0, decided.stderr
    assert json.loads(decided.stdout)["schema"] == "afweging/decision"
    assert _solver_lines(decided.stdout + decided.stderr) == []
    memo = _run("memo", portfolio, "-o", tmp_path / "memo.md", "--samples", "1000")
    assert memo.returncode == 0, memo.stderr
    assert _solver_lines(memo.stdout + memo.stderr) == []
    assert (tmp_path / "memo.md").exists()
