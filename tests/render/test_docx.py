"""The Word memo: the memo's Markdown set in Word, headings, tables, images and styles kept."""

from __future__ import annotations

import io
import re
import struct
import zlib

import docx
import pytest

from afweging.render.docx import blocks, render_docx, spans, split_row, unescape
from tests.helpers import ROOT

GOLDEN = ROOT / "tests" / "corpus" / "golden"


def _png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_headings_follow_the_memo_in_order(lang: str) -> None:
    """Every Markdown heading of the memo is a Word heading of the same level, in order."""
    markdown = (GOLDEN / f"memo.{lang}.md").read_text(encoding="utf-8")
    expected = [
        (len(m[1]), unescape(m[2])) for m in re.finditer(r"^(#+) (.*)$", markdown, re.MULTILINE)
    ]
    document = _open(render_docx(markdown))
    found = [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert found == expected


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_pipe_table_becomes_a_word_table_with_its_cells(lang: str) -> None:
    """Each pipe table of the memo is a Word table with the same rows and unescaped cells."""
    markdown = (GOLDEN / f"memo.{lang}.md").read_text(encoding="utf-8")
    tables = [b for b in blocks(markdown) if b.kind == "table"]
    document = _open(render_docx(markdown))
    assert len(document.tables) == len(tables) > 0
    for word, block in zip(document.tables, tables, strict=True):
        cells = [[cell.text for cell in row.cells] for row in word.rows]
        assert cells == [[unescape(c) for c in row] for row in block.rows]


def test_the_ranking_table_holds_every_item() -> None:
    """The ranking table of the nl memo has a row for each of the example's 13 items."""
    markdown = (GOLDEN / "memo.nl.md").read_text(encoding="utf-8")
    tables = _open(render_docx(markdown)).tables  # the memo opens with the decision's table
    ranking = next(t for t in tables if t.rows[0].cells[0].text == "Rang")
    assert [c.text for c in ranking.rows[0].cells][:2] == ["Rang", "Naam"]
    assert len(ranking.rows) == 14


def test_images_are_embedded_with_their_caption() -> None:
    """An image line becomes an inline picture from the bytes given, its alt text a caption."""
    markdown = "# T\n\n![A chart](memo_files/a.png)\n\n![Missing](memo_files/b.png)\n"
    document = _open(render_docx(markdown, {"memo_files/a.png": _png()}))
    assert len(document.inline_shapes) == 1
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"] == ["A chart"]


def test_inline_marks_escapes_and_entities() -> None:
    """Bold, italic and code are set as such; escapes and entities read as their characters."""
    assert spans(r"**a\_b** and *c* `d` x &lt;y&gt; \| z") == [
        ("a_b", True, False, False),
        (" and ", False, False, False),
        ("c", False, True, False),
        (" ", False, False, False),
        ("d", False, False, True),
        (" x <y> | z", False, False, False),
    ]


def test_an_escaped_pipe_stays_inside_its_cell() -> None:
    """A ``\\|`` in a user's name does not split the table cell."""
    assert split_row(r"| 1 | a \| b | 2 |") == ("1", r"a \| b", "2")


def test_nested_bullets_take_the_second_list_style() -> None:
    """A bullet indented under another takes List Bullet 2."""
    document = _open(render_docx("- top\n  - under\n"))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("List Bullet", "top"),
        ("List Bullet 2", "under"),
    ]


def test_a_reference_document_gives_its_styles_and_loses_its_body() -> None:
    """With a house-style document the memo takes its styles and page size, not its text."""
    from docx.shared import Pt, Twips

    house = docx.Document()
    house.styles["Heading 1"].font.size = Pt(31)
    house.sections[0].page_width = Twips(11340)
    house.add_paragraph("Template text that must go")
    buffer = io.BytesIO()
    house.save(buffer)
    document = _open(render_docx("# Title\n\nBody.\n", reference=buffer.getvalue(), title="T"))
    assert [p.text for p in document.paragraphs] == ["Title", "Body."]
    assert document.styles["Heading 1"].font.size == Pt(31)
    assert document.sections[0].page_width == Twips(11340)
    assert document.core_properties.title == "T"
