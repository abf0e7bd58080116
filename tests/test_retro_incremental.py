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

from hypothesis import given, settings
from hypothesis import strategies as st

from vault_tools.generate.figures import FigureCache, retrospective_figures
from vault_tools.hiring import (
    RECOMMENDATIONS,
    SCORE_KEYS,
    STAGES,
    Hiring,
    Interview,
    Person,
    Quarter,
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
        copy = dataclasses.replace(
            log, path=f"{log.path[:-3]} copy {value}.md", interviewers=(other,)
        )
        return [*logs, copy]
    return [*logs[:index], *([changed] if changed else []), *logs[index + 1 :]]


def _hiring(logs: list[Interview]) -> Hiring:
    return build_hiring([*logs, *_OTHERS])


@settings(max_examples=40, deadline=None)
@given(st.lists(EDITS, min_size=1, max_size=12))
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
