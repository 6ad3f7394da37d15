"""``select``: the most valuable set of items that fits the budget and the staff."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from afweging.cli.funnel import command
from afweging.cli.groups import Inputs, Limits, Output, Without, grouped
from afweging.cli.options import SelectionFormat
from afweging.cli.terminal import with_progress_bar


@command
@grouped
def select(
    *,
    inputs: Annotated[Inputs, Without("as_of")],
    limits: Limits,
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
    output: Output[SelectionFormat],
) -> None:
    """Select the most valuable set of items that fits the budget and the staff."""
    from afweging.analysis.pipeline import selection

    analysis, lang_out = inputs.analysed(output.lang)
    report = with_progress_bar(
        "select",
        lambda progress: selection(
            analysis, **limits.keywords(), frontier_steps=steps if frontier else None,
            explain_all=explain == "all", progress=progress,
        ),
    )  # fmt: skip
    output.emit(report, "selection", lang_out)
