"""New hiring notes from templates: the library side of ``vault-tools new``.

A new interview log, case or candidate note is made from the vault's own template (the
templates folder of Obsidian's Templates plugin, files ``Interview Log.md``, ``Case.md`` and
``Candidate.md``) or, when the vault has none, from the built-in one shipped in
``vault_tools/templates/``. The steps, each a pure function of text:

1. Obsidian's template variables are filled in as its Templates plugin does: ``{{title}}``,
   ``{{date}}``, ``{{time}}``, ``{{date:YYYY-MM-DD}}``, ``{{time:HH:mm}}`` (moment.js formats;
   the default formats come from ``templates.json``). Other ``{{...}}`` are left alone.
2. The properties given on the command line replace the template's values, line by line, so
   the rest of the template (comments, key order, the user's own fields) is kept as written.
3. An interview log keeps the body sections of its stage: the sections the interview schema
   requires for *another* stage are dropped when the template leaves them empty, so a
   get-to-know log asks "Why this role" and a technical log asks "Competence".

Names become file names, so they are checked like Obsidian checks them: no ``/ \\ : * ? " < >
|`` (not allowed in file names), no ``# ^ [ ]`` (they break links), no control characters,
no leading dot. An existing note is never overwritten (:class:`NoteExistsError`), and the
write goes through :mod:`vault_tools.writer`, which never writes outside the vault.

Settings, all optional, in ``.vault-tools/config.yaml``::

    hiring:
      interviewer: Maria Svensson   # the default --interviewer (you)
      interviewers: [Maria Svensson, Jonas Berg]   # the roster: others are refused
      folders:
        interviews: Hiring/Interviews
        candidates: Hiring/Candidates
        cases: Hiring/Cases
      templates:                    # file names in the templates folder
        interview: Interview Log.md
        case: Case.md
        candidate: Candidate.md
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vault_tools.config import (
    CONFIG_FILE,
    Config,
    SettingsFileError,
    read_settings_file,
    vault_relative_path,
)
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import ConfigError, VaultToolsError
from vault_tools.generated import settings_mapping
from vault_tools.lint import lint
from vault_tools.markdown import normalize_heading, sections
from vault_tools.note import Note, parse_note
from vault_tools.people import closest_names, fold
from vault_tools.rules.people import Names
from vault_tools.schemas import SchemaSet, json_like, load_schemas
from vault_tools.vault import Vault
from vault_tools.writer import (
    MAX_NAME_BYTES,
    UnsafePathError,
    WriteOutcome,
    WriteStatus,
    check_relative_path,
    create_notes,
    remove_leftover_temporaries,
)

__all__ = [
    "BUILTIN",
    "BUILTIN_TEMPLATES",
    "DEFAULT_FOLDERS",
    "DEFAULT_TEMPLATES",
    "KINDS",
    "REMOVE",
    "NewNoteError",
    "NewSettings",
    "NoteExistsError",
    "PlannedNote",
    "PropertyValue",
    "RefusedNoteError",
    "clean_name",
    "create",
    "current_time",
    "drop_empty_sections",
    "fill_label",
    "fill_variables",
    "first_name",
    "format_moment",
    "interview_file_name",
    "plan_candidate",
    "plan_case",
    "plan_interview",
    "property_value",
    "set_properties",
    "yaml_scalar",
]

KINDS = ("interview", "case", "candidate")
DEFAULT_FOLDERS: Mapping[str, str] = {
    "interview": "Hiring/Interviews",
    "case": "Hiring/Cases",
    "candidate": "Hiring/Candidates",
}
DEFAULT_TEMPLATES: Mapping[str, str] = {
    "interview": "Interview Log.md",
    "case": "Case.md",
    "candidate": "Candidate.md",
}
BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
BUILTIN = "built-in"

# Config keys under `hiring:` (the folders use the plural, as the folders are named).
_FOLDER_KEYS = {"interviews": "interview", "cases": "case", "candidates": "candidate"}
# reply_within_days is the pipeline's (generated.py); it shares the hiring section.
_HIRING_KEYS = frozenset(
    {"interviewer", "interviewers", "folders", "templates", "reply_within_days"}
)


class NewNoteError(VaultToolsError):
    """The note cannot be made as asked: a name that cannot be a file name, a value the
    schema does not allow, a case that does not exist. The message says which."""


class RefusedNoteError(NewNoteError):
    """The note would say something lint reports: an interviewer the vault does not know, a
    candidate whose name is close to another's (``new_person`` allows both), a note without
    a property its schema requires that an option gives (a candidate or a case without role
    and level, a case interview without its case). The message says what to do."""


class NoteExistsError(NewNoteError):
    """The note to create exists already; vault-tools never overwrites a note."""

    def __init__(self, path: str, hint: str = "") -> None:
        message = f"{path} exists already; vault-tools never overwrites a note"
        super().__init__(f"{message} ({hint})" if hint else message)
        self.path = path


@dataclass(frozen=True)
class PlannedNote:
    """A note to create: where, its full text, and the template it was made from."""

    path: str  # vault-relative
    text: str
    template: str  # vault-relative template path, or "built-in"
    kind: str  # interview, case or candidate
    # What was decided on the user's behalf, to tell them (two spellings of one interviewer
    # listed once).
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewSettings:
    """Where new notes go and which templates they come from."""

    folders: Mapping[str, str]
    templates: Mapping[str, str]
    templates_folder: str | None
    interviewer: str | None
    date_format: str = "YYYY-MM-DD"
    time_format: str = "HH:mm"

    @classmethod
    def from_config(cls, config: Config) -> NewSettings:
        section = settings_mapping(config.settings.get("hiring"), "hiring")
        unknown = sorted(set(section) - _HIRING_KEYS)
        if unknown:
            raise ConfigError(
                f"{CONFIG_FILE}: unknown setting(s) hiring.{', hiring.'.join(unknown)} "
                f"(known: {', '.join(sorted(_HIRING_KEYS))})"
            )
        folders = dict(DEFAULT_FOLDERS)
        for key, value in settings_mapping(section.get("folders"), "hiring.folders").items():
            if key not in _FOLDER_KEYS:
                raise ConfigError(
                    f"{CONFIG_FILE}: unknown folder hiring.folders.{key} "
                    f"(known: {', '.join(_FOLDER_KEYS)})"
                )
            folders[_FOLDER_KEYS[key]] = _folder(value, f"hiring.folders.{key}")
        templates = dict(DEFAULT_TEMPLATES)
        for key, value in settings_mapping(section.get("templates"), "hiring.templates").items():
            if key not in KINDS or not isinstance(value, str) or not value.strip():
                raise ConfigError(
                    f"{CONFIG_FILE}: hiring.templates.{key} must be one of {', '.join(KINDS)} "
                    "with a file name in the templates folder"
                )
            try:
                name = vault_relative_path(config.root, value)
            except ValueError as error:
                raise ConfigError(
                    f"{CONFIG_FILE}: hiring.templates.{key} {value!r} {error}"
                ) from error
            templates[key] = name if name.lower().endswith(".md") else name + ".md"
        interviewer = section.get("interviewer")
        if interviewer is not None and (not isinstance(interviewer, str) or not interviewer):
            raise ConfigError(f"{CONFIG_FILE}: hiring.interviewer must be a name")
        plugin = _read_json(config, "templates.json")
        date_format = plugin.get("dateFormat") if isinstance(plugin, dict) else None
        time_format = plugin.get("timeFormat") if isinstance(plugin, dict) else None
        return cls(
            folders=folders,
            templates=templates,
            templates_folder=config.templates_folder,
            interviewer=interviewer.strip() if isinstance(interviewer, str) else None,
            date_format=date_format
            if isinstance(date_format, str) and date_format
            else "YYYY-MM-DD",
            time_format=time_format if isinstance(time_format, str) and time_format else "HH:mm",
        )

    def template(self, root: Path, kind: str) -> tuple[str, str]:
        """(template text, where it came from): the vault's template, else the built-in one."""
        name = self.templates[kind]
        if self.templates_folder:
            relative = f"{self.templates_folder}/{name}"
            try:
                # Copied, body and all, into the vault: only a file of the vault will do.
                data = read_settings_file(root / relative, relative, inside=root)
                if data is not None:
                    text = data.decode("utf-8-sig")
                    return text.replace("\r\n", "\n"), relative
            except (SettingsFileError, UnicodeDecodeError) as error:
                raise NewNoteError(f"cannot use the template {relative}: {error}") from error
        builtin = BUILTIN_TEMPLATES / DEFAULT_TEMPLATES[kind]
        return builtin.read_text(encoding="utf-8"), BUILTIN


# ------------------------------------------------------------------------ names


# Obsidian refuses these in file names; `# ^ [ ] |` are allowed by some systems but break
# links to the note, so Obsidian warns about them. Both are refused here.
_FORBIDDEN = frozenset('/\\:*?"<>|#^[]')
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WINDOWS_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\..*)?", re.IGNORECASE)
_MAX_NAME_BYTES = MAX_NAME_BYTES  # the writer's limit: note and temporary file fit


def clean_name(text: str, what: str = "name") -> str:
    """``text`` as a note name: spaces trimmed and folded, NFC; NewNoteError when it cannot
    be a file name that Obsidian can link to.

    >>> clean_name("  Ada   Okafor ")
    'Ada Okafor'
    >>> clean_name("../etc/passwd")
    Traceback (most recent call last):
    ...
    vault_tools.new.NewNoteError: name '../etc/passwd' cannot be a note name: ...
    """
    if any(unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS for char in text):
        raise NewNoteError(f"{what} {text!r} contains control characters")
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if name.lower().endswith(".md"):
        name = name[:-3].rstrip()
    bad = sorted({char for char in name if char in _FORBIDDEN})
    if bad:
        raise NewNoteError(
            f"{what} {text!r} cannot be a note name: {' '.join(bad)} "
            "cannot be used in a file name or breaks links to it"
        )
    if not name:
        raise NewNoteError(f"{what} is empty")
    if name.startswith("."):
        raise NewNoteError(f"{what} {text!r} starts with a dot (a hidden file Obsidian ignores)")
    if name.endswith("."):
        raise NewNoteError(f"{what} {text!r} ends with a dot (not a valid file name on Windows)")
    if _WINDOWS_RESERVED.fullmatch(name):
        raise NewNoteError(f"{what} {text!r} is a reserved file name on Windows")
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES - 3:
        raise NewNoteError(f"{what} {text!r} is too long for a file name")
    return name


def _link_target(text: str) -> str:
    """``[[Ada Okafor]]``, ``[[Ada Okafor|Ada]]`` or ``Ada Okafor`` -> ``Ada Okafor``."""
    inner = text.strip()
    if inner.startswith("[[") and inner.endswith("]]"):
        inner = inner[2:-2].split("|", 1)[0]
    # Spaces folded as clean_name folds them for the file: "Kwame  Mensah" is Kwame Mensah.
    return re.sub(" {2,}", " ", inner.strip())


def first_name(interviewer: str) -> str:
    """The name an interview log's file name carries: ``Maria Svensson`` -> ``Maria``."""
    return _link_target(interviewer).rsplit("/", 1)[-1].split()[0]


def interview_file_name(day: dt.date, candidate: str, stage: str, interviewer: str) -> str:
    """``2025-09-09 Kwame Mensah - case (Jonas).md``, as the example vault names its logs."""
    return f"{day.isoformat()} {candidate} - {stage} ({first_name(interviewer)}).md"


# ------------------------------------------------------------------------ templates


_VARIABLE = re.compile(r"\{\{\s*(title|date|time)\s*(?::([^}]*))?\}\}", re.IGNORECASE)
_MOMENT_TOKEN = re.compile(
    r"\[[^\]]*\]|YYYY|YY|Qo|Q|MMMM|MMM|MM|M|Do|DDDD|DDD|DD|D|dddd|ddd|dd|d|E|e|GGGG|WW|W|"
    r"HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|X|x|ZZ|Z"
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def format_moment(moment: dt.datetime, pattern: str) -> str:
    """``moment`` in a moment.js format, as Obsidian's ``{{date:...}}`` writes it.

    >>> format_moment(dt.datetime(2025, 9, 2, 14, 5), "YYYY-MM-DD[T]HH:mm, dddd Do MMMM")
    '2025-09-02T14:05, Tuesday 2nd September'
    """
    hour12 = moment.hour % 12 or 12
    weekday = moment.isoweekday()  # Monday 1 .. Sunday 7

    def token(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("["):
            return text[1:-1]
        offset = moment.astimezone().strftime("%z") if moment.tzinfo is None else ""
        offset = offset or moment.strftime("%z")
        values = {
            "YYYY": f"{moment.year:04d}",
            "YY": f"{moment.year % 100:02d}",
            "Q": str((moment.month - 1) // 3 + 1),
            "Qo": _ordinal((moment.month - 1) // 3 + 1),
            "MMMM": _MONTHS[moment.month - 1],
            "MMM": _MONTHS[moment.month - 1][:3],
            "MM": f"{moment.month:02d}",
            "M": str(moment.month),
            "Do": _ordinal(moment.day),
            "DDDD": f"{moment.timetuple().tm_yday:03d}",
            "DDD": str(moment.timetuple().tm_yday),
            "DD": f"{moment.day:02d}",
            "D": str(moment.day),
            "dddd": _WEEKDAYS[weekday - 1],
            "ddd": _WEEKDAYS[weekday - 1][:3],
            "dd": _WEEKDAYS[weekday - 1][:2],
            "d": str(weekday % 7),  # Sunday 0
            "E": str(weekday),
            "e": str(weekday % 7),
            "GGGG": f"{moment.isocalendar()[0]:04d}",
            "WW": f"{moment.isocalendar()[1]:02d}",
            "W": str(moment.isocalendar()[1]),
            "HH": f"{moment.hour:02d}",
            "H": str(moment.hour),
            "hh": f"{hour12:02d}",
            "h": str(hour12),
            "kk": f"{moment.hour or 24:02d}",
            "k": str(moment.hour or 24),
            "mm": f"{moment.minute:02d}",
            "m": str(moment.minute),
            "ss": f"{moment.second:02d}",
            "s": str(moment.second),
            "SSS": f"{moment.microsecond // 1000:03d}",
            "SS": f"{moment.microsecond // 10000:02d}",
            "S": str(moment.microsecond // 100000),
            "A": "AM" if moment.hour < 12 else "PM",
            "a": "am" if moment.hour < 12 else "pm",
            "X": str(int(moment.timestamp())),
            "x": str(int(moment.timestamp() * 1000)),
            "ZZ": offset,
            "Z": f"{offset[:3]}:{offset[3:]}" if offset else "",
        }
        return values[text]

    return _MOMENT_TOKEN.sub(token, pattern)


def fill_variables(
    text: str,
    *,
    title: str,
    now: dt.datetime,
    date_format: str = "YYYY-MM-DD",
    time_format: str = "HH:mm",
) -> str:
    """Obsidian's Templates plugin variables: ``{{title}}``, ``{{date}}``, ``{{time}}``, each
    date and time with an optional ``:format`` (moment.js). Anything else is left as is.

    >>> fill_variables("{{title}} {{date}} {{time:HH:mm:ss}}", title="X",
    ...                now=dt.datetime(2025, 9, 2, 14, 5, 9))
    'X 2025-09-02 14:05:09'
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        pattern = match.group(2)
        if name == "title":
            return title
        default = date_format if name == "date" else time_format
        return format_moment(now, pattern.strip() if pattern and pattern.strip() else default)

    return _VARIABLE.sub(replace, text)


# ------------------------------------------------------------------------ properties


class _Remove:
    """A property to delete from the template."""


REMOVE = _Remove()
PropertyValue = Any  # str, int, bool, None, list of str, mapping of str to those, or REMOVE

_TOP_LEVEL_KEY = re.compile(r"""(?:"([^"]*)"|'([^']*)'|([^\s#'"\-?:][^:]*?))\s*:(?:\s|$)""")
_PLAIN_SCALAR = re.compile(r"[^\W\d_][\w .'&()-]*", re.UNICODE)
_YAML_WORDS = frozenset(
    ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "nan", "inf", ".nan", ".inf"]
)  # words that some YAML reader (1.1 or 1.2) would not read as text


def yaml_scalar(value: Any) -> str:
    """One value as YAML that every reader (1.1 or 1.2, Obsidian) reads back the same.

    >>> [yaml_scalar(v) for v in ("DE", "no", "[[Ada Okafor]]", None, 3, "Ana: B")]
    ['DE', '"no"', '"[[Ada Okafor]]"', 'null', '3', '"Ana: B"']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            return value.isoformat(timespec="minutes")
        return value.isoformat()
    text = str(value)
    if (
        _PLAIN_SCALAR.fullmatch(text)
        and text.lower() not in _YAML_WORDS
        and not text.endswith(" ")
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _property_lines(key: str, value: PropertyValue) -> list[str]:
    if isinstance(value, Mapping):
        if not value:
            return [f"{key}: {{}}"]
        return [f"{key}:", *(f"  {k}: {yaml_scalar(v)}" for k, v in value.items())]
    if isinstance(value, (list, tuple)):
        if not value:
            return [f"{key}: []"]
        return [f"{key}:", *(f"  - {yaml_scalar(item)}" for item in value)]
    return [f"{key}: {yaml_scalar(value)}"]


@dataclass(frozen=True)
class _Entry:
    key: str
    first: int  # line index of `key:`
    end: int  # line index after its last continuation line
    inline: str  # what follows the colon on the key's line


def _frontmatter_entries(lines: Sequence[str], closing: int) -> list[_Entry]:
    entries: list[_Entry] = []
    index = 1
    while index < closing:
        line = lines[index]
        match = _TOP_LEVEL_KEY.match(line)
        if match is None:
            index += 1
            continue
        key = next(group for group in match.groups() if group is not None)
        end = index + 1
        while end < closing and (
            lines[end][:1] in (" ", "\t") or (lines[end].startswith("-") and lines[end] != "---")
        ):
            end += 1
        entries.append(_Entry(key.strip(), index, end, line[match.end() :].strip()))
        index = end
    return entries


def _closing_fence(lines: Sequence[str]) -> int | None:
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index
    raise NewNoteError("the frontmatter has no closing '---' line")


def property_value(text: str, key: str) -> str:
    """What the template writes after ``key:`` (the first line only), '' when absent."""
    lines = text.split("\n")
    closing = _closing_fence(lines)
    if closing is None:
        return ""
    entry = next((e for e in _frontmatter_entries(lines, closing) if e.key == key), None)
    return entry.inline if entry is not None else ""


def set_properties(text: str, values: Mapping[str, PropertyValue]) -> str:
    """``text`` with each property in ``values`` set (or deleted for :data:`REMOVE`).

    A property the template has is rewritten where it stands, with its continuation lines;
    one it lacks is added at the end of the frontmatter. Everything else is kept verbatim.
    """
    lines = text.split("\n")
    closing = _closing_fence(lines)
    if closing is None:
        lines = ["---", "---", *lines]
        closing = 1
    entries: dict[str, _Entry] = {}
    for found in _frontmatter_entries(lines, closing):
        entries.setdefault(found.key, found)
        entries.setdefault(found.key.casefold(), found)  # `Role:` in a template is `role`
    replacements: list[tuple[int, int, list[str]]] = []
    added: list[str] = []
    for key, value in values.items():
        entry = entries.get(key) or entries.get(key.casefold())
        new_lines = [] if value is REMOVE else _property_lines(key, value)
        if entry is not None:
            replacements.append((entry.first, entry.end, new_lines))
        else:
            added += new_lines
    replacements.append((closing, closing, added))
    for first, end, new_lines in sorted(replacements, key=lambda item: item[0], reverse=True):
        lines[first:end] = new_lines
    return "\n".join(lines)


# ------------------------------------------------------------------------ body


def _body_start(lines: Sequence[str]) -> int:
    closing = _closing_fence(lines)
    return 0 if closing is None else closing + 1


def drop_empty_sections(text: str, headings: Iterable[str]) -> str:
    """``text`` without the sections titled ``headings`` that hold nothing yet."""
    unwanted = {normalize_heading(heading) for heading in headings}
    if not unwanted:
        return text
    lines = text.split("\n")
    start = _body_start(lines)
    body = "\n".join(lines[start:])
    spans = [
        (section.heading.line - 1, section.end_line)
        for section in sections(body, 1)
        if normalize_heading(section.heading.text) in unwanted
        and section.text.strip().strip("-*").strip() == ""
    ]
    body_lines = body.split("\n")
    for first, end in sorted(spans, reverse=True):
        del body_lines[first:end]
    return "\n".join([*lines[:start], *body_lines])


_LABEL_PLACEHOLDER = r"^(\*\*{label}:\*\*)[ \t]*`\[[^`\n]*\]`"


def fill_label(text: str, label: str, value: str) -> str:
    """``**Role:** `[Target Role - DE/DS/MLE]``` -> ``**Role:** DE`` (the case template)."""
    pattern = re.compile(_LABEL_PLACEHOLDER.format(label=re.escape(label)), re.MULTILINE)
    return pattern.sub(lambda match: f"{match.group(1)} {value}", text, count=1)


# ------------------------------------------------------------------------ planning


def _folder(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip().strip("/"):
        raise ConfigError(f"{CONFIG_FILE}: {key} must be a vault-relative folder")
    folder = value.strip().strip("/")
    try:
        check_relative_path(folder + "/note.md")
    except UnsafePathError as error:
        raise ConfigError(f"{CONFIG_FILE}: {key} {value!r}: {error}") from error
    return folder


def _read_json(config: Config, name: str) -> Any:
    """One of Obsidian's JSON settings files; {} when missing or broken, as Obsidian reads it
    (Config.load has refused one that is no file at all)."""
    try:
        data = read_settings_file(
            config.root / config.obsidian_folder / name, f"{config.obsidian_folder}/{name}"
        )
        return json.loads(data) if data is not None else {}
    except (SettingsFileError, ValueError):
        return {}


def current_time() -> dt.datetime:
    """Now, in local time to the minute, as Obsidian fills ``{{date}}`` and ``{{time}}``."""
    return dt.datetime.now().replace(second=0, microsecond=0)


def _choice(schemas: SchemaSet, note_type: str, key: str, value: str | None) -> str | None:
    """``value`` spelled as the schema's ``enum`` spells it (``mid`` -> ``Mid``)."""
    if value is None:
        return None
    value = value.strip()
    schema = schemas.get(note_type)
    properties = schema.frontmatter.get("properties", {}) if schema is not None else {}
    allowed = properties.get(key, {}).get("enum") if isinstance(properties, dict) else None
    if not isinstance(allowed, list):
        return value
    for option in allowed:
        if isinstance(option, str) and option.casefold() == value.casefold():
            return option
    raise NewNoteError(
        f"{key} {value!r} is not one of {', '.join(map(str, allowed))} "
        f"(the {note_type} schema; `vault-tools schema show {note_type}`)"
    )


def _name_key(name: str) -> str:
    """``name`` as Obsidian compares note names: Unicode NFC (a name typed on one system and
    one saved by macOS differ in bytes, not for the user), then lower case (``str.lower``, as
    JavaScript's ``toLowerCase``; casefold would make ``Straße`` one with ``STRASSE``)."""
    return unicodedata.normalize("NFC", name).lower()


class _Planner:
    """Plans new notes for one vault: settings, schemas and the notes already there."""

    def __init__(self, vault: Vault, now: dt.datetime | None) -> None:
        self.vault = vault
        self.settings = NewSettings.from_config(vault.config)
        self.schemas = load_schemas(vault.config)
        self.now = now or current_time()
        self.taken = {_name_key(path) for path in vault.files}

    def path_for(self, kind: str, name: str) -> str:
        path = f"{self.settings.folders[kind]}/{name}.md"
        if len(path.rsplit("/", 1)[-1].encode("utf-8")) > _MAX_NAME_BYTES:
            raise NewNoteError(f"{path}: the file name is too long")
        try:
            check_relative_path(path)
        except UnsafePathError as error:
            raise NewNoteError(f"{path}: {error}") from error
        if _name_key(path) in self.taken or os.path.lexists(self.vault.root / path):
            raise NoteExistsError(path)
        return path

    def note_of_type(self, name: str, note_type: str) -> tuple[str, str] | None:
        """(path, link text) of the ``note_type`` note called ``name``; None when there is no
        note by that name at all. NewNoteError when the name is another kind of note."""
        target = _link_target(name)
        if not target:
            raise NewNoteError(f"the {note_type} name is empty")
        wanted = _name_key(target).removesuffix(".md")
        typed = sorted(
            path
            for path, note in self.vault.notes.items()
            if self.vault.note_type(note) == note_type
            and (_name_key(note.name) == wanted or _name_key(path).removesuffix(".md") == wanted)
        )
        if len(typed) > 1:
            raise NewNoteError(
                f"{len(typed)} {note_type} notes are called {target!r}: {', '.join(typed)}; "
                "give the path of the one you mean"
            )
        if typed:
            return typed[0], self.link_text(typed[0])
        path, matched = self.vault.resolve_path(target, "")
        if path is None:
            return None
        if len(matched) > 1:  # a partial path of several notes: as a name of several, refused
            raise NewNoteError(
                f"{len(matched)} notes match {target!r}: {', '.join(sorted(matched))}; "
                "give the path of the one you mean"
            )
        found = self.vault.notes.get(path)
        if found is not None and self.vault.note_type(found) == note_type:
            return path, self.link_text(path)  # a partial path: `Cases/Feature Store`
        raise NewNoteError(
            f"{target!r} is {path}, which is not a {note_type} note (type: {note_type})"
        )

    def known_interviewers(self) -> list[str]:
        """The roster; without one, the names the logs use."""
        roster = self.vault.config.interviewers
        if roster is not None:
            return list(roster)
        return list(Names.of_vault(self.vault, self.vault.notes).usage())

    def panel(
        self, interviewers: Sequence[str], new_person: bool
    ) -> tuple[list[str], tuple[str, ...]]:
        """(the interviewers, each once, the author first; what was said about merging them).

        A name given twice is written once, quietly when it is the same name once tidied
        (spaces, ``[[link]]``, Unicode form); two spellings of one person (differing only in
        case or accents, as lint's VT213 tells apart) are written once as the roster (or,
        without one, the logs) spell it, else as first given, and that is said."""
        given = [clean_name(_link_target(name), "interviewer") for name in interviewers]
        if not given and self.settings.interviewer:
            given = [clean_name(self.settings.interviewer, "hiring.interviewer")]
        if not given:
            raise NewNoteError(
                "who interviewed? Give --interviewer NAME (first: you, the log's author), or "
                f"set hiring: interviewer: in {CONFIG_FILE}"
            )
        spellings: dict[str, list[str]] = {}  # folded name -> its spellings, first given first
        for name in given:
            names = spellings.setdefault(fold(name), [])
            if name not in names:
                names.append(name)
        known = {fold(name): name for name in reversed(self.known_interviewers())}
        panel: list[str] = []
        notices: list[str] = []
        for folded, names in spellings.items():
            # As the roster (or, without one, the logs) spell the person: `maria svensson`
            # and `Jönas Berg` are Maria Svensson and Jonas Berg, as lint's VT213 has them.
            written = known.get(folded, names[0])
            panel.append(written)
            if len(names) > 1:
                quoted = " and ".join(repr(name) for name in names)
                notices.append(f"interviewers {quoted} are one person: listed once, as {written}")
            elif written != names[0]:
                notices.append(f"interviewer {names[0]!r} is written as {written}, as it is known")
        if not new_person:
            for name in panel:
                self.check_interviewer(name)
        return panel, tuple(notices)

    def check_interviewer(self, name: str) -> None:
        """RefusedNoteError for an interviewer the vault does not know: not on the roster, or,
        without one, named in no log yet (any name will do in a vault with no logs)."""
        roster = self.vault.config.interviewers
        known = self.known_interviewers()
        if not known or name in known:
            return
        close = closest_names(name, known)
        where = f"on the roster (hiring.interviewers in {CONFIG_FILE})" if roster else "in any log"
        hint = f": did you mean {' or '.join(close)}?" if close else "."
        add = " (and add them to the roster)" if roster else ""
        raise RefusedNoteError(
            f"interviewer {name!r} is not {where}{hint} "
            f"If {name} is a new interviewer, add --new-person{add}"
        )

    def check_new_candidate(self, name: str) -> None:
        """RefusedNoteError for a new candidate whose name is close to an existing one's."""
        existing = [
            path.rsplit("/", 1)[-1].removesuffix(".md")
            for path, note in self.vault.notes.items()
            if self.vault.note_type(note) == "candidate"
        ]
        close = closest_names(name, existing)
        if close:
            raise RefusedNoteError(
                f"there is no candidate {name!r}, but there is {' and '.join(close)}: did you "
                f"mean {close[0]}? If {name} is a new person, add --new-person"
            )

    def link_text(self, path: str) -> str:
        """``[[Name]]`` when the name alone finds the note, else ``[[Folder/Name]]``."""
        stem = path.removesuffix(".md")
        name = stem.rsplit("/", 1)[-1]
        found, candidates = self.vault.resolve_path(name, "")
        unique = found == path and len(candidates) <= 1
        return f"[[{name if unique else stem}]]"

    def fill(self, kind: str, path: str) -> tuple[str, str]:
        text, source = self.settings.template(self.vault.root, kind)
        title = path.rsplit("/", 1)[-1].removesuffix(".md")
        filled = fill_variables(
            text,
            title=title,
            now=self.now,
            date_format=self.settings.date_format,
            time_format=self.settings.time_format,
        )
        try:
            _closing_fence(filled.split("\n"))
        except NewNoteError as error:
            where = "the built-in template" if source == BUILTIN else source
            raise NewNoteError(f"{where}: {error}") from error
        return filled, source

    def finish(
        self, kind: str, path: str, text: str, source: str, options: Mapping[str, str]
    ) -> PlannedNote:
        """The planned note; ``options``: property -> the option that gives it, for
        :meth:`refuse_missing`."""
        if not text.endswith("\n"):
            text += "\n"
        note = parse_note(path, text.encode("utf-8"))
        broken = [problem for problem in note.problems if problem.code.startswith("VT1")]
        if broken:
            where = "the built-in template" if source == BUILTIN else source
            raise NewNoteError(
                f"the note made from {where} has broken frontmatter: line {broken[0].line}: "
                f"{broken[0].message}"
            )
        self.refuse_missing(kind, note, options)
        self.taken.add(_name_key(path))
        return PlannedNote(path, text, source, kind)

    def refuse_missing(self, kind: str, note: Note, options: Mapping[str, str]) -> None:
        """RefusedNoteError when the schema in force (the vault's own, if it has one)
        requires a property that the note leaves empty and that one of ``options`` would
        give: the note would be born with an error (VT201). What the template fills in
        counts; a property an unfinished note may still lack (the schema's ``relax``) and
        one no option gives are left to the list of what is still to fill in."""
        schema = self.schemas.get(kind)
        if schema is None:
            return
        instance = {key: json_like(value) for key, value in note.properties.items()}
        instance = {key: value for key, value in instance.items() if value is not None}
        unfinished = schema.unfinished
        relaxed = unfinished.relax if unfinished and unfinished.applies(note.properties) else ()
        missing: list[str] = []
        for error in schema.errors(instance):
            if error.validator != "required" or list(error.absolute_path):
                continue
            required: Any = error.validator_value
            for key in required:
                wanted = key not in instance and key in options and key not in relaxed
                if wanted and key not in missing:
                    missing.append(key)
        if missing:
            what = "interview log" if kind == "interview" else f"{kind} note"
            them = "them" if len(missing) > 1 else "it"
            asked = [options[key] for key in missing]
            flags = [option for option in asked if option.startswith("--")]
            steps = [f"give {_and(flags)}"] if flags else []
            steps += [option for option in asked if not option.startswith("--")]
            raise RefusedNoteError(
                f"the {what} {note.path} needs {_and(missing)} (the {kind} schema requires "
                f"{them}): {'; '.join(steps)}"
            )


def _and(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# The properties each kind of note takes from the command line, and the option that gives
# each: a property the schema in force requires and the note leaves empty is asked for.
_CANDIDATE_OPTIONS = {"role": "--role", "level": "--level", "source": "--source"}
_CASE_OPTIONS = {"role": "--role", "level": "--level"}
_INTERVIEW_OPTIONS = {"role": "--role", "level": "--level", "case": "--case"}


def _options_beside_a_log(name: str) -> dict[str, str]:
    """What a candidate note made by ``new interview`` asks for: that command has no
    --source, so a source the schema requires is asked for by the command that has it."""
    command = f'vault-tools new candidate "{name}" --source ...'
    return {**_CANDIDATE_OPTIONS, "source": f"create the candidate first (`{command}`)"}


def plan_candidate(
    vault: Vault,
    name: str,
    *,
    role: str | None = None,
    level: str | None = None,
    first_contact: dt.date | None = None,
    source: str | None = None,
    now: dt.datetime | None = None,
    new_person: bool = False,
) -> list[PlannedNote]:
    """The candidate note ``<candidates folder>/<name>.md``. NewNoteError when it cannot be
    made (NoteExistsError when a note by that name exists; RefusedNoteError without the role
    and level the candidate schema requires, or for a name close to another candidate's,
    unless ``new_person``), and for a ``first_contact`` after today (``now``'s day): first
    contact is the day the candidate first talked to us, which has happened."""
    planner = _Planner(vault, now)
    name = clean_name(name, "candidate name")
    today = planner.now.date()
    if first_contact is not None and first_contact > today:
        raise NewNoteError(
            f"first contact {first_contact} is in the future (today is {today}); it is the "
            "day the candidate first talked to us (give --date that day, or leave it out for "
            "today)"
        )
    return [_candidate(planner, name, role, level, first_contact, source, new_person)]


def _candidate(
    planner: _Planner,
    name: str,
    role: str | None,
    level: str | None,
    first_contact: dt.date | None,
    source: str | None = None,
    new_person: bool = False,
    options: Mapping[str, str] = _CANDIDATE_OPTIONS,
) -> PlannedNote:
    existing = planner.note_of_type(name, "candidate")
    if existing is not None:
        raise NoteExistsError(existing[0])
    if not new_person:
        planner.check_new_candidate(name)
    path = planner.path_for("candidate", name)
    text, template = planner.fill("candidate", path)
    values: dict[str, PropertyValue] = {}
    if not property_value(text, "type"):
        values["type"] = "candidate"
    if role is not None:
        values["role"] = _choice(planner.schemas, "candidate", "role", role)
    if level is not None:
        values["level"] = _choice(planner.schemas, "candidate", "level", level)
    if source is not None:
        values["source"] = _choice(planner.schemas, "candidate", "source", source)
    values["first_contact"] = first_contact or planner.now.date()
    if not property_value(text, "decision"):
        values["decision"] = "pending"
    text = set_properties(text, values)
    return planner.finish("candidate", path, text, template, options)


def plan_case(
    vault: Vault,
    title: str,
    *,
    role: str | None = None,
    level: str | None = None,
    now: dt.datetime | None = None,
) -> list[PlannedNote]:
    """The case note ``<cases folder>/<title>.md``, a draft from the case template.
    RefusedNoteError without a role or level the case schema requires (and the template
    does not fill in)."""
    planner = _Planner(vault, now)
    name = clean_name(title, "case title")
    existing = planner.note_of_type(name, "case")
    if existing is not None:
        raise NoteExistsError(existing[0])
    path = planner.path_for("case", name)
    text, source = planner.fill("case", path)
    values: dict[str, PropertyValue] = {}
    if not property_value(text, "type"):
        values["type"] = "case"
    chosen_role = _choice(planner.schemas, "case", "role", role)
    chosen_level = _choice(planner.schemas, "case", "level", level)
    if chosen_role is not None:
        values["role"] = chosen_role
        text = fill_label(text, "Role", chosen_role)
    if chosen_level is not None:
        values["level"] = chosen_level
        text = fill_label(text, "Level", chosen_level)
    if not property_value(text, "status"):
        values["status"] = "draft"
    text = set_properties(text, values)
    return [planner.finish("case", path, text, source, _CASE_OPTIONS)]


def plan_interview(
    vault: Vault,
    candidate: str,
    stage: str,
    *,
    case: str | None = None,
    role: str | None = None,
    level: str | None = None,
    interviewers: Sequence[str] = (),
    date: dt.date | None = None,
    now: dt.datetime | None = None,
    new_person: bool = False,
) -> list[PlannedNote]:
    """An interview log for ``candidate`` at ``stage``, and the candidate's note when the
    vault has none yet (with ``role`` and ``level``).

    RefusedNoteError, unless ``new_person``, for an unknown interviewer or a new candidate
    whose name is close to another's; and for a note without the role, level (or case, at
    stage case) its schema requires (``_Planner.refuse_missing``).

    Role and level come from the arguments, else from the candidate's note, else from the
    case's note. The first interviewer is the log's author (``hiring.interviewer`` in the
    config when none is given) and names the file; each person is listed once, and the log's
    ``notices`` say when two spellings were taken for one (``_Planner.panel``). Scores for the
    stage are written empty (null: not assessed yet); sections the stage does not use are
    left out. ``notes_written`` is left empty: the log is unfinished until the interviewer
    says when their notes were done (``vault-tools finish``), whatever the template fills in.
    """
    planner = _Planner(vault, now)
    chosen_stage = _choice(planner.schemas, "interview", "stage", stage)
    assert chosen_stage is not None
    day = date or planner.now.date()

    panel, merged = planner.panel(interviewers, new_person)
    planned: list[PlannedNote] = []
    found = planner.note_of_type(candidate, "candidate")
    candidate_properties: Mapping[str, Any] = {}
    if found is not None:
        candidate_path, candidate_link = found
        candidate_properties = vault.notes[candidate_path].properties
        candidate_name = candidate_path.rsplit("/", 1)[-1].removesuffix(".md")
    else:
        candidate_name = clean_name(_link_target(candidate), "candidate name")

    case_link: str | None = None
    case_properties: Mapping[str, Any] = {}
    if case is not None:
        if chosen_stage != "case":
            raise NewNoteError(f"a case is linked from case interviews only, not {chosen_stage}")
        found_case = planner.note_of_type(case, "case")
        if found_case is None:
            raise NewNoteError(f"there is no case note called {_link_target(case)!r}")
        case_link = found_case[1]
        case_properties = vault.notes[found_case[0]].properties

    def known(key: str, given: str | None) -> str | None:
        if given is not None:
            return _choice(planner.schemas, "interview", key, given)
        for value in (candidate_properties.get(key), case_properties.get(key)):
            if isinstance(value, str) and value.strip():
                try:  # a value the schema does not allow is not copied: --role gives it
                    return _choice(planner.schemas, "interview", key, value)
                except NewNoteError:
                    continue
        return None

    chosen_role, chosen_level = known("role", role), known("level", level)
    log_name = clean_name(interview_file_name(day, candidate_name, chosen_stage, panel[0]))
    try:
        log_path = planner.path_for("interview", log_name)
    except NoteExistsError as error:
        raise NoteExistsError(
            error.path, "open it to add to it, or give another date or interviewer"
        ) from error
    if found is None:
        # First contact is the interview's day, or today for an interview planned ahead: we
        # are in touch with them from the day this note is written, not from a later day.
        contact = min(day, planner.now.date())
        new_candidate = _candidate(
            planner,
            candidate_name,
            chosen_role,
            chosen_level,
            contact,
            new_person=new_person,
            options=_options_beside_a_log(candidate_name),
        )
        planned.append(new_candidate)
        candidate_link = f"[[{candidate_name}]]"  # no note has this name: it is unique

    text, source = planner.fill("interview", log_path)
    values: dict[str, PropertyValue] = {}
    if not property_value(text, "type"):
        values["type"] = "interview"
    values["candidate"] = candidate_link
    if chosen_role is not None:
        values["role"] = chosen_role
    if chosen_level is not None:
        values["level"] = chosen_level
    values["stage"] = chosen_stage
    values["date"] = day
    values["interviewers"] = panel
    if case_link is not None:
        values["case"] = case_link
    elif chosen_stage != "case" and not property_value(text, "case"):
        values["case"] = REMOVE
    scores = _stage_scores(planner.schemas, chosen_stage)
    values["scores"] = dict.fromkeys(scores) if scores else REMOVE
    if property_value(text, "notes_written"):
        # notes_written is the interviewer's own statement that their notes are finished
        # (`vault-tools finish`): a template's {{date}}T{{time}} would claim it at creation.
        values["notes_written"] = None
    text = set_properties(text, values)
    text = drop_empty_sections(text, _other_stages_sections(planner.schemas, chosen_stage))
    log = planner.finish("interview", log_path, text, source, _INTERVIEW_OPTIONS)
    planned.append(replace(log, notices=merged))
    return planned


def _stage_scores(schemas: SchemaSet, stage: str) -> list[str]:
    """The score keys the interview schema requires at ``stage`` (its ``allOf`` rules)."""
    schema = schemas.get("interview")
    if schema is None:
        return []
    keys: list[str] = []
    for rule in schema.frontmatter.get("allOf", []) or []:
        if not isinstance(rule, dict) or not _applies(rule.get("if"), stage):
            continue
        then = rule.get("then") or {}
        scores = (then.get("properties") or {}).get("scores") or {}
        for key in scores.get("required", []) if isinstance(scores, dict) else []:
            if isinstance(key, str) and key not in keys:
                keys.append(key)
    return keys


def _applies(condition: Any, stage: str) -> bool:
    if not isinstance(condition, dict):
        return False
    wanted = (condition.get("properties") or {}).get("stage")
    if not isinstance(wanted, dict):
        return False
    if "const" in wanted:
        return bool(wanted["const"] == stage)
    enum = wanted.get("enum")
    return isinstance(enum, list) and stage in enum


def _other_stages_sections(schemas: SchemaSet, stage: str) -> list[str]:
    """Headings the interview schema requires for other stages but not for ``stage``."""
    schema = schemas.get("interview")
    if schema is None:
        return []
    mine: set[str] = set()
    others: set[str] = set()
    for rule in schema.body:
        conditions = dict(rule.when)
        if "stage" not in conditions:
            continue
        titles = {section.path[-1] for section in rule.sections}
        (mine if stage in conditions["stage"] else others).update(titles)
    return sorted(others - mine)


def create(vault: Vault, planned: Sequence[PlannedNote]) -> list[WriteOutcome]:
    """Write the planned notes, all or none, each only if no note is there yet.

    NoteExistsError when one exists (checked for all before anything is written); the
    outcomes say created, or refused with the reason (an unsafe path, a full disk) — then
    none of the notes is left behind.
    """
    for note in planned:
        if os.path.lexists(vault.root / note.path):
            raise NoteExistsError(note.path)
    # All or none: a candidate note without its log (a full disk) would be a half result.
    notes = [(note.path, note.text.encode("utf-8")) for note in planned]
    remove_leftover_temporaries(vault.root, [path for path, _ in notes])  # of a killed run
    outcomes = create_notes(vault.root, notes)
    for outcome in outcomes:
        if outcome.status is WriteStatus.CONFLICT:  # it appeared meanwhile: not ours
            raise NoteExistsError(outcome.path)
    return outcomes


@dataclass(frozen=True)
class Created:
    """What :func:`create_and_check` did: each note's write outcome, then what lint still
    finds in the notes it created (the sections and properties left to fill in)."""

    outcomes: list[WriteOutcome]
    left: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.left if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> int:
        return len(self.left) - len(self.errors)


def create_and_check(vault: Vault, planned: Sequence[PlannedNote]) -> Created:
    """:func:`create` the planned notes, then lint the ones created (``vault-tools new``).

    Nothing is linted when a note could not be written, nor when a schema file is broken
    (lint itself says so; the notes were written all the same).
    """
    outcomes = create(vault, planned)
    if any(outcome.failed for outcome in outcomes):
        return Created(outcomes, [])
    created = [outcome.path for outcome in outcomes if outcome.written]
    for path in created:
        vault.update(path)
    try:
        left = lint(vault, paths=created)
    except (VaultToolsError, ValueError):  # (a note the vault does not read: ignored)
        left = []
    return Created(outcomes, list(left))
