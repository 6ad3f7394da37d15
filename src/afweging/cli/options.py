"""Shared options: the one output-format enum, the options several commands take, shell
completion, and the few steps that turn options into values (a date, a language, the
analysis of a portfolio file)."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from afweging.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from afweging.analysis.pipeline import Analysis
    from afweging.i18n import Language


def option(*names: str, **settings: Any) -> Any:
    """A ``typer.Option`` that shows no default in the help: most of ours default to None
    or off, where "[default: None]" tells nothing (the help says the default where there
    is one)."""
    return typer.Option(*names, show_default=False, **settings)


class OutputFormat(enum.StrEnum):
    """Every output format, by the name ``--format`` takes; each result offers a subset
    (its render module's ``FORMATS``), written below as the choices of its command."""

    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"
    markdown = "markdown"
    xlsx = "xlsx"


# The choices of --format per result, as the options of its command;
# tests/render/test_formats.py holds each to its render module's FORMATS and to OutputFormat.
_FORMAT = typer.Option("--format", help="Output format.")
RankingFormat = Annotated[Literal["table", "json", "csv", "xlsx"], _FORMAT]
ExplainFormat = Annotated[Literal["table", "json"], _FORMAT]
ReviewFormat = Annotated[Literal["table", "json", "csv", "xlsx"], _FORMAT]
ScoreFormat = Annotated[Literal["table", "json"], _FORMAT]
WeightsFormat = Annotated[Literal["table", "json", "yaml"], _FORMAT]
RobustnessFormat = Annotated[Literal["table", "json"], _FORMAT]
SelectionFormat = Annotated[Literal["table", "json", "csv", "xlsx"], _FORMAT]
DiffFormat = Annotated[Literal["table", "json", "markdown"], _FORMAT]
FrameworksFormat = Annotated[Literal["table", "json"], _FORMAT]
DecisionFormat = Annotated[Literal["table", "json", "csv", "markdown", "xlsx"], _FORMAT]
ExportFormat = Annotated[Literal["csv", "xlsx"], _FORMAT]
DialectOpt = Annotated[
    Literal["standard", "excel-nl"],
    typer.Option(
        "--dialect",
        help="CSV: standard (',' and '.') or excel-nl (Dutch Excel: ';', decimal comma, BOM).",
    ),
]


def write_table(table_csv: str, output: str, dialect: str, sheet: str) -> None:
    """Write a result's table to stdout: as CSV in ``dialect``, or (``xlsx``) as a workbook
    of one sheet, which a terminal is spared (redirect it to a file)."""
    import sys

    if output == "xlsx":
        from afweging.render.xlsx import tables_xlsx

        if sys.stdout.isatty():
            raise UsageError("--format xlsx writes a workbook: redirect it, e.g. > result.xlsx")
        sys.stdout.flush()
        sys.stdout.buffer.write(tables_xlsx([(sheet, table_csv)]))
    elif dialect == "excel-nl":
        from afweging.render.xlsx import excel_nl

        sys.stdout.write(excel_nl(table_csv))
    else:
        sys.stdout.write(table_csv)


class Lang(enum.StrEnum):
    """Languages of the output."""

    nl = "nl"
    en = "en"


def _loaded_for_completion(ctx: typer.Context) -> Any:
    """The portfolio named on the command line so far, for completing ids; None if none."""
    from afweging.errors import AfwegingError
    from afweging.sources.files import is_input
    from afweging.sources.loading import load_portfolio

    path = ctx.params.get("portfolio")
    if path is None:
        # While an option's value is being completed click leaves the arguments unparsed;
        # the shell's words still hold the portfolio (bash/zsh pass them in COMP_WORDS).
        import shlex

        words = shlex.split(os.environ.get("COMP_WORDS", ""))
        path = next((w for w in words[2:] if is_input(Path(w)) and Path(w).is_file()), None)
    if path is None:
        return None
    try:
        return load_portfolio(Path(path), ctx.params.get("criteria"), allow_missing=True)
    except (AfwegingError, OSError):
        return None


def complete_items(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item ids of the portfolio, for ITEM, --must and --exclude."""
    loaded = _loaded_for_completion(ctx)
    if loaded is None:
        return []
    return [i.id for i in loaded.portfolio.items if i.id.startswith(incomplete)]


def complete_criteria(ctx: typer.Context, incomplete: str) -> list[str]:
    """CRITERION= and CRITERION.ASSESSOR= for --set."""
    from afweging.errors import AfwegingError

    loaded = _loaded_for_completion(ctx)
    if loaded is None:
        from afweging.sources.loading import load_framework

        try:
            framework, _ = load_framework(ctx.params.get("criteria") or "benelux")
        except AfwegingError:
            return []
        assessors: tuple[str, ...] = ()
    else:
        framework, assessors = loaded.framework, loaded.portfolio.assessors
    options = []
    for criterion in framework.criteria:
        if criterion.per_assessor:
            options += [f"{criterion.id}.{a}=" for a in assessors]
        else:
            options.append(f"{criterion.id}=")
    return [o for o in options if o.startswith(incomplete)]


def complete_frameworks(incomplete: str) -> list[str]:
    """The built-in framework ids, for --criteria and --framework."""
    from afweging.sources.files import builtin_ids

    return [i for i in builtin_ids() if i.startswith(incomplete)]


PortfolioArg = Annotated[
    Path,
    typer.Argument(
        help="The portfolio file (YAML), or a CSV file of items (framework: --criteria).",
        show_default=False,
    ),
]
CriteriaOpt = Annotated[
    str | None,
    option(
        "--criteria",
        help="Framework file or built-in id to use instead of the portfolio's own.",
        autocompletion=complete_frameworks,
    ),
]


def lang_option(default: str) -> Any:
    """The ``--lang`` option, its default said in the help."""
    return typer.Option("--lang", help=f"Language of the output (default: {default}).")


LangOpt = Annotated[Lang | None, lang_option("the framework's")]
AsOfOpt = Annotated[
    str | None,
    option("--as-of", help="Review date (YYYY-MM-DD) instead of the portfolio's as_of."),
]
AllowMissingOpt = Annotated[
    bool,
    typer.Option(
        "--allow-missing",
        help="Score a missing score as the scale's worst level (marked) instead of failing.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]
WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide", help="On a terminal, show every column at full width (may wrap the lines)."
    ),
]


def analyse_file(
    path: Path,
    criteria: str | None,
    allow_missing: bool,
    as_of: str | None = None,
    method: str = "weighted-sum",
) -> Analysis:
    """Load the portfolio (and its framework) and analyse it."""
    from afweging.analysis.pipeline import analyse
    from afweging.sources.files import source_of
    from afweging.sources.loading import load_portfolio

    when = option_date(as_of)
    loaded = load_portfolio(path, criteria, allow_missing=allow_missing, as_of=when)
    if when is None and source_of(path) != "yaml":
        from afweging.cli.funnel import err

        err(
            f"{path}: a {source_of(path).upper()} file has no as_of date; the review looks at"
            f" today, {loaded.portfolio.as_of} — rank, review, memo and decide take --as-of"
        )
    return analyse(loaded, when, method)


def analysed(
    path: Path,
    criteria: str | None,
    lang: Lang | None,
    allow_missing: bool = False,
    as_of: str | None = None,
) -> tuple[Analysis, Language]:
    """``analyse_file``, with the language of the output (``--lang``, else the framework's)."""
    analysis = analyse_file(path, criteria, allow_missing, as_of)
    return analysis, language(lang, analysis.loaded.framework.language)


def option_date(as_of: str | None) -> dt.date | None:
    """The --as-of option as a date."""
    import datetime

    if as_of is None:
        return None
    try:
        return datetime.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of {as_of}: write the date as YYYY-MM-DD") from None


def language(lang: Lang | None, default: str) -> Language:
    """The language of the output: ``--lang``, else the framework's."""
    return "en" if (lang.value if lang else default) == "en" else "nl"


# The largest number a file may hold (sources/yaml.py); options obey the same limit.
NUMBER_LIMIT = 1e15


def parse_eur(value: str) -> float:
    """An amount in euros from the command line (``number_or_reason``)."""
    return _number_or_bad(value, eur=True)


def parse_fte(value: str) -> float:
    """Staff in FTE from the command line (``number_or_reason``)."""
    return _number_or_bad(value, eur=False)


def _number_or_bad(value: str, *, eur: bool) -> float:
    number = number_or_reason(value, eur=eur)
    if isinstance(number, str):
        raise typer.BadParameter(number)
    return number


def number_or_reason(value: str, *, eur: bool) -> float | str:
    """An amount (in euros with ``eur``, else in FTE) as typed by a user, under the limits
    of the files: finite, not negative, below 1e15; or a one-line reason why not. A Dutch
    thousands point in euros (``1.000.000``) and a decimal comma are refused with the
    number to write instead."""
    import math
    import re

    text = value.strip()
    if eur and re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text):
        return f"{value}: write the amount without thousands points: {text.replace('.', '')}"
    if re.fullmatch(r"[0-9]+,[0-9]+", text):
        return f"{value}: write a decimal point: {text.replace(',', '.')}"
    try:
        number = float(text)
    except ValueError:
        return f"{value} is not a number"
    if not math.isfinite(number) or abs(number) >= NUMBER_LIMIT:
        return f"{value} is out of range: use a number below 1e15"
    if number < 0:
        return f"{value} is negative"
    return number


def refuse_existing(out: Path | None, force: bool) -> Path | None:
    """The file ``-o`` names, or None for stdout (no ``-o``, or ``-o -``); refused at once,
    before any work, if it could not be written: it exists (without --force), is
    read-only, or is not a regular file (a device, a FIFO, a folder, a symlink to one)."""
    if out is None or str(out) == "-":
        return None
    from afweging.sources.editing import check_new_file

    check_new_file(out, force=force)
    return out


# The limits and the fixed choices of select and decide.
BudgetOpt = Annotated[
    float | None,
    option(
        "--budget",
        parser=parse_eur,
        metavar="EUR",
        help="Budget in EUR (default: the portfolio's).",
    ),
]
FteOpt = Annotated[
    float | None,
    option(
        "--fte", parser=parse_fte, metavar="FTE", help="Staff in FTE (default: the portfolio's)."
    ),
]
MustOpt = Annotated[
    list[str] | None,
    option(
        "--must",
        help="An item that must be in the set (repeatable).",
        autocompletion=complete_items,
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    option(
        "--exclude",
        help="An item that must not be in the set (repeatable).",
        autocompletion=complete_items,
    ),
]
