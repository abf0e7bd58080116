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
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import ConfigError
from vault_tools.rulebook import declare
from vault_tools.yaml12 import load_mapping

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
    ignore_patterns: tuple[re.Pattern[str], ...] = ()
    excluded: tuple[str, ...] = ()  # Obsidian's "Excluded files" (app.json userIgnoreFilters)
    excluded_patterns: tuple[re.Pattern[str], ...] = ()
    schemas_folder: str = ".vault-tools/schemas"
    property_types: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    type_by_folder: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    type_by_tag: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    lint_select: tuple[str, ...] = ()
    lint_ignore: tuple[str, ...] = ()
    severity_overrides: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    settings: Mapping[str, Any] = field(default_factory=lambda: _frozen({}))
    # What lint reports about the config files themselves (a types.json it cannot fully use).
    problems: tuple[Diagnostic, ...] = ()
    fingerprint: str = ""  # changes whenever any input of the above changes (cache key)

    @classmethod
    def load(cls, root: str | Path) -> Config:
        """Read the vault's config files. Raises ConfigError when one cannot be used."""
        root_path = Path(root).resolve()
        digest = hashlib.sha256()
        settings = _read_yaml_config(root_path / CONFIG_FILE, digest)
        obsidian_folder = _string(settings, "obsidian_folder", ".obsidian")
        obsidian = root_path / obsidian_folder

        property_types, types_problems = _property_types(
            obsidian / "types.json", f"{obsidian_folder}/types.json", digest
        )

        templates_folder = _optional_string(settings, "templates_folder")
        if templates_folder is None:
            templates_json = _read_json(obsidian / "templates.json", digest)
            if isinstance(templates_json, dict) and isinstance(templates_json.get("folder"), str):
                templates_folder = templates_json["folder"]
        if templates_folder is not None:
            templates_folder = templates_folder.strip().strip("/") or None

        app_json = _read_json(obsidian / "app.json", digest)
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
            schemas_folder=_string(settings, "schemas_folder", ".vault-tools/schemas"),
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
            problems=types_problems,
            fingerprint=digest.hexdigest()[:16],
        )

    def is_ignored(self, path: str) -> bool:
        """True for a vault-relative path that the config's ``ignore:`` leaves out of the vault
        (never read, no link target)."""
        if not self.ignore and not self.ignore_patterns:
            return False  # most vaults: asked for every file of every walk
        return _matches(path, self.ignore, self.ignore_patterns)

    def is_excluded(self, path: str) -> bool:
        """True for a vault-relative path in Obsidian's "Excluded files": still a note and a
        link target (Obsidian resolves and opens links to it), but not linted."""
        if not self.excluded and not self.excluded_patterns:
            return False
        return _matches(path, self.excluded, self.excluded_patterns)

    def is_template(self, path: str) -> bool:
        folder = self.templates_folder
        return folder is not None and (path.startswith(folder + "/"))


def _path_filters(items: list[str]) -> tuple[list[str], list[re.Pattern[str]]]:
    """Path prefixes and ``/regex/`` patterns, as Obsidian's excluded files are written."""
    prefixes: list[str] = []
    patterns: list[re.Pattern[str]] = []
    for item in items:
        if len(item) > 2 and item.startswith("/") and item.endswith("/"):
            try:
                patterns.append(re.compile(item[1:-1]))
            except re.error as error:
                raise ConfigError(
                    f"ignore pattern {item!r} is not a valid regex: {error}"
                ) from error
        elif item.strip("/"):
            prefixes.append(item.lstrip("/"))
    return prefixes, patterns


def _matches(path: str, prefixes: tuple[str, ...], patterns: tuple[re.Pattern[str], ...]) -> bool:
    if any(path == prefix.rstrip("/") or path.startswith(prefix) for prefix in prefixes):
        return True
    return any(pattern.search(path) for pattern in patterns)


def _read_yaml_config(path: Path, digest: Any) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    digest.update(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{CONFIG_FILE} is not UTF-8 text: {error}") from error
    # YAML 1.2, like the notes: `severity: {VT305: off}` must stay the word "off".
    parsed = load_mapping(text.replace("\r\n", "\n"), 1)
    for problem in parsed.problems:
        raise ConfigError(f"{CONFIG_FILE}:{problem.line}: {problem.message}")
    loaded = parsed.values
    if loaded is None:
        raise ConfigError(f"{CONFIG_FILE} must be a mapping of settings")
    unknown = sorted(set(map(str, loaded)) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{CONFIG_FILE}: unknown setting(s) {', '.join(unknown)}")
    return {str(key): value for key, value in loaded.items()}


def _read_json(path: Path, digest: Any) -> Any:
    """Obsidian's own JSON files. A broken one is ignored, as Obsidian falls back to defaults."""
    try:
        data = path.read_bytes()
    except OSError:
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
    try:
        data = path.read_bytes()
    except OSError:
        return {}, ()
    digest.update(path.name.encode())
    digest.update(data)

    def problem(line: int, message: str) -> Diagnostic:
        return Diagnostic(shown, line, 1, BAD_TYPES_FILE, Severity.WARNING, message)

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
