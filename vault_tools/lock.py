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
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from vault_tools.cache import cache_home
from vault_tools.errors import VaultToolsError

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
    try:
        info = os.stat(root)
        identity = f"{info.st_dev}:{info.st_ino}"
    except OSError:
        identity = os.path.realpath(root)
    key = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return (directory or cache_home()) / "locks" / f"{key}.watch.lock"


class VaultLock:
    """``with VaultLock(root): ...`` — raises :class:`VaultLockedError` when held elsewhere."""

    def __init__(self, root: str | Path, directory: Path | None = None) -> None:
        self.root = Path(root)
        self.path = lock_path(root, directory)
        self._descriptor: int | None = None
        self._folder: int | None = None  # the vault's folder, held locked too (see acquire)

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> None:
        """Take the lock file's lock and, where the system allows, the vault folder's own
        (``flock`` on the folder: nothing is written in the vault), which a process with
        another cache folder (``XDG_CACHE_HOME``, ``VAULT_TOOLS_CACHE_DIR``: a systemd unit
        and a terminal) meets too."""
        if self._descriptor is not None:
            return
        folder = _lock_folder(self.root)
        if folder == _HELD_ELSEWHERE:  # its pid is in the lock file if it uses this cache
            raise VaultLockedError(self.root, _pid_in(self.path))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except BaseException:
            _close(folder)
            raise
        try:
            if not try_lock(descriptor):
                raise VaultLockedError(self.root, _read_pid(descriptor))
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        except BaseException:
            os.close(descriptor)
            _close(folder)
            raise
        self._descriptor, self._folder = descriptor, folder

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        folder, self._folder = self._folder, None
        if descriptor is not None:
            # Closing releases the lock; the file stays (removing it would race a newcomer).
            os.close(descriptor)
        _close(folder)

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
    home), the block runs without it."""
    lock = VaultLock(os.path.realpath(root))
    try:
        lock.acquire()
    except VaultLockedError as error:
        yield error
        return
    except OSError:
        pass
    try:
        yield None
    finally:
        lock.release()


_HELD_ELSEWHERE = -2  # _lock_folder: another process holds the folder's lock


def _lock_folder(root: Path) -> int | None:
    """The vault folder opened and locked (its descriptor), :data:`_HELD_ELSEWHERE`, or None
    where folders cannot be locked (Windows, a file system without ``flock``)."""
    directory_flag = getattr(os, "O_DIRECTORY", None)
    if sys.platform == "win32" or directory_flag is None:
        return None
    try:
        descriptor = os.open(root, os.O_RDONLY | directory_flag)
    except OSError:
        return None
    try:
        locked = try_lock(descriptor)
    except OSError:  # ENOLCK, EOPNOTSUPP: a network file system
        os.close(descriptor)
        return None
    if not locked:
        os.close(descriptor)
        return _HELD_ELSEWHERE
    return descriptor


def _close(descriptor: int | None) -> None:
    if descriptor is not None and descriptor >= 0:
        os.close(descriptor)


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
