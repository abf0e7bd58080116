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

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.markdown import Link, links_in_text
from vault_tools.note import Note
from vault_tools.rulebook import declare
from vault_tools.rules.base import Context, finding
from vault_tools.schemas import is_wikilink_text
from vault_tools.vault import Resolution

__all__ = ["check"]

WRONG_NOTE_TYPE = declare(
    "VT211",
    Severity.ERROR,
    "a schema link points at a note of the wrong type (schema may lower)",
    """
    ## What it means
    A link the schema types (an interview's `candidate` must be a `type: candidate` note,
    its `case` a `type: case` note) resolves, but to a note of another type or none.

    ## Why it matters
    The interview is then counted against the wrong note: the candidate pipeline and the
    case index miss it. A schema can lower this to a warning (`wrong_type: warning`).

    ## Example
    `candidate: "[[Ada Lovelace - case (Jonas)]]"`: a link to an interview log instead of
    the candidate's note.

    ## How to fix
    Link the right note, or give the linked note its `type:`.
    """,
).code
UNRESOLVED = declare(
    "VT301",
    Severity.WARNING,
    "a link points at a note or file that does not exist",
    """
    ## What it means
    No note or file in the vault matches the link's name or path, the way Obsidian resolves
    links (case-insensitive names, folder paths, `.md` optional).

    ## Why it matters
    Obsidian lets you link to a note you have yet to write, so this is a warning; but a
    typo in a link silently points nowhere.

    ## Example
    `See [[Hirng]] for the process.`

    ## How to fix
    Correct the link's name, create the note, or use plain text instead of a link.
    """,
).code
MISSING_EMBED = declare(
    "VT302",
    Severity.WARNING,
    "an embedded file (![[...]]) does not exist",
    """
    ## What it means
    An embed (`![[...]]`) names a file the vault does not hold. Files other than notes
    need their extension.

    ## Why it matters
    Obsidian shows an empty box where the picture, PDF or note was meant to be.

    ## Example
    `![[architecture diagram]]` for `architecture diagram.png`.

    ## How to fix
    Add the extension, fix the name, or put the file into the vault.
    """,
).code
MISSING_HEADING = declare(
    "VT303",
    Severity.WARNING,
    "a link's #heading does not exist in the target note",
    """
    ## What it means
    The link's note exists, but it has no heading with the text after `#` (compared as
    Obsidian compares them: case and punctuation aside; nested `#A#B` inside A's section).

    ## Why it matters
    Obsidian opens the note at its top instead of the section, usually because the heading
    was renamed.

    ## Example
    `[[Hiring#Technical interviews]]` when the heading reads `## Technical Interview`.

    ## How to fix
    Link the heading as it is written now (Obsidian's `[[Note#` suggests them).
    """,
).code
MISSING_BLOCK = declare(
    "VT304",
    Severity.WARNING,
    "a link's #^block id does not exist in the target note",
    """
    ## What it means
    The link's note exists, but no paragraph or list item in it ends with `^id`.

    ## Why it matters
    Obsidian shows nothing where the block was embedded, or opens the note at its top.

    ## Example
    `![[Case Library#^pricing-case]]` after the `^pricing-case` id was deleted.

    ## How to fix
    Put the `^id` back at the end of the block, or link another block.
    """,
).code
AMBIGUOUS = declare(
    "VT305",
    Severity.WARNING,
    "a link's name matches several notes; Obsidian picks one, use a path",
    """
    ## What it means
    The link's bare name matches more than one note or file. Obsidian opens one of them
    (the message names which); the others are unreachable by this link.

    ## Why it matters
    Adding a note with the same name elsewhere can silently change where the link goes.

    ## Example
    `[[Ada Lovelace]]` with both `Candidates/Ada Lovelace.md` and `People/Ada Lovelace.md`.

    ## How to fix
    Add the folder to the link: `[[Candidates/Ada Lovelace]]`.
    """,
).code
REQUIRED_UNRESOLVED = declare(
    "VT306",
    Severity.ERROR,
    "a link the schema requires (interview candidate, case) does not resolve",
    """
    ## What it means
    A link that the note's schema says must resolve (an interview's `candidate`, its `case`)
    points at no note.

    ## Why it matters
    The interview is then tied to no candidate or case: the pipeline, the case index and
    the retrospective cannot count it where it belongs.

    ## Example
    `candidate: "[[Ada Lovelce]]"`

    ## How to fix
    Correct the link (a name one or two letters from a note of the type the link needs is
    named: `did you mean [[Ada Lovelace]]?`), or create the note (`vault-tools new candidate
    "Ada Lovelace"`).
    """,
).code

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
                    meant = _meant(context, link, rule.note_type)
                    yield finding(
                        note,
                        (link.line, link.column),
                        REQUIRED_UNRESOLVED,
                        f"{key}: {link.raw} does not resolve{meant}; create the "
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


def _meant(context: Context, link: Link, note_type: str | None) -> str:
    """`` (did you mean [[Wei Chen]]?)`` for a required link whose name is a likely misspelling
    of a note of the type it must lead to (a typo, not a new person: one or two letters);
    "" when none is close, or when two are equally close."""
    if note_type is None or not link.target:
        return ""
    name = link.target.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".md")
    meant = context.meant(note_type, name)
    return "" if meant is None else f" (did you mean [[{meant}]]?)"


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
