"""Benchmark of the Monte Carlo rank acceptability (``afweging.analysis.robustness.acceptability``).

What it measures
    The wall-clock time of ``acceptability()`` on random data -- by default 10,000 samples
    × 1,000 items × 12 criteria, all items viable, top 5 -- doing its full work: checking the
    input, drawing the weights, ranking every sample by the tie rule, and building the
    result (rank acceptabilities, top-5 shares, percentiles) as Python lists. At 1,000 items
    the pairwise winning index is not computed (it is above ``WINNING_MAX_ITEMS``, 200).

    In the same run, interleaved with it, a plain numpy *reference* of the same work: for
    each batch of samples (the same batch size), draw the weights from the same Dirichlet,
    one matrix product weights × values, and an ``argsort`` of every sample's totals.
    It is timed twice:

    * ``reference``: the product as one ``W @ V.T`` per batch;
    * ``reference, sliced product``: the product sliced as ``acceptability`` slices it
      (``PRODUCT_ROWS`` samples and at most ``PRODUCT_CELLS`` multiply-adds a call).
      OpenBLAS hands a larger product to its thread pool, which on the 2-core development
      machine costs about 30 ms per call for a product this thin (0.6 ms sliced); slicing
      the reference's product too keeps that artefact out of the comparison, so the ratio
      compares the ranking work itself.

    It reports the median and minimum of ``--runs`` runs of each, and the ratio of the
    medians of ``acceptability`` to each reference. The goals are a median under 2 s and at
    most 1.5× the sliced reference (the stricter of the two).

Environment
    On some processors of this workplace ``OPENBLAS_CORETYPE`` (and ``OPENBLAS_L2_SIZE``) are
    set, because older OpenBLAS builds compute wrong results there; they slow a current
    numpy's products. This script does not change them; it prints them. Both sides use the
    same BLAS, so the ratio stays fair. To measure without them, unset both in that one
    command: ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/robustness.py``.

How to run it
    ``python benchmarks/robustness.py`` (text), ``--json`` (machine-readable, with the raw
    times), ``--check`` (exit 1 when a goal is missed), ``--runs``, ``--samples``,
    ``--items``, ``--criteria``, ``--seed`` to change the work. This is a measurement, not a
    test: it exits 0 whatever the numbers, unless ``--check`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from afweging.analysis import robustness
from afweging.analysis.robustness import DEFAULT_CONCENTRATION, DEFAULT_SEED, acceptability

GOAL_SECONDS = 2.0
GOAL_RATIO = 1.5
TOP = 5


def _reference(
    values: np.ndarray, alpha: np.ndarray, samples: int, batch: int, seed: int, *, sliced: bool
) -> None:
    """Per batch: Dirichlet weights, one product weights × values, an argsort per sample."""
    rng = np.random.default_rng(seed)
    scaled = np.ascontiguousarray(100.0 * values.T)
    done = 0
    while done < samples:
        size = min(batch, samples - done)
        weights = rng.dirichlet(alpha, size=size)
        # sliced: afweging's own slicing of the product
        totals = robustness._totals(weights, scaled) if sliced else weights @ scaled
        np.argsort(totals, axis=1)
        done += size


def _time(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; the exit code follows ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--criteria", type=int, default=12)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="data and sampling seed")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    if min(args.runs, args.samples, args.items, args.criteria) < 1:
        parser.error("--runs, --samples, --items and --criteria must be at least 1")

    data = np.random.default_rng(args.seed)
    matrix = data.random((args.items, args.criteria))
    share_array = data.dirichlet(np.ones(args.criteria))
    values, shares = matrix.tolist(), share_array.tolist()
    viable = [True] * args.items
    alpha = DEFAULT_CONCENTRATION * share_array
    batch = max(1, robustness.BATCH_ELEMENTS // args.items)

    def ours() -> object:
        return acceptability(values, shares, viable, samples=args.samples, seed=args.seed, top=TOP)

    def plain() -> None:
        _reference(matrix, alpha, args.samples, batch, args.seed, sliced=False)

    def sliced() -> None:
        _reference(matrix, alpha, args.samples, batch, args.seed, sliced=True)

    contenders = {"acceptability": ours, "reference": plain, "reference_sliced": sliced}
    for work in contenders.values():  # warm-up: imports, caches, page faults
        work()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for run in range(args.runs):
        names = list(contenders)
        names = names[run % len(names) :] + names[: run % len(names)]  # rotate the order
        for name in names:
            times[name].append(_time(contenders[name]))

    medians = {name: statistics.median(t) for name, t in times.items()}
    report: dict[str, Any] = {
        "samples": args.samples,
        "items": args.items,
        "criteria": args.criteria,
        "top": TOP,
        "batch": batch,
        "winning_index": args.items <= robustness.WINNING_MAX_ITEMS,
        "runs": args.runs,
        "median_s": medians,
        "min_s": {name: min(t) for name, t in times.items()},
        "ratio": medians["acceptability"] / medians["reference"],
        "ratio_sliced": medians["acceptability"] / medians["reference_sliced"],
        "times_s": times,
        "environment": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
        },
    }
    met = medians["acceptability"] < GOAL_SECONDS and report["ratio_sliced"] <= GOAL_RATIO
    report["goals_met"] = met
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_text(report)
    return 1 if args.check and not met else 0


def _print_text(report: dict[str, Any]) -> None:
    env = report["environment"]
    print(
        f"acceptability: {report['samples']:,} samples × {report['items']:,} items × "
        f"{report['criteria']} criteria, top {report['top']}, batches of {report['batch']}, "
        f"winning index {'included' if report['winning_index'] else 'not computed'}"
    )
    print(
        f"python {env['python']}, numpy {env['numpy']}, {env['cpus']} CPUs, "
        f"OPENBLAS_CORETYPE={env['OPENBLAS_CORETYPE'] or '(unset)'}, "
        f"OPENBLAS_L2_SIZE={env['OPENBLAS_L2_SIZE'] or '(unset)'}"
    )
    print(f"{report['runs']} runs each, interleaved\n")
    labels = {
        "acceptability": "acceptability()",
        "reference": "reference (W @ V.T + argsort)",
        "reference_sliced": "reference, sliced product",
    }
    print(f"{'':32} {'median':>9} {'min':>9}")
    for name, label in labels.items():
        print(f"{label:32} {report['median_s'][name]:8.3f}s {report['min_s'][name]:8.3f}s")
    print(
        f"\nratio acceptability / reference:                 {report['ratio']:.2f}×"
        f"\nratio acceptability / reference, sliced product: {report['ratio_sliced']:.2f}×"
    )
    verdict = "met" if report["goals_met"] else "MISSED"
    print(f"goals (median < {GOAL_SECONDS:g} s, ≤ {GOAL_RATIO:g}× the sliced reference): {verdict}")


if __name__ == "__main__":
    sys.exit(main())
