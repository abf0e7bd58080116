"""What the library read from one note, as plain data (for ``vault-tools show``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vault_tools.note import Note
from vault_tools.vault import Vault

__all__ = ["describe_note", "jsonable", "value_kind"]


def jsonable(value: Any) -> Any:
    """Property values as JSON: dates and datetimes become ISO 8601 text."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def value_kind(value: Any) -> str:
    """The YAML 1.2 kind of a value, as `show` reports it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "text"


def describe_note(vault: Vault, note: Note) -> dict[str, Any]:
    """Everything ``show`` prints about ``note``: properties, links (resolved), tags, headings."""
    links = []
    for link in note.links:
        resolution = vault.resolve(link, note)
        links.append(
            {
                "line": link.line,
                "column": link.column,
                "kind": link.kind,
                "embed": link.embed,
                "raw": link.raw,
                "target": link.target,
                "subpath": link.subpath,
                "alias": link.alias,
                "resolves_to": resolution.path,
                "candidates": list(resolution.candidates) if resolution.ambiguous else [],
                "subpath_found": resolution.subpath_found,
            }
        )
    return {
        "path": note.path,
        "type": vault.note_type(note),
        "properties": {
            key: {
                "value": jsonable(value),
                "kind": value_kind(value),
                "line": note.key_line(key),
            }
            for key, value in note.properties.items()
        },
        "links": links,
        "tags": [{"name": tag.name, "line": tag.line, "column": tag.column} for tag in note.tags],
        "headings": [
            {"level": heading.level, "text": heading.text, "line": heading.line}
            for heading in note.headings
        ],
        "block_ids": sorted(note.block_ids),
        "problems": [problem.to_dict() for problem in note.problems],
    }
