"""The decision: terminal view, the ``afweging/decision`` JSON document, CSV and Markdown,
and the sentences the memo opens with. Pure functions of a ``Decision``."""

import csv
import io
from typing import Any

from afweging.analysis.conditions import Condition, LevelChange
from afweging.analysis.decision import Decision, ItemDecision, Reason
from afweging.analysis.verdicts import VERDICTS
from afweging.i18n import Language, text
from afweging.numbers import integer
from afweging.render import decimal, euro, percent, single_line
from afweging.render.csv import guard
from afweging.render.json import document_head
from afweging.render.selection import ways_in
from afweging.render.text import Block, View

SCHEMA = "afweging/decision"
SCHEMA_VERSION = 1
FORMATS = ("table", "json", "csv", "markdown")
"""The formats ``afweging decide --format`` offers; the table is drawn by the shell."""


def _fte(value: float, lang: Language) -> str:
    return decimal(value, 1, lang)


def _points(value: float, lang: Language) -> str:
    return decimal(value, 1, lang)


def verdict_label(d: ItemDecision, lang: Language) -> str:
    """The verdict in words, marked when fragile."""
    label = text(d.verdict, lang)
    return f"{label} ({text('decide_fragile', lang)})" if d.fragile else label


def _criterion(decision: Decision, criterion_id: str, lang: Language) -> str:
    framework = decision.analysis.loaded.framework
    return single_line(framework.criterion(criterion_id).label.get(lang))


def reason_line(decision: Decision, reason: Reason, d: ItemDecision, lang: Language) -> str:
    """One reason in words: the rule's own text with its evidence, or the decision step."""
    if reason.flag is not None:
        return single_line(reason.flag.text(lang))
    if reason.rule == "gate":
        gates = ", ".join(_criterion(decision, g, lang) for g in reason.evidence["gates"])
        return text("decide_gate", lang, gates=gates)
    if reason.rule == "budget":
        active = d.entry.item.status == "active"
        return text("decide_budget_active" if active else "decide_budget_proposed", lang)
    if reason.rule == "funded":
        return text("decide_funded", lang)
    if reason.rule == "excluded":
        return text("decide_excluded", lang)
    share = percent(reason.evidence["share"], lang)
    return text(f"decide_{reason.rule.replace('-', '_')}", lang, share=share)


def reason_text(decision: Decision, d: ItemDecision, lang: Language) -> str:
    """All reasons for an item's verdict on one line."""
    if not d.reasons:
        return text("decide_no_flags", lang)
    return "; ".join(reason_line(decision, r, d, lang) for r in d.reasons)


def _decisive(decision: Decision, d: ItemDecision) -> Reason | None:
    """The reason the verdict rests on: a failed gate, a discontinue flag that is not a
    condition, a doubt, a condition, the package; else the first reason."""
    conditions = decision.rules.conditions

    def rank(reason: Reason) -> int:
        if reason.kind == "gate-failed":
            return 0
        if reason.severity == "discontinue" and reason.rule not in conditions:
            return 1 if reason.flag is not None else 3
        if reason.rule in ("robust-top", "overturned"):
            return 2
        if reason.flag is not None and reason.rule in conditions:
            return 4
        return 5 if reason.flag is None else 6

    return min(d.reasons, key=rank, default=None)


def short_reason(decision: Decision, d: ItemDecision, lang: Language) -> str:
    """The one reason the verdict rests on, and how many more there are: "… (+2)"."""
    main = _decisive(decision, d)
    if main is None:
        return text("decide_no_flags", lang)
    more = len(d.reasons) - 1
    shown = reason_line(decision, main, d, lang)
    return f"{shown} (+{more})" if more else shown


def cost_effect(d: ItemDecision, lang: Language) -> str:
    """What the verdict does to spend and staff: kept, freed or added."""
    cost = d.entry.item.cost
    amount = f"{euro(cost.eur, lang)}, {_fte(cost.fte, lang)} {text('decide_fte', lang)}"
    if d.entry.item.status == "active":
        return f"{text('decide_keep' if d.funded else 'decide_freed', lang)} {amount}"
    return f"+{amount}" if d.funded else "–"


def _changes(decision: Decision, changes: tuple[LevelChange, ...], lang: Language) -> str:
    parts = []
    for change in changes:
        values = {
            "criterion": _criterion(decision, change.criterion, lang),
            "from_level": single_line(change.from_level),
            "to_level": single_line(change.to_level),
        }
        if change.assessor is None:
            parts.append(text("decide_change", lang, **values))
        else:
            parts.append(
                text("decide_change_by", lang, assessor=single_line(change.assessor), **values)
            )
    return text("decide_and", lang).join(parts)


def condition_text(decision: Decision, condition: Condition, lang: Language) -> str:
    """A survival condition as one sentence."""
    rule = single_line(condition.rule or "")
    kind = condition.kind
    if kind in ("levels", "support"):
        if not condition.feasible:
            return text("decide_levels_none", lang, rule=rule)
        changes = _changes(decision, condition.changes, lang)
        if condition.rule is None or kind == "support":
            return text("decide_levels_gate", lang, changes=changes)
        return text("decide_levels", lang, changes=changes, rule=rule)
    if kind == "result":
        return text("decide_result", lang, since=condition.since, date=condition.date)
    if kind == "renewal":
        return text("decide_renewal", lang, date=condition.date)
    if kind == "agree":
        criterion = _criterion(decision, condition.criterion or "", lang)
        return text("decide_agree", lang, criterion=criterion, steps=condition.steps)
    if kind == "budget":
        return _budget_text(decision, condition, lang)
    example = ""
    if condition.changes:
        example = text("decide_example", lang, changes=_changes(decision, condition.changes, lang))
    return text(
        "decide_push_out", lang, points=_points(condition.points or 0.0, lang), example=example
    )


def _budget_text(decision: Decision, condition: Condition, lang: Language) -> str:
    names = {d.id: d.entry.item.name for d in decision.items}
    swap = [names.get(i, i) for i in condition.swap]
    options = ways_in("decide", lang, condition.eur, condition.fte, swap, condition.points)
    return text("decide_or", lang).join(options) if options else text("decide_no_room", lang)


def conditions_text(decision: Decision, d: ItemDecision, lang: Language) -> str:
    """Every condition of an item, as one line."""
    return "; ".join(condition_text(decision, c, lang) for c in d.conditions)


def summary_lines(decision: Decision, lang: Language) -> list[str]:
    """The package, what moves, the values per assessor and unanimity, in sentences."""
    package = decision.package
    none = text("no_limit", lang)
    lines = [
        text(
            "decide_package",
            lang,
            count=len(package.chosen),
            value=_points(package.value, lang),
            eur=euro(package.eur, lang),
            budget=none if decision.budget is None else euro(decision.budget, lang),
            fte=_fte(package.fte, lang),
            staff=none if decision.staff is None else _fte(decision.staff, lang),
        ),
        text(
            "decide_moves",
            lang,
            freed_eur=euro(decision.freed_eur, lang),
            freed_fte=_fte(decision.freed_fte, lang),
            new_eur=euro(decision.reallocated_eur, lang),
            new_fte=_fte(decision.reallocated_fte, lang),
        ),
    ]
    if package.per_assessor:
        before = decision.status_quo.per_assessor
        values = ", ".join(
            f"{single_line(a)} {_points(v, lang)} / {_points(before[a], lang)}"
            for a, v in package.per_assessor.items()
        )
        lines.append(text("decide_per_assessor", lang, values=values))
    if decision.unanimity is not None:
        lines.append(unanimity_line(decision, lang))
    return lines


def unanimity_line(decision: Decision, lang: Language) -> str:
    """The outcome of ``--unanimous`` in one sentence."""
    unanimity = decision.unanimity
    if unanimity is None or unanimity.feasible:
        return text("decide_unanimous_ok", lang)
    losses = text("decide_and", lang).join(
        text("decide_loses", lang, assessor=single_line(a), points=_points(v, lang))
        for a, v in unanimity.losses.items()
    )
    return text("decide_unanimous_none", lang, losses=losses)


def count_line(decision: Decision, lang: Language) -> str:
    """How many items got each verdict."""
    counts = {v: sum(1 for d in decision.items if d.verdict == v) for v in VERDICTS}
    verdicts = ", ".join(f"{n} {text(v, lang)}" for v, n in counts.items() if n)
    return text("decide_total_items", lang, items=len(decision.items), verdicts=verdicts)


def decision_rows(decision: Decision, lang: Language) -> list[tuple[str, ...]]:
    """Per item: name, verdict, the reason it rests on, cost effect, stability."""
    return [
        (
            single_line(d.entry.item.name),
            verdict_label(d, lang),
            short_reason(decision, d, lang),
            cost_effect(d, lang),
            "–" if d.stability is None else percent(d.stability, lang),
        )
        for d in decision.items
    ]


def decision_view(decision: Decision, lang: Language) -> View:
    """The decision table, then what it would take, then the package in sentences."""
    headers = tuple(
        text(k, lang)
        for k in (
            "name", "decide_verdict", "decide_reason", "decide_cost_effect",
            "decide_stability",
        )
    )  # fmt: skip
    rows = decision_rows(decision, lang)
    styles = ["bold" if d.fragile else "" for d in decision.items]
    blocks: list[Block | str] = [Block(headers, "lllrr", rows, styles, frozenset({1, 2, 3}))]
    blocks.append(text("decide_conditions", lang) + ":")
    lines = [
        f"  {single_line(d.entry.item.name)} ({single_line(d.id)}): "
        + conditions_text(decision, d, lang)
        for d in decision.items
        if d.conditions
    ]
    blocks.append("\n".join(lines) if lines else text("decide_none_needed", lang))
    notes = [*summary_lines(decision, lang), count_line(decision, lang)]
    if decision.samples:
        notes.append(fragile_note(decision, lang))
    title = single_line(decision.analysis.loaded.portfolio.title)
    return View(text("decide_head", lang, title=title), blocks, notes)


def fragile_note(decision: Decision, lang: Language) -> str:
    """What ``fragile`` means, with the threshold and the number of samples."""
    share = percent(decision.rules.fragile, lang)
    samples = integer(decision.samples, lang)
    return text("decide_fragile_note", lang, share=share, samples=samples)


def _condition_document(decision: Decision, condition: Condition, lang: Language) -> dict[str, Any]:
    found = condition._asdict()
    found["changes"] = [change._asdict() for change in condition.changes]
    found["swap"] = list(condition.swap)
    found["text"] = condition_text(decision, condition, lang)
    return found


def _reason_document(
    decision: Decision, reason: Reason, d: ItemDecision, lang: Language
) -> dict[str, Any]:
    evidence = {k: v for k, v in reason.evidence.items() if k not in ("id", "name", "kind")}
    return {
        "rule": reason.rule,
        "kind": reason.kind,
        "severity": reason.severity,
        "evidence": evidence,
        "text": reason_line(decision, reason, d, lang),
    }


def decision_document(decision: Decision, lang: Language) -> dict[str, Any]:
    """The ``afweging/decision`` v1 document (docs/decision.schema.json)."""
    loaded = decision.analysis.loaded
    package, status_quo = decision.package, decision.status_quo
    return {
        **document_head(SCHEMA, SCHEMA_VERSION, lang),
        "portfolio": {"path": loaded.portfolio_path, "title": loaded.portfolio.title},
        "framework": {"id": loaded.framework.id, "source": loaded.framework_source},
        "as_of": decision.analysis.review.as_of.isoformat(),
        "rules": decision.rules.model_dump(mode="json"),
        "limits": {"budget_eur": decision.budget, "staff_fte": decision.staff},
        "must": list(decision.must),
        "exclude": list(decision.exclude),
        "samples": decision.samples,
        "seed": decision.seed,
        "items": [
            {
                "id": d.id,
                "name": d.entry.item.name,
                "kind": d.entry.item.kind,
                "status": d.entry.item.status,
                "cluster": d.entry.item.cluster,
                "rank": d.entry.rank,
                "total": d.entry.total,
                "eur": d.entry.item.cost.eur,
                "fte": d.entry.item.cost.fte,
                "verdict": d.verdict,
                "reasons": [_reason_document(decision, r, d, lang) for r in d.reasons],
                "conditions": [_condition_document(decision, c, lang) for c in d.conditions],
                "funded": d.funded,
                "near_cut": d.near_cut,
                "stability": d.stability,
                "fragile": d.fragile,
                "per_assessor": d.per_assessor,
            }
            for d in decision.items
        ],
        "package": {
            "items": list(package.chosen),
            "value": package.value,
            "eur": package.eur,
            "fte": package.fte,
            "per_assessor": package.per_assessor,
        },
        "status_quo": {
            "items": list(status_quo.chosen),
            "value": status_quo.value,
            "eur": status_quo.eur,
            "fte": status_quo.fte,
            "per_assessor": status_quo.per_assessor,
        },
        "freed": {"eur": decision.freed_eur, "fte": decision.freed_fte},
        "reallocated": {"eur": decision.reallocated_eur, "fte": decision.reallocated_fte},
        "unanimous": None
        if decision.unanimity is None
        else {
            "feasible": decision.unanimity.feasible,
            "losses": decision.unanimity.losses,
            "text": unanimity_line(decision, lang),
        },
        "summary": summary_lines(decision, lang),
    }


def decision_csv(decision: Decision, lang: Language) -> str:
    """One row per item: verdict, funding, stability, cost, reasons and conditions in words."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "verdict", "funded", "fragile", "stability", "total", "eur", "fte", "reasons",
         "conditions"]
    )  # fmt: skip
    for d in decision.items:
        writer.writerow(
            [
                d.id,
                d.verdict,
                "true" if d.funded else "false",
                "true" if d.fragile else "false",
                "" if d.stability is None else repr(d.stability),
                repr(d.entry.total),
                repr(d.entry.item.cost.eur),
                repr(d.entry.item.cost.fte),
                guard(reason_text(decision, d, lang)),
                guard(conditions_text(decision, d, lang)),
            ]
        )
    return out.getvalue()


def _md(cell: str) -> str:
    """Text for a Markdown table cell: pipes, backslashes and markup characters escaped."""
    for character in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        cell = cell.replace(character, "\\" + character)
    return cell


def decision_markdown(decision: Decision, lang: Language, level: int = 2) -> str:
    """The decision as Markdown: the table, the package in sentences, what it would take."""
    hashes = "#" * level
    title = single_line(decision.analysis.loaded.portfolio.title)
    headers = [
        text(k, lang) for k in ("name", "decide_verdict", "decide_reason", "decide_cost_effect")
    ]
    lines = [f"{hashes} {_md(text('decide_head', lang, title=title))}", ""]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "---|" * len(headers))
    for d in decision.items:
        cells = [
            single_line(d.entry.item.name),
            verdict_label(d, lang),
            reason_text(decision, d, lang),
            cost_effect(d, lang),
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    lines.append("")
    lines += [_md(line) for line in summary_lines(decision, lang)]
    lines.append("")
    lines.append(f"{hashes}# {text('decide_conditions', lang)}")
    lines.append("")
    listed = [d for d in decision.items if d.conditions]
    for d in listed:
        name = _md(single_line(d.entry.item.name))
        lines.append(f"- **{name}** ({_md(text(d.verdict, lang))}): "
                     + _md(conditions_text(decision, d, lang)))  # fmt: skip
    if not listed:
        lines.append(text("decide_none_needed", lang))
    if decision.samples:
        lines += ["", _md(fragile_note(decision, lang))]
    return "\n".join(lines) + "\n"
