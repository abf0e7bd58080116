"""Generated notes: the index notes and the quarterly retrospectives, planned then applied.

The flow is two pure steps and one writing step::

    hiring = load_hiring(vault)              # notes -> plain values
    planned = plan(vault)                    # {note path: {block name: markdown}}
    outcomes = apply(vault, planned)         # the only step that touches the disk (writer.py)

``vault-tools index`` (and ``vault-tools watch --once``) is ``apply(vault, plan(vault))``.
The watcher regenerates only what a change touches::

    paths = affected(vault, [note_before_change, note_after_change])
    apply(vault, plan(vault, only=paths))

Each generated note declares what it reads (:func:`outputs`): the interview index is a hub
with one line per quarter, and each quarter's logs are in a note of their own; the case index
reads interviews and cases; the pipeline interviews and candidates, for the candidates in
process or decided in the last two quarters, and one archive note per year holds those
decided before; a quarter's retrospective reads that quarter's logs, everything about the
candidates interviewed in it (their later stages, decisions), and every candidate still waiting
on us; the predictive-value note (interview scores against the outcomes of hires, over all
quarters) reads every hire, and each retrospective links it in one line. :func:`affected`
maps changed notes to the generated notes to refresh, and no more: a changed log rewrites its
quarter's note, the hub only when a count changed, and what else shows that log.

Generated notes stay of bounded size however many years of hiring pile up (the largest is
one quarter's rows), so the cost of a change does not grow with them. Which candidates the
pipeline keeps depends on the date: ``today`` (the real date by default) is a parameter of
every function that needs it. Its quarter decides who is kept; the day itself shows only in
the pipeline's days waiting, so that note changes once a day while somebody waits on us, and
no other note changes from one day to the next.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from vault_tools import regions
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.generate import markup
from vault_tools.generate.figures import (
    RetrospectiveFigures,
    next_interviews,
    predictive_value,
    retrospective_figures,
    step_days,
)
from vault_tools.generate.indexes import (
    SectionCache,
    candidate_archive,
    candidate_pipeline,
    case_index,
    interview_index,
    interview_quarter,
    pipeline_split,
    quarter_counts,
)
from vault_tools.generate.markup import LinkNames
from vault_tools.generate.problems import (
    LEFT_OUT_OF_QUARTERS,
    LEFT_OUT_OF_RECOMMENDATIONS,
    LEFT_OUT_OF_SCORES,
    NO_CANDIDATE_NOTE,
    RECASED,
    UNDATED_STAGE,
    Entry,
    Problems,
    render_problems,
)
from vault_tools.generate.retrospective import render_predictive_value, render_retrospective
from vault_tools.generated import GenerateSettings, refusal_for_existing_note
from vault_tools.hiring import (
    HIRING_TYPES,
    Candidate,
    Case,
    Hiring,
    Interview,
    Progress,
    Quarter,
    load_hiring,
    read_date,
)
from vault_tools.lock import VaultLockedError, unless_watched
from vault_tools.note import Note
from vault_tools.vault import Vault
from vault_tools.writer import (
    NOT_UTF8_OUTPUT,
    UnsafePathError,
    WriteOutcome,
    WriteStatus,
    read_note_bytes,
    refused,
    remove_leftover_temporaries,
    write_if_changed,
)

__all__ = [
    "GenerateSettings",
    "IndexRun",
    "LinkNames",
    "Output",
    "Plan",
    "Problems",
    "Retrospective",
    "SectionCache",
    "WrittenNote",
    "affected",
    "apply",
    "compared_with_frozen",
    "frozen_differences",
    "is_frozen",
    "left_without_inputs",
    "outputs",
    "plan",
    "regenerate",
    "retrospective",
    "write_predictive_value",
    "write_retrospective",
]

Plan = dict[str, dict[str, str]]  # note path -> {block name: markdown}

INTERVIEW_INDEX = "interview-index"  # the hub: one line per quarter
INTERVIEW_QUARTER = "interview-quarter"  # one quarter's interview rows
CASE_INDEX = "case-index"
CANDIDATE_PIPELINE = "candidate-pipeline"
CANDIDATE_ARCHIVE = "candidate-archive"  # one year's candidates, decided before the pipeline's
RETROSPECTIVE = "retrospective"
PREDICTIVE_VALUE = "predictive-value"  # over all quarters, linked from every retrospective

_TITLES = {
    INTERVIEW_INDEX: "Interview Index",
    CASE_INDEX: "Case Index",
    CANDIDATE_PIPELINE: "Candidate Pipeline",
}
_COMMANDS = {
    INTERVIEW_INDEX: "vault-tools index",
    CASE_INDEX: "vault-tools index",
    CANDIDATE_PIPELINE: "vault-tools index",
    RETROSPECTIVE: "vault-tools retro",
    PREDICTIVE_VALUE: "vault-tools index",
}
_INDEX_BLOCKS = {
    "interviews": INTERVIEW_INDEX,
    "cases": CASE_INDEX,
    "candidates": CANDIDATE_PIPELINE,
}


@dataclass(frozen=True)
class Output:
    """One generated note: where it goes, its block, and which note types it reads."""

    path: str
    block: str  # the marker name
    reads: frozenset[str]  # note types: "interview", "candidate", "case"
    quarter: Quarter | None = None  # for retrospectives and a quarter's interviews
    year: int | None = None  # for a year's archived candidates


_READS = {
    "interviews": frozenset({"interview"}),
    "cases": frozenset({"interview", "case"}),
    "candidates": frozenset({"interview", "candidate"}),
}


def outputs(
    vault: Vault, hiring: Hiring | None = None, *, today: dt.date | None = None
) -> list[Output]:
    """Every note ``vault-tools index`` maintains: the indexes; for each quarter with at
    least one interview log its interviews and its retrospective (no empty notes for quiet
    quarters); one archive note per year of candidates decided before the last two quarters.

    A vault with no interview, candidate or case note gets no index notes either (a
    notes vault that is not used for hiring is left alone), unless they exist already.
    """
    settings = GenerateSettings.from_config(vault.config)
    hiring = hiring if hiring is not None else load_hiring(vault, today)
    hiring_notes = bool(hiring.interviews or hiring.candidates or hiring.cases)
    found: list[Output] = []
    for index in settings.indexes:
        if not hiring_notes and vault.get(index.path) is None:
            continue
        found.append(Output(index.path, _INDEX_BLOCKS[index.name], _READS[index.name]))
        if index.name == "interviews":
            found.extend(_quarter_output(settings, quarter) for quarter in hiring.quarters())
        elif index.name == "candidates":
            years = pipeline_split(hiring, today or dt.date.today()).by_year
            found.extend(_archive_output(settings, year) for year in years)
    for quarter in hiring.quarters():
        found.append(_retrospective_output(settings, quarter))
    if hiring.quarters() or vault.get(settings.predictive_value_path) is not None:
        found.append(_predictive_output(settings))
    return found


def _predictive_output(settings: GenerateSettings) -> Output:
    return Output(
        settings.predictive_value_path, PREDICTIVE_VALUE, frozenset({"interview", "candidate"})
    )


def _quarter_output(settings: GenerateSettings, quarter: Quarter) -> Output:
    return Output(
        settings.interview_quarter(quarter), INTERVIEW_QUARTER, frozenset({"interview"}), quarter
    )


def _archive_output(settings: GenerateSettings, year: int) -> Output:
    return Output(
        settings.candidate_year(year),
        CANDIDATE_ARCHIVE,
        frozenset({"interview", "candidate"}),
        year=year,
    )


def _retrospective_output(settings: GenerateSettings, quarter: Quarter) -> Output:
    return Output(
        settings.retrospective(quarter),
        RETROSPECTIVE,
        frozenset({"interview", "candidate"}),
        quarter,
    )


def render(
    output: Output,
    hiring: Hiring,
    settings: GenerateSettings,
    cache: SectionCache | None = None,
    today: dt.date | None = None,
    problems: Problems | None = None,
    names: LinkNames | None = None,
) -> str:
    """The markdown of one output's block (pure). ``cache``: parts rendered before, kept by
    the caller between calls (the watcher); the text is the same with or without it.
    ``today``: as for :func:`plan`. ``problems``: the vault's, for the section that lists
    what the note left out or counted only in part (none without it). ``names``: which of
    the vault's notes a link of their name alone opens (links to the others, and every link
    without it, carry the full path)."""
    with markup.names_from(names):
        markdown = _render_figures(output, hiring, settings, cache, today)
        if problems is None:
            return markdown
        return _with_problems(markdown, _problem_entries(output, hiring, problems, today))


def _with_problems(markdown: str, entries: list[Entry]) -> str:
    """The block's markdown, ending with its problems section when there is one."""
    section = render_problems(entries)
    return f"{markdown}\n\n{section}" if section else markdown


def _problem_entries(
    output: Output, hiring: Hiring, problems: Problems, today: dt.date | None
) -> list[Entry]:
    """The notes one output reads that it left out of a figure or counted only in part."""
    found: list[Entry] = []
    # The watcher keeps the few records that may have entries: only those are looked at.
    flagged = problems.flagged
    if output.block == INTERVIEW_INDEX:
        for log in hiring.undated_interviews:
            found += problems.of_log(log, [LEFT_OUT_OF_QUARTERS])
        # A log that cannot be read is listed with its quarter (the date line says which),
        # here when there is no such note.
        quarters = set(hiring.quarters())
        found += problems.unreadable_logs(lambda quarter: quarter not in quarters)
    elif output.block in (INTERVIEW_QUARTER, RETROSPECTIVE):
        assert output.quarter is not None
        quarter = output.quarter
        found += problems.unreadable_logs(lambda at: at == quarter)
        if flagged is None:
            logs: Iterable[Interview] = hiring.interviews_in(quarter)
        else:
            logs = [log for log in _flagged(flagged, Interview) if log.quarter == quarter]
        for log in logs:
            found += [e for e in problems.of_log(log) if e.effect != LEFT_OUT_OF_QUARTERS]
        if output.block == RETROSPECTIVE:
            found += _candidates_interviewed_in(quarter, hiring, problems)
            found += _linked_elsewhere(hiring.interviews_in(quarter), hiring, problems)
            found += _same_author(hiring.interviews_in(quarter), problems)
    elif output.block == CASE_INDEX:
        found += problems.unreadable_of("case")
        cases = hiring.cases.values() if flagged is None else _flagged(flagged, Case)
        for case in cases:
            found += problems.of_record(case)
        # Its medians are of the case interviews' scores.
        logs = hiring.interviews if flagged is None else _flagged(flagged, Interview)
        for log in logs:
            if log.case is not None:
                found += problems.of_log(log, [LEFT_OUT_OF_SCORES])
    elif output.block == PREDICTIVE_VALUE:
        # The hires: their outcomes, and the scores and recommendations of their logs.
        for progress in hiring.progress:
            if progress.decision == "hired" and progress.record is not None:
                found += problems.of_record(progress.record)
                for log in progress.logs:
                    found += problems.of_log(
                        log, [LEFT_OUT_OF_SCORES, LEFT_OUT_OF_RECOMMENDATIONS, RECASED]
                    )
    elif output.block in (CANDIDATE_PIPELINE, CANDIDATE_ARCHIVE):
        if output.block == CANDIDATE_PIPELINE:
            found += problems.unreadable_of("candidate")
            # A log whose candidate has no note shows that candidate here, by name alone.
            logs = hiring.interviews if flagged is None else _flagged(flagged, Interview)
            for log in logs:
                if log.candidate is not None and log.candidate.path is None:
                    found += problems.of_log(log, [NO_CANDIDATE_NOTE])
            found += _linked_elsewhere(hiring.interviews, hiring, problems)
            # Counted in its candidate's stages, with no day: as the hub lists it.
            for log in hiring.undated_interviews:
                found += [
                    dataclasses.replace(entry, effect=UNDATED_STAGE)
                    for entry in problems.of_log(log, [LEFT_OUT_OF_QUARTERS])
                    if entry.effect == LEFT_OUT_OF_QUARTERS
                ]
        year_of = pipeline_split(hiring, today or dt.date.today()).year_of
        records = hiring.candidates.values() if flagged is None else _flagged(flagged, Candidate)
        for record in records:
            if year_of.get(record.path) == output.year:
                found += problems.of_record(record)
    return found


def _linked_elsewhere(logs: Iterable[Interview], hiring: Hiring, problems: Problems) -> list[Entry]:
    """The entries of the ``logs`` whose candidate link opens a note that is no candidate
    note (lint's VT211): the pipeline shows that note as a candidate without a note, beside
    the one the log was meant for."""
    candidates = hiring.candidates
    return [
        entry
        for log in logs
        if log.candidate is not None
        and log.candidate.path is not None
        and log.candidate.path not in candidates
        for entry in problems.linked_elsewhere(log)
    ]


def _same_author(logs: Iterable[Interview], problems: Problems) -> list[Entry]:
    """The entries of logs of one interview (candidate, stage, day) with the same author:
    the calibration and workload figures count them all as that interviewer's."""
    by_author: dict[tuple[tuple[str, str, str], str], list[Interview]] = {}
    for log in logs:
        if log.candidate is not None and log.stage is not None and log.author is not None:
            by_author.setdefault((log.event_key, log.author.key), []).append(log)
    found: list[Entry] = []
    for group in by_author.values():
        for log in group if len(group) > 1 else ():
            entry = problems.same_author(log, [other for other in group if other is not log])
            if entry is not None:
                found.append(entry)
    return found


def _candidates_interviewed_in(quarter: Quarter, hiring: Hiring, problems: Problems) -> list[Entry]:
    """The entries of the candidates (their notes) interviewed in ``quarter``."""
    found: list[Entry] = []
    if problems.flagged is not None:
        for record in _flagged(problems.flagged, Candidate):
            if any(log.quarter == quarter for log in hiring.interviews_of(record.path)):
                found += problems.of_record(record)
        return found
    seen: set[str] = set()
    for log in hiring.interviews_in(quarter):
        interviewed = hiring.candidate(log.candidate)
        if interviewed is not None and interviewed.path not in seen:
            seen.add(interviewed.path)
            found += problems.of_record(interviewed)
    return found


_Kind = TypeVar("_Kind", Interview, Candidate, Case)


def _flagged(flagged: Mapping[str, object], kind: type[_Kind]) -> list[_Kind]:
    return [record for record in flagged.values() if isinstance(record, kind)]


def _render_figures(
    output: Output,
    hiring: Hiring,
    settings: GenerateSettings,
    cache: SectionCache | None,
    today: dt.date | None,
) -> str:
    if output.block == INTERVIEW_INDEX:
        return interview_index(hiring, settings, cache)
    if output.block == CASE_INDEX:
        return case_index(hiring, settings, cache)
    if output.block == CANDIDATE_PIPELINE:
        return candidate_pipeline(hiring, settings, cache, today)
    if output.block == CANDIDATE_ARCHIVE:
        assert output.year is not None
        return candidate_archive(hiring, settings, output.year, cache, today)
    if output.block == PREDICTIVE_VALUE:
        return render_predictive_value(predictive_value(hiring))
    assert output.quarter is not None
    if output.block == INTERVIEW_QUARTER:
        return interview_quarter(hiring, settings, output.quarter, cache)
    return render_retrospective(
        retrospective_figures(hiring, output.quarter, cache), settings.predictive_value_path, cache
    )


def plan(
    vault: Vault,
    only: Collection[str] | None = None,
    *,
    hiring: Hiring | None = None,
    cache: SectionCache | None = None,
    today: dt.date | None = None,
    problems: Problems | None = None,
    names: LinkNames | None = None,
) -> Plan:
    """What every generated note's blocks should hold: ``{path: {block: markdown}}``.

    ``only`` limits the plan to those note paths (as :func:`affected` returns them).
    ``hiring``: the vault's hiring values when the caller holds them already (the watcher
    keeps them up to date note by note); read from the vault otherwise. ``cache``: as for
    :func:`render`. ``today``: the date that decides which candidates the pipeline keeps
    (the real date by default; only its quarter matters). ``problems``: the vault's
    :class:`Problems` when the caller keeps them (the watcher: notes counted with their last
    good version); found from ``vault`` otherwise. ``names``: as for :func:`render`, when
    the caller keeps them (the watcher); asked of ``vault`` otherwise.
    """
    settings = GenerateSettings.from_config(vault.config)
    hiring = hiring if hiring is not None else load_hiring(vault, today)
    today = today or dt.date.today()
    problems = problems if problems is not None else Problems(vault)
    names = names if names is not None else LinkNames(vault, settings.may_be_named)
    wanted = {path.lower() for path in only} if only is not None else None
    result: Plan = {}
    found = outputs(vault, hiring, today=today)
    if wanted is None:
        found += left_without_inputs(vault, settings, found)
    for output in found:
        if wanted is not None and output.path.lower() not in wanted:
            continue
        result.setdefault(output.path, {})[output.block] = render(
            output, hiring, settings, cache, today, problems, names
        )
    return dict(sorted(result.items()))


def left_without_inputs(
    vault: Vault, settings: GenerateSettings, found: list[Output]
) -> list[Output]:
    """Existing notes of a quarter or a year that nothing feeds any more (a mistyped date was
    fixed, a log was moved): refreshed to say so, never deleted (what the user wrote in them
    is theirs). ``found``: the :func:`outputs` of the vault. A full run asks on each run, the
    watcher when it starts, and then follows the last input of one as it leaves."""
    planned = {output.path.lower() for output in found}
    interviews = settings.index("interviews") is not None
    candidates = settings.index("candidates") is not None
    left: list[Output] = []
    for path in vault.notes:
        if path.lower() in planned:
            continue
        quarter = settings.retrospective_quarter(path)
        if quarter is not None:
            left.append(_retrospective_output(settings, Quarter.parse(quarter)))
            continue
        quarter = settings.interview_quarter_of(path) if interviews else None
        if quarter is not None:
            left.append(_quarter_output(settings, Quarter.parse(quarter)))
            continue
        year = settings.candidate_year_of(path) if candidates else None
        if year is not None:
            left.append(_archive_output(settings, year))
    return left


def affected(
    vault: Vault,
    changed: Iterable[Note],
    *,
    hiring: Hiring | None = None,
    before: Hiring | None = None,
    today: dt.date | None = None,
) -> set[str]:
    """Paths of the generated notes whose inputs include any of ``changed``.

    Pass each changed note as it was before the change *and* as it is after (a deleted note:
    only before; a new one: only after), so a note that stops being an interview, or moves to
    another quarter, still refreshes what it used to feed. Notes that are not interviews,
    candidates or cases (the generated notes themselves included) affect nothing, which is
    what keeps the watcher from reacting to its own writes. ``hiring``: as for :func:`plan`.

    A changed interview log refreshes the note of its quarter (before and after), the case
    index when it used a case, and the pipeline or archive note that lists its candidate. With
    ``before`` (the hiring values as they were before the change; the watcher has them) it is
    precise: the hub only when the counts of its quarter changed, the candidate's note only
    when what their row shows changed, and only the retrospectives whose figures can change —
    the quarters of its candidate's logs (before and after), the quarters in which the
    candidate was already waiting on us when that changed, and the predictive-value note only
    for a hire's log. Without ``before``: the hub, the candidate's notes and
    every retrospective from the candidate's first quarter on (and, for a hire, the
    predictive-value note).
    """
    hiring = hiring if hiring is not None else load_hiring(vault, today)
    today = today or dt.date.today()
    everything = outputs(vault, hiring, today=today)
    by_block: dict[str, list[Output]] = {}
    for output in everything:
        by_block.setdefault(output.block, []).append(output)
    paths: set[str] = set()

    def add(block: str, quarters: Collection[Quarter] | None = None) -> None:
        for output in by_block.get(block, ()):
            if quarters is None or output.quarter in quarters:
                paths.add(output.path)

    for note in changed:
        kind = vault.note_type(note)
        if kind not in HIRING_TYPES:
            continue
        if kind == "case":
            add(CASE_INDEX)
            continue
        if kind == "candidate":
            add(CANDIDATE_PIPELINE)  # its counts of decisions are of every candidate
            paths.update(_candidate_notes(vault, note.path, hiring, before, today))
            add(RETROSPECTIVE)  # who is still waiting on us
            add(PREDICTIVE_VALUE)  # the hires' outcomes
            continue
        was = _versions_of_log(vault, note, before) if before is not None else []
        now = _versions_of_log(vault, note, hiring)
        planned = (*before.planned, *hiring.planned) if before is not None else hiring.planned
        if any(note.path == log.path for log in planned):
            add(CANDIDATE_PIPELINE)  # it lists the interviews planned
        logs = [*was, *now]
        if any(
            log.date is None or (log.candidate is not None and log.candidate.path is None)
            for log in logs
        ):
            # It lists the log, by its path and line, as counted for a candidate without a
            # note, or in its candidate's stages without a day.
            add(CANDIDATE_PIPELINE)
        own = {log.quarter for log in logs if log.quarter is not None}
        day = read_date(note.properties.get("date"))
        if day is not None:
            own.add(Quarter.of(day))
        add(INTERVIEW_QUARTER, own)
        if _hub_counts_changed(logs, was, now, own, before, hiring):
            add(INTERVIEW_INDEX)
        if any(log.case is not None for log in logs):
            add(CASE_INDEX)
        keys = {log.candidate.key for log in logs if log.candidate is not None}
        current_key = _candidate_key(vault, note)
        if current_key is not None:
            keys.add(current_key)
        for key in sorted(keys):
            if before is None or _row_of(before, key) != _row_of(hiring, key):
                paths.update(_candidate_notes(vault, key, hiring, before, today))
        if before is not None:
            add(RETROSPECTIVE, _retrospectives_of_log(vault, note, before, hiring))
            if _hire_among(keys, before, hiring):
                add(PREDICTIVE_VALUE)
        else:
            candidate_key = _candidate_key(vault, note) or ""
            quarters = set(own)
            quarters.update(
                log.quarter
                for log in hiring.interviews_of(candidate_key)
                if log.quarter is not None
            )
            record = hiring.candidates.get(candidate_key)
            if record is not None and record.decision == "hired":
                add(PREDICTIVE_VALUE)
            if not quarters:
                add(RETROSPECTIVE)
            else:
                first = min(quarters)
                add(RETROSPECTIVE, {q for q in hiring.quarters() if q >= first})
    return paths


def _versions_of_log(vault: Vault, note: Note, hiring: Hiring) -> list[Interview]:
    """The record of the log at ``note.path`` in ``hiring`` (an index lookup by its
    candidate, not a scan of every log); none when it was not an interview log there."""
    key = _candidate_key(vault, note) or ""
    logs = [log for log in hiring.interviews_of(key) if log.path == note.path]
    if not logs and note.path in hiring.inputs:  # its link resolved elsewhere then
        logs = [log for log in hiring.interviews if log.path == note.path]
    return logs


def _hub_counts_changed(
    logs: list[Interview],
    was: list[Interview],
    now: list[Interview],
    quarters: Collection[Quarter],
    before: Hiring | None,
    after: Hiring,
) -> bool:
    """Whether the hub's line of any of ``quarters`` (or its logs without a date) changed."""
    if before is None or any(log.date is None for log in logs):
        return True
    if [_counted_as(log) for log in was] == [_counted_as(log) for log in now]:
        return False
    return any(
        quarter_counts(before.interviews_in(q)) != quarter_counts(after.interviews_in(q))
        for q in quarters
    )


def _counted_as(log: Interview) -> tuple[object, ...]:
    """What the hub counts of one log: its quarter, its interview, its candidate. When these
    are the same before and after a change, no count can have changed (the common edit: a
    score, a recommendation), and the quarter's logs are not counted again."""
    return (log.quarter, log.event_key, log.candidate.key if log.candidate else None)


def _row_of(hiring: Hiring, key: str) -> tuple[object, ...] | None:
    """What the pipeline or an archive note shows of one candidate (their row, where it
    sorts, the counts under the table)."""
    progress = hiring.progress_by_key.get(key)
    if progress is None:
        return None
    first = progress.logs[0] if progress.logs else None
    return (
        progress.person,
        progress.record,
        progress.stages,
        progress.last_interview,
        progress.latest_recommendations,
        progress.waiting_for,
        progress.waiting_since,
        (first.role, first.level) if progress.record is None and first is not None else None,
    )


def _candidate_notes(
    vault: Vault, key: str, hiring: Hiring, before: Hiring | None, today: dt.date
) -> set[str]:
    """The pipeline or the archive note that lists the candidate ``key``, before and after
    the change (the pipeline and every archive note when how it was before is not known)."""
    settings = GenerateSettings.from_config(vault.config)
    pipeline = settings.index("candidates")
    if pipeline is None:
        return set()
    if before is None:
        years = set(pipeline_split(hiring, today).by_year)
        return {pipeline.path, *(settings.candidate_year(year) for year in years)}
    found = set()
    for version in (before, hiring):
        year = pipeline_split(version, today).year_of.get(key)
        found.add(pipeline.path if year is None else settings.candidate_year(year))
    return found


def _retrospectives_of_log(vault: Vault, note: Note, before: Hiring, after: Hiring) -> set[Quarter]:
    """The quarters whose retrospective can change when this interview log changed (see
    :func:`affected`). A retrospective reads its own quarter's logs, the progress of the
    candidates interviewed in it, who was waiting on us before it began, and the hires."""
    quarters: set[Quarter] = set()
    day = read_date(note.properties.get("date"))
    if day is not None:
        quarters.add(Quarter.of(day))
    current = _candidate_key(vault, note)
    keys = {current}
    for hiring in (before, after):
        # The key its record was read with (a moved note may resolve its link elsewhere now).
        logs = hiring.interviews_of(current or "")
        if not any(log.path == note.path for log in logs) and note.path in hiring.inputs:
            logs = tuple(log for log in hiring.interviews if log.path == note.path)
        keys.update(log.candidate.key for log in logs if log.candidate is not None)
        # Its own quarter before and after (a log whose date moved leaves one quarter).
        quarters.update(
            log.quarter for log in logs if log.path == note.path and log.quarter is not None
        )
    for key in keys:
        if key is not None:
            quarters |= _retrospectives_of_candidate(key, before, after)
    return quarters


def _retrospectives_of_candidate(key: str, before: Hiring, after: Hiring) -> set[Quarter]:
    quarters: set[Quarter] = set()
    old, new = before.progress_by_key.get(key), after.progress_by_key.get(key)
    if _seen_from_other_quarters(old) != _seen_from_other_quarters(new):
        steps_changed = _steps_reached(old) != _steps_reached(new)
        for progress in (old, new):
            if progress is not None:
                quarters.update(log.quarter for log in progress.logs if log.quarter is not None)
                if steps_changed:
                    quarters |= _quarters_of_steps(progress)
    waiting = [
        (p.person, p.waiting_for, p.waiting_since) if p is not None else None for p in (old, new)
    ]
    if waiting[0] != waiting[1]:
        # "Already waiting on us when the quarter began": every quarter after either date.
        since = [w[2] for w in waiting if w is not None and w[1] and w[2] is not None]
        if since:
            first = min(since)
            quarters.update(q for q in after.quarters() if q.start > first)
            quarters.update(q for q in before.quarters() if q.start > first)
    planned = [next_interviews(hiring).get(key) for hiring in (before, after)]
    if planned[0] != planned[1]:
        # An interview planned (or its day come, or called off): the candidate is no longer
        # waiting on us, or is again, in the quarter of their last interview and the later ones.
        for progress in (old, new):
            if progress is not None and progress.last_interview is not None:
                first_quarter = Quarter.of(progress.last_interview)
                quarters.update(q for q in after.quarters() if q >= first_quarter)
                quarters.update(q for q in before.quarters() if q >= first_quarter)
    return quarters


def _steps_reached(progress: Progress | None) -> tuple[object, ...] | None:
    """How far the candidate got, and the day of each step: what retrospectives of quarters
    without their logs read of them (time to hire, sources, rejections by stage)."""
    if progress is None:
        return None
    return (progress.furthest_stage_index, tuple(step_days(progress)))


def _quarters_of_steps(progress: Progress) -> set[Quarter]:
    """The quarters of the days the candidate reached each step (time to hire), and of
    their first contact and decision (sources, rejections by stage)."""
    record = progress.record
    days: list[dt.date | None] = [day for _, day in step_days(progress)]
    if record is not None:
        days += [record.first_contact, record.decision_date]
    return {Quarter.of(day) for day in days if day is not None}


def _hire_among(keys: Iterable[str], before: Hiring, after: Hiring) -> bool:
    """Whether a candidate of ``keys`` is (or was) a hire: the predictive-value note reads
    the hires only, their logs for its figures and for the values it lists as left out (a
    score of 7, which leaves the figures as they were when it becomes an 8)."""
    return any(
        progress is not None and progress.decision == "hired"
        for key in keys
        for progress in (before.progress_by_key.get(key), after.progress_by_key.get(key))
    )


def _seen_from_other_quarters(progress: Progress | None) -> tuple[object, ...] | None:
    """What the retrospective of a quarter reads about a candidate beyond that quarter's own
    logs: how far they got (funnel, split panels), where they stand (timeline, waiting), and
    for a rejected candidate the strong-yes logs (risk aversion). A change to one log that
    leaves this the same (a score, most recommendations) changes only the log's quarter.
    The day each stage was first reached counts too: time to hire counts a step in the quarter
    it was reached, as days since the step before (which may be in another quarter)."""
    if progress is None:
        return None
    record = progress.record
    strong_yes = (
        tuple(
            (log.path, log.stage, log.author.name if log.author else None)
            for log in progress.logs
            if log.recommendation == "strong-yes"
        )
        if progress.decision == "rejected"
        else ()
    )
    return (
        progress.person,
        record,
        progress.furthest_stage_index,
        progress.last_interview,
        progress.decided_after_last_interview,
        progress.waiting_for,
        progress.waiting_since,
        strong_yes,
        tuple(step_days(progress)),
    )


def _candidate_key(vault: Vault, note: Note) -> str | None:
    value = note.properties.get("candidate")
    if not isinstance(value, str):
        return None
    target = value.strip().removeprefix("[[").removesuffix("]]").split("|")[0].split("#")[0]
    path, _ = vault.resolve_path(target.strip(), note.path)
    return path if path is not None else target.strip().rsplit("/", 1)[-1].casefold()


# ---------------------------------------------------------------------------------- writing
def new_note_text(path: str, blocks: Mapping[str, str]) -> str:
    """A generated note that does not exist yet: a short header the user may edit, the blocks,
    and for a retrospective an empty *Reflection* section that is the user's from then on."""
    title = path.rsplit("/", 1)[-1][:-3]
    if INTERVIEW_QUARTER in blocks and re.fullmatch(r"\d{4}-Q[1-4]", title):
        title = f"Interviews {title}"  # a bare "2025-Q3" says too little in a tab's title
    elif CANDIDATE_ARCHIVE in blocks and re.fullmatch(r"\d{4}", title):
        title = f"Candidates decided in {title}"
    commands = sorted({_COMMANDS.get(block, "vault-tools index") for block in blocks})
    lines = [
        "---",
        "tags: [hiring, generated]",
        "---",
        f"# {title}",
        "",
        f"The block between the `vault-tools` markers is rewritten by `{'`, `'.join(commands)}`; "
        "edit anything outside it.",
        "",
        "",
    ]
    text = "\n".join(lines)
    for name, markdown in blocks.items():
        text += regions.render_block(name, markdown) + "\n"
    if RETROSPECTIVE in blocks:
        text += "## Reflection\n\n"
        text += "What went well, what surprised you, what to change next quarter.\n"
    return text


@dataclass(frozen=True)
class WrittenNote:
    """A generated note as it was last written: its bytes, and where the content of each of
    its blocks lies in them, in file order: (block name, start, end, line ending), offsets
    in bytes.

    The watcher keeps one for each note it writes. When the note on disk is still exactly
    those bytes, the next write puts the new blocks in their place in the bytes themselves:
    a quarter's note of hundreds of kilobytes is then neither decoded nor scanned for its
    markers again, and only the new blocks are encoded.
    """

    data: bytes
    blocks: tuple[tuple[str, int, int, str], ...]

    @classmethod
    def of(cls, data: bytes) -> WrittenNote | None:
        """The note's layout, found as :func:`regions.replace_regions` finds it; None when its
        markers are broken (such a note is not written) or it is not UTF-8."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        scan = regions.find_regions(text)
        if scan.problems:
            return None
        layout = []
        position = offset = 0
        for region in scan.regions:  # in file order
            offset += len(text[position : region.content_start].encode("utf-8"))
            start = offset
            offset += len(text[region.content_start : region.content_end].encode("utf-8"))
            layout.append((region.name, start, offset, region.newline))
            position = region.content_end
        return cls(data, tuple(layout))

    def spliced(self, blocks: Mapping[str, str]) -> WrittenNote | None:
        """The note with ``blocks`` in place of its own (the bytes
        :func:`regions.replace_regions` makes of it); None when it lacks one of them."""
        if not blocks.keys() <= {name for name, *_ in self.blocks}:
            return None
        data = self.data
        pieces: list[bytes] = []
        layout = []
        position = size = 0
        for name, start, end, newline in self.blocks:
            pieces.append(data[position:start])
            size += start - position
            markdown = blocks.get(name)
            content = (
                data[start:end]
                if markdown is None
                else regions.block_content(markdown, newline).encode("utf-8")
            )
            pieces.append(content)
            layout.append((name, size, size + len(content), newline))
            size += len(content)
            position = end
        pieces.append(data[position:])
        return WrittenNote(b"".join(pieces), tuple(layout))


def apply(
    vault: Vault,
    planned: Mapping[str, Mapping[str, str]],
    written: dict[str, WrittenNote] | None = None,
) -> list[WriteOutcome]:
    """Write each planned note (through writer.py): only changed ones, never user text.
    Temporary files a killed run left beside these notes are removed first.

    ``written``: the notes as this process last wrote them (see :class:`WrittenNote`), kept
    by the caller between calls and brought up to date here; the outcomes are the same
    without it."""
    remove_leftover_temporaries(vault.root, planned)
    outcomes = []
    for path, blocks in planned.items():
        outcomes.append(_apply_one(vault, path, blocks, written))
    return outcomes


def _apply_one(
    vault: Vault,
    wanted: str,
    blocks: Mapping[str, str],
    written: dict[str, WrittenNote] | None = None,
) -> WriteOutcome:
    """Write the generated note ``wanted`` into the note the vault has there (in any case)."""
    existing = vault.get(wanted)
    path = existing.path if existing else wanted
    root = vault.root
    known = written.pop(path, None) if written is not None else None
    try:
        data = read_note_bytes(root, path)
    except UnsafePathError as error:
        return refused(path, str(error))
    except OSError as error:
        return refused(path, f"cannot read the note: {error.strerror or error}")
    # Still as written last time: it has its markers (so it is no note of the user's) and
    # they are where they were.
    same = known.spliced(blocks) if known is not None and data == known.data else None
    if same is None:
        text = None
        if data is not None:
            with contextlib.suppress(UnicodeDecodeError):  # refused below, as not UTF-8
                text = data.decode("utf-8")
        if text is not None:
            not_ours = refusal_for_existing_note(
                path,
                wanted,
                text,
                list(blocks),
                kind=vault.note_type(existing) if existing else None,
                user_may_start_it=RETROSPECTIVE in blocks,
            )
            if not_ours is not None:
                return refused(path, not_ours)
    if existing is not None and RETROSPECTIVE in blocks and is_frozen(existing):
        return WriteOutcome(path, WriteStatus.FROZEN, FROZEN_MESSAGE)
    if same is not None:
        content = same.data
    else:
        merged = _merged(path, data, blocks, text)
        if isinstance(merged, WriteOutcome):
            return merged
        content = merged

    def merge(newer: bytes) -> bytes | None:
        # A save that landed while the note was being replaced: the blocks go into it.
        merged = _merged(path, newer, blocks)
        return None if isinstance(merged, WriteOutcome) else merged

    outcome = write_if_changed(root, path, content, data, merge)
    if written is not None and outcome.status in _AS_WRITTEN:
        layout = same if same is not None else WrittenNote.of(content)
        if layout is not None:
            written[path] = layout
    return outcome


# The outcomes after which the note holds the content written (or merged into a save that
# landed meanwhile: then it differs from what is remembered, and is read afresh next time).
_AS_WRITTEN = frozenset({WriteStatus.CREATED, WriteStatus.UPDATED, WriteStatus.UNCHANGED})


def _merged(
    path: str, data: bytes | None, blocks: Mapping[str, str], text: str | None = None
) -> bytes | WriteOutcome:
    """The note's bytes with ``blocks`` in it (a new note when ``data`` is None), or the
    outcome that refuses it (not UTF-8, broken markers). ``text``: ``data`` decoded, when
    the caller has it already."""
    if data is None:
        return new_note_text(path, blocks).encode("utf-8")
    try:
        text = text if text is not None else data.decode("utf-8")
    except UnicodeDecodeError:
        problem = Diagnostic(
            path,
            1,
            1,
            NOT_UTF8_OUTPUT,
            Severity.ERROR,
            "not rewritten: the note is not valid UTF-8 (re-save it as UTF-8)",
        )
        reason = "the note is not valid UTF-8 (re-save it as UTF-8)"  # REFUSED says the rest
        return WriteOutcome(path, WriteStatus.REFUSED, reason, (problem,))
    replaced, problems = regions.replace_regions(text, blocks, path)
    if replaced is None:
        return WriteOutcome(
            path,
            WriteStatus.REFUSED,
            "its vault-tools markers are broken (see the problems)",
            problems,
        )
    return replaced.encode("utf-8")


# ---------------------------------------------------------------------------------- frozen
FROZEN_MESSAGE = "not rewritten: `frozen: true` closes this quarter"


def is_frozen(note: Note) -> bool:
    """A retrospective whose frontmatter says ``frozen: true``: its quarter is closed, and the
    figures its *Reflection* discusses stay as they were (no command rewrites it)."""
    return note.frontmatter_valid and note.properties.get("frozen") is True


def frozen_differences(note_text: str, markdown: str) -> list[str]:
    """The sections (``## `` headings) of a frozen retrospective's block that would now read
    differently, in the order of the new text (a section that is gone is listed last).

    The rendered text is compared, not figures kept aside: it is what the note shows and the
    *Reflection* discusses, so nothing hidden has to stay in step with it.
    """
    region = regions.find_regions(note_text).get(RETROSPECTIVE)
    old_text = note_text[region.content_start : region.content_end] if region else ""
    old, new = _sections(old_text), _sections(markdown)
    differs = [title for title, text in new.items() if old.get(title) != text]
    return differs + [title for title in old if title not in new]


def _sections(markdown: str) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    current = found.setdefault("", [])
    for line in markdown.replace("\r\n", "\n").strip("\n").split("\n"):
        if line.startswith("## "):
            current = found.setdefault(line[3:].strip(), [])
        else:
            current.append(line)
    texts = {title: "\n".join(lines).strip("\n") for title, lines in found.items()}
    return {title: text for title, text in texts.items() if title or text}


# ---------------------------------------------------------------------------------- retro
@dataclass(frozen=True)
class Retrospective:
    quarter: Quarter
    path: str
    figures: RetrospectiveFigures
    markdown: str
    # For a frozen note (`frozen: true`): the sections that would now read differently
    # (empty when none would); None when the note is not frozen.
    frozen_differs: tuple[str, ...] | None = None
    # Logs dated in the quarter after ``today``: interviews planned, in none of the figures.
    planned: int = 0


def retrospective(
    vault: Vault, quarter: Quarter | str, today: dt.date | None = None
) -> Retrospective:
    """One quarter's retrospective, computed but not written. ``quarter``: a :class:`Quarter`
    or its text (``"2025-Q3"``, ``"current"``, ``"previous"``: of ``today``, by default the
    real today); ValueError for text that is none of these."""
    quarter = Quarter.named(quarter, today) if isinstance(quarter, str) else quarter
    settings = GenerateSettings.from_config(vault.config)
    hiring = load_hiring(vault, today)
    output = _retrospective_output(settings, quarter)
    figures = retrospective_figures(hiring, quarter)
    entries = _problem_entries(output, hiring, Problems(vault), today)
    with markup.names_from(LinkNames(vault, settings.may_be_named)):
        markdown = _with_problems(
            render_retrospective(figures, settings.predictive_value_path), entries
        )
    planned = sum(1 for log in hiring.planned if log.date and Quarter.of(log.date) == quarter)
    return Retrospective(
        quarter, settings.retrospective(quarter), figures, markdown, planned=planned
    )


def write_retrospective(
    vault: Vault,
    quarter: Quarter | str,
    computed: Retrospective | None = None,
    today: dt.date | None = None,
) -> tuple[Retrospective, WriteOutcome | None]:
    """Compute one quarter's retrospective and write its note (created when missing).
    ``computed``: that quarter's :func:`retrospective`, when the caller has it already.

    As with ``index`` and the watcher, a quarter in which no interview log is dated gets no
    note (so a mistyped year creates nothing): the outcome is then None. A note that exists
    already is updated, to say the quarter is empty now.
    """
    result = computed if computed is not None else retrospective(vault, quarter, today)
    existing = vault.get(result.path)
    if result.figures["logs"] == 0 and existing is None:
        return result, None
    result, frozen = compared_with_frozen(vault, result)
    if frozen is not None:
        return result, frozen
    remove_leftover_temporaries(vault.root, [result.path])
    outcome = _apply_one(vault, result.path, {RETROSPECTIVE: result.markdown})
    return result, outcome


def compared_with_frozen(
    vault: Vault, result: Retrospective
) -> tuple[Retrospective, WriteOutcome | None]:
    """When the quarter's note is frozen (``frozen: true``: never rewritten), ``result`` with
    the sections the note would now show otherwise (:attr:`Retrospective.frozen_differs`),
    and the outcome that says the note was left as it is; else ``result`` and None. Writes
    nothing: ``retro`` asks it beside a watcher too."""
    existing = vault.get(result.path)
    if existing is None or not is_frozen(existing):
        return result, None
    try:
        data = read_note_bytes(vault.root, existing.path)
    except (OSError, UnsafePathError):
        data = None
    text = data.decode("utf-8", "replace") if data is not None else ""
    differs = tuple(frozen_differences(text, result.markdown))
    result = dataclasses.replace(result, path=existing.path, frozen_differs=differs)
    return result, WriteOutcome(existing.path, WriteStatus.FROZEN, FROZEN_MESSAGE)


def write_predictive_value(vault: Vault, today: dt.date | None = None) -> WriteOutcome | None:
    """Bring the predictive-value note up to date (created when missing): every retrospective
    links to it, so ``retro`` writes it with the quarter's note. None when the vault has no
    quarter with logs and no such note (nothing links to it then)."""
    settings = GenerateSettings.from_config(vault.config)
    path = settings.predictive_value_path
    planned = plan(vault, only={path}, today=today)
    if not planned:
        return None
    remove_leftover_temporaries(vault.root, list(planned))
    ((written, blocks),) = planned.items()
    return _apply_one(vault, written, blocks)


# ---------------------------------------------------------------------------------- index
@dataclass(frozen=True)
class IndexRun:
    """What :func:`regenerate` did: the outcome of each generated note, or, when a watcher
    holds the vault (and keeps its generated notes itself), nothing, with the watcher."""

    outcomes: list[WriteOutcome]
    watcher: VaultLockedError | None = None


def regenerate(root: str | Path, today: dt.date | None = None) -> IndexRun:
    """Open the vault at ``root`` and bring every generated note up to date (``vault-tools
    index``), holding the vault's lock so that no watcher writes at the same time.

    While a watcher runs on the vault it keeps these notes fresh, so nothing is done. With no
    cache folder to hold the lock in (a read-only home), the notes are written without it.
    ``today``: as for :func:`plan` (the pipeline counts days waiting up to it).
    """
    with unless_watched(root) as watcher:
        if watcher is not None:
            return IndexRun([], watcher)
        vault = Vault.open(root)
        return IndexRun(apply(vault, plan(vault, today=today)))
