"""``vault-tools watch``: keep the index notes and retrospectives fresh in the background.

Two threads besides the caller's, and one queue between them::

    watchdog observer ─► _EventHandler: filter, enqueue the path ─► ChangeQueue
                                                                       │ quiet period
                                                                       │ (2 s at most)
    worker ◄───────────────────────────────────────────────────────────┘
      └─► LiveGenerator.refresh(paths): vault.update → affected → plan → writer

The handler does nothing but decide whether a path matters and put it in the queue, so the
observer never falls behind. The worker takes everything that arrived once no event came for
a quiet period — 200 ms for a burst (a `git pull` of 2,000 files, an Obsidian Sync round:
one regeneration each), 50 ms for one lone note saved after a quiet while (an editor's
save, in place or as a temp file renamed over the note: its trailing events name the same
path) — or after at most ``max_wait`` when the events never stop. Its first job is the
start-up regeneration, so that even a long first scan can be interrupted. A missed event is
caught by a periodic stat-only rescan.

The library logs (``logging.getLogger("vault_tools.watch")``), one line per regeneration;
the CLI decides where that goes. Errors in one regeneration are logged and the loop goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from vault_tools.config import CONFIG_FILE, Config
from vault_tools.diagnostics import Diagnostic
from vault_tools.errors import ConfigError
from vault_tools.generate.incremental import LiveGenerator, Regeneration
from vault_tools.generated import GenerateSettings
from vault_tools.gitstate import always_detached, git_folder, git_in_progress
from vault_tools.report import printable
from vault_tools.schemas import SCHEMA_SUFFIX
from vault_tools.vault import Vault, is_conflict_copy
from vault_tools.writer import WriteStatus

__all__ = [
    "MAX_WAIT",
    "OBSIDIAN_SETTINGS",
    "POLLING_INTERVAL",
    "QUIET_PERIOD",
    "RESCAN_INTERVAL",
    "SETTLE_PERIOD",
    "Batch",
    "ChangeQueue",
    "PathFilter",
    "PathKind",
    "WatchError",
    "Watcher",
    "describe",
    "is_temporary",
    "log_regeneration",
]

logger = logging.getLogger("vault_tools.watch")

QUIET_PERIOD = 0.2  # seconds without events before the worker starts on a burst
SETTLE_PERIOD = 0.05  # ... on one lone path (a save): enough for its own trailing events
MAX_WAIT = 2.0  # ... but never later than this after the first event of a burst
RESCAN_INTERVAL = 600.0  # stat-only comparison of the whole vault with the disk; 0: never
POLLING_INTERVAL = 2.0  # --polling: seconds between two walks of the vault

# Obsidian's own files that change what vault-tools reads; every other file in the config
# folder (workspace.json on every click, plugins, themes, caches) is ignored.
OBSIDIAN_SETTINGS = frozenset({"types.json", "templates.json", "app.json"})

_TEMPORARY_SUFFIXES = (
    ".tmp",
    ".temp",
    ".swp",
    ".swx",
    ".crdownload",
    ".part",
    ".partial",
    ".download",
    ".!sync",
    "~",
)
_TEMPORARY_PREFIXES = ("~$", "~syncthing~", ".~lock.", "#")

PathKind = Literal["ignored", "vault", "config"]


def is_temporary(name: str) -> bool:
    """A file name that editors, browsers and sync tools use while a file is being written."""
    lower = name.lower()
    return lower.endswith(_TEMPORARY_SUFFIXES) or lower.startswith(_TEMPORARY_PREFIXES)


class PathFilter:
    """Which vault-relative paths the watcher acts on (see the README's watch section)."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def classify(self, relative: str) -> PathKind:
        """ "vault" for a file or folder of the vault, "config" for a settings file whose
        change means reading the vault again, "ignored" for everything else."""
        if not relative or relative == ".":
            return "ignored"
        if relative == CONFIG_FILE or self._is_schema_file(relative) or self._holds(relative):
            return "config"
        parts = relative.split("/")
        if parts[0] == self.config.obsidian_folder:
            return "config" if len(parts) == 2 and parts[1] in OBSIDIAN_SETTINGS else "ignored"
        if any(part.startswith(".") for part in parts) or self.config.is_ignored(relative):
            return "ignored"
        if is_temporary(parts[-1]) or is_conflict_copy(relative, self._on_disk):
            return "ignored"
        return "vault"

    def _on_disk(self, relative: str) -> bool:
        return os.path.lexists(os.path.join(self.config.root, relative))

    def _is_schema_file(self, relative: str) -> bool:
        """A file of the vault's schemas folder that is (or was) a schema in force: the
        schemas word the findings that the generated notes list."""
        folder_part, _, name = relative.rpartition("/")
        return (
            folder_part == self.config.schemas_folder.strip("/")
            and name.endswith(SCHEMA_SUFFIX)
            and not name.startswith(".")
        )

    def _holds(self, relative: str) -> bool:
        """A folder that holds settings or schema files (or leads to them): moved, deleted or
        put back as a whole, it gives no event for the files in it."""
        settings_folders = (
            CONFIG_FILE.rpartition("/")[0],
            self.config.obsidian_folder,
            self.config.schemas_folder.strip("/"),
        )
        return any(
            folder == relative or folder.startswith(relative + "/") for folder in settings_folders
        )

    def ignores(self, relative: str) -> bool:
        return self.classify(relative) != "vault"


# ---------------------------------------------------------------------------------- queue
@dataclass
class Batch:
    """Everything that arrived during one burst."""

    paths: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # paths that were folders when seen
    reload: bool = False  # a settings file changed: read the vault again
    rescan: bool = False  # compare the whole vault with the disk

    def __bool__(self) -> bool:
        return bool(self.paths or self.folders or self.reload or self.rescan)


class ChangeQueue:
    """Paths waiting for the worker, with the debounce rule. Thread-safe.

    A batch is due ``quiet`` seconds after its last event, or ``max_wait`` seconds after its
    first, whichever comes first. A batch of one lone path after a quiet while (one note
    saved: its modified, closed or moved events all name that path) only waits ``settle``
    seconds, so a save shows up in the generated notes within a fraction of a second. A
    second path makes it a burst, and so does a change within ``quiet`` of the previous
    batch (a sync that delivers a note every 100 ms is one burst, not one regeneration per
    note). ``clock`` is injectable so that tests drive time by hand.
    """

    def __init__(
        self,
        quiet: float = QUIET_PERIOD,
        max_wait: float = MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
        settle: float = SETTLE_PERIOD,
        freeze_heap: bool = False,
    ) -> None:
        self.quiet = quiet
        self.settle = min(settle, quiet)
        self.max_wait = max_wait
        self.clock = clock
        self._condition = threading.Condition()
        self._paths: dict[str, None] = {}  # insertion-ordered set
        self._folders: dict[str, None] = {}
        self._reload = False
        self._rescan = False
        self._first: float | None = None
        self._last: float | None = None
        self._previous: float | None = None  # the last event of the batch taken before
        self._in_flight = False  # a batch was taken and is not done yet
        self._closed = False

    def put(self, path: str, *, folder: bool = False) -> None:
        with self._condition:
            (self._folders if folder else self._paths)[path] = None
            self._arrived()

    def request_reload(self) -> None:
        with self._condition:
            self._reload = True
            self._arrived()

    def request_rescan(self) -> None:
        with self._condition:
            self._rescan = True
            self._arrived()

    def _arrived(self) -> None:
        now = self.clock()
        if self._first is None:
            self._first = now
        self._last = now
        self._condition.notify_all()

    def due_in(self, now: float) -> float | None:
        """Seconds until the batch is due (0: now); None when nothing is waiting."""
        with self._condition:
            return self._due_in(now)

    def _due_in(self, now: float) -> float | None:
        if self._first is None or self._last is None:
            return None
        lone = len(self._paths) + len(self._folders) == 1 and not (self._reload or self._rescan)
        after_a_while = self._previous is None or self._first - self._previous >= self.quiet
        quiet = self.settle if lone and after_a_while else self.quiet
        due = min(self._last + quiet, self._first + self.max_wait)
        return max(0.0, due - now)

    def take_due(self, now: float) -> Batch | None:
        """The waiting batch if it is due at ``now``, else None."""
        with self._condition:
            due = self._due_in(now)
            return self._take() if due is not None and due <= 0 else None

    def take(self) -> Batch:
        """Whatever is waiting, due or not."""
        with self._condition:
            return self._take()

    def _take(self) -> Batch:
        batch = Batch(list(self._paths), list(self._folders), self._reload, self._rescan)
        self._paths, self._folders = {}, {}
        self._reload = self._rescan = False
        if self._last is not None:
            self._previous = self._last
        self._first = self._last = None
        self._in_flight = bool(batch)
        return batch

    def done(self) -> None:
        """The batch taken last has been processed."""
        with self._condition:
            self._in_flight = False

    @property
    def empty(self) -> bool:
        """Nothing waiting and nothing taken but not yet done."""
        with self._condition:
            return self._first is None and not self._in_flight

    def wait_for_batch(self, idle: float) -> Batch | None:
        """Block until a batch is due and return it; None after ``idle`` seconds with none
        due, or once the queue is closed."""
        with self._condition:
            deadline = self.clock() + idle
            while not self._closed:
                now = self.clock()
                due = self._due_in(now)
                if due is not None and due <= 0:
                    return self._take()
                remaining = deadline - now
                if remaining <= 0:
                    return None
                self._condition.wait(remaining if due is None else min(due, remaining))
            return None

    def close(self) -> None:
        """Wake the worker for good (shutting down)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()


# ---------------------------------------------------------------------------------- events
# The events asked of the operating system. Not "opened" and "closed without writing": every
# read of a note makes them — Obsidian opening it, a backup, `vault-tools lint`, the watcher's
# own start-up — and at 50k notes they doubled the start-up time and could overflow the
# kernel's event queue. With inotify the filter goes into the kernel's watch mask.
_WATCHED_EVENTS = (
    FileCreatedEvent,
    DirCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    DirDeletedEvent,
    FileMovedEvent,
    DirMovedEvent,
)
# Should an observer deliver them anyway: they change nothing.
_IGNORED_EVENTS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE})
# A folder "modified" event is every change of a file in it: the file's own event says more.
_IGNORED_FOLDER_EVENTS = frozenset({EVENT_TYPE_MODIFIED, EVENT_TYPE_ATTRIB, EVENT_TYPE_CLOSED})


class _EventHandler(FileSystemEventHandler):
    """Runs on watchdog's thread: decides whether a path matters and enqueues it. Nothing else."""

    def __init__(self, watcher: Watcher) -> None:
        super().__init__()
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind in _IGNORED_EVENTS or (event.is_directory and kind in _IGNORED_FOLDER_EVENTS):
            return
        for raw in (event.src_path, event.dest_path):
            if raw:
                self._watcher.notice(os.fsdecode(raw), folder=event.is_directory)


class _OverflowListener(logging.Handler):
    """Hears watchdog say that the kernel's event queue overflowed (a sync of tens of
    thousands of files at once): events were lost, so the whole vault is compared with the
    disk at once instead of at the next periodic rescan."""

    def __init__(self, queue: ChangeQueue) -> None:
        super().__init__(logging.WARNING)
        self._queue = queue

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in str(record.msg).lower():
            self._queue.request_rescan()


_WATCHDOG_LOGGER = "watchdog.observers"


# ---------------------------------------------------------------------------------- watcher
class WatchError(Exception):
    """The watcher cannot start (the message says why and what to do)."""


class Watcher:
    """Watches one vault and keeps its generated notes fresh.

    ``vault-tools watch`` is ``Watcher(root).run(until=stop_requested)``; ``--once`` is
    ``Watcher(root).open()``. Tests drive it without threads: ``open()``, then
    ``queue.put(...)`` and ``step(now)``.
    """

    def __init__(
        self,
        root: str | Path,
        *,
        quiet: float = QUIET_PERIOD,
        max_wait: float = MAX_WAIT,
        rescan_interval: float = RESCAN_INTERVAL,
        polling: bool = False,
        clock: Callable[[], float] = time.monotonic,
        settle: float = SETTLE_PERIOD,
        freeze_heap: bool = False,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.root = Path(os.path.realpath(root))
        self.config = Config.load(self.root)  # ConfigError: cannot run
        GenerateSettings.from_config(self.config)  # the same for bad `indexes:` settings
        self.filter = PathFilter(self.config)
        self.queue = ChangeQueue(quiet, max_wait, clock, settle)
        self.rescan_interval = rescan_interval
        self.polling = polling
        self.freeze_heap = freeze_heap  # gc.freeze() after reading the vault (a CLI process)
        self.clock = clock
        self.today = today  # the pipeline keeps who was decided this quarter and the last
        self.generator: LiveGenerator | None = None
        self._root_prefix = str(self.root).rstrip(os.sep) + os.sep
        self._next_rescan = clock() + rescan_interval if rescan_interval > 0 else None
        self._recover = False
        # Generated notes whose last write failed (path -> why, as logged): written again on
        # the next change and the next rescan, and logged again only when the reason changes.
        self._unwritten: dict[str, str] = {}
        # The settings error last logged: an editor's save is often two events, and a file
        # left broken is logged once, not on every save that leaves it so.
        self._config_error: str | None = None
        self._stopping = threading.Event()
        self.started = threading.Event()  # set once the start-up regeneration is done
        self._observer: BaseObserver | None = None
        self._overflow = _OverflowListener(self.queue)
        self._worker: threading.Thread | None = None
        self._git = git_folder(self.root)
        self._held: str | None = None  # what git is in the middle of, while writes wait
        self._held_reload = False  # the settings changed meanwhile: read them when git is done
        # A checkout that is on no branch by design (a submodule, a Jujutsu repository) is no
        # look at an older state: its detached HEAD holds nothing back.
        self._detached_holds = not always_detached(self._git)

    # ------------------------------------------------------------------ events in
    def notice(self, path: str, *, folder: bool = False) -> None:
        """An absolute path that changed (any thread): enqueue it if it matters."""
        if not path.startswith(self._root_prefix):
            return
        relative = path[len(self._root_prefix) :].replace(os.sep, "/")
        kind = self.filter.classify(relative)
        if kind == "vault":
            generator = self.generator
            if generator is not None and not folder and generator.is_own_write(relative):
                return  # the echo of our own write: it must not even delay the next change
            self.queue.put(relative, folder=folder)
        elif kind == "config":
            self.queue.request_reload()

    # ------------------------------------------------------------------ work
    def open(self) -> Regeneration:
        """Read the vault (frontmatter only) and bring every generated note up to date.

        Raises ConfigError when the settings cannot be used; the state is kept otherwise.
        """
        config = Config.load(self.root)
        path_filter = PathFilter(config)
        vault = Vault.open(self.root, config=config, lean=True)
        generator = LiveGenerator(vault, ignore=path_filter.ignores, today=self.today)
        if self._stopping.is_set():
            generator.cancel()
        previous, self.generator = self.generator, generator
        if previous is not None:
            previous.cancel()
        self.config, self.filter = config, path_filter
        self._recover = False
        self._config_error = None
        result = generator.regenerate_all()
        if self.freeze_heap:
            # The vault is hundreds of thousands of long-lived objects: keep the cyclic
            # garbage collector from walking them again and again (50k notes: a full
            # collection took ~0.45 s, in the middle of a regeneration). What a change
            # allocates is still collected as usual.
            previous = None  # the replaced vault, if any, can go now
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        return result

    def step(self, now: float | None = None) -> Regeneration | None:
        """Process the batch that is due at ``now`` (the worker's one step); None if none."""
        now = self.clock() if now is None else now
        batch = self.queue.take_due(now)
        if batch is None and self._next_rescan is not None and now >= self._next_rescan:
            batch = Batch(rescan=True)
        if batch is None and self._held is not None:
            batch = Batch(rescan=True)  # is git done? then what changed meanwhile is written
        return self.process(batch) if batch else None

    def process(self, batch: Batch) -> Regeneration | None:
        """Apply one batch; log one line. Never raises: an error is logged and the next batch
        starts by reading the vault again.

        While git is in the middle of something (:func:`git_in_progress`) nothing is written:
        the batch waits, and once git is done the whole vault is compared with the disk."""
        busy = git_in_progress(self._git, detached=self._detached_holds)
        if busy is not None:
            self._held_reload = self._held_reload or batch.reload
            if busy != self._held:
                logger.info("%s: generated notes wait until it is done", busy)
            self._held = busy
            self.queue.done()
            return None
        if self._held is not None:
            self._held = None
            logger.info("git is done: comparing the vault with the disk")
            batch = dataclasses.replace(
                batch, rescan=True, reload=batch.reload or self._held_reload
            )
            self._held_reload = False
        started = self.clock()
        try:
            if batch.reload or self._recover or self.generator is None:
                if self.generator is None:
                    reason = f"read {self.root}"
                else:
                    reason = "settings changed" if batch.reload else "recovering from an error"
                    reason += ": read the vault again"
                result = self.open()
                self.started.set()
                logged = self._remember_unwritten(result, all_planned=True)
                log_regeneration(result, f"{reason} ({self._note_count():,} notes)", logged)
                return result
            if batch.rescan:  # compares every file, so it covers the batch's paths too
                result = self.generator.rescan()
            else:
                result = self.generator.refresh(batch.paths, batch.folders)
            retry = [path for path in self._unwritten if path not in result.planned]
            if retry and not result.cancelled:
                result = _combined(result, self.generator.rewrite(retry))
        except ConfigError as error:  # the settings file is being edited: keep the old ones
            if str(error) != self._config_error:
                self._config_error = str(error)
                logger.error("%s; keeping the previous settings until it is fixed", error)
            return None
        except Exception as error:  # one bad regeneration must not stop the watcher
            self._recover = self.generator is not None
            logger.error(
                "regeneration failed (%s: %s); the vault is read again on the next change",
                type(error).__name__,
                error,
            )
            logger.debug("traceback of the failure", exc_info=True)
            return None
        finally:
            self.queue.done()
            if batch.rescan and self.rescan_interval > 0:
                self._next_rescan = started + self.rescan_interval
        logged = self._remember_unwritten(result)
        log_regeneration(result, known_failures=logged)
        return result

    def _remember_unwritten(
        self, result: Regeneration, *, all_planned: bool = False
    ) -> dict[str, str]:
        """Note which generated notes ``result`` failed to write (and which it wrote after
        all); the failures logged before, with the same reason, for :func:`log_regeneration`.
        ``all_planned``: the result covers every generated note (forget the others)."""
        logged = dict(self._unwritten)
        if all_planned:
            self._unwritten = {}
        for outcome in result.outcomes:
            if outcome.failed:
                self._unwritten[outcome.path] = outcome.message
            else:
                self._unwritten.pop(outcome.path, None)
        return logged

    def _note_count(self) -> int:
        return len(self.generator.vault.notes) if self.generator is not None else 0

    # ------------------------------------------------------------------ threads
    def start(self) -> None:
        """Start watching: the observer thread, then the worker, whose first job is reading
        the vault and regenerating everything. Raises WatchError if the vault cannot be
        watched."""
        observer: BaseObserver = (
            PollingObserver(timeout=POLLING_INTERVAL) if self.polling else Observer()
        )
        observer.schedule(
            _EventHandler(self), str(self.root), recursive=True, event_filter=list(_WATCHED_EVENTS)
        )
        logging.getLogger(_WATCHDOG_LOGGER).addHandler(self._overflow)
        try:
            observer.start()
        except OSError as error:
            logging.getLogger(_WATCHDOG_LOGGER).removeHandler(self._overflow)
            raise WatchError(_observer_error(self.root, error)) from error
        self._observer = observer
        if self.generator is None:
            self.queue.request_reload()
        self._worker = threading.Thread(target=self._work, name="vault-tools-worker", daemon=True)
        self._worker.start()

    def _work(self) -> None:
        while not self._stopping.is_set():
            try:
                idle = 1.0
                if self._next_rescan is not None:
                    idle = min(idle, max(0.0, self._next_rescan - self.clock()))
                batch = self.queue.wait_for_batch(idle)
                if self._stopping.is_set():
                    return
                if batch is None:
                    self.step()
                else:
                    self.process(batch)
            except Exception:  # process() logs its own; this is a bug in the loop itself
                logger.exception("watcher loop error; continuing")
                time.sleep(0.5)

    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing being processed (tests wait for this)."""
        return self.started.is_set() and self.queue.empty

    @property
    def alive(self) -> bool:
        """False once the observer or the worker has died (e.g. the vault folder is gone)."""
        observer, worker = self._observer, self._worker
        if observer is None or worker is None:
            return False
        emitters_alive = all(emitter.is_alive() for emitter in observer.emitters)
        return observer.is_alive() and emitters_alive and worker.is_alive()

    def stop(self, timeout: float = 0.8) -> bool:
        """Stop both threads. Waits at most ``timeout`` seconds for a write in flight (never
        for a long regeneration: that is abandoned between two writes and redone at the next
        start). True when nothing was left half-done."""
        self._stopping.set()
        self.queue.close()
        generator = self.generator
        clean = True
        if generator is not None:
            generator.cancel()
            # After this, the worker cannot start another write (it checks cancel under it).
            if generator.write_lock.acquire(timeout=timeout):
                generator.write_lock.release()
            else:
                clean = False
        observer = self._observer
        if observer is not None:
            observer.stop()
            logging.getLogger(_WATCHDOG_LOGGER).removeHandler(self._overflow)
        worker = self._worker
        if worker is not None:
            worker.join(timeout=0.1)
        return clean

    def run(self, until: Callable[[], bool], poll: float = 0.2) -> bool:
        """Watch until ``until()`` is true or a thread dies; True for a requested stop.

        ``until`` is polled every ``poll`` seconds from the calling thread, which is what a
        signal handler can safely set (a flag, not a lock)."""
        self.start()
        logger.info("watching %s (Ctrl-C to stop)", self.root)
        folder = _identity(self.root)
        try:
            while not until():
                if not self.alive:
                    why = "the folder is gone" if not self.root.is_dir() else "a thread ended"
                    logger.error("stopped watching %s: %s", self.root, why)
                    return False
                if _identity(self.root) != folder:
                    # Renamed, deleted or unmounted: the events would still come (they follow
                    # the folder), but every read and write at this path would miss.
                    logger.error(
                        "stopped watching %s: the folder was moved, deleted or unmounted",
                        self.root,
                    )
                    return False
                time.sleep(poll)
        finally:
            self.stop()
        logger.info("stopped")
        return True


def _combined(first: Regeneration, second: Regeneration) -> Regeneration:
    """One regeneration's result followed by a retry of the notes it did not write."""
    return dataclasses.replace(
        first,
        planned=tuple(sorted({*first.planned, *second.planned})),
        outcomes=first.outcomes + second.outcomes,
        seconds=first.seconds + second.seconds,
        writing=first.writing + second.writing,
        cancelled=second.cancelled,
    )


def _identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of the folder at this path, None when there is none."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


def _observer_error(root: Path, error: OSError) -> str:
    message = f"cannot watch {root}: {error.strerror or error}"
    if "inotify" in str(error).lower() or error.errno == 28:  # ENOSPC: watch limit
        message += " — raise the limit (sysctl fs.inotify.max_user_watches=524288) or use --polling"
    return message


# ---------------------------------------------------------------------------------- logging
def describe(result: Regeneration, limit: int = 3, *, retrying: bool = False) -> str:
    """One line: what changed, what was written, how long it took. ``retrying``: the notes
    not written will be tried again (a running watcher)."""
    parts: list[str] = []
    if result.changed:
        parts.append(f"{_names(result.changed, limit)} changed")
    written = [outcome.path for outcome in result.written]
    if written:
        parts.append(f"wrote {_names(written, limit)}")
    elif result.failed:
        pass  # "N not written" below: not "up to date"
    elif result.planned:
        parts.append("generated notes already up to date")
    else:
        parts.append("nothing to regenerate")
    if result.written and result.unchanged:
        parts.append(f"{len(result.unchanged)} unchanged")
    frozen = [o.path for o in result.outcomes if o.status is WriteStatus.FROZEN]
    if frozen:
        parts.append(f"{_names(frozen, limit)} frozen")
    if result.failed:
        again = " (tried again at the next change or rescan)" if retrying else ""
        parts.append(f"{len(result.failed)} not written{again}")
    if result.cancelled:
        parts.append("stopped before the rest (finished at the next start)")
    return "; ".join(parts) + f" ({_duration(result.seconds)})"


def log_regeneration(
    result: Regeneration, context: str = "", known_failures: Mapping[str, str] | None = None
) -> None:
    """The regeneration's log lines: one (after ``context``, when given, always logged),
    plus one per skipped note and one per refused write — except a write that failed before
    for the same reason (``known_failures``: path -> message, from a watcher that tries the
    notes again), logged once, not at each try."""
    for problem in result.broken:
        _log_finding(problem, " — skipped until fixed")
    for problem in result.invalid:  # a schema error: its value is left out until fixed
        _log_finding(problem)
    for outcome in result.failed:
        if known_failures and known_failures.get(outcome.path) == outcome.message:
            continue
        logger.warning("%s not written: %s", printable(outcome.path), printable(outcome.message))
        for problem in outcome.problems:
            if outcome.message in problem.message:
                continue  # the line above says it already
            _log_finding(problem)  # which marker, on which line: what to fix
    if context:
        logger.info("%s; %s", context, describe(result, retrying=known_failures is not None))
    elif result.changed or result.planned or result.cancelled:
        level = logging.INFO if result.planned or result.written else logging.DEBUG
        known = known_failures or {}
        repeated = all(known.get(o.path) == o.message for o in result.failed)
        if known and repeated and not result.changed and not result.written:
            level = logging.DEBUG  # only tried again what failed before, failing as before
        logger.log(level, "%s", describe(result, retrying=known_failures is not None))
    if result.planned:
        logger.debug(
            "time: reading %s, rendering %s, writing %s",
            _duration(result.reading),
            _duration(result.rendering),
            _duration(result.writing),
        )


def _log_finding(problem: Diagnostic, suffix: str = "") -> None:
    """One WARNING line, as lint prints a finding (``path:line:col: CODE message``)."""
    logger.warning(
        "%s:%d:%d: %s %s%s",
        printable(problem.path),
        problem.line,
        problem.column,
        problem.code,
        printable(problem.message),
        suffix,
    )


def _names(paths: Iterable[str], limit: int) -> str:
    items = list(paths)
    shown = ", ".join(printable(path) for path in items[:limit])  # one line, whatever the names
    if len(items) > limit:
        shown += f" and {len(items) - limit:,} more"
    return shown


def _duration(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
