"""The rewrites for large portfolios keep every result: the same floats, the same flags,
the same positions as the straightforward definitions they replace."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from afweging.analysis.matrix import build_matrix
from afweging.analysis.methods import weighted_sum
from afweging.analysis.ranking import rank_matrix
from afweging.analysis.rules import review
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.models import Framework, Portfolio
from afweging.sources.yaml import parse
from tests.helpers import cases, fixed_case


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_totals_are_the_weighted_sum_to_the_last_bit(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """The ranking's totals (made once per distinct cell) equal ``weighted_sum`` exactly."""
    framework = Framework.model_validate(case[0])
    matrix = build_matrix(framework, Portfolio.model_validate(case[1]))
    expected = dict(
        zip((i.id for i in matrix.items), weighted_sum(matrix.values(), matrix.shares), strict=True)
    )
    for entry in rank_matrix(matrix).items:
        assert entry.total == expected[entry.item.id]
        assert [c.points for c in entry.contributions] == [
            100.0 * share * cell.value
            for cell, share in zip(
                matrix.cells[matrix.items.index(entry.item)], matrix.shares, strict=True
            )
        ]


@settings(max_examples=300, deadline=None)
@given(
    scores=st.lists(st.sampled_from(["0", "+", "++", "+++"]), min_size=1, max_size=40),
    share=st.sampled_from([0.1, 0.25, 0.5, 0.75, 1.0]),
)
def test_bottom_share_flags_what_the_pairwise_definition_flags(
    scores: list[str], share: float
) -> None:
    """The bottom share found by bisection is the one the O(n²) definition gives: an item
    is flagged when the items at or below its total (ties included) number at most the
    cut, with the same rank, ties never split."""
    framework_doc, portfolio_doc = fixed_case([1], [[s] for s in scores])
    for item in portfolio_doc["items"]:
        item["kind"] = "working-group"
    framework_doc["rules"] = [{"id": "bottom", "kind": "bottom-share", "share": share}]
    framework = Framework.model_validate(framework_doc)
    portfolio = Portfolio.model_validate(portfolio_doc)
    matrix = build_matrix(framework, portfolio)
    ranking = rank_matrix(matrix)
    flags = review(framework, matrix, ranking, portfolio.as_of).flags
    population = list(ranking.viable)
    cut = int(share * len(population) + 1e-9)
    expected = {}
    for entry in population:
        below = sum(1 for other in population if other.total <= entry.total + TIE_TOLERANCE)
        if cut and below <= cut:
            expected[entry.item.id] = 1 + sum(
                1 for o in population if o.total > entry.total + TIE_TOLERANCE
            )
    assert {i: f[0].evidence["rank"] for i, f in flags.items()} == expected


def test_positions_are_found_in_the_node_tree_when_asked() -> None:
    """Marks are looked up lazily yet behave as a mapping: lookup, membership, iteration."""
    doc = parse("a:\n  - {b: 1}\n  - c\n", "f.yaml")
    assert doc.value_marks[("a", 0, "b")] == (2, 9)
    assert ("a", 1) in doc.value_marks
    assert ("a", 2) not in doc.value_marks
    assert ("a", "x") not in doc.value_marks
    assert list(doc.value_marks) == [(), ("a",), ("a", 0), ("a", 0, "b"), ("a", 1)]
    assert list(doc.key_marks) == [("a",), ("a", 0, "b")]
    assert len(doc.key_marks) == 2
