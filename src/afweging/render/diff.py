"""Renderers of a ``PortfolioDiff``: terminal view, JSON document and Markdown section.

All three are pure functions of the diff (and the language). The Markdown has no
top-level heading (its subsections are ``###``), so that ``afweging diff --format
markdown`` and the memo's "changes since" section are the same text.
"""

from typing import Any

from afweging.analysis.diff import (
    Attribution,
    FieldChange,
    GateChange,
    ItemChange,
    PortfolioDiff,
    ScoreChange,
    Version,
)
from afweging.i18n import Language, text
from afweging.render import decimal, percent, single_line
from afweging.render.data import flag_document
from afweging.render.json import document_head
from afweging.render.memo import md
from afweging.render.text import Block, View, number

DIFF_SCHEMA = "afweging/diff"
DIFF_SCHEMA_VERSION = 1

DASH = "–"


def _text(key: str, lang: Language, **values: object) -> str:
    """The diff's string ``key`` (``diff_KEY`` in the one table) in ``lang``."""
    return text(f"diff_{key}", lang, **values)


# --- numbers -----------------------------------------------------------------------


def _signed(value: float, digits: int, lang: Language | None) -> str:
    """``+2``, ``-1.5``, ``0``: a change with its sign (``lang`` None: the tables' notation)."""
    shown = number(abs(value), digits) if lang is None else decimal(abs(value), digits, lang)
    if not shown.strip("0.,"):
        return shown
    return ("+" if value > 0 else "-") + shown


def _rank(rank: int | None) -> str:
    return DASH if rank is None else str(rank)


def _steps(value: float, lang: Language | None) -> str:
    """A rank split part: whole places, or halves (the average of two orders)."""
    return _signed(value, 0 if float(value).is_integer() else 1, lang)


def _attribution_cells(attribution: Attribution | None, lang: Language | None) -> list[str]:
    if attribution is None:
        return ["", ""]
    cells = []
    for part in ("weights", "scores"):
        cell = _signed(getattr(attribution.total, part), 1, lang)
        if attribution.rank is not None:
            cell += f" ({_steps(getattr(attribution.rank, part), lang)})"
        cells.append(cell)
    return cells


# --- the lines every format shares ---------------------------------------------------


def _field_value(change: FieldChange, side: str, lang: Language) -> str:
    value = getattr(change, side)
    if value is None:
        return DASH
    if change.field == "kind" and isinstance(value, str):
        return text(value, lang)
    return str(value)


def detail_lines(change: ItemChange, lang: Language) -> list[str]:
    """What changed about an item besides its rank and total, one line each, unescaped."""
    lines = [
        _text(
            "field_line",
            lang,
            field=_text(f"field_{f.field}", lang),
            old=_field_value(f, "old", lang),
            new=_field_value(f, "new", lang),
        )
        for f in change.fields
    ]
    lines += [
        _text("score_line", lang, label=s.label.get(lang), old=s.old or DASH, new=s.new or DASH)
        for s in change.scores
    ]
    lines += [_gate_line(g, lang, failed=True) for g in change.gates_failed]
    lines += [_gate_line(g, lang, failed=False) for g in change.gates_passed]
    lines += [
        _text("flag_appeared", lang, rule=f.rule, reason=f.text(lang))
        for f in change.flags_appeared
    ]
    lines += [
        _text("flag_cleared", lang, rule=f.rule, reason=f.text(lang)) for f in change.flags_cleared
    ]
    return lines


def _gate_line(gate: GateChange, lang: Language, *, failed: bool) -> str:
    if not failed:
        return _text("gate_passed", lang, label=gate.label.get(lang), score=gate.score)
    line = _text(
        "gate_failed", lang, label=gate.label.get(lang), score=gate.score, minimum=gate.minimum
    )
    if gate.failed_by:
        line += "; " + _text("gate_failed_by", lang, who=", ".join(gate.failed_by))
    return line


def _summary(diff: PortfolioDiff, lang: Language) -> str:
    s = diff.summary
    line = _text(
        "summary",
        lang,
        added=s.added,
        removed=s.removed,
        changed=s.changed,
        moved=s.moved,
        appeared=s.flags_appeared,
        cleared=s.flags_cleared,
        failed=s.gates_failed,
        passed=s.gates_passed,
    )
    if diff.weights:
        line += " " + _text(
            "weights_summary", lang, old=diff.old.framework_source, new=diff.new.framework_source
        )
    return line


def _change_headers(diff: PortfolioDiff, lang: Language) -> list[str]:
    headers = [text("rank", lang), _text("move", lang), text("total", lang), _text("change", lang)]
    if diff.weights:
        headers += [_text("by_weights", lang), _text("by_scores", lang)]
    return headers


def _change_cells(change: ItemChange, diff: PortfolioDiff, lang: Language | None) -> list[str]:
    """Rank, move, total and change (and the attribution): ``lang`` None for the terminal."""

    def shown(value: float) -> str:
        return number(value) if lang is None else decimal(value, 1, lang)

    move = change.rank_move
    cells = [
        f"{_rank(change.old_rank)} → {_rank(change.new_rank)}",
        "" if move is None else _signed(move, 0, lang),
        f"{shown(change.old_total)} → {shown(change.new_total)}",
        _signed(change.total_change, 1, lang),
    ]
    if diff.weights:
        cells += _attribution_cells(change.attribution, lang)
    return cells


def _share(value: float | None, lang: Language | None) -> str:
    if value is None:
        return DASH
    return f"{value * 100:.1f}%" if lang is None else percent(value, lang, 1)


# --- terminal ------------------------------------------------------------------------


def diff_view(diff: PortfolioDiff, lang: Language) -> View:
    """The differences as a terminal view: one table of items, the details, the weights."""
    heading = _text(
        "head",
        lang,
        old=single_line(diff.old.path),
        old_as_of=diff.old.as_of.isoformat(),
        new=single_line(diff.new.path),
        new_as_of=diff.new.as_of.isoformat(),
    )
    if diff.empty:
        return View(heading, [_text("none", lang)], [])
    blocks: list[Block | str] = [_summary(diff, lang)]
    headers = ("", text("id", lang), text("name", lang), *_change_headers(diff, lang))
    extra = [""] * (len(headers) - 6)
    rows: list[tuple[str, ...]] = []
    styles: list[str] = []
    for kind, refs in (("added", diff.added), ("removed", diff.removed)):
        for ref in refs:
            rows.append(
                (
                    _text(kind, lang),
                    single_line(ref.id),
                    single_line(ref.name),
                    _rank(ref.rank),
                    "",
                    number(ref.total),
                    *extra,
                )
            )
            styles.append("green" if kind == "added" else "red")
    for change in diff.changed:
        rows.append(
            (
                _text("changed", lang),
                single_line(change.id),
                single_line(change.name),
                *_change_cells(change, diff, None),
            )
        )
        styles.append("")
    align = "lllrrrr" + "rr" * bool(diff.weights)
    blocks.append(Block(headers, align, rows, styles))
    details = [
        "\n".join(
            [f"{single_line(c.name)} ({single_line(c.id)})"]
            + [f"  - {single_line(line)}" for line in lines]
        )
        for c in diff.changed
        if (lines := detail_lines(c, lang))
    ]
    if details:
        blocks.append("\n".join([_text("details", lang), *details]))
    if diff.weights:
        weight_rows: list[tuple[str, ...]] = [
            (
                single_line(w.label.get(lang)),
                _share(w.old, None),
                _share(w.new, None),
                _signed(((w.new or 0.0) - (w.old or 0.0)) * 100, 1, None) + "%",
            )
            for w in diff.weights
        ]
        weight_headers = (
            text("criterion", lang),
            _text("old_share", lang),
            _text("new_share", lang),
            _text("difference", lang),
        )
        blocks.append(Block(weight_headers, "lrrr", weight_rows, [""] * len(weight_rows)))
    notes = [single_line(_rename_hint(r.removed, r.added, r.name, lang)) for r in diff.renamed]
    notes.append(_text("move_note", lang))
    if diff.weights:
        notes.append(_text("attribution_note", lang))
    return View(heading, blocks, notes)


def _rename_hint(removed: str, added: str, name: str, lang: Language) -> str:
    return _text("rename_hint", lang, removed=removed, added=added, name=name)


# --- JSON ----------------------------------------------------------------------------


def _version(version: Version) -> dict[str, Any]:
    return {
        "path": version.path,
        "title": version.title,
        "as_of": version.as_of.isoformat(),
        "framework": {"id": version.framework, "source": version.framework_source},
        "method": version.method,
    }


# Where a part of the document is one of the diff's rows (ItemRef, Rename, FieldChange,
# ScoreChange, GateChange, Split, Summary), its keys are the row's fields in their order
# (``_asdict``), the labels in ``lang``: the analysis names them once.


def _labelled(row: ScoreChange | GateChange, lang: Language) -> dict[str, Any]:
    """A row's fields, its label in ``lang``."""
    return {**row._asdict(), "label": row.label.get(lang)}


def _gate(gate: GateChange, lang: Language) -> dict[str, Any]:
    return {**_labelled(gate, lang), "failed_by": list(gate.failed_by)}


def _attribution(attribution: Attribution | None) -> dict[str, Any] | None:
    if attribution is None:
        return None
    rank = attribution.rank
    return {
        "total": attribution.total._asdict(),
        "rank": None if rank is None else rank._asdict(),
        "rank_new_weights_old_scores": attribution.rank_new_weights,
        "rank_old_weights_new_scores": attribution.rank_old_weights,
    }


def _change(change: ItemChange, lang: Language) -> dict[str, Any]:
    return {
        "id": change.id,
        "name": change.name,
        "old_rank": change.old_rank,
        "new_rank": change.new_rank,
        "rank_move": change.rank_move,
        "old_total": change.old_total,
        "new_total": change.new_total,
        "total_change": change.total_change,
        "fields": [f._asdict() for f in change.fields],
        "scores": [_labelled(s, lang) for s in change.scores],
        "gates_failed": [_gate(g, lang) for g in change.gates_failed],
        "gates_passed": [_gate(g, lang) for g in change.gates_passed],
        "flags_appeared": [flag_document(f, lang) for f in change.flags_appeared],
        "flags_cleared": [flag_document(f, lang) for f in change.flags_cleared],
        "attribution": _attribution(change.attribution),
    }


def diff_document(diff: PortfolioDiff, lang: Language) -> dict[str, Any]:
    """The ``afweging/diff`` v1 document: numbers unrounded, keys in a fixed order;
    ``lang`` chooses the labels and the flags' reasons."""
    return {
        **document_head(DIFF_SCHEMA, DIFF_SCHEMA_VERSION, lang),
        "old": _version(diff.old),
        "new": _version(diff.new),
        "summary": {**diff.summary._asdict(), "weights_changed": bool(diff.weights)},
        "weights": [
            {
                "criterion": w.criterion,
                "label": w.label.get(lang),
                "old_share": w.old,
                "new_share": w.new,
            }
            for w in diff.weights
        ],
        "added": [r._asdict() for r in diff.added],
        "removed": [r._asdict() for r in diff.removed],
        "renamed": [r._asdict() for r in diff.renamed],
        "changed": [_change(c, lang) for c in diff.changed],
    }


# --- Markdown ------------------------------------------------------------------------


def _table(headers: list[str], align: str, rows: list[list[str]]) -> list[str]:
    """A GitHub table; every row has as many cells as the header (cells already escaped)."""
    rule = ["---:" if a == "r" else "---" for a in align]
    header = [h[:1].upper() + h[1:] for h in headers]  # as the memo's tables: "Rang", "Naam"
    return [f"| {' | '.join(row)} |" for row in (header, rule, *rows)]


def diff_markdown(diff: PortfolioDiff, lang: Language) -> str:
    """The differences as a Markdown section without a top-level heading (subsections are
    ``###``); every user text escaped with ``md``; ends with one newline."""
    if diff.empty:
        return _text("none", lang) + "\n"
    parts: list[list[str]] = [[md(_summary(diff, lang))]]
    ref_headers = [text("id", lang), text("name", lang), text("rank", lang), text("total", lang)]
    for key, refs in (("added_head", diff.added), ("removed_head", diff.removed)):
        if refs:
            rows = [[md(r.id), md(r.name), _rank(r.rank), decimal(r.total, 1, lang)] for r in refs]
            parts.append([f"### {_text(key, lang)}"])
            parts.append(_table(ref_headers, "llrr", rows))
    if diff.renamed:
        parts.append(
            [f"- {md(_rename_hint(r.removed, r.added, r.name, lang))}" for r in diff.renamed]
        )
    if diff.changed:
        headers = [text("id", lang), text("name", lang), *_change_headers(diff, lang)]
        rows = [[md(c.id), md(c.name), *_change_cells(c, diff, lang)] for c in diff.changed]
        parts.append([f"### {_text('changed_head', lang)}"])
        parts.append(_table(headers, "llrrrr" + "rr" * bool(diff.weights), rows))
        details = []
        for change in diff.changed:
            lines = detail_lines(change, lang)
            if lines:
                details.append(f"- **{md(change.name)}** ({md(change.id)})")
                details += [f"  - {md(line)}" for line in lines]
        if details:
            parts.append(details)
        parts.append([md(_text("move_note", lang))])
    if diff.weights:
        headers = [
            text("criterion", lang),
            _text("old_share", lang),
            _text("new_share", lang),
            _text("difference", lang),
        ]
        rows = [
            [
                md(w.label.get(lang)),
                _share(w.old, lang),
                _share(w.new, lang),
                _signed(((w.new or 0.0) - (w.old or 0.0)) * 100, 1, lang) + "%",
            ]
            for w in diff.weights
        ]
        parts.append([f"### {_text('weights_head', lang)}"])
        parts.append(_table(headers, "lrrr", rows))
        parts.append([md(_text("attribution_note", lang))])
    return "\n\n".join("\n".join(lines) for lines in parts) + "\n"


def changes_section(diff: PortfolioDiff, lang: Language) -> dict[str, str]:
    """The memo's "changes since" section: ``since`` (the old version, escaped, for the
    heading) and ``markdown`` (exactly ``diff_markdown``)."""
    since = _text("since", lang, path=diff.old.path, as_of=diff.old.as_of.isoformat())
    return {"since": md(since), "markdown": diff_markdown(diff, lang)}
