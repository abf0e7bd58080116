"""The index notes: interviews by quarter, cases by role × level, the candidate pipeline.

Pure functions: :class:`~vault_tools.hiring.Hiring` values in, markdown text out. Output is
sorted and holds dates only (never "N days ago"), so regenerating an unchanged vault gives
byte-identical notes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from vault_tools.generate import markup
from vault_tools.generate.settings import (
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
    "date_text",
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
    return markup.wikilink(person.path, person.name)


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
        "interviewer": markup.wikilink(log.path, author.name if author else "log"),
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
        "log": markup.wikilink(log.path, "log"),
    }
    for key in SCORE_KEYS:
        row[key] = markup.cell(log.score(key))
    return row


# key -> (what it was made from, what was made: markdown, or figures for the retrospectives)
SectionCache = dict[object, tuple[object, Any]]


def interview_index(
    hiring: Hiring, settings: GenerateSettings, cache: SectionCache | None = None
) -> str:
    """Every interview log, newest quarter first, one table per quarter.

    ``cache``: a dict the caller keeps between calls (the watcher); a quarter's section is
    rendered again only when its logs (the same record objects, in order) or the settings
    are not what it was last rendered from.
    """
    index = settings.index("interviews")
    columns = index.columns if index else ()
    by_quarter: dict[Quarter | None, Sequence[Interview]] = {
        quarter: hiring.interviews_in(quarter) for quarter in hiring.quarters()
    }
    undated_logs = hiring.undated_interviews
    if undated_logs:
        by_quarter[None] = undated_logs
    out = [
        "One row per interview log (one interviewer's notes on one interview; the "
        "interviewer's name opens the log). Scores are 1–4, a dash means not assessed. "
        "Newest quarter first."
    ]
    if not hiring.interviews:
        out.append("No interview logs yet (notes with `type: interview`).")
    quarters = sorted((q for q in by_quarter if q is not None), reverse=True)
    for quarter in quarters:
        logs = by_quarter[quarter]
        if cache is not None:
            cached = cache.get(quarter)
            if cached is not None and _same(cached[0], (settings, logs)):
                out.append(cached[1])
                continue
        section = _interview_section(quarter, logs, hiring, settings, columns, cache)
        if cache is not None:
            cache[quarter] = ((settings, logs), section)
        out.append(section)
    undated = by_quarter.get(None)
    if undated:
        out.append("## Without a date")
        out.append(
            "These logs have no readable `date`, so no quarter; `vault-tools lint` says why."
        )
        out.append(_interview_table(undated, hiring, columns, cache))
    return "\n\n".join(out)


def _interview_section(
    quarter: Quarter,
    logs: Sequence[Interview],
    hiring: Hiring,
    settings: GenerateSettings,
    columns: Sequence[str],
    cache: SectionCache | None = None,
) -> str:
    events = {log.event_key for log in logs}
    people = {log.candidate.key for log in logs if log.candidate}
    retrospective = markup.wikilink(settings.retrospective(quarter), "retrospective")
    out = [f"## {quarter}"]
    out.append(
        f"{markup.plural(len(logs), 'log')} of {markup.plural(len(events), 'interview')} "
        f"with {markup.plural(len(people), 'candidate')} · {retrospective}"
    )
    out.append(_interview_table(_by_date(logs), hiring, columns, cache))
    return "\n\n".join(out)


def _interview_table(
    logs: Sequence[Interview],
    hiring: Hiring,
    columns: Sequence[str],
    cache: SectionCache | None,
) -> str:
    # A row reads its log only: after one log changed, the other rows are reused.
    lines = [
        _row_line(
            cache,
            ("interview-row", log.path),
            (tuple(columns), log),
            partial(_interview_row, log, hiring),
            columns,
        )
        for log in logs
    ]
    return _cached_table(columns, INTERVIEW_COLUMNS, lines)


def _same(cached: object, now: tuple[GenerateSettings, Sequence[Interview]]) -> bool:
    """The same settings and the same log records, by identity (records are frozen, and a
    changed note gets a new record)."""
    assert isinstance(cached, tuple)
    settings, logs = cached
    if len(logs) != len(now[1]) or settings != now[0]:
        return False
    return logs is now[1] or all(a is b for a, b in zip(logs, now[1], strict=True))


def _by_date(logs: Sequence[Interview]) -> list[Interview]:
    return sorted(
        logs,
        key=lambda log: (
            log.date or dt.date.max,
            log.candidate.name.casefold() if log.candidate else "",
            log.stage_index,
            log.author.name.casefold() if log.author else "",
            log.path,
        ),
    )


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
    cases = sorted(
        hiring.cases.values(),
        key=lambda case: (role_order(case.role), level_order(case.level), case.name.casefold()),
    )
    out = [
        "Each case with how often it was used in a case interview and the median scores "
        "interviewers gave on it (n = scored logs). Medians of a few logs say more about the "
        "candidates who happened to get the case than about the case."
    ]
    rows = [
        _row_line(
            cache,
            ("case-row", case.path),
            (columns, case, uses.get(case.path, ())),
            partial(
                _case_row, case, Person(case.path, case.name, case.path), uses.get(case.path, ())
            ),
            columns,
        )
        for case in cases
    ]
    out.append("## Cases")
    out.append(
        _cached_table(columns, CASE_COLUMNS, rows) if rows else "No case notes yet (`type: case`)."
    )

    out.append("## Ready cases by role × level")
    out.append("Where a cell says *none*, a candidate for that role and level has no ready case.")
    matrix_rows = []
    roles = sorted({*ROLES, *(case.role for case in cases if case.role)}, key=role_order)
    for role in roles:
        cells = [markup.text(role)]
        for level in LEVELS:
            ready = [
                c for c in cases if c.role == role and c.level == level and c.status == "ready"
            ]
            cells.append(
                ", ".join(person_link(Person(c.path, c.name, c.path)) for c in ready) or "*none*"
            )
        matrix_rows.append(cells)
    out.append(markup.table(["Role", *LEVELS], matrix_rows))

    people = {key: logs[0].case for key, logs in uses.items() if logs[0].case is not None}
    orphans = sorted(
        (key for key in people if key not in hiring.cases),
        key=lambda key: people[key].name.casefold(),
    )
    if orphans:
        out.append("## Used but without a case note")
        out.append("Interview logs link these as their case, but no `type: case` note matches.")
        orphan_rows = [
            _row_line(
                cache,
                ("orphan-case-row", key),
                (columns, people[key], uses[key]),
                partial(_case_row, None, people[key], uses[key]),
                columns,
            )
            for key in orphans
        ]
        out.append(_cached_table(columns, CASE_COLUMNS, orphan_rows))
    return "\n\n".join(out)


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
        "decision": markup.cell(record.decision if record else "no candidate note"),
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
)
_WAITING_COLUMNS = tuple(column for column, _ in _WAITING_TABLE)


def _waiting_row(p: Progress) -> dict[str, str]:
    return {
        "candidate": person_link(p.person),
        "role": markup.cell(p.record.role if p.record else None),
        "level": markup.cell(p.record.level if p.record else None),
        "stages": " → ".join(p.stages) or markup.MISSING,
        "last_interview": date_text(p.last_interview),
        "waiting_for": markup.text(p.waiting_for or ""),
        "since": date_text(p.waiting_since),
    }


def candidate_pipeline(
    hiring: Hiring, settings: GenerateSettings, cache: SectionCache | None = None
) -> str:
    """Who is waiting on us (oldest first), then every candidate, most recent activity first.

    ``cache``: as for :func:`interview_index`; a candidate's row is rendered again only when
    their :class:`Progress` is a new object (the watcher keeps unchanged ones).
    """
    index = settings.index("candidates")
    columns = tuple(index.columns) if index else ()
    everyone = progress_of(hiring)
    waiting = sorted(
        (p for p in everyone if p.waiting_for),
        key=lambda p: (p.waiting_since or dt.date.min, p.person.name.casefold()),
    )
    out = ["## Waiting on us"]
    if waiting:
        out.append(
            "Candidates who have not heard from us, oldest first. Rejecting badly (or not at "
            "all) is the easiest way to create bad PR."
        )
        lines = [
            _row_line(
                cache,
                ("waiting-row", p.person.key),
                (_WAITING_COLUMNS, p),
                partial(_waiting_row, p),
                _WAITING_COLUMNS,
            )
            for p in waiting
        ]
        headers = [label for _, label in _WAITING_TABLE]
        out.append("\n".join([markup.table(headers, []), *lines]))
    else:
        out.append("Nobody: every candidate has a decision and has been told.")
    out.append("## All candidates")
    out.append(
        "Most recent activity first. *Latest recommendations* are the panel's at the "
        "candidate's last interview."
    )
    ordered = sorted(everyone, key=lambda p: (-_activity(p).toordinal(), p.person.name.casefold()))
    if ordered:
        lines = [
            _row_line(
                cache,
                ("candidate-row", p.person.key),
                (columns, p),
                partial(_candidate_row, p),
                columns,
            )
            for p in ordered
        ]
        out.append(_cached_table(columns, CANDIDATE_COLUMNS, lines))
    else:
        out.append("No candidates yet (notes with `type: candidate`).")
    by_decision = Counter(p.decision or "no decision" for p in everyone)
    if everyone:
        summary = " · ".join(f"{count} {name}" for name, count in sorted(by_decision.items()))
        out.append(f"{len(everyone)} candidates: {summary}.")
    return "\n\n".join(out)
