"""What every family of checks shares: the context they run in and how a finding is made."""

from __future__ import annotations

from dataclasses import dataclass

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.note import Note
from vault_tools.rules.catalog import default_severity
from vault_tools.schemas import Schema, SchemaSet
from vault_tools.vault import Vault


@dataclass(frozen=True)
class Context:
    """The vault (for link resolution and other notes' types) and the schemas in force."""

    vault: Vault
    schemas: SchemaSet

    def schema_for(self, note: Note) -> Schema | None:
        return self.schemas.get(self.vault.note_type(note))


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
