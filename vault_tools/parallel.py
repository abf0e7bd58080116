"""Lint's helper process: a large vault's notes are read and checked by two processes at once.

Reading, scanning and checking notes is pure Python, so one process keeps one core busy, and
that work is nearly all of a cold ``lint`` (10k notes: ~2.5 s of ~3 s). On a machine with two
cores or more, a vault with :data:`MIN_NOTES` notes to read gets a helper process:

1. both processes know every file (the lint process walked the vault once and sends the
   listing); they take chunks of the notes to read from a shared counter, so the helper,
   which starts late (a fresh interpreter importing vault-tools), simply takes fewer;
2. they swap their notes' summaries (type, headings, block ids: all that checking a note
   needs of other notes, see ``vault.Summary``);
3. each checks the notes it read, and the helper sends its findings back.

On Linux the helper is forked from the lint process once it has imported what reads notes
(no interpreter start-up, no imports: ~0.2 s of CPU time at 10k notes), unless the process
runs other threads (a lock one of them holds would stay held in the child); elsewhere it is
spawned. Either way it builds every value it uses from what it is sent, not from what the
lint process holds. Anything going wrong with the helper (it cannot start, dies, or reads a
different config or schemas) costs only time: the lint process then reads and checks the
helper's share itself.
"""

from __future__ import annotations

import datetime as dt
import gc
import marshal
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_tools.cache import lint_cache_path

if TYPE_CHECKING:  # imported where used: the lint process starts a helper before them
    import multiprocessing
    from multiprocessing.connection import Connection
    from multiprocessing.sharedctypes import Synchronized

    from vault_tools.checker import PerNote, Progress
    from vault_tools.config import Config
    from vault_tools.diagnostics import Diagnostic, Row
    from vault_tools.note import Note
    from vault_tools.schemas import SchemaSet
    from vault_tools.vault import Summary, Vault

__all__ = [
    "MIN_NOTES",
    "Helper",
    "Walked",
    "discard",
    "helper_count",
    "prestart",
    "read_and_check",
    "serve",
    "take",
    "worth_a_helper",
]

MIN_NOTES = 2000  # fewer notes to read: the helper's start-up (~0.2 s) would not pay off
_CHUNK = 50  # notes per claim on the shared counter

Walked = Sequence[tuple[str, str, int, int]]


def worth_a_helper(notes_to_read: int) -> bool:
    """Whether reading this many notes goes faster with a helper process on this machine."""
    return helper_count(notes_to_read) > 0


def helper_count(notes_to_read: int) -> int:
    """How many helper processes a run with this many notes to read gets on this machine.

    The swap of summaries is between two processes, so this is one at most (with two cores or
    more); the one place to raise it, to ``min(cores - 1, 7)``, when the swap goes between
    more.
    """
    return 1 if notes_to_read >= MIN_NOTES and _cores() >= 2 else 0


def prestart(root: Path, *, use_cache: bool = True) -> None:
    """Start a helper for the vault at ``root`` before lint even imports what it reads notes
    with, when its run will most likely want one: no result cache to use (so every note is
    to be read) and at least :data:`MIN_NOTES` notes. :func:`take` hands it to the run;
    :func:`discard` stops it when the run did not take it."""
    global _prestarted
    if (
        _prestarted is None
        and not _can_fork()  # a forked helper starts at once: no start-up to overlap
        and _cores() >= 2
        and not (use_cache and lint_cache_path(root).exists())
        and _has_notes(os.fspath(root), MIN_NOTES)
    ):
        _prestarted = Helper(root)


def discard() -> None:
    """Stop the helper :func:`prestart` started, if no run took it."""
    global _prestarted
    helper, _prestarted = _prestarted, None
    if helper is not None:
        helper.dismiss()


def take(root: Path) -> Helper | None:
    """The helper :func:`prestart` started for ``root``, if any (only once)."""
    global _prestarted
    helper, _prestarted = _prestarted, None
    if helper is not None and helper.root != root:
        helper.dismiss()
        return None
    return helper


_prestarted: Helper | None = None


def _has_notes(root: str, wanted: int) -> bool:
    """Whether ``root`` holds ``wanted`` ``.md`` files outside dot-folders: a walk that stats
    nothing and stops there (an estimate for :func:`prestart`; the run walks for real)."""
    found = 0
    folders = [root]
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if name[-3:].lower() == ".md":
                    found += 1
                    if found >= wanted:
                        return True
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
    return False


def _can_fork() -> bool:
    """Whether the helper can be forked rather than spawned: on Linux, from a process with
    no other thread (a thread holding a lock when the process forks leaves the child that
    lock held forever). A forked helper has every module the lint process imported, so it
    costs no interpreter start-up and no imports (~0.2 s of CPU time at 10k notes)."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def read_and_check(
    helper: Helper,
    vault: Vault,
    listed: Sequence[str],
    unread: Sequence[str],
    chosen: Sequence[str] | None,
    schemas: SchemaSet,
    progress: Progress | None = None,
) -> tuple[dict[str, PerNote], int]:
    """Read the ``unread`` notes of a listed vault (``listed``: its notes) and check its notes
    (those under ``chosen``, else all) with a ``helper`` given the job: (per note path, notes
    checked)."""
    from vault_tools.checker import under

    reading = len(unread)
    work = reading + len(under(listed, chosen))
    try:
        share = _Share(vault, schemas, listed, chosen)
        # Reading: the chunks both processes claimed so far.
        share.read(
            helper.claimed(None if progress is None else lambda index: progress(index, work))
        )
        share.take([note.path for note in vault.notes.values() if note.path not in share.mine])
        theirs = helper.exchange(share.mine, listed)
        if theirs is None:  # no helper: its share is read here
            share.read(path for path in unread if path not in vault.notes)
        else:
            _learn(vault, theirs)
        # Checking links: both processes check their own notes at the same pace, so this one's
        # share of its notes stands for the share of all notes.
        results = share.check_links(
            None
            if progress is None
            else lambda done, total: progress(reading + (work - reading) * done // total, work)
        )
        share.let_go()
        helped = helper.results(theirs or {})
        if helped is None and theirs is not None:  # the helper stopped after the swap
            rest = _Share(vault, schemas, listed, chosen)
            rest.read(path for path, summary in theirs.items() if summary is not None)
            helped = rest.check_links()
        results.update(helped or {})
        return results, len(results)
    finally:
        helper.close()


class _Share:
    """The notes one process reads and checks: each note is scanned and put through the
    checks that need nothing else as soon as it is read, so the work per chunk of notes is
    nearly all of it and the chunks share out evenly; the link checks wait for the swap."""

    def __init__(
        self,
        vault: Vault,
        schemas: SchemaSet,
        listed: Sequence[str],
        chosen: Sequence[str] | None,
        today: dt.date | None = None,
    ) -> None:
        from vault_tools.checker import under
        from vault_tools.rules import Context

        self.vault = vault
        self.context = Context(vault, schemas) if today is None else Context(vault, schemas, today)
        self.checked = None if chosen is None else frozenset(under(listed, chosen))
        self.mine: dict[str, Summary | None] = {}  # None: the note vanished
        self.notes: list[Note] = []  # the notes to check, in the order read
        self.found: dict[str, list[Diagnostic]] = {}  # their own findings, by path

    def read(self, paths: Iterable[str]) -> None:
        """Read these listed notes, then :meth:`take` them."""
        vault = self.vault
        for path in paths:
            if vault.read(path) is None:
                self.mine[path] = None
            else:
                self.take([path])

    def take(self, paths: Iterable[str]) -> None:
        """Summarize these read notes and put them through the checks of themselves alone."""
        from vault_tools.rules import check_own

        vault, context = self.vault, self.context
        for path in paths:
            note = vault.notes[path]
            self.mine[path] = vault.summary(note)
            if self.checked is None or path in self.checked:
                self.notes.append(note)
                self.found[path] = check_own(note, context)
            note.forget_body()  # the link checks do not read it

    def check_links(self, progress: Progress | None = None) -> dict[str, PerNote]:
        """The link checks of the notes taken; every finding, per note."""
        from vault_tools.checker import per_note_results
        from vault_tools.rules import check_links

        vault, context, found, mine = self.vault, self.context, self.found, self.mine
        notes, self.notes = self.notes[::-1], []
        total = len(notes)
        results: dict[str, PerNote] = {}
        for done in range(total):
            note = notes.pop()  # in the order read; the list holds it no longer
            path = note.path
            own = found.pop(path)
            own.extend(check_links(note, context))
            results.update(per_note_results(vault, [note], own, mine))
            summary = mine[path]
            if summary is not None:
                # Its links are checked: links into it need only its summary from now on, and
                # what it held makes room for what the next notes' checks remember.
                vault.add_summary(path, summary)
            if progress is not None:
                progress(done + 1, total)
        return results

    def let_go(self) -> None:
        """Keep only the summaries of the notes read (those checked went as they were): they
        are freed while the helper is finishing, rather than after it (as link targets,
        summaries are all that is needed)."""
        notes = self.vault.notes
        kept = {path: summary for path, summary in self.mine.items() if path in notes}
        self.vault.add_summaries({path: s for path, s in kept.items() if s is not None})
        self.notes.clear()
        self.found.clear()


def _learn(vault: Vault, summaries: Mapping[str, Summary | None]) -> None:
    """Know the other process's notes by their summaries; forget those that vanished."""
    known = {path: summary for path, summary in summaries.items() if summary is not None}
    vault.add_summaries(known)
    for path in summaries.keys() - known.keys():
        vault.remove(path)


class Helper:
    """The lint process's side of the helper process; every failure reads as "no helper".

    Started as soon as lint knows it has many notes to read, so that the helper's own
    start-up (a fresh interpreter importing vault-tools) overlaps the lint process's work
    before reading; :meth:`start` then gives it its share of the job.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.unread: Sequence[str] = ()
        self.chunk = _CHUNK
        import multiprocessing  # not on import: a run answered from the cache never needs it

        context: multiprocessing.context.DefaultContext | Any
        if _can_fork():
            # The child starts with every module this process has: import what it reads with.
            import vault_tools.rules  # noqa: F401
            from vault_tools import schemas, vault  # noqa: F401

            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("spawn")
        self.counter: Synchronized[int] = context.Value("i", 0)
        self.connection: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.sender: threading.Thread | None = None
        connection, theirs = context.Pipe()
        process = context.Process(
            target=serve,
            args=(theirs, self.counter, str(root)),
            name="vault-tools lint helper",
            daemon=True,
        )
        try:
            process.start()
        except Exception:  # no processes left, no executable to spawn, a frozen app...
            connection.close()
            return
        finally:
            theirs.close()
        self.connection, self.process = connection, process

    def start(
        self,
        config: Config,
        schemas_fingerprint: str,
        walked: Walked,
        unread: Sequence[str],
        chosen: Sequence[str] | None,
    ) -> None:
        """Send the job: the notes to share out, and the config and schemas (by fingerprint)
        the helper must read as this process does."""
        self.unread = unread
        if self.connection is None:
            return
        from vault_tools.rulebook import current_day

        fingerprints = (config.fingerprint, schemas_fingerprint)
        # The lint process's day: both processes check against the same one (VT212).
        today = current_day().isoformat()
        job = (fingerprints, list(walked), list(unread), chosen, self.chunk, today)
        # The job is larger than a pipe holds and the helper may still be starting: sent
        # from a thread, so that this process reads notes meanwhile.
        self.sender = threading.Thread(target=self._send, args=(job,), daemon=True)
        self.sender.start()

    def _send(self, message: Any, marshalled: bool = False) -> bool:
        """Send a message (``marshalled``: bytes made by marshal); False when the helper is
        gone (the next receive notices too)."""
        try:
            if self.connection is None:
                return False
            if marshalled:
                self.connection.send_bytes(message)
            else:
                self.connection.send(message)
        except (OSError, ValueError):
            return False
        return True

    def claimed(self, started: Callable[[int], None] | None = None) -> Iterator[str]:
        """The notes this process reads: chunk after chunk, until none is left. ``started``
        is told the index of each chunk claimed (all chunks before it are claimed too)."""
        for index in _claims(self.counter, len(self.unread), self.chunk):
            if started is not None:
                started(index)
            yield from self.unread[index : index + self.chunk]

    def exchange(
        self, mine: dict[str, Summary | None], listed: Sequence[str]
    ) -> dict[str, Summary | None] | None:
        """Swap the summaries of the notes each side read; None when there is no helper.

        Both sides send at once (this one from a thread, while it takes the helper's), so the
        swap costs one side's sending, not both in turn. Then ``mine`` gets None for each
        ``listed`` note that neither side holds: it vanished since the walk, and the helper
        is told to forget it too.
        """
        if self.connection is None:
            return None
        if self.sender is not None:
            self.sender.join()
        self.sender = threading.Thread(
            target=self._send, args=(marshal.dumps(mine), True), daemon=True
        )
        self.sender.start()
        theirs: dict[str, Summary | None] | None = self._receive()
        if theirs is None:
            return None
        self.sender.join()
        vanished = [path for path in listed if path not in mine and path not in theirs]
        mine.update(dict.fromkeys(vanished))
        if not self._send(marshal.dumps(vanished), True):
            return None
        return theirs

    def results(self, theirs: Mapping[str, Summary | None]) -> dict[str, PerNote] | None:
        """The helper's findings, per note it checked; None when it could not finish.

        ``theirs``: the summaries it swapped, which its findings come without.
        """
        reply: dict[str, tuple[int, int, list[Row]]] | None = self._receive()
        if reply is None:
            return None
        results: dict[str, PerNote] = {}
        for path, (size, mtime_ns, rows) in reply.items():
            summary = theirs.get(path)
            if summary is None:  # it checked a note it did not say it read: not to be trusted
                return None
            results[path] = (size, mtime_ns, rows, summary)
        return results

    def _receive(self) -> Any:
        if self.connection is None:
            return None
        try:
            status, payload = marshal.loads(self.connection.recv_bytes())
        except (EOFError, OSError, ValueError, TypeError):
            self.close()
            return None
        if status != "ok":
            self.close()
            return None
        return payload

    def dismiss(self) -> None:
        """Stop a helper that was given no job: it has nothing to finish, so it is not waited
        for (it may still be starting)."""
        if self.process is not None and self.connection is not None and self.sender is None:
            self.process.terminate()
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.process is not None and self.process.exitcode is None:
            # Normally the helper has sent everything and is exiting; never wait long for it.
            self.process.join(timeout=1)
            if self.process.exitcode is None:
                self.process.terminate()


def _claims(counter: Synchronized[int], total: int, chunk: int) -> Iterator[int]:
    """Start indexes of the chunks of ``chunk`` notes this process takes, shared with the
    other through ``counter`` (the next chunk's number)."""
    while True:
        with counter.get_lock():
            number = counter.value
            counter.value = number + 1
        index = number * chunk
        if index >= total:
            return
        yield index


def serve(connection: Connection, counter: Synchronized[int], root: str) -> None:
    """The helper process: read the chunks it claims, swap summaries, check, send findings.

    Once its findings are sent the process ends at once: everything it built goes with it,
    and freeing that object by object first (a normal return and interpreter exit) would
    only keep the lint process waiting for it to finish.
    """
    gc.disable()  # see lint.lint_folder: the collector would only re-scan what is being built
    # Ctrl-C reaches the whole process group: the lint process handles it (and ends this one);
    # a helper that raised KeyboardInterrupt too would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # What does not depend on the job is made ready while the lint process gets to it.
        import vault_tools.rules  # noqa: F401  (imported by the checks on first use)
        from vault_tools.config import Config
        from vault_tools.schemas import load_schemas
        from vault_tools.vault import Vault

        config = Config.load(Path(root))
        schemas = load_schemas(config)

        fingerprints, walked, unread, chosen, chunk, today = connection.recv()
        if fingerprints != (config.fingerprint, schemas.fingerprint):
            _reply(connection, "changed", None)  # read differently than the lint process
            return
        vault = Vault.listed(config, walked)
        day = dt.date.fromisoformat(today)
        share = _Share(vault, schemas, vault.listed_notes(), chosen, day)
        for index in _claims(counter, len(unread), chunk):
            share.read(unread[index : index + chunk])
        _reply(connection, "ok", share.mine)
        theirs = marshal.loads(connection.recv_bytes())
        theirs.update(dict.fromkeys(marshal.loads(connection.recv_bytes())))  # vanished
        _learn(vault, theirs)
        results = share.check_links()
        # Without the summaries: the lint process has them since the swap.
        _reply(connection, "ok", {path: entry[:3] for path, entry in results.items()})
        connection.close()
        os._exit(0)
    except (EOFError, OSError):
        return  # the lint process is gone
    except Exception as error:  # the lint process does this share itself, and will see it
        _reply(connection, "failed", repr(error))
    finally:
        connection.close()


def _reply(connection: Connection, status: str, payload: Any) -> None:
    """The helper's messages are plain data (summaries, findings), which marshal writes and
    reads several times faster than pickle: it is on the way to the lint process's result."""
    connection.send_bytes(marshal.dumps((status, payload)))
