"""Note-type schemas: the built-in YAML files in this folder, and the vault's own.

A schema file (``interview.yaml``) has a ``frontmatter`` JSON Schema (draft 2020-12) and
optional ``links``, ``chronology`` and ``body`` sections; the built-in files document the
format in their comments. A vault's schemas folder (``config.schemas_folder``) holds
``<name>.yaml`` files that replace the built-in schema of the same name or add new types.

Schema files are read with the project's YAML 1.2 loader, never PyYAML's YAML 1.1 defaults:
``enum: [strong-no, no, yes, strong-yes]`` must stay four words, not two booleans.

Every problem in a schema file raises :class:`~vault_tools.errors.SchemaError` naming the
file, and the line when known: a broken schema means lint cannot run, not a finding in notes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault_tools.config import Config
from vault_tools.errors import SchemaError
from vault_tools.schema_files import (
    BUILTIN_FOLDER,
    SCHEMA_SUFFIX,
    schema_bytes,
    schema_files,
    schemas_fingerprint,
)
from vault_tools.yaml12 import read_timestamp_text

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

    from vault_tools.schemas.compiled import Predicate
    from vault_tools.schemas.explained import Explain, Failure

__all__ = [
    "BUILTIN_FOLDER",
    "FORMATS",
    "SCHEMA_SUFFIX",
    "SEVERITIES",
    "BodyRule",
    "LinkRule",
    "OrderRule",
    "Schema",
    "SchemaSet",
    "SectionRule",
    "is_date_text",
    "is_date_time_text",
    "is_wikilink_text",
    "iso_text",
    "json_like",
    "load_schemas",
    "normalize_line",
    "parse_schema",
    "schema_files",
    "schemas_fingerprint",
]

SEVERITIES = ("error", "warning")
_TOP_LEVEL_KEYS = frozenset(
    {"description", "frontmatter", "links", "chronology", "past", "body", "unfinished"}
)
_BODY_RULE_KEYS = frozenset({"when", "severity", "sections", "placeholders"})
_SECTION_KEYS = frozenset({"heading", "labels"})

# ---------------------------------------------------------------------------- formats

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_WIKILINK = re.compile(r"!?\[\[[^\[\]\n]+\]\]")


def _real_date(year: str, month: str, day: str) -> bool:
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def is_date_text(text: str) -> bool:
    """``2025-09-02``: a real calendar day written as Obsidian's date properties are."""
    match = _DATE.fullmatch(text.strip())
    return match is not None and _real_date(*match.groups())


def is_date_time_text(text: str) -> bool:
    """``2023-12-04T13:14``: seconds optional (Obsidian writes none), offsets allowed; a
    real moment, as the generated notes read it (no 60th second, no 25-hour offset)."""
    return isinstance(read_timestamp_text(text.strip()), dt.datetime)


def is_wikilink_text(text: str) -> bool:
    """Exactly one ``[[link]]`` (alias and ``#heading`` allowed), nothing around it."""
    return _WIKILINK.fullmatch(text.strip()) is not None


# name -> (check on strings, what the format means, for messages)
FORMATS: Mapping[str, tuple[Any, str]] = {
    "date": (is_date_text, "a date (YYYY-MM-DD)"),
    "date-time": (is_date_time_text, "a date-time (YYYY-MM-DDTHH:MM)"),
    "date-or-date-time": (
        lambda text: is_date_text(text) or is_date_time_text(text),
        "a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)",
    ),
    "wikilink": (is_wikilink_text, 'a link such as "[[Note name]]"'),
}


def _format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, (check, _) in FORMATS.items():

        def conforms(instance: object, check: Any = check) -> bool:
            return not isinstance(instance, str) or bool(check(instance))

        checker.checks(name)(conforms)
    return checker


# ------------------------------------------------------------------- JSON-like values


def json_like(value: Any) -> Any:
    """A property value as JSON Schema sees it.

    Dates and date-times become ISO text, exactly as Obsidian holds them (its YAML parser
    keeps them as strings), so a quoted ``"2025-09-02"`` and a plain one are the same value.
    """
    if isinstance(value, str) or value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, dt.date):
        return iso_text(value)
    if isinstance(value, dict):
        return {str(key): json_like(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_like(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def iso_text(value: dt.date) -> str:
    """``2023-12-04T13:14`` as Obsidian writes it: seconds only when there are some."""
    if isinstance(value, dt.datetime) and not value.second and not value.microsecond:
        return value.isoformat(timespec="minutes")
    return value.isoformat()


# ---------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class SectionRule:
    """A heading that must exist with content, e.g. ``("For Case Holders", "Case Objectives")``."""

    path: tuple[str, ...]
    labels: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return " > ".join(self.path)


@dataclass(frozen=True)
class BodyRule:
    """Required sections and placeholders for notes whose properties match ``when``."""

    when: tuple[tuple[str, tuple[Any, ...]], ...]
    severity: str | None  # a fixed severity, or None when decided by ``severity_by``
    severity_by: tuple[str, Mapping[str, str]] | None
    sections: tuple[SectionRule, ...]
    placeholder_pattern: re.Pattern[str] | None = None
    placeholder_lines: frozenset[str] = frozenset()

    def severity_for(self, properties: Mapping[str, Any]) -> str | None:
        """error/warning when this rule applies to a note with these properties, else None."""
        for key, allowed in self.when:
            if properties.get(key) not in allowed:
                return None
        if self.severity_by is None:
            return self.severity
        key, by_value = self.severity_by
        value = properties.get(key)
        return by_value.get(value) if isinstance(value, str) else None


@dataclass(frozen=True)
class LinkRule:
    """A property whose link must resolve to a note of type ``note_type``."""

    note_type: str | None
    wrong_type: str = "error"


@dataclass(frozen=True)
class OrderRule:
    """Two date properties that must come in order when both are set. ``by_day``: only
    their days must (`by: day`), so that a time on the same day is never out of order.
    ``severity``: VT210's, unless the schema lowers it for this pair (`severity: warning`)."""

    earlier: str
    later: str
    why: str = ""
    by_day: bool = False
    severity: str = "error"


@dataclass(frozen=True)
class UnfinishedRule:
    """A note is unfinished while the property ``while_empty`` is empty: what a finished note
    must have (its sections, and the properties in ``relax``) is asked for as a warning. An
    unfinished note ``overdue_days`` after the day in ``since`` is a warning of its own."""

    while_empty: str
    relax: frozenset[str] = frozenset()
    since: str | None = None
    overdue_days: int | None = None

    def applies(self, properties: Mapping[str, Any]) -> bool:
        value = properties.get(self.while_empty)
        return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Schema:
    """One note type's schema, read from ``source``."""

    name: str
    source: str  # "built-in" or the file's path
    path: Path
    text: str
    description: str
    frontmatter: Mapping[str, Any]
    links: Mapping[str, LinkRule] = field(default_factory=dict)
    chronology: tuple[OrderRule, ...] = ()
    past: tuple[str, ...] = ()  # date properties whose day has come when they are written
    body: tuple[BodyRule, ...] = ()
    unfinished: UnfinishedRule | None = None

    def is_unfinished(self, properties: Mapping[str, Any]) -> bool:
        """Whether a note with these properties is still being written (see ``unfinished``)."""
        return self.unfinished is not None and self.unfinished.applies(properties)

    @property
    def builtin(self) -> bool:
        return self.source == "built-in"

    @cached_property
    def validator(self) -> Validator:
        """Built once per schema and reused: ``jsonschema.validate`` re-checks the schema
        itself on every call, which costs more than validating a note."""
        return _remembering_validator()(dict(self.frontmatter), format_checker=_format_checker())

    @cached_property
    def is_valid(self) -> Predicate | None:
        """Whether an instance is valid, answered without jsonschema (for a valid one, several
        times faster than :attr:`validator`); None when the schema uses a keyword that
        :mod:`~vault_tools.schemas.compiled` does not compile."""
        # Imported here: a run answered from the result cache validates nothing.
        from vault_tools.schemas.compiled import compile_schema

        checks = {name: check for name, (check, _) in FORMATS.items()}
        return compile_schema(self.frontmatter, checks)

    @cached_property
    def explain(self) -> Explain | None:
        """An instance's errors as :attr:`validator` gives them, without jsonschema (see
        :mod:`~vault_tools.schemas.explained`); None when the schema does not compile."""
        from vault_tools.schemas.explained import explainer

        checks = {name: check for name, (check, _) in FORMATS.items()}
        return explainer(self.frontmatter, checks)

    def errors(self, instance: Mapping[str, Any]) -> Iterable[Failure | ValidationError]:
        """Everything the schema finds wrong with ``instance`` (a note's properties as JSON
        Schema sees them), in jsonschema's order: jsonschema is imported only for a schema
        that does not compile."""
        explain = self.explain
        if explain is not None:
            return explain(instance)
        return self.validator.iter_errors(instance)


def _remembering_validator() -> type[Validator]:
    """Draft 2020-12, remembering which property values a ``properties`` subschema accepts.

    Most values recur across a vault's notes (a stage, a level, a scores mapping), and a
    value's subschema errors depend on nothing but the value and the subschema: a value
    found valid once is not descended into again. Invalid values are always descended into,
    so every error is reported exactly as by the plain validator. One memo per validator
    class, which belongs to one schema.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    valid: set[tuple[int, Any]] = set()
    keep: dict[int, Any] = {}  # the subschemas whose id() the memo holds stay alive with it

    def properties(validator: Any, properties: Any, instance: Any, schema: Any) -> Any:
        if not validator.is_type(instance, "object"):
            return
        for name, subschema in properties.items():
            if name not in instance:
                continue
            value = instance[name]
            key = (id(subschema), _frozen(value))
            if key in valid:
                continue
            errors = list(validator.descend(value, subschema, path=name, schema_path=name))
            if errors:
                yield from errors
            else:
                if len(valid) < _MEMO_LIMIT:
                    valid.add(key)
                    keep[id(subschema)] = subschema

    conditions: dict[tuple[int, Any], bool] = {}

    def if_(validator: Any, if_schema: Any, instance: Any, schema: Any) -> Any:
        # An `if` made of `required` and `properties` only depends on the values (and the
        # presence) of the keys it names: its answer is remembered by those.
        keys = _condition_keys(if_schema) if isinstance(instance, dict) else None
        key = None
        if keys is not None:
            key = (
                id(if_schema),
                tuple((name in instance, _frozen(instance.get(name))) for name in keys),
            )
        holds = conditions.get(key) if key is not None else None
        if holds is None:
            holds = bool(validator.evolve(schema=if_schema).is_valid(instance))
            if key is not None and len(conditions) < _MEMO_LIMIT:
                conditions[key] = holds
                keep[id(if_schema)] = if_schema
        if holds:
            if "then" in schema:
                yield from validator.descend(instance, schema["then"], schema_path="then")
        elif "else" in schema:
            yield from validator.descend(instance, schema["else"], schema_path="else")

    remembering: type[Validator] = extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"properties": properties, "if": if_}
    )
    return remembering


_MEMO_LIMIT = 100_000


def _condition_keys(if_schema: Any) -> tuple[str, ...] | None:
    """The keys an ``if`` of only ``required`` and ``properties`` reads, else None."""
    if not isinstance(if_schema, Mapping) or not set(if_schema) <= {"required", "properties"}:
        return None
    required = if_schema.get("required", [])
    named = if_schema.get("properties", {})
    if not isinstance(required, list) or not isinstance(named, Mapping):
        return None
    if not all(isinstance(name, str) for name in [*required, *named]):
        return None
    return tuple(dict.fromkeys([*required, *named]))


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a JSON-like value; equal only for values of the same types
    (``True``, ``1`` and ``1.0`` stay apart, as JSON Schema's ``type`` tells them apart)."""
    if isinstance(value, dict):
        return (dict, tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list):
        return (list, tuple(_frozen(item) for item in value))
    return (type(value), value)


@dataclass(frozen=True)
class SchemaSet:
    """The schemas in force for one vault, by name (= note type)."""

    schemas: Mapping[str, Schema]
    fingerprint: str

    def get(self, name: str | None) -> Schema | None:
        return self.schemas.get(name) if name else None

    def __iter__(self) -> Iterator[Schema]:
        return iter(self.schemas[name] for name in sorted(self.schemas))

    def __len__(self) -> int:
        return len(self.schemas)


def load_schemas(config: Config) -> SchemaSet:
    """Every schema in force for the vault. Raises SchemaError for a file that cannot be used."""
    digest = hashlib.sha256()
    schemas: dict[str, Schema] = {}
    for name, path, builtin in schema_files(config):
        data = schema_bytes(config, path, builtin)
        digest.update(f"{name}\0{builtin}\0".encode())
        digest.update(data)
        schemas[name] = parse_schema(name, path, data, builtin=builtin)
    return SchemaSet(schemas, digest.hexdigest()[:16])


def parse_schema(name: str, path: Path, data: bytes, *, builtin: bool = False) -> Schema:
    """Read and check one schema file's bytes."""
    where = f"{path}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SchemaError(f"{where}: not UTF-8 text ({error.reason})") from error
    if not text.strip():
        # As `schema show NAME > FILE` leaves it when it reads the file it writes into.
        raise SchemaError(
            f"{where}: the schema file is empty; delete it, or write the built-in schema "
            f"into it: vault-tools schema show {name} --builtin > {where}"
        )
    from vault_tools.yaml12 import load_mapping  # not for the fingerprint, which lint's cache needs

    loaded = load_mapping(text.replace("\r\n", "\n"), 1)
    for problem in loaded.problems:
        raise SchemaError(f"{where}:{problem.line}: {problem.message}")
    if loaded.values is None:
        raise SchemaError(f"{where}: a schema file must be a YAML mapping")
    raw = loaded.values

    def fail(message: str, *key_path: str | int) -> SchemaError:
        position = loaded.value_positions.get(tuple(key_path)) if key_path else None
        line = f":{position[0]}" if position else ""
        return SchemaError(f"{where}{line}: {message}")

    unknown = sorted(set(raw) - _TOP_LEVEL_KEYS)
    if unknown:
        raise fail(
            f"unknown section(s) {', '.join(unknown)}; "
            f"a schema has {', '.join(sorted(_TOP_LEVEL_KEYS))}",
            unknown[0],
        )
    frontmatter = json_like(raw.get("frontmatter"))
    if not isinstance(frontmatter, dict):
        raise fail("'frontmatter' must be a JSON Schema (a mapping), e.g. {type: object}")
    if not builtin:  # the built-in ones are checked by the tests, not on every run (~50 ms)
        _check_json_schema(frontmatter, fail)

    description = raw.get("description") or ""
    if not isinstance(description, str):
        raise fail("'description' must be text", "description")

    return Schema(
        name=name,
        source="built-in" if builtin else str(path),
        path=path,
        text=text,
        description=" ".join(description.split()),
        frontmatter=frontmatter,
        links=_parse_links(raw.get("links"), fail),
        chronology=_parse_chronology(raw.get("chronology"), fail),
        past=_parse_past(raw.get("past"), fail),
        body=_parse_body(raw.get("body"), fail),
        unfinished=_parse_unfinished(raw.get("unfinished"), fail),
    )


def _check_json_schema(frontmatter: dict[str, Any], fail: Any) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError as JsonSchemaError

    try:
        Draft202012Validator.check_schema(frontmatter)
    except JsonSchemaError as error:
        pointer = "/".join(str(part) for part in error.absolute_path)
        place = f" at frontmatter/{pointer}" if pointer else ""
        raise fail(
            f"'frontmatter' is not a valid JSON Schema{place}: {error.message}",
            "frontmatter",
            *error.absolute_path,
        ) from None
    for location, format_name in _formats_used(frontmatter, ("frontmatter",)):
        if format_name not in FORMATS:
            raise fail(
                f"unknown format {format_name!r}; vault-tools knows {', '.join(sorted(FORMATS))}",
                *location,
            )


def _formats_used(
    schema: Any, location: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "format" and isinstance(value, str):
                yield (*location, key), value
            elif key not in ("enum", "const", "examples", "default"):
                yield from _formats_used(value, (*location, key))
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from _formats_used(item, (*location, index))


def _severity(value: Any, fail: Any, *location: str | int) -> str:
    if value not in SEVERITIES:
        raise fail(f"severity must be error or warning, not {value!r}", *location)
    return str(value)


def _parse_links(raw: Any, fail: Any) -> dict[str, LinkRule]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail("'links' must map property names to {note_type: ..., wrong_type: ...}", "links")
    rules: dict[str, LinkRule] = {}
    for key, spec in raw.items():
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"note_type", "wrong_type"}:
            raise fail(f"links.{key} must be a mapping with note_type and wrong_type", "links", key)
        note_type = spec.get("note_type")
        if note_type is not None and not isinstance(note_type, str):
            raise fail(f"links.{key}.note_type must be a type name", "links", key)
        wrong_type = _severity(spec.get("wrong_type", "error"), fail, "links", key)
        rules[key] = LinkRule(note_type, wrong_type)
    return rules


def _parse_chronology(raw: Any, fail: Any) -> tuple[OrderRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise fail("'chronology' must be a list of {earlier: ..., later: ...}", "chronology")
    rules = []
    for index, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("earlier"), str)
            or not isinstance(item.get("later"), str)
            or set(item) - {"earlier", "later", "why", "by", "severity"}
            or item.get("by", "time") not in ("time", "day")
        ):
            raise fail(
                "each chronology entry needs 'earlier' and 'later' property names "
                "(and an optional 'why', 'by: day' or 'by: time', and 'severity')",
                "chronology",
                index,
            )
        rules.append(
            OrderRule(
                item["earlier"],
                item["later"],
                str(item.get("why") or ""),
                by_day=item.get("by") == "day",
                severity=_severity(item.get("severity", "error"), fail, "chronology", index),
            )
        )
    return tuple(rules)


def _parse_past(raw: Any, fail: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) and item for item in raw):
        raise fail("'past' must be a list of date property names", "past")
    return tuple(raw)


def _parse_unfinished(raw: Any, fail: Any) -> UnfinishedRule | None:
    if raw is None:
        return None
    shape = (
        "'unfinished' must be a mapping: while_empty (a property name), and optional relax "
        "(property names), since (a date property) and overdue_days (a whole number)"
    )
    if not isinstance(raw, dict) or set(raw) - {"while_empty", "relax", "since", "overdue_days"}:
        raise fail(shape, "unfinished")
    while_empty, relax = raw.get("while_empty"), raw.get("relax") or []
    since, days = raw.get("since"), raw.get("overdue_days")
    if not isinstance(while_empty, str) or not while_empty:
        raise fail(shape, "unfinished")
    if not isinstance(relax, list) or not all(isinstance(key, str) for key in relax):
        raise fail(shape, "unfinished", "relax")
    if since is not None and not isinstance(since, str):
        raise fail(shape, "unfinished", "since")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise fail(shape, "unfinished", "overdue_days")
    return UnfinishedRule(while_empty, frozenset(relax), since, days)


def _parse_body(raw: Any, fail: Any) -> tuple[BodyRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise fail("'body' must be a list of rules (when, severity, sections)", "body")
    return tuple(_parse_body_rule(item, index, fail) for index, item in enumerate(raw))


def _parse_body_rule(item: Any, index: int, fail: Any) -> BodyRule:
    where = ("body", index)
    if not isinstance(item, dict):
        raise fail("each body rule must be a mapping (when, severity, sections)", *where)
    unknown = sorted(set(item) - _BODY_RULE_KEYS)
    if unknown:
        raise fail(f"unknown key(s) in body rule: {', '.join(unknown)}", *where, unknown[0])

    when_raw = item.get("when") or {}
    if not isinstance(when_raw, dict):
        raise fail("'when' must map property names to a value or a list of values", *where)
    when = tuple(
        (str(key), tuple(value) if isinstance(value, list) else (value,))
        for key, value in when_raw.items()
    )

    severity_raw = item.get("severity", "error")
    severity: str | None = None
    severity_by: tuple[str, Mapping[str, str]] | None = None
    if isinstance(severity_raw, dict):
        if len(severity_raw) != 1 or not isinstance(next(iter(severity_raw.values())), dict):
            raise fail(
                "'severity' is error, warning, or {property: {value: error|warning}}",
                *where,
                "severity",
            )
        key, by_value = next(iter(severity_raw.items()))
        severity_by = (
            str(key),
            {
                str(value): _severity(level, fail, *where, "severity", key, value)
                for value, level in by_value.items()
            },
        )
    else:
        severity = _severity(severity_raw, fail, *where, "severity")

    sections_raw = item.get("sections") or []
    if not isinstance(sections_raw, list):
        raise fail("'sections' must be a list of headings", *where, "sections")
    sections = tuple(
        _parse_section(entry, fail, *where, "sections", position)
        for position, entry in enumerate(sections_raw)
    )

    pattern: re.Pattern[str] | None = None
    lines: frozenset[str] = frozenset()
    placeholders = item.get("placeholders")
    if placeholders is not None:
        if not isinstance(placeholders, dict) or set(placeholders) - {"pattern", "lines"}:
            raise fail("'placeholders' has 'pattern' and 'lines'", *where, "placeholders")
        if placeholders.get("pattern") is not None:
            try:
                pattern = re.compile(str(placeholders["pattern"]))
            except re.error as error:
                raise fail(
                    f"placeholders.pattern is not a valid regular expression: {error}",
                    *where,
                    "placeholders",
                    "pattern",
                ) from error
        raw_lines = placeholders.get("lines") or []
        if not isinstance(raw_lines, list):
            raise fail("placeholders.lines must be a list of lines", *where, "placeholders")
        lines = frozenset(normalize_line(str(line)) for line in raw_lines)
    return BodyRule(when, severity, severity_by, sections, pattern, lines)


def _parse_section(entry: Any, fail: Any, *where: str | int) -> SectionRule:
    labels: Any
    if isinstance(entry, str):
        heading, labels = entry, []
    elif isinstance(entry, dict) and isinstance(entry.get("heading"), str):
        unknown = sorted(set(entry) - _SECTION_KEYS)
        if unknown:
            raise fail(f"unknown key(s) in section: {', '.join(unknown)}", *where)
        heading, labels = entry["heading"], entry.get("labels") or []
        if not isinstance(labels, list):
            raise fail("'labels' must be a list", *where, "labels")
    else:
        raise fail("a section is a heading, or {heading: ..., labels: [...]}", *where)
    path = tuple(part.strip() for part in heading.split(">") if part.strip())
    if not path:
        raise fail("a section needs a heading", *where)
    return SectionRule(path, tuple(str(label).strip() for label in labels))


def normalize_line(line: str) -> str:
    """A line compared with template lines: surrounding and repeated spaces ignored."""
    return " ".join(line.split())
