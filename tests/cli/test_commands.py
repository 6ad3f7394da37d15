"""The commands as a user runs them: output, formats, exit codes and escaping."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from afweging import __version__
from tests.helpers import EXAMPLE, FRAMEWORK, ROOT, Run

SCHEMA = json.loads((ROOT / "docs" / "ranking.schema.json").read_text(encoding="utf-8"))

Mini = Callable[[list[dict[str, Any]]], Path]


def test_rank_prints_the_table_in_plain_text_when_piped(cli: Callable[..., Run]) -> None:
    """Without a terminal, rank prints aligned plain text: no box drawing, no escapes."""
    run = cli("rank", EXAMPLE, "--lang", "en")
    assert run.exit_code == 0
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "Benelux-samenwerking: werkgroepen en voorstellen 2013 — framework benelux,"
        " as of 2012-11-01"
    )
    assert lines[2].split() == ["rank", "id", "name", "kind", "cluster", "total", "gates", "flags"]
    assert lines[3].split()[:2] == ["1", "waterstofcorridor"]
    assert "55.0  ###########  ok" in lines[3]
    assert "✗ draagvlak (BE)" in run.stdout
    assert "13 items: 10 ranked, 3 fail a gate." in run.stdout
    assert "\x1b" not in run.stdout
    assert "│" not in run.stdout
    assert "━" not in run.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [("rank", ["rank", "--lang", "en"]), ("explain", ["explain", "ambulance", "--lang", "en"])],
)
def test_the_readme_examples_are_the_output(
    cli: Callable[..., Run], name: str, args: list[str]
) -> None:
    """The README's rank and explain examples are the commands' output, byte for byte."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {name}-example -->\n```console\n\$ [^\n]*\n(.*?)```\n", readme, re.S)
    assert found is not None
    command, *rest = args
    assert found.group(1) == cli(command, EXAMPLE, *rest).stdout


def test_rank_speaks_dutch_by_default(cli: Callable[..., Run]) -> None:
    """The framework's language (nl for benelux) is the default language of the output."""
    run = cli("rank", EXAMPLE)
    assert "rang" in run.stdout.splitlines()[2]
    assert "13 items: 10 gerangschikt, 3 halen een poort niet." in run.stdout


def test_rank_json_validates_against_the_documented_contract(cli: Callable[..., Run]) -> None:
    """The JSON document validates against docs/ranking.schema.json."""
    run = cli("rank", EXAMPLE, "--format", "json")
    assert run.exit_code == 0
    document = json.loads(run.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["schema"] == "afweging/ranking"
    assert document["tool_version"] == __version__
    assert document["counts"] == {"items": 13, "viable": 10, "not_viable": 3, "shown": 13}
    assert list(document) == [
        "schema", "schema_version", "tool_version", "language", "portfolio", "framework",
        "method", "tie_tolerance", "criteria", "counts", "review_as_of", "items", "missing",
    ]  # fmt: skip


def test_rank_top_limits_every_format(cli: Callable[..., Run]) -> None:
    """--top N shows the items ranked N or better (a tie at the cut kept whole) in every format."""
    table = cli("rank", EXAMPLE, "--top", "3", "--lang", "en").stdout
    assert "9 more items not shown (--top 3: only rank 3 or better)." in table
    assert "energieforum" in table
    assert "veterinair" not in table
    document = json.loads(cli("rank", EXAMPLE, "--top", "3", "--format", "json").stdout)
    assert [i["id"] for i in document["items"]] == [
        "waterstofcorridor", "ambulance", "ambulance-gegevens", "energieforum",
    ]  # fmt: skip
    assert document["counts"]["shown"] == 4
    rows = list(
        csv.reader(io.StringIO(cli("rank", EXAMPLE, "--top", "2", "--format", "csv").stdout))
    )
    assert len(rows) == 3


def test_rank_csv_has_one_row_per_item_and_a_column_per_criterion(
    cli: Callable[..., Run],
) -> None:
    """CSV: one row per item, unrounded totals, one contribution column per criterion."""
    rows = list(csv.DictReader(io.StringIO(cli("rank", EXAMPLE, "--format", "csv").stdout)))
    assert len(rows) == 13
    ambulance = next(r for r in rows if r["id"] == "ambulance")
    assert float(ambulance["total"]) == pytest.approx(45.0)
    assert float(ambulance["grensbarrieres"]) == pytest.approx(25.0)
    opleiding = next(r for r in rows if r["id"] == "politie-opleidingen")
    assert (opleiding["rank"], opleiding["viable"], opleiding["failed_gates"]) == (
        "", "false", "beneluxniveau",
    )  # fmt: skip


def test_explain_shows_the_working_and_the_margins(cli: Callable[..., Run]) -> None:
    """explain lists score, value, weight share, contribution and rationale, then the margins."""
    run = cli("explain", EXAMPLE, "ambulance", "--lang", "en")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "Ambulancebeschikking (ambulance): rank 2 of 10, total 45.0 of 100"
    border = next(line for line in lines if line.startswith("Removing border barriers"))
    assert border.split()[3:7] == ["+++", "1.00", "25.0%", "25.00"]
    total = next(line for line in lines if line.startswith("total"))
    assert total.split() == ["total", "100.0%", "45.00"]
    assert lines[-1] == (
        "margin: 10.00 points behind Pilot Benelux-waterstof- en energiecorridor (rank 1, 55.0);"
        " 1.67 points ahead of Grensoverschrijdende uitwisseling van ambulance- en"
        " patiëntgegevens (rank 3, 43.3)"
    )


def test_explain_names_a_tie(cli: Callable[..., Run]) -> None:
    """Within a tie the margin says 'tied with' instead of a zero gap."""
    run = cli("explain", EXAMPLE, "energieforum", "--lang", "en")
    assert "tied with Grensoverschrijdende uitwisseling" in run.stdout


def test_explain_of_an_item_failing_a_gate(cli: Callable[..., Run]) -> None:
    """An item failing a gate is explained as not ranked, with who failed the gate."""
    run = cli("explain", EXAMPLE, "jeugdbeleid", "--lang", "en")
    assert run.stdout.splitlines()[0] == (
        "Jeugdbeleid (jeugdbeleid): not ranked (fails a gate), total 36.7 of 100"
    )
    assert "failed — not reached by LU" in run.stdout


def test_explain_json(cli: Callable[..., Run]) -> None:
    """explain --format json gives the item and the margins to its neighbours."""
    document = json.loads(cli("explain", EXAMPLE, "ambulance", "--format", "json").stdout)
    assert document["item"]["rank"] == 2
    assert document["above"]["id"] == "waterstofcorridor"
    assert document["above"]["margin"] == pytest.approx(10.0)
    assert document["below"]["margin"] == pytest.approx(45.0 - 130 / 3)


def test_explain_unknown_item_is_a_usage_error(cli: Callable[..., Run]) -> None:
    """An unknown item id exits 2 with a did-you-mean."""
    run = cli("explain", EXAMPLE, "ambulanse")
    assert run.exit_code == 2
    assert run.stderr == (
        f"afweging: no item 'ambulanse' in {EXAMPLE} — did you mean 'ambulance'?\n"
    )


def test_check_prints_one_ok_line_per_file(cli: Callable[..., Run]) -> None:
    """check recognises a framework and a portfolio and prints one ok line for each."""
    run = cli("check", FRAMEWORK, EXAMPLE)
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        f"ok {FRAMEWORK}: framework 'benelux', 10 criteria",
        f"ok {EXAMPLE}: portfolio, 13 items, framework 'benelux'",
    ]


def test_frameworks_lists_the_builtin(cli: Callable[..., Run]) -> None:
    """frameworks lists the built-in Benelux framework with its title."""
    run = cli("frameworks", "--lang", "en")
    assert run.stdout.splitlines()[0] == (
        "benelux: Weighing framework for Benelux cooperation (10 criteria)"
    )
    document = json.loads(cli("frameworks", "--format", "json").stdout)
    assert [f["id"] for f in document["frameworks"]] == ["benelux"]


def test_builtin_framework_is_the_shipped_criteria_file() -> None:
    """criteria/benelux.yaml is the very file embedded in the package."""
    from afweging.sources.files import builtin_path

    assert FRAMEWORK.read_bytes() == builtin_path("benelux").read_bytes()


def test_criteria_option_overrides_the_portfolio_framework(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """--criteria FILE ranks with another framework; other weights give other totals."""
    text = FRAMEWORK.read_text(encoding="utf-8").replace("weight: 25", "weight: 0", 1)
    other = tmp_path / "zonder-grens.yaml"
    other.write_text(text, encoding="utf-8")
    document = json.loads(cli("rank", EXAMPLE, "--criteria", other, "--format", "json").stdout)
    ambulance = next(i for i in document["items"] if i["id"] == "ambulance")
    assert ambulance["total"] == pytest.approx((15 * 2 + 15 * 2) / 3 / 75 * 100)
    assert document["framework"]["source"] == str(other)


def test_unknown_builtin_framework_is_a_usage_error(cli: Callable[..., Run]) -> None:
    """--criteria with an id that is neither a file nor a built-in exits 2."""
    run = cli("rank", EXAMPLE, "--criteria", "benelx")
    assert run.exit_code == 2
    assert run.stderr == (
        "afweging: unknown framework 'benelx' — built-in frameworks: benelux;"
        " or give a path to a framework file\n"
    )


def test_version(cli: Callable[..., Run]) -> None:
    """--version prints the version."""
    assert cli("--version").stdout == f"afweging {__version__}\n"


def test_bad_option_is_a_usage_error(cli: Callable[..., Run]) -> None:
    """An unknown --format value exits 2 (typer's own usage error)."""
    assert cli("rank", EXAMPLE, "--format", "xml").exit_code == 2
    assert cli("rank", EXAMPLE, "--top", "0").exit_code == 2


def test_missing_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    """A portfolio that does not exist is an input error naming the file."""
    run = cli("rank", tmp_path / "nope.yaml")
    assert run.exit_code == 1
    assert run.stderr == f"{tmp_path / 'nope.yaml'}: no such file — check the path\n"


def test_internal_error_is_one_line_and_exit_3(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bug exits 3 with one line; --debug adds the traceback."""
    import afweging.analysis.pipeline

    def boom(*_: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(afweging.analysis.pipeline, "analyse", boom)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None  # read TMPDIR again
    try:
        run = cli("rank", EXAMPLE)
    finally:
        tempfile.tempdir = None
    assert run.exit_code == 3
    match = re.fullmatch(
        "afweging: internal error: RuntimeError: kaboom — this is a bug; the traceback is in"
        " (.*afweging-error-.*[.]log); please report it\n",
        run.stderr,
    )
    assert match is not None, run.stderr
    log = Path(match.group(1))
    assert log.parent == tmp_path
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert logged.rstrip().endswith("RuntimeError: kaboom")
    debug = cli("--debug", "rank", EXAMPLE)
    assert debug.exit_code == 3
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.endswith("this is a bug; the traceback is above; please report it\n")


def test_interrupt_exits_130(cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C exits 130 with one line saying nothing was changed."""
    import afweging.analysis.pipeline

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(afweging.analysis.pipeline, "analyse", interrupted)
    run = cli("rank", EXAMPLE)
    assert run.exit_code == 130
    assert run.stderr == "afweging: interrupted — no files were changed\n"


# Control characters never get this far (text fields refuse them: see test_hostile.py);
# markup, links and emoji codes are ordinary characters and must stay as written.
HOSTILE = "[red]rood[/red] [link=https://example.invalid]klik[/link] :smile:"


@pytest.mark.parametrize("output", ["table", "json"])
def test_user_text_is_shown_literally(cli: Callable[..., Run], mini: Mini, output: str) -> None:
    """Markup, links and emoji codes in user text are shown as written."""
    path = mini([{"id": "x", "name": HOSTILE, "scores": {"a": "+", "b": "+", "c": "+"}}])
    run = cli("rank", path, "--format", output)
    assert run.exit_code == 0
    assert "\x1b" not in run.stdout
    if output == "json":
        assert json.loads(run.stdout)["items"][0]["name"] == HOSTILE
    else:
        assert HOSTILE in run.stdout


def test_user_text_is_literal_in_the_rich_table(mini: Mini) -> None:
    """On a terminal (rich), markup and emoji codes in user text are still literal."""
    from rich.console import Console

    from afweging.analysis.pipeline import analyse
    from afweging.render.text import rank_view, rich_view
    from afweging.sources.loading import load_portfolio

    path = mini([{"id": "x", "name": HOSTILE, "scores": {"a": "+", "b": "+", "c": "+"}}])
    view = rank_view(analyse(load_portfolio(path)), "en", None, fancy=True)
    console = Console(file=io.StringIO(), width=300, force_terminal=True, color_system=None)
    console.print(rich_view(view))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert HOSTILE in out
    assert "😄" not in out


def test_no_color_on_a_terminal_prints_no_colour_codes(mini: Mini) -> None:
    """With NO_COLOR set, rich on a terminal emits no colour escape sequences."""
    from rich.console import Console

    from afweging.analysis.pipeline import analyse
    from afweging.render.text import rank_view, rich_view
    from afweging.sources.loading import load_portfolio

    path = mini([{"id": "x", "name": "X", "scores": {"a": "+", "b": "+", "c": "+"}}])
    view = rank_view(analyse(load_portfolio(path)), "en", None, fancy=True)
    console = Console(file=io.StringIO(), force_terminal=True, no_color=True, width=200)
    console.print(rich_view(view))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[3" not in out  # no foreground colour
    assert "█" in out


@pytest.mark.parametrize("method", ["weighted-product", "topsis", "promethee-ii"])
def test_rank_by_another_method(cli: Callable[..., Run], method: str) -> None:
    """--method ranks by that method's score; totals stay the weighted sum's; JSON validates."""
    run = cli("rank", EXAMPLE, "--method", method, "--format", "json")
    assert run.exit_code == 0, run.stderr
    document = json.loads(run.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["method"] == method
    viable = [i for i in document["items"] if i["viable"]]
    scores = [i["score"] for i in viable]
    assert scores == sorted(scores, reverse=True)
    assert next(i for i in viable if i["id"] == "ambulance")["total"] == pytest.approx(45.0)
    table = cli("rank", EXAMPLE, "--method", method, "--lang", "en").stdout
    assert f"score ({method})" in table.splitlines()[2]


def test_rank_by_topsis_matches_the_kernel(cli: Callable[..., Run]) -> None:
    """rank --method topsis orders the viable items by mcda.topsis's closeness."""
    from afweging.analysis import methods as mcda
    from afweging.analysis.pipeline import analyse
    from afweging.sources.loading import load_portfolio

    matrix = analyse(load_portfolio(EXAMPLE)).matrix
    expected = mcda.scores("topsis", matrix)
    document = json.loads(cli("rank", EXAMPLE, "--method", "topsis", "--format", "json").stdout)
    by_id = {i["id"]: i["score"] for i in document["items"]}
    for item, score in zip(matrix.items, expected, strict=True):
        assert by_id[item.id] == score


def test_no_arguments_print_the_help_and_a_usage_error_is_one_line(tmp_path: Path) -> None:
    """``afweging`` alone prints the help (exit 2, as click does); a usage error is one
    line that names the command and where its usage is, exit 2; --version prints it."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "afweging", *args],
            cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    bare = run()
    assert bare.returncode == 2
    assert "Usage: afweging [OPTIONS] COMMAND [ARGS]..." in bare.stdout + bare.stderr
    assert "rank" in bare.stdout + bare.stderr
    wrong = run("rank", str(EXAMPLE), "--frobnicate")
    assert wrong.returncode == 2
    assert wrong.stdout == ""
    assert wrong.stderr == (
        "afweging rank: No such option: --frobnicate (Possible options: --format)"
        " — see 'afweging rank --help'\n"
    )
    nested = run("weights", "rank", "--method", "xyz", "a", "b")
    assert nested.returncode == 2
    assert nested.stderr.startswith("afweging weights rank: Invalid value for '--method': ")
    assert nested.stderr.endswith(" — see 'afweging weights rank --help'\n")
    assert nested.stderr.count("\n") == 1
    version = run("--version")
    assert (version.returncode, version.stdout) == (0, f"afweging {__version__}\n")


def test_a_bug_outside_the_commands_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A failure before any command runs (here in the --version callback) gets the same
    one line and exit 3 as one inside a command, its traceback logged."""
    from afweging.cli import app as cli

    def broken(value: bool) -> None:
        if value:
            raise RuntimeError("kaboom")

    monkeypatch.setattr(cli, "_version", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None
    try:
        code = cli._run(["--version"])
    finally:
        tempfile.tempdir = None
    err = capsys.readouterr().err
    assert code == 3
    assert re.fullmatch(
        "afweging: internal error: RuntimeError: kaboom — this is a bug; the traceback is in"
        " .*afweging-error-.*[.]log; please report it\n",
        err,
    ), err
