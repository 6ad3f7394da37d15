"""The YAML reader: YAML 1.2 core scalars, positions, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from afweging.errors import InputError
from afweging.sources.files import decode
from afweging.sources.yaml import parse


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("NO", "NO"),
        ("on", "on"),
        ("off", "off"),
        ("1:30", "1:30"),
        ("2012-11-01", "2012-11-01"),
        ("010", 10),
        ("0o17", 15),
        ("0x1f", 31),
        ("-2", -2),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("+", "+"),
        ("+++", "+++"),
        ('"3"', "3"),
        ("'true'", "true"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    """Plain scalars resolve by YAML 1.2 core rules: yes/no/on/off, 1:30 and dates stay text."""
    assert parse(f"a: {text}\n", "f.yaml").data == {"a": value}


def test_positions_are_one_based_for_keys_and_values() -> None:
    """Every value and key is located by 1-based line and column."""
    doc = parse("top:\n  - id: x\n    name: 'y'\n", "f.yaml")
    assert doc.value_marks[("top", 0, "name")] == (3, 11)
    assert doc.key_marks[("top", 0, "name")] == (3, 5)
    assert doc.mark(("top", 0, "absent")) == (2, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: .inf\n", "f.yaml:1:4: .inf is not a finite number — write an ordinary number"),
        (
            "a: 1e999\n",
            "f.yaml:1:4: the number 1e999 is too large — use a number below 1e300",
        ),
        ("a: !!int 3\n", "f.yaml:1:4: explicit tag !!int is not supported — remove the tag"),
        (
            "a: 1\na: 2\n",
            (
                "f.yaml:2:1: duplicate key 'a' (first at line 1) — YAML keeps only one of them;"
                " remove or rename one"
            ),
        ),
        ("1: x\n", 'f.yaml:1:1: a key must be text, not the number 1 — put it in quotes: "1"'),
        (
            "<<: {a: 1}\n",
            "f.yaml:1:1: merge keys (<<) are not supported — write the keys out in full",
        ),
        (
            "a: &x [1]\nb: *x\n",
            (
                "f.yaml:2:4: anchors and aliases (&name, *name) are not supported"
                " — write the value out in full"
            ),
        ),
        (
            "x: &a [*a]\n",
            (
                "f.yaml:1:8: anchors and aliases (&name, *name) are not supported"
                " — write the value out in full"
            ),
        ),
        ("", "f.yaml:1:1: the file is empty — see the README for the file formats"),
        (
            "a: 1\n---\nb: 2\n",
            (
                "f.yaml:2:1: YAML syntax error: the file holds more than one document"
                " — remove the '---' separator and everything after it"
            ),
        ),
    ],
)
def test_refused_constructs_are_located(text: str, message: str) -> None:
    """Non-finite numbers, tags, duplicate or non-text keys, aliases and extra documents fail."""
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    assert caught.value.lines() == [message]


def test_deep_nesting_is_refused() -> None:
    """Nesting beyond what the formats need is refused, without a recursion error."""
    deep = "a: " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(InputError) as caught:
        parse(deep, "f.yaml")
    assert "nested more than 24 levels deep" in caught.value.lines()[0]
    with pytest.raises(InputError):
        parse("a: " + "[" * 5000 + "]" * 5000, "f.yaml")


def test_decode_accepts_a_bom_and_refuses_other_encodings() -> None:
    """UTF-8 with or without BOM decodes; Latin-1 bytes are refused with their offset."""
    assert decode(b"\xef\xbb\xbfa: 1\n", "f.yaml") == "a: 1\n"
    with pytest.raises(InputError) as caught:
        decode(b"name: caf\xe9\n", "f.yaml")
    assert caught.value.lines() == [
        "f.yaml:1:10: the file is not valid UTF-8 (byte 0xE9 at offset 9) — save it as UTF-8"
    ]


def test_an_assessor_that_is_not_text_beside_another_fault_is_an_input_error(
    tmp_path: Path,
) -> None:
    """A portfolio refused by the schema whose assessors list holds a null is still
    cross-checked for its other problems without failing (found by the mangled-file
    property): exit 1 with the problems, never an internal error."""
    from tests.helpers import MINI_FRAMEWORK, invoke

    (tmp_path / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "version: 1\nframework: mini.yaml\ntitle: T\nas_of: 2026-01-01\n"
        "assessors: [NL, null]\nitems:\n"
        "  - {id: a, name: A, kind: initiative, scores: {a: +, b: +, c: +,"
        " steun: {NL: voldoende}}}\n",
        encoding="utf-8",
    )
    run = invoke("rank", tmp_path / "p.yaml")
    assert run.exit_code == 1, run.stderr
    assert "internal error" not in run.stderr
