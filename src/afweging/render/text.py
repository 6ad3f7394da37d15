"""Terminal renderers: each view is built once as plain cells, then drawn either as a
rich table (a terminal) or as aligned plain text (a pipe or file, or ``NO_COLOR``-free
plain output). User text is escaped by ``printable`` and enters rich only as ``Text``,
so it is never read as markup or as a terminal escape.
"""

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len

from afweging.analysis.matrix import GateResult
from afweging.analysis.pipeline import Analysis, Placement
from afweging.analysis.ranking import RankedItem
from afweging.analysis.rules import SEVERITIES
from afweging.analysis.ties import TIE_TOLERANCE
from afweging.i18n import Language, text
from afweging.numbers import percent
from afweging.render import single_line

if TYPE_CHECKING:
    from rich.console import Group

BAR_WIDTH = 20


class Block(NamedTuple):
    """A table of cells: headers, alignment per column (``l``/``r``), rows, row styles.

    ``wrap``: the columns of sentences (a verdict, its reason, what would bring an item
    in), whose cells a narrow terminal wraps at spaces (``render.fit``) where it shortens
    a name; a sentence cut off says nothing."""

    headers: tuple[str, ...]
    align: str
    rows: list[tuple[str, ...]]
    styles: list[str]
    wrap: frozenset[int] = frozenset()


class View(NamedTuple):
    """What a command shows: a heading, tables, and closing lines."""

    heading: str
    blocks: list[Block | str]
    notes: list[str]


def number(value: float, digits: int = 1, lang: Language = "en") -> str:
    """A number as the tables and sentences show it: fixed decimals in ``lang``'s notation
    (``numbers.number``: nl 45,0, en 45.0)."""
    from afweging import numbers

    return numbers.number(value, digits, lang)


def bar(total: float, *, fancy: bool) -> str:
    """A bar of up to ``BAR_WIDTH`` cells for a total on 0–100 (half cells when fancy)."""
    cells = round(max(0.0, min(100.0, total)) / 100 * BAR_WIDTH * 2)
    if not fancy:
        return "#" * (cells // 2)
    return "█" * (cells // 2) + ("▌" if cells % 2 else "")


def gate_summary(gates: tuple[GateResult, ...], lang: Language) -> str:
    """``ok``, or each failed gate with who failed it (or the score that failed it)."""
    failed = [g for g in gates if not g.passed]
    if not failed:
        return text("gates_ok", lang)
    return "; ".join(
        f"✗ {g.criterion} ({', '.join(g.failed_by) if g.failed_by else g.symbol})" for g in failed
    )


def flag_summary(analysis: Analysis, item_id: str, lang: Language) -> str:
    """``stoppen: lage-score, onderste-kwart``: the rules that flag the item, by severity."""
    flags = analysis.review.flags.get(item_id, ())
    parts = []
    for severity in SEVERITIES:
        rules = [f.rule for f in flags if f.severity == severity]
        if rules:
            parts.append(f"{text(severity, lang)}: {', '.join(rules)}")
    return "; ".join(parts)


TABLE_ROWS = 50
"""How many rows ``rank`` shows by default: a table of thousands helps no reader (and
rich takes seconds to lay it out); JSON and CSV always hold every item."""


def rank_view(
    analysis: Analysis,
    lang: Language,
    top: int | None,
    *,
    fancy: bool,
    rows_at_most: int | None = None,
) -> View:
    """The ranking: one row per item, viable items first, then those failing a gate;
    at most ``rows_at_most`` rows (the first ones), with a note on what was left out."""
    portfolio = analysis.loaded.portfolio
    framework = analysis.loaded.framework
    ranking = analysis.ranking
    heading = (
        f"{single_line(portfolio.title)} — {text('framework', lang)} {framework.id},"
        f" {text('as_of', lang)} {portfolio.as_of.isoformat()}"
    )
    keys = ["rank", "id", "name", "kind", "cluster", "total", "", "gates", "flags"]
    by_method = ranking.method != "weighted-sum"
    if by_method:
        keys.insert(5, "method_score")
    headers = tuple(text(key, lang, method=ranking.method) if key else "" for key in keys)
    rows: list[tuple[str, ...]] = []
    styles: list[str] = []
    shown = ranking.top(top)
    listed = len(shown)
    if rows_at_most is not None and listed > rows_at_most:
        shown = shown[:rows_at_most]
    for entry in shown:
        item = entry.item
        method_cell = (
            ["–" if entry.score is None else number(entry.score, 2, lang)] if by_method else []
        )
        rows.append(
            (
                "–" if entry.rank is None else str(entry.rank),
                single_line(item.id),
                single_line(item.name),
                text(item.kind, lang),
                single_line(item.cluster or ""),
                *method_cell,
                number(entry.total, lang=lang),
                bar(entry.total, fancy=fancy),
                gate_summary(entry.gates, lang),
                flag_summary(analysis, item.id, lang),
            )
        )
        styles.append("" if entry.viable else "dim")
    notes = []
    if len(shown) < listed:
        notes.append(
            text("truncated", lang, count=listed - len(shown), items=listed, shown=len(shown))
        )
    elif len(shown) < len(ranking.items):
        notes.append(text("omitted", lang, count=len(ranking.items) - len(shown), top=top))
    viable = len(ranking.viable)
    notes.append(
        text(
            "summary",
            lang,
            items=len(ranking.items),
            viable=viable,
            failed=len(ranking.items) - viable,
        )
    )
    notes.append(text("total_rule", lang))
    if analysis.loaded.missing:
        notes.append(text("missing_note", lang))
    if by_method:
        notes.append(text(f"method_note_{ranking.method}", lang))
    align = "rllllrrlll" if by_method else "rllllrlll"
    return View(heading, [Block(headers, align, rows, styles)], notes)


def explain_view(analysis: Analysis, entry: RankedItem, lang: Language) -> View:
    """One item's working: contributions per criterion, gates and margins."""
    framework = analysis.loaded.framework
    item = entry.item
    values = {"name": single_line(item.name), "id": single_line(item.id)}
    total = number(entry.total, lang=lang)
    if entry.viable:
        heading = text(
            "explain_head",
            lang,
            **values,
            rank=entry.rank,
            viable=len(analysis.ranking.viable),
            total=total,
        )
    else:
        heading = text("explain_head_failed", lang, **values, total=total)
    headers = tuple(
        text(key, lang)
        for key in ("criterion", "score", "value", "weight", "contribution", "rationale")
    )
    rows: list[tuple[str, ...]] = []
    for contribution in entry.contributions:
        if contribution.share == 0:
            continue
        criterion = framework.criterion(contribution.criterion)
        rows.append(
            (
                single_line(criterion.label.get(lang)),
                single_line(contribution.symbol) + (" *" if contribution.missing else ""),
                number(contribution.value, 2, lang),
                percent(contribution.share, lang, 1),
                number(contribution.points, 2, lang),
                single_line(item.rationale.get(criterion.id, "")),
            )
        )
    rows.append(
        (text("total", lang), "", "", percent(1, lang, 1), number(entry.total, 2, lang), "")
    )
    blocks: list[Block | str] = [Block(headers, "llrrrl", rows, [""] * len(rows))]
    if entry.gates:
        gate_rows: list[tuple[str, ...]] = []
        gate_styles: list[str] = []
        for gate in entry.gates:
            criterion = framework.criterion(gate.criterion)
            verdict = text("passed", lang) if gate.passed else text("failed", lang)
            if gate.failed_by:
                verdict += " — " + text("failed_by", lang, who=", ".join(gate.failed_by))
            gate_rows.append(
                (
                    single_line(criterion.label.get(lang)),
                    single_line(gate.symbol),
                    single_line(gate.minimum),
                    verdict,
                )
            )
            gate_styles.append("" if gate.passed else "red")
        gate_headers = (text("gates", lang), text("score", lang), text("minimum", lang), "")
        blocks.append(Block(gate_headers, "llll", gate_rows, gate_styles))
    flags = analysis.review.flags.get(item.id, ())
    if flags:
        blocks.append(
            "\n".join(
                [f"{text('flags', lang)}:"]
                + [
                    f"  - {text(f.severity, lang)} [{f.rule}]: {single_line(f.text(lang))}"
                    for f in flags
                ]
            )
        )
    notes = []
    if entry.viable:
        notes.append(f"{text('margins', lang)}: {margins(analysis, entry, lang)}")
    if any(c.missing for c in entry.contributions):
        notes.append(text("missing_note", lang))
    return View(heading, blocks, notes)


def margins(analysis: Analysis, entry: RankedItem, lang: Language) -> str:
    """How far the item is from the items ranked just above and below it."""
    above, below = analysis.ranking.neighbours(entry.item.id)
    return "; ".join((_margin(entry, above, True, lang), _margin(entry, below, False, lang)))


def _margin(entry: RankedItem, neighbour: RankedItem | None, above: bool, lang: Language) -> str:
    """How far ``entry`` is from its ``neighbour`` ranked just above it (``above``) or
    just below it: it is the first or last without one; tied with it within
    ``TIE_TOLERANCE``; otherwise the gap in points (2 decimals), the neighbour's name,
    rank and total."""
    if neighbour is None:
        return text("margin_top" if above else "margin_bottom", lang)
    gap = neighbour.total - entry.total if above else entry.total - neighbour.total
    name = single_line(neighbour.item.name)
    if gap <= TIE_TOLERANCE:
        return text("margin_tie", lang, name=name, rank=neighbour.rank)
    return text(
        "margin_above" if above else "margin_below",
        lang,
        gap=number(gap, 2, lang),
        name=name,
        rank=neighbour.rank,
        total=number(neighbour.total, lang=lang),
    )


def plain(view: View) -> str:
    """The view as aligned plain text with no escape sequences, lines right-stripped."""
    lines = [view.heading]
    for block in view.blocks:
        lines.append("")
        if isinstance(block, str):
            lines.append(block)
            continue
        table = [block.headers, *block.rows]
        widths = [max(cell_len(row[i]) for row in table) for i in range(len(block.headers))]
        for row in table:
            cells = []
            for cell, width, align in zip(row, widths, block.align, strict=True):
                pad = " " * (width - cell_len(cell))
                cells.append(pad + cell if align == "r" else cell + pad)
            lines.append("  ".join(cells).rstrip())
    if view.notes:
        lines.append("")
        lines += view.notes
    return "\n".join(lines) + "\n"


def rich_view(view: View) -> "Group":
    """The view as rich renderables; every cell is ``Text`` so nothing is parsed."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [Text(view.heading, style="bold")]
    for block in view.blocks:
        parts.append(Text(""))
        if isinstance(block, str):
            parts.append(Text(block))
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
        for header, align in zip(block.headers, block.align, strict=True):
            table.add_column(  # render.fit has made the cells fit, or --wide wants them whole
                Text(header), justify="right" if align == "r" else "left", no_wrap=True
            )
        for row, style in zip(block.rows, block.styles, strict=True):
            table.add_row(*(Text(cell) for cell in row), style=style or None)
        parts.append(table)
    parts.append(Text(""))
    parts += [Text(note, style="dim" if i else "") for i, note in enumerate(view.notes)]
    return Group(*parts)


def review_view(analysis: Analysis, lang: Language) -> View:
    """The flagged items grouped by their most severe flag, each with every reason."""
    portfolio = analysis.loaded.portfolio
    review = analysis.review
    heading = text(
        "review_head", lang, title=single_line(portfolio.title), as_of=review.as_of.isoformat()
    )
    blocks: list[Block | str] = []
    reviewed = set(review.reviewed)
    for severity in SEVERITIES:
        entries = [
            e
            for e in analysis.ranking.items
            if e.item.id in reviewed and review.severity_of(e.item.id) == severity
        ]
        if not entries:
            continue
        lines = [text(f"review_group_{severity}", lang)]
        for entry in entries:
            lines.append(
                "  "
                + text(
                    "review_item" if entry.viable else "review_item_unranked",
                    lang,
                    name=single_line(entry.item.name),
                    id=single_line(entry.item.id),
                    rank=entry.rank,
                    total=number(entry.total, lang=lang),
                )
            )
            lines += [
                f"    - {single_line(flag.text(lang))} [{flag.rule}"
                + (f", {text(flag.severity, lang)}]" if flag.severity != severity else "]")
                for flag in review.flags[entry.item.id]
            ]
        blocks.append("\n".join(lines))
    if not blocks:
        blocks.append(text("review_none", lang))
    summary = text(
        "review_summary",
        lang,
        reviewed=reviewed_phrase(analysis, lang),
        discontinue=review.count("discontinue"),
        discuss=review.count("discuss"),
        condition=review.count("condition"),
    )
    return View(heading, blocks, [summary])


def reviewed_phrase(analysis: Analysis, lang: Language) -> str:
    """``10 werkgroepen`` when the rules cover working groups only, else ``12 items``."""
    count = len(analysis.review.reviewed)
    kinds = {k for rule in analysis.loaded.framework.rules for k in rule.applies_to}
    if kinds == {"working-group"}:
        return f"{count} " + text("working_group" if count == 1 else "working_groups", lang)
    return f"{count} item" + ("" if count == 1 else "s")


def placement_lines(placement: Placement, lang: Language) -> list[str]:
    """Where the new item would land, and whom it would push down or out of the top k."""
    entry = placement.entry
    if not entry.viable:
        return [text("placement_failed", lang)]

    def named(other: RankedItem) -> str:
        return f"{single_line(other.item.name)} ({number(other.total, lang=lang)})"

    if placement.above and placement.below:
        where = text(
            "placement_between", lang, above=named(placement.above), below=named(placement.below)
        )
    elif placement.below:
        where = text("placement_top", lang, below=named(placement.below))
    elif placement.above:
        where = text("placement_bottom", lang, above=named(placement.above))
    else:
        where = text("placement_alone", lang)
    viable = len(placement.analysis.ranking.viable)
    lines = [f"{text('placement', lang, rank=entry.rank, viable=viable)}, {where}"]
    if placement.pushed_down:
        shown = [
            f"{single_line(r.item.id)} ({old}→{r.rank})" for r, old in placement.pushed_down[:8]
        ]
        more = len(placement.pushed_down) - len(shown)
        lines.append(
            text("pushed_down", lang, items=", ".join(shown) + (f", … (+{more})" if more else ""))
        )
    if placement.pushed_out:
        out = ", ".join(single_line(r.item.id) for r in placement.pushed_out)
        lines.append(text("pushed_out", lang, top=placement.top, items=out))
    return lines


def score_view(placement: Placement, lang: Language, *, with_portfolio: bool) -> View:
    """The verdict on a new item: its working, gates, flags, and where it would land."""
    view = explain_view(placement.analysis, placement.entry, lang)
    item = placement.entry.item
    heading = text(
        "verdict_head",
        lang,
        name=single_line(item.name),
        id=single_line(item.id),
        total=number(placement.entry.total, lang=lang),
    )
    notes = placement_lines(placement, lang) if with_portfolio else []
    notes += [note for note in view.notes if note == text("missing_note", lang)]
    return view._replace(heading=heading, notes=notes)
