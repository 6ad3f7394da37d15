"""Tables that fit the terminal: names shortened with an ellipsis, sentences wrapped at
spaces; ids, numbers, bars and words never broken; headers never split; columns that
still do not fit left out, from the right, with a note that names them (``--wide`` keeps
them all).

Only the terminal's tables are fitted: the plain text for pipes keeps its full width.
A column may be shortened when it holds free text (a left-aligned column with a space
in some cell: names, clusters' labels, flags in words); a column of sentences
(``Block.wrap``: a verdict, its reason, what would bring an item in) is wrapped instead,
down to its longest word, and left out only when nothing else can go. Everything else
keeps its width or is left out whole. The first two columns (rank and id, or name and id)
always stay.
"""

from afweging.i18n import Language, text
from afweging.render.text import Block, View

GAP = 3
"""The cells between two columns of the terminal's table (padding, rule, padding)."""
FLOORS = (24, 12)
"""How far a free-text column is shortened (never below its header's width): to 24 cells
while other text columns can still be left out instead, then to 12."""
KEEP = 2
"""The leading columns that are never left out."""
SENTENCE = 16
"""How narrow a column of sentences may be wrapped (unless it is narrower, or a word in it
is wider): narrower, a reason takes more lines than it has words."""


def cell_len(value: str) -> int:
    """The cells a text takes on a terminal (wide characters count twice)."""
    from rich.cells import cell_len as measure

    return measure(value)


def shorten(value: str, width: int) -> str:
    """``value`` cut to ``width`` cells with an ellipsis, if it is wider."""
    if cell_len(value) <= width:
        return value
    from rich.cells import set_cell_size

    return set_cell_size(value, max(0, width - 1)).rstrip() + "…"


def _widths(block: Block) -> list[int]:
    return [
        max([cell_len(block.headers[i]), *(cell_len(row[i]) for row in block.rows)])
        for i in range(len(block.headers))
    ]


def _free_text(block: Block, index: int) -> bool:
    return block.align[index] == "l" and any(" " in row[index] for row in block.rows)


def wrap(value: str, width: int) -> str:
    """``value`` wrapped at spaces into lines of at most ``width`` cells (a word wider than
    that, which only a column left narrower than its floor has, shortened)."""
    lines: list[str] = []
    for word in value.split():
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(shorten(line, width) for line in lines)


def _floor(block: Block, index: int, natural: int, floor: int) -> int:
    """How narrow a column may become: sentences to ``SENTENCE`` (or their longest word),
    free text to ``floor``, anything else not at all (never below the header)."""
    header = cell_len(block.headers[index])
    if index in block.wrap:
        words = (word for row in block.rows for word in row[index].split())
        return max(header, min(SENTENCE, natural), max(map(cell_len, words), default=0))
    if _free_text(block, index):
        return max(header, min(floor, natural))
    return natural


def _shrunk(block: Block, keep: list[int], width: int, floor: int) -> list[int] | None:
    """Widths of the kept columns that fit ``width`` (free text shortened to no less
    than ``floor``, sentences wrapped), or None."""
    natural = _widths(block)
    widths = [natural[i] for i in keep]
    excess = sum(widths) + GAP * (len(keep) - 1) - width
    floors = [_floor(block, i, natural[i], floor) for i in keep]
    while excess > 0:
        # take a cell from the widest column that can still give one
        candidates = [k for k, w in enumerate(widths) if w > floors[k]]
        if not candidates:
            return None
        widest = max(candidates, key=lambda k: widths[k])
        widths[widest] -= 1
        excess -= 1
    return widths


def _drop_order(block: Block) -> list[int]:
    """The columns in the order they are left out: text columns from the right first,
    then numbers and bars from the right; never the first ``KEEP``. (A name column is
    only left out when nothing else is left to leave out.)"""
    rest = list(range(len(block.headers) - 1, KEEP - 1, -1))
    text_first = [i for i in rest if block.align[i] == "l" and not _is_bar(block, i)]
    return text_first + [i for i in rest if i not in text_first]


def _is_bar(block: Block, index: int) -> bool:
    cells = [row[index] for row in block.rows if row[index]]
    return bool(cells) and all(set(cell) <= set("█▌#") for cell in cells)


def fit_block(block: Block, width: int) -> tuple[Block, list[str]]:
    """The block narrowed to ``width`` cells, and the headers of the columns left out."""
    order = _drop_order(block)
    # the first free-text column (the name) is shortened, not left out, while text
    # columns after it can go instead
    names = [i for i in range(len(block.headers)) if _free_text(block, i)]
    text_columns = [
        i
        for i in order
        if block.align[i] == "l"
        and not _is_bar(block, i)
        and i not in names[:1]
        and i not in block.wrap
    ]
    widths: list[int] | None = None
    last_resort = text_columns + [
        i for i in order if i not in text_columns and i not in block.wrap and i not in names
    ]
    last_resort += [i for i in order if i in block.wrap]  # sentences, then the name, last
    last_resort += [i for i in order if i not in last_resort]
    for floor, droppable in ((FLOORS[0], text_columns), (FLOORS[1], text_columns),
                             (FLOORS[1], last_resort)):  # fmt: skip
        keep = list(range(len(block.headers)))
        widths = _shrunk(block, keep, width, floor)
        for column in droppable:
            if widths is not None:
                break
            keep.remove(column)
            widths = _shrunk(block, keep, width, floor)
        if widths is not None:
            break
    if widths is None:  # not even the first columns fit: keep them, the terminal wraps
        keep = list(range(KEEP))
        widths = [_widths(block)[i] for i in keep]
    fitted = Block(
        tuple(block.headers[i] for i in keep),
        "".join(block.align[i] for i in keep),
        [
            tuple(
                (wrap if i in block.wrap else shorten)(row[i], w)
                for i, w in zip(keep, widths, strict=True)
            )
            for row in block.rows
        ],
        block.styles,
    )
    left_out = [block.headers[i] for i in range(len(block.headers)) if i not in keep]
    return fitted, left_out


def fit(view: View, width: int, lang: Language) -> View:
    """Every table of the view narrowed to ``width``; a note names what was left out."""
    blocks: list[Block | str] = []
    dropped: list[str] = []
    for block in view.blocks:
        if isinstance(block, str):
            blocks.append(block)
            continue
        fitted, left_out = fit_block(block, width)
        blocks.append(fitted)
        dropped += [header for header in left_out if header and header not in dropped]
    notes = list(view.notes)
    if dropped:
        notes.append(text("columns_dropped", lang, columns=", ".join(dropped)))
    return View(view.heading, blocks, notes)
