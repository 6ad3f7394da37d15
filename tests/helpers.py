"""Shared test helpers: paths, the in-process CLI runner, small framework and portfolio texts.

Test modules import these from here, never from each other or from conftest."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml
from hypothesis import strategies as st
from typer.testing import CliRunner

from afweging.cli.app import app

if TYPE_CHECKING:
    from afweging.analysis.selection_model import Candidate, Limits

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "benelux.yaml"
FRAMEWORK = ROOT / "criteria" / "benelux.yaml"


# A complete --set for a new item on the Benelux framework (every criterion, every assessor).
BENELUX_SETS = [
    "grensbarrieres=+++", "schaalvoordelen=++", "kennis=+", "netwerk=+", "voortrekkersrol=++",
    "eu_afstemming=+", "resultaten=+", "draagvlak.NL=voldoende", "draagvlak.BE=voldoende",
    "draagvlak.LU=voldoende", "verdragsbasis=ja", "beneluxniveau=++",
]  # fmt: skip

# ``score`` adding that complete new item, "nieuw", to the example without asking.
SCORE_NEW_ITEM = [
    "score", str(EXAMPLE), "--no-interactive", "--id", "nieuw", "--name", "Nieuw",
    *[arg for pair in BENELUX_SETS for arg in ("--set", pair)],
]  # fmt: skip


def every_subset(n: int) -> Any:
    """Every subset of n items as a row of booleans (a numpy array of 2ⁿ rows)."""
    import numpy as np

    return (np.arange(2**n)[:, None] >> np.arange(n) & 1).astype(bool)


def allowed_subsets(
    items: Sequence[Candidate],
    x: Any,
    must: Collection[str] = (),
    exclude: Collection[str] = (),
    limits: Limits | None = None,
) -> Any:
    """Which subsets (rows of ``x``) honour gates, ``must``, ``exclude``, every link and,
    when given, the limits (a limit of None is not checked)."""
    import numpy as np

    from afweging.analysis.selection_model import EUR_TOLERANCE, FTE_TOLERANCE

    index = {c.id: i for i, c in enumerate(items)}
    ok = np.ones(len(x), dtype=bool)
    for i, c in enumerate(items):
        if not c.viable or c.id in exclude:
            ok &= ~x[:, i]
        if c.id in must:
            ok &= x[:, i]
        for other in c.requires:
            ok &= ~x[:, i] | x[:, index[other]]
        for other in c.excludes:
            ok &= ~(x[:, i] & x[:, index[other]])
    if limits is not None and limits.budget is not None:
        ok &= x @ np.array([c.eur for c in items]) <= limits.budget + EUR_TOLERANCE
    if limits is not None and limits.fte is not None:
        ok &= x @ np.array([c.fte for c in items]) <= limits.fte + FTE_TOLERANCE
    return ok


class Run(NamedTuple):
    """What one CLI invocation produced."""

    exit_code: int
    stdout: str
    stderr: str


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run ``afweging ARGS`` in-process, stdout and stderr kept apart."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


MINI_FRAMEWORK = """\
version: 1
id: mini
title: {nl: Mini, en: Mini}
source: test
scales:
  plus:
    levels:
      - {symbol: "0", value: 0, label: {nl: geen, en: none}}
      - {symbol: "+", value: 1, label: {nl: beperkt, en: limited}}
      - {symbol: "++", value: 2, label: {nl: aanzienlijk, en: considerable}}
      - {symbol: "+++", value: 3, label: {nl: groot, en: large}}
  steun:
    levels:
      - {symbol: geen, value: 0, label: {nl: geen, en: none}}
      - {symbol: beperkt, value: 1, label: {nl: beperkt, en: limited}}
      - {symbol: voldoende, value: 2, label: {nl: voldoende, en: sufficient}}
criteria:
  - {id: a, scale: plus, weight: 50, label: {nl: A, en: A}, question: {nl: A?, en: A?}}
  - {id: b, scale: plus, weight: 30, label: {nl: B, en: B}, question: {nl: B?, en: B?}}
  - {id: c, scale: plus, weight: 20, label: {nl: C, en: C}, question: {nl: C?, en: C?}}
  - id: steun
    scale: steun
    per_assessor: true
    minimum: voldoende
    label: {nl: Steun, en: Support}
    question: {nl: Steun?, en: Support?}
"""


def portfolio_yaml(items: list[dict[str, Any]], framework: str = "mini.yaml") -> str:
    """A portfolio for ``MINI_FRAMEWORK`` with the given items (support defaults to full)."""
    full = []
    for item in items:
        entry = {"kind": "initiative", **item}
        scores = dict(entry.get("scores", {}))
        scores.setdefault("steun", {"NL": "voldoende", "BE": "voldoende"})
        entry["scores"] = scores
        full.append(entry)
    document = {
        "version": 1,
        "framework": framework,
        "title": "Test",
        "as_of": "2026-01-01",
        "assessors": ["NL", "BE"],
        "items": full,
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def interruptible() -> None:
    """In a child process before it starts: let Ctrl-C (SIGINT) interrupt it. A shell
    starts a background job with SIGINT ignored, and Python then installs no handler of
    its own, so without this the interruption tests fail when the suite runs in the
    background."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# --------------------------------------------------------------------------- edits of the example

NEW_ITEM = """
  - id: fietssnelwegen
    name: Grensoverschrijdende fietssnelwegen
    kind: initiative
    cluster: duurzame-ontwikkeling
    status: proposed
    mandate_end: 2016-12-31
    cost: {eur: 200000, fte: 0.5}
    participants: [NL, BE, LU]
    scores:
      grensbarrieres: "++"
      schaalvoordelen: "+"
      kennis: "+"
      netwerk: "+"
      voortrekkersrol: "+"
      eu_afstemming: "0"
      resultaten: "+"
      draagvlak: {NL: voldoende, BE: voldoende, LU: voldoende}
      verdragsbasis: ja
      beneluxniveau: "++"
"""
FULL_SUPPORT = "draagvlak: {NL: voldoende, BE: voldoende, LU: voldoende}"


def replace_in_item(source: str, item_id: str, old: str, new: str) -> str:
    """``source`` with the first ``old`` after ``- id: item_id`` replaced by ``new``."""
    start = source.index(f"  - id: {item_id}\n")
    at = source.index(old, start)
    return source[:at] + new + source[at + len(old) :]


def example_with_three_edits(source: str) -> str:
    """The example with one score raised, one gate failed and one item added."""
    edited = replace_in_item(source, "energieforum", 'grensbarrieres: "+"', 'grensbarrieres: "+++"')
    edited = replace_in_item(
        edited, "veterinair", FULL_SUPPORT, "draagvlak: {NL: voldoende, BE: voldoende, LU: beperkt}"
    )
    return edited.rstrip("\n") + "\n" + NEW_ITEM


# --------------------------------------------------------------------------- generated cases

Case = tuple[dict[str, Any], dict[str, Any]]
"""A framework document and a portfolio document that refers to it, as plain data."""

# --------------------------------------------------------------------------- strategies


def _labels(text: str) -> dict[str, str]:
    return {"nl": text, "en": text}


def _levels(*symbols: str) -> dict[str, Any]:
    return {
        "levels": [
            {"symbol": symbol, "value": value, "label": _labels(f"level {value}")}
            for value, symbol in enumerate(symbols)
        ]
    }


SCALES: dict[str, dict[str, Any]] = {
    "plus": _levels("0", "+", "++", "+++"),
    "steun": _levels("geen", "beperkt", "voldoende"),
}
"""The scales of every generated framework: the 4-level plus scale (values 0–3) for the
weighted criteria, and for gates either that one or a 3-level support scale (values 0–2)."""

SYMBOLS: dict[str, list[str]] = {
    name: [level["symbol"] for level in scale["levels"]] for name, scale in SCALES.items()
}
ASSESSORS = ("NL", "BE")
KINDS = ("working-group", "initiative", "project")

weights = st.one_of(
    st.integers(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100, allow_subnormal=False),
)
"""A criterion weight: an integer or a float in [0, 100], zero included.

Subnormal floats are left out: multiplied by 1e-3 they lose their precision (or become
0), which would test float arithmetic rather than the ranking."""

positive_weights = weights.filter(lambda w: w > 0)
"""A weight above 0, for the one criterion that must carry weight."""


@st.composite
def framework_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A framework: 1–6 weighted criteria on the plus scale and 0–2 gates, in any order.

    Weighted criteria ``c0…`` have a weight from ``weights`` (at least one above 0) and an
    ``aggregate`` (used when an item scores them per assessor). Gates ``g0…`` have weight 0
    and a ``minimum`` that is a level of their scale, written as its symbol or its value;
    the first gate may be ``per_assessor``.
    """
    count = draw(st.integers(min_value=1, max_value=6))
    drawn = draw(st.lists(weights, min_size=count, max_size=count))
    if not any(w > 0 for w in drawn):
        drawn[draw(st.integers(min_value=0, max_value=count - 1))] = draw(positive_weights)
    criteria: list[dict[str, Any]] = [
        {
            "id": f"c{i}",
            "label": _labels(f"Criterion {i}"),
            "question": _labels(f"Criterion {i}?"),
            "scale": "plus",
            "weight": weight,
            "aggregate": draw(st.sampled_from(["mean", "median", "min"])),
        }
        for i, weight in enumerate(drawn)
    ]
    for j in range(draw(st.integers(min_value=0, max_value=2))):
        scale = draw(st.sampled_from(sorted(SCALES)))
        level = draw(st.sampled_from(SCALES[scale]["levels"]))
        gate: dict[str, Any] = {
            "id": f"g{j}",
            "label": _labels(f"Gate {j}"),
            "question": _labels(f"Gate {j}?"),
            "scale": scale,
            "weight": 0,
            "minimum": draw(st.sampled_from([level["symbol"], level["value"]])),
        }
        if j == 0 and draw(st.booleans()):
            gate["per_assessor"] = True
        criteria.append(gate)
    return {
        "version": 1,
        "id": "generated",
        "title": _labels("Generated"),
        "source": "tests/analysis/test_properties.py",
        "scales": SCALES,
        "criteria": draw(st.permutations(criteria)),
    }


def score_values(criterion: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A score on the criterion's scale: a symbol, or a mapping of every assessor to one.

    ``per_assessor`` criteria always get the mapping; the others get either form (the
    loader accepts a mapping for any criterion and aggregates it).
    """
    level = st.sampled_from(SYMBOLS[criterion["scale"]])
    mapping = st.fixed_dictionaries(dict.fromkeys(ASSESSORS, level))
    return mapping if criterion.get("per_assessor") else st.one_of(level, mapping)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A framework and a portfolio of 1–15 items ``i0…i14`` scored on every criterion."""
    framework = draw(framework_documents())
    items = [
        {
            "id": f"i{i}",
            "name": f"Item {i}",
            "kind": draw(st.sampled_from(KINDS)),
            "scores": {c["id"]: draw(score_values(c)) for c in framework["criteria"]},
        }
        for i in range(draw(st.integers(min_value=1, max_value=15)))
    ]
    portfolio = {
        "version": 1,
        "framework": "framework.yaml",
        "title": "Generated",
        "as_of": "2026-01-01",
        "assessors": list(ASSESSORS),
        "items": items,
    }
    return framework, portfolio


def fixed_case(weights: list[float], rows: list[list[str]]) -> Case:
    """A framework of plus-scale criteria ``c0…`` with these weights, items ``i0…`` scored so."""
    framework = {
        "version": 1,
        "id": "fixed",
        "title": _labels("Fixed"),
        "source": "tests/analysis/test_properties.py",
        "scales": SCALES,
        "criteria": [
            {
                "id": f"c{i}",
                "label": _labels(f"Criterion {i}"),
                "question": _labels(f"Criterion {i}?"),
                "scale": "plus",
                "weight": weight,
            }
            for i, weight in enumerate(weights)
        ],
    }
    items = [
        {
            "id": f"i{i}",
            "name": f"Item {i}",
            "kind": "project",
            "scores": {f"c{j}": symbol for j, symbol in enumerate(row)},
        }
        for i, row in enumerate(rows)
    ]
    portfolio = {"version": 1, "title": "Fixed", "as_of": "2026-01-01", "items": items}
    return framework, portfolio


HEAVY = ("numpy", "jinja2", "scipy", "matplotlib", "ruamel")

# main() ends with os._exit (no teardown, no atexit): the probe reports from there.
PROBE = """
import os, sys
end = os._exit
def report(code):
    sys.stderr.write("HEAVY=" + ",".join(m for m in {heavy!r} if m in sys.modules) + "\\n")
    sys.stderr.flush()
    end(code)
os._exit = report
sys.argv = ["afweging", *{args!r}]
from afweging.cli.app import main
main()
"""


def heavy_modules(*args: str) -> tuple[int, str]:
    """Run the CLI in a fresh interpreter; return its exit code and the heavy modules loaded."""
    code = PROBE.format(heavy=HEAVY, args=list(args))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY="))
    return done.returncode, line.removeprefix("HEAVY=")
