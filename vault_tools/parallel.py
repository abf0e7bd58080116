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

The helper is started with "spawn" on every platform (the default on macOS and Windows, and
the one start method that copies nothing by accident), so it builds everything it uses from
what it is sent. Anything going wrong with the helper (it cannot start, dies, or reads a
different config or schemas) costs only time: the lint process then reads and checks the
helper's share itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from vault_tools.config import Config
from vault_tools.lint import PerNote, Progress, check_notes, per_note_results, selected_notes
from vault_tools.schemas import SchemaSet, load_schemas
from vault_tools.vault import Summary, Vault

MIN_NOTES = 2000  # fewer notes to read: the helper's start-up (~0.2 s) would not pay off
_CHUNK = 50  # notes per claim on the shared counter

Walked = Sequence[tuple[str, str, int, int]]


def worth_a_helper(notes_to_read: int) -> bool:
    """Whether reading this many notes goes faster with a helper process on this machine."""
    return notes_to_read >= MIN_NOTES and _cores() >= 2


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def read_and_check(
    helper: Helper,
    vault: Vault,
    walked: Walked,
    unread: Sequence[str],
    chosen: Sequence[str] | None,
    schemas: SchemaSet,
    progress: Progress | None = None,
) -> tuple[dict[str, PerNote], int]:
    """Read the ``unread`` notes of a listed vault and check its notes (those under
    ``chosen``, else all) with a started ``helper``: (per note path, notes checked)."""
    listed = vault.listed_notes()
    helper.start(schemas, walked, unread, chosen)
    try:
        # Each note is scanned (for its summary) as soon as it is read, as the helper does:
        # the work per chunk is the same on both sides, so the chunks share out evenly.
        mine: dict[str, Summary | None] = {}
        for path in helper.claimed():
            note = vault.read(path)
            if note is not None:
                mine[path] = vault.summary(note)
        read_before = [note for note in vault.notes.values() if note.path not in mine]
        mine.update((note.path, vault.summary(note)) for note in read_before)
        theirs = helper.exchange(mine, listed)
        if theirs is None:  # no helper: its share is read here
            for path in unread:
                if path not in vault.notes:
                    vault.read(path)
        else:
            _learn(vault, theirs)
        notes = selected_notes(vault.notes, chosen)
        found = check_notes(vault, notes, schemas=schemas, progress=progress)
        results = per_note_results(vault, notes, found, mine)
        helped = helper.results()
        if helped is None and theirs is not None:  # the helper stopped after the swap
            for path, summary in theirs.items():
                if summary is not None:
                    vault.read(path)
            rest = [
                note for note in selected_notes(vault.notes, chosen) if note.path not in results
            ]
            helped = per_note_results(vault, rest, check_notes(vault, rest, schemas=schemas))
        results.update(helped or {})
        return results, len(results)
    finally:
        helper.close()


def _learn(vault: Vault, summaries: Mapping[str, Summary | None]) -> None:
    """Know the other process's notes by their summaries; forget those that vanished."""
    for path, summary in summaries.items():
        if summary is None:
            vault.remove(path)
        else:
            vault.add_summary(path, summary)


class Helper:
    """The lint process's side of the helper process; every failure reads as "no helper".

    Started as soon as lint knows it has many notes to read, so that the helper's own
    start-up (a fresh interpreter importing vault-tools) overlaps the lint process's work
    before reading; :meth:`start` then gives it its share of the job.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.unread: Sequence[str] = ()
        self.chunk = _CHUNK
        context = multiprocessing.get_context("spawn")
        self.counter: Synchronized[int] = context.Value("i", 0)
        self.connection: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.sender: threading.Thread | None = None
        connection, theirs = context.Pipe()
        process = context.Process(
            target=_helper_main,
            args=(theirs, self.counter, str(config.root)),
            name="vault-tools lint helper",
            daemon=True,
        )
        try:
            process.start()
        except (OSError, RuntimeError):
            connection.close()
            return
        finally:
            theirs.close()
        self.connection, self.process = connection, process

    def start(
        self,
        schemas: SchemaSet,
        walked: Walked,
        unread: Sequence[str],
        chosen: Sequence[str] | None,
    ) -> None:
        """Send the job: the notes to share out, and what the helper must agree on."""
        self.unread = unread
        if self.connection is None:
            return
        fingerprints = (self.config.fingerprint, schemas.fingerprint)
        job = (fingerprints, list(walked), list(unread), chosen, self.chunk)
        # The job is larger than a pipe holds and the helper may still be starting: sent
        # from a thread, so that this process reads notes meanwhile.
        self.sender = threading.Thread(target=self._send, args=(job,), daemon=True)
        self.sender.start()

    def _send(self, message: Any) -> None:
        try:
            if self.connection is not None:
                self.connection.send(message)
        except (OSError, ValueError):
            pass  # the helper is gone; exchange() notices

    def claimed(self) -> Iterator[str]:
        """The notes this process reads: chunk after chunk, until none is left."""
        for index in _claims(self.counter, len(self.unread), self.chunk):
            yield from self.unread[index : index + self.chunk]

    def exchange(
        self, mine: dict[str, Summary | None], listed: Sequence[str]
    ) -> dict[str, Summary | None] | None:
        """Swap the summaries of the notes each side read; None when there is no helper.

        ``mine`` gets None for each ``listed`` note that neither side holds: it vanished
        since the walk, and the helper must forget it too.
        """
        if self.connection is None:
            return None
        if self.sender is not None:
            self.sender.join()
        theirs: dict[str, Summary | None] | None = self._receive()
        if theirs is None:
            return None
        mine.update((path, None) for path in listed if path not in mine and path not in theirs)
        try:
            self.connection.send(mine)
        except (OSError, ValueError):
            return None
        return theirs

    def results(self) -> dict[str, PerNote] | None:
        """The helper's findings, per note it checked; None when it could not finish."""
        reply: dict[str, PerNote] | None = self._receive()
        return reply

    def _receive(self) -> Any:
        if self.connection is None:
            return None
        try:
            status, payload = self.connection.recv()
        except (EOFError, OSError, ValueError):
            self.close()
            return None
        if status != "ok":
            self.close()
            return None
        return payload

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
    """The helper process: read the chunks it claims, swap summaries, check, send findings."""
    gc.disable()  # see lint_folder: the collector would only re-scan what is being built
    try:
        # What does not depend on the job is made ready while the lint process gets to it.
        config = Config.load(Path(root))
        schemas = load_schemas(config)
        import vault_tools.rules  # noqa: F401  (check_notes imports it on first use)

        fingerprints, walked, unread, chosen, chunk = connection.recv()
        if fingerprints != (config.fingerprint, schemas.fingerprint):
            connection.send(("changed", None))  # read differently than the lint process
            return
        vault = Vault.listed(config, walked)
        mine: dict[str, Summary | None] = {}
        for index in _claims(counter, len(unread), chunk):
            for path in unread[index : index + chunk]:
                note = vault.read(path)
                mine[path] = vault.summary(note) if note is not None else None
        connection.send(("ok", mine))
        _learn(vault, connection.recv())
        notes = selected_notes(vault.notes, chosen)
        found = check_notes(vault, notes, schemas=schemas)
        connection.send(("ok", per_note_results(vault, notes, found, mine)))
    except (EOFError, OSError):
        return  # the lint process is gone
    except Exception as error:  # the lint process does this share itself, and will see it
        connection.send(("failed", repr(error)))
    finally:
        connection.close()


def _helper_main(connection: Connection, counter: Synchronized[int], root: str) -> None:
    """The helper process's entry point: :func:`serve`, then exit at once.

    Everything the helper built goes with the process; freeing it object by object first
    (the interpreter's normal exit) would only keep the process alive for nothing.
    """
    serve(connection, counter, root)
    os._exit(0)
