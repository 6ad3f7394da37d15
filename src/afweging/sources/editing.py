"""Writes of the user's files: atomic, locked, never half done (the edits of their text
that keep every other byte are in ``sources/yamledit.py``).

``replace_file``
writes atomically: a temporary file in the same folder, flushed, fsynced and read back,
renamed over the original, the folder fsynced; nothing is written if the file is
read-only, not a regular file, or changed on disk since it was read; the file keeps its
mode and owner. ``update_file`` runs a whole read-change-replace under an exclusive lock
on the file, so that concurrent edits each see the last one's result. ``write_new_files``
writes new files (memo and charts, export, init) as one unit: all are written in full
beside their targets, then renamed into place together with Ctrl-C held back, undone
if a rename fails.
"""

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from afweging.errors import InputError
from afweging.sources.files import read_bounded

# Every file this run has written in full (renamed into place), as the user named it:
# an interruption afterwards must not claim that nothing was changed.
WRITTEN: list[str] = []


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
            # Not blocking: a FIFO put in the file's place must be refused, not waited on.
            descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise InputError.single(shown, f"cannot read the file: {exc.strerror}") from None
        try:
            _refuse_not_regular(os.fstat(descriptor).st_mode, shown, target != path.absolute())
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
    """Atomically replace ``path`` (through a symlink, its target) with ``new``, keeping
    the file's mode (and, for root, its owner).

    Refuses what is not a regular file, a read-only file, and a file that no longer holds
    ``expected`` (it changed since it was read). On any failure the original is untouched
    and no temporary file is left behind.
    """
    shown = str(path)
    target = Path(os.path.realpath(path))
    try:
        entry = target.stat()
        _refuse_not_regular(entry.st_mode, shown, target != path.absolute())
        current = target.read_bytes()
    except OSError as exc:
        raise InputError.single(shown, f"cannot read the file again: {exc.strerror}") from None
    _refuse_read_only(target, entry.st_mode, shown)
    if current != expected:
        raise InputError.single(
            shown,
            "the file changed on disk while afweging was working on it; nothing was written",
            "run the command again",
        )
    owner = (entry.st_uid, entry.st_gid)
    _commit([_Target(target, new, entry.st_mode & 0o7777, owner, existed=True, shown=shown)])


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


def write_new_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; an existing file is kept unless ``force``."""
    write_new_files([(path, data, force)])


def check_new_file(path: Path, *, force: bool = False) -> None:
    """Refuse now what ``write_new_file(path, …, force=force)`` would refuse: an existing
    file without ``force``, a read-only file, and anything that is not a regular file."""
    _Target.check(path, b"", force)


def write_new_files(files: list[tuple[Path, bytes, bool]]) -> None:
    """Write each (path, data, force) as one unit, creating folders as needed.

    Every target is checked before anything is written: an existing file is kept unless
    its ``force`` is set, and a read-only file, a folder, a device, a FIFO or a symlink to
    one is never replaced. A symlink itself (to a regular file, or dangling) is replaced
    by the new file with ``force``; its target is not touched. A replaced file keeps its
    mode (and, for root, its owner); a new file gets the mode the umask allows.

    All files are first written in full to temporary files beside their targets, then
    renamed into place together; if a rename fails, the ones before it are undone. On any
    failure or interruption nothing is left: no temporary file, no new file, no folder
    this call created, and the replaced files hold their old bytes.
    """
    staged = [_Target.check(path, data, force) for path, data, force in files]
    _commit(staged)


def _commit(staged: list["_Target"]) -> None:
    """Write the checked targets as one unit (see ``write_new_files``)."""
    created: list[Path] = []
    try:
        for target in staged:
            created += _make_folder(target)
            target.stage()
        if len(staged) > 1:
            for target in staged:
                target.keep_backup()
        with _sigint_deferred():
            done: list[_Target] = []
            try:
                for target in staged:
                    target.rename()
                    done.append(target)
            except OSError as exc:
                for target in reversed(done):
                    target.undo()
                failed = staged[len(done)]
                raise InputError.single(
                    failed.shown,
                    f"writing failed: {exc.strerror}; "
                    + (
                        "the original file is unchanged"
                        if failed.existed and len(staged) == 1
                        else "nothing was changed"
                    ),
                    "check the folder's permissions or free space",
                ) from None
            WRITTEN.extend(target.shown for target in staged)
            for target in staged:
                target.discard()
    except BaseException:
        for target in staged:
            target.discard()
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise
    for folder in dict.fromkeys(target.path.parent for target in staged):
        _fsync_folder(folder)


def _make_folder(target: "_Target") -> list[Path]:
    """Create the folders up to ``target``; the ones created, outermost first."""
    folder = target.path.parent
    missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.single(
            target.shown, f"cannot create {folder}: {exc.strerror}; nothing was changed"
        ) from None
    return list(reversed(missing))


# What a path that is not a regular file turns out to be, for the refusal.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(mode: int) -> str | None:
    """What a file of this mode is, if it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def _refuse_not_regular(mode: int, shown: str, link: bool) -> None:
    kind = not_regular(mode)
    if kind is not None:
        raise _refuse_kind(shown, kind, link)


def _refuse_kind(shown: str, kind: str, link: bool) -> InputError:
    what = f"a symlink to {kind}" if link else kind
    return InputError.single(
        shown,
        f"this is {what}, not a regular file; nothing was written (not even with --force)",
        "name a regular file; -o - writes to stdout",
    )


def _default_mode() -> int:
    """The mode of a new file: 0666 less the umask, as the shell's ``>`` gives."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class _Target:
    """One file about to be written: where, what, with which mode and owner, and the
    temporary file and backup on its way there."""

    def __init__(self, path: Path, data: bytes, mode: int, owner: tuple[int, int] | None,
                 *, existed: bool, shown: str) -> None:  # fmt: skip
        self.path, self.data, self.mode, self.owner = path, data, mode, owner
        self.existed, self.shown = existed, shown
        self.temporary: Path | None = None
        self.backup: Path | None = None

    @classmethod
    def check(cls, path: Path, data: bytes, force: bool, shown: str | None = None) -> "_Target":
        """The target at ``path`` (a symlink is replaced, not followed), or the refusal."""
        shown = shown or str(path)
        try:
            entry = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):  # a new file (its folder may fail)
            return cls(path, data, _default_mode(), None, existed=False, shown=shown)
        except OSError as exc:
            raise InputError.single(shown, f"cannot look at the file: {exc.strerror}") from None
        link = stat.S_ISLNK(entry.st_mode)
        if link:
            with contextlib.suppress(OSError):
                entry = path.stat()
        kind = None if stat.S_ISLNK(entry.st_mode) else not_regular(entry.st_mode)
        if kind is not None:
            raise _refuse_kind(shown, kind, link)
        if not force:
            raise InputError.single(
                shown, "the file exists; nothing was written", "use --force to replace it"
            )
        if link:  # the link is replaced by a new file; what it points to stays as it was
            return cls(path, data, _default_mode(), None, existed=True, shown=shown)
        _refuse_read_only(path, entry.st_mode, shown)
        owner = (entry.st_uid, entry.st_gid)
        return cls(path, data, entry.st_mode & 0o7777, owner, existed=True, shown=shown)

    def stage(self) -> None:
        """Write the data in full to a temporary file beside the target, with its mode."""
        folder = self.path.parent
        _remove_stale(folder, self.path.name)
        try:
            handle, name = tempfile.mkstemp(dir=folder, prefix=_temporary_prefix(self.path.name),
                                            suffix=".tmp")  # fmt: skip
        except OSError as exc:
            raise InputError.single(
                self.shown,
                f"cannot write in {folder}: {exc.strerror}; nothing was changed",
                "check the folder's permissions or free space",
            ) from None
        self.temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(self.data)
                out.flush()
                os.fsync(out.fileno())
            _check_written(self.temporary, self.data)
            if self.owner is not None:
                with contextlib.suppress(PermissionError):  # only root may give a file away
                    os.chown(self.temporary, *self.owner)
            self.temporary.chmod(self.mode)
        except OSError as exc:
            raise InputError.single(
                self.shown,
                f"writing failed: {exc.strerror}; "
                + ("the original file is unchanged" if self.existed else "nothing was changed"),
                "check the folder's permissions or free space",
            ) from None

    def keep_backup(self) -> None:
        """A hard link to the file being replaced, so that the rename can be undone."""
        if not self.existed or self.path.is_symlink():
            return
        backup = self.path.parent / (_temporary_prefix(self.path.name) + "old.bak")
        try:
            os.link(self.path, backup)
        except OSError as exc:
            raise InputError.single(
                self.shown,
                f"the file cannot be replaced: {exc.strerror}; nothing was changed",
                "check the file's and the folder's permissions",
            ) from None
        self.backup = backup

    def rename(self) -> None:
        """Put the temporary file in place of the target."""
        if self.temporary is not None:
            self.temporary.replace(self.path)
        self.temporary = None

    def undo(self) -> None:
        """Put back what stood at the target before ``rename``."""
        with contextlib.suppress(OSError):
            if self.backup is not None:
                self.backup.replace(self.path)
                self.backup = None
            elif not self.existed:
                self.path.unlink()

    def discard(self) -> None:
        """Remove the temporary file and the backup, if any."""
        for leftover in (self.temporary, self.backup):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    leftover.unlink()
        self.temporary = self.backup = None


def _temporary_prefix(name: str) -> str:
    """The start of the names of this process's temporary files for the file ``name``."""
    return f".{name[:100]}.afweging-{os.getpid()}-"


def _remove_stale(folder: Path, name: str) -> None:
    """Remove temporary files and backups for ``name`` that a killed afweging left (their
    process no longer runs): the next write of the file cleans up after SIGKILL."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            start = f".{name[:100]}.afweging-"
            if not entry.name.startswith(start) or not entry.name.endswith((".tmp", ".bak")):
                continue
            pid = entry.name[len(start) :].split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _refuse_read_only(path: Path, mode: int, shown: str) -> None:
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise InputError.single(
            shown,
            "the file is read-only; nothing was written",
            "make it writable (chmod u+w) if it may be changed",
        )


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold back Ctrl-C while files are renamed into place, and deliver it afterwards:
    an interruption then comes before every rename or after all of them (and after
    ``WRITTEN`` names the files), so what the tool says about it is true."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(
        signal.SIGINT
    ) in (None, signal.SIG_IGN):
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, None)
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)
