"""The one module that writes notes: inside the vault only, atomically, and only on change.

Every write goes through :func:`write_if_changed`:

* the path is vault-relative POSIX, a ``.md`` file, with no ``..``, no absolute form and no
  dot-folder (``.obsidian``, ``.trash``); its folder and the file itself must really be inside
  the vault after following symlinks, and an existing symlink is never replaced;
* the new bytes go to a temporary dot-file in the same folder, are fsynced, and take the
  note's place (a new note is hard-linked into place, which fails instead of clobbering a
  note that appeared meanwhile); then the folder is fsynced, so a crash leaves either the old
  note or the new one, never half of one;
* nothing is written when the bytes are already what we would write (no churn for git or
  Obsidian Sync);
* if the note on disk is no longer what the caller read, it is left alone and the outcome
  says so ("changed while generating, will retry"): the user's edit wins;
* a save that lands while the note is being replaced is never lost: the replacement swaps
  the two files atomically and looks at what it displaced, puts a save back and merges into
  it (see :func:`_replace` and :func:`_put`, which also says where the system cannot swap);
* a read-only note (the user took away its write permission) is not rewritten;
* temporary files left by a killed writer are removed by the next run
  (:func:`remove_leftover_temporaries`).
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
import errno
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import cast

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.lock import try_lock
from vault_tools.rulebook import declare

if sys.platform != "win32":
    import fcntl

__all__ = [
    "MAX_NAME_BYTES",
    "MAX_ROUNDS",
    "NOT_UTF8_OUTPUT",
    "READ_ONLY_REASON",
    "STALE_TEMPORARY_SECONDS",
    "UNSAFE_PATH",
    "WRITER_WAIT_SECONDS",
    "UnsafePathError",
    "WriteOutcome",
    "WriteStatus",
    "check_relative_path",
    "create_notes",
    "read_note_bytes",
    "refused",
    "remove_leftover_temporaries",
    "write_if_changed",
]

UNSAFE_PATH = declare(
    "VT503",
    Severity.ERROR,
    "a generated note cannot be written (outside the vault, a symlink, read-only, a full disk); "
    "not written",
    """
    ## What it means
    A generated note (an index or a retrospective) would be written outside the vault,
    into a dot-folder, through a symlink, or under a name the file system cannot hold; or
    the note is read-only (you took away its write permission), or writing it failed (a
    full disk, a permission on its folder).

    ## Why it matters
    vault-tools writes only inside the vault, never replaces a symlink and respects a
    read-only note: the note is not written, and stays out of date (the watcher tries a
    failed write again at the next change and rescan).

    ## Example
    An index configured as `../Shared/Index.md`, `Hiring/Interview Index.md` being a
    symlink to a file elsewhere, or `chmod 444 "Hiring/Interview Index.md"`.

    ## How to fix
    Configure a vault-relative `.md` path without `..`, replace the symlink with the file,
    make the note writable again, or free some disk space.
    """,
).code
NOT_UTF8_OUTPUT = declare(
    "VT504",
    Severity.ERROR,
    "a note holding a generated block is not UTF-8; not rewritten",
    """
    ## What it means
    The note that holds a generated block has bytes that are not UTF-8.

    ## Why it matters
    Rewriting it would turn those bytes into replacement characters and lose your text, so
    the note is left as it is and its generated block goes stale.

    ## Example
    An index note re-saved as Latin-1 by another editor.

    ## How to fix
    Re-save the note as UTF-8 (see VT101).
    """,
).code


class WriteStatus(str, enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"  # broken markers, unsafe path, undecodable note: the user must act
    CONFLICT = "conflict"  # changed on disk while we generated; try again later
    FROZEN = "frozen"  # `frozen: true` in its frontmatter: the note is closed, left as it is

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class WriteOutcome:
    path: str
    status: WriteStatus
    message: str = ""
    problems: tuple[Diagnostic, ...] = field(default=())

    @property
    def written(self) -> bool:
        return self.status in (WriteStatus.CREATED, WriteStatus.UPDATED)

    @property
    def failed(self) -> bool:
        return self.status in (WriteStatus.REFUSED, WriteStatus.CONFLICT)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status.value,
            "message": self.message,
            "problems": [problem.to_dict() for problem in self.problems],
        }


class UnsafePathError(ValueError):
    """The path cannot be written safely; the message says why."""


def check_relative_path(relative: str) -> PurePosixPath:
    """The path as a PurePosixPath, or UnsafePathError for anything but a plain vault path."""
    if not relative or "\x00" in relative or "\\" in relative:
        raise UnsafePathError("not a plain vault-relative path")
    if relative.startswith("/") or (len(relative) > 1 and relative[1] == ":"):
        raise UnsafePathError("absolute paths are not written")
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafePathError("'..', '.' and empty path parts are not written")
    if any(part.startswith(".") for part in parts):
        raise UnsafePathError("dot-folders and dot-files (.obsidian, .trash) are not written")
    if not relative.lower().endswith(".md"):
        raise UnsafePathError("only markdown notes (.md) are written")
    return PurePosixPath(relative)


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _checked_target(root: Path, relative: str, *, create_folders: bool) -> Path:
    """The absolute path to write, after every safety check (see the module docstring)."""
    pure = check_relative_path(relative)
    real_root = os.path.realpath(root)
    folder = Path(real_root)
    for part in pure.parent.parts:
        folder = folder / part
        if os.path.lexists(folder):
            if not _inside(os.path.realpath(folder), real_root):
                raise UnsafePathError(f"folder {part!r} leads outside the vault (symlink)")
            if not folder.is_dir():
                raise UnsafePathError(f"{part!r} is not a folder")
        elif create_folders:
            with contextlib.suppress(FileExistsError):  # made meanwhile: re-checked below
                os.mkdir(folder)
    if os.path.lexists(folder) and not _inside(os.path.realpath(folder), real_root):
        raise UnsafePathError("the note's folder is outside the vault")
    target = folder / pure.name
    if os.path.islink(target):
        raise UnsafePathError("the note is a symlink; vault-tools does not replace symlinks")
    if os.path.lexists(target) and not stat.S_ISREG(os.lstat(target).st_mode):
        raise UnsafePathError("the path exists and is not a regular file")
    return target


def read_note_bytes(root: str | Path, relative: str) -> bytes | None:
    """The note's current bytes, or None when it does not exist. UnsafePathError when unsafe."""
    target = _checked_target(Path(root), relative, create_folders=False)
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None


def write_if_changed(
    root: str | Path,
    relative: str,
    content: bytes,
    expected: bytes | None,
    merge: Callable[[bytes], bytes | None] | None = None,
) -> WriteOutcome:
    """Write ``content`` to the note at ``relative`` if it differs from what is there.

    ``expected`` is what the caller read (None: the note did not exist). When the note on disk
    no longer matches it, nothing is written and the outcome is CONFLICT. ``merge`` makes
    ``content`` again from a newer text of the note (None: it cannot, e.g. broken markers):
    when a save lands while the note is being replaced, the writer merges into that save and
    writes again; without ``merge`` it puts the save back as it was (outcome CONFLICT).
    """
    try:
        target = _checked_target(Path(root), relative, create_folders=True)
    except (UnsafePathError, OSError) as error:
        return refused(relative, str(error))
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as error:
        return refused(relative, f"cannot read the note: {error.strerror or error}")
    if current != expected:
        return WriteOutcome(relative, WriteStatus.CONFLICT, "changed while generating, will retry")
    if current == content:
        return WriteOutcome(relative, WriteStatus.UNCHANGED)
    try:
        if current is None:
            _create(target, content)
            return WriteOutcome(relative, WriteStatus.CREATED)
        if _read_only(target):
            return refused(relative, READ_ONLY_REASON)
        kept = _replace(target, content, current, merge)
    except _ChangedMeanwhile:
        return WriteOutcome(relative, WriteStatus.CONFLICT, "changed while generating, will retry")
    except OSError as error:
        return refused(relative, f"cannot write the note: {error.strerror or error}")
    finally:
        _fsync_folder(target.parent)
    if kept is _SAVE_PUT_BACK:
        return WriteOutcome(relative, WriteStatus.CONFLICT, "saved meanwhile: that save is kept")
    if kept is not None:
        return WriteOutcome(
            relative,
            WriteStatus.CONFLICT,
            f"two saves landed while it was being written: one is in place, the other is kept "
            f"beside it in {kept.name} (compare them)",
        )
    return WriteOutcome(relative, WriteStatus.UPDATED)


READ_ONLY_REASON = "the note is read-only (its permissions say so); make it writable to update it"


def refused(relative: str, reason: str) -> WriteOutcome:
    """A REFUSED outcome with its VT503 diagnostic."""
    problem = Diagnostic(relative, 1, 1, UNSAFE_PATH, Severity.ERROR, f"not written: {reason}")
    return WriteOutcome(relative, WriteStatus.REFUSED, reason, (problem,))


class _ChangedMeanwhile(Exception):
    pass


def _read_only(target: Path) -> bool:
    """Whether the user made the note read-only (no write permission for anyone): replacing it
    would work (a rename needs only the folder's permission) but would undo their choice."""
    return not os.stat(target).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


# ------------------------------------------------------------------------ replacing a note
# Rounds of putting a text in place before the writer gives up on a note that some program
# saves again and again while it is being replaced (each save is kept; see _replace).
MAX_ROUNDS = 8

# How long to wait for a program that has the displaced note open for writing to close it.
WRITER_WAIT_SECONDS = 1.0

_SAVE_PUT_BACK = Path("put back")  # _replace's answer: a save was put back, not merged into


def _replace(
    target: Path, content: bytes, based_on: bytes, merge: Callable[[bytes], bytes | None] | None
) -> Path | None:
    """Replace the note (read as ``based_on``) by ``content``; never lose a save.

    Each round puts a text in place and looks at exactly what that displaced (:func:`_put`).
    Displacing what the round was based on is the normal case: done. Displacing anything else
    means a save landed after the note was read: that save is put back at once (kept in
    ``.<note>.vault-tools-<hex>.kept`` beside the note until it is back, so not even a crash
    loses it), and the next round puts ``merge(save)`` in place. A save that stopped a round
    (nothing displaced) is merged into the same way.

    Returns None when ``content`` or a merge is in place; ``_SAVE_PUT_BACK`` when a save was
    put back that ``merge`` cannot merge into; a ``.kept`` file when yet another save came in
    the microseconds it took to put one back (both saves are then on disk, for the user to
    compare). Raises _ChangedMeanwhile when the note is gone, or when a save is in place that
    cannot be merged into, or after :data:`MAX_ROUNDS` rounds of saves (each one in place).
    """
    mode = stat.S_IMODE(os.stat(target).st_mode)
    for _ in range(MAX_ROUNDS):
        placed, displaced, displaced_file = _put(target, content, based_on, mode)
        if placed and displaced == based_on:
            _discard(displaced_file)
            return None
        if displaced is None:  # deleted or renamed meanwhile (nothing was put in place)
            raise _ChangedMeanwhile
        if placed:  # ours displaced a save: put it back first
            kept = _keep_aside(target, displaced, displaced_file, mode)
            restored, again, again_file = _put_back(kept, target, content, mode)
            if not (restored and again == content):
                if not restored or again is None or again_file == kept:
                    return kept  # holds the save not in place (swapped back: the second one)
                _discard(kept)  # the first save is in place again; keep the second one
                return _keep_aside(target, again, again_file, mode)
            _discard(again_file)
            _discard(kept)
        merged = merge(displaced) if merge is not None else None
        if merged is None:
            if placed:
                return _SAVE_PUT_BACK
            raise _ChangedMeanwhile
        based_on, content = displaced, merged
    raise _ChangedMeanwhile


def _keep_aside(target: Path, data: bytes, holding: Path | None, mode: int) -> Path:
    """A ``.kept`` file beside the note holding ``data`` (``holding``, renamed, if given)."""
    kept = target.with_name(f"{_temporary_prefix(target)}{secrets.token_hex(4)}.kept")
    if holding is not None:
        os.replace(holding, kept)
    else:
        _write_file(kept, data, mode).close()
    return kept


def _put_back(
    kept: Path, target: Path, based_on: bytes, mode: int
) -> tuple[bool, bytes | None, Path | None]:
    """Put the save in ``kept`` back at ``target`` (where ``based_on`` is), as :func:`_put`.

    Where names can be swapped, the two files trade places again (microseconds, no copy);
    ``kept`` then holds what was displaced. Elsewhere the save is written anew.
    """
    try:
        swapped = _exchange(kept, target)
    except FileNotFoundError:
        return False, None, None
    if swapped:
        return True, _read_settled(kept), kept
    return _put(target, kept.read_bytes(), based_on, mode)


def _put(
    target: Path, content: bytes, based_on: bytes, mode: int
) -> tuple[bool, bytes | None, Path | None]:
    """Try to put ``content`` at ``target``: (whether it is in place, the bytes it displaced
    or that stopped it, the file that holds the displaced bytes when there is one).

    Where the system can swap two names atomically (Linux ``renameat2(RENAME_EXCHANGE)``:
    ext4, xfs, btrfs, tmpfs...), the note and the temporary file trade places: whatever was at
    the note's path at that instant — the note as read, a save written into it, or a new file
    an editor renamed over it — ends up under the temporary name, so nothing is displaced
    unseen. A program that still has the displaced file open for writing (one that opened the
    note just before the swap) is waited for before the file is read.

    Elsewhere (macOS, Windows, file systems without the swap), the note is opened and
    compared with ``based_on``, then replaced, then read again through the open file: a save
    written into the note, even after the comparison, is seen. What cannot be seen there is a
    save that renames a new file over the note in the microseconds between the comparison and
    the replacement.
    """
    temporary = target.parent / f"{_temporary_prefix(target)}{secrets.token_hex(4)}.tmp"
    handle = _write_file(temporary, content, mode)
    swapped = False
    try:
        try:
            swapped = _exchange(temporary, target)
        except FileNotFoundError:
            return False, None, None
        if swapped:
            return True, _read_settled(temporary), temporary
        return (*_replace_holding_old(temporary, target, based_on), None)
    finally:
        handle.close()  # releases the lock that tells a clean-up the file is in use
        if not swapped:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)  # not put in place


def _replace_holding_old(temporary: Path, target: Path, based_on: bytes) -> tuple[bool, bytes]:
    """The fallback of :func:`_put`: compare, replace, and read what was replaced."""
    if os.name == "nt":  # an open file cannot be replaced there: compare by path
        current = target.read_bytes()
        if current != based_on:
            return False, current
        os.replace(temporary, target)
        return True, current
    descriptor = os.open(target, os.O_RDONLY)
    try:
        current = _read_all(descriptor)
        if current != based_on:
            return False, current
        os.replace(temporary, target)
        _wait_for_writers(descriptor)
        return True, _read_all(descriptor)
    finally:
        os.close(descriptor)


def _read_settled(path: Path) -> bytes:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        _wait_for_writers(descriptor)
        return _read_all(descriptor)
    finally:
        os.close(descriptor)


def _read_all(descriptor: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(descriptor, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _wait_for_writers(descriptor: int) -> None:
    """Wait (at most :data:`WRITER_WAIT_SECONDS`) until no program has the file open for
    writing. Linux grants a read lease only then; elsewhere (or where leases are not allowed:
    another owner, a network file system) this returns at once."""
    if sys.platform == "win32" or not hasattr(fcntl, "F_SETLEASE"):
        return
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    while True:
        try:
            fcntl.fcntl(descriptor, fcntl.F_SETLEASE, fcntl.F_RDLCK)
        except OSError as error:
            if error.errno != errno.EAGAIN or time.monotonic() >= deadline:
                return
            time.sleep(0.002)
            continue
        fcntl.fcntl(descriptor, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        return


def _discard(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically; False where the system or file system cannot."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), 2)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False  # no RENAME_EXCHANGE here (an old kernel, FAT, NFS, SMB, some FUSE)
    raise OSError(error, os.strerror(error), str(second))


_AT_FDCWD = -100


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2  # glibc 2.28+, musl 1.2.3+
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return cast(Callable[..., int], function)


_renameat2 = _load_renameat2()


# ------------------------------------------------------------------------ new files
def _write_file(path: Path, content: bytes, mode: int | None) -> LockedFile:
    """Create ``path`` (it must not exist) holding ``content``, fsynced, and return it open and
    locked: a clean-up (:func:`remove_leftover_temporaries`) leaves a locked file alone.
    ``mode``: the permissions to give it exactly (None: a new file's, the umask applies)."""
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode
    )
    try:
        _lock(descriptor)
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(descriptor, mode)  # exactly the note's permissions, whatever the umask
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return LockedFile(descriptor)


class LockedFile:
    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    def close(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)
            self.descriptor = -1


def _create(target: Path, content: bytes) -> None:
    """Put a new note in place without ever clobbering one that appeared meanwhile."""
    temporary = target.parent / f"{_temporary_prefix(target)}{secrets.token_hex(4)}.tmp"
    handle = _write_file(temporary, content, None)
    try:
        _link_new(temporary, target)
    finally:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def create_notes(root: str | Path, notes: Sequence[tuple[str, bytes]]) -> list[WriteOutcome]:
    """Create several new notes (vault-relative path, bytes), all of them or none.

    Every note's temporary file is written first (a full disk stops it there, before any note
    exists); then each is linked into place, and should one fail (a note that appeared
    meanwhile: CONFLICT), the notes already placed are removed again — only while they are
    still exactly the files written here. The outcomes are in the order of ``notes``: all
    CREATED, or the one that failed and the others REFUSED ("not created either").
    """
    staged: list[tuple[str, Path, Path, LockedFile]] = []
    placed: list[tuple[Path, LockedFile]] = []
    failure: WriteOutcome | None = None
    try:
        for relative, content in notes:
            failure = _stage(Path(root), relative, content, staged)
            if failure is not None:
                break
        for relative, target, temporary, handle in staged if failure is None else []:
            try:
                _link_new(temporary, target)
            except _ChangedMeanwhile:
                failure = WriteOutcome(relative, WriteStatus.CONFLICT, "a note is there already")
            except OSError as error:
                failure = refused(relative, f"cannot write the note: {error.strerror or error}")
            if failure is not None:
                break
            placed.append((target, handle))
        if failure is not None:
            for target, handle in placed:
                _remove_if_ours(target, handle)
    finally:
        for _, _, temporary, handle in staged:
            handle.close()
            _discard(temporary)
        for folder in {target.parent for _, target, _, _ in staged}:
            _fsync_folder(folder)
    if failure is None:
        return [WriteOutcome(relative, WriteStatus.CREATED) for relative, _ in notes]
    together = f"not created either: {failure.path} could not be, and the notes go together"
    return [
        failure
        if relative == failure.path
        else WriteOutcome(relative, WriteStatus.REFUSED, together)
        for relative, _ in notes
    ]


def _stage(
    root: Path, relative: str, content: bytes, staged: list[tuple[str, Path, Path, LockedFile]]
) -> WriteOutcome | None:
    """Write one new note's temporary file (added to ``staged``); the outcome if it fails."""
    try:
        target = _checked_target(root, relative, create_folders=True)
    except (UnsafePathError, OSError) as error:
        return refused(relative, str(error))
    if os.path.lexists(target):
        return WriteOutcome(relative, WriteStatus.CONFLICT, "a note is there already")
    temporary = target.parent / f"{_temporary_prefix(target)}{secrets.token_hex(4)}.tmp"
    try:
        staged.append((relative, target, temporary, _write_file(temporary, content, None)))
    except OSError as error:
        return refused(relative, f"cannot write the note: {error.strerror or error}")
    return None


def _remove_if_ours(target: Path, handle: LockedFile) -> None:
    """Remove a note this run created, unless it was replaced meanwhile."""
    with contextlib.suppress(OSError):
        mine, there = os.fstat(handle.descriptor), os.lstat(target)
        if (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino):
            os.unlink(target)


# Most file systems allow 255 bytes per name: a temporary file's name must fit as well.
MAX_NAME_BYTES = 255


def _temporary_prefix(target: Path) -> str:
    """``.<note name>.vault-tools-``, the note's name cut so that the temporary file's whole
    name (the prefix, 8 hex digits, ``.tmp``) fits where the note's own name fits."""
    name = target.name
    while len(f".{name}.vault-tools-".encode("utf-8", "surrogateescape")) + 13 > MAX_NAME_BYTES:
        name = name[:-1]
    return f".{name}.vault-tools-"


# Exactly the names the writer gives its temporary files (and nothing a user would make).
_TEMPORARY_NAME = re.compile(r"\..+\.vault-tools-[0-9a-f]{8}\.tmp\Z", re.DOTALL)

# Where a file cannot be locked (Windows), a temporary file this old was left by a writer that
# was killed mid-write (it exists for milliseconds otherwise).
STALE_TEMPORARY_SECONDS = 600


def remove_leftover_temporaries(root: str | Path, paths: Iterable[str]) -> list[str]:
    """Remove the temporary files a killed writer left in the folders of these vault-relative
    note paths (``kill -9`` mid-write); the vault-relative paths removed.

    Only names the writer makes (``.<note>.vault-tools-<8 hex digits>.tmp``) that no running
    writer holds (each holds a lock on its temporary file while it exists) are removed.
    """
    removed: list[str] = []
    folders = sorted({path.rpartition("/")[0] for path in paths})
    real_root = os.path.realpath(root)
    for folder in folders:
        full = Path(real_root, *folder.split("/")) if folder else Path(real_root)
        try:
            if not _inside(os.path.realpath(full), real_root):
                continue  # a symlinked folder leading out of the vault: not ours to clean
            entries = list(os.scandir(full))
        except OSError:
            continue
        for entry in entries:
            if _TEMPORARY_NAME.match(entry.name) and _unused_leftover(entry):
                removed.append(f"{folder}/{entry.name}" if folder else entry.name)
    return removed


def _unused_leftover(entry: os.DirEntry[str]) -> bool:
    """Remove ``entry`` if it is a regular file no running writer holds; whether it did."""
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        if os.name == "nt":
            if entry.stat().st_mtime > time.time() - STALE_TEMPORARY_SECONDS:
                return False
            os.unlink(entry.path)
            return True
        descriptor = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        if not try_lock(descriptor):
            return False  # a writer is using it
        os.unlink(entry.path)
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _lock(descriptor: int) -> None:
    """Mark a temporary file as in use (a clean-up leaves it alone); not on Windows, where a
    lock would keep the file from being read."""
    if sys.platform != "win32":
        try_lock(descriptor)


def _link_new(temporary: Path, target: Path) -> None:
    """Put a new note in place without ever clobbering one that appeared meanwhile."""
    try:
        os.link(temporary, target)
    except FileExistsError as error:
        raise _ChangedMeanwhile from error
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # No hard links on this filesystem (some network and FAT volumes): check, then rename.
        if os.path.lexists(target):
            raise _ChangedMeanwhile from error
        os.replace(temporary, target)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened for fsync on Windows; NTFS journals renames
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
