"""A schema's JSON Schema compiled to one plain predicate: is this instance valid?

Asking jsonschema about a valid note, which most typed notes are, costs about a third of
checking them: every keyword goes through its generic machinery. A schema made of the
keywords below compiles to nested closures that answer the same question exactly, as draft
2020-12 defines it and jsonschema implements it; only an instance they find invalid is
explained, by :mod:`~vault_tools.schemas.explained` (jsonschema's errors, without
jsonschema). A schema using any other keyword (``pattern``, ``additionalProperties``, remote
or anchored ``$ref``...) is not compiled: jsonschema checks and explains every note of that
type.

Each predicate is exact, not merely cautious: ``if`` picks ``then`` or ``else`` by one.
A test holds them equal to jsonschema's ``is_valid`` on generated schemas and instances.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["Predicate", "compile_schema", "equal"]

Predicate = Callable[[Any], bool]

# Keywords that only annotate: jsonschema reads nothing of them when validating.
_ANNOTATIONS = frozenset(
    {"description", "title", "$comment", "examples", "default", "deprecated", "readOnly"}
    | {"writeOnly", "$defs", "definitions"}
)


class _NotCompiled(Exception):
    """The schema uses something this module does not compile."""


def compile_schema(schema: Mapping[str, Any], formats: Mapping[str, Predicate]) -> Predicate | None:
    """A predicate equal to draft 2020-12 validity for ``schema``, or None when it uses a
    keyword not compiled here. ``formats``: the format checks in force, by name (a string
    must pass its format's; other values pass every format, as with jsonschema's
    ``FormatChecker``); a format not named there checks nothing."""
    try:
        return _Compiler(schema, formats).compile(schema)
    except (_NotCompiled, RecursionError):
        return None


def _always(instance: Any) -> bool:
    return True


# Plain loops, not all()/any() over a generator: these run for every value of every typed
# note, and a generator per call costs more than the checks themselves.


def _all_of(checks: tuple[Predicate, ...]) -> Predicate:
    def all_of(instance: Any) -> bool:
        for check in checks:  # noqa: SIM110 (see above)
            if not check(instance):
                return False
        return True

    return all_of


def _any_of(checks: tuple[Predicate, ...]) -> Predicate:
    def any_of(instance: Any) -> bool:
        for check in checks:  # noqa: SIM110 (see above)
            if check(instance):
                return True
        return False

    return any_of


def _is_string(instance: Any) -> bool:
    return isinstance(instance, str)


def _is_integer(instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    return isinstance(instance, float) and instance.is_integer()


def _is_number(instance: Any) -> bool:
    return not isinstance(instance, bool) and isinstance(instance, numbers.Number)


def _is_boolean(instance: Any) -> bool:
    return isinstance(instance, bool)


def _is_null(instance: Any) -> bool:
    return instance is None


def _is_array(instance: Any) -> bool:
    return isinstance(instance, list)


def _is_object(instance: Any) -> bool:
    return isinstance(instance, dict)


_TYPES: Mapping[str, Predicate] = {
    "string": _is_string,
    "integer": _is_integer,
    "number": _is_number,
    "boolean": _is_boolean,
    "null": _is_null,
    "array": _is_array,
    "object": _is_object,
}


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's ``enum`` and ``const`` use it: ``True`` is not ``1``,
    ``1`` is ``1.0``, lists and mappings compare item by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and equal(value, two[key]) for key, value in one.items()
        )
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # not the same object (above), so not the same boolean
    return bool(one == two)


class _Compiler:
    def __init__(self, root: Mapping[str, Any], formats: Mapping[str, Predicate]) -> None:
        self.root = root
        self.formats = formats
        self.references: dict[str, Predicate] = {}
        self.compiling: set[str] = set()

    def compile(self, schema: Any) -> Predicate:
        if schema is True:
            return _always
        if not isinstance(schema, Mapping):
            raise _NotCompiled  # `false`, or not a schema at all
        checks: list[Predicate] = []
        for keyword, value in schema.items():
            if keyword in _ANNOTATIONS or keyword in ("then", "else"):
                continue  # `then` and `else` belong to `if`, and mean nothing without it
            make = _KEYWORDS.get(keyword)
            if make is None:
                raise _NotCompiled(keyword)
            checks.append(make(self, value, schema))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return _all_of(tuple(checks))

    # One method a keyword: (its value, the schema holding it) -> predicate.

    def keyword_type(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(name in _TYPES for name in names):
            raise _NotCompiled("type")
        if len(names) == 1:
            return _TYPES[names[0]]
        return _any_of(tuple(_TYPES[name] for name in names))

    def keyword_enum(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        if not isinstance(value, list):
            raise _NotCompiled("enum")
        allowed = tuple(value)
        texts = frozenset(item for item in allowed if isinstance(item, str))

        def enum(instance: Any) -> bool:
            if isinstance(instance, str):
                return instance in texts
            return any(equal(item, instance) for item in allowed)

        return enum

    def keyword_const(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        return lambda instance: equal(instance, value)

    def keyword_format(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        check = self.formats.get(value) if isinstance(value, str) else None
        if check is None:
            return _always
        return lambda instance: not isinstance(instance, str) or bool(check(instance))

    def _bound(self, value: Any, keyword: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _NotCompiled(keyword)
        return value

    def keyword_minimum(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        low = self._bound(value, "minimum")
        return lambda instance: not _is_number(instance) or not instance < low

    def keyword_maximum(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        high = self._bound(value, "maximum")
        return lambda instance: not _is_number(instance) or not instance > high

    def keyword_exclusive_minimum(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        low = self._bound(value, "exclusiveMinimum")
        return lambda instance: not _is_number(instance) or not instance <= low

    def keyword_exclusive_maximum(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        high = self._bound(value, "exclusiveMaximum")
        return lambda instance: not _is_number(instance) or not instance >= high

    def _count(self, value: Any, keyword: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _NotCompiled(keyword)
        return value

    def keyword_min_length(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        least = self._count(value, "minLength")
        return lambda instance: not isinstance(instance, str) or len(instance) >= least

    def keyword_max_length(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        most = self._count(value, "maxLength")
        return lambda instance: not isinstance(instance, str) or len(instance) <= most

    def keyword_min_items(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        least = self._count(value, "minItems")
        return lambda instance: not isinstance(instance, list) or len(instance) >= least

    def keyword_max_items(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        most = self._count(value, "maxItems")
        return lambda instance: not isinstance(instance, list) or len(instance) <= most

    def keyword_required(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        if not isinstance(value, list):
            raise _NotCompiled("required")
        names = tuple(value)

        def required(instance: Any) -> bool:
            if isinstance(instance, dict):
                for name in names:
                    if name not in instance:
                        return False
            return True

        return required

    def keyword_properties(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        if not isinstance(value, Mapping):
            raise _NotCompiled("properties")
        checks = tuple((name, self.compile(subschema)) for name, subschema in value.items())

        def properties(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for name, check in checks:
                if name in instance and not check(instance[name]):
                    return False
            return True

        return properties

    def keyword_items(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        if "prefixItems" in schema:
            raise _NotCompiled("prefixItems")
        check = self.compile(value)

        def items(instance: Any) -> bool:
            if isinstance(instance, list):
                for item in instance:
                    if not check(item):
                        return False
            return True

        return items

    def _subschemas(self, value: Any, keyword: str) -> tuple[Predicate, ...]:
        if not isinstance(value, list) or not value:
            raise _NotCompiled(keyword)
        return tuple(self.compile(subschema) for subschema in value)

    def keyword_all_of(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        return _all_of(self._subschemas(value, "allOf"))

    def keyword_any_of(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        return _any_of(self._subschemas(value, "anyOf"))

    def keyword_one_of(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        checks = self._subschemas(value, "oneOf")
        return lambda instance: sum(1 for check in checks if check(instance)) == 1

    def keyword_not(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        check = self.compile(value)
        return lambda instance: not check(instance)

    def keyword_if(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        condition = self.compile(value)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda instance: then(instance) if condition(instance) else otherwise(instance)

    def keyword_ref(self, value: Any, schema: Mapping[str, Any]) -> Predicate:
        """Only ``#/$defs/name`` (or ``#/definitions/name``): a subschema of this schema."""
        if not isinstance(value, str):
            raise _NotCompiled("$ref")
        folder, _, name = value.removeprefix("#/").partition("/")
        if not value.startswith("#/") or folder not in ("$defs", "definitions"):
            raise _NotCompiled("$ref")
        if not name or "/" in name or "~" in name or "%" in name:
            raise _NotCompiled("$ref")
        if value in self.references:
            return self.references[value]
        if value in self.compiling:
            raise _NotCompiled("$ref")  # refers to itself
        definitions = self.root.get(folder)
        if not isinstance(definitions, Mapping) or name not in definitions:
            raise _NotCompiled("$ref")  # jsonschema raises for it: let it
        self.compiling.add(value)
        check = self.references[value] = self.compile(definitions[name])
        self.compiling.discard(value)
        return check


# The keywords compiled, each by its method: (compiler, value, schema holding it) -> predicate.
_KEYWORDS: Mapping[str, Callable[[_Compiler, Any, Mapping[str, Any]], Predicate]] = {
    "type": _Compiler.keyword_type,
    "enum": _Compiler.keyword_enum,
    "const": _Compiler.keyword_const,
    "format": _Compiler.keyword_format,
    "minimum": _Compiler.keyword_minimum,
    "maximum": _Compiler.keyword_maximum,
    "exclusiveMinimum": _Compiler.keyword_exclusive_minimum,
    "exclusiveMaximum": _Compiler.keyword_exclusive_maximum,
    "minLength": _Compiler.keyword_min_length,
    "maxLength": _Compiler.keyword_max_length,
    "minItems": _Compiler.keyword_min_items,
    "maxItems": _Compiler.keyword_max_items,
    "required": _Compiler.keyword_required,
    "properties": _Compiler.keyword_properties,
    "items": _Compiler.keyword_items,
    "allOf": _Compiler.keyword_all_of,
    "anyOf": _Compiler.keyword_any_of,
    "oneOf": _Compiler.keyword_one_of,
    "not": _Compiler.keyword_not,
    "if": _Compiler.keyword_if,
    "$ref": _Compiler.keyword_ref,
}
