"""Benchmark of the selection solver on a large random portfolio.

What it measures
    The wall-clock time of ``afweging.analysis.selection.select()`` on one generated portfolio of
    ``--items`` items (default 1,000) with a budget and a staff limit that both bind and
    ``--deps`` random links between items (default 50: about half ``requires``, half
    ``excludes``), and, in the same run, a *baseline*: ``scipy.optimize.milp`` on the bare
    knapsack (the same values and the same two limits, no links, no tie-breaking), built
    directly with numpy. Both solve to optimality (``mip_rel_gap`` 0). It reports the
    median and the minimum over ``--runs`` timed runs (default 7), the ratio of the
    medians, and the optimal values found.

The portfolio
    Values are uniform on 0–100; costs are log-normal (median about EUR 270,000, rounded
    to EUR 1,000); staff is the cost divided by EUR 90,000, times a uniform factor of
    0.5–1.5, rounded to 0.1 FTE (staff and money go together, but not in proportion).
    ``--fte-model independent`` draws staff uniformly from 0–3 FTE instead, which makes
    the two limits pull in unrelated directions: a harder instance for the solver.
    The budget is 40 % of the total cost and the staff limit 40 % of the total staff.

How to run it
    With the package installed in the active environment (``pip install -e .`` and
    scipy), from anywhere::

        python benchmarks/selection.py                 # text summary
        python benchmarks/selection.py --runs 15       # more runs, tighter numbers
        python benchmarks/selection.py --seed 7        # another portfolio
        python benchmarks/selection.py --json          # machine-readable, with all raw times

How to read it
    The machine may be busy, so absolute times are noisy: the two solvers run
    interleaved (one of each per round, order alternating) so that both see the same
    noise, and one untimed round first pays for importing scipy. The ratio says what
    the links, the tie-breaking and the checks of ``select()`` cost on top of the bare
    solver. The time of a 0/1 programme depends on the instance: try a few seeds.

    HiGHS 1.12 (inside scipy 1.17) sometimes writes a stray debug line to the process's
    standard output; the script sends the solvers' C-level output to a temporary file
    and reports how many lines it caught, so ``--json`` stays clean.

This is a measurement, not a test: it exits 0 whatever the numbers. It uses the
standard library, numpy and scipy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afweging.analysis.selection import Candidate, Limits


def generate(items: int, deps: int, seed: int, fte_model: str) -> tuple[list[Candidate], Limits]:
    """A random portfolio and its limits; the same arguments give the same portfolio."""
    from afweging.analysis.selection import Candidate, Limits

    rng = random.Random(seed)  # noqa: S311 -- a reproducible test portfolio, not a secret
    values = [rng.uniform(0.0, 100.0) for _ in range(items)]
    eur = [float(round(rng.lognormvariate(12.5, 0.8), -3)) for _ in range(items)]
    if fte_model == "correlated":
        fte = [round(cost / 90_000 * rng.uniform(0.5, 1.5), 1) for cost in eur]
    else:
        fte = [round(rng.uniform(0.0, 3.0), 1) for _ in range(items)]
    ids = [f"item-{i:04d}" for i in range(items)]
    requires: list[list[str]] = [[] for _ in range(items)]
    excludes: list[list[str]] = [[] for _ in range(items)]
    for _ in range(deps):
        i, j = rng.sample(range(items), 2)
        (requires if rng.random() < 0.5 else excludes)[i].append(ids[j])
    candidates = [
        Candidate(
            ids[i],
            f"Item {i}",
            values[i],
            eur[i],
            fte[i],
            True,
            tuple(requires[i]),
            tuple(excludes[i]),
        )
        for i in range(items)
    ]
    return candidates, Limits(0.4 * sum(eur), 0.4 * sum(fte))


def baseline(candidates: list[Candidate], limits: Limits) -> Callable[[], float]:
    """The bare knapsack as a ``scipy.optimize.milp`` call; returns its optimal value."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

    values = np.array([c.value for c in candidates])
    matrix = np.array([[c.eur / 1000 for c in candidates], [c.fte for c in candidates]])
    if limits.budget is None or limits.fte is None:
        raise ValueError("the baseline needs both limits")
    upper = np.array([limits.budget / 1000, limits.fte])

    def solve() -> float:
        result = milp(
            -values,
            integrality=np.ones(len(values)),
            bounds=Bounds(0, 1),
            constraints=[LinearConstraint(matrix, -np.inf, upper)],
            options={"mip_rel_gap": 0.0},
        )
        return float(values @ np.round(result.x))

    return solve


@contextlib.contextmanager
def captured_stdout() -> Iterator[list[int]]:
    """Send file descriptor 1 to a temporary file; yields a list that receives the
    number of lines written there."""
    count: list[int] = []
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield count
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            count.append(sink.read().count(b"\n"))


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Time both solvers, interleaved, after one untimed round."""
    from afweging.analysis.selection import select

    candidates, limits = generate(args.items, args.deps, args.seed, args.fte_model)
    bare = baseline(candidates, limits)
    solvers: dict[str, Callable[[], float]] = {
        "select": lambda: select(candidates, limits).value,
        "baseline": bare,
    }
    times: dict[str, list[float]] = {name: [] for name in solvers}
    values: dict[str, float] = {}
    with captured_stdout() as stray:
        for name, solve in solvers.items():
            values[name] = solve()
        for run in range(args.runs):
            names = list(solvers) if run % 2 == 0 else list(reversed(solvers))
            for name in names:
                start = time.perf_counter()
                solvers[name]()
                times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    return {
        "items": args.items,
        "deps": args.deps,
        "seed": args.seed,
        "fte_model": args.fte_model,
        "runs": args.runs,
        "budget_eur": limits.budget,
        "staff_fte": limits.fte,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "stray_solver_lines": stray[0],
        "value": values,
        "median_s": medians,
        "min_s": {name: min(t) for name, t in times.items()},
        "ratio": medians["select"] / medians["baseline"],
        "times_s": times,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the options, measure, and print the summary (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs (default 7)")
    parser.add_argument("--seed", type=int, default=1, help="portfolio seed (default 1)")
    parser.add_argument("--items", type=int, default=1000, help="items (default 1000)")
    parser.add_argument("--deps", type=int, default=50, help="links (default 50)")
    parser.add_argument(
        "--fte-model",
        choices=("correlated", "independent"),
        default="correlated",
        help="how staff relates to cost (default correlated)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON with all raw times")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.items < 2 or args.deps < 0:
        parser.error("--runs and --items must be positive (--items at least 2)")
    result = measure(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{args.items} items, {args.deps} links, seed {args.seed}, staff {args.fte_model};"
        f" budget EUR {result['budget_eur']:,.0f}, staff {result['staff_fte']:.1f} FTE;"
        f" {args.runs} runs"
    )
    for name in ("select", "baseline"):
        print(
            f"  {name:<9} median {result['median_s'][name] * 1000:8.1f} ms"
            f"   min {result['min_s'][name] * 1000:8.1f} ms"
            f"   value {result['value'][name]:,.6f}"
        )
    print(f"  ratio select / baseline (medians): {result['ratio']:.2f}")
    if result["stray_solver_lines"]:
        print(f"  the solver wrote {result['stray_solver_lines']} stray line(s) to stdout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
