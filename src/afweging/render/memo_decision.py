"""The memo's decision: the section it opens with, and the rest of the memo brought into
line with it (the ranking's verdicts, the review's signals by verdict, the proposals'
verdicts, the package in place of the plain selection, the summary).

``with_decision`` takes the context of ``memo.memo_context`` and returns it with the
decision in it; every user text is escaped by ``memo.md``. Words come from the framework
and the portfolio: gate labels, cluster labels, item kinds.
"""

from typing import Any

from afweging.analysis.decision import Decision, ItemDecision
from afweging.i18n import Language, text
from afweging.numbers import integer
from afweging.render import decimal, euro
from afweging.render.decision import (
    condition_text,
    cost_effect,
    count_line,
    fragile_note,
    short_reason,
    summary_lines,
    verdict_label,
)
from afweging.render.memo import contributions_png, md
from afweging.render.text import reviewed_phrase


def decision_section(decision: Decision, lang: Language) -> dict[str, Any]:
    """The memo's opening section: the table, the package in sentences, what it would take."""
    return {
        "rows": [
            {
                "id": md(d.id),
                "name": md(d.entry.item.name),
                "verdict": md(verdict_label(d, lang)),
                "reason": md(short_reason(decision, d, lang)),
                "cost": md(cost_effect(d, lang)),
            }
            for d in decision.items
        ],
        "lines": [md(line) for line in summary_lines(decision, lang)],
        "count": md(count_line(decision, lang)),
        "conditions": [
            {
                "name": md(d.entry.item.name),
                "verdict": md(text(d.verdict, lang)),
                "texts": [md(condition_text(decision, c, lang)) for c in d.conditions],
            }
            for d in decision.items
            if d.conditions
        ],
        "fragile": md(fragile_note(decision, lang)) if decision.samples else "",
        "unanimous": decision.unanimity is not None,
    }


def _review_groups(decision: Decision, lang: Language) -> list[dict[str, Any]]:
    """The review's flags grouped by the item's verdict (not by the flag's severity)."""
    flags = decision.analysis.review.flags
    groups = []
    for verdict in ("discontinue", "discuss", "continue-with-conditions", "continue",
                    "reject", "not-now", "start"):  # fmt: skip
        members = [d for d in decision.items if d.verdict == verdict and flags.get(d.id)]
        if not members:
            continue
        groups.append(
            {
                "severity": verdict,
                "label": md(text(verdict, lang)).capitalize(),
                "items": [_flagged(d, lang) for d in members],
            }
        )
    return groups


def _gates(decision: Decision, d: ItemDecision, lang: Language) -> tuple[str, str]:
    """The failed gates, and every gate with its outcome, by the framework's gate labels."""
    framework = decision.analysis.loaded.framework

    def label(criterion: str) -> str:
        return md(framework.criterion(criterion).label.get(lang))

    failed = "; ".join(
        f"{label(g.criterion)} ({md(', '.join(g.failed_by) or g.symbol)})"
        for g in d.entry.failed_gates
    )
    every = "; ".join(
        f"{label(g.criterion)}: {md(g.symbol)} "
        + (text("passed", lang) if g.passed else text("failed", lang))
        for g in d.entry.gates
    )
    return failed, every


def _flagged(d: ItemDecision, lang: Language) -> dict[str, Any]:
    return {
        "name": md(d.entry.item.name),
        "id": md(d.id),
        "rank": d.entry.rank if d.entry.rank is not None else "–",
        "total": decimal(d.entry.total, 1, lang),
        "verdict": md(text(d.verdict, lang)),
        "reasons": [
            {"text": md(r.flag.text(lang)), "rule": md(r.rule), "severity": ""}
            for r in d.reasons
            if r.flag is not None
        ],
    }


def _summary(decision: Decision, lang: Language, context: dict[str, Any]) -> list[str]:
    """The summary: the decision first (verdicts, the package), then the ranking's
    leaders and the spread over the clusters (the review's, the proposals' and the plain
    selection's bullets give way to the decision)."""
    by_verdict: dict[str, list[str]] = {}
    for d in decision.items:
        by_verdict.setdefault(d.verdict, []).append(md(d.entry.item.name))
    parts = [
        f"{md(text(verdict, lang))}: {', '.join(names)}" for verdict, names in by_verdict.items()
    ]
    lines = summary_lines(decision, lang)
    first = [
        md(text("memo_decision_bullet", lang, verdicts="; ".join(parts))),
        md(lines[0]) + " " + md(lines[1]),
    ]
    if decision.analysis.ranking.viable:
        first.append(context["summary"][0])  # the leaders: memo_context's first bullet
    if context["clusters"]:
        bits = [
            text("memo_cluster_bit", lang, cluster=c["cluster"], items=c["items"],
                 items_share=c["items_share"], share=c["eur_share"], fte=c["fte_share"])
            for c in context["clusters"]
        ]  # fmt: skip
        first.append(text("memo_sum_spread", lang, items="; ".join(bits)))
    return first


def _package(decision: Decision, lang: Language, selection: dict[str, Any]) -> dict[str, Any]:
    """The selection section showing the package of the decision."""
    chosen = [d for d in decision.items if d.funded]
    explanation = [
        f"{md(d.entry.item.name)} ({md(text(d.verdict, lang))}): "
        + md(condition_text(decision, c, lang))
        for d in decision.items
        for c in d.conditions
        if c.kind in ("budget", "push-out")
    ]
    line = md(summary_lines(decision, lang)[0])
    return {
        **selection,
        "summary": line,
        "text": line,
        "chosen": [
            {
                "name": md(d.entry.item.name),
                "total": decimal(d.entry.total, 1, lang),
                "eur": euro(d.entry.item.cost.eur, lang),
                "fte": decimal(d.entry.item.cost.fte, 1, lang),
            }
            for d in chosen
        ],
        "explanation": explanation,
        "value": decision.package.value,
    }


def with_decision(context: dict[str, Any], decision: Decision, lang: Language) -> dict[str, Any]:
    """The memo's context with the decision in it and every section agreeing with it."""
    verdicts = {md(d.id): md(text(d.verdict, lang)) for d in decision.items}
    gates = {md(d.id): _gates(decision, d, lang) for d in decision.items}
    ranking = [
        {**row, "verdict": verdicts.get(row["id"], ""), "gates": gates[row["id"]][0]}
        for row in context["ranking"]
    ]
    initiatives = [
        {**item, "verdict": verdicts.get(item["id"], ""), "gates": gates[item["id"]][1]}
        for item in context["initiatives"]
    ]
    review = {
        **context["review"],
        "groups": _review_groups(decision, lang),
        "phrase": md(reviewed_phrase(decision.analysis, lang)),
    }
    updated = {
        **context,
        "decision": decision_section(decision, lang),
        "ranking": ranking,
        "initiatives": initiatives,
        "review": review,
        "summary": _summary(decision, lang, context),
    }
    if context.get("selection"):
        updated["selection"] = _package(decision, lang, context["selection"])
    return updated


def decision_charts(
    context: dict[str, Any], decision: Decision, lang: Language, selection: Any
) -> dict[str, bytes]:
    """The memo's charts, as PNG bytes by file name, agreeing with the decision: the
    contributions (items failing a gate apart), the rank acceptability with percentages,
    the frontier of verdict-respecting packages, and value for money with the package."""
    from afweging.render import charts

    images = {
        "contributions.png": contributions_png(
            decision.analysis,
            lang,
            ranks=True,
            labels={
                "failed": text("chart_failed", lang),
                "caption": text("chart_contributions_caption", lang),
                "more": text("chart_more", lang),
                "decimal": "," if lang == "nl" else ".",
            },
        )
    }
    robustness = context.get("robustness")
    if robustness:
        images["acceptability.png"] = charts.acceptability_chart(
            robustness["names"],
            robustness["acceptability"],
            {
                "x": text("chart_rank", lang),
                "bar": text("chart_share", lang),
                "caption": text(
                    "chart_heat_caption", lang, samples=integer(robustness["samples"], lang)
                ),
                "more": text("chart_more", lang),
                "decimal": "," if lang == "nl" else ".",
            },
        )
    if selection is not None and selection.frontier and decision.budget:
        bound = _staff_bound(decision, selection.frontier)
        images["frontier.png"] = charts.frontier_chart(
            [p.budget for p in selection.frontier],
            [p.value for p in selection.frontier],
            decision.budget,
            {
                "x": text("chart_budget_words", lang),
                "y": text("chart_value_words", lang),
                "budget_line": text("chart_budget_line", lang, amount=euro(decision.budget, lang)),
                "flat": text("chart_flat", lang),
                "caption": text("chart_frontier_caption", lang),
                "decimal": "," if lang == "nl" else ".",
            },
            staff_bound=bound,
        )
    status = [_status(d) for d in decision.items]
    images["value-for-money.png"] = charts.value_for_money_chart(
        [d.entry.item.name for d in decision.items],
        [d.entry.total for d in decision.items],
        [d.entry.item.cost.eur for d in decision.items],
        status,
        {
            "x": text("chart_cost_words", lang),
            "y": text("chart_total_words", lang),
            "funded": text("chart_funded", lang),
            "left": text("chart_left", lang),
            "out": text("chart_out", lang),
            "caption": text("chart_vfm_caption", lang),
            "decimal": "," if lang == "nl" else ".",
            "unnamed": text("chart_unnamed", lang),
        },
    )
    return images


def _staff_bound(decision: Decision, frontier: Any) -> list[bool]:
    """Per frontier point: does the staff limit keep out every fundable item left out?"""
    staff = decision.staff
    fte = {d.id: d.entry.item.cost.fte for d in decision.items}
    fundable = [d.id for d in decision.items if _status(d) != "out"]
    best = max((p.value for p in frontier if p.value is not None), default=0.0)
    found = []
    for point in frontier:
        if staff is None or point.value is None or point.value < best - 1e-6:
            found.append(False)  # not on the flat stretch at the top
            continue
        chosen = set(point.chosen)
        slack = staff - sum(fte[i] for i in chosen)
        rest = [fte[i] for i in fundable if i not in chosen]
        found.append(bool(rest) and slack < min(rest) - 1e-9)
    return found


def _status(d: ItemDecision) -> str:
    """funded, left (fundable but left out) or out (discontinued or rejected by the rules)."""
    if d.funded:
        return "funded"
    by_rules = d.verdict in ("discontinue", "reject") and not any(
        r.rule in ("budget", "excluded") for r in d.reasons
    )
    return "out" if by_rules else "left"


def barred(decision: Decision) -> tuple[str, ...]:
    """The items the rules discontinue or reject (not those left out for the budget): the
    memo's frontier leaves them out, as the package does."""
    return tuple(d.id for d in decision.items if _status(d) == "out")
