"""The lint checks, one module per family; each yields Diagnostic values for one note.

* :mod:`~vault_tools.rules.properties` VT110 ``types.json`` types, VT120 frontmatter tags
* :mod:`~vault_tools.rules.schema` VT2xx a typed note's properties against its schema
* :mod:`~vault_tools.rules.links` VT3xx links, and VT211 schema links to the wrong type
* :mod:`~vault_tools.rules.structure` VT4xx required sections and unfilled placeholders

Parse problems (VT10x) are found while reading the note and kept in ``note.problems``.
:mod:`~vault_tools.rules.catalog` documents every code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from vault_tools.diagnostics import Diagnostic
from vault_tools.note import Note
from vault_tools.rules import links, properties, schema, structure
from vault_tools.rules.base import Context, finding
from vault_tools.rules.catalog import BY_CODE, RULES, Rule, default_severity

__all__ = [
    "BY_CODE",
    "CHECKS",
    "RULES",
    "Context",
    "Rule",
    "check_note",
    "default_severity",
    "finding",
]

Check = Callable[[Note, Context], Iterator[Diagnostic]]
CHECKS: tuple[Check, ...] = (properties.check, schema.check, links.check, structure.check)


def check_note(note: Note, context: Context) -> list[Diagnostic]:
    """Every finding for one note, parse problems included, unsorted and unfiltered."""
    found = list(note.problems)
    for check in CHECKS:
        found.extend(check(note, context))
    return found
