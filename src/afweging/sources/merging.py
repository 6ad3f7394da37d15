"""Merging returned workbooks into the portfolio: the per-assessor scores, what changes,
where the assessors differ, and the edit of the portfolio's YAML that keeps every byte
the merge does not change.

The per-assessor score of an item on a criterion starts from what the portfolio holds
for each assessor (a shared score counts for every assessor), and each workbook puts
its assessor's level over it; a blank cell changes nothing. The result is written as
one level when every assessor has the same level on a shared criterion, else as a
mapping of assessors to levels (always so for a per-assessor criterion, or where the
portfolio already keeps one). Levels are written as the scale's symbols; a score whose
level does not change keeps its text. A rationale that differs from the portfolio's
replaces it; when assessors wrote different new rationales, they are kept side by side,
one line per assessor (``NL: …``).

``merge_scores`` edits YAML text by the composed node positions, like ``set_weights``:
only the changed values (and new keys) are written, and the edited text must parse to
exactly the old data with the changes, else nothing is returned.
"""

import copy
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from afweging.errors import InputError, Problem
from afweging.models import Criterion, Framework, Item, Portfolio, Scale
from afweging.sources.workbook import current_symbol
from afweging.sources.workbook_reader import Workbook, where


class ScoreChange(NamedTuple):
    """An assessor's level that differs from what the portfolio holds."""

    item: str
    criterion: str
    assessor: str
    old: str | None
    new: str


class RationaleChange(NamedTuple):
    """A rationale that differs from the portfolio's."""

    item: str
    criterion: str
    old: str | None
    new: str


class Spread(NamedTuple):
    """Assessors whose levels on a score differ by at least the spread rule's levels."""

    item: str
    criterion: str
    levels: tuple[tuple[str, str], ...]
    spread: int


class MergePlan(NamedTuple):
    """What merging the workbooks changes, and the new values by (item index, criterion)."""

    changes: tuple[ScoreChange, ...]
    rationale_changes: tuple[RationaleChange, ...]
    spreads: tuple[Spread, ...]
    scores: dict[tuple[int, str], str | dict[str, str]]
    rationales: dict[tuple[int, str], str]


def assessor_problems(workbooks: Sequence[Workbook]) -> list[Problem]:
    """Two workbooks for one assessor: the second (and any further) is a problem."""
    first: dict[str, Workbook] = {}
    problems = []
    for book in workbooks:
        if book.assessor in first:
            problems.append(
                Problem(
                    where(book.path, "afweging", book.assessor_cell),
                    None,
                    None,
                    f"a second workbook for assessor '{book.assessor}'"
                    f" (also {first[book.assessor].path})",
                    "merge one workbook per assessor",
                )
            )
        else:
            first[book.assessor] = book
    return problems


def plan_merge(
    portfolio: Portfolio, framework: Framework, workbooks: Sequence[Workbook]
) -> MergePlan:
    """The per-assessor scores the workbooks give, and what that changes."""
    changes: list[ScoreChange] = []
    rationale_changes: list[RationaleChange] = []
    spreads: list[Spread] = []
    scores: dict[tuple[int, str], str | dict[str, str]] = {}
    rationales: dict[tuple[int, str], str] = {}
    order = list(portfolio.assessors)
    watched = _spread_rule(framework)
    for index, item in enumerate(portfolio.items):
        for criterion in framework.criteria:
            key = (item.id, criterion.id)
            scale = framework.scale_of(criterion)
            returned = {b.assessor: b.scores[key] for b in workbooks if key in b.scores}
            before = {a: current_symbol(item, criterion, scale, a) for a in order}
            after = {a: returned.get(a, before[a]) for a in order}
            changed = [a for a in order if a in returned and returned[a] != before[a]]
            changes += [
                ScoreChange(item.id, criterion.id, a, before[a], returned[a]) for a in changed
            ]
            if changed:
                scores[(index, criterion.id)] = _new_score(item, criterion, scale, after, changed)
            if returned and watched is not None:
                spread = _spread(item.id, criterion, scale, after, watched)
                if spread is not None:
                    spreads.append(spread)
            note = _new_rationale(item, criterion.id, workbooks, order)
            if note is not None:
                rationales[(index, criterion.id)] = note
                rationale_changes.append(
                    RationaleChange(item.id, criterion.id, item.rationale.get(criterion.id), note)
                )
    return MergePlan(tuple(changes), tuple(rationale_changes), tuple(spreads), scores, rationales)


def _new_score(
    item: Item,
    criterion: Criterion,
    scale: Scale,
    after: dict[str, str | None],
    changed: list[str],
) -> str | dict[str, str]:
    raw = item.scores.get(criterion.id)
    if isinstance(raw, dict):
        # the entries keep their order and text; changed ones take the new symbol
        mapping = {k: (str(v) if isinstance(v, str) else _symbol(scale, v)) for k, v in raw.items()}
        for assessor in changed:
            mapping[assessor] = after[assessor] or ""
        return mapping
    given = {a: level for a, level in after.items() if level is not None}
    if not criterion.per_assessor and len(set(given.values())) == 1:
        return next(iter(given.values()))
    return given


def _symbol(scale: Scale, raw: str | float) -> str:
    level = scale.resolve(raw)
    return level.symbol if level is not None else str(raw)


def _spread_rule(framework: Framework) -> tuple[int, frozenset[str] | None] | None:
    """The levels and criteria of the framework's (first) assessor-spread rule."""
    for rule in framework.rules:
        if rule.kind == "assessor-spread":
            criteria = frozenset(rule.criteria) if rule.criteria is not None else None
            return (rule.levels if rule.levels is not None else 2), criteria
    return None


def _spread(
    item_id: str,
    criterion: Criterion,
    scale: Scale,
    after: dict[str, str | None],
    rule: tuple[int, frozenset[str] | None],
) -> Spread | None:
    levels, criteria = rule
    if criteria is not None and criterion.id not in criteria:
        return None
    symbols = [lv.symbol for lv in scale.levels]
    given = [(a, s) for a, s in after.items() if s is not None and s in symbols]
    if len(given) < 2:
        return None
    positions = [symbols.index(s) for _, s in given]
    spread = max(positions) - min(positions)
    if spread < levels:
        return None
    return Spread(item_id, criterion.id, tuple(given), spread)


def _new_rationale(
    item: Item, criterion_id: str, workbooks: Sequence[Workbook], order: list[str]
) -> str | None:
    old = (item.rationale.get(criterion_id) or "").strip()
    key = (item.id, criterion_id)
    new = {b.assessor: b.rationales[key] for b in workbooks if key in b.rationales}
    differing = {a: t for a, t in new.items() if t != old}
    if not differing:
        return None
    texts = set(differing.values())
    if len(texts) == 1:
        return texts.pop()
    return "\n".join(f"{a}: {differing[a]}" for a in order if a in differing)


# --------------------------------------------------------------------------- the edit


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*")


def _plain_ok(value: str) -> bool:
    """A text YAML reads back as the same text when written without quotes."""
    import yaml

    if not _PLAIN.fullmatch(value):
        return False
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def scalar(value: str, style: str | None = None) -> str:
    """A text as a YAML scalar: plain where that reads back the same and the original was
    plain, single-quoted where it was, else double-quoted (JSON's escapes are YAML's)."""
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style in (None, "") and _plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_mapping(mapping: dict[str, str]) -> str:
    """A mapping of assessors to levels as a one-line YAML flow mapping."""
    return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in mapping.items()) + "}"


class _Edit(NamedTuple):
    start: int
    end: int
    order: int
    text: str


def merge_scores(original: bytes, shown: str, plan: MergePlan) -> bytes:
    """The portfolio's bytes with the plan's scores and rationales written in."""
    import yaml

    from afweging.sources.files import decode
    from afweging.sources.yaml import parse

    bom = b"\xef\xbb\xbf"
    text = decode(original, shown)
    doc = parse(text, shown)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    items = _value(root, "items")
    if not isinstance(items, yaml.SequenceNode) or not isinstance(doc.data.get("items"), list):
        raise InputError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    "the portfolio's items are not in this file (items_from or CSV)",
                    "merge --write edits a YAML portfolio with its items; use -o to write one",
                )
            ]
        )
    expected = copy.deepcopy(doc.data)
    edits: list[_Edit] = []
    sections: dict[tuple[int, str], dict[str, Any]] = {}
    for (index, criterion), score in plan.scores.items():
        sections.setdefault((index, "scores"), {})[criterion] = score
    for (index, criterion), note in plan.rationales.items():
        sections.setdefault((index, "rationale"), {})[criterion] = note
    for (index, section), entries in sorted(sections.items()):
        item_node = items.value[index]
        item_data = expected["items"][index]
        item_data.setdefault(section, {}).update(copy.deepcopy(entries))
        edits += _section_edits(text, shown, item_node, section, entries)
    for start, end, _, new in sorted(edits, key=lambda e: (e.start, e.order), reverse=True):
        text = text[:start] + new + text[end:]
    if parse(text, shown).data != expected:
        raise RuntimeError(f"merging into {shown} would change more than the scores")
    return (bom if original.startswith(bom) else b"") + text.encode("utf-8")


def _value(node: Any, key: str) -> Any:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _newline(text: str, position: int) -> str:
    end = text.find("\n", position)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _section_edits(
    text: str, shown: str, item: Any, section: str, entries: dict[str, Any]
) -> list[_Edit]:
    import yaml

    node = _value(item, section)
    if node is None:
        if item.flow_style:
            raise _flow_error(shown, item)
        indent = item.value[0][0].start_mark.column
        newline = _newline(text, item.start_mark.index)
        lines = [" " * indent + f"{section}:"]
        lines += [" " * (indent + 2) + f"{k}: {_value_text(v)}" for k, v in entries.items()]
        at = _after_last_pair(text, item)
        return [_Edit(at, at, 0, _joined(text, at, lines, newline))]
    if not isinstance(node, yaml.MappingNode):
        raise _flow_error(shown, node)
    edits: list[_Edit] = []
    new_lines: list[str] = []
    for key, value in entries.items():
        old = _value(node, key)
        if old is None:
            new_lines.append(f"{_key_text(key)}: {_value_text(value)}")
        else:
            edits += _replace(text, old, value)
    if new_lines:
        if node.flow_style or not node.value:
            closing = node.end_mark.index - 1
            lead = ", " if node.value else ""
            edits.append(_Edit(closing, closing, 0, lead + ", ".join(new_lines)))
        else:
            indent = node.value[0][0].start_mark.column
            at = _after_last_pair(text, node)
            lines = [" " * indent + line for line in new_lines]
            edits.append(_Edit(at, at, 0, _joined(text, at, lines, _newline(text, at - 1))))
    return edits


def _joined(text: str, at: int, lines: list[str], newline: str) -> str:
    block = newline.join(lines) + newline
    return block if at == 0 or text[at - 1] == "\n" else newline + block


def _flow_error(shown: str, node: Any) -> InputError:
    return InputError.single(
        shown,
        "this item is written as a {flow: mapping}; merge --write adds to block mappings",
        "write the item's keys each on its own line",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
    )


def _key_text(key: str) -> str:
    return scalar(key)


def _value_text(value: str | dict[str, str]) -> str:
    return flow_mapping(value) if isinstance(value, dict) else scalar(value)


def _after_last_pair(text: str, mapping: Any) -> int:
    """Where a new line goes after a block mapping's last entry: the start of the line
    after it (so that a comment at the end of its line stays on that line)."""
    end: int = mapping.value[-1][1].end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _replace(text: str, node: Any, value: str | dict[str, str]) -> list[_Edit]:
    """Edits that make ``node`` hold ``value``: a scalar or flow mapping replaced whole;
    a block mapping keeps its lines, each changed entry replaced and new ones added."""
    import yaml

    if isinstance(node, yaml.MappingNode) and not node.flow_style and isinstance(value, dict):
        edits: list[_Edit] = []
        added = []
        for key, level in value.items():
            entry = _value(node, key)
            if entry is None:
                added.append(f"{_key_text(key)}: {scalar(level)}")
            elif not (isinstance(entry, yaml.ScalarNode) and entry.value == level):
                edits += _replace(text, entry, level)
        if added:
            indent = node.value[0][0].start_mark.column
            at = _after_last_pair(text, node)
            lines = [" " * indent + line for line in added]
            edits.append(_Edit(at, at, 0, _joined(text, at, lines, _newline(text, at - 1))))
        return edits
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(value, dict):
        new = flow_mapping(value)
    else:
        new = scalar(value, node.style if isinstance(node, yaml.ScalarNode) else '"')
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        new = json.dumps(value, ensure_ascii=False)
        span = text[start:end]
        new += span[len(span.rstrip("\r\n")) :]  # the block's last line break stays
    elif isinstance(node, yaml.MappingNode) and not node.flow_style:
        span = text[start:end]
        new += span[len(span.rstrip(" \r\n")) :]
    return [_Edit(start, end, 0, new)]
