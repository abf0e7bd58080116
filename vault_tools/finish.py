"""Mark an interview log finished: ``notes_written`` set to the minute, no other byte changed.

``notes_written`` is the interviewer's own statement "my notes were finished at T". No tool
fills it in when a log is created, so an empty one means the log is still being written (it
is *unfinished*: lint asks for its sections, scores and recommendation only as warnings).
``vault-tools finish LOG`` is the one-step way to make that statement when it is true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from vault_tools.edits import Edit, EditError, frontmatter_text, property_span
from vault_tools.errors import VaultToolsError
from vault_tools.note import read_date, read_moment
from vault_tools.vault import Vault
from vault_tools.writer import UnsafePathError, read_note_bytes

__all__ = ["FINISHED_KEY", "FinishError", "Finished", "plan_finish"]

FINISHED_KEY = "notes_written"


class FinishError(VaultToolsError):
    """The log cannot be marked finished; the message says why."""


@dataclass(frozen=True)
class Finished:
    """A log already finished: nothing to do."""

    path: str
    at: str  # its notes_written, as written


def plan_finish(
    vault: Vault, logs: Iterable[str], at: dt.datetime, now: dt.datetime | None = None
) -> tuple[list[Edit], list[Finished]]:
    """The edits that set ``notes_written: <at>`` (to the minute) in each of ``logs``
    (vault-relative paths or note names), and the logs that say when they were finished
    already. FinishError for a log that is not an interview log or cannot be edited exactly,
    and for a time lint would refuse: before the interview's day, after the panel's
    ``debrief``, or after ``now`` (notes cannot be finished in the future).
    """
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    stamp = at.isoformat(timespec="minutes")
    edits: list[Edit] = []
    done: list[Finished] = []
    for given in logs:
        path = _interview_log(vault, given)
        try:
            data = read_note_bytes(vault.root, path)
            if data is None:
                raise FinishError(f"{path}: no such note")
            edit = _set_notes_written(path, data, stamp)
        except (EditError, UnsafePathError) as error:
            raise FinishError(f"{path}: cannot be edited exactly: {error}") from error
        if isinstance(edit, Finished):
            done.append(edit)
        else:
            _check_time(path, vault.notes[path].properties, at, now or dt.datetime.now())
            edits.append(edit)
    return edits, done


def _check_time(
    path: str, properties: Mapping[str, Any], at: dt.datetime, now: dt.datetime
) -> None:
    """FinishError when ``at`` cannot be when this log's notes were finished."""
    if at > now:
        raise FinishError(
            f"{path}: {at:%Y-%m-%dT%H:%M} is in the future; notes are finished "
            "when they are written (give --at the time you finished them)"
        )
    day = read_date(properties.get("date"))
    if day is not None and at.date() < day:
        raise FinishError(
            f"{path}: {at:%Y-%m-%dT%H:%M} is before the interview on {day}; "
            "notes are written after it"
        )
    debrief = read_moment(properties.get("debrief"))
    if isinstance(debrief, dt.datetime) and at > debrief.replace(tzinfo=None):
        raise FinishError(
            f"{path}: {at:%Y-%m-%dT%H:%M} is after the debrief ({debrief:%Y-%m-%dT%H:%M}); "
            "if your notes really were finished after it, set notes_written by hand: "
            "lint will record it (VT210)"
        )


def _interview_log(vault: Vault, given: str) -> str:
    path = given.replace("\\", "/").removeprefix("./")
    note = vault.notes.get(path) or vault.notes.get(path + ".md")
    if note is None:
        found, _ = vault.resolve_path(path.removesuffix(".md"), "")
        note = vault.notes.get(found) if found else None
    if note is None:
        raise FinishError(f"{given}: no such note in the vault")
    kind = vault.note_type(note)
    if kind != "interview":
        what = f"a note of type {kind}" if kind else "a note without a type"
        slip = (
            " (lint's VT216; `vault-tools fix` writes it as interview)"
            if kind is not None and kind.casefold() == "interview"
            else ""
        )
        raise FinishError(
            f"{note.path}: {what}, not an interview log (a log has type: interview){slip}"
        )
    return note.path


def _set_notes_written(path: str, data: bytes, stamp: str) -> Edit | Finished:
    span = property_span(data, FINISHED_KEY)
    if span is not None and span.value_start != span.value_end:
        written = data[span.value_start : span.value_end].decode("utf-8").strip()
        if written not in ("", "null", "~", "''", '""'):
            if read_moment(written.strip("'\"")) is None:
                raise FinishError(
                    f"{path}: notes_written holds {written!r}, not a date-time; "
                    "correct it by hand (YYYY-MM-DDTHH:MM)"
                )
            return Finished(path, written)
        # An explicit null: replaced by the time.
        return Edit(
            path,
            span.value_start,
            span.value_end,
            data[span.value_start : span.value_end],
            stamp.encode(),
            span.line,
            f"notes_written: {stamp}",
        )
    if span is not None:  # `notes_written:` with nothing after it
        return Edit(
            path,
            span.value_start,
            span.value_end,
            b"",
            f" {stamp}".encode(),
            span.line,
            f"notes_written: {stamp}",
        )
    found = frontmatter_text(data)
    assert found is not None  # property_span raised otherwise
    _, _, closing = found
    newline = b"\r\n" if data[:closing].endswith(b"\r\n") else b"\n"
    line = data[:closing].count(b"\n") + 1
    added = f"{FINISHED_KEY}: {stamp}".encode() + newline
    return Edit(path, closing, closing, b"", added, line, f"notes_written: {stamp} (added)")
