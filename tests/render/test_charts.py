"""The memo's charts: names never cut to ambiguity, and every chart drawn at 1,000 items."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afweging.render import charts

PNG = b"\x89PNG"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=90), min_size=1, max_size=12, unique=True))
def test_shortened_names_stay_distinct(names: list[str]) -> None:
    """Distinct names stay distinct when shortened, and none grows longer than it was."""
    shown = charts.distinct_short(names, 20)
    assert len(set(shown)) == len(names)
    for name, short in zip(names, shown, strict=True):
        assert len(short) <= max(len(name), 20)


def test_every_chart_is_drawn_at_1000_items() -> None:
    """Contributions, acceptability and value for money draw 1,000 items (the first 40 or
    30, said in the caption), the same bytes twice."""
    n = 1000
    names = [f"Werkgroep met een lange naam nummer {i}" for i in range(n)]
    points = [[(i % 7) * 1.5, (i % 5) * 2.0, (i % 3) * 3.0] for i in range(n)]
    ranks = [i + 1 if i % 10 else None for i in range(n)]
    labels = {"failed": "fails a gate", "caption": "Each bar.", "more": "{count} more."}
    first = charts.contributions_chart(names, ["a", "b", "c"], points, "points", ranks=ranks,
                                       labels=labels)  # fmt: skip
    assert first.startswith(PNG)
    assert first == charts.contributions_chart(
        names, ["a", "b", "c"], points, "points", ranks=ranks, labels=labels
    )
    shares = [[1.0 if r == i % 50 else 0.0 for r in range(50)] for i in range(n)]
    heat = charts.acceptability_chart(
        names, shares, {"x": "rank", "bar": "share", "caption": "Each cell.", "more": "{count}."}
    )
    assert heat.startswith(PNG)
    status = ["funded" if i % 3 else "left" if i % 2 else "out" for i in range(n)]
    vfm = charts.value_for_money_chart(
        names, [float(i % 100) for i in range(n)], [1e5 * (1 + i % 9) for i in range(n)], status,
        {"x": "cost", "y": "total", "caption": "Value.", "unnamed": "Unnamed."},
    )  # fmt: skip
    assert vfm.startswith(PNG)
    frontier = charts.frontier_chart(
        [0.0, 1e6, 2e6, 3e6], [0.0, 10.0, 12.0, 12.0], 2e6,
        {"x": "budget", "y": "value", "budget_line": "now", "flat": "flat"},
        staff_bound=[False, False, True, True],
    )  # fmt: skip
    assert frontier.startswith(PNG)
