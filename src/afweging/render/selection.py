"""The selection within budget and staff: terminal view, JSON and CSV, and the words the
memo uses for it."""

import csv
import io
from typing import Any

from afweging.analysis.pipeline import SelectionReport
from afweging.i18n import Language, text
from afweging.render import decimal, euro, single_line
from afweging.render.json import document_head
from afweging.render.text import Block, View


def _names(report: SelectionReport) -> dict[str, str]:
    return {r.item.id: r.item.name for r in report.analysis.ranking.items}


def _totals(report: SelectionReport) -> dict[str, float]:
    return {r.item.id: r.total for r in report.analysis.ranking.items}


def _fte(value: float, lang: Language) -> str:
    return decimal(value, 1, lang)


def summary_line(report: SelectionReport, lang: Language) -> str:
    """One sentence: what is selected, its value, spend and staff, and the slack."""
    chosen = report.selection
    budget = euro(chosen.budget, lang) if chosen.budget is not None else text("no_limit", lang)
    staff = _fte(chosen.fte, lang) if chosen.fte is not None else text("no_limit", lang)
    return text(
        "select_summary",
        lang,
        count=len(chosen.chosen),
        value=decimal(chosen.value, 1, lang),
        spend=euro(chosen.spend, lang),
        budget=budget,
        staff=_fte(chosen.staff, lang),
        fte=staff,
        slack_eur=euro(chosen.slack_eur, lang) if chosen.slack_eur is not None else "–",
        slack_fte=_fte(chosen.slack_fte, lang) if chosen.slack_fte is not None else "–",
    )


def ways_in(
    kind: str,
    lang: Language,
    eur: float | None,
    fte: float | None,
    swap: list[str],
    points: float | None,
) -> list[str]:
    """The changes that bring an item in, each in words: ``eur`` more budget, ``fte`` more
    staff, or giving up the items named in ``swap`` for ``points``. ``kind`` (``select``
    or ``decide``) picks the wording of the command (``<kind>_add_eur``, ``_add_fte``,
    ``_swap``); ``select`` and the decision's conditions share the facts."""
    options = []
    if eur is not None:
        options.append(text(f"{kind}_add_eur", lang, amount=euro(eur, lang)))
    if fte is not None:
        options.append(text(f"{kind}_add_fte", lang, amount=_fte(fte, lang)))
    if swap:
        items = ", ".join(single_line(name) for name in swap)
        options.append(
            text(f"{kind}_swap", lang, items=items, points=decimal(points or 0.0, 1, lang))
        )
    return options


def change_text(report: SelectionReport, left: Any, lang: Language) -> str:
    """The cheapest change that brings a left-out item in, in words."""
    names = _names(report)
    if left.reason == "gate":
        return text("select_gate", lang)
    if left.reason == "excluded":
        return text("select_excluded", lang)
    if left.reason == "blocked":
        return text("select_blocked", lang, items=", ".join(left.blockers))
    if left.error:
        return text("select_unexplained", lang, error=single_line(left.error))
    dropped = [names.get(i, i) for i in left.drop or ()]
    options = ways_in("select", lang, left.extra_eur, left.extra_fte, dropped, left.value_change)
    if left.adds:
        options.append(text("select_adds", lang, items=", ".join(left.adds)))
    return text("select_or", lang).join(options) if options else "–"


def greedy_line(report: SelectionReport, lang: Language) -> str:
    """Where picking by value per euro would differ from the optimum."""
    vfm = report.value_for_money
    if not vfm.only_greedy and not vfm.only_optimal:
        return text("select_greedy_same", lang, value=decimal(vfm.optimal_value, 1, lang))
    return text(
        "select_greedy_differs",
        lang,
        greedy=decimal(vfm.greedy_value, 1, lang),
        optimum=decimal(vfm.optimal_value, 1, lang),
        takes=", ".join(vfm.only_greedy) or "–",
        instead=", ".join(vfm.only_optimal) or "–",
    )


def discontinued_line(report: SelectionReport, lang: Language) -> str | None:
    """One line when the selection holds items the review proposes to discontinue."""
    review = report.analysis.review
    held = [i for i in report.selection.chosen if review.severity_of(i) == "discontinue"]
    if not held:
        return None
    return text("select_discontinued", lang, items=", ".join(single_line(i) for i in held))


def selection_view(report: SelectionReport, lang: Language) -> View:
    """Selected items, left-out items with what would bring them in, value for money,
    and the frontier when computed."""
    names, totals = _names(report), _totals(report)
    candidates = {c.id: c for c in report.value_for_money.order}
    costs = {r.item.id: r.item.cost for r in report.analysis.ranking.items}
    chosen_rows: list[tuple[str, ...]] = [
        (
            single_line(item_id),
            single_line(names[item_id]),
            decimal(totals[item_id], 1, lang),
            euro(costs[item_id].eur, lang),
            _fte(costs[item_id].fte, lang),
        )
        for item_id in report.selection.chosen
    ]
    chosen_headers = tuple(text(k, lang) for k in ("id", "name", "total", "cost", "fte"))
    left_rows: list[tuple[str, ...]] = [
        (
            single_line(left.id),
            decimal(totals[left.id], 1, lang),
            euro(costs[left.id].eur, lang),
            _fte(costs[left.id].fte, lang),
            change_text(report, left, lang),
        )
        for left in report.left_out
    ]
    left_headers = tuple(
        text(k, lang) for k in ("id", "total", "cost", "fte", "select_to_bring_in")
    )
    vfm_rows: list[tuple[str, ...]] = [
        (
            single_line(e.id),
            decimal(e.value, 1, lang),
            "–" if e.per_million_eur is None else decimal(e.per_million_eur, 1, lang),
            "–" if e.per_fte is None else decimal(e.per_fte, 1, lang),
            "✓" if e.greedy else "",
            "✓" if e.optimal else "",
        )
        for e in candidates.values()
    ]
    vfm_headers = tuple(
        text(k, lang)
        for k in ("id", "total", "select_per_meur", "select_per_fte", "select_greedy", "select_opt")
    )
    blocks: list[Block | str] = [
        Block(chosen_headers, "llrrr", chosen_rows, [""] * len(chosen_rows)),
        text("select_left_out", lang),
        Block(left_headers, "lrrrl", left_rows, [""] * len(left_rows), frozenset({4})),
        text("select_vfm", lang),
        Block(vfm_headers, "lrrrll", vfm_rows, [""] * len(vfm_rows)),
    ]
    if report.frontier is not None:
        blocks.append(text("select_frontier", lang))
        frontier_rows: list[tuple[str, ...]] = [
            (
                euro(point.budget, lang),
                "–" if point.value is None else decimal(point.value, 1, lang),
                str(len(point.chosen)),
            )
            for point in report.frontier
        ]
        frontier_headers = (text("select_budget", lang), text("total", lang), "items")
        blocks.append(Block(frontier_headers, "rrr", frontier_rows, [""] * len(frontier_rows)))
    heading = text("select_head", lang, title=single_line(report.analysis.loaded.portfolio.title))
    warning = discontinued_line(report, lang)
    notes = [summary_line(report, lang), *([warning] if warning else []), greedy_line(report, lang)]
    if report.unexplained:
        notes.append(unexplained_line(report, lang))
    return View(heading, blocks, notes)


def unexplained_line(report: SelectionReport, lang: Language) -> str:
    """How many left-out items went unexplained, and how to have them explained."""
    return text("select_not_explained_note", lang, count=len(report.unexplained))


def selection_document(report: SelectionReport, lang: Language) -> dict[str, Any]:
    """The ``afweging/selection`` v1 document."""
    chosen = report.selection
    return {
        **document_head("afweging/selection", 1, lang),
        "portfolio": {"path": report.analysis.loaded.portfolio_path},
        "limits": {"budget_eur": chosen.budget, "staff_fte": chosen.fte},
        "must": list(report.must),
        "exclude": list(report.exclude),
        "selected": list(chosen.chosen),
        "value": chosen.value,
        "spend_eur": chosen.spend,
        "staff_fte": chosen.staff,
        "slack_eur": chosen.slack_eur,
        "slack_fte": chosen.slack_fte,
        "left_out": [
            {**left._asdict(), "change": change_text(report, left, lang)}
            for left in report.left_out
        ],
        "value_for_money": {
            "order": [e._asdict() for e in report.value_for_money.order],
            "greedy": list(report.value_for_money.greedy),
            "greedy_value": report.value_for_money.greedy_value,
            "optimal_value": report.value_for_money.optimal_value,
            "only_greedy": list(report.value_for_money.only_greedy),
            "only_optimal": list(report.value_for_money.only_optimal),
        },
        "unexplained": list(report.unexplained),
        "frontier": None
        if report.frontier is None
        else [point._asdict() for point in report.frontier],
        "summary": summary_line(report, lang),
    }


def selection_csv(report: SelectionReport, lang: Language) -> str:
    """One row per viable item: selected or not, value for money, what would bring it in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "selected",
            "total",
            "eur",
            "fte",
            "per_million_eur",
            "per_fte",
            "greedy",
            "change",
        ]
    )
    left = {item.id: item for item in report.left_out}
    changes = {i: text("select_not_explained", lang) for i in report.unexplained}
    changes.update((i, change_text(report, item, lang)) for i, item in left.items())
    for e in report.value_for_money.order:
        writer.writerow(
            [
                e.id,
                "true" if e.optimal else "false",
                repr(e.value),
                repr(e.eur),
                repr(e.fte),
                "" if e.per_million_eur is None else repr(e.per_million_eur),
                "" if e.per_fte is None else repr(e.per_fte),
                "true" if e.greedy else "false",
                changes.get(e.id, ""),
            ]
        )
    return out.getvalue()
