"""The one module that writes notes: inside the vault only, atomically, and only on change.

Every write goes through :func:`write_if_changed`:

* the path is vault-relative POSIX, a ``.md`` file, with no ``..``, no absolute form and no
  dot-folder (``.obsidian``, ``.trash``); its folder and the file itself must really be inside
  the vault after following symlinks, and an existing symlink is never replaced;
* the new bytes go to a temporary dot-file in the same folder, are fsynced, and replace the
  note with ``os.replace`` (a new note is hard-linked into place, which fails instead of
  clobbering a note that appeared meanwhile); then the folder is fsynced, so a crash leaves
  either the old note or the new one, never half of one;
* nothing is written when the bytes are already what we would write (no churn for git or
  Obsidian Sync);
* if the note on disk is no longer what the caller read, it is left alone and the outcome
  says so ("changed while generating, will retry"): the user's edit wins.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.rulebook import declare

__all__ = [
    "MAX_NAME_BYTES",
    "NOT_UTF8_OUTPUT",
    "STALE_TEMPORARY_SECONDS",
    "UNSAFE_PATH",
    "UnsafePathError",
    "WriteOutcome",
    "WriteStatus",
    "check_relative_path",
    "read_note_bytes",
    "refused",
    "write_if_changed",
]

UNSAFE_PATH = declare(
    "VT503",
    Severity.ERROR,
    "a generated note's path leaves the vault or is a symlink; not written",
    """
    ## What it means
    A generated note (an index or a retrospective) would be written outside the vault,
    into a dot-folder, through a symlink, or under a name the file system cannot hold.

    ## Why it matters
    vault-tools writes only inside the vault and never replaces a symlink: the note is not
    written, and stays out of date.

    ## Example
    An index configured as `../Shared/Index.md`, or `Hiring/Interview Index.md` being a
    symlink to a file elsewhere.

    ## How to fix
    Configure a vault-relative `.md` path without `..`, or replace the symlink with the file.
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
    root: str | Path, relative: str, content: bytes, expected: bytes | None
) -> WriteOutcome:
    """Write ``content`` to the note at ``relative`` if it differs from what is there.

    ``expected`` is what the caller read (None: the note did not exist). When the note on disk
    no longer matches it, nothing is written and the outcome is CONFLICT.
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
        _atomic_write(target, content, replace_existing=current is not None, expected=current)
    except _ChangedMeanwhile:
        return WriteOutcome(relative, WriteStatus.CONFLICT, "changed while generating, will retry")
    except OSError as error:
        return refused(relative, f"cannot write the note: {error.strerror or error}")
    if current is None:
        return WriteOutcome(relative, WriteStatus.CREATED)
    return WriteOutcome(relative, WriteStatus.UPDATED)


def refused(relative: str, reason: str) -> WriteOutcome:
    """A REFUSED outcome with its VT503 diagnostic."""
    problem = Diagnostic(relative, 1, 1, UNSAFE_PATH, Severity.ERROR, f"not written: {reason}")
    return WriteOutcome(relative, WriteStatus.REFUSED, reason, (problem,))


class _ChangedMeanwhile(Exception):
    pass


def _atomic_write(
    target: Path, content: bytes, *, replace_existing: bool, expected: bytes | None
) -> None:
    folder = target.parent
    mode = 0o666  # the umask applies, as for any new file
    if replace_existing:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    _remove_stale_temporaries(target)
    temporary = folder / f"{_temporary_prefix(target)}{secrets.token_hex(4)}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            if replace_existing and hasattr(os, "fchmod"):
                os.fchmod(descriptor, mode)  # keep the note's permissions exactly
            view = memoryview(content)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if replace_existing:
            # Last look right before replacing: a save that landed while we were writing wins.
            try:
                if target.read_bytes() != expected:
                    raise _ChangedMeanwhile
            except FileNotFoundError as error:
                raise _ChangedMeanwhile from error
            os.replace(temporary, target)
        else:
            _link_new(temporary, target)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    _fsync_folder(folder)


# A temporary file this old was left by a writer that was killed mid-write (it exists for
# milliseconds otherwise). Remove it, so a git-synced vault does not collect them.
STALE_TEMPORARY_SECONDS = 600


# Most file systems allow 255 bytes per name: a temporary file's name must fit as well.
MAX_NAME_BYTES = 255


def _temporary_prefix(target: Path) -> str:
    """``.<note name>.vault-tools-``, the note's name cut so that the temporary file's whole
    name (the prefix, 8 hex digits, ``.tmp``) fits where the note's own name fits."""
    name = target.name
    while len(f".{name}.vault-tools-".encode("utf-8", "surrogateescape")) + 12 > MAX_NAME_BYTES:
        name = name[:-1]
    return f".{name}.vault-tools-"


def _remove_stale_temporaries(target: Path) -> None:
    prefix = _temporary_prefix(target)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        if len(name) != len(prefix) + 8 + 4:  # exactly the writer's own 8 hex digits
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)


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
