"""Benchmark of ``afweging decide`` (analysis.decision.decide) on large portfolios.

What it measures
    For each size (default 100, 1,000 and 5,000 items) the wall-clock time of the whole
    decision in-process: the analysis (matrix, ranking, review) followed by ``decide``
    with every survival condition and ``--samples`` weight samples (default 10,000).
    In the same run, interleaved with it, a *baseline*: the analysis alone, which is
    what ``afweging rank`` computes on the same portfolio. It reports the median and the
    minimum over ``--runs`` timed runs (default 5) and the ratio of the medians.

The portfolios
    ``benchmarks/scale.py``'s synthetic framework (9 weighted criteria, 3 gates, the
    Benelux rules) with the Benelux decision section, and its synthetic items (90 %
    active, 10 % proposed). The budget and the staff limit are 80 % of the portfolio's
    total cost and staff (the portfolio asks 125 % of what there is, as the example asks
    130 %), so both bind and items are left out, each with its conditions.

How to run it
    With the package installed in the active environment::

        python benchmarks/decide.py                    # text summary
        python benchmarks/decide.py --sizes 1000       # one size
        python benchmarks/decide.py --json             # machine-readable, with raw times

The goal (issue #19): 1,000 items in under 5 s on the 2-core development machine. This
is a measurement, not a test: it exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DECISION = {
    "incumbents": "compete",
    "conditions": ["geen-resultaat", "mandaat"],
}


def _scale_module() -> Any:
    """``benchmarks/scale.py``, for its synthetic framework and items."""
    path = Path(__file__).with_name("scale.py")
    spec = importlib.util.spec_from_file_location("afweging_benchmark_scale", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def loaded_portfolio(items: int, seed: int) -> Any:
    """The synthetic framework and a portfolio of ``items`` items, validated."""
    from afweging.models import Framework, Loaded, Portfolio
    from afweging.sources.yaml import parse

    scale = _scale_module()
    framework_doc = parse(scale.framework_yaml(), "synthetic.yaml").data
    framework_doc["decision"] = DECISION
    made = list(scale.generate_items(items, seed))
    portfolio_doc = {
        "version": 1,
        "framework": "synthetic",
        "title": f"Synthetic {items}",
        "as_of": "2012-11-01",
        "assessors": list(scale.ASSESSORS),
        "limits": {
            "budget_eur": 0.8 * sum(i["cost"]["eur"] for i in made),
            "staff_fte": 0.8 * sum(i["cost"]["fte"] for i in made),
        },
        "items": made,
    }
    return Loaded(
        Portfolio.model_validate(portfolio_doc),
        Framework.model_validate(framework_doc),
        "synthetic.yaml",
        "synthetic",
    )


def _time(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(size: int, runs: int, samples: int, seed: int, cap: float) -> dict[str, Any]:
    """Interleaved timings of the decision and of the analysis alone on one portfolio;
    when the untimed first decision takes longer than ``cap`` seconds, that one time is
    reported and the timed runs are skipped."""
    from afweging.analysis.decision import decide
    from afweging.analysis.pipeline import analyse

    loaded = loaded_portfolio(size, seed)

    def decision() -> object:
        return decide(analyse(loaded), samples=samples, seed=seed)

    def baseline() -> object:
        return analyse(loaded)

    first = time.perf_counter()
    result = decision()  # untimed: imports numpy and scipy, warms the caches
    first = time.perf_counter() - first
    baseline()
    decided, analysed = [], []
    for run in range(runs if first <= cap else 0):
        pair = (decision, baseline) if run % 2 == 0 else (baseline, decision)
        for work in pair:
            (decided if work is decision else analysed).append(_time(work))
    verdicts: dict[str, int] = {}
    for item in result.items:  # type: ignore[attr-defined]
        verdicts[item.verdict] = verdicts.get(item.verdict, 0) + 1
    conditions = sum(len(item.conditions) for item in result.items)  # type: ignore[attr-defined]
    if not decided:  # over the cap: the one (untimed) run is all there is
        decided, analysed = [first], [_time(baseline)]
    return {
        "items": size,
        "samples": samples,
        "over_cap": first > cap,
        "first_s": first,
        "decide_median_s": statistics.median(decided),
        "decide_min_s": min(decided),
        "baseline_median_s": statistics.median(analysed),
        "baseline_min_s": min(analysed),
        "ratio": statistics.median(decided) / statistics.median(analysed),
        "verdicts": verdicts,
        "conditions": conditions,
        "decide_s": decided,
        "baseline_s": analysed,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the summary (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated item counts")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size")
    parser.add_argument("--samples", type=int, default=10_000, help="weight samples")
    parser.add_argument("--seed", type=int, default=20121101, help="portfolio and samples")
    parser.add_argument(
        "--cap", type=float, default=120.0, help="skip the timed runs when one takes longer"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    report = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "results": [measure(size, args.runs, args.samples, args.seed, args.cap) for size in sizes],
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"decide vs the analysis alone (baseline), median of {args.runs} runs")
    for r in report["results"]:
        if r["over_cap"]:
            print(f"{r['items']:>6} items: one decide took {r['first_s']:.1f} s (over --cap)")
            continue
        print(
            f"{r['items']:>6} items: decide {r['decide_median_s']:.2f} s"
            f" (min {r['decide_min_s']:.2f}), baseline {r['baseline_median_s']:.3f} s,"
            f" ratio {r['ratio']:.1f}; {r['conditions']} conditions; {r['verdicts']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
