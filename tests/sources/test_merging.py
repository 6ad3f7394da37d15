"""The merge's YAML edit: only the changed scores and rationales change, every other byte stays."""

from __future__ import annotations

import pytest
import yaml

from afweging.errors import InputError
from afweging.sources.merging import MergePlan, flow_mapping, merge_scores, scalar

PORTFOLIO = """\
# a comment that stays
version: 1
title: Test   # trailing comment
as_of: 2024-01-01
assessors: [NL, BE]
items:
  - id: a      # first
    name: A
    kind: initiative
    scores:
      x: "+"   # keep me
      steun:
        NL: voldoende
        BE: beperkt
    rationale:
      x: |
        Old text
        on two lines.
  - id: b
    name: B
    kind: initiative
    scores: {x: '++', steun: {NL: geen, BE: geen}}
  - id: c
    name: C
    kind: initiative
    scores:
      x: "0"
"""


def _plan(
    scores: dict[tuple[int, str], str | dict[str, str]],
    rationales: dict[tuple[int, str], str] | None = None,
) -> MergePlan:
    return MergePlan((), (), (), scores, rationales or {})


def _merged(text: str, plan: MergePlan) -> str:
    return merge_scores(text.encode(), "p.yaml", plan).decode()


def test_a_plain_score_is_replaced_in_place() -> None:
    """A changed score takes the old one's place; its comment and quoting style stay."""
    merged = _merged(PORTFOLIO, _plan({(0, "x"): "++"}))
    assert merged == PORTFOLIO.replace('x: "+"   # keep me', 'x: "++"   # keep me')


def test_a_block_mapping_keeps_its_lines() -> None:
    """A per-assessor score in block style changes only the assessor's value line."""
    merged = _merged(PORTFOLIO, _plan({(0, "steun"): {"NL": "voldoende", "BE": "geen"}}))
    assert merged == PORTFOLIO.replace("BE: beperkt", "BE: geen")


def test_a_flow_mapping_is_rewritten_and_single_quotes_kept() -> None:
    """A {flow: mapping} score is written anew; a single-quoted score stays single-quoted."""
    merged = _merged(PORTFOLIO, _plan({(1, "steun"): {"NL": "geen", "BE": "voldoende"},
                                       (1, "x"): "+++"}))  # fmt: skip
    assert "scores: {x: '+++', steun: {NL: geen, BE: voldoende}}" in merged
    assert merged.count("\n") == PORTFOLIO.count("\n")


def test_new_keys_and_a_new_rationale_section_are_added() -> None:
    """A score the item lacks is added to its scores; a rationale section is added too."""
    merged = _merged(PORTFOLIO, _plan({(2, "steun"): {"NL": "geen", "BE": "beperkt"}},
                                      {(2, "x"): "Nieuw: 'quoted' \"text\""}))  # fmt: skip
    data = yaml.safe_load(merged)
    assert data["items"][2]["scores"] == {"x": "0", "steun": {"NL": "geen", "BE": "beperkt"}}
    assert data["items"][2]["rationale"] == {"x": "Nieuw: 'quoted' \"text\""}
    assert merged.startswith(PORTFOLIO.rstrip("\n"))


def test_a_block_scalar_rationale_is_replaced() -> None:
    """A literal block rationale becomes a quoted one; the next item stays as it was."""
    merged = _merged(PORTFOLIO, _plan({}, {(0, "x"): "Nieuwe tekst\nmet twee regels"}))
    assert yaml.safe_load(merged)["items"][0]["rationale"]["x"] == "Nieuwe tekst\nmet twee regels"
    assert merged.split("  - id: b")[1] == PORTFOLIO.split("  - id: b")[1]


def test_crlf_and_bom_are_kept() -> None:
    """Windows line ends and a byte order mark survive the edit."""
    original = b"\xef\xbb\xbf" + PORTFOLIO.replace("\n", "\r\n").encode()
    plan = _plan({(2, "steun"): {"NL": "geen", "BE": "beperkt"}})
    merged = merge_scores(original, "p.yaml", plan)
    assert merged.startswith(b"\xef\xbb\xbf# a comment")
    assert b"\n" not in merged.replace(b"\r\n", b"")


def test_a_flow_item_is_refused() -> None:
    """An item written as one {flow: mapping} without scores cannot take a new section."""
    text = "version: 1\ntitle: T\nas_of: 2024-01-01\nitems:\n  - {id: a, name: A, kind: project}\n"
    with pytest.raises(InputError) as caught:
        _merged(text, _plan({(0, "x"): "+"}))
    assert "merge --write adds to block mappings" in str(caught.value)


def test_scalars_read_back_as_written() -> None:
    """Plain where YAML reads the same text back, quoted where it would not (no, 0, +)."""
    assert [scalar(v) for v in ("ja", "no", "0", "+", "a b")] == ["ja", '"no"', '"0"', '"+"', "a b"]
    assert flow_mapping({"NO": "+", "BE": "voldoende"}) == '{"NO": "+", BE: voldoende}'
