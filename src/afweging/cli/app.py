"""The command-line interface: options, the single error funnel, exit codes.

The only module that prints to the terminal or exits. Heavy modules (pydantic models,
renderers) are imported inside the commands, so ``--help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from afweging import __version__
from afweging.errors import (
    EXIT_FLAGGED,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    AfwegingError,
    InputError,
    UsageError,
)

if TYPE_CHECKING:
    import datetime as dt

    from afweging.analysis.pipeline import Analysis
    from afweging.i18n import Language
    from afweging.models import Framework, Item
    from afweging.render.text import View

app = typer.Typer(
    name="afweging",
    help=(
        "Weigh a portfolio of initiatives and working groups against an explicit"
        " framework (afwegingskader): rank it with the working shown."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)

_debug = {"on": False}

F = TypeVar("F", bound=Callable[..., Any])


class TableFormat(enum.StrEnum):
    """Output formats of ``rank``."""

    table = "table"
    json = "json"
    csv = "csv"


class MethodOpt(enum.StrEnum):
    """Aggregation methods of ``rank --method``."""

    weighted_sum = "weighted-sum"
    weighted_product = "weighted-product"
    topsis = "topsis"
    promethee_ii = "promethee-ii"


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
        editing = sys.modules.get("afweging.sources.editing")
        if editing is not None:
            editing.WRITTEN.clear()  # a second command in one process (the tests)
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # here, where a full disk or a closed pipe is still caught
        except AfwegingError as exc:
            for line in exc.lines():
                _err(line if exc.exit_code == 1 else f"afweging: {line}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err(f"afweging: interrupted — {_what_was_written()}")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, as other tools do.
            _silence_stdout()
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 — the funnel: any other failure is a bug
            _failed(exc)
        return result

    return run  # type: ignore[return-value]


def _what_was_written() -> str:
    """After an interruption: which files were written in full, or that none was."""
    editing = sys.modules.get("afweging.sources.editing")
    written: list[str] = list(getattr(editing, "WRITTEN", []))
    if not written:
        return "no files were changed"
    return f"{', '.join(written)} had been written in full; nothing else was changed"


def _failed(exc: Exception) -> NoReturn:
    """An unexpected failure: the output could not be written (exit 1), or a bug (exit 3);
    one line either way."""
    if isinstance(exc, OSError) and _is_output_error(exc):
        _output_failed(exc)
    _internal_error(exc)


def _internal_error(exc: BaseException) -> NoReturn:
    """A bug: one line naming where the traceback was logged (or, with --debug, the
    traceback itself), exit 3."""
    if _debug["on"]:
        traceback.print_exception(exc)
        where = "the traceback is above"
    else:
        where = f"the traceback is in {_log_traceback(exc)}"
    _err(
        f"afweging: internal error: {type(exc).__name__}: {exc} — this is a bug; {where};"
        " please report it"
    )
    raise typer.Exit(EXIT_INTERNAL) from None


def _log_traceback(exc: BaseException) -> str:
    """Write the traceback to a new file in the temporary folder; its path, or a hint."""
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix="afweging-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(f"afweging {__version__}: {' '.join(sys.argv)}\n")
            log.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "not logged (run again with --debug to see it)"
    return name


def _is_output_error(exc: OSError) -> bool:
    """Did writing to stdout or stderr fail (a full disk, a closed terminal)?"""
    import errno

    return exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EBADF)


def _output_failed(exc: OSError) -> NoReturn:
    """The output could not be written: one line (if stderr still works), exit 1."""
    with contextlib.suppress(OSError):
        _err(f"afweging: cannot write the output: {exc.strerror or exc}")
    _silence_stdout()
    raise typer.Exit(EXIT_INPUT) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


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


def _loaded_for_completion(ctx: typer.Context) -> Any:
    """The portfolio named on the command line so far, for completing ids; None if none."""
    from afweging.errors import AfwegingError as Failure
    from afweging.sources.loading import load_portfolio

    path = ctx.params.get("portfolio")
    if path is None:
        # While an option's value is being completed click leaves the arguments unparsed;
        # the shell's words still hold the portfolio (bash/zsh pass them in COMP_WORDS).
        import shlex

        words = shlex.split(os.environ.get("COMP_WORDS", ""))
        path = next(
            (w for w in words[2:] if w.endswith((".yaml", ".yml")) and Path(w).is_file()), None
        )
    if path is None:
        return None
    try:
        return load_portfolio(Path(path), ctx.params.get("criteria"), allow_missing=True)
    except (Failure, OSError):
        return None


def complete_items(ctx: typer.Context, incomplete: str) -> list[str]:
    """Item ids of the portfolio, for ITEM, --must and --exclude."""
    loaded = _loaded_for_completion(ctx)
    if loaded is None:
        return []
    return [i.id for i in loaded.portfolio.items if i.id.startswith(incomplete)]


def complete_criteria(ctx: typer.Context, incomplete: str) -> list[str]:
    """CRITERION= and CRITERION.ASSESSOR= for --set."""
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
    from afweging.sources.loading import builtin_ids

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
    typer.Option(
        "--criteria",
        help="Framework file or built-in id to use instead of the portfolio's own.",
        show_default=False,
        autocompletion=complete_frameworks,
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
    from afweging.render.text import plain, rich_view

    if not sys.stdout.isatty():
        sys.stdout.write(plain(view))
        return
    from rich.console import Console

    Console(highlight=False, markup=False, emoji=False).print(rich_view(view))


def _analyse(
    path: Path,
    criteria: str | None,
    allow_missing: bool,
    as_of: str | None = None,
    method: str = "weighted-sum",
) -> Analysis:
    from afweging.analysis.pipeline import analyse
    from afweging.sources.loading import load_portfolio

    when = _date(as_of)
    loaded = load_portfolio(path, criteria, allow_missing=allow_missing, as_of=when)
    analysis = analyse(loaded, when, method)
    _keep_alive(analysis)
    return analysis


def _date(as_of: str | None) -> dt.date | None:
    """The --as-of option as a date."""
    import datetime

    if as_of is None:
        return None
    try:
        return datetime.date.fromisoformat(as_of)
    except ValueError:
        raise UsageError(f"--as-of {as_of}: write the date as YYYY-MM-DD") from None


def _language(analysis: Analysis, lang: Lang | None) -> Language:
    return "en" if (lang.value if lang else analysis.loaded.framework.language) == "en" else "nl"


@app.command()
@command
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Framework and portfolio files.", show_default=False)
    ],
    allow_missing: AllowMissingOpt = False,
    criteria: Annotated[
        str | None,
        typer.Option(
            "--criteria",
            help="Framework file or built-in id for CSV files of items (default: benelux).",
            show_default=False,
            autocompletion=complete_frameworks,
        ),
    ] = None,
) -> None:
    """Validate framework and portfolio files; print one 'ok' line per valid file."""
    from afweging.errors import InputError, Problem
    from afweging.sources.loading import (
        document_kind,
        is_csv,
        load_framework_document,
        load_portfolio,
        read_document,
    )

    problems: list[Problem] = []
    for path in files:
        try:
            if is_csv(path):
                loaded = load_portfolio(path, criteria, allow_missing=allow_missing)
                count = len(loaded.portfolio.items)
                typer.echo(
                    f"ok {path}: items, {count} row{'' if count == 1 else 's'},"
                    f" framework '{loaded.framework.id}'"
                )
                continue
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
    method: Annotated[
        MethodOpt,
        typer.Option(
            "--method",
            help="Rank by this method (the totals shown stay the weighted sum's working).",
        ),
    ] = MethodOpt.weighted_sum,
    allow_missing: AllowMissingOpt = False,
    all_rows: Annotated[
        bool,
        typer.Option("--all", help="Show every item in the table (default: the first 50)."),
    ] = False,
) -> None:
    """Rank a portfolio: total per item with a bar, gates apart, flags named."""
    analysis = _analyse(portfolio, criteria, allow_missing, as_of, method.value)
    language = _language(analysis, lang)
    if output is TableFormat.json:
        from afweging.render.data import ranking_json

        for piece in ranking_json(analysis, language, top):
            sys.stdout.write(piece)
    elif output is TableFormat.csv:
        from afweging.render.data import ranking_csv

        sys.stdout.write(ranking_csv(analysis, top))
    else:
        from afweging.render.text import TABLE_ROWS, rank_view

        rows = None if all_rows or top is not None else TABLE_ROWS
        _show(rank_view(analysis, language, top, fancy=sys.stdout.isatty(), rows_at_most=rows))


@app.command()
@command
def explain(
    portfolio: PortfolioArg,
    item: Annotated[
        str,
        typer.Argument(
            help="The id of the item.", show_default=False, autocompletion=complete_items
        ),
    ],
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
        from afweging.render.text import explain_view

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
        from afweging.render.text import review_view

        _show(review_view(analysis, language))
    if fail_on is not None:
        counted = ["discontinue"] + (["discuss"] if fail_on is FailOn.discuss else [])
        if any(analysis.review.count(severity) for severity in counted):  # type: ignore[arg-type]
            raise typer.Exit(EXIT_FLAGGED)


class ItemKindOpt(enum.StrEnum):
    """Kinds of item ``score`` can add."""

    initiative = "initiative"
    working_group = "working-group"
    project = "project"


def _read_answer(prompt: str) -> str:
    """One answer from stdin; the prompt goes to stderr so stdout stays clean."""
    line = ""
    if sys.stdin is not None and not sys.stdin.closed:  # None when started with stdin closed
        sys.stderr.write(prompt)
        sys.stderr.flush()
        line = sys.stdin.readline()
    if not line:
        raise InputError.single(
            "<stdin>", "the input ended before every question was answered; nothing was saved"
        )
    return line.rstrip("\r\n")


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def _say(line: str) -> None:
    from afweging.render import printable

    sys.stderr.write(printable(line) + "\n")


def _parse_sets(
    sets: list[str], framework: Framework, assessors: list[str]
) -> dict[str, str | dict[str, str]]:
    """``--set CRITERION=VALUE`` and ``--set CRITERION.ASSESSOR=VALUE``, checked on the scale."""
    from afweging.errors import Problem
    from afweging.models import did_you_mean

    ids = [c.id for c in framework.criteria]
    scores: dict[str, str | dict[str, str]] = {}
    problems: list[Problem] = []
    for given in sets:
        where = f"--set {given}"
        key, sep, value = given.partition("=")
        criterion_id, _, assessor = key.strip().partition(".")
        if not sep or not criterion_id:
            problems.append(
                Problem(
                    where, None, None, "expected CRITERION=VALUE", "e.g. --set grensbarrieres=++"
                )
            )
            continue
        if criterion_id not in ids:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"unknown criterion '{criterion_id}'",
                    did_you_mean(criterion_id, ids),
                )
            )
            continue
        criterion = framework.criterion(criterion_id)
        level = framework.scale_of(criterion).resolve(value.strip())
        if level is None:
            scale = framework.scale_of(criterion)
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"'{value.strip()}' is not a level of scale '{criterion.scale}'",
                    f"use one of: {scale.symbols()}",
                )
            )
            continue
        if assessor:
            if assessors and assessor not in assessors:
                problems.append(
                    Problem(
                        where,
                        None,
                        None,
                        f"unknown assessor '{assessor}'",
                        did_you_mean(assessor, assessors),
                    )
                )
                continue
            current = scores.setdefault(criterion_id, {})
            if isinstance(current, dict):
                current[assessor] = level.symbol
        elif criterion.per_assessor:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    f"'{criterion_id}' is scored per assessor",
                    f"write --set {criterion_id}.{(assessors or ['NL'])[0]}={level.symbol},"
                    " once per assessor",
                )
            )
        else:
            scores[criterion_id] = level.symbol
    if problems:
        raise InputError(problems)
    return scores


def _missing(
    fields: dict[str, str],
    scores: dict[str, str | dict[str, str]],
    framework: Framework,
    assessors: list[str],
) -> list[str]:
    """Everything a non-interactive ``score`` still lacks, as the options that would give it."""
    missing = [f"--{name}" for name in ("id", "name") if name not in fields]
    for criterion in framework.criteria:
        given = scores.get(criterion.id)
        if criterion.per_assessor:
            have = given if isinstance(given, dict) else {}
            missing += [f"{criterion.id}.{a}" for a in assessors if a not in have]
            if not assessors:
                missing.append(f"{criterion.id}.ASSESSOR")
        elif given is None:
            missing.append(criterion.id)
    return missing


@app.command()
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
    output: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.table,
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
    import datetime as dt

    from afweging.analysis.pipeline import place
    from afweging.cli.interactive import ask_item, ask_scores
    from afweging.models import Loaded, Portfolio
    from afweging.sources.loading import load_framework, load_portfolio

    if save and portfolio is None:
        raise UsageError("--save needs a portfolio to add the item to")
    when = _date(as_of)
    if portfolio is not None:
        loaded = load_portfolio(portfolio, criteria)
    else:
        framework, source = load_framework(criteria or "benelux")
        loaded = Loaded(
            Portfolio.model_construct(
                version=1,
                framework=framework.id,
                title="—",
                as_of=when or dt.date.today(),
                assessors=tuple(assessor or ()),
                items=(),
            ),
            framework,
            "",
            source,
        )
    framework = loaded.framework
    language: Language = "en" if (lang.value if lang else framework.language) == "en" else "nl"
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
    scores = _parse_sets(sets or [], framework, assessors)
    rationale: dict[str, str] = {}
    if interactive if interactive is not None else _stdin_is_terminal():
        used = sorted({i.cluster for i in loaded.portfolio.items if i.cluster})
        declared = list(framework.clusters) or None
        fields = ask_item(
            _read_answer,
            _say,
            language,
            known=fields,
            taken=taken,
            clusters=used or list(framework.clusters),
            allowed_clusters=declared,
        )
        answers = ask_scores(
            _read_answer, _say, framework, language, assessors=assessors, given=scores
        )
        scores, rationale = answers.scores, answers.rationale
        _say("")
    else:
        missing = _missing(fields, scores, framework, assessors)
        if missing:
            raise InputError.single(
                "score",
                f"missing: {', '.join(missing)}",
                "give them with --id, --name and --set CRITERION=VALUE (per assessor:"
                " --set CRITERION.ASSESSOR=VALUE), or answer the questions in a terminal",
            )
    raw: dict[str, object] = {
        "id": fields["id"],
        "name": fields["name"],
        "kind": fields.get("kind", "initiative"),
        **({"cluster": fields["cluster"]} if fields.get("cluster") else {}),
        "status": "proposed",
        "scores": scores,
        **({"rationale": rationale} if rationale else {}),
    }
    item = _validate_item(raw, framework)
    placement = place(loaded, item, top, when)
    with_portfolio = portfolio is not None
    if output is ViewFormat.json:
        from afweging.render.data import score_document, to_json

        sys.stdout.write(
            to_json(score_document(placement, language, with_portfolio=with_portfolio))
        )
    else:
        from afweging.render.text import score_view

        _show(score_view(placement, language, with_portfolio=with_portfolio))
    if save and portfolio is not None:
        _save_item(portfolio, raw, language)


def _validate_item(raw: dict[str, object], framework: Framework) -> Item:
    """The new item as a model; a field the options got wrong is an input error."""
    from pydantic import ValidationError

    from afweging.models import Item
    from afweging.sources.loading import option_problem

    try:
        return Item.model_validate(raw)
    except ValidationError as exc:
        raise InputError([option_problem(error) for error in exc.errors()]) from None


def _save_item(path: Path, raw: dict[str, object], language: Language) -> None:
    """Append the item to the portfolio file, atomically, after validating the result."""
    from afweging.i18n import text
    from afweging.sources.editing import append_item, update_file
    from afweging.sources.loading import is_csv, load_portfolio_bytes

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
    _say(text("saved", language, path=path, id=raw["id"], name=raw["name"]))


weights_app = typer.Typer(
    help="Turn a weighing session (a ranking, swing points or pairwise comparisons) into"
    " weights, and optionally write them into a framework file.",
    no_args_is_help=True,
)
app.add_typer(weights_app, name="weights")


class WeightsFormat(enum.StrEnum):
    """Output formats of ``weights``."""

    table = "table"
    json = "json"
    yaml = "yaml"


class RankMethodOpt(enum.StrEnum):
    """Rank-order weighting methods."""

    roc = "roc"
    rs = "rs"
    rr = "rr"


WriteOpt = Annotated[
    Path | None,
    typer.Option(
        "--write",
        help="Write the weights into this framework file (only the weight values change).",
        show_default=False,
    ),
]
PortfolioOpt = Annotated[
    Path | None,
    typer.Option(
        "--portfolio",
        help="With --write: show how the ranking of this portfolio changes.",
        show_default=False,
    ),
]
WeightsFormatOpt = Annotated[WeightsFormat, typer.Option("--format", help="Output format.")]


def _known_criteria(write: Path | None) -> list[str] | None:
    """The criteria of the framework to be written, so unknown ids are caught early."""
    if write is None:
        return None
    from afweging.sources.loading import load_framework_document, read_document

    return [c.id for c in load_framework_document(read_document(write)).criteria]


def _report_weights(
    method: str,
    shares: dict[str, float],
    output: WeightsFormat,
    extra: dict[str, object],
    lines: list[str],
    write: Path | None,
    portfolio: Path | None,
) -> None:
    """Print the weights (and the method's figures), then write them if asked."""
    document = {"schema": "afweging/weights", "schema_version": 1, "method": method,
                "weights": shares, **extra}  # fmt: skip
    if output is WeightsFormat.json:
        from afweging.render.data import to_json

        sys.stdout.write(to_json(document))
    elif output is WeightsFormat.yaml:
        import yaml

        sys.stdout.write(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    else:
        width = max(len("criterion"), *(len(c) for c in shares))
        out = [f"{'criterion':<{width}}   weight"]
        out += [f"{c:<{width}}  {s * 100:6.2f}%" for c, s in shares.items()]
        if lines:
            out += ["", *lines]
        sys.stdout.write("\n".join(out) + "\n")
    if write is not None:
        _write_weights(write, shares, portfolio)


def _write_weights(path: Path, shares: dict[str, float], portfolio: Path | None) -> None:
    """Write the weights into the framework file atomically, after validating the result."""
    from afweging.sources.editing import set_weights, update_file
    from afweging.sources.loading import load_framework_document
    from afweging.sources.yaml import decode, parse

    before = _ranks(portfolio, path) if portfolio is not None else None

    def reweigh(original: bytes) -> bytes:
        updated = set_weights(original, str(path), shares)
        load_framework_document(parse(decode(updated, str(path)), str(path)))
        return updated

    update_file(path, reweigh)
    _say(f"weights written to {path}")
    if portfolio is not None and before is not None:
        after = _ranks(portfolio, path)
        moved = [
            f"  {item}: {before[item] or '–'} → {after[item] or '–'}"
            for item in after
            if before.get(item) != after[item]
        ]
        sys.stdout.write(
            f"ranking of {portfolio} with the new weights:\n"
            + ("\n".join(moved) if moved else "  no item changes rank")
            + "\n"
        )


def _ranks(portfolio: Path, framework: Path) -> dict[str, int | None]:
    from afweging.analysis.pipeline import analyse
    from afweging.sources.loading import load_portfolio

    analysis = analyse(load_portfolio(portfolio, str(framework)))
    return {r.item.id: r.rank for r in analysis.ranking.items}


@weights_app.command("rank")
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
    output: WeightsFormatOpt = WeightsFormat.table,
    write: WriteOpt = None,
    portfolio: PortfolioOpt = None,
) -> None:
    """Weights from the order of importance of the criteria."""
    from afweging.analysis import weights

    groups = weights.parse_rank_args(criteria, _known_criteria(write))
    shares = weights.rank_order(groups, method.value)
    _report_weights(f"rank-{method.value}", shares, output, {"order": groups}, [], write,
                    portfolio)  # fmt: skip


@weights_app.command("swing")
@command
def weights_swing(
    points: Annotated[
        list[str],
        typer.Argument(
            help="CRITERION=POINTS: the most important swing gets 100.", show_default=False
        ),
    ],
    output: WeightsFormatOpt = WeightsFormat.table,
    write: WriteOpt = None,
    portfolio: PortfolioOpt = None,
) -> None:
    """Swing weights: points for each criterion's swing from worst to best, normalised."""
    from afweging.analysis import weights

    result = weights.swing(weights.parse_swing_args(points, _known_criteria(write)))
    lines = [f"weight 0 (no swing that matters): {', '.join(result.zero)}"] if result.zero else []
    _report_weights("swing", result.weights, output, {"zero": list(result.zero)}, lines, write,
                    portfolio)  # fmt: skip


@weights_app.command("ahp")
@command
def weights_ahp(
    file: Annotated[Path, typer.Argument(help="The pairwise comparisons (YAML).")],
    output: WeightsFormatOpt = WeightsFormat.table,
    write: WriteOpt = None,
    portfolio: PortfolioOpt = None,
) -> None:
    """AHP weights from pairwise comparisons on Saaty's 1–9 scale, with the consistency."""
    from afweging.analysis import weights
    from afweging.sources.ahp import load_ahp
    from afweging.sources.loading import read_document

    criteria, judgements = load_ahp(read_document(file))
    known = _known_criteria(write)
    if known is not None:
        for criterion in criteria:
            weights.parse_rank_args([criterion], known)
    result = weights.ahp(criteria, judgements)
    lines = [
        f"λmax {result.lambda_max:.3f}, consistency index {result.ci:.3f}, random index"
        f" {result.random_index:.2f}, consistency ratio {result.cr:.3f}"
        + (" — above 0.10: revisit the judgements" if result.warn else " (at most 0.10: fine)")
    ]
    if result.warn and result.inconsistent:
        lines.append("the judgements furthest from the weights:")
        lines += [
            f"  {j.first} vs {j.second}: given {weights.show_ratio(j.given)},"
            f" the weights imply {weights.show_ratio(j.implied)}"
            for j in result.inconsistent
        ]
    extra: dict[str, object] = {
        "lambda_max": result.lambda_max,
        "consistency_index": result.ci,
        "random_index": result.random_index,
        "consistency_ratio": result.cr,
        "warning": result.warn,
        "inconsistent": [j._asdict() for j in result.inconsistent],
    }
    _report_weights("ahp", result.weights, output, extra, lines, write, portfolio)


class WeightsSampling(enum.StrEnum):
    """How ``robustness`` samples weight vectors."""

    around = "around"
    uniform = "uniform"


def _with_progress(label: str, work: Callable[[], Any]) -> Any:
    """Run ``work``; if it takes longer than about a second, show a spinner on stderr."""
    import threading

    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # handed to the caller below  # noqa: BLE001
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(1.0)
    if thread.is_alive() and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = (SpinnerColumn(), TextColumn(label), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            progress.add_task(label, total=None)
            while thread.is_alive():
                thread.join(0.1)
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


@app.command()
@command
def robustness(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
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
    output: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.table,
    lang: LangOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """How robust is the ranking to the weights and to the method?"""
    from afweging.analysis.pipeline import robustness as run_robustness

    analysis = _analyse(portfolio, criteria, allow_missing)
    language = _language(analysis, lang)
    report = _with_progress(
        "robustness",
        lambda: run_robustness(
            analysis, samples=samples, seed=seed, weights=weights.value, top=top
        ),
    )
    if output is ViewFormat.json:
        from afweging.render.data import to_json
        from afweging.render.robustness import robustness_document

        sys.stdout.write(to_json(robustness_document(report, language)))
    else:
        from afweging.render.robustness import robustness_view

        _show(robustness_view(report, language))


@contextlib.contextmanager
def _solver_quiet() -> Iterator[None]:
    """Send what the bundled HiGHS solver prints on file descriptor 1 to stderr.

    HiGHS 1.12 (in scipy 1.17) sometimes writes a debug line straight to the process's
    stdout (ERGO-Code/HiGHS#2783), past Python's sys.stdout: it would corrupt JSON output.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real file descriptor (e.g. captured in tests): nothing to guard
        yield
        return
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


@app.command("select")
@command
def select_command(
    portfolio: PortfolioArg,
    criteria: CriteriaOpt = None,
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget", min=0, help="Budget in EUR (default: the portfolio's).", show_default=False
        ),
    ] = None,
    fte: Annotated[
        float | None,
        typer.Option(
            "--fte", min=0, help="Staff in FTE (default: the portfolio's).", show_default=False
        ),
    ] = None,
    must: Annotated[
        list[str] | None,
        typer.Option(
            "--must",
            help="An item that must be selected (repeatable).",
            show_default=False,
            autocompletion=complete_items,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            help="An item that must not be selected (repeatable).",
            show_default=False,
            autocompletion=complete_items,
        ),
    ] = None,
    frontier: Annotated[
        bool, typer.Option("--frontier", help="Also trace the best value at 0–150 % budget.")
    ] = False,
    steps: Annotated[int, typer.Option("--steps", min=1, max=200, help="Frontier steps.")] = 20,
    output: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.table,
    lang: LangOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Select the most valuable set of items that fits the budget and the staff."""
    from afweging.analysis.pipeline import selection

    analysis = _analyse(portfolio, criteria, allow_missing)
    language = _language(analysis, lang)
    with _solver_quiet():
        report = selection(
            analysis, budget=budget, fte=fte, must=tuple(must or ()),
            exclude=tuple(exclude or ()), frontier_steps=steps if frontier else None,
        )  # fmt: skip
    if output is TableFormat.json:
        from afweging.render.data import to_json
        from afweging.render.selection import selection_document

        sys.stdout.write(to_json(selection_document(report, language)))
    elif output is TableFormat.csv:
        from afweging.render.selection import selection_csv

        sys.stdout.write(selection_csv(report, language))
    else:
        from afweging.render.selection import selection_view

        _show(selection_view(report, language))


def _memo_date() -> str:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for reproducible output."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        return moment.date().isoformat()
    return datetime.date.today().isoformat()


def _memo_charts(
    context: dict[str, Any], analysis: Analysis, language: Language, selection: Any
) -> dict[str, bytes]:
    """The memo's charts as PNG bytes, by file name."""
    from afweging.i18n import text
    from afweging.render import charts

    framework = analysis.loaded.framework
    shares = framework.weight_shares()
    weighted = [c for c in framework.criteria if shares[c.id] > 0]
    entries = analysis.ranking.items
    images = {
        "contributions.png": charts.contributions_chart(
            [e.item.name for e in entries],
            [c.label.get(language) for c in weighted],
            [
                [next(p.points for p in e.contributions if p.criterion == c.id) for c in weighted]
                for e in entries
            ],
            text("chart_points", language),
        )
    }
    robustness = context.get("robustness")
    if robustness:
        images["acceptability.png"] = charts.acceptability_chart(
            robustness["names"],
            robustness["acceptability"],
            {"x": text("chart_rank", language), "bar": text("chart_share", language)},
        )
    if selection is not None and selection.frontier and selection.selection.budget:
        images["frontier.png"] = charts.frontier_chart(
            [p.budget for p in selection.frontier],
            [p.value for p in selection.frontier],
            selection.selection.budget,
            {"x": text("chart_budget", language), "y": text("chart_value", language)},
        )
    return images


def _read_template(template: Path | None) -> str | None:
    """A user's memo template, read as UTF-8."""
    if template is None:
        return None
    from afweging.sources.loading import read_input
    from afweging.sources.yaml import decode

    name = str(template)
    return decode(read_input(template, name, "a Markdown template"), name)


def _memo_inputs(portfolio: Path, source: str, previous: Path | None) -> list[tuple[str, str]]:
    """(file, SHA-256) of every input of the memo: portfolio, framework, previous version."""
    import hashlib

    from afweging.sources.loading import builtin_path

    framework_file = (
        builtin_path(source.removeprefix("built-in:")) if source.startswith("built-in:")
        else Path(source)
    )  # fmt: skip
    files = [(str(portfolio), portfolio), (source, framework_file)]
    if previous is not None:
        files.append((str(previous), previous))
    return [(name, hashlib.sha256(path.read_bytes()).hexdigest()) for name, path in files]


@app.command()
@command
def memo(
    portfolio: PortfolioArg,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the memo here (default: stdout, no charts).",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", help="A Jinja2 template of your own (sandboxed).", show_default=False
        ),
    ] = None,
    charts: Annotated[
        bool, typer.Option("--charts/--no-charts", help="Write the charts next to the memo.")
    ] = True,
    samples: Annotated[
        int, typer.Option("--samples", min=100, help="Weight samples for robustness.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 20121101,
    top: Annotated[int, typer.Option("--top", min=1, help="The top k of robustness.")] = 5,
    as_of: AsOfOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing memo.")] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="An earlier version of the portfolio: adds a 'changes since' section.",
            show_default=False,
        ),
    ] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Write the priority memo (Markdown): ranking, review, robustness, selection."""
    import shlex

    from afweging.analysis.pipeline import robustness as run_robustness
    from afweging.analysis.pipeline import selection as run_selection
    from afweging.render.memo import (
        memo_context,
        render_memo,
        robustness_section,
        selection_section,
    )

    if out is not None and out.exists() and not force:
        raise InputError.single(str(out), "the file exists; nothing was written",
                                "use --force to replace it")  # fmt: skip
    user_template = _read_template(template)
    analysis = _analyse(portfolio, criteria, False, as_of)
    language = _language(analysis, lang)
    changes = None
    if previous is not None:
        from afweging.analysis.diff import compare
        from afweging.render.diff import changes_section

        changes = changes_section(compare(_analyse(previous, None, False), analysis), language)
    report = _with_progress(
        "robustness", lambda: run_robustness(analysis, samples=samples, seed=seed, top=top)
    )
    limits = analysis.loaded.portfolio.limits
    chosen = None
    if limits.budget_eur is not None or limits.staff_fte is not None:
        with _solver_quiet():
            chosen = run_selection(analysis, frontier_steps=20)
    inputs = _memo_inputs(portfolio, analysis.loaded.framework_source, previous)
    command_line = ["afweging", "memo", str(portfolio), "--lang", language, "--seed", str(seed),
                    "--samples", str(samples)]  # fmt: skip
    if previous is not None:
        command_line += ["--previous", str(previous)]
    context = memo_context(
        analysis,
        language,
        robustness=robustness_section(report, language),
        selection=selection_section(chosen, language) if chosen else None,
        inputs=inputs,
        reproducibility={
            "seed": seed,
            "samples": samples,
            "command": shlex.join(command_line),
            "date": _memo_date(),
        },
        changes=changes,
    )
    images: dict[str, bytes] = {}
    if out is not None and charts:
        images = _memo_charts(context, analysis, language, chosen)
        folder = f"{out.stem}_files"
        context["charts"] = {name.removesuffix(".png"): f"{folder}/{name}" for name in images}
    try:
        text_out = render_memo(context, user_template)
    except Exception as exc:
        if user_template is None:
            raise
        raise InputError.single(str(template), f"the template failed: {exc}") from None
    if out is None:
        sys.stdout.write(text_out)
        return
    from afweging.sources.editing import write_new_files

    charts_folder = out.parent / f"{out.stem}_files"
    write_new_files(
        [
            *((charts_folder / name, data, True) for name, data in images.items()),
            (out, text_out.encode("utf-8"), force),
        ]
    )
    sys.stderr.write(f"memo written to {out}" + (f" with {len(images)} charts" if images else "")
                     + "\n")  # fmt: skip


class ExportFormat(enum.StrEnum):
    """Output formats of ``export``."""

    csv = "csv"


class CsvDialect(enum.StrEnum):
    """How ``export`` writes CSV."""

    standard = "standard"
    excel_nl = "excel-nl"


@app.command()
@command
def export(
    portfolio: PortfolioArg,
    output: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.csv,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write to this file (default: stdout).", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    dialect: Annotated[
        CsvDialect,
        typer.Option(
            "--dialect",
            help="standard: commas and decimal points; excel-nl: semicolons, decimal commas"
            " and a BOM, as a Dutch Excel opens and saves CSV.",
        ),
    ] = CsvDialect.standard,
    criteria: CriteriaOpt = None,
) -> None:
    """Write the portfolio's items as CSV, one row per item: for a spreadsheet, or to be
    read back as a portfolio's items_from."""
    from afweging.render.export import portfolio_csv
    from afweging.sources.loading import load_portfolio

    if out is not None and out.exists() and not force:
        raise InputError.single(str(out), "the file exists; nothing was written",
                                "use --force to replace it")  # fmt: skip
    loaded = load_portfolio(portfolio, criteria, allow_missing=True)
    data = portfolio_csv(loaded.portfolio, loaded.framework, dialect.value).encode("utf-8")
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from afweging.sources.editing import write_new_file

    write_new_file(out, data, force=force)
    count = len(loaded.portfolio.items)
    sys.stderr.write(f"{count} item{'' if count == 1 else 's'} written to {out}\n")


class SchemaKind(enum.StrEnum):
    """The file formats ``schema`` describes."""

    framework = "framework"
    portfolio = "portfolio"


@app.command()
@command
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="framework or portfolio.")],
) -> None:
    """Print the JSON Schema of a file format (for editors with the YAML language server)."""
    from afweging.render.data import to_json
    from afweging.sources.schema import json_schema

    sys.stdout.write(to_json(json_schema(kind.value)))


@app.command()
@command
def init(
    folder: Annotated[
        Path, typer.Argument(help="Where to write the files (default: here).")
    ] = Path(),
    framework_id: Annotated[
        str,
        typer.Option(
            "--framework",
            help="The built-in framework to copy.",
            autocompletion=complete_frameworks,
        ),
    ] = "benelux",
    lang: LangOpt = None,
) -> None:
    """Start a weighing: a copy of a built-in framework and a starter portfolio."""
    import datetime

    from afweging.render.data import to_json
    from afweging.sources.editing import write_new_file
    from afweging.sources.loading import builtin_path, load_framework
    from afweging.sources.schema import json_schema
    from afweging.sources.starter import starter_portfolio

    framework, _ = load_framework(framework_id)
    language: Language = "en" if (lang.value if lang else framework.language) == "en" else "nl"
    copy = builtin_path(framework_id).read_text(encoding="utf-8").splitlines(keepends=True)
    if copy and copy[0].startswith("# yaml-language-server:"):
        copy[0] = "# yaml-language-server: $schema=framework.schema.json\n"
    files = {
        f"{framework_id}.yaml": "".join(copy),
        "portfolio.yaml": starter_portfolio(
            framework, f"{framework_id}.yaml", language, datetime.date.today().year
        ),
        "framework.schema.json": to_json(json_schema("framework")),
        "portfolio.schema.json": to_json(json_schema("portfolio")),
    }
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        typer.echo(
            f"nothing changed: {', '.join(str(folder / n) for n in existing)} already"
            f" exist{'s' if len(existing) == 1 else ''} (init never overwrites)"
        )
        return
    for name, content in files.items():
        write_new_file(folder / name, content.encode("utf-8"))
        typer.echo(f"wrote {folder / name}")
    portfolio = folder / "portfolio.yaml"
    typer.echo("next:")
    typer.echo(f"  afweging check {portfolio}")
    typer.echo(f"  afweging rank {portfolio}")
    typer.echo(f"  afweging score {portfolio}    # add your first initiative")


class DiffFormat(enum.StrEnum):
    """Output formats of ``diff``."""

    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("diff")
@command
def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier portfolio file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later portfolio file.", show_default=False)],
    output: Annotated[
        DiffFormat, typer.Option("--format", help="Output format.")
    ] = DiffFormat.table,
    lang: LangOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Compare two versions of a portfolio: items added, removed and changed, rank moves,
    flags and gates, and weight changes."""
    from afweging.analysis.diff import compare

    before = _analyse(old, None, allow_missing)
    after = _analyse(new, None, allow_missing)
    language = _language(after, lang)
    result = compare(before, after)
    if output is DiffFormat.json:
        from afweging.render.data import to_json
        from afweging.render.diff import diff_document

        sys.stdout.write(to_json(diff_document(result, language)))
    elif output is DiffFormat.markdown:
        from afweging.render.diff import diff_markdown

        sys.stdout.write(diff_markdown(result, language))
    else:
        from afweging.render.diff import diff_view

        _show(diff_view(result, language))


@app.command()
@command
def frameworks(
    output: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.table,
    lang: LangOpt = None,
) -> None:
    """List the built-in frameworks."""
    from afweging.sources.loading import builtin_ids, builtin_path, load_framework

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


def _only(command_name: str | None) -> typer.Typer:
    """The app with only the command about to run, when the command line names one.

    typer builds the click command of every registered command at each start, reading
    every signature: with fifteen commands that is a good part of the start-up. Help,
    version, shell completion and unknown names get the whole app, so they behave as
    before (and typer still reports an unknown command as a usage error).
    """
    if command_name is None or os.environ.get("_AFWEGING_COMPLETE"):
        return app
    commands = [
        info
        for info in app.registered_commands
        if (info.name or getattr(info.callback, "__name__", "").replace("_", "-")) == command_name
    ]
    groups = [info for info in app.registered_groups if info.name == command_name]
    if not commands and not groups:
        return app
    slim = typer.Typer(
        name="afweging",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,
    )
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    return slim


def _command_name(args: list[str]) -> str | None:
    """The first word of the command line that is not a global option."""
    for arg in args:
        if arg in ("--help", "--version", "--install-completion", "--show-completion"):
            return None
        if not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """Console-script entry point."""
    from afweging.cli.startup import skip_cyclic_gc, skip_pydantic_plugin_discovery

    skip_pydantic_plugin_discovery()
    skip_cyclic_gc()
    _degrade_on_a_narrow_terminal()
    _keep["on"] = True
    code = _run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        code = code or EXIT_INPUT
    # End without tearing down: the analysis of a large portfolio is millions of objects
    # (kept alive in _kept), and freeing them one by one takes longer than ranking them.
    # Every file afweging writes is closed and fsynced by then; nothing runs at exit.
    os._exit(code)


_keep = {"on": False}
_kept: list[object] = []


def _keep_alive(value: object) -> None:
    """Under ``main``, keep a large result alive until the process ends (see ``main``);
    in a library or test process, do nothing."""
    if _keep["on"]:
        _kept.append(value)


# What a terminal that cannot show a character gets instead: ASCII for the typographic
# characters of the tool's own output; every other character as a \uXXXX escape.
_ASCII = {
    "—": "-", "–": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "→": "->",
    "≤": "<=", "≥": ">=", "×": "x", "·": ".", "•": "*", "█": "#", "░": ".", "▏": "|",
}  # fmt: skip


def _degrade_on_a_narrow_terminal() -> None:
    """On a terminal whose encoding is not UTF-8 (``PYTHONIOENCODING=latin-1``, an old
    Windows console), characters it cannot encode are replaced rather than failing the
    command: the typographic ones by ASCII, others by a ``\\uXXXX`` escape. JSON output
    then uses such escapes itself (``render.data.to_json``) and stays exact."""
    import codecs

    from afweging.render import json_escape, takes_utf8

    def fallback(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        part = error.object[error.start : error.end]
        return "".join(_ASCII.get(c) or json_escape(c) for c in part), error.end

    for stream in (sys.stdout, sys.stderr):
        if not takes_utf8(stream) and hasattr(stream, "reconfigure"):
            codecs.register_error("afweging", fallback)
            stream.reconfigure(errors="afweging")


def _run(args: list[str]) -> int:
    """Run the command line; the exit code. typer runs in its non-standalone mode, so that
    a usage error is one line here rather than click's four, and what fails outside the
    commands' funnel (``--version`` or ``--help`` into a full disk or a closed pipe)
    gets the same treatment as inside it."""
    # click's exceptions, from typer's own copy of click or from click itself.
    clicks = sys.modules[typer.BadParameter.__module__]
    no_arguments = getattr(clicks, "NoArgsIsHelpError", ())  # click 8.2 and later
    try:
        code = _only(_command_name(args))(args=args, prog_name="afweging", standalone_mode=False)
        sys.stdout.flush()
    except no_arguments as exc:
        exc.show()
        return int(exc.exit_code)
    except clicks.UsageError as exc:
        _err(_usage_line(exc))
        return int(exc.exit_code)
    except clicks.ClickException as exc:
        _err(f"afweging: {exc.format_message()}")
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _err("afweging: interrupted — no files were changed")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except SystemExit:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # click met a closed pipe
            _silence_stdout()
            return 0
        raise
    except Exception as exc:  # noqa: BLE001 — outside the commands' funnel: the same rules
        return _outside_failure(exc)
    return code if isinstance(code, int) else 0


def _outside_failure(exc: Exception) -> int:
    """A failure outside the commands' funnel (while parsing, in ``--version``): one line
    and the exit code, as inside it."""
    try:
        _failed(exc)
    except typer.Exit as done:
        return int(done.exit_code)


def _usage_line(exc: Any) -> str:
    """click's usage error as one line: what is wrong, and where to read the usage."""
    words = exc.ctx.command_path.split() if exc.ctx is not None else ["afweging"]
    words[0] = "afweging"
    command = " ".join(words)
    return f"{command}: {exc.format_message()} — see '{command} --help'"
