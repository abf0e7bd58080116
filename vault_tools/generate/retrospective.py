"""The quarterly interview retrospective: figures first, then the note that shows them.

:func:`retrospective_figures` computes everything as plain JSON-ready data (what
``vault-tools retro --format json`` prints); :func:`render_retrospective` turns those figures
into markdown. Both are pure.

The honesty rules of a small sample, applied throughout: every figure carries its n; scores
are ordinal (1–4), so they get medians and distributions, never means; a count out of a total
gets a Wilson 95% interval; below 10 pairs no correlation coefficient is printed, the pairs
are; and outcomes exist only for people we hired, which the predictive section says plainly.

Counting units, because a panel writes one log per interviewer:

* a *log* is one note (one interviewer's view);
* an *interview* is one meeting: the logs sharing candidate, stage and date;
* a *panel* is everything said about one candidate at one stage (for calibration and split
  decisions), whatever the dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from vault_tools.generate import markup
from vault_tools.generate.indexes import SectionCache, level_order, person_link, role_order
from vault_tools.hiring import (
    CASE_CRITERIA,
    RECOMMENDATIONS,
    SCORE_KEYS,
    STAGES,
    THEME_LABELS,
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
from vault_tools.stats import MIN_PAIRS_FOR_CORRELATION, median, proportion, spearman

__all__ = ["predictive_value", "render_retrospective", "retrospective_figures"]

# What a caller keeps between calls to reuse figures of unchanged inputs (the watcher's cache
# of rendered parts): key -> (the inputs, the figures computed from them).
FigureCache = SectionCache

MIN_SHARED_FOR_FLAG = 5  # interviewer calibration is only flagged on at least this many panels
CALIBRATION_THRESHOLD = 0.5  # median difference (score points) that earns a flag
YES_SIDE = frozenset({"yes", "strong-yes"})
NO_SIDE = frozenset({"no", "strong-no"})


def _person(person: Person | None) -> dict[str, Any]:
    if person is None:
        return {"name": None, "path": None}
    return {"name": person.name, "path": person.path}


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
) -> dict[str, Any]:
    """Every figure of the quarter's retrospective, as JSON-ready data. ``cache``: parts
    computed before, kept by the caller between calls; the figures are the same without it."""
    logs = hiring.interviews_in(quarter)
    events: dict[tuple[str, str, str], list[Interview]] = {}
    for log in logs:
        events.setdefault(log.event_key, []).append(log)
    candidates = {log.candidate.key for log in logs if log.candidate}
    everyone = hiring.progress_by_key
    panels = _panels(logs)
    by_stage = {stage: 0 for stage in STAGES}
    for event_logs in events.values():
        stage = event_logs[0].stage
        by_stage[stage or "unknown"] = by_stage.get(stage or "unknown", 0) + 1
    recommendations = {rec: 0 for rec in RECOMMENDATIONS}
    recommendations["missing"] = 0
    for log in logs:
        recommendations[log.recommendation or "missing"] += 1
    return {
        "quarter": str(quarter),
        "period": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "interviews": len(events),
        "logs": len(logs),
        "candidates": len(candidates),
        "by_stage": by_stage,
        "volume": _volume(events),
        "recommendations": recommendations,
        "recommendations_by_stage": _recommendations_by_stage(logs),
        "funnel": _funnel(hiring, logs, everyone),
        "scores": _scores(logs),
        "calibration": _calibration(logs, panels, cache),
        "independence": _independence(logs),
        **_timing(quarter, everyone.values()),
        "risk_aversion": _risk_aversion(logs, panels, everyone),
        "predictive_value": predictive_value(hiring),
    }


def predictive_value(hiring: Hiring) -> dict[str, Any]:
    """The predictive-value figures: the same for every quarter (they read the hires only),
    computed once per :class:`Hiring` and shared: read it, do not change it."""
    cached: dict[str, Any] | None = hiring.__dict__.get("_predictive_value")
    if cached is None:
        global _last_predictive
        hires = tuple(p for p in progress_of(hiring) if p.decision == "hired")
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
# and those figures; and the last figures rendered, with their markdown.
_last_predictive: tuple[tuple[Progress, ...], dict[str, Any]] | None = None
_last_predictive_markdown: tuple[dict[str, Any], str] | None = None


def _same_objects(old: Sequence[object], new: Sequence[object]) -> bool:
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def _volume(events: dict[tuple[str, str, str], list[Interview]]) -> list[dict[str, Any]]:
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


def _recommendations_by_stage(logs: Sequence[Interview]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for log in logs:
        row = table.setdefault(
            log.stage or "unknown", {r: 0 for r in (*RECOMMENDATIONS, "missing")}
        )
        row[log.recommendation or "missing"] += 1
    return {stage: table[stage] for stage in [*STAGES, "unknown"] if stage in table}


def _funnel(
    hiring: Hiring, logs: Sequence[Interview], everyone: dict[str, Progress]
) -> dict[str, Any]:
    cohort = sorted(
        {log.candidate.key for log in logs if log.candidate and log.stage == "get-to-know"}
    )
    members = [everyone[key] for key in cohort if key in everyone]
    stages: list[dict[str, Any]] = []
    previous: int | None = None
    for index, stage in enumerate(STAGES):
        reached = sum(1 for p in members if p.furthest_stage_index >= index)
        stages.append(_funnel_step(stage, reached, len(members), previous))
        previous = reached
    offers = sum(1 for p in members if p.decision in ("offer", "hired"))
    stages.append(_funnel_step("offer/hired", offers, len(members), previous))
    open_count = sum(1 for p in members if p.decision in (None, "pending", "advanced"))
    return {
        "cohort": len(members),
        "stages": stages,
        "still_open": open_count,
        "withdrew": sum(1 for p in members if p.decision == "withdrew"),
        "rejected": sum(1 for p in members if p.decision == "rejected"),
        "members": [
            {
                **_person(p.person),
                "furthest_stage": STAGES[p.furthest_stage_index]
                if p.furthest_stage_index >= 0
                else None,
                "decision": p.decision,
            }
            for p in members
        ],
    }


def _funnel_step(stage: str, reached: int, cohort: int, previous: int | None) -> dict[str, Any]:
    # More offers than finalists happens (an offer right after the case stage): no rate then.
    step = proportion(reached, previous) if previous and reached <= previous else None
    return {
        "stage": stage,
        "reached": reached,
        "of_cohort": proportion(reached, cohort).to_dict(),
        "from_previous": step.to_dict() if step else None,
    }


def _scores(logs: Sequence[Interview]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for key in SCORE_KEYS:
        given = [score for log in logs if (score := log.score(key)) is not None]
        not_assessed = sum(1 for log in logs if key in log.scores and log.scores[key] is None)
        counts = Counter(given)
        result[key] = {
            "n": len(given),
            "median": _round(median(given)),
            "counts": {str(value): counts[value] for value in range(1, 5)},
            "not_assessed": not_assessed,
            "three_or_four": proportion(counts[3] + counts[4], len(given)).to_dict(),
        }
    return result


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


def _calibration(
    logs: Sequence[Interview],
    panels: Mapping[tuple[str, str, str], list[Interview]],
    cache: FigureCache | None = None,
) -> dict[str, Any]:
    """Each interviewer against the rest of the panel on the same candidate and stage.

    Per shared panel: the median over score keys of (their score − the median of the others'
    scores on that key); then the median of those per-panel differences. n counts panels,
    not individual scores, because scores within one panel are not independent.

    ``cache``: kept by the caller between calls (the watcher): a panel whose logs are the very
    same objects as last time is not compared again, so one changed log costs one panel.
    """
    differences: dict[str, list[float]] = {}
    recommendation_differences: dict[str, list[float]] = {}
    panel_sizes: list[int] = []
    names: dict[str, str] = {}
    pairs: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for log in logs:
        if log.author is not None:
            names.setdefault(log.author.key, log.author.name)
            differences.setdefault(log.author.key, [])
            recommendation_differences.setdefault(log.author.key, [])
    for panel_key, panel in panels.items():
        if cache is None:
            found = _panel_calibration(panel)
        else:
            cached = cache.get(("calibration", panel_key))
            if cached is not None and _same_objects(cast(tuple[Interview, ...], cached[0]), panel):
                found = cached[1]
            else:
                found = _panel_calibration(panel)
                cache["calibration", panel_key] = (tuple(panel), found)
        if found is None:
            continue
        panel_sizes.append(found.authors)
        ordered = sorted(
            dict.fromkeys(author for author, _, _ in found.per_log),
            key=lambda key: (names[key].casefold(), key),
        )
        for index, left in enumerate(ordered):
            for right in ordered[index + 1 :]:
                score_diffs, rec_diffs = pairs.setdefault((left, right), ([], []))
                score_difference, rec_difference = found.pairs[left, right]
                if score_difference is not None:
                    score_diffs.append(score_difference)
                if rec_difference is not None:
                    rec_diffs.append(rec_difference)
        for author, difference, rec_difference in found.per_log:
            if difference is not None:
                differences[author].append(difference)
            if rec_difference is not None:
                recommendation_differences[author].append(rec_difference)
    result = []
    for key in sorted(names, key=lambda k: (names[k].casefold(), k)):
        diffs = differences[key]
        middle = median(diffs)
        flagged = (
            len(diffs) >= MIN_SHARED_FOR_FLAG
            and middle is not None
            and abs(middle) >= CALIBRATION_THRESHOLD
        )
        result.append(
            {
                "interviewer": names[key],
                "n": len(diffs),
                "median_difference": _round(middle),
                "higher": sum(1 for d in diffs if d > 0),
                "same": sum(1 for d in diffs if d == 0),
                "lower": sum(1 for d in diffs if d < 0),
                "recommendation_n": len(recommendation_differences[key]),
                "median_recommendation_difference": _round(median(recommendation_differences[key])),
                "flagged": flagged,
            }
        )
    pair_rows = []
    for (left, right), (score_diffs, rec_diffs) in sorted(
        pairs.items(), key=lambda item: (names[item[0][0]].casefold(), names[item[0][1]].casefold())
    ):
        middle = median(score_diffs)
        pair_rows.append(
            {
                "interviewers": [names[left], names[right]],
                "n": len(score_diffs),
                "median_difference": _round(middle),  # first minus second
                "first_higher": sum(1 for d in score_diffs if d > 0),
                "same": sum(1 for d in score_diffs if d == 0),
                "second_higher": sum(1 for d in score_diffs if d < 0),
                "recommendation_n": len(rec_diffs),
                "median_recommendation_difference": _round(median(rec_diffs)),
                "flagged": len(score_diffs) >= MIN_SHARED_FOR_FLAG
                and middle is not None
                and abs(middle) >= CALIBRATION_THRESHOLD,
            }
        )
    return {
        "panels": len(panel_sizes),
        "two_person_panels": sum(1 for size in panel_sizes if size == 2),
        "interviewers": result,
        "pairs": pair_rows,
    }


def _log_ref(log: Interview) -> dict[str, Any]:
    return {
        "path": log.path,
        "interviewer": log.author.name if log.author else None,
        "candidate": log.candidate.name if log.candidate else None,
        "stage": log.stage,
        "date": _day(log.date),
    }


def _independence(logs: Sequence[Interview]) -> dict[str, Any]:
    by_kind: dict[str, list[Interview]] = {"ok": [], "violation": [], "missing": []}
    no_debrief = 0
    for log in logs:
        kind = log.independence  # worked out from the dates each time: ask once
        if kind in by_kind:
            by_kind[kind].append(log)
        else:
            no_debrief += 1
    violations, missing = by_kind["violation"], by_kind["missing"]
    checked = len(by_kind["ok"]) + len(violations)
    return {
        "checked": checked,
        "violations": len(violations),
        "missing": len(missing),
        "no_debrief": no_debrief,
        "before_debrief": proportion(checked - len(violations), checked).to_dict(),
        "violating_logs": [
            {
                **_log_ref(log),
                "notes_written": log.notes_written.isoformat() if log.notes_written else None,
                "debrief": log.debrief.isoformat() if log.debrief else None,
            }
            for log in violations
        ],
        "missing_logs": [_log_ref(log) for log in missing],
    }


def _timing(quarter: Quarter, everyone: Iterable[Progress]) -> dict[str, Any]:
    """Days from each candidate's last interview (in this quarter) to decision and to being told.

    ``carried_over`` lists who was already waiting on us when the quarter began and still is.
    """
    rows: list[dict[str, Any]] = []
    carried_over: list[dict[str, Any]] = []
    start, end = quarter.start, quarter.end  # computed, not stored: once, not per candidate
    for p in everyone:
        if p.waiting_for and p.waiting_since and p.waiting_since < start:
            carried_over.append(
                {**_person(p.person), "waiting_for": p.waiting_for, "since": _day(p.waiting_since)}
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
                **_person(p.person),
                "last_interview": _day(last),
                "decision": p.decision,
                "decision_date": _day(decision_date),
                "days_to_decision": (decision_date - last).days if decision_date else None,
                "notified": _day(notified),
                "days_to_notification": (notified - last).days
                if notified and notified >= last
                else None,
                "waiting_for": p.waiting_for,
                "waiting_since": _day(p.waiting_since),
            }
        )
    rows.sort(key=lambda row: (row["last_interview"], (row["name"] or "").casefold()))

    def summary(days_key: str, waiting: str) -> dict[str, Any]:
        days = [row[days_key] for row in rows if row[days_key] is not None]
        longest = max(days) if days else None
        return {
            "n": len(days),
            "median_days": _round(median(days)),
            "longest_days": longest,
            "longest": [
                {"name": row["name"], "path": row["path"]}
                for row in rows
                if longest is not None and row[days_key] == longest
            ],
            "waiting": [
                {"name": row["name"], "path": row["path"], "since": row["waiting_since"]}
                for row in rows
                if row["waiting_for"] == waiting
                or (waiting == WAITING_NOTIFICATION and row["waiting_for"] == WAITING_DECISION)
            ],
        }

    return {
        "time_to_decision": summary("days_to_decision", WAITING_DECISION),
        "time_to_notification": summary("days_to_notification", WAITING_NOTIFICATION),
        "timeline": rows,
        "carried_over": sorted(carried_over, key=lambda row: (row["since"], row["name"] or "")),
    }


def _risk_aversion(
    logs: Sequence[Interview],
    panels: Mapping[tuple[str, str, str], list[Interview]],
    everyone: dict[str, Progress],
) -> dict[str, Any]:
    interviewed = sorted({log.candidate.key for log in logs if log.candidate})
    rejected = [
        everyone[key]
        for key in interviewed
        if key in everyone and everyone[key].decision == "rejected"
    ]
    despite: list[dict[str, Any]] = []
    for p in rejected:
        strong = [log for log in p.logs if log.recommendation == "strong-yes"]
        if strong:
            despite.append(
                {
                    **_person(p.person),
                    "strong_yes": [
                        {
                            "interviewer": log.author.name if log.author else None,
                            "stage": log.stage,
                            "path": log.path,
                        }
                        for log in strong
                    ],
                }
            )
    splits: list[dict[str, Any]] = []
    for (candidate_key, stage, _day), panel in sorted(
        panels.items(), key=lambda item: (item[1][0].date or dt.date.min, item[0])
    ):
        said = [log.recommendation for log in panel if log.recommendation]
        if not (set(said) & YES_SIDE and set(said) & NO_SIDE):
            continue
        where = everyone.get(candidate_key)
        later = where is not None and where.furthest_stage_index > STAGES.index(stage)
        if where is not None and (later or where.decision in ("offer", "hired")):
            outcome = "went on"
        elif where is not None and where.decision in ("rejected", "withdrew"):
            outcome = where.decision
        else:
            outcome = "open"
        splits.append(
            {
                **_person(panel[0].candidate),
                "stage": stage,
                "recommendations": sorted(said, key=lambda rec: -RECOMMENDATIONS.index(rec)),
                "outcome": outcome,
            }
        )
    settled = [split for split in splits if split["outcome"] in ("went on", "rejected")]
    return {
        "rejected": len(rejected),
        "rejected_despite_strong_yes": proportion(len(despite), len(rejected)).to_dict(),
        "rejected_despite_strong_yes_list": despite,
        "split_panels": len(splits),
        "split_panels_rejected": proportion(
            sum(1 for split in settled if split["outcome"] == "rejected"), len(settled)
        ).to_dict(),
        "split_panel_list": splits,
    }


def _predictive_value(hiring: Hiring, everyone: Iterable[Progress]) -> dict[str, Any]:
    hires = [p for p in everyone if p.decision == "hired"]
    hires.sort(key=lambda p: (p.last_interview or dt.date.min, p.person.name.casefold()))
    rows = []
    for p in hires:
        record = p.record
        assert record is not None
        all_scores = [
            s for log in p.logs for key in SCORE_KEYS if (s := log.score(key)) is not None
        ]
        theme_scores = {
            key: _round(median([s for log in p.logs if (s := log.score(key)) is not None]))
            for key in THEMES
        }
        recs = [v for log in p.logs if (v := recommendation_value(log.recommendation))]
        rows.append(
            {
                **_person(p.person),
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
        )

    def correlation(outcome: str) -> dict[str, Any]:
        pairs = [
            (row["median_score"], row[outcome])
            for row in rows
            if row["median_score"] is not None and row[outcome] is not None
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
        "probation_passed": proportion(len(passed), len(probation_known)).to_dict(),
        "performance_6m": correlation("performance_6m"),
        "performance_12m": correlation("performance_12m"),
        "hires_list": rows,
        "caveat": "Only hired candidates have outcomes: the people we rejected might have done "
        "as well or better, so this cannot show whether the interviews pick the right people, "
        "only whether, among the people we picked, higher interview scores went with better "
        "outcomes.",
    }


# ---------------------------------------------------------------------------------- render
def _stage_label(stage: str | None) -> str:
    return markup.cell(stage or "unknown")


def _share(data: dict[str, Any] | None) -> str:
    """``3/5 (60%, 95% CI 23–88%)``."""
    if not data or not data["n"]:
        return f"0/{data['n'] if data else 0}"
    low, high = data["wilson_95"]
    return (
        f"{data['successes']}/{data['n']} ({markup.percent(data['share'])}, "
        f"95% CI {markup.interval(low, high)})"
    )


def _link(entry: dict[str, Any]) -> str:
    name = entry.get("name") or "?"
    path = entry.get("path")
    return person_link(Person(path or name.casefold(), name, path))


def _log_link(entry: dict[str, Any], label: str | None = None) -> str:
    return markup.wikilink(entry["path"], label or entry.get("interviewer") or "log")


def _moment_text(iso: str | None) -> str | None:
    """``2025-07-09T10:00:00`` -> ``2025-07-09 10:00`` (seconds only when written)."""
    if iso is None:
        return None
    text = iso.replace("T", " ", 1)
    return text[:16] + text[19:] if text[16:19] == ":00" else text


def _chart_and_table(chart: str | None, table: str) -> str:
    return f"{chart}\n\n{table}" if chart else table


def render_retrospective(figures: dict[str, Any]) -> str:
    """The retrospective's generated block: markdown from :func:`retrospective_figures`."""
    if not figures["logs"]:
        period = figures["period"]
        waiting = ", ".join(
            f"{_link(row)} ({row['waiting_for']} since {row['since']})"
            for row in figures["carried_over"]
        )
        return "\n\n".join(
            [
                "## At a glance",
                f"No interview logs are dated {period['start']} to {period['end']}."
                + (f"\n\n- **Still waiting on us:** {waiting}." if waiting else ""),
                _render_predictive(figures["predictive_value"]),
                _render_method(),
            ]
        )
    sections = [
        _render_glance(figures),
        _render_volume(figures),
        _render_funnel(figures["funnel"]),
        _render_recommendations(figures),
        _render_scores(figures["scores"]),
        _render_calibration(figures["calibration"]),
        _render_independence(figures["independence"]),
        _render_timing(figures),
        _render_risk(figures["risk_aversion"]),
        _render_predictive(figures["predictive_value"]),
        _render_method(),
    ]
    return "\n\n".join(sections)


def _render_glance(figures: dict[str, Any]) -> str:
    period = figures["period"]
    lines = [
        "## At a glance",
        "",
        f"- {markup.plural(figures['interviews'], 'interview')} "
        f"({markup.plural(figures['logs'], 'log')}: one per interviewer) with "
        f"{markup.plural(figures['candidates'], 'candidate')}, "
        f"{period['start']} to {period['end']}.",
    ]
    funnel = figures["funnel"]
    if funnel["cohort"]:
        offers = funnel["stages"][-1]
        lines.append(
            f"- Of {markup.plural(funnel['cohort'], 'candidate')} who started with a get-to-know "
            f"this quarter, {offers['reached']} got an offer or "
            f"{'was' if offers['reached'] == 1 else 'were'} hired; "
            f"{funnel['still_open']} still open."
        )
    told = figures["time_to_notification"]
    if told["n"]:
        lines.append(
            f"- From last interview to telling the candidate: median "
            f"{markup.plural_days(told['median_days'])} (n={told['n']}); longest "
            f"{markup.plural_days(told['longest_days'])}: "
            + ", ".join(_link(row) for row in told["longest"])
            + "."
        )
    waiting = figures["time_to_decision"]["waiting"]
    untold = [row for row in figures["timeline"] if row["waiting_for"] == WAITING_NOTIFICATION]
    if waiting:
        names = ", ".join(f"{_link(row)} (since {row['since']})" for row in waiting)
        lines.append(f"- **Waiting for a decision:** {names}.")
    if untold:
        names = ", ".join(f"{_link(row)} (decided {row['waiting_since']})" for row in untold)
        lines.append(f"- **Decided but not told:** {names}.")
    if figures["carried_over"]:
        names = ", ".join(
            f"{_link(row)} ({row['waiting_for']} since {row['since']})"
            for row in figures["carried_over"]
        )
        lines.append(f"- **Still waiting from before this quarter:** {names}.")
    independence = figures["independence"]
    if independence["violations"]:
        lines.append(
            f"- **{independence['violations']} of {independence['checked']} checked logs: notes "
            "written after the debrief**, so they may echo the panel."
        )
    lines += _glance_calibration(figures["calibration"])
    risk = figures["risk_aversion"]
    if risk["rejected_despite_strong_yes_list"]:
        names = ", ".join(_link(row) for row in risk["rejected_despite_strong_yes_list"])
        lines.append(f"- Rejected despite a strong-yes: {names}.")
    return "\n".join(lines)


def _glance_calibration(calibration: dict[str, Any]) -> list[str]:
    """Flagged calibration, said once per pair when every panel was a pair (mirror images)."""
    lines = []
    if calibration["panels"] and calibration["two_person_panels"] == calibration["panels"]:
        for pair in calibration["pairs"]:
            if not pair["flagged"]:
                continue
            first, second = pair["interviewers"]
            difference = pair["median_difference"] or 0
            higher, lower = (first, second) if difference > 0 else (second, first)
            times = pair["first_higher"] if difference > 0 else pair["second_higher"]
            agree = (
                "yet their recommendations usually match (median difference 0), so they seem "
                "to read the 1–4 anchors differently"
                if pair["median_recommendation_difference"] == 0
                else "recommendation difference "
                f"{markup.signed(pair['median_recommendation_difference'])}"
            )
            lines.append(
                f"- {markup.text(higher)} scores {markup.number(abs(difference))} point higher "
                f"than {markup.text(lower)} on the same candidates (median over {pair['n']} "
                f"shared panels, higher in {times} of {pair['n']}); {agree}."
            )
        return lines
    for row in calibration["interviewers"]:
        if row["flagged"]:
            direction = "higher" if (row["median_difference"] or 0) > 0 else "lower"
            lines.append(
                f"- {markup.text(row['interviewer'])} scores {direction} than the rest of the "
                f"panel (median {markup.signed(row['median_difference'])} over {row['n']} panels)."
            )
    return lines


def _render_volume(figures: dict[str, Any]) -> str:
    by_stage = figures["by_stage"]
    labels = [stage for stage in by_stage]
    chart = markup.bar_chart(
        "Interviews by stage", labels, [by_stage[s] for s in labels], "Interviews"
    )
    rows = [
        [
            _stage_label(row["stage"]),
            markup.cell(row["role"]),
            markup.cell(row["level"]),
            str(row["interviews"]),
            str(row["logs"]),
        ]
        for row in figures["volume"]
    ]
    rows.append(["**Total**", "", "", f"**{figures['interviews']}**", f"**{figures['logs']}**"])
    table = markup.table(
        ["Stage", "Role", "Level", "Interviews", "Logs"], rows, [False, False, False, True, True]
    )
    return "## Volume\n\n" + _chart_and_table(chart, table)


def _render_funnel(funnel: dict[str, Any]) -> str:
    head = "## Pass-through funnel"
    if not funnel["cohort"]:
        return (
            head
            + "\n\nNo candidate had a get-to-know this quarter, so there is no cohort to follow."
        )
    intro = (
        f"The {markup.plural(funnel['cohort'], 'candidate')} whose get-to-know was this quarter, "
        "followed to the furthest stage they reached (later quarters included); a stage "
        "counts everyone who got that far, so a stage someone skipped counts them too. "
        f"Since then: {funnel['rejected']} rejected, {funnel['withdrew']} withdrew, "
        f"{funnel['still_open']} still open"
        + (" (so the later steps can still grow)." if funnel["still_open"] else ".")
    )
    labels = [step["stage"] for step in funnel["stages"]]
    chart = markup.bar_chart(
        "Candidates reaching each stage",
        labels,
        [step["reached"] for step in funnel["stages"]],
        "Candidates",
        (0, max(1, funnel["cohort"])),
    )
    rows = [
        [
            markup.text(step["stage"]),
            str(step["reached"]),
            _share(step["of_cohort"]) if index else "the cohort",
            _share(step["from_previous"]) if step["from_previous"] else markup.MISSING,
        ]
        for index, step in enumerate(funnel["stages"])
    ]
    table = markup.table(
        ["Stage", "Reached", "Of the cohort", "Of those at the step before"],
        rows,
        [False, True, False, False],
    )
    return f"{head}\n\n{intro}\n\n" + _chart_and_table(chart, table)


def _render_recommendations(figures: dict[str, Any]) -> str:
    counts = figures["recommendations"]
    chart = markup.pie_chart(
        "Recommendations (logs)", [(rec, counts[rec]) for rec in (*RECOMMENDATIONS, "missing")]
    )
    columns = [*RECOMMENDATIONS, "missing"]
    rows = []
    for stage, row in figures["recommendations_by_stage"].items():
        rows.append([_stage_label(stage), *(str(row[c]) for c in columns), str(sum(row.values()))])
    rows.append(
        ["**All stages**", *(f"**{counts[c]}**" for c in columns), f"**{sum(counts.values())}**"]
    )
    table = markup.table(["Stage", *columns, "Logs"], rows, [False] + [True] * (len(columns) + 1))
    return "## Recommendations\n\nOne per log.\n\n" + _chart_and_table(chart, table)


def _render_scores(scores: dict[str, dict[str, Any]]) -> str:
    keys = [key for key in SCORE_KEYS if scores[key]["n"] or scores[key]["not_assessed"]]
    if not keys:
        return "## Scores by theme\n\nNo scores were given this quarter."
    charted = [key for key in keys if scores[key]["n"]]
    chart = markup.bar_chart(
        "Share of scores that are 3 or 4 (%)",
        [THEME_LABELS[key] for key in charted],
        [round(100 * (scores[key]["three_or_four"]["share"] or 0)) for key in charted],
        "Percent",
        (0, 100),
    )
    rows = []
    for key in keys:
        data = scores[key]
        counts = data["counts"]
        rows.append(
            [
                markup.text(THEME_LABELS[key]) + (" (case)" if key in CASE_CRITERIA else ""),
                str(data["n"]),
                markup.number(data["median"]),
                *(str(counts[str(value)]) for value in range(1, 5)),
                str(data["not_assessed"]),
                _share(data["three_or_four"]),
            ]
        )
    table = markup.table(
        ["Theme", "n", "Median", "1", "2", "3", "4", "Not assessed", "3 or 4"],
        rows,
        [False, True, True, True, True, True, True, True, False],
    )
    intro = (
        "Scores given in this quarter's logs, all stages together; the case criteria come from "
        "case interviews only. A theme with a low share of 3s and 4s is where candidates "
        "struggle, or where the bar or the questions are off."
    )
    return f"## Scores by theme\n\n{intro}\n\n" + _chart_and_table(chart, table)


def _render_calibration(calibration: dict[str, Any]) -> str:
    rows = calibration["interviewers"]
    head = "## Interviewer calibration"
    intro = (
        "Each interviewer against the other panelists on the same candidate and stage: per "
        "panel, the median over themes of (their score − the others' median); then the median "
        "over panels. Positive means they score higher than the rest of the panel. "
        f"Flagged only with at least {MIN_SHARED_FOR_FLAG} shared panels and a median difference "
        f"of at least {markup.number(CALIBRATION_THRESHOLD)} points."
    )
    if not rows:
        return f"{head}\n\nNo interview logs with an interviewer this quarter."
    shared = [row for row in rows if row["n"]]
    differences = [row["median_difference"] or 0 for row in shared]
    # Symmetric around zero, and wide enough for every bar: on a 1-4 scale a difference can
    # reach ±3, and a bar cut at the axis would understate it.
    reach = max([2, *(math.ceil(abs(difference)) for difference in differences)])
    chart = (
        markup.bar_chart(
            "Median score difference from the rest of the panel",
            [row["interviewer"] for row in shared],
            differences,
            "Score points",
            (-reach, reach),
        )
        if shared
        else None
    )
    table_rows = []
    for row in rows:
        if row["flagged"]:
            verdict = "**higher**" if (row["median_difference"] or 0) > 0 else "**lower**"
        elif row["n"] < MIN_SHARED_FOR_FLAG:
            verdict = f"too few panels (n < {MIN_SHARED_FOR_FLAG})"
        else:
            verdict = "in line"
        table_rows.append(
            [
                markup.text(row["interviewer"]),
                str(row["n"]),
                markup.signed(row["median_difference"]),
                f"{row['higher']} / {row['same']} / {row['lower']}",
                markup.signed(row["median_recommendation_difference"]),
                verdict,
            ]
        )
    table = markup.table(
        [
            "Interviewer",
            "Shared panels",
            "Median score difference",
            "Higher / same / lower",
            "Median recommendation difference",
            "Verdict",
        ],
        table_rows,
        [False, True, True, False, True, False],
    )
    parts = [head, intro, _chart_and_table(chart, table)]
    if calibration["pairs"]:
        pair_rows = [
            [
                markup.text(" vs ".join(pair["interviewers"])),
                str(pair["n"]),
                markup.signed(pair["median_difference"]),
                f"{pair['first_higher']} / {pair['same']} / {pair['second_higher']}",
                markup.signed(pair["median_recommendation_difference"]),
            ]
            for pair in calibration["pairs"]
        ]
        parts.append("Pairs on the same panel (difference = first minus second):")
        parts.append(
            markup.table(
                [
                    "Pair",
                    "Shared panels",
                    "Median score difference",
                    "First higher / same / second higher",
                    "Median recommendation difference",
                ],
                pair_rows,
                [False, True, True, False, True],
            )
        )
    if calibration["panels"] and calibration["two_person_panels"] == calibration["panels"]:
        parts.append(
            "Every shared panel this quarter had two interviewers, so each one's difference is "
            "the other's mirror image: the figures show *that* two people score apart, not "
            "which of them is off. A third interviewer on some panels, or comparing with "
            "other quarters, would tell."
        )
    elif calibration["two_person_panels"]:
        parts.append(
            f"{calibration['two_person_panels']} of {calibration['panels']} shared panels had "
            "two interviewers; on those, one's difference is the other's mirror image."
        )
    return "\n\n".join(parts)


def _render_independence(data: dict[str, Any]) -> str:
    head = "## Independence: notes written before the debrief"
    ok = data["checked"] - data["violations"]
    chart = markup.pie_chart(
        "Logs by when the notes were written",
        [
            ("before the debrief", ok),
            ("after the debrief", data["violations"]),
            ("cannot tell", data["missing"]),
        ],
    )
    table = markup.table(
        ["", "Logs"],
        [
            ["Checked (both times written)", str(data["checked"])],
            ["Notes before the debrief", _share(data["before_debrief"])],
            ["Notes after the debrief", str(data["violations"])],
            ["Cannot tell: `notes_written` or `debrief` missing", str(data["missing"])],
            ["One interviewer, no debrief (nothing to check)", str(data["no_debrief"])],
        ],
        [False, True],
    )
    intro = (
        "Writing your own notes before the panel talks keeps one voice from colouring the "
        "others. A log counts as checked when it has both `notes_written` and `debrief`."
    )
    parts = [head, intro, _chart_and_table(chart, table)]
    if data["violating_logs"]:
        rows = [
            [
                _log_link(entry),
                markup.text(entry["candidate"] or "?"),
                _stage_label(entry["stage"]),
                markup.cell(_moment_text(entry["notes_written"])),
                markup.cell(_moment_text(entry["debrief"])),
            ]
            for entry in data["violating_logs"]
        ]
        parts.append("Written after the debrief:")
        parts.append(markup.table(["Log", "Candidate", "Stage", "Notes written", "Debrief"], rows))
    if data["missing_logs"]:
        links = ", ".join(
            _log_link(entry, f"{entry['interviewer'] or 'log'} on {entry['candidate'] or '?'}")
            for entry in data["missing_logs"]
        )
        parts.append(f"Cannot tell (a time is missing): {links}.")
    return "\n\n".join(parts)


def _render_timing(figures: dict[str, Any]) -> str:
    head = "## Time to decision and to telling the candidate"
    rows = figures["timeline"]
    carried = ""
    if figures["carried_over"]:
        carried_rows = [
            [_link(row), markup.text(row["waiting_for"]), markup.cell(row["since"])]
            for row in figures["carried_over"]
        ]
        carried = "\n\nAlready waiting on us before this quarter began, and still waiting:\n\n" + (
            markup.table(["Candidate", "Waiting for", "Since"], carried_rows)
        )
    if not rows:
        return f"{head}\n\nNo candidate had their last interview this quarter.{carried}"
    decision = figures["time_to_decision"]
    told = figures["time_to_notification"]
    intro = (
        "Candidates whose last interview so far was this quarter (withdrawals left out), "
        "counted in days from that interview. "
        f"To a decision: median {markup.plural_days(decision['median_days'])} "
        f"(n={decision['n']}, longest {markup.plural_days(decision['longest_days'])}). "
        f"To telling them: median {markup.plural_days(told['median_days'])} "
        f"(n={told['n']}, longest {markup.plural_days(told['longest_days'])})."
    )
    table_rows = [
        [
            _link(row),
            markup.cell(row["last_interview"]),
            markup.cell(row["decision"]),
            markup.cell(row["decision_date"]),
            markup.cell(row["days_to_decision"]),
            markup.cell(row["notified"]),
            markup.cell(row["days_to_notification"]),
            f"{row['waiting_for']} since {row['waiting_since']}" if row["waiting_for"] else "",
        ]
        for row in rows
    ]
    table = markup.table(
        [
            "Candidate",
            "Last interview",
            "Decision",
            "Decided",
            "Days",
            "Told",
            "Days",
            "Still waiting for",
        ],
        [[cell or markup.MISSING for cell in row] for row in table_rows],
        [False, False, False, False, True, False, True, False],
    )
    return f"{head}\n\n{intro}\n\n{table}{carried}"


def _render_risk(data: dict[str, Any]) -> str:
    head = "## Risk-aversion signals"
    intro = (
        "Interviews lean towards caution: one doubt can outweigh several good signals. Two "
        "places where that shows: candidates rejected although an interviewer said "
        "*strong-yes*, and split panels (a yes and a no on the same stage) that ended in "
        "rejection."
    )
    parts = [head, intro]
    parts.append(
        f"- Rejected despite a strong-yes: {_share(data['rejected_despite_strong_yes'])} of the "
        "candidates interviewed this quarter and rejected."
    )
    parts[-1] += "\n" + (
        f"- Split panels: {data['split_panels']}; of those settled, ended in rejection: "
        f"{_share(data['split_panels_rejected'])}."
    )
    if data["rejected_despite_strong_yes_list"]:
        rows = [
            [
                _link(row),
                ", ".join(
                    _log_link(entry, f"{entry['interviewer'] or '?'} ({entry['stage'] or '?'})")
                    for entry in row["strong_yes"]
                ),
            ]
            for row in data["rejected_despite_strong_yes_list"]
        ]
        parts.append(markup.table(["Rejected candidate", "Strong-yes from"], rows))
    if data["split_panel_list"]:
        rows = [
            [
                _link(row),
                _stage_label(row["stage"]),
                markup.text(" · ".join(row["recommendations"])),
                markup.text(row["outcome"]),
            ]
            for row in data["split_panel_list"]
        ]
        parts.append(markup.table(["Candidate", "Stage", "Panel said", "Then"], rows))
    return "\n\n".join(parts)


def _render_predictive(data: dict[str, Any]) -> str:
    """:func:`_render_predictive_text`, once per figures object (every retrospective of
    a Hiring shares them)."""
    global _last_predictive_markdown
    last = _last_predictive_markdown
    if last is not None and last[0] is data:
        return last[1]
    markdown = _render_predictive_text(data)
    _last_predictive_markdown = (data, markdown)
    return markdown


def _render_predictive_text(data: dict[str, Any]) -> str:
    head = "## Predictive value (all quarters)"
    caveat = f"> [!warning] Selection\n> {data['caveat']}"
    if not data["hires"]:
        return f"{head}\n\nNo hires yet (`decision: hired`), so nothing to compare.\n\n{caveat}"
    lines = [
        f"{data['hires']} hires, {data['with_outcomes']} with an outcome recorded. "
        f"Probation passed: {_share(data['probation_passed'])}."
    ]
    for key, label in (("performance_6m", "6-month"), ("performance_12m", "12-month")):
        corr = data[key]
        if corr["spearman"] is not None:
            lines.append(
                f"Median interview score vs {label} performance: Spearman ρ = "
                f"{markup.number(corr['spearman'])} (n={corr['n']})."
            )
        else:
            lines.append(
                f"Median interview score vs {label} performance: "
                f"{markup.plural(corr['n'], 'pair')}, fewer than {MIN_PAIRS_FOR_CORRELATION}, "
                "so no correlation is computed; the pairs are in the table."
            )
    medians = {row["median_score"] for row in data["hires_list"] if row["median_score"] is not None}
    if len(data["hires_list"]) > 1 and len(medians) == 1:
        lines.append(
            f"Every hire had the same median interview score ({markup.number(medians.pop())}): "
            "the overall score does not tell them apart, so look at the themes and the "
            "recommendations."
        )
    rows = [
        [
            _link(row),
            markup.cell(row["hired"]),
            f"{markup.number(row['median_score'])} (n={row['scores_n']})"
            if row["median_score"] is not None
            else markup.MISSING,
            *(markup.number(row["theme_medians"][key]) for key in THEMES),
            markup.number(row["median_recommendation"]),
            markup.cell(row["probation_passed"]),
            markup.cell(row["performance_6m"]),
            markup.cell(row["performance_12m"]),
        ]
        for row in data["hires_list"]
    ]
    table = markup.table(
        [
            "Hire",
            "Hired",
            "Median score",
            *(THEME_LABELS[key] for key in THEMES),
            "Median recommendation",
            "Probation passed",
            "6 m (1–5)",
            "12 m (1–5)",
        ],
        rows,
        [False, False, True, True, True, True, True, False, True, True],
    )
    note = "Recommendation as a number: strong-no 1, no 2, yes 3, strong-yes 4."
    return "\n\n".join([head, " ".join(lines), table, note, caveat])


def _render_method() -> str:
    return (
        "## How to read this\n\n"
        "Every figure shows its n. Scores are ordinal, so medians, never means. Shares carry a "
        "Wilson 95% interval: with a handful of candidates it is wide, and that width is the "
        "honest answer. No correlation is computed on fewer than "
        f"{MIN_PAIRS_FOR_CORRELATION} pairs."
    )
