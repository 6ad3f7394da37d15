"""``sheets`` and ``merge``: a scoring workbook per assessor, and the workbooks merged back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.options import CriteriaOpt, ForceOpt, LangOpt, PortfolioArg, language, option
from afweging.cli.terminal import say, show
from afweging.errors import InputError, Problem, UsageError


@command
def sheets(
    portfolio: PortfolioArg,
    out: Annotated[
        Path,
        option("-o", "--output", help="The folder to write the workbooks in."),
    ],
    assessor: Annotated[
        list[str] | None,
        option("--assessor", help="Only this assessor's workbook (repeatable)."),
    ] = None,
    item: Annotated[
        list[str] | None,
        option("--item", help="Only this item (repeatable)."),
    ] = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
    criteria: CriteriaOpt = None,
) -> None:
    """Write a scoring workbook (.xlsx) per assessor, to fill in and merge back."""
    from afweging.models import did_you_mean
    from afweging.sources.editing import write_new_files
    from afweging.sources.loading import load_portfolio
    from afweging.sources.workbook import unlistable_symbols, write_workbook

    loaded = load_portfolio(portfolio, criteria, allow_missing=True)
    listed = list(loaded.portfolio.assessors)
    if not listed:
        raise InputError.single(str(portfolio), "the portfolio lists no assessors",
                                "add e.g. 'assessors: [NL, BE, LU]'")  # fmt: skip
    for name in assessor or ():
        if name not in listed:
            raise UsageError(f"--assessor {name}: not an assessor of the portfolio — "
                             + did_you_mean(name, listed))  # fmt: skip
    ids = [i.id for i in loaded.portfolio.items]
    for wanted in item or ():
        if wanted not in ids:
            raise UsageError(f"--item {wanted}: no such item — {did_you_mean(wanted, ids)}")
    unlistable = unlistable_symbols(loaded.framework)
    if unlistable:
        raise InputError.single(loaded.framework_source,
                                f"a dropdown cannot offer {', '.join(unlistable)}",
                                "use level symbols without commas")  # fmt: skip
    items = [i for i in loaded.portfolio.items if not item or i.id in item]
    lang_out = language(lang, loaded.framework.language)
    chosen = [a for a in listed if not assessor or a in assessor]
    files = [
        (
            out / f"{portfolio.stem}.{name}.xlsx",
            write_workbook(
                loaded.portfolio, loaded.framework, name, items, lang_out, portfolio.name
            ),
            force,
        )
        for name in chosen
    ]
    write_new_files(files)
    from afweging.i18n import text

    say(text("sheets_written", lang_out, count=len(files), folder=out,
             files=", ".join(path.name for path, _, _ in files)))  # fmt: skip


@command
def merge(
    portfolio: PortfolioArg,
    workbooks: Annotated[
        list[Path], typer.Argument(help="The returned workbooks (.xlsx).", show_default=False)
    ],
    write: Annotated[
        bool, typer.Option("--write", help="Update the portfolio in place (comments kept).")
    ] = False,
    out: Annotated[
        Path | None,
        option("-o", "--output", help="Write the merged portfolio to this new file."),
    ] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Merge returned scoring workbooks: what changes, where assessors differ; --write saves."""
    from afweging.cli.options import refuse_existing
    from afweging.i18n import text
    from afweging.render.merge import merge_view
    from afweging.sources.files import read_input, source_of
    from afweging.sources.loading import load_portfolio, load_portfolio_bytes
    from afweging.sources.merging import assessor_problems, merge_scores, plan_merge
    from afweging.sources.workbook_reader import Workbook, read_workbook

    if write and out is not None:
        raise UsageError("--write and -o: choose one (update the portfolio, or write a new file)")
    if (write or out is not None) and source_of(portfolio) != "yaml":
        raise UsageError(f"{portfolio}: merge writes YAML portfolios; this one is read as"
                         f" {source_of(portfolio)}")  # fmt: skip
    refuse_existing(out, force)
    loaded = load_portfolio(portfolio, allow_missing=True)
    problems: list[Problem] = []
    books: list[Workbook] = []
    for path in workbooks:
        raw = read_input(path, str(path), "an .xlsx workbook", 64 * 1024 * 1024).data
        book, found = read_workbook(raw, str(path), loaded.portfolio, loaded.framework)
        problems += found
        if book is not None:
            books.append(book)
    problems += assessor_problems(books)
    if problems:
        raise InputError(problems)
    plan = plan_merge(loaded.portfolio, loaded.framework, books)
    lang_out = language(lang, loaded.framework.language)
    show(merge_view(plan, loaded.portfolio.title, lang_out), lang_out)

    def merged(original: bytes) -> bytes:
        """The portfolio with the workbooks merged in, planned again from these bytes (the
        file may have changed since it was read) and validated before it is written."""
        current = load_portfolio_bytes(original, portfolio)
        new = merge_scores(original, str(portfolio),
                           plan_merge(current.portfolio, current.framework, books))  # fmt: skip
        load_portfolio_bytes(new, portfolio)
        return new

    if write:
        from afweging.sources.editing import update_file

        if plan.scores or plan.rationales:
            update_file(portfolio, merged)
        say(text("merge_written", lang_out, path=portfolio))
    elif out is not None:
        from afweging.sources.editing import write_new_file

        original = read_input(portfolio, str(portfolio)).data
        write_new_file(out, merged(original), force=force)
        say(text("merge_written", lang_out, path=out))
    else:
        say(text("merge_not_written", lang_out))
