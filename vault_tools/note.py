"""One note as Obsidian reads it: frontmatter properties with their file lines, and the body.

:func:`parse_note` never raises on a note's content: every problem becomes a
:class:`~vault_tools.diagnostics.Diagnostic` in ``Note.problems``. python-frontmatter is
deliberately not used for parsing because it turns broken frontmatter into a silent ``{}``
and loses line numbers; the split below follows Obsidian's rule (a ``---`` first line, a
closing ``---`` or ``...`` line, BOM and CRLF allowed).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import VaultToolsError
from vault_tools.markdown import (
    Heading,
    Link,
    Section,
    Tag,
    leading_tag,
    links_in_text,
    make_tag,
    scan_body,
    sections,
)
from vault_tools.regions import find_regions
from vault_tools.rulebook import declare
from vault_tools.yaml12 import load_mapping, read_timestamp_text

if TYPE_CHECKING:
    import frontmatter

__all__ = [
    "DUPLICATE_KEY",
    "NOT_MAPPING",
    "NOT_UTF8",
    "UNREADABLE",
    "UNSAFE_TAG",
    "UNTERMINATED",
    "YAML_LIMIT",
    "YAML_SYNTAX",
    "Note",
    "Position",
    "decode",
    "frontmatter_tag_values",
    "parse_note",
    "read_date",
    "read_moment",
    "split_frontmatter",
]

Position = tuple[int, int]

# Parse-level codes: found while the note is read, and kept in ``Note.problems``.
UNREADABLE = declare(
    "VT100",
    Severity.ERROR,
    "the file cannot be read (permissions, I/O error)",
    """
    ## What it means
    The operating system refused to give vault-tools the file's bytes: no read permission,
    a disk or network error, a file locked by another program.

    ## Why it matters
    Nothing in the note is checked, indexed or counted in a retrospective, and Obsidian
    probably cannot open it either.

    ## Example
    `chmod 000 "Hiring/Candidates/Ada.md"`, or a cloud file not downloaded yet.

    ## How to fix
    Give yourself read permission (`chmod u+r`), or let the sync tool finish downloading it.
    """,
).code
NOT_UTF8 = declare(
    "VT101",
    Severity.ERROR,
    "the file is not valid UTF-8; Obsidian shows replacement characters",
    """
    ## What it means
    The file holds bytes that are not UTF-8 text, usually because another editor saved it
    as Latin-1 or Windows-1252. The finding points at the first such byte.

    ## Why it matters
    Obsidian reads every note as UTF-8: those characters show as replacement characters,
    and an edit in Obsidian saves them, losing the original letters for good.

    ## Example
    `Café` saved by a Latin-1 editor: its byte 0xe9 alone is not UTF-8.

    ## How to fix
    Re-save the file as UTF-8 (most editors: "Save with encoding"), or
    `iconv -f latin1 -t utf-8`.
    """,
).code
UNTERMINATED = declare(
    "VT102",
    Severity.ERROR,
    "frontmatter has no closing '---' line; Obsidian shows no properties",
    """
    ## What it means
    The note starts with a `---` line, but no later `---` (or `...`) line closes the
    frontmatter.

    ## Why it matters
    Obsidian then shows the whole note as text and none of its properties: the note has
    no type, and schemas, indexes and retrospectives do not see it.

    ## Example
    ```
    ---
    type: interview
    candidate: "[[Ada]]"
    # Competence
    ```

    ## How to fix
    Add a `---` line after the last property.
    """,
).code
YAML_SYNTAX = declare(
    "VT103",
    Severity.ERROR,
    "frontmatter is not valid YAML",
    """
    ## What it means
    The frontmatter cannot be read as YAML; the finding gives the line and what the YAML
    reader expected there.

    ## Why it matters
    Obsidian shows none of the note's properties, so the note has no type and no values
    for schemas, indexes or retrospectives.

    ## Example
    ```
    ---
    role: DE
     level: Senior
    ---
    ```

    ## How to fix
    Correct the line named in the finding: indentation, a missing `:`, or a value with
    `: ` or `#` in it that needs quotes.
    """,
).code
NOT_MAPPING = declare(
    "VT104",
    Severity.ERROR,
    "frontmatter is a list or a single value, not properties",
    """
    ## What it means
    The frontmatter is valid YAML, but a list or a single value rather than `key: value`
    lines.

    ## Why it matters
    Obsidian shows no properties for it, so the note has no type and no values.

    ## Example
    ```
    ---
    - interview
    - Ada
    ---
    ```

    ## How to fix
    Write each property as `key: value` on its own line.
    """,
).code
UNSAFE_TAG = declare(
    "VT105",
    Severity.ERROR,
    "an unsafe or unknown YAML tag (!!python/..., !custom) was not applied",
    """
    ## What it means
    A value carries a YAML tag that vault-tools does not apply: a language tag such as
    `!!python/object` or a custom one such as `!include`.

    ## Why it matters
    Such tags can run code in some YAML readers; Obsidian ignores them. The value is read
    as the plain text it is written as, which is probably not what was meant.

    ## Example
    `created: !!python/object/apply:os.system ["echo hi"]`

    ## How to fix
    Remove the tag and write the plain value.
    """,
).code
YAML_LIMIT = declare(
    "VT106",
    Severity.ERROR,
    "frontmatter too deep, too large, or an alias bomb; not read",
    """
    ## What it means
    The frontmatter is nested too deeply, is too large, or expands YAML aliases into far
    more values than it holds (a "billion laughs").

    ## Why it matters
    Reading it would take the memory or time of the whole run, so it is not read: the
    note has no properties for vault-tools.

    ## Example
    ```
    a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    ```

    ## How to fix
    Write the values out; keep frontmatter to properties and move long data into the body.
    """,
).code
DUPLICATE_KEY = declare(
    "VT107",
    Severity.ERROR,
    "a property key appears twice in the frontmatter",
    """
    ## What it means
    The same property is set twice in one note's frontmatter.

    ## Why it matters
    YAML readers disagree on which value wins, and Obsidian's property editor keeps only
    one of them: the other is lost on the next edit.

    ## Example
    ```
    stage: technical
    stage: case
    ```

    ## How to fix
    Keep one line per property, with the value you mean.
    """,
).code

_PROBLEM_CODES = {
    "syntax": YAML_SYNTAX,
    "not-mapping": NOT_MAPPING,
    "unsafe-tag": UNSAFE_TAG,
    "unknown-tag": UNSAFE_TAG,
    "aliases": YAML_LIMIT,
    "too-deep": YAML_LIMIT,
    "too-large": YAML_LIMIT,
    "duplicate-key": DUPLICATE_KEY,
}


@dataclass(slots=True)
class Note:
    """What Obsidian reads from one markdown file."""

    path: str  # vault-relative POSIX path, e.g. "Work/Hiring.md"
    size: int = 0
    mtime_ns: int = 0
    properties: dict[str, Any] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)
    value_positions: dict[tuple[str | int, ...], Position] = field(default_factory=dict)
    has_frontmatter: bool = False
    frontmatter_valid: bool = True  # False when the YAML could not be read as properties
    body_line: int = 1  # file line of the body's first line
    problems: tuple[Diagnostic, ...] = ()
    # Comments written where a tag was likely meant, which YAML reads as nothing: `tags: #foo`
    # (no value) and an item `- #c` of a tags list. (property path, position, the comment
    # from its `#`): the position is the `#`'s for the first, the empty item's for the second.
    tag_comments: tuple[tuple[tuple[str | int, ...], Position, str], ...] = ()
    # Kept only for typed notes (interviews, cases, candidates): rules read their sections.
    body: str | None = None
    # The body is scanned for links, tags, headings and block ids on first use, not when the
    # note is read: opening a vault then costs little more than reading its frontmatter, and
    # commands that never look at bodies (index, retro, watch) never pay for the scan.
    _unscanned: str | None = None
    _links: tuple[Link, ...] = ()  # frontmatter links until the body is scanned
    _tags: tuple[Tag, ...] = ()  # frontmatter tags until the body's tags are scanned
    _headings: tuple[Heading, ...] = ()
    _block_ids: frozenset[str] = frozenset()
    # A reader that needs no inline tags (lint: no check reads them) leaves them out of the
    # scan; they are scanned from the body, kept till then, if they are asked for after all.
    defer_tags: bool = field(default=False, compare=False, repr=False)
    _untagged: str | None = field(default=None, compare=False, repr=False)
    # Set by forget_body() when the deferred tags went with the body: read from the file then.
    _tags_in_file: bool = field(default=False, compare=False, repr=False)
    # The vault's root folder, set by the vault that read the note (one string shared by all
    # its notes): to_post() reads a body the note did not keep from there.
    _root: str | None = field(default=None, compare=False, repr=False)

    def __repr__(self) -> str:
        # Short on purpose: a note's body can run to megabytes.
        return f"Note({self.path!r}, type={self.type!r}, links={len(self.links)})"

    def _scan(self) -> None:
        body = self._unscanned
        if body is not None:
            self._unscanned = None
            scan = scan_body(body, self.body_line, tags=not self.defer_tags)
            self._links = (*self._links, *scan.links)
            if self.defer_tags:
                self._untagged = body
            else:
                self._tags = (*self._tags, *scan.tags)
            self._headings = scan.headings
            self._block_ids = scan.block_ids

    @property
    def links(self) -> tuple[Link, ...]:
        """Every link: frontmatter values first, then the body, in file order."""
        if self._unscanned is not None:
            self._scan()
        return self._links

    @property
    def tags(self) -> tuple[Tag, ...]:
        """Frontmatter tags (as written, maybe invalid), then the body's inline tags."""
        if self._unscanned is not None:
            self.defer_tags = False  # asked for first: found with everything else
            self._scan()
        elif self._untagged is not None:
            body, self._untagged = self._untagged, None
            self._tags = (*self._tags, *scan_body(body, self.body_line).tags)
        elif self._tags_in_file:
            self._tags_in_file = False
            self._tags = (*self._tags, *scan_body(self._body_text(), self.body_line).tags)
        return self._tags

    def forget_body(self) -> None:
        """Let the body's text go once the note is scanned: lint keeps every note it read
        until their links are checked, which read the links, headings and properties only
        (at 10k notes the bodies were a third of its memory). A note read from a vault reads
        the text from its file again if it is asked for its inline tags after all."""
        if self._root is None or self._unscanned is not None:
            return
        self.body = None
        if self._untagged is not None:
            self._untagged = None
            self._tags_in_file = True

    @property
    def headings(self) -> tuple[Heading, ...]:
        if self._unscanned is not None:
            self._scan()
        return self._headings

    @property
    def block_ids(self) -> frozenset[str]:
        if self._unscanned is not None:
            self._scan()
        return self._block_ids

    @property
    def name(self) -> str:
        """The note's name as Obsidian shows it: file name without ``.md``."""
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    @property
    def type(self) -> str | None:
        value = self.properties.get("type")
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def sections(self) -> tuple[Section, ...]:
        """Sections by heading, from markdown-it-py tokens (empty when the body was not kept)."""
        if self.body is None:
            return ()
        return sections(self.body, self.body_line)

    def to_post(self) -> frontmatter.Post:
        """The note as a python-frontmatter ``Post``: ``metadata`` a copy of ``properties``,
        ``content`` the body, both exactly as ``frontmatter.load(path,
        handler=vault_tools.ObsidianHandler())`` gives them (python-frontmatter strips the
        content's surrounding blank lines).

        A note read by a :class:`~vault_tools.vault.Vault` reads its body from the file again
        (its properties are those read before: VaultToolsError when the file changed since
        then). A note from :func:`parse_note` needs ``keep_body=True`` (ValueError otherwise).
        """
        import frontmatter  # python-frontmatter: loaded only by callers of this method

        post = frontmatter.Post(self._body_text().strip())
        # Not Post(content, **properties): a property named "content" or "handler" would clash.
        post.metadata = copy.deepcopy(self.properties)
        return post

    def _body_text(self) -> str:
        if self._root is None:
            if self.body is None:
                raise ValueError(
                    f"{self.path}: the body was not kept (parse it with keep_body=True)"
                )
            return self.body
        # The body as the file holds it: a lean vault keeps none, others drop untyped bodies.
        full = os.path.join(self._root, self.path)
        try:
            with open(full, "rb") as handle:
                info = os.fstat(handle.fileno())
                data = handle.read()
        except OSError as error:
            raise VaultToolsError(
                f"{self.path}: cannot read file: {error.strerror or error}"
            ) from None
        if (info.st_size, info.st_mtime_ns) != (self.size, self.mtime_ns):
            raise VaultToolsError(
                f"{self.path}: changed on disk since it was read (vault.update() reads it again)"
            )
        text, _ = decode(data, self.path)
        try:
            return split_frontmatter(text)[2]
        except _Unterminated:
            return text

    def key_line(self, key: str) -> int:
        """File line of a property key; the frontmatter's opening line when the key is missing."""
        position = self.key_positions.get(key)
        return position[0] if position else 1

    def value_position(self, *path: str | int) -> Position:
        position = self.value_positions.get(tuple(path))
        if position is not None:
            return position
        top = self.key_positions.get(str(path[0])) if path else None
        return top if top is not None else (1, 1)


def split_frontmatter(text: str) -> tuple[str | None, int, str, int]:
    """Split ``text`` (LF line endings, no BOM) into (yaml, yaml_first_line, body, body_line).

    ``yaml`` is None when the note has no frontmatter. Raises ``_Unterminated`` when the
    opening fence has no closing line (:func:`parse_note` reports it; the text is body).
    """
    first_end = text.find("\n")
    if first_end == -1:
        first_end = len(text)
    if text[:first_end].rstrip(" \t") != "---":
        return None, 0, text, 1
    start = first_end + 1
    closing = _CLOSING_FENCE.search(text, start)
    if closing is None:
        raise _Unterminated
    yaml_text = text[start : closing.start()]
    body_start = closing.end() + 1
    closing_line = 2 + yaml_text.count("\n")
    return yaml_text, 2, text[body_start:], closing_line + 1


_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class _Unterminated(ValueError):
    """An opening fence without a closing line (a ValueError: see frontmatter_handler)."""


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text with LF line endings; undecodable bytes become U+FFFD and one diagnostic."""
    problems: list[Diagnostic] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Diagnostic(
                path,
                line,
                column,
                NOT_UTF8,
                Severity.ERROR,
                f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); "
                "Obsidian will show replacement characters — re-save it as UTF-8",
            )
        )
        text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def parse_note(
    path: str,
    data: bytes,
    *,
    size: int = 0,
    mtime_ns: int = 0,
    keep_body: bool | None = None,
) -> Note:
    """Parse one note's bytes. ``keep_body``: True/False, or None to keep it for typed notes."""
    text, problems = decode(data, path)
    note = Note(path=path, size=size, mtime_ns=mtime_ns)
    try:
        yaml_text, yaml_line, body, body_line = split_frontmatter(text)
    except _Unterminated:
        problems.append(
            Diagnostic(
                path,
                1,
                1,
                UNTERMINATED,
                Severity.ERROR,
                "frontmatter is not closed: add a '---' line after the properties "
                "(Obsidian shows this note without properties)",
            )
        )
        yaml_text, yaml_line, body, body_line = None, 0, text, 1
        note.frontmatter_valid = False

    frontmatter_links: list[Link] = []
    frontmatter_tags: list[Tag] = []
    if yaml_text is not None:
        note.has_frontmatter = True
        loaded = load_mapping(yaml_text, yaml_line)
        for problem in loaded.problems:
            problems.append(
                Diagnostic(
                    path,
                    problem.line,
                    problem.column,
                    _PROBLEM_CODES.get(problem.kind, YAML_SYNTAX),
                    Severity.ERROR,
                    problem.message,
                )
            )
        if loaded.values is None:
            note.frontmatter_valid = False
        else:
            note.properties = loaded.values
            # The loader's own maps, not copies: nothing else holds them (tens of thousands
            # of notes, each map built once).
            note.key_positions = loaded.key_positions
            note.value_positions = loaded.value_positions
            if "[[" in yaml_text or "](" in yaml_text:
                frontmatter_links = _frontmatter_links(note)
            frontmatter_tags = _frontmatter_tags(note)
            if "#" in yaml_text:
                note.tag_comments = _tag_comments(note, yaml_text, yaml_line)

    if "vault-tools:" in text:  # the few notes holding generated blocks (a scan in C)
        # Broken markers make index/watch refuse to write the note; lint reports them first,
        # found exactly as the writer finds them (not in frontmatter or fenced code).
        problems.extend(find_regions(text, path).problems)
    note.body_line = body_line
    note._links = tuple(frontmatter_links)
    note._tags = tuple(frontmatter_tags)
    if body:
        note._unscanned = body
    note.problems = tuple(problems)
    if keep_body or (keep_body is None and note.type is not None):
        note.body = body
    return note


def _frontmatter_links(note: Note) -> list[Link]:
    links: list[Link] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [
        ((key,), value) for key, value in note.properties.items()
    ]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if "[[" in value or "](" in value:
                line, column = note.value_positions.get(path, note.value_position(*path))
                links.extend(links_in_text(value, line, column, "frontmatter"))
        elif isinstance(value, list):
            # Only the items that may hold a link (a list of names or scores holds none).
            stack.extend(
                ((*path, index), item)
                for index, item in enumerate(value)
                if type(item) is not str or "[[" in item or "](" in item
            )
        elif isinstance(value, dict):
            stack.extend(((*path, str(key)), item) for key, item in value.items())
    links.sort(key=lambda link: (link.line, link.column))
    return links


# ``tags`` and ``tag`` in every case (``Tags``, ``TAGS``, ``tAgS``): 16 + 8 spellings, so
# that a note's keys are matched in one set operation, not one lowering per key per note.
_TAG_KEYS = frozenset(
    "".join(
        letter.upper() if bit == "1" else letter
        for letter, bit in zip(word, format(number, f"0{len(word)}b"), strict=True)
    )
    for word in ("tags", "tag")
    for number in range(2 ** len(word))
)


def tag_keys(properties: Mapping[str, Any]) -> list[str]:
    """The keys Obsidian reads a note's tags from: ``tags`` (and the legacy ``tag``) in any
    case, as it matches them (``Tags:``, ``TAGS:``), in the order they are written."""
    found = _TAG_KEYS.intersection(properties)
    if len(found) <= 1:
        return list(found)
    return [key for key in properties if key in found]


def frontmatter_tag_values(properties: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The raw ``tags`` (and legacy ``tag``) values with their value paths, the key in any
    case (:func:`tag_keys`).

    A single string holds one or more tags separated by commas or spaces, as Obsidian reads it.
    """
    found: list[tuple[tuple[str | int, ...], str]] = []
    for key in tag_keys(properties):
        value = properties[key]
        if isinstance(value, str):
            found.extend(((key,), part) for part in value.replace(",", " ").split())
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if type(item) is str:  # nearly every tag: no conversion to look for
                    found.append(((key, index), item))
                elif item is not None and not isinstance(item, (list, dict)):
                    found.append(((key, index), _scalar_text(item)))
    return found


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _frontmatter_tags(note: Note) -> list[Tag]:
    tags: list[Tag] = []
    positions = note.value_positions
    for path, raw in frontmatter_tag_values(note.properties):
        line, column = positions.get(path) or note.value_position(*path)
        name = raw.strip()
        if name.startswith("#"):
            name = name[1:]
        tags.append(make_tag(name, line, column))
    return tags


def _tag_comments(
    note: Note, yaml_text: str, first_line: int
) -> tuple[tuple[tuple[str | int, ...], Position, str], ...]:
    """See ``Note.tag_comments``: only where the value is empty and the comment's ``#`` is
    followed by a tag's character (``#foo``, not ``# a remark``): right after ``tags: `` (any
    case of the key, as Obsidian reads it), or after the dash of an empty tags item."""
    found: list[tuple[tuple[str | int, ...], Position, str]] = []
    lines: list[str] | None = None
    for key, value in note.properties.items():
        if value is None and key.lower() == "tags":
            where = note.key_positions.get(key)
            if where is None:
                continue
            lines = lines or yaml_text.split("\n")
            line, column = where
            written = lines[line - first_line][column - 1 :]
            for gap in (" ", "\t"):
                head = f"{key}:{gap}"
                comment = written[len(head) :].rstrip()
                if written.startswith(head) and _looks_like_a_tag(comment):
                    found.append(((key,), (line, column + len(head)), comment))
        elif type(value) is list and key in ("tags", "tag") and None in value:
            for index, item in enumerate(value):
                where = note.value_positions.get((key, index))
                if item is not None or where is None:
                    continue
                lines = lines or yaml_text.split("\n")
                match = _COMMENTED_ITEM.fullmatch(lines[where[0] - first_line])
                if match is not None and _looks_like_a_tag(match.group(1)):
                    found.append(((key, index), where, match.group(1)))
    return tuple(found)


_COMMENTED_ITEM = re.compile(r"[ \t]*-[ \t]+(#.*?)[ \t]*")


def _looks_like_a_tag(comment: str) -> bool:
    return comment.startswith("#") and bool(leading_tag(comment[1:]))


# ------------------------------------------------------------------ property values as dates
# What Obsidian shows as a date: a YAML date or datetime, or the same written as quoted text.


def read_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime, or ISO text (Obsidian treats quoted dates alike)."""
    moment = read_moment(value)
    if isinstance(moment, dt.datetime):
        return moment.date()
    return moment


def read_moment(value: Any) -> dt.date | dt.datetime | None:
    """A datetime, or a date when no time was written; None for anything else."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, str):
        # As lint's date formats read it (one reading: what lint accepts, the figures count).
        return read_timestamp_text(value.strip())
    return None
