"""``rank`` and ``explain``: the ranking of a portfolio, and the working of one item's total."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.options import (
    AllowMissingOpt,
    AsOfOpt,
    CriteriaOpt,
    DialectOpt,
    ExplainFormat,
    LangOpt,
    PortfolioArg,
    RankingFormat,
    WideOpt,
    analyse_file,
    complete_items,
    language,
    write_table,
)
from afweging.cli.terminal import show
from afweging.errors import UsageError

if TYPE_CHECKING:
    from afweging.analysis.pipeline import Analysis
    from afweging.i18n import Language


class MethodOpt(enum.StrEnum):
    """Aggregation methods of ``rank --method``."""

    weighted_sum = "weighted-sum"
    weighted_product = "weighted-product"
    topsis = "topsis"
    promethee_ii = "promethee-ii"


@command
def rank(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    output: RankingFormat = "table",
    dialect: DialectOpt = "standard",
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=1,
            help="Show only the items ranked N or better (a tie at the cut stays whole; items"
            " that fail a gate are left out).",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    wide: WideOpt = False,
    as_of: AsOfOpt = None,
    method: Annotated[
        MethodOpt,
        typer.Option(
            "--method",
            help="Rank by this method (the totals shown stay the weighted sum's working).",
        ),
    ] = MethodOpt.weighted_sum,
    allow_missing: AllowMissingOpt = False,
    all_rows: Annotated[
        bool,
        typer.Option("--all", help="Show every item in the table (default: the first 50)."),
    ] = False,
) -> None:
    """Rank a portfolio: total per item with a bar, gates apart, flags named."""
    analysis = analyse_file(portfolio, criteria, allow_missing, as_of, method.value)
    lang_out = language(lang, analysis.loaded.framework.language)
    if output == "json":
        _write_ranking_json(analysis, lang_out, top)
    elif output in ("csv", "xlsx"):
        from afweging.render.data import ranking_csv

        write_table(ranking_csv(analysis, top), output, dialect, "ranking")
    else:
        from afweging.render.text import TABLE_ROWS, rank_view

        rows = None if all_rows or top is not None else TABLE_ROWS
        show(
            rank_view(analysis, lang_out, top, fancy=sys.stdout.isatty(), rows_at_most=rows),
            lang_out,
            wide=wide,
        )


def _write_ranking_json(analysis: Analysis, lang: Language, top: int | None) -> None:
    """The ranking as JSON on stdout. When stdout takes UTF-8 the encoder's bytes go to
    its binary buffer as they are: decoding 40 MB of text (10,000 items) to ``str`` only
    for the stream to encode it back took a tenth of the run. Where the text stream would
    translate line ends (Windows) the text goes through it, as any other output does."""
    import os

    from afweging.render import takes_utf8
    from afweging.render.data import ranking_json_bytes, ranking_json_chunks

    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None or not takes_utf8(sys.stdout) or os.linesep != "\n":
        sys.stdout.writelines(ranking_json_chunks(analysis, lang, top))
        return
    sys.stdout.flush()
    buffer.writelines(ranking_json_bytes(analysis, lang, top))
    buffer.flush()


@command
def explain(
    portfolio: PortfolioArg,
    item: Annotated[
        str,
        typer.Argument(
            help="The id of the item.", show_default=False, autocompletion=complete_items
        ),
    ],
    criteria: CriteriaOpt = None,
    output: ExplainFormat = "table",
    lang: LangOpt = None,
    wide: WideOpt = False,
    as_of: AsOfOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Explain one item's total: score, value, weight and contribution per criterion."""
    analysis = analyse_file(portfolio, criteria, allow_missing, as_of)
    lang_out = language(lang, analysis.loaded.framework.language)
    entry = analysis.ranking.find(item)
    if entry is None:
        from afweging.errors import did_you_mean

        ids = [r.item.id for r in analysis.ranking.items]
        raise UsageError(f"no item '{item}' in {portfolio} — {did_you_mean(item, ids)}")
    if output == "json":
        from afweging.render.data import explain_document
        from afweging.render.json import to_json

        sys.stdout.write(to_json(explain_document(analysis, entry, lang_out)))
    else:
        from afweging.render.text import explain_view

        show(explain_view(analysis, entry, lang_out), lang_out, wide=wide)
