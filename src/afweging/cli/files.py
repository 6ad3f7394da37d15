"""The commands about files: ``check``, ``init``, ``export``, ``schema``, ``frameworks``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from afweging.cli.funnel import command, err
from afweging.cli.options import (
    AllowMissingOpt,
    CriteriaOpt,
    ExportFormat,
    ForceOpt,
    FrameworksFormat,
    Lang,
    LangOpt,
    PortfolioArg,
    complete_frameworks,
    language,
    option,
    refuse_existing,
)


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@command
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Framework and portfolio files.", show_default=False)
    ],
    allow_missing: AllowMissingOpt = False,
    criteria: Annotated[
        str | None,
        option(
            "--criteria",
            help="Framework file or built-in id for CSV files of items (default: benelux).",
            autocompletion=complete_frameworks,
        ),
    ] = None,
) -> None:
    """Validate framework and portfolio files; print one 'ok' line per valid file."""
    from afweging.errors import InputError, Problem
    from afweging.sources.files import source_of
    from afweging.sources.loading import (
        document_kind,
        load_framework_document,
        load_portfolio,
        read_document,
    )

    problems: list[Problem] = []
    for path in files:
        try:
            if source_of(path) != "yaml":  # a file of items only, scored on --criteria
                loaded = load_portfolio(path, criteria, allow_missing=allow_missing)
                typer.echo(
                    f"ok {path}: items, {_count(len(loaded.portfolio.items), 'row')},"
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
                typer.echo(
                    f"ok {path}: portfolio, {_count(len(loaded.portfolio.items), 'item')},"
                    f" framework '{loaded.framework.id}'"
                )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)


class CsvDialect(enum.StrEnum):
    """How ``export`` writes CSV."""

    standard = "standard"
    excel_nl = "excel-nl"


@command
def export(
    portfolio: PortfolioArg,
    output: ExportFormat = "csv",
    out: Annotated[
        Path | None,
        option("-o", "--output", help="Write to this file (default, or -o -: stdout)."),
    ] = None,
    force: ForceOpt = False,
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

    out = refuse_existing(out, force)
    loaded = load_portfolio(portfolio, criteria, allow_missing=True)
    if output == "xlsx":  # the items sheet in the CSV layout: readable back as a source
        from afweging.render.xlsx import tables_xlsx

        if out is None and sys.stdout.isatty():
            from afweging.errors import UsageError

            raise UsageError("--format xlsx writes a workbook: use -o FILE.xlsx or redirect it")
        data = tables_xlsx([("items", portfolio_csv(loaded.portfolio, loaded.framework))])
    else:
        data = portfolio_csv(loaded.portfolio, loaded.framework, dialect.value).encode("utf-8")
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from afweging.sources.editing import write_new_file

    write_new_file(out, data, force=force)
    err(f"{_count(len(loaded.portfolio.items), 'item')} written to {out}")


class SchemaKind(enum.StrEnum):
    """The file formats ``schema`` describes."""

    framework = "framework"
    portfolio = "portfolio"


@command
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="framework or portfolio.")],
) -> None:
    """Print the JSON Schema of a file format (for editors with the YAML language server)."""
    from afweging.render.json import to_json
    from afweging.sources.schema import json_schema

    sys.stdout.write(to_json(json_schema(kind.value)))


@command
def init(
    folder: Annotated[
        Path, typer.Argument(help="Where to write the files (default: here).")
    ] = Path(),
    framework_id: Annotated[
        str,
        typer.Option(
            "--framework",
            help="The framework to copy: a built-in id, or the path of a framework file.",
            autocompletion=complete_frameworks,
        ),
    ] = "benelux",
    lang: LangOpt = None,
) -> None:
    """Start a weighing: a copy of a framework and a starter portfolio."""
    from afweging.render import printable
    from afweging.sources.editing import write_new_files

    files = _starter_files(framework_id, lang)
    differing = []
    missing = []
    for name, content in files.items():
        target = folder / name
        if not target.exists() and not target.is_symlink():
            missing.append((target, content, False))
        elif not target.is_file() or target.read_bytes() != content:
            differing.append(target)
    if differing:
        typer.echo(
            printable(
                f"nothing changed: {', '.join(map(str, differing))} already"
                f" exist{'s' if len(differing) == 1 else ''} (init never overwrites)"
            )
        )
        return
    write_new_files(missing)  # all at once, or none of them
    for target, _, _ in missing:
        typer.echo(printable(f"wrote {target}"))
    portfolio = printable(str(folder / "portfolio.yaml"))
    typer.echo("next:")
    typer.echo(f"  afweging check {portfolio}")
    typer.echo(f"  afweging rank {portfolio}")
    typer.echo(f"  afweging score {portfolio}    # add your first initiative")


def _starter_files(reference: str, lang: Lang | None) -> dict[str, bytes]:
    """What ``init`` writes, by file name: the framework (a built-in id or a file) copied,
    a starter portfolio on it, and the two JSON Schemas. A file that a previous ``init``
    left exactly so is complete; ``init`` writes only what is missing."""
    import datetime

    from afweging.render.json import to_json
    from afweging.sources.files import builtin_ids, builtin_path, decode, read_input
    from afweging.sources.loading import load_framework
    from afweging.sources.schema import json_schema
    from afweging.sources.starter import starter_portfolio

    framework, _ = load_framework(reference)
    if reference in builtin_ids():
        source, name = builtin_path(reference), f"{reference}.yaml"
    else:
        source, name = Path(reference), Path(reference).name
    text = decode(read_input(source, str(source)).data, str(source))
    copy = text.splitlines(keepends=True)
    if copy and copy[0].startswith("# yaml-language-server:"):
        copy[0] = "# yaml-language-server: $schema=framework.schema.json\n"
    starter = starter_portfolio(
        framework, name, language(lang, framework.language), datetime.date.today().year
    )
    return {
        name: "".join(copy).encode("utf-8"),
        "portfolio.yaml": starter.encode("utf-8"),
        "framework.schema.json": to_json(json_schema("framework")).encode("utf-8"),
        "portfolio.schema.json": to_json(json_schema("portfolio")).encode("utf-8"),
    }


@command
def frameworks(output: FrameworksFormat = "table", lang: LangOpt = None) -> None:
    """List the built-in frameworks."""
    from afweging.render.frameworks import render_frameworks
    from afweging.sources.files import builtin_ids, builtin_path
    from afweging.sources.loading import load_framework

    shipped = []
    for framework_id in builtin_ids():
        framework, _ = load_framework(framework_id)
        shipped.append((framework, str(builtin_path(framework_id))))
    sys.stdout.write(render_frameworks(output, shipped, lang.value if lang else None))
