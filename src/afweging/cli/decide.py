"""``decide``: one decision — a verdict for every item, a package that fits, and what it
would take to change each verdict."""

from __future__ import annotations

from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.options import (
    AsOfOpt,
    BudgetOpt,
    CriteriaOpt,
    DecisionFormat,
    DialectOpt,
    ExcludeOpt,
    FteOpt,
    LangOpt,
    MustOpt,
    PortfolioArg,
    WideOpt,
    analysed,
)
from afweging.cli.terminal import emit


@command
def decide(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    budget: BudgetOpt = None,
    fte: FteOpt = None,
    as_of: AsOfOpt = None,
    must: MustOpt = None,
    exclude: ExcludeOpt = None,
    unanimous: Annotated[
        bool,
        typer.Option(
            "--unanimous", help="The best package no assessor values below the status quo."
        ),
    ] = False,
    output: DecisionFormat = "table",
    dialect: DialectOpt = "standard",
    lang: LangOpt = None,
    wide: WideOpt = False,
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="Weight samples for the stability.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 20121101,
) -> None:
    """Decide: a verdict for every item, a package within budget and staff, and what it
    would take to change each verdict."""
    from afweging.analysis.decision import decide as make_decision

    analysis, lang_out = analysed(portfolio, criteria, lang, False, as_of)
    decision = make_decision(
        analysis, budget=budget, fte=fte, must=tuple(must or ()),
        exclude=tuple(exclude or ()), unanimous=unanimous, samples=samples, seed=seed,
    )  # fmt: skip
    emit(decision, "decision", output, lang_out, dialect=dialect, wide=wide)
