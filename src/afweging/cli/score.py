"""``score``: a new initiative, asked in the terminal or given by ``--set``, and where it
lands in the portfolio."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from afweging.cli.funnel import command
from afweging.cli.options import (
    AsOfOpt,
    CriteriaOpt,
    LangOpt,
    ScoreFormat,
    complete_criteria,
    language,
    option_date,
)
from afweging.cli.terminal import read_answer, say, show, stdin_is_terminal
from afweging.errors import InputError, UsageError

if TYPE_CHECKING:
    from afweging.i18n import Language
    from afweging.models import Loaded


class ItemKindOpt(enum.StrEnum):
    """Kinds of item ``score`` can add."""

    initiative = "initiative"
    working_group = "working-group"
    project = "project"


@command
def score(
    portfolio: Annotated[
        Path | None,
        typer.Argument(
            help="The portfolio to place the new item in (optional).", show_default=False
        ),
    ] = None,
    criteria: CriteriaOpt = None,
    item_id: Annotated[
        str | None, typer.Option("--id", help="Id of the new item.", show_default=False)
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Name of the new item.", show_default=False)
    ] = None,
    kind: Annotated[
        ItemKindOpt | None,
        typer.Option("--kind", help="Kind (default: initiative).", show_default=False),
    ] = None,
    cluster: Annotated[
        str | None, typer.Option("--cluster", help="Cluster.", show_default=False)
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="A score: CRITERION=VALUE, or CRITERION.ASSESSOR=VALUE per assessor; repeatable.",
            show_default=False,
            autocompletion=complete_criteria,
        ),
    ] = None,
    assessor: Annotated[
        list[str] | None,
        typer.Option(
            "--assessor",
            help="Ask this assessor's score (repeatable; default: the portfolio's assessors).",
            show_default=False,
        ),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Append the new item to the portfolio file.")
    ] = False,
    output: ScoreFormat = "table",
    top: Annotated[
        int, typer.Option("--top", min=1, help="Report who drops out of the top K.")
    ] = 5,
    lang: LangOpt = None,
    as_of: AsOfOpt = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask the questions (default: when stdin is a terminal).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score a new initiative (asking in the terminal or from --set) and show where it lands."""
    from afweging.analysis.pipeline import place
    from afweging.analysis.scoring import missing_options, new_item, parse_sets
    from afweging.cli.interactive import ask_item, ask_scores

    if save and portfolio is None:
        raise UsageError("--save needs a portfolio to add the item to")
    when = option_date(as_of)
    loaded = _loaded(portfolio, criteria, tuple(assessor or ()), when)
    framework = loaded.framework
    lang_out = language(lang, framework.language)
    assessors = list(assessor or loaded.portfolio.assessors)
    fields = {
        key: value
        for key, value in (
            ("id", item_id),
            ("name", name),
            ("kind", kind.value if kind else None),
            ("cluster", cluster),
        )
        if value is not None
    }
    taken = {i.id.casefold() for i in loaded.portfolio.items}
    if "id" in fields and fields["id"].casefold() in taken:
        raise InputError.single(
            f"--id {fields['id']}",
            f"'{fields['id']}' is already in the portfolio",
            "choose another id",
        )
    scores = parse_sets(sets or [], framework, assessors)
    rationale: dict[str, str] = {}
    if interactive if interactive is not None else stdin_is_terminal():
        used = sorted({i.cluster for i in loaded.portfolio.items if i.cluster})
        declared = list(framework.clusters) or None
        fields = ask_item(
            read_answer,
            say,
            lang_out,
            known=fields,
            taken=taken,
            clusters=used or list(framework.clusters),
            allowed_clusters=declared,
        )
        answers = ask_scores(
            read_answer, say, framework, lang_out, assessors=assessors, given=scores
        )
        scores, rationale = answers.scores, answers.rationale
        say("")
    else:
        missing = missing_options(fields, scores, framework, assessors)
        if missing:
            raise InputError.single(
                "score",
                f"missing: {', '.join(missing)}",
                "give them with --id, --name and --set CRITERION=VALUE (per assessor:"
                " --set CRITERION.ASSESSOR=VALUE), or answer the questions in a terminal",
            )
    raw, item = new_item(fields, scores, rationale)
    placement = place(loaded, item, top, when)
    with_portfolio = portfolio is not None
    if output == "json":
        from afweging.render.data import score_document
        from afweging.render.json import to_json

        sys.stdout.write(
            to_json(score_document(placement, lang_out, with_portfolio=with_portfolio))
        )
    else:
        from afweging.render.text import score_view

        show(score_view(placement, lang_out, with_portfolio=with_portfolio))
    if save and portfolio is not None:
        _save_item(portfolio, raw, lang_out)


def _loaded(
    portfolio: Path | None, criteria: str | None, assessors: tuple[str, ...], when: object
) -> Loaded:
    """The portfolio to place the item in; without one, an empty portfolio of the framework."""
    from afweging.sources.loading import load_framework, load_portfolio

    if portfolio is not None:
        return load_portfolio(portfolio, criteria)
    import datetime as dt

    from afweging.models import Loaded, Portfolio

    framework, source = load_framework(criteria or "benelux")
    empty = Portfolio.model_construct(
        version=1,
        framework=framework.id,
        title="—",
        as_of=when if isinstance(when, dt.date) else dt.date.today(),
        assessors=assessors,
        items=(),
    )
    return Loaded(empty, framework, "", source)


def _save_item(path: Path, raw: dict[str, object], lang: Language) -> None:
    """Append the item to the portfolio file, atomically, after validating the result."""
    from afweging.i18n import text
    from afweging.sources.editing import append_item, update_file
    from afweging.sources.files import is_csv
    from afweging.sources.loading import load_portfolio_bytes

    if is_csv(path):
        raise InputError.single(
            str(path), "--save appends to a YAML portfolio, not to a CSV file",
            "add the item as a row of the CSV file instead",
        )  # fmt: skip

    def append(original: bytes) -> bytes:
        updated = append_item(original, str(path), raw)
        saved = load_portfolio_bytes(updated, path)
        if saved.portfolio.items[-1].id != raw["id"]:  # pragma: no cover - a bug in append_item
            raise RuntimeError("the appended item is not the last item of the saved file")
        return updated

    update_file(path, append)
    say(text("saved", lang, path=path, id=raw["id"], name=raw["name"]))
