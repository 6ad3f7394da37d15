"""``diff``: what changed between two versions of a portfolio."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.options import AllowMissingOpt, DiffFormat, LangOpt, analyse_file, language
from afweging.cli.terminal import show


@command
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier portfolio file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later portfolio file.", show_default=False)],
    output: DiffFormat = "table",
    lang: LangOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Compare two versions of a portfolio: items added, removed and changed, rank moves,
    flags and gates, and weight changes."""
    from afweging.analysis.diff import compare

    before = analyse_file(old, None, allow_missing)
    after = analyse_file(new, None, allow_missing)
    lang_out = language(lang, after.loaded.framework.language)
    result = compare(before, after)
    if output == "json":
        from afweging.render.diff import diff_document
        from afweging.render.json import to_json

        sys.stdout.write(to_json(diff_document(result, lang_out)))
    elif output == "markdown":
        from afweging.render.diff import diff_markdown

        sys.stdout.write(diff_markdown(result, lang_out))
    else:
        from afweging.render.diff import diff_view

        show(diff_view(result, lang_out))
