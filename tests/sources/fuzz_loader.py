"""An atheris (libFuzzer) fuzz target for the loader: any bytes → decode → parse → validate.

The target feeds the bytes to ``yamlsource.decode`` and ``yamlsource.parse``, validates
the document as a portfolio (``loading.validate_model(Portfolio, doc)``), cross-checks a
valid one against the built-in framework, also validates the document as a framework,
and formats every error as the CLI would print it. It also reads the same bytes as a CSV
file of items on the built-in framework (``csvsource.read_table``,
``loading.csv_portfolio``), as ``afweging rank FILE.csv`` does. An ``AfwegingError`` is the expected
answer to bad input; any other exception, a crash, a hang (``-timeout``) or runaway
memory (``-rss_limit_mb``) is a finding.

Usage (atheris is optional: ``pip install atheris``; a cp311 manylinux wheel exists)::

    python tests/fuzz_loader.py CORPUS_DIR [libFuzzer options]

CORPUS_DIR is created if needed and seeded (idempotently) with deeply nested flow and
block YAML, alias-heavy files, the example portfolio, the built-in framework and the
invalid and hostile corpora; a YAML token dictionary is passed with ``-dict`` unless one
is given. A crash is written to ``crash-<sha1>`` in the current folder; replay it with
``python tests/fuzz_loader.py crash-<sha1>``.

libFuzzer stops at the first crash. For a long session that should get past a known bug,
set ``AFWEGING_FUZZ_COLLECT=FOLDER``: every unexpected exception is then recorded instead
of raised, once per signature (type, innermost afweging frame, message without digits),
as ``FOLDER/finding-<hash>`` (the input) plus a line in ``FOLDER/findings.txt``, and the
fuzzing goes on. Hangs and memory blow-ups still stop the run.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHOWN = "fuzz.yaml"
CSV_SHOWN = "fuzz.csv"

# Tokens the mutator splices in: YAML syntax that matters to the reader, and the keys
# and values of the two formats.
TOKENS = [
    "---", "...", "%YAML 1.2", "%YAML 1.1", "%TAG ! tag:x,2000:", "&a ", "*a", "&b ", "*b",
    "<<: ", "? ", ": ", "- ", "[", "]", "{", "}", ", ", "!!str ", "!!int ", "!!binary ",
    "!!python/object:os.system ", "!local ", "|", ">-", '"', "'", "#", "\\t", "\\u202e",
    "\\ud800", "\\e", "\\0", "\\x85", "\\u2028", "\\U0001F600", "~", "null", "true", "NO",
    "on", "1:30", "010", "0x", "0o", ".inf", "-.inf", ".nan", "1e308", "1e309",
    "99999999999999999999999999999999999999", "2026-01-01", "\xef\xbb\xbf", "\x00", "\r\n",
    "version: 1", "framework: benelux", "title: ", "as_of: ", "assessors: ", "limits: ",
    "budget_eur: ", "staff_fte: ", "items:", "id: ", "name: ", "kind: ", "working-group",
    "initiative", "cluster: ", "status: ", "established: ", "mandate_end: ", "last_result: ",
    "cost: ", "eur: ", "fte: ", "participants: ", "scores: ", "rationale: ", "requires: ",
    "excludes: ", "draagvlak: ", "{NL: voldoende, BE: voldoende, LU: voldoende}", "kennis: ",
    '"++"', '"+++"', "scales: ", "criteria: ", "levels: ", "symbol: ", "value: ", "label: ",
    "question: ", "weight: ", "minimum: ", "per_assessor: ", "aggregate: ", "rules: ",
    "severity: ", "threshold: ", "reason: ", "{nl: a, en: b}",
]  # fmt: skip

MINIMAL = """\
version: 1
title: T
as_of: 2026-01-01
assessors: [NL, BE, LU]
items:
  - id: a
    name: A
    kind: working-group
    scores: {grensbarrieres: "+", schaalvoordelen: "0", kennis: "++", netwerk: "+",
             voortrekkersrol: "+++", eu_afstemming: "0", resultaten: "+",
             draagvlak: {NL: voldoende, BE: voldoende, LU: voldoende}, verdragsbasis: ja,
             beneluxniveau: "++"}
"""


CSV = (
    "id,name,kind,cost.eur,cost.fte,grensbarrieres,schaalvoordelen,kennis,netwerk,"
    "voortrekkersrol,eu_afstemming,resultaten,draagvlak.NL,draagvlak.BE,draagvlak.LU,"
    "verdragsbasis,beneluxniveau,rationale.kennis\r\n"
    "a,Groep A,working-group,700000,0.5,+,0,++,+,+++,0,+,voldoende,voldoende,beperkt,ja,++,"
    '"twee\nregels"\r\n'
)
"""A CSV file of one item on the built-in framework, for the CSV seeds."""


def seeds() -> list[bytes]:
    """The seed corpus: nested, alias-heavy and real inputs."""
    found = [MINIMAL.encode()]
    for depth in (10, 23, 24, 25, 26, 100, 999, 1000, 1001, 5000):
        found.append(b"items: " + b"[" * depth + b"]" * depth + b"\n")
        found.append(b"items: " + b"{a: " * depth + b"}" * depth + b"\n")
        found.append(b"items:\n" + b"".join(b" " * i + b"- \n" for i in range(1, min(depth, 1002))))
        found.append(b"".join(b" " * i + b"k:\n" for i in range(min(depth, 400))))
    found.append(b"items: " + b"[" * 50_000 + b"\n")
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    found.append(("\n".join(bomb) + "\nitems: *a9\n").encode())
    found.append(("x: &v 1\nitems: [" + ", ".join(["*v"] * 2000) + "]\n").encode())
    found.append(b"&k version: 1\n*k : 2\n")
    found.append(b"a: &a [*a]\n")
    found.append(b"items: &i\n  - &j {id: a, name: *j}\n")
    found.append(MINIMAL.replace("kennis", "<<: {x: 1}\n    kennis").encode())
    found.append(MINIMAL.replace("name: A", 'name: "A\\e[31m\\u202e\\u2028\\0"').encode())
    found.append(
        MINIMAL.replace("    kind:", "    cost: {eur: " + "9" * 400 + "}\n    kind:").encode()
    )
    found += [CSV.encode(), CSV.replace(",", ";").replace("0.5", "0,5").encode("utf-8-sig")]
    found.append(CSV.replace("Groep A", '"Groep\r\nA ""\x1b[31m"""').encode())
    found.append(CSV.replace("700000", "9" * 400).replace("++", "\u202e").encode())
    found.append(MINIMAL.encode("utf-16"))
    found.append(b"\xef\xbb\xbf" + MINIMAL.encode())
    files = [
        ROOT / "examples" / "benelux.yaml",
        ROOT / "src" / "afweging" / "frameworks" / "benelux.yaml",
        *sorted((ROOT / "tests" / "corpus" / "invalid").glob("*.yaml")),
        *sorted((ROOT / "tests" / "corpus" / "hostile").rglob("*.yaml")),
    ]
    found += [path.read_bytes() for path in files if path.is_file()]
    return found


def write_seeds(folder: Path) -> None:
    """Put the seeds into ``folder``, each named by its hash (so seeding twice is a no-op)."""
    folder.mkdir(parents=True, exist_ok=True)
    for data in seeds():
        (folder / f"seed-{hashlib.sha1(data).hexdigest()[:16]}").write_bytes(data)  # noqa: S324


def write_dictionary(path: Path) -> None:
    """The TOKENS as a libFuzzer dictionary."""
    lines = []
    for token in TOKENS:
        escaped = "".join(
            f"\\x{b:02x}" if b < 0x20 or b >= 0x7F or b in (0x22, 0x5C) else chr(b)
            for b in token.encode("latin-1" if token.startswith("\xef") else "utf-8")
        )
        lines.append(f'"{escaped}"')
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


@functools.cache
def builtin_framework() -> Any:
    """The built-in framework, loaded once."""
    from afweging.sources.loading import load_framework

    return load_framework("benelux")[0]


_seen: set[str] = set()


def collect(data: bytes, exc: Exception, folder: Path) -> None:
    """Record the first input of each kind of unexpected exception in ``folder``."""
    import re
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "afweging" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?"
    signature = f"{type(exc).__name__} in {where}: {re.sub(r'[0-9]+', 'N', str(exc))[:120]}"
    if signature in _seen:
        return
    _seen.add(signature)
    key = hashlib.sha1(signature.encode()).hexdigest()[:12]  # noqa: S324
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"finding-{key}").write_bytes(data)
    with (folder / "findings.txt").open("a", encoding="utf-8") as out:
        out.write(f"finding-{key}\t{signature}\n")
    sys.stderr.write(f"\n=== finding-{key}: {signature}\n")


def check_one(data: bytes) -> None:
    """What the loader does with ``data``; raises only if the loader misbehaves (or, with
    AFWEGING_FUZZ_COLLECT, records it)."""
    folder = os.environ.get("AFWEGING_FUZZ_COLLECT")
    for load in (load_one, load_csv_one):
        if not folder:
            load(data)
            continue
        try:
            load(data)
        except Exception as exc:  # noqa: BLE001 — every unexpected exception is a finding
            collect(data, exc, Path(folder))


def load_one(data: bytes) -> None:
    """Decode, parse and validate ``data``; let anything but an AfwegingError escape."""
    from afweging.errors import AfwegingError
    from afweging.findings import framework_findings
    from afweging.models import Framework, Portfolio
    from afweging.render import single_line
    from afweging.sources.checks import cross_check
    from afweging.sources.files import decode
    from afweging.sources.problems import validate_model
    from afweging.sources.yaml import parse

    try:
        doc = parse(decode(data, SHOWN), SHOWN)
    except AfwegingError as exc:
        _format(exc, single_line)
        return
    try:
        portfolio = validate_model(Portfolio, doc)
        problems, _ = cross_check(portfolio, builtin_framework(), doc, allow_missing=True)
        for problem in problems:
            single_line(problem.format())
    except AfwegingError as exc:
        _format(exc, single_line)
    try:
        framework_findings(validate_model(Framework, doc))
    except AfwegingError as exc:
        _format(exc, single_line)


def load_csv_one(data: bytes) -> None:
    """Read ``data`` as a CSV file of items scored on the built-in framework, as
    ``afweging rank FILE.csv`` does; let anything but an AfwegingError escape."""
    from afweging.errors import AfwegingError
    from afweging.render import single_line
    from afweging.sources import csv as csvsource
    from afweging.sources.loading import csv_portfolio

    try:
        doc = csvsource.CsvDocument(csvsource.read_table(data, CSV_SHOWN), {})
        csv_portfolio(doc, Path(CSV_SHOWN), (builtin_framework(), "built-in:benelux"),
                      "benelux", allow_missing=True)  # fmt: skip
    except AfwegingError as exc:
        _format(exc, single_line)


def _format(exc: Exception, single_line: object) -> None:
    """Format the error's lines as the CLI's funnel does (a crash there is a finding)."""
    for line in exc.lines():  # type: ignore[attr-defined]
        single_line(line)  # type: ignore[operator]


def main() -> None:
    """Seed the corpus folder, add the dictionary, and fuzz."""
    import atheris

    with atheris.instrument_imports():
        import afweging.errors
        import afweging.models
        import afweging.render
        import afweging.sources.csv
        import afweging.sources.loading
        import afweging.sources.yaml  # noqa: F401

    argv = list(sys.argv)
    folders = [Path(a) for a in argv[1:] if not a.startswith("-") and not Path(a).is_file()]
    if folders:
        write_seeds(folders[0])
    for default in ("-max_len=65536", "-timeout=10"):
        if not any(a.startswith(default.partition("=")[0] + "=") for a in argv):
            argv.insert(1, default)
    if not any(a.startswith("-dict=") for a in argv):
        dictionary = Path(tempfile.gettempdir()) / "afweging-fuzz-yaml.dict"
        write_dictionary(dictionary)
        argv.insert(1, f"-dict={dictionary}")
    atheris.Setup(argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
