"""VT215: an interview log dated outside its candidate's window.

The window opens at the candidate's ``first_contact`` and closes at the ``decision_date`` of
a final decision (rejected, withdrew, offer, hired). The check crosses notes, so it is a link
check: it reads the candidate note's dates, which lint knows by the note's summary
(:data:`vault_tools.vault.SHARED_PROPERTIES`) when it has not read that note in this run.

A warning, not an error: the finding is put on the log, but either note may hold the wrong
day (a first contact written as the day the candidate note was made, a stale decision of a
candidate who came back), and the interviewer committing a correct log must not be stopped
by a candidate note someone else keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.note import Note, read_date
from vault_tools.rulebook import declare
from vault_tools.rules.base import Context, finding

__all__ = ["OUTSIDE_WINDOW", "check"]

# A decision after which nobody is interviewed any more.
CLOSING_DECISIONS = frozenset({"rejected", "withdrew", "offer", "hired"})

OUTSIDE_WINDOW = declare(
    "VT215",
    Severity.WARNING,
    "an interview is dated before its candidate's first contact or after their final decision",
    """
    ## What it means
    The interview log's `date` is before the `first_contact` of the candidate it links to,
    or after the `decision_date` of their final decision (rejected, withdrew, offer,
    hired). The message names the candidate's dates.

    ## Why it matters
    One of the two notes holds a wrong day. Time to hire, the days before each step and the
    candidate's place in the pipeline are all counted from these dates.

    ## Example
    ```
    date: 2025-06-01
    candidate: "[[Ada Okafor]]"
    ```
    while `Ada Okafor.md` says `first_contact: 2025-06-10`.

    ## How to fix
    Correct whichever date is wrong: the log's `date`, or the candidate's `first_contact` or
    `decision_date`. A candidate who comes back after a rejection gets their decision
    updated (`decision: pending`, no `decision_date`) until the new one is made.
    """,
).code


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    vault = context.vault
    if vault.note_type(note) != "interview":
        return
    properties = note.properties
    day = read_date(properties.get("date"))
    written = properties.get("candidate")
    if day is None or not isinstance(written, str) or not written.strip():
        return
    path = context.resolve_written(written, note).path
    if path is None or vault.type_of(path) != "candidate":
        return  # VT306/VT211 say so
    dates = vault.shared_properties(path)
    name = path.rsplit("/", 1)[-1].removesuffix(".md")
    first_contact = read_date(dates.get("first_contact"))
    if first_contact is not None and day < first_contact:
        yield _outside(note, day, f"before {name}'s first_contact {first_contact.isoformat()}")
    decided = read_date(dates.get("decision_date"))
    decision = dates.get("decision", "").casefold()
    if decided is not None and decision in CLOSING_DECISIONS and day > decided:
        yield _outside(
            note, day, f"after {name}'s final decision ({decision}, {decided.isoformat()})"
        )


def _outside(note: Note, day: dt.date, where: str) -> Diagnostic:
    return finding(
        note,
        (note.key_line("date"), 1),
        OUTSIDE_WINDOW,
        f"interview dated {day.isoformat()}, {where}",
    )
