"""What every family of checks shares: the context they run in and how a finding is made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.markdown import Link
from vault_tools.note import Note
from vault_tools.rulebook import default_severity
from vault_tools.schemas import Schema, SchemaSet
from vault_tools.vault import Resolution, Vault

__all__ = ["Context", "finding"]


def current_day() -> dt.date:
    """Today, for the checks that depend on it (an unfinished log days after its interview)."""
    return dt.date.today()


@dataclass(frozen=True)
class Context:
    """The vault (for link resolution and other notes' types) and the schemas in force."""

    vault: Vault
    schemas: SchemaSet
    today: dt.date = field(default_factory=lambda: current_day())
    _resolved: dict[tuple[str, str, bool, str], Resolution] = field(
        default_factory=dict, compare=False, repr=False
    )
    # path -> (id of the note read there, its schema). Not the note itself: lint lets a
    # note go once it is checked, and this must not keep it (and all it holds) alive.
    _schema_of: dict[str, tuple[int, Schema | None]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def schema_for(self, note: Note) -> Schema | None:
        """The note's schema, remembered for the note: each family of checks asks for it."""
        known = self._schema_of.get(note.path)
        if known is not None and known[0] == id(note):
            return known[1]
        schema = self.schemas.get(self.vault.note_type(note))
        self._schema_of[note.path] = (id(note), schema)
        return schema

    def resolve(self, link: Link, note: Note) -> Resolution:
        """``vault.resolve``, remembered: most link targets recur across a vault's notes.

        Only a markdown link, a ``./``/``../`` path and ``[[#heading]]`` depend on where the
        link is written, and a name that matches several files (Obsidian prefers those in
        the linking note's folder); every other link resolves the same from any note, so
        only those few are remembered per folder.
        """
        target = link.target
        markdown = link.kind == "markdown"
        if not target:
            scope = note.path
        elif markdown or target.startswith(("./", "../")):
            scope = note.folder
        else:
            scope = ""
        key = (target, link.subpath, markdown, scope)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self.vault.resolve(link, note)
            if found.ambiguous and not scope:
                self._resolved[(target, link.subpath, markdown, note.folder + "/")] = found
        elif found.ambiguous and not scope:
            # An ambiguous name: what was found from another folder may not hold here.
            key = (target, link.subpath, markdown, note.folder + "/")
            here = self._resolved.get(key)
            if here is None:
                here = self._resolved[key] = self.vault.resolve(link, note)
            found = here
        return found


def finding(
    note: Note,
    position: tuple[int, int],
    code: str,
    message: str,
    severity: Severity | str | None = None,
) -> Diagnostic:
    """A Diagnostic at a file position, with the code's default severity unless given."""
    line, column = position
    level = default_severity(code) if severity is None else Severity(severity)
    return Diagnostic(note.path, max(line, 1), max(column, 1), code, level, message)
