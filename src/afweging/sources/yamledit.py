"""Edits of YAML text that keep every byte they did not ask to change.

``append_item`` inserts a new item as a block at the end of the portfolio's ``items``
list by text, guided by the parsed positions: comments, blank lines, key order,
quoting and line endings outside the new block stay exactly as they were. (A YAML
round-trip library re-emits the whole file and cannot promise that.) ``set_weights``
changes only the weight values of a framework. Both return the new bytes; writing them
is ``editing.update_file``'s.
"""

import datetime as dt
from typing import Any

from afweging.errors import InputError
from afweging.sources.files import decode
from afweging.sources.yaml import dump, parse

BOM = b"\xef\xbb\xbf"


def render_item(item: dict[str, Any], indent: int, newline: str, note: str) -> str:
    """The item as a YAML block list entry indented by ``indent`` spaces, with a comment."""
    block = dump([item])
    pad = " " * indent
    lines = [f"{pad}# {note}", *(pad + line for line in block.splitlines())]
    return newline.join(lines) + newline


def append_item(original: bytes, shown: str, item: dict[str, Any]) -> bytes:
    """The portfolio's bytes with ``item`` appended to its ``items`` list."""
    text = decode(original, shown)
    doc = parse(text, shown)
    items = doc.data.get("items") if isinstance(doc.data, dict) else None
    source = doc.data.get("items_from") if isinstance(doc.data, dict) else None
    if items is None and isinstance(source, str):
        raise InputError(
            [
                doc.problem(
                    ("items_from",),
                    f"the items come from {source} (items_from); --save adds an item only"
                    " to a list of items written in the portfolio itself",
                    f"add the item as a row of {source}",
                )
            ]
        )
    if not isinstance(items, list) or not items:
        raise InputError([doc.problem(("items",), "there is no list of items to add to")])
    lines = text.splitlines(keepends=True)
    start_line, start_col = doc.value_marks[("items",)]
    if lines[start_line - 1][start_col - 1 : start_col] == "[":
        raise InputError(
            [
                doc.problem(
                    ("items",),
                    "the items are written as a [flow, list]; --save appends to a block list",
                    "write each item on its own '- ' line",
                )
            ]
        )
    last_line, last_col = doc.value_marks[("items", len(items) - 1)]
    dash = lines[last_line - 1].rfind("-", 0, last_col - 1)
    end = _last_content_line(lines, last_line - 1, dash)
    newline = "\r\n" if lines[end].endswith("\r\n") else "\n"
    head = "".join(lines[: end + 1])
    if not head.endswith(("\n", "\r")):
        head += newline
    note = f"added by afweging score on {dt.date.today().isoformat()}"
    new_text = head + render_item(item, dash, newline, note) + "".join(lines[end + 1 :])
    prefix = BOM if original.startswith(BOM) else b""
    return prefix + new_text.encode("utf-8")


def _last_content_line(lines: list[str], first: int, dash: int) -> int:
    """The last line that belongs to the item whose '- ' stands at column ``dash`` of
    line ``first``: lines indented deeper than the dash; trailing blank lines and
    comments at the dash's indentation or less stay after the new block."""
    last = first
    for number in range(first + 1, len(lines)):
        line = lines[number]
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and _indent(line) <= dash):
            continue
        if _indent(line) <= dash:
            break
        last = number
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def set_weights(original: bytes, shown: str, weights: dict[str, float]) -> bytes:
    """The framework's bytes with new weights for the criteria named in ``weights``.

    ``weights`` maps criterion ids to weights on any scale (shares, points); they are
    normalised and written as percentages (``weights.percentages``: 0.5208 → 52.08), so
    they read like hand-written weights such as 25, 15 and 10.

    ``weights`` must name every criterion whose weight is above 0 now, and nothing that
    is not a criterion of this framework; criteria left out keep their weight of 0 (gates).

    Only the weight values change, by text at their parsed positions: comments (also on
    the weight's own line), order, quoting, the BOM and line endings stay as they were.
    A named criterion written in block style without a ``weight:`` key gets one on a new
    line after its ``scale:`` line, at the same indentation; one written as a
    {flow: mapping} without a weight is refused. The edited text is parsed again and must
    hold exactly the old data with the new weights, else nothing is returned.
    """
    import copy
    import re

    from afweging.analysis.weights import check_weights_cover, percentages

    text = decode(original, shown)
    doc = parse(text, shown)
    check_weights_cover(doc, weights)
    raw: list[dict[str, Any]] = doc.data["criteria"]
    written = percentages(weights)
    number = re.compile(
        r"[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
        r"(?=$|[\s,}\]#])"
    )
    lines = text.splitlines(keepends=True)

    def new_weight_line(index: int, value: str) -> tuple[int, str]:
        """Where and what to insert for a block-style criterion that has no weight key."""
        loc = ("criteria", index)
        line, col = doc.value_marks[loc]
        if lines[line - 1][col - 1 : col] == "{" or (*loc, "scale") not in doc.value_marks:
            raise InputError(
                [
                    doc.problem(
                        loc,
                        f"criterion '{raw[index]['id']}' has no weight to change, and"
                        " afweging adds one only after a 'scale:' line",
                        "add 'weight: 0' to it and run the command again",
                    )
                ]
            )
        scale_line = doc.value_marks[(*loc, "scale")][0] - 1
        indent = doc.key_marks[(*loc, "scale")][1] - 1
        ending = lines[scale_line][len(lines[scale_line].rstrip("\r\n")) :]
        newline = ending or ("\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n")
        if not ending:
            lines[scale_line] += newline
        return scale_line, " " * indent + f"weight: {value}" + newline

    replacements: list[tuple[int, int, int, str]] = []  # line index, start, end, new text
    insertions: list[tuple[int, str]] = []  # after line index, new line
    expected = copy.deepcopy(doc.data)
    for index, criterion in enumerate(raw):
        if criterion["id"] not in weights:
            continue
        value = written[criterion["id"]]
        loc = ("criteria", index)
        if "weight" in criterion:
            line, col = doc.value_marks[(*loc, "weight")]
            token = number.match(lines[line - 1], col - 1)
            if token is None:
                raise InputError(
                    [doc.problem((*loc, "weight"), "this weight is not a plain number")]
                )
            if criterion["weight"] != float(value):  # 25.0 stays 25.0 when the share is 25
                replacements.append((line - 1, col - 1, token.end(), value))
        elif float(value) > 0:
            insertions.append(new_weight_line(index, value))
        else:
            continue
        expected["criteria"][index]["weight"] = float(value)
    for line, start, end, value in sorted(replacements, reverse=True):
        lines[line] = lines[line][:start] + value + lines[line][end:]
    for line, new_line in sorted(insertions, reverse=True):
        lines.insert(line + 1, new_line)
    new_text = "".join(lines)
    if parse(new_text, shown).data != expected:
        raise RuntimeError(f"setting the weights in {shown} would change more than the weights")
    prefix = BOM if original.startswith(BOM) else b""
    return prefix + new_text.encode("utf-8")
