"""The one bounded reader of user files (bytes and their SHA-256), the input sources by
suffix, and the built-in frameworks."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import NamedTuple

from afweging.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a YAML file; a CSV file of items has its own limit

BUILTIN_DIR = Path(__file__).parent.parent / "frameworks"

# The input sources by suffix: which reader makes a portfolio of a file. A suffix not
# listed is read as YAML. sources/loading.py's READERS has one reader per source; a new
# source (e.g. .xlsx) is one entry here and one there.
SOURCES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".xlsx": "xlsx"}


class Input(NamedTuple):
    """The bytes of one input file, as named in messages, with their SHA-256."""

    name: str
    data: bytes
    sha256: str


def source_of(path: Path) -> str:
    """The source (``SOURCES``) that reads ``path``: by its suffix, YAML otherwise."""
    return SOURCES.get(path.suffix.lower(), "yaml")


def is_input(path: Path) -> bool:
    """Does the suffix name an input source (for shell completion)?"""
    return path.suffix.lower() in SOURCES


def is_csv(path: Path) -> bool:
    """A ``.csv`` file is read as a table of items."""
    return source_of(path) == "csv"


def builtin_ids() -> list[str]:
    """The ids of the frameworks shipped with the package."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def builtin_path(framework_id: str) -> Path:
    """The file of a built-in framework."""
    return BUILTIN_DIR / f"{framework_id}.yaml"


def too_large(path: str, size: int, limit: int = MAX_BYTES) -> InputError:
    """The error for a file larger than the limit."""
    return InputError.single(
        path,
        f"the file is {size:,} bytes, more than the limit of {limit:,}",
        "split the portfolio or check that this is the right file",
    )


def read_bounded(descriptor: int, path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes behind an open descriptor, refused (``too_large``) past ``limit``: a file
    that grows while it is read is still cut off."""
    chunks = []
    size = 0
    while chunk := os.read(descriptor, min(limit + 1 - size, 1 << 20)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise too_large(path, size, limit)
    return b"".join(chunks)


def read_input(path: Path, name: str, what: str = "a YAML file", limit: int | None = None) -> Input:
    """The bytes of a user's file and their SHA-256, read only if it is a regular file of
    at most ``limit`` bytes (``MAX_BYTES``): a pipe would wait for a writer, a device
    never ends."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError.single(name, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError.single(name, "this is a folder, not a file", f"name {what}") from None
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputError.single(name, "this is a folder, not a file", f"name {what}")
        if not stat.S_ISREG(status.st_mode):
            raise InputError.single(
                name,
                "this is not a regular file (a pipe, socket or device)",
                f"save its content as {what} and name that",
            )
        limit = MAX_BYTES if limit is None else limit
        if status.st_size > limit:
            raise too_large(name, status.st_size, limit)
        data = read_bounded(descriptor, name, limit)
    except OSError as exc:
        raise InputError.single(name, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    return Input(name, data, hashlib.sha256(data).hexdigest())


def decode(raw: bytes, path: str, limit: int = MAX_BYTES) -> str:
    """Decode UTF-8 (with or without BOM); anything else is an input error."""
    if len(raw) > limit:
        raise too_large(path, len(raw), limit)
    skipped = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if skipped:
        raw = raw[skipped:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        kind = looks_like(raw) if not skipped else None
        message = (
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X} at offset"
            f" {exc.start + skipped:,})"
        )
        if kind is None:
            raise InputError.single(path, message, "save it as UTF-8", line, col) from None
        text_kind = kind.startswith("UTF-")
        raise InputError.single(
            path,
            f"{message}; it looks like {kind}",
            "save it as UTF-8" if text_kind else "check that this is the right file",
            line,
            col,
        ) from None


# What a file that is not UTF-8 text looks like, by how it starts: named instead of quoted.
_SIGNATURES = (
    (b"\xff\xfe\x00\x00", "UTF-32 text"),
    (b"\x00\x00\xfe\xff", "UTF-32 text"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (such as an .xlsx or .docx file)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls or .doc)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "a program"),
)


def looks_like(raw: bytes) -> str | None:
    """What kind of file ``raw`` (not UTF-8) looks like, if its start says so."""
    return next((kind for start, kind in _SIGNATURES if raw.startswith(start)), None)
