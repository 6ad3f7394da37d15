"""afweging weights through the CLI: tables, JSON, errors, and --write on a framework."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, FRAMEWORK, ROOT, Run

ORDER = [
    "grensbarrieres", "voortrekkersrol=resultaten", "schaalvoordelen", "kennis=netwerk",
    "eu_afstemming",
]  # fmt: skip


def test_rank_order_table(cli: Callable[..., Run]) -> None:
    """weights rank prints the rank-order centroid shares for four criteria, in Dutch by
    default (issue #20: the output was English only) and in English with --lang en."""
    run = cli("weights", "rank", "a", "b", "c", "d")
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        "criterium   gewicht",
        "a           52,08%",
        "b           27,08%",
        "c           14,58%",
        "d            6,25%",
    ]
    run = cli("weights", "rank", "a", "b", "c", "d", "--lang", "en")
    assert run.stdout.splitlines() == [
        "criterion   weight",
        "a           52.08%",
        "b           27.08%",
        "c           14.58%",
        "d            6.25%",
    ]


def test_json_gives_the_percentages_a_framework_takes(cli: Callable[..., Run]) -> None:
    """Commands that fail a newcomer: beside the shares, the JSON gives the percentages
    that --write writes (what a framework's weight: holds), not only fractions."""
    document = json.loads(cli("weights", "rank", "a", "b", "--format", "json").stdout)
    assert document["percentages"] == {"a": 75.0, "b": 25.0}
    assert document["weights"] == {"a": 0.75, "b": 0.25}


def test_swing_reports_a_zero(cli: Callable[..., Run]) -> None:
    """A criterion given 0 swing points is reported, not silently dropped."""
    run = cli("weights", "swing", "a=100", "b=60", "c=0", "--format", "json")
    document = json.loads(run.stdout)
    assert document["weights"] == {"a": 0.625, "b": 0.375, "c": 0.0}
    assert document["zero"] == ["c"]


def test_ahp_json_has_the_consistency_figures(cli: Callable[..., Run]) -> None:
    """weights ahp gives the weights, λmax, CI, RI and CR as data."""
    run = cli(
        "weights", "ahp", ROOT / "tests" / "corpus" / "ahp" / "_valid.yaml", "--format", "json"
    )
    document = json.loads(run.stdout)
    assert document["method"] == "ahp"
    assert document["random_index"] == 0.58
    assert document["consistency_ratio"] < 0.1
    assert sum(document["weights"].values()) == pytest.approx(1.0)


def test_malformed_ahp_file_is_located(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A defect in an AHP file exits 1 with path:line:col."""
    monkeypatch.chdir(ROOT)
    run = cli("weights", "ahp", "tests/corpus/ahp/value_too_large.yaml")
    assert run.exit_code == 1
    assert run.stderr.startswith("tests/corpus/ahp/value_too_large.yaml:")
    assert "Traceback" not in run.stderr


def test_write_changes_only_the_weights_and_shows_the_ranking_change(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """--write rewrites the weight values only; check passes; --portfolio shows rank moves."""
    framework = tmp_path / "kader.yaml"
    framework.write_bytes(FRAMEWORK.read_bytes())
    run = cli(
        "weights", "rank", *ORDER, "--write", framework, "--portfolio", EXAMPLE,
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert run.stderr == f"weights written to {framework}\n"
    assert f"ranking of {EXAMPLE} with the new weights:" in run.stdout
    before = FRAMEWORK.read_text(encoding="utf-8").splitlines()
    after = framework.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed
    assert all(a.strip().startswith("weight:") and b.strip().startswith("weight:")
               for a, b in changed)  # fmt: skip
    assert cli("check", framework).exit_code == 0


def test_write_refuses_weights_that_miss_a_criterion(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Weights that leave out a weighted criterion of the framework are refused; no write."""
    framework = tmp_path / "kader.yaml"
    framework.write_bytes(FRAMEWORK.read_bytes())
    run = cli("weights", "rank", "grensbarrieres", "kennis", "--write", framework)
    assert run.exit_code == 1
    assert framework.read_bytes() == FRAMEWORK.read_bytes()


def test_unknown_criterion_with_write(cli: Callable[..., Run], tmp_path: Path) -> None:
    """With --write, a criterion the framework does not have is an error with a did-you-mean."""
    framework = tmp_path / "kader.yaml"
    framework.write_bytes(FRAMEWORK.read_bytes())
    run = cli("weights", "rank", "grensbarriere", "kennis", "--write", framework)
    assert run.exit_code == 1
    assert "did you mean 'grensbarrieres'" in run.stderr
