"""``robustness``: how robust the ranking is to the weights and to the method."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.groups import Inputs, Output, Without, grouped
from afweging.cli.options import RobustnessFormat
from afweging.cli.terminal import with_progress_bar


class WeightsSampling(enum.StrEnum):
    """How ``robustness`` samples weight vectors."""

    around = "around"
    uniform = "uniform"


@command
@grouped
def robustness(
    *,
    inputs: Annotated[Inputs, Without("as_of")],
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
    output: Annotated[Output[RobustnessFormat], Without("dialect")],
) -> None:
    """How robust is the ranking to the weights and to the method?"""
    from afweging.analysis.pipeline import robustness as run_robustness

    analysis, lang_out = inputs.analysed(output.lang)
    report = with_progress_bar(
        "robustness",
        lambda progress: run_robustness(
            analysis, samples=samples, seed=seed, weights=weights.value, top=top,
            progress=progress,
        ),
    )  # fmt: skip
    output.emit(report, "robustness", lang_out)
