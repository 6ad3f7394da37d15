"""``robustness``: how robust the ranking is to the weights and to the method."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.options import (
    AllowMissingOpt,
    CriteriaOpt,
    LangOpt,
    PortfolioArg,
    RobustnessFormat,
    WideOpt,
    analysed,
)
from afweging.cli.terminal import emit, with_progress_bar


class WeightsSampling(enum.StrEnum):
    """How ``robustness`` samples weight vectors."""

    around = "around"
    uniform = "uniform"


@command
def robustness(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", min=100, max=10_000_000, help="Weight samples.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed (printed).")] = 20121101,
    weights: Annotated[
        WeightsSampling,
        typer.Option(
            "--weights",
            help="around: near the framework's weights; uniform: any weights at all.",
        ),
    ] = WeightsSampling.around,
    top: Annotated[int, typer.Option("--top", min=1, help="The top k to test.")] = 5,
    output: RobustnessFormat = "table",
    lang: LangOpt = None,
    wide: WideOpt = False,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """How robust is the ranking to the weights and to the method?"""
    from afweging.analysis.pipeline import robustness as run_robustness

    analysis, lang_out = analysed(portfolio, criteria, lang, allow_missing)
    report = with_progress_bar(
        "robustness",
        lambda progress: run_robustness(
            analysis, samples=samples, seed=seed, weights=weights.value, top=top,
            progress=progress,
        ),
    )  # fmt: skip
    emit(report, "robustness", output, lang_out, wide=wide)
