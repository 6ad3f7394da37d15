"""``select``: the most valuable set of items that fits the budget and the staff."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from afweging.cli.funnel import command
from afweging.cli.groups import Inputs, Limits, Output, Without, grouped
from afweging.cli.options import SelectionFormat
from afweging.cli.terminal import with_progress_bar


def _explain_option(value: str) -> str:
    """``--explain``: default, all, or a whole number (usage error otherwise)."""
    word = value.strip().casefold()
    if word in ("default", "all") or word.isdigit():
        return word
    raise typer.BadParameter(f"'{value}' is not default, all or a whole number (e.g. 20)")


def _explain_limit(word: str) -> Literal["default", "all"] | int:
    """The checked ``--explain`` as ``pipeline.selection`` takes it."""
    return int(word) if word.isdigit() else "all" if word == "all" else "default"


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
        str,
        typer.Option(
            "--explain",
            help="Which left-out items to explain: default (all up to 1,000 items, else the "
            "50 nearest the cut), all, or a number N: the N nearest the cut.",
            callback=_explain_option,
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
            explain=_explain_limit(explain), progress=progress,
        ),
    )  # fmt: skip
    output.emit(report, "selection", lang_out)
