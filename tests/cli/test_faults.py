"""Fault injection: writes interrupted, failing half-way, refused, and racing.

Every test runs the real CLI in a subprocess. A small wrapper script (written into
``tmp_path``) slows one ``os.fsync`` down, so that a signal can arrive while a file is
being written: the moment ``replace_file``/``write_new_file`` has written the temporary
file but not yet renamed it over the target (or, for the folder, just after the rename).

The rule under test: no input or output file is ever truncated, emptied or half-written,
no temporary file is left behind, and what the tool says about it is true.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import BENELUX_SETS, EXAMPLE, FRAMEWORK, interruptible

TIMEOUT = 30.0


# Runs afweging with os.fsync slowed down once: the first fsync of a file (or folder)
# whose name contains AFWEGING_SLOW_FSYNC writes AFWEGING_SLOW_MARK, then sleeps.
SLOW_FSYNC = """\
import os
import sys
import time

watched = os.environ["AFWEGING_SLOW_FSYNC"]
mark = os.environ["AFWEGING_SLOW_MARK"]
seconds = float(os.environ.get("AFWEGING_SLOW_SECONDS", "3"))
real_fsync = os.fsync
slowed = []


def slow_fsync(fd):
    try:
        name = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        name = ""
    if not slowed and watched in os.path.basename(name):
        slowed.append(name)
        with open(mark, "w", encoding="utf-8") as out:
            out.write(name)
        time.sleep(seconds)
    real_fsync(fd)


import afweging.sources.editing

afweging.sources.editing.os.fsync = slow_fsync

from afweging.cli.app import main


sys.argv[0] = "afweging"
main()
"""


# The weighted criteria of the built-in framework, most important first (weights rank).
CRITERIA = [
    "grensbarrieres", "schaalvoordelen", "kennis", "netwerk", "voortrekkersrol",
    "eu_afstemming", "resultaten",
]  # fmt: skip


def sets(pairs: list[str]) -> list[str]:
    """``--set`` options for CRITERION=VALUE pairs."""
    return [arg for pair in pairs for arg in ("--set", pair)]


def score_args(portfolio: Path, item_id: str) -> list[str]:
    """``score PORTFOLIO --save`` adding a complete new item with this id."""
    return [
        "score", str(portfolio), "--no-interactive", "--id", item_id, "--name", f"Item {item_id}",
        *sets(BENELUX_SETS), "--save",
    ]  # fmt: skip


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding only a copy of the example portfolio (benelux.yaml)."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "benelux.yaml").write_bytes(EXAMPLE.read_bytes())
    return folder


@pytest.fixture
def slow(tmp_path: Path) -> Callable[..., subprocess.Popen[bytes]]:
    """Start afweging with one slowed fsync; the returned process has ``mark`` set."""
    script = tmp_path / "slow_fsync.py"
    script.write_text(SLOW_FSYNC, encoding="utf-8")

    def start(args: list[str], watched: str, cwd: Path, seconds: float = 3.0) -> Any:
        mark = tmp_path / f"mark-{time.monotonic_ns()}"
        env = {
            **os.environ,
            "AFWEGING_SLOW_FSYNC": watched,
            "AFWEGING_SLOW_MARK": str(mark),
            "AFWEGING_SLOW_SECONDS": str(seconds),
        }
        child = subprocess.Popen(
            [sys.executable, str(script), *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=interruptible,  # noqa: PLW1509 — the suite starts no threads
        )
        child.mark = mark  # type: ignore[attr-defined]
        return child

    return start


def wait_for(path: Path, child: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    """Wait until ``path`` exists (the write has reached the slowed fsync)."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        if child.poll() is not None:
            _, err = child.communicate()
            pytest.fail(f"exited {child.returncode} before the write: {err.decode()}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the write never reached fsync")
        time.sleep(0.01)


def interrupt(child: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Send SIGINT (Ctrl-C) and collect the exit code and stderr."""
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=TIMEOUT)
    return child.returncode, err.decode("utf-8", "replace")


def entries(folder: Path) -> list[str]:
    """The names in ``folder`` and below, sorted (temporary files included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def afweging(*args: str | Path, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``python -m afweging ARGS`` to completion."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "afweging", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


def complete_png(data: bytes) -> bool:
    """A PNG with its signature and its closing IEND chunk: not cut off."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


# ------------------------------------------------------------------- (a) SIGINT while saving


def test_sigint_while_the_save_is_written(work: Path, slow: Callable[..., Any]) -> None:
    """Ctrl-C after the new content is in the temporary file but before the rename: exit
    130, one line, the portfolio byte for byte as it was, no temporary file left."""
    portfolio = work / "benelux.yaml"
    before = portfolio.read_bytes()
    child = slow(score_args(portfolio, "nieuw"), "benelux.yaml", work)
    wait_for(child.mark, child)
    assert any(name.endswith(".tmp") for name in entries(work)), "no temporary file seen"
    code, err = interrupt(child)
    assert code == 130, err
    assert err.splitlines() == ["afweging: interrupted — no files were changed"]
    assert portfolio.read_bytes() == before
    assert entries(work) == ["benelux.yaml"]


def test_sigint_after_the_rename_tells_the_truth(work: Path, slow: Callable[..., Any]) -> None:
    """Ctrl-C after the rename, while the folder is fsynced: the file is whole (the old or
    the new version, never a mix) and the message says which."""
    portfolio = work / "benelux.yaml"
    before = portfolio.read_bytes()
    child = slow(score_args(portfolio, "nieuw"), "work", work)
    wait_for(child.mark, child)
    code, err = interrupt(child)
    after = portfolio.read_bytes()
    assert entries(work) == ["benelux.yaml"]
    assert afweging("check", portfolio, cwd=work).returncode == 0
    assert after == before or b"  - id: nieuw\n" in after
    assert code in (0, 130), err
    if after != before:
        assert "no files were changed" not in err, err
        written = f"{portfolio} had been written in full; nothing else was changed"
        assert err.splitlines() == [f"afweging: interrupted — {written}"]


# ------------------------------------------------------------------- (b) a write that fails


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_write_that_fails_half_way(work: Path) -> None:
    """With a file-size limit of half the portfolio, writing the new version fails half-way:
    exit 1, one clear line, the portfolio unchanged, no temporary file left."""
    portfolio = work / "benelux.yaml"
    before = portfolio.read_bytes()
    done = afweging(
        *score_args(portfolio, "nieuw"), cwd=work, preexec_fn=_file_size_limit(len(before) // 2)
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        (
            f"{portfolio}: writing failed: File too large; the original file is unchanged"
            " — check the folder's permissions or free space"
        )
    ]
    assert portfolio.read_bytes() == before
    assert entries(work) == ["benelux.yaml"]


def test_a_memo_write_that_fails_half_way(work: Path) -> None:
    """memo -o under a file-size limit smaller than the memo: exit 1, one line, and no memo
    at all (nor a cut-off one, nor a temporary file)."""
    done = afweging(
        "memo", "benelux.yaml", "-o", "memo.md", "--no-charts", "--samples", "200",
        cwd=work, preexec_fn=_file_size_limit(4096),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("memo.md: writing failed: File too large"), done.stderr
    assert entries(work) == ["benelux.yaml"]


def test_a_memo_with_charts_that_fails_half_way(work: Path) -> None:
    """memo -o with charts under a file-size limit smaller than a chart: exit 1, one line,
    no memo, no temporary file, and no cut-off chart."""
    # matplotlib builds its font cache (tens of kB) on its first use on a machine, which
    # the file-size limit would make fail with a warning of its own: build it beforehand.
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], check=True)
    done = afweging(
        "memo", "benelux.yaml", "-o", "memo.md", "--samples", "200",
        cwd=work, preexec_fn=_file_size_limit(20_000),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "writing failed: File too large" in done.stderr
    assert not (work / "memo.md").exists()
    assert all(not n.endswith(".tmp") for n in entries(work)), entries(work)
    assert all(complete_png(p.read_bytes()) for p in work.glob("memo_files/*.png"))


# ------------------------------------------------------------------- (c) a read-only folder


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable: chattr +i as root (mode bits do not stop root), else
    mode 0o555; restored afterwards."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("root needs chattr +i to make a folder unwritable")
        made = subprocess.run(["chattr", "+i", str(folder)], check=False, capture_output=True)  # noqa: S607
        if made.returncode != 0:
            pytest.skip("this file system does not support chattr +i")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)  # noqa: S607
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_save_into_a_read_only_folder(work: Path) -> None:
    """score --save in an unwritable folder: exit 1, one line, the portfolio unchanged."""
    portfolio = work / "benelux.yaml"
    before = portfolio.read_bytes()
    with read_only(work):
        done = afweging(*score_args(portfolio, "nieuw"), cwd=work)
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        (
            f"{portfolio}: cannot write in {work}: {reason}; nothing was changed"
            " — check the folder's permissions or free space"
        )
    ]
    assert portfolio.read_bytes() == before
    assert entries(work) == ["benelux.yaml"]


@pytest.mark.parametrize("how", ["score", "weights"])
def test_a_read_only_file_is_never_replaced(work: Path, how: str) -> None:
    """score --save into a read-only portfolio, weights --write into a read-only framework:
    exit 1, one line, the file and its mode as they were (even for root, who could)."""
    if how == "score":
        target = work / "benelux.yaml"
        args: list[str | Path] = [*score_args(target, "nieuw")]
    else:
        target = work / "kader.yaml"
        target.write_bytes(FRAMEWORK.read_bytes())
        args = ["weights", "rank", *CRITERIA, "--write", target]
    target.chmod(0o444)
    before = target.read_bytes()
    done = afweging(*args, cwd=work)
    assert done.returncode == 1, done.stderr
    refused = "the file is read-only; nothing was written"
    hint = "make it writable (chmod u+w) if it may be changed"
    assert done.stderr.splitlines() == [f"{target}: {refused} — {hint}"]
    assert target.read_bytes() == before
    assert target.stat().st_mode & 0o777 == 0o444
    assert [n for n in entries(work) if n.endswith(".tmp")] == []


def test_memo_into_a_read_only_folder(work: Path) -> None:
    """memo -o into an unwritable folder: exit 1, one line, no memo, no chart folder."""
    with read_only(work):
        done = afweging("memo", "benelux.yaml", "-o", "memo.md", "--samples", "200", cwd=work)
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "nothing was changed" in done.stderr
    assert entries(work) == ["benelux.yaml"]


# ------------------------------------------------------------------- (d) concurrent saves


def test_three_concurrent_saves_keep_every_item(work: Path, slow: Callable[..., Any]) -> None:
    """Three score --save runs on one portfolio at once (on a slow disk: each fsync takes a
    second) each add their item: afterwards the file holds all three and passes check."""
    portfolio = work / "benelux.yaml"
    children = [
        slow(score_args(portfolio, f"nieuw-{n}"), "benelux.yaml", work, seconds=1.0)
        for n in range(3)
    ]
    results = [(c.wait(timeout=TIMEOUT), c.stderr.read().decode()) for c in children]  # type: ignore[union-attr]
    for child in children:
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
    text = portfolio.read_text(encoding="utf-8")
    checked = afweging("check", portfolio, cwd=work)
    assert checked.returncode == 0, checked.stderr
    assert entries(work) == ["benelux.yaml"]
    kept = [n for n in range(3) if f"  - id: nieuw-{n}\n" in text]
    codes = [code for code, _ in results]
    assert kept == [0, 1, 2], f"exit codes {codes}, items kept {kept}: {results}"


# ------------------------------------------------------------------- (e) memo interrupted


def test_memo_interrupted_while_writing_a_chart(work: Path, slow: Callable[..., Any]) -> None:
    """Ctrl-C while memo -o writes its first chart: exit 130, one line, no memo, no chart
    and no temporary file: nothing half-written."""
    child = slow(["memo", "benelux.yaml", "-o", "memo.md", "--samples", "200"], ".png", work)
    wait_for(child.mark, child)
    code, err = interrupt(child)
    assert code == 130, err
    assert err.splitlines() == ["afweging: interrupted — no files were changed"]
    assert not (work / "memo.md").exists()
    assert [n for n in entries(work) if n.endswith((".tmp", ".png", ".md"))] == []


def test_memo_interrupted_while_writing_a_chart_leaves_nothing(
    work: Path, slow: Callable[..., Any]
) -> None:
    """Ctrl-C while memo -o writes its first chart leaves the folder as it was."""
    child = slow(["memo", "benelux.yaml", "-o", "memo.md", "--samples", "200"], ".png", work)
    wait_for(child.mark, child)
    code, err = interrupt(child)
    assert code == 130, err
    assert entries(work) == ["benelux.yaml"]


def test_memo_interrupted_while_writing_the_memo(work: Path, slow: Callable[..., Any]) -> None:
    """Ctrl-C while memo -o writes the memo (the charts are written): no memo and no
    temporary file; every chart left is whole; the message does not claim nothing changed."""
    child = slow(["memo", "benelux.yaml", "-o", "memo.md", "--samples", "200"], "memo.md", work)
    wait_for(child.mark, child)
    code, err = interrupt(child)
    assert code == 130, err
    assert not (work / "memo.md").exists()
    assert all(not n.endswith(".tmp") for n in entries(work)), entries(work)
    charts = sorted((work / "memo_files").glob("*.png"))
    assert all(complete_png(p.read_bytes()) for p in charts)
    if charts:
        assert "no files were changed" not in err, err
