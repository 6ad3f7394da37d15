"""``select``: the most valuable set of items that fits the budget and the staff."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from afweging.cli.funnel import command
from afweging.cli.options import (
    AllowMissingOpt,
    BudgetOpt,
    CriteriaOpt,
    DialectOpt,
    ExcludeOpt,
    FteOpt,
    LangOpt,
    MustOpt,
    PortfolioArg,
    SelectionFormat,
    WideOpt,
    analysed,
)
from afweging.cli.terminal import emit, with_progress_bar


@command
def select(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    budget: BudgetOpt = None,
    fte: FteOpt = None,
    must: MustOpt = None,
    exclude: ExcludeOpt = None,
    frontier: Annotated[
        bool, typer.Option("--frontier", help="Also trace the best value at 0–150 % budget.")
    ] = False,
    steps: Annotated[int, typer.Option("--steps", min=1, max=200, help="Frontier steps.")] = 20,
    explain: Annotated[
        Literal["default", "all"],
        typer.Option(
            "--explain",
            help="Which left-out items to explain: default (all up to 1,000 items, else the "
            "50 nearest the cut) or all.",
        ),
    ] = "default",
    output: SelectionFormat = "table",
    dialect: DialectOpt = "standard",
    lang: LangOpt = None,
    wide: WideOpt = False,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Select the most valuable set of items that fits the budget and the staff."""
    from afweging.analysis.pipeline import selection

    analysis, lang_out = analysed(portfolio, criteria, lang, allow_missing)
    report = with_progress_bar(
        "select",
        lambda progress: selection(
            analysis, budget=budget, fte=fte, must=tuple(must or ()),
            exclude=tuple(exclude or ()), frontier_steps=steps if frontier else None,
            explain_all=explain == "all", progress=progress,
        ),
    )  # fmt: skip
    emit(report, "selection", output, lang_out, dialect=dialect, wide=wide)
