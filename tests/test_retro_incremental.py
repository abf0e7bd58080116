"""A retrospective recomputed after each of a sequence of edits, with the parts kept between
calls (what the watcher does), equals the one computed from scratch after every edit.

The watcher keeps per-interview parts (panel medians, calibration) from one change to the
next and reuses them when an interview's logs are the very same objects; a change that
reused a stale part would show here as figures that differ from a fresh computation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vault_tools.generate.figures import (
    FigureCache,
    _predictive_value,
    predictive_value,
    retrospective_figures,
)
from vault_tools.generate.indexes import quarter_counts
from vault_tools.generate.retrospective import render_retrospective
from vault_tools.hiring import (
    RECOMMENDATIONS,
    SCORE_KEYS,
    STAGES,
    Candidate,
    Case,
    Hiring,
    Interview,
    Person,
    Quarter,
    assemble_hiring,
    build_hiring,
    load_hiring,
)
from vault_tools.vault import Vault

EXAMPLE = Path(__file__).parent.parent / "example_vault"
QUARTER = Quarter(2025, 3)
_HIRING = load_hiring(Vault.open(EXAMPLE))
_OTHERS = [*_HIRING.candidates.values(), *_HIRING.cases.values()]

EDITS = st.tuples(
    st.sampled_from(
        ("score", "unscore", "recommendation", "stage", "date", "written", "drop", "copy")
    ),
    st.integers(min_value=0, max_value=10_000),  # which log
    st.integers(min_value=0, max_value=10_000),  # which value
)


def _edited(logs: list[Interview], edit: tuple[str, int, int]) -> list[Interview]:
    """``logs`` with one log changed the way a person edits a note (a new record object)."""
    what, which, value = edit
    in_quarter = [index for index, log in enumerate(logs) if log.quarter == QUARTER]
    if not in_quarter:
        return logs
    index = in_quarter[which % len(in_quarter)]
    log = logs[index]
    changed: Interview | None
    if what == "score":
        key = SCORE_KEYS[value % len(SCORE_KEYS)]
        changed = dataclasses.replace(log, scores={**log.scores, key: value % 4 + 1})
    elif what == "unscore":
        key = SCORE_KEYS[value % len(SCORE_KEYS)]
        changed = dataclasses.replace(log, scores={**log.scores, key: None})
    elif what == "recommendation":
        options = (*RECOMMENDATIONS, None)
        changed = dataclasses.replace(log, recommendation=options[value % len(options)])
    elif what == "stage":
        changed = dataclasses.replace(log, stage=STAGES[value % len(STAGES)])
    elif what == "date":  # within the quarter: it joins or leaves another interview
        day = QUARTER.start + dt.timedelta(days=value % 92)
        changed = dataclasses.replace(log, date=day)
    elif what == "written":
        debrief = dt.datetime(2025, 8, 1, 12, 0)
        written = debrief + dt.timedelta(hours=value % 5 - 2)
        changed = dataclasses.replace(log, notes_written=written, debrief=debrief)
    elif what == "drop":
        changed = None
    else:  # another interviewer's log of the same interview
        other = Person(f"interviewer {value % 3}", f"Interviewer {value % 3}", None)
        paths = {log.path for log in logs}
        number = value
        while f"{log.path[:-3]} copy {number}.md" in paths:  # two notes never share a path
            number += 1
        copy = dataclasses.replace(
            log, path=f"{log.path[:-3]} copy {number}.md", interviewers=(other,)
        )
        return [*logs, copy]
    return [*logs[:index], *([changed] if changed else []), *logs[index + 1 :]]


def _hiring(logs: list[Interview], others: list[Candidate | Case] = _OTHERS) -> Hiring:
    return build_hiring([*logs, *others])


CANDIDATE_EDITS = st.tuples(
    st.sampled_from(("decision", "decided", "notified", "offer", "outcome", "contact", "source")),
    st.integers(min_value=0, max_value=10_000),  # which candidate
    st.integers(min_value=0, max_value=10_000),  # which value
)


def _candidate_edited(
    others: list[Candidate | Case], edit: tuple[str, int, int]
) -> list[Candidate | Case]:
    """``others`` with one candidate note changed (a new record object)."""
    what, which, value = edit
    candidates = [index for index, record in enumerate(others) if isinstance(record, Candidate)]
    index = candidates[which % len(candidates)]
    record = others[index]
    assert isinstance(record, Candidate)
    day = QUARTER.start + dt.timedelta(days=value % 200 - 60)
    if what == "decision":
        options = ("rejected", "offer", "hired", "withdrew", "pending", None)
        changed = dataclasses.replace(record, decision=options[value % len(options)])
    elif what == "decided":
        changed = dataclasses.replace(record, decision_date=day)
    elif what == "notified":
        changed = dataclasses.replace(record, notified=day if value % 3 else None)
    elif what == "offer":
        changed = dataclasses.replace(record, offer_date=day if value % 3 else None)
    elif what == "outcome":
        options = ("accepted", "declined", None)
        changed = dataclasses.replace(record, offer_outcome=options[value % len(options)])
    elif what == "contact":
        changed = dataclasses.replace(record, first_contact=day)
    else:
        changed = dataclasses.replace(record, source=("referral", "inbound", None)[value % 3])
    return [*others[:index], changed, *others[index + 1 :]]


@settings(max_examples=40, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=12))
# A score set to the value it had (a part reused, holding the log before), then changed.
@example(edits=[("drop", 0, 0), ("score", 0, 0), ("unscore", 0, 0)])
# Copies of one log by one interviewer, then a recommendation changed.
@example(edits=[*[("copy", 0, 0)] * 4, ("recommendation", 2615, 0)])
def test_figures_after_edits_equal_a_computation_from_scratch(
    edits: list[tuple[str, int, int]],
) -> None:
    logs = list(_HIRING.interviews)
    cache: FigureCache = {}
    retrospective_figures(_hiring(logs), QUARTER, cache)
    for edit in edits:
        logs = _edited(logs, edit)
        kept: Any = retrospective_figures(_hiring(logs), QUARTER, cache)
        fresh: Any = retrospective_figures(_hiring(list(logs)), QUARTER)
        assert kept == fresh


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(EDITS, CANDIDATE_EDITS), min_size=1, max_size=12))
def test_figures_after_edits_of_logs_and_candidates_equal_a_computation_from_scratch(
    edits: list[tuple[str, int, int]],
) -> None:
    # As the watcher builds them: a candidate whose note and logs did not change keeps its
    # standing (the same Progress object), so the parts that read only standings are reused.
    logs, others = list(_HIRING.interviews), list(_OTHERS)
    cache: FigureCache = {}
    hiring = _hiring(logs, others)
    retrospective_figures(hiring, QUARTER, cache)
    for edit in edits:
        if edit[0] in CANDIDATE_EDIT_NAMES:
            others = _candidate_edited(others, edit)
        else:
            logs = _edited(logs, edit)
        hiring = _following(hiring, logs, others)
        kept: Any = retrospective_figures(hiring, QUARTER, cache)
        fresh: Any = retrospective_figures(_hiring(list(logs), list(others)), QUARTER)
        assert kept == fresh
        # Its sections rendered with the same cache (reused where their parts are) read the
        # same as the note rendered afresh.
        assert render_retrospective(kept, cache=cache) == render_retrospective(fresh)


CANDIDATE_EDIT_NAMES = frozenset(
    ("decision", "decided", "notified", "offer", "outcome", "contact", "source")
)


def _following(previous: Hiring, logs: list[Interview], others: list[Candidate | Case]) -> Hiring:
    """The Hiring of ``logs`` and ``others`` as the watcher builds it after ``previous``."""
    fresh = _hiring(logs, others)
    changed = {
        key
        for key in {*fresh.progress_by_key, *previous.progress_by_key}
        if previous.interviews_of(key) != fresh.interviews_of(key)
        or previous.candidates.get(key) != fresh.candidates.get(key)
    }
    by_candidate = {
        key: previous.interviews_of(key) if key not in changed else group
        for key, group in fresh._interviews_by_candidate.items()
    }
    return assemble_hiring(
        fresh.interviews,
        {
            **fresh.candidates,
            **{
                k: previous.candidates[k]
                for k in fresh.candidates
                if k not in changed and k in previous.candidates
            },
        },
        fresh.cases,
        inputs=fresh.inputs,
        by_quarter=fresh._interviews_by_quarter,
        by_candidate=by_candidate,
        previous=previous,
        changed_candidates=changed,
    )


def test_an_edited_score_changes_the_figures_of_its_quarter() -> None:
    # The differential test above is only worth something if an edit reaches the figures.
    logs = list(_HIRING.interviews)
    cache: FigureCache = {}
    before = retrospective_figures(_hiring(logs), QUARTER, cache)
    index = next(
        i
        for i, log in enumerate(logs)
        if log.quarter == QUARTER and (log.score("competence") or 0) > 1
    )
    log = logs[index]
    lowered = dataclasses.replace(log, scores={**log.scores, "competence": 1})
    after = retrospective_figures(
        _hiring([*logs[:index], lowered, *logs[index + 1 :]]), QUARTER, cache
    )
    assert after["scores"]["competence"]["counts"] != before["scores"]["competence"]["counts"]


def test_the_predictive_value_follows_a_changed_score_of_a_hire() -> None:
    # The rows of hires are kept from one computation to the next while their standing is
    # the same object; a hire's log scored again must show in their row.
    logs = list(_HIRING.interviews)
    before = predictive_value(_hiring(logs))
    hire = next(p for p in _HIRING.progress if p.decision == "hired" and p.logs)
    lowered = {log.path for log in hire.logs}
    logs = [
        dataclasses.replace(log, scores=dict.fromkeys(log.scores, 1))
        if log.path in lowered
        else log
        for log in logs
    ]
    after = predictive_value(_hiring(logs))
    (row,) = [row for row in after["hires_list"] if row["path"] == hire.person.path]
    (was,) = [row for row in before["hires_list"] if row["path"] == hire.person.path]
    assert row["median_score"] == 1.0 != was["median_score"]


@settings(max_examples=30, deadline=None)
@given(st.lists(CANDIDATE_EDITS, min_size=1, max_size=8))
def test_the_predictive_value_after_decisions_equals_a_computation_from_scratch(
    edits: list[tuple[str, int, int]],
) -> None:
    # Who is hired is looked for again only when a candidate whose standing changed is or
    # was hired. Expected: the figures of every candidate's standing, hires found afresh.
    logs = list(_HIRING.interviews)
    hiring = _hiring(logs)
    assert predictive_value(hiring) == _predictive_value(hiring, hiring.progress)
    others = list(_OTHERS)
    for edit in edits:
        others = _candidate_edited(others, edit)
        hiring = _following(hiring, logs, others)
        fresh = _hiring(logs, others)
        assert predictive_value(hiring) == _predictive_value(fresh, fresh.progress)


@settings(max_examples=40, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=12))
def test_the_counts_of_a_quarter_after_edits_are_those_of_its_logs(
    edits: list[tuple[str, int, int]],
) -> None:
    # A quarter's counts are kept while its logs change in place without changing their
    # interview or candidate.
    logs = list(_HIRING.interviews)
    quarter_counts(_hiring(logs).interviews_in(QUARTER))
    for edit in edits:
        logs = _edited(logs, edit)
        in_quarter = _hiring(logs).interviews_in(QUARTER)
        events = {log.event_key for log in in_quarter}
        people = {log.candidate.key for log in in_quarter if log.candidate}
        assert quarter_counts(in_quarter) == (len(in_quarter), len(events), len(people))
