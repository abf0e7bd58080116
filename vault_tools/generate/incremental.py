"""Keep the generated notes fresh as notes change, re-reading only what changed.

What ``vault-tools watch`` runs after each quiet period::

    live = LiveGenerator(Vault.open(root, lean=True))
    live.regenerate_all()                          # on start: the same as `vault-tools index`
    live.refresh(["Hiring/Interviews/x.md"])       # after a change: files or folders, new or gone

:meth:`LiveGenerator.refresh` brings the vault in line with the disk for the given paths only
(``vault.update`` for a file, ``vault.remove`` for what is gone, a walk of a folder that
appeared), keeps one hiring record per note (so nothing re-reads every interview), asks
:func:`~vault_tools.generate.affected` which generated notes read what changed, and writes
those (only when their text changed, through writer.py).

Three rules keep a watcher quiet:

* its own writes are remembered (size and mtime right after the write) and a path that still
  matches is not a change;
* a note whose frontmatter cannot be read is skipped until fixed: its last good version keeps
  counting, so a half-written or half-synced note does not make the indexes flap;
* a generated note that someone else changed is regenerated (its block is ours), one that
  we wrote is not read again;
* the date matters only through its quarter (which candidates the pipeline keeps): when a
  new quarter has begun, the next refresh or rescan rewrites the pipeline and the archive
  notes, and nothing changes on any other day.

Nothing here raises on note content; exceptions mean a bug or a disk that cannot be read,
and the watcher logs them and carries on.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import os
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from vault_tools import generate
from vault_tools.diagnostics import Diagnostic
from vault_tools.errors import VaultToolsError
from vault_tools.generate.indexes import follows
from vault_tools.generate.markup import LinkNames
from vault_tools.generate.problems import (
    Entry,
    Unreadable,
    may_have_entries,
    unreadable_hiring_note,
    unusable,
)
from vault_tools.generated import GenerateSettings
from vault_tools.hiring import (
    Candidate,
    Case,
    Hiring,
    Interview,
    Person,
    Quarter,
    assemble_hiring,
    interview_order,
    is_planned,
    read_record,
)
from vault_tools.note import Note
from vault_tools.schemas import SchemaSet, load_schemas
from vault_tools.vault import Vault, name_key
from vault_tools.writer import WriteOutcome, WriteStatus

__all__ = ["INVALID_SHOWN", "SECTION_CACHE_BOUND", "LiveGenerator", "Record", "Regeneration"]

Record = Interview | Candidate | Case
Group = TypeVar("Group")


# Rendered parts kept per hiring note before the cache is started again (see _prune_sections):
# a log has a row and a share of a calibration panel, a candidate two rows, a case one.
SECTION_CACHE_BOUND = 4
# Schema errors of one changed note that the watcher logs (`vault-tools lint` lists them all).
INVALID_SHOWN = 3


def _never_ignored(path: str) -> bool:
    return False


@dataclass(frozen=True)
class Regeneration:
    """What one refresh did: for the watcher's one log line per regeneration."""

    changed: tuple[str, ...] = ()  # notes and files that changed on disk (re-read or gone)
    broken: tuple[Diagnostic, ...] = ()  # first problem of each changed note skipped until fixed
    # Schema errors of the changed notes (the first few of each), read as far as they can be:
    # the values they name are left out of the generated notes until fixed.
    invalid: tuple[Diagnostic, ...] = ()
    planned: tuple[str, ...] = ()  # generated notes whose inputs changed
    outcomes: tuple[WriteOutcome, ...] = ()
    seconds: float = 0.0
    # Where the time went: re-reading the changed notes and finding what they feed (flat in
    # the size of the vault), rendering the planned notes, writing them (both proportional
    # to the size of the notes that must be rewritten).
    reading: float = 0.0
    rendering: float = 0.0
    writing: float = 0.0
    cancelled: bool = False  # stopped before every planned note was written

    @property
    def written(self) -> tuple[WriteOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.written)

    @property
    def unchanged(self) -> tuple[WriteOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is WriteStatus.UNCHANGED)

    @property
    def failed(self) -> tuple[WriteOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.failed)


class LiveGenerator:
    """A vault held in memory and the generated notes that depend on it, kept in step.

    ``ignore`` names paths that are not part of the vault for this purpose (the watcher's
    temp files and sync-conflict copies); they are dropped from ``vault`` at once.
    Not thread-safe: one worker calls it. :meth:`cancel` (any thread) makes a running
    refresh stop before its next write; hold :attr:`write_lock` to wait for a write in flight.
    """

    def __init__(
        self,
        vault: Vault,
        *,
        ignore: Callable[[str], bool] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.vault = vault
        self.settings = GenerateSettings.from_config(vault.config)  # ConfigError: cannot run
        self.today = today  # injectable: tests move the date across a quarter's start
        self._rendered_on: dt.date | None = None  # the date the generated notes were made on
        self.write_lock = threading.Lock()
        self._ignore = ignore or _never_ignored
        self._cancelled = threading.Event()
        self._records: dict[str, Record] = {}
        # The logs in interview_order, whole and grouped, kept so change by change: building
        # the Hiring after a change then costs nothing proportional to the number of logs.
        self._all_logs: _SortedGroups[bool] = _SortedGroups(lambda log: True)
        self._logs_by_quarter: _SortedGroups[Quarter] = _SortedGroups(lambda log: log.quarter)
        self._logs_by_candidate: _SortedGroups[str] = _SortedGroups(
            lambda log: log.candidate.key if log.candidate else None
        )
        self._logs_by_case: _SortedGroups[str] = _SortedGroups(
            lambda log: log.case.key if log.case else None
        )
        self._undated_logs: _SortedGroups[bool] = _SortedGroups(
            lambda log: True if log.date is None else None
        )
        self._groups = (
            self._all_logs,
            self._logs_by_quarter,
            self._logs_by_candidate,
            self._logs_by_case,
            self._undated_logs,
        )
        self._candidates: dict[str, Candidate] = {}
        # Candidates (Person.key) whose note or logs changed since the last Hiring was built.
        self._changed_candidates: set[str] = set()
        self._cases: dict[str, Case] = {}
        # What the last Hiring was built from, re-used while it did not change (an edit of a
        # log keeps the set of inputs, the candidates and the cases as they were).
        self._inputs: frozenset[str] | None = None
        self._candidates_in_order: dict[str, Candidate] | None = None
        self._cases_in_order: dict[str, Case] | None = None
        self._sources: dict[str, Note] = {}  # the (last good) note each record was read from
        # Notes counted with their last good version, and what stops them being read now.
        self._stale: dict[str, Diagnostic] = {}
        # The records that may have a problems entry (generate.Problems.flagged), by path.
        self._flagged: dict[str, Record] = {}
        # The findings that explain their entries, named once per record (Problems.explained).
        self._explained: dict[str, dict[str, tuple[object, tuple[Entry, ...]]]] = {}
        self._schemas: SchemaSet | None = None  # loaded once, to name the problems found
        self._linked_from: dict[str, set[str]] = {}  # link name -> interviews linking to it
        self._written: dict[str, tuple[int, int]] = {}  # our writes: path -> (size, mtime_ns)
        self._layouts: dict[str, generate.WrittenNote] = {}  # ... and what they hold
        self._writing: str | None = None  # the note being written right now
        self._hiring: Hiring | None = None
        self._last_hiring: Hiring | None = None  # the last one built, to start the next from
        # Logs dated after ``_day`` (hiring.is_planned), by path: in no group until their day.
        self._day = today()
        self._planned: dict[str, Interview] = {}
        self._sections: generate.SectionCache = {}  # rendered parts of the generated notes
        # Notes of a quarter (or year) that nothing feeds any more, by lower path: still
        # refreshed (a retrospective of a quarter without logs says who was still waiting).
        self._left: dict[str, generate.Output] = {}
        # Which notes the rendered parts link to by name alone (see _renamed_links).
        self._names = LinkNames(vault, self.settings.may_be_named)
        for path in [path for path in vault.files if self._ignore(path)]:
            vault.remove(path)
        # Hiring notes that cannot be read, with no last good version: listed as left out.
        self._unreadable: dict[str, Unreadable] = {}
        self._unreadable_moved: list[Unreadable] = []  # came, went or changed since the last
        for note in list(vault.notes.values()):
            record = read_record(vault, note)
            if record is not None:
                self._keep(note, record)
            elif (unreadable := unreadable_hiring_note(vault, note)) is not None:
                self._unreadable[note.path] = unreadable

    # ------------------------------------------------------------------ state
    @property
    def hiring(self) -> Hiring:
        """The hiring values of the vault as it is now (built again only after a change)."""
        if self._hiring is None:
            # Copies: a Hiring keeps its groups while the watcher goes on changing its own.
            by_quarter = dict(self._logs_by_quarter.tuples())
            by_candidate = dict(self._logs_by_candidate.tuples())
            by_case = dict(self._logs_by_case.tuples())
            if self._inputs is None:
                self._inputs = frozenset(self._records)
            if self._candidates_in_order is None:
                self._candidates_in_order = dict(sorted(self._candidates.items()))
            if self._cases_in_order is None:
                self._cases_in_order = dict(sorted(self._cases.items()))
            self._hiring = assemble_hiring(
                self._all_logs.tuples().get(True, ()),
                self._candidates_in_order,
                self._cases_in_order,
                inputs=self._inputs,
                by_quarter=by_quarter,
                by_candidate=by_candidate,
                by_case=by_case,
                undated=self._undated_logs.tuples().get(True, ()),
                previous=self._last_hiring,
                changed_candidates=self._changed_candidates,
                planned=tuple(sorted(self._planned.values(), key=interview_order)),
            )
            if self._last_hiring is not None:
                follows(self._hiring, self._last_hiring, self._changed_candidates)
            self._last_hiring = self._hiring
            self._changed_candidates = set()
        return self._hiring

    def is_own_write(self, path: str) -> bool:
        """True while the file at ``path`` is exactly what this generator last wrote there.

        Safe from any thread: for a note being written right now it waits for that write (a
        few milliseconds), so the watcher's event handler can drop the events of our own
        writes before they reach the queue and delay the next real change.
        """
        if path not in self._written and path != self._writing:
            return False
        with self.write_lock:
            remembered = self._written.get(path)
        if remembered is None:
            return False
        try:
            info = os.stat(self.vault.root / path)
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == remembered

    def cancel(self) -> None:
        """Stop a running refresh before its next write (the watcher is shutting down)."""
        self._cancelled.set()

    # ------------------------------------------------------------------ work
    def regenerate_all(self, only: Collection[str] | None = None) -> Regeneration:
        """Bring every generated note (``only``: these) up to date: what ``vault-tools index``
        does."""
        start = time.perf_counter()
        today = self._rendered_on = self.today()
        if today != self._day:
            self._replan(today)  # the logs whose day has come count from today on
        hiring = self.hiring
        read = time.perf_counter()
        planned = generate.plan(
            self.vault,
            only,
            hiring=hiring,
            cache=self._sections,
            today=today,
            problems=self._problems(),
            names=self._names,
        )
        if only is None:
            found = generate.outputs(self.vault, hiring, today=today)
            left = generate.left_without_inputs(self.vault, self.settings, found)
            self._left = {output.path.lower(): output for output in left}
        rendered = time.perf_counter()
        outcomes, cancelled = self._write(planned)
        end = time.perf_counter()
        return Regeneration(
            planned=tuple(planned),
            outcomes=tuple(outcomes),
            seconds=end - start,
            reading=read - start,
            rendering=rendered - read,
            writing=end - rendered,
            cancelled=cancelled,
        )

    def refresh(self, paths: Iterable[str], folders: Iterable[str] = ()) -> Regeneration:
        """Re-read ``paths`` (vault-relative files or folders, existing or gone) and rewrite
        the generated notes whose inputs changed.

        ``folders`` are paths known to have been folders (a deleted folder cannot be told from
        a deleted file any more); a path that is a folder on disk now is walked either way.
        """
        start = time.perf_counter()
        folder_set = {_normalized(path) for path in folders}
        changed: list[str] = []
        for path in dict.fromkeys(_normalized(path) for path in [*paths, *folder_set]):
            if path and not self._ignore(path) and not self.is_own_write(path):
                changed.extend(self._sync(path, path in folder_set))
        return self._regenerate(changed, start)

    def rescan(self) -> Regeneration:
        """Compare the whole vault with the disk (stat only) and refresh what differs: the
        safety net for events that never arrived (a network drive, a full event queue)."""
        start = time.perf_counter()
        vault = self.vault
        notes = vault.notes
        known = {path.lower(): path for path in vault.files}
        differing: list[str] = []
        for path, kind, size, mtime_ns in vault.walk():
            if self._ignore(path):
                continue
            actual = known.pop(path.lower(), None)
            note = notes.get(actual) if actual is not None else None
            if note is not None:
                stale = (note.size, note.mtime_ns) != (size, mtime_ns)
            else:
                stale = actual is None or kind == "note"  # new, or was not read as a note
            if stale:
                differing.append(path)
        differing.extend(known.values())  # gone from the disk
        changed: list[str] = []
        for path in differing:
            if not self.is_own_write(path):
                changed.extend(self._sync(path, False))
        # Notes the config's `ignore:` leaves out send no events, but Obsidian still sees
        # their names: one that took or gave up a linked note's name is found here.
        relinked = self._names.look_again()
        if relinked:
            self._sections.clear()
        return self._regenerate(changed, start, everything=relinked)

    def rewrite(self, paths: Iterable[str]) -> Regeneration:
        """Write these generated notes again, as they should be now (a write of theirs failed:
        a full disk, a permission, a note being edited). Paths that are no longer generated
        notes are left out."""
        outputs = {o.path.lower(): o.path for o in generate.outputs(self.vault, self.hiring)}
        return self.regenerate_all(
            only={outputs[path.lower()] for path in paths if path.lower() in outputs}
        )

    # ------------------------------------------------------------------ vault
    def _sync(self, path: str, was_folder: bool) -> list[str]:
        """Update the vault for one path; the vault paths that changed."""
        vault = self.vault
        full = vault.root / path
        try:
            mode = os.stat(full).st_mode
        except OSError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            return self._sync_folder(path)
        updated = self._update(path)
        if updated:
            return updated
        if mode is None and (was_folder or not path.lower().endswith(".md")):
            # Gone, and maybe a folder: forget what was under it. Only what is no longer on
            # disk: a folder whose name differs only in case ("Cases" and "cases") is
            # another folder where names are told apart by case, and may be the new name.
            prefix = path.lower() + "/"
            gone = [p for p in vault.files if p.lower().startswith(prefix)]
            changed: list[str] = []
            for held in gone:
                if not os.path.lexists(vault.root / held):
                    changed.extend(self._update(held))
            return changed
        return []

    def _sync_folder(self, folder: str) -> list[str]:
        vault = self.vault
        prefix = folder.lower() + "/"
        before = {p.lower(): p for p in vault.files if p.lower().startswith(prefix)}
        changed: list[str] = []
        for path, _kind, _size, _mtime in vault.walk(under=folder):
            before.pop(path.lower(), None)
            if not self._ignore(path):
                changed.extend(self._update(path))
        for path in before.values():  # no longer on disk
            changed.extend(self._update(path))
        return changed

    def _update(self, path: str) -> list[str]:
        """``vault.update(path)``: the vault paths that changed (none when nothing did).

        A path that differs from another only in case displaces it, or brings it back when it
        goes (the first in code-point order is read, as when the vault is opened): both are
        changed then.
        """
        vault = self.vault
        held = vault.held(path)
        if not vault.update(path):
            return []
        return list(dict.fromkeys(p for p in (path, held, vault.held(path)) if p is not None))

    # ------------------------------------------------------------------ hiring records
    def _keep(self, note: Note, record: Record) -> None:
        replacing = note.path in self._records
        self._forget(note.path, replacing=replacing)
        if not replacing:
            self._inputs = None
        self._records[note.path] = record
        self._sources[note.path] = note
        if may_have_entries(note, record):
            self._flagged[note.path] = record
        self._mark_changed(record)
        if isinstance(record, Candidate):
            self._candidates[note.path] = record
            self._candidates_in_order = None
        elif isinstance(record, Case):
            self._cases[note.path] = record
            self._cases_in_order = None
        else:
            if is_planned(record, self._day):
                self._planned[note.path] = record
            else:
                for groups in self._groups:
                    groups.add(record)
            for person in (record.candidate, record.case):
                if person is not None:
                    self._linked_from.setdefault(_link_name(person), set()).add(note.path)

    def _problems(self) -> generate.Problems:
        if self._schemas is None:
            with contextlib.suppress(VaultToolsError):  # lint reports a broken schema file
                self._schemas = load_schemas(self.vault.config)
        planned = self._planned
        return generate.Problems(
            self.vault,
            dict(self._stale),
            self._schemas,
            # A planned log is counted nowhere yet, so nothing lists it as counted in part.
            flagged=(
                {path: r for path, r in self._flagged.items() if path not in planned}
                if planned
                else dict(self._flagged)
            ),
            unreadable=dict(self._unreadable),
            explained=self._explained,
        )

    def _replan(self, today: dt.date) -> bool:
        """Move the logs whose day has come out of :attr:`_planned` into the groups (and the
        other way, should the clock go back); True when any moved."""
        self._day = today
        moved = False
        for path, record in self._records.items():
            if not isinstance(record, Interview):
                continue
            planned = is_planned(record, today)
            if planned == (path in self._planned):
                continue
            moved = True
            if planned:
                self._planned[path] = record
                for groups in self._groups:
                    groups.remove(record)
            else:
                del self._planned[path]
                for groups in self._groups:
                    groups.add(record)
            self._mark_changed(record)
        if moved:
            self._hiring = None
        return moved

    def _forget(self, path: str, *, replacing: bool = False) -> None:
        record = self._records.pop(path, None)
        self._explained.pop(path, None)
        self._sources.pop(path, None)
        self._stale.pop(path, None)
        self._flagged.pop(path, None)
        if record is not None and not replacing:
            self._inputs = None
        if record is not None:
            self._mark_changed(record)
        if self._candidates.pop(path, None) is not None:
            self._candidates_in_order = None
        if self._cases.pop(path, None) is not None:
            self._cases_in_order = None
        if isinstance(record, Interview):
            if self._planned.pop(path, None) is None:
                for groups in self._groups:
                    groups.remove(record)
            for person in (record.candidate, record.case):
                if person is not None:
                    linking = self._linked_from.get(_link_name(person))
                    if linking is not None:
                        linking.discard(path)
                        if not linking:
                            del self._linked_from[_link_name(person)]

    def _mark_changed(self, record: Record) -> None:
        if isinstance(record, Candidate):
            self._changed_candidates.add(record.path)
        elif isinstance(record, Interview) and record.candidate is not None:
            self._changed_candidates.add(record.candidate.key)

    def _reread(self, path: str) -> tuple[list[Note], Diagnostic | None]:
        """Read one changed path's record again: (notes before and after, for ``affected``;
        the problem that got the note skipped, if any)."""
        before = self._sources.get(path)
        note = self.vault.notes.get(path)
        problem = unusable(note) if note is not None else None
        if problem is not None and note is not None:
            # Half-written or broken: the last good version keeps counting until it is fixed,
            # and the notes it feeds say so (their inputs are the last good version's).
            if before is None:  # none: the notes it would feed list it as left out
                self._set_unreadable(path, unreadable_hiring_note(self.vault, note))
                return [], problem
            if self._stale.get(path) == problem:
                return [], problem
            self._stale[path] = problem
            self._flagged[path] = self._records[path]
            return [before], problem
        record = read_record(self.vault, note) if note is not None else None
        self._hiring = None
        mistyped = None
        if record is None and note is not None:  # a slip of `type:` is listed as left out
            mistyped = unreadable_hiring_note(self.vault, note)
        self._set_unreadable(path, mistyped)
        if record is None or note is None:
            self._forget(path)
            return [before] if before is not None else [], None
        self._keep(note, record)
        return [n for n in (before, note) if n is not None], None

    def _set_unreadable(self, path: str, now: Unreadable | None) -> None:
        """Keep ``now`` as what makes the note at ``path`` unreadable (None: it is not, or it
        is gone), and remember what changed, for the notes that list it (_shows_any)."""
        before = self._unreadable.get(path)
        if now == before:
            return
        if now is None:
            del self._unreadable[path]
        else:
            self._unreadable[path] = now
        self._unreadable_moved += [u for u in (before, now) if u is not None]

    def _relinked(self, changed: Iterable[str], done: set[str]) -> list[Note]:
        """Interviews whose candidate or case link may resolve elsewhere now that notes with
        these names appeared, vanished or moved: read again (their own text is unchanged)."""
        inputs: list[Note] = []
        names = {name_key(path) for path in changed}
        for name in names:
            for path in sorted(self._linked_from.get(name, ())):
                if path in done:
                    continue
                done.add(path)
                note = self._sources.get(path)
                if note is None:
                    continue
                record = read_record(self.vault, note)
                if record is not None and record != self._records.get(path):
                    self._hiring = None
                    self._keep(note, record)
                    inputs.append(note)
        return inputs

    # ------------------------------------------------------------------ generated notes
    def _regenerate(
        self, changed: list[str], start: float, *, everything: bool = False
    ) -> Regeneration:
        """Bring the generated notes in line with ``changed`` (every one: ``everything``)."""
        changed = list(dict.fromkeys(changed))
        today, previous_day = self.today(), self._rendered_on
        if today != self._day and self._replan(today):
            everything = True  # an interview's day came: every figure may count it now
        new_quarter = previous_day is not None and Quarter.of(today) != Quarter.of(previous_day)
        # A new day: the pipeline's days waiting grew (rewritten only if someone waits).
        new_day = previous_day is not None and today != previous_day
        if not changed and not new_day and not everything:
            return Regeneration(seconds=time.perf_counter() - start)
        self._rendered_on = today
        before = self.hiring
        previous_outputs = {
            o.path.lower(): o
            for o in generate.outputs(self.vault, before, today=previous_day or today)
        }
        inputs: list[Note] = []
        broken: list[Diagnostic] = []
        invalid: list[Diagnostic] = []
        done: set[str] = set()
        problems = self._problems()
        for path in changed:
            done.add(path)
            notes, problem = self._reread(path)
            inputs.extend(notes)
            if problem is not None:
                broken.append(problem)
            elif (note := self.vault.notes.get(path)) is not None:
                invalid += problems.schema_errors(note)[:INVALID_SHOWN]
        relinked = self._relinked(changed, done)
        problems = self._problems()  # with the notes that broke or were relinked just now
        hiring = self.hiring
        wanted: set[str] = set()
        if inputs:
            wanted = generate.affected(
                self.vault, inputs, hiring=hiring, before=before, today=today
            )
        if relinked:  # a link that resolves elsewhere now: what it fed before is not known
            wanted |= generate.affected(self.vault, relinked, hiring=hiring, today=today)
        outputs = {o.path.lower(): o for o in generate.outputs(self.vault, hiring, today=today)}
        if self._renamed_links(changed) or everything:
            wanted |= {o.path for o in outputs.values()}
        wanted |= {o.path for o in outputs.values() if _shows_any(o, self._unreadable_moved)}
        self._unreadable_moved = []
        # A generated note changed by someone else gets its block back.
        wanted |= {outputs[p.lower()].path for p in changed if p.lower() in outputs}
        if new_quarter:  # candidates decided two quarters ago move to their year's note
            wanted |= {
                o.path
                for o in outputs.values()
                if o.block in (generate.CANDIDATE_PIPELINE, generate.CANDIDATE_ARCHIVE)
            }
        elif new_day:
            wanted |= {o.path for o in outputs.values() if o.block == generate.CANDIDATE_PIPELINE}
        read = time.perf_counter()
        self._prune_sections()
        planned: dict[str, dict[str, str]] = {}
        if wanted:
            planned.update(
                generate.plan(
                    self.vault,
                    only=wanted,
                    hiring=hiring,
                    cache=self._sections,
                    today=today,
                    problems=problems,
                    names=self._names,
                )
            )
        # A quarter whose last log moved away keeps its note, which now says so (no note is
        # ever created for a quarter without logs); from then on it is refreshed with every
        # change, as an index run refreshes it (who was still waiting when it began).
        for key, output in previous_outputs.items():
            if key not in outputs:
                self._left[key] = output
        for key, output in list(self._left.items()):
            if key in outputs or self.vault.get(output.path) is None:
                del self._left[key]  # fed again, or deleted by the user
            elif output.path not in planned:
                planned.setdefault(output.path, {})[output.block] = generate.render(
                    output, hiring, self.settings, self._sections, today, problems, self._names
                )
        rendered = time.perf_counter()
        outcomes, cancelled = self._write(planned)
        end = time.perf_counter()
        return Regeneration(
            changed=tuple(changed),
            broken=tuple(broken),
            invalid=tuple(invalid),
            planned=tuple(sorted(planned)),
            outcomes=tuple(outcomes),
            seconds=end - start,
            reading=read - start,
            rendering=rendered - read,
            writing=end - rendered,
            cancelled=cancelled,
        )

    def _renamed_links(self, changed: Iterable[str]) -> bool:
        """Whether, now that ``changed`` appeared, went or moved, a note the generated notes
        link to by its name alone shares that name with another (or no longer does): its links
        are then written otherwise, in every part rendered so far, which are dropped."""
        if not self._names.changed(changed):
            return False
        self._sections.clear()
        return True

    def _prune_sections(self) -> None:
        """Forget the rendered parts once most of them are about notes that are gone.

        Parts are kept per log, candidate, case, panel and quarter, and a renamed or deleted
        note leaves its part behind: a watcher that runs for months would keep them all.
        Live parts number a few per hiring note, so past that bound the cache starts again
        (the next change renders everything once, as at start-up).
        """
        if len(self._sections) > SECTION_CACHE_BOUND * (len(self._records) + 100):
            self._sections.clear()

    def _write(self, planned: Mapping[str, Mapping[str, str]]) -> tuple[list[WriteOutcome], bool]:
        outcomes: list[WriteOutcome] = []
        for path, blocks in sorted(planned.items()):
            with self.write_lock:
                if self._cancelled.is_set():
                    return outcomes, True
                self._writing = path
                try:
                    (outcome,) = generate.apply(self.vault, {path: blocks}, self._layouts)
                    if outcome.written:
                        self._remember_write(outcome.path)
                finally:
                    self._writing = None
            outcomes.append(outcome)
        return outcomes, False

    def _remember_write(self, path: str) -> None:
        try:
            info = os.stat(self.vault.root / path)
        except OSError:
            self._written.pop(path, None)
            return
        self._written[path] = (info.st_size, info.st_mtime_ns)
        self.vault.update(path)  # lean: reads the frontmatter only, however long the note


class _SortedGroups(Generic[Group]):
    """Interview logs grouped by ``group_of`` (None: in no group), each group kept in
    interview_order; a group's tuple is rebuilt only after that group changed, so the cost of
    :meth:`tuples` after a change does not grow with the number of groups."""

    def __init__(self, group_of: Callable[[Interview], Group | None]) -> None:
        self._group_of = group_of
        self._lists: dict[Group, list[Interview]] = {}
        self._tuples: dict[Group, tuple[Interview, ...]] = {}
        self._changed: set[Group] = set()

    def add(self, log: Interview) -> None:
        group = self._group_of(log)
        if group is not None:
            bisect.insort(self._lists.setdefault(group, []), log, key=interview_order)
            self._changed.add(group)

    def remove(self, log: Interview) -> None:
        group = self._group_of(log)
        logs = self._lists.get(group) if group is not None else None
        if not logs:
            return
        index = bisect.bisect_left(logs, interview_order(log), key=interview_order)
        if index < len(logs) and logs[index] is log:
            del logs[index]
        elif log in logs:  # only if interview_order were not a total order: stay correct
            logs.remove(log)
        assert group is not None
        self._changed.add(group)
        if not logs:
            del self._lists[group]

    def tuples(self) -> dict[Group, tuple[Interview, ...]]:
        """Each group's logs; the same dict object from call to call, updated in place."""
        for group in self._changed:
            logs = self._lists.get(group)
            if logs is None:
                self._tuples.pop(group, None)
            else:
                self._tuples[group] = tuple(logs)
        self._changed.clear()
        return self._tuples


def _normalized(path: str) -> str:
    return path.replace("\\", "/").strip("/")


def _link_name(person: Person) -> str:
    """The name of the note a candidate or case link names, as :func:`name_key` gives it for a
    changed path: a link written with the extension (``[[Lena Holm.md]]``) names the note
    ``Lena Holm.md`` that appears later as much as ``[[Lena Holm]]`` does."""
    return name_key(person.name)


def _shows_any(output: generate.Output, unreadable: Iterable[Unreadable]) -> bool:
    """Whether ``output`` lists any of these unreadable notes (see generate._problem_entries:
    a log in the hub and in its quarter's notes, a candidate in the pipeline, a case in the
    case index)."""
    quarter_notes = (generate.INTERVIEW_QUARTER, generate.RETROSPECTIVE)
    shown_by = {"candidate": generate.CANDIDATE_PIPELINE, "case": generate.CASE_INDEX}
    for note in unreadable:
        if note.kind != "interview":
            if output.block == shown_by.get(note.kind):
                return True
        elif output.block == generate.INTERVIEW_INDEX or (
            output.block in quarter_notes and output.quarter == note.quarter
        ):
            return True
    return False
