"""``review``: the working groups to discontinue or discuss, each with every reason."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.groups import Inputs, Output, grouped
from afweging.cli.options import ReviewFormat, option, write_table
from afweging.cli.terminal import show
from afweging.errors import EXIT_FLAGGED


class FailOn(enum.StrEnum):
    """The flag severity from which ``review`` exits 4."""

    discontinue = "discontinue"
    discuss = "discuss"


@command
@grouped
def review(
    *,
    inputs: Inputs,
    output: Output[ReviewFormat],
    fail_on: Annotated[
        FailOn | None,
        option(
            "--fail-on",
            help="Exit 4 when a reviewed item has a flag of this severity (discuss: or worse).",
        ),
    ] = None,
) -> None:
    """Flag working groups to discontinue or discuss, each with every reason."""
    analysis, lang_out = inputs.analysed(output.lang)
    if output.format == "json":
        from afweging.render.data import review_document
        from afweging.render.json import to_json

        sys.stdout.write(to_json(review_document(analysis, lang_out)))
    elif output.format in ("csv", "xlsx"):
        from afweging.render.data import review_csv

        write_table(review_csv(analysis, lang_out), output.format, output.dialect, "review")
    else:
        from afweging.render.text import review_view

        show(review_view(analysis, lang_out), lang_out, wide=output.wide)
    if fail_on is not None:
        counted = ["discontinue"] + (["discuss"] if fail_on is FailOn.discuss else [])
        if any(analysis.review.count(severity) for severity in counted):  # type: ignore[arg-type]
            raise typer.Exit(EXIT_FLAGGED)
