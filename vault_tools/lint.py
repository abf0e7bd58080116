"""``lint(vault) -> list[Diagnostic]``, and the cache that makes a second run cheap.

:func:`lint` is pure: it checks an opened :class:`~vault_tools.vault.Vault` and returns
sorted diagnostics; it never prints and never exits. :func:`lint_folder` is what the CLI
calls: it keeps the whole vault's diagnostics in the user's cache directory (never inside the
vault), keyed by every file's (path, size, mtime), the vault's config, the schemas and the
code, so an unchanged vault is answered from one small file without parsing a note. With
each note's findings it keeps the note's summary (type, headings, block ids: what other notes'
findings depend on), so after an edit only the changed notes are read and checked again.

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
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from vault_tools import __version__
from vault_tools.cache import lint_cache_path
from vault_tools.config import CONFIG_FILE, Config
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import ConfigError, NotAVaultError
from vault_tools.note import Note
from vault_tools.rules.base import current_day
from vault_tools.schemas import SchemaSet, load_schemas, schemas_fingerprint
from vault_tools.vault import Summary, Vault, case_clashes, is_conflict_copy, is_utf8_name

if TYPE_CHECKING:
    from vault_tools.parallel import Helper

# Bump when a check changes what it reports for the same files (invalidates cached results).
RULES_VERSION = 2
_CACHE_FORMAT = 5

# (work done, all the work): a cold run counts each note once when it is read (with the checks
# of itself alone) and once more when its links are checked; a run that only checks notes
# counts each note once.
Progress = Callable[[int, int], None]

# Reading reports progress once per this many notes (a report redraws the bar).
PROGRESS_STEP = 64
Walked = list[tuple[str, str, int, int]]  # what Vault.walk gives: (path, kind, size, mtime_ns)


def lint(
    vault: Vault,
    paths: Iterable[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    schemas: SchemaSet | None = None,
    progress: Progress | None = None,
) -> list[Diagnostic]:
    """Check the notes of ``vault`` (those under ``paths``, vault-relative, when given).

    The whole vault is used for link resolution either way. Raises SchemaError when a schema
    file cannot be used, ConfigError for a code prefix that matches no code (see
    :func:`check_codes`); every problem in a note is a Diagnostic.
    """
    check_codes(vault.config, select, ignore)
    wanted = list(paths) if paths is not None else None
    notes = selected_notes(vault.notes, wanted)
    found = check_notes(vault, notes, schemas=schemas, progress=progress)
    clashes = vault.case_clashes
    if wanted is not None:
        clashes = {path: clashes[path] for path in under(sorted(clashes), wanted)}
    found.extend(_case_clash_findings(clashes))
    names = undecodable_names(vault.files)
    found.extend(_name_findings(under(names, wanted)))
    copies = conflict_copies(vault.notes)
    found.extend(_conflict_copy_findings(under(copies, wanted)))
    found = not_excluded(found, vault.config)
    # A config file's problems change the checks of every note, so they are always reported.
    found.extend(vault.config.problems)
    return finish(found, vault.config, select, ignore)


def not_excluded(found: Iterable[Diagnostic], config: Config) -> list[Diagnostic]:
    """``found`` without the findings in Obsidian's "Excluded files". They are still read:
    other notes' links into them resolve, to their headings and block ids too."""
    if not config.excluded and not config.excluded_patterns:
        return list(found)
    return [diagnostic for diagnostic in found if not config.is_excluded(diagnostic.path)]


def check_notes(
    vault: Vault,
    notes: Sequence[Note],
    *,
    schemas: SchemaSet | None = None,
    progress: Progress | None = None,
) -> list[Diagnostic]:
    """Every finding for ``notes`` with default severities: unfiltered, unsorted."""
    from vault_tools.rules import Context, check_note

    context = Context(vault, schemas if schemas is not None else load_schemas(vault.config))
    found: list[Diagnostic] = []
    total = len(notes)
    for done, note in enumerate(notes, 1):
        found.extend(check_note(note, context))
        if progress is not None:
            progress(done, total)
    return found


def _after(progress: Progress | None, before: int, work: int) -> Progress | None:
    """``progress`` for a part of the run that comes after ``before`` of ``work`` units."""
    if progress is None:
        return None
    report = progress

    def after(done: int, total: int) -> None:
        report(before + done, max(work, before + total))

    return after


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
    kept: set[Diagnostic] = set()
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
        kept.add(diagnostic)
    return sorted(kept, key=_ORDER)


# Diagnostic's own order (its compared fields, in turn), as one key made per diagnostic: the
# dataclass's __lt__ builds two tuples for every comparison of the sort.
_ORDER = attrgetter("path", "line", "column", "code", "message")


def selected_notes(notes: Mapping[str, Note], paths: Iterable[str] | None) -> list[Note]:
    """The notes at or under the vault-relative ``paths`` (all of them for None), by path."""
    chosen = under(sorted(notes), paths)
    return [notes[path] for path in chosen]


def under(note_paths: Iterable[str], paths: Iterable[str] | None) -> list[str]:
    """The ``note_paths`` that are one of ``paths`` or inside one (all for None or ".")."""
    if paths is None:
        return list(note_paths)
    wanted = tuple(_clean(path) for path in paths)
    if "" in wanted:
        return list(note_paths)
    prefixes = tuple(want + "/" for want in wanted)
    return [path for path in note_paths if path in wanted or path.startswith(prefixes)]


def _clean(path: str) -> str:
    path = path.replace("\\", "/").strip()
    while path.startswith("./"):
        path = path[2:]
    path = path.strip("/")
    return "" if path == "." else path


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

    Three speeds: nothing changed (every file's size and mtime, the config, the schemas, the
    code) -> the last result, no note read; some notes changed but no file was added, removed
    or renamed and no note's type, headings or block ids changed -> only the changed notes
    are checked again; anything else -> every note is checked. Raises ConfigError,
    SchemaError or NotAVaultError when the run cannot happen.

    ``parallel``: many notes to read are read and checked by two processes (see
    :mod:`vault_tools.parallel`). The helper process is spawned, so the caller's main module
    must be safe to import (``if __name__ == "__main__":``), as the CLI's is.
    """
    if not Path(root).is_dir():
        raise NotAVaultError(f"{root}: not a folder")
    config = Config.load(root)
    check_codes(config, select, ignore)
    wanted = list(paths) if paths is not None else None
    store = ResultCache(config.root) if use_cache else None
    cached = store.load() if store is not None else None
    walked, changed, helper = _walk(config, cached, parallel)
    # Reading a vault builds many small objects and no reference cycles worth collecting
    # meanwhile: the cyclic collector's repeated passes over them cost ~25% of the run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        key = _fingerprint(config, walked) if store is not None else ""
        rechecked = 0
        if cached is not None and cached.key == key:
            note_paths, found = cached.note_paths, cached.diagnostics()
            from_cache = True
        else:
            chosen = None if store is not None else wanted
            per_note, rechecked, universe = _check_folder(
                config,
                walked,
                cached,
                changed,
                helper,
                chosen,
                progress,
                store is not None,
                parallel,
            )
            note_paths = sorted(per_note)
            found = _diagnostics(row for path in note_paths for row in per_note[path][2])
            if store is not None:
                store.save(CachedRun(key, universe, note_paths, per_note))
            from_cache = False
    finally:
        if helper is not None:
            helper.close()
        if collecting:
            gc.enable()
    clashes = case_clashes([entry[0] for entry in walked])
    names = undecodable_names(entry[0] for entry in walked)
    copies = conflict_copies(entry[0] for entry in walked if entry[1] == "note")
    if clashes or names or copies:
        found = [
            *found,
            *_case_clash_findings(clashes),
            *_name_findings(names),
            *_conflict_copy_findings(copies),
        ]
    if wanted is not None:
        chosen_note_paths = under(note_paths, wanted)
        chosen_paths = set(chosen_note_paths)
        count = len(chosen_paths)
        chosen_paths.update(under(sorted(clashes), wanted))
        chosen_paths.update(under(names, wanted))
        chosen_paths.update(under(copies, wanted))
        found = [diagnostic for diagnostic in found if diagnostic.path in chosen_paths]
    else:
        chosen_note_paths = note_paths
        count = len(note_paths)
    if config.excluded or config.excluded_patterns:
        count -= sum(1 for path in chosen_note_paths if config.is_excluded(path))
        found = not_excluded(found, config)
    # A config file's problems change the checks of every note, so they are always reported.
    found = [*found, *config.problems]
    return LintResult(finish(found, config, select, ignore), count, from_cache, rechecked)


def _walk(
    config: Config, cached: CachedRun | None, parallel: bool
) -> tuple[Walked, set[str], Helper | None]:
    """The vault's files, the notes among them changed since ``cached`` (all without one), and
    a helper process, started during the walk as soon as so many notes are to be read that it
    pays off (see :mod:`vault_tools.parallel`): its start-up then overlaps the rest of the run
    up to the reading.
    """
    from vault_tools import parallel as helpers

    entries = cached.per_note if cached is not None else {}
    walked: Walked = []
    changed: set[str] = set()
    helper = helpers.take(config.root) if parallel else None
    for entry in Vault(config).walk():
        walked.append(entry)
        relative, kind, size, mtime_ns = entry
        if kind == "note" and entries.get(relative, _NOT_CACHED)[:2] != (size, mtime_ns):
            changed.add(relative)
            at_threshold = parallel and len(changed) == helpers.MIN_NOTES
            if at_threshold and helper is None and helpers.worth_a_helper(len(changed)):
                helper = helpers.Helper(config.root)
    if helper is not None and len(changed) < helpers.MIN_NOTES:
        helper.dismiss()  # started early on a guess that did not hold
        helper = None
    return walked, changed, helper


_NOT_CACHED = (-1, -1)


def _check_folder(
    config: Config,
    walked: Walked,
    cached: CachedRun | None,
    changed: set[str],
    helper: Helper | None,
    chosen: Sequence[str] | None,
    progress: Progress | None,
    with_universe: bool,
    parallel: bool,
) -> tuple[dict[str, PerNote], int, Universe]:
    """Check the notes of a walked vault: (per note path, notes checked, universe).

    ``cached``: the last run, whose findings are reused for the notes not ``changed`` when
    the universe (see :func:`_universe`) and the changed notes' summaries are unchanged too.
    ``helper``: a started helper process, to read and check all notes with (``parallel``:
    one may be started here too, when the cached run turns out not to help). ``chosen``:
    vault-relative paths whose notes alone are checked (all for None); every note is still
    read, for links.
    """
    from vault_tools import parallel as helpers

    try:
        vault = Vault.listed(config, walked)
        paths = vault.listed_notes()
        if cached is not None and helper is None and len(changed) < len(paths):
            for path in paths:
                if path not in changed:
                    vault.add_summary(path, cached.per_note[path][3])
            fresh = [note for note in map(vault.read, sorted(changed)) if note is not None]
            universe = _universe(vault)
            if universe == cached.universe and all(
                vault.summary(note) == cached.per_note[note.path][3] for note in fresh
            ):
                per_note = per_note_results(
                    vault, fresh, check_notes(vault, fresh, progress=progress)
                )
                per_note.update(
                    (path, cached.per_note[path]) for path in paths if path not in changed
                )
                return per_note, len(fresh), universe
        unread = [path for path in paths if path not in vault.notes]
        if parallel and helper is None and helpers.worth_a_helper(len(unread)):
            helper = helpers.Helper(config.root)
        if helper is not None:
            # The job goes out first: the helper reads notes while this process loads schemas.
            helper.start(config, schemas_fingerprint(config), walked, unread, chosen)
        schemas = load_schemas(config)
        if helper is not None:
            per_note, checked = helpers.read_and_check(
                helper, vault, paths, unread, chosen, schemas, progress
            )
        else:
            reading = len(unread)
            work = reading + len(under(paths, chosen))
            for done, path in enumerate(unread, 1):
                vault.read(path)
                if progress is not None and done % PROGRESS_STEP == 0:
                    progress(done, work)
            notes = selected_notes(vault.notes, chosen)
            found = check_notes(
                vault, notes, schemas=schemas, progress=_after(progress, reading, work)
            )
            per_note = per_note_results(vault, notes, found)
            checked = len(notes)
    finally:
        if helper is not None:
            helper.close()
    return per_note, checked, _universe(vault) if with_universe else ("", [])


def _fingerprint(config: Config, walked: Walked) -> str:
    """Every input of a lint run: files (path, size, mtime), config, schemas, code."""
    digest = hashlib.sha256(_base_stamp(config).encode())
    for relative, kind, size, mtime_ns in sorted(walked):
        # A file name that is not UTF-8 holds surrogates (os.fsdecode): its bytes, as they are.
        line = f"{relative}\0{kind}\0{size}\0{mtime_ns}\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _base_stamp(config: Config) -> str:
    # Today is an input too: an unfinished log becomes overdue (VT212) with no edit.
    return (
        f"{__version__}\0{RULES_VERSION}\0{config.fingerprint}\0"
        f"{schemas_fingerprint(config)}\0{_code_stamp()}\0{current_day().isoformat()}\0"
    )


def _universe(vault: Vault) -> Universe:
    """What one note's findings can depend on besides the note itself and other notes'
    summaries: the code, config and schemas, and every file's path (links resolve against
    them). While these and the summaries stay the same, a note whose own bytes did not change
    has the findings it had.
    """
    return _base_stamp(vault.config), sorted(vault.files)


def _code_stamp() -> str:
    """Size and mtime of the package's modules: an edited checkout never reuses old results."""
    package = Path(__file__).parent
    parts = []
    for folder in (package, package / "rules"):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                info = entry.stat()
                parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(parts)


# (path, line, column, code, severity, message): what the cache stores of a Diagnostic.
Row = tuple[str, int, int, str, str, str]
_SEVERITIES = {level.value: level for level in Severity}


CASE_CLASH = "VT108"


def _case_clash_findings(clashes: Mapping[str, str]) -> list[Diagnostic]:
    """VT108 for each file left out because its path differs from another's only in case."""
    return [
        Diagnostic(
            dropped,
            1,
            1,
            CASE_CLASH,
            Severity.ERROR,
            f"{dropped} and {kept} differ only in case: on Windows and macOS they are one file "
            "(a checkout or sync there keeps one of them) and links cannot tell them apart; "
            f"vault-tools reads only {kept}: rename one",
        )
        for dropped, kept in sorted(clashes.items())
    ]


UNDECODABLE_NAME = "VT109"


def undecodable_names(paths: Iterable[str]) -> list[str]:
    """The ``paths`` (as os.fsdecode gives them) whose bytes are not UTF-8, sorted."""
    return sorted(path for path in paths if not is_utf8_name(path))


def _name_findings(paths: Iterable[str]) -> list[Diagnostic]:
    """VT109 for each file whose name is not UTF-8: Obsidian lists it with replacement
    characters in place of the bytes, and then cannot open it under that name."""
    findings = []
    for path in paths:
        byte = next(ord(c) - 0xDC00 for c in path if "\udc80" <= c <= "\udcff")
        findings.append(
            Diagnostic(
                path,
                1,
                1,
                UNDECODABLE_NAME,
                Severity.ERROR,
                f"the file name is not valid UTF-8 (byte 0x{byte:02x}): Obsidian shows it with "
                "a replacement character and cannot open the file or link to it; rename it",
            )
        )
    return findings


CONFLICT_COPY = "VT112"


def conflict_copies(paths: Iterable[str]) -> list[str]:
    """The notes among ``paths`` that a sync tool made of a note edited in two places."""
    return sorted(path for path in paths if is_conflict_copy(path))


def _conflict_copy_findings(paths: Iterable[str]) -> list[Diagnostic]:
    """VT112: the two versions of the note have diverged, and the copy counts nowhere."""
    return [
        Diagnostic(
            path,
            1,
            1,
            CONFLICT_COPY,
            Severity.WARNING,
            "a sync tool's conflict copy: merge what differs into the original and delete it "
            "(index, retro and watch leave the copy out)",
        )
        for path in paths
    ]


def _diagnostics(rows: Iterable[Row]) -> list[Diagnostic]:
    return [
        Diagnostic(path, line, column, code, _SEVERITIES[level], message)
        for path, line, column, code, level, message in rows
    ]


def per_note_results(
    vault: Vault,
    notes: Sequence[Note],
    found: Iterable[Diagnostic],
    summaries: Mapping[str, Summary | None] | None = None,
) -> dict[str, PerNote]:
    """What the result cache keeps of each of ``notes``, given their findings ``found``.

    ``summaries``: the notes' summaries when already made (else they are made here).
    """
    rows: dict[str, list[Row]] = {note.path: [] for note in notes}
    for d in found:
        rows[d.path].append((d.path, d.line, d.column, d.code, d.severity.value, d.message))
    known = summaries or {}
    return {
        note.path: (
            note.size,
            note.mtime_ns,
            rows[note.path],
            known.get(note.path) or vault.summary(note),
        )
        for note in notes
    }


Universe = tuple[str, list[str]]  # see _universe
# (size, mtime_ns, findings, summary) of one note: what the next run needs to reuse them.
PerNote = tuple[int, int, list[Row], Summary]


@dataclass(frozen=True)
class CachedRun:
    """One lint run as the cache keeps it."""

    key: str  # _fingerprint: equal means nothing changed at all
    universe: Universe  # equal, with equal summaries: unchanged notes keep their findings
    note_paths: list[str]
    per_note: dict[str, PerNote]

    def diagnostics(self) -> list[Diagnostic]:
        return _diagnostics(row for entry in self.per_note.values() for row in entry[2])


_FORM = f"{_CACHE_FORMAT}:{sys.version_info[0]}.{sys.version_info[1]}"


class ResultCache:
    """The last lint run of one vault, in the user's cache directory (never in the vault).

    Written with ``marshal``: a run is plain tuples, lists, dicts, text and numbers, which
    marshal writes 3x and reads 1.5x faster than pickle (10k notes: 6 ms instead of 20 to
    write). Its format may change with the Python version, so that is part of the header.
    """

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        self.path = lint_cache_path(root, directory)

    def load(self) -> CachedRun | None:
        """The last run; None when there is none or it cannot be read (never raises)."""
        try:
            with open(self.path, "rb") as handle:
                form, key, universe, note_paths, per_note = marshal.loads(handle.read())
        except Exception:  # a missing, truncated or foreign cache is simply not used
            return None
        if form != _FORM:
            return None
        return CachedRun(key, universe, note_paths, per_note)

    def save(self, run: CachedRun) -> None:
        """Write atomically; a cache that cannot be written is not an error."""
        data = (_FORM, run.key, run.universe, run.note_paths, run.per_note)
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(data))
            os.replace(temporary, self.path)
            temporary = None
            # The file of the earlier pickle format is superseded: not left behind.
            self.path.with_suffix(".pickle").unlink(missing_ok=True)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
