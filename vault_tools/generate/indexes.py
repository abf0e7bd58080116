"""The index notes: interviews by quarter, cases by role × level, the candidate pipeline.

Pure functions: :class:`~vault_tools.hiring.Hiring` values in, markdown text out. Output is
sorted and holds dates only (never "N days ago"), so regenerating an unchanged vault gives
byte-identical notes.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress
from operator import is_not
from typing import Any, TypeVar, cast

from vault_tools.generate import markup
from vault_tools.generated import (
    CANDIDATE_COLUMNS,
    CASE_COLUMNS,
    INTERVIEW_COLUMNS,
    GenerateSettings,
)
from vault_tools.hiring import (
    LEVELS,
    RECOMMENDATIONS,
    ROLES,
    SCORE_KEYS,
    Candidate,
    Case,
    Hiring,
    Interview,
    Person,
    Progress,
    Quarter,
    progress_of,
)
from vault_tools.stats import median

__all__ = [
    "NUMERIC_COLUMNS",
    "SectionCache",
    "candidate_pipeline",
    "case_index",
    "changed_in_place",
    "date_text",
    "days_waiting",
    "interview_index",
    "level_order",
    "person_link",
    "recommendation_summary",
    "role_order",
]

NUMERIC_COLUMNS = frozenset({*SCORE_KEYS, "interviews", "candidates"})


def role_order(role: str | None) -> tuple[int, str]:
    if role in ROLES:
        return (ROLES.index(role), "")
    return (len(ROLES), (role or "~").casefold())


def level_order(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def person_link(person: Person | None) -> str:
    if person is None:
        return markup.MISSING
    if person.path is None:
        return markup.text(person.name)
    return markup.note_link(person.path, person.name)


def date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else markup.MISSING


def recommendation_summary(recommendations: Sequence[str]) -> str:
    """``"2 yes · 1 no"``, strongest first; a dash when there are none."""
    if not recommendations:
        return markup.MISSING
    counts = Counter(recommendations)
    parts = []
    for recommendation in reversed(RECOMMENDATIONS):
        if counts[recommendation]:
            count = counts[recommendation]
            parts.append(recommendation if count == 1 else f"{count}× {recommendation}")
    return " · ".join(parts)


def _table(
    columns: Sequence[str],
    labels: Mapping[str, str],
    rows: Sequence[Mapping[str, str]],
) -> str:
    headers = [labels[column] for column in columns]
    numeric = [column in NUMERIC_COLUMNS for column in columns]
    return markup.table(headers, [[row[column] for column in columns] for row in rows], numeric)


# ---------------------------------------------------------------------------------- interviews
def _interview_row(log: Interview, hiring: Hiring) -> dict[str, str]:
    author = log.author
    row = {
        "date": date_text(log.date),
        "candidate": person_link(log.candidate),
        "stage": markup.cell(log.stage),
        "role": markup.cell(log.role),
        "level": markup.cell(log.level),
        "interviewer": markup.note_link(log.path, author.name if author else "log"),
        "interviewers": markup.text(", ".join(p.name for p in log.interviewers))
        if log.interviewers
        else markup.MISSING,
        "case": person_link(log.case),
        "recommendation": markup.cell(log.recommendation),
        "convincing": markup.cell(log.convincing),
        "learned_something": markup.cell(log.learned_something),
        "independence": {
            "ok": "yes",
            "violation": "**no**",
            "missing": "?",
            "no debrief": markup.MISSING,
        }[log.independence],
        "log": markup.note_link(log.path, "log"),
    }
    for key in SCORE_KEYS:
        row[key] = markup.cell(log.score(key))
    return row


# key -> (what it was made from, what was made: markdown, or figures for the retrospectives)
SectionCache = dict[object, tuple[object, Any]]


_COUNTED: dict[int, tuple[Sequence[Interview], tuple[int, int, int]]] = {}
# The last logs counted of each quarter, with their counts.
_COUNTED_IN: dict[Quarter | None, tuple[Sequence[Interview], tuple[int, int, int]]] = {}


def quarter_counts(logs: Sequence[Interview]) -> tuple[int, int, int]:
    """(logs, interviews, candidates) of one quarter: what its line in the hub says.

    Remembered for the last few groups of logs (by identity: the watcher asks of the same
    quarter before and after each change, and the one before was the one after last time),
    and for the last group of each quarter: logs that changed in place without changing
    their interview or candidate (a score, a recommendation) leave the counts as they were."""
    known = _COUNTED.get(id(logs))
    if known is not None and known[0] is logs:
        return known[1]
    quarter = logs[0].quarter if logs else None
    last = _COUNTED_IN.get(quarter)
    changed = changed_in_place(last[0], logs) if last is not None else None
    if (
        last is not None
        and changed is not None
        and all(_counted(a) == _counted(b) for a, b in changed)
    ):
        counts = last[1]
    else:
        events = {log.event_key for log in logs}
        people = {log.candidate.key for log in logs if log.candidate}
        counts = (len(logs), len(events), len(people))
    if len(_COUNTED) >= 16:
        _COUNTED.clear()
    _COUNTED[id(logs)] = (logs, counts)  # the logs are kept, so their id is not reused
    _COUNTED_IN[quarter] = (logs, counts)
    return counts


def _counted(log: Interview) -> tuple[object, ...]:
    return (log.event_key, log.candidate.key if log.candidate else None)


_Kept = TypeVar("_Kept", Interview, Progress)


def changed_in_place(
    before: Sequence[_Kept], now: Sequence[_Kept]
) -> list[tuple[_Kept, _Kept]] | None:
    """The records of ``now`` that are not the same objects as in ``before`` (logs in
    interview order, or candidates' Progress in the order of names), as (before, now) pairs;
    None when one came, went or moved in the order (its place holds another one now)."""
    if before is now:
        return []
    if len(before) != len(now):
        return None
    # Several parts ask of the same two (everyone's standings, before and after a change).
    asked = _CHANGED.get((id(before), id(now)))
    if asked is not None and asked[0] is before and asked[1] is now:
        return asked[2]
    changed = [(before[i], now[i]) for i in moved_in_place(before, now)]
    answer = None if any(_identity(a) != _identity(b) for a, b in changed) else changed
    if len(_CHANGED) >= 8:
        _CHANGED.pop(next(iter(_CHANGED)))
    _CHANGED[id(before), id(now)] = (before, now, answer)  # kept: their ids are not reused
    return answer


_CHANGED: dict[
    tuple[int, int], tuple[Sequence[Any], Sequence[Any], list[tuple[Any, Any]] | None]
] = {}


def moved_in_place(before: Sequence[object], now: Sequence[object]) -> list[int]:
    """The places at which two sequences of the same length hold different objects: compared
    at C speed (thousands of logs or candidates, of which a change replaces one or two)."""
    return list(compress(range(len(now)), map(is_not, before, now)))


def _identity(record: Interview | Progress) -> str:
    return record.path if isinstance(record, Interview) else record.person.key


_HUB_TABLE = (
    ("quarter", "Quarter"),
    ("logs", "Logs"),
    ("interviews", "Interviews"),
    ("candidates", "Candidates"),
    ("retrospective", "Retrospective"),
)
_HUB_COLUMNS = tuple(column for column, _ in _HUB_TABLE)


def _hub_row(
    quarter: Quarter, logs: Sequence[Interview], settings: GenerateSettings
) -> dict[str, str]:
    count_logs, count_events, count_people = quarter_counts(logs)
    return {
        "quarter": markup.wikilink(settings.interview_quarter(quarter), str(quarter)),
        "logs": str(count_logs),
        "interviews": str(count_events),
        "candidates": str(count_people),
        "retrospective": markup.wikilink(settings.retrospective(quarter), "retrospective"),
    }


def interview_index(
    hiring: Hiring, settings: GenerateSettings, cache: SectionCache | None = None
) -> str:
    """The hub of the interview notes: one line per quarter, newest first, each linking the
    note of that quarter's rows (:func:`interview_quarter`) and its retrospective; then the
    logs without a date, which belong to no quarter.

    Its size grows by one line a quarter, so a changed log rewrites it only when a count
    changed. ``cache``: a dict the caller keeps between calls (the watcher); a part is
    rendered again only when what it was made from (the same record objects) changed.
    """
    index = settings.index("interviews")
    columns = index.columns if index else ()
    out = [
        "Interview logs by quarter, newest first: each quarter's note has one row per log "
        "(one interviewer's notes on one interview), newest first."
    ]
    if not hiring.interviews:
        out.append("No interview logs yet (notes with `type: interview`).")
    quarters = sorted(hiring.quarters(), reverse=True)
    if quarters:
        lines = [
            _row_line(
                cache,
                ("hub-row", quarter),
                (settings, hiring.interviews_in(quarter)),
                partial(_hub_row, quarter, hiring.interviews_in(quarter), settings),
                _HUB_COLUMNS,
            )
            for quarter in quarters
        ]
        headers = [label for _, label in _HUB_TABLE]
        numeric = [column in NUMERIC_COLUMNS or column == "logs" for column in _HUB_COLUMNS]
        out.append("\n".join([markup.table(headers, [], numeric), *lines]))
    undated = hiring.undated_interviews
    if undated:
        out.append("## Without a date")
        out.append(
            "These logs have no readable `date`, so no quarter; `vault-tools lint` says why."
        )
        out.append(_interview_table(tuple(reversed(undated)), hiring, columns, cache))
    return "\n\n".join(out)


def interview_quarter(
    hiring: Hiring,
    settings: GenerateSettings,
    quarter: Quarter,
    cache: SectionCache | None = None,
) -> str:
    """One quarter's interview logs, one row each, newest first, under its counts and a link
    to its retrospective and the hub. A quarter whose logs all left (a date was fixed) says
    so: its note is kept, with whatever the user wrote in it."""
    index = settings.index("interviews")
    columns = index.columns if index else ()
    hub = markup.wikilink(index.path, "all quarters", in_table=False) if index else ""
    logs = hiring.interviews_in(quarter)
    if not logs:
        return (
            f"No interview held in {quarter} any more (the logs' dates moved to another quarter "
            f"or after today, or the logs were removed). {hub}"
        ).rstrip()
    count_logs, count_events, count_people = quarter_counts(logs)
    retrospective = markup.wikilink(
        settings.retrospective(quarter), "retrospective", in_table=False
    )
    out = [
        "One row per interview log (one interviewer's notes on one interview; the "
        "interviewer's name opens the log), newest first. Scores are 1–4, a dash means not "
        "assessed.",
        f"{markup.plural(count_logs, 'log')} of {markup.plural(count_events, 'interview')} "
        f"with {markup.plural(count_people, 'candidate')} · {retrospective} · {hub}",
    ]
    # Newest first: the reverse of the order the logs are kept in (date, candidate, stage).
    out.append(_interview_table(tuple(reversed(logs)), hiring, columns, cache, quarter))
    return "\n\n".join(out)


def _interview_table(
    logs: Sequence[Interview],
    hiring: Hiring,
    columns: Sequence[str],
    cache: SectionCache | None,
    quarter: Quarter | None = None,
) -> str:
    """The table of ``logs``, one row each. A row reads its log only: after one log changed,
    the other rows are reused; with ``quarter`` (the table of its note), the lines of the
    table are kept too, and only the lines of the logs that are not the same objects as last
    time (each in its place) are looked at."""
    columns = tuple(columns)

    def line(log: Interview) -> str:
        return _row_line(
            cache,
            ("interview-row", log.path),
            (columns, log),
            partial(_interview_row, log, hiring),
            columns,
        )

    kept = (
        cache.get(("interview-table", quarter))
        if cache is not None and quarter is not None
        else None
    )
    lines: list[str] | None = None
    if kept is not None and kept[0] == (columns, len(logs)):
        old_logs, old_lines = cast(tuple[Sequence[Interview], list[str]], kept[1])
        changed = moved_in_place(old_logs, logs)
        if all(old_logs[i].path == logs[i].path for i in changed):
            lines = list(old_lines)
            for i in changed:
                lines[i] = line(logs[i])
    if lines is None:
        lines = [line(log) for log in logs]
    if cache is not None and quarter is not None:
        cache["interview-table", quarter] = ((columns, len(logs)), (logs, lines))
    return _cached_table(columns, INTERVIEW_COLUMNS, lines)


# ---------------------------------------------------------------------------------- cases
def _median_cell(values: Sequence[int]) -> str:
    if not values:
        return markup.MISSING
    return f"{markup.number(median(values))} (n={len(values)})"


def _case_row(case: Case | None, person: Person, logs: Sequence[Interview]) -> dict[str, str]:
    events = {log.event_key for log in logs}
    people = {log.candidate.key for log in logs if log.candidate}
    last = max((log.date for log in logs if log.date), default=None)
    row = {
        "case": person_link(person),
        "role": markup.cell(case.role if case else None),
        "level": markup.cell(case.level if case else None),
        "status": markup.cell(case.status if case else "no case note"),
        "interviews": str(len(events)),
        "candidates": str(len(people)),
        "last_used": date_text(last),
        "recommendations": recommendation_summary(
            [log.recommendation for log in logs if log.recommendation]
        ),
    }
    for key in SCORE_KEYS:
        scores = [score for log in logs if (score := log.score(key)) is not None]
        row[key] = _median_cell(scores)
    return row


def _row_line(
    cache: SectionCache | None,
    key: object,
    source: tuple[object, ...],
    make: Callable[[], Mapping[str, str]],
    columns: Sequence[str],
) -> str:
    """One table line (as :func:`markup.table` writes it) from ``make()``'s row, or the line
    rendered before for ``key`` when ``source`` is what it was rendered from: the columns by
    equality, every other part (frozen records, tuples or lists of them) by identity."""
    if cache is not None:
        cached = cache.get(key)
        if cached is not None and _same_source(cached[0], source):
            line: str = cached[1]
            return line
    row = make()
    line = "| " + " | ".join([row[column] for column in columns]) + " |"
    if cache is not None:
        cache[key] = (source, line)
    return line


def _same_source(cached: object, now: tuple[object, ...]) -> bool:
    assert isinstance(cached, tuple)
    if len(cached) != len(now) or cached[0] != now[0]:
        return False
    for old, new in zip(cached[1:], now[1:], strict=True):
        if old is new:
            continue
        if not (isinstance(old, list | tuple) and isinstance(new, list | tuple)):
            return False
        if len(old) != len(new) or not all(a is b for a, b in zip(old, new, strict=True)):
            return False
    return True


def _cached_table(columns: Sequence[str], labels: Mapping[str, str], lines: Sequence[str]) -> str:
    """:func:`_table` from lines made by :func:`_row_line` (the same text)."""
    head = _table(columns, labels, [])
    return "\n".join([head, *lines])


# A cell of the ready-cases matrix links its cases up to this many; past it, their number (a
# vault with 1,200 ready cases made the matrix a quarter of the case index, ~100 KB rewritten
# with every case interview, and a cell of 130 links is no way to choose one).
READY_LINKS_AT_MOST = 3


def case_index(
    hiring: Hiring, settings: GenerateSettings, cache: SectionCache | None = None
) -> str:
    """Cases by role × level: status, how often used, and the median scores given on them.

    ``cache``: as for :func:`interview_index`; a case's row is rendered again only when its
    case note or the logs that used it (the same record objects, in order) changed.
    """
    index = settings.index("cases")
    columns = tuple(index.columns) if index else ()
    uses = hiring.interviews_by_case
    cases = _remembered(cache, "cases in order", hiring.cases, partial(_cases_in_order, hiring))
    out = [
        "Each case with how often it was used in a case interview and the median scores "
        "interviewers gave on it (n = scored logs). Medians of a few logs say more about the "
        "candidates who happened to get the case than about the case."
    ]

    def line(case: Case) -> str:
        return _row_line(
            cache,
            ("case-row", case.path),
            (columns, case, uses.get(case.path, ())),
            partial(
                _case_row, case, Person(case.path, case.name, case.path), uses.get(case.path, ())
            ),
            columns,
        )

    # A row reads its case and the logs that used it: with the cases as they were, only the
    # rows of cases whose logs are not the same tuple as last time are looked at.
    used = [uses.get(case.path, ()) for case in cases]
    kept = cache.get("case-table") if cache is not None else None
    rows: list[str] | None = None
    if kept is not None and kept[0] == columns:
        old_cases, old_used, old_rows = cast(
            tuple[list[Case], list[tuple[Interview, ...]], list[str]], kept[1]
        )
        if old_cases is cases:
            rows = [
                old if logs is before else line(case)
                for case, logs, before, old in zip(cases, used, old_used, old_rows, strict=True)
            ]
    if rows is None:
        rows = [line(case) for case in cases]
    if cache is not None:
        cache["case-table"] = (columns, (cases, used, rows))
    out.append("## Cases")
    out.append(
        _cached_table(columns, CASE_COLUMNS, rows) if rows else "No case notes yet (`type: case`)."
    )
    out.append("## Ready cases by role × level")
    out.append(
        "Where a cell says *none*, a candidate for that role and level has no ready case. A cell "
        f"with more than {READY_LINKS_AT_MOST} ready cases gives their number: they are in the "
        "table above, in role and level order."
    )
    out.append(_remembered(cache, "ready cases", cases, partial(_ready_matrix, cases)))
    orphans = sorted(
        (key for key in uses if key not in hiring.cases),
        key=lambda key: _case_of(uses[key]).name.casefold(),
    )
    if orphans:
        out.append("## Used but without a case note")
        out.append("Interview logs link these as their case, but no `type: case` note matches.")
        orphan_rows = [
            _row_line(
                cache,
                ("orphan-case-row", key),
                (columns, _case_of(uses[key]), uses[key]),
                partial(_case_row, None, _case_of(uses[key]), uses[key]),
                columns,
            )
            for key in orphans
        ]
        out.append(_cached_table(columns, CASE_COLUMNS, orphan_rows))
    return "\n\n".join(out)


def _case_of(logs: Sequence[Interview]) -> Person:
    """The case the logs grouped under it used (every log of the group links it)."""
    case = logs[0].case
    assert case is not None
    return case


_Made = TypeVar("_Made")


def _remembered(
    cache: SectionCache | None, key: str, source: object, make: Callable[[], _Made]
) -> _Made:
    """``make()``, or what it made last time for ``key`` when ``source`` is the same object."""
    if cache is None:
        return make()
    kept = cache.get(key)
    if kept is not None and cast(tuple[object], kept[0])[0] is source:
        made: _Made = kept[1]
        return made
    made = make()
    cache[key] = ((source,), made)  # the source is kept, so its id is not reused
    return made


def _cases_in_order(hiring: Hiring) -> list[Case]:
    return sorted(
        hiring.cases.values(),
        key=lambda case: (role_order(case.role), level_order(case.level), case.name.casefold()),
    )


def _ready_matrix(cases: Sequence[Case]) -> str:
    """Which ready cases each role × level has (linked, or counted past a few)."""
    matrix_rows = []
    roles = sorted({*ROLES, *(case.role for case in cases if case.role)}, key=role_order)
    ready_by_cell: dict[tuple[str | None, str | None], list[Case]] = {}
    for case in cases:
        if case.status == "ready":
            ready_by_cell.setdefault((case.role, case.level), []).append(case)
    for role in roles:
        cells = [markup.text(role)]
        for level in LEVELS:
            ready = ready_by_cell.get((role, level), [])
            if len(ready) > READY_LINKS_AT_MOST:
                cells.append(f"{len(ready)} ready")
            else:
                cells.append(
                    ", ".join(person_link(Person(c.path, c.name, c.path)) for c in ready)
                    or "*none*"
                )
        matrix_rows.append(cells)
    return markup.table(["Role", *LEVELS], matrix_rows)


# ---------------------------------------------------------------------------------- candidates
def _outcome(record: Candidate | None) -> str:
    if record is None or record.decision != "hired":
        return markup.MISSING
    parts = []
    if record.probation_passed is not None:
        parts.append("probation passed" if record.probation_passed else "probation not passed")
    if record.performance_6m is not None:
        parts.append(f"6 m: {record.performance_6m}/5")
    if record.performance_12m is not None:
        parts.append(f"12 m: {record.performance_12m}/5")
    return ", ".join(parts) or markup.MISSING


def _candidate_row(progress: Progress) -> dict[str, str]:
    record = progress.record
    waiting = (
        f"{progress.waiting_for} since {date_text(progress.waiting_since)}"
        if progress.waiting_for
        else markup.MISSING
    )
    return {
        "candidate": person_link(progress.person),
        "role": markup.cell(record.role if record else _first(progress, lambda log: log.role)),
        "level": markup.cell(record.level if record else _first(progress, lambda log: log.level)),
        "first_contact": date_text(record.first_contact if record else None),
        "stages": " → ".join(progress.stages) or markup.MISSING,
        "last_interview": date_text(progress.last_interview),
        "recommendations": recommendation_summary(progress.latest_recommendations),
        "decision": markup.cell(_decision_label(progress) if record else "no candidate note"),
        "decision_date": date_text(record.decision_date if record else None),
        "notified": date_text(record.notified if record else None),
        "waiting": waiting,
        "outcome": _outcome(record),
    }


def _first(progress: Progress, read: Callable[[Interview], str | None]) -> str | None:
    return next((value for log in progress.logs if (value := read(log))), None)


def _activity(progress: Progress) -> dt.date:
    record = progress.record
    dates = [
        progress.last_interview,
        record.first_contact if record else None,
        record.decision_date if record else None,
    ]
    return max((day for day in dates if day is not None), default=dt.date.min)


_WAITING_TABLE = (
    ("candidate", "Candidate"),
    ("role", "Role"),
    ("level", "Level"),
    ("stages", "Stages done"),
    ("last_interview", "Last interview"),
    ("waiting_for", "Waiting for"),
    ("since", "Since"),
    ("days", "Days waiting"),
)
_WAITING_COLUMNS = tuple(column for column, _ in _WAITING_TABLE)


def days_waiting(progress: Progress, today: dt.date) -> int | None:
    """Whole days from ``waiting_since`` to ``today`` (None: no day to count from)."""
    since = progress.waiting_since
    return max(0, (today - since).days) if since is not None else None


def _waiting_row(p: Progress, today: dt.date, reply_within_days: int) -> dict[str, str]:
    days = days_waiting(p, today)
    late = days is not None and days > reply_within_days
    candidate = person_link(p.person)
    return {
        "candidate": f"**{candidate}**" if late else candidate,
        "days": f"**{days}**" if late else markup.cell(days),
        # As the candidate's row below: from the logs when there is no candidate note.
        "role": markup.cell(p.record.role if p.record else _first(p, lambda log: log.role)),
        "level": markup.cell(p.record.level if p.record else _first(p, lambda log: log.level)),
        "stages": " → ".join(p.stages) or markup.MISSING,
        "last_interview": date_text(p.last_interview),
        "waiting_for": markup.text(p.waiting_for or ""),
        "since": date_text(p.waiting_since),
    }


# A decision that ends the process: the candidate leaves the pipeline two quarters later
# (once told). An offer is still open until the candidate answers it (`offer_outcome`) or
# the decision becomes hired or withdrew.
CLOSED_DECISIONS = frozenset({"rejected", "withdrew", "hired"})


def _closed(record: Candidate) -> bool:
    return record.decision in CLOSED_DECISIONS or (
        record.decision == "offer" and record.offer_outcome is not None
    )


def _decision_label(progress: Progress) -> str:
    """The decision as the pipeline counts it: an answered offer says how it was answered."""
    record = progress.record
    if record is not None and record.decision == "offer" and record.offer_outcome:
        return f"offer {record.offer_outcome}"
    return progress.decision or "no decision"


def recent_since(today: dt.date) -> dt.date:
    """The first day of the quarter before ``today``'s: the pipeline keeps every candidate
    decided on or after it. It moves only when a quarter begins, so the notes do not change
    from one day to the next."""
    quarter = Quarter.of(today)
    if quarter.number == 1:
        return dt.date(quarter.year - 1, 10, 1)
    return Quarter(quarter.year, quarter.number - 1).start


def _decided_on(progress: Progress) -> dt.date | None:
    """When the candidate's process ended, for a closed one: the decision date, or the last
    date known about them when the note has none; None while open or when nothing is dated."""
    record = progress.record
    if record is None or not _closed(record) or progress.waiting_for:
        return None
    day = record.decision_date or _activity(progress)
    return None if day == dt.date.min else day


@dataclass(frozen=True)
class PipelineSplit:
    """Who sits in which year's archive note; everyone else is in the pipeline."""

    since: dt.date
    year_of: Mapping[str, int]  # Person.key -> archive year, for each archived candidate
    by_year: Mapping[int, int]  # archive year -> how many candidates, by year


def _archive_year(progress: Progress | None, since: dt.date) -> int | None:
    day = _decided_on(progress) if progress is not None else None
    return day.year if day is not None and day < since else None


# The last few splits, by Hiring (kept, so that its id is not reused meanwhile), and what the
# watcher said about how each Hiring it built differs from the one before (see follows()).
_SPLITS: dict[tuple[int, dt.date], tuple[Hiring, PipelineSplit]] = {}
_FOLLOWS: dict[int, tuple[Hiring, Hiring, frozenset[str]]] = {}
_KEPT = 4


def follows(hiring: Hiring, previous: Hiring, changed: Collection[str]) -> None:
    """Say that ``hiring`` differs from ``previous`` only in the candidates ``changed``
    (``Person.key``), as the watcher knows: :func:`pipeline_split` then starts from the
    split of ``previous`` instead of going through every candidate again."""
    if len(_FOLLOWS) >= _KEPT:
        _FOLLOWS.pop(next(iter(_FOLLOWS)))
    _FOLLOWS[id(hiring)] = (hiring, previous, frozenset(changed))


def pipeline_split(hiring: Hiring, today: dt.date) -> PipelineSplit:
    """:class:`PipelineSplit` of ``hiring`` on ``today``, computed once per Hiring and
    quarter (every generated note's plan and :func:`~vault_tools.generate.affected` ask)."""
    since = recent_since(today)
    known = _SPLITS.get((id(hiring), since))
    if known is not None and known[0] is hiring:
        return known[1]
    previous = _previous_split(hiring, since)
    if previous is not None:
        split, changed = previous
        year_of, counts = dict(split.year_of), dict(split.by_year)
        by_key = hiring.progress_by_key
        for key in changed:
            old = year_of.pop(key, None)
            if old is not None:
                counts[old] -= 1
            year = _archive_year(by_key.get(key), since)
            if year is not None:
                year_of[key] = year
                counts[year] = counts.get(year, 0) + 1
    else:
        year_of, counts = {}, {}
        for progress in progress_of(hiring):
            year = _archive_year(progress, since)
            if year is not None:
                year_of[progress.person.key] = year
                counts[year] = counts.get(year, 0) + 1
    made = PipelineSplit(
        since, year_of, {year: count for year, count in sorted(counts.items()) if count}
    )
    if len(_SPLITS) >= _KEPT:
        _SPLITS.pop(next(iter(_SPLITS)))
    _SPLITS[(id(hiring), since)] = (hiring, made)
    return made


def _previous_split(hiring: Hiring, since: dt.date) -> tuple[PipelineSplit, frozenset[str]] | None:
    said = _FOLLOWS.get(id(hiring))
    if said is None or said[0] is not hiring:
        return None
    known = _SPLITS.get((id(said[1]), since))
    if known is None or known[0] is not said[1]:
        return None
    return known[1], said[2]


class _Rows:
    """The candidates of one table (those ``member`` keeps), in ``order``, with their lines
    (``line``), and how many of them have each decision label (for the counts under it).

    Kept by the watcher between changes: :meth:`replace` takes out a candidate's Progress
    from before and puts the new one in its place (found by bisection), so a change does not
    sort or look at every candidate again."""

    def __init__(
        self,
        people: Iterable[Progress],
        member: Callable[[Progress], bool],
        order: _Order,
        line: Callable[[Progress], str],
    ) -> None:
        self.order, self.line = order, line
        self.people = sorted((p for p in people if member(p)), key=order)
        self.lines = [line(p) for p in self.people]
        self.labels = Counter(_decision_label(p) for p in self.people)

    def replace(self, old: Progress, new: Progress, member: Callable[[Progress], bool]) -> None:
        """Put ``new`` in place of ``old`` (either may be outside the table: ``member`` says
        for ``new``, as the table keeps them now)."""
        index = bisect.bisect_left(self.people, self.order(old), key=self.order)
        if index < len(self.people) and self.people[index] is old:
            del self.people[index], self.lines[index]
            self.labels[_decision_label(old)] -= 1
        if member(new):
            index = bisect.bisect_left(self.people, self.order(new), key=self.order)
            self.people.insert(index, new)
            self.lines.insert(index, self.line(new))
            self.labels[_decision_label(new)] += 1

    def summary(self, what: str) -> str:
        """:func:`_decision_summary` of the table's candidates."""
        counts = " · ".join(
            f"{count} {name}" for name, count in sorted(self.labels.items()) if count
        )
        return f"{markup.plural(len(self.people), what)}: {counts}."


def _kept_rows(
    cache: SectionCache | None,
    key: object,
    source: object,
    everyone: tuple[Progress, ...],
    tables: Sequence[tuple[Callable[[Progress], bool], _Order, Callable[[Progress], str]]],
) -> list[_Rows]:
    """The :class:`_Rows` of ``everyone`` for each of ``tables`` (member, order, line), or
    those kept for ``key`` (made with the same ``source`` settings) brought up to date with
    the candidates whose Progress is not the same object as then, when every candidate kept
    their place in ``everyone``."""
    kept = cache.pop(key, None) if cache is not None else None
    made: list[_Rows] | None = None
    if kept is not None and kept[0] == source:
        before, made = cast(tuple[tuple[Progress, ...], list[_Rows]], kept[1])
        changed = changed_in_place(before, everyone)
        if changed is None:
            made = None
        else:
            for old, new in changed:
                for rows, (member, _, _) in zip(made, tables, strict=True):
                    rows.replace(old, new, member)
    if made is None:
        made = [_Rows(everyone, member, order, line) for member, order, line in tables]
    if cache is not None:
        cache[key] = (source, (everyone, made))
    return made


_Order = Callable[[Progress], tuple[Any, ...]]


def _by_name(p: Progress) -> tuple[str, str]:
    """The order of progress_of (and the last part of every order of a table's rows: a sort
    of progress_of's candidates keeps this order where the table's order ties)."""
    return (p.person.name.casefold(), p.person.key)


def _by_activity(p: Progress) -> tuple[int, str, str]:
    return (-_activity(p).toordinal(), *_by_name(p))


def _by_wait(p: Progress) -> tuple[dt.date, str, str]:
    return (p.waiting_since or dt.date.max, *_by_name(p))


def _by_decision(p: Progress) -> tuple[int, str, str]:
    return (*_decision_order(p), p.person.key)


def _anyone(p: Progress) -> bool:
    return True


def _no_line(p: Progress) -> str:
    return ""


def _candidate_line(p: Progress, columns: Sequence[str], cache: SectionCache | None) -> str:
    return _row_line(
        cache,
        ("candidate-row", p.person.key),
        (tuple(columns), p),
        partial(_candidate_row, p),
        columns,
    )


def candidate_pipeline(
    hiring: Hiring,
    settings: GenerateSettings,
    cache: SectionCache | None = None,
    today: dt.date | None = None,
) -> str:
    """Who is waiting on us (longest first, days counted up to ``today``; those past
    ``settings.reply_within_days`` in bold and counted in the first line), then every
    candidate still in process or decided
    in this quarter or the last, most recent activity first, and links to the archive notes
    of those decided before (:func:`candidate_archive`).

    ``today`` decides the two quarters (the real date by default). ``cache``: as for
    :func:`interview_index`; a candidate's row is rendered again only when their
    :class:`Progress` is a new object (the watcher keeps unchanged ones).
    """
    index = settings.index("candidates")
    columns = tuple(index.columns) if index else ()
    day = today or dt.date.today()
    split = pipeline_split(hiring, day)
    everyone = progress_of(hiring)
    year_of = split.year_of
    limit = settings.reply_within_days

    def current(p: Progress) -> bool:
        return p.person.key not in year_of

    # A log dated after the day is an interview planned with the candidate: they have heard
    # from us, and wait for that day, not on us (until it has passed).
    planned = frozenset(log.candidate.key for log in hiring.planned if log.candidate)

    def waits(p: Progress) -> bool:
        return bool(p.waiting_for) and current(p) and p.person.key not in planned

    def waiting_line(p: Progress) -> str:
        return _row_line(
            cache,
            ("waiting-row", p.person.key),
            ((_WAITING_COLUMNS, day, limit), p),
            partial(_waiting_row, p, day, limit),
            _WAITING_COLUMNS,
        )

    # Waiting: longest first; no day to count from (a candidate note without first_contact)
    # last. In process and recently decided: most recent activity first.
    in_process, waiting_rows, all_rows = _kept_rows(
        cache,
        "candidate-pipeline",
        (columns, day, limit, split.since, planned),
        everyone,
        [
            (current, _by_activity, partial(_candidate_line, columns=columns, cache=cache)),
            (waits, _by_wait, waiting_line),
            (_anyone, _by_name, _no_line),
        ],
    )
    waiting = waiting_rows.people
    late = sum(1 for p in waiting if (days := days_waiting(p, day)) is not None and days > limit)
    out = [_waiting_summary(len(waiting), late, limit, day), "## Waiting on us"]
    if waiting:
        out.append(
            "Candidates who have not heard from us, longest wait first, in days up to the day "
            f"in the first line; in bold, longer than {markup.plural(limit, 'day')} "
            "(`hiring.reply_within_days`). Rejecting badly (or not at all) is the easiest way "
            "to create bad PR."
        )
        headers = [label for _, label in _WAITING_TABLE]
        numeric = [column == "days" for column in _WAITING_COLUMNS]
        out.append("\n".join([markup.table(headers, [], numeric), *waiting_rows.lines]))
    else:
        out.append(
            "Nobody: every candidate has been told our decision, or has an interview planned."
        )
    if hiring.planned:
        out.append("## Interviews planned")
        out.append(
            "Logs written ahead for interviews that have not happened yet, soonest first: "
            "counted nowhere before their day."
        )
        out.append(_planned_table(hiring.planned))
    out.append("## In process and recently decided")
    out.append(
        # No date in the text: it would change every quarter even when nobody moves.
        "Candidates still in process, and those decided this quarter or the last, most "
        "recent activity first. *Latest recommendations* are the panel's at the candidate's "
        "last interview."
    )
    if in_process.people:
        out.append(_cached_table(columns, CANDIDATE_COLUMNS, in_process.lines))
    elif everyone:
        out.append("Nobody: every candidate was decided before the last quarter.")
    else:
        out.append("No candidates yet (notes with `type: candidate`).")
    if split.by_year:
        links = [
            f"{markup.wikilink(settings.candidate_year(year), str(year), in_table=False)} ({count})"
            for year, count in sorted(split.by_year.items(), reverse=True)
        ]
        out.append("Decided earlier, by year: " + " · ".join(links))
    if everyone:
        out.append(all_rows.summary("candidate"))
    return "\n\n".join(out)


def _planned_table(planned: Sequence[Interview]) -> str:
    """The planned interviews, soonest first: one row per log (the interviewer's name opens
    it)."""
    rows = [
        [
            date_text(log.date),
            person_link(log.candidate),
            markup.cell(log.stage),
            markup.note_link(log.path, log.author.name if log.author else "log"),
        ]
        for log in planned
    ]
    return markup.table(["Date", "Candidate", "Stage", "Interviewer"], rows)


def _waiting_summary(waiting: int, late: int, limit: int, today: dt.date) -> str:
    """The pipeline's first line. It names the day the days were counted to only when someone
    waits: then the note changes once a day (the days grow), and otherwise never by itself."""
    if not waiting:
        return "Nobody is waiting on us."
    text = f"{markup.plural(waiting, 'candidate')} waiting on us"
    if late:
        text = f"**{text}, {late} for longer than {markup.plural(limit, 'day')}**"
    return f"{text} (days counted to {today.isoformat()})."


def _decision_order(progress: Progress) -> tuple[int, str]:
    day = _decided_on(progress) or dt.date.min
    return (-day.toordinal(), progress.person.name.casefold())


def candidate_archive(
    hiring: Hiring,
    settings: GenerateSettings,
    year: int,
    cache: SectionCache | None = None,
    today: dt.date | None = None,
) -> str:
    """The candidates whose process ended in ``year`` before the pipeline's two quarters,
    most recent decision first. A year left with nobody (a decision date was fixed) says so:
    its note is kept, with whatever the user wrote in it."""
    index = settings.index("candidates")
    columns = tuple(index.columns) if index else ()
    pipeline = markup.wikilink(index.path, "candidate pipeline", in_table=False) if index else ""
    split = pipeline_split(hiring, today or dt.date.today())
    year_of = split.year_of

    def decided_in_year(p: Progress) -> bool:
        return year_of.get(p.person.key) == year

    (rows,) = _kept_rows(
        cache,
        ("candidate-archive", year),
        (columns, split.since),
        progress_of(hiring),
        [(decided_in_year, _by_decision, partial(_candidate_line, columns=columns, cache=cache))],
    )
    out = [
        f"Candidates whose process ended in {year} (decided and told), most recent decision "
        f"first. Who is in process, or was decided in the last two quarters, is in the "
        f"{pipeline}."
    ]
    if not rows.people:
        out.append(
            f"Nobody: no candidate's process ended in {year} (a decision or its date changed "
            "since this note was made)."
        )
        return "\n\n".join(out)
    out.append(_cached_table(columns, CANDIDATE_COLUMNS, rows.lines))
    out.append(rows.summary("candidate"))
    return "\n\n".join(out)
