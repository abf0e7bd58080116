"""The quarterly interview retrospective's figures, computed from the vault's hiring data.

Besides how the interviews went, the figures a manager brings to a quarterly review:
workload, time to hire, offers, sources, rejections by stage and consistency.

:func:`retrospective_figures` computes every figure of one quarter as a
:class:`RetrospectiveFigures` (typed, JSON-ready: what ``vault-tools retro --format json``
prints); :mod:`vault_tools.generate.retrospective` renders the note from it. Both are pure.

The honesty rules of a small sample, applied throughout: every figure carries its n; scores
are ordinal (1–4), so they get medians and distributions, never means; a count out of a total
gets a Wilson 95% interval over independent units; below 10 pairs no correlation coefficient
is computed, the pairs are listed; and outcomes exist only for people we hired.

Counting units, because a panel writes one log per interviewer:

* a *log* is one note (one interviewer's view);
* an *interview* is one meeting: the logs sharing candidate, stage and date;
* a *panel* is everything said about one candidate at one stage (for calibration and split
  decisions), whatever the dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter, is_not
from typing import TypedDict, cast

from vault_tools.generate.indexes import SectionCache, changed_in_place, level_order, role_order
from vault_tools.hiring import (
    RECOMMENDATIONS,
    SCORE_KEYS,
    SOURCES,
    STAGES,
    THEMES,
    WAITING_DECISION,
    WAITING_NOTIFICATION,
    Hiring,
    Interview,
    Person,
    Progress,
    Quarter,
    progress_of,
)
from vault_tools.stats import MIN_PAIRS_FOR_CORRELATION, Proportion, median, proportion, spearman

# What a caller keeps between calls to reuse figures of unchanged inputs (the watcher's cache
# of rendered parts): key -> (the inputs, the figures computed from them).
FigureCache = SectionCache

MIN_SHARED_FOR_FLAG = 5  # interviewer calibration is only flagged on at least this many panels
CALIBRATION_THRESHOLD = 0.5  # median difference (score points) that earns a flag
YES_SIDE = frozenset({"yes", "strong-yes"})
NO_SIDE = frozenset({"no", "strong-no"})

__all__ = [
    "BEFORE_INTERVIEWS",
    "CALIBRATION_THRESHOLD",
    "MIN_FOR_SHARE",
    "MIN_INTERVIEWS_FOR_LOAD",
    "MIN_SHARED_FOR_FLAG",
    "NO_SOURCE",
    "Calibration",
    "Consistency",
    "FigureCache",
    "Funnel",
    "Independence",
    "Offers",
    "PredictiveValue",
    "RejectionsByStage",
    "RetrospectiveFigures",
    "RiskAversion",
    "Sources",
    "ThemeScores",
    "TimeToHire",
    "Workload",
    "consistency",
    "next_interviews",
    "offers",
    "predictive_value",
    "recommendation_value",
    "rejections_by_stage",
    "retrospective_figures",
    "sources",
    "step_days",
    "time_to_hire",
    "workload",
]


# ----------------------------------------------------------------------------- the shapes
class Share(TypedDict):
    """``successes`` of ``n`` with its Wilson 95% interval ([low, high]; None when n is 0)."""

    successes: int
    n: int
    share: float | None
    wilson_95: list[float | None] | None


class PersonRef(TypedDict):
    name: str | None
    path: str | None


class Period(TypedDict):
    start: str
    end: str


class VolumeRow(TypedDict):
    stage: str | None
    role: str | None
    level: str | None
    interviews: int
    logs: int


class FunnelStep(TypedDict):
    stage: str
    reached: int
    of_cohort: Share
    from_previous: Share | None


class FunnelMember(PersonRef):
    furthest_stage: str | None
    decision: str | None


class Funnel(TypedDict):
    """The candidates whose get-to-know was this quarter, followed to where they got."""

    cohort: int
    stages: list[FunnelStep]
    still_open: int
    withdrew: int
    rejected: int
    members: list[FunnelMember]


class ThemeScores(TypedDict):
    """One score key over the quarter's logs, and over its interviews."""

    n: int
    median: float | None
    counts: dict[str, int]
    not_assessed: int
    unfinished: int  # empty in logs whose notes are not written yet (no ``notes_written``)
    three_or_four: Share  # over logs
    interviews: int  # interviews with this score from at least one interviewer
    interviews_three_or_four: Share  # over interviews, by the panel's median


class InterviewerCalibration(TypedDict):
    interviewer: str
    n: int
    median_difference: float | None
    higher: int
    same: int
    lower: int
    recommendation_n: int
    median_recommendation_difference: float | None
    flagged: bool


class PairCalibration(TypedDict):
    interviewers: list[str]
    n: int
    median_difference: float | None  # first minus second
    first_higher: int
    same: int
    second_higher: int
    recommendation_n: int
    median_recommendation_difference: float | None
    flagged: bool


class Calibration(TypedDict):
    """Each interviewer against the rest of the panel, and each pair on the same panel."""

    panels: int
    two_person_panels: int
    interviewers: list[InterviewerCalibration]
    pairs: list[PairCalibration]


class LogRef(TypedDict):
    path: str
    interviewer: str | None
    candidate: str | None
    stage: str | None
    date: str | None


class ViolatingLog(LogRef):
    notes_written: str | None
    debrief: str | None


class Independence(TypedDict):
    """Notes written before the debrief, counted over logs (each interviewer's own act)."""

    checked: int
    violations: int
    missing: int
    no_debrief: int
    unfinished: int  # no `notes_written` yet (within missing / no_debrief): never checked
    before_debrief: Share
    violating_logs: list[ViolatingLog]
    missing_logs: list[LogRef]
    unfinished_logs: list[LogRef]


class TimelineRow(PersonRef):
    last_interview: str | None
    decision: str | None
    offer_outcome: str | None  # an offer's answer: "accepted", "declined" (None: none yet)
    decision_date: str | None
    days_to_decision: int | None
    notified: str | None
    days_to_notification: int | None
    waiting_for: str | None
    waiting_since: str | None
    next_interview: str | None  # the day of an interview planned with them (not waiting on us)


class WaitingRef(PersonRef):
    since: str | None


class CarriedOver(PersonRef):
    waiting_for: str
    since: str | None


class TimeSummary(TypedDict):
    n: int
    median_days: float | None
    longest_days: int | None
    longest: list[PersonRef]
    waiting: list[WaitingRef]
    planned: int  # not yet, with an interview planned: neither counted nor waiting on us


class StrongYes(TypedDict):
    interviewer: str | None
    stage: str | None
    path: str


class RejectedDespiteStrongYes(PersonRef):
    strong_yes: list[StrongYes]


class SplitPanel(PersonRef):
    stage: str
    recommendations: list[str]
    outcome: str


class RiskAversion(TypedDict):
    rejected: int
    rejected_despite_strong_yes: Share
    rejected_despite_strong_yes_list: list[RejectedDespiteStrongYes]
    split_panels: int
    split_panels_rejected: Share
    split_panel_list: list[SplitPanel]


class HireRow(PersonRef):
    hired: str | None
    logs: int
    median_score: float | None
    scores_n: int
    theme_medians: dict[str, float | None]
    median_recommendation: float | None
    probation_passed: bool | None
    performance_6m: int | None
    performance_12m: int | None


class Correlation(TypedDict):
    n: int
    spearman: float | None


class PredictiveValue(TypedDict):
    """Interview scores against the later outcomes of hires, over all quarters."""

    hires: int
    with_outcomes: int
    probation_passed: Share
    performance_6m: Correlation
    performance_12m: Correlation
    hires_list: list[HireRow]
    caveat: str


class RetrospectiveFigures(TypedDict):
    """Every figure of one quarter's retrospective (``retro --format json`` prints it)."""

    quarter: str
    period: Period
    interviews: int
    logs: int
    candidates: int
    by_stage: dict[str, int]
    volume: list[VolumeRow]
    recommendations: dict[str, int]
    recommendations_by_stage: dict[str, dict[str, int]]
    funnel: Funnel
    scores: dict[str, ThemeScores]
    calibration: Calibration
    independence: Independence
    time_to_decision: TimeSummary
    time_to_notification: TimeSummary
    timeline: list[TimelineRow]
    carried_over: list[CarriedOver]
    risk_aversion: RiskAversion
    predictive_value: PredictiveValue
    workload: Workload
    time_to_hire: TimeToHire
    offers: Offers
    sources: Sources
    rejections_by_stage: RejectionsByStage
    consistency: Consistency


# ---------------------------------------------------------------------------------- helpers
def _person(person: Person | None) -> PersonRef:
    if person is None:
        return {"name": None, "path": None}
    return {"name": person.name, "path": person.path}


def _share(found: Proportion) -> Share:
    return cast(Share, found.to_dict())


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def recommendation_value(recommendation: str | None) -> int | None:
    """strong-no 1, no 2, yes 3, strong-yes 4 (the same anchors as the scores)."""
    return RECOMMENDATIONS.index(recommendation) + 1 if recommendation in RECOMMENDATIONS else None


# ---------------------------------------------------------------------------------- figures
def retrospective_figures(
    hiring: Hiring, quarter: Quarter, cache: FigureCache | None = None
) -> RetrospectiveFigures:
    """Every figure of the quarter's retrospective, as JSON-ready data. ``cache``: parts
    computed before, kept by the caller between calls; the figures are the same without it.

    With ``cache`` (the watcher), each part of the figures is computed again only when what
    it reads changed since the last call for this quarter: the logs that are not the very
    same objects, and the candidates whose standing (:class:`Progress`) is not, are compared
    on the fields that part reads (:data:`_PARTS`). A changed recommendation recomputes the
    recommendations, the calibration and the split panels, and reuses the rest as it was
    (shared with the figures before: read them, do not change them).
    """
    logs = hiring.interviews_in(quarter)
    everyone = hiring.progress_by_key
    standings = hiring.progress  # everyone's, in the order of everyone
    parts = _Parts(hiring, quarter, logs, everyone, cache)
    next_interviews = parts.next_interviews
    reusable: Mapping[str, object] = {}
    if cache is not None:
        # Taken out while the parts are made: the calibration's tally is handed on, changed.
        kept = cache.pop(("retrospective", quarter), None)
        if kept is not None:
            old_logs, old_standings, old_next = cast(
                tuple[tuple[Interview, ...], tuple[Progress, ...], dict[str, dt.date]], kept[0]
            )
            parts.before = cast(dict[str, object], kept[1])
            parts.changed_logs = changed_in_place(old_logs, logs)
            changed_people = parts.changed_people = changed_in_place(old_standings, standings)
            unchanged = _unchanged_parts(parts.changed_logs, changed_people)
            if old_next != next_interviews:  # an interview planned, or its day come
                unchanged.discard("timing")
            reusable = {name: parts.before[name] for name in unchanged}
    computed = {
        name: reusable[name] if name in reusable else parts.compute(name) for name in _PARTS
    }
    if cache is not None:
        cache["retrospective", quarter] = ((logs, standings, next_interviews), computed)
    counts = cast(_Counts, computed["counts"])
    recommendations = cast(_Recommendations, computed["recommendations"])
    timing = cast(_Timing, computed["timing"])
    return {
        "quarter": str(quarter),
        "period": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "interviews": counts.interviews,
        "logs": counts.logs,
        "candidates": counts.candidates,
        "by_stage": counts.by_stage,
        "volume": counts.volume,
        "recommendations": recommendations.counts,
        "recommendations_by_stage": recommendations.by_stage,
        "funnel": cast(Funnel, computed["funnel"]),
        "scores": cast(dict[str, ThemeScores], computed["scores"]),
        "calibration": cast(_CalibrationPart, computed["calibration"]).figures,
        "independence": cast(Independence, computed["independence"]),
        "time_to_decision": timing.decision,
        "time_to_notification": timing.notification,
        "timeline": timing.timeline,
        "carried_over": timing.carried_over,
        "risk_aversion": cast(_RiskPart, computed["risk_aversion"]).figures,
        "predictive_value": predictive_value(hiring),
        "workload": cast(Workload, computed["workload"]),
        "time_to_hire": cast(TimeToHire, computed["time_to_hire"]),
        "offers": cast(Offers, computed["offers"]),
        "sources": cast(Sources, computed["sources"]),
        "rejections_by_stage": cast(RejectionsByStage, computed["rejections_by_stage"]),
        "consistency": cast(Consistency, computed["consistency"]),
    }


@dataclass(frozen=True)
class _Counts:
    interviews: int
    logs: int
    candidates: int
    by_stage: dict[str, int]
    volume: list[VolumeRow]


@dataclass(frozen=True)
class _Recommendations:
    counts: dict[str, int]
    by_stage: dict[str, dict[str, int]]


@dataclass(frozen=True)
class _CalibrationPart:
    tally: _CalibrationTally
    figures: Calibration


@dataclass(frozen=True)
class _RiskPart:
    interviewed: tuple[str, ...]
    split: _Split
    order: tuple[tuple[str, str, str], ...]  # the keys of `split` in their table's order
    rows: _RiskRows
    figures: RiskAversion


@dataclass(frozen=True)
class _Timing:
    decision: TimeSummary
    notification: TimeSummary
    timeline: list[TimelineRow]
    carried_over: list[CarriedOver]


def _strong_yes(p: Progress) -> tuple[tuple[str | None, str | None, str], ...]:
    return tuple(
        (log.author.name if log.author else None, log.stage, log.path)
        for log in p.logs
        if log.recommendation == "strong-yes"
    )


# The parts of a quarter's figures, each with what it reads: the fields of each of the
# quarter's logs (None: no log), and what of each candidate's Progress (None: nothing). A part
# whose inputs are the same on these is the same. ``path`` stands for the order of the logs.
_EVENT = ("path", "candidate", "stage", "date")  # what event_key is made of
_PARTS: dict[str, tuple[tuple[str, ...] | None, Callable[[Progress], object] | None]] = {
    "counts": ((*_EVENT, "role", "level"), None),
    "recommendations": (("path", "stage", "recommendation", "unfinished"), None),
    "funnel": (_EVENT, lambda p: (p.person, p.record, p.furthest_stage_index)),
    "scores": ((*_EVENT, "scores", "unfinished"), None),
    "calibration": ((*_EVENT, "interviewers", "scores", "recommendation"), None),
    "independence": ((*_EVENT, "interviewers", "notes_written", "debrief", "unfinished"), None),
    "timing": (
        None,
        lambda p: (p.person, p.record, p.last_interview, p.waiting_for, p.waiting_since),
    ),
    "risk_aversion": (
        (*_EVENT, "interviewers", "recommendation"),
        lambda p: (p.person, p.record, p.furthest_stage_index, _strong_yes(p)),
    ),
    "workload": ((*_EVENT, "interviewers"), None),
    "time_to_hire": (
        None,
        lambda p: (p.person, p.record, p.last_interview, tuple(step_days(p))),
    ),
    "offers": (None, lambda p: (p.person, p.record)),
    "sources": (None, lambda p: (p.person, p.record, p.furthest_stage_index)),
    "rejections_by_stage": (None, lambda p: (p.person, p.record, p.furthest_stage_index)),
    "consistency": (
        (*_EVENT, "interviewers", "case", "role", "level", "why_sections_filled", "unfinished"),
        None,
    ),
}


# The fields of a log other than its scores and recommendation: when only those changed, the
# calibration and the recommendations are updated by the difference.
_BUT_VALUES = attrgetter(
    *(f.name for f in fields(Interview) if f.name not in ("scores", "recommendation"))
)


def _values_only(changed: Sequence[tuple[Interview, Interview]] | None) -> bool:
    return changed is not None and all(_BUT_VALUES(a) == _BUT_VALUES(b) for a, b in changed)


def _unchanged_parts(
    changed_logs: Sequence[tuple[Interview, Interview]] | None,
    changed_people: Sequence[tuple[Progress, Progress]] | None,
) -> set[str]:
    """The parts (:data:`_PARTS`) whose inputs are the same now as they were then, from the
    logs and the candidates' standings that changed in place (None: more than that)."""
    unchanged = set()
    for name, (read_fields, standing) in _PARTS.items():
        if read_fields is not None:
            if changed_logs is None:
                continue
            read = attrgetter(*read_fields)
            if any(read(a) != read(b) for a, b in changed_logs):
                continue
        if standing is not None:
            if changed_people is None:
                continue
            if any(standing(a) != standing(b) for a, b in changed_people):
                continue
        unchanged.add(name)
    return unchanged


class _Parts:
    """Computes the parts of one quarter's figures, sharing what several of them group."""

    def __init__(
        self,
        hiring: Hiring,
        quarter: Quarter,
        logs: tuple[Interview, ...],
        everyone: dict[str, Progress],
        cache: FigureCache | None,
    ) -> None:
        self.hiring, self.quarter, self.logs = hiring, quarter, logs
        self.everyone, self.cache = everyone, cache
        self.before: Mapping[str, object] = {}  # the parts computed last time (the watcher)
        self.changed_logs: Sequence[tuple[Interview, Interview]] | None = None  # since then
        self.changed_people: Sequence[tuple[Progress, Progress]] | None = None  # ... and these

    @cached_property
    def next_interviews(self) -> dict[str, dt.date]:
        return next_interviews(self.hiring)

    @cached_property
    def events(self) -> dict[tuple[str, str, str], list[Interview]]:
        events: dict[tuple[str, str, str], list[Interview]] = {}
        for log in self.logs:
            events.setdefault(log.event_key, []).append(log)
        return events

    @cached_property
    def panels(self) -> dict[tuple[str, str, str], list[Interview]]:
        return _panels(self.logs)

    def compute(self, name: str) -> object:
        logs, everyone, quarter = self.logs, self.everyone, self.quarter
        if name == "counts":
            return self._counts()
        if name == "recommendations":
            return self._recommendations()
        if name == "funnel":
            return _funnel(self.hiring, logs, everyone)
        if name == "scores":
            return _scores(logs, self.events, self.cache)
        if name == "calibration":
            return self._calibration()
        if name == "independence":
            return _independence(logs)
        if name == "timing":
            return _Timing(*_timing(quarter, everyone.values(), self.next_interviews))
        if name == "risk_aversion":
            return self._risk()
        if name == "workload":
            return workload(logs)
        if name == "time_to_hire":
            return time_to_hire(quarter, everyone.values())
        if name == "offers":
            return offers(quarter, everyone.values())
        if name == "sources":
            return sources(quarter, everyone.values())
        if name == "rejections_by_stage":
            return rejections_by_stage(quarter, everyone.values())
        assert name == "consistency", name
        return consistency(logs)

    def _counts(self) -> _Counts:
        events = self.events
        by_stage = {stage: 0 for stage in STAGES}
        for event_logs in events.values():
            stage = event_logs[0].stage
            by_stage[stage or "unknown"] = by_stage.get(stage or "unknown", 0) + 1
        candidates = {log.candidate.key for log in self.logs if log.candidate}
        return _Counts(len(events), len(self.logs), len(candidates), by_stage, _volume(events))

    def _calibration(self) -> _CalibrationPart:
        before = self.before.get("calibration")
        if isinstance(before, _CalibrationPart) and _values_only(self.changed_logs):
            assert self.changed_logs is not None
            tally = before.tally  # handed on: the part before is not used again
            tally.replace(self.changed_logs)
        else:
            tally = _CalibrationTally.of(self.logs, self.panels, self.cache)
        return _CalibrationPart(tally, tally.figures())

    def _risk(self) -> _RiskPart:
        before = self.before.get("risk_aversion")
        changed: tuple[set[str], set[tuple[str, str, str]]] | None = None
        if isinstance(before, _RiskPart) and _values_only(self.changed_logs):
            assert self.changed_logs is not None
            interviewed = before.interviewed  # the same candidates, the same panels
            split = dict(before.split)
            order = list(before.order)
            panels = {new.event_key for _, new in self.changed_logs}
            for key in panels:
                if key in split:
                    order.remove(key)
                panel = self._panel(key)
                said = _split_said(panel)
                if said:
                    split[key] = (panel, said)
                    bisect.insort(order, key, key=lambda at: _split_place(at, split))
                else:
                    split.pop(key, None)
            if self.changed_people is not None:
                people = {new.person.key for _, new in self.changed_people}
                people.update(key[0] for key in panels)
                changed = (people, panels)
        else:
            interviewed = tuple(sorted({log.candidate.key for log in self.logs if log.candidate}))
            split = dict(_split_panels(self.panels))
            order = sorted(split, key=lambda at: _split_place(at, split))
        known = before.rows if isinstance(before, _RiskPart) else None
        rows = _RiskRows()
        figures = _risk_aversion(interviewed, split, order, self.everyone, rows, known, changed)
        return _RiskPart(interviewed, split, tuple(order), rows, figures)

    def _panel(self, key: tuple[str, str, str]) -> list[Interview]:
        """The logs of one panel (as :func:`_panels` groups them), from its candidate's."""
        return [
            log
            for log in self.hiring.interviews_of(key[0])
            if log.event_key == key and log.stage is not None and log.author is not None
        ]

    def _recommendations(self) -> _Recommendations:
        before = self.before.get("recommendations")
        if isinstance(before, _Recommendations) and _values_only(self.changed_logs):
            assert self.changed_logs is not None
            counts = dict(before.counts)
            by_stage = {stage: dict(row) for stage, row in before.by_stage.items()}
            for old, new in self.changed_logs:
                row = by_stage[old.stage or "unknown"]
                for log, step in ((old, -1), (new, 1)):
                    counts[recommendation_said(log)] += step
                    row[recommendation_said(log)] += step
            return _Recommendations(counts, by_stage)
        counts = dict.fromkeys(RECOMMENDATION_COLUMNS, 0)
        for log in self.logs:
            counts[recommendation_said(log)] += 1
        return _Recommendations(counts, _recommendations_by_stage(self.logs))


def predictive_value(hiring: Hiring) -> PredictiveValue:
    """The predictive-value figures: the same for every quarter (they read the hires only),
    computed once per :class:`Hiring` and shared: read it, do not change it."""
    cached: PredictiveValue | None = hiring.__dict__.get("_predictive_value")
    if cached is None:
        global _last_predictive
        hires = _hires(hiring)
        last = _last_predictive
        if last is not None and _same_objects(last[0], hires):
            # The watcher's next Hiring keeps the Progress of every unchanged candidate: the
            # same hires, the same figures (they read nothing else).
            cached = last[1]
        else:
            cached = _predictive_value(hiring, hires)
            _last_predictive = (hires, cached)
        hiring.__dict__["_predictive_value"] = cached
    return cached


# The hires (their Progress objects) the last predictive-value figures were computed from,
# and those figures.
_last_predictive: tuple[tuple[Progress, ...], PredictiveValue] | None = None


# Everyone's standing when the hires were last looked for, and the hires then.
_last_hires: tuple[tuple[Progress, ...], tuple[Progress, ...]] | None = None


def _hires(hiring: Hiring) -> tuple[Progress, ...]:
    """The hired candidates' standings, in the order of names. When the candidates whose
    standing changed since the last call (in place) were not hired then and are not now, the
    hires are those of the last call."""
    global _last_hires
    standings = progress_of(hiring)
    last = _last_hires
    changed = changed_in_place(last[0], standings) if last is not None else None
    if (
        last is not None
        and changed is not None
        and not any("hired" in (a.decision, b.decision) for a, b in changed)
    ):
        hires = last[1]
    else:
        hires = tuple(p for p in standings if p.decision == "hired")
    _last_hires = (standings, hires)
    return hires


def _same_objects(old: Sequence[object], new: Sequence[object]) -> bool:
    """Whether two sequences hold the very same objects, in order (compared in C: the hires of
    a vault, or a panel's logs)."""
    return old is new or (len(old) == len(new) and not any(map(is_not, old, new)))


def _volume(events: dict[tuple[str, str, str], list[Interview]]) -> list[VolumeRow]:
    counts: dict[tuple[str | None, str | None, str | None], list[int]] = {}
    for event_logs in events.values():
        first = event_logs[0]
        key = (first.stage, first.role, first.level)
        entry = counts.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += len(event_logs)
    ordered = sorted(
        counts.items(),
        key=lambda item: (
            STAGES.index(item[0][0]) if item[0][0] in STAGES else len(STAGES),
            role_order(item[0][1]),
            level_order(item[0][2]),
        ),
    )
    return [
        {"stage": stage, "role": role, "level": level, "interviews": pair[0], "logs": pair[1]}
        for (stage, role, level), pair in ordered
    ]


# What a log says of its recommendation: one of them, none though its notes are written
# ("missing"), or none yet: its notes are not written (no ``notes_written``: "unfinished",
# as the independence check has it), so it is no gap yet.
RECOMMENDATION_COLUMNS = (*RECOMMENDATIONS, "missing", "unfinished")


def recommendation_said(log: Interview) -> str:
    """The log's column of :data:`RECOMMENDATION_COLUMNS`."""
    if log.recommendation:
        return log.recommendation
    return "unfinished" if log.unfinished else "missing"


def _recommendations_by_stage(logs: Sequence[Interview]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for log in logs:
        row = table.setdefault(log.stage or "unknown", dict.fromkeys(RECOMMENDATION_COLUMNS, 0))
        row[recommendation_said(log)] += 1
    return {stage: table[stage] for stage in [*STAGES, "unknown"] if stage in table}


def _funnel(hiring: Hiring, logs: Sequence[Interview], everyone: dict[str, Progress]) -> Funnel:
    cohort = sorted(
        {log.candidate.key for log in logs if log.candidate and log.stage == "get-to-know"}
    )
    members = [everyone[key] for key in cohort if key in everyone]
    stages: list[FunnelStep] = []
    previous: int | None = None
    # An offer is further than every stage: a candidate offered a job right after the case
    # stage got past the final too, as the note says of any stage skipped.
    offered = {p.person.key for p in members if p.decision in ("offer", "hired")}
    for index, stage in enumerate(STAGES):
        reached = sum(
            1 for p in members if p.furthest_stage_index >= index or p.person.key in offered
        )
        stages.append(_funnel_step(stage, reached, len(members), previous))
        previous = reached
    stages.append(_funnel_step("offer/hired", len(offered), len(members), previous))
    open_count = sum(1 for p in members if p.decision in (None, "pending", "advanced"))
    return {
        "cohort": len(members),
        "stages": stages,
        "still_open": open_count,
        "withdrew": sum(1 for p in members if p.decision == "withdrew"),
        "rejected": sum(1 for p in members if p.decision == "rejected"),
        "members": [
            {
                "name": p.person.name,
                "path": p.person.path,
                "furthest_stage": STAGES[p.furthest_stage_index]
                if p.furthest_stage_index >= 0
                else None,
                "decision": p.decision,
            }
            for p in members
        ],
    }


def _funnel_step(stage: str, reached: int, cohort: int, previous: int | None) -> FunnelStep:
    step = proportion(reached, previous) if previous else None
    return {
        "stage": stage,
        "reached": reached,
        "of_cohort": _share(proportion(reached, cohort)),
        "from_previous": _share(step) if step else None,
    }


def _scores(
    logs: Sequence[Interview],
    events: Mapping[tuple[str, str, str], Sequence[Interview]],
    cache: FigureCache | None = None,
) -> dict[str, ThemeScores]:
    """Per score key: the logs' distribution, and the share of 3s and 4s twice: over logs
    (kept for scripts that read it) and over interviews, the independent unit. Two
    interviewers scoring the same candidate in the same meeting are one observation of the
    candidate, not two: an interview counts as 3 or 4 when its panel's median is 3 or more.

    One pass over each log's written scores (not one per key), and ``cache`` as for
    :meth:`_CalibrationTally.of`: an interview whose logs are the very same objects as last time
    keeps its panel medians, so one changed log costs one interview."""
    given: dict[str, list[int]] = {key: [] for key in SCORE_KEYS}
    not_assessed = dict.fromkeys(SCORE_KEYS, 0)
    unfinished = dict.fromkeys(SCORE_KEYS, 0)
    for log in logs:
        for key, score in log.scores.items():
            if key not in not_assessed:
                continue  # not a score key (a record made by hand)
            if score is not None:
                given[key].append(score)
            elif log.unfinished:
                unfinished[key] += 1  # an empty score of a log not written up yet: no choice
            else:
                not_assessed[key] += 1
    interviews = dict.fromkeys(SCORE_KEYS, 0)
    high = dict.fromkeys(SCORE_KEYS, 0)
    for event_key, event_logs in events.items():
        if cache is None:
            medians = _event_medians(event_logs)
        else:
            cached = cache.get(("score-medians", event_key))
            if cached is not None and _same_objects(
                cast(tuple[Interview, ...], cached[0]), event_logs
            ):
                medians = cast(dict[str, float], cached[1])
            else:
                medians = _event_medians(event_logs)
                cache["score-medians", event_key] = (tuple(event_logs), medians)
        for key, middle in medians.items():
            interviews[key] += 1
            if middle >= 3:
                high[key] += 1
    result: dict[str, ThemeScores] = {}
    for key in SCORE_KEYS:
        counts = Counter(given[key])
        result[key] = {
            "n": len(given[key]),
            "median": _round(median(given[key])),
            "counts": {str(value): counts[value] for value in range(1, 5)},
            "not_assessed": not_assessed[key],
            "unfinished": unfinished[key],
            "three_or_four": _share(proportion(counts[3] + counts[4], len(given[key]))),
            "interviews": interviews[key],
            "interviews_three_or_four": _share(proportion(high[key], interviews[key])),
        }
    return result


def _event_medians(event_logs: Sequence[Interview]) -> dict[str, float]:
    """The median of each score key the logs of one interview gave (keys nobody scored: none)."""
    given: dict[str, list[int]] = {}
    for log in event_logs:
        for key, score in log.scores.items():
            if score is not None and key in SCORE_KEYS:
                given.setdefault(key, []).append(score)
    return {key: median(scores) or 0.0 for key, scores in given.items()}


def _panels(logs: Sequence[Interview]) -> dict[tuple[str, str, str], list[Interview]]:
    """The logs of each interview (one candidate, one stage, one day), keyed by event_key:
    the people who interviewed together. Two rounds of the same stage on different days are
    two panels, never compared with each other."""
    panels: dict[tuple[str, str, str], list[Interview]] = {}
    for log in logs:
        if log.candidate is not None and log.stage is not None and log.author is not None:
            panels.setdefault(log.event_key, []).append(log)
    return panels


@dataclass(frozen=True)
class _PanelCalibration:
    """What one panel (two interviewers or more) adds to the calibration figures."""

    authors: int
    # For each log of the panel, in order: its author, the median over score keys of (own
    # score - the others' median), and own recommendation - the others' median (None: none).
    per_log: tuple[tuple[str, float | None, float | None], ...]
    # For each ordered pair of authors (both orders): the median score difference of their
    # first logs and the recommendation difference (None: nothing to compare).
    pairs: Mapping[tuple[str, str], tuple[float | None, float | None]]


def _panel_calibration(panel: Sequence[Interview]) -> _PanelCalibration | None:
    authors = {log.author.key for log in panel if log.author}
    if len(authors) < 2:
        return None
    first_logs: dict[str, Interview] = {}
    for log in panel:
        if log.author is not None:
            first_logs.setdefault(log.author.key, log)
    pairs: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    for left, a in first_logs.items():
        for right, b in first_logs.items():
            if left == right:
                continue
            pair_diffs = [
                x - y
                for key in SCORE_KEYS
                if (x := a.score(key)) is not None and (y := b.score(key)) is not None
            ]
            x_rec = recommendation_value(a.recommendation)
            y_rec = recommendation_value(b.recommendation)
            pairs[left, right] = (
                (median(pair_diffs) or 0.0) if pair_diffs else None,
                float(x_rec - y_rec) if x_rec is not None and y_rec is not None else None,
            )
    per_log: list[tuple[str, float | None, float | None]] = []
    for log in first_logs.values():  # a second log by the same author (a copy) counts once
        assert log.author is not None
        others = [other for other in panel if other.author and other.author.key != log.author.key]
        per_key: list[float] = []
        for key in SCORE_KEYS:
            own = log.score(key)
            theirs = [s for other in others if (s := other.score(key)) is not None]
            if own is not None and theirs:
                per_key.append(own - (median(theirs) or 0.0))
        own_rec = recommendation_value(log.recommendation)
        their_recs = [
            value for other in others if (value := recommendation_value(other.recommendation))
        ]
        per_log.append(
            (
                log.author.key,
                (median(per_key) or 0.0) if per_key else None,
                own_rec - (median(their_recs) or 0.0)
                if own_rec is not None and their_recs
                else None,
            )
        )
    return _PanelCalibration(len(authors), tuple(per_log), pairs)


class _CalibrationTally:
    """Each interviewer against the rest of the panel on the same candidate and stage.

    Per shared panel: the median over score keys of (their score − the median of the others'
    scores on that key); then the median of those per-panel differences. n counts panels,
    not individual scores, because scores within one panel are not independent.

    What the calibration figures (:meth:`figures`) are made of: each panel's comparisons, and the
    differences they add up to, per interviewer and per pair (as counts of each value: the
    figures are medians and counts, which do not depend on the order of the panels).

    Kept by the watcher for a quarter: when logs change only in their scores or
    recommendation, :meth:`replace` takes their panels' old comparisons out and puts the new
    ones in, and the quarter's other panels are not looked at."""

    def __init__(self, logs: Sequence[Interview]) -> None:
        self.names: dict[str, str] = {}
        self.differences: dict[str, Counter[float]] = {}
        self.recommendations: dict[str, Counter[float]] = {}
        for log in logs:
            if log.author is not None:
                self.names.setdefault(log.author.key, log.author.name)
                self.differences.setdefault(log.author.key, Counter())
                self.recommendations.setdefault(log.author.key, Counter())
        self.pairs: dict[tuple[str, str], tuple[Counter[float], Counter[float]]] = {}
        self.pair_panels: Counter[tuple[str, str]] = Counter()
        self.sizes: Counter[int] = Counter()
        self.panels: dict[tuple[str, str, str], tuple[Sequence[Interview], _PanelCalibration]] = {}
        # The rows made by the last call of figures(), and the interviewers and pairs whose
        # counts changed since (their rows are made again).
        self._rows: dict[str, InterviewerCalibration] = {}
        self._pair_rows: dict[tuple[str, str], PairCalibration] = {}
        self._changed: set[str] = set()
        self._changed_pairs: set[tuple[str, str]] = set()

    @classmethod
    def of(
        cls,
        logs: Sequence[Interview],
        panels: Mapping[tuple[str, str, str], list[Interview]],
        cache: FigureCache | None = None,
    ) -> _CalibrationTally:
        tally = cls(logs)
        for panel_key, panel in panels.items():
            if cache is None:
                found = _panel_calibration(panel)
            else:
                cached = cache.get(("calibration", panel_key))
                if cached is not None and _same_objects(
                    cast(tuple[Interview, ...], cached[0]), panel
                ):
                    found = cached[1]
                else:
                    found = _panel_calibration(panel)
                    cache["calibration", panel_key] = (tuple(panel), found)
            if found is not None:
                tally._add(panel_key, panel, found)
        return tally

    def replace(self, changed: Sequence[tuple[Interview, Interview]]) -> None:
        """Take in logs changed in their scores or recommendation only: (old, new) pairs."""
        # By path: the panel kept may hold an older version of a log than ``old`` (a part
        # reused while only fields that the calibration does not read changed).
        new_of = {new.path: new for _, new in changed}
        for key in {old.event_key for old, _ in changed}:
            kept = self.panels.get(key)
            if kept is None:
                continue  # not a panel of two interviewers or more (its authors are the same)
            panel, found = kept
            self._add(key, panel, found, -1)
            panel = tuple(new_of.get(log.path, log) for log in panel)
            now = _panel_calibration(panel)
            assert now is not None  # the same authors as before
            self._add(key, panel, now)

    def _add(
        self,
        key: tuple[str, str, str],
        panel: Sequence[Interview],
        found: _PanelCalibration,
        sign: int = 1,
    ) -> None:
        """Add one panel's comparisons (``sign`` -1: take them out)."""
        names = self.names
        if sign > 0:
            self.panels[key] = (panel, found)
        else:
            del self.panels[key]
        self.sizes[found.authors] += sign
        ordered = sorted(
            dict.fromkeys(author for author, _, _ in found.per_log),
            key=lambda author: (names[author].casefold(), author),
        )
        for index, left in enumerate(ordered):
            for right in ordered[index + 1 :]:
                if (left, right) not in self.pairs:
                    self.pairs[left, right] = (Counter(), Counter())
                score_diffs, rec_diffs = self.pairs[left, right]
                self.pair_panels[left, right] += sign
                self._changed_pairs.add((left, right))
                score_difference, rec_difference = found.pairs[left, right]
                if score_difference is not None:
                    score_diffs[score_difference] += sign
                if rec_difference is not None:
                    rec_diffs[rec_difference] += sign
        for author, difference, rec_difference in found.per_log:
            self._changed.add(author)
            if difference is not None:
                self.differences[author][difference] += sign
            if rec_difference is not None:
                self.recommendations[author][rec_difference] += sign

    def figures(self) -> Calibration:
        names, rows, pair_rows = self.names, self._rows, self._pair_rows
        for key in self._changed:
            rows.pop(key, None)
        for pair in self._changed_pairs:
            pair_rows.pop(pair, None)
        self._changed.clear()
        self._changed_pairs.clear()
        result: list[InterviewerCalibration] = []
        for key in sorted(names, key=lambda k: (names[k].casefold(), k)):
            row = rows.get(key)
            if row is None:
                row = rows[key] = self._row(key)
            result.append(row)
        pairs: list[PairCalibration] = []
        for pair, _ in sorted(
            ((pair, diffs) for pair, diffs in self.pairs.items() if self.pair_panels[pair] > 0),
            key=lambda item: (names[item[0][0]].casefold(), names[item[0][1]].casefold()),
        ):
            pair_row = pair_rows.get(pair)
            if pair_row is None:
                pair_row = pair_rows[pair] = self._pair_row(pair)
            pairs.append(pair_row)
        return {
            "panels": self.sizes.total(),
            "two_person_panels": self.sizes[2],
            "interviewers": result,
            "pairs": pairs,
        }

    def _row(self, key: str) -> InterviewerCalibration:
        diffs = self.differences[key]
        n = diffs.total()
        middle = _counted_median(diffs)
        flagged = (
            n >= MIN_SHARED_FOR_FLAG and middle is not None and abs(middle) >= CALIBRATION_THRESHOLD
        )
        recommendations = self.recommendations[key]
        return {
            "interviewer": self.names[key],
            "n": n,
            "median_difference": _round(middle),
            "higher": sum(count for value, count in diffs.items() if value > 0),
            "same": diffs[0.0],
            "lower": sum(count for value, count in diffs.items() if value < 0),
            "recommendation_n": recommendations.total(),
            "median_recommendation_difference": _round(_counted_median(recommendations)),
            "flagged": flagged,
        }

    def _pair_row(self, pair: tuple[str, str]) -> PairCalibration:
        left, right = pair
        score_diffs, rec_diffs = self.pairs[pair]
        n = score_diffs.total()
        middle = _counted_median(score_diffs)
        return {
            "interviewers": [self.names[left], self.names[right]],
            "n": n,
            "median_difference": _round(middle),  # first minus second
            "first_higher": sum(c for value, c in score_diffs.items() if value > 0),
            "same": score_diffs[0.0],
            "second_higher": sum(c for value, c in score_diffs.items() if value < 0),
            "recommendation_n": rec_diffs.total(),
            "median_recommendation_difference": _round(_counted_median(rec_diffs)),
            "flagged": n >= MIN_SHARED_FOR_FLAG
            and middle is not None
            and abs(middle) >= CALIBRATION_THRESHOLD,
        }


def _counted_median(counts: Counter[float]) -> float | None:
    """:func:`~vault_tools.stats.median` of the values counted in ``counts`` (each value as
    many times as its count)."""
    total = counts.total()
    if total <= 0:
        return None
    middle = total // 2
    low: float | None = None
    seen = 0
    for value in sorted(value for value, count in counts.items() if count > 0):
        seen += counts[value]
        if total % 2:
            if seen > middle:
                return float(value)
        else:
            if low is None and seen >= middle:
                low = value
            if seen > middle:
                return (low + value) / 2 if low is not None else float(value)
    return None


def _log_ref(log: Interview) -> LogRef:
    return {
        "path": log.path,
        "interviewer": log.author.name if log.author else None,
        "candidate": log.candidate.name if log.candidate else None,
        "stage": log.stage,
        "date": _day(log.date),
    }


def _independence(logs: Sequence[Interview]) -> Independence:
    by_kind: dict[str, list[Interview]] = {"ok": [], "violation": [], "missing": []}
    no_debrief = 0
    for log in logs:
        kind = log.independence  # worked out from the dates each time: ask once
        if kind in by_kind:
            by_kind[kind].append(log)
        else:
            no_debrief += 1
    violations, missing = by_kind["violation"], by_kind["missing"]
    # No `notes_written`: the interviewer has not said the notes are done. Such a log is
    # never "ok" nor a violation (Interview.independence); named so the reader knows why.
    unfinished = [log for log in logs if log.unfinished]
    checked = len(by_kind["ok"]) + len(violations)
    return {
        "checked": checked,
        "violations": len(violations),
        "missing": len(missing),
        "no_debrief": no_debrief,
        "unfinished": len(unfinished),
        "before_debrief": _share(proportion(checked - len(violations), checked)),
        "violating_logs": [_violating_log(log) for log in violations],
        "missing_logs": [_log_ref(log) for log in missing],
        "unfinished_logs": [_log_ref(log) for log in unfinished],
    }


def _violating_log(log: Interview) -> ViolatingLog:
    ref = _log_ref(log)
    return {
        "path": ref["path"],
        "interviewer": ref["interviewer"],
        "candidate": ref["candidate"],
        "stage": ref["stage"],
        "date": ref["date"],
        "notes_written": log.notes_written.isoformat() if log.notes_written else None,
        "debrief": log.debrief.isoformat() if log.debrief else None,
    }


def next_interviews(hiring: Hiring) -> dict[str, dt.date]:
    """The day of each candidate's next planned interview (a log dated after today), by
    candidate key: who has heard from us and waits for that day (see :func:`_timing`)."""
    found: dict[str, dt.date] = {}
    for log in hiring.planned:  # in interview order: the first is the next
        if log.candidate is not None and log.date is not None:
            found.setdefault(log.candidate.key, log.date)
    return found


def _timing(
    quarter: Quarter, everyone: Iterable[Progress], next_interviews: Mapping[str, dt.date]
) -> tuple[TimeSummary, TimeSummary, list[TimelineRow], list[CarriedOver]]:
    """Days from each candidate's last interview (in this quarter) to decision and to being told.

    ``carried_over`` lists who was already waiting on us when the quarter began and still is.
    A candidate with an interview planned (``next_interviews``, by candidate key) has heard
    from us and waits for that day, not on us, as the pipeline has it.
    """
    rows: list[TimelineRow] = []
    carried_over: list[CarriedOver] = []
    start, end = quarter.start, quarter.end  # computed, not stored: once, not per candidate
    for p in everyone:
        # (Only for one who would wait on us: a log dated ahead for a candidate decided and
        # told is a slip, which lint reports as VT215, not an interview to wait for.)
        next_interview = next_interviews.get(p.person.key) if p.waiting_for else None
        waiting_for = None if next_interview else p.waiting_for
        if waiting_for and p.waiting_since and p.waiting_since < start:
            carried_over.append(
                {
                    "name": p.person.name,
                    "path": p.person.path,
                    "waiting_for": waiting_for,
                    "since": _day(p.waiting_since),
                }
            )
        last = p.last_interview
        if last is None or not start <= last <= end or p.decision == "withdrew":
            continue
        record = p.record
        decided = p.decided_after_last_interview and record is not None
        decision_date = record.decision_date if decided and record else None
        notified = record.notified if decided and record else None
        rows.append(
            {
                "name": p.person.name,
                "path": p.person.path,
                "last_interview": _day(last),
                "decision": p.decision,
                "offer_outcome": record.offer_outcome if record is not None else None,
                "decision_date": _day(decision_date),
                "days_to_decision": (decision_date - last).days if decision_date else None,
                "notified": _day(notified),
                "days_to_notification": (notified - last).days
                if notified and notified >= last
                else None,
                "waiting_for": waiting_for,
                "waiting_since": _day(p.waiting_since) if waiting_for else None,
                "next_interview": _day(next_interview),
            }
        )
    rows.sort(key=lambda row: (row["last_interview"] or "", (row["name"] or "").casefold()))
    decision = _time_summary(rows, [row["days_to_decision"] for row in rows], WAITING_DECISION)
    told = _time_summary(rows, [row["days_to_notification"] for row in rows], WAITING_NOTIFICATION)
    carried_over.sort(key=lambda row: (row["since"] or "", row["name"] or ""))
    return decision, told, rows, carried_over


def _time_summary(
    rows: Sequence[TimelineRow], row_days: Sequence[int | None], waiting: str
) -> TimeSummary:
    """Median and longest of ``row_days`` (one per row, None: not yet), and who is waiting."""
    days = [value for value in row_days if value is not None]
    longest = max(days) if days else None
    return {
        "n": len(days),
        "median_days": _round(median(days)),
        "longest_days": longest,
        "longest": [
            {"name": row["name"], "path": row["path"]}
            for row, value in zip(rows, row_days, strict=True)
            if longest is not None and value == longest
        ],
        "waiting": [
            {"name": row["name"], "path": row["path"], "since": row["waiting_since"]}
            for row in rows
            if row["waiting_for"] == waiting
            or (waiting == WAITING_NOTIFICATION and row["waiting_for"] == WAITING_DECISION)
        ],
        "planned": sum(
            1
            for row, value in zip(rows, row_days, strict=True)
            if value is None and row["next_interview"]
        ),
    }


_Split = Mapping[tuple[str, str, str], tuple[Sequence[Interview], list[str]]]


def _split_said(panel: Sequence[Interview]) -> list[str] | None:
    """What a split panel said (a yes and a no among its recommendations); None: not split."""
    said = [log.recommendation for log in panel if log.recommendation]
    if said and not YES_SIDE.isdisjoint(said) and not NO_SIDE.isdisjoint(said):
        return said
    return None


def _split_panels(panels: Mapping[tuple[str, str, str], list[Interview]]) -> _Split:
    return {key: (panel, said) for key, panel in panels.items() if (said := _split_said(panel))}


def _rejected_despite(p: Progress) -> RejectedDespiteStrongYes | None:
    strong = [log for log in p.logs if log.recommendation == "strong-yes"]
    if not strong:
        return None
    return {
        "name": p.person.name,
        "path": p.person.path,
        "strong_yes": [
            {
                "interviewer": log.author.name if log.author else None,
                "stage": log.stage,
                "path": log.path,
            }
            for log in strong
        ],
    }


# A split panel's row, with what it was made from: what the panel said (the list object kept
# with the panel) and the candidate's standing.
_SplitRows = dict[tuple[str, str, str], tuple[list[str], Progress | None, SplitPanel]]
# A rejected candidate's row (None: nobody said strong-yes), by key, with their standing.
_DespiteRows = dict[str, tuple[Progress, RejectedDespiteStrongYes | None]]


@dataclass(frozen=True)
class _RiskRows:
    """The rows of the risk-aversion figures with what each was made from, to be reused
    when made from the same objects."""

    split: _SplitRows = field(default_factory=dict)
    despite: _DespiteRows = field(default_factory=dict)


def _split_place(key: tuple[str, str, str], split: _Split) -> tuple[dt.date, tuple[str, str, str]]:
    """Where a split panel comes in its table: by its day, then its key."""
    return (split[key][0][0].date or dt.date.min, key)


def _risk_aversion(
    interviewed: Sequence[str],
    split_panels: _Split,
    order: Sequence[tuple[str, str, str]],
    everyone: dict[str, Progress],
    rows: _RiskRows,
    known: _RiskRows | None = None,
    changed: tuple[Collection[str], Collection[tuple[str, str, str]]] | None = None,
) -> RiskAversion:
    """``interviewed``: the keys of the candidates interviewed in the quarter, sorted;
    ``split_panels``: its split panels (:func:`_split_panels`), whose keys ``order`` lists in
    the order of :func:`_split_place`. ``rows``: filled with each row (of a split panel, of a
    rejected candidate); ``known``: the rows made last time, reused when made from the same
    objects. ``changed``: when all that changed since ``known`` is the standing of these
    candidates and what these panels said (the same candidates interviewed), only their rows
    are looked at again."""
    if known is not None and changed is not None:
        _changed_rows(interviewed, split_panels, everyone, rows, known, *changed)
    else:
        for key in interviewed:
            p = everyone.get(key)
            if p is None or not _is_rejected(p):
                continue
            entry = known.despite.get(key) if known is not None else None
            if entry is None or entry[0] is not p:
                entry = (p, _rejected_despite(p))
            rows.despite[key] = entry
        for panel_key in order:
            said = split_panels[panel_key][1]
            where = everyone.get(panel_key[0])
            kept = known.split.get(panel_key) if known is not None else None
            if kept is not None and kept[0] is said and kept[1] is where:
                rows.split[panel_key] = kept
            else:
                rows.split[panel_key] = _split_row(panel_key, split_panels, where)
    despite = [entry for _, entry in rows.despite.values() if entry is not None]
    split_rows = rows.split
    splits = [split_rows[key][2] for key in order]
    settled = [split for split in splits if split["outcome"] in ("went on", "rejected")]
    return {
        "rejected": len(rows.despite),
        "rejected_despite_strong_yes": _share(proportion(len(despite), len(rows.despite))),
        "rejected_despite_strong_yes_list": despite,
        "split_panels": len(splits),
        "split_panels_rejected": _share(
            proportion(sum(1 for split in settled if split["outcome"] == "rejected"), len(settled))
        ),
        "split_panel_list": splits,
    }


def _is_rejected(p: Progress | None) -> bool:
    return p is not None and p.record is not None and p.record.decision == "rejected"


def _changed_rows(
    interviewed: Sequence[str],
    split_panels: _Split,
    everyone: dict[str, Progress],
    rows: _RiskRows,
    known: _RiskRows,
    people: Collection[str],
    panels: Collection[tuple[str, str, str]],
) -> None:
    """The rows of :func:`_risk_aversion` when only ``people``'s standings and what
    ``panels`` said changed: the other rows are taken over as they were (a quarter has
    hundreds)."""
    despite = dict(known.despite)  # in the order of `interviewed` (sorted keys)
    joined = False
    for key in people:
        if bisect.bisect_left(interviewed, key) == bisect.bisect_right(interviewed, key):
            continue  # not interviewed in the quarter
        p = everyone.get(key)
        if not _is_rejected(p):
            despite.pop(key, None)
            continue
        assert p is not None
        joined = joined or key not in despite
        entry = despite.get(key)
        despite[key] = entry if entry is not None and entry[0] is p else (p, _rejected_despite(p))
    rows.despite.update(sorted(despite.items()) if joined else despite)
    split = dict(known.split)
    for gone in split.keys() - split_panels.keys():
        del split[gone]
    stale = {key for key in panels if key in split_panels}
    if people:
        stale.update(key for key in split_panels if key[0] in people)
    for panel_key in stale:
        said = split_panels[panel_key][1]
        where = everyone.get(panel_key[0])
        kept = split.get(panel_key)
        if kept is None or kept[0] is not said or kept[1] is not where:
            split[panel_key] = _split_row(panel_key, split_panels, where)
    rows.split.update(split)


def _split_row(
    panel_key: tuple[str, str, str], split_panels: _Split, where: Progress | None
) -> tuple[list[str], Progress | None, SplitPanel]:
    panel, said = split_panels[panel_key]
    _candidate, stage, _day = panel_key
    later = where is not None and where.furthest_stage_index > STAGES.index(stage)
    if where is not None and (later or where.decision in ("offer", "hired")):
        outcome = "went on"
    elif where is not None and where.decision in ("rejected", "withdrew"):
        outcome = where.decision
    else:
        outcome = "open"
    candidate = _person(panel[0].candidate)
    row: SplitPanel = {
        "name": candidate["name"],
        "path": candidate["path"],
        "stage": stage,
        "recommendations": sorted(said, key=lambda rec: -RECOMMENDATIONS.index(rec)),
        "outcome": outcome,
    }
    return said, where, row


# The rows of the hires of the last predictive-value figures, with the Progress each was made
# from (kept, so its id is not reused), by the candidate's key.
_hire_rows: dict[str, tuple[Progress, HireRow]] = {}


def _hire_row(p: Progress) -> HireRow:
    record = p.record
    assert record is not None
    all_scores = [s for log in p.logs for key in SCORE_KEYS if (s := log.score(key)) is not None]
    theme_scores = {
        key: _round(median([s for log in p.logs if (s := log.score(key)) is not None]))
        for key in THEMES
    }
    recs = [v for log in p.logs if (v := recommendation_value(log.recommendation))]
    return {
        "name": p.person.name,
        "path": p.person.path,
        "hired": _day(record.decision_date),
        "logs": len(p.logs),
        "median_score": _round(median(all_scores)),
        "scores_n": len(all_scores),
        "theme_medians": theme_scores,
        "median_recommendation": _round(median(recs)),
        "probation_passed": record.probation_passed,
        "performance_6m": record.performance_6m,
        "performance_12m": record.performance_12m,
    }


def _predictive_value(hiring: Hiring, everyone: Iterable[Progress]) -> PredictiveValue:
    global _hire_rows
    hires = [p for p in everyone if p.decision == "hired"]
    hires.sort(key=lambda p: (p.last_interview or dt.date.min, p.person.name.casefold()))
    # A hire whose standing is the very same object as last time keeps their row (the
    # watcher keeps the Progress of every candidate whose note and logs did not change).
    known, _hire_rows = _hire_rows, {}
    rows: list[HireRow] = []
    for p in hires:
        kept = known.get(p.person.key)
        row = kept[1] if kept is not None and kept[0] is p else _hire_row(p)
        _hire_rows[p.person.key] = (p, row)
        rows.append(row)

    def correlation(outcome: Sequence[int | None]) -> Correlation:
        pairs = [
            (row["median_score"], value)
            for row, value in zip(rows, outcome, strict=True)
            if row["median_score"] is not None and value is not None
        ]
        rho = (
            spearman([a for a, _ in pairs], [b for _, b in pairs])
            if len(pairs) >= MIN_PAIRS_FOR_CORRELATION
            else None
        )
        return {"n": len(pairs), "spearman": _round(rho)}

    probation_known = [row for row in rows if row["probation_passed"] is not None]
    passed = [row for row in probation_known if row["probation_passed"]]
    return {
        "hires": len(rows),
        "with_outcomes": sum(
            1
            for row in rows
            if row["probation_passed"] is not None
            or row["performance_6m"] is not None
            or row["performance_12m"] is not None
        ),
        "probation_passed": _share(proportion(len(passed), len(probation_known))),
        "performance_6m": correlation([row["performance_6m"] for row in rows]),
        "performance_12m": correlation([row["performance_12m"] for row in rows]),
        "hires_list": rows,
        "caveat": "Only hired candidates have outcomes: the people we rejected might have done "
        "as well or better, so this cannot show whether the interviews pick the right people, "
        "only whether, among the people we picked, higher interview scores went with better "
        "outcomes.",
    }


# ------------------------------------------------------------- what a manager decides with
MIN_FOR_SHARE = 5  # no percentage below this n
MIN_INTERVIEWS_FOR_LOAD = 5  # "carries too much" needs at least this many interviews
NO_SOURCE = "not recorded"
BEFORE_INTERVIEWS = "before any interview"


class InterviewerLoad(TypedDict):
    interviewer: str
    interviews: int  # interviews (meetings) they sat in
    logs: int  # logs they wrote (first interviewer listed)
    by_stage: dict[str, int]  # interviews by stage
    share: Share  # of all the quarter's interviews


class Workload(TypedDict):
    """Who sat in the quarter's interviews; ``heavy``: the interviewer who clearly carries
    too much (more than half of at least MIN_INTERVIEWS_FOR_LOAD interviews, and at least
    twice as many as anyone else), or None."""

    interviews: int
    interviewers: list[InterviewerLoad]
    heavy: str | None


class DaysRow(PersonRef):
    first_contact: str
    offer_date: str
    days: int
    offer_outcome: str | None


class DaysSummary(TypedDict):
    n: int
    median_days: float | None
    longest_days: int | None
    longest: list[PersonRef]


class StepDays(DaysSummary):
    step: str  # the step reached: a stage, or "offer"


class TimeToHire(TypedDict):
    """Days from first contact to the offer, for offers made this quarter; and the days
    before each step, for steps reached this quarter."""

    to_offer: DaysSummary
    to_accepted_offer: DaysSummary
    offers: list[DaysRow]
    steps: list[StepDays]


class OfferRow(PersonRef):
    offer_date: str
    outcome: str  # accepted, declined or pending


class Offers(TypedDict):
    """Offers made this quarter (``offer_date`` in it); acceptance over the answered ones."""

    made: int
    accepted: int
    declined: int
    pending: int
    acceptance: Share
    offers: list[OfferRow]


class SourceRow(TypedDict):
    source: str
    candidates: int
    reached_technical: int
    offer: int
    hired: int
    reached_technical_share: Share | None  # only with at least MIN_FOR_SHARE candidates
    offer_share: Share | None
    hired_share: Share | None


class Sources(TypedDict):
    """Candidates whose first contact was this quarter, by where they came from."""

    candidates: int
    sources: list[SourceRow]


class Rejection(PersonRef):
    reason: str | None


class RejectionStage(TypedDict):
    stage: str  # the furthest stage reached, or BEFORE_INTERVIEWS
    rejected: int
    candidates: list[Rejection]


class RejectionsByStage(TypedDict):
    """Candidates rejected this quarter (``decision_date`` in it), by the furthest stage."""

    rejected: int
    with_reason: int
    stages: list[RejectionStage]


class CaseUse(TypedDict):
    case: str | None  # the case's name, None: a case interview without a case linked
    path: str | None
    candidates: int


class RoleLevelCases(TypedDict):
    role: str | None
    level: str | None
    candidates: int
    cases: list[CaseUse]
    varied: bool  # candidates of this role and level got different cases (linked ones)


class Consistency(TypedDict):
    """Which case each role × level got (case interviews this quarter), and the get-to-know
    logs with all three *Why* sections written (``unknown``: a body that could not be read)."""

    cases: list[RoleLevelCases]
    why_sections: Share
    why_sections_unknown: int
    why_sections_missing: list[LogRef]
    why_sections_unfinished: int  # get-to-know logs not written up yet: not counted


def workload(logs: Sequence[Interview]) -> Workload:
    events: dict[tuple[str, str, str], list[Interview]] = {}
    for log in logs:
        events.setdefault(log.event_key, []).append(log)
    names: dict[str, str] = {}
    interviews: Counter[str] = Counter()
    written: Counter[str] = Counter()
    by_stage: dict[str, Counter[str]] = {}
    for event_logs in events.values():
        # Everyone listed on any log of the meeting sat in it.
        present = {p.key: p for log in event_logs for p in log.interviewers}
        stage = event_logs[0].stage or "unknown"
        for key, person in present.items():
            names.setdefault(key, person.name)
            interviews[key] += 1
            by_stage.setdefault(key, Counter())[stage] += 1
    for log in logs:
        if log.author is not None:
            names.setdefault(log.author.key, log.author.name)
            written[log.author.key] += 1
    total = len(events)
    rows: list[InterviewerLoad] = [
        {
            "interviewer": names[key],
            "interviews": interviews[key],
            "logs": written[key],
            "by_stage": {
                stage: by_stage.get(key, Counter())[stage]
                for stage in (*STAGES, "unknown")
                if stage in STAGES or by_stage.get(key, Counter())[stage]
            },
            "share": _share(proportion(interviews[key], total)),
        }
        for key in sorted(names, key=lambda k: (-interviews[k], names[k].casefold(), k))
    ]
    heavy = None
    if rows and total >= MIN_INTERVIEWS_FOR_LOAD:
        first, runner_up = rows[0]["interviews"], rows[1]["interviews"] if len(rows) > 1 else 0
        if 2 * first > total and first >= 2 * runner_up:
            heavy = rows[0]["interviewer"]
    return {"interviews": total, "interviewers": rows, "heavy": heavy}


def _days_summary(rows: Sequence[tuple[Person, int]]) -> DaysSummary:
    days = [value for _, value in rows]
    longest = max(days) if days else None
    return {
        "n": len(days),
        "median_days": _round(median(days)),
        "longest_days": longest,
        "longest": [_person(person) for person, value in rows if value == longest],
    }


def time_to_hire(quarter: Quarter, everyone: Iterable[Progress]) -> TimeToHire:
    offer_rows: list[DaysRow] = []
    to_offer: list[tuple[Person, int]] = []
    to_accepted: list[tuple[Person, int]] = []
    steps: dict[str, list[tuple[Person, int]]] = {step: [] for step in (*STAGES, "offer")}
    for p in everyone:
        record = p.record
        if record is None or record.first_contact is None:
            continue
        start = record.first_contact
        offer_date = record.offer_date
        if offer_date is not None and offer_date in quarter and offer_date >= start:
            days = (offer_date - start).days
            to_offer.append((p.person, days))
            if record.offer_outcome == "accepted":
                to_accepted.append((p.person, days))
            offer_rows.append(
                {
                    **_person(p.person),
                    "first_contact": start.isoformat(),
                    "offer_date": offer_date.isoformat(),
                    "days": days,
                    "offer_outcome": record.offer_outcome,
                }
            )
        # Each step (a stage's first interview, then the offer) counts in the quarter it was
        # reached, as days since the step before (the first contact for the first one).
        # Only candidates with an interview or an offer in or after the quarter can have one.
        last = max(p.last_interview or dt.date.min, offer_date or dt.date.min)
        if start > quarter.end or last < quarter.start:
            continue
        previous = start
        for step, day in step_days(p):
            if day < previous:
                break  # dates out of order (lint says so): no day count from them
            if day in quarter:
                steps[step].append((p.person, (day - previous).days))
            previous = day
    offer_rows.sort(key=lambda row: (row["offer_date"], (row["name"] or "").casefold()))
    for found in (to_offer, to_accepted, *steps.values()):
        found.sort(key=lambda item: (item[0].name.casefold(), item[0].key))
    return {
        "to_offer": _days_summary(to_offer),
        "to_accepted_offer": _days_summary(to_accepted),
        "offers": offer_rows,
        "steps": [{"step": step, **_days_summary(rows)} for step, rows in steps.items()],
    }


def step_days(p: Progress) -> list[tuple[str, dt.date]]:
    """The day each stage was first interviewed, in stage order, then the offer day."""
    found: list[tuple[str, dt.date]] = []
    for stage in STAGES:
        days = [log.date for log in p.logs if log.stage == stage and log.date is not None]
        if days:
            found.append((stage, min(days)))
    if p.record is not None and p.record.offer_date is not None:
        found.append(("offer", p.record.offer_date))
    return found


def offers(quarter: Quarter, everyone: Iterable[Progress]) -> Offers:
    rows: list[OfferRow] = []
    for p in everyone:
        record = p.record
        if record is None or record.offer_date is None or record.offer_date not in quarter:
            continue
        rows.append(
            {
                **_person(p.person),
                "offer_date": record.offer_date.isoformat(),
                "outcome": record.offer_outcome or "pending",
            }
        )
    rows.sort(key=lambda row: (row["offer_date"], (row["name"] or "").casefold()))
    outcomes = Counter(row["outcome"] for row in rows)
    answered = outcomes["accepted"] + outcomes["declined"]
    return {
        "made": len(rows),
        "accepted": outcomes["accepted"],
        "declined": outcomes["declined"],
        "pending": outcomes["pending"],
        "acceptance": _share(proportion(outcomes["accepted"], answered)),
        "offers": rows,
    }


def _share_from(successes: int, n: int) -> Share | None:
    return _share(proportion(successes, n)) if n >= MIN_FOR_SHARE else None


def sources(quarter: Quarter, everyone: Iterable[Progress]) -> Sources:
    counts: dict[str, list[int]] = {}
    for p in everyone:
        record = p.record
        if record is None or record.first_contact is None or record.first_contact not in quarter:
            continue
        row = counts.setdefault(record.source or NO_SOURCE, [0, 0, 0, 0])
        row[0] += 1
        row[1] += p.furthest_stage_index >= STAGES.index("technical")
        row[2] += record.offer_date is not None or record.decision in ("offer", "hired")
        row[3] += record.decision == "hired"

    def order(source: str) -> tuple[int, str]:
        return (SOURCES.index(source) if source in SOURCES else len(SOURCES), source)

    rows: list[SourceRow] = [
        {
            "source": source,
            "candidates": n,
            "reached_technical": technical,
            "offer": offer,
            "hired": hired,
            "reached_technical_share": _share_from(technical, n),
            "offer_share": _share_from(offer, n),
            "hired_share": _share_from(hired, n),
        }
        for source, (n, technical, offer, hired) in sorted(
            counts.items(), key=lambda item: order(item[0])
        )
    ]
    return {"candidates": sum(row["candidates"] for row in rows), "sources": rows}


def rejections_by_stage(quarter: Quarter, everyone: Iterable[Progress]) -> RejectionsByStage:
    found: dict[str, list[Rejection]] = {}
    for p in everyone:
        record = p.record
        if record is None or record.decision != "rejected":
            continue
        if record.decision_date is None or record.decision_date not in quarter:
            continue
        index = p.furthest_stage_index
        stage = STAGES[index] if index >= 0 else BEFORE_INTERVIEWS
        found.setdefault(stage, []).append({**_person(p.person), "reason": record.rejection_reason})
    stages: list[RejectionStage] = [
        {
            "stage": stage,
            "rejected": len(found[stage]),
            "candidates": sorted(found[stage], key=lambda row: (row["name"] or "").casefold()),
        }
        for stage in (BEFORE_INTERVIEWS, *STAGES)
        if stage in found
    ]
    everyone_rejected = [row for stage in stages for row in stage["candidates"]]
    return {
        "rejected": len(everyone_rejected),
        "with_reason": sum(1 for row in everyone_rejected if row["reason"]),
        "stages": stages,
    }


def consistency(logs: Sequence[Interview]) -> Consistency:
    groups: dict[tuple[str | None, str | None], dict[str | None, set[str]]] = {}
    cases: dict[str | None, Person | None] = {}
    for log in logs:
        if log.stage != "case" or log.candidate is None:
            continue
        case_key = log.case.key if log.case else None
        cases.setdefault(case_key, log.case)
        groups.setdefault((log.role, log.level), {}).setdefault(case_key, set()).add(
            log.candidate.key
        )
    rows: list[RoleLevelCases] = []
    for (role, level), by_case in sorted(
        groups.items(), key=lambda item: (role_order(item[0][0]), level_order(item[0][1]))
    ):
        uses: list[CaseUse] = []
        for case_key, people in by_case.items():
            case = cases[case_key]
            uses.append(
                {
                    "case": case.name if case else None,
                    "path": case.path if case else None,
                    "candidates": len(people),
                }
            )
        uses.sort(key=lambda use: (-use["candidates"], (use["case"] or "~").casefold()))
        rows.append(
            {
                "role": role,
                "level": level,
                "candidates": len(set().union(*by_case.values())),
                "cases": uses,
                # A log with no case linked says nothing of which case it was.
                "varied": len(by_case.keys() - {None}) > 1,
            }
        )
    get_to_know = [log for log in logs if log.stage == "get-to-know"]
    # A log not written up yet (no `notes_written`) has no sections to count yet.
    written = [log for log in get_to_know if not log.unfinished]
    known = [log for log in written if log.why_sections_filled is not None]
    missing = [log for log in known if not log.why_sections_filled]
    return {
        "cases": rows,
        "why_sections": _share(proportion(len(known) - len(missing), len(known))),
        "why_sections_unknown": len(written) - len(known),
        "why_sections_missing": [_log_ref(log) for log in missing],
        "why_sections_unfinished": len(get_to_know) - len(written),
    }
