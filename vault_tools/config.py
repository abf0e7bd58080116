"""The vault's settings: Obsidian's own config files plus vault-tools' optional config file.

Loaded once per run and frozen. Obsidian's config folder is ``.obsidian`` unless the
vault-tools config names another (Obsidian lets each device rename it, so it cannot be
discovered from the files alone).

vault-tools reads ``.vault-tools/config.yaml`` at the vault root when present::

    obsidian_folder: .obsidian      # Obsidian's config folder name
    templates_folder: Templates     # overrides .obsidian/templates.json
    ignore: ["Archive/", "Inbox/Scratch.md"]   # path prefixes (or /regex/) never read
    schemas_folder: .vault-tools/schemas
    types:                          # which schema applies to a note, besides its `type:` property
      by_folder: {"Hiring/Interviews": interview}
      by_tag: {candidate: candidate}
    lint:
      select: [VT]                  # code prefixes to report (default: all)
      ignore: [VT305]               # code prefixes to drop
      severity: {VT301: error}      # per-code severity overrides

Every folder these files name (``obsidian_folder``, ``templates_folder``, ``schemas_folder``,
Obsidian's templates folder) must be a folder inside the vault, also once symlinks are
followed: a template or a schema from elsewhere would be copied into, or judge, the vault.
Settings files are read only when they are regular files of at most
:data:`SETTINGS_FILE_LIMIT` bytes (a FIFO would block every command, ``/dev/zero`` would be
read until memory runs out), and a ``/regex/`` path filter may take at most
:data:`PATTERN_TIME_LIMIT` seconds on one path (``/(a|aa)+b/`` backtracks for hours on a long
name).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import ConfigError
from vault_tools.people import person_name
from vault_tools.rulebook import declare

if TYPE_CHECKING:
    import regex

__all__ = ["BAD_TYPES_FILE", "CONFIG_FILE", "PROPERTY_TYPES", "Config"]

CONFIG_FILE = ".vault-tools/config.yaml"
BAD_TYPES_FILE = declare(
    "VT111",
    Severity.WARNING,
    "<config>/types.json cannot be used (not JSON, or an unknown type name)",
    """
    ## What it means
    Obsidian's `types.json` (in the config folder) is not JSON, not UTF-8, or gives a
    property a type name Obsidian does not know.

    ## Why it matters
    Obsidian quietly drops what it cannot read, and with it every VT110 check of the
    properties it names: wrong values then go unnoticed.

    ## Example
    `{"types": {"due": "calendar"}}` (the type is `date`).

    ## How to fix
    Set the property's type in Obsidian (right-click the property, Property type), or write
    one of text, multitext, number, checkbox, date, datetime, tags, aliases.
    """,
).code
PROPERTY_TYPES = frozenset(
    {"text", "multitext", "number", "checkbox", "date", "datetime", "tags", "aliases"}
)
# Settings files are a few kilobytes; a generous bound still refuses a file that was never one.
SETTINGS_FILE_LIMIT = 1 << 20  # bytes (1 MiB)
# A path filter matches a path in microseconds; a pattern that backtracks catastrophically
# takes hours. The bound separates the two with a wide margin, even on a loaded machine.
PATTERN_TIME_LIMIT = 0.1  # seconds, per path
_KNOWN_KEYS = frozenset(
    {
        "obsidian_folder",
        "templates_folder",
        "ignore",
        "schemas_folder",
        "types",
        "lint",
        "hiring",
        "indexes",
        "retrospectives",
    }
)


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Config:
    """Everything vault-tools needs to know about one vault before reading its notes."""

    root: Path
    obsidian_folder: str = ".obsidian"
    templates_folder: str | None = None
    ignore: tuple[str, ...] = ()
    ignore_patterns: tuple[regex.Pattern[str], ...] = ()
    excluded: tuple[str, ...] = ()  # Obsidian's "Excluded files" (app.json userIgnoreFilters)
    excluded_patterns: tuple[regex.Pattern[str], ...] = ()
    schemas_folder: str = ".vault-tools/schemas"
    property_types: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    type_by_folder: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    type_by_tag: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    lint_select: tuple[str, ...] = ()
    lint_ignore: tuple[str, ...] = ()
    severity_overrides: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    settings: Mapping[str, Any] = field(default_factory=lambda: _frozen({}))
    # The vault's interviewers (``hiring.interviewers``, links read as their names); None
    # when the config lists none: the names the logs use are then the known ones.
    interviewers: tuple[str, ...] | None = None
    # What lint reports about the config files themselves (a types.json it cannot fully use).
    problems: tuple[Diagnostic, ...] = ()
    fingerprint: str = ""  # changes whenever any input of the above changes (cache key)

    @classmethod
    def load(cls, root: str | Path) -> Config:
        """Read the vault's config files. Raises ConfigError when one cannot be used."""
        root_path = Path(root).resolve()
        digest = hashlib.sha256()
        settings = _read_yaml_config(root_path / CONFIG_FILE, digest)
        # Not checked when left at its default: a `.obsidian` symlinked to a config folder
        # shared by several vaults is Obsidian's own business, and only its settings are read.
        obsidian_folder = _folder_setting(
            root_path,
            settings,
            "obsidian_folder",
            ".obsidian",
            checked="obsidian_folder" in settings,
        )
        obsidian = root_path / obsidian_folder

        property_types, types_problems = _property_types(
            obsidian / "types.json", f"{obsidian_folder}/types.json", digest
        )

        templates_folder = _optional_string(settings, "templates_folder")
        if templates_folder is not None:
            templates_folder = (
                _check_vault_folder(root_path, templates_folder, CONFIG_FILE, "templates_folder")
                or None
            )
        else:
            shown = f"{obsidian_folder}/templates.json"
            templates_json = _read_json(obsidian / "templates.json", shown, digest)
            if isinstance(templates_json, dict) and isinstance(templates_json.get("folder"), str):
                # Obsidian writes the folder vault-rooted, with or without a leading "/".
                folder = templates_json["folder"].strip().lstrip("/")
                if folder:
                    templates_folder = _check_vault_folder(root_path, folder, shown, "folder")

        app_json = _read_json(obsidian / "app.json", f"{obsidian_folder}/app.json", digest)
        obsidian_filters = (
            app_json.get("userIgnoreFilters", []) if isinstance(app_json, dict) else []
        )
        # vault-tools' own `ignore:` leaves paths out of the vault altogether. Obsidian's
        # "Excluded files" only hides them from search, graph and suggestions: links to them
        # resolve and open, so they stay in the vault and are only left out of lint's report.
        prefixes, patterns = _path_filters(_string_list(settings, "ignore"))
        excluded_prefixes, excluded_patterns = _path_filters(_as_strings(obsidian_filters))

        types_section = _mapping(settings, "types")
        lint_section = _mapping(settings, "lint")
        severity = {
            code: str(level) for code, level in _mapping(lint_section, "severity", "lint.").items()
        }
        for code, level in severity.items():
            if level not in ("error", "warning", "off"):
                raise ConfigError(
                    f"{CONFIG_FILE}: lint.severity.{code} must be error, warning or off, "
                    f"not {level!r}"
                )
        return cls(
            root=root_path,
            obsidian_folder=obsidian_folder,
            templates_folder=templates_folder,
            ignore=tuple(prefixes),
            ignore_patterns=tuple(patterns),
            excluded=tuple(excluded_prefixes),
            excluded_patterns=tuple(excluded_patterns),
            schemas_folder=_folder_setting(
                root_path, settings, "schemas_folder", ".vault-tools/schemas"
            ),
            property_types=_frozen(property_types),
            type_by_folder=_frozen(
                {k.strip("/"): v for k, v in _type_names(types_section, "by_folder").items()}
            ),
            type_by_tag=_frozen(
                {k.lstrip("#").lower(): v for k, v in _type_names(types_section, "by_tag").items()}
            ),
            lint_select=tuple(_string_list(lint_section, "select", "lint.")),
            lint_ignore=tuple(_string_list(lint_section, "ignore", "lint.")),
            severity_overrides=_frozen(severity),
            settings=_frozen(settings),
            interviewers=_roster(_mapping(settings, "hiring")),
            problems=types_problems,
            fingerprint=digest.hexdigest()[:16],
        )

    def is_ignored(self, path: str) -> bool:
        """True for a vault-relative path that the config's ``ignore:`` leaves out of the vault
        (never read, no link target)."""
        if not self.ignore and not self.ignore_patterns:
            return False  # most vaults: asked for every file of every walk
        return _matches(path, self.ignore, self.ignore_patterns, f"{CONFIG_FILE} ignore")

    def is_excluded(self, path: str) -> bool:
        """True for a vault-relative path in Obsidian's "Excluded files": still a note and a
        link target (Obsidian resolves and opens links to it), but not linted."""
        if not self.excluded and not self.excluded_patterns:
            return False
        return _matches(
            path,
            self.excluded,
            self.excluded_patterns,
            f"{self.obsidian_folder}/app.json userIgnoreFilters",
        )

    def is_template(self, path: str) -> bool:
        folder = self.templates_folder
        return folder is not None and (path.startswith(folder + "/"))


def _path_filters(items: list[str]) -> tuple[list[str], list[regex.Pattern[str]]]:
    """Path prefixes and ``/regex/`` patterns, as Obsidian's excluded files are written.

    Patterns are compiled by the ``regex`` package (with the syntax of Python's ``re``, its
    version 0): unlike ``re``, it can stop a match that runs too long (see _matches).
    """
    prefixes: list[str] = []
    patterns: list[regex.Pattern[str]] = []
    for item in items:
        if len(item) > 2 and item.startswith("/") and item.endswith("/"):
            import regex  # only for a vault with patterns: most have none

            try:
                patterns.append(regex.compile(item[1:-1], regex.VERSION0))
            except regex.error as error:
                raise ConfigError(
                    f"ignore pattern {item!r} is not a valid regex: {error}"
                ) from error
        elif item.strip("/"):
            prefixes.append(item.lstrip("/"))
    return prefixes, patterns


def _matches(
    path: str, prefixes: tuple[str, ...], patterns: tuple[regex.Pattern[str], ...], setting: str
) -> bool:
    if any(path == prefix.rstrip("/") or path.startswith(prefix) for prefix in prefixes):
        return True
    for pattern in patterns:
        try:
            if pattern.search(path, timeout=PATTERN_TIME_LIMIT):
                return True
        except TimeoutError as error:
            raise ConfigError(
                f"{setting}: the pattern /{pattern.pattern}/ took more than "
                f"{PATTERN_TIME_LIMIT} s on {path!r} (nested repetition such as (a+)+ makes a "
                "regex backtrack without end): write it without repeating a repetition"
            ) from error
    return False


class SettingsFileError(ConfigError):
    """A settings or schema file that is not a regular file of a sensible size, or that leads
    outside the vault."""


def read_settings_file(path: Path, shown: str, *, inside: Path | None = None) -> bytes | None:
    """The bytes of a settings file (``shown``: its name in messages); None when it does not
    exist. SettingsFileError when it cannot be read, is not a regular file (a FIFO would block
    the read for ever, ``/dev/zero`` never ends), is larger than :data:`SETTINGS_FILE_LIMIT`,
    or (with ``inside``) is not inside that folder once symlinks are followed.

    The file is opened without blocking and checked on the open handle, so it cannot be
    swapped for something else between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise SettingsFileError(f"cannot read {shown}: {error.strerror or error}") from error
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise SettingsFileError(f"{shown} is not a regular file ({_file_kind(info.st_mode)})")
        if inside is not None and not _same_file_inside(path, info, inside):
            raise SettingsFileError(f"{shown} leads outside the vault (symlink)")
        data = b""
        if info.st_size <= SETTINGS_FILE_LIMIT:
            parts: list[bytes] = []
            size = 0
            while size <= SETTINGS_FILE_LIMIT and (
                chunk := os.read(handle, SETTINGS_FILE_LIMIT + 1 - size)
            ):
                parts.append(chunk)
                size += len(chunk)
            data = b"".join(parts)
        if info.st_size > SETTINGS_FILE_LIMIT or len(data) > SETTINGS_FILE_LIMIT:
            raise SettingsFileError(
                f"{shown} is larger than {SETTINGS_FILE_LIMIT // (1 << 20)} MiB, the bound for "
                "settings, schema and template files"
            )
        return data
    except OSError as error:
        raise SettingsFileError(f"cannot read {shown}: {error.strerror or error}") from error
    finally:
        os.close(handle)


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _same_file_inside(path: Path, opened: os.stat_result, folder: Path) -> bool:
    """True when the file opened (``opened``: its fstat) is the one ``path`` leads to inside
    ``folder``, symlinks followed."""
    real = os.path.realpath(path)
    if not _is_inside(real, os.path.realpath(folder)):
        return False
    try:
        info = os.stat(real)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (opened.st_dev, opened.st_ino)


def _is_inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def vault_relative_path(root: Path, value: str) -> str:
    """``value`` as a path inside the vault at ``root`` ("" for the root itself), ``.`` and
    empty parts dropped: ValueError, with the reason, for an absolute path, a ``..`` part, or
    a path that a symlink leads outside the vault."""
    text = value.strip()
    if "\x00" in text:
        raise ValueError("contains a NUL character")
    if text.startswith(("/", "\\")) or (len(text) > 1 and text[1] == ":"):
        raise ValueError("must be inside the vault, written without a leading /")
    parts = [part for part in text.replace("\\", "/").split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ValueError("must be inside the vault ('..' leads out of it)")
    folder = "/".join(parts)
    real_root = os.path.realpath(root)
    if not _is_inside(os.path.realpath(os.path.join(real_root, folder)), real_root):
        raise ValueError("leads outside the vault (symlink)")
    return folder


def _check_vault_folder(root: Path, value: str, where: str, key: str) -> str:
    try:
        return vault_relative_path(root, value)
    except ValueError as error:
        raise ConfigError(f"{where}: {key} {value!r} {error}") from error


def _read_yaml_config(path: Path, digest: Any) -> dict[str, Any]:
    data = read_settings_file(path, CONFIG_FILE)
    if data is None:
        return {}
    digest.update(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{CONFIG_FILE} is not UTF-8 text: {error}") from error
    # YAML 1.2, like the notes: `severity: {VT305: off}` must stay the word "off".
    from vault_tools.yaml12 import load_mapping  # only for a vault with a config file

    parsed = load_mapping(text.replace("\r\n", "\n"), 1)
    for problem in parsed.problems:
        message = problem.message
        if problem.kind == "duplicate-key":  # the notes' wording speaks of Obsidian
            message = message.split(":", 1)[0] + ": a setting may be given once; remove one"
        raise ConfigError(f"{CONFIG_FILE}:{problem.line}: {message}")
    loaded = parsed.values
    if loaded is None:
        raise ConfigError(f"{CONFIG_FILE} must be a mapping of settings")
    unknown = sorted(set(map(str, loaded)) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{CONFIG_FILE}: unknown setting(s) {', '.join(unknown)}")
    _check_nested_keys(loaded)
    return {str(key): value for key, value in loaded.items()}


# The keys each section of the config may hold (a typo such as `lint: {selct: ...}` would
# otherwise be read as "not set", silently). A section's values are checked where they are
# read; a mapping section of the wrong type is reported there too.
_KNOWN_SECTION_KEYS: Mapping[str, frozenset[str]] = {
    "lint": frozenset({"select", "ignore", "severity"}),
    "types": frozenset({"by_folder", "by_tag"}),
    "hiring": frozenset(
        {"interviewer", "interviewers", "folders", "templates", "reply_within_days"}
    ),
    "retrospectives": frozenset({"path", "predictive_value"}),
    "indexes": frozenset({"interviews", "cases", "candidates"}),
}
_KNOWN_INDEX_KEYS: Mapping[str, frozenset[str]] = {
    "interviews": frozenset({"path", "columns", "by_quarter"}),
    "cases": frozenset({"path", "columns"}),
    "candidates": frozenset({"path", "columns", "by_year"}),
}


def _check_nested_keys(loaded: Mapping[Any, Any]) -> None:
    """ConfigError naming a key no section knows (``lint.selct``, ``indexes.cases.pathh``)."""
    for section, known in _KNOWN_SECTION_KEYS.items():
        _check_keys(loaded.get(section), known, f"{section}.")
    indexes = loaded.get("indexes")
    if isinstance(indexes, Mapping):
        for name, known in _KNOWN_INDEX_KEYS.items():
            _check_keys(indexes.get(name), known, f"indexes.{name}.")


def _check_keys(section: Any, known: frozenset[str], prefix: str) -> None:
    if not isinstance(section, Mapping):
        return  # not a mapping (or not there): said where the section is read
    unknown = sorted(str(key) for key in section if str(key) not in known)
    if unknown:
        raise ConfigError(
            f"{CONFIG_FILE}: unknown setting(s) {', '.join(prefix + key for key in unknown)} "
            f"(known: {', '.join(prefix + key for key in sorted(known))})"
        )


def _read_json(path: Path, shown: str, digest: Any) -> Any:
    """Obsidian's own JSON files. A broken one is ignored, as Obsidian falls back to defaults;
    one that is no file at all (a FIFO, a device, a huge file) is a SettingsFileError."""
    data = read_settings_file(path, shown)
    if data is None:
        return {}
    digest.update(path.name.encode())
    digest.update(data)
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}


def _property_types(
    path: Path, shown: str, digest: Any
) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    """{property name (lower case): type} from Obsidian's types.json, and a VT111 for each
    part of it that cannot be used: Obsidian would quietly drop it, and with it every VT110
    check of the properties it names. An unknown type for one property leaves the others."""

    def problem(line: int, message: str) -> Diagnostic:
        return Diagnostic(shown, line, 1, BAD_TYPES_FILE, Severity.WARNING, message)

    try:
        data = read_settings_file(path, shown)
    except SettingsFileError as error:
        return {}, (problem(1, f"{error}; no property type is checked"),)
    if data is None:
        return {}, ()
    digest.update(path.name.encode())
    digest.update(data)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {}, (problem(1, "types.json is not UTF-8 text; no property type is checked"),)
    try:
        loaded = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        return {}, (
            problem(line, f"types.json is not valid JSON ({error}); no property type is checked"),
        )
    raw_types = loaded.get("types") if isinstance(loaded, dict) else None
    if not isinstance(raw_types, dict):
        return {}, (
            problem(
                _line_of_key(text, "types"),
                'types.json must be {"types": {"property": "type", ...}}; '
                "no property type is checked",
            ),
        )
    property_types: dict[str, str] = {}
    problems: list[Diagnostic] = []
    known = ", ".join(sorted(PROPERTY_TYPES))
    for name, kind in raw_types.items():
        if isinstance(kind, str) and kind in PROPERTY_TYPES:
            property_types[str(name).lower()] = kind
        else:
            problems.append(
                problem(
                    _line_of_key(text, str(name)),
                    f"{name}: {json.dumps(kind)} is not a property type ({known}); "
                    "its values are not checked",
                )
            )
    return property_types, tuple(problems)


def _line_of_key(text: str, key: str) -> int:
    """The 1-based line where ``"key":`` is first written in a JSON text, else 1."""
    found = re.search(re.escape(json.dumps(key)) + r"\s*:", text)
    if found is None:
        found = re.search(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text)
    return text.count("\n", 0, found.start()) + 1 if found is not None else 1


def _string(settings: Mapping[str, Any], key: str, default: str) -> str:
    value = settings.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{CONFIG_FILE}: {key} must be a non-empty string")
    return value.strip().strip("/")


def _folder_setting(
    root: Path, settings: Mapping[str, Any], key: str, default: str, *, checked: bool = True
) -> str:
    """A folder setting that cannot be empty, as a folder inside the vault."""
    _string(settings, key, default)  # the right kind of value
    value = str(settings.get(key, default))
    if not checked:
        return value.strip().strip("/")
    folder = _check_vault_folder(root, value, CONFIG_FILE, key)
    if not folder:
        raise ConfigError(f"{CONFIG_FILE}: {key} {value!r} must be a folder, not the vault root")
    return folder


def _optional_string(settings: Mapping[str, Any], key: str) -> str | None:
    """A folder name that may be left out (None); any other non-text value is an error, as
    YAML reads `templates_folder: 2025` as a number."""
    value = settings.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(
            f"{CONFIG_FILE}: {key} must be a folder name (quote it if it looks like a number "
            f"or a date), not {value!r}"
        )
    return value


# Every helper below names the setting by its full dotted path, `prefix` + `key`, so that
# the message points at the line to fix (`lint.select`, `types.by_folder`).
def _mapping(settings: Mapping[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
    value = settings.get(key)
    if value is None:  # left out, or `key:` with nothing after it
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{CONFIG_FILE}: {prefix}{key} must be a mapping, not {value!r}")
    return {str(k): v for k, v in value.items()}


def _roster(hiring: Mapping[str, Any]) -> tuple[str, ...] | None:
    """``hiring.interviewers``: a list of names (``Maria Svensson`` or ``"[[Maria Svensson]]"``)."""
    value = hiring.get("interviewers")
    if value is None or value == []:
        return None
    names = [person_name(item) for item in value] if isinstance(value, list) else [None]
    if None in names:
        raise ConfigError(
            f"{CONFIG_FILE}: hiring.interviewers must be a list of names, not {value!r}"
        )
    return tuple(dict.fromkeys(name for name in names if name is not None))


def _type_names(types_section: Mapping[str, Any], key: str) -> dict[str, str]:
    """``types.by_folder`` / ``types.by_tag``: each value names a note type."""
    names = _mapping(types_section, key, "types.")
    for name, value in names.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{CONFIG_FILE}: types.{key}.{name} must be a note type name, not {value!r}"
            )
    return {name: value.strip() for name, value in names.items()}


def _string_list(settings: Mapping[str, Any], key: str, prefix: str = "") -> list[str]:
    value = settings.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    # A number stands for its digits (a folder named 2025); `~`, true, a list or a mapping
    # stands for nothing the user could have meant.
    if not isinstance(value, list) or any(
        item is None or isinstance(item, (bool, list, dict)) for item in value
    ):
        raise ConfigError(f"{CONFIG_FILE}: {prefix}{key} must be a list of strings, not {value!r}")
    return _as_strings(value)


def _as_strings(values: Any) -> list[str]:
    return [str(item) for item in values] if isinstance(values, list) else []
