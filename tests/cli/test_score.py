"""score: asking in the terminal or taking --set, the verdict, and saving without damage."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from tests.helpers import EXAMPLE, Run, interruptible

# Every score of a complete new Benelux item, as --set options (total: 60.0 of 100).
FULL = [
    "grensbarrieres=+++",
    "schaalvoordelen=++",
    "kennis=+",
    "netwerk=+",
    "voortrekkersrol=++",
    "eu_afstemming=+",
    "resultaten=+",
    "draagvlak.NL=voldoende",
    "draagvlak.BE=voldoende",
    "draagvlak.LU=voldoende",
    "verdragsbasis=ja",
    "beneluxniveau=++",
]
FULL_TOTAL = (25 * 3 + 15 * 2 + 10 + 10 + 15 * 2 + 10 + 15) / 3


def sets(*pairs: str) -> list[str]:
    """``--set`` options for the given CRITERION=VALUE pairs."""
    return [arg for pair in pairs for arg in ("--set", pair)]


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A copy of the example portfolio to save into."""
    path = tmp_path / "benelux.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_non_interactive_scores_and_places_the_item(
    cli: Callable[..., Run], portfolio: Path
) -> None:
    """With every score from --set, score prints the working and where the item would land."""
    run = cli(
        "score", portfolio, "--id", "nieuw", "--name", "Digitale grensinformatie",
        *sets(*FULL), "--lang", "en",
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Digitale grensinformatie (nieuw): total 60.0 of 100"
    assert (
        "would rank 1 of 11 viable items, above Pilot Benelux-waterstof- en energiecorridor (55.0)"
        in lines
    )
    assert "drops out of the top 5: veterinair" in lines
    assert run.stdout.count("passed") == 3


def test_json_verdict(cli: Callable[..., Run], portfolio: Path) -> None:
    """--format json gives the item as rank shows it and its placement as data."""
    run = cli("score", portfolio, "--id", "nieuw", "--name", "N", *sets(*FULL), "--format", "json")
    document = json.loads(run.stdout)
    assert document["schema"] == "afweging/score"
    assert document["item"]["total"] == pytest.approx(FULL_TOTAL)
    placement = document["placement"]
    assert (placement["rank"], placement["viable_count"]) == (1, 11)
    assert placement["below"]["id"] == "waterstofcorridor"
    assert placement["pushed_out_of_top"] == ["veterinair"]
    assert placement["pushed_down"][0] == {
        "id": "waterstofcorridor",
        "rank_before": 1,
        "rank_after": 2,
    }


def test_missing_values_are_listed_and_nothing_waits_for_input(portfolio: Path) -> None:
    """Without a terminal and with scores missing, score exits 1 listing every one, without
    waiting for input (a wait would run into the subprocess timeout)."""
    done = subprocess.run(
        [sys.executable, "-m", "afweging", "score", str(portfolio), "--set", "kennis=+"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "score: missing: --id, --name, grensbarrieres, schaalvoordelen, netwerk,"
        " voortrekkersrol, eu_afstemming, resultaten, draagvlak.NL, draagvlak.BE,"
        " draagvlak.LU, verdragsbasis, beneluxniveau — give them with --id, --name and"
        " --set CRITERION=VALUE (per assessor: --set CRITERION.ASSESSOR=VALUE), or answer"
        " the questions in a terminal\n"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "grensbariere=+",
            (
                "--set grensbariere=+: unknown criterion 'grensbariere'"
                " — did you mean 'grensbarrieres'?"
            ),
        ),
        (
            "kennis=++++",
            "--set kennis=++++: '++++' is not a level of scale 'plus' — use one of: 0, +, ++, +++",
        ),
        (
            "draagvlak=voldoende",
            (
                "--set draagvlak=voldoende: 'draagvlak' is scored per assessor"
                " — write --set draagvlak.NL=voldoende, once per assessor"
            ),
        ),
        (
            "draagvlak.DE=voldoende",
            "--set draagvlak.DE=voldoende: unknown assessor 'DE' — expected one of: NL, BE, LU",
        ),
        ("kennis", "--set kennis: expected CRITERION=VALUE — e.g. --set grensbarrieres=++"),
    ],
)
def test_bad_set_values_are_input_errors(
    cli: Callable[..., Run], portfolio: Path, given: str, message: str
) -> None:
    """A --set naming an unknown criterion or assessor, or a level off the scale, exits 1."""
    run = cli("score", portfolio, "--id", "x", "--name", "X", "--set", given)
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [message]


def test_an_existing_id_is_refused(cli: Callable[..., Run], portfolio: Path) -> None:
    """An id already in the portfolio (in any case) is refused before anything is asked."""
    run = cli("score", portfolio, "--id", "Ambulance", "--name", "X", *sets(*FULL))
    assert run.exit_code == 1
    assert run.stderr == (
        "--id Ambulance: 'Ambulance' is already in the portfolio — choose another id\n"
    )


ANSWERS = [
    "ambulance",  # taken: asked again
    "grensdata",
    "Grensoverschrijdende data",
    "",  # kind: the default, initiative
    "interne-markt",
    "250.000",  # cost: a thousands point, asked again
    "250000",
    "1,5",  # staff: a decimal comma, asked again
    "1.5",
    "voldoende",  # draagvlak NL
    "",  # empty: asked again
    "voldoende",  # BE
    "sufficient",  # LU, by its English label
    "alle drie de landen steunen het",  # rationale
    "ja",  # verdragsbasis
    "",
    "?",  # beneluxniveau: the scale again
    "++",
    "",
    "++++",  # grensbarrieres: invalid, asked again
    "3",  # by number
    "neemt een echte grensbarrière weg",
    "++",
    "",
    "+",
    "",
    "0",
    "",
    "+",
    "",
    "0",
    "",
    "+",
    "",
]


def test_interactive_flow_with_scripted_answers(cli: Callable[..., Run], portfolio: Path) -> None:
    """The questions come gates first; bad answers are asked again with a reason; ? shows
    the scale; a rationale can follow each score."""
    from typer.testing import CliRunner

    from afweging.cli.app import app

    result = CliRunner().invoke(
        app,
        ["score", str(portfolio), "--interactive", "--lang", "en"],
        input="\n".join(ANSWERS) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    asked = result.stderr
    assert "  ! 'ambulance' is already in the portfolio" in asked
    assert "  ! 250.000: write the amount without thousands points: 250000" in asked
    assert "  ! 1,5: write a decimal point: 1.5" in asked
    assert "  ! an answer is needed: geen, beperkt, voldoende" in asked
    assert "  ! '++++' is not a level of this scale" in asked
    assert asked.index("Administrative support (draagvlak) — gate") < asked.index(
        "Removing border barriers (grensbarrieres) — weight 25.0%"
    )
    assert asked.count("           +++  large (3)") == 2 + 7  # beneluxniveau twice, with ?
    expected = (25 * 3 + 15 * 2 + 10 * 1 + 10 * 0 + 15 * 1 + 10 * 0 + 15 * 1) / 3
    assert result.stdout.splitlines()[0] == (
        f"Grensoverschrijdende data (grensdata): total {expected:.1f} of 100"
    )
    assert "neemt een echte grensbarrière weg" in result.stdout
    assert portfolio.read_bytes() == EXAMPLE.read_bytes()  # nothing saved without --save


def _spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return pexpect.spawn(
        sys.executable, ["-m", "afweging", *args], cwd=str(cwd), env=env, encoding="utf-8",
        timeout=20, preexec_fn=interruptible,
    )  # fmt: skip


def test_interactive_in_a_real_terminal(portfolio: Path) -> None:
    """In a pseudo-terminal score asks by itself, and --save adds what was answered."""
    child = _spawn("score", str(portfolio), "--lang", "en", "--save", cwd=portfolio.parent)
    child.expect("Id of the new item: ")
    child.sendline("pty-item")
    child.expect("Name: ")
    child.sendline("Asked in a terminal")
    child.expect(r"Kind \[")
    child.sendline("project")
    child.expect(r"Cluster")
    child.sendline("")
    _answer_cost_and_scores(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "Asked in a terminal (pty-item): total" in (child.before or "")
    saved = portfolio.read_text(encoding="utf-8")
    assert "  - id: pty-item" in saved
    assert "    cost:\n      eur: 250000\n      fte: 1.5\n" in saved


def _answer_cost_and_scores(child: pexpect.spawn) -> None:
    child.expect("Cost a year in euros: ")
    child.sendline("250000")
    child.expect("Staff in FTE: ")
    child.sendline("1.5")
    for _ in range(3):
        child.expect(r"  (NL|BE|LU): ")
        child.sendline("voldoende")
    child.expect("rationale")
    child.sendline("")
    for answer in ["ja", "+", "++", "+", "+", "+", "+", "+", "+"]:
        child.expect("  > ")
        child.sendline(answer)
        child.expect("rationale")
        child.sendline("")


def test_interactive_without_save_offers_to_save(portfolio: Path) -> None:
    """Commands that fail a newcomer: in a terminal, score without --save asks at the end
    whether to add the item (its answers were lost before); 'y' saves it."""
    child = _spawn("score", str(portfolio), "--lang", "en", cwd=portfolio.parent)
    for prompt, answer in [("Id of the new item: ", "offered"), ("Name: ", "Offered"),
                           (r"Kind \[", ""), ("Cluster", "")]:  # fmt: skip
        child.expect(prompt)
        child.sendline(answer)
    _answer_cost_and_scores(child)
    child.expect(r"Add it to .*\? \[y/N\] ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "added to " in (child.before or "")
    assert "  - id: offered" in portfolio.read_text(encoding="utf-8")


def test_ctrl_c_during_the_questions_changes_nothing(portfolio: Path) -> None:
    """Ctrl-C at a prompt exits 130 with one line and leaves the file byte for byte."""
    before = portfolio.read_bytes()
    child = _spawn("score", str(portfolio), "--lang", "en", "--save", cwd=portfolio.parent)
    child.expect("Id of the new item: ")
    child.sendline("x")
    child.expect("Name: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus == signal.SIGINT
    assert "interrupted — no files were changed" in (child.before or "")
    assert portfolio.read_bytes() == before
    assert [p.name for p in portfolio.parent.iterdir()] == [portfolio.name]


def _common_prefix(a: bytes, b: bytes) -> int:
    """How many leading bytes ``a`` and ``b`` share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def test_save_appends_and_keeps_every_other_byte(cli: Callable[..., Run], portfolio: Path) -> None:
    """--save inserts one block; every byte before and after it is the original's."""
    before = portfolio.read_bytes()
    run = cli("score", portfolio, "--id", "nieuw", "--name", "Nieuw", *sets(*FULL), "--save")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == f"toegevoegd aan {portfolio}: nieuw (Nieuw)\n"
    after = portfolio.read_bytes()
    head = _common_prefix(before, after)
    tail = min(_common_prefix(before[::-1], after[::-1]), len(before) - head)
    block = after[head : len(after) - tail]
    assert before[:head] + block + before[head:] == after
    assert block.decode().startswith("  # added by afweging score on ")
    assert b"  - id: nieuw\n    name: Nieuw\n    kind: initiative\n" in block
    checked = cli("check", portfolio)
    assert checked.exit_code == 0
    assert checked.stdout == f"ok {portfolio}: portfolio, 14 items, framework 'benelux'\n"


def test_placement_equals_the_rank_after_saving(cli: Callable[..., Run], portfolio: Path) -> None:
    """The rank score predicts is the rank rank gives once the item is saved."""
    lower = [p.replace("+++", "+") for p in FULL]
    predicted = json.loads(
        cli(
            "score",
            portfolio,
            "--id",
            "nieuw",
            "--name",
            "N",
            *sets(*lower),
            "--save",
            "--format",
            "json",
        ).stdout
    )["placement"]
    ranked = json.loads(cli("rank", portfolio, "--format", "json").stdout)
    item = next(i for i in ranked["items"] if i["id"] == "nieuw")
    assert item["rank"] == predicted["rank"] == 3  # tied with two items at 43.3
    assert ranked["counts"]["viable"] == predicted["viable_count"]


def test_a_write_that_fails_leaves_the_file_unchanged(
    cli: Callable[..., Run], portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the folder cannot be written, score --save says so, exits 1, and changes nothing."""
    before = portfolio.read_bytes()

    def refuse(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = cli("score", portfolio, "--id", "nieuw", "--name", "N", *sets(*FULL), "--save")
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-1] == (
        f"{portfolio}: cannot write in {portfolio.parent}: Permission denied; nothing was"
        " changed — check the folder's permissions or free space"
    )
    assert portfolio.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_folder(cli: Callable[..., Run], portfolio: Path) -> None:
    """In a read-only folder score --save exits 1 and the file stays as it was."""
    before = portfolio.read_bytes()
    portfolio.parent.chmod(0o555)
    try:
        run = cli("score", portfolio, "--id", "nieuw", "--name", "N", *sets(*FULL), "--save")
    finally:
        portfolio.parent.chmod(0o755)
    assert run.exit_code == 1
    assert "nothing was changed" in run.stderr
    assert portfolio.read_bytes() == before


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("chattr") is None,
    reason="needs root and chattr to make a folder unwritable for root",
)
def test_an_unwritable_folder_for_root(cli: Callable[..., Run], portfolio: Path) -> None:
    """With the folder immutable (chattr +i; root ignores mode bits), --save exits 1 with a
    clear line and the file stays byte for byte; no temporary file is left."""
    before = portfolio.read_bytes()
    folder = portfolio.parent
    if subprocess.run(["chattr", "+i", str(folder)], check=False).returncode != 0:  # noqa: S607
        pytest.skip("this file system does not support chattr +i")
    try:
        run = cli("score", portfolio, "--id", "nieuw", "--name", "N", *sets(*FULL), "--save")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)  # noqa: S607
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-1] == (
        f"{portfolio}: cannot write in {folder}: Operation not permitted; nothing was"
        " changed — check the folder's permissions or free space"
    )
    assert portfolio.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == [portfolio.name]


def test_a_file_changed_on_disk_is_not_overwritten(portfolio: Path) -> None:
    """replace_file refuses when the file no longer holds what was read."""
    from afweging.errors import InputError
    from afweging.sources.editing import replace_file

    with pytest.raises(InputError) as caught:
        replace_file(portfolio, b"new", expected=b"what was read earlier")
    assert caught.value.lines() == [
        (
            f"{portfolio}: the file changed on disk while afweging was working on it;"
            " nothing was written — run the command again"
        )
    ]
    assert portfolio.read_bytes() == EXAMPLE.read_bytes()


def test_append_keeps_crlf_bom_and_trailing_comments(tmp_path: Path) -> None:
    """The new block takes the file's line endings; a BOM and trailing comments stay."""
    from afweging.sources.yamledit import append_item

    original = "\ufeffitems:\r\n  - id: a\r\n    name: A\r\n\r\n# the end\r\n".encode()
    updated = append_item(original, "f.yaml", {"id": "b", "name": "B"})
    assert updated.startswith(b"\xef\xbb\xbfitems:\r\n  - id: a\r\n    name: A\r\n  # added")
    assert updated.endswith(b"  - id: b\r\n    name: B\r\n\r\n# the end\r\n")
