"""``weights rank|swing|ahp``: weights from a weighing session, optionally written into a
framework file."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from afweging.cli.funnel import command
from afweging.cli.options import Lang, WeightsFormat, lang_option, language, option
from afweging.cli.terminal import say

app = typer.Typer(
    name="weights",
    help="Turn a weighing session (a ranking, swing points or pairwise comparisons) into"
    " weights, and optionally write them into a framework file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class RankMethodOpt(enum.StrEnum):
    """Rank-order weighting methods."""

    roc = "roc"
    rs = "rs"
    rr = "rr"


WriteOpt = Annotated[
    Path | None,
    option(
        "--write",
        help="Write the weights into this framework file (only the weight values change).",
    ),
]
WeightsLangOpt = Annotated[Lang | None, lang_option("nl")]
PortfolioOpt = Annotated[
    Path | None,
    option("--portfolio", help="With --write: show how the ranking of this portfolio changes."),
]


def _known_criteria(write: Path | None) -> list[str] | None:
    """The criteria of the framework to be written, so unknown ids are caught early."""
    if write is None:
        return None
    from afweging.sources.loading import load_framework_document, read_document

    return [c.id for c in load_framework_document(read_document(write)).criteria]


def _report(
    method: str,
    shares: dict[str, float],
    output: str,
    extra: dict[str, Any],
    lines: list[str],
    write: Path | None,
    portfolio: Path | None,
    lang: Lang | None = None,
) -> None:
    """Print the weights (and the method's figures), then write them if asked."""
    from afweging.render.weights import render_weights

    lang_out = language(lang, "nl")
    sys.stdout.write(render_weights(output, method, shares, extra, lines, lang_out))
    if write is not None:
        _write_weights(write, shares, portfolio)


def _write_weights(path: Path, shares: dict[str, float], portfolio: Path | None) -> None:
    """Write the weights into the framework file atomically, after validating the result."""
    from afweging.render.weights import rank_changes
    from afweging.sources.editing import update_file
    from afweging.sources.files import decode
    from afweging.sources.loading import load_framework_document
    from afweging.sources.yaml import parse
    from afweging.sources.yamledit import set_weights

    before = _ranks(portfolio, path) if portfolio is not None else None

    def reweigh(original: bytes) -> bytes:
        updated = set_weights(original, str(path), shares)
        load_framework_document(parse(decode(updated, str(path)), str(path)))
        return updated

    update_file(path, reweigh)
    say(f"weights written to {path}")
    if portfolio is not None and before is not None:
        sys.stdout.write(rank_changes(str(portfolio), before, _ranks(portfolio, path)))


def _ranks(portfolio: Path, framework: Path) -> dict[str, int | None]:
    from afweging.analysis.pipeline import analyse
    from afweging.sources.loading import load_portfolio

    analysis = analyse(load_portfolio(portfolio, str(framework)))
    return {r.item.id: r.rank for r in analysis.ranking.items}


@app.command("rank")
@command
def weights_rank(
    criteria: Annotated[
        list[str],
        typer.Argument(help="Criteria, most important first; ties as a=b.", show_default=False),
    ],
    method: Annotated[
        RankMethodOpt,
        typer.Option("--method", help="roc: rank-order centroid; rs: rank sum; rr: reciprocal."),
    ] = RankMethodOpt.roc,
    output: WeightsFormat = "table",
    write: WriteOpt = None,
    portfolio: PortfolioOpt = None,
    lang: WeightsLangOpt = None,
) -> None:
    """Weights from the order of importance of the criteria."""
    from afweging.analysis import weights

    groups = weights.parse_rank_args(criteria, _known_criteria(write))
    shares = weights.rank_order(groups, method.value)
    _report(f"rank-{method.value}", shares, output, {"order": groups}, [], write, portfolio, lang)


@app.command("swing")
@command
def weights_swing(
    points: Annotated[
        list[str],
        typer.Argument(
            help="CRITERION=POINTS: the most important swing gets 100.", show_default=False
        ),
    ],
    output: WeightsFormat = "table",
    write: WriteOpt = None,
    portfolio: PortfolioOpt = None,
    lang: WeightsLangOpt = None,
) -> None:
    """Swing weights: points for each criterion's swing from worst to best, normalised."""
    from afweging.analysis import weights
    from afweging.render.weights import swing_lines

    result = weights.swing(weights.parse_swing_args(points, _known_criteria(write)))
    lines = swing_lines(result.zero, language(lang, "nl"))
    _report("swing", result.weights, output, {"zero": list(result.zero)}, lines, write,
            portfolio, lang)  # fmt: skip


@app.command("ahp")
@command
def weights_ahp(
    file: Annotated[Path, typer.Argument(help="The pairwise comparisons (YAML).")],
    output: WeightsFormat = "table",
    write: WriteOpt = None,
    portfolio: PortfolioOpt = None,
    lang: WeightsLangOpt = None,
) -> None:
    """AHP weights from pairwise comparisons on Saaty's 1–9 scale, with the consistency."""
    from afweging.analysis import weights
    from afweging.render.weights import ahp_figures, ahp_lines
    from afweging.sources.ahp import load_ahp
    from afweging.sources.loading import read_document

    doc = read_document(file)
    criteria, judgements = load_ahp(doc)
    known = _known_criteria(write)
    if known is not None:
        from afweging.errors import InputError, did_you_mean

        unknown = [
            doc.problem(("criteria", index), f"unknown criterion '{criterion}' in {write}",
                        did_you_mean(criterion, known))
            for index, criterion in enumerate(criteria)
            if criterion not in known
        ]  # fmt: skip
        if unknown:
            raise InputError(unknown)
    result = weights.ahp(criteria, judgements)
    lines = ahp_lines(result, language(lang, "nl"))
    _report("ahp", result.weights, output, ahp_figures(result), lines, write, portfolio, lang)
