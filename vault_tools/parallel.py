"""Lint's helper processes: a large vault's notes are read and checked by several processes
at once.

Reading, scanning and checking notes is pure Python, so one process keeps one core busy, and
that work is nearly all of a cold ``lint`` (10k notes: ~2.5 s of ~3 s). On a machine with two
cores or more, a vault with :data:`MIN_NOTES` notes to read gets helper processes (one per
other core and per :data:`MIN_NOTES` notes, at most :data:`MOST_HELPERS`, see
:func:`helper_count`):

1. every process knows every file (the lint process walked the vault once and sends the
   listing); they take chunks of the notes to read from one shared counter, so a helper
   that starts late (a fresh interpreter importing vault-tools) simply takes fewer;
2. they swap their notes' summaries (type, headings, block ids: all that checking a note
   needs of other notes, see ``vault.Summary``) through the lint process: it receives every
   helper's, then sends each helper its own and every other helper's;
3. each checks the notes it read, and the helpers send their findings back;
4. the first helper then checks the names of the people the notes name (they read every
   note's summary, see :mod:`vault_tools.rules.people`) while the lint process makes the
   run's result of everyone's findings; each process makes its own part of the cache (see
   :meth:`Helpers.cache_parts`).

On Linux the helpers are forked from the lint process once it has imported what reads notes
(no interpreter start-up, no imports: ~0.2 s of CPU time at 10k notes), unless the process
runs other threads (a lock one of them holds would stay held in the child); elsewhere they
are spawned. Either way a helper builds every value it uses from what it is sent, not from
what the lint process holds. Anything going wrong with a helper (it cannot start, dies, or
reads a different config or schemas) costs only time: the lint process then reads the notes
it did not turn in, or reads and checks again the notes it did not finish.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import marshal
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_tools.cache import lint_cache_path

if TYPE_CHECKING:  # imported where used: the lint process starts helpers before them
    import multiprocessing
    from multiprocessing.connection import Connection
    from multiprocessing.sharedctypes import Synchronized

    from vault_tools.checker import PerNote, Progress
    from vault_tools.config import Config
    from vault_tools.diagnostics import Diagnostic, Row
    from vault_tools.note import Note
    from vault_tools.rules.people import People
    from vault_tools.schemas import SchemaSet
    from vault_tools.vault import Summary, Vault
    from vault_tools.walk import Stamp

__all__ = [
    "MIN_NOTES",
    "MOST_HELPERS",
    "Helper",
    "Helpers",
    "Walked",
    "discard",
    "grown",
    "helper_count",
    "prestart",
    "read_and_check",
    "serve",
    "take",
]

# Notes to read per helper: fewer, and a helper's start-up (~0.2 s when spawned) and its share
# of the swap would not pay off. With one helper per MIN_NOTES notes, every process reads at
# least MIN_NOTES / 2 notes, the smallest share that pays for one helper.
MIN_NOTES = 2000
# Every process lists the whole vault and learns every other process's summaries, and the
# lint process sends each helper the job and everyone's summaries: what a helper costs does
# not shrink as they grow in number, what it takes over does.
MOST_HELPERS = 7
_CHUNK = 50  # notes per claim on the shared counter
# A share of this many notes or more frees what its link checks remembered before the run's
# tail, which would otherwise add to it (~20 MB of the peak at 50,000 notes); a smaller one
# keeps it to the end of the process, where freeing it costs nothing (see let_go).
LET_GO_FROM = 10_000

Walked = Sequence[tuple[str, str, int, int]]


def helper_count(notes_to_read: int) -> int:
    """How many helper processes a run with this many notes to read gets on this machine:
    one per core beside the lint process's and per :data:`MIN_NOTES` notes to read, at most
    :data:`MOST_HELPERS`."""
    return max(0, min(_cores() - 1, MOST_HELPERS, notes_to_read // MIN_NOTES))


def grown(helpers: Helpers | None, root: Path, notes_to_read: int) -> Helpers | None:
    """``helpers`` (None: none yet) with as many helpers as ``notes_to_read`` is worth on this
    machine, those missing started now; None when it is worth none."""
    wanted = helper_count(notes_to_read)
    if helpers is None:
        return Helpers(root, wanted) if wanted > 0 else None
    helpers.add(wanted)
    return helpers


def prestart(root: Path, *, use_cache: bool = True) -> None:
    """Start helpers for the vault at ``root`` before lint even imports what it reads notes
    with, when its run will most likely want them: no result cache to use (so every note is
    to be read) and at least :data:`MIN_NOTES` notes. :func:`take` hands them to the run (whose
    walk starts more as it finds more notes); :func:`discard` stops them when the run did not
    take them."""
    global _prestarted
    if (
        _prestarted is None
        and not _can_fork()  # a forked helper starts at once: no start-up to overlap
        and helper_count(MIN_NOTES) > 0
        and not (use_cache and lint_cache_path(root).exists())
        and _has_notes(os.fspath(root), MIN_NOTES)
    ):
        _prestarted = Helpers(root, helper_count(MIN_NOTES))


def discard() -> None:
    """Stop the helpers :func:`prestart` started, if no run took them."""
    global _prestarted
    helpers, _prestarted = _prestarted, None
    if helpers is not None:
        helpers.dismiss()


def take(root: Path) -> Helpers | None:
    """The helpers :func:`prestart` started for ``root``, if any (only once)."""
    global _prestarted
    helpers, _prestarted = _prestarted, None
    if helpers is not None and helpers.root != root:
        helpers.dismiss()
        return None
    return helpers


_prestarted: Helpers | None = None


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
    helpers: Helpers | None,
    vault: Vault,
    listed: Sequence[str],
    unread: Sequence[str],
    chosen: Sequence[str] | None,
    schemas: SchemaSet,
    progress: Progress | None = None,
) -> tuple[dict[str, PerNote], int]:
    """Read the ``unread`` notes of a listed vault (``listed``: its notes) and check its notes
    (those under ``chosen``, else all) with ``helpers`` given the job: (per note path, notes
    checked). The helpers are left running for :meth:`Helpers.people`, unless this raises.

    With no helpers (None) this process reads and checks them all the same way: each note's
    text is let go once its own checks are done, the note itself once its links are, so a
    run holds no more of the vault than its summaries and the notes still to be checked
    (50,000 notes: 377 MB at its peak, where reading every note before checking any took
    570)."""
    from vault_tools.checker import PROGRESS_STEP, under

    reading = len(unread)
    work = reading + len(under(listed, chosen))
    # Checking links: every process checks its own notes at the same pace, so this one's
    # share of its notes stands for the share of all notes.
    checking = (
        None
        if progress is None
        else lambda done, total: progress(reading + (work - reading) * done // total, work)
    )
    share = _Share(vault, schemas, listed, chosen, alone=helpers is None)
    if helpers is None:
        for start in range(0, reading, PROGRESS_STEP):
            share.read(unread[start : start + PROGRESS_STEP])
            if progress is not None:
                progress(min(start + PROGRESS_STEP, reading), work)
        share.take([note.path for note in vault.notes.values() if note.path not in share.mine])
        results = share.check_links(checking)
        return results, len(results)
    helpers.unread = unread
    try:
        # Reading: the chunks all processes claimed so far.
        share.read(
            helpers.claimed(None if progress is None else lambda index: progress(index, work))
        )
        share.take([note.path for note in vault.notes.values() if note.path not in share.mine])
        theirs = helpers.exchange(share.mine)
        _learn(vault, theirs)
        # The notes no helper turned in (one stopped before the swap) are read here, and the
        # helpers learn them with each other's.
        missing = [path for path in listed if path not in share.mine and path not in theirs]
        share.read(missing)
        helpers.forward({path: share.mine[path] for path in missing})
        results = share.check_links(checking)
        if len(share.mine) >= LET_GO_FROM:
            share.let_go()
        if helpers.keep:
            # This process's part of the cache, made while the helpers finish their checks.
            helpers.parts.append(marshal.dumps(results))
        if helpers.checks_people is None or helpers.checks_people.summaries is None:
            helpers.named = _people(vault)  # no helper is there to check them
        helped, unfinished = helpers.results()
        results.update(helped)
        if unfinished:  # helpers that stopped after the swap: their notes are checked here
            rest = _Share(vault, schemas, listed, chosen)
            rest.read(unfinished)
            again = rest.check_links()
            results.update(again)
            if helpers.keep:
                helpers.parts.append(marshal.dumps(again))
        return results, len(results)
    except BaseException:
        helpers.close()
        raise


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
        *,
        alone: bool = False,
    ) -> None:
        from vault_tools.checker import under
        from vault_tools.rules import Context

        self.vault = vault
        self.context = Context(vault, schemas) if today is None else Context(vault, schemas, today)
        self.checked = None if chosen is None else frozenset(under(listed, chosen))
        # No other process to learn this one's notes: a note not checked is summarized (its
        # body scanned) only if a note checked links into it.
        self.alone = alone
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
        """Summarize these read notes and put those to be checked through the checks of
        themselves alone (a note not to be checked is known by its summary from now on, or,
        in a process alone, left unscanned)."""
        from vault_tools.rules import check_own

        vault, context, checked = self.vault, self.context, self.checked
        for path in paths:
            note = vault.notes[path]
            if checked is None or path in checked:
                self.mine[path] = vault.summary(note)
                self.notes.append(note)
                self.found[path] = check_own(note, context)
                note.forget_body()  # the link checks do not read it
            elif not self.alone:
                # Not checked here: the other processes need its summary, links into it no more.
                summary = self.mine[path] = vault.summary(note)
                vault.add_summary(path, summary)

    def check_links(self, progress: Progress | None = None) -> dict[str, PerNote]:
        """The link checks of the notes taken; every finding, per note."""
        from vault_tools.diagnostics import to_row
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
            summary = mine[path]
            # What the cache keeps of it (see checker.per_note_results).
            rows = [to_row(finding) for finding in own]
            results[path] = (note.size, note.mtime_ns, rows, summary or vault.summary(note))
            if summary is not None:
                # Its links are checked: links into it need only its summary from now on, and
                # what it held makes room for what the next notes' checks remember.
                vault.add_summary(path, summary)
            if progress is not None:
                progress(done + 1, total)
        return results

    def let_go(self) -> None:
        """Keep only the summaries of the notes read (those checked went as they were), and
        nothing of what the link checks remembered (links resolved, the headings of the notes
        they lead to): it is freed while the helpers are finishing, rather than after them (as
        link targets, summaries are all that is needed)."""
        notes = self.vault.notes
        kept = {path: summary for path, summary in self.mine.items() if path in notes}
        self.vault.add_summaries({path: s for path, s in kept.items() if s is not None})
        self.notes.clear()
        self.found.clear()
        self.context.forget()
        self.vault.forget_link_targets()


def _learn(vault: Vault, summaries: Mapping[str, Summary | None]) -> None:
    """Know another process's notes by their summaries; forget those that vanished."""
    known = {path: summary for path, summary in summaries.items() if summary is not None}
    vault.add_summaries(known)
    for path in summaries.keys() - known.keys():
        vault.remove(path)


class Helpers:
    """The lint process's side of its helper processes; a helper's failure reads as one
    helper fewer, and all of them failing as none.

    Started as soon as lint knows it has many notes to read, so that a spawned helper's own
    start-up (a fresh interpreter importing vault-tools) overlaps the lint process's work
    before reading; :meth:`start` then gives them the job. The swap goes through this process
    in two steps: :meth:`exchange` (each helper's summaries in, this process's out) and
    :meth:`forward` (each helper gets the other helpers' summaries).
    """

    def __init__(self, root: Path, count: int = 1) -> None:
        self.root = root
        self.unread: Sequence[str] = ()
        self.chunk = _CHUNK
        self.started = False  # the job is out: no helper joins after that
        self.checks_people: Helper | None = None  # the helper asked to (see people)
        import multiprocessing  # not on import: a run answered from the cache never needs it

        self.forked = _can_fork()
        if self.forked:
            # The children start with every module this process has: import what they read with.
            import vault_tools.rules  # noqa: F401
            from vault_tools import schemas, vault  # noqa: F401

            self.context: Any = multiprocessing.get_context("fork")
        else:
            self.context = multiprocessing.get_context("spawn")
        # One counter for all: the next chunk's number.
        self.counter: Synchronized[int] = self.context.Value("i", 0)
        self.named: People | None = None  # the people's findings, when this process took them
        self.keep = False  # whether the run's findings go to the cache (see start)
        self.parts: list[bytes] = []  # of the cache, made by this process (see cache_parts)
        self.stamps: dict[str, Stamp] = {}  # of the notes the helpers checked (see results)
        self.members: list[Helper] = []  # every helper started, those that failed included
        self.add(count)

    def add(self, count: int) -> None:
        """Start helpers until the group has had ``count``; none once the job is out, and
        none forked once this process runs other threads (see :func:`_can_fork`)."""
        while len(self.members) < count and not self.started:
            if self.forked and not _can_fork():
                return
            # A forked helper holds copies of this process's ends of the others' pipes: it
            # closes them, so that each helper sees at once when this process closes its end.
            ends = [helper.connection for helper in self.members if helper.connection is not None]
            inherited = ends if self.forked else []
            number = len(self.members)
            self.members.append(Helper(self.root, self.context, self.counter, number, inherited))

    @property
    def running(self) -> list[Helper]:
        """The helpers that started and have not stopped or failed."""
        return [helper for helper in self.members if helper.connection is not None]

    def start(
        self,
        config: Config,
        schemas_fingerprint: str,
        walked: Walked,
        unread: Sequence[str] | None,
        chosen: Sequence[str] | None,
        keep: bool = False,
    ) -> None:
        """Send the job: the notes to share out (None: every note of the listing, which each
        process then works out for itself: the job goes out before this process has), and
        the config and schemas (by fingerprint) the helpers must read as this process does.
        The first helper running is asked to check the people the notes name too (see
        :meth:`people`). ``keep``: the findings go to the cache, and each helper makes its
        part of it (see :meth:`cache_parts`)."""
        from vault_tools.rulebook import current_day

        self.unread = () if unread is None else unread
        self.started = True
        self.keep = keep
        running = self.running
        if not running:
            return
        self.checks_people = running[0]
        fingerprints = (config.fingerprint, schemas_fingerprint)
        # The lint process's day: every process checks against the same one (VT212).
        today = current_day().isoformat()
        chosen_paths = None if chosen is None else list(chosen)
        notes = None if unread is None else list(unread)
        people_by = self.members.index(running[0])
        job = (fingerprints, list(walked), notes, chosen_paths, self.chunk, today, people_by, keep)
        message = marshal.dumps(job)  # made once for all of them
        for helper in running:
            # The helper may still be starting: this process reads notes meanwhile.
            helper.send_later(message)

    def claimed(self, started: Callable[[int], None] | None = None) -> Iterator[str]:
        """The notes this process reads: chunk after chunk, until none is left. ``started``
        is told the index of each chunk claimed (all chunks before it are claimed too)."""
        for index in _claims(self.counter, len(self.unread), self.chunk):
            if started is not None:
                started(index)
            yield from self.unread[index : index + self.chunk]

    def exchange(self, mine: dict[str, Summary | None]) -> dict[str, Summary | None]:
        """The summaries of the notes the helpers read, of each helper that turns its own in
        (the others are let go); each is sent ``mine``, the summaries of this process's notes.

        Sent from threads while this process takes the helpers' summaries, so that the swap
        costs each side's sending once, not in turn, and no side waits on a full pipe.
        """
        message = marshal.dumps(mine)
        running = self.running
        for helper in running:
            helper.send_later(message)
        theirs: dict[str, Summary | None] = {}
        for helper in running:
            summaries = helper.turn_in()
            if summaries is not None:
                theirs.update(summaries)
        return theirs

    def forward(self, read_here: dict[str, Summary | None]) -> None:
        """Send each helper the summaries every other helper turned in, as they came, and
        ``read_here``: the notes this process read since :meth:`exchange` (those no helper
        turned in)."""
        turned_in = [helper for helper in self.members if helper.summaries is not None]
        header = marshal.dumps((read_here, len(turned_in) - 1))
        for helper in turned_in:
            others = [other.turned_in for other in turned_in if other is not helper]
            helper.send_later(header, *others)
        for helper in turned_in:
            helper.turned_in = b""  # held by the threads sending it until it is sent

    def results(self) -> tuple[dict[str, PerNote], list[str]]:
        """The helpers' findings, per note they checked; and the notes of those that turned
        their summaries in but sent no findings (they stopped): to be read and checked again.
        The stamps of the notes checked are in :attr:`stamps` from then on."""
        found: dict[str, PerNote] = {}
        unfinished: list[str] = []
        for helper in self.members:
            if helper.summaries is None:
                continue
            checked = helper.results()
            if checked is None:
                unfinished.extend(
                    path for path, summary in helper.summaries.items() if summary is not None
                )
            else:
                found.update(checked)
                self.stamps.update(helper.stamps)
        return found, unfinished

    def people(self) -> People | None:
        """The findings about the people the notes name (see :mod:`vault_tools.rules.people`).
        They read every note's summary, so they wait for the link checks. The first helper
        works them out after sending its notes' findings, while this process makes the run's
        result from them: the tail of the run is this process's alone, so the helper would
        be idle during it (were this process to take them when done first, by a chunk's
        time, the helper would wait for them, ~0.3 s at 50,000 notes). This process works
        them out itself only when no helper is there to (:func:`read_and_check`). None when
        the helper did not send them (it stopped): the caller then checks the names."""
        if self.named is not None:
            return self.named
        helper = self.checks_people
        if helper is None or helper.summaries is None:
            return None
        received = helper._receive()
        return None if received is None else received[0]

    def cache_parts(self, per_note: Mapping[str, PerNote]) -> list[bytes]:
        """The run's findings per note (``per_note``, all that :func:`read_and_check` gave)
        as the cache keeps them: in parts, marshalled by the process that checked the notes,
        so that each makes its own while the others are busy (the notes' part of the cache
        is the largest thing a run writes: ~0.15 s at 50,000 notes). A helper that sends no
        part has it made here. Called after :meth:`people`: the helper checking the people
        sends their findings first."""
        parts = self.parts
        for helper in self.members:
            if not helper.checked:
                continue
            part = helper.part()
            if part is None:
                part = marshal.dumps({path: per_note[path] for path in helper.checked})
            parts.append(part)
        return parts

    def dismiss(self) -> None:
        """Stop helpers that were given no job (see :meth:`Helper.dismiss`)."""
        for helper in self.members:
            helper.dismiss()

    def close(self) -> None:
        """End the helpers: all are told at once, and given a second in all to exit."""
        for helper in self.members:
            helper.hang_up()
        deadline = time.monotonic() + 1
        for helper in self.members:
            helper.close(deadline)


class Helper:
    """One helper process, from the lint process's side: its pipe, and what it turned in at
    the swap. Any failure closes the pipe (``connection`` is None from then on)."""

    def __init__(
        self,
        root: Path,
        context: Any,
        counter: Synchronized[int],
        number: int,
        inherited: Sequence[Connection] = (),
    ) -> None:
        self.connection: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.sender: threading.Thread | None = None
        self.summaries: dict[str, Summary | None] | None = None  # its notes, once turned in
        self.stamps: dict[str, Stamp] = {}  # the stamps of the notes it checked, with them
        self.turned_in = b""  # ... and the message that brought them, until forwarded
        self.checked: list[str] = []  # the notes whose findings it sent
        connection, theirs = context.Pipe()
        process = context.Process(
            target=serve,
            args=(theirs, counter, str(root), number, list(inherited)),
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

    def send_later(self, *messages: bytes) -> None:
        """Send these messages (bytes made by marshal) from a thread, after those sent before:
        a message can be larger than a pipe holds, and the helper may still be starting, or
        be sending too. A helper that is gone is noticed by the next receive."""
        if self.connection is None:
            return
        self.sender = threading.Thread(target=self._send, args=(self.sender, messages), daemon=True)
        self.sender.start()

    def _send(self, before: threading.Thread | None, messages: Sequence[bytes]) -> None:
        if before is not None:
            before.join()
        try:
            for message in messages:
                connection = self.connection
                if connection is None:
                    return
                connection.send_bytes(message)
        except (OSError, ValueError, TypeError):  # TypeError: closed meanwhile
            return

    def turn_in(self) -> dict[str, Summary | None] | None:
        """Take the summaries of the notes this helper read; None when it sends none (it
        stopped, failed, or reads with another config or other schemas than this process)."""
        received = self._receive()
        if received is not None:
            self.summaries, self.turned_in = received
        return self.summaries

    def results(self) -> dict[str, PerNote] | None:
        """The helper's findings, per note it checked; None when it could not finish."""
        received = self._receive()
        if received is None or self.summaries is None:
            return None
        reply: dict[str, tuple[int, int, list[Row]]]
        reply, self.stamps = received[0]
        results: dict[str, PerNote] = {}
        for path, (size, mtime_ns, rows) in reply.items():
            # Its findings come without the summaries it turned in.
            summary = self.summaries.get(path)
            if summary is None:  # it checked a note it did not say it read: not to be trusted
                self.close()
                return None
            results[path] = (size, mtime_ns, rows, summary)
        self.checked = list(results)
        return results

    def part(self) -> bytes | None:
        """The helper's part of the cache: its findings per note as :meth:`results` gave them,
        marshalled (see :meth:`Helpers.cache_parts`); None when it sends none."""
        received = self._receive()
        if received is None or not isinstance(received[0], bytes):
            self.close()
            return None
        return received[0]

    def _receive(self) -> tuple[Any, bytes] | None:
        """The next message's payload, and the message as sent; None when the helper is gone
        or did not do as asked (it is then let go)."""
        if self.connection is None:
            return None
        try:
            message = self.connection.recv_bytes()
            status, payload = marshal.loads(message)
        except (EOFError, OSError, ValueError, TypeError):
            self.close()
            return None
        if status != "ok":
            self.close()
            return None
        return payload, message

    def dismiss(self) -> None:
        """Stop a helper that was given no job: it has nothing to finish, so it is not waited
        for (it may still be starting)."""
        if self.process is not None and self.connection is not None and self.sender is None:
            self.process.terminate()
        self.close()

    def hang_up(self) -> None:
        """Close this end of the pipe: the helper, done or waiting, sees it at once."""
        if self.connection is None:
            return
        if self.sender is not None and self.sender.is_alive():
            # Not closed under a thread still sending (it could write to the next file opened
            # with the same number): the helper is ended instead, which ends the sending.
            if self.process is not None:
                self.process.terminate()
            self.sender.join(timeout=1)
        self.connection.close()
        self.connection = None

    def close(self, deadline: float | None = None) -> None:
        """Hang up, and let the helper exit until ``deadline`` (``time.monotonic``; a second
        from now for None), then end it."""
        self.hang_up()
        process = self.process
        if process is not None and process.exitcode is None:
            # Normally the helper has sent everything and is exiting; never wait long for it.
            wait = 1.0 if deadline is None else max(0.0, deadline - time.monotonic())
            process.join(timeout=wait)
            if process.exitcode is None:
                process.terminate()


def _people(vault: Vault) -> People:
    """The findings about the people the notes of ``vault`` name (every note known, by its
    summary or read), with what they read (see :func:`vault_tools.rules.people.findings`)."""
    from vault_tools.rules import people

    # Each note is known by its summary by now (its links are checked): read off them at
    # once, rather than note by note through the vault.
    names = people.Names.of_summaries(vault.summaries())
    return people.findings(names, vault.config.interviewers)


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


def serve(
    connection: Connection,
    counter: Synchronized[int],
    root: str,
    number: int = 0,
    inherited: Sequence[Connection] = (),
) -> None:
    """A helper process: read the chunks it claims, swap summaries, check, send findings;
    then, for the helper ``number`` the job names, the findings about people's names (see
    :meth:`Helpers.people`); then, when the job keeps the findings, its part of the cache
    (see :meth:`Helpers.cache_parts`). ``counter``: the number of the next chunk to claim.

    ``inherited``: the lint process's ends of the other helpers' pipes, which a forked helper
    holds copies of (closed at once). Once its findings are sent the process ends at once:
    everything it built goes with it, and freeing that object by object first (a normal
    return and interpreter exit) would only keep the lint process waiting for it to finish.
    """
    for end in inherited:
        end.close()
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

        job = marshal.loads(connection.recv_bytes())
        fingerprints, walked, unread, chosen, chunk, today, people_by, keep = job
        if fingerprints != (config.fingerprint, schemas.fingerprint):
            _reply(connection, "changed", None)  # read differently than the lint process
            return
        vault = Vault.listed(config, walked)
        day = dt.date.fromisoformat(today)
        listed = vault.listed_notes()
        if unread is None:
            unread = listed
        share = _Share(vault, schemas, listed, chosen, day)
        for index in _claims(counter, len(unread), chunk):
            share.read(unread[index : index + chunk])
        _reply(connection, "ok", share.mine)
        # The swap (see Helpers.exchange and Helpers.forward): the lint process's notes; then
        # those it read in place of a helper, and how many helpers' notes follow, as each
        # helper sent them.
        _learn(vault, marshal.loads(connection.recv_bytes()))
        read_here, others = marshal.loads(connection.recv_bytes())
        for _ in range(others):
            _learn(vault, marshal.loads(connection.recv_bytes())[1])
        _learn(vault, read_here)
        results = share.check_links()
        people = number == people_by  # it checks the people's names, after sending these
        # Without the summaries: the lint process has them since the swap. With the stamps of
        # the notes' files when they were read (see Vault.read_stamps; a file that could not
        # be read has none: the lint process takes its stamp itself).
        stamps = vault.read_stamps
        checked = {path: entry[:3] for path, entry in results.items()}
        read = {path: stamps[path] for path in checked if path in stamps}
        # Sent from a thread: the lint process may still be busy with its own findings, and
        # this process gets on with what comes next meanwhile.
        sending = threading.Thread(
            target=_reply_or_not, args=(connection, "ok", (checked, read)), daemon=True
        )
        sending.start()
        # Its part of the cache, with the summaries (see Helpers.cache_parts).
        part = marshal.dumps(results) if keep else b""
        named = _people(vault) if people else None
        sending.join()
        if named is not None:
            _reply(connection, "ok", named)
        if keep:
            _reply(connection, "ok", part)
        connection.close()
        os._exit(0)
    except (EOFError, OSError):
        return  # the lint process is gone
    except Exception as error:  # the lint process does this share itself, and will see it
        _reply(connection, "failed", repr(error))
    finally:
        connection.close()


def _reply_or_not(connection: Connection, status: str, payload: Any) -> None:
    """:func:`_reply`, in a thread of its own: a lint process that is gone is seen by the
    next reply, from the helper's own thread."""
    with contextlib.suppress(OSError, ValueError):
        _reply(connection, status, payload)


def _reply(connection: Connection, status: str, payload: Any) -> None:
    """The helper's messages are plain data (summaries, findings), which marshal writes and
    reads several times faster than pickle: it is on the way to the lint process's result."""
    connection.send_bytes(marshal.dumps((status, payload)))
