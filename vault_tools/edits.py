"""Precise edits of notes: planned as byte ranges, checked, then written atomically.

A command that changes what the user wrote (``finish``, ``fix``, ``mv``) plans every change
as an :class:`Edit` first: the note, the byte range it replaces, the bytes that stand there
now and the bytes to put instead. Nothing else in the note moves, so line endings, a BOM,
key order, comments and the body stay exactly as they are. :func:`apply` writes a note only
when every planned range still holds the bytes it was planned against, through the one
writer (atomic, inside the vault, never over a save made meanwhile).

:func:`property_span` finds a frontmatter property's value as a range of the file's bytes,
from the YAML parser's own positions, so an edit touches the value and nothing else.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from vault_tools.writer import (
    UnsafePathError,
    WriteOutcome,
    WriteStatus,
    read_note_bytes,
    write_if_changed,
)

__all__ = [
    "Edit",
    "EditError",
    "PropertySpan",
    "apply",
    "edited_bytes",
    "frontmatter_text",
    "property_span",
    "unified_diff",
]

_BOM = "\ufeff"


class EditError(ValueError):
    """An edit cannot be planned or applied exactly; the message says why."""


@dataclass(frozen=True)
class Edit:
    """Replace ``original`` at bytes ``start:end`` of the note at ``path`` by ``replacement``."""

    path: str  # vault-relative POSIX path
    start: int
    end: int
    original: bytes
    replacement: bytes
    line: int  # 1-based file line of the range's start, for messages
    reason: str  # one line for the user: what changes and why
    code: str = ""  # the lint code the edit fixes, when it fixes one


@dataclass(frozen=True)
class PropertySpan:
    """Where a top-level property stands in a note's bytes."""

    key_start: int
    key_end: int  # just after the key (before its colon)
    value_start: int  # the value's bytes; equal to value_end for an empty value
    value_end: int
    line: int  # 1-based file line of the key
    value: Node | None  # the YAML node of the value


def frontmatter_text(data: bytes) -> tuple[str, int, int] | None:
    """``(frontmatter text, its first byte, the closing fence's first byte)``, or None when
    the note has no frontmatter Obsidian would read (no ``---`` first line, no closing line).

    Raises EditError when the bytes are not UTF-8: such a note cannot be edited exactly.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the note is not valid UTF-8") from error
    offset = len(_BOM) if text.startswith(_BOM) else 0
    first_end = text.find("\n", offset)
    if first_end < 0 or text[offset:first_end].rstrip("\r") != "---":
        return None
    start = first_end + 1
    position = start
    while position <= len(text):
        end = text.find("\n", position)
        line = text[position : end if end >= 0 else len(text)].rstrip("\r")
        if line in ("---", "..."):
            return text[start:position], _byte_offset(text, start), _byte_offset(text, position)
        if end < 0:
            return None
        position = end + 1
    return None


def property_span(data: bytes, key: str) -> PropertySpan | None:
    """Where the top-level property ``key`` stands in ``data`` (a whole note's bytes), or
    None when the note has no such property. EditError when the frontmatter cannot be read
    exactly (no frontmatter, broken YAML, not a mapping, the key twice)."""
    found = frontmatter_text(data)
    if found is None:
        raise EditError("the note has no frontmatter")
    text, first_byte, _ = found
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise EditError(f"the frontmatter is not valid YAML ({error})") from error
    if root is None:
        return None
    if not isinstance(root, MappingNode):
        raise EditError("the frontmatter is not a list of properties")
    matches = [
        (key_node, value_node)
        for key_node, value_node in root.value
        if isinstance(key_node, ScalarNode) and key_node.value == key
    ]
    if len(matches) > 1:
        raise EditError(f"the property {key!r} appears twice")
    if not matches:
        return None
    key_node, value_node = matches[0]
    encoded = text.encode("utf-8")
    head_lines = data[:first_byte].count(b"\n")

    def to_byte(index: int) -> int:
        return first_byte + len(text[:index].encode("utf-8"))

    key_start, key_end = to_byte(key_node.start_mark.index), to_byte(key_node.end_mark.index)
    value_start, value_end = (
        to_byte(value_node.start_mark.index),
        to_byte(value_node.end_mark.index),
    )
    if _is_empty(value_node):
        # An empty value's marks point wherever the parser stopped: the value is the spot
        # right after the colon.
        colon = encoded.index(b":", key_end - first_byte) + first_byte
        value_start = value_end = colon + 1
    return PropertySpan(
        key_start,
        key_end,
        value_start,
        value_end,
        head_lines + key_node.start_mark.line + 1,
        value_node,
    )


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and node.style is None


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def edited_bytes(data: bytes, edits: Sequence[Edit]) -> bytes:
    """``data`` with ``edits`` (all of one note) applied. EditError when an edit's range no
    longer holds its original bytes, or two edits overlap."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise EditError(f"two edits overlap at line {after.line}")
    result = bytearray(data)
    for edit in reversed(ordered):
        if bytes(data[edit.start : edit.end]) != edit.original:
            raise EditError(f"line {edit.line} changed since the edit was planned")
        result[edit.start : edit.end] = edit.replacement
    return bytes(result)


def apply(root: str | Path, edits: Iterable[Edit]) -> list[WriteOutcome]:
    """Write every note that ``edits`` change, each atomically and only when every edit of it
    still fits the note on disk; one outcome per note, in path order. A note whose edits do
    not fit is left alone (REFUSED, with the reason), and the others are still written."""
    by_path: dict[str, list[Edit]] = {}
    for edit in edits:
        by_path.setdefault(edit.path, []).append(edit)
    outcomes: list[WriteOutcome] = []
    for path in sorted(by_path):
        try:
            current = read_note_bytes(root, path)
            if current is None:
                raise EditError("the note is gone")
            new = edited_bytes(current, by_path[path])
        except (EditError, UnsafePathError, OSError) as error:
            outcomes.append(WriteOutcome(path, WriteStatus.REFUSED, f"not edited: {error}"))
            continue
        outcomes.append(write_if_changed(root, path, new, current))
    return outcomes


def unified_diff(root: str | Path, edits: Iterable[Edit]) -> str:
    """The edits as a unified diff (``a/PATH`` → ``b/PATH``), writing nothing."""
    by_path: dict[str, list[Edit]] = {}
    for edit in edits:
        by_path.setdefault(edit.path, []).append(edit)
    chunks: list[str] = []
    for path in sorted(by_path):
        current = read_note_bytes(root, path) or b""
        new = edited_bytes(current, by_path[path])
        before = current.decode("utf-8", "replace").splitlines(keepends=True)
        after = new.decode("utf-8", "replace").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(before, after, f"a/{path}", f"b/{path}"))
    return "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in chunks)
