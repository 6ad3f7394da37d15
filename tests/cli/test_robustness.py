"""afweging robustness through the CLI: the table, the verdict, seeded JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.helpers import EXAMPLE, Run


def test_robustness_table_and_verdict(cli: Callable[..., Run]) -> None:
    """The report names the seed, every viable item's chance of the top k, and a verdict."""
    run = cli("robustness", EXAMPLE, "--lang", "en", "--samples", "2000")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "Robustness: 2,000 samples of the weights (around the framework's weights), seed 20121101"
    )
    assert lines[2].split()[:4] == ["rank", "id", "name", "chance"]
    assert "Not ranked (fail a gate): jeugdbeleid, politie-opleidingen, diploma-erkenning." in lines
    assert "robust." in lines[-1]
    assert "depends most on the weight of" in lines[-1]


def test_same_seed_same_bytes_other_seed_close(cli: Callable[..., Run]) -> None:
    """The JSON is identical for the same seed; another seed moves shares by little."""
    args = ("robustness", EXAMPLE, "--format", "json", "--samples", "3000")
    first = cli(*args).stdout
    assert first == cli(*args).stdout
    other = json.loads(cli(*args, "--seed", "7").stdout)
    base = json.loads(first)
    assert base["seed"] == 20121101
    for a, b in zip(base["items"], other["items"], strict=True):
        assert abs(a["top_share"] - b["top_share"]) < 0.05


def test_uniform_weights_and_top(cli: Callable[..., Run]) -> None:
    """--weights uniform and --top change what is sampled and counted, and are reported."""
    document = json.loads(
        cli(
            "robustness",
            EXAMPLE,
            "--format",
            "json",
            "--weights",
            "uniform",
            "--top",
            "3",
            "--samples",
            "1000",
        ).stdout
    )
    assert (document["weights"], document["top"], document["concentration"]) == (
        "uniform", 3, None,
    )  # fmt: skip
    assert {m["method"] for m in document["methods"]} == {
        "weighted-sum", "weighted-product", "topsis", "promethee-ii",
    }  # fmt: skip
    intervals = {s["criterion"]: s for s in document["stability"]}
    border = intervals["grensbarrieres"]["top_set"]
    assert border["lower"] <= 0.25 <= border["upper"]
