"""Comparing two versions of a portfolio: the diff, its attribution, and its three renderings."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from afweging.analysis.diff import PortfolioDiff, Rename, compare, split_total
from afweging.analysis.pipeline import Analysis, analyse
from afweging.render.diff import changes_section, diff_document, diff_markdown, diff_view
from afweging.render.text import plain, rich_view
from afweging.sources.loading import load_portfolio
from tests.helpers import (
    EXAMPLE,
    FRAMEWORK,
    MINI_FRAMEWORK,
    example_with_three_edits,
    portfolio_yaml,
    replace_in_item,
)


def _analysed(path: Path) -> Analysis:
    return analyse(load_portfolio(path))


@pytest.fixture
def example_copy(tmp_path: Path) -> Callable[[str, Callable[[str], str]], Path]:
    """Write an edited copy of the example portfolio into ``tmp_path``."""

    def _copy(name: str, edit: Callable[[str], str]) -> Path:
        path = tmp_path / name
        path.write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
        return path

    return _copy


@pytest.fixture
def three_edits(example_copy: Callable[..., Path]) -> tuple[Analysis, Analysis, PortfolioDiff]:
    """The example, its three-edit copy, and their diff."""
    old = _analysed(EXAMPLE)
    new = _analysed(example_copy("new.yaml", example_with_three_edits))
    return old, new, compare(old, new)


def _ranks(analysis: Analysis) -> dict[str, int | None]:
    return {e.item.id: e.rank for e in analysis.ranking.items}


def _rules(analysis: Analysis) -> dict[str, set[str]]:
    return {e.item.id: {f.rule for f in analysis.review.flags.get(e.item.id, ())}
            for e in analysis.ranking.items}  # fmt: skip


def test_three_edits_are_reported_exactly(
    three_edits: tuple[Analysis, Analysis, PortfolioDiff],
) -> None:
    """One item added, none removed; the changed items are the edited ones plus those whose
    rank or flags moved because of them, with the scores, gate, flags and ranks as edited."""
    old, new, diff = three_edits
    assert [r.id for r in diff.added] == ["fietssnelwegen"]
    assert diff.removed == ()
    assert diff.renamed == ()
    assert diff.weights == ()
    old_ranks, new_ranks = _ranks(old), _ranks(new)
    old_rules, new_rules = _rules(old), _rules(new)
    moved = {i for i in old_ranks if old_ranks[i] != new_ranks[i]}
    reflagged = {i for i in old_rules if old_rules[i] != new_rules[i]}
    assert {"energieforum", "veterinair"} <= moved  # the edits do move them
    changes = {c.id: c for c in diff.changed}
    assert set(changes) == {"energieforum", "veterinair"} | moved | reflagged
    assert [c.id for c in diff.changed] == [
        e.item.id for e in new.ranking.items if e.item.id in changes
    ]
    for item_id, change in changes.items():
        assert (change.old_rank, change.new_rank) == (old_ranks[item_id], new_ranks[item_id])
        if change.old_rank is not None and change.new_rank is not None:
            assert change.rank_move == change.old_rank - change.new_rank
        assert change.fields == ()
        assert change.attribution is None
        if item_id not in ("energieforum", "veterinair"):
            assert change.scores == change.gates_failed == change.gates_passed == ()
            assert abs(change.total_change) <= 1e-9
    energy = changes["energieforum"]
    assert [(s.criterion, s.old, s.new) for s in energy.scores] == [("grensbarrieres", "+", "+++")]
    assert energy.total_change == pytest.approx(100 * 0.25 * 2 / 3)
    assert energy.rank_move is not None
    assert energy.rank_move > 0
    vet = changes["veterinair"]
    assert [(s.criterion, s.old, s.new) for s in vet.scores] == [
        (
            "draagvlak",
            "NL voldoende, BE voldoende, LU voldoende",
            "NL voldoende, BE voldoende, LU beperkt",
        )
    ]
    assert [(g.criterion, g.failed_by, g.minimum) for g in vet.gates_failed] == [
        ("draagvlak", ("LU",), "voldoende")
    ]
    assert (vet.old_rank, vet.new_rank, vet.rank_move) == (old_ranks["veterinair"], None, None)
    appeared = {(i, f.rule) for i, c in changes.items() for f in c.flags_appeared}
    cleared = {(i, f.rule) for i, c in changes.items() for f in c.flags_cleared}
    assert appeared == {("veterinair", "poort-niet-gehaald")}
    assert appeared == {(i, r) for i in old_rules for r in new_rules[i] - old_rules[i]}
    assert cleared == {(i, r) for i in old_rules for r in old_rules[i] - new_rules[i]}
    summary = diff.summary
    assert (summary.added, summary.removed, summary.changed) == (1, 0, len(changes))
    assert (summary.moved, summary.gates_failed, summary.gates_passed) == (len(moved), 1, 0)
    assert (summary.flags_appeared, summary.flags_cleared) == (1, len(cleared))


def test_identical_files_give_an_empty_diff(example_copy: Callable[..., Path]) -> None:
    """Two loads of the same portfolio differ in nothing, and every rendering says so."""
    old = _analysed(EXAMPLE)
    diff = compare(old, _analysed(example_copy("same.yaml", lambda s: s)))
    assert diff.empty
    assert diff.added == diff.removed == diff.changed == diff.weights == diff.renamed == ()
    assert set(diff.summary) == {0}
    assert diff_markdown(diff, "en") == "No differences.\n"
    assert "Geen verschillen." in plain(diff_view(diff, "nl"))
    assert diff_document(diff, "en")["changed"] == []


def test_a_renamed_id_is_removed_plus_added_with_a_hint(example_copy: Callable[..., Path]) -> None:
    """A new id for the same item is reported as removed and added, paired by the name
    (compared case-insensitively), and the hint shows in every rendering."""

    def rename(source: str) -> str:
        renamed = source.replace("  - id: ambulance\n", "  - id: ambulance-besluit\n")
        return renamed.replace("name: Ambulancebeschikking", "name: AMBULANCEBESCHIKKING")

    diff = compare(_analysed(EXAMPLE), _analysed(example_copy("renamed.yaml", rename)))
    assert [r.id for r in diff.removed] == ["ambulance"]
    assert [r.id for r in diff.added] == ["ambulance-besluit"]
    assert diff.renamed == (Rename("ambulance", "ambulance-besluit", "AMBULANCEBESCHIKKING"),)
    assert all(c.id != "ambulance-besluit" for c in diff.changed)
    hint = "ambulance was removed and ambulance-besluit added with the same name"
    assert hint in plain(diff_view(diff, "en"))
    assert hint in diff_markdown(diff, "en")
    assert diff_document(diff, "en")["renamed"] == [
        {"removed": "ambulance", "added": "ambulance-besluit", "name": "AMBULANCEBESCHIKKING"}
    ]


def test_field_changes_are_listed(example_copy: Callable[..., Path]) -> None:
    """A changed status, cost and mandate end are reported as field changes of the item."""

    def edit(source: str) -> str:
        edited = replace_in_item(source, "waterstofcorridor", "status: proposed", "status: active")
        edited = replace_in_item(edited, "waterstofcorridor", "eur: 600000", "eur: 650000")
        return replace_in_item(edited, "grensarbeid", "mandate_end: 2014", "mandate_end: 2015")

    diff = compare(_analysed(EXAMPLE), _analysed(example_copy("fields.yaml", edit)))
    fields = {c.id: [(f.field, f.old, f.new) for f in c.fields] for c in diff.changed}
    assert fields["waterstofcorridor"] == [
        ("status", "proposed", "active"),
        ("cost_eur", 600000.0, 650000.0),
    ]
    assert fields["grensarbeid"] == [("mandate_end", "2014-12-31", "2015-12-31")]
    assert "status: proposed → active" in diff_markdown(diff, "en")


def test_weight_change_is_listed_and_attributed(
    example_copy: Callable[..., Path], tmp_path: Path
) -> None:
    """With a copied framework whose first weight is doubled, every weight share is listed,
    and each moved item's total change is all weights: the two parts sum to the change."""
    framework = FRAMEWORK.read_text(encoding="utf-8").replace("weight: 25", "weight: 50", 1)
    (tmp_path / "benelux-2013.yaml").write_text(framework, encoding="utf-8")
    path = example_copy(
        "reweighted.yaml",
        lambda s: s.replace("framework: benelux", "framework: benelux-2013.yaml", 1),
    )
    old, new = _analysed(EXAMPLE), _analysed(path)
    diff = compare(old, new)
    assert diff.added == diff.removed == ()
    shares = {w.criterion: (w.old, w.new) for w in diff.weights}
    assert len(shares) == 7
    assert shares["grensbarrieres"] == pytest.approx((0.25, 0.4))
    assert shares["kennis"] == pytest.approx((0.10, 0.08))
    assert diff.changed
    for change in diff.changed:
        assert change.scores == ()
        attribution = change.attribution
        assert attribution is not None
        total = attribution.total
        assert total.weights + total.scores == pytest.approx(change.total_change, abs=1e-9)
        assert total.scores == 0.0
        if attribution.rank is not None:
            assert attribution.rank.weights + attribution.rank.scores == change.rank_move
    document = diff_document(diff, "en")
    assert document["summary"]["weights_changed"] is True
    assert document["weights"][0] == {
        "criterion": "grensbarrieres",
        "label": "Removing border barriers",
        "old_share": 0.25,
        "new_share": 0.4,
    }
    assert "### Weights" in diff_markdown(diff, "en")


def _write_mini(tmp_path: Path, name: str, weights: tuple[int, int, int]) -> None:
    text = MINI_FRAMEWORK
    for criterion, weight in zip("abc", weights, strict=True):
        default = {"a": 50, "b": 30, "c": 20}[criterion]
        text = text.replace(f"id: {criterion}, scale: plus, weight: {default}",
                            f"id: {criterion}, scale: plus, weight: {weight}")  # fmt: skip
    (tmp_path / name).write_text(text, encoding="utf-8")


def _mini_version(
    tmp_path: Path, name: str, framework: str, items: list[dict[str, Any]]
) -> Analysis:
    path = tmp_path / name
    path.write_text(portfolio_yaml(items, framework), encoding="utf-8")
    return _analysed(path)


def test_attribution_splits_a_constructed_case_by_the_average_of_both_orders(
    tmp_path: Path,
) -> None:
    """Raising criterion a's weight and x's score on a: both parts are positive for x and
    equal the average of weights-first and scores-first; y (only b, unchanged) loses by the
    weights alone."""
    _write_mini(tmp_path, "mini.yaml", (50, 30, 20))
    _write_mini(tmp_path, "mini2.yaml", (80, 30, 20))
    items = [
        {"id": "x", "name": "X", "scores": {"a": "+", "b": "0", "c": "0"}},
        {"id": "y", "name": "Y", "scores": {"a": "0", "b": "+++", "c": "0"}},
    ]
    raised = [{**items[0], "scores": {"a": "+++", "b": "0", "c": "0"}}, items[1]]
    old = _mini_version(tmp_path, "old.yaml", "mini.yaml", items)
    new = _mini_version(tmp_path, "new.yaml", "mini2.yaml", raised)
    changes = {c.id: c for c in compare(old, new).changed}
    w0, w1 = 0.5, 80 / 130
    v0, v1 = 1 / 3, 1.0

    def total(w: float, v: float) -> float:
        return 100 * w * v

    by_weights = ((total(w1, v0) - total(w0, v0)) + (total(w1, v1) - total(w0, v1))) / 2
    by_scores = ((total(w0, v1) - total(w0, v0)) + (total(w1, v1) - total(w1, v0))) / 2
    x = changes["x"].attribution
    assert x is not None
    assert (x.total.weights, x.total.scores) == pytest.approx((by_weights, by_scores))
    assert x.total.weights > 0
    assert x.total.scores > 0
    assert x.rank is not None
    assert (changes["x"].old_rank, changes["x"].new_rank) == (2, 1)
    assert x.rank.weights + x.rank.scores == 1
    y = changes["y"].attribution
    assert y is not None
    assert y.total.weights == pytest.approx(100 * (30 / 130 - 0.3))
    assert y.total.weights < 0
    assert y.total.scores == 0.0


def test_split_total_counts_a_criterion_in_one_framework_only_as_zero() -> None:
    """A criterion only in the new framework has old share 0 and old value 0."""
    split = split_total(({"a": 1.0}, {"a": 0.5, "b": 0.5}), ({"a": 1.0}, {"a": 1.0, "b": 1.0}), 0.0)
    # scores: b's value 0 → 1 at the average share 0.25 = 25 points; weights: the rest
    assert split.scores == pytest.approx(25.0)
    assert split.weights == pytest.approx(-25.0)


def test_compare_refuses_different_methods() -> None:
    """Versions ranked by different methods are not compared."""
    old = _analysed(EXAMPLE)
    other = old._replace(ranking=old.ranking._replace(method="topsis"))
    with pytest.raises(ValueError, match="different methods"):
        compare(old, other)


def _tables(markdown: str) -> list[list[int]]:
    """The number of cells of each row of each table, as markdown-it parses them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[int]] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            tables[-1].append(cells)
    return tables


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_parses_with_constant_cells_and_no_top_heading(
    three_edits: tuple[Analysis, Analysis, PortfolioDiff],
    example_copy: Callable[..., Path],
    tmp_path: Path,
    lang: Any,
) -> None:
    """The Markdown parses; each table row (with the weights' columns too) has the header's
    cell count even with a ``|`` in a name; the only headings are level 3."""
    old, _, _ = three_edits
    framework = FRAMEWORK.read_text(encoding="utf-8").replace("weight: 25", "weight: 30", 1)
    (tmp_path / "reweighted.yaml").write_text(framework, encoding="utf-8")

    def edit(source: str) -> str:
        edited = example_with_three_edits(source).replace(
            "name: Grensoverschrijdende fietssnelwegen", 'name: "Fiets | pad *x* <b>"'
        )
        return edited.replace("framework: benelux", "framework: reweighted.yaml", 1)

    diff = compare(old, _analysed(example_copy("piped.yaml", edit)))
    markdown = diff_markdown(diff, lang)
    tables = _tables(markdown)
    assert len(tables) == 3  # added, changed, weights
    for rows in tables:
        assert len(set(rows)) == 1
    headings = [t.tag for t in MarkdownIt("commonmark").parse(markdown) if t.type == "heading_open"]
    assert set(headings) == {"h3"}
    assert "Fiets \\| pad \\*x\\* &lt;b&gt;" in markdown
    assert markdown.endswith("\n")
    assert not markdown.endswith("\n\n")
    assert "\n\n\n" not in markdown


def test_json_document_is_versioned_ordered_and_unrounded(
    three_edits: tuple[Analysis, Analysis, PortfolioDiff],
) -> None:
    """The document dumps to JSON, starts with its schema, keeps its key order and the
    numbers as computed."""
    _, _, diff = three_edits
    document = diff_document(diff, "en")
    assert json.loads(json.dumps(document)) == document
    assert list(document) == [
        "schema", "schema_version", "tool_version", "language", "old", "new", "summary",
        "weights", "added", "removed", "renamed", "changed",
    ]  # fmt: skip
    assert (document["schema"], document["schema_version"]) == ("afweging/diff", 1)
    energy = next(c for c in document["changed"] if c["id"] == "energieforum")
    source = next(c for c in diff.changed if c.id == "energieforum")
    assert energy["total_change"] == source.total_change
    assert energy["scores"][0]["new_value"] == 1.0
    vet = next(c for c in document["changed"] if c["id"] == "veterinair")
    assert vet["gates_failed"][0]["failed_by"] == ["LU"]
    assert vet["flags_appeared"][0]["rule"] == "poort-niet-gehaald"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_view_draws_as_plain_text_and_with_rich(
    three_edits: tuple[Analysis, Analysis, PortfolioDiff], lang: Any
) -> None:
    """The terminal view draws both ways and names the edits."""
    _, _, diff = three_edits
    view = diff_view(diff, lang)
    text = plain(view)
    assert "fietssnelwegen" in text
    assert "+ → +++" in text
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(rich_view(view))
    assert "veterinair" in console.file.getvalue()  # type: ignore[attr-defined]


def test_memo_section_is_the_markdown_diff(
    three_edits: tuple[Analysis, Analysis, PortfolioDiff],
) -> None:
    """The memo's changes section is exactly ``diff --format markdown``, and names the old
    version for the heading."""
    _, _, diff = three_edits
    section = changes_section(diff, "nl")
    assert section["markdown"] == diff_markdown(diff, "nl")
    assert section["since"].endswith("(peildatum 2012-11-01)")
