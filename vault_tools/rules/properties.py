"""VT110 values that do not fit their ``types.json`` type; VT120 invalid or empty frontmatter
tags; VT121 links written in a property without quotes; VT122 a frontmatter tag twice.

Property types follow Obsidian's own checks, which see values as its JavaScript YAML
parser returns them: dates are text there, so a quoted ``"2025-09-02"`` is as good a date
as a plain one, and ``date`` and ``datetime`` properties accept either form (Obsidian shows
the date part, or midnight). An empty value fits every type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from yaml.nodes import SequenceNode

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.markdown import is_valid_tag, leading_tag
from vault_tools.note import Note, frontmatter_tag_values, tag_keys
from vault_tools.rulebook import Change, declare, safe_fix
from vault_tools.rules.base import (
    BUILTIN_TYPES,
    Context,
    FixSite,
    finding,
    replace_scalar,
    written_in_order,
)
from vault_tools.rules.schema import (
    checkbox_text,
    holds_a_list,
    is_unquoted_link,
    quote_unquoted_link,
    quoted_link_hints,
    unambiguous_date,
)
from vault_tools.schemas import is_date_text, is_date_time_text

__all__ = ["check"]

TYPE_MISMATCH = declare(
    "VT110",
    Severity.WARNING,
    "a value does not fit the property's type in <config>/types.json",
    """
    ## What it means
    Obsidian gives each property one type for the whole vault (in `types.json` in the config
    folder; `tags`, `aliases` and `cssclasses` are lists in any vault). This note's value
    does not fit that type.

    ## Why it matters
    Obsidian shows the value as a mismatch in its property editor, and searches, Bases
    views and sorting by that property skip or misplace the note.

    ## Example
    `Finished: "no"` where `Finished` is a checkbox.

    ## How to fix
    Write the value in the property's type (`Finished: false`), or change the property's
    type in Obsidian if the type is what is wrong. Fixable in two cases where the value is
    certain: `vault-tools fix` writes `true`/`false` for a checkbox written as `yes`, `no`,
    `"true"` or `"false"`, and `YYYY-MM-DD` for a date written another way that names one
    day only (`2025/07/10`, `10 July 2025`; not `03/04/2025`, which could be either month).
    Any other mismatch needs you: only you know what a text in a number property meant.
    """,
).code
INVALID_TAG = declare(
    "VT120",
    Severity.WARNING,
    "a frontmatter tag is not a valid tag (empty, only digits, spaces, symbols)",
    """
    ## What it means
    A value of the `tags` property is not a tag Obsidian recognizes: only digits, or with
    spaces or symbols other than `_`, `-` and `/`.

    ## Why it matters
    Obsidian does not list the note under that tag: the tag pane, searches and tag-based
    note types miss it.

    An empty item in a `tags` list (`- ` with nothing after it, or `""`) is reported too,
    and so is a tag written with its `#` in the properties: there YAML reads ` #` as the
    start of a comment, so `tags: #hiring` leaves the note without tags and `- #hiring` is
    an empty item.

    ## Example
    `tags: [2025, hiring round]`

    ## How to fix
    Use letters with the digits, and `-` or `_` for spaces: `tags: [y2025, hiring-round]`.
    In the properties, write tags without `#`: `tags: hiring`, `- hiring`.
    Fixable for an empty tag only: `vault-tools fix` removes it (it names no tag), but not
    when its line holds a comment (`- #hiring`): those are your words. A tag that is not
    valid is left to you: which spelling you meant is yours to choose.
    """,
).code
UNQUOTED_LINK = declare(
    "VT121",
    Severity.WARNING,
    "a link in a property is not quoted, so YAML reads it as a list in a list",
    """
    ## What it means
    A property's value (or an item of its list) is a `[[link]]` written without quotes.
    YAML reads `[[Other]]` as a list holding a list holding the text `Other`, not as a link.

    ## Why it matters
    Obsidian shows no link there: the property is not clickable, the link is not in the
    graph or the backlinks, and renaming the note does not update it.

    ## Example
    `related: [[Other]]`

    ## How to fix
    Quote the link: `related: "[[Other]]"` (for a list, quote each item). Fixable:
    `vault-tools fix` adds the quotes around the link as it is written.
    """,
).code
DUPLICATE_TAG = declare(
    "VT122",
    Severity.WARNING,
    "a tag appears twice in the note's tags",
    """
    ## What it means
    The note's `tags` list names the same tag twice (Obsidian compares tags without their
    `#` and ignoring case, so `hiring`, `#hiring` and `Hiring` are one tag).

    ## Why it matters
    Obsidian lists the tag once; the second one only makes the list longer, and when the
    first is later removed or renamed the note keeps the tag without anyone noticing.

    ## Example
    `tags: [hiring, interview, Hiring]`

    ## How to fix
    Remove the second one. Fixable: `vault-tools fix` removes every later repeat and keeps
    the first as written; a repeat whose line holds a comment (`- hiring # again`) is left
    to you, with your comment.
    """,
).code


_DESCRIBED = {
    "text": "text",
    "multitext": "a list",
    "number": "a number",
    "checkbox": "a checkbox (true or false)",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date & time (YYYY-MM-DDTHH:MM)",
    "tags": "a list of tags",
    "aliases": "a list of aliases",
}


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (list, dict))


def _is_date_like(value: Any) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    return isinstance(value, str) and (is_date_text(value) or is_date_time_text(value))


def fits(kind: str, value: Any) -> bool:
    """Whether Obsidian shows ``value`` in a property of type ``kind`` without a mismatch."""
    if value is None:
        return True
    if kind == "text":
        return _is_scalar(value)
    if kind in ("multitext", "tags", "aliases"):
        if isinstance(value, list):
            return all(_is_scalar(item) for item in value)
        return _is_scalar(value) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "checkbox":
        return isinstance(value, bool)
    if kind in ("date", "datetime"):
        return _is_date_like(value)
    return True


def describe_value(value: Any) -> str:
    """``text "no"``, ``a list``, ``the number 3``: what a value is, for messages."""
    if isinstance(value, bool):
        return f"the checkbox value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        if any(isinstance(item, list) for item in value):
            return "a list holding a list"
        if any(isinstance(item, dict) for item in value):
            return "a list holding a mapping"
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f'the text "{text[:60]}{"..." if len(text) > 60 else ""}"'


def _nested_item(value: Any) -> tuple[int, ...]:
    """Where in a list value the item that makes it "a list holding a list" (or a mapping)
    stands, as :func:`describe_value` names it: ``(index,)``; ``()`` for any other value."""
    if isinstance(value, list):
        for kind in (list, dict):
            for index, item in enumerate(value):
                if isinstance(item, kind):
                    return (index,)
    return ()


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    declared = context.vault.config.property_types
    types_file = f"{context.vault.config.obsidian_folder}/types.json"
    unquoted: list[tuple[tuple[str | int, ...], str]] = []
    for key, value in note.properties.items():
        if type(value) is list:
            for item in value:
                if type(item) is list:  # rare: most lists hold text
                    unquoted.extend(_unquoted_links(key, value))
                    break
        lowered = key.lower()
        kind = declared.get(lowered) or BUILTIN_TYPES.get(lowered)
        if kind is None or fits(kind, value):
            continue
        if type(value) is list and fits(kind, _links_quoted(value)):
            continue  # only unquoted links: VT121 (or the schema's VT202) says to quote them
        source = types_file if lowered in declared else "Obsidian"
        yield finding(
            note,
            note.value_position(key, *_nested_item(value)),
            TYPE_MISMATCH,
            f"'{key}' is {_DESCRIBED.get(kind, kind)} in {source}, but its value is "
            f"{describe_value(value)}",
        )
    if unquoted:
        yield from _unquoted_link_findings(note, context, unquoted)
    comments = {path: (where, comment) for path, where, comment in note.tag_comments}
    for key in tag_keys(note.properties):
        value = note.properties[key]
        if type(value) is list:
            for index, what in tag_removals(value).items():
                empty = what == "an empty tag"
                message = f"{key}: {what}" + (
                    " (remove it)" if empty else " (Obsidian lists the tag once; remove it)"
                )
                if empty and (key, index) in comments:
                    comment = comments[(key, index)][1]
                    written = ", ".join(f"`- {name}`" for name in _tags_named(comment))
                    message = (
                        f"{key}: `- {_shortened(comment)}` is a YAML comment, not a tag (in the "
                        f"properties, write tags without #: {written})"
                    )
                yield finding(
                    note,
                    note.value_position(key, index),
                    INVALID_TAG if empty else DUPLICATE_TAG,
                    message,
                )
    for path, (where, comment) in comments.items():
        if len(path) == 1:  # `tags: #foo`: the note has no tags
            names = _tags_named(comment)
            written = names[0] if len(names) == 1 else f"[{', '.join(names)}]"
            yield finding(
                note,
                where,
                INVALID_TAG,
                f"{path[0]}: {_shortened(comment)} is a YAML comment here, so the note has no "
                f"tags; write `{path[0]}: {written}`",
            )
    for path, raw in _tag_values(note):
        name = raw.strip()
        if name.startswith("#"):
            name = name[1:]
        if not name or is_valid_tag(name):
            continue
        yield finding(
            note,
            note.value_position(*path),
            INVALID_TAG,
            f"'{raw.strip()}' is not a tag Obsidian recognizes: {_tag_problem(name)}",
        )


def _tag_values(note: Note) -> list[tuple[tuple[str | int, ...], str]]:
    """Frontmatter tags as written, a lone number (``tags: 2025``) included."""
    values = frontmatter_tag_values(note.properties)
    for key in tag_keys(note.properties):
        value = note.properties[key]
        if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
            values.append(((key,), str(value)))
    return values


def _tags_named(comment: str) -> list[str]:
    """The tags a comment where tags were meant names, without their ``#``: each of them when
    it holds nothing else (``#foo #bar``), else the first (``#foo was the plan``)."""
    words = comment.replace(",", " ").split()
    names = [leading_tag(word[1:]) if word.startswith("#") else "" for word in words]
    if all(name and name == word[1:] for word, name in zip(words, names, strict=True)):
        return names
    return names[:1]


def _shortened(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "..."


def _tag_problem(name: str) -> str:
    if name.isdigit():
        if _YEAR.fullmatch(name):  # a year: the y-prefixed form is the usual spelling
            return f"a tag needs at least one non-digit character (try 'y{name}')"
        return "a tag needs at least one non-digit character, such as a letter"
    if any(character.isspace() for character in name):
        return "a tag cannot contain spaces (use - or _ instead)"
    return "use letters, digits, '_', '-' and '/' only"


_YEAR = re.compile("[12][0-9]{3}")


def _links_quoted(value: list[Any]) -> Any:
    """A list value as it reads with its unquoted links quoted: ``[[X]]`` as ``"[[X]]"``."""
    if is_unquoted_link(value):
        return f"[[{value[0][0]}]]"
    return [f"[[{item[0][0]}]]" if is_unquoted_link(item) else item for item in value]


def _unquoted_links(key: str, value: list[Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(property path, link target) of each unquoted link in a property's list ``value``:
    the value itself (``key: [[X]]``) or its items (``- [[X]]``)."""
    if is_unquoted_link(value):
        return [((key,), value[0][0])]
    return [
        ((key, index), item[0][0]) for index, item in enumerate(value) if is_unquoted_link(item)
    ]


def _unquoted_link_findings(
    note: Note, context: Context, unquoted: list[tuple[tuple[str | int, ...], str]]
) -> Iterator[Diagnostic]:
    schema = context.schema_for(note)
    told = quoted_link_hints(note, schema) if schema is not None else set()
    for path, target in unquoted:
        if path in told:
            continue  # the schema's VT202 says to quote it
        key = str(path[0])
        if len(path) == 1:
            where = note.key_positions.get(key, (1, 1))
            quoted = f'"[[{target}]]"'
            if holds_a_list(context, note, key):
                quoted = f"[{quoted}]"  # a list of the one link, as the property holds lists
            fixed = f"write {key}: {quoted}"
        else:
            # A list item, in a block list (`- [[X]]`) or a flow one (`[[[X]], Y]`).
            where = note.value_position(*path)
            fixed = f'quote the item: "[[{target}]]"'
        yield finding(
            note,
            where,
            UNQUOTED_LINK,
            f"{key}: [[{target}]] is not quoted, so YAML reads it as a list in a list, not a "
            f"link; {fixed}",
        )


# ------------------------------------------------------------------------ safe fixes


@safe_fix(TYPE_MISMATCH)
def _fix_type_mismatch(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT110: a checkbox written as text (``yes``, ``"false"``) -> ``true``/``false``; a date
    written another way that names one day for sure -> ``YYYY-MM-DD``."""
    path = site.path_of(found)
    if path is None or len(path) != 1:
        return None
    kind = site.property_type(str(path[0]))
    value = site.value(path)
    if kind == "checkbox":
        checked = checkbox_text(value)
        if checked is not None:
            return replace_scalar(site, path, checked, f"{path[0]}: {checked}")
    if kind in ("date", "datetime") and isinstance(value, str):
        day = unambiguous_date(value)
        if day is not None:
            return replace_scalar(site, path, day.isoformat(), f"{path[0]}: {day.isoformat()}")
    return None


@safe_fix(UNQUOTED_LINK)
def _fix_unquoted_link(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT121: the link quoted."""
    path = site.path_of(found)
    return quote_unquoted_link(site, path) if path is not None else None


def _fix_tag_repeat(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT120 (an empty tag) and VT122 (a tag twice): the item removed from its list. Several
    removals in one list are made so that they do not overlap: an item is removed with the
    separator before it, or after it when every item before it goes too."""
    path = site.path_of(found)
    if path is None or len(path) != 2 or not isinstance(path[1], int):
        return None
    key, index = str(path[0]), path[1]
    value = site.value((key,))
    sequence = site.node((key,))
    if not isinstance(value, list) or not isinstance(sequence, SequenceNode):
        return None
    removed = tag_removals(value)
    if index not in removed or len(sequence.value) != len(value):
        return None
    if not written_in_order(sequence):
        return None
    text = site.frontmatter
    items = sequence.value
    item = items[index]
    reason = f"{key}[{index}]: {removed[index]} removed"
    if sequence.flow_style:
        if any(other not in removed for other in range(index)):
            start, end = items[index - 1].end_mark.index, item.end_mark.index
        elif index + 1 < len(items):
            start, end = item.start_mark.index, items[index + 1].start_mark.index
        else:
            start, end = item.start_mark.index, item.end_mark.index
        around = text[start : item.start_mark.index] + text[item.end_mark.index : end]
        if _FLOW_SEPARATOR.fullmatch(around) is None:
            return None
        return [Change(start, end, "", reason)]
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    line_end = text.find("\n", item.end_mark.index)
    if line_end < 0:
        return None
    before = text[line_start : item.start_mark.index]
    after = text[item.end_mark.index : line_end]
    if _BLOCK_DASH.fullmatch(before) is None or _LINE_REST.fullmatch(after) is None:
        return None
    return [Change(line_start, line_end + 1, "", reason)]


safe_fix(INVALID_TAG)(_fix_tag_repeat)
safe_fix(DUPLICATE_TAG)(_fix_tag_repeat)

_FLOW_SEPARATOR = re.compile(r"[ \t\r\n]*,?[ \t\r\n]*")
_BLOCK_DASH = re.compile(r"[ \t]*-[ \t]*")
# What may follow an item removed with its line: not a comment, which is the user's words
# (`- #c` is a comment YAML reads as an empty item; `- a # twice` says why it is there).
_LINE_REST = re.compile(r"[ \t]*\r?")


def tag_removals(items: list[Any]) -> dict[int, str]:
    """The items of a ``tags`` list that add no tag, by index, with what they are: an empty
    one (``- `` or ``""``), or a later repeat of a tag (``#hiring`` after ``Hiring``)."""
    removals: dict[int, str] = {}
    seen: set[str] = set()
    for index, item in enumerate(items):
        if isinstance(item, (list, dict)):
            continue
        name = "" if item is None else _scalar_tag(item).strip()
        name = name.removeprefix("#")
        if not name:
            removals[index] = "an empty tag"
            continue
        folded = name.casefold()
        if folded in seen:
            removals[index] = f"a second '{name}'"
        seen.add(folded)
    return removals


def _scalar_tag(item: Any) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (dt.date, dt.datetime)):
        return item.isoformat()
    return str(item)
