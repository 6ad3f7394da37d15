"""The memo's charts as PNG bytes (matplotlib, imported here only, with the Agg backend).

Each function takes plain data and returns the image; the memo command writes the
files. Output is deterministic for the same data (no timestamps in the PNG metadata).
Every chart stays readable at 1,000 items: it shows the first ``limit`` (the best
ranked) and says in its caption what it leaves out. Names are shortened only as far as
they stay distinct.
"""

import io
from collections.abc import Sequence
from typing import Any

_METADATA = {"Software": None}  # no version stamp: the same data gives the same bytes
LIMIT = 40
"""Items a chart shows at most; the caption says how many more there are."""


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(width, height), dpi=100)
    return figure, axes


def _png(figure: Any, caption: str = "", decimal: str = ".") -> bytes:
    from matplotlib import pyplot

    if decimal == ",":
        _dutch_ticks(figure)
    buffer = io.BytesIO()
    if caption:
        import textwrap

        wrapped = "\n".join(textwrap.wrap(caption, 110))
        figure.text(0.01, 0.005, wrapped, fontsize="small", va="bottom", ha="left")
        lines = wrapped.count("\n") + 1
        figure.tight_layout(rect=(0, 0.02 + 0.2 * lines / figure.get_figheight(), 1, 1))
    else:
        figure.tight_layout()
    figure.savefig(buffer, format="png", metadata=_METADATA)
    pyplot.close(figure)
    return buffer.getvalue()


def _png_of_some(figure: Any, labels: dict[str, str], hidden: int) -> bytes:
    """The PNG bytes of a chart that draws only some of its items: the caption is
    ``labels['caption']``, followed, when ``hidden`` items were left out and
    ``labels['more']`` is given, by that text with ``{count}`` the number left out;
    numbers in ``labels['decimal']``'s notation (``.`` by default)."""
    caption = labels.get("caption", "")
    if hidden and labels.get("more"):
        caption = (caption + " " + labels["more"].format(count=hidden)).strip()
    return _png(figure, caption, labels.get("decimal", "."))


def distinct_short(names: Sequence[str], limit: int = LIMIT) -> list[str]:
    """Each name cut to ``limit`` characters with an ellipsis, unless that makes two of
    them equal: those keep their start and end around a middle ellipsis, and grow until
    they differ (a name is never cut to something another name also reads as)."""
    shown = [_short(n, limit) for n in names]
    width = limit
    while len(set(shown)) < len(shown) and width < max(len(n) for n in names):
        width += 8
        seen: dict[str, int] = {}
        for s in shown:
            seen[s] = seen.get(s, 0) + 1
        shown = [_middle(n, width) if seen[s] > 1 else s for n, s in zip(names, shown, strict=True)]
    return shown


def _short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _middle(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    head = (limit - 1) // 2
    return name[:head] + "…" + name[len(name) - (limit - 1 - head) :]


def contributions_chart(
    names: Sequence[str],
    criteria: Sequence[str],
    points: Sequence[Sequence[float]],
    xlabel: str,
    *,
    ranks: Sequence[int | None] | None = None,
    labels: dict[str, str] | None = None,
    limit: int = LIMIT,
) -> bytes:
    """Stacked horizontal bars: each item's total split into its criteria's contributions.

    With ``ranks`` (None for an item that fails a gate) the ranked items come first, each
    labelled with its rank and its total, and the items that fail a gate follow below a
    line, paler and without a rank. ``labels``: ``failed`` (the heading of that group) and
    ``caption``; ``more`` ("{count} more …") when items are left out beyond ``limit``."""
    labels = labels or {}
    ranks = list(ranks) if ranks is not None else list(range(1, len(names) + 1))
    order = [i for i, r in enumerate(ranks) if r is not None]
    failed = [i for i, r in enumerate(ranks) if r is None]
    shown_ranked = order[:limit]
    shown_failed = failed[: max(0, limit - len(shown_ranked))]
    rows = shown_ranked + shown_failed
    gap = 1 if shown_failed and shown_ranked else 0
    height = 0.42 * (len(rows) + gap) + 0.35 * ((len(criteria) + 1) // 2) + 2.6
    figure, axes = _figure(10, height)
    positions = {i: len(rows) + gap - k - (gap if k >= len(shown_ranked) else 0)
                 for k, i in enumerate(rows)}  # fmt: skip
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    colours = _palette(len(criteria))
    left = dict.fromkeys(rows, 0.0)
    # One collection of rectangles per criterion and group: what barh draws, without an
    # artist per bar (360 of them took a second at 40 items and 9 criteria).
    for j, colour in enumerate(colours):
        for group, alpha in ((shown_ranked, 1.0), (shown_failed, 0.35)):
            bars = [
                [(x, y - 0.4), (x + w, y - 0.4), (x + w, y + 0.4), (x, y + 0.4)]
                for x, w, y in ((left[i], points[i][j], positions[i]) for i in group)
            ]
            if bars:
                shapes = PolyCollection(bars, facecolors=colour, edgecolors="none", alpha=alpha)
                axes.add_collection(shapes, autolim=True)
        for i in rows:
            left[i] += points[i][j]
    axes.set_ylim(0.4, len(rows) + gap + 0.6)
    short = distinct_short([names[i] for i in rows], 46)
    ticks = [
        f"{ranks[i]}. {s}" if ranks[i] is not None else f"– {s}"
        for i, s in zip(rows, short, strict=True)
    ]
    axes.set_yticks([positions[i] for i in rows], labels=ticks)
    for i in rows:
        total = f"{left[i]:.1f}".replace(".", labels.get("decimal", "."))
        axes.text(left[i] + 0.8, positions[i], total, va="center", fontsize="small")
    if gap:
        line = positions[shown_failed[0]] + 1
        axes.axhline(line, color="black", linewidth=0.8)
        axes.text(99, line - 0.15, labels.get("failed", ""), ha="right", va="top",
                  fontsize="small", style="italic")  # fmt: skip
    axes.set_xlim(0, 105)
    axes.set_xlabel(xlabel)
    # the legend just below the axis label, whatever the height of the chart
    below = -0.75 / max(1.0, height - 2.6)
    handles = [Patch(color=c, label=name) for c, name in zip(colours, criteria, strict=True)]
    axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, below), ncol=2,
                fontsize="small")  # fmt: skip
    return _png_of_some(figure, labels, len(names) - len(rows))


def frontier_chart(
    budgets: Sequence[float],
    values: Sequence[float | None],
    budget: float,
    labels: dict[str, str],
    *,
    staff_bound: Sequence[bool] | None = None,
) -> bytes:
    """The optimal value at each budget, the budget marked and labelled; a flat stretch
    where the staff limit binds (``staff_bound``) is shaded and labelled
    (``labels['flat']``). Axis labels say the units in words (``x``, ``y``)."""
    figure, axes = _figure(8, 4.8)
    points = [(b / 1e6, v) for b, v in zip(budgets, values, strict=True) if v is not None]
    axes.step([p[0] for p in points], [p[1] for p in points], where="post", marker="o")
    axes.axvline(budget / 1e6, linestyle="--", color="grey")
    top = max((p[1] for p in points), default=1.0)
    axes.annotate(
        labels.get("budget_line", ""), (budget / 1e6, top), xytext=(4, -4),
        textcoords="offset points", va="top", fontsize="small", color="dimgrey",
    )  # fmt: skip
    if staff_bound is not None:
        bound = [
            b / 1e6
            for b, v, s in zip(budgets, values, staff_bound, strict=True)
            if s and v is not None
        ]
        if len(bound) >= 2:
            axes.axvspan(min(bound), max(bound), color="orange", alpha=0.12)
            axes.text((min(bound) + max(bound)) / 2, top * 0.5, labels.get("flat", ""),
                      ha="center", fontsize="small", wrap=True)  # fmt: skip
    axes.set_xlabel(labels["x"])
    axes.set_ylabel(labels["y"])
    return _png(figure, labels.get("caption", ""), labels.get("decimal", "."))


def acceptability_chart(
    names: Sequence[str],
    shares: Sequence[Sequence[float]],
    labels: dict[str, str],
    *,
    limit: int = 30,
) -> bytes:
    """Heat map: the share of weight samples in which each item takes each rank, the
    percentage written in each cell; ``labels['caption']`` says what a cell means. At
    most ``limit`` items and ranks are drawn (``labels['more']`` says how many not)."""
    rows = list(shares[:limit])
    count = min(len(shares[0]) if shares else 0, limit)
    table = [list(r[:count]) for r in rows]
    figure, axes = _figure(max(8, 0.42 * count + 4), 0.42 * len(rows) + 2.2)
    image = axes.imshow(table, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    axes.set_yticks(range(len(rows)), labels=distinct_short(list(names[:limit]), 38))
    axes.set_xticks(range(count), labels=[str(r + 1) for r in range(count)])
    for y, row in enumerate(table):
        for x, share in enumerate(row):
            if share >= 0.005:
                colour = "white" if share > 0.6 else "black"
                axes.text(x, y, f"{round(100 * share)}%", ha="center", va="center",
                          fontsize="x-small", color=colour)  # fmt: skip
    axes.set_xlabel(labels["x"])
    figure.colorbar(image, ax=axes, label=labels["bar"])
    return _png_of_some(figure, labels, len(shares) - len(rows))


def value_for_money_chart(
    names: Sequence[str],
    totals: Sequence[float],
    costs: Sequence[float],
    status: Sequence[str],
    labels: dict[str, str],
    *,
    limit: int = 30,
) -> bytes:
    """Each item's total against its cost (EUR million a year); ``status`` per item is
    ``funded``, ``left`` (viable, not in the package) or ``out`` (discontinued or
    rejected), each with its own marker and ``labels[status]`` in the legend. Up to
    ``limit`` items are named beside their point; the caption says so beyond that."""
    figure, axes = _figure(9, 5.5)
    styles = {
        "funded": {"marker": "o", "color": "tab:green"},
        "left": {"marker": "o", "facecolors": "none", "edgecolors": "tab:blue"},
        "out": {"marker": "x", "color": "grey"},
    }
    for kind, style in styles.items():
        xs = [c / 1e6 for c, s in zip(costs, status, strict=True) if s == kind]
        ys = [t for t, s in zip(totals, status, strict=True) if s == kind]
        if xs:
            axes.scatter(xs, ys, label=labels.get(kind, kind), **style)
    if len(names) <= limit:
        span_x = (max(costs) - min(costs)) / 1e6 or 1.0
        span_y = (max(totals) - min(totals)) or 1.0
        placed: list[tuple[float, float]] = []
        for name, x, y in zip(distinct_short(names, 28), costs, totals, strict=True):
            # a label whose point lies close to an earlier one goes below its point
            near = any(
                abs(x / 1e6 - px) < 0.15 * span_x and abs(y - py) < 0.04 * span_y
                for px, py in placed
            )
            placed.append((x / 1e6, y))
            axes.annotate(name, (x / 1e6, y), xytext=(4, -9 if near else 2),
                          textcoords="offset points", fontsize="x-small")  # fmt: skip
    axes.set_xlabel(labels["x"])
    axes.set_ylabel(labels["y"])
    axes.legend(fontsize="small")
    caption = labels.get("caption", "")
    if len(names) > limit and labels.get("unnamed"):
        caption = (caption + " " + labels["unnamed"]).strip()
    return _png(figure, caption, labels.get("decimal", "."))


def _dutch_ticks(figure: Any) -> None:
    """Number ticks in Dutch notation (numbers.py: 0,5 and 1.000); ticks that are names
    (set with their labels) keep them."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    from afweging import numbers

    def tick(value: float, _: Any) -> str:
        shown = f"{value:.6g}"
        if "e" in shown:
            return shown.replace(".", ",")
        digits = len(shown.partition(".")[2])
        return numbers.number(value, digits, "nl")

    for axes in figure.axes:
        for axis in (axes.xaxis, axes.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(FuncFormatter(tick))


def _palette(count: int) -> list[Any]:
    from matplotlib import colormaps

    colours = colormaps["tab10"]
    return [colours(i % 10) for i in range(count)]
