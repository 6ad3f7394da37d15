"""The command-line interface: options, the single error funnel, exit codes.

The only module that prints to the terminal or exits. Heavy modules (pydantic models,
renderers) are imported inside the commands, so ``--help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from afweging import __version__
from afweging.errors import (
    EXIT_FLAGGED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    AfwegingError,
    UsageError,
)

if TYPE_CHECKING:
    from afweging.analysis import Analysis
    from afweging.i18n import Language
    from afweging.render.console import View

app = typer.Typer(
    name="afweging",
    help=(
        "Weigh a portfolio of initiatives and working groups against an explicit"
        " framework (afwegingskader): rank it with the working shown."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

_debug = {"on": False}

F = TypeVar("F", bound=Callable[..., Any])


class TableFormat(enum.StrEnum):
    """Output formats of ``rank``."""

    table = "table"
    json = "json"
    csv = "csv"


class ViewFormat(enum.StrEnum):
    """Output formats of ``explain`` and ``frameworks``."""

    table = "table"
    json = "json"


class FailOn(enum.StrEnum):
    """The flag severity from which ``review`` exits 4."""

    discontinue = "discontinue"
    discuss = "discuss"


class Lang(enum.StrEnum):
    """Languages of the output."""

    nl = "nl"
    en = "en"


def _err(line: str) -> None:
    from afweging.render import single_line

    sys.stderr.write(single_line(line) + "\n")


def command(fn: F) -> F:
    """Run a command inside the error funnel: every failure becomes one line and a code."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AfwegingError as exc:
            for line in exc.lines():
                _err(line if exc.exit_code == 1 else f"afweging: {line}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("afweging: interrupted — no files were changed")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 — the funnel: any other failure is a bug
            if _debug["on"]:
                traceback.print_exc()
            _err(
                f"afweging: internal error: {type(exc).__name__}: {exc} — this is a bug;"
                " run again with --debug for the traceback and report it"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return run  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"afweging {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Weigh a portfolio against an explicit framework (afwegingskader)."""
    _debug["on"] = debug


PortfolioArg = Annotated[
    Path, typer.Argument(help="The portfolio file (YAML).", show_default=False)
]
CriteriaOpt = Annotated[
    str | None,
    typer.Option(
        "--criteria",
        help="Framework file or built-in id to use instead of the portfolio's own.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of the output (default: the framework's)."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Review date (YYYY-MM-DD) instead of the portfolio's as_of.",
        show_default=False,
    ),
]
AllowMissingOpt = Annotated[
    bool,
    typer.Option(
        "--allow-missing",
        help="Score a missing score as the scale's worst level (marked) instead of failing.",
    ),
]


def _show(view: View) -> None:
    """Print a view: a rich table on a terminal, aligned plain text anywhere else."""
    from afweging.render.console import plain, rich_view

    if not sys.stdout.isatty():
        sys.stdout.write(plain(view))
        return
    from rich.console import Console

    Console(highlight=False, markup=False, emoji=False).print(rich_view(view))


def _analyse(
    path: Path, criteria: str | None, allow_missing: bool, as_of: str | None = None
) -> Analysis:
    import datetime as dt

    from afweging.analysis import analyse
    from afweging.loading import load_portfolio

    when = None
    if as_of is not None:
        try:
            when = dt.date.fromisoformat(as_of)
        except ValueError:
            raise UsageError(f"--as-of {as_of}: write the date as YYYY-MM-DD") from None
    return analyse(load_portfolio(path, criteria, allow_missing=allow_missing), when)


def _language(analysis: Analysis, lang: Lang | None) -> Language:
    return "en" if (lang.value if lang else analysis.loaded.framework.language) == "en" else "nl"


@app.command()
@command
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Framework and portfolio files.", show_default=False)
    ],
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Validate framework and portfolio files; print one 'ok' line per valid file."""
    from afweging.errors import InputError, Problem
    from afweging.loading import (
        document_kind,
        load_framework_document,
        load_portfolio,
        read_document,
    )

    problems: list[Problem] = []
    for path in files:
        try:
            doc = read_document(path)
            if document_kind(doc) == "framework":
                framework = load_framework_document(doc)
                typer.echo(
                    f"ok {path}: framework '{framework.id}', {len(framework.criteria)} criteria"
                )
            else:
                loaded = load_portfolio(path, allow_missing=allow_missing)
                count = len(loaded.portfolio.items)
                typer.echo(
                    f"ok {path}: portfolio, {count} item{'' if count == 1 else 's'},"
                    f" framework '{loaded.framework.id}'"
                )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)


@app.command()
@command
def rank(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    output: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, help="Show only the first N items.", show_default=False),
    ] = None,
    lang: LangOpt = None,
    as_of: AsOfOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Rank a portfolio: total per item with a bar, gates apart, flags named."""
    analysis = _analyse(portfolio, criteria, allow_missing, as_of)
    language = _language(analysis, lang)
    if output is TableFormat.json:
        from afweging.render.data import ranking_document, to_json

        sys.stdout.write(to_json(ranking_document(analysis, language, top)))
    elif output is TableFormat.csv:
        from afweging.render.data import ranking_csv

        sys.stdout.write(ranking_csv(analysis, top))
    else:
        from afweging.render.console import rank_view

        _show(rank_view(analysis, language, top, fancy=sys.stdout.isatty()))


@app.command()
@command
def explain(
    portfolio: PortfolioArg,
    item: Annotated[str, typer.Argument(help="The id of the item.", show_default=False)],
    criteria: CriteriaOpt = None,
    output: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.table,
    lang: LangOpt = None,
    as_of: AsOfOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Explain one item's total: score, value, weight and contribution per criterion."""
    analysis = _analyse(portfolio, criteria, allow_missing, as_of)
    language = _language(analysis, lang)
    entry = analysis.ranking.find(item)
    if entry is None:
        from afweging.models import did_you_mean

        ids = [r.item.id for r in analysis.ranking.items]
        raise UsageError(f"no item '{item}' in {portfolio} — {did_you_mean(item, ids)}")
    if output is ViewFormat.json:
        from afweging.render.data import explain_document, to_json

        sys.stdout.write(to_json(explain_document(analysis, entry, language)))
    else:
        from afweging.render.console import explain_view

        _show(explain_view(analysis, entry, language))


@app.command()
@command
def review(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    as_of: AsOfOpt = None,
    output: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    lang: LangOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 4 when a reviewed item has a flag of this severity (discuss: or worse).",
            show_default=False,
        ),
    ] = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Flag working groups to discontinue or discuss, each with every reason."""
    analysis = _analyse(portfolio, criteria, allow_missing, as_of)
    language = _language(analysis, lang)
    if output is TableFormat.json:
        from afweging.render.data import review_document, to_json

        sys.stdout.write(to_json(review_document(analysis, language)))
    elif output is TableFormat.csv:
        from afweging.render.data import review_csv

        sys.stdout.write(review_csv(analysis, language))
    else:
        from afweging.render.console import review_view

        _show(review_view(analysis, language))
    if fail_on is not None:
        counted = ["discontinue"] + (["discuss"] if fail_on is FailOn.discuss else [])
        if any(analysis.review.count(severity) for severity in counted):  # type: ignore[arg-type]
            raise typer.Exit(EXIT_FLAGGED)


@app.command()
@command
def frameworks(
    output: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.table,
    lang: LangOpt = None,
) -> None:
    """List the built-in frameworks."""
    from afweging.loading import builtin_ids, builtin_path, load_framework

    rows = []
    for framework_id in builtin_ids():
        framework, _ = load_framework(framework_id)
        language: Language = "en" if (lang.value if lang else framework.language) == "en" else "nl"
        rows.append(
            {
                "id": framework.id,
                "title": framework.title.get(language),
                "criteria": len(framework.criteria),
                "gates": sum(1 for c in framework.criteria if c.is_gate),
                "source": framework.source,
                "path": str(builtin_path(framework_id)),
            }
        )
    if output is ViewFormat.json:
        from afweging.render.data import to_json

        sys.stdout.write(to_json({"schema": "afweging/frameworks", "frameworks": rows}))
        return
    for row in rows:
        typer.echo(f"{row['id']}: {row['title']} ({row['criteria']} criteria)")
        typer.echo(f"  {row['source']}")


def main() -> None:
    """Console-script entry point."""
    from afweging._startup import skip_pydantic_plugin_discovery

    skip_pydantic_plugin_discovery()
    app(prog_name="afweging")
