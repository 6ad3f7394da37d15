"""Scale benchmark: ``afweging rank --format json`` on large synthetic portfolios.

What it measures
    For each size (default 100, 1,000, 10,000 and 100,000 items) it generates a synthetic
    portfolio with 12 criteria -- as YAML up to ``--yaml-max`` items (default 10,000) and
    as CSV at every size -- and runs, each as a fresh process with stdout discarded:

    1. ``afweging rank PORTFOLIO.yaml --format json`` (the YAML refers to the framework);
    2. ``afweging rank PORTFOLIO.csv --criteria framework.yaml --as-of 2012-11-01 --format
       json`` (the date the YAML files give: the same portfolio, reviewed the same day);
    3. the *C-loader baseline* of every YAML file:
       ``python -c "import yaml; yaml.load(open(F), Loader=yaml.CSafeLoader)"``, the cost of
       merely parsing that file with PyYAML's libyaml-based loader, run in the same process
       set-up (same interpreter, same way of timing); and the same with the cyclic garbage
       collector turned off first, as ``afweging`` turns it off (on a large file most of
       the baseline's time is the collector's, so this is the stricter comparison).

    Each command is timed ``--runs`` times (default 3, interleaved round-robin); the report
    gives the median wall time and the peak resident memory (the child's own
    ``ru_maxrss`` from ``os.wait4``, so one run's peak is never mixed with another's). A
    1-item portfolio of each format is timed too: its time is the fixed cost (interpreter,
    imports, framework), shown apart.

    The growth exponent between two sizes is the log-log slope
    ``ln(t2 / t1) / ln(n2 / n1)``: 1 is linear, 2 quadratic. It is given on the raw times
    and on the times above the fixed cost; at small sizes the raw slope is near 0 because
    start-up dominates, so read the slope of the largest pair.

Targets (issue #16, which relaxed issue #9's for the 100,000-item stress test; policy
portfolios hold 10 to 1,000 items, 10,000 at most), judged from the same run
    * 10,000 items from CSV ranked end to end to JSON in under 1 s;
    * 100,000 items from CSV in under 10 s, peak memory under 1 GB;
    * 10,000 items from YAML within 1.3x the C-loader baseline's time on that file;
    * growth close to linear: exponent at most 1.1 between the two largest sizes.

How to run it
    With the package installed in the active environment::

        python benchmarks/scale.py                       # the table
        python benchmarks/scale.py --sizes 100,1000      # a quick look
        python benchmarks/scale.py --runs 5 --json       # more runs, machine-readable
        python benchmarks/scale.py --keep DIR            # keep the generated files in DIR

    The files go to a temporary folder that is removed afterwards (unless ``--keep``).
    Generation is seeded (``--seed``), so every run times the same files. Absolute times
    depend on the machine; the ratios and exponents travel better. This is a measurement,
    not a test: it exits 0 whatever the numbers (``--check`` exits 1 when a target is
    missed). It uses the standard library only, plus the ``afweging`` command it times.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import math
import os
import platform
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (100, 1_000, 10_000, 100_000)
DEFAULT_YAML_MAX = 10_000
DEFAULT_RUNS = 3
DEFAULT_SEED = 20121101
AS_OF = "2012-11-01"
"""The date of every portfolio: the YAML files say it, the CSV runs pass it (``--as-of``;
a CSV file has no date and would be reviewed as of the day the benchmark runs, so that
its work, the flags of the review, would grow year by year)."""
TIMEOUT_S = 600.0

ASSESSORS = ("NL", "BE", "LU")
PLUS = ("0", "+", "++", "+++")
STEUN = ("geen", "beperkt", "voldoende")
WEIGHTED = (
    ("grensbarrieres", 25),
    ("schaalvoordelen", 15),
    ("kennis", 10),
    ("netwerk", 10),
    ("voortrekkersrol", 15),
    ("eu_afstemming", 10),
    ("resultaten", 15),
    ("innovatie", 10),
    ("zichtbaarheid", 5),
)
"""The nine weighted criteria on the plus scale; with three gates, 12 criteria in all."""
GATES = ("draagvlak", "verdragsbasis", "beneluxniveau")
CLUSTERS = ("interne-markt", "duurzame-ontwikkeling", "justitie-binnenlandse-zaken")
NAMES = (
    "Grensarbeid",
    "Ambulancebeschikking",
    "Politie: verbindingsofficieren",
    "Veterinaire aangelegenheden, fase 2",
    'Pilot "waterstofcorridor"',
    "Erkenning van diploma's",
    "Crisisbeheersing & rampenbestrijding",
    "Jeugdbeleid; uitwisseling",
)
RATIONALES = (
    "IOB tabel 1: +++ (kolom gereconstrueerd).",
    "Sinds 2009 rijden ambulances bij spoed de grens over; evaluatie 2011, positief.",
    "Twee regels:\neerst overleg, dan besluit.",
    "Geen resultaat sinds de start; mandaat loopt af.",
)

TARGET_CSV_10K_S = 1.0
TARGET_CSV_100K_S = 10.0
TARGET_CSV_100K_MB = 1000.0
TARGET_YAML_RATIO = 1.3
TARGET_EXPONENT = 1.1

EXIT_OK = 0
EXIT_TARGET_MISSED = 1
EXIT_SETUP_ERROR = 2


class BenchmarkError(Exception):
    """A problem that prevents the measurement: a missing command or one that fails."""


# --------------------------------------------------------------------------- generation


def framework_yaml() -> str:
    """The synthetic framework: 9 weighted criteria and 3 gates, the Benelux rules."""
    lines = [
        "version: 1",
        "id: synthetic",
        "title: {nl: Synthetisch kader, en: Synthetic framework}",
        "language: en",
        "source: benchmarks/scale.py",
        "clusters:",
        *(f"  {c}: {{nl: {c}, en: {c}}}" for c in CLUSTERS),
        "scales:",
        "  plus:",
        "    levels:",
        *(
            f'      - {{symbol: "{s}", value: {v}, label: {{nl: n{v}, en: l{v}}}}}'
            for v, s in enumerate(PLUS)
        ),
        "  steun:",
        "    levels:",
        *(
            f"      - {{symbol: {s}, value: {v}, label: {{nl: {s}, en: s{v}}}}}"
            for v, s in enumerate(STEUN)
        ),
        "  janee:",
        "    levels:",
        "      - {symbol: nee, value: 0, label: {nl: nee, en: 'no'}}",
        "      - {symbol: ja, value: 1, label: {nl: ja, en: 'yes'}}",
        "criteria:",
    ]
    for criterion, weight in WEIGHTED:
        lines += [
            f"  - id: {criterion}",
            "    scale: plus",
            f"    weight: {weight}",
            f"    label: {{nl: {criterion}, en: {criterion}}}",
            f"    question: {{nl: {criterion}?, en: {criterion}?}}",
        ]
    lines += [
        "  - id: draagvlak",
        "    scale: steun",
        "    per_assessor: true",
        "    aggregate: min",
        "    minimum: beperkt",
        "    label: {nl: Draagvlak, en: Support}",
        "    question: {nl: Draagvlak?, en: Support?}",
        "  - id: verdragsbasis",
        "    scale: janee",
        "    minimum: ja",
        "    label: {nl: Verdrag, en: Treaty}",
        "    question: {nl: Verdrag?, en: Treaty?}",
        "  - id: beneluxniveau",
        "    scale: plus",
        '    minimum: "+"',
        "    label: {nl: Niveau, en: Level}",
        "    question: {nl: Niveau?, en: Level?}",
        "rules:",
        "  - {id: poort, kind: gate-failed, criteria: [draagvlak, verdragsbasis]}",
        "  - {id: lage-score, kind: score-below, threshold: 30}",
        "  - {id: onderste-kwart, kind: bottom-share, share: 0.25, severity: discuss}",
        "  - {id: geen-resultaat, kind: no-recent-result, years: 2}",
        "  - {id: mandaat, kind: mandate-expired}",
        "  - {id: niveau, kind: criterion-below, criterion: beneluxniveau, level: '+'}",
        "  - {id: verdeeld, kind: assessor-spread, levels: 2}",
    ]
    return "\n".join(lines) + "\n"


def generate_items(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """``count`` synthetic items as plain data shaped like a portfolio's ``items``, made
    one at a time (so that the benchmark itself stays small; see ``run_once``)."""
    rng = random.Random(seed)  # noqa: S311 — synthetic data, seeded for repeatable runs
    for n in range(1, count + 1):
        established = rng.randint(1995, 2012)
        month = rng.randint(1, 12)
        scores: dict[str, Any] = {c: rng.choice(PLUS) for c, _ in WEIGHTED}
        scores["draagvlak"] = {a: rng.choice(STEUN[1:] * 4 + STEUN[:1]) for a in ASSESSORS}
        scores["verdragsbasis"] = "ja" if rng.random() < 0.95 else "nee"
        scores["beneluxniveau"] = rng.choice(PLUS[1:] * 6 + PLUS[:1])
        item: dict[str, Any] = {
            "id": f"item-{n:06d}",
            "name": f"{rng.choice(NAMES)} {n}",
            "kind": rng.choice(("working-group",) * 3 + ("initiative", "project")),
            "cluster": rng.choice(CLUSTERS),
            "status": "active" if rng.random() < 0.9 else "proposed",
            "established": established,
            # a mandate ends after the group was established (the reader refuses otherwise)
            "mandate_end": f"{rng.randint(max(2010, established + 1), 2016)}-{month:02d}-28",
            "cost": {
                "eur": rng.randrange(50_000, 900_000, 500),
                "fte": rng.randrange(1, 30) / 10,
            },
            "participants": rng.sample(("NL", "BE", "LU", "NRW"), rng.randint(1, 4)),
            "scores": scores,
            "rationale": {
                criterion: rng.choice(RATIONALES)
                for criterion in rng.sample([c for c, _ in WEIGHTED], 2)
            },
        }
        if rng.random() < 0.8:
            item["last_result"] = rng.randint(established, 2012)
        yield item


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def yaml_head(framework: str) -> str:
    """The portfolio file up to its list of items."""
    return (
        f"version: 1\nframework: {framework}\ntitle: Synthetic portfolio\nas_of: {AS_OF}\n"
        f"assessors: [{', '.join(ASSESSORS)}]\nlimits: {{budget_eur: 3900000, staff_fte: 12}}\n"
        "items:\n"
    )


def item_yaml(item: dict[str, Any]) -> str:
    """One item as a block-style list entry, written as a person would."""
    out = [
        f"  - id: {item['id']}",
        f"    name: {_quoted(item['name'])}",
        f"    kind: {item['kind']}",
        f"    cluster: {item['cluster']}",
        f"    status: {item['status']}",
        f"    established: {item['established']}",
        f"    mandate_end: {item['mandate_end']}",
    ]
    if "last_result" in item:
        out.append(f"    last_result: {item['last_result']}")
    cost = item["cost"]
    out += [
        f"    cost: {{eur: {cost['eur']}, fte: {cost['fte']}}}",
        f"    participants: [{', '.join(item['participants'])}]",
        "    scores:",
    ]
    for criterion, score in item["scores"].items():
        if isinstance(score, dict):
            pairs = ", ".join(f"{a}: {level}" for a, level in score.items())
            out.append(f"      {criterion}: {{{pairs}}}")
        else:
            out.append(f"      {criterion}: {_quoted(score)}")
    out.append("    rationale:")
    out += [f"      {c}: {_quoted(text)}" for c, text in item["rationale"].items()]
    return "\n".join(out) + "\n"


def csv_headers() -> list[str]:
    """The columns of the CSV layout that ``afweging export --format csv`` writes."""
    return [
        "id", "name", "kind", "cluster", "status", "established", "mandate_end",
        "last_result", "cost.eur", "cost.fte", "participants",
        *(c for c, _ in WEIGHTED),
        *(f"draagvlak.{a}" for a in ASSESSORS),
        "verdragsbasis", "beneluxniveau",
        *(f"rationale.{c}" for c, _ in WEIGHTED),
    ]  # fmt: skip


def item_row(item: dict[str, Any], headers: list[str]) -> list[str]:
    """One item as a row as a Dutch Excel saves it: a decimal comma in cost.fte."""
    flat: dict[str, Any] = {
        key: item.get(key, "")
        for key in ("id", "name", "kind", "cluster", "status", "established", "mandate_end")
    }
    flat["last_result"] = item.get("last_result", "")
    flat["cost.eur"] = str(item["cost"]["eur"])
    flat["cost.fte"] = str(item["cost"]["fte"]).replace(".", ",")
    flat["participants"] = " ".join(item["participants"])
    for criterion, score in item["scores"].items():
        if isinstance(score, dict):
            flat.update({f"{criterion}.{a}": level for a, level in score.items()})
        else:
            flat[criterion] = score
    flat.update({f"rationale.{c}": text for c, text in item["rationale"].items()})
    return [flat.get(h, "") for h in headers]


def write_portfolios(
    csv_path: Path, yaml_path: Path | None, count: int, seed: int, framework: str
) -> None:
    """Write ``count`` items as a CSV file (as a Dutch Excel saves it: BOM, semicolons,
    decimal commas, CRLF; a rationale may hold a line break) and, unless ``yaml_path``
    is None, as a portfolio file; item by item, so the benchmark stays small."""
    headers = csv_headers()
    with contextlib.ExitStack() as stack:
        table = stack.enter_context(csv_path.open("w", encoding="utf-8-sig", newline=""))
        writer = csv.writer(table, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        text = None
        if yaml_path is not None:
            text = stack.enter_context(yaml_path.open("w", encoding="utf-8"))
            text.write(yaml_head(framework))
        for item in generate_items(count, seed):
            writer.writerow(item_row(item, headers))
            if text is not None:
                text.write(item_yaml(item))


# --------------------------------------------------------------------------- measurement


@dataclass
class Command:
    """One process to time, with its wall times (s) and peak memory (MB) per run."""

    key: str
    size: int
    source: str  # "yaml", "csv", "c-loader" or "c-loader-gc-off"
    argv: list[str]
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """The median wall time in seconds."""
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        """The largest peak resident memory over the runs, in MB."""
        return max(self.peaks)


def run_once(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``argv`` with stdout discarded; return (wall seconds, peak RSS in MB).

    The peak is the child's own ``ru_maxrss`` from ``os.wait4`` (kilobytes on Linux,
    bytes on macOS), not ``RUSAGE_CHILDREN``, which keeps the maximum over every child
    so far and would hide a smaller process behind a larger earlier one. A child's peak
    includes what it had before ``exec``, a copy of this process: hence the files are
    generated item by item, and the report gives this process's own peak as the floor.
    """
    start = time.perf_counter()
    try:
        process = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
    except OSError as error:
        raise BenchmarkError(f"cannot start {shlex.join(argv)}: {error}") from error
    assert process.stderr is not None  # noqa: S101 — stderr=PIPE above
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        text = errors.decode("utf-8", "replace").strip() or "(no output)"
        raise BenchmarkError(f"{shlex.join(argv)} exited with {process.returncode}:\n{text[:2000]}")
    scale = 1 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss * scale / 1e6


def find_afweging() -> str:
    """The ``afweging`` executable next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / "afweging"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("afweging")
    if found is None:
        raise BenchmarkError("the afweging command was not found; install the package first")
    return found


def prepare(folder: Path, sizes: Sequence[int], yaml_max: int, seed: int) -> list[Command]:
    """Write the framework and every portfolio into ``folder``; return the commands."""
    afweging = find_afweging()
    (folder / "framework.yaml").write_text(framework_yaml(), encoding="utf-8")
    load = "yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
    loader = f"import sys, yaml; {load}"
    loader_gc_off = f"import gc; gc.disable(); import sys, yaml; {load}"
    commands = []
    for size in (1, *sizes):
        csv_file = folder / f"portfolio-{size}.csv"
        yaml_file = folder / f"portfolio-{size}.yaml" if size <= yaml_max else None
        write_portfolios(csv_file, yaml_file, size, seed, "framework.yaml")
        if yaml_file is not None:
            commands += [
                Command(f"yaml-{size}", size, "yaml",
                        [afweging, "rank", yaml_file.name, "--format", "json"]),
                Command(f"c-loader-{size}", size, "c-loader",
                        [sys.executable, "-c", loader, yaml_file.name]),
                Command(f"c-loader-gc-off-{size}", size, "c-loader-gc-off",
                        [sys.executable, "-c", loader_gc_off, yaml_file.name]),
            ]  # fmt: skip
        commands.append(
            Command(
                f"csv-{size}", size, "csv",
                [afweging, "rank", csv_file.name, "--criteria", "framework.yaml",
                 "--as-of", AS_OF, "--format", "json"],
            )
        )  # fmt: skip
    return commands


def measure(commands: Sequence[Command], runs: int, cwd: Path, progress: bool) -> None:
    """One untimed run of each command (checks it works, warms the caches), then
    ``runs`` timed rounds, each command once per round, the order rotated."""
    for command in commands:
        run_once(command.argv, cwd)
    for round_index in range(runs):
        shift = round_index % len(commands)
        for command in [*commands[shift:], *commands[:shift]]:
            elapsed, peak = run_once(command.argv, cwd)
            command.times.append(elapsed)
            command.peaks.append(peak)
        if progress:
            print(f"\rround {round_index + 1}/{runs}", end="", file=sys.stderr, flush=True)
    if progress:
        print("\r" + " " * 20 + "\r", end="", file=sys.stderr, flush=True)


def slope(n1: int, t1: float, n2: int, t2: float) -> float | None:
    """The log-log slope between two (size, time) points; None if a time is not above 0."""
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def summarise(commands: Sequence[Command]) -> dict[str, Any]:
    """Per source: sizes, medians, peaks, slopes; the ratios to the C loader; targets."""
    by_key = {c.key: c for c in commands}
    result: dict[str, Any] = {"sources": {}, "ratios": {}, "ratios_gc_off": {}, "targets": {}}
    for source in ("yaml", "csv", "c-loader", "c-loader-gc-off"):
        rows = sorted((c for c in commands if c.source == source), key=lambda c: c.size)
        fixed = rows[0].median if rows and rows[0].size == 1 else 0.0
        measured = [c for c in rows if c.size > 1]
        slopes = [
            {
                "from": a.size,
                "to": b.size,
                "raw": slope(a.size, a.median, b.size, b.median),
                "above_fixed": slope(a.size, a.median - fixed, b.size, b.median - fixed),
            }
            for a, b in itertools.pairwise(measured)
        ]
        result["sources"][source] = {
            "fixed_s": fixed,
            "sizes": [
                {
                    "size": c.size,
                    "median_s": c.median,
                    "times_s": c.times,
                    "peak_mb": c.peak_mb,
                    "command": shlex.join(c.argv),
                }
                for c in measured
            ],
            "slopes": slopes,
        }
    for command in commands:
        if command.source == "yaml" and command.size > 1:
            loader = by_key[f"c-loader-{command.size}"]
            result["ratios"][str(command.size)] = command.median / loader.median
            gc_off = by_key[f"c-loader-gc-off-{command.size}"]
            result["ratios_gc_off"][str(command.size)] = command.median / gc_off.median
    targets = result["targets"]
    if "csv-10000" in by_key:
        value = by_key["csv-10000"].median
        targets["csv_10k_under_1s"] = {"value_s": value, "met": value < TARGET_CSV_10K_S}
    if "csv-100000" in by_key:
        big = by_key["csv-100000"]
        targets["csv_100k_under_10s"] = {
            "value_s": big.median,
            "met": big.median < TARGET_CSV_100K_S,
        }
        targets["csv_100k_under_1gb"] = {
            "value_mb": big.peak_mb,
            "met": big.peak_mb < TARGET_CSV_100K_MB,
        }
    if "10000" in result["ratios"]:
        ratio = result["ratios"]["10000"]
        targets["yaml_10k_within_1_3x_c_loader"] = {
            "value": ratio,
            "met": ratio <= TARGET_YAML_RATIO,
        }
        stricter = result["ratios_gc_off"]["10000"]
        targets["(stricter) yaml_10k_within_1_3x_c_loader_gc_off"] = {
            "value": stricter,
            "met": stricter <= TARGET_YAML_RATIO,
        }
    for source in ("yaml", "csv"):
        slopes = result["sources"][source]["slopes"]
        if slopes:
            last = slopes[-1]
            value = last["raw"]
            targets[f"{source}_exponent_{last['from']}_{last['to']}"] = {
                "value": value,
                "above_fixed": last["above_fixed"],
                "met": value is not None and value <= TARGET_EXPONENT,
            }
    return result


def _exponent(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def report_text(summary: dict[str, Any], runs: int) -> str:
    """The table of times and memory, the slopes, the C-loader ratios and the targets."""
    floor = summary.get("benchmark_peak_mb", 0.0)
    lines = [
        (
            f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()}"
            f" CPUs; median of {runs} run(s); peak = max resident memory of the process"
            f" (at least this benchmark's own {floor:.0f} MB, which it starts as a copy of)"
        ),
        "",
        f"{'source':<15} {'items':>8} {'median':>9} {'peak':>9}  command",
    ]
    for source, data in summary["sources"].items():
        if data["fixed_s"]:
            lines.append(
                f"{source:<15} {1:>8} {data['fixed_s']:>8.3f}s {'':>9}  (fixed cost: 1 item)"
            )
        lines.extend(
            f"{source:<15} {row['size']:>8,} {row['median_s']:>8.3f}s"
            f" {row['peak_mb']:>6.0f} MB  {row['command']}"
            for row in data["sizes"]
        )
    lines += ["", "growth exponent (log-log slope of the median time; 1 = linear):"]
    for source, data in summary["sources"].items():
        for item in data["slopes"]:
            lines.append(
                f"  {source:<15} {item['from']:>7,} → {item['to']:>7,}: {_exponent(item['raw'])}"
                f"  (above the fixed cost: {_exponent(item['above_fixed'])})"
            )
    if summary["ratios"]:
        lines += [
            "",
            (
                "afweging rank (YAML) / C-loader baseline on the same file (as given; with"
                " the cyclic GC off, as afweging runs):"
            ),
        ]
        lines += [
            f"  {int(n):>7,} items: {r:.2f}x  ({summary['ratios_gc_off'][n]:.2f}x)"
            for n, r in summary["ratios"].items()
        ]
    if summary["targets"]:
        lines += ["", "targets:"]
        for name, target in summary["targets"].items():
            shown = ", ".join(
                f"{k} {_exponent(v) if isinstance(v, float | None) else v}"
                for k, v in target.items()
                if k != "met"
            )
            lines.append(f"  {'ok  ' if target['met'] else 'MISS'} {name}: {shown}")
    return "\n".join(lines)


def sizes_argument(text: str) -> list[int]:
    """Parse ``--sizes``: comma-separated item counts above 1."""
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part})
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected e.g. 100,1000, got {text!r}") from None
    if not sizes or sizes[0] < 2:
        raise argparse.ArgumentTypeError("every size must be at least 2")
    return sizes


def positive_argument(text: str) -> int:
    """Parse a positive integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/scale.py",
        description="Time `afweging rank --format json` on large synthetic portfolios (YAML "
        "and CSV) against PyYAML's C loader, and report the growth exponent.",
    )
    parser.add_argument(
        "--sizes",
        type=sizes_argument,
        default=list(DEFAULT_SIZES),
        metavar="N,N,…",
        help="item counts (default: 100,1000,10000,100000)",
    )
    parser.add_argument(
        "--yaml-max",
        type=positive_argument,
        default=DEFAULT_YAML_MAX,
        metavar="N",
        help=f"largest size also written as YAML (default: {DEFAULT_YAML_MAX})",
    )
    parser.add_argument(
        "--runs",
        type=positive_argument,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"timed runs per command (default: {DEFAULT_RUNS})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the files into DIR")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, measure, report; return the exit code."""
    args = build_parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="afweging-scale-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            commands = prepare(folder, args.sizes, args.yaml_max, args.seed)
            measure(commands, args.runs, folder, progress=sys.stderr.isatty() and not args.json)
        except BenchmarkError as error:
            print(f"scale benchmark: error: {error}", file=sys.stderr)
            return EXIT_SETUP_ERROR
    summary = summarise(commands)
    scale = 1 if sys.platform == "darwin" else 1024
    summary["benchmark_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6
    if args.json:
        print(json.dumps({"runs": args.runs, "seed": args.seed, **summary}, indent=2))
    else:
        print(report_text(summary, args.runs))
    missed = [
        name
        for name, target in summary["targets"].items()
        if not target["met"] and not name.startswith("(stricter)")
    ]
    return EXIT_TARGET_MISSED if args.check and missed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
