"""``memo``: the priority memo (Markdown) with its charts."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from afweging.cli.funnel import command, err
from afweging.cli.options import (
    AsOfOpt,
    CriteriaOpt,
    LangOpt,
    PortfolioArg,
    analyse_file,
    analysed,
    option,
)
from afweging.cli.terminal import with_progress, with_progress_bar
from afweging.errors import InputError


def _memo_date() -> str:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for reproducible output."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        return moment.date().isoformat()
    return datetime.date.today().isoformat()


def _read_template(template: Path | None) -> str | None:
    """A user's memo template, read as UTF-8."""
    if template is None:
        return None
    from afweging.sources.files import decode, read_input

    name = str(template)
    return decode(read_input(template, name, "a Markdown template").data, name)


@command
def memo(
    portfolio: PortfolioArg,
    out: Annotated[
        Path | None,
        option(
            "-o",
            "--output",
            help="Write the memo here: FILE.md (Markdown, charts beside it) or FILE.docx"
            " (Word, charts inside). Default (or -o -): Markdown on stdout, no charts.",
        ),
    ] = None,
    reference_doc: Annotated[
        Path | None,
        option(
            "--reference-doc",
            help="A house-style .docx whose styles the Word memo takes (with -o FILE.docx).",
        ),
    ] = None,
    lang: LangOpt = None,
    template: Annotated[
        Path | None,
        option("--template", help="A Jinja2 template of your own (sandboxed)."),
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
        option(
            "--previous",
            help="An earlier version of the portfolio: adds a 'changes since' section.",
        ),
    ] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Write the priority memo (Markdown or Word): ranking, review, robustness, selection."""
    import shlex

    from afweging.analysis.pipeline import robustness as run_robustness
    from afweging.analysis.pipeline import selection as run_selection
    from afweging.cli.options import refuse_existing
    from afweging.render.memo import (
        memo_context,
        render_memo,
        robustness_section,
        selection_section,
    )

    out = refuse_existing(out, force)
    word = _memo_kind(out, reference_doc) == "docx"
    reference = _read_reference(reference_doc)
    user_template = _read_template(template)
    analysis, lang_out = analysed(portfolio, criteria, lang, False, as_of)
    inputs = list(analysis.loaded.inputs)
    changes = None
    if previous is not None:
        from afweging.analysis.diff import compare
        from afweging.render.diff import changes_section

        before = analyse_file(previous, None, False)
        inputs += [read for read in before.loaded.inputs if read not in inputs]
        changes = changes_section(compare(before, analysis), lang_out)
    report = with_progress(
        "robustness", lambda: run_robustness(analysis, samples=samples, seed=seed, top=top)
    )
    from afweging.analysis.decision import decide
    from afweging.render.memo_decision import barred, decision_charts, with_decision

    decision = with_progress_bar(
        "decide", lambda progress: decide(analysis, samples=samples, seed=seed, progress=progress)
    )
    limits = analysis.loaded.portfolio.limits
    chosen = None
    if limits.budget_eur is not None or limits.staff_fte is not None:
        # the frontier of what the verdicts allow to fund
        chosen = with_progress(
            "select",
            lambda: run_selection(analysis, frontier_steps=20, exclude=barred(decision), explain=0),
        )
    command_line = ["afweging", "memo", str(portfolio), "--lang", lang_out, "--seed", str(seed),
                    "--samples", str(samples)]  # fmt: skip
    if previous is not None:
        command_line += ["--previous", str(previous)]
    context = memo_context(
        analysis,
        lang_out,
        robustness=robustness_section(report, lang_out),
        selection=selection_section(chosen, lang_out) if chosen else None,
        inputs=inputs,
        reproducibility={
            "seed": seed,
            "samples": samples,
            "command": shlex.join(command_line),
            "date": _memo_date(),
        },
        changes=changes,
    )
    context = with_decision(context, decision, lang_out)  # the memo opens with the decision
    images: dict[str, bytes] = {}
    if out is not None and charts:
        images = decision_charts(context, decision, lang_out, chosen)
        folder = f"{out.stem}_files"
        context["charts"] = {name.removesuffix(".png"): f"{folder}/{name}" for name in images}
    try:
        text_out = render_memo(context, user_template)
    except Exception as exc:
        if user_template is None:
            raise
        raise template_error(str(template), exc) from None
    if out is None:
        sys.stdout.write(text_out)
        return
    _write_memo(out, text_out, images, force, word=word, reference=reference,
                title=analysis.loaded.portfolio.title)  # fmt: skip


def template_error(name: str, exc: Exception) -> InputError:
    """A user's template that failed, at its line: a syntax error, or an error while the
    memo was rendered (an unknown variable, a division by zero)."""
    import traceback

    import jinja2

    line = getattr(exc, "lineno", None)
    if line is None:  # raised while rendering: the template's own frame holds the line
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
        line = frames[-1].lineno if frames else None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return InputError.single(name, f"template syntax error: {exc.message}", "", line, 1)
    return InputError.single(name, f"the template failed: {exc}", "", line, 1 if line else None)


def _write_memo(
    out: Path,
    text_out: str,
    images: dict[str, bytes],
    force: bool,
    *,
    word: bool,
    reference: bytes | None,
    title: str,
) -> None:
    """Write the memo: Markdown with its charts in ``STEM_files/`` beside it, or a Word
    document with the charts inside."""
    from afweging.sources.editing import write_new_files

    if word:
        from afweging.render.docx import render_docx

        embedded = {f"{out.stem}_files/{name}": data for name, data in images.items()}
        document = render_docx(text_out, embedded, reference=reference, title=title)
        write_new_files([(out, document, force)])
    else:
        charts_folder = out.parent / f"{out.stem}_files"
        write_new_files(
            [
                *((charts_folder / name, data, True) for name, data in images.items()),
                (out, text_out.encode("utf-8"), force),
            ]
        )
    err(f"memo written to {out}" + (f" with {len(images)} charts" if images else ""))


MEMO_SUFFIXES = {".md": "markdown", ".docx": "docx"}
"""What ``memo -o`` writes, by the file's suffix."""


def _memo_kind(out: Path | None, reference_doc: Path | None) -> str:
    """``markdown`` or ``docx`` by the suffix of ``-o``; any other suffix is a usage error."""
    from afweging.errors import UsageError

    kind = "markdown" if out is None else MEMO_SUFFIXES.get(out.suffix.lower())
    if kind is None:
        raise UsageError(
            f"-o {out}: the memo is written as FILE.md (Markdown) or FILE.docx (Word),"
            f" not '{out.suffix if out else ''}'"
        )
    if reference_doc is not None and kind != "docx":
        raise UsageError("--reference-doc styles a Word memo: use it with -o FILE.docx")
    return kind


def _read_reference(reference_doc: Path | None) -> bytes | None:
    """A house-style .docx, read and checked to be a Word document."""
    if reference_doc is None:
        return None
    import io
    import zipfile

    from afweging.sources.files import read_input

    data = read_input(reference_doc, str(reference_doc), "a Word document (.docx)").data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise InputError.single(str(reference_doc), "this is not a Word document (.docx)",
                                "save the house-style document as .docx") from None  # fmt: skip
    return data
