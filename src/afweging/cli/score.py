"""``score``: a new initiative, asked in the terminal or given by ``--set``, and where it
lands in the portfolio."""

from __future__ import annotations

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
    number_or_reason,
    option,
    option_date,
    parse_eur,
    parse_fte,
)
from afweging.cli.terminal import read_answer, say, show, stdin_is_terminal
from afweging.errors import InputError, UsageError
from afweging.models import ItemKind

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from afweging.analysis.pipeline import Placement
    from afweging.i18n import Language
    from afweging.models import Loaded


@command
def score(
    portfolio: Annotated[
        Path | None,
        typer.Argument(
            help="The portfolio to place the new item in (optional).", show_default=False
        ),
    ] = None,
    criteria: CriteriaOpt = None,
    item_id: Annotated[str | None, option("--id", help="Id of the new item.")] = None,
    name: Annotated[str | None, option("--name", help="Name of the new item.")] = None,
    kind: Annotated[
        ItemKind | None,
        option("--kind", help="Kind (default: initiative)."),
    ] = None,
    cluster: Annotated[str | None, option("--cluster", help="Cluster.")] = None,
    eur: Annotated[
        float | None,
        option("--eur", parser=parse_eur, metavar="EUR", help="Cost a year in euros."),
    ] = None,
    fte: Annotated[
        float | None,
        option("--fte", parser=parse_fte, metavar="FTE", help="Staff in FTE."),
    ] = None,
    sets: Annotated[
        list[str] | None,
        option(
            "--set",
            help="A score: CRITERION=VALUE, or CRITERION.ASSESSOR=VALUE per assessor; repeatable.",
            autocompletion=complete_criteria,
        ),
    ] = None,
    assessor: Annotated[
        list[str] | None,
        option(
            "--assessor",
            help="Ask this assessor's score (repeatable; default: the portfolio's assessors).",
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
        option(
            "--interactive/--no-interactive",
            help="Ask the questions (default: when stdin is a terminal).",
        ),
    ] = None,
) -> None:
    """Score a new initiative (asking in the terminal or from --set) and show where it lands."""
    from afweging.analysis.pipeline import place
    from afweging.analysis.scoring import missing_options, new_item, parse_sets
    from afweging.cli.interactive import ask_cost, ask_item, ask_scores

    if save and portfolio is None:
        raise UsageError("--save needs a portfolio to add the item to")
    when = option_date(as_of)
    asking = interactive if interactive is not None else stdin_is_terminal()
    loaded = _loaded(portfolio, criteria, tuple(assessor or ()), when)
    # Refused before the first question: a portfolio the item cannot be added to.
    savable = portfolio is not None and _savable(portfolio, refuse=save)
    framework = loaded.framework
    lang_out = language(lang, framework.language)
    assessors = list(assessor or loaded.portfolio.assessors)
    fields = {
        key: value
        for key, value in (
            ("id", item_id),
            ("name", name),
            ("kind", kind),
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
    cost = {key: value for key, value in (("eur", eur), ("fte", fte)) if value is not None}
    if asking:
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
        cost = ask_cost(
            read_answer, say, lang_out, known=cost,
            number=lambda answer, in_eur: number_or_reason(answer, eur=in_eur),
        )  # fmt: skip
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
    raw, item = new_item(fields, scores, rationale, cost)
    placement = place(loaded, item, top, when)
    if save and portfolio is not None:
        placement = _save_item(portfolio, raw, loaded, placement, top, when)
    _show_placement(placement, output, lang_out, with_portfolio=portfolio is not None)
    if portfolio is not None and not save and savable and asking and stdin_is_terminal():
        path = portfolio
        save = _offer_to_save(
            path, lang_out, lambda: _save_item(path, raw, loaded, placement, top, when)
        )
    if save and portfolio is not None:
        from afweging.i18n import text

        say(text("saved", lang_out, path=portfolio, id=raw["id"], name=raw["name"]))


def _show_placement(
    placement: Placement, output: str, lang: Language, *, with_portfolio: bool
) -> None:
    """Where the item lands, as a table or as JSON."""
    if output == "json":
        from afweging.render.data import score_document
        from afweging.render.json import to_json

        sys.stdout.write(to_json(score_document(placement, lang, with_portfolio=with_portfolio)))
    else:
        from afweging.render.text import score_view

        show(score_view(placement, lang, with_portfolio=with_portfolio))


def _offer_to_save(path: Path, lang: Language, save: Callable[[], object]) -> bool:
    """After the questions without --save: ask whether to add the item to the portfolio
    (else every answer would be lost) and ``save()`` it on yes; True if it was saved."""
    from afweging.i18n import text

    answer = read_answer(text("ask_save", lang, path=path) + " ").strip().casefold()
    if answer not in ("j", "ja", "y", "yes"):
        return False
    save()
    return True


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


def _savable(path: Path, *, refuse: bool) -> bool:
    """Can a new item be appended to this portfolio file (a YAML file with a block list of
    items, not items_from a CSV file)? With ``refuse``, the reason why not is an error."""
    from afweging.sources.files import is_csv, read_input
    from afweging.sources.yamledit import append_item

    try:
        if is_csv(path):
            raise InputError.single(
                str(path), "--save appends to a YAML portfolio, not to a CSV file",
                "add the item as a row of the CSV file instead",
            )  # fmt: skip
        append_item(read_input(path, str(path)).data, str(path), {"id": "-"})
    except InputError:
        if refuse:
            raise
        return False
    return True


def _save_item(
    path: Path,
    raw: dict[str, object],
    loaded: Loaded,
    placement: Placement,
    top: int,
    when: dt.date | None,
) -> Placement:
    """Append the item to the portfolio file, atomically, after validating the result; the
    placement in the portfolio as saved. When the file changed on disk since it was read
    (another ``score --save``), the item is placed again in the file as it is now, under
    the lock, so the rank shown is the rank the saved file gives."""
    import hashlib

    from afweging.analysis.pipeline import place
    from afweging.sources.editing import update_file
    from afweging.sources.loading import load_portfolio_bytes
    from afweging.sources.yamledit import append_item

    item = placement.entry.item
    read = loaded.inputs[0][1] if loaded.inputs else None
    placed = [placement]

    def append(original: bytes) -> bytes:
        if hashlib.sha256(original).hexdigest() != read:
            placed[0] = place(load_portfolio_bytes(original, path), item, top, when)
        updated = append_item(original, str(path), raw)
        saved = load_portfolio_bytes(updated, path)
        if saved.portfolio.items[-1].id != raw["id"]:  # pragma: no cover - a bug in append_item
            raise RuntimeError("the appended item is not the last item of the saved file")
        return updated

    update_file(path, append)
    return placed[0]
