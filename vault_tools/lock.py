"""One writer per vault: an advisory lock file in the user's cache folder, keyed by the vault's
folder (device and inode, so that a bind mount or another path to it is the same vault).

Two watchers on one vault would both write the same generated notes. The lock lives outside
the vault (a vault is synced and versioned; a lock file inside it would travel to other
machines, where it means nothing) and is held with ``flock`` (``msvcrt.locking`` on
Windows), so the operating system releases it when the process ends, however it ends: a
crashed watcher never leaves a stale lock behind. The file holds the holder's pid, for the
message the second watcher prints.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from vault_tools.cache import cache_home
from vault_tools.errors import VaultToolsError
from vault_tools.gitstate import always_detached, git_folder, git_in_progress

__all__ = ["VaultLock", "VaultLockedError", "lock_path", "try_lock", "unless_watched"]


class VaultLockedError(VaultToolsError):
    """Another process holds the vault's lock."""

    def __init__(self, root: Path, pid: int | None) -> None:
        holder = f"pid {pid}" if pid is not None else "pid unknown"
        super().__init__(f"another vault-tools watcher ({holder}) is running on {root}")
        self.root = root
        self.pid = pid


def lock_path(root: str | Path, directory: Path | None = None) -> Path:
    """Where the lock of the vault at ``root`` lives.

    The vault is told by its folder's device and inode, not by its path: the same vault seen
    through a bind mount, a second mount of a network share or a renamed parent folder is
    one vault with one lock (two watchers there would both write its notes). Where the
    folder cannot be looked at, its real path stands in.
    """
    return (directory or cache_home()) / "locks" / f"{_vault_key(root)}.watch.lock"


def _vault_key(root: str | Path) -> str:
    """The vault's folder by its device and inode (see :func:`lock_path`), as 16 hex digits."""
    try:
        info = os.stat(root)
        identity = f"{info.st_dev}:{info.st_ino}"
    except OSError:
        identity = os.path.realpath(root)
    return hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class VaultLock:
    """``with VaultLock(root): ...`` — raises :class:`VaultLockedError` when held elsewhere."""

    def __init__(self, root: str | Path, directory: Path | None = None) -> None:
        self.root = Path(root)
        self.path = lock_path(root, directory)
        self._descriptor: int | None = None
        self._name: socket.socket | None = None  # the lock's name, held too (see acquire)

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> None:
        """Take the lock file's lock and, on Linux, a name for the vault that only one process
        can hold (an abstract socket named after its folder: nothing is written, in the vault
        or elsewhere, and nothing keeps its drive from being unmounted), which a process with
        another cache folder (``XDG_CACHE_HOME``, ``VAULT_TOOLS_CACHE_DIR``: a systemd unit
        and a terminal) meets too."""
        if self._descriptor is not None:
            return
        name, held = _take_name(self.root)
        if held:  # its pid is in the lock file if it uses this cache
            raise VaultLockedError(self.root, _pid_in(self.path))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except BaseException:
            _let_go(name)
            raise
        try:
            if not try_lock(descriptor):
                raise VaultLockedError(self.root, _read_pid(descriptor))
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        except BaseException:
            os.close(descriptor)
            _let_go(name)
            raise
        self._descriptor, self._name = descriptor, name

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        name, self._name = self._name, None
        if descriptor is not None:
            # Closing releases the lock; the file stays (removing it would race a newcomer).
            os.close(descriptor)
        _let_go(name)

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


@contextlib.contextmanager
def unless_watched(root: str | Path) -> Iterator[VaultLockedError | None]:
    """Hold the vault's lock for the ``with`` block, which gets None; or, while a watcher
    holds it, give the block the :class:`VaultLockedError` (the watcher keeps the generated
    notes: the block writes none). With no cache folder to hold the lock in (a read-only
    home), the block runs without it; so it does while git is in the middle of something in
    the vault's repository, when the watcher writes nothing (see :mod:`vault_tools.gitstate`):
    ``index`` at a rebase's stop writes the notes of the commit being amended."""
    lock = VaultLock(os.path.realpath(root))
    try:
        lock.acquire()
    except VaultLockedError as error:
        git = git_folder(Path(os.path.realpath(root)))
        if git_in_progress(git, detached=not always_detached(git)) is None:
            yield error
        else:
            yield None
        return
    except OSError:
        pass
    try:
        yield None
    finally:
        lock.release()


def _take_name(root: Path) -> tuple[socket.socket | None, bool]:
    """(the vault's lock name, bound; whether another process holds it). No name where there
    are no such names (abstract sockets are Linux's) or it cannot be made."""
    if not sys.platform.startswith("linux"):
        return None, False
    named = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        named.bind(f"\0vault-tools-watch-{_vault_key(root)}")
    except OSError as error:
        named.close()
        return None, error.errno == errno.EADDRINUSE
    return named, False


def _let_go(name: socket.socket | None) -> None:
    if name is not None:
        name.close()


def _pid_in(path: Path) -> int | None:
    """The pid a lock file holds, read without taking it; None without one."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _read_pid(descriptor)
    finally:
        os.close(descriptor)


def _read_pid(descriptor: int) -> int | None:
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        text = os.read(descriptor, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


if sys.platform == "win32":
    import msvcrt

    def try_lock(descriptor: int) -> bool:
        """Lock the open file without waiting; False when another process holds it."""
        # Lock a byte past the pid so that the holder's pid stays readable.
        os.lseek(descriptor, 64, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def try_lock(descriptor: int) -> bool:
        """Lock the open file without waiting; False when another process holds it."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
