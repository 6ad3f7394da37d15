"""The priority memo: golden files, valid Markdown, escaped user text, the same numbers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.helpers import EXAMPLE, ROOT, Run

GOLDEN = ROOT / "tests" / "corpus" / "golden"
FIXED = {"SOURCE_DATE_EPOCH": "1764374400"}  # 2025-11-29: the date in the golden files
ARGS = ("--samples", "2000", "--seed", "7")


def _memo(cli: Callable[..., Run], *args: str | Path) -> str:
    run = cli("memo", *args, env=FIXED)
    assert run.exit_code == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_memo_matches_the_golden_file(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The example's memo, with a fixed seed and date, is exactly the golden file."""
    monkeypatch.chdir(ROOT)
    memo = _memo(cli, "examples/benelux.yaml", "--lang", lang, *ARGS)
    golden = GOLDEN / f"memo.{lang}.md"
    assert memo == golden.read_text(encoding="utf-8")


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table of a Markdown text as rows of cell texts, parsed by markdown-it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


def test_memo_parses_and_every_table_row_has_the_header_s_cells(cli: Callable[..., Run]) -> None:
    """The memo parses as CommonMark with tables, and no table row has a cell too many or few."""
    tables = _tables(_memo(cli, EXAMPLE, *ARGS))
    assert len(tables) >= 6
    for table in tables:
        assert len({len(row) for row in table}) == 1, table[0]


HOSTILE = "Pipe | en <script>alert(1)</script> *vet* [link](x)"


def test_hostile_names_cannot_break_a_table_or_inject_html(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Names with |, markup and <script> stay inside their cell, as text (a name cannot
    hold a line break: the loader refuses it)."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "name: Ambulancebeschikking", "name: " + json.dumps(HOSTILE)
    )
    portfolio = tmp_path / "vijandig.yaml"
    portfolio.write_text(text, encoding="utf-8")
    memo = _memo(cli, portfolio, *ARGS)
    assert "<script>" not in memo
    for table in _tables(memo):
        assert len({len(row) for row in table}) == 1
    html = MarkdownIt("commonmark").enable("table").render(memo)
    assert "<script>" not in html
    assert "Pipe | en &lt;script&gt;alert(1)&lt;/script&gt; *vet* [link](x)" in html


def _row(memo: str, name: str) -> list[str]:
    ranking = next(t for t in _tables(memo) if t[0][0] in ("Rank", "Rang"))
    return next(r for r in ranking if r[1] == name)


def test_every_number_equals_the_json_of_its_command(cli: Callable[..., Run]) -> None:
    """Totals, top-k chances, the package and the review count in the memo are the JSON's."""
    memo = _memo(cli, EXAMPLE, "--lang", "en", *ARGS)
    ranked = json.loads(cli("rank", EXAMPLE, "--format", "json").stdout)
    robust = json.loads(cli("robustness", EXAMPLE, "--format", "json", *ARGS).stdout)
    decided = json.loads(cli("decide", EXAMPLE, "--format", "json", *ARGS).stdout)
    review = json.loads(cli("review", EXAMPLE, "--format", "json").stdout)
    chances = {i["id"]: i["top_share"] for i in robust["items"]}
    for item in ranked["items"]:
        row = _row(memo, item["name"])
        assert row[3] == f"{item['total']:.1f}"
        assert row[0] == (str(item["rank"]) if item["rank"] else "–")
        if item["id"] in chances:
            assert row[4] == f"{chances[item['id']] * 100:.0f}%"
    package = decided["package"]
    assert f"Package: {len(package['items'])} items worth {package['value']:.1f} points" in memo
    counts = review["counts"]
    assert (
        f"{counts['reviewed']} working groups reviewed; the verdict on each item is in the"
        " decision above."
    ) in memo


def test_output_file_charts_and_no_overwrite(cli: Callable[..., Run], tmp_path: Path) -> None:
    """-o writes the memo and its charts in a folder named after it; it keeps an existing
    memo unless --force."""
    target = tmp_path / "notitie.md"
    run = cli("memo", EXAMPLE, "-o", target, *ARGS, env=FIXED)
    assert run.exit_code == 0, run.stderr
    charts = sorted(p.name for p in (tmp_path / "notitie_files").iterdir())
    assert charts == [
        "acceptability.png", "contributions.png", "frontier.png", "value-for-money.png"
    ]  # fmt: skip
    memo = target.read_text(encoding="utf-8")
    for chart in charts:
        assert re.search(rf"!\[[^\]]+\]\(notitie_files/{chart}\)", memo)
    before = target.read_bytes()
    again = cli("memo", EXAMPLE, "-o", target, *ARGS)
    assert again.exit_code == 1
    assert "use --force to replace it" in again.stderr
    assert target.read_bytes() == before
    assert cli("memo", EXAMPLE, "-o", target, "--force", "--no-charts", *ARGS).exit_code == 0


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_converts_the_memo_to_docx_with_its_images(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """pandoc turns the memo into a .docx that holds its four charts."""
    target = tmp_path / "notitie.md"
    assert cli("memo", EXAMPLE, "-o", target, *ARGS).exit_code == 0
    pandoc = shutil.which("pandoc")
    assert pandoc is not None
    subprocess.run(
        [pandoc, target.name, "-o", "notitie.docx"], cwd=tmp_path, check=True, timeout=120
    )
    with zipfile.ZipFile(tmp_path / "notitie.docx") as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
    assert len(media) == 4


def test_user_template_is_sandboxed(cli: Callable[..., Run], tmp_path: Path) -> None:
    """--template renders a user's template with the documented context, in a sandbox."""
    template = tmp_path / "kort.md.j2"
    template.write_text(
        "{{ title }}: {% for row in ranking %}{{ row.rank }}={{ row.id }} {% endfor %}\n",
        encoding="utf-8",
    )
    memo = _memo(cli, EXAMPLE, "--template", template, *ARGS)
    assert memo.startswith(
        "Benelux-samenwerking: werkgroepen en voorstellen 2013: 1=waterstofcorridor"
    )
    evil = tmp_path / "kwaad.md.j2"
    evil.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    run = cli("memo", EXAMPLE, "--template", evil, *ARGS)
    assert run.exit_code == 1
    assert run.stderr.startswith(f"{evil}:1:1: the template failed: access to attribute")


def context_keys() -> set[str]:
    """The top-level keys of the memo context (documented in the README)."""
    from afweging.analysis.pipeline import analyse
    from afweging.render.memo import memo_context
    from afweging.sources.loading import load_portfolio

    context: dict[str, Any] = memo_context(analyse(load_portfolio(EXAMPLE)), "en")
    return set(context)


def test_the_readme_documents_the_template_context() -> None:
    """Every top-level key of the template context is named in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in context_keys():
        assert f"`{key}`" in readme, key
