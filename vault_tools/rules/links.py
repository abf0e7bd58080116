"""VT3xx links, resolved as Obsidian resolves them; VT211 schema links to the wrong type.

An unresolved link in an ordinary note is a warning: Obsidian lets you link to a note you
have yet to write. A link a schema requires (an interview's candidate or case) must resolve,
so there it is an error. Embeds of non-markdown files (``![[Movies.base#Favorites]]``, a
Bases view; ``![[paper.pdf#page=3]]``) are checked for the file only: what follows ``#``
is not a heading there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vault_tools.diagnostics import Diagnostic
from vault_tools.markdown import Link, links_in_text
from vault_tools.note import Note
from vault_tools.rules.base import Context, finding
from vault_tools.schemas import is_wikilink_text
from vault_tools.vault import Resolution

__all__ = ["check"]

UNRESOLVED = "VT301"
MISSING_EMBED = "VT302"
MISSING_HEADING = "VT303"
MISSING_BLOCK = "VT304"
AMBIGUOUS = "VT305"
REQUIRED_UNRESOLVED = "VT306"
WRONG_NOTE_TYPE = "VT211"

# mailto:, https:, obsidian:, zotero:... and Windows drive letters: not vault links.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    handled: set[tuple[int, str]] = set()
    schema = context.schema_for(note)
    if schema is not None and schema.links:
        for key, rule in schema.links.items():
            value = note.properties.get(key)
            # A value that is not a link is reported by the schema's `format: wikilink`.
            if not isinstance(value, str) or not is_wikilink_text(value):
                continue
            line, column = note.value_position(key)
            for link in links_in_text(value, line, column, "frontmatter"):
                handled.add((link.line, link.raw))
                resolution = context.resolve(link, note)
                if not resolution.resolved:
                    yield finding(
                        note,
                        (link.line, link.column),
                        REQUIRED_UNRESOLVED,
                        f"{key}: {link.raw} does not resolve; create the "
                        f"{rule.note_type or 'linked'} note or fix the link",
                    )
                    continue
                actual = context.vault.type_of(resolution.path or "")
                if rule.note_type is not None and actual != rule.note_type:
                    what = f"type: {actual}" if actual else "no type"
                    yield finding(
                        note,
                        (link.line, link.column),
                        WRONG_NOTE_TYPE,
                        f"{key}: {link.raw} points at {resolution.path} ({what}), "
                        f"not a type: {rule.note_type} note",
                        rule.wrong_type,
                    )
                yield from _resolved_problems(note, link, resolution)

    resolve = context.resolve
    for link in note.links:
        if handled and (link.line, link.raw) in handled:
            continue
        if link.kind == "markdown" and (_SCHEME.match(link.target) or link.target.startswith("//")):
            continue
        resolution = resolve(link, note)
        if resolution.path is not None:
            # Most links resolve to one file, with the heading or block they name (if any):
            # only the others need the findings below.
            if len(resolution.candidates) > 1 or resolution.subpath_found is False:
                yield from _resolved_problems(note, link, resolution)
            continue
        if link.embed:
            yield finding(
                note,
                (link.line, link.column),
                MISSING_EMBED,
                f"embedded file {link.raw} does not exist in the vault",
            )
        else:
            yield finding(
                note,
                (link.line, link.column),
                UNRESOLVED,
                f"{link.raw} does not resolve: no note or file {link.target!r} in the vault",
            )


def _resolved_problems(note: Note, link: Link, resolution: Resolution) -> Iterator[Diagnostic]:
    position = (link.line, link.column)
    if resolution.ambiguous:
        others = ", ".join(resolution.candidates)
        yield finding(
            note,
            position,
            AMBIGUOUS,
            f"{link.raw} matches {len(resolution.candidates)} files ({others}); "
            f"Obsidian opens {resolution.path}: add the folder to the link to choose",
        )
    if resolution.subpath_found is False:
        if link.subpath.startswith("#^"):
            yield finding(
                note,
                position,
                MISSING_BLOCK,
                f"{link.raw}: no block ^{link.subpath[2:]} in {resolution.path}",
            )
        else:
            yield finding(
                note,
                position,
                MISSING_HEADING,
                f"{link.raw}: no heading {link.subpath[1:]!r} in {resolution.path}",
            )
