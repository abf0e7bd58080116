"""``lint(vault) -> list[Diagnostic]``: one engine, fed by a fresh run, the cache or two processes.

Every run goes through :func:`run`, one pipeline in five steps:

1. **select** the notes under the PATHs given (all without);
2. **check** them: a :class:`Source` gives every selected note's findings. :class:`Opened`
   checks the notes of an opened :class:`~vault_tools.vault.Vault` (what :func:`lint` does);
   :class:`Folder` (what :func:`lint_folder` and the CLI use) answers from the result cache
   when nothing changed, re-checks only the changed notes when that is enough, and otherwise
   checks every note, with helper processes for many (:mod:`vault_tools.parallel`);
3. **vault-level checks** of the file names (:mod:`vault_tools.rules.files`) and of the
   people the notes name (:mod:`vault_tools.rules.people`);
4. **filter**: the PATHs, Obsidian's excluded files, the config's own problems, then
   ``select``/``ignore`` and the severities (:func:`finish`);
5. **sort**.

The cache lives in the user's cache directory (never inside the vault), keyed by every
file's (path, size, mtime, ctime, inode), the vault's config, the schemas, the day and the
code (each module's size and mtime: a rule's check and its declared severity are code); a
note's stamp is taken as its file is opened to be read, so what was read is never newer. With
each note's findings it keeps the note's summary (type, headings, block ids: what other
notes' findings depend on), so after an edit only the changed notes are read and checked
again; with the run it keeps the vault-level findings, and the names the people findings
were made from, so that those are made again only when a name or the roster changed.

Which findings are reported:

* ``select``: code prefixes to keep (``("VT3",)`` keeps every link finding). When empty, the
  vault config's ``lint.select`` applies, and when that is empty too, every code.
* ``ignore``: code prefixes to drop, added to the config's ``lint.ignore``.
* ``lint.severity`` in the config sets a code's (or a prefix's) severity, or ``off``.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vault_tools import rulebook
from vault_tools._version import __version__
from vault_tools.cache import lint_cache_path
from vault_tools.config import CONFIG_FILE, Config
from vault_tools.diagnostics import Diagnostic, Row, Severity, from_rows, to_row
from vault_tools.errors import ConfigError, NotAVaultError, VaultToolsError
from vault_tools.schema_files import schemas_fingerprint
from vault_tools.walk import Stamp, stamp_of, walk_listing, walk_stat

if TYPE_CHECKING:
    # Imported where used: a run answered from the cache reads no note, so it never loads
    # what reads and checks notes (a third of such a run's time went to importing it).
    from vault_tools import parallel as helpers
    from vault_tools.checker import PerNote, Progress
    from vault_tools.rules import people
    from vault_tools.rules.people import People
    from vault_tools.schemas import SchemaSet
    from vault_tools.vault import Summary, Vault

__all__ = [
    "CachedRun",
    "Folder",
    "LintResult",
    "Opened",
    "ResultCache",
    "Source",
    "check_codes",
    "finish",
    "lint",
    "lint_folder",
    "run",
]

_CACHE_FORMAT = 11

# (path, kind, size, mtime_ns): what Vault.walk gives, and what a listed vault is built from.
Walked = list[tuple[str, str, int, int]]


class Source(Protocol):
    """Where a run's note findings come from (step 2 of :func:`run`)."""

    @property
    def config(self) -> Config: ...

    def check(self, wanted: Sequence[str] | None) -> tuple[list[str], list[Diagnostic]]:
        """(the paths of the notes checked, sorted, their findings with default severities).
        The notes under ``wanted`` (all for None) are among them; others may be too."""
        ...

    def vault_level(self) -> list[Diagnostic]:
        """The findings about the vault as a whole, with default severities (called after
        :meth:`check`): its file names (:mod:`vault_tools.rules.files`) and the people its
        notes name (:mod:`vault_tools.rules.people`)."""
        ...


def run(
    source: Source,
    paths: Iterable[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[list[Diagnostic], int]:
    """The one lint pipeline: (sorted findings, how many notes they are about).

    Raises ConfigError for a code prefix that matches no code (see :func:`check_codes`)
    before any note is read.
    """
    config = source.config
    check_codes(config, select, ignore)
    wanted = list(paths) if paths is not None else None
    note_paths, found = source.check(wanted)
    vault_level = source.vault_level()
    if wanted is not None:
        from vault_tools.checker import under

        note_paths = under(note_paths, wanted)
        kept = {*note_paths, *under([d.path for d in vault_level], wanted)}
        found = [d for d in (*found, *vault_level) if d.path in kept]
    elif vault_level:
        found = [*found, *vault_level]
    count = len(note_paths)
    if config.excluded or config.excluded_patterns:
        count -= sum(1 for path in note_paths if config.is_excluded(path))
        found = not_excluded(found, config)
    # A config file's problems change the checks of every note, so they are always reported.
    found = [*found, *config.problems]
    return finish(found, config, select, ignore), count


def lint(
    vault: Vault,
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    schemas: SchemaSet | None = None,
    progress: Progress | None = None,
) -> list[Diagnostic]:
    """Check the notes of ``vault`` (those under ``paths`` when given: one path or several,
    each a file or folder, vault-relative or absolute, ``str`` or ``Path``; case as Obsidian
    ignores it).

    The whole vault is used for link resolution either way. Raises ValueError for a path that
    names nothing in the vault (a typo must not read as "no findings"), VaultToolsError for a
    vault opened with ``lean=True`` (it holds no body links, headings or key positions, so
    its findings would be wrong), SchemaError when a schema file cannot be used, ConfigError
    for a code prefix that matches no code (see :func:`check_codes`); every problem in a
    note is a Diagnostic.
    """
    chosen = None if paths is None else [_in_vault(vault, given) for given in _each(paths)]
    return run(Opened(vault, schemas, progress), chosen, select, ignore)[0]


def _each(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
) -> Iterable[str | os.PathLike[str]]:
    """One path is one path (a ``str`` is no list of one-letter paths)."""
    return [paths] if isinstance(paths, (str, os.PathLike)) else paths


def _in_vault(vault: Vault, given: str | os.PathLike[str]) -> str:
    """``given`` as the vault-relative path (in the case the vault holds it) of a file or
    folder of ``vault``; ValueError when it names none."""
    path = vault.path_in_vault(given)
    if path == ".." or path.startswith("../"):
        raise ValueError(f"{given}: not in the vault {vault.root}")
    if not path:
        return path
    held = vault.held(path) or vault.held(path + ".md")  # a note's path, `.md` optional
    if held is not None:
        return held
    prefix = path.lower() + "/"
    for file in vault.files:
        if file.lower().startswith(prefix):
            return file[: len(path)]
    if (vault.root / path).is_dir():
        return path  # a folder with nothing vault-tools reads in it
    raise ValueError(f"{given}: no note, file or folder of that path in the vault {vault.root}")


@dataclass
class Opened:
    """A :class:`Source`: the notes of an opened vault, checked here and now."""

    vault: Vault
    schemas: SchemaSet | None = None
    progress: Progress | None = None

    def __post_init__(self) -> None:
        if self.vault.lean:
            raise VaultToolsError(
                "a vault opened with lean=True cannot be linted: it read only the notes' "
                "frontmatter (no body links, headings or sections); open it with "
                "Vault.open(path) to lint it"
            )

    @property
    def config(self) -> Config:
        return self.vault.config

    def check(self, wanted: Sequence[str] | None) -> tuple[list[str], list[Diagnostic]]:
        from vault_tools.checker import check_notes, selected_notes

        notes = selected_notes(self.vault.notes, wanted)
        found = check_notes(self.vault, notes, schemas=self.schemas, progress=self.progress)
        return [note.path for note in notes], found

    def vault_level(self) -> list[Diagnostic]:
        from vault_tools.rules import files, people

        names = people.Names.of_vault(self.vault, self.vault.notes)
        return [
            *files.check(files.Listing.of_vault(self.vault)),
            *people.check(names, self.config.interviewers),
        ]


def not_excluded(found: Iterable[Diagnostic], config: Config) -> list[Diagnostic]:
    """``found`` without the findings in Obsidian's "Excluded files". They are still read:
    other notes' links into them resolve, to their headings and block ids too."""
    if not config.excluded and not config.excluded_patterns:
        return list(found)
    return [diagnostic for diagnostic in found if not config.is_excluded(diagnostic.path)]


def finish(
    found: Iterable[Diagnostic],
    config: Config,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Apply the config's severities and the select/ignore prefixes; sort; drop repeats."""
    chosen = tuple(_split(select)) or tuple(_split(config.lint_select))
    dropped = (*_split(config.lint_ignore), *_split(ignore))
    overrides = sorted(config.severity_overrides.items(), key=lambda item: -len(item[0]))
    if not (chosen or dropped or overrides):
        kept = found if isinstance(found, list) else list(found)
    else:
        kept = []
        for diagnostic in found:
            code = diagnostic.code
            if chosen and not code.startswith(chosen):
                continue
            if dropped and code.startswith(dropped):
                continue
            level = next((value for prefix, value in overrides if code.startswith(prefix)), None)
            if level == "off":
                continue
            if level is not None and level != diagnostic.severity.value:
                diagnostic = Diagnostic(
                    diagnostic.path,
                    diagnostic.line,
                    diagnostic.column,
                    code,
                    Severity(level),
                    diagnostic.message,
                )
            kept.append(diagnostic)
    # Equal findings (as Diagnostic compares them: all but the severity) once, the first of
    # them kept; by Diagnostic's order, which is that of their keys.
    unique = {_ORDER(diagnostic): diagnostic for diagnostic in reversed(kept)}
    return [unique[key] for key in sorted(unique)]


# Diagnostic's own order (its compared fields, in turn) as one key made per diagnostic, a
# tuple that hashes and compares in C: the dataclass's __hash__ and __lt__ are Python code.
_ORDER = attrgetter("path", "line", "column", "code", "message")


def check_codes(config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
    """ConfigError for a select or ignore prefix, or a severity override, that no lint code
    starts with: a typo (``VT2O1``) would otherwise report nothing, or everything, silently."""
    given = [
        *(("--select", prefix) for prefix in _split(select)),
        *(("--ignore", prefix) for prefix in _split(ignore)),
        *((f"lint.select in {CONFIG_FILE}", prefix) for prefix in _split(config.lint_select)),
        *((f"lint.ignore in {CONFIG_FILE}", prefix) for prefix in _split(config.lint_ignore)),
        *((f"lint.severity in {CONFIG_FILE}", code) for code in config.severity_overrides),
    ]
    if not given:
        return
    from vault_tools.rules.catalog import RULES

    codes = [rule.code for rule in RULES]
    for where, prefix in given:
        if not any(code.startswith(prefix) for code in codes):
            raise ConfigError(
                f"{where}: {prefix!r} is not a lint code or the start of one "
                "(`vault-tools rules` lists them)"
            )


def _split(codes: Iterable[str]) -> list[str]:
    """``["VT1,VT3", "VT402"]`` -> ``["VT1", "VT3", "VT402"]`` (upper-cased)."""
    return [part.strip().upper() for item in codes for part in item.split(",") if part.strip()]


# ---------------------------------------------------------------------------- the CLI's run


# What the runs of a process that ends once its output is written (the CLI's) would free on
# their way out, left to the operating system instead (see leave_to_exit); None: freed.
_left_to_exit: list[object] | None = None


def leave_to_exit() -> None:
    """From now on, keep what each lint run builds until the process ends: for a process that
    ends with ``os._exit`` as soon as it has written its output (the CLI). Freeing a cold
    run's findings, summaries and file listing object by object, then the interpreter's
    own exit, only delay the end (~30 ms at 10,000 notes); the operating system takes the
    memory back at once. Never for a process that goes on working: what a run built would
    never be freed."""
    global _left_to_exit
    if _left_to_exit is None:
        _left_to_exit = []


def _leave(*objects: object) -> None:
    """Keep ``objects`` until the process ends, when :func:`leave_to_exit` was called."""
    if _left_to_exit is not None:
        _left_to_exit.append(objects)


@dataclass(frozen=True)
class LintResult:
    diagnostics: list[Diagnostic]
    notes: int  # how many notes the diagnostics are about (those under the PATHs)
    from_cache: bool  # answered from the cache without reading a note
    rechecked: int = 0  # notes whose checks ran (the others' findings were reused)


def lint_folder(
    root: str | Path,
    paths: Iterable[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    parallel: bool = False,
) -> LintResult:
    """Lint the vault at ``root`` the way ``vault-tools lint`` does, with the result cache.

    Three speeds: nothing changed (every file's stamp, the config, the schemas, the rules,
    the code) -> the last result, no note read; some notes changed but no file was added,
    removed or renamed and no note's type, headings or block ids changed -> only the changed
    notes are checked again; anything else -> every note is checked. Raises ConfigError,
    SchemaError or NotAVaultError when the run cannot happen.

    ``parallel``: many notes to read are read and checked by several processes (see
    :mod:`vault_tools.parallel`). Helper processes may be spawned, so the caller's main module
    must be safe to import (``if __name__ == "__main__":``), as the CLI's is.

    The config's settings of the generated notes are checked too (a wrong value fails lint
    in CI, not the watcher later), before any note is read; not when the cache answers: the
    run that made it checked the same config (its fingerprint is part of the cache's key).
    """
    if not Path(root).is_dir():
        raise NotAVaultError(f"{root}: not a folder")
    source = Folder(Config.load(root), use_cache, parallel, progress)
    found, count = run(source, paths, select, ignore)
    return LintResult(found, count, source.from_cache, source.rechecked)


@dataclass
class Folder:
    """A :class:`Source`: the vault in a folder, walked, with lint's result cache.

    Without the cache (``use_cache=False``) only the notes under the PATHs are checked; with
    it every note is, so that the cache holds the whole vault for the next run.
    """

    config: Config
    use_cache: bool = True
    parallel: bool = False
    progress: Progress | None = None
    from_cache: bool = False  # after check: answered from the cache without reading a note
    rechecked: int = 0  # after check: how many notes' checks ran
    _vault_level: list[Diagnostic] = field(default_factory=list)

    def vault_level(self) -> list[Diagnostic]:
        return self._vault_level

    def check(self, wanted: Sequence[str] | None) -> tuple[list[str], list[Diagnostic]]:
        config = self.config
        store = ResultCache(config.root) if self.use_cache else None
        cached = store.load() if store is not None else None
        walked, stamps, changed, helper = _walk(config, cached, self.parallel)
        # Reading a vault builds many small objects and no reference cycles worth collecting
        # meanwhile: the cyclic collector's repeated passes over them cost ~25% of the run.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # Without a cached run to compare with, the key is needed only to save this one:
            # its files' part is worked out then (the notes' stamps are taken as they are
            # read), and the rest, schemas and code, now, before the notes are checked.
            base = _base_stamp(config)
            key = _fingerprint(base, walked, stamps) if cached is not None else ""
            if cached is not None and cached.key == key:
                # The vault-level findings read only what the key covers: kept with the run.
                self.from_cache = True
                self._vault_level = from_rows([*cached.files, *cached.people[1]])
                return cached.note_paths, cached.diagnostics()
            from vault_tools.generated import GenerateSettings

            GenerateSettings.from_config(config)  # raises before a note is read or a cache written
            from vault_tools.rules import files

            file_rows: list[Row] = []

            def meanwhile() -> None:
                # What needs only the walk, worked out while the notes are read: with helpers
                # reading too, they read more of the notes for it.
                file_rows.extend(map(to_row, files.check(files.Listing.of_walk(walked))))

            per_note, self.rechecked, universe, people_of, parts_of, read = _check_folder(
                config,
                walked,
                cached,
                changed,
                helper,
                (None, base) if store is not None else (wanted, None),
                self.progress,
                self.parallel,
                meanwhile,
            )
            _leave(per_note, walked, stamps, cached)
            note_paths = sorted(per_note)
            found = from_rows(row for path in note_paths for row in per_note[path][2])
            head = b""
            if store is not None:
                # What the cache keeps of the run but the people's findings and the notes'
                # (a helper may still be working them out): made now.
                _stamp_the_rest(config, walked, stamps, read)
                key = key or _fingerprint(base, walked, stamps)
                kept = [hash(stamps[path]) for path in note_paths]
                head = store.head(key, universe, note_paths, kept)
            named = people_of(cached)
            self._vault_level = from_rows([*file_rows, *named[1]])
            if store is not None:
                store.write([head, *parts_of(per_note)], named, file_rows)
            return note_paths, found
        finally:
            if helper is not None:
                helper.close()
            if collecting:
                gc.enable()


def _walk(
    config: Config, cached: CachedRun | None, parallel: bool
) -> tuple[Walked, dict[str, Stamp], set[str], helpers.Helpers | None]:
    """The vault's files, their stamps, the notes among them changed since ``cached`` (all
    without one), and helper processes, started during the walk as soon as so many notes are
    to be read that each pays off (see :mod:`vault_tools.parallel`): their start-up then
    overlaps the rest of the run up to the reading.

    Without a cached run every note is read, and stamped as it is opened
    (``Vault.read_stamps``): its stamp is not taken here too (see :func:`_stamp_the_rest`),
    and it is walked with size and mtime -1.
    """
    from vault_tools import parallel as helpers

    known = dict(zip(cached.note_paths, cached.stamps, strict=True)) if cached is not None else {}
    checked = cached.per_note if cached is not None else {}
    walked: Walked = []
    stamps: dict[str, Stamp] = {}
    changed: set[str] = set()
    helper = helpers.take(config.root) if parallel else None
    for relative, kind, info in walk_listing(config) if cached is None else walk_stat(config):
        if info is None:  # a note to read, stamped then
            walked.append((relative, kind, -1, -1))
            fresh = True
        else:
            walked.append((relative, kind, info.st_size, info.st_mtime_ns))
            stamp = stamps[relative] = stamp_of(info)
            fresh = kind == "note" and (
                known.get(relative) != hash(stamp) or relative not in checked
            )
        if fresh:
            changed.add(relative)
            if parallel and len(changed) % helpers.MIN_NOTES == 0:
                helper = helpers.grown(helper, config.root, len(changed))
    if helper is not None and len(changed) < helpers.MIN_NOTES:
        helper.dismiss()  # started early on a guess that did not hold
        helper = None
    return walked, stamps, changed, helper


def _stamp_the_rest(
    config: Config, walked: Walked, stamps: dict[str, Stamp], read: Mapping[str, Stamp]
) -> None:
    """Complete ``stamps`` for every walked file: the notes walked without one get the stamp
    they were read with (``read``), those never read (gone, or the other file of a case
    clash) one taken now, or all -1 for a file that is gone."""
    if len(stamps) == len(walked):
        return
    # The notes read first, in one step: a stamp taken in the walk stays.
    stamps.update({**read, **stamps})
    if len(stamps) == len(walked):  # (read holds walked notes only)
        return
    root = str(config.root)
    for relative, _, _, _ in walked:
        if relative not in stamps:
            try:
                stamps[relative] = stamp_of(os.stat(os.path.join(root, relative)))
            except OSError:
                stamps[relative] = (-1, -1, -1, -1)


def _check_folder(
    config: Config,
    walked: Walked,
    cached: CachedRun | None,
    changed: set[str],
    helper: helpers.Helpers | None,
    wanted: tuple[Sequence[str] | None, str | None],
    progress: Progress | None,
    parallel: bool,
    meanwhile: Callable[[], None],
) -> tuple[
    dict[str, PerNote],
    int,
    Universe,
    Callable[[CachedRun | None], People],
    Callable[[dict[str, PerNote]], list[bytes]],
    Mapping[str, Stamp],
]:
    """Check the notes of a walked vault: (per note path, notes checked, universe, the
    findings about the people the notes name, given the cached run: see
    :func:`_people_findings`; the per-note findings as the cache keeps them, called after
    those, see :meth:`ResultCache.part`; the stamps of the notes read, see
    ``Vault.read_stamps``).

    ``cached``: the last run, whose findings are reused for the notes not ``changed`` when
    the universe (see :func:`_universe`) and the changed notes' summaries are unchanged too.
    ``helper``: started helper processes, to read and check all notes with (``parallel``:
    more may be started here, when the cached run turns out not to help). ``wanted``:
    (vault-relative paths whose notes alone are checked, all for None: every note is still
    read, for links; the :func:`_base_stamp` taken before the run, for the universe, None
    when none is wanted). ``meanwhile`` is called once, while the notes are read or before.
    """
    from vault_tools import parallel as helpers
    from vault_tools.checker import (
        check_notes,
        per_note_results,
    )
    from vault_tools.rules import people
    from vault_tools.schemas import load_schemas
    from vault_tools.vault import Vault

    chosen, base = wanted
    keep = base is not None
    roster = config.interviewers
    try:
        if helper is not None:
            # Every note is to be read (see below): the job goes out before this process has
            # listed the vault, which each helper does for itself meanwhile.
            helper.start(config, schemas_fingerprint(config), walked, None, chosen, keep)
        # In path order from now on (the helpers read meanwhile): the run's sorted lists
        # (notes, files, the key's lines) are then made from sorted input, in one pass each.
        walked.sort()
        vault = Vault.listed(config, walked)
        paths = vault.listed_notes()
        if cached is not None and helper is None and len(changed) < len(paths):
            for path in paths:
                if path not in changed:
                    vault.add_summary(path, cached.per_note[path][3])
            # (A changed file the vault leaves out for a case clash is not read: only its
            # name matters, to the vault-level findings.)
            listed = set(paths)
            edited = sorted(path for path in changed if path in listed)
            fresh = [note for note in map(vault.read, edited) if note is not None]
            universe = _universe(vault, base or "")
            # Interviewers' names (a summary's fourth part) matter to no note's own findings.
            if universe == cached.universe and all(
                _others_read(vault.summary(note)) == _others_read(cached.per_note[note.path][3])
                for note in fresh
            ):
                per_note = per_note_results(
                    vault, fresh, check_notes(vault, fresh, progress=progress)
                )
                per_note.update(
                    (path, cached.per_note[path]) for path in paths if path not in changed
                )
                names = people.Names.of_vault(vault, paths)
                meanwhile()
                named = partial(_people_findings, names, roster)
                return per_note, len(fresh), universe, named, _one_part, vault.read_stamps
        # Every note is read here unless the cached run was tried and did not help (then the
        # notes it read are not read again).
        unread = [path for path in paths if path not in vault.notes]
        if parallel and not (helper is not None and helper.started):
            helper = helpers.grown(helper, config.root, len(unread))
            if helper is not None:
                # The job goes out first: helpers read notes while this process loads schemas.
                helper.start(config, schemas_fingerprint(config), walked, unread, chosen, keep)
        schemas = load_schemas(config)
        meanwhile()
        per_note, checked = helpers.read_and_check(
            helper, vault, paths, unread, chosen, schemas, progress
        )
    except BaseException:
        if helper is not None:
            helper.close()
        raise
    universe = _universe(vault, base) if base is not None else ("", [])
    if helper is None:
        names = people.Names.of_vault(vault, vault.listed_notes())
        people_of = partial(_people_findings, names, roster)
        return per_note, checked, universe, people_of, _one_part, vault.read_stamps
    read = {**helper.stamps, **vault.read_stamps}
    return per_note, checked, universe, _people_of(helper, vault, roster), _parts_of(helper), read


def _one_part(per_note: dict[str, PerNote]) -> list[bytes]:
    """The notes' findings as the cache keeps them, made by this process alone."""
    return [ResultCache.part(per_note)]


def _parts_of(helper: helpers.Helpers) -> Callable[[dict[str, PerNote]], list[bytes]]:
    """The notes' findings as the cache keeps them, in the parts each process made (see
    ``Helpers.cache_parts``); the helpers are done with then."""

    def parts_of(per_note: dict[str, PerNote]) -> list[bytes]:
        try:
            return helper.cache_parts(per_note)
        finally:
            helper.close()

    return parts_of


def _people_of(
    helper: helpers.Helpers, vault: Vault, roster: Sequence[str] | None
) -> Callable[[CachedRun | None], People]:
    """The findings about people's names, given the cached run, from the helpers that read
    and checked the notes of ``vault`` with this process: a helper may be working them out
    while this process gets on with the run's findings. In case it never sends them, the
    notes' summaries are kept for them, not the vault (its listing is a tenth of the memory
    of a run at 50,000 notes, let go when the checks are done)."""
    from vault_tools.rules import people

    known = vault.summaries() if helper.named is None else {}

    def people_of(cached: CachedRun | None) -> People:
        named = helper.people()
        if not helper.keep:  # else the helpers send their parts of the cache next
            helper.close()
        if named is not None:
            return named
        return _people_findings(people.Names.of_summaries(known), roster, cached)

    return people_of


def _people_findings(
    names: people.Names, roster: Sequence[str] | None, cached: CachedRun | None
) -> People:
    """(a digest of what :func:`people.check` reads, its findings as rows): the cached run's
    when the digest is the same, else computed."""
    from vault_tools.rules import people

    read = people.digest(names, roster)
    if cached is not None and cached.people[0] == read:
        return cached.people
    return people.findings(names, roster, read)


def _fingerprint(base: str, walked: Walked, stamps: dict[str, Stamp]) -> str:
    """Every input of a lint run: files (path, kind, stamp), and in ``base`` (see
    :func:`_base_stamp`) config, schemas, rules, code."""
    digest = hashlib.sha256(base.encode())
    for relative, kind, _, _ in sorted(walked):
        size, mtime_ns, ctime_ns, inode = stamps[relative]
        # A file name that is not UTF-8 holds surrogates (os.fsdecode): its bytes, as they are.
        line = f"{relative}\0{kind}\0{size}\0{mtime_ns}\0{ctime_ns}\0{inode}\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _base_stamp(config: Config) -> str:
    # Today is an input too: an unfinished log becomes overdue (VT212) with no edit.
    return (
        f"{__version__}\0{config.fingerprint}\0{schemas_fingerprint(config)}\0"
        f"{_code_stamp()}\0{rulebook.current_day().isoformat()}\0"
    )


def _universe(vault: Vault, base: str) -> Universe:
    """What one note's findings can depend on besides the note itself and other notes'
    summaries: the code, config, schemas and day (``base``, see :func:`_base_stamp`: taken
    before the notes were checked, as the run's key is, so a day that ends or a schema edited
    during the run makes the next run check again), and every file's path (links resolve
    against them). While these and the summaries stay the same, a note whose own bytes did not
    change has the findings it had.
    """
    return base, sorted(vault.files)


def _code_stamp() -> str:
    """Size and mtime of the package's modules, its subpackages' too (the schemas' compiled
    checks word some findings): an edited checkout never reuses old results."""
    package = Path(__file__).parent
    parts = []
    folders = [str(package)]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                info = entry.stat()
                relative = os.path.relpath(entry.path, package)
                parts.append(f"{relative}:{info.st_size}:{info.st_mtime_ns}")
            elif entry.is_dir() and not entry.name.startswith(("_", ".")):
                folders.append(entry.path)
    return ";".join(parts)


Universe = tuple[str, list[str]]  # see _universe


@dataclass(frozen=True)
class CachedRun:
    """One lint run as the cache keeps it."""

    key: str  # _fingerprint: equal means nothing changed at all
    universe: Universe  # equal, with equal summaries: unchanged notes keep their findings
    note_paths: list[str]
    per_note: dict[str, PerNote]
    # Each note's stamp when it was walked, in note_paths' order: a note whose stamp differs
    # now has changed. Kept as the stamp's hash (one int, not four: the cache loads faster;
    # an int tuple's hash is the same in every process).
    stamps: list[int]
    people: People  # the findings about people's names, with what they were made from
    files: list[Row]  # the findings about the file names

    def diagnostics(self) -> list[Diagnostic]:
        return from_rows(row for entry in self.per_note.values() for row in entry[2])


_FORM = f"{_CACHE_FORMAT}:{sys.version_info[0]}.{sys.version_info[1]}"


class ResultCache:
    """The last lint run of one vault, in the user's cache directory (never in the vault).

    Written with ``marshal``: a run is plain tuples, lists, dicts, text and numbers, which
    marshal writes 3x and reads 1.5x faster than pickle (10k notes: 6 ms instead of 20 to
    write). Its format may change with the Python version, so that is part of the header.

    The file holds the number of blocks that follow, each preceded by its length: the run's
    :meth:`head`, then the notes' findings, which are nearly all of it, in one :meth:`part`
    or several (each process of a run makes its own); then the vault-level findings, which
    a helper may still be working out while the lint process makes the rest.
    """

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        self.path = lint_cache_path(root, directory)

    def load(self) -> CachedRun | None:
        """The last run; None when there is none or it cannot be read (never raises)."""
        try:
            with open(self.path, "rb") as handle:
                data = memoryview(handle.read())
            blocks = int.from_bytes(data[:8], "little")
            at = 8  # where the next block's length is

            def block() -> Any:
                nonlocal at
                size = int.from_bytes(data[at : at + 8], "little")
                at += 8 + size
                return marshal.loads(data[at - size : at])

            form, key, universe, note_paths, stamps = block()
            if form != _FORM or len(stamps) != len(note_paths):
                return None
            per_note: dict[str, PerNote] = block() if blocks > 1 else {}
            for _ in range(blocks - 2):
                per_note.update(block())
            named, file_rows = marshal.loads(data[at:])
        except Exception:  # a missing, truncated or foreign cache is simply not used
            return None
        if len(per_note) != len(note_paths):
            return None
        return CachedRun(key, universe, note_paths, per_note, stamps, named, file_rows)

    @staticmethod
    def head(key: str, universe: Universe, note_paths: list[str], stamps: list[int]) -> bytes:
        """The first block of the file :meth:`write` writes: all of :class:`CachedRun` but the
        findings (see :meth:`part`)."""
        return marshal.dumps((_FORM, key, universe, note_paths, stamps))

    @staticmethod
    def part(per_note: dict[str, PerNote]) -> bytes:
        """Findings per note, as the file keeps them: in one part or several (each process
        of a run with helpers makes its own)."""
        return marshal.dumps(per_note)

    def write(self, notes: Sequence[bytes], people: People, files: list[Row]) -> None:
        """Write a run whose blocks are made (``notes``: its :meth:`head`, then its parts, see
        :meth:`part`), and its people's and files' findings: atomically; a cache that cannot
        be written is not an error."""
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(len(notes).to_bytes(8, "little"))
                for block in notes:
                    out.write(len(block).to_bytes(8, "little"))
                    out.write(block)
                out.write(marshal.dumps((people, files)))
            os.replace(temporary, self.path)
            temporary = None
            # The file of the earlier pickle format is superseded: not left behind.
            self.path.with_suffix(".pickle").unlink(missing_ok=True)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _others_read(summary: Summary) -> tuple[object, ...]:
    """What other notes' findings read of a note's summary: all of it but the interviewers'
    names, which only the vault-level check of names reads (from every summary afresh)."""
    return summary[:3] + summary[4:]
