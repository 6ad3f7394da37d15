# ruff: noqa: E501 — the expected messages are exact lines of output and read best unbroken
"""The hostile corpus: inputs built to break the reader, run through every command.

Each case holds one defect of one class (size, encoding, aliases, tags, nesting, keys,
documents, YAML 1.1 scalars, control and format characters in text, ids that collide
in case, numbers, command lines, closed pipes). File cases are generated from the small
valid bases below by one edit (so that the defect reads as that edit); files whose exact
bytes are the point (other encodings, raw control bytes) are stored in ``tests/corpus/hostile/``,
and every generated case of at most 64 KiB is written out to ``tests/corpus/hostile/generated/``
(76 files; a test keeps them current), to read, to replay and to seed the fuzzer.

Every file case runs against every command that reads a portfolio or a framework, with
stdin empty, and must give

* the documented exit code;
* exactly one line on stderr, ``path:line:col: message`` where the defect has a place;
* no ``Traceback`` and no ESC (nor another control or bidi character) on stdout or stderr;
* every file in the folder byte for byte as it was (``score --save`` included), and no
  file added;
* without hanging (30 seconds at most).

The command × case matrix runs in-process (the real entry point, ``cli._run``, with the
standard streams replaced), which keeps a thousand runs to a minute; every file case
also runs once more through a real process (``python -m afweging``), and so do the
command-line cases (closed pipes, full devices, closed stdin, memory limits).
Set ``AFWEGING_HOSTILE_TIMES=FILE`` to append every invocation's wall time to FILE.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.corpus import invalid_cases as corpus
from tests.helpers import BENELUX_SETS

ROOT = Path(__file__).resolve().parents[2]
STORED = ROOT / "tests" / "corpus" / "hostile"
TIMEOUT = 10.0
# Catches a hang (an alias bomb expanded, a runaway loop), not slowness: a loaded 2-core
# machine can take a few seconds for any command. Speed is measured in benchmarks/.
LIMIT = 30.0  # seconds per invocation
MAX_BYTES = 20 * 1024 * 1024
P = "hostile.yaml"

# The portfolio base: the built-in framework, one item. Line numbers matter to the cases.
BASE = """\
# hostile base: a valid one-item portfolio on the built-in framework
version: 1
framework: benelux
title: Basisportefeuille
as_of: 2026-01-01
assessors: [NL, BE, LU]
limits: {budget_eur: 1000000, staff_fte: 4}
items:
  - id: energieforum
    name: Pentalateraal energieforum
    kind: working-group
    cluster: interne-markt
    established: 2005
    cost: {eur: 700000, fte: 2}
    rationale: {kennis: Kennis wordt gedeeld.}
    scores:
      grensbarrieres: "+"
      schaalvoordelen: "0"
      kennis: "++"
      netwerk: "+"
      voortrekkersrol: "+++"
      eu_afstemming: "0"
      resultaten: "+"
      draagvlak: {NL: voldoende, BE: voldoende, LU: voldoende}
      verdragsbasis: ja
      beneluxniveau: "++"
"""

# The framework base, and a portfolio (uses.yaml) that is scored on it.
FRAMEWORK = """\
# hostile base: a valid small framework
version: 1
id: klein
title: {nl: Klein kader, en: Small framework}
source: test corpus
scales:
  plus:
    levels:
      - {symbol: "0", value: 0, label: {nl: geen, en: none}}
      - {symbol: "+", value: 1, label: {nl: beperkt, en: limited}}
      - {symbol: "++", value: 2, label: {nl: aanzienlijk, en: considerable}}
  janee:
    levels:
      - {symbol: nee, value: 0, label: {nl: nee, en: "no"}}
      - {symbol: ja, value: 1, label: {nl: ja, en: "yes"}}
criteria:
  - id: nut
    scale: plus
    weight: 60
    label: {nl: Nut, en: Benefit}
    question: {nl: Hoe nuttig?, en: How useful?}
  - id: bereik
    scale: plus
    weight: 40
    label: {nl: Bereik, en: Reach}
    question: {nl: Hoe groot is het bereik?, en: How wide is the reach?}
  - id: verdrag
    scale: janee
    minimum: ja
    label: {nl: Verdrag, en: Treaty}
    question: {nl: Past het in het verdrag?, en: Does it fit the treaty?}
"""

USES = """\
version: 1
framework: hostile.yaml
title: Klein
as_of: 2026-01-01
items:
  - id: alpha
    name: Alpha
    kind: working-group
    scores: {nut: "+", bereik: "++", verdrag: ja}
"""

KLEIN_SETS = ["nut=+", "bereik=++", "verdrag=ja"]


def sets(pairs: list[str]) -> list[str]:
    """``--set`` options for CRITERION=VALUE pairs."""
    return [arg for pair in pairs for arg in ("--set", pair)]


# Every command that reads a portfolio, as argument templates: {file} is the portfolio
# under test, {item} an item of it, {sets} a complete set of scores for a new item.
# diff and memo --previous read it as the old and as the new version.
PORTFOLIO_COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{file}"],
    "rank": ["rank", "{file}"],
    "explain": ["explain", "{file}", "{item}"],
    "review": ["review", "{file}"],
    "score": [
        "score", "{file}", "--no-interactive", "--id", "nieuw", "--name", "Nieuw", "{sets}", "--save",
    ],
    "robustness": ["robustness", "{file}", "--samples", "200"],
    "select": ["select", "{file}"],
    "memo": ["memo", "{file}", "--samples", "200"],
    "memo-previous": ["memo", "valid.yaml", "--previous", "{file}", "--samples", "200"],
    "diff-old": ["diff", "{file}", "valid.yaml"],
    "diff-new": ["diff", "valid.yaml", "{file}"],
    "export": ["export", "{file}"],
}  # fmt: skip
# A framework under test is read by all of those through uses.yaml, and directly by these.
FRAMEWORK_COMMANDS: dict[str, list[str]] = {
    **PORTFOLIO_COMMANDS,
    "check-framework": ["check", P],
    "rank-criteria": ["rank", "uses.yaml", "--criteria", P],
    "weights-write": ["weights", "swing", "nut=100", "bereik=50", "--write", P],
}


# Control and format characters that must never reach a terminal raw: C0 (but tab and
# newlines), DEL, C1, zero-width and bidi formatting, line/paragraph separators, BOM.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]"
)


# ------------------------------------------------------------------------------ helpers


def edit(old: str, new: str, base: str = BASE) -> bytes:
    """``base`` with its one occurrence of ``old`` replaced by ``new``, as UTF-8."""
    assert base.count(old) == 1, old
    return base.replace(old, new).encode("utf-8")


def edit_bytes(old: bytes, new: bytes, base: str = BASE) -> bytes:
    """Like ``edit``, on the bytes (for bytes that are not valid UTF-8)."""
    raw = base.encode("utf-8")
    assert raw.count(old) == 1, old
    return raw.replace(old, new)


def stored(name: str) -> Callable[[], bytes]:
    """A file of ``tests/corpus/hostile`` whose exact bytes are the case."""
    return (STORED / name).read_bytes


def position(data: bytes, at: bytes) -> tuple[int, int]:
    """1-based line and column (in characters) of the first ``at`` in ``data``."""
    index = data.index(at)
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    return line, len(data[start:index].decode("utf-8", errors="replace")) + 1


def at_the_limit() -> bytes:
    """A portfolio of exactly 20 MiB (the limit) whose one defect is a level off the scale;
    a comment line pads it."""
    text = edit('kennis: "++"', 'kennis: "++++"')
    pad = MAX_BYTES - len(text) - 2
    return text + b"#" + b"x" * pad + b"\n"


def over_the_limit() -> bytes:
    """A valid portfolio padded by a comment to one byte over 20 MiB."""
    text = BASE.encode()
    return text + b"#" + b"x" * (MAX_BYTES - len(text) - 1) + b"\n"


def alias_block_bomb() -> bytes:
    """A billion-laughs bomb in block style, under a key the schema does not know."""
    lines = ["x-defs:", '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"  l{level}: &l{level} [{refs}]")
    return BASE.replace("version: 1\n", "version: 1\n" + "\n".join(lines) + "\n").encode()


def many_aliases() -> bytes:
    """Ten thousand aliases of one anchored score."""
    refs = ", ".join(["*p"] * 10_000)
    return edit('grensbarrieres: "+"', f'grensbarrieres: &p "+"\n      x-many: [{refs}]')


def alias_key_elsewhere() -> bytes:
    """An anchored score key used, by alias, as the key of the item's rationale."""
    text = BASE.replace("    rationale: {kennis: Kennis wordt gedeeld.}\n", "")
    text = text.replace('grensbarrieres: "+"', '&g grensbarrieres: "+"')
    return (text + "    rationale: {*g : tekst}\n").encode()


def deep_block() -> bytes:
    """A block mapping nested 30 levels deep under one key."""
    nested = "".join(f"\n{'  ' * (i + 1)}k{i}:" for i in range(30)) + " x"
    return edit("title: Basisportefeuille", f"title: Basisportefeuille\nnotes:{nested}")


# ------------------------------------------------------------------------------ file cases


@dataclasses.dataclass(frozen=True)
class FileCase:
    """One hostile file: what the commands must answer."""

    id: str
    data: bytes | Callable[[], bytes]
    code: int
    message: str  # stderr after 'path:line:col: ', or the whole line when at is None
    at: bytes | tuple[int, int] | None = None  # where line:col points: its first occurrence
    kind: str = "portfolio"  # or "framework": the file is the framework of uses.yaml
    regex: bool = False  # message is a regular expression (what a fixed tool may say)

    def bytes(self) -> bytes:
        """The file's content."""
        return self.data() if callable(self.data) else self.data

    def pattern(self, data: bytes) -> str:
        """The regular expression the one stderr line must match in full."""
        text = self.message if self.regex else re.escape(self.message)
        if self.at is None:
            return text
        line, col = self.at if isinstance(self.at, tuple) else position(data, self.at)
        return re.escape(f"{P}:{line}:{col}: ") + text


ACCEPTED = ""  # the message of a case the tool must accept: no stderr at all

# The messages for control and format characters: raw in the file (at the character),
# held by a text value through a YAML escape (at the value, naming the character's place).
HINT = "remove it: such characters are invisible, can reorder or restyle what a reader sees, and are not allowed"
RAW = "the file contains {}, a control or format character — " + HINT
HELD = "the text holds {} at character {}, a control or format character — " + HINT
NUL = "the file contains U+0000 (NUL), a control character — save it as UTF-8 (a file with NUL bytes between its letters is UTF-16)"
HUGE = "the number {}… ({} characters long) is out of range — use a number below 1e15"

# fmt: off
FILE_CASES: list[FileCase] = [
    # --- size --------------------------------------------------------------------------
    FileCase("size-over-20MiB", over_the_limit, 1, f"{P}: the file is 20,971,521 bytes, more than the limit of 20,971,520 — split the portfolio or check that this is the right file"),
    FileCase("size-exactly-20MiB-defect-at-end", at_the_limit, 1, "'++++' is not a level of scale 'plus' — use one of: 0, +, ++, +++", b'"++++"'),
    # --- encoding ------------------------------------------------------------------------
    FileCase("utf16le-bom", stored("utf16le_bom.yaml"), 1, f"{P}:1:1: the file is not valid UTF-8 (byte 0xFF at offset 0); it looks like UTF-16 text — save it as UTF-8"),
    FileCase("utf32le-bom", stored("utf32le_bom.yaml"), 1, f"{P}:1:1: the file is not valid UTF-8 (byte 0xFF at offset 0); it looks like UTF-32 text — save it as UTF-8"),
    FileCase("utf16be-no-bom", stored("utf16be.yaml"), 1, f"{P}:1:1: " + NUL),
    FileCase("cp1252-quotes", stored("cp1252_quotes.yaml"), 1, "the file is not valid UTF-8 (byte 0x93 at offset 248) — save it as UTF-8", b"\x93"),
    FileCase("overlong-utf8", stored("overlong_utf8.yaml"), 1, "the file is not valid UTF-8 (byte 0xC0 at offset 253) — save it as UTF-8", b"\xc0"),
    FileCase("utf8-encoded-surrogate", stored("surrogate_utf8.yaml"), 1, "the file is not valid UTF-8 (byte 0xED at offset 253) — save it as UTF-8", b"\xed"),
    FileCase("utf8-truncated-at-end", stored("truncated_utf8.yaml"), 1, "the file is not valid UTF-8 (byte 0xC3 at offset 724) — save it as UTF-8", b"\xc3"),
    FileCase("nul-byte-in-name", stored("nul_in_name.yaml"), 1, NUL, b"\x00"),
    FileCase("nul-byte-in-comment", edit_bytes(b"# hostile base", b"# hostile\x00base"), 1, NUL, b"\x00"),
    FileCase("esc-byte-raw-in-name", stored("esc_raw_in_name.yaml"), 1, RAW.format("U+001B (ESC)"), b"\x1b"),
    FileCase("bom-then-valid", b"\xef\xbb\xbf" + BASE.encode(), 0, ACCEPTED),
    FileCase("crlf-line-endings", BASE.replace("\n", "\r\n").encode(), 0, ACCEPTED),
    FileCase("cr-only-line-endings", BASE.replace("\n", "\r").encode(), 0, ACCEPTED),
    # --- aliases ----------------------------------------------------------------------------
    FileCase("alias-bomb-block", alias_block_bomb, 1, "anchors and aliases (&name, *name) are not supported — write the value out in full", b"*l0"),
    FileCase("alias-ten-thousand", many_aliases, 1, "anchors and aliases (&name, *name) are not supported — write the value out in full", b"*p"),
    FileCase("alias-recursive", edit("version: 1\n", "version: 1\nx-loop: &a [*a]\n"), 1, "anchors and aliases (&name, *name) are not supported — write the value out in full", b"*a"),
    FileCase("alias-as-key", edit('kennis: "++"', '&k kennis: "++"\n      *k : "+"'), 1, "anchors and aliases (&name, *name) are not supported — write the value out in full", b"*k"),
    FileCase("alias-as-key-elsewhere", alias_key_elsewhere, 1, "anchors and aliases (&name, *name) are not supported — write the value out in full", b"*g"),
    FileCase("alias-undefined", edit('kennis: "++"', "kennis: *nope"), 1, "YAML syntax error: found undefined alias — check the indentation and quoting on this line and the one above", b"*nope"),
    # --- explicit tags ----------------------------------------------------------------------
    FileCase("tag-local", edit('kennis: "++"', 'kennis: !custom "++"'), 1, "explicit tag !custom is not supported — remove the tag", b"!custom"),
    FileCase("tag-binary", edit('kennis: "++"', 'kennis: !!binary "Kys="'), 1, "explicit tag !!binary is not supported — remove the tag", b"!!binary"),
    FileCase("tag-timestamp", edit("as_of: 2026-01-01", "as_of: !!timestamp 2026-01-01"), 1, "explicit tag !!timestamp is not supported — remove the tag", b"!!timestamp"),
    FileCase("tag-set", edit("assessors: [NL, BE, LU]", "assessors: !!set {NL, BE, LU}"), 1, "explicit tag !!set is not supported — remove the tag", b"!!set"),
    FileCase("tag-omap-on-sequence", edit("assessors: [NL, BE, LU]", "assessors: !!omap [NL, BE, LU]"), 1, "explicit tag !!omap is not supported — remove the tag", b"!!omap"),
    FileCase("tag-directive", b"%TAG !e! tag:example.com,2000:\n---\n" + edit('kennis: "++"', 'kennis: !e!x "++"'), 1, "explicit tag tag:example.com,2000:x is not supported — remove the tag", b"!e!x"),
    # --- nesting ------------------------------------------------------------------------------
    FileCase("deep-block-mapping", deep_block, 1, "the structure is nested more than 24 levels deep — afweging files need only a few levels; check the indentation", b"k24:"),
    FileCase("deep-flow-1000", edit("title: Basisportefeuille", "title: " + "[" * 1000 + "]" * 1000), 1, "YAML syntax error: exceeded maximum nesting depth — afweging files need only a few levels", b"[]"),
    FileCase("deep-flow-unclosed-100000", edit("title: Basisportefeuille", "title: " + "[" * 100_000), 1, "YAML syntax error: exceeded maximum nesting depth — afweging files need only a few levels", (4, 8 + 999)),
    FileCase("deep-flow-mappings", edit("title: Basisportefeuille", "title: " + "{a: " * 2000 + "}" * 2000), 1, "YAML syntax error: exceeded maximum nesting depth — afweging files need only a few levels", (4, 8 + 4 * 999)),
    FileCase("deep-block-sequences", edit( "title: Basisportefeuille", "title:\n" + "".join(" " * i + "-\n" for i in range(1, 3000)), ), 1, "YAML syntax error: exceeded maximum nesting depth — afweging files need only a few levels", b"-\n" + b" " * 1000 + b"-"),
    FileCase("deep-in-a-score", edit('kennis: "++"', "kennis: " + "[" * 30 + "]" * 30), 1, "the structure is nested more than 24 levels deep — afweging files need only a few levels; check the indentation", (19, 15 + 21)),
    # --- keys ---------------------------------------------------------------------------------
    FileCase("duplicate-top-key", BASE.encode() + b"items: []\n", 1, "duplicate key 'items' (first at line 8) — YAML keeps only one of them; remove or rename one", b"items: []"),
    FileCase("duplicate-key-in-flow", edit("cost: {eur: 700000, fte: 2}", 'cost: {eur: 700000, fte: 2, "eur": 5}'), 1, "duplicate key 'eur' (first at line 14) — YAML keeps only one of them; remove or rename one", b'"eur"'),
    FileCase("duplicate-key-by-escape", edit("    kind: working-group", '    kind: working-group\n    "n\\u0061me": x'), 1, "duplicate key 'name' (first at line 10) — YAML keeps only one of them; remove or rename one", b'"n\\u0061me"'),
    FileCase("key-null", edit('kennis: "++"', '~: "++"'), 1, 'a key must be text, not nothing (an empty value) — put it in quotes: "~"', b"~:"),
    FileCase("key-boolean", edit('kennis: "++"', 'true: "++"'), 1, 'a key must be text, not the boolean true — put it in quotes: "true"', b"true:"),
    FileCase("key-float", edit('kennis: "++"', '1.5: "++"'), 1, 'a key must be text, not the number 1.5 — put it in quotes: "1.5"', b"1.5:"),
    FileCase("key-complex", edit('kennis: "++"', '? [a, b]\n      : "++"'), 1, "a key must be text, not a list or mapping", b"[a, b]"),
    FileCase("key-zero-width-space", edit('kennis: "++"', '"kennis\\u200b": "++"'), 1, "unknown criterion 'kennis\\u200b' — did you mean 'kennis'?", b'"kennis'),
    # --- documents ------------------------------------------------------------------------------
    FileCase("second-document-after-end-marker", BASE.encode() + b"...\n---\nfoo: 1\n", 1, "YAML syntax error: the file holds more than one document — remove the '---' separator and everything after it", b"---\nfoo"),
    FileCase("second-document-empty", BASE.encode() + b"---\n", 1, "YAML syntax error: the file holds more than one document — remove the '---' separator and everything after it", b"---\n"),
    FileCase("only-separators", b"---\n---\n", 1, f"{P}:2:1: YAML syntax error: the file holds more than one document — remove the '---' separator and everything after it"),
    FileCase("yaml-directive-1.3", b"%YAML 1.3\n---\n" + BASE.encode(), 1, "YAML syntax error: found incompatible YAML document — check the indentation and quoting on this line and the one above", b"%YAML"),
    FileCase("yaml-directive-1.2", b"%YAML 1.2\n---\n" + BASE.encode(), 0, ACCEPTED),
    # --- YAML 1.1 scalars -----------------------------------------------------------------------
    FileCase("yaml11-NO", edit('kennis: "++"', "kennis: NO"), 1, "'NO' is not a level of scale 'plus' — YAML 1.1 tools read 'NO' as a boolean, afweging reads it as text; use one of: 0, +, ++, +++", b"NO"),
    FileCase("yaml11-on", edit("verdragsbasis: ja", "verdragsbasis: on"), 1, "'on' is not a level of scale 'janee' — YAML 1.1 tools read 'on' as a boolean, afweging reads it as text; use one of: nee, ja", b"on\n"),
    FileCase("yaml11-Off-per-assessor", edit("BE: voldoende", "BE: Off"), 1, "'Off' is not a level of scale 'steun' — YAML 1.1 tools read 'Off' as a boolean, afweging reads it as text; use one of: geen, beperkt, voldoende", b"Off"),
    FileCase("yaml11-sexagesimal", edit("established: 2005", "established: 1:30"), 1, "expected a whole number, got the text '1:30' — write only the year, e.g. 2005", b"1:30"),
    FileCase("yaml11-octal-010", edit("established: 2005", "established: 010"), 1, "the number 10 is too small — the minimum is 1900", b"010"),
    FileCase("yaml11-underscores", edit("budget_eur: 1000000", "budget_eur: 1_000_000"), 1, "expected a number, got the text '1_000_000'", b"1_000_000"),
    FileCase("date-where-number", edit("eur: 700000", "eur: 2026-01-01"), 1, "expected a number, got the text '2026-01-01'", b"2026-01-01,"),
    FileCase("number-where-date", edit("as_of: 2026-01-01", "as_of: 20260101"), 1, "expected a date, got the number 20260101 — write it as YYYY-MM-DD", b"20260101"),
    # --- control and format characters in text --------------------------------------------------
    FileCase("esc-in-name", edit("name: Pentalateraal energieforum", r'name: "Penta\e[31mlateraal"'), 1, HELD.format("U+001B (ESC)", 6), b'"Penta'),
    FileCase("esc-in-rationale", edit("kennis: Kennis wordt gedeeld.", r'kennis: "zie \e[2J hier"'), 1, HELD.format("U+001B (ESC)", 5), b'"zie'),
    FileCase("esc-after-a-line-break-in-rationale", edit("kennis: Kennis wordt gedeeld.", r'kennis: "twee\nregels \e[2J"'), 1, HELD.format("U+001B (ESC)", 13), b'"twee'),
    FileCase("esc-in-title", edit("title: Basisportefeuille", r'title: "Basis\e]0;pwned\a"'), 1, HELD.format("U+001B (ESC)", 6), b'"Basis'),
    FileCase("bidi-override-raw-in-name", edit("name: Pentalateraal energieforum", "name: Penta\u202elateraal"), 1, RAW.format("U+202E (right-to-left override)"), "\u202e".encode()),
    FileCase("bidi-isolate-in-rationale", edit("kennis: Kennis wordt gedeeld.", r'kennis: "Kennis \u2066gedeeld"'), 1, HELD.format("U+2066 (left-to-right isolate)", 8), b'"Kennis'),
    FileCase("bom-inside-name", edit("name: Pentalateraal energieforum", "name: Penta\ufefflateraal"), 1, RAW.format("U+FEFF (byte order mark)"), "\ufeff".encode()),
    FileCase("line-separator-escaped-in-name", edit("name: Pentalateraal energieforum", r'name: "Penta\u2028lateraal"'), 1, HELD.format("U+2028 (line separator)", 6), b'"Penta'),
    FileCase("line-separator-raw-in-name", edit("name: Pentalateraal energieforum", "name: Penta\u2028lateraal"), 1, "the file contains U+2028 (line separator), which YAML reads as a line break — use an ordinary line break", "\u2028".encode()),
    FileCase("lone-surrogate-escaped", edit("name: Pentalateraal energieforum", r'name: "Penta\ud800lateraal"'), 1, "YAML syntax error: found invalid Unicode character escape code — check the indentation and quoting on this line and the one above", b"d800"),
    FileCase("nul-escaped-in-name", edit("name: Pentalateraal energieforum", r'name: "Penta\0lateraal"'), 1, HELD.format("U+0000 (NUL)", 6), b'"Penta'),
    FileCase("c1-next-line-escaped-in-name", edit("name: Pentalateraal energieforum", r'name: "Penta\x85lateraal"'), 1, HELD.format("U+0085 (next line)", 6), b'"Penta'),
    FileCase("delete-escaped-in-name", edit("name: Pentalateraal energieforum", r'name: "Penta\x7flateraal"'), 1, HELD.format("U+007F (DEL)", 6), b'"Penta'),
    FileCase("bidi-override-in-id", edit("id: energieforum", r'id: "energie\u202Eforum"'), 1, HELD.format("U+202E (right-to-left override)", 8), b'"energie'),
    # --- ids that collide in case ----------------------------------------------------------
    FileCase("assessors-differ-in-case", edit("assessors: [NL, BE, LU]", "assessors: [NL, BE, LU, nl]").replace( b"LU: voldoende}", b"LU: voldoende, nl: voldoende}" ), 1, "assessor 'nl' is also listed as 'NL'; ids differ only in case — list each assessor once, spelled one way", b"nl]"),
    FileCase("score-key-differs-in-case", edit('kennis: "++"', 'Kennis: "++"'), 1, "unknown criterion 'Kennis' — did you mean 'kennis'?", b'Kennis: "'),
    # --- numbers ------------------------------------------------------------------------------------
    FileCase("nan", edit("eur: 700000", "eur: .nan"), 1, ".nan is not a finite number — write an ordinary number", b".nan"),
    FileCase("minus-inf", edit("fte: 2", "fte: -.inf"), 1, "-.inf is not a finite number — write an ordinary number", b"-.inf"),
    FileCase("1e308", edit("eur: 700000", "eur: 1e308"), 1, "the number 1e+308 is out of range — use a number below 1e15", b"1e308"),
    FileCase("1e309", edit("eur: 700000", "eur: 1e309"), 1, "the number 1e309 is too large — use a number below 1e300", b"1e309"),
    FileCase("integer-400-digits", edit("eur: 700000", "eur: " + "9" * 400), 1, HUGE.format("9" * 12, 400), b"9999"),
    FileCase("integer-400-digits-as-score", edit('kennis: "++"', "kennis: " + "9" * 400), 1, HUGE.format("9" * 12, 400), b"9999"),
    FileCase("hex-400-digits", edit("fte: 2", "fte: 0x" + "F" * 400), 1, HUGE.format("0x" + "F" * 10, 402), b"0xFFF"),
    FileCase("integer-5000-digits", edit("established: 2005", "established: " + "9" * 5000), 1, HUGE.format("9" * 12, 5000), b"9999"),
    FileCase("version-400-digits", edit("version: 1", "version: " + "9" * 400), 1, HUGE.format("9" * 12, 400), b"9999"),
    # --- the framework file -----------------------------------------------------------------------
    FileCase("fw-criterion-ids-differ-in-case", edit("  - id: bereik", "  - id: Nut", FRAMEWORK), 1, "duplicate criterion id 'Nut' (also criterion 1) — give every criterion its own id", b"Nut\n", kind="framework"),
    FileCase("fw-scale-ids-differ-in-case", edit( "criteria:\n", '  PLUS:\n    levels:\n      - {symbol: "0", value: 0, label: {nl: geen, en: none}}\n      - {symbol: "+", value: 1, label: {nl: wat, en: some}}\ncriteria:\n', FRAMEWORK, ), 1, "scale 'PLUS' is also declared as 'plus'; ids differ only in case — give every scale its own id", b"PLUS", kind="framework"),
    FileCase("fw-huge-weight", edit("weight: 60", "weight: 1e308", FRAMEWORK), 1, "the number 1e+308 is out of range — use a number below 1e15", b"1e308", kind="framework"),
    FileCase("fw-integer-400-digits-weight", edit("weight: 60", "weight: " + "9" * 400, FRAMEWORK), 1, HUGE.format("9" * 12, 400), b"9999", kind="framework"),
    FileCase("fw-nan-level-value", edit('{symbol: "+", value: 1,', '{symbol: "+", value: .nan,', FRAMEWORK), 1, ".nan is not a finite number — write an ordinary number", b".nan", kind="framework"),
    FileCase("fw-alias-in-scales", edit("  janee:\n    levels:", "  janee: &j\n    levels:", FRAMEWORK) + b"x-again: *j\n", 1, "anchors and aliases (&name, *name) are not supported — write the value out in full", b"*j", kind="framework"),
    FileCase("fw-utf16", lambda: FRAMEWORK.encode("utf-16"), 1, f"{P}:1:1: the file is not valid UTF-8 (byte 0xFF at offset 0); it looks like UTF-16 text — save it as UTF-8", kind="framework"),
    FileCase("fw-esc-in-label", edit("label: {nl: Nut, en: Benefit}", r'label: {nl: "Nut\e[5m", en: Benefit}', FRAMEWORK), 1, HELD.format("U+001B (ESC)", 4), b'"Nut', kind="framework"),
    FileCase("fw-bidi-in-question", edit( "question: {nl: Hoe nuttig?, en: How useful?}", r'question: {nl: "Hoe \u202Enuttig?", en: How useful?}', FRAMEWORK, ), 1, HELD.format("U+202E (right-to-left override)", 5), b'"Hoe', kind="framework"),
    FileCase("fw-yaml11-minimum", edit("minimum: ja", "minimum: on", FRAMEWORK), 1, "the minimum 'on' is not a level of scale 'janee' — use one of: nee, ja", b"on\n", kind="framework"),
    # --- issue #20, class "wrong values accepted silently" -------------------------------
    FileCase("wrong-values-amount-point-thousands", edit("eur: 700000", "eur: 250.000"), 1, "the amount 250.000 is ambiguous: YAML reads the point as a decimal point (250 euros), a Dutch spreadsheet as a thousands separator — write 250000 (without a thousands separator)", b"250.000"),
    FileCase("wrong-values-amount-one-point-250", edit("eur: 700000", "eur: 1.250"), 1, "the amount 1.250 is ambiguous: YAML reads the point as a decimal point (1.25 euros), a Dutch spreadsheet as a thousands separator — write 1250 (without a thousands separator)", b"1.250"),
    FileCase("wrong-values-amount-trailing-000", edit("eur: 700000", "eur: 700000.000"), 1, "the amount 700000.000 ends in a point and three zeros, which a Dutch spreadsheet reads as a thousands separator — write 700000", b"700000.000"),
    FileCase("wrong-values-budget-point-thousands", edit("budget_eur: 1000000", "budget_eur: 900.000"), 1, "the amount 900.000 is ambiguous: YAML reads the point as a decimal point (900 euros), a Dutch spreadsheet as a thousands separator — write 900000 (without a thousands separator)", b"900.000"),
    # --- issue #20, class "secrets and terminal control" ---------------------------------
    FileCase("secrets-png-as-portfolio", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR secret", 1, f"{P}:1:1: the file is not valid UTF-8 (byte 0x89 at offset 0); it looks like a PNG image — check that this is the right file"),
    FileCase("secrets-zip-as-framework", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xe9secret", 1, f"{P}:1:11: the file is not valid UTF-8 (byte 0xE9 at offset 10); it looks like a ZIP archive (such as an .xlsx or .docx file) — check that this is the right file", kind="framework"),
    FileCase("secrets-private-key-as-framework", b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n", 1, f"{P}:1:1: expected a mapping of keys at the top, got text that looks like a private key (its content is not shown)", kind="framework"),
    FileCase("secrets-passwd-as-portfolio", b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", 1, f"{P}:1:1: expected a mapping of keys at the top, got text without keys and values (its content is not shown)"),
    FileCase("secrets-long-text-quoted-in-part", edit("established: 2005", "established: " + "geheim" * 20), 1, "expected a whole number, got the text 'geheimgeheimgeheimgeheimgeheimgeheimgehe…' (120 characters) — write only the year, e.g. 2005", b"geheim"),
    FileCase("wrong-values-as-of-before-every-established", edit("as_of: 2026-01-01", "as_of: 2001-01-01"), 1, "as_of 2001-01-01 is before every item was established (first: 2005) — write the date of the review; a typo in the year?", b"2001-01-01"),
    FileCase("wrong-values-as-of-year-1", edit("as_of: 2026-01-01", "as_of: 0001-01-01"), 1, "as_of 0001-01-01 is before 1900 — write the review's date", b"0001-01-01"),
    FileCase("wrong-values-last-result-before-established", edit("established: 2005", "established: 2005\n    last_result: 2001"), 1, "last_result 2001 is before established 2005 — check both years", b"2001"),
    FileCase("wrong-values-last-result-after-as-of", edit("established: 2005", "established: 2005\n    last_result: 2030"), 1, "last_result 2030 is after as_of 2026-01-01 — a result cannot come after the date of the review; check both", b"2030"),
    FileCase("wrong-values-mandate-end-before-established", edit("established: 2005", "established: 2005\n    mandate_end: 2001-12-31"), 1, "mandate_end 2001-12-31 is before established 2005 — check both dates", b"2001-12-31"),
    FileCase("wrong-values-name-only-spaces", edit("name: Pentalateraal energieforum", 'name: "   "'), 1, "the text is only spaces — write something or remove the key", b'"   "'),
    FileCase("wrong-values-fw-symbol-is-another-label", edit('{symbol: "0", value: 0, label: {nl: geen, en: none}}', '{symbol: "limited", value: 0, label: {nl: geen, en: none}}', FRAMEWORK), 1, "the symbol 'limited' of scale 'plus' is also the label of level '+': a score 'limited' could mean either — give every level a symbol that no other level uses as a label", b'"limited"', kind="framework"),
    FileCase("wrong-values-fw-numeric-symbol-contradicts-values", edit('{symbol: "0", value: 0, label: {nl: geen, en: none}}', '{symbol: "1", value: 0, label: {nl: geen, en: none}}', FRAMEWORK), 1, "the symbol '1' of scale 'plus' reads as the number 1, the value of level '+': an unquoted score 1 would mean '+' — give level '1' the value 1, or symbols that are not numbers", b'"1"', kind="framework"),
    # --- issue #20, class "messages that point the wrong way" ---------------------------
    FileCase("messages-established-in-quotes", edit("established: 2005", 'established: "2022"'), 1, "expected a whole number, got the text '2022' — write 2022 without quotes", b'"2022"'),
    FileCase("messages-fw-weight-decimal-comma", edit("weight: 60", "weight: 12,5", FRAMEWORK), 1, "expected a number, got the text '12,5' — write 12.5: numbers take a decimal point", b"12,5", kind="framework"),
    FileCase("messages-fw-weight-percent", edit("weight: 60", "weight: 25%", FRAMEWORK), 1, "expected a number, got the text '25%' — write 25 without the percent sign", b"25%", kind="framework"),
    FileCase("messages-decimal-comma-in-flow", edit("fte: 2}", "fte: 1,5}"), 1, "'1,5' reads as two entries: in {…} a comma separates them — write 1.5 (YAML numbers take a decimal point)", b"1,5"),
    FileCase("messages-noncharacter-FFFF-in-name", edit("name: Pentalateraal energieforum", "name: Penta\uffffforum"), 1, "the file contains U+FFFF, a noncharacter that YAML does not allow — remove it (it is often left by a broken conversion or copy)", "\uffff".encode()),
    FileCase("messages-fw-unquoted-comma-in-label", edit("label: {nl: Nut, en: Benefit}", "label: {nl: Nut, nuttig, en: Benefit}", FRAMEWORK), 1, "'nuttig' has no value: in {…} a comma separates entries — put text that contains a comma in quotes, as in {nl: \"Wegnemen, grenzen\"}", b"nuttig", kind="framework"),
]
# fmt: on


def _commands_for(case: FileCase) -> dict[str, list[str]]:
    return FRAMEWORK_COMMANDS if case.kind == "framework" else PORTFOLIO_COMMANDS


def _file_params() -> list[Any]:
    return [
        pytest.param(case, name, id=f"{case.id}-{name}")
        for case in FILE_CASES
        for name in _commands_for(case)
    ]


# ------------------------------------------------------------------------------ running


@dataclasses.dataclass
class Outcome:
    """What one invocation of the CLI produced."""

    code: int
    stdout: bytes
    stderr: bytes
    seconds: float


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env["COLUMNS"] = "120"
    return env


def afweging(
    args: list[str],
    cwd: Path,
    *,
    stdin: Any = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    preexec: Callable[[], None] | None = None,
) -> Outcome:
    """Run ``python -m afweging ARGS`` in ``cwd`` with a timeout; time it."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "afweging", *args],
        cwd=cwd,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        env=_environment(),
        preexec_fn=preexec,  # only resource limits and closing stdin
        check=False,
    )
    seconds = time.perf_counter() - started
    _record(seconds, args, "process")
    return Outcome(done.returncode, done.stdout or b"", done.stderr, seconds)


def _record(seconds: float, args: list[str], how: str) -> None:
    """With AFWEGING_HOSTILE_TIMES=FILE, append the invocation's wall time to FILE."""
    record = os.environ.get("AFWEGING_HOSTILE_TIMES")
    if record:
        with Path(record).open("a", encoding="utf-8") as out:
            out.write(f"{seconds:.3f}\t{how}\t{' '.join(args)[:160]!r}\n")


def snapshot(folder: Path) -> dict[str, Any]:
    """Every entry below ``folder``: the bytes of regular files, the kind of the others."""
    found: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = ("symlink", str(path.readlink()))
        elif path.is_fifo():
            found[name] = "fifo"
        elif path.is_dir():
            found[name] = "dir"
        else:
            found[name] = path.read_bytes()
    return found


def assert_clean(outcome: Outcome) -> None:
    """No traceback, no ESC and no other control or bidi character on either stream."""
    for stream in (outcome.stdout, outcome.stderr):
        assert b"Traceback" not in stream, stream.decode("utf-8", "replace")[-2000:]
        assert b"\x1b" not in stream, stream[:2000]
        unsafe = UNSAFE.search(stream.decode("utf-8", "replace"))
        assert unsafe is None, f"{unsafe.group()!r} in the output" if unsafe else ""


def assert_one_line(stderr: bytes, pattern: str) -> None:
    """stderr is exactly one newline-terminated line matching ``pattern`` in full."""
    text = stderr.decode("utf-8", "replace")
    assert text.endswith("\n"), f"not one line:\n{text[:3000]}"
    assert text.count("\n") == 1, f"not one line:\n{text[:3000]}"
    assert re.fullmatch(pattern, text[:-1]), f"{text[:-1]!r}\n does not match\n{pattern!r}"


def assert_fast(outcome: Outcome) -> None:
    """Every invocation answers before the hang limit."""
    assert outcome.seconds < LIMIT, f"took {outcome.seconds:.2f} s"


def _fill(template: list[str], file: str, item: str, scores: list[str]) -> list[str]:
    args: list[str] = []
    for word in template:
        if word == "{sets}":
            args += sets(scores)
        else:
            args.append(word.replace("{file}", file).replace("{item}", item))
    return args


def in_process(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """Run ``afweging ARGS`` in this process, through the entry point's own ``_run``, in
    ``cwd``, with empty stdin and byte-capturing stdout and stderr; time it."""
    from afweging.cli import app as cli

    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", write_through=True) for b in (out, err)]
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(sys, "stdout", streams[0])
    monkeypatch.setattr(sys, "stderr", streams[1])
    monkeypatch.setenv("COLUMNS", "120")
    started = time.perf_counter()
    try:
        code = cli._run(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    seconds = time.perf_counter() - started
    for stream in streams:
        stream.flush()
    monkeypatch.undo()
    _record(seconds, args, "in-process")
    return Outcome(code, out.getvalue(), err.getvalue(), seconds)


def _prepare(case: FileCase, folder: Path) -> tuple[str, str, list[str]]:
    """Write the case's files into ``folder``; the file, item and scores commands use."""
    (folder / "valid.yaml").write_text(BASE, encoding="utf-8")
    (folder / P).write_bytes(case.bytes())
    if case.kind == "framework":
        (folder / "uses.yaml").write_text(USES, encoding="utf-8")
        return "uses.yaml", "alpha", KLEIN_SETS
    return P, "energieforum", BENELUX_SETS


def _check(case: FileCase, outcome: Outcome, before: dict[str, Any], folder: Path) -> None:
    assert_clean(outcome)
    assert outcome.code == case.code, outcome.stderr.decode("utf-8", "replace")[:3000]
    if case.code == 0:
        assert outcome.stderr == b""
    else:
        assert outcome.stdout == b""
        assert_one_line(outcome.stderr, case.pattern(case.bytes()))
    assert snapshot(folder) == before, "a file changed, or one was added or removed"
    assert_fast(outcome)


@pytest.mark.parametrize(("case", "command"), _file_params())
def test_hostile_file(
    case: FileCase, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile file gets its exit code and one clear line from every command that reads
    it; nothing on disk changes; no traceback or escape reaches the terminal; under 2 s."""
    file, item, scores = _prepare(case, tmp_path)
    template = _commands_for(case)[command]
    if case.code == 0:
        template = [w for w in template if w != "--save"]
    before = snapshot(tmp_path)
    outcome = in_process(_fill(template, file, item, scores), tmp_path, monkeypatch)
    _check(case, outcome, before, tmp_path)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in FILE_CASES])
def test_hostile_file_in_a_process(case: FileCase, tmp_path: Path) -> None:
    """The same through a real process (``python -m afweging``), stdin from /dev/null:
    ``score --save`` for a portfolio, ``check`` for a framework; start-up included,
    under 2 s."""
    file, item, scores = _prepare(case, tmp_path)
    command = "check-framework" if case.kind == "framework" else "score"
    template = _commands_for(case)[command]
    if case.code == 0:
        template = [w for w in template if w != "--save"]
    before = snapshot(tmp_path)
    outcome = afweging(_fill(template, file, item, scores), tmp_path)
    _check(case, outcome, before, tmp_path)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in FILE_CASES if c.at])
def test_expected_position_is_in_the_file(case: FileCase) -> None:
    """Every expected line:column lies inside the file; a text's is its only occurrence, or
    its first."""
    data = case.bytes()
    if isinstance(case.at, tuple):
        line, col = case.at
    else:
        assert case.at is not None
        assert case.at in data
        line, col = position(data, case.at)
    lines = data.split(b"\n")
    assert 1 <= line <= len(lines)
    assert 1 <= col <= len(lines[line - 1].decode("utf-8", "replace")) + 1


def test_stored_files_each_have_a_case() -> None:
    """Every file in tests/corpus/hostile is the input of a case, every case's file exists, and
    the corpus holds at least 50 cases."""
    named = set(re.findall(r'stored\("([^"]+)"\)', Path(__file__).read_text(encoding="utf-8")))
    assert named == {p.name for p in STORED.glob("*.yaml")}
    assert len(FILE_CASES) + len(CLI_CASES) >= 50


GENERATED = STORED / "generated"
"""Every generated case of at most ``SMALL`` bytes, written out: to read, to replay
(``afweging check tests/corpus/hostile/generated/esc-in-name.yaml``) and to seed the fuzzer."""
SMALL = 64 * 1024


def _generated() -> dict[str, bytes]:
    return {
        f"{case.id}.yaml": data
        for case in FILE_CASES
        if case.data.__class__ is not types.MethodType  # not a stored file
        and len(data := case.bytes()) <= SMALL
    }


def test_the_generated_cases_are_written_out() -> None:
    """tests/corpus/hostile/generated holds exactly the small generated cases, byte for byte
    (after a change: ``python -m tests.test_hostile``)."""
    expected = _generated()
    assert len(expected) >= 50
    assert {p.name: p.read_bytes() for p in GENERATED.glob("*.yaml")} == expected


if __name__ == "__main__":
    GENERATED.mkdir(exist_ok=True)
    for old in GENERATED.glob("*.yaml"):
        old.unlink()
    for name, data in _generated().items():
        (GENERATED / name).write_bytes(data)


# ------------------------------------------------------------------------------ the invalid corpus

# The files of tests/corpus/invalid whose defect is one of the hostile classes: there they run
# through one command, here through every command.
CORPUS = [
    "not_utf8", "empty", "syntax_unclosed_flow", "syntax_tab_indent", "dup_key",
    "second_document", "non_text_key", "too_deep", "inf_number", "alias_bomb", "anchor_alias",
    "tag_int", "tag_python", "tag_mapping", "merge_key", "yaml11_no", "bool_score",
    "dup_id_case", "top_list-rank",
]  # fmt: skip


def _corpus_params() -> list[Any]:
    by_id = {p.id: p for p in corpus.CASES}
    params = []
    for case_id in CORPUS:
        name, _, expected, _ = by_id[case_id].values
        params += [
            pytest.param(name, expected, command, id=f"{case_id}-{command}")
            for command in PORTFOLIO_COMMANDS
        ]
    return params


@pytest.mark.parametrize(("name", "expected", "command"), _corpus_params())
def test_invalid_corpus_through_every_command(
    name: str, expected: list[str], command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hostile files of the invalid corpus give their one line from every command."""
    folder = tmp_path / corpus.SHOWN
    folder.mkdir(parents=True)
    (folder / name).write_bytes((corpus.INVALID / name).read_bytes())
    (tmp_path / "valid.yaml").write_text(BASE, encoding="utf-8")
    before = snapshot(tmp_path)
    args = _fill(
        PORTFOLIO_COMMANDS[command], f"{corpus.SHOWN}/{name}", "energieforum", BENELUX_SETS
    )
    outcome = in_process(args, tmp_path, monkeypatch)
    assert_clean(outcome)
    assert outcome.code == 1, outcome.stderr.decode("utf-8", "replace")
    assert outcome.stdout == b""
    assert outcome.stderr.decode("utf-8").splitlines() == expected
    assert snapshot(tmp_path) == before
    assert_fast(outcome)


# ------------------------------------------------------------------------------ command lines


def _make_fifo(folder: Path) -> None:
    os.mkfifo(folder / "fifo.yaml")


def _make_fifo_framework(folder: Path) -> None:
    os.mkfifo(folder / "kader.yaml")
    text = BASE.replace("framework: benelux", "framework: kader.yaml")
    (folder / "fw-portfolio.yaml").write_text(text, encoding="utf-8")


def _make_broken_templates(folder: Path) -> None:
    (folder / "syntax.md").write_text("# Memo\n\n{% if x %}\nopen\n", encoding="utf-8")
    (folder / "unknown.md").write_text("# Memo\n{{ nope.x }}\n", encoding="utf-8")


def _make_ahp_typo(folder: Path) -> None:
    (folder / "kader.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (folder / "ahp.yaml").write_text(
        "criteria: [nut, berijk]\npairs:\n  - [nut, berijk, 3]\n", encoding="utf-8"
    )


def _make_huge_cell(folder: Path) -> None:
    header = "id,name,kind,status,grensbarrieres\n"
    (folder / "big.csv").write_text(
        header + "a," + "x" * 2_000_000 + ",initiative,active,+\n", encoding="utf-8"
    )


def _make_folder(folder: Path) -> None:
    (folder / "folder.yaml").mkdir()


def _make_memo_folder(folder: Path) -> None:
    (folder / "folder.md").mkdir()


def _make_loop(folder: Path) -> None:
    (folder / "loop.yaml").symlink_to("loop.yaml")


def _make_big(folder: Path) -> None:
    """A valid portfolio of 400 items: its JSON ranking is far larger than a pipe's buffer."""
    head, _, item = BASE.partition("items:\n")
    items = "".join(item.replace("id: energieforum", f"id: item-{n}") for n in range(400))
    (folder / "big.yaml").write_text(f"{head}items:\n{items}", encoding="utf-8")


def _limit_memory() -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _close_stdin() -> None:
    os.close(0)


@dataclasses.dataclass(frozen=True)
class CliCase:
    """One hostile command line, run in a folder holding valid.yaml (and what setup adds)."""

    id: str
    args: tuple[str, ...]
    code: int
    line: str | None  # regular expression for the one stderr line; None: stderr is empty
    setup: Callable[[Path], None] | None = None
    stdin: str = "devnull"  # or "closed"
    stdout: str = "capture"  # or "closed-pipe", "head" (read one line, then close), "full"
    preexec: Callable[[], None] | None = None


SCORE = ("score", "valid.yaml", "--no-interactive", "--id", "nieuw", "--name", "Nieuw")
# Every command that writes to stdout, into a pipe whose reader has gone: exit 0, silent.
CLOSED_PIPE: dict[str, tuple[str, ...]] = {
    "rank-json": ("rank", "valid.yaml", "--format", "json"),
    "rank": ("rank", "valid.yaml"),
    "rank-csv": ("rank", "valid.yaml", "--format", "csv"),
    "explain": ("explain", "valid.yaml", "energieforum"),
    "review": ("review", "valid.yaml"),
    "robustness": ("robustness", "valid.yaml", "--samples", "200"),
    "select": ("select", "valid.yaml"),
    "memo": ("memo", "valid.yaml", "--samples", "200"),
    "diff": ("diff", "valid.yaml", "valid.yaml"),
    "check": ("check", "valid.yaml"),
    "score": (*SCORE, *sets(BENELUX_SETS)),
    "schema": ("schema", "portfolio"),
    "frameworks": ("frameworks",),
    "weights": ("weights", "rank", "a", "b", "c"),
}

# fmt: off
CLI_CASES: list[CliCase] = [
    CliCase("unknown-option", ("rank", "valid.yaml", "--frobnicate"), 2, r".*--frobnicate.*"),
    CliCase("top-0", ("rank", "valid.yaml", "--top", "0"), 2, r".*--top.*"),
    CliCase("samples-below-minimum", ("robustness", "valid.yaml", "--samples", "99"), 2, r".*--samples.*"),
    CliCase("budget-nan", ("select", "valid.yaml", "--budget", "nan"), 2, r".*--budget.*"),
    CliCase("wrong-values-budget-inf", ("select", "valid.yaml", "--budget", "inf", "--format", "json"), 2, re.escape("afweging select: Invalid value for '--budget': inf is out of range: use a number below 1e15 — see 'afweging select --help'")),
    CliCase("wrong-values-fte-1e309", ("select", "valid.yaml", "--fte", "1e309", "--format", "json"), 2, re.escape("afweging select: Invalid value for '--fte': 1e309 is out of range: use a number below 1e15 — see 'afweging select --help'")),
    CliCase("wrong-values-budget-1e300", ("select", "valid.yaml", "--budget", "1e300"), 2, re.escape("afweging select: Invalid value for '--budget': 1e300 is out of range: use a number below 1e15 — see 'afweging select --help'")),
    CliCase("messages-budget-thousands-points", ("select", "valid.yaml", "--budget", "1.000.000"), 2, re.escape("afweging select: Invalid value for '--budget': 1.000.000: write the amount without thousands points: 1000000 — see 'afweging select --help'")),
    CliCase("messages-fte-decimal-comma", ("select", "valid.yaml", "--fte", "2,5"), 2, re.escape("afweging select: Invalid value for '--fte': 2,5: write a decimal point: 2.5 — see 'afweging select --help'")),
    CliCase("lang-unknown", ("rank", "valid.yaml", "--lang", "de"), 2, r".*--lang.*"),
    CliCase("as-of-garbage", ("rank", "valid.yaml", "--as-of", "garbage"), 2, re.escape("afweging: --as-of garbage: write the date as YYYY-MM-DD")),
    CliCase("as-of-february-30", ("review", "valid.yaml", "--as-of", "2026-02-30"), 2, re.escape("afweging: --as-of 2026-02-30: write the date as YYYY-MM-DD")),
    CliCase("as-of-with-esc", ("rank", "valid.yaml", "--as-of", "\x1b[31m"), 2, re.escape("afweging: --as-of \\x1b[31m: write the date as YYYY-MM-DD")),
    CliCase("set-without-equals", (*SCORE, *sets([*BENELUX_SETS[:-1], "beneluxniveau"])), 1, re.escape("--set beneluxniveau: expected CRITERION=VALUE — e.g. --set grensbarrieres=++")),
    CliCase("set-without-criterion", (*SCORE, *sets(BENELUX_SETS), "--set", "=+"), 1, re.escape("--set =+: expected CRITERION=VALUE — e.g. --set grensbarrieres=++")),
    CliCase("set-value-with-esc", (*SCORE, *sets([*BENELUX_SETS[:-1], "beneluxniveau=\x1b[2J"])), 1, re.escape( "--set beneluxniveau=\\x1b[2J: '\\x1b[2J' is not a level of scale 'plus' — use one of: 0, +, ++, +++" )),
    CliCase("score-id-differs-in-case", ( "score", "valid.yaml", "--no-interactive", "--id", "Energieforum", "--name", "X", *sets(BENELUX_SETS), "--save", ), 1, re.escape( "--id Energieforum: 'Energieforum' is already in the portfolio — choose another id" )),
    CliCase("score-name-with-esc", ( "score", "valid.yaml", "--no-interactive", "--id", "nieuw", "--name", "\x1b[31mRood", *sets(BENELUX_SETS), "--save", ), 1, r"--name: .*"),
    CliCase("folder-as-portfolio", ("rank", "folder.yaml"), 1, re.escape("folder.yaml: this is a folder, not a file — name a YAML file"), setup=_make_folder),
    CliCase("folder-as-new-version", ("diff", "valid.yaml", "folder.yaml"), 1, re.escape("folder.yaml: this is a folder, not a file — name a YAML file"), setup=_make_folder),
    CliCase("empty-path", ("review", ""), 1, re.escape(".: this is a folder, not a file — name a YAML file")),
    CliCase("nonexistent-file", ("explain", "missing.yaml", "x"), 1, re.escape("missing.yaml: no such file — check the path")),
    CliCase("nonexistent-framework-file", ("rank", "valid.yaml", "--criteria", "nope.yaml"), 1, re.escape("nope.yaml: no such file — check the path")),
    CliCase("unknown-framework-id", ("rank", "valid.yaml", "--criteria", "nope"), 2, re.escape( "afweging: unknown framework 'nope' — built-in frameworks: benelux; or give a path to a framework file" )),
    CliCase("symlink-loop", ("check", "loop.yaml"), 1, re.escape("loop.yaml: cannot read the file: Too many levels of symbolic links"), setup=_make_loop),
    CliCase("path-with-esc", ("rank", "\x1b[31m.yaml"), 1, re.escape("\\x1b[31m.yaml: no such file — check the path")),
    CliCase("path-with-newline", ("rank", "a\nb.yaml"), 1, re.escape("a b.yaml: no such file — check the path")),
    CliCase("path-not-utf8", ("check", os.fsdecode(b"\xff.yaml")), 1, re.escape("\\udcff.yaml: no such file — check the path")),
    CliCase("item-with-esc", ("explain", "valid.yaml", "\x1b[31mx"), 2, re.escape("afweging: no item '\\x1b[31mx' in valid.yaml — expected one of: energieforum")),
    CliCase("messages-template-syntax-error", ("memo", "valid.yaml", "--template", "syntax.md", "--samples", "200"), 1, re.escape("syntax.md:4:1: template syntax error: Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."), setup=_make_broken_templates),
    CliCase("messages-template-unknown-variable", ("memo", "valid.yaml", "--template", "unknown.md", "--samples", "200"), 1, re.escape("unknown.md:2:1: the template failed: 'nope' is undefined"), setup=_make_broken_templates),
    CliCase("messages-ahp-write-unknown-criterion", ("weights", "ahp", "ahp.yaml", "--write", "kader.yaml"), 1, re.escape("ahp.yaml:1:17: unknown criterion 'berijk' in kader.yaml — did you mean 'bereik'?"), setup=_make_ahp_typo),
    CliCase("messages-csv-huge-cell", ("check", "big.csv"), 1, re.escape("big.csv:2:1: row 2 holds a cell of more than 1,000,000 characters — a text is at most 5,000 characters; a quote that is opened and never closed makes the rest of the file one cell"), setup=_make_huge_cell),
    CliCase("messages-fifo-as-framework", ("check", "fw-portfolio.yaml"), 1, re.escape("fw-portfolio.yaml:3:12: framework file 'kader.yaml' is a named pipe (FIFO), not a file (looked for kader.yaml) — check the path; it is relative to the portfolio's folder"), setup=_make_fifo_framework),
    CliCase("fifo-as-portfolio", ("rank", "fifo.yaml"), 1, r"fifo\.yaml: .*", setup=_make_fifo),
    CliCase("dev-zero-as-portfolio", ("check", "/dev/zero"), 1, r"/dev/zero: .*", preexec=_limit_memory),
    CliCase("score-interactive-stdin-closed", ("score", "valid.yaml", "--interactive"), 1, r".*(input|stdin).*", stdin="closed"),
    CliCase("score-interactive-stdin-empty", ("score", "valid.yaml", "--interactive"), 1, r".*<stdin>: the input ended before every question was answered; nothing was saved"),
    CliCase("memo-output-is-folder", ("memo", "valid.yaml", "-o", "folder.md", "--samples", "200"), 1, re.escape("folder.md: this is a folder, not a regular file; nothing was written (not even with --force) — name a regular file; -o - writes to stdout"), setup=_make_memo_folder),
    CliCase("memo-output-not-md-or-docx", ("memo", "valid.yaml", "-o", "memo.yaml", "--samples", "200"), 2, re.escape("afweging: -o memo.yaml: the memo is written as FILE.md (Markdown) or FILE.docx (Word), not '.yaml'")),
    CliCase("memo-output-under-a-file", ("memo", "valid.yaml", "-o", "valid.yaml/memo.md", "--no-charts", "--samples", "200"), 1, r"valid\.yaml/memo\.md: cannot create valid\.yaml: .*; nothing was changed"),
    CliCase("stdout-full", ("rank", "valid.yaml", "--format", "json"), 1, r".*(space|write).*", stdout="full"),
    CliCase("version-to-full-device", ("--version",), 1, r".*(space|write).*", stdout="full"),
    CliCase("big-json-head-1", ("rank", "big.yaml", "--format", "json"), 0, None, setup=_make_big, stdout="head"),
    CliCase("help-to-closed-pipe", ("--help",), 0, None, stdout="closed-pipe"),
    *[ CliCase(f"closed-pipe-{name}", a, 0, None, stdout="closed-pipe") for name, a in CLOSED_PIPE.items() ],
]
# fmt: on


def _cli_params() -> list[Any]:
    return [pytest.param(case, id=case.id) for case in CLI_CASES]


def _run_cli_case(case: CliCase, folder: Path) -> Outcome:
    args = list(case.args)
    preexec = case.preexec
    if case.stdin == "closed":
        preexec = _close_stdin
    if case.stdout == "capture":
        return afweging(args, folder, preexec=preexec)
    if case.stdout == "full":
        with Path("/dev/full").open("wb") as full:
            return afweging(args, folder, stdout=full, preexec=preexec)
    if case.stdout == "closed-pipe":
        reader, writer = os.pipe()
        os.close(reader)
        try:
            return afweging(args, folder, stdout=writer, preexec=preexec)
        finally:
            os.close(writer)
    # "head": like '| head -1': read one line, close the pipe, let the writer find out.
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "afweging", *args],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(),
    ) as child:
        assert child.stdout is not None
        assert child.stderr is not None
        first = child.stdout.readline()
        child.stdout.close()
        stderr = child.stderr.read()
        code = child.wait(timeout=TIMEOUT)
    return Outcome(code, first, stderr, time.perf_counter() - started)


@pytest.mark.parametrize("case", _cli_params())
def test_hostile_command_line(case: CliCase, tmp_path: Path) -> None:
    """A hostile command line gets its exit code and at most one clear line; no traceback,
    no escape; nothing on disk changes; under 2 s."""
    (tmp_path / "valid.yaml").write_text(BASE, encoding="utf-8")
    if case.setup is not None:
        case.setup(tmp_path)
    before = snapshot(tmp_path)
    outcome = _run_cli_case(case, tmp_path)
    assert_clean(outcome)
    assert outcome.code == case.code, outcome.stderr.decode("utf-8", "replace")[:3000]
    if case.line is None:
        assert outcome.stderr == b""
    else:
        assert_one_line(outcome.stderr, case.line)
        assert outcome.stdout == b""
    assert snapshot(tmp_path) == before, "a file changed, or one was added or removed"
    assert_fast(outcome)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_cannot_take_utf8(encoding: str, tmp_path: Path) -> None:
    """On a terminal whose encoding is not UTF-8 the output degrades instead of failing:
    the table and the messages are written in that encoding (the typographic characters
    as ASCII), and the JSON is exactly the JSON of a UTF-8 terminal, with \\u escapes."""
    base = BASE.replace("Pentalateraal energieforum", "Pentalateraal énergieforum — één")
    (tmp_path / "valid.yaml").write_text(base, encoding="utf-8")
    # 1,000 items: the JSON of a large ranking is written item by item (one per line)
    head, _, item = base.replace("— één", "— één 😀").partition("items:\n")
    items = "".join(item.replace("id: energieforum", f"id: item-{n}") for n in range(1000))
    (tmp_path / "large.yaml").write_text(f"{head}items:\n{items}", encoding="utf-8")
    env = {**_environment(), "PYTHONIOENCODING": encoding}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "afweging", *args],
            cwd=tmp_path, capture_output=True, timeout=TIMEOUT, check=False,
            env={**env, **extra},
        )  # fmt: skip

    table = run("rank", "valid.yaml")
    assert table.returncode == 0, table.stderr
    assert table.stderr == b""
    shown = table.stdout.decode(encoding)
    assert "Basisportefeuille - afwegingskader benelux" in shown
    expected = (
        "énergieforum - één" if encoding == "latin-1" else "\\u00e9nergieforum - \\u00e9\\u00e9n"
    )
    assert expected in shown
    for portfolio in ("valid.yaml", "large.yaml"):
        narrow = run("rank", portfolio, "--format", "json")
        wide = run("rank", portfolio, "--format", "json", PYTHONIOENCODING="utf-8")
        assert narrow.returncode == wide.returncode == 0
        assert max(narrow.stdout) < 0x80
        assert json.loads(narrow.stdout) == json.loads(wide.stdout)
    missing = run("check", "missing.yaml")
    assert missing.returncode == 1
    assert missing.stderr == b"missing.yaml: no such file - check the path\n"
