"""What a generated note left out or counted only in part, and why: its *problems* section.

:mod:`vault_tools.hiring` reads notes tolerantly: a score of 5 or a recommendation of "stro"
is read as None and the note still counts. That keeps one sloppy note from hiding a quarter,
but a figure then quietly lacks it. Each generated note therefore ends with the notes it
left out of a figure, each with the finding that explains it (path:line, code, message, as
``vault-tools lint`` says it) and a link to the note.

It stays cheap enough for the watcher: which notes are affected is found from the values
already read (a property that is set but was read as None), and only for those few notes is
the schema check run, to name the finding. A note the watcher keeps counting with its last
good version (its frontmatter broke; see generate/incremental.py) is listed as such.

The section is deterministic (groups in a fixed order, notes by path), bounded
(:data:`MAX_LINES`), and empty when nothing is wrong, so a clean vault's notes do not change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import VaultToolsError
from vault_tools.generate import markup
from vault_tools.hiring import HIRING_TYPES, SCORE_KEYS, Candidate, Case, Interview, Quarter
from vault_tools.lint import finish
from vault_tools.note import UNREADABLE, Note, parse_note
from vault_tools.rules.base import Context
from vault_tools.rules.links import REQUIRED_UNRESOLVED, WRONG_NOTE_TYPE
from vault_tools.rules.links import check as links_check
from vault_tools.rules.schema import check as schema_check
from vault_tools.rules.schema import near_type_finding, near_type_of
from vault_tools.schemas import SCHEMA_SUFFIX, SchemaSet, load_schemas
from vault_tools.vault import Vault, is_utf8_name
from vault_tools.writer import UnsafePathError, read_note_bytes

__all__ = [
    "HEADING",
    "MAX_LINES",
    "UNDATED_STAGE",
    "Problems",
    "Unreadable",
    "may_have_entries",
    "render_problems",
    "unreadable_hiring_note",
    "unusable",
]

HEADING = "## Left out or counted in part"
MAX_LINES = 20  # notes listed in one generated note before "and N more"

# What a value that cannot be read costs, by the property it is in. The order is the order
# of the groups in the section.
LEFT_OUT_OF_QUARTERS = "left out of every quarter (no readable date)"
LEFT_OUT_OF_STAGES = "left out of the stages (volume, funnel)"
# The pipeline's word for a log of the first kind: its candidate's stages count it.
UNDATED_STAGE = "counted in its candidate's stages, but on no day (no readable date)"
LEFT_OUT_OF_LEVELS = "left out of role and level"
LEFT_OUT_OF_SCORES = "counted without the scores that cannot be read"
LEFT_OUT_OF_RECOMMENDATIONS = "left out of the recommendations"
LEFT_OUT_OF_INDEPENDENCE = "left out of independence (notes written before the debrief)"
NO_CANDIDATE_NOTE = "counted for a candidate who has no note (the link does not resolve)"
NOT_A_CANDIDATE_NOTE = (
    "counted for a candidate who has no note (the link opens a note that is no candidate note)"
)
CANDIDATE_IN_PART = "counted without a value that cannot be read"
CASE_IN_PART = "counted without a value that cannot be read"
SAME_AUTHOR = (
    "counted as the same interviewer's as another log of the interview (the first name in "
    "`interviewers` is a log's author)"
)
RECASED = (
    "counted as the allowed value it is but for its letters' case (`vault-tools fix` writes it so)"
)
STALE = "still counted with its last good version (the note cannot be read now)"
UNREADABLE_NOTE = "left out: the note's properties cannot be read"
MISTYPED_NOTE = "left out: the `type:` is nearly a hiring type, but not quite"

_LOG_EFFECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (LEFT_OUT_OF_QUARTERS, ("date",)),
    (LEFT_OUT_OF_STAGES, ("stage",)),
    (LEFT_OUT_OF_LEVELS, ("level",)),
    (LEFT_OUT_OF_SCORES, ("scores",)),
    (LEFT_OUT_OF_RECOMMENDATIONS, ("recommendation",)),
    (LEFT_OUT_OF_INDEPENDENCE, ("notes_written", "debrief")),
)
_CANDIDATE_KEYS = (
    "first_contact",
    "source",
    "decision",
    "decision_date",
    "notified",
    "offer_date",
    "offer_outcome",
    "start_date",
    "probation_passed",
    "performance_6m",
    "performance_12m",
)
_CASE_KEYS = ("status", "level")
# The values read as one of a fixed set of words, in any case (`YES` is the recommendation
# yes), which the schemas allow only as written: lint's VT203.
_CHOSEN_KEYS = {
    "interview": ("role", "level", "stage", "recommendation"),
    "candidate": ("role", "level", "decision", "source", "offer_outcome"),
    "case": ("role", "level", "status"),
}
_ORDER = [
    UNREADABLE_NOTE,
    MISTYPED_NOTE,
    *(effect for effect, _ in _LOG_EFFECTS),
    UNDATED_STAGE,
    NO_CANDIDATE_NOTE,
    NOT_A_CANDIDATE_NOTE,
    CANDIDATE_IN_PART,
    SAME_AUTHOR,
    RECASED,
    STALE,
]
_NOUNS = {
    "interview": ("log", "logs"),
    "candidate": ("candidate", "candidates"),
    "case": ("case", "cases"),
}
_KIND_OF: dict[type, str] = {Interview: "interview", Candidate: "candidate", Case: "case"}
_KINDS = {noun: order for order, noun in enumerate(_NOUNS.values())}  # the order of the groups


@dataclass(frozen=True)
class Unreadable:
    """A hiring note whose properties cannot be read (its YAML is broken, or the file cannot
    be read), or whose ``type:`` is a slip of a hiring type, so it is in no figure: what it
    was meant to be (from its folder's type, or the ``type:`` line of its frontmatter), and
    for a log the quarter of its ``date:`` line."""

    path: str
    kind: str  # "interview", "candidate" or "case"
    quarter: Quarter | None
    problem: Diagnostic
    effect: str = UNREADABLE_NOTE  # or MISTYPED_NOTE: read, but its type is a slip


def unusable(note: Note) -> Diagnostic | None:
    """Why a note's properties cannot be used (unreadable file, frontmatter that does not
    parse), as its first such problem; None when they can."""
    unreadable = any(problem.code == UNREADABLE for problem in note.problems)
    if note.frontmatter_valid and not unreadable:
        return None
    errors = [p for p in note.problems if p.severity is Severity.ERROR]
    return min(errors, key=lambda p: (p.line, p.column)) if errors else None


# The lines of a frontmatter that YAML could not read which still say what the note is.
_TYPE_LINE = re.compile(r"(?m)^type:[ \t]*[\"']?(interview|candidate|case)[\"']?[ \t]*(?:#.*)?\r?$")
_DATE_LINE = re.compile(r"(?m)^date:[ \t]*[\"']?(\d{4})-(\d\d)-(\d\d)")


def unreadable_hiring_note(vault: Vault, note: Note) -> Unreadable | None:
    """The note as an :class:`Unreadable` hiring note, when its properties cannot be read and
    its folder's type or its own ``type:`` line says it is an interview, candidate or case
    note, or when its ``type:`` is a slip of one of those (``Interview``, lint's VT216); None
    otherwise (a note that can be read as typed, or that is no hiring note, or one that
    :func:`~vault_tools.hiring.read_record` would not count either: a sync tool's conflict
    copy, a file name that is not UTF-8)."""
    problem = unusable(note)
    if problem is None:
        mistyped = _mistyped_hiring_note(vault, note)  # (None at once for nearly every note)
        if mistyped is None or vault.is_conflict_copy(note.path) or not is_utf8_name(note.path):
            return None
        return mistyped
    if vault.is_conflict_copy(note.path) or not is_utf8_name(note.path):
        return None
    kind = vault.note_type(note)
    head = ""
    if kind is None or kind == "interview":
        try:
            data = read_note_bytes(vault.root, note.path)
        except (OSError, UnsafePathError):
            data = None
        text = data.decode("utf-8", "replace") if data else ""
        end = text.find("\n---", 3) if text.startswith("---") else -1
        head = text[: end if end >= 0 else len(text)]
        if kind is None:
            found = _TYPE_LINE.search(head)
            kind = found.group(1) if found else None
    if kind not in HIRING_TYPES:
        return None
    quarter = None
    if kind == "interview" and (date := _DATE_LINE.search(head)) is not None:
        try:
            quarter = Quarter.of(dt.date(*map(int, date.groups())))
        except ValueError:
            quarter = None
    return Unreadable(note.path, kind, quarter, problem)


def _mistyped_hiring_note(vault: Vault, note: Note) -> Unreadable | None:
    """A note read without a problem whose ``type:`` is a slip of a hiring type (``Interview``,
    lint's VT216): counted nowhere, so listed where it would count."""
    kind = near_type_of(note, _HIRING_TYPE_NAMES)
    if kind is None or vault.note_type(note) in HIRING_TYPES:
        return None  # (typed by its folder, `types.by_folder`: counted, as lint checks it)
    schema_file = vault.root / vault.config.schemas_folder / f"{note.type}{SCHEMA_SUFFIX}"
    if note.type is not None and schema_file.is_file():
        return None  # a type of the vault's own schemas: no slip
    problem = near_type_finding(_positioned(vault, note), (kind,))
    # Listed as lint reports it: not when the vault's config turns VT216 off or ignores it.
    if problem is None or not finish([problem], vault.config):
        return None
    quarter = None
    date = note.properties.get("date")
    if kind == "interview" and isinstance(date, dt.date):
        quarter = Quarter.of(date.date() if isinstance(date, dt.datetime) else date)
    return Unreadable(note.path, kind, quarter, problem, MISTYPED_NOTE)


_HIRING_TYPE_NAMES = tuple(sorted(HIRING_TYPES))


@dataclass(frozen=True)
class Entry:
    """One line of the section: a note, what it cost, and the finding that explains it.

    The finding is named only when the line is shown (at most :data:`MAX_LINES` of them):
    naming it runs the note's schema check."""

    effect: str
    path: str
    noun: tuple[str, str]  # ("log", "logs"), ("candidate", "candidates"), ("case", "cases")
    explain: Callable[[], Diagnostic] = field(compare=False, repr=False)

    @cached_property
    def finding(self) -> Diagnostic:
        return self.explain()


@dataclass
class Problems:
    """The problems of the vault's hiring notes, found on demand and remembered per note.

    ``stale``: notes counted with their last good version, by path, with the finding that
    stops them being read now (the watcher knows them; a full run has none).
    ``flagged``: when the caller keeps them (the watcher, note by note), every hiring record
    that may have entries (:func:`may_have_entries`, and the stale ones), by path: a generated
    note then looks at these few instead of at each of its records.
    ``unreadable``: the hiring notes that cannot be read and have no last good version
    (:func:`unreadable_hiring_note`), when the caller keeps them (the watcher); found from
    the vault's notes otherwise.
    """

    vault: Vault
    stale: Mapping[str, Diagnostic] = field(default_factory=dict)
    schemas: SchemaSet | None = None  # the vault's, when the caller holds them (the watcher)
    flagged: Mapping[str, Interview | Candidate | Case] | None = None
    unreadable: Mapping[str, Unreadable] | None = None
    # The entries made before, by note path and kind, with the record they were made of:
    # kept by the caller between runs (the watcher), so that a note listed in every run is
    # not looked at again, nor read and checked again to name its finding, while its record
    # is the same.
    explained: dict[str, dict[str, tuple[object, tuple[Entry, ...]]]] | None = None
    _context: Context | None = None
    _no_schemas: bool = False
    _found: dict[str, tuple[Entry, ...]] = field(default_factory=dict)

    # ------------------------------------------------------------------ unreadable notes
    def unreadable_of(self, kind: str) -> list[Entry]:
        """An entry for each hiring note of ``kind`` that cannot be read (a log: see
        :meth:`unreadable_logs`)."""
        return [_unreadable_entry(u) for u in self._unreadable().values() if u.kind == kind]

    def unreadable_logs(self, where: Callable[[Quarter | None], bool]) -> list[Entry]:
        """An entry for each interview log that cannot be read, whose ``date:`` line gives a
        quarter for which ``where`` is true (None: no date could be told)."""
        return [
            _unreadable_entry(u)
            for u in self._unreadable().values()
            if u.kind == "interview" and where(u.quarter)
        ]

    def _unreadable(self) -> Mapping[str, Unreadable]:
        if self.unreadable is None:
            vault = self.vault
            found = (unreadable_hiring_note(vault, note) for note in vault.notes.values())
            self.unreadable = {u.path: u for u in found if u is not None}
        return self.unreadable

    # ------------------------------------------------------------------ per note
    def of_log(self, log: Interview, effects: Iterable[str] | None = None) -> list[Entry]:
        wanted = None if effects is None else set(effects)
        return [
            entry
            for entry in self._entries(log)
            if wanted is None or entry.effect in wanted or entry.effect == STALE
        ]

    def of_record(self, record: Candidate | Case) -> list[Entry]:
        return list(self._entries(record))

    def linked_elsewhere(self, log: Interview) -> list[Entry]:
        """The entry of a log whose candidate link opens a note that is no candidate note
        (lint's VT211: a note elsewhere shares the candidate's name): it is counted for a
        candidate without a note, apart from the one it was meant for."""

        def made() -> tuple[Entry, ...]:
            note = self.vault.notes.get(log.path)
            if note is None:
                return ()
            explain = partial(self._link_finding, note, WRONG_NOTE_TYPE)
            return (Entry(NOT_A_CANDIDATE_NOTE, log.path, _noun(log), explain),)

        return list(self._kept(log, "linked elsewhere", made))

    def same_author(self, log: Interview, others: list[Interview]) -> Entry | None:
        """The entry of a log whose author (its first interviewer) is also the author of the
        ``others``, logs of the same interview: a copy, or another interviewer's log with the
        names in another order. The figures count it as that author's."""
        note = self.vault.notes.get(log.path)
        if note is None or log.author is None:
            return None
        author = log.author.name
        names = ", ".join(other.path.rsplit("/", 1)[-1].removesuffix(".md") for other in others)

        def explain() -> Diagnostic:
            positioned = self._with_positions(note)
            value = positioned.properties.get("interviewers")
            at = ("interviewers", 0) if isinstance(value, list) else ("interviewers",)
            line, column = positioned.value_position(*at)
            return Diagnostic(
                note.path,
                line,
                column,
                "",
                Severity.WARNING,
                f"interviewers: {author} is listed first here and in {names}: whose log is it?",
            )

        return Entry(SAME_AUTHOR, log.path, _noun(log), explain)

    def _entries(self, record: Interview | Candidate | Case) -> tuple[Entry, ...]:
        known = self._found.get(record.path)
        if known is not None:
            return known
        found: tuple[Entry, ...]
        if record.path in self.stale:
            noun = _noun(record)
            problem = self.stale[record.path]
            found = (Entry(STALE, record.path, noun, lambda: problem),)
        else:

            def made() -> tuple[Entry, ...]:
                note = self.vault.notes.get(record.path)
                return () if note is None else tuple(self._unread(note, record))

            found = self._kept(record, "values", made)
        self._found[record.path] = found
        return found

    def _kept(
        self,
        record: Interview | Candidate | Case,
        kind: str,
        made: Callable[[], tuple[Entry, ...]],
    ) -> tuple[Entry, ...]:
        """``made()``, or the entries it made for this very record before (:attr:`explained`):
        each names its finding once (:attr:`Entry.finding` is kept with it)."""
        if self.explained is None:
            return made()
        kept = self.explained.setdefault(record.path, {})
        known = kept.get(kind)
        if known is not None and known[0] is record:
            return known[1]
        entries = made()
        kept[kind] = (record, entries)
        return entries

    def _unread(self, note: Note, record: Interview | Candidate | Case) -> Iterable[Entry]:
        """An entry for each effect of a value that is set but was not read, or was read as
        the allowed value it nearly is."""
        properties = note.properties
        noun = _noun(record)
        if isinstance(record, Interview):
            unread = _unread_log_keys(properties, record)
            for effect, keys in _LOG_EFFECTS:
                paths = [path for path in unread if path[0] in keys]
                if paths:
                    yield Entry(effect, note.path, noun, partial(self._finding, note, paths))
            if _no_candidate_note(record):
                yield Entry(NO_CANDIDATE_NOTE, note.path, noun, partial(self._unresolved, note))
            yield from self._recased(note, record)
            return
        effect = CANDIDATE_IN_PART if isinstance(record, Candidate) else CASE_IN_PART
        paths = _unread_record_keys(properties, record)
        if paths:
            yield Entry(effect, note.path, noun, partial(self._finding, note, paths))
        yield from self._recased(note, record)

    def _recased(self, note: Note, record: Interview | Candidate | Case) -> Iterable[Entry]:
        """An entry for values counted as an allowed value written in another case, when the
        schema objects to them as written (a vault's own schema may allow them)."""
        paths = _recased_keys(note.properties, record)
        if not paths:
            return
        note = self._with_positions(note)
        lines = {note.value_position(*path)[0] for path in paths}
        found = next((f for f in self.schema_errors(note) if f.line in lines), None)
        if found is not None:
            yield Entry(RECASED, note.path, _noun(record), lambda: found)

    def _finding(self, note: Note, paths: list[tuple[str, ...]]) -> Diagnostic:
        """The schema's finding on the first of ``paths`` (as lint says it); a plain one when
        the schema does not object (a vault's own schema may allow a value this cannot read)."""
        note = self._with_positions(note)
        lines = {note.value_position(*path)[0] for path in paths}
        lines |= {note.key_positions[path[0]][0] for path in paths if path[0] in note.key_positions}
        for finding in self.schema_errors(note):
            if finding.line in lines:
                return finding
        first = paths[0]
        line, column = note.value_position(*first)
        shown = ".".join(first)
        return Diagnostic(
            note.path, line, column, "", Severity.WARNING, f"{shown}: the value cannot be read"
        )

    def _unresolved(self, note: Note) -> Diagnostic:
        """Lint's finding on a log whose candidate link resolves to no note (VT306)."""
        return self._link_finding(note, REQUIRED_UNRESOLVED)

    def _link_finding(self, note: Note, code: str) -> Diagnostic:
        """Lint's finding ``code`` on the log's candidate link (VT306, VT211)."""
        note = self._with_positions(note)
        context = self._ready_context()
        if context is not None:
            for finding in links_check(note, context):
                if finding.code == code and finding.message.startswith("candidate"):
                    return finding
        line, column = note.value_position("candidate")
        problem = (
            "does not resolve; create the candidate note or fix the link"
            if code == REQUIRED_UNRESOLVED
            else "opens a note that is no candidate note"
        )
        return Diagnostic(
            note.path, line, column, "", Severity.WARNING, f"candidate: the link {problem}"
        )

    def _ready_context(self) -> Context | None:
        """The lint context (the vault and its schemas); None when the schemas cannot load."""
        if self._context is None and not self._no_schemas:
            try:
                schemas = self.schemas or load_schemas(self.vault.config)
            except VaultToolsError:  # a broken schema file: lint says so; plain findings here
                self._no_schemas = True
                return None
            # No did-you-mean (it depends on other notes' names; entries are kept per note).
            self._context = Context(self.vault, schemas, suggest=False)
        return self._context

    def schema_errors(self, note: Note) -> list[Diagnostic]:
        """The note's schema errors (VT2xx), sorted, as ``vault-tools lint`` reports them."""
        note = self._with_positions(note)
        context = self._ready_context()
        if context is None:
            return []
        found = [d for d in schema_check(note, context) if d.severity is Severity.ERROR]
        return sorted(found)

    def _with_positions(self, note: Note) -> Note:
        return _positioned(self.vault, note)


def _positioned(vault: Vault, note: Note) -> Note:
    """``note`` with its properties' lines: a lean vault (the watcher's) drops them, so the
    few notes with a problem are read again in full to name the line."""
    if not vault.lean or note.key_positions:
        return note
    try:
        data = read_note_bytes(vault.root, note.path)
    except (OSError, UnsafePathError):
        return note
    if data is None:
        return note
    return parse_note(note.path, data, size=note.size, mtime_ns=note.mtime_ns)


def _unreadable_entry(note: Unreadable) -> Entry:
    return Entry(note.effect, note.path, _NOUNS[note.kind], lambda: note.problem)


def may_have_entries(note: Note, record: Interview | Candidate | Case) -> bool:
    """Whether the record read from ``note`` has a value that is set but was not read (what
    :class:`Problems` lists); a stale note is listed whatever this says."""
    properties = note.properties
    if _recased_keys(properties, record):
        return True
    if isinstance(record, Interview):
        return bool(_unread_log_keys(properties, record)) or _no_candidate_note(record)
    return bool(_unread_record_keys(properties, record))


def _recased_keys(
    properties: Mapping[str, Any], record: Interview | Candidate | Case
) -> list[tuple[str, ...]]:
    """The properties read as an allowed value they differ from (its case, spaces)."""
    keys = _CHOSEN_KEYS[_KIND_OF[type(record)]]
    return [
        (key,)
        for key in keys
        if isinstance(raw := properties.get(key), str)
        and (value := getattr(record, key)) is not None
        and raw != value
    ]


def _no_candidate_note(log: Interview) -> bool:
    """A log whose candidate link resolves to no note: it is counted for a candidate known by
    the link's name alone (often a typo, which lint reports as VT306)."""
    return log.candidate is not None and log.candidate.path is None


def _noun(record: Interview | Candidate | Case) -> tuple[str, str]:
    return _NOUNS[_KIND_OF[type(record)]]


def _set(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _read(record: Candidate | Case, key: str) -> bool:
    return getattr(record, key, None) is not None


def _unread_record_keys(
    properties: Mapping[str, Any], record: Candidate | Case
) -> list[tuple[str, ...]]:
    """The properties of a candidate or a case that are set but were not read."""
    keys = _CANDIDATE_KEYS if isinstance(record, Candidate) else _CASE_KEYS
    return [(key,) for key in keys if _set(properties.get(key)) and not _read(record, key)]


def _unread_log_keys(properties: Mapping[str, Any], log: Interview) -> list[tuple[str, ...]]:
    """The properties of a log that count but were not read: set to what cannot be read, or
    (for the date and the stage, which every log needs) not set at all."""
    unread: list[tuple[str, ...]] = []
    if log.date is None:
        unread.append(("date",))
    if log.stage is None:
        unread.append(("stage",))
    for key, value in (
        ("level", log.level),
        ("recommendation", log.recommendation),
        ("notes_written", log.notes_written),
        ("debrief", log.debrief),
    ):
        if value is None and _set(properties.get(key)):
            unread.append((key,))
    scores = properties.get("scores")
    if isinstance(scores, dict):
        for key in SCORE_KEYS:
            if key in scores and _set(scores[key]) and key not in log.scores:
                unread.append(("scores", key))
    elif _set(scores):
        unread.append(("scores",))
    return unread


# ---------------------------------------------------------------------------------- markdown
def render_problems(entries: Iterable[Entry]) -> str:
    """The section (empty text when there is nothing to list)."""
    # Grouped by effect and by kind of note: "2 candidates" are two candidates, not a
    # candidate and a log.
    by_effect: dict[tuple[str, tuple[str, str]], dict[str, Entry]] = {}
    for entry in entries:
        by_effect.setdefault((entry.effect, entry.noun), {}).setdefault(entry.path, entry)
    if not by_effect:
        return ""
    lines = [HEADING, ""]
    shown = total = 0
    for effect, noun in sorted(by_effect, key=lambda key: (_ORDER.index(key[0]), _KINDS[key[1]])):
        group = [by_effect[effect, noun][path] for path in sorted(by_effect[effect, noun])]
        total += len(group)
        room = MAX_LINES - shown
        if room <= 0:
            continue
        count = len(group)
        lines.append(f"{count} {noun[0] if count == 1 else noun[1]} {effect}:")
        lines.append("")
        for entry in group[:room]:
            lines.append(f"- {_line(entry)}")
            shown += 1
        lines.append("")
    if total > shown:
        lines.append(f"And {total - shown} more: `vault-tools lint` lists them.")
    return "\n".join(lines).rstrip("\n")


def _line(entry: Entry) -> str:
    finding = entry.finding
    name = entry.path.rsplit("/", 1)[-1]
    name = name[:-3] if name.lower().endswith(".md") else name
    where = markup.text(f"{finding.path}:{finding.line}")
    code = f" {finding.code}" if finding.code else ""
    link = markup.note_link(entry.path, name, in_table=False)
    return f"{link}: {where}{code} {markup.text(finding.message)}"
