"""The memo as a Word document: the memo's own Markdown, set in Word with python-docx.

The memo is written once, as Markdown from its template; ``render_docx`` sets that text
in Word rather than building a second memo beside it, so the two never disagree. It
reads the subset the memo uses: ``#`` headings, paragraphs, ``-`` lists (two levels),
pipe tables (their alignment row included), an image alone on its line, and ``**bold**``,
``*italic*`` and `` `code` `` inside a line, with backslash escapes and the three HTML
entities ``md()`` writes. Anything else stays as its text. The charts come as PNG bytes
keyed by the path the Markdown names them by, so they are embedded, not linked.

``reference`` is a house-style .docx: its styles, page setup, headers and footers are
kept and its body is replaced by the memo. python-docx is imported here only.
"""

import io
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^( *)[-*+]\s+(.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)\s*$")
_ALIGN_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Inline spans, tried left to right: an escape, code, bold, italic (underscore or star).
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|~<>])"
    r"|`(?P<code>[^`]+)`"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s](?:.*?[^*\s])?)\*(?!\*)"
    r"|(?<!\w)_(?P<underscored>[^_\s](?:.*?[^_\s])?)_(?!\w)"
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))
_CODE_FONT = "Consolas"


class Span(NamedTuple):
    """A run of text and how it is set."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


class Block(NamedTuple):
    """One block of the memo: ``kind`` is heading, paragraph, bullet, table or image."""

    kind: str
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[str, ...] = ()


def unescape(text: str) -> str:
    """Markdown text without its backslash escapes and HTML entities, as a reader sees it."""
    return "".join(span.text for span in spans(text))


def spans(text: str, *, bold: bool = False, italic: bool = False) -> list[Span]:
    """The inline runs of one line of Markdown."""
    found: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            found.append(Span(_entities(text[position : match.start()]), bold, italic))
        if match["escaped"] is not None:
            found.append(Span(match["escaped"], bold, italic))
        elif match["code"] is not None:
            found.append(Span(_entities(match["code"]), bold, italic, code=True))
        elif match["bold"] is not None:
            found += spans(match["bold"], bold=True, italic=italic)
        else:
            inner = match["italic"] if match["italic"] is not None else match["underscored"]
            found += spans(inner, bold=bold, italic=True)
        position = match.end()
    if position < len(text):
        found.append(Span(_entities(text[position:]), bold, italic))
    return _merged(found)


def _entities(text: str) -> str:
    return _ENTITY.sub(lambda m: _ENTITIES[m.group()], text)


def _merged(found: list[Span]) -> list[Span]:
    """Neighbouring runs set alike become one (an escape splits a run otherwise)."""
    merged: list[Span] = []
    for span in found:
        if merged and merged[-1][1:] == span[1:]:
            merged[-1] = merged[-1]._replace(text=merged[-1].text + span.text)
        elif span.text:
            merged.append(span)
    return merged


def split_row(line: str) -> tuple[str, ...]:
    """The cells of a pipe-table row; an escaped ``\\|`` stays inside its cell."""
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return tuple(cell.strip() for cell in re.split(r"(?<!\\)\|", body))


def blocks(markdown: str) -> Iterator[Block]:
    """The memo's Markdown as a sequence of blocks."""
    lines = markdown.splitlines()
    index = 0
    paragraph: list[str] = []

    def flush() -> Iterator[Block]:
        if paragraph:
            yield Block("paragraph", " ".join(line.strip() for line in paragraph))
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        image = _IMAGE.match(line.strip())
        is_table = (
            line.lstrip().startswith("|")
            and index + 1 < len(lines)
            and _ALIGN_ROW.match(lines[index + 1].strip()) is not None
        )
        if not line.strip():
            yield from flush()
        elif heading:
            yield from flush()
            yield Block("heading", heading[2], len(heading[1]))
        elif image:
            yield from flush()
            yield Block("image", image[2], rows=((image[1],),))
        elif is_table:
            yield from flush()
            header = split_row(line)
            align = tuple(_alignment(cell) for cell in split_row(lines[index + 1]))
            rows = [header]
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                cells = split_row(lines[index])
                rows.append((cells + ("",) * len(header))[: len(header)])
                index += 1
            yield Block("table", rows=tuple(rows), align=align)
            continue
        elif bullet and not paragraph:
            yield Block("bullet", bullet[2], min(len(bullet[1]) // 2, 1))
        elif paragraph or not line.startswith(" "):
            paragraph.append(line)
        else:
            yield Block("paragraph", line.strip())
        index += 1
    yield from flush()


def _alignment(cell: str) -> str:
    if cell.endswith(":"):
        return "center" if cell.startswith(":") else "right"
    return "left"


def render_docx(
    markdown: str,
    images: Mapping[str, bytes] | None = None,
    *,
    reference: bytes | None = None,
    title: str | None = None,
) -> bytes:
    """The memo's Markdown set as a Word document (.docx bytes).

    ``images`` maps the paths the Markdown names its images by to PNG bytes; an image
    that is not there is left out. ``reference`` is a house-style .docx whose styles
    and page setup the memo takes. ``title`` becomes the document's title property.
    """
    import docx

    document = docx.Document(io.BytesIO(reference)) if reference is not None else docx.Document()
    if reference is not None:
        _clear_body(document)
    styles = {style.name for style in document.styles}
    width = _text_width(document)
    for block in blocks(markdown):
        if block.kind == "heading":
            _heading(document, styles, block)
        elif block.kind == "paragraph":
            _runs(document.add_paragraph(), block.text)
        elif block.kind == "bullet":
            name = "List Bullet" if block.level == 0 else "List Bullet 2"
            paragraph = document.add_paragraph(style=name if name in styles else None)
            if name not in styles:
                paragraph.add_run("• " if block.level == 0 else "    ◦ ")
            _runs(paragraph, block.text)
        elif block.kind == "table":
            _table(document, styles, block)
        elif block.kind == "image" and images and block.text in images:
            document.add_picture(io.BytesIO(images[block.text]), width=width)
            caption = unescape(block.rows[0][0])
            if caption:
                style = "Caption" if "Caption" in styles else None
                document.add_paragraph(caption, style=style)
    properties = document.core_properties
    if title is not None:
        properties.title = title
    properties.author = "afweging"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clear_body(document: Any) -> None:
    """Remove the reference document's content, keeping its section settings."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _text_width(document: Any) -> Any:
    section = document.sections[-1]
    if section.page_width is None or section.left_margin is None:
        return None
    return section.page_width - section.left_margin - section.right_margin


def _heading(document: Any, styles: set[str], block: Block) -> None:
    name = f"Heading {block.level}"
    if name in styles:
        _runs(document.add_paragraph(style=name), block.text)
    else:
        paragraph = document.add_paragraph()
        for span in spans(block.text):
            paragraph.add_run(span.text).bold = True


def _runs(paragraph: Any, text: str) -> None:
    for span in spans(text):
        run = paragraph.add_run(span.text)
        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
        if span.code:
            run.font.name = _CODE_FONT


def _table(document: Any, styles: set[str], block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    alignments = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }
    columns = len(block.rows[0])
    table = document.add_table(rows=len(block.rows), cols=columns)
    if "Table Grid" in styles:
        table.style = "Table Grid"
    for row_index, row in enumerate(block.rows):
        cells = table.rows[row_index].cells
        for column, value in enumerate(row):
            paragraph = cells[column].paragraphs[0]
            if column < len(block.align):
                paragraph.alignment = alignments[block.align[column]]
            _runs(paragraph, value)
            for run in paragraph.runs:
                if row_index == 0:
                    run.bold = True
                if columns > 5:  # a wide table in a smaller type, so that it fits a page
                    run.font.size = Pt(8)
    _fit_columns(document, table, block.rows, letter=0.068 if columns > 5 else 0.075)
    _repeat_header(table)


def _fit_columns(
    document: Any, table: Any, rows: tuple[tuple[str, ...], ...], letter: float
) -> None:
    """Columns as wide as their texts need, within the page's text width: each first gets
    room for its longest word (Word and LibreOffice otherwise give every column the same
    width and break numbers and headers letter by letter), the rest of the width goes to
    the columns with longer texts, in proportion. ``letter`` is a letter's width in inches
    (0.075 at 10 pt, 0.068 at the 8 pt of wide tables: bold headers are wider)."""
    from docx.shared import Inches

    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    columns = [[row[c] for row in rows] for c in range(len(rows[0]))]
    # a word longer than 22 letters may break rather than squeeze the rest (Dutch names such
    # as "Ambulancebeschikking" and "verbindingsofficieren" stay whole); a hyphenated word
    # (a rule id such as geen-recent-resultaat) breaks at its hyphens
    words = [
        min(max((len(w) for text in column for w in re.split(r"[\s-]+", text)), default=1), 22)
        for column in columns
    ]
    texts = [
        max(min(max(map(len, column)), 40), word)
        for column, word in zip(columns, words, strict=True)
    ]
    floors = _capped([Inches(letter * word + 0.2) for word in words], width)
    spare = max(width - sum(floors), 0)
    extra = [text - word for text, word in zip(texts, words, strict=True)]
    shares = [
        int(floor + spare * e / (sum(extra) or 1)) for floor, e in zip(floors, extra, strict=True)
    ]
    table.autofit = False
    grid = table._tbl.tblGrid.gridCol_lst  # LibreOffice reads the grid, Word the cells
    for column, grid_column, share in zip(table.columns, grid, shares, strict=True):
        grid_column.w = share
        for cell in column.cells:
            cell.width = share


def _capped(floors: list[int], width: int) -> list[int]:
    """``floors`` within ``width``: where the longest words do not all fit, the widest
    columns give way first (their longest words break), the narrow ones keep theirs."""
    if sum(floors) <= width:
        return floors
    ordered = sorted(floors)
    for n, floor in enumerate(ordered):
        cap = (width - sum(ordered[:n])) / (len(ordered) - n)
        if floor > cap:
            return [min(f, int(cap)) for f in floors]
    return floors


def _repeat_header(table: Any) -> None:
    """The header row repeats at the top of every page a long table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
