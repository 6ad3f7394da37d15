"""Heavy benchmark (issue #18): select, robustness, memo and the method comparison at scale.

What it measures, each beside a reference measured in the same run
    Portfolios of 100, 1,000 and 10,000 items of the synthetic framework of
    ``benchmarks/scale.py`` (9 weighted criteria on a 4-level scale, 3 gates: values on a
    few dozen levels, so ties abound, as in a real framework), with a budget and a staff
    limit at 40 % of the totals and 5 % of the items holding a ``requires`` or an
    ``excludes``. Per target:

    * ``select`` with every explanation (``--explain all --format json``, a fresh process)
      at 100 and 1,000 items: at most 2 s and 15 s;
    * one solve: ``selection.select()`` against the same model (the same objective with its
      tie-break, the same rows) passed to highspy directly, at every size: at most 1.5×;
    * ``robustness`` at 10,000 items with 10,000 samples (a fresh process, table output):
      under 20 s and 1 GB peak (the child's ``ru_maxrss``); and the rank-acceptability
      kernel against a plain numpy reference with the same draws (Dirichlet weights, the
      product sliced as afweging slices it, an argsort per sample): at most 1.5×;
    * ``memo -o`` at 1,000 items (charts included): under 10 s;
    * at 5,000 items: PROMETHEE II at least 10× faster than pymcdm's, TOPSIS at most 1.5×
      pymcdm's (vector normalisation, as ours), Kendall's tau at most 2× scipy's.

    Each is the median of ``--runs`` runs (default 5), interleaved with its reference. A run
    that exceeds ``--cap`` seconds (default 120) is stopped and the target reported as
    missed with "> cap"; the remaining runs of that case are skipped.

How to run it
    ``pip install -e '.[bench]'`` (pymcdm, psutil), then ``python benchmarks/heavy.py``;
    ``--only select,solve,robustness,memo,methods`` picks targets, ``--sizes`` the sizes.
    It prints a table with ok/FAIL per target and exits 0 (``--check``: 1 when one fails).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale

SEED = 20121101


def write_portfolio(folder: Path, count: int, seed: int = SEED) -> Path:
    """``count`` synthetic items with limits at 40 % and 5 % of items linked; returns the
    portfolio's path (the framework is written beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "framework.yaml").write_text(scale.framework_yaml(), encoding="utf-8")
    items = list(scale.generate_items(count, seed))
    for item in items:  # the loader refuses a mandate that ends before the item began
        if int(item["mandate_end"][:4]) < item["established"]:
            item["mandate_end"] = f"{item['established'] + 1}{item['mandate_end'][4:]}"
    rng = random.Random(seed + count)  # noqa: S311 -- a reproducible portfolio
    links: dict[int, str] = {}
    for k in rng.sample(range(count), max(1, count // 20)):
        other = rng.randrange(count - 1)
        other += other >= k
        kind = "requires" if rng.random() < 0.5 else "excludes"
        links[k] = f"    {kind}: [{items[other]['id']}]\n"
    eur = sum(i["cost"]["eur"] for i in items)
    fte = sum(i["cost"]["fte"] for i in items)
    head = scale.yaml_head("framework.yaml").replace(
        "limits: {budget_eur: 3900000, staff_fte: 12}",
        f"limits: {{budget_eur: {round(0.4 * eur)}, staff_fte: {round(0.4 * fte, 1)}}}",
    )
    path = folder / "portfolio.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for k, item in enumerate(items):
            out.write(scale.item_yaml(item) + links.get(k, ""))
    return path


class CappedError(Exception):
    """A run went over the cap."""


def run_command(args: list[str], cap: float) -> tuple[float, float]:
    """Run ``afweging ARGS`` in a fresh process; (wall seconds, peak MB of the child)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "afweging", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _, stderr = child.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise CappedError from None
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        raise RuntimeError(f"afweging {' '.join(args)} exited {child.returncode}: {stderr!r}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """File descriptor 1 to /dev/null (highspy.Highs() prints a banner on construction)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with Path(os.devnull).open("w") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


class Table:
    """The report: one row per target."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, target: str, value: str, reference: str, ok: bool, note: str = "") -> None:
        self.rows.append(
            {"target": target, "value": value, "reference": reference, "ok": ok, "note": note}
        )
        print(f"{target:52s} {value:>14s} {reference:>26s}  {'ok' if ok else 'FAIL'}  {note}")
        sys.stdout.flush()


def bench_select(table: Table, paths: dict[int, Path], runs: int, cap: float) -> None:
    """select with every explanation, end to end."""
    for size, limit in ((100, 2.0), (1000, 15.0)):
        if size not in paths:
            continue
        times: list[float] = []
        try:
            for _ in range(runs):
                seconds, _ = run_command(
                    ["select", str(paths[size]), "--explain", "all", "--format", "json"], cap
                )
                times.append(seconds)
        except CappedError:
            under = f"{len(times)} runs under the cap"
            table.add(f"select, every explanation, {size} items", f"> {cap:.0f} s",
                      f"target {limit:.0f} s", False, under)  # fmt: skip
            continue
        median = statistics.median(times)
        table.add(f"select, every explanation, {size} items", f"{median:.2f} s",
                  f"target {limit:.0f} s", median <= limit, f"median of {runs}")  # fmt: skip


def _model(candidates: list[Any], limits: Any) -> Callable[[], object]:
    """The selection's programme solved by highspy directly, built from the same arrays."""
    import highspy
    import numpy as np

    from afweging.analysis.selection_model import Problem, _programme

    problem = Problem(candidates, (), ())
    built = _programme(problem)  # the model's arrays, as afweging builds them
    lp = built.highs.getLp()
    n, m = lp.num_col_, lp.num_row_
    cost = np.asarray(lp.col_cost_)
    upper_rows = np.asarray(lp.row_upper_).copy()
    upper_rows[0], upper_rows[1] = limits.budget / 1000.0, limits.fte
    with quiet_stdout():
        highs = highspy.Highs()
    highs.silent()
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("threads", 1)

    def solve() -> object:
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = n, m
        model.col_cost_ = cost
        model.col_lower_ = np.zeros(n)
        model.col_upper_ = np.asarray(lp.col_upper_)
        model.row_lower_ = np.asarray(lp.row_lower_)
        model.row_upper_ = upper_rows
        model.a_matrix_ = lp.a_matrix_
        model.integrality_ = [highspy.HighsVarType.kInteger] * n
        highs.passModel(model)
        highs.run()
        return highs.getSolution().col_value

    return solve


def bench_solve(table: Table, paths: dict[int, Path], runs: int, cap: float) -> None:
    """One solve: select() against highspy on the same model."""
    from afweging.analysis.pipeline import analyse
    from afweging.analysis.selection import Limits, candidates, select
    from afweging.sources.loading import load_portfolio

    for size, path in sorted(paths.items()):
        loaded = load_portfolio(path)
        ranked = candidates(analyse(loaded).ranking)
        limits = Limits(loaded.portfolio.limits.budget_eur, loaded.portfolio.limits.staff_fte)
        direct = _model(ranked, limits)
        ours, theirs = [], []

        def ours_once(ranked: list[Any] = ranked, limits: Any = limits) -> object:
            return select(ranked, limits)

        for run in range(runs):
            pair = [("ours", ours_once), ("highspy", direct)]
            for name, work in pair if run % 2 == 0 else reversed(pair):
                seconds = timed(work)
                (ours if name == "ours" else theirs).append(seconds)
            if max(ours) > cap:
                break
        a, b = statistics.median(ours), statistics.median(theirs)
        table.add(f"one solve, {size} items", f"{a:.3f} s", f"highspy {b:.3f} s",
                  a <= 1.5 * b, f"{a / b:.2f}x (target 1.5x)")  # fmt: skip


def bench_robustness(table: Table, paths: dict[int, Path], runs: int, cap: float) -> None:
    """robustness end to end at 10,000 items, and the kernel against a numpy reference."""
    import numpy as np

    from afweging.analysis import robustness
    from afweging.analysis.pipeline import analyse
    from afweging.sources.loading import load_portfolio

    size = max(paths)
    times, peaks = [], []
    try:
        for _ in range(runs):
            seconds, peak = run_command(
                ["robustness", str(paths[size]), "--samples", "10000", "--lang", "en"], cap
            )
            times.append(seconds)
            peaks.append(peak)
    except CappedError:
        table.add(f"robustness, 10,000 samples, {size} items", f"> {cap:.0f} s", "target 20 s",
                  False)  # fmt: skip
    else:
        median = statistics.median(times)
        table.add(f"robustness, 10,000 samples, {size} items", f"{median:.2f} s",
                  "target 20 s", median < 20.0, f"median of {runs}")  # fmt: skip
        table.add(f"robustness peak memory, {size} items", f"{max(peaks):.0f} MB",
                  "target 1,000 MB", max(peaks) < 1000.0)  # fmt: skip
    matrix = analyse(load_portfolio(paths[size])).matrix
    viable = matrix.viable()
    values, shares = matrix.values(), list(matrix.shares)
    weighted = [j for j, s in enumerate(shares) if s > 0]
    kept = np.array([[row[j] for j in weighted] for row, ok in zip(values, viable, strict=True)
                     if ok])  # fmt: skip
    alpha = robustness.DEFAULT_CONCENTRATION * np.array([shares[j] for j in weighted])
    batch = max(1, robustness.BATCH_ELEMENTS // len(kept))

    def reference() -> None:
        rng = np.random.default_rng(SEED)
        scaled = np.ascontiguousarray(100.0 * kept.T)
        done = 0
        while done < 10_000:
            step = min(batch, 10_000 - done)
            weights = rng.dirichlet(alpha, size=step)
            # the product sliced as afweging slices it (robustness.PRODUCT_ROWS and
            # PRODUCT_CELLS: one thread, no waiting on OpenBLAS's pool on a busy machine),
            # so that the ratio compares the ranking work alone
            totals = robustness._totals(weights, scaled)
            np.argsort(totals, axis=1)
            done += step

    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed(lambda: robustness.acceptability(values, shares, viable,
                                                           samples=10_000, seed=SEED)))  # fmt: skip
        theirs.append(timed(reference))
    a, b = statistics.median(ours), statistics.median(theirs)
    ratio = f"{a / b:.2f}x (target 1.5x)"
    table.add(f"SMAA kernel, 10,000 samples, {size} items", f"{a:.2f} s",
              f"numpy reference {b:.2f} s", a <= 1.5 * b, ratio)  # fmt: skip


def bench_memo(table: Table, paths: dict[int, Path], runs: int, cap: float) -> None:
    """memo -o with its charts at 1,000 items."""
    if 1000 not in paths:
        return
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        try:
            for run in range(runs):
                out = Path(folder) / f"memo-{run}.md"
                seconds, _ = run_command(["memo", str(paths[1000]), "-o", str(out)], cap)
                times.append(seconds)
        except CappedError:
            table.add("memo -o, 1,000 items", f"> {cap:.0f} s", "target 10 s", False,
                      f"{len(times)} runs under the cap")  # fmt: skip
            return
    median = statistics.median(times)
    table.add("memo -o, 1,000 items", f"{median:.2f} s", "target 10 s", median < 10.0,
              f"median of {runs}")  # fmt: skip


def bench_methods(table: Table, runs: int) -> None:
    """PROMETHEE II, TOPSIS and Kendall's tau at 5,000 items against pymcdm and scipy."""
    import numpy as np
    from pymcdm.methods import PROMETHEE_II, TOPSIS  # type: ignore[import-untyped]
    from pymcdm.normalizations import vector_normalization  # type: ignore[import-untyped]
    from scipy.stats import kendalltau  # type: ignore[import-untyped]

    from afweging.analysis.methods import kendall_tau, promethee_ii, topsis

    rng = np.random.default_rng(SEED)
    x = rng.integers(0, 4, size=(5000, 9)) / 3 + rng.random((5000, 9)) * 1e-3
    w = rng.dirichlet(np.ones(9))
    types = np.ones(9)
    a, b = rng.permutation(5000).astype(float), rng.permutation(5000).astype(float)
    pairs = {
        "PROMETHEE II": (lambda: promethee_ii(x, w.tolist()),
                         lambda: PROMETHEE_II("usual")(x, w, types)),
        "TOPSIS": (lambda: topsis(x, w.tolist()),
                   lambda: TOPSIS(vector_normalization)(x, w, types)),
        "Kendall's tau": (lambda: kendall_tau(a, b), lambda: kendalltau(a, b)),
    }  # fmt: skip
    for name, (ours_work, theirs_work) in pairs.items():
        ours, theirs = [], []
        for _ in range(runs):
            ours.append(timed(ours_work))
            theirs.append(timed(theirs_work))
        mine, ref = statistics.median(ours), statistics.median(theirs)
        reference = "scipy" if name == "Kendall's tau" else "pymcdm"
        if name == "PROMETHEE II":
            table.add(f"{name}, 5,000 items", f"{mine * 1000:.1f} ms",
                      f"{reference} {ref * 1000:.1f} ms", ref >= 10 * mine,
                      f"{ref / mine:.1f}x faster (target 10x)")  # fmt: skip
        else:
            limit = 1.5 if name == "TOPSIS" else 2.0
            table.add(f"{name}, 5,000 items", f"{mine * 1000:.2f} ms",
                      f"{reference} {ref * 1000:.2f} ms", mine <= limit * ref,
                      f"{mine / ref:.2f}x (target {limit}x)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Generate the portfolios, run the chosen targets, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds per run at most")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--only", default="solve,methods,robustness,select,memo")
    parser.add_argument(
        "--solve-sizes",
        default="100,1000,10000",
        help="sizes of the one-solve target (it runs in this process, without the cap)",
    )
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    only = set(args.only.split(","))
    table = Table()
    print(f"{'target':52s} {'afweging':>14s} {'reference':>26s}  result")
    with tempfile.TemporaryDirectory() as folder:
        paths = {size: write_portfolio(Path(folder) / str(size), size) for size in sizes}
        if "solve" in only:
            solve_sizes = {int(n) for n in args.solve_sizes.split(",")}
            chosen = {n: path for n, path in paths.items() if n in solve_sizes}
            bench_solve(table, chosen, args.runs, args.cap)
        if "robustness" in only:
            bench_robustness(table, paths, args.runs, args.cap)
        if "select" in only:
            bench_select(table, paths, args.runs, args.cap)
        if "memo" in only:
            bench_memo(table, paths, args.runs, args.cap)
        # Last: pymcdm's n × n tables grow this process to gigabytes, and a child forked
        # from it counts those pages in its peak (ru_maxrss) before it execs.
        if "methods" in only:
            bench_methods(table, args.runs)
    if args.json:
        print(json.dumps(table.rows, indent=2))
    return 1 if args.check and not all(r["ok"] for r in table.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
