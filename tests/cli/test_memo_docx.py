"""``memo -o FILE.docx``: a Word memo with the Markdown memo's headings, tables and charts."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from afweging.render.docx import unescape
from tests.helpers import EXAMPLE, Run

FIXED = {"SOURCE_DATE_EPOCH": "1764374400"}
ARGS = ("--samples", "500", "--seed", "7")


@pytest.fixture(scope="module")
def word_memo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example's memo written once as Word and once as Markdown (same seed and date)."""
    from tests.helpers import invoke

    word_folder, markdown_folder = (tmp_path_factory.mktemp(n) for n in ("word", "markdown"))
    word = invoke("memo", EXAMPLE, "-o", word_folder / "memo.docx", *ARGS, env=FIXED)
    assert word.exit_code == 0, word.stderr
    markdown = invoke("memo", EXAMPLE, "-o", markdown_folder / "memo.md", *ARGS, env=FIXED)
    assert markdown.exit_code == 0, markdown.stderr
    return word_folder / "memo.docx", (markdown_folder / "memo.md").read_text(encoding="utf-8")


def test_the_word_memo_has_the_memo_s_headings_in_order(word_memo: tuple[Path, str]) -> None:
    """Every heading of the Markdown memo is a Word heading, in the same order."""
    path, markdown = word_memo
    document = docx.Document(str(path))
    expected = [unescape(m[1]) for m in re.finditer(r"^#+ (.*)$", markdown, re.MULTILINE)]
    found = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert found == expected
    assert len(found) > 5


def test_the_word_memo_has_the_ranking_table_and_three_charts(
    word_memo: tuple[Path, str],
) -> None:
    """The ranking table lists every item; the charts (three or more) are embedded, not
    beside it."""
    path, markdown = word_memo
    document = docx.Document(str(path))
    import yaml

    names = {item["name"] for item in yaml.safe_load(EXAMPLE.read_text("utf-8"))["items"]}
    ranking = next(t for t in document.tables if t.rows[0].cells[1].text in ("Naam", "Name"))
    assert {row.cells[1].text for row in ranking.rows[1:]} == names
    charts = re.findall(r"^!\[", markdown, re.MULTILINE)
    assert len(document.inline_shapes) == len(charts) >= 3
    assert [p.name for p in path.parent.iterdir()] == ["memo.docx"]  # no charts folder
    text = "\n".join(p.text for p in document.paragraphs)
    assert "SHA-256" in text


def test_any_other_suffix_is_a_usage_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    """-o with a suffix other than .md or .docx exits 2 naming the two, and writes nothing."""
    run = cli("memo", EXAMPLE, "-o", tmp_path / "memo.pdf", *ARGS)
    assert run.exit_code == 2
    assert "FILE.md (Markdown) or FILE.docx (Word)" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_word_memo_needs_force(cli: Callable[..., Run], tmp_path: Path) -> None:
    """An existing .docx is kept unless --force, as for the Markdown memo."""
    target = tmp_path / "memo.docx"
    target.write_bytes(b"old")
    run = cli("memo", EXAMPLE, "-o", target, *ARGS)
    assert run.exit_code == 1
    assert "the file exists; nothing was written — use --force to replace it" in run.stderr
    assert target.read_bytes() == b"old"
    forced = cli("memo", EXAMPLE, "-o", target, "--force", "--no-charts", *ARGS)
    assert forced.exit_code == 0, forced.stderr
    assert docx.Document(str(target)).paragraphs


def test_a_reference_document_gives_the_house_style(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """--reference-doc: the memo takes the house style's heading style; only with .docx."""
    from docx.shared import Pt

    house = docx.Document()
    house.styles["Heading 1"].font.size = Pt(29)
    house.add_paragraph("Huisstijl")
    house.save(str(tmp_path / "huisstijl.docx"))
    run = cli("memo", EXAMPLE, "-o", tmp_path / "memo.docx", "--no-charts",
              "--reference-doc", tmp_path / "huisstijl.docx", *ARGS)  # fmt: skip
    assert run.exit_code == 0, run.stderr
    document = docx.Document(str(tmp_path / "memo.docx"))
    assert document.styles["Heading 1"].font.size == Pt(29)
    assert "Huisstijl" not in [p.text for p in document.paragraphs]
    markdown = cli("memo", EXAMPLE, "-o", tmp_path / "memo.md",
                   "--reference-doc", tmp_path / "huisstijl.docx", *ARGS)  # fmt: skip
    assert markdown.exit_code == 2
    (tmp_path / "not.docx").write_text("plain text", encoding="utf-8")
    bad = cli("memo", EXAMPLE, "-o", tmp_path / "other.docx",
              "--reference-doc", tmp_path / "not.docx", *ARGS)  # fmt: skip
    assert bad.exit_code == 1
    assert "not.docx: this is not a Word document (.docx)" in bad.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_converts_the_word_memo_to_pdf(
    word_memo: tuple[Path, str], tmp_path: Path
) -> None:
    """LibreOffice converts the Word memo to PDF without error."""
    path, _ = word_memo
    soffice = shutil.which("soffice") or "soffice"
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "memo.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
