"""What every family of checks shares: the context they run in and how a finding is made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vault_tools import rulebook
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.markdown import Link
from vault_tools.note import Note
from vault_tools.people import closest_names
from vault_tools.rulebook import Change, default_severity
from vault_tools.schemas import Schema, SchemaSet, json_like
from vault_tools.vault import Resolution, Vault, as_written
from vault_tools.yaml12 import load_mapping

if TYPE_CHECKING:  # jsonschema explains only what a schema that does not compile finds
    from jsonschema.exceptions import ValidationError

    from vault_tools.schemas.explained import Failure

__all__ = [
    "Context",
    "FixSite",
    "PropertyPath",
    "finding",
    "replace_scalar",
    "scalar_span",
    "written_in_order",
    "yaml_scalar",
]

PropertyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Context:
    """The vault (for link resolution and other notes' types) and the schemas in force."""

    vault: Vault
    schemas: SchemaSet
    today: dt.date = field(default_factory=lambda: rulebook.current_day())
    # Whether a finding may say what a misspelt link likely meant (VT306's did-you-mean). It
    # reads other notes' names; a generated note's entries must not (the watcher keeps them
    # between changes while their own note is unchanged).
    suggest: bool = True
    # Links resolved: by target name alone, (name, subpath), or as scoped in resolve().
    _resolved: dict[object, Resolution] = field(default_factory=dict, compare=False, repr=False)
    # Where each target leads, without its subpath: (target, markdown, scope) -> resolution.
    _paths: dict[tuple[str, bool, str], Resolution] = field(
        default_factory=dict, compare=False, repr=False
    )
    # A link given as text: the link it is, or the bare text (see resolve_written).
    _written: dict[str, Link | str] = field(default_factory=dict, compare=False, repr=False)
    # path -> (id of the note read there, its schema). Not the note itself: lint lets a
    # note go once it is checked, and this must not keep it (and all it holds) alive.
    _schema_of: dict[str, tuple[int, Schema | None]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # type -> the names of the vault's notes of that type; (type, name) -> the one of them
    # the name is a likely misspelling of: for a did-you-mean.
    _names_of_type: dict[str, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _meant: dict[tuple[str, str], str | None] = field(
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

    def resolve_written(self, text: str, note: Note) -> Resolution:
        """``vault.resolve`` of a link given as text (a property's value, with or without its
        brackets), remembered as :meth:`resolve` remembers a note's links."""
        written = self._written.get(text)
        if written is None:
            written = self._written[text] = as_written(text)
        if isinstance(written, str):
            return self.vault.resolve(written, note)
        return self.resolve(written, note)

    def forget(self) -> None:
        """Let go of what the checks remembered (links resolved, notes' schemas); what is
        asked again is worked out again."""
        self._resolved.clear()
        self._paths.clear()
        self._written.clear()
        self._schema_of.clear()
        self._names_of_type.clear()
        self._meant.clear()

    def meant(self, note_type: str, name: str) -> str | None:
        """The one name of a note of ``note_type`` that ``name`` is a likely misspelling of
        (:func:`vault_tools.people.closest_names`), else None; remembered per name."""
        if not self.suggest:
            return None
        key = (note_type, name)
        if key not in self._meant:
            close = closest_names(name, self.names_of_type(note_type))
            self._meant[key] = close[0] if len(close) == 1 else None
        return self._meant[key]

    def names_of_type(self, note_type: str) -> tuple[str, ...]:
        """The names (file names without ``.md``) of the vault's notes of ``note_type``, read
        or known by summary; worked out once (they are asked for only to say what a link that
        does not resolve may have meant)."""
        names = self._names_of_type.get(note_type)
        if names is None:
            paths = self.vault.paths_of_type(note_type)
            names = tuple(path.rsplit("/", 1)[-1][:-3] for path in paths)
            self._names_of_type[note_type] = names
        return names

    def resolve(self, link: Link, note: Note) -> Resolution:
        """``vault.resolve``, remembered: most link targets recur across a vault's notes.

        Only a markdown link, a ``./``/``../`` path and ``[[#heading]]`` depend on where the
        link is written, and a name that matches several files (Obsidian prefers those in
        the linking note's folder); every other link resolves the same from any note, so
        only those few are remembered per folder. Where a target leads is remembered apart
        from its ``#heading`` or ``#^block`` (see :meth:`_resolve`).
        """
        target = link.target
        subpath = link.subpath
        markdown = link.kind == "markdown"
        key: object
        if not target:
            scope = note.path
            key = (target, subpath, markdown, scope)
        elif markdown or _relative(target):
            scope = note.folder
            key = (target, subpath, markdown, scope)
        else:
            # Most links: the key is the name alone, whose hash a str keeps.
            scope = ""
            key = (target, subpath) if subpath else target
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(target, subpath, markdown, scope, note)
            if not scope and len(found.candidates) > 1:
                self._resolved[(target, subpath, markdown, note.folder + "/")] = found
        elif not scope and len(found.candidates) > 1:
            # An ambiguous name: what was found from another folder may not hold here.
            key = (target, subpath, markdown, note.folder + "/")
            here = self._resolved.get(key)
            if here is None:
                here = self._resolved[key] = self._resolve(
                    target, subpath, markdown, note.folder + "/", note
                )
            found = here
        return found

    def _resolve(
        self, target: str, subpath: str, markdown: bool, scope: str, note: Note
    ) -> Resolution:
        """Where the link leads (remembered per target, as :meth:`resolve` scopes it: the
        same name with other headings leads to the same file), with its subpath checked."""
        key = (target, markdown, scope)
        where = self._paths.get(key)
        if where is not None and not scope and len(where.candidates) > 1:
            key = (target, markdown, note.folder + "/")
            where = self._paths.get(key)
        if where is None:
            path, candidates = self.vault.resolve_path(target, note.path, markdown=markdown)
            where = self._paths[key] = self.vault.resolution(path, candidates, "")
            if not scope and len(candidates) > 1:
                self._paths[(target, markdown, note.folder + "/")] = where
        if not subpath or where.path is None:
            return where
        return self.vault.resolution(where.path, where.candidates, subpath)


def _relative(target: str) -> bool:
    """Whether a link's target is a path relative to the linking note's folder (``./x``,
    ``../x``; a backslash counts as a slash, as ``Vault.resolve_path`` reads it)."""
    if target.startswith(("./", "../")):
        return True
    return "\\" in target and target.replace("\\", "/").startswith(("./", "../"))


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


@dataclass(frozen=True)
class FixSite:
    """What a rule's safe fix (:data:`vault_tools.rulebook.Fix`) sees of the note it repairs.

    ``frontmatter`` is the text between the fences exactly as in the file (line endings
    kept, no BOM); ``root`` its YAML nodes, whose marks are offsets into that text, so a fix
    can name the characters of one value. ``note`` is the note as lint read it, ``context``
    the schemas and the vault's property types in force. Built by :mod:`vault_tools.fix`.
    """

    note: Note
    context: Context
    frontmatter: str
    root: MappingNode

    def node(self, path: PropertyPath) -> Node | None:
        """The YAML node of the value written at ``path`` (``("tags", 2)``), or None. None
        too for a value reached through an alias (``level: *x``): its node is written
        elsewhere, and changing it there would change another value."""
        node: Node = self.root
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                pairs = [
                    (key, value)
                    for key, value in node.value
                    if isinstance(key, ScalarNode) and key.value == part
                ]
                if len(pairs) != 1 or pairs[0][1].start_mark.index < pairs[0][0].end_mark.index:
                    return None
                node = pairs[0][1]
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value) or not written_in_order(node):
                    return None
                node = node.value[part]
            else:
                return None
        return node

    def path_of(self, found: Diagnostic) -> PropertyPath | None:
        """The property path a finding points at (its value's position, or a top-level key's
        position), the shortest when several start there; None when it points at no value."""
        where = (found.line, found.column)
        paths = [path for path, position in self.note.value_positions.items() if position == where]
        paths += [(key,) for key, position in self.note.key_positions.items() if position == where]
        return min(paths, key=len) if paths else None

    def value(self, path: PropertyPath) -> Any:
        """The value at ``path`` as lint read it (YAML 1.2, as Obsidian), or None."""
        value: Any = self.note.properties
        for part in path:
            if isinstance(value, Mapping) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
                value = value[part]
            else:
                return None
        return value

    def schema_errors(self, path: PropertyPath) -> list[Failure | ValidationError]:
        """What the note's schema finds wrong at exactly ``path`` (none without a schema)."""
        schema = self.context.schema_for(self.note)
        if schema is None:
            return []
        instance = {
            key: json_like(value)
            for key, value in self.note.properties.items()
            if value is not None
        }
        return [error for error in schema.errors(instance) if tuple(error.absolute_path) == path]

    def property_type(self, key: str) -> str | None:
        """The property's type in the vault's ``types.json``, or Obsidian's built-in one."""
        lowered = key.lower()
        declared = self.context.vault.config.property_types.get(lowered)
        return declared or BUILTIN_TYPES.get(lowered)


# Obsidian's built-in property types, in force even when types.json does not list them.
BUILTIN_TYPES = {"tags": "tags", "aliases": "aliases", "cssclasses": "multitext"}


def written_in_order(sequence: SequenceNode) -> bool:
    """Whether each item of ``sequence`` is written where it stands (no alias to an earlier
    node), so that the items' marks are their own places, one after the other."""
    end = sequence.start_mark.index
    for item in sequence.value:
        if item.start_mark.index < end:
            return False
        end = item.end_mark.index
    return True


def scalar_span(site: FixSite, path: PropertyPath) -> tuple[int, int] | None:
    """Where the one-line scalar at ``path`` is written in the frontmatter (quotes included),
    or None when there is no such value (a list, a block scalar, nothing)."""
    node = site.node(path)
    if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
        return None
    start, end = node.start_mark.index, node.end_mark.index
    if start >= end or "\n" in site.frontmatter[start:end]:
        return None
    return start, end


def replace_scalar(
    site: FixSite, path: PropertyPath, text: str, reason: str
) -> list[Change] | None:
    """The change that writes ``text`` in place of the one-line scalar at ``path`` (quotes
    included), or None when there is no such value (a list, a block scalar, nothing)."""
    span = scalar_span(site, path)
    return None if span is None else [Change(*span, text, reason)]


_PLAIN_UNSAFE = frozenset(",[]{}#&*!|>'\"%@`:")


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as that text: plain when it can be
    (``Senior``), else double-quoted (``"true"``, ``"a: b"``)."""
    if value and value == value.strip() and not _PLAIN_UNSAFE.intersection(value):
        read = load_mapping(f"v: {value}\n", 1).values
        if read == {"v": value}:
            return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
