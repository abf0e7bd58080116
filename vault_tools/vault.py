"""The vault: its notes, its other files, and Obsidian's rules for resolving a link.

``Vault.open(path)`` scans the folder once; ``vault.update(path)`` re-reads one file, which
is what the watcher calls. ``Vault.listed`` is lint's way in: every file known, and only the
notes it checks read (the others known by their summary).

``Vault.open(path, lean=True)`` reads only each note's frontmatter: the properties, and the
links and tags written in it. That is everything the generators and the watcher use, at a
fraction of the time and memory of a full read (50k notes: a few seconds and ~1/4 of the
memory), which matters for a process that keeps the vault in memory all day. Body links,
tags, headings and key positions stay empty, so a lean vault is not for linting
(:func:`vault_tools.lint.lint` refuses it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import posixpath
import re
import stat
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vault_tools.config import Config
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import NotAVaultError
from vault_tools.markdown import Link, links_in_text, normalize_heading
from vault_tools.note import UNREADABLE, Note, parse_note
from vault_tools.people import Named, named_interviewers
from vault_tools.walk import Stamp, stamp_of, walk_stat
from vault_tools.walk import inside as _inside

__all__ = [
    "SHARED_PROPERTIES",
    "Resolution",
    "Summary",
    "Vault",
    "as_written",
    "case_clashes",
    "is_conflict_copy",
    "is_utf8_name",
    "name_key",
]

# What a note's findings can depend on in another note: its schema type (a schema link must
# point at a note of the right type), its headings as (level, text), its sorted block ids
# (a link's #heading or #^block must exist there); for the vault-level check of
# interviewers' names (rules/people.py), the names an interview log gives, with their
# positions; and the SHARED_PROPERTIES it has, as (key, text). Plain tuples: lint keeps one
# per note in its cache and hands them between processes, where whole notes would cost far
# more.
Summary = tuple[
    str | None,
    tuple[tuple[int, str], ...],
    tuple[str, ...],
    Named,
    tuple[tuple[str, str], ...],
]
# (level, text) of the headings notes have ("## Notes", "## Action items"): one tuple each,
# shared by every summary that has it, so that marshal writes it once among thousands of
# summaries (lint hands them between processes and keeps them in its cache). Bounded, so
# that a vault of ever-new headings cannot grow it without end.
_SHARED_HEADINGS: dict[tuple[int, str], tuple[int, str]] = {}
_SHARED_HEADINGS_BOUND = 20_000
# Properties another note's checks read: an interview's date must fall between its
# candidate's first contact and final decision (VT215).
SHARED_PROPERTIES = ("first_contact", "decision", "decision_date")


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a link points, by Obsidian's rules."""

    path: str | None  # vault-relative path of the target file; None when unresolved
    candidates: tuple[str, ...] = ()  # every file the name matched (more than one: ambiguous)
    subpath_found: bool | None = None  # None: no #heading/#^block, or not checkable

    def __reduce__(self) -> tuple[type[Resolution], tuple[object, ...]]:
        return type(self), (self.path, self.candidates, self.subpath_found)

    @property
    def resolved(self) -> bool:
        return self.path is not None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def is_note(self) -> bool:
        return self.path is not None and self.path.lower().endswith(".md")


# Made for every distinct link target in a vault: built by setting the slots directly, as
# markdown.Link is (the frozen __init__ goes through object.__setattr__ for each field).
_set_resolution_path, _set_resolution_candidates, _set_resolution_subpath_found = (
    vars(Resolution)[name].__set__ for name in Resolution.__slots__
)


def _make_resolution(
    path: str | None, candidates: tuple[str, ...], subpath_found: bool | None
) -> Resolution:
    resolution = object.__new__(Resolution)
    _set_resolution_path(resolution, path)
    _set_resolution_candidates(resolution, candidates)
    _set_resolution_subpath_found(resolution, subpath_found)
    return resolution


def is_utf8_name(path: str) -> bool:
    """False for a path (as os.fsdecode gives it) whose bytes are not UTF-8: Obsidian shows
    such a name with replacement characters and cannot open the file."""
    if path.isascii():
        return True
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode kept the bytes that are not UTF-8 as surrogates
        return False
    return True


# The names sync tools give the second copy of a file edited in two places. A real note may
# well say "conflict" ("Team Dynamics (Conflict Resolution)", "Ana (Conflict) Reyes"), so
# only the tools' own forms count, each with its date, at the end of the name (before the
# extension):
# - Syncthing: `Note.sync-conflict-20250701-120000-ABCDEFG.md` (date, time, the device's
#   short ID; docs.syncthing.net, "What if there is a conflict?").
# - Dropbox: `Note (Maria's conflicted copy 2025-07-01).md`, a second one on the same day
#   `... 2025-07-01 (1)).md` (help.dropbox.com, "What's a conflicted copy?"); its localized
#   clients put their word for it in the same place (`Konflikt...`, `conflit...`).
# - Nextcloud and ownCloud desktop (2.5 on): `Note (conflicted copy [user ]2025-07-01
#   120000).md` (Utility::makeConflictFileName); ownCloud before 2.5: `Note_conflict-
#   [user-]20250701-120000.md`.
# - Obsidian Sync ("Create conflict file"): `Note (Conflicted copy DEVICE 202507011200).md`.
# - Seafile: `Note (SFConflict user@example.com 2025-07-01-12-00-00).md`.
# - Dropbox's case clash: `Note (Case Conflict).md`, `Note (Case Conflict 1).md`.
# - git mergetool, while it runs: `Note_BASE_12345.md`, `_LOCAL_`, `_REMOTE_`, `_BACKUP_` (the
#   process id; git-mergetool.sh), in upper case.
# iCloud (`Note 2.md`), Google Drive (`Note (1).md`) and OneDrive (`Note-LAPTOP.md`) name
# their copies like any note a person might name, and Obsidian Git leaves conflict markers
# inside the note rather than a copy: none of them can be told from a real note by its name.
_CONFLICT_COPY = re.compile(
    r"""(?:
        \.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}
      | \x20\((?=[^()]*(?:conflict|konflikt|conflit))[^()]*\d{4}-?\d{2}-?\d{2}[^()]*
          (?:\(\d+\))?\)(?:\x20\(\d+\))?
      | _conflict-(?:[^/]+-)?\d{8}-\d{6}
      | \x20\(case\x20conflict(?:\x20\d+)?\)
    )(?:\.[^./()\x20]+)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_MERGETOOL_COPY = re.compile(r"_(?:BASE|LOCAL|REMOTE|BACKUP)_[0-9]+(\.[^./()\x20]+)?$")


def is_mergetool_copy(path: str, holds: Callable[[str], bool] | None) -> bool:
    """A copy git mergetool makes while it runs (``Note_BASE_12345.md`` beside ``Note.md``;
    see :func:`is_conflict_copy`). ``holds``: whether the vault holds a path; a name of that
    form with no such note beside it (``Salary_BASE_2025.md``) is a note of its own."""
    if holds is None or "_" not in path.rsplit("/", 1)[-1]:
        return False
    found = _MERGETOOL_COPY.search(path)
    return found is not None and holds(path[: found.start()] + (found.group(1) or ""))


def is_conflict_copy(path: str, holds: Callable[[str], bool] | None = None) -> bool:
    """A sync tool's copy of a note edited in two places, or git mergetool's (``path``: a
    file name or path; ``holds``, whether the vault holds a path, for mergetool's copies):
    a duplicate, never an input of the generated notes."""
    base = path.rsplit("/", 1)[-1]
    if "onfli" in base or "ONFLI" in base:  # every sync tool's form has it: most paths not
        return _CONFLICT_COPY.search(base) is not None
    return is_mergetool_copy(path, holds)


def _depth_key(path: str) -> tuple[int, str]:
    return (path.count("/"), path.lower())


class Vault:
    """An Obsidian vault read from disk. Create it with :meth:`Vault.open`."""

    def __init__(self, config: Config, *, lean: bool = False) -> None:
        self.config = config
        self.root = config.root
        self._root_text = str(config.root)
        # What a vault-relative path is joined to (os.path.join costs ~2 µs a note).
        self._root_prefix = os.path.join(self._root_text, "")
        self.lean = lean
        self._notes: dict[str, Note] = {}
        self._templates: set[str] = set()
        self._files: dict[str, str] = {}  # lower-cased path -> path, every file (notes too)
        self._case_clashes: dict[str, str] = {}  # path not read -> the path read (see below)
        self._notes_by_stem: dict[str, list[str]] = {}  # "hiring" -> ["Work/Hiring.md"]
        self._files_by_name: dict[str, list[str]] = {}  # "img.png" -> ["Attachments/img.png"]
        # name_key -> the stems of _notes_by_stem with that key that are not the key itself
        # ("léa" decomposed or mixed, "straße"): made by the first named_alone, kept up to date
        # from then on. Most stems are their own key and are not in it.
        self._stems_by_key: dict[str, set[str]] | None = None
        # Notes not read here, known by their summary only (see listed()).
        self._summaries: dict[str, Summary] = {}
        self._link_targets: dict[str, tuple[object, _LinkTargets]] = {}  # see _subpath_exists
        self._read_stamps: dict[str, Stamp] | None = None  # see listed()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        config: Config | None = None,
        lean: bool = False,
    ) -> Vault:
        """Read the vault at ``path``. Problems in notes are kept as diagnostics, never raised.

        ``lean``: read frontmatter only (see the module docstring).
        """
        root = Path(path)
        if not root.is_dir():
            raise NotAVaultError(f"{path}: not a folder")
        vault = cls(config or Config.load(root), lean=lean)
        # Parsing allocates many small objects and frees almost none: the cyclic garbage
        # collector would re-scan them over and over (a third of the time at 10k notes).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for relative, kind, _, _ in vault._walk():
                if vault._loses_case_clash(relative):
                    continue
                if kind == "note":
                    note = vault._read_note(relative)
                    if note is not None:
                        vault._add_note(note)
                else:
                    vault._add_file(relative, template=kind == "template")
        finally:
            if collecting:
                gc.enable()
        return vault

    @classmethod
    def listed(cls, config: Config, walked: Iterable[tuple[str, str, int, int]]) -> Vault:
        """A vault that knows every file :meth:`walk` listed but has read no note yet.

        Lint builds its vault this way: it reads the notes it checks with :meth:`read` and
        knows the others (checked in another process, or unchanged since its cached run) by
        their :meth:`summary`, given to :meth:`add_summary`. Link resolution then works as
        in a fully read vault; ``notes`` holds only the notes read, and :attr:`read_stamps`
        their files' stamps (for a walk that took none: see ``walk.walk_listing``).
        """
        vault = cls(config)
        vault._read_stamps = {}
        vault._add_walked(walked)
        return vault

    def _add_walked(self, walked: Iterable[tuple[str, str, int, int]]) -> None:
        """:meth:`_add_file` for each walked file (but those a case clash leaves out), in one
        loop: the vault's listing is on the way to reading its first note (50,000 files,
        ~0.1 s), in every process of a run. Each name's paths are put in order once, at the
        end (a stable sort: the order of paths added one by one, each sorted in)."""
        files, templates = self._files, self._templates
        by_stem, by_name = self._notes_by_stem, self._files_by_name
        shared: list[list[str]] = []  # the lists holding more than one path
        for relative, kind, _, _ in walked:
            lower = relative.lower()
            held = files.get(lower)
            if held is not None or self._stems_by_key is not None:
                # The same path in another case (rare): as _add_file has it.
                if not self._loses_case_clash(relative):
                    self._add_file(relative, template=kind == "template")
                continue
            files[lower] = relative
            if kind == "template":
                templates.add(relative)
            base = lower[lower.rfind("/") + 1 :]
            if base.endswith(".md"):
                table, key = by_stem, base[:-3]
            else:
                table, key = by_name, base
            bucket = table.get(key)
            if bucket is None:
                table[key] = [relative]
            else:
                bucket.append(relative)
                if len(bucket) == 2:
                    shared.append(bucket)
        for bucket in shared:
            bucket.sort(key=_depth_key)

    @property
    def read_stamps(self) -> Mapping[str, Stamp]:
        """(size, mtime_ns, ctime_ns, inode) of each note a :meth:`listed` vault read, as its
        file was when it was opened: its content is at least as new. Empty for other vaults."""
        return self._read_stamps or {}

    @property
    def case_clashes(self) -> Mapping[str, str]:
        """Files whose path differs from another file's only in case, which this vault did not
        read: {path not read: path read}. See :func:`case_clashes`."""
        return self._case_clashes

    def _loses_case_clash(self, relative: str) -> bool:
        """While listing the vault: whether ``relative`` is left out for a file whose path
        differs only in case (the first in code-point order is kept; a later one displaces
        an earlier one, whatever order the file system lists them in)."""
        kept = self._files.get(relative.lower())
        if kept is None or kept == relative:
            return False
        if kept < relative:
            self._case_clashes[relative] = kept
            return True
        for dropped, winner in list(self._case_clashes.items()):
            if winner == kept:
                self._case_clashes[dropped] = relative
        self._remove_file(kept)
        self._case_clashes[kept] = relative
        return False

    def listed_notes(self) -> list[str]:
        """The paths of the notes a :meth:`listed` vault knows, read or not, in sorted order."""
        templates = self._templates
        # (_files is keyed by the lower-cased path)
        notes = [path for lower, path in self._files.items() if lower.endswith(".md")]
        return sorted([path for path in notes if path not in templates] if templates else notes)

    def read(self, relative: str) -> Note | None:
        """Read one listed note into ``notes``; None (and the file forgotten) when it vanished.

        Its inline tags are scanned only if asked for (see ``Note.defer_tags``): lint's checks
        read none.
        """
        note = self._read_note(relative)
        self._summaries.pop(relative, None)
        if note is None:
            self._remove_file(relative)
        else:
            note.defer_tags = True
            self._notes[relative] = note
        return note

    def add_summary(self, relative: str, summary: Summary) -> None:
        """Know a listed note by its summary: links into it resolve without reading it (a note
        read before is let go, and freed once nothing else holds it)."""
        self.add_summaries({relative: summary})

    def add_summaries(self, summaries: Mapping[str, Summary]) -> None:
        """:meth:`add_summary` for many notes at once (those of another process)."""
        for relative in self._notes.keys() & summaries.keys():
            del self._notes[relative]
            self._link_targets.pop(relative, None)
        self._summaries.update(summaries)

    def summaries(self) -> dict[str, Summary]:
        """Every note's :meth:`summary`, known (see :meth:`add_summary`) or read."""
        known = dict(self._summaries)
        known.update((path, self.summary(note)) for path, note in self._notes.items())
        return known

    def summary(self, note: Note) -> Summary:
        """What other notes' findings can depend on in ``note`` (see ``Summary``)."""
        note_type = self.note_type(note)
        headings = [(heading.level, heading.text) for heading in note.headings]
        if len(_SHARED_HEADINGS) < _SHARED_HEADINGS_BOUND:
            share = _SHARED_HEADINGS.setdefault
            headings = [share(pair, pair) for pair in headings]
        return (
            note_type,
            tuple(headings),
            tuple(sorted(note.block_ids)),
            named_interviewers(note) if note_type == "interview" else (),
            _shared_properties(note),
        )

    def shared_properties(self, path: str) -> dict[str, str]:
        """The :data:`SHARED_PROPERTIES` of the note at ``path`` (read or known by summary),
        as text (a date as ``2025-09-02``); those it does not have are left out."""
        note = self._notes.get(path)
        if note is not None:
            return dict(_shared_properties(note))
        summary = self._summaries.get(path)
        return dict(summary[4]) if summary is not None else {}

    def walk(self, under: str = "") -> Iterator[tuple[str, str, int, int]]:
        """Every file the vault holds, without reading any: (path, kind, size, mtime_ns).

        ``kind`` is "note", "template" or "file". What a cache keys on to know nothing changed.
        ``under``: only the files in that vault-relative folder (the watcher re-scans a folder
        that was moved in).
        """
        return self._walk(under)

    def _walk(self, under: str = "") -> Iterator[tuple[str, str, int, int]]:
        for relative, kind, info in walk_stat(self.config, under):
            yield relative, kind, info.st_size, info.st_mtime_ns

    def _read_note(self, relative: str) -> Note | None:
        """Parse one file; None when it vanished. An unreadable file is a note with VT100."""
        full = self._root_prefix + relative
        try:
            read = _read_file(full, self._root_text)
            if read is None:
                return None
            data, info = read
        except FileNotFoundError:
            return None
        except OSError as error:
            note = Note(path=relative)
            note.problems = (
                Diagnostic(
                    relative,
                    1,
                    1,
                    UNREADABLE,
                    Severity.ERROR,
                    f"cannot read file: {error.strerror or error}",
                ),
            )
            return note
        if self._read_stamps is not None:
            self._read_stamps[relative] = stamp_of(info)
        keep_body = True if self._type_by_folder(relative) else None
        # A note's type may come from an inline #tag: then the body must be read, lean or not.
        lean = self.lean and not self.config.type_by_tag
        if lean:
            data = _frontmatter_bytes(data)
        note = parse_note(
            relative, data, size=info.st_size, mtime_ns=info.st_mtime_ns, keep_body=keep_body
        )
        if lean:
            note.key_positions, note.value_positions = {}, {}
        if note.body is None and self.config.type_by_tag and self.note_type(note):
            note = parse_note(
                relative, data, size=info.st_size, mtime_ns=info.st_mtime_ns, keep_body=True
            )
        note._root = self._root_text  # where Note.to_post reads the body again
        return note

    # ------------------------------------------------------------------ tables
    def _add_note(self, note: Note) -> None:
        self._add_file(note.path)
        self._notes[note.path] = note

    def _add_file(self, relative: str, *, template: bool = False) -> None:
        lower = relative.lower()
        if lower in self._files:
            self._remove_file(self._files[lower])
        self._files[lower] = relative
        if template:
            self._templates.add(relative)
        base = lower.rsplit("/", 1)[-1]
        if base.endswith(".md"):
            bucket = self._notes_by_stem.setdefault(base[:-3], [])
            if self._stems_by_key is not None and not bucket and name_key(base) != base[:-3]:
                self._stems_by_key.setdefault(name_key(base), set()).add(base[:-3])
        else:
            bucket = self._files_by_name.setdefault(base, [])
        bucket.append(relative)
        bucket.sort(key=_depth_key)

    def _remove_file(self, relative: str) -> None:
        lower = relative.lower()
        actual = self._files.pop(lower, None)
        if actual is None:
            return
        if self._case_clashes:  # whatever was left out for it is no longer a clash with it
            for dropped in [d for d, kept in self._case_clashes.items() if kept == actual]:
                del self._case_clashes[dropped]
        self._notes.pop(actual, None)
        self._summaries.pop(actual, None)
        self._link_targets.pop(actual, None)
        self._templates.discard(actual)
        base = lower.rsplit("/", 1)[-1]
        table = self._notes_by_stem if base.endswith(".md") else self._files_by_name
        key = base[:-3] if base.endswith(".md") else base
        bucket = table.get(key, [])
        if actual in bucket:
            bucket.remove(actual)
        if not bucket:
            table.pop(key, None)
            if self._stems_by_key is not None and table is self._notes_by_stem:
                odd = self._stems_by_key.get(name_key(base))
                if odd is not None:
                    odd.discard(key)
                    if not odd:
                        del self._stems_by_key[name_key(base)]

    # ------------------------------------------------------------------ queries
    @property
    def notes(self) -> Mapping[str, Note]:
        """Every note (templates excluded), by vault-relative path."""
        return self._notes

    def path_in_vault(self, path: str | os.PathLike[str]) -> str:
        """``path`` (a ``str`` or ``Path``) as a vault-relative POSIX path, without leading or
        trailing ``/``: an absolute path inside the vault made relative (any other is read
        from the vault's root, as ``/Work/Hiring`` is), ``.``, ``..`` and doubled slashes
        read as a path reads them ("" for the root; ``../x`` stays outside)."""
        text = os.fspath(path)
        if os.path.isabs(text):
            with contextlib.suppress(ValueError):
                inside = Path(os.path.realpath(text)).relative_to(os.path.realpath(self.root))
                text = inside.as_posix()
        text = text.replace("\\", "/").strip().strip("/")
        if "/." in text or "//" in text or text.startswith("."):  # `a/../b`, `./a`, `a//b`
            text = posixpath.normpath(text).strip("/")
        return "" if text == "." else text

    def get(self, path: str | os.PathLike[str]) -> Note | None:
        """A note by vault-relative path (case-insensitive, ``.md`` optional; a ``Path``, or an
        absolute path inside the vault, too), or by name as ``vault-tools show`` takes it.

        ``"Work/Hiring.md"`` and ``"Work/Hiring"`` are that path. When no note is there, text
        without ``.md`` resolves as a link written at the vault's root: ``"Kwame Mensah"``,
        ``"Candidates/Kwame Mensah"``, ``"[[Kwame Mensah]]"``. A path ending in ``.md`` is only
        ever that path: a note of the same name elsewhere is never taken for it (the generated
        notes are looked up this way).
        """
        text = self.path_in_vault(path)
        key = text.lower()
        actual = self._files.get(key) or self._files.get(key + ".md")
        if actual is None and not key.endswith(".md"):
            resolution = self.resolve(text, "")
            actual = resolution.path if resolution.is_note else None
        return self._notes.get(actual) if actual else None

    def is_conflict_copy(self, relative: str) -> bool:
        """:func:`is_conflict_copy` for a path of this vault (git mergetool's copies are told
        by the note beside them)."""
        return is_conflict_copy(relative, lambda path: self.held(path) is not None)

    def held(self, relative: str) -> str | None:
        """The path of the file held for ``relative``, whose case may differ (see
        :attr:`case_clashes`); None when there is none."""
        return self._files.get(relative.replace("\\", "/").strip("/").lower())

    @property
    def files(self) -> Iterable[str]:
        """Every file Obsidian can link to: notes, templates and attachments."""
        return self._files.values()

    @property
    def templates(self) -> frozenset[str]:
        return frozenset(self._templates)

    def note_type(self, note: Note) -> str | None:
        """The note's schema type: its ``type:`` property, else the folder or tag mapping."""
        if note.type:
            return note.type
        by_folder = self._type_by_folder(note.path)
        if by_folder:
            return by_folder
        if self.config.type_by_tag:
            for tag in note.tags:
                mapped = self.config.type_by_tag.get(tag.name.lower())
                if mapped:
                    return mapped
        return None

    def paths_of_type(self, note_type: str) -> list[str]:
        """The paths of the notes of ``note_type`` (read or known by summary), in no order."""
        notes = self._notes
        found = [
            path
            for path, summary in self._summaries.items()
            if summary[0] == note_type and path not in notes
        ]
        found += [path for path, note in notes.items() if self.note_type(note) == note_type]
        return found

    def type_of(self, path: str) -> str | None:
        """The schema type of the note at ``path`` (read or known by summary), else None."""
        note = self._notes.get(path)
        if note is not None:
            return self.note_type(note)
        summary = self._summaries.get(path)
        return summary[0] if summary is not None else None

    def interviewers_of(self, path: str) -> Named:
        """The interviewers the interview log at ``path`` names (read or known by summary),
        with their positions; nothing for any other note."""
        note = self._notes.get(path)
        if note is not None:
            return named_interviewers(note) if self.note_type(note) == "interview" else ()
        summary = self._summaries.get(path)
        return summary[3] if summary is not None else ()

    def _type_by_folder(self, relative: str) -> str | None:
        best: tuple[int, str] | None = None
        for folder, kind in self.config.type_by_folder.items():
            if relative.startswith(folder + "/") and (best is None or len(folder) > best[0]):
                best = (len(folder), kind)
        return best[1] if best else None

    # ------------------------------------------------------------------ links
    def resolve(self, link: Link | str, from_note: Note | str) -> Resolution:
        """Resolve a link as Obsidian does: a :class:`Link`, or its text with or without the
        brackets (``"[[Note#Heading|alias]]"``, ``"![[img.png]]"``, ``"Note#Heading"``)."""
        source = from_note if isinstance(from_note, str) else from_note.path
        if isinstance(link, str):
            link = as_written(link)
        if isinstance(link, str):
            target, _, rest = link.split("|")[0].partition("#")
            target, subpath, markdown = (
                target.strip(),
                ("#" + rest) if rest else "",
                False,
            )
        else:
            target, subpath, markdown = link.target, link.subpath, link.kind == "markdown"
        path, candidates = self.resolve_path(target, source, markdown=markdown)
        return self.resolution(path, candidates, subpath)

    def resolution(self, path: str | None, candidates: tuple[str, ...], subpath: str) -> Resolution:
        """The :class:`Resolution` of a link with ``subpath`` (``""``: none) whose target
        :meth:`resolve_path` found at ``path`` among ``candidates``."""
        found: bool | None = None
        if path is not None and subpath and path.lower().endswith(".md"):
            found = self._subpath_exists(path, subpath)
        return _make_resolution(path, candidates, found)

    def forget_link_targets(self) -> None:
        """Let go of the headings and block ids indexed for links into notes (see
        :meth:`_subpath_exists`); indexed again on the next link into each."""
        self._link_targets.clear()

    def _subpath_exists(self, path: str, subpath: str) -> bool | None:
        """Whether the note at ``path`` has the heading or block; None when it is no note."""
        # The note's headings and block ids are indexed once, on the first link into it:
        # looking each link up afresh cost links x headings (50k x 50k: hours).
        owner: Note | Summary | None = self._notes.get(path) or self._summaries.get(path)
        if owner is None:
            return None
        cached = self._link_targets.get(path)
        if cached is None or cached[0] is not owner:
            if isinstance(owner, Note):
                headings = [(heading.level, heading.text) for heading in owner.headings]
                targets = _LinkTargets(headings, owner.block_ids)
            else:
                targets = _LinkTargets(owner[1], owner[2])
            cached = self._link_targets[path] = (owner, targets)
        targets = cached[1]
        if subpath.startswith("#^"):
            return subpath[2:].strip().lower() in targets.block_ids
        return targets.has_heading(subpath)

    def resolve_path(
        self, target: str, source: str, *, markdown: bool = False
    ) -> tuple[str | None, tuple[str, ...]]:
        """(path, candidates) for a link target written in the note at ``source``."""
        linkpath = target.strip()
        if (
            linkpath
            and not markdown
            and linkpath.isascii()
            and "/" not in linkpath
            and "\\" not in linkpath
        ):
            # The link of nearly every note: a name alone, of one note (as _by_name finds it).
            named = self._notes_by_stem.get(linkpath.lower())
            if named is not None and len(named) == 1:
                return named[0], (named[0],)
        linkpath = linkpath.replace("\\", "/")
        if not linkpath:
            return (source if source.lower() in self._files else None), ()
        folder = source.rsplit("/", 1)[0] if "/" in source else ""
        if linkpath.startswith("/"):
            found = self._exact(linkpath.lstrip("/"))
            return (found, ()) if found else (None, ())
        explicit_relative = linkpath.startswith(("./", "../"))
        if explicit_relative or markdown:
            # (folder + "/" + linkpath is posixpath.join's result: linkpath is not absolute)
            joined = posixpath.normpath(folder + "/" + linkpath if folder else linkpath)
            if joined == ".." or joined.startswith("../"):
                return None, ()  # points outside the vault
            found = self._exact(joined)
            if found or explicit_relative:
                return found, ()
        if "/" not in linkpath:
            # A bare name: every file with that name is a candidate (see _obsidian_choice).
            return self._by_name(linkpath, source)
        found = self._exact(posixpath.normpath(linkpath))
        if found:
            return found, ()
        return self._by_name(linkpath, source)

    def named_alone(self, path: str) -> bool:
        """Whether a link of the note's name alone (``[[Ann Lee]]`` for
        ``Hiring/Candidates/Ann Lee.md``) opens this very note from anywhere in the vault: it
        is held, and no other note or template has its name in any case or accent form
        (composed, decomposed or a mix of both). Such a link is what Obsidian writes by
        default ("shortest path when possible")."""
        name = path.rsplit("/", 1)[-1]
        if not name.lower().endswith(".md") or self._files.get(path.lower()) != path:
            return False
        stem = name[:-3]
        if not stem or stem != stem.strip() or "\\" in stem:
            return False
        if self._stems_by_key is None:
            index: dict[str, set[str]] = {}
            for known in self._notes_by_stem:
                key = name_key(known + ".md")
                if key != known:
                    index.setdefault(key, set()).add(known)
            self._stems_by_key = index
        key = name_key(name.lower())
        stems = [*self._stems_by_key.get(key, ()), key]
        holders = [holder for known in stems for holder in self._notes_by_stem.get(known, ())]
        return holders == [path]

    def _exact(self, path: str) -> str | None:
        for form in _spellings(path):
            lower = form.lower()
            found = self._files.get(lower) or self._files.get(lower + ".md")
            if found:
                return found
        return None

    def _by_name(self, linkpath: str, source: str) -> tuple[str | None, tuple[str, ...]]:
        for form in _spellings(linkpath):
            found = self._by_name_as_written(form, source)
            if found[0] is not None:
                return found
        return None, ()

    def _by_name_as_written(self, linkpath: str, source: str) -> tuple[str | None, tuple[str, ...]]:
        lower = linkpath.lower().strip("/")
        base = lower.rsplit("/", 1)[-1]
        candidates = list(self._notes_by_stem.get(base, ()))
        if not candidates and base.endswith(".md"):
            candidates = list(self._notes_by_stem.get(base[:-3], ()))
            lower = lower[:-3]
        if not candidates:
            candidates = list(self._files_by_name.get(base, ()))
        if "/" in lower:
            suffix = "/" + lower
            candidates = [
                path
                for path in candidates
                if ("/" + _stem_path(path)).endswith(suffix)
                or ("/" + path.lower()).endswith(suffix)
            ]
        if not candidates:
            return None, ()
        if len(candidates) == 1:
            return candidates[0], tuple(candidates)
        return _obsidian_choice(candidates, lower, source), tuple(candidates)

    # ------------------------------------------------------------------ updates
    def update(self, relative: str) -> bool:
        """Re-read one file after a change on disk. Returns True when what we hold changed."""
        relative = relative.replace("\\", "/").strip("/")
        full = self.root / relative
        existing = self._files.get(relative.lower())
        # A file whose path differs only in case from the one held: a case-only rename (the
        # held one is gone, or is this very file on a case-insensitive disk), or a second file
        # beside it, where the first in code-point order stays read (as in Vault.open).
        beside = existing is not None and existing != relative and self._other_file(existing, full)
        try:
            if not _inside(os.path.realpath(full), self._root_text):
                # "../x.md", or a path through a folder linked in from outside: not ours,
                # exactly as Vault.open does not read it.
                raise FileNotFoundError(relative)
            info = os.stat(full)
        except OSError:
            if existing is None:
                return False
            if beside:  # the one left out went away; the one held is still there
                self._case_clashes.pop(relative, None)
                return False
            left_out = sorted(d for d, kept in self._case_clashes.items() if kept == existing)
            self._remove_file(existing)
            for path in left_out:  # what it kept out is read now, as Vault.open would read it
                self.update(path)
            return True
        if not stat.S_ISREG(info.st_mode):
            return False
        if beside and existing is not None:
            if existing < relative:
                self._case_clashes[relative] = existing
                return False
            self._case_clashes[existing] = relative
        if relative.lower().endswith(".md") and not self.config.is_template(relative):
            # Unchanged, unless the path's case changed (a rename keeps size and mtime).
            old = self._notes.get(existing) if existing == relative else None
            if old is not None and old.size == info.st_size and old.mtime_ns == info.st_mtime_ns:
                return False
            note = self._read_note(relative)
            if note is None:
                return False
            self._add_note(note)
            return True
        if existing == relative:
            return False
        self._add_file(relative, template=self.config.is_template(relative))
        return True

    def _other_file(self, held: str, full: Path) -> bool:
        """Whether the file held at ``held`` still exists and is not the file at ``full``."""
        held_full = os.path.join(self._root_text, held)
        try:
            return not os.path.samefile(held_full, full)
        except OSError:  # one of the two is gone
            return os.path.lexists(held_full)

    def remove(self, relative: str) -> bool:
        """Forget a file (and, for a folder, everything under it). True when anything went."""
        prefix = relative.replace("\\", "/").strip("/").lower()
        gone = [
            p for key, p in self._files.items() if key == prefix or key.startswith(prefix + "/")
        ]
        for path in gone:
            self._remove_file(path)
        return bool(gone)


# Opening a file with O_NOFOLLOW fails on a symlink, so that only a symlink costs the check of
# where it leads; where the flag does not exist (Windows) every file is checked first.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Without blocking: a FIFO put where a note was (between the walk's stat and this open) must
# not hang the run; the fstat after the open turns it away.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_file(full: str, root: str) -> tuple[bytes, os.stat_result] | None:
    """A file's bytes and its stat; None for a symlink that leads outside the vault at ``root``.

    Plain ``os`` calls: a file object and its buffer cost more than the read itself for the
    few kilobytes of a note, and there are tens of thousands of notes.
    """
    if _NO_FOLLOW:
        try:
            handle = os.open(full, _READ_FLAGS | _NO_FOLLOW)
        except OSError:
            if not os.path.islink(full):
                raise
            handle = -1
    else:
        handle = -1
    if handle < 0:
        if os.path.islink(full) and not _inside(os.path.realpath(full), root):
            return None
        handle = os.open(full, _READ_FLAGS)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", full)
        size = info.st_size
        data = os.read(handle, size + 1)
        if len(data) != size:  # it changed since fstat, or a short read: read on to the end
            parts = [data]
            while chunk := os.read(handle, max(size, 1 << 16)):
                parts.append(chunk)
            data = b"".join(parts)
    finally:
        os.close(handle)
    return data, info


def case_clashes(paths: Sequence[str]) -> dict[str, str]:
    """Paths that differ from another only in case: {path left out: path kept}.

    Obsidian, Windows and macOS treat such paths as one file, and a vault checked out there
    keeps only one of them; a vault (like lint) reads the first in code-point order
    (``Ann.md`` before ``ann.md``), the same on every machine.
    """
    kept: dict[str, str] = {}
    for path in paths:
        lower = path.lower()
        if lower not in kept or path < kept[lower]:
            kept[lower] = path
    return {path: kept[path.lower()] for path in paths if kept[path.lower()] != path}


_OPENING_FENCE = re.compile(rb"(?:\xef\xbb\xbf)?---[ \t]*\r?(?:\n|\Z)")
_CLOSING_FENCE = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def _frontmatter_bytes(data: bytes) -> bytes:
    """The leading part of a note that holds its frontmatter, closing fence line included.

    No frontmatter: nothing. No closing fence (or line endings this cut does not know, such
    as lone CRs): everything, so that parse_note reports exactly what a full read would.
    """
    opening = _OPENING_FENCE.match(data)
    if opening is None:
        text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        return data if text.startswith(b"-") else b""
    closing = _CLOSING_FENCE.search(data, opening.end())
    if closing is None or b"\r" in data[: closing.start()].replace(b"\r\n", b""):
        return data
    return data[: closing.end()]


class _LinkTargets:
    """A note's block ids and headings, indexed for links into it.

    :meth:`has_heading` answers exactly what ``markdown.find_heading(...) is not None`` does
    (first match of the first part; each further part the first match after the previous one,
    inside its section), in log time per part instead of a scan of every heading. Most links
    name one heading, which a set of the headings answers; the index a ``#H1#H2`` link needs
    is made on the first such link.
    """

    __slots__ = ("_headings", "_positions", "_section_ends", "block_ids", "names")

    def __init__(self, headings: Sequence[tuple[int, str]], block_ids: Iterable[str]) -> None:
        self.block_ids = frozenset(map(str.lower, block_ids))
        self.names = frozenset([normalize_heading(text) for _, text in headings])
        self._headings = headings
        self._positions: dict[str, list[int]] | None = None

    def has_heading(self, subpath: str) -> bool:
        parts = [part for part in subpath.split("#") if part.strip()]
        if not parts or parts[0].lstrip().startswith("^"):
            return False
        if len(parts) == 1:
            return normalize_heading(parts[0]) in self.names
        positions = self._positions if self._positions is not None else self._index()
        found = -1
        for part in parts:
            indexes = positions.get(normalize_heading(part), [])
            after = bisect_left(indexes, found + 1)
            if after == len(indexes):
                return False
            index = indexes[after]
            if found >= 0 and index >= self._section_ends[found]:
                return False  # the first match lies outside the previous part's section
            found = index
        return True

    def _index(self) -> dict[str, list[int]]:
        """Each normalized heading's indexes, in order; and where each heading's section
        ends (``_section_ends[i]``: the index of the first later heading of the same or a
        higher level)."""
        headings = self._headings
        positions: dict[str, list[int]] = {}
        for index, (_, text) in enumerate(headings):
            positions.setdefault(normalize_heading(text), []).append(index)
        self._section_ends = [len(headings)] * len(headings)
        open_sections: list[int] = []
        for index, (level, _) in enumerate(headings):
            while open_sections and headings[open_sections[-1]][0] >= level:
                self._section_ends[open_sections.pop()] = index
            open_sections.append(index)
        self._positions = positions
        return positions


def _obsidian_choice(candidates: Sequence[str], linkpath: str, source: str) -> str:
    """The file Obsidian opens when a link's name (``linkpath``, lower-cased) matches several
    files, as its resolver (``getFirstLinkpathDest``) picks it for a link in ``source``.

    The file whose path is the link as written comes first (for a bare name: the one at the
    root). Then the files whose lower-cased path starts with the lower-cased folder of the
    linking note: a plain string prefix, so from ``Work/`` a ``Workshop/`` file counts and a
    ``Work/Sub/`` one does, while an enclosing folder counts for nothing; from the root, all
    do. Among those, or failing them among the others, the shortest path string (counted as
    JavaScript counts, in UTF-16 units). Equal lengths Obsidian leaves to the order it read
    the files in; here the path that sorts first (case-insensitively) wins, so a run is
    reproducible.
    """
    for path in candidates:
        if _stem_path(path) == linkpath or path.lower() == linkpath:
            return path
    folder = source.rsplit("/", 1)[0].lower() if "/" in source else ""

    def rank(path: str) -> tuple[bool, int, str, str]:
        lower = path.lower()
        return not lower.startswith(folder), len(path.encode("utf-16-le")), lower, path

    return min(candidates, key=rank)


def _spellings(path: str) -> tuple[str, ...]:
    """``path`` as written, then with its accented letters composed (NFC) and decomposed
    (NFD): Obsidian matches paths in NFC, so a link typed as ``Café`` finds a file whose
    name macOS stored decomposed (``Cafe`` and a combining accent), and the reverse."""
    if path.isascii():
        return (path,)
    forms = [path]
    for form in ("NFC", "NFD"):
        other = unicodedata.normalize(form, path)
        if other not in forms:
            forms.append(other)
    return tuple(forms)


def as_written(text: str) -> Link | str:
    """A link given as text: the link it is when written with brackets (``"[[X#H|alias]]"``,
    ``"![[x.png]]"``, ``"[label](X.md)"``), read as a note's link is; else the bare text."""
    text = text.strip()
    if "[[" not in text and "](" not in text:
        return text
    found = links_in_text(text, 1, 1, "wiki")
    if len(found) != 1 or found[0].raw != text:
        return text
    link = found[0]
    return link if link.raw.lstrip("!").startswith("[[") else replace(link, kind="markdown")


def name_key(path: str) -> str:
    """A note's name as links find it: without ``.md``, in any case, its accented letters
    composed or not (a link typed as ``Léa`` finds a file named in decomposed form)."""
    base = path.rsplit("/", 1)[-1]
    stem = base[:-3] if base.lower().endswith(".md") else base
    return unicodedata.normalize("NFC", stem).casefold()


def _stem_path(path: str) -> str:
    lower = path.lower()
    return lower[:-3] if lower.endswith(".md") else lower


def _shared_properties(note: Note) -> tuple[tuple[str, str], ...]:
    properties = note.properties
    found = []
    for key in SHARED_PROPERTIES:
        value = properties.get(key)
        if isinstance(value, dt.datetime):  # the day is what the checks compare
            found.append((key, value.date().isoformat()))
        elif isinstance(value, dt.date):
            found.append((key, value.isoformat()))
        elif isinstance(value, str) and value.strip():
            found.append((key, value.strip()))
    return tuple(found)
