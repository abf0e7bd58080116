"""Checking notes: the one place a note is put through the rules, in whichever process.

Lint's engine (:mod:`vault_tools.lint`) and its helper process (:mod:`vault_tools.parallel`)
both check notes here, and hand each note's findings around as :data:`PerNote` values, which
the result cache keeps as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from vault_tools.diagnostics import Diagnostic, Row, to_row
from vault_tools.note import Note
from vault_tools.rules import Context, check_note
from vault_tools.schemas import SchemaSet, load_schemas
from vault_tools.vault import Summary, Vault

__all__ = [
    "PROGRESS_STEP",
    "PerNote",
    "Progress",
    "check_notes",
    "per_note_results",
    "selected_notes",
    "under",
]

# (work done, all the work): a cold run counts each note once when it is read (with the checks
# of itself alone) and once more when its links are checked; a run that only checks notes
# counts each note once.
Progress = Callable[[int, int], None]

# Reading reports progress once per this many notes (a report redraws the bar).
PROGRESS_STEP = 64

# (size, mtime_ns, findings, summary) of one note: what the next run needs to reuse them.
PerNote = tuple[int, int, list[Row], Summary]


def check_notes(
    vault: Vault,
    notes: Sequence[Note],
    *,
    schemas: SchemaSet | None = None,
    progress: Progress | None = None,
) -> list[Diagnostic]:
    """Every finding for ``notes`` with default severities: unfiltered, unsorted."""
    context = Context(vault, schemas if schemas is not None else load_schemas(vault.config))
    found: list[Diagnostic] = []
    total = len(notes)
    for done, note in enumerate(notes, 1):
        found.extend(check_note(note, context))
        if progress is not None:
            progress(done, total)
    return found


def selected_notes(notes: Mapping[str, Note], paths: Iterable[str] | None) -> list[Note]:
    """The notes at or under the vault-relative ``paths`` (all of them for None), by path."""
    chosen = under(sorted(notes), paths)
    return [notes[path] for path in chosen]


def under(note_paths: Iterable[str], paths: Iterable[str] | None) -> list[str]:
    """The ``note_paths`` that are one of ``paths`` or inside one (all for None or ".")."""
    if paths is None:
        return list(note_paths)
    wanted = tuple(_clean(path) for path in paths)
    if "" in wanted:
        return list(note_paths)
    prefixes = tuple(want + "/" for want in wanted)
    return [path for path in note_paths if path in wanted or path.startswith(prefixes)]


def _clean(path: str) -> str:
    path = path.replace("\\", "/").strip()
    while path.startswith("./"):
        path = path[2:]
    path = path.strip("/")
    return "" if path == "." else path


def per_note_results(
    vault: Vault,
    notes: Sequence[Note],
    found: Iterable[Diagnostic],
    summaries: Mapping[str, Summary | None] | None = None,
) -> dict[str, PerNote]:
    """What the result cache keeps of each of ``notes``, given their findings ``found``.

    ``summaries``: the notes' summaries when already made (else they are made here).
    """
    rows: dict[str, list[Row]] = {note.path: [] for note in notes}
    for d in found:
        rows[d.path].append(to_row(d))
    known = summaries or {}
    return {
        note.path: (
            note.size,
            note.mtime_ns,
            rows[note.path],
            known.get(note.path) or vault.summary(note),
        )
        for note in notes
    }
