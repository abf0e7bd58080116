"""The hiring domain read from the vault: interview logs, candidates, cases, and quarters.

:func:`load_hiring` turns typed notes into plain values. It is tolerant by design: a value
that does not fit (a score of 7, a date that is not a date, a recommendation of "maybe") is
read as None and the note is still used — reporting such values is the linter's job, and one
sloppy note must not hide the rest of the quarter. Nothing here raises on note content.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from vault_tools.errors import VaultToolsError
from vault_tools.markdown import sections
from vault_tools.note import Note, read_date, read_moment
from vault_tools.people import link_target, person_name
from vault_tools.vault import Vault, is_utf8_name

__all__ = [
    "CASE_CRITERIA",
    "CASE_STATUSES",
    "DECISIONS",
    "FINAL_DECISIONS",
    "HIRING_TYPES",
    "LEVELS",
    "OFFER_OUTCOMES",
    "PERFORMANCE_RANGE",
    "RECOMMENDATIONS",
    "ROLES",
    "SCORE_KEYS",
    "SCORE_RANGE",
    "SOURCES",
    "STAGES",
    "THEMES",
    "WAITING_DECISION",
    "WAITING_FIRST_INTERVIEW",
    "WAITING_NOTIFICATION",
    "WHY_SECTIONS",
    "Candidate",
    "Case",
    "Hiring",
    "Interview",
    "Person",
    "Progress",
    "Quarter",
    "assemble_hiring",
    "build_hiring",
    "interview_order",
    "is_planned",
    "load_hiring",
    "moment_is_after",
    "progress_of",
    "quarter_of",
    "read_date",
    "read_moment",
    "read_record",
]

STAGES = ("get-to-know", "technical", "case", "final")
ROLES = ("DE", "DS", "MLE")
LEVELS = ("Junior", "Mid", "Senior")
RECOMMENDATIONS = ("strong-no", "no", "yes", "strong-yes")
DECISIONS = ("pending", "advanced", "rejected", "withdrew", "offer", "hired")
SOURCES = ("referral", "inbound", "outbound", "agency", "job-board", "internal", "other")
OFFER_OUTCOMES = ("accepted", "declined")
# The sections a get-to-know log asks for: the consistency figure counts logs with all three.
WHY_SECTIONS = ("Why this role", "Why this industry", "Why this company")
CASE_STATUSES = ("draft", "ready", "retired")
THEMES = ("competence", "creativity", "business_sense")
CASE_CRITERIA = ("technical_depth", "problem_solving", "communication", "experience")
SCORE_KEYS = THEMES + CASE_CRITERIA
SCORE_RANGE = range(1, 5)  # 1–4, anchored, no midpoint
PERFORMANCE_RANGE = range(1, 6)  # 1–5


_Group = TypeVar("_Group")
_QUARTER_RE = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


# ---------------------------------------------------------------------------------- quarters
@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2025-Q3"`` (also ``2025Q3``, ``2025-q3``). ValueError for anything else."""
        match = _QUARTER_RE.fullmatch(text.strip())
        if not match or match.group(1) == "0000":  # dates have no year 0
            raise ValueError(f"{text!r} is not a quarter such as 2025-Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def named(cls, text: str, today: dt.date | None = None) -> Quarter:
        """:meth:`parse`, and also ``"current"`` (the quarter of ``today``, by default the
        real today) and ``"previous"`` (the one before it). ValueError for anything else."""
        word = text.strip().casefold()
        if word not in ("current", "previous"):
            try:
                return cls.parse(text)
            except ValueError:
                raise ValueError(
                    f"{text!r} is not a quarter such as 2025-Q3, current or previous"
                ) from None
        current = cls.of(today or dt.date.today())
        return current if word == "current" else current.previous()

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The quarter's last day (31 March, 30 June, 30 September or 31 December).

        Not "the next quarter's start minus a day": 9999-Q4 has no next quarter.
        """
        return dt.date(self.year, 3 * self.number, 31 if self.number in (1, 4) else 30)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        """The quarter before (ValueError before 0001-Q1, where dates begin)."""
        if (self.year, self.number) == (1, 1):
            raise ValueError("there is no quarter before 0001-Q1")
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= _as_date(day) <= self.end

    def __str__(self) -> str:
        # Four digits, as the retrospective paths are matched: a note made for a mistyped
        # `0025-09-09` must be found again (and emptied) once the year is fixed.
        return f"{self.year:04d}-Q{self.number}"


def quarter_of(day: dt.date) -> Quarter:
    return Quarter.of(_as_date(day))


# ---------------------------------------------------------------------------------- values
def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _choice(value: Any, choices: Iterable[str]) -> str | None:
    if not isinstance(value, str):
        return None
    wanted = value.strip().casefold()
    return next((choice for choice in choices if choice.casefold() == wanted), None)


def _integer(value: Any, allowed: range) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # `3.0` is the score 3, as the schemas' "integer" takes it
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if value in allowed else None


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def moment_is_after(first: dt.date | dt.datetime, second: dt.date | dt.datetime) -> bool:
    """``first`` is strictly later than ``second``, comparing only what both sides say.

    A date without a time is compared by day (notes "written 2025-08-26" before a debrief at
    2025-08-26T10:00 cannot be shown to be late); an offset on only one side is dropped.
    """
    if not isinstance(first, dt.datetime) or not isinstance(second, dt.datetime):
        return _as_date(first) > _as_date(second)
    if (first.tzinfo is None) != (second.tzinfo is None):
        first, second = first.replace(tzinfo=None), second.replace(tzinfo=None)
    return first > second


# ---------------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Person:
    """Somebody referred to by name or link: a candidate or an interviewer."""

    key: str  # identity: the note's path when the link resolves, else the case-folded name
    name: str  # what to show
    path: str | None  # the note, when there is one


@dataclass(frozen=True)
class Interview:
    """One interview log: one interviewer's notes on one interview.

    The values derived from the fields (author, quarter, event key, independence) are
    cached on first use: every retrospective and index asks them of each log several times,
    and the watcher keeps the same objects from one change to the next.
    """

    path: str
    candidate: Person | None
    role: str | None
    level: str | None
    stage: str | None
    date: dt.date | None
    interviewers: tuple[Person, ...]
    case: Person | None
    scores: Mapping[str, int | None]  # only keys that were written; None = not assessed
    recommendation: str | None
    convincing: bool | None
    learned_something: bool | None
    notes_written: dt.date | dt.datetime | None
    debrief: dt.date | dt.datetime | None
    # Get-to-know logs: are all three WHY_SECTIONS there with something written under them?
    # None for other stages, or when the body could not be read.
    why_sections_filled: bool | None = None
    # No `notes_written` written at all (the SPEC's *unfinished* log: its empty sections,
    # scores and recommendation are no gap yet). A value that cannot be read is written:
    # lint says so (VT206), and the log is checked as finished.
    unfinished: bool = False

    @cached_property
    def author(self) -> Person | None:
        """The interviewer whose scores these are: the first one listed."""
        return self.interviewers[0] if self.interviewers else None

    @cached_property
    def quarter(self) -> Quarter | None:
        return quarter_of(self.date) if self.date else None

    @cached_property
    def stage_index(self) -> int:
        return STAGES.index(self.stage) if self.stage in STAGES else -1

    @cached_property
    def event_key(self) -> tuple[str, str, str]:
        """Logs of the same interview (one per interviewer) share this key."""
        candidate = self.candidate.key if self.candidate else "?" + self.path
        return (candidate, self.stage or "?", self.date.isoformat() if self.date else "?")

    def score(self, key: str) -> int | None:
        return self.scores.get(key)

    @cached_property
    def independence(self) -> str:
        """Were the notes written before the panel talked?

        "ok"; "violation" (written after the debrief); "missing" (cannot tell: a debrief
        without ``notes_written``, or a panel without a ``debrief``); "no debrief" (a
        one-interviewer interview with no debrief: nobody to be influenced by).
        """
        if self.debrief is None:
            return "missing" if len(self.interviewers) > 1 else "no debrief"
        if self.notes_written is None:
            return "missing"
        written, debrief = self.notes_written, self.debrief
        if not isinstance(written, dt.datetime) or not isinstance(debrief, dt.datetime):
            # A day without a time (lint: VT206) tells the order only across different days.
            written_day = written.date() if isinstance(written, dt.datetime) else written
            debrief_day = debrief.date() if isinstance(debrief, dt.datetime) else debrief
            if written_day == debrief_day:
                return "missing"
            return "violation" if written_day > debrief_day else "ok"
        return "violation" if moment_is_after(written, debrief) else "ok"


@dataclass(frozen=True)
class Candidate:
    path: str
    name: str
    role: str | None
    level: str | None
    first_contact: dt.date | None
    decision: str | None
    decision_date: dt.date | None
    notified: dt.date | None
    probation_passed: bool | None
    performance_6m: int | None
    performance_12m: int | None
    source: str | None = None  # a name from the schema's enum, or the user's own (as written)
    offer_date: dt.date | None = None
    offer_outcome: str | None = None  # OFFER_OUTCOMES, or None while the candidate decides
    start_date: dt.date | None = None
    rejection_reason: str | None = None

    @property
    def person(self) -> Person:
        return Person(self.path, self.name, self.path)


@dataclass(frozen=True)
class Case:
    path: str
    name: str
    role: str | None
    level: str | None
    status: str | None


@dataclass(frozen=True)
class Hiring:
    """Everything the generators read, as plain values, sorted deterministically."""

    interviews: tuple[Interview, ...]
    candidates: Mapping[str, Candidate]  # by note path
    cases: Mapping[str, Case]  # by note path
    inputs: frozenset[str] = field(default=frozenset())  # every note path read
    # Logs dated after the day this Hiring was read for (:func:`is_planned`), in interview
    # order: interviews not held yet, in no figure and no group above.
    planned: tuple[Interview, ...] = ()

    def interviews_in(self, quarter: Quarter) -> tuple[Interview, ...]:
        return self._interviews_by_quarter.get(quarter, ())

    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(sorted(self._interviews_by_quarter))

    @cached_property
    def _interviews_by_quarter(self) -> dict[Quarter, tuple[Interview, ...]]:
        # Built once per Hiring: every retrospective, and every generate.outputs() call, asks.
        return _grouped(self.interviews, lambda log: quarter_of(log.date) if log.date else None)

    @cached_property
    def progress(self) -> tuple[Progress, ...]:
        """:func:`progress_of` this Hiring, computed once (each retrospective and the
        pipeline ask for it)."""
        # A Hiring the watcher built from the previous one (assemble_hiring's ``previous``):
        # a candidate whose logs and note are the very same objects keeps its Progress, and
        # when the watcher also said which candidates changed, only theirs is looked at.
        previous: Hiring | None = self.__dict__.pop("_previous", None)
        changed: frozenset[str] | None = self.__dict__.pop("_changed", None)
        if previous is not None and changed is not None:
            progress, by_key = _progress_updated(self, previous, changed)
            self.__dict__["progress_by_key"] = by_key
            return progress
        return _progress_of_everyone(self, previous.progress_by_key if previous else None)

    @cached_property
    def progress_by_key(self) -> dict[str, Progress]:
        """:attr:`progress` by the candidate's key (``Person.key``)."""
        progress = self.progress  # which may have made this already, from the previous one
        made: dict[str, Progress] | None = self.__dict__.get("progress_by_key")
        return made if made is not None else {p.person.key: p for p in progress}

    def interviews_of(self, candidate_key: str) -> tuple[Interview, ...]:
        return self._interviews_by_candidate.get(candidate_key, ())

    @cached_property
    def _interviews_by_candidate(self) -> dict[str, tuple[Interview, ...]]:
        # Built once: progress_of asks for every candidate's logs, and a scan per candidate
        # made the generators quadratic (50k notes: 40 s for `vault-tools index`).
        return _grouped(self.interviews, lambda log: log.candidate.key if log.candidate else None)

    @cached_property
    def undated_interviews(self) -> tuple[Interview, ...]:
        """The logs without a readable date (so in no quarter), in interview order."""
        return tuple(log for log in self.interviews if log.date is None)

    @cached_property
    def interviews_by_case(self) -> dict[str, tuple[Interview, ...]]:
        """The logs that used each case (by the case's ``Person.key``), in interview order."""
        return _grouped(self.interviews, lambda log: log.case.key if log.case else None)

    def candidate(self, person: Person | None) -> Candidate | None:
        if person is None or person.path is None:
            return None
        return self.candidates.get(person.path)


def _grouped(
    logs: Iterable[Interview], group_of: Callable[[Interview], _Group | None]
) -> dict[_Group, tuple[Interview, ...]]:
    """``logs`` by ``group_of`` (None: in no group), each group in the order given."""
    found: dict[_Group, list[Interview]] = {}
    for log in logs:
        group = group_of(log)
        if group is not None:
            found.setdefault(group, []).append(log)
    return {group: tuple(members) for group, members in found.items()}


HIRING_TYPES = frozenset({"interview", "candidate", "case"})


def load_hiring(vault: Vault, today: dt.date | None = None) -> Hiring:
    """Read every interview, candidate and case note of the vault (templates excluded); a
    log dated after ``today`` (the real date by default) is a planned interview."""
    notes = vault.notes
    return build_hiring(
        (
            record
            for path in sorted(notes)
            if (record := read_record(vault, notes[path])) is not None
        ),
        today or dt.date.today(),
    )


def is_planned(log: Interview, today: dt.date) -> bool:
    """A log dated after ``today``: written ahead for an interview that has not happened. It
    is in no figure until its day (the candidate has heard from us, and waits for that day)."""
    return log.date is not None and log.date > today


def read_record(vault: Vault, note: Note) -> Interview | Candidate | Case | None:
    """One note's hiring value: None when it is not an interview, candidate or case note, its
    frontmatter cannot be read, its file name is not UTF-8 (Obsidian cannot open such a
    file, a link to it could not be written in a generated note, and lint reports it as
    VT109), or it is a sync tool's conflict copy (a copy of a log is not a second
    interview; ``index``, ``retro`` and the watcher count the same notes). The watcher calls
    this for the notes that changed."""
    kind = vault.note_type(note)
    if kind not in HIRING_TYPES or not note.frontmatter_valid or not is_utf8_name(note.path):
        return None
    if vault.is_conflict_copy(note.path):
        return None
    if kind == "candidate":
        return _read_candidate(note)
    if kind == "case":
        return _read_case(note)
    return _read_interview(vault, note)


def build_hiring(
    records: Iterable[Interview | Candidate | Case], today: dt.date | None = None
) -> Hiring:
    """A :class:`Hiring` from per-note records, in the order :func:`load_hiring` gives. With
    ``today``, the logs dated after it are :attr:`Hiring.planned` (none without)."""
    candidates: dict[str, Candidate] = {}
    cases: dict[str, Case] = {}
    interviews: list[Interview] = []
    planned: list[Interview] = []
    for record in records:
        if isinstance(record, Interview):
            if today is not None and is_planned(record, today):
                planned.append(record)
            else:
                interviews.append(record)
        elif isinstance(record, Candidate):
            candidates[record.path] = record
        else:
            cases[record.path] = record
    interviews.sort(key=interview_order)
    planned.sort(key=interview_order)
    logs = (log.path for log in (*interviews, *planned))
    inputs = frozenset([*candidates, *cases, *logs])
    return Hiring(
        tuple(interviews),
        dict(sorted(candidates.items())),
        dict(sorted(cases.items())),
        inputs,
        tuple(planned),
    )


def assemble_hiring(
    interviews: tuple[Interview, ...],
    candidates: Mapping[str, Candidate],
    cases: Mapping[str, Case],
    *,
    inputs: frozenset[str],
    by_quarter: Mapping[Quarter, tuple[Interview, ...]],
    by_candidate: Mapping[str, tuple[Interview, ...]],
    by_case: Mapping[str, tuple[Interview, ...]] | None = None,
    undated: tuple[Interview, ...] | None = None,
    previous: Hiring | None = None,
    changed_candidates: Iterable[str] | None = None,
    planned: tuple[Interview, ...] = (),
) -> Hiring:
    """A :class:`Hiring` from parts someone keeps up to date change by change (the watcher),
    its indexes included, so that nothing here is proportional to the number of notes.

    The parts must be what :func:`build_hiring` would make: ``interviews`` and every group
    in :func:`interview_order`, ``candidates`` and ``cases`` in path order, ``inputs`` the
    paths of all three; ``by_quarter``, ``by_candidate``, ``by_case`` and ``undated`` (the
    last two optional) hold the interviews exactly as ``interviews_in``, ``interviews_of``,
    ``interviews_by_case`` and ``undated_interviews`` do. They are used as they are, not copied.
    ``previous``: the Hiring this one follows; candidates whose logs tuple and note are the
    very same objects keep their :class:`Progress` from it (computed only when asked).
    ``changed_candidates``: the keys (``Person.key``) of every candidate whose note or logs
    changed since ``previous`` was built; with it, the others are not even looked at.
    ``planned``: :attr:`Hiring.planned`, in interview order.
    """
    hiring = Hiring(interviews, candidates, cases, inputs, planned)
    # Seed the cached indexes (what the cached_property would compute from `interviews`).
    hiring.__dict__["_interviews_by_quarter"] = by_quarter
    hiring.__dict__["_interviews_by_candidate"] = by_candidate
    if by_case is not None:
        hiring.__dict__["interviews_by_case"] = by_case
    if undated is not None:
        hiring.__dict__["undated_interviews"] = undated
    if previous is not None and "progress" in previous.__dict__:
        # Only one whose progress is known: no chain of old Hirings is kept alive.
        hiring.__dict__["_previous"] = previous
        if changed_candidates is not None:
            hiring.__dict__["_changed"] = frozenset(changed_candidates)
    return hiring


def interview_order(log: Interview) -> tuple[Any, ...]:
    """The sort key of ``Hiring.interviews``: date, candidate, stage, path."""
    return (
        log.date or dt.date.max,
        log.candidate.name.casefold() if log.candidate else "",
        log.stage_index,
        log.path,
    )


def _read_candidate(note: Note) -> Candidate:
    properties = note.properties
    return Candidate(
        path=note.path,
        name=note.name,
        role=_choice(properties.get("role"), ROLES) or _text(properties.get("role")),
        level=_choice(properties.get("level"), LEVELS),
        first_contact=read_date(properties.get("first_contact")),
        decision=_choice(properties.get("decision"), DECISIONS),
        decision_date=read_date(properties.get("decision_date")),
        notified=read_date(properties.get("notified")),
        probation_passed=_boolean(properties.get("probation_passed")),
        performance_6m=_integer(properties.get("performance_6m"), PERFORMANCE_RANGE),
        performance_12m=_integer(properties.get("performance_12m"), PERFORMANCE_RANGE),
        source=_choice(properties.get("source"), SOURCES) or _text(properties.get("source")),
        offer_date=read_date(properties.get("offer_date")),
        offer_outcome=_choice(properties.get("offer_outcome"), OFFER_OUTCOMES),
        start_date=read_date(properties.get("start_date")),
        rejection_reason=_text(properties.get("rejection_reason")),
    )


def _read_case(note: Note) -> Case:
    properties = note.properties
    return Case(
        path=note.path,
        name=note.name,
        role=_choice(properties.get("role"), ROLES) or _text(properties.get("role")),
        level=_choice(properties.get("level"), LEVELS),
        status=_choice(properties.get("status"), CASE_STATUSES),
    )


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _person(vault: Vault, note: Note, value: Any) -> Person | None:
    target = link_target(value)
    if target is None:
        return None
    path, _ = vault.resolve_path(target, note.path)
    if path is not None and path.lower().endswith(".md"):
        linked = vault.notes.get(path)
        name = linked.name if linked is not None else path.rsplit("/", 1)[-1][:-3]
        return Person(path, name, path)
    name = target.rsplit("/", 1)[-1]
    return Person(name.casefold(), name, None)


def _interviewer(value: Any) -> Person | None:
    """Interviewers are identified by the name written (a link's target name when linked)."""
    name = person_name(value)
    return Person(name.casefold(), name, None) if name is not None else None


def _read_interview(vault: Vault, note: Note) -> Interview:
    properties = note.properties
    raw_interviewers = properties.get("interviewers")
    if isinstance(raw_interviewers, str):
        raw_interviewers = [raw_interviewers]
    interviewers: list[Person] = []
    if isinstance(raw_interviewers, list):
        for item in raw_interviewers:
            person = _interviewer(item)
            if person is not None and person.key not in {p.key for p in interviewers}:
                interviewers.append(person)
    raw_scores = properties.get("scores")
    scores: dict[str, int | None] = {}
    if isinstance(raw_scores, dict):
        for key in SCORE_KEYS:
            if key not in raw_scores:
                continue
            raw, value = raw_scores[key], _integer(raw_scores[key], SCORE_RANGE)
            # Empty is "not assessed"; a score lint finds invalid (5, "3") is neither a score
            # nor a deliberate "not assessed": left out until it is fixed.
            if value is not None or raw is None or raw == "":
                scores[key] = value
    candidate = _person(vault, note, properties.get("candidate"))
    case = _person(vault, note, properties.get("case"))
    role = _choice(properties.get("role"), ROLES) or _text(properties.get("role"))
    stage = _choice(properties.get("stage"), STAGES)
    return Interview(
        path=note.path,
        candidate=candidate,
        role=role,
        level=_choice(properties.get("level"), LEVELS),
        stage=stage,
        date=read_date(properties.get("date")),
        interviewers=tuple(interviewers),
        case=case,
        scores=scores,
        recommendation=_choice(properties.get("recommendation"), RECOMMENDATIONS),
        convincing=_boolean(properties.get("convincing")),
        learned_something=_boolean(properties.get("learned_something")),
        notes_written=read_moment(properties.get("notes_written")),
        debrief=read_moment(properties.get("debrief")),
        why_sections_filled=_why_sections_filled(vault, note) if stage == "get-to-know" else None,
        unfinished=properties.get("notes_written") in (None, "", []),
    )


# What does not count as writing under a heading: blank lines, comments, empty list items.
_COMMENT = re.compile(r"%%.*?(?:%%|\Z)|<!--.*?(?:-->|\Z)", re.DOTALL)
_NOT_WRITTEN = re.compile(r"\s*(?:(?:[-*+]|[0-9]+[.)])(?:\s+\[.\])?|>)?\s*")


def _why_sections_filled(vault: Vault, note: Note) -> bool | None:
    """All three :data:`WHY_SECTIONS` present with something written under each. Only
    get-to-know logs are asked (a few per week), and a vault that kept no body (the
    watcher's lean vault) reads this one's again: None when it cannot be read."""
    body = None if vault.lean else note.body  # a lean vault read the frontmatter only
    if body is None:
        try:
            body = note.to_post().content
        except (OSError, ValueError, VaultToolsError):
            return None
    by_heading = {section.heading.text.strip().casefold(): section for section in sections(body)}
    for wanted in WHY_SECTIONS:
        section = by_heading.get(wanted.casefold())
        if section is None:
            return False
        text = _COMMENT.sub("", section.text)
        if all(_NOT_WRITTEN.fullmatch(line) for line in text.splitlines()):
            return False
    return True


# ---------------------------------------------------------------------------------- progress
FINAL_DECISIONS = frozenset({"rejected", "offer", "hired"})
WAITING_DECISION = "a decision"
WAITING_NOTIFICATION = "being told"
WAITING_FIRST_INTERVIEW = "a first interview"


@dataclass(frozen=True)
class Progress:
    """Where one candidate stands: what happened, and whether they are waiting on us."""

    person: Person
    record: Candidate | None  # the candidate note, when there is one
    logs: tuple[Interview, ...]  # every log about them, in date order
    stages: tuple[str, ...]  # stages with at least one log, in stage order
    last_interview: dt.date | None
    latest_recommendations: tuple[str, ...]  # the logs of their last interview, strongest first
    waiting_for: str | None  # WAITING_* or None
    waiting_since: dt.date | None

    @cached_property
    def furthest_stage_index(self) -> int:
        # Asked per quarter by the funnel and the split panels of every retrospective.
        return max((STAGES.index(stage) for stage in self.stages), default=-1)

    @property
    def decision(self) -> str | None:
        return self.record.decision if self.record else None

    @property
    def decided_after_last_interview(self) -> bool:
        """A decision that answers the last interview (not one left over from an earlier stage)."""
        record = self.record
        if record is None or record.decision not in FINAL_DECISIONS | {"advanced"}:
            return False
        if record.decision_date is None:
            return record.decision in FINAL_DECISIONS
        return self.last_interview is None or record.decision_date >= self.last_interview


def progress_of(hiring: Hiring) -> tuple[Progress, ...]:
    """Every candidate with a note or a log, sorted by name."""
    return hiring.progress


def _progress_of_everyone(
    hiring: Hiring, known: Mapping[str, Progress] | None = None
) -> tuple[Progress, ...]:
    people: dict[str, Person] = {}
    for record in hiring.candidates.values():
        people[record.path] = record.person
    for key, logs in hiring._interviews_by_candidate.items():
        people.setdefault(key, logs[0].candidate or Person(key, key, None))
    found = []
    for person in people.values():
        old = known.get(person.key) if known is not None else None
        if (
            old is not None
            and old.person == person
            and old.logs is hiring.interviews_of(person.key)
            and old.record is (hiring.candidates.get(person.path) if person.path else None)
        ):
            found.append(old)
        else:
            found.append(_progress(hiring, person))
    found.sort(key=lambda item: (item.person.name.casefold(), item.person.key))
    return tuple(found)


def _progress_order(progress: Progress) -> tuple[str, str]:
    return (progress.person.name.casefold(), progress.person.key)


def _progress_updated(
    hiring: Hiring, previous: Hiring, changed: frozenset[str]
) -> tuple[tuple[Progress, ...], dict[str, Progress]]:
    """What :func:`_progress_of_everyone` gives, from ``previous``'s and the ``changed``
    candidates only: each changed one leaves the sorted order and comes back (if still there)."""
    found = list(previous.progress)
    by_key = previous.progress_by_key
    in_place: dict[str, Progress] | None = {}  # while every changed one keeps its place
    for key in sorted(changed):
        old = by_key.get(key)
        if old is not None:
            index = bisect.bisect_left(found, _progress_order(old), key=_progress_order)
            assert found[index] is old
            del found[index]
        record = hiring.candidates.get(key)
        logs = hiring.interviews_of(key)
        if record is not None:
            person = record.person
        elif logs:
            person = logs[0].candidate or Person(key, key, None)
        else:
            in_place = None
            continue  # no note and no log any more
        new = _progress(hiring, person)
        bisect.insort(found, new, key=_progress_order)
        if (
            in_place is not None
            and old is not None
            and _progress_order(new) == _progress_order(old)
        ):
            in_place[key] = new
        else:
            in_place = None
    # In the sorted order, as progress_by_key gives it (retrospectives iterate over it): a
    # copy of the previous one when no candidate came, went or moved in that order.
    if in_place is None:
        return tuple(found), {p.person.key: p for p in found}
    return tuple(found), {**by_key, **in_place}


def _progress(hiring: Hiring, person: Person) -> Progress:
    logs = hiring.interviews_of(person.key)
    record = hiring.candidates.get(person.path) if person.path else None
    stages = tuple(stage for stage in STAGES if any(log.stage == stage for log in logs))
    dated = [log for log in logs if log.date is not None]
    last = max((log.date for log in dated if log.date), default=None)
    latest: tuple[str, ...] = ()
    if dated:
        last_log = max(dated, key=lambda log: (log.date or dt.date.min, log.stage_index))
        event = [log for log in dated if log.event_key == last_log.event_key]
        latest = tuple(
            sorted(
                (log.recommendation for log in event if log.recommendation),
                key=lambda rec: -RECOMMENDATIONS.index(rec),
            )
        )
    partial = Progress(person, record, logs, stages, last, latest, None, None)
    waiting_for, since = _waiting(partial)
    return Progress(person, record, logs, stages, last, latest, waiting_for, since)


def _offer_made(record: Candidate) -> bool:
    """An offer made (its date) or answered: the candidate has heard our decision, whether
    or not ``notified`` was written down."""
    return record.decision in ("offer", "hired") and (
        record.offer_date is not None or record.offer_outcome is not None
    )


def _waiting(progress: Progress) -> tuple[str | None, dt.date | None]:
    """What the candidate waits on us for, and since when (a date, so notes do not churn)."""
    record = progress.record
    decision = record.decision if record else None
    if decision == "withdrew":
        return None, None
    if progress.decided_after_last_interview and record is not None:
        if record.notified is None and not _offer_made(record):
            # Deciding is no news to the candidate: they wait since they last heard from us.
            since = progress.last_interview or record.first_contact or record.decision_date
            return WAITING_NOTIFICATION, since
        return None, None
    if progress.last_interview is not None:
        return WAITING_DECISION, progress.last_interview
    if record is not None and decision in (None, "pending"):
        return WAITING_FIRST_INTERVIEW, record.first_contact
    return None, None
