"""``decide``: one decision — a verdict for every item, a package that fits, and what it
would take to change each verdict."""

from __future__ import annotations

from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.groups import Inputs, Limits, Output, Without, grouped
from afweging.cli.options import DecisionFormat
from afweging.cli.terminal import with_progress_bar


@command
@grouped
def decide(
    *,
    inputs: Annotated[Inputs, Without("allow_missing")],
    limits: Limits,
    unanimous: Annotated[
        bool,
        typer.Option(
            "--unanimous", help="The best package no assessor values below the status quo."
        ),
    ] = False,
    output: Output[DecisionFormat],
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="Weight samples for the stability.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 20121101,
) -> None:
    """Decide: a verdict for every item, a package within budget and staff, and what it
    would take to change each verdict."""
    from afweging.analysis.decision import decide as make_decision

    analysis, lang_out = inputs.analysed(output.lang)
    decision = with_progress_bar(
        "decide",
        lambda progress: make_decision(
            analysis, **limits.keywords(), unanimous=unanimous, samples=samples, seed=seed,
            progress=progress,
        ),
    )  # fmt: skip
    output.emit(decision, "decision", lang_out)
