"""The memo's charts as PNG bytes (matplotlib, imported here only, with the Agg backend).

Each function takes plain data and returns the image; the memo command writes the
files. Output is deterministic for the same data (no timestamps in the PNG metadata).
"""

import io
from collections.abc import Sequence
from typing import Any

_METADATA = {"Software": None}  # no version stamp: the same data gives the same bytes


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(width, height), dpi=100)
    return figure, axes


def _png(figure: Any) -> bytes:
    from matplotlib import pyplot

    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", metadata=_METADATA)
    pyplot.close(figure)
    return buffer.getvalue()


def contributions_chart(
    names: Sequence[str], criteria: Sequence[str], points: Sequence[Sequence[float]], xlabel: str
) -> bytes:
    """Stacked horizontal bars: each item's total split into its criteria's contributions."""
    figure, axes = _figure(9, 0.45 * len(names) + 0.35 * ((len(criteria) + 1) // 2) + 2.2)
    left = [0.0] * len(names)
    positions = list(range(len(names)))[::-1]
    colours = _palette(len(criteria))
    for j, criterion in enumerate(criteria):
        widths = [row[j] for row in points]
        axes.barh(positions, widths, left=left, color=colours[j], label=criterion)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(positions, labels=[_short(n) for n in names])
    axes.set_xlim(0, 100)
    axes.set_xlabel(xlabel)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize="small")
    return _png(figure)


def frontier_chart(
    budgets: Sequence[float], values: Sequence[float | None], budget: float, labels: dict[str, str]
) -> bytes:
    """The optimal portfolio value at each budget, with the actual budget marked."""
    figure, axes = _figure(8, 4.5)
    points = [(b / 1e6, v) for b, v in zip(budgets, values, strict=True) if v is not None]
    axes.step([p[0] for p in points], [p[1] for p in points], where="post", marker="o")
    axes.axvline(budget / 1e6, linestyle="--", color="grey")
    axes.set_xlabel(labels["x"])
    axes.set_ylabel(labels["y"])
    return _png(figure)


def acceptability_chart(
    names: Sequence[str], shares: Sequence[Sequence[float]], labels: dict[str, str]
) -> bytes:
    """Heat map: the share of weight samples in which each item takes each rank."""
    figure, axes = _figure(8, 0.45 * len(names) + 1.8)
    image = axes.imshow(shares, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    axes.set_yticks(range(len(names)), labels=[_short(n) for n in names])
    count = len(shares[0]) if shares else 0
    axes.set_xticks(range(count), labels=[str(r + 1) for r in range(count)])
    axes.set_xlabel(labels["x"])
    figure.colorbar(image, ax=axes, label=labels["bar"])
    return _png(figure)


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _palette(count: int) -> list[Any]:
    from matplotlib import colormaps

    colours = colormaps["tab10"]
    return [colours(i % 10) for i in range(count)]
