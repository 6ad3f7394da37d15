"""Edits of the user's files that keep every byte they did not ask to change.

``append_item`` inserts a new item as a block at the end of the portfolio's ``items``
list by text, guided by the parsed positions: comments, blank lines, key order,
quoting and line endings outside the new block stay exactly as they were. (A YAML
round-trip library re-emits the whole file and cannot promise that.) ``replace_file``
writes atomically: a temporary file in the same folder, flushed, fsynced and read back,
renamed over the original, the folder fsynced; nothing is written if the file is
read-only or changed on disk since it was read. ``update_file`` runs a whole
read-change-replace under an exclusive lock on the file, so that concurrent edits each
see the last one's result. ``write_new_files`` writes new files (memo, charts, export,
init) the same way.
"""

import contextlib
import datetime as dt
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from afweging.errors import InputError
from afweging.sources.yaml import decode, parse, read_bounded

BOM = b"\xef\xbb\xbf"

# Every file this run has written in full (renamed into place), as the user named it:
# an interruption afterwards must not claim that nothing was changed.
WRITTEN: list[str] = []


def render_item(item: dict[str, Any], indent: int, newline: str, note: str) -> str:
    """The item as a YAML block list entry indented by ``indent`` spaces, with a comment."""
    block = yaml.safe_dump(
        [item], sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )
    pad = " " * indent
    lines = [f"{pad}# {note}", *(pad + line for line in block.splitlines())]
    return newline.join(lines) + newline


def append_item(original: bytes, shown: str, item: dict[str, Any]) -> bytes:
    """The portfolio's bytes with ``item`` appended to its ``items`` list."""
    text = decode(original, shown)
    doc = parse(text, shown)
    items = doc.data.get("items") if isinstance(doc.data, dict) else None
    if not isinstance(items, list) or not items:
        raise InputError([doc.problem(("items",), "there is no list of items to add to")])
    lines = text.splitlines(keepends=True)
    start_line, start_col = doc.value_marks[("items",)]
    if lines[start_line - 1][start_col - 1 : start_col] == "[":
        raise InputError(
            [
                doc.problem(
                    ("items",),
                    "the items are written as a [flow, list]; --save appends to a block list",
                    "write each item on its own '- ' line",
                )
            ]
        )
    last_line, last_col = doc.value_marks[("items", len(items) - 1)]
    dash = lines[last_line - 1].rfind("-", 0, last_col - 1)
    end = _last_content_line(lines, last_line - 1, dash)
    newline = "\r\n" if lines[end].endswith("\r\n") else "\n"
    head = "".join(lines[: end + 1])
    if not head.endswith(("\n", "\r")):
        head += newline
    note = f"added by afweging score on {dt.date.today().isoformat()}"
    new_text = head + render_item(item, dash, newline, note) + "".join(lines[end + 1 :])
    prefix = BOM if original.startswith(BOM) else b""
    return prefix + new_text.encode("utf-8")


def _last_content_line(lines: list[str], first: int, dash: int) -> int:
    """The last line that belongs to the item whose '- ' stands at column ``dash`` of
    line ``first``: lines indented deeper than the dash; trailing blank lines and
    comments at the dash's indentation or less stay after the new block."""
    last = first
    for number in range(first + 1, len(lines)):
        line = lines[number]
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and _indent(line) <= dash):
            continue
        if _indent(line) <= dash:
            break
        last = number
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def update_file(path: Path, change: Callable[[bytes], bytes]) -> None:
    """Read, change and atomically replace the file at ``path`` under an exclusive lock.

    ``change`` turns the current bytes into the new ones (and validates them); it runs
    while the lock is held, so that concurrent runs (three ``score --save`` at once)
    each see the file as the one before left it and no change is lost.
    """
    shown = str(path)
    with _locked(path, shown) as descriptor:
        original = read_bounded(descriptor, shown)
        replace_file(path, change(original), original)


@contextlib.contextmanager
def _locked(path: Path, shown: str) -> Iterator[int]:
    """An exclusive ``flock`` on the file ``path`` names (through a symlink, its target),
    held while the block runs; yields a descriptor open on the locked file.

    The lock is on the file itself, so no lock file is ever left behind. A writer that
    held it replaced the file by a rename: the lock then belongs to the old version, so
    after acquiring it the descriptor must still be the file at ``path``, else lock again.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, the changed-on-disk check stays
        fcntl = None  # type: ignore[assignment]
    target = Path(os.path.realpath(path))
    while True:
        try:
            descriptor = os.open(target, os.O_RDONLY)
        except OSError as exc:
            raise InputError.single(shown, f"cannot read the file: {exc.strerror}") from None
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            held, now = os.fstat(descriptor), target.stat()
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                break
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    try:
        yield descriptor
    finally:
        os.close(descriptor)  # closing releases the lock


def replace_file(path: Path, new: bytes, expected: bytes) -> None:
    """Atomically replace ``path`` (through a symlink, its target) with ``new``.

    Refuses a read-only file, and a file that no longer holds ``expected`` (it changed
    since it was read). On any failure the original is untouched and no temporary file
    is left behind.
    """
    target = Path(os.path.realpath(path))
    try:
        current = target.read_bytes()
        mode = target.stat().st_mode
    except OSError as exc:
        raise InputError.single(str(path), f"cannot read the file again: {exc.strerror}") from None
    if not mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise InputError.single(
            str(path),
            "the file is read-only; nothing was written",
            "make it writable (chmod u+w) if it may be changed",
        )
    if current != expected:
        raise InputError.single(
            str(path),
            "the file changed on disk while afweging was working on it; nothing was written",
            "run the command again",
        )
    _write_atomically(target, new, mode & 0o7777, shown=str(path))


def _write_atomically(target: Path, data: bytes, mode: int, *, shown: str) -> None:
    """Write ``data`` to a temporary file beside ``target``, fsync it, give it ``mode``,
    rename it over ``target`` and fsync the folder. On failure nothing is left behind and
    ``target`` is as it was; an OSError becomes one clear input error."""
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError.single(
            shown,
            f"cannot write in {folder}: {exc.strerror}; nothing was changed",
            "check the folder's permissions or free space",
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _check_written(Path(temporary), data)
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
        WRITTEN.append(shown)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise InputError.single(
            shown,
            f"writing failed: {exc.strerror}; the original file is unchanged",
            "check the folder's permissions or free space",
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    _fsync_folder(folder)


def _check_written(temporary: Path, data: bytes) -> None:
    """The temporary file reads back as exactly ``data`` before it replaces anything."""
    if temporary.read_bytes() != data:
        raise OSError(0, "the written copy does not read back as written")


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def set_weights(original: bytes, shown: str, weights: dict[str, float]) -> bytes:
    """The framework's bytes with new weights for the criteria named in ``weights``.

    ``weights`` maps criterion ids to weights on any scale (shares, points); they are
    normalised and written as percentages (``weights.percentages``: 0.5208 → 52.08), so
    they read like hand-written weights such as 25, 15 and 10.

    ``weights`` must name every criterion whose weight is above 0 now, and nothing that
    is not a criterion of this framework; criteria left out keep their weight of 0 (gates).

    Only the weight values change, by text at their parsed positions: comments (also on
    the weight's own line), order, quoting, the BOM and line endings stay as they were.
    A named criterion written in block style without a ``weight:`` key gets one on a new
    line after its ``scale:`` line, at the same indentation; one written as a
    {flow: mapping} without a weight is refused. The edited text is parsed again and must
    hold exactly the old data with the new weights, else nothing is returned.
    """
    import copy
    import re

    from afweging.analysis.weights import check_weights_cover, percentages

    text = decode(original, shown)
    doc = parse(text, shown)
    check_weights_cover(doc, weights)
    raw: list[dict[str, Any]] = doc.data["criteria"]
    written = percentages(weights)
    number = re.compile(
        r"[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
        r"(?=$|[\s,}\]#])"
    )
    lines = text.splitlines(keepends=True)

    def new_weight_line(index: int, value: str) -> tuple[int, str]:
        """Where and what to insert for a block-style criterion that has no weight key."""
        loc = ("criteria", index)
        line, col = doc.value_marks[loc]
        if lines[line - 1][col - 1 : col] == "{" or (*loc, "scale") not in doc.value_marks:
            raise InputError(
                [
                    doc.problem(
                        loc,
                        f"criterion '{raw[index]['id']}' has no weight to change, and"
                        " afweging adds one only after a 'scale:' line",
                        "add 'weight: 0' to it and run the command again",
                    )
                ]
            )
        scale_line = doc.value_marks[(*loc, "scale")][0] - 1
        indent = doc.key_marks[(*loc, "scale")][1] - 1
        ending = lines[scale_line][len(lines[scale_line].rstrip("\r\n")) :]
        newline = ending or ("\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n")
        if not ending:
            lines[scale_line] += newline
        return scale_line, " " * indent + f"weight: {value}" + newline

    replacements: list[tuple[int, int, int, str]] = []  # line index, start, end, new text
    insertions: list[tuple[int, str]] = []  # after line index, new line
    expected = copy.deepcopy(doc.data)
    for index, criterion in enumerate(raw):
        if criterion["id"] not in weights:
            continue
        value = written[criterion["id"]]
        loc = ("criteria", index)
        if "weight" in criterion:
            line, col = doc.value_marks[(*loc, "weight")]
            token = number.match(lines[line - 1], col - 1)
            if token is None:
                raise InputError(
                    [doc.problem((*loc, "weight"), "this weight is not a plain number")]
                )
            if criterion["weight"] != float(value):  # 25.0 stays 25.0 when the share is 25
                replacements.append((line - 1, col - 1, token.end(), value))
        elif float(value) > 0:
            insertions.append(new_weight_line(index, value))
        else:
            continue
        expected["criteria"][index]["weight"] = float(value)
    for line, start, end, value in sorted(replacements, reverse=True):
        lines[line] = lines[line][:start] + value + lines[line][end:]
    for line, new_line in sorted(insertions, reverse=True):
        lines.insert(line + 1, new_line)
    new_text = "".join(lines)
    if parse(new_text, shown).data != expected:
        raise RuntimeError(f"setting the weights in {shown} would change more than the weights")
    prefix = BOM if original.startswith(BOM) else b""
    return prefix + new_text.encode("utf-8")


def write_new_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; an existing file is kept unless ``force``."""
    write_new_files([(path, data, force)])


def write_new_files(files: list[tuple[Path, bytes, bool]]) -> None:
    """Write each (path, data, force) atomically, in order, creating folders as needed.

    Nothing is written if a file without ``force`` exists. When a write fails or is
    interrupted, the folders this call created are removed again if they are empty.
    """
    for path, _, force in files:
        if path.exists() and not force:
            raise InputError.single(
                str(path), "the file exists; nothing was written", "use --force to replace it"
            )
    created: list[Path] = []
    try:
        for path, data, _ in files:
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError.single(
                    str(path),
                    f"cannot create {path.parent}: {exc.strerror}; nothing was changed",
                ) from None
            created += reversed(missing)
            _write_atomically(path, data, 0o644, shown=str(path))
    except BaseException:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: a file written in full stays
        raise
