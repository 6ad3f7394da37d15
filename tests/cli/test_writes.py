"""Every write path under faults (issue #20, class "Writes"): ``score --save``,
``weights --write``, ``memo -o``, ``export -o``, ``init`` and ``merge --write``, each

* interrupted by SIGINT at seeded random moments, and killed by SIGKILL;
* onto a full disk (a 128 KiB tmpfs; skipped where mounting is not permitted);
* onto a read-only target (``chattr +i``; skipped where unsupported);
* onto a device, a FIFO, a folder or a symlink to a device;
* onto a 0600 file.

The rule under test: afterwards every file holds its original bytes and mode, or the
complete new content (for a command that writes several files: all of them or none);
no temporary file is left (after SIGKILL, the next write removes it); and what the tool
says is true (``no files were changed`` only when none was). Every run is the real CLI
in a subprocess; inputs live in ``tmp_path``.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import BENELUX_SETS, EXAMPLE, FRAMEWORK, interruptible

TIMEOUT = 60.0  # only catches a hang

CRITERIA = [
    "grensbarrieres", "schaalvoordelen", "kennis", "netwerk", "voortrekkersrol",
    "eu_afstemming", "resultaten",
]  # fmt: skip
NOTHING = "afweging: interrupted — no files were changed"


@dataclass(frozen=True)
class WritePath:
    """One command that writes: its arguments and the files it writes (relative)."""

    name: str
    args: tuple[str, ...]
    targets: tuple[str, ...]


def _sets() -> tuple[str, ...]:
    return tuple(arg for pair in BENELUX_SETS for arg in ("--set", pair))


SCORE = WritePath(
    "score --save",
    ("score", "benelux.yaml", "--no-interactive", "--id", "nieuw", "--name", "Nieuw item",
     *_sets(), "--save"),
    ("benelux.yaml",),
)  # fmt: skip
WEIGHTS = WritePath(
    "weights --write", ("weights", "rank", *CRITERIA, "--write", "kader.yaml"), ("kader.yaml",)
)
MEMO = WritePath(
    "memo -o",
    ("memo", "benelux.yaml", "-o", "memo.md", "--no-charts", "--samples", "200", "--force"),
    ("memo.md",),
)
EXPORT = WritePath("export -o", ("export", "benelux.yaml", "-o", "out.csv", "--force"),
                   ("out.csv",))  # fmt: skip
INIT = WritePath(
    "init",
    ("init", "start", "--lang", "en"),
    ("start/benelux.yaml", "start/portfolio.yaml", "start/framework.schema.json",
     "start/portfolio.schema.json"),
)  # fmt: skip
MERGE = WritePath(
    "merge --write", ("merge", "benelux.yaml", "NL.xlsx", "--write"), ("benelux.yaml",)
)
PATHS = [SCORE, WEIGHTS, MEMO, EXPORT, INIT, MERGE]
IDS = [p.name for p in PATHS]


_WORKBOOK: list[bytes] = []


def returned_workbook() -> bytes:
    """The NL scoring workbook of the example, returned with one score changed (made once)."""
    if not _WORKBOOK:
        import tempfile

        import openpyxl

        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            (folder / "benelux.yaml").write_bytes(EXAMPLE.read_bytes())
            code, err = run(["sheets", "benelux.yaml", "-o", "wb", "--assessor", "NL"], folder)
            assert code == 0, err
            book = openpyxl.load_workbook(folder / "wb" / "benelux.NL.xlsx")
            book["Scores"]["E2"] = "++"  # energieforum's schaalvoordelen: 0 becomes ++
            book.save(folder / "NL.xlsx")
            _WORKBOOK.append((folder / "NL.xlsx").read_bytes())
    return _WORKBOOK[0]


def prepare(folder: Path, path: WritePath | None = None) -> Path:
    """``folder`` with the example portfolio, a framework copy and an older output (and,
    for ``merge``, a returned workbook)."""
    folder.mkdir(parents=True, exist_ok=True)
    if path is MERGE:
        (folder / "NL.xlsx").write_bytes(returned_workbook())
    (folder / "benelux.yaml").write_bytes(EXAMPLE.read_bytes())
    (folder / "kader.yaml").write_bytes(FRAMEWORK.read_bytes())
    (folder / "memo.md").write_bytes(b"# an older memo\n")
    (folder / "out.csv").write_bytes(b"id,name\nold,Old\n")
    return folder


def start(args: tuple[str, ...] | list[str], cwd: Path) -> subprocess.Popen[bytes]:
    """Start ``afweging ARGS`` (the installed command's code) in ``cwd``."""
    return subprocess.Popen(
        [sys.executable, "-m", "afweging", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,  # noqa: PLW1509 — the suite starts no threads
    )


def run(args: tuple[str, ...] | list[str], cwd: Path) -> tuple[int, str]:
    """Run ``afweging ARGS`` to completion: the exit code and stderr."""
    child = start(args, cwd)
    _, err = child.communicate(timeout=TIMEOUT)
    return child.returncode, err.decode("utf-8", "replace")


Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file below ``folder``: its bytes and permission bits (folders: empty)."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
        found[str(path.relative_to(folder))] = (data, stat.S_IMODE(info.st_mode))
    return found


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snapshot]:
    """What each write path leaves when it runs undisturbed (the complete new files)."""
    results = {}
    for path in PATHS:
        folder = prepare(tmp_path_factory.mktemp("reference"), path)
        code, err = run(path.args, folder)
        assert code == 0, err
        results[path.name] = snapshot(folder)
    return results


def assert_whole(path: WritePath, before: Snapshot, after: Snapshot, new: Snapshot) -> bool:
    """The folder holds the old state or the complete new one (all targets or none), no
    temporary file; True if the new one."""
    assert not [n for n in after if n.endswith((".tmp", ".bak"))], sorted(after)
    if after == before:
        return False
    assert after == new, sorted(set(after) ^ set(new)) or [
        n for n in after if after[n] != new.get(n)
    ]
    return True


def assert_true_message(path: WritePath, code: int, err: str, changed: bool) -> None:
    """Exit 0 after a complete write, or 130 and one line that says truly what changed."""
    if code == 0:
        assert changed, err
        return
    assert code == 130, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("afweging: interrupted — "), err
    if changed:
        assert lines[0] != NOTHING, err
        for target in path.targets:
            assert target in lines[0], err
    else:
        assert lines == [NOTHING], err


# --------------------------------------------------------------- SIGINT at random moments

# The moments (seconds after the start) at which Ctrl-C arrives: seeded (so a failure can
# be repeated) and spread from start-up to after the write. (Before about 0.1 s Python
# itself is still starting, where no program's handler runs yet: see the start-up test.)
_RANDOM = random.Random(20)  # noqa: S311 — moments to test at, not secrets
MOMENTS = sorted(_RANDOM.uniform(0.15, 3.0) for _ in range(5))


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_sigint_at_random_moments(
    path: WritePath, tmp_path: Path, expected: dict[str, Snapshot]
) -> None:
    """Writes: Ctrl-C at any moment leaves the old files or the complete new ones, no
    temporary file, exit 130 with one true line (or 0 when the write had finished)."""
    for number, moment in enumerate(MOMENTS):
        folder = prepare(tmp_path / str(number), path)
        before = snapshot(folder)
        child = start(path.args, folder)
        time.sleep(moment)
        child.send_signal(signal.SIGINT)
        _, err_bytes = child.communicate(timeout=TIMEOUT)
        err = err_bytes.decode("utf-8", "replace")
        assert "Traceback" not in err, (moment, err)
        changed = assert_whole(path, before, snapshot(folder), expected[path.name])
        assert_true_message(path, child.returncode, err, changed)


# Runs afweging as its command does, and sends Ctrl-C to itself when the module named by
# AFWEGING_INTERRUPT_AT is first imported: during start-up, before any command runs.
INTERRUPT_AT_IMPORT = """\
import builtins
import os
import signal
import sys
import time

watched = os.environ["AFWEGING_INTERRUPT_AT"]
real_import = builtins.__import__


def interrupting_import(name, *args, **kwargs):
    if name == watched:
        builtins.__import__ = real_import
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    return real_import(name, *args, **kwargs)


builtins.__import__ = interrupting_import
sys.argv[0] = "afweging"
from afweging.cli.app import main

main()
"""


@pytest.mark.parametrize("module", ["typer", "pydantic"])
def test_sigint_during_start_up(module: str, tmp_path: Path) -> None:
    """Writes: Ctrl-C while Python imports typer (before the command line is read) or
    pydantic (while the command starts): exit 130 and one line, no traceback."""
    folder = prepare(tmp_path / "work")
    script = tmp_path / "interrupt_at_import.py"
    script.write_text(INTERRUPT_AT_IMPORT, encoding="utf-8")
    before = snapshot(folder)
    child = subprocess.Popen(
        [sys.executable, str(script), *SCORE.args],
        cwd=folder,
        env={**os.environ, "AFWEGING_INTERRUPT_AT": module},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=interruptible,  # noqa: PLW1509 — the suite starts no threads
    )
    out, err = child.communicate(timeout=TIMEOUT)
    assert (child.returncode, err.decode().splitlines(), out) == (130, [NOTHING], b"")
    assert snapshot(folder) == before


# ------------------------------------------------------------------------------- SIGKILL


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_sigkill_then_the_next_write_cleans_up(
    path: WritePath, tmp_path: Path, expected: dict[str, Snapshot]
) -> None:
    """Writes: SIGKILL at any moment leaves each file old or new (never cut off); the next
    run of the same write completes and leaves no temporary file of the killed one."""
    for number, moment in enumerate(MOMENTS[1::2]):
        folder = prepare(tmp_path / str(number), path)
        child = start(path.args, folder)
        time.sleep(moment)
        child.kill()
        child.communicate(timeout=TIMEOUT)
        for name, (data, _) in snapshot(folder).items():
            if name in path.targets and name in expected[path.name]:
                assert data in (expected[path.name][name][0], prepare_bytes(name)), name
        if path is INIT:
            shutil.rmtree(folder / "start", ignore_errors=True)  # init never overwrites
        if path in (SCORE, MERGE):
            (folder / "benelux.yaml").write_bytes(EXAMPLE.read_bytes())
        code, err = run(path.args, folder)
        assert code == 0, err
        assert snapshot(folder) == expected[path.name]


def prepare_bytes(name: str) -> bytes:
    """The bytes ``prepare`` gave the file ``name`` (empty if it made none)."""
    inputs = {"benelux.yaml": EXAMPLE, "kader.yaml": FRAMEWORK}
    if name in inputs:
        return inputs[name].read_bytes()
    return {"memo.md": b"# an older memo\n", "out.csv": b"id,name\nold,Old\n"}.get(name, b"")


# ----------------------------------------------------------------------------- full disk


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """A 128 KiB tmpfs mounted on ``folder`` (root only), unmounted afterwards."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(folder)],  # noqa: S607
        check=False,
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount is not permitted here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)  # noqa: S607


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "filler").write_bytes(b"\0" * max(free - leave, 0))


FULL = {
    "score --save": "benelux.yaml: writing failed: No space left on device; the original"
    " file is unchanged — check the folder's permissions or free space",
    "weights --write": "kader.yaml: writing failed: No space left on device; the original"
    " file is unchanged — check the folder's permissions or free space",
    "memo -o": "memo.md: writing failed: No space left on device; the original file is"
    " unchanged — check the folder's permissions or free space",
    "export -o": "out.csv: writing failed: No space left on device; the original file is"
    " unchanged — check the folder's permissions or free space",
    "init": "start/benelux.yaml: writing failed: No space left on device; nothing was changed"
    " — check the folder's permissions or free space",
    "merge --write": "benelux.yaml: writing failed: No space left on device; the original"
    " file is unchanged — check the folder's permissions or free space",
}


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_a_full_disk(path: WritePath, tmp_path: Path) -> None:
    """Writes: on a full disk exit 1 with one line naming the file; every file as it
    was, no temporary file, no folder made."""
    with small_disk(tmp_path / "disk") as disk:
        folder = prepare(disk / "work", path)
        fill(disk, 4096)
        before = snapshot(folder)
        code, err = run(path.args, folder)
        assert (code, err.splitlines()) == (1, [FULL[path.name]])
        assert snapshot(folder) == before


# ------------------------------------------------------------------------ read-only file


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i`` on ``path`` (skipped where unsupported), undone afterwards."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    made = subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)  # noqa: S607
    if made.returncode != 0:
        pytest.skip("this file system does not support chattr +i")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)  # noqa: S607


@pytest.mark.parametrize("path", [SCORE, WEIGHTS, MEMO, EXPORT, MERGE], ids=[*IDS[:4], IDS[5]])
def test_an_immutable_target(path: WritePath, tmp_path: Path) -> None:
    """Writes: a read-only (immutable) target is never replaced, even with --force and by
    root: exit 1, one line, the file and its mode as they were."""
    folder = prepare(tmp_path, path)
    target = path.targets[0]
    before = snapshot(folder)
    with immutable(folder / target):
        code, err = run(path.args, folder)
    assert (code, err.splitlines()) == (
        1,
        [(f"{target}: the file is read-only; nothing was written — make it writable"
         " (chmod u+w) if it may be changed")],
    )  # fmt: skip
    assert snapshot(folder) == before


def test_init_into_an_immutable_folder(tmp_path: Path) -> None:
    """Writes: init into a folder that cannot be written: exit 1, one line, nothing made."""
    folder = prepare(tmp_path / "work")
    (folder / "start").mkdir()
    before = snapshot(folder)
    with immutable(folder / "start"):
        code, err = run(INIT.args, folder)
    assert (code, err.splitlines()) == (
        1,
        [("start/benelux.yaml: cannot write in start: Operation not permitted; nothing was"
         " changed — check the folder's permissions or free space")],
    )  # fmt: skip
    assert snapshot(folder) == before


# ---------------------------------------------------------------- not a regular file


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device_link(path: Path) -> None:
    path.symlink_to("/dev/null")


def _folder(path: Path) -> None:
    path.mkdir()


KINDS: list[tuple[str, Callable[[Path], None], str]] = [
    ("fifo", _fifo, "a named pipe (FIFO)"),
    ("symlink to a device", _device_link, "a symlink to a character device"),
    ("folder", _folder, "a folder"),
]


@pytest.mark.parametrize(("kind", "make", "what"), KINDS, ids=[k[0] for k in KINDS])
@pytest.mark.parametrize("path", [MEMO, EXPORT], ids=IDS[2:4])
def test_an_output_onto_what_is_not_a_regular_file(
    path: WritePath, kind: str, make: Callable[[Path], None], what: str, tmp_path: Path
) -> None:
    """Writes: -o onto a FIFO, a device (through a symlink) or a folder is refused in one
    line, with or without --force; nothing is replaced and no chart folder is left."""
    folder = prepare(tmp_path)
    target = path.targets[0]
    (folder / target).unlink()
    make(folder / target)
    before = snapshot(folder)
    for args in (path.args, tuple(a for a in path.args if a not in ("--force", "--no-charts"))):
        code, err = run(args, folder)
        assert (code, err.splitlines()) == (
            1,
            [(f"{target}: this is {what}, not a regular file; nothing was written (not even"
             " with --force) — name a regular file; -o - writes to stdout")],
        ), kind  # fmt: skip
        assert snapshot(folder) == before


@pytest.mark.parametrize("path", [MEMO, EXPORT], ids=IDS[2:4])
def test_dash_writes_to_stdout(path: WritePath, tmp_path: Path) -> None:
    """Writes: -o - writes the output to stdout and no file named '-'."""
    folder = prepare(tmp_path)
    before = snapshot(folder)
    args = [a if a != path.targets[0] else "-" for a in path.args]
    child = start(args, folder)
    out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 0, err
    assert out.startswith(b"#" if path is MEMO else b"id,"), out[:80]
    assert snapshot(folder) == before


# ---------------------------------------------------------------------------- 0600 target


@pytest.mark.parametrize("path", [SCORE, WEIGHTS, MEMO, EXPORT, MERGE], ids=[*IDS[:4], IDS[5]])
def test_a_private_file_stays_private(
    path: WritePath, tmp_path: Path, expected: dict[str, Snapshot]
) -> None:
    """Writes: replacing a 0600 file keeps mode 0600 (and its owner); the content is new."""
    folder = prepare(tmp_path, path)
    target = folder / path.targets[0]
    target.chmod(0o600)
    owner = (target.stat().st_uid, target.stat().st_gid)
    code, err = run(path.args, folder)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert (target.stat().st_uid, target.stat().st_gid) == owner
    assert target.read_bytes() == expected[path.name][path.targets[0]][0]


# ------------------------------------------------------------------------- init, messages


def test_init_completes_what_is_missing(tmp_path: Path) -> None:
    """Commands that fail a newcomer: init after a half-finished init writes only the
    missing files (those left are exactly what it would write); a file that differs is
    never overwritten."""
    folder = prepare(tmp_path / "work")
    assert run(INIT.args, folder)[0] == 0
    complete = snapshot(folder)
    (folder / "start" / "portfolio.schema.json").unlink()
    child = start(INIT.args, folder)
    out, err = child.communicate(timeout=TIMEOUT)
    assert (child.returncode, err) == (0, b"")
    assert out.decode().splitlines()[0] == "wrote start/portfolio.schema.json"
    assert snapshot(folder) == complete
    (folder / "start" / "portfolio.yaml").write_text("# mine\n", encoding="utf-8")
    child = start(INIT.args, folder)
    out, _ = child.communicate(timeout=TIMEOUT)
    assert out.decode().splitlines() == [
        "nothing changed: start/portfolio.yaml already exists (init never overwrites)"
    ]


def test_init_with_a_framework_file(tmp_path: Path) -> None:
    """Commands that fail a newcomer: init --framework PATH copies that framework file and
    starts a portfolio on it (it used to look for PATH.yaml among the built-ins: exit 3)."""
    folder = prepare(tmp_path / "work")
    code, err = run(["init", "start", "--framework", "kader.yaml", "--lang", "en"], folder)
    assert (code, err) == (0, "")
    copied = (folder / "start" / "kader.yaml").read_bytes().split(b"\n", 1)
    assert copied[0] == b"# yaml-language-server: $schema=framework.schema.json"
    assert copied[1] == FRAMEWORK.read_bytes().split(b"\n", 1)[1]
    assert "framework: kader.yaml" in (folder / "start" / "portfolio.yaml").read_text("utf-8")
    assert run(["check", "start/portfolio.yaml"], folder) == (0, "")


def test_an_output_path_is_shown_escaped(tmp_path: Path) -> None:
    """Secrets and terminal control: the output path in the message after writing is
    shown with its control characters escaped, as names are."""
    folder = prepare(tmp_path)
    code, err = run(["export", "benelux.yaml", "-o", "a\x1b[2Jb.csv"], folder)
    assert (code, err) == (0, "13 items written to a\\x1b[2Jb.csv\n")


def test_help_names_values_plainly(tmp_path: Path) -> None:
    """Messages that point the wrong way: --help names values as PORTFOLIO, FILE, N, EUR,
    never by Python type names (<list[Path]>, <int range>, <path>)."""
    for args in (["select", "--help"], ["check", "--help"], ["weights", "ahp", "--help"]):
        child = start(args, tmp_path)
        out, _ = child.communicate(timeout=TIMEOUT)
        assert child.returncode == 0
        for python_name in (b"<path>", b"<list[", b"range>", b"<str>", b"<float", b"<int"):
            assert python_name not in out, (args, out.decode())
    child = start(["select", "--help"], tmp_path)
    out, _ = child.communicate(timeout=TIMEOUT)
    assert b"Usage: afweging select [OPTIONS] {PORTFOLIO}" in out
    assert b"--budget EUR" in out


# ------------------------------------------------------------------------- score --save


def _score_in_process(folder: Path, *extra: str) -> tuple[int, str, str]:
    from tests.helpers import invoke

    cwd = Path.cwd()
    os.chdir(folder)
    try:
        run = invoke(*SCORE.args, *extra)
    finally:
        os.chdir(cwd)
    return run.exit_code, run.stdout, run.stderr


def test_save_refuses_items_from_before_the_first_question(tmp_path: Path) -> None:
    """Commands that fail a newcomer: score --save on a portfolio whose items come from a
    CSV file is refused before any question is asked; nothing changes."""
    folder = prepare(tmp_path)
    assert run(["export", "benelux.yaml", "-o", "items.csv"], folder)[0] == 0
    text = (folder / "benelux.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nitems:")]
    (folder / "van-csv.yaml").write_text(head + "\nitems_from: items.csv\n", encoding="utf-8")
    before = snapshot(folder)
    child = start(["score", "van-csv.yaml", "--interactive", "--save", "--lang", "en"], folder)
    out, err = child.communicate(timeout=TIMEOUT)
    line = len(head.splitlines()) + 1
    assert (child.returncode, out, err.decode().splitlines()) == (
        1,
        b"",
        [
            (
                f"van-csv.yaml:{line}:13: the items come from items.csv (items_from); --save adds"
                " an item only to a list of items written in the portfolio itself — add the item"
                " as a row of items.csv"
            )
        ],
    )
    assert snapshot(folder) == before


def test_save_places_the_item_in_the_file_as_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes: when the portfolio changed on disk between reading and saving (another
    score --save), the item is placed again under the lock: the rank shown is the rank
    the saved file gives."""
    import json

    import afweging.cli.score as score_module
    from afweging.sources.loading import load_portfolio

    folder = prepare(tmp_path)
    stale = load_portfolio(folder / "benelux.yaml")  # read before the other save
    other = [a if a not in ("nieuw", "Nieuw item") else "eerder" for a in SCORE.args]
    assert run([*other, "--set", "kennis=+++"], folder)[0] == 0
    monkeypatch.setattr(score_module, "_loaded", lambda *args: stale)
    code, out, err = _score_in_process(folder, "--format", "json")
    assert code == 0, err
    shown = json.loads(out)["item"]["rank"]
    child = start(["rank", "benelux.yaml", "--format", "json"], folder)
    document = json.loads(child.communicate(timeout=TIMEOUT)[0])
    saved = {entry["id"]: entry["rank"] for entry in document["items"]}
    assert shown == saved["nieuw"]
    assert "eerder" in saved


def test_a_csv_file_says_it_is_reviewed_as_of_today(tmp_path: Path) -> None:
    """Commands that fail a newcomer: a CSV file passed directly has no as_of; rank says in
    one line on stderr that the review looks at today (and nothing with --as-of)."""
    import datetime as dt

    folder = prepare(tmp_path)
    assert run(["export", "benelux.yaml", "-o", "items.csv"], folder)[0] == 0
    code, err = run(["rank", "items.csv"], folder)
    today = dt.date.today().isoformat()
    assert (code, err.splitlines()) == (
        0,
        [
            (
                f"items.csv: a CSV file has no as_of date; the review looks at today, {today} —"
                " rank, review, memo and decide take --as-of"
            )
        ],
    )
    assert run(["rank", "items.csv", "--as-of", "2026-01-01"], folder) == (0, "")


def test_every_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    """Messages that point the wrong way: a file with problems the schema finds (a
    misspelt key, a year in quotes) and problems the cross-file checks find (a level off
    the scale, an unknown assessor) reports all of them in one run, each at its place."""
    from tests.helpers import MINI_FRAMEWORK, portfolio_yaml

    (tmp_path / "mini.yaml").write_text(MINI_FRAMEWORK, encoding="utf-8")
    items = [
        {"id": "een", "nmae": "Een", "scores": {"a": "++++", "b": "+", "c": "+"}},
        {"id": "twee", "name": "Twee", "established": "2022",
         "scores": {"a": "+", "b": "+", "c": "+", "steun": {"NL": "voldoende", "BX": "geen"}}},
    ]  # fmt: skip
    (tmp_path / "four.yaml").write_text(portfolio_yaml(items), encoding="utf-8")
    code, err = run(["check", "four.yaml"], tmp_path)
    assert (code, err.splitlines()) == (
        1,
        [
            "four.yaml:9:3: missing key 'name' — add 'name:' here",
            "four.yaml:11:3: unknown key 'nmae' — did you mean 'name'?",
            "four.yaml:13:8: '++++' is not a level of scale 'plus' — use one of: 0, +, ++, +++",
            (
                "four.yaml:22:16: expected a whole number, got the text '2022' — write 2022"
                " without quotes"
            ),
            (
                "four.yaml:27:5: item 'twee' has no score for 'steun' from BE — add it, or run"
                " with --allow-missing to score it as the scale's worst level"
            ),
            "four.yaml:29:7: unknown assessor 'BX' — expected one of: NL, BE",
        ],
    )
