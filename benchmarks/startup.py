"""Cold-start benchmark for the ``afweging`` command line.

What it measures
    The wall-clock time of three commands, each started as a fresh process:

    1. ``afweging rank examples/benelux.yaml`` -- the installed console script doing real work;
    2. ``afweging --help`` -- the console script doing almost nothing;
    3. the *floor*: ``python -c "import typer, rich.console, rich.table, pydantic, yaml"``,
       run with the same interpreter as this script.

    For each command it reports the median, the minimum and the interquartile range over
    ``--runs`` timed runs (at least 10), and the ratio of the median to the floor's median.
    The goal is a ratio of at most 1.5 (``--goal``).

Why
    A ranking of a portfolio takes milliseconds; the rest of what a user waits for is the
    interpreter starting and the libraries being imported.  The floor is the price of the
    dependencies the CLI cannot avoid, so the ratio to it shows what the CLI adds on top:
    eager imports of numpy, of every renderer, of every framework, and so on.

How to run it
    Install the package in the active environment first (``pip install .``), then, from
    anywhere::

        python benchmarks/startup.py              # text table
        python benchmarks/startup.py --runs 30    # more runs, tighter numbers
        python benchmarks/startup.py --json       # machine-readable, with all raw times
        python benchmarks/startup.py --check      # exit 1 when a ratio exceeds the goal

    The commands run from the repository root (or ``--command-dir``) so that
    ``examples/benelux.yaml`` resolves.  The ``afweging`` executable is looked up next to the
    running interpreter (same virtual environment), then on ``PATH``; ``--afweging PATH``
    overrides that, which is useful to test this script against a stand-in command.

How to read it
    Absolute times are noisy -- the machine may be shared, caches come and go -- so they are
    not comparable between runs or machines.  What counts is the ratio to the floor measured
    in the *same* run.  To spread the noise evenly the commands are interleaved round-robin
    (one run of each, then the next round), with the order rotated each round.  Bytecode
    caches are used, as for a real user: ``PYTHONDONTWRITEBYTECODE`` is removed from the
    commands' environment, and a check run plus ``--warmup`` discarded rounds make sure the
    ``.pyc`` files exist before timing starts.

This is a measurement, not a test: it exits 0 whatever the numbers, unless ``--check`` is
given.  It uses the standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/benelux.yaml"
FLOOR_CODE = "import typer, rich.console, rich.table, pydantic, yaml"
MIN_RUNS = 10
DEFAULT_RUNS = 15
DEFAULT_WARMUP = 2
DEFAULT_GOAL = 1.5
TIMEOUT_S = 120.0

EXIT_OK = 0
EXIT_GOAL_EXCEEDED = 1
EXIT_SETUP_ERROR = 2


class BenchmarkError(Exception):
    """A problem that prevents the measurement: a missing executable or a failing command."""


@dataclass
class Command:
    """One command to time, with the times collected for it."""

    key: str
    label: str
    argv: list[str]
    is_floor: bool = False
    times: list[float] = field(default_factory=list)

    def summary(self) -> Summary:
        """Summarise the collected times."""
        return Summary.of(self.times)


@dataclass(frozen=True)
class Summary:
    """Median, minimum and interquartile range of a list of times, in seconds."""

    median: float
    minimum: float
    q1: float
    q3: float

    @property
    def iqr(self) -> float:
        """The interquartile range (third quartile minus first quartile)."""
        return self.q3 - self.q1

    @classmethod
    def of(cls, times: Sequence[float]) -> Summary:
        """Summarise ``times``; needs at least two values for the quartiles."""
        q1, median, q3 = statistics.quantiles(times, n=4, method="inclusive")
        return cls(median=median, minimum=min(times), q1=q1, q3=q3)


def runs_argument(text: str) -> int:
    """Parse ``--runs``: an integer of at least ``MIN_RUNS``."""
    value = _int_argument(text)
    if value < MIN_RUNS:
        raise argparse.ArgumentTypeError(f"at least {MIN_RUNS} runs are needed, got {value}")
    return value


def warmup_argument(text: str) -> int:
    """Parse ``--warmup``: a non-negative integer."""
    value = _int_argument(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def goal_argument(text: str) -> float:
    """Parse ``--goal``: a ratio greater than zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def _int_argument(text: str) -> int:
    """Parse an integer argument, with an argparse-friendly error."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python benchmarks/startup.py",
        description=(
            "Measure the cold start of `afweging rank`, `afweging --help` and a floor of "
            "bare dependency imports, and report the ratio of each to the floor "
            f"(goal: at most {DEFAULT_GOAL}x). Times are noisy; the ratio is what counts."
        ),
    )
    parser.add_argument(
        "--runs",
        type=runs_argument,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"timed runs per command, at least {MIN_RUNS} (default: {DEFAULT_RUNS})",
    )
    parser.add_argument(
        "--warmup",
        type=warmup_argument,
        default=DEFAULT_WARMUP,
        metavar="N",
        help=f"rounds run first and discarded (default: {DEFAULT_WARMUP})",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (medians, raw times, ratios, commands) instead of a table",
    )
    parser.add_argument(
        "--command-dir",
        type=Path,
        default=REPO_ROOT,
        metavar="DIR",
        help=(
            f"directory the commands run in; {EXAMPLE} is resolved from it "
            "(default: the repository root)"
        ),
    )
    parser.add_argument(
        "--afweging",
        type=Path,
        default=None,
        metavar="PATH",
        help=(
            "the afweging executable to time (default: the one next to this interpreter, "
            "else the one on PATH); point it at a stand-in to test this script"
        ),
    )
    parser.add_argument(
        "--goal",
        type=goal_argument,
        default=DEFAULT_GOAL,
        metavar="RATIO",
        help=f"largest acceptable ratio to the floor (default: {DEFAULT_GOAL})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a ratio exceeds the goal (default: always exit 0)",
    )
    return parser


def find_afweging(override: Path | None) -> Path:
    """Locate the ``afweging`` executable: the override, next to the interpreter, or on PATH."""
    if override is not None:
        if not override.is_file():
            raise BenchmarkError(f"--afweging {override}: no such file")
        if not os.access(override, os.X_OK):
            raise BenchmarkError(f"--afweging {override}: not executable")
        return override.resolve()
    beside = Path(sys.executable).parent / "afweging"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    on_path = shutil.which("afweging")
    if on_path is not None:
        return Path(on_path)
    raise BenchmarkError(
        f"the afweging command was not found next to {sys.executable} nor on PATH; "
        "install the package first: pip install ."
    )


def build_commands(afweging: Path) -> list[Command]:
    """The three commands, floor first."""
    exe = str(afweging)
    return [
        Command(
            key="floor",
            label="floor (import typer, rich, pydantic, yaml)",
            argv=[sys.executable, "-c", FLOOR_CODE],
            is_floor=True,
        ),
        Command(key="help", label="afweging --help", argv=[exe, "--help"]),
        Command(key="rank", label=f"afweging rank {EXAMPLE}", argv=[exe, "rank", EXAMPLE]),
    ]


def child_environment() -> dict[str, str]:
    """The environment for the timed commands: ours, but with bytecode writing allowed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def check_command(command: Command, cwd: Path, env: Mapping[str, str]) -> None:
    """Run ``command`` once, untimed; raise with its output unless it exits 0."""
    try:
        result = subprocess.run(
            command.argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except OSError as error:
        raise BenchmarkError(
            f"{command.label}: cannot start {shlex.join(command.argv)}: {error}"
        ) from error
    except subprocess.TimeoutExpired:
        raise BenchmarkError(
            f"{command.label}: {shlex.join(command.argv)} did not finish in {TIMEOUT_S:.0f} s"
        ) from None
    if result.returncode != 0:
        output = result.stderr.strip() or result.stdout.strip() or "(no output)"
        hint = ""
        if EXAMPLE in command.argv and not (cwd / EXAMPLE).is_file():
            hint = f"\n(note: {cwd / EXAMPLE} does not exist)"
        raise BenchmarkError(
            f"{command.label}: {shlex.join(command.argv)} exited with {result.returncode} "
            f"(in {cwd}); its output:\n{output}{hint}"
        )


def time_command(command: Command, cwd: Path, env: Mapping[str, str]) -> float:
    """Run ``command`` once with its output discarded; return the wall-clock time in seconds."""
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command.argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError as error:
        raise BenchmarkError(f"{command.label}: cannot start: {error}") from error
    # No timeout here: with one, subprocess polls the child with sleeps of up to 50 ms,
    # which rounds every measurement up to the next poll. The check run has the timeout.
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchmarkError(
            f"{command.label}: {shlex.join(command.argv)} exited with {result.returncode} "
            "during timing, after passing the check run"
        )
    return elapsed


def measure(commands: Sequence[Command], runs: int, warmup: int, cwd: Path, progress: bool) -> None:
    """Check each command, then time them round-robin, appending to ``Command.times``.

    Each round runs every command once; the order is rotated every round so that no command
    always follows the same neighbour.  The first ``warmup`` rounds are discarded.
    """
    env = child_environment()
    for command in commands:
        check_command(command, cwd, env)
    total = warmup + runs
    for round_index in range(total):
        shift = round_index % len(commands)
        order = [*commands[shift:], *commands[:shift]]
        for command in order:
            elapsed = time_command(command, cwd, env)
            if round_index >= warmup:
                command.times.append(elapsed)
        if progress:
            print(f"\rround {round_index + 1}/{total}", end="", file=sys.stderr, flush=True)
    if progress:
        print("\r" + " " * 24 + "\r", end="", file=sys.stderr, flush=True)


def ratios(commands: Sequence[Command]) -> dict[str, float]:
    """Median of each command divided by the floor's median."""
    floor = next(command for command in commands if command.is_floor)
    floor_median = floor.summary().median
    return {command.key: command.summary().median / floor_median for command in commands}


def exceeds_goal(commands: Sequence[Command], goal: float) -> list[Command]:
    """The non-floor commands whose ratio to the floor is above ``goal``."""
    ratio = ratios(commands)
    return [c for c in commands if not c.is_floor and ratio[c.key] > goal]


def format_table(commands: Sequence[Command], goal: float) -> str:
    """Render the results as an aligned text table, times in milliseconds."""
    ratio = ratios(commands)
    header = ("command", "median", "min", "IQR", "× floor")
    rows: list[tuple[str, str, str, str, str, str]] = []
    for command in commands:
        summary = command.summary()
        note = ""
        if not command.is_floor:
            verdict = "ok" if ratio[command.key] <= goal else "OVER"
            note = f"(goal ≤ {goal:g}: {verdict})"
        rows.append(
            (
                command.label,
                f"{summary.median * 1000:.1f} ms",
                f"{summary.minimum * 1000:.1f} ms",
                f"{summary.iqr * 1000:.1f} ms",
                f"{ratio[command.key]:.2f}",
                note,
            )
        )
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]

    def line(cells: Sequence[str], note: str = "") -> str:
        text = cells[0].ljust(widths[0])
        text += "".join("  " + cell.rjust(widths[i]) for i, cell in enumerate(cells) if i)
        return f"{text}  {note}".rstrip()

    out = [line(header)]
    out.extend(line(row[:5], row[5]) for row in rows)
    return "\n".join(out)


def report_text(commands: Sequence[Command], args: argparse.Namespace, afweging: Path) -> str:
    """The human-readable report: context lines, the table and a reminder about noise."""
    runs = len(commands[0].times)
    context = [
        f"python {platform.python_version()} ({sys.executable})",
        f"afweging: {afweging}",
        f"cwd: {args.command_dir}",
        f"{runs} timed runs per command, round-robin, after {args.warmup} warm-up round(s)",
        "",
    ]
    footer = [
        "",
        "× floor = median / floor median, both from this run. Absolute times are noisy;",
        "compare ratios, not milliseconds, between runs or machines.",
    ]
    return "\n".join([*context, format_table(commands, args.goal), *footer])


def report_json(commands: Sequence[Command], args: argparse.Namespace, afweging: Path) -> str:
    """The machine-readable report as one JSON object; times are in milliseconds."""
    ratio = ratios(commands)
    data: dict[str, Any] = {
        "python_version": platform.python_version(),
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "afweging": str(afweging),
        "cwd": str(args.command_dir),
        "runs": args.runs,
        "warmup": args.warmup,
        "goal": args.goal,
        "within_goal": not exceeds_goal(commands, args.goal),
        "commands": {},
    }
    for command in commands:
        summary = command.summary()
        data["commands"][command.key] = {
            "label": command.label,
            "argv": command.argv,
            "command": shlex.join(command.argv),
            "median_ms": summary.median * 1000,
            "min_ms": summary.minimum * 1000,
            "q1_ms": summary.q1 * 1000,
            "q3_ms": summary.q3 * 1000,
            "iqr_ms": summary.iqr * 1000,
            "ratio_to_floor": ratio[command.key],
            "times_ms": [t * 1000 for t in command.times],
        }
    data["ratios"] = {key: value for key, value in ratio.items() if key != "floor"}
    return json.dumps(data, indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the process exit code."""
    args = build_parser().parse_args(argv)
    args.command_dir = args.command_dir.resolve()
    if not args.command_dir.is_dir():
        print(
            f"startup benchmark: error: --command-dir {args.command_dir}: not a directory",
            file=sys.stderr,
        )
        return EXIT_SETUP_ERROR
    try:
        afweging = find_afweging(args.afweging)
        commands = build_commands(afweging)
        measure(
            commands,
            runs=args.runs,
            warmup=args.warmup,
            cwd=args.command_dir,
            progress=not args.json and sys.stderr.isatty(),
        )
    except BenchmarkError as error:
        print(f"startup benchmark: error: {error}", file=sys.stderr)
        return EXIT_SETUP_ERROR
    if args.json:
        print(report_json(commands, args, afweging))
    else:
        print(report_text(commands, args, afweging))
    if args.check and exceeds_goal(commands, args.goal):
        return EXIT_GOAL_EXCEEDED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
