"""The lint checks, one module per family; each yields Diagnostic values for one note.

* :mod:`~vault_tools.rules.properties` VT110 ``types.json`` types, VT120 frontmatter tags,
  VT121 unquoted links in properties
* :mod:`~vault_tools.rules.schema` VT2xx a typed note's properties against its schema, and
  VT216 a `type:` that nearly names a schema
* :mod:`~vault_tools.rules.links` VT3xx links, and VT211 schema links to the wrong type
* :mod:`~vault_tools.rules.structure` VT4xx required sections and unfilled placeholders
* :mod:`~vault_tools.rules.window` VT215 an interview dated outside its candidate's window
* :mod:`~vault_tools.rules.files` VT108, VT109, VT112: the vault's file names (not per note)

Parse problems (VT10x) are found while reading the note and kept in ``note.problems``.
Each module declares its codes beside its checks (:mod:`vault_tools.rulebook`);
:mod:`~vault_tools.rules.catalog` collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from vault_tools.diagnostics import Diagnostic
from vault_tools.note import Note
from vault_tools.rules import links, properties, schema, structure, window
from vault_tools.rules.base import Context, finding
from vault_tools.rules.catalog import BY_CODE, RULES, Rule, default_severity

__all__ = [
    "BY_CODE",
    "CHECKS",
    "LINK_CHECKS",
    "OWN_CHECKS",
    "RULES",
    "Context",
    "Rule",
    "check_links",
    "check_note",
    "check_own",
    "default_severity",
    "finding",
]

Check = Callable[[Note, Context], Iterator[Diagnostic]]
# What a note's findings depend on decides where they can be found: these read nothing but the
# note itself (with the config and the schemas), so a note can be checked by them as soon as
# it is read; the link checks also read other notes (their paths, types, headings, block ids).
OWN_CHECKS: tuple[Check, ...] = (properties.check, schema.check, structure.check)
LINK_CHECKS: tuple[Check, ...] = (links.check, window.check)
CHECKS: tuple[Check, ...] = OWN_CHECKS + LINK_CHECKS


def check_note(note: Note, context: Context) -> list[Diagnostic]:
    """Every finding for one note, parse problems included, unsorted and unfiltered."""
    found = check_own(note, context)
    found.extend(check_links(note, context))
    return found


def check_own(note: Note, context: Context) -> list[Diagnostic]:
    """The findings that depend on the note alone: parse problems and :data:`OWN_CHECKS`."""
    found = list(note.problems)
    for check in OWN_CHECKS:
        found.extend(check(note, context))
    return found


def check_links(note: Note, context: Context) -> list[Diagnostic]:
    """The findings of :data:`LINK_CHECKS`, which depend on other notes too."""
    found: list[Diagnostic] = []
    for check in LINK_CHECKS:
        found.extend(check(note, context))
    return found
