"""The priority memo: a Markdown document built from the same analysis as the commands.

``memo_context`` turns the results into a plain dictionary (every user text already
escaped for Markdown by ``md``), and ``render_memo`` fills a Jinja2 template with it:
the built-in one for the language, or a user's, rendered in a sandbox. jinja2 is
imported here only, and this module only by ``afweging memo``.
"""

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from afweging import __version__
from afweging.analysis.pipeline import Analysis
from afweging.analysis.rules import SEVERITIES
from afweging.i18n import Language, text
from afweging.render import decimal, euro, percent, printable

TEMPLATES = Path(__file__).parent / "templates"

# Characters that mean something inside a line of (GitHub-flavoured) Markdown; user text
# never starts a line in the memo, so the line-start markers (#, -, +, 1.) need nothing.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(value: object) -> str:
    """User text made inert in Markdown: one line, HTML and Markdown syntax escaped, so a
    name with ``|``, a newline or ``<script>`` can neither break a table nor inject."""
    flat = " ".join(printable(str(value)).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def memo_context(
    analysis: Analysis,
    lang: Language,
    *,
    robustness: dict[str, Any] | None = None,
    selection: dict[str, Any] | None = None,
    charts: dict[str, str] | None = None,
    inputs: Sequence[tuple[str, str]] = (),
    reproducibility: dict[str, Any] | None = None,
    changes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the template shows, as plain data; user text escaped with ``md``.

    ``robustness`` and ``selection`` are the already-rendered context sections of those
    analyses (None: the section is left out); ``inputs`` are (file, sha256) pairs.
    """
    loaded = analysis.loaded
    framework = loaded.framework
    portfolio = loaded.portfolio
    ranking = analysis.ranking
    review = analysis.review
    shares = framework.weight_shares()
    top_share = (robustness or {}).get("top_share", {})

    def flags_of(item_id: str) -> str:
        rules = [f.rule for f in review.flags.get(item_id, ())]
        return ", ".join(md(rule) for rule in rules)

    rows = [
        {
            "rank": entry.rank if entry.rank is not None else "–",
            "id": md(entry.item.id),
            "name": md(entry.item.name),
            "cluster": md(_cluster(analysis, entry.item.cluster, lang)),
            "total": decimal(entry.total, 1, lang),
            "top_share": percent(top_share[entry.item.id], lang)
            if entry.item.id in top_share
            else "–",
            "flags": flags_of(entry.item.id),
            "gates": "; ".join(
                f"{md(g.criterion)} ({md(', '.join(g.failed_by) or g.symbol)})"
                for g in entry.failed_gates
            ),
        }
        for entry in ranking.items
    ]
    groups = []
    reviewed = set(review.reviewed)
    for severity in SEVERITIES:
        entries = [
            e
            for e in ranking.items
            if e.item.id in reviewed and review.severity_of(e.item.id) == severity
        ]
        if entries:
            groups.append(
                {
                    "severity": severity,
                    "label": text(f"review_group_{severity}", lang),
                    "items": [
                        {
                            "name": md(e.item.name),
                            "id": md(e.item.id),
                            "rank": e.rank if e.rank is not None else "–",
                            "total": decimal(e.total, 1, lang),
                            "reasons": [
                                {
                                    "text": md(f.text(lang)),
                                    "rule": md(f.rule),
                                    "severity": text(f.severity, lang),
                                }
                                for f in review.flags[e.item.id]
                            ],
                        }
                        for e in entries
                    ],
                }
            )
    initiatives = [_initiative(analysis, entry, lang) for entry in ranking.items
                   if entry.item.status == "proposed"]  # fmt: skip
    return {
        "lang": lang,
        "title": md(portfolio.title),
        "portfolio": {"path": md(loaded.portfolio_path), "as_of": portfolio.as_of.isoformat()},
        "framework": {
            "id": md(framework.id),
            "title": md(framework.title.get(lang)),
            "source": md(framework.source),
        },
        "summary": _summary(analysis, lang, robustness, selection, initiatives),
        "ranking": rows,
        "ranked_count": len(ranking.viable),
        "top_k": (robustness or {}).get("top"),
        "review": {
            "groups": groups,
            "reviewed": len(review.reviewed),
            "discontinue": review.count("discontinue"),
            "discuss": review.count("discuss"),
            "condition": review.count("condition"),
        },
        "initiatives": initiatives,
        "clusters": _clusters(analysis, lang),
        "robustness": robustness,
        "selection": selection,
        "changes": changes,
        "charts": charts,
        "appendix": _appendix(analysis, lang, shares),
        "inputs": [{"file": md(name), "sha256": digest} for name, digest in inputs],
        "reproducibility": reproducibility or {},
        "tool_version": __version__,
    }


def _cluster(analysis: Analysis, cluster: str | None, lang: Language) -> str:
    if cluster is None:
        return ""
    labels = analysis.loaded.framework.clusters
    return labels[cluster].get(lang) if cluster in labels else cluster


def _initiative(analysis: Analysis, entry: Any, lang: Language) -> dict[str, Any]:
    viable = len(analysis.ranking.viable)
    if entry.viable:
        above, below = analysis.ranking.neighbours(entry.item.id)
        place = text("memo_place", lang, rank=entry.rank, viable=viable)
        around = [
            text("memo_above", lang, name=md(above.item.name)) if above else "",
            text("memo_below", lang, name=md(below.item.name)) if below else "",
        ]
        where = place + "".join(f"; {x}" for x in around if x)
    else:
        where = text("not_ranked_gate", lang)
    gates = [
        f"{md(g.criterion)}: {md(g.symbol)} "
        + (text("passed", lang) if g.passed else text("failed", lang))
        for g in entry.gates
    ]
    return {
        "id": md(entry.item.id),
        "name": md(entry.item.name),
        "total": decimal(entry.total, 1, lang),
        "rank": entry.rank,
        "placement": where,
        "gates": "; ".join(gates),
        "viable": entry.viable,
    }


def _clusters(analysis: Analysis, lang: Language) -> list[dict[str, Any]]:
    """Share of items, budget and staff per cluster (the IOB's question of focus)."""
    items = analysis.loaded.portfolio.items
    total_eur = sum(i.cost.eur for i in items) or 1.0
    total_fte = sum(i.cost.fte for i in items) or 1.0
    names = list(analysis.loaded.framework.clusters) or sorted(
        {i.cluster for i in items if i.cluster}
    )
    if any(i.cluster is None for i in items):
        names.append("")
    rows = []
    for name in names:
        members = [i for i in items if (i.cluster or "") == name]
        eur = sum(i.cost.eur for i in members)
        fte = sum(i.cost.fte for i in members)
        rows.append(
            {
                "cluster": md(_cluster(analysis, name, lang) or text("none", lang)),
                "items": len(members),
                "items_share": percent(len(members) / len(items), lang),
                "eur": euro(eur, lang),
                "eur_share": percent(eur / total_eur, lang),
                "fte": decimal(fte, 1, lang),
                "fte_share": percent(fte / total_fte, lang),
            }
        )
    return rows


def _summary(
    analysis: Analysis,
    lang: Language,
    robustness: dict[str, Any] | None,
    selection: dict[str, Any] | None,
    initiatives: list[dict[str, Any]],
) -> list[str]:
    """At most five bullets, each generated from the analysis."""
    bullets = []
    ranking = analysis.ranking
    leaders = [e for e in ranking.viable if (e.rank or 0) <= 3]
    if leaders:
        shares = (robustness or {}).get("top_share", {})
        parts = []
        for e in leaders:
            part = f"{md(e.item.name)} ({decimal(e.total, 1, lang)})"
            if e.item.id in shares:
                part += " — " + text(
                    "memo_top_chance",
                    lang,
                    share=percent(shares[e.item.id], lang),
                    top=robustness["top"] if robustness else "",
                )
            parts.append(part)
        bullets.append(text("memo_sum_top", lang, items="; ".join(parts)))
    review = analysis.review
    reviewed = set(review.reviewed)
    stop = [e for e in ranking.items if review.severity_of(e.item.id) == "discontinue"
            and e.item.id in reviewed]  # fmt: skip
    if review.reviewed:
        bullets.append(
            text(
                "memo_sum_review",
                lang,
                count=len(stop),
                reviewed=len(review.reviewed),
                names=", ".join(md(e.item.name) for e in stop) or "—",
                discuss=review.count("discuss"),
                condition=review.count("condition"),
            )
        )
    if initiatives:
        placed = [i for i in initiatives if i["viable"]]
        failed = [i for i in initiatives if not i["viable"]]
        bits = [text("memo_rank_of", lang, name=i["name"], rank=i["rank"]) for i in placed]
        bits += [text("memo_fails_gate", lang, name=i["name"]) for i in failed]
        bullets.append(text("memo_sum_new", lang, count=len(initiatives), items="; ".join(bits)))
    if selection:
        bullets.append(selection["summary"])
    clusters = _clusters(analysis, lang)
    if clusters:
        bits = [
            text(
                "memo_cluster_bit",
                lang,
                cluster=c["cluster"],
                items=c["items"],
                items_share=c["items_share"],
                share=c["eur_share"],
                fte=c["fte_share"],
            )
            for c in clusters
        ]
        bullets.append(text("memo_sum_clusters", lang, items="; ".join(bits)))
    return bullets[:5]


def _appendix(analysis: Analysis, lang: Language, shares: dict[str, float]) -> dict[str, Any]:
    framework = analysis.loaded.framework
    criteria = [
        {
            "id": md(c.id),
            "label": md(c.label.get(lang)),
            "question": md(c.question.get(lang)),
            "scale": md(c.scale),
            "share": percent(shares[c.id], lang, 1),
            "gate": md(str(c.minimum)) if c.minimum is not None else "",
        }
        for c in framework.criteria
    ]
    scales = [
        {
            "id": md(name),
            "levels": ", ".join(
                f"{md(lv.symbol)} = {md(lv.label.get(lang))} ({decimal(lv.value, 0, lang)})"
                for lv in scale.levels
            ),
        }
        for name, scale in framework.scales.items()
    ]
    rules = [
        {
            "id": md(rule.id),
            "kind": md(rule.kind),
            "severity": text(rule.effective_severity, lang),
            "applies_to": ", ".join(md(text(k, lang)) for k in rule.applies_to),
        }
        for rule in framework.rules
    ]
    weighted = [c for c in framework.criteria if shares[c.id] > 0]
    contributions = [
        {
            "name": md(e.item.name),
            "points": [
                decimal(next(p.points for p in e.contributions if p.criterion == c.id), 1, lang)
                for c in weighted
            ],
            "total": decimal(e.total, 1, lang),
        }
        for e in analysis.ranking.items
    ]
    return {
        "criteria": criteria,
        "scales": scales,
        "rules": rules,
        "weighted": [md(c.label.get(lang)) for c in weighted],
        "contributions": contributions,
    }


def render_memo(context: dict[str, Any], template: str | None = None) -> str:
    """The memo's Markdown: the built-in template for ``context['lang']`` or ``template``
    (a user's template text, rendered in Jinja2's sandbox)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    if template is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # noqa: S701 — Markdown, not HTML; user text is escaped by md()
        )
        source = env.get_template(f"memo.{context['lang']}.md.j2")
    else:
        sandbox = SandboxedEnvironment(
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
        )
        source = sandbox.from_string(template)
    rendered: str = source.render(**context)
    return re.sub(r"\n{3,}", "\n\n", rendered)


def robustness_section(report: Any, lang: Language) -> dict[str, Any]:
    """The memo's robustness section from a ``RobustnessReport``."""
    from afweging.render.robustness import interval_text, rows, verdict

    top = report.acceptability.top
    others = report.methods.methods[1:]
    method_text = text(
        "memo_methods",
        lang,
        methods="; ".join(
            f"{m.method} {'–' if m.tau is None else decimal(m.tau, 2, lang)}" for m in others
        ),
    )
    framework = report.analysis.loaded.framework
    return {
        "top": top,
        "samples": report.acceptability.samples,
        "seed": report.acceptability.seed,
        "verdict": md(verdict(report, lang)),
        "method_text": method_text,
        "top_share": {r["id"]: r["top_share"] for r in rows(report)},
        "rows": [
            {
                "rank": r["rank"],
                "name": md(r["name"]),
                "top_share": percent(r["top_share"], lang),
                "range": f"{r['rank_p5']}–{r['rank_p95']}",
                "likely": r["most_likely_rank"],
            }
            for r in rows(report)
        ],
        "intervals": [
            {
                "label": md(framework.criterion(report.criteria[i.criterion]).label.get(lang)),
                "share": percent(i.share, lang, 1),
                "order": md(interval_text(i.order, lang)),
                "top": md(interval_text(i.top_set, lang)),
            }
            for i in report.intervals
        ],
        "acceptability": [r["rank_shares"] for r in rows(report)],
        "names": [r["name"] for r in rows(report)],
    }


def selection_section(report: Any, lang: Language) -> dict[str, Any]:
    """The memo's selection section from a ``SelectionReport``."""
    from afweging.render.selection import change_text, greedy_line, summary_line

    entries = {r.item.id: r for r in report.analysis.ranking.items}
    explanation = [
        f"{md(entries[left.id].item.name)}: {md(change_text(report, left, lang))}"
        for left in report.left_out
        if left.reason is None
    ]
    explanation.append(md(greedy_line(report, lang)))
    return {
        "summary": md(summary_line(report, lang)),
        "text": md(summary_line(report, lang)),
        "chosen": [
            {
                "name": md(entries[item_id].item.name),
                "total": decimal(entries[item_id].total, 1, lang),
                "eur": euro(entries[item_id].item.cost.eur, lang),
                "fte": decimal(entries[item_id].item.cost.fte, 1, lang),
            }
            for item_id in report.selection.chosen
        ],
        "explanation": explanation,
        "value": report.selection.value,
    }


def memo_charts(
    context: dict[str, Any], analysis: Analysis, lang: Language, selection: Any
) -> dict[str, bytes]:
    """The memo's charts as PNG bytes, by file name."""
    from afweging.render import charts

    images = {"contributions.png": contributions_png(analysis, lang)}
    robustness = context.get("robustness")
    if robustness:
        images["acceptability.png"] = charts.acceptability_chart(
            robustness["names"],
            robustness["acceptability"],
            {"x": text("chart_rank", lang), "bar": text("chart_share", lang)},
        )
    if selection is not None and selection.frontier and selection.selection.budget:
        images["frontier.png"] = charts.frontier_chart(
            [p.budget for p in selection.frontier],
            [p.value for p in selection.frontier],
            selection.selection.budget,
            {"x": text("chart_budget", lang), "y": text("chart_value", lang)},
        )
    return images


def contributions_png(
    analysis: Analysis,
    lang: Language,
    *,
    ranks: bool = False,
    labels: dict[str, str] | None = None,
) -> bytes:
    """The contributions chart as PNG bytes: every ranked item, in ranking order, with
    its points on each criterion that carries weight, the axis labelled in points in
    ``lang``; with ``ranks`` the items' ranks go with them (items failing a gate apart),
    and ``labels`` passes on to ``charts.contributions_chart``."""
    from afweging.render import charts

    framework = analysis.loaded.framework
    shares = framework.weight_shares()
    weighted = [c for c in framework.criteria if shares[c.id] > 0]
    entries = analysis.ranking.items
    return charts.contributions_chart(
        [e.item.name for e in entries],
        [c.label.get(lang) for c in weighted],
        [
            [next(p.points for p in e.contributions if p.criterion == c.id) for c in weighted]
            for e in entries
        ],
        text("chart_points", lang),
        ranks=[e.rank for e in entries] if ranks else None,
        labels=labels,
    )
