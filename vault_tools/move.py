"""Rename or move a note, an attachment or a folder, and every link to it with it.

``plan_move(vault, old, new)`` works out everything first and writes nothing: the files that
move (one, or every file under a folder) and, as :class:`~vault_tools.edits.Edit` values, the
exact bytes of each link that must change. A link changes when, after the move, it would no
longer lead where it leads now: every link to a moved file whose written path no longer names
it, the relative links inside a moved note, and a link to another file that the move would
turn away or make ambiguous (a bare name that a moved file now also bears). Each keeps its
form: a bare ``[[Name]]`` stays bare when the bare name still leads to the file, else it gets
the file's folder path; ``.md``, ``#heading``, ``#^block``, ``|alias``, ``!`` and a markdown
link's URL-encoding and relative path (recomputed from the linking note) are kept. Links
inside code and comments are no links, as in Obsidian, and are left alone.

Every rewritten note is parsed again before anything is written: its links must be the same
links, each leading where it led (a rewritten one to the moved file). Whatever cannot be done
exactly refuses the whole move (:class:`MoveError`): NEW exists, a link would break or become
ambiguous, a note to edit is not UTF-8 or has frontmatter that is not valid YAML where a link
must change, or the folder is, or holds, one a setting names, set or by default (the
templates folder, where `new` and the generated notes write): the setting is the user's to
change first, as vault-tools writes no settings.

``apply_move`` writes, ordered so that links lead somewhere at every moment it can manage:

* a file: NEW is made as a hard link of OLD (the same file under both names, created only if
  NEW does not exist), the links are rewritten to NEW, then OLD is removed. Interrupted midway,
  the vault holds the file under both names and every link resolves; finish by deleting OLD
  (the rewritten links lead to NEW). Where the file system has no hard links, OLD is renamed
  first and the links rewritten after; interrupted there, the links not yet rewritten are
  reported by ``vault-tools lint`` as unresolved.
* a folder: renamed in one ``os.rename``, then the links rewritten. Bare-name links keep
  resolving throughout; links written with the old folder path are unresolved until their
  note is rewritten (interrupted: ``lint`` lists them).

Each note is rewritten atomically by :func:`vault_tools.edits.apply`, only while it still
holds the bytes the plan was made against (a note saved meanwhile is left alone and reported).
"""

from __future__ import annotations

import bisect
import contextlib
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, unquote

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vault_tools.config import CONFIG_FILE, Config
from vault_tools.edits import Edit, EditError, apply, edited_bytes, unified_diff
from vault_tools.errors import VaultToolsError
from vault_tools.markdown import Link, links_in_text, markdown_destination, scan_body
from vault_tools.note import Note, parse_note, split_frontmatter
from vault_tools.vault import Vault
from vault_tools.writer import UnsafePathError, WriteOutcome, WriteStatus, read_note_bytes

__all__ = [
    "Move",
    "MoveError",
    "NoNameError",
    "Rename",
    "apply_move",
    "move_diff",
    "plan_move",
]

# Characters Obsidian refuses in a file name (\ / : * ? " < > |) or in a linked name (# ^ [ ]).
_FORBIDDEN_IN_NAME = frozenset('\\:*?"<>|#^[]')
_BOM = "\ufeff"


class MoveError(VaultToolsError):
    """The move cannot be done exactly; nothing was written. The message says why."""


class NoNameError(MoveError):
    """NEW names no file to move to: empty, only dots and spaces, or an existing folder for
    a file. Taken as it stands, it would name the folder above, or beside, the file (``""``
    in place of a note's new name: the note's own folder, as a note); the command line is
    wrong, not the vault."""


@dataclass(frozen=True)
class Rename:
    """One file that moves: vault-relative POSIX paths before and after."""

    old: str
    new: str


@dataclass(frozen=True)
class Move:
    """A planned move: what moves, and the edits of the links (at the notes' current paths)."""

    old: str
    new: str
    folder: bool  # a whole folder moves (``renames`` lists each file under it)
    renames: tuple[Rename, ...]
    edits: tuple[Edit, ...]

    @property
    def notes_edited(self) -> tuple[str, ...]:
        """The notes whose links change, at their current paths."""
        return tuple(sorted({edit.path for edit in self.edits}))

    def after(self, path: str) -> str:
        """Where the file now at ``path`` is after the move."""
        return _Mover(self.renames).new_path(path)


# ------------------------------------------------------------------------------ planning


def plan_move(vault: Vault, old: str, new: str, *, keep_text: bool = False) -> Move:
    """Plan moving ``old`` (a vault-relative path of a note, attachment or folder; a note's
    name also does) to ``new`` (a vault-relative path; a note keeps ``.md``; a trailing ``/``
    means into that folder; a bare new name for a note given by its name stays in its
    folder). ``keep_text``: a bare-name link shown as the old name gets the old name as its
    alias, so it reads the same. MoveError when it cannot be done exactly; NoNameError (a
    MoveError) when ``new`` names no file: empty, ``.``, ``..``, only dots and spaces, or,
    for a note or attachment, a folder that exists (``Folder/`` moves it into that folder)."""
    if vault.lean:
        raise MoveError("a lean vault has no body links: open the vault fully to move notes")
    source, is_folder = _source(vault, old)
    named = "/" not in old.replace("\\", "/").strip("/") and source != old.strip()
    target = _target(vault, source, is_folder, new, in_place=named)
    if is_folder:
        _refuse_named_folder(vault.config, source, target)
        prefix = source.lower() + "/"
        renames = tuple(
            Rename(path, target + path[len(source) :])
            for path in sorted(vault.files)
            if path.lower().startswith(prefix)
        )
    else:
        renames = (Rename(source, target),)
    mover = _Mover(renames)
    after = Vault.listed(
        vault.config,
        [
            (
                mover.new_path(path),
                "template" if vault.config.is_template(mover.new_path(path)) else _kind(path),
                0,
                0,
            )
            for path in vault.files
        ],
    )
    planner = _Planner(vault, after, mover, keep_text)
    edits: list[Edit] = []
    for path in planner.notes_to_read():
        edits.extend(planner.plan_note(path))
    return Move(source, target, is_folder, renames, tuple(edits))


def _folder_settings(config: Config) -> Iterator[tuple[str, str, str, str]]:
    """(folder, setting, its value, the file it is set in) for each folder a setting names,
    set or by default (a note's path: its folder). Moved, the setting would name a folder
    that is gone, and files would be read or written differently: templates read as notes,
    interviews typed by folder no more, new and generated notes made again at the old place."""
    from vault_tools.generated import GenerateSettings
    from vault_tools.new import DEFAULT_FOLDERS

    if config.templates_folder:
        folder = config.templates_folder
        if "templates_folder" in config.settings:
            yield folder, "templates_folder", folder, CONFIG_FILE
        else:
            where = f"{config.obsidian_folder}/templates.json (Settings, Templates, in Obsidian)"
            yield folder, "folder", folder, where
    for folder in config.type_by_folder:
        yield folder, "types.by_folder", folder, CONFIG_FILE
    hiring = config.settings.get("hiring")
    written = hiring.get("folders") if isinstance(hiring, dict) else None
    folders = written if isinstance(written, dict) else {}
    for kind, default in DEFAULT_FOLDERS.items():
        value = folders.get(kind + "s", default)
        if isinstance(value, str) and value.strip("/ "):
            folder = value.strip().strip("/")
            yield folder, f"hiring.folders.{kind}s", folder, CONFIG_FILE
    for key, value in GenerateSettings.from_config(config).generated_paths():
        if "/" in value:
            yield value.rsplit("/", 1)[0], key, value, CONFIG_FILE


def _refuse_named_folder(config: Config, source: str, target: str) -> None:
    """MoveError when the folder ``source`` is, or holds, a folder that a setting names: the
    settings are the user's to change (vault-tools writes no settings), first."""
    prefix = source.lower() + "/"
    named: dict[str, list[str]] = {}
    for folder, key, value, where in _folder_settings(config):
        if folder.lower() == source.lower() or folder.lower().startswith(prefix):
            moved = target + value[len(source) :]
            named.setdefault(where, []).append(f"  {key}: {value} -> {moved}")
    if named:
        settings = "".join(f"\nin {where}:\n" + "\n".join(keys) for where, keys in named.items())
        raise MoveError(
            f"{source}: settings name folders in it, which would then be gone; set them to "
            "the new place first (one not written in its file has the default shown), then "
            f"move the folder.{settings}"
        )


def _kind(path: str) -> str:
    return "note" if path.lower().endswith(".md") else "file"


def _source(vault: Vault, given: str) -> tuple[str, bool]:
    path = posixpath.normpath(given.replace("\\", "/").strip()).strip("/")
    if path in ("", ".") or path.startswith("../") or path == "..":
        raise MoveError(f"{given}: not a path inside the vault")
    full = vault.root / path
    if any(part.startswith(".") for part in path.split("/")):
        raise MoveError(f"{given}: files in dot-folders are not moved")
    known = {file.lower(): file for file in vault.files}
    if path.lower() in known:
        return known[path.lower()], False
    if full.is_dir() and not full.is_symlink():
        return path, True
    if path.lower() + ".md" in known:
        return known[path.lower() + ".md"], False
    note = vault.get(path)
    if note is not None:
        return note.path, False
    raise MoveError(f"{given}: no such note, file or folder in the vault")


def _target(vault: Vault, source: str, is_folder: bool, given: str, in_place: bool) -> str:
    text = given.replace("\\", "/").strip()
    if text.endswith("/"):
        text += source.rsplit("/", 1)[-1]
    elif not text.rsplit("/", 1)[-1].replace(".", "").strip():
        raise NoNameError(
            f"NEW {given!r} is no name: give the new name of {source}, or a folder ending "
            "in / to move it into; nothing moved"
        )
    elif in_place and "/" not in text and "/" in source:
        text = source.rsplit("/", 1)[0] + "/" + text  # a new name for a note named by name
    path = posixpath.normpath(text).strip("/") if text else ""
    if path in ("", ".") or path == ".." or path.startswith("../") or text.startswith("/"):
        raise MoveError(f"{given}: not a path inside the vault")
    parts = path.split("/")
    if any(part.startswith(".") for part in parts):
        raise MoveError(f"{given}: dot-folders and dot-files are not written")
    if parts[0] == vault.config.obsidian_folder:
        raise MoveError(f"{given}: the config folder is not written")
    bad = sorted(set(parts[-1]) & _FORBIDDEN_IN_NAME)
    if bad:
        raise MoveError(
            f"{given}: Obsidian cannot link a name holding {' '.join(bad)}; choose another name"
        )
    if not is_folder and (vault.root / path).is_dir():
        raise NoNameError(
            f"NEW {given!r} is the folder {path}: end it with / to move {source} into it, "
            "or give the new name; nothing moved"
        )
    if not is_folder:
        if source.lower().endswith(".md") and not path.lower().endswith(".md"):
            path += ".md"
        elif not source.lower().endswith(".md") and path.lower().endswith(".md"):
            raise MoveError(f"{given}: an attachment cannot become a note (.md)")
    if is_folder and (path + "/").lower().startswith(source.lower() + "/"):
        raise MoveError(f"{given}: a folder cannot move into itself")
    if path == source:
        raise MoveError(f"{given}: already there")
    root = vault.root
    full = root / path
    if os.path.lexists(full) and not _same_file(root / source, full):
        raise MoveError(f"{path}: exists already; nothing moved")
    real_root = os.path.realpath(root)
    folder = full.parent
    while not os.path.lexists(folder):
        folder = folder.parent
    real = os.path.realpath(folder)
    if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
        raise MoveError(f"{given}: leads outside the vault")
    if not folder.is_dir():
        raise MoveError(f"{given}: {folder.relative_to(root).as_posix()} is not a folder")
    return path


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


class _Mover:
    """Old paths to new ones, for one file or a folder's files."""

    def __init__(self, renames: Sequence[Rename]) -> None:
        self.renames = {rename.old: rename.new for rename in renames}
        self.keys = {_name_key(rename.old) for rename in renames} | {
            _name_key(rename.new) for rename in renames
        }

    def new_path(self, path: str) -> str:
        return self.renames.get(path, path)

    def concerns(self, link: Link) -> bool:
        """Whether the move could change where ``link`` leads (by its last path part)."""
        return _name_key(link.target) in self.keys


def _name_key(path: str) -> str:
    name = path.rstrip("/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name).lower()
    return name[:-3] if name.endswith(".md") else name


@dataclass(frozen=True)
class _Found:
    """A link found in a note's text, with the normalized-text span of its target part."""

    link: Link
    start: int  # of the written target (wikilink) or destination path (markdown link)
    end: int
    written: str  # the text there now
    style: str  # "" in the body; YAML scalar style ("plain", '"', "'") in frontmatter
    in_table: bool = False
    angle: bool = False  # a markdown destination written in <...>: spaces need no escape


class _Planner:
    def __init__(self, before: Vault, after: Vault, mover: _Mover, keep_text: bool) -> None:
        self.before = before
        self.after = after
        self.mover = mover
        self.keep_text = keep_text

    def notes_to_read(self) -> list[str]:
        """The notes (and templates) that may hold a link the move changes."""
        chosen: set[str] = set()
        for path, note in self.before.notes.items():
            if (
                path in self.mover.renames
                or not note.frontmatter_valid
                or any(self.mover.concerns(link) for link in note.links)
            ):
                chosen.add(path)
        chosen.update(self.before.templates)
        return sorted(chosen)

    def plan_note(self, path: str) -> list[Edit]:
        try:
            data = read_note_bytes(self.before.root, path)
        except UnsafePathError:
            return []  # a symlinked note: never rewritten (lint reports what breaks)
        if data is None:
            return []
        text = _Text(data)
        changes: list[tuple[_Found, str]] = []
        for found in self._links(path, text):
            new_written = self._rewritten(path, found)
            if new_written is not None and new_written != found.written:
                if text.undecodable:
                    raise MoveError(f"{path}: not valid UTF-8, so its links cannot be rewritten")
                changes.append((found, new_written))
        if not changes:
            return []
        edits = [
            text.edit(path, found, written, self.keep_text and _shows_name(found, written))
            for found, written in changes
        ]
        self._check(path, data, edits, changes)
        return edits

    # -- the links of one note, with where their targets stand in its text
    def _links(self, path: str, text: _Text) -> Iterator[_Found]:
        try:
            yaml_text, _, body, _ = split_frontmatter(text.normalized)
        except ValueError:  # unterminated frontmatter: the whole text is the body
            yaml_text, body = None, text.normalized
        body_start = len(text.normalized) - len(body)
        if yaml_text is not None:
            yield from self._frontmatter_links(path, yaml_text, text.normalized.find("\n") + 1)
        lines = [0, *(m.end() for m in re.finditer("\n", body))]
        for link in scan_body(body, 1, tags=False).links:
            line_start = lines[link.line - 1]
            in_table = body[line_start : line_start + link.column].lstrip().startswith("|")
            found = _locate(link, body_start + line_start + link.column - 1, "", in_table)
            if found is not None:
                yield found

    def _frontmatter_links(self, path: str, yaml_text: str, offset: int) -> Iterator[_Found]:
        if "[[" not in yaml_text and "](" not in yaml_text:
            return
        try:
            root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None
            broken = True
        else:
            broken = not isinstance(root, MappingNode | type(None))
        if broken:
            for link in links_in_text(yaml_text, 1, 1):
                if self._must_change(path, link):
                    raise MoveError(
                        f"{path}: its frontmatter is not valid YAML and holds {link.raw}, "
                        "a link the move must change; fix the frontmatter first"
                    )
            return
        for node in _value_scalars(root):
            value = node.value
            if "[[" not in value and "](" not in value:
                continue
            start, end = node.start_mark.index, node.end_mark.index
            source = yaml_text[start:end]
            style = {None: "plain", "'": "'", '"': '"'}.get(node.style, "block")
            at = 0
            for link in links_in_text(value, 1, 1):
                where = source.find(link.raw, at)
                if where < 0 or style == "block":
                    if self._must_change(path, link):
                        raise MoveError(
                            f"{path}: {link.raw} in its frontmatter is written with escapes "
                            "or over lines; it cannot be rewritten exactly"
                        )
                    continue
                at = where + len(link.raw)
                found = _locate(link, offset + start + where, style)
                if found is not None:
                    yield found

    def _must_change(self, path: str, link: Link) -> bool:
        return self.mover.concerns(link) and self.before.resolve(link, path).resolved

    # -- what a link's target becomes
    def _rewritten(self, path: str, found: _Found) -> str | None:
        """The link's new written target, or None when it stays as it is."""
        link = found.link
        if not self.mover.concerns(link) and path not in self.mover.renames:
            return None
        markdown = link.kind == "markdown"
        before_path, before_candidates = self.before.resolve_path(
            link.target, path, markdown=markdown
        )
        if before_path is None:
            return None  # unresolved before: the move does not make it worse
        source = self.mover.new_path(path)
        destination = self.mover.new_path(before_path)
        allow_ambiguous = len(before_candidates) > 1  # as it was: no new finding

        def leads_there(target: str) -> bool:
            result, candidates = self.after.resolve_path(target, source, markdown=markdown)
            return result == destination and (len(candidates) <= 1 or allow_ambiguous)

        if leads_there(link.target):
            # Still leading there as written (a bare name of a note moved to another folder,
            # in whatever case it was typed): the user's text stays as it is.
            return None
        syntax_markdown = _is_markdown_syntax(link)
        for form in _forms(link, found, destination, source, before_path, path):
            if leads_there(_unquote(form) if syntax_markdown else form):
                return None if form == found.written else form
        raise MoveError(
            f"{path}:{link.line}: {link.raw} would no longer lead to {destination} "
            "in any form; nothing moved"
        )

    # -- the rewritten note must hold the same links, leading where they led
    def _check(
        self, path: str, data: bytes, edits: list[Edit], changes: list[tuple[_Found, str]]
    ) -> None:
        try:
            new_data = edited_bytes(data, edits)
        except EditError as error:  # pragma: no cover - the plan's own ranges never overlap
            raise MoveError(f"{path}: {error}") from error
        old_note, new_note = parse_note(path, data), parse_note(path, new_data)
        old_links, new_links = _all_links(old_note), _all_links(new_note)
        source = self.mover.new_path(path)
        problem = len(old_links) != len(new_links) or len(new_note.problems) > len(
            old_note.problems
        )
        if not problem:
            for old_link, new_link in zip(old_links, new_links, strict=True):
                old_to = self.before.resolve_path(
                    old_link.target, path, markdown=old_link.kind == "markdown"
                )[0]
                new_to = self.after.resolve_path(
                    new_link.target, source, markdown=new_link.kind == "markdown"
                )[0]
                if (
                    old_link.subpath != new_link.subpath
                    or old_link.embed != new_link.embed
                    or (old_to is not None and new_to != self.mover.new_path(old_to))
                ):
                    problem = True
                    break
        if problem:
            raw = ", ".join(found.link.raw for found, _ in changes)
            raise MoveError(f"{path}: {raw} cannot be rewritten exactly; nothing moved")


def _all_links(note: Note) -> list[Link]:
    return sorted(note.links, key=lambda link: (link.line, link.column))


def _value_scalars(root: Node | None) -> Iterator[ScalarNode]:
    """The scalar values of a frontmatter mapping, at any depth (keys are no values)."""
    stack: list[Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(value for _, value in node.value)


def _shows_name(found: _Found, written: str) -> bool:
    """Whether the link is shown as its bare name, which ``written`` would change: a
    wikilink without alias, heading or block, not embedded."""
    link = found.link
    return (
        not _is_markdown_syntax(link)
        and link.alias is None
        and not link.subpath
        and not link.embed
        and "/" not in found.written
        and written.rsplit("/", 1)[-1] != found.written
    )


def _is_markdown_syntax(link: Link) -> bool:
    return not link.raw.lstrip("!").startswith("[[")


def _locate(link: Link, start: int, style: str, in_table: bool = False) -> _Found | None:
    """The span of the link's written target in the text, from the link's own start."""
    raw = link.raw
    if _is_markdown_syntax(link):
        span = markdown_destination(raw)
        if span is None:
            return None
        destination = raw[span[0] : span[1]]
        hash_at = destination.find("#")
        path_end = span[0] + (hash_at if hash_at >= 0 else len(destination))
        written = raw[span[0] : path_end]
        if not written.strip():
            return None
        angle = raw[span[0] - 1] == "<"
        return _Found(link, start + span[0], start + path_end, written, style, in_table, angle)
    opening = 3 if raw.startswith("!") else 2
    inner = raw[opening:]
    skipped = len(inner) - len(inner.lstrip())
    at = opening + skipped
    if not link.target or raw[at : at + len(link.target)] != link.target:
        return None
    return _Found(link, start + at, start + at + len(link.target), link.target, style, in_table)


def _forms(
    link: Link, found: _Found, destination: str, source: str, before_path: str, old_source: str
) -> list[str]:
    """The written targets that keep the link's form, best first."""
    is_note = destination.lower().endswith(".md")
    markdown = _is_markdown_syntax(link)
    target = link.target
    keep_md = not is_note or target.lower().endswith(".md")

    def spelled(path: str) -> str:
        return path if keep_md or not is_note else path[:-3]

    name = spelled(destination.rsplit("/", 1)[-1])
    full = spelled(destination)
    folder = source.rsplit("/", 1)[0] if "/" in source else ""
    relative = spelled(posixpath.relpath(destination, folder or "."))
    if target.startswith("./") and not relative.startswith("../"):
        relative = "./" + relative
    if markdown:
        old_folder = old_source.rsplit("/", 1)[0] if "/" in old_source else ""
        joined = posixpath.normpath(posixpath.join(old_folder, target)) if old_folder else target
        if target.startswith("/"):
            forms = ["/" + full]
        elif target.startswith(("./", "../")) or joined.lower() in (
            before_path.lower(),
            before_path.lower().removesuffix(".md"),
        ):
            forms = [relative, full]
        elif "/" in target:
            forms = [full, relative]
        else:
            forms = [name, relative, full]
        if found.angle:
            return [form for form in forms if "<" not in form and ">" not in form]
        return [_encode_destination(form, found.written) for form in forms]
    if target.startswith("/"):
        return ["/" + full]
    if target.startswith(("./", "../")):
        return [relative, full]
    if "/" in target:
        depth = target.rstrip("/").count("/") + 1
        suffix = "/".join(full.split("/")[-depth:])
        forms = [suffix, full] if suffix != full else [full]
    else:
        forms = [name, full]
    if "/" not in full:
        # At the root, beside a same-named note elsewhere: only the vault path is unambiguous.
        forms.append("/" + full)
    return forms


_PERCENT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_NON_ASCII_ESCAPE_RE = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")


def _encode_destination(path: str, written: str) -> str:
    """``path`` written as a markdown link destination the way ``written`` was: spaces (and
    a ``%``) always escaped where they must be, other characters escaped as it escaped them."""
    escaped = {match.group(0).upper() for match in _PERCENT_RE.finditer(written)}
    non_ascii = any(_NON_ASCII_ESCAPE_RE.fullmatch(code) for code in escaped)
    out = []
    for character in path:
        code = quote(character, safe="")
        must = character in " %<>\t" or (non_ascii and ord(character) > 127)
        out.append(code if must or (code in escaped and code != character) else character)
    return "".join(out)


def _unquote(written: str) -> str:
    return unquote(written) if "%" in written else written


class _Text:
    """A note's text with a map from its normalized form (LF, no BOM) back to its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        try:
            decoded = data.decode("utf-8")
            self.undecodable = False
        except UnicodeDecodeError:
            decoded = data.decode("utf-8", "replace")
            self.undecodable = True
        self.bom = _BOM if decoded.startswith(_BOM) else ""
        self.original = decoded[len(self.bom) :]
        self.crlf: list[int] = []  # normalized index of each "\n" that was "\r\n"
        for count, match in enumerate(re.finditer("\r\n", self.original)):
            self.crlf.append(match.start() - count)
        self.normalized = self.original.replace("\r\n", "\n").replace("\r", "\n")

    def byte_offset(self, index: int) -> int:
        original = index + bisect.bisect_left(self.crlf, index)
        return len((self.bom + self.original[:original]).encode("utf-8"))

    def edit(self, path: str, found: _Found, written: str, keep_text: bool) -> Edit:
        """The edit that writes ``written`` in place of the link's target (``keep_text``:
        followed by the old text as the link's alias)."""
        start, end = self.byte_offset(found.start), self.byte_offset(found.end)
        replacement = _escaped_for(found.style, written)
        link = found.link
        if keep_text:
            bar = "\\|" if found.in_table else "|"
            replacement += _escaped_for(found.style, bar + found.written)
        old = self.data[start:end]
        if old.decode("utf-8") != found.written:  # pragma: no cover - located from this text
            raise MoveError(f"{path}:{link.line}: the link's text is not where it was read")
        line = self.data.count(b"\n", 0, start) + 1
        reason = f"{link.raw} → {written}"
        return Edit(path, start, end, old, replacement.encode("utf-8"), line, reason)


def _escaped_for(style: str, text: str) -> str:
    if style == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if style == "'":
        return text.replace("'", "''")
    return text


# ------------------------------------------------------------------------------ writing


def move_diff(root: str | Path, move: Move) -> str:
    """The plan as text, writing nothing: one ``rename OLD -> NEW`` line per moved file (or
    one for the folder), then a unified diff of the link edits (at the notes' current paths)."""
    if move.folder:
        lines = [f"rename {move.old}/ -> {move.new}/  ({len(move.renames)} files)\n"]
    else:
        lines = [f"rename {move.old} -> {move.new}\n"]
    return "".join(lines) + unified_diff(root, move.edits)


def apply_move(root: str | Path, move: Move) -> list[WriteOutcome]:
    """Move the files and rewrite the links, in the order the module docstring gives; one
    outcome per rewritten note. MoveError when the files cannot be moved (nothing written)."""
    root = Path(root)
    old, new = root / move.old, root / move.new
    edits = [replace(edit, path=move.after(edit.path)) for edit in move.edits]
    if os.path.lexists(new) and not _same_file(old, new):
        raise MoveError(f"{move.new}: exists already; nothing moved")
    new.parent.mkdir(parents=True, exist_ok=True)
    if move.folder or _same_file(old, new):
        _rename(old, new)
        return _written(root, edits)
    try:
        os.link(old, new, follow_symlinks=False)
    except FileExistsError as error:
        raise MoveError(f"{move.new}: exists already; nothing moved") from error
    except OSError:  # no hard links here (FAT, some network and sync folders)
        _rename(old, new)
        return _written(root, edits)
    outcomes = _written(root, edits)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(old)
    return outcomes


def _rename(old: Path, new: Path) -> None:
    try:
        os.rename(old, new)
    except OSError as error:
        raise MoveError(f"cannot move {old.name}: {error.strerror or error}") from error


def _written(root: Path, edits: Iterable[Edit]) -> list[WriteOutcome]:
    outcomes = apply(root, edits)
    return [
        outcome
        if outcome.status is not WriteStatus.REFUSED
        else replace(outcome, message=outcome.message + " (its links still name the old path)")
        for outcome in outcomes
    ]
