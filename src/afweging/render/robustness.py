"""Robustness in words, tables and data: the verdict, the terminal view, the JSON."""

from typing import Any

from afweging.analysis.pipeline import RobustnessReport
from afweging.i18n import Language, text
from afweging.numbers import number, percent
from afweging.render import single_line
from afweging.render.json import document_head
from afweging.render.text import Block, View

ROBUST = 0.9
"""A place is robust when the item keeps it (is in the top k) in at least 90 % of samples."""


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _label(report: RobustnessReport, criterion_index: int, lang: Language) -> str:
    framework = report.analysis.loaded.framework
    return framework.criterion(report.criteria[criterion_index]).label.get(lang)


def interval_text(interval: Any, lang: Language = "en") -> str:
    if interval is None:
        return "–"
    lower, upper = max(0.0, interval.lower) * 100, min(1.0, interval.upper) * 100
    if f"{lower:.1f}" == f"{upper:.1f}":
        return text("robust_point", lang, share=f"{number(lower, 1, lang)}%")
    return f"{number(lower, 1, lang)}–{number(upper, 1, lang)}%"


def rows(report: RobustnessReport) -> list[dict[str, Any]]:
    """Per viable item, in rank order: its rank now and how it fares over the samples."""
    entries = report.analysis.ranking.items
    items = report.analysis.matrix.items
    by_index = {a.item: a for a in report.acceptability.items}
    position = {item.id: i for i, item in enumerate(items)}  # a scan per item is n² at 10,000
    result = []
    for entry in entries:
        index = position[entry.item.id]
        accepted = by_index.get(index)
        if accepted is None:
            continue
        result.append(
            {
                "id": entry.item.id,
                "name": entry.item.name,
                "rank": entry.rank,
                "top_share": accepted.top_share,
                "rank_p5": accepted.rank_p5,
                "rank_p95": accepted.rank_p95,
                "most_likely_rank": accepted.most_likely_rank,
                "rank_shares": accepted.rank_shares,
            }
        )
    return result


def verdict(report: RobustnessReport, lang: Language) -> str:
    """One paragraph in plain words: which places are robust, what they depend on. Each
    case (one item or several, a point, a bound or the whole range) is its own sentence."""
    top = report.acceptability.top
    items = rows(report)
    sentences = []
    robust = [r for r in items if (r["rank"] or 0) <= top and r["top_share"] >= ROBUST]
    if robust:
        sentences.append(
            text(
                "verdict_robust_one" if len(robust) == 1 else "verdict_robust", lang,
                count=len(robust), top=top, share=_pct(ROBUST),
                names=", ".join(single_line(r["name"]) for r in robust),
            )
        )  # fmt: skip
    unsure = [r for r in items if 1 - ROBUST < r["top_share"] < ROBUST]
    if unsure:
        low = min(r["rank"] for r in unsure)
        high = max(r["rank"] for r in unsure)
        sentences.append(
            text(
                "verdict_unsure_one" if low == high else "verdict_unsure", lang,
                low=low, high=high, top=top,
                names=", ".join(
                    f"{single_line(r['name'])} ({_pct(r['top_share'])})" for r in unsure
                ),
            )
        )  # fmt: skip
    sensitive = _most_sensitive(report)
    if sensitive is not None:
        sentences.append(_weight_sentence(report, report.intervals[sensitive], top, lang))
    taus = [m.tau for m in report.methods.methods[1:] if m.tau is not None]
    if taus:
        low, high = number(min(taus), 2, lang), number(max(taus), 2, lang)
        # only those whose place in the top k depends on the method: a shift of two
        # places within a run of ties says little
        methods = len(report.methods.methods)
        dependent = ", ".join(
            single_line(d.item.name)
            for d in report.methods.dependent
            if 0 < len(d.top_under) < methods
        )
        if min(taus) >= 1.0:
            key = "verdict_methods_same"
        elif min(taus) >= 0.8:
            key = "verdict_methods_agree"
        else:
            key = "verdict_methods_differ" if dependent else "verdict_methods_differ_only"
        taus_text = low if low == high else f"{low}–{high}"
        sentences.append(text(key, lang, taus=taus_text, names=dependent, top=top))
    return " ".join(sentences)


def _weight_sentence(report: RobustnessReport, interval: Any, top: int, lang: Language) -> str:
    """What the top k depends on most: a weight range, a bound, a point, or nothing."""
    band = interval.top_set
    values = {
        "top": top,
        "criterion": single_line(_label(report, interval.criterion, lang)),
        "now": percent(interval.share, lang, 1),
        "lower": percent(max(0.0, band.lower), lang, 1),
        "upper": percent(min(1.0, band.upper), lang, 1),
    }
    if band.lower_swap is None and band.upper_swap is None:
        return text("verdict_weight_none", lang, **values)
    if values["lower"] == values["upper"]:
        return text("verdict_weight_point", lang, **values)
    if band.lower_swap is None:
        return text("verdict_weight_below", lang, **values)
    if band.upper_swap is None:
        return text("verdict_weight_above", lang, **values)
    return text("verdict_weight", lang, **values)


def _most_sensitive(report: RobustnessReport) -> int | None:
    """The interval (index) whose top-k set changes after the smallest relative move."""
    best: tuple[float, int] | None = None
    for index, interval in enumerate(report.intervals):
        share, band = interval.share, interval.top_set
        if share <= 0:
            continue
        room = min(share - band.lower, band.upper - share) / share
        if best is None or room < best[0]:
            best = (room, index)
    return best[1] if best else None


def robustness_view(report: RobustnessReport, lang: Language) -> View:
    """The robustness report for the terminal: items, weights, methods, verdict."""
    accepted = report.acceptability
    top = accepted.top
    heading = text(
        "robust_head", lang, samples=f"{accepted.samples:,}", seed=accepted.seed,
        weights=text(f"robust_weights_{accepted.weights}", lang),
    )  # fmt: skip
    item_headers = tuple(
        text(k, lang, top=top)
        for k in ("rank", "id", "name", "robust_top", "robust_range", "robust_likely")
    )
    item_rows: list[tuple[str, ...]] = [
        (
            str(r["rank"]),
            single_line(r["id"]),
            single_line(r["name"]),
            _pct(r["top_share"]),
            f"{r['rank_p5']}–{r['rank_p95']}",
            str(r["most_likely_rank"]),
        )
        for r in rows(report)
    ]
    weight_rows: list[tuple[str, ...]] = [
        (
            single_line(_label(report, interval.criterion, lang)),
            percent(interval.share, lang, 1),
            interval_text(interval.order, lang),
            interval_text(interval.top_set, lang),
        )
        for interval in report.intervals
    ]
    weight_headers = tuple(
        text(k, lang, top=top) for k in ("criterion", "weight", "robust_order", "robust_topset")
    )
    method_rows: list[tuple[str, ...]] = [
        (
            m.method,
            "–" if m.tau is None else number(m.tau, 2, lang),
            ", ".join(
                single_line(item.id)
                for item, rank in zip(report.methods.items, m.ranks, strict=True)
                if rank <= top
            ),
        )
        for m in report.methods.methods
    ]
    method_headers = (text("robust_method", lang), "Kendall tau", f"top {top}")
    blocks: list[Block | str] = [
        Block(item_headers, "rllrlr", item_rows, [""] * len(item_rows)),
        Block(weight_headers, "lrll", weight_rows, [""] * len(weight_rows), frozenset({2, 3})),
        Block(method_headers, "lrl", method_rows, [""] * len(method_rows), frozenset({2})),
    ]
    if accepted.excluded:
        names = [report.analysis.matrix.items[i].id for i in accepted.excluded]
        blocks.append(text("robust_excluded", lang, names=", ".join(names)))
    return View(heading, blocks, [verdict(report, lang)])


def robustness_document(report: RobustnessReport, lang: Language) -> dict[str, Any]:
    """The ``afweging/robustness`` v1 document."""
    accepted = report.acceptability
    items = report.analysis.matrix.items
    return {
        **document_head("afweging/robustness", 1, lang),
        "portfolio": {"path": report.analysis.loaded.portfolio_path},
        "samples": accepted.samples,
        "seed": accepted.seed,
        "weights": accepted.weights,
        "concentration": accepted.concentration,
        "top": accepted.top,
        "items": [{**row, "rank_shares": list(row["rank_shares"])} for row in rows(report)],
        "excluded": [items[i].id for i in accepted.excluded],
        "winning": _winning_document(report),
        "stability": [
            {
                "criterion": report.criteria[interval.criterion],
                "share": interval.share,
                "order": _interval_document(report, interval.order),
                "top_set": _interval_document(report, interval.top_set),
            }
            for interval in report.intervals
        ],
        "methods": [
            {
                "method": m.method,
                "tau": m.tau,
                "ranks": {
                    item.id: rank for item, rank in zip(report.methods.items, m.ranks, strict=True)
                },
                "scores": {
                    item.id: s for item, s in zip(report.methods.items, m.scores, strict=True)
                },
            }
            for m in report.methods.methods
        ],
        "method_dependent": [
            {"id": d.item.id, "ranks": d.ranks, "spread": d.spread, "top_under": list(d.top_under)}
            for d in report.methods.dependent
        ],
        "verdict": verdict(report, lang),
    }


def _winning_document(report: RobustnessReport) -> dict[str, dict[str, float]] | None:
    """The pairwise winning index keyed by item id: ``winning[a][b]`` is the share of
    samples in which item ``a``'s total is above item ``b``'s."""
    winning = report.acceptability.winning
    if winning is None:
        return None
    items = report.analysis.matrix.items
    ids = [items[a.item].id for a in report.acceptability.items]
    return {
        row_id: dict(zip(ids, row, strict=True)) for row_id, row in zip(ids, winning, strict=True)
    }


def _interval_document(report: RobustnessReport, interval: Any) -> dict[str, Any] | None:
    if interval is None:
        return None
    items = report.analysis.matrix.items

    def swap(s: Any) -> dict[str, str] | None:
        return None if s is None else {"rising": items[s.rising].id, "falling": items[s.falling].id}

    return {
        "lower": interval.lower,
        "upper": interval.upper,
        "lower_swap": swap(interval.lower_swap),
        "upper_swap": swap(interval.upper_swap),
    }
