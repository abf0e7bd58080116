"""Why an instance fails a compiled schema, in the very errors jsonschema would give.

A typed note that its schema's compiled predicate (:mod:`~vault_tools.schemas.compiled`) finds
invalid used to be handed to jsonschema for the errors that :mod:`vault_tools.rules.schema`
turns into findings. Importing jsonschema costs ~45 ms, in every process of a lint run that
meets one invalid note, more than explaining all of them. For a schema that compiles (the
keywords compiled there, nothing else), :func:`explainer` gives the same errors in the same
order, each with what the findings read of a ``jsonschema.ValidationError``: ``message``,
``validator`` (the keyword), ``validator_value``, ``instance``, ``schema`` (the subschema
holding the keyword), ``absolute_path`` and ``schema_path``. It follows jsonschema's own
keyword functions and its ``iter_errors`` and ``descend`` step by step (draft 2020-12, the
formats vault-tools knows). A test holds the two equal on generated schemas and instances.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from vault_tools.schemas.compiled import (
    _TYPES,
    Predicate,
    _Compiler,
    _is_number,
    compile_schema,
    equal,
)

__all__ = ["Failure", "explainer"]

_UNSET: Any = object()


class Failure:
    """One error, as ``jsonschema.exceptions.ValidationError`` reports it (the attributes
    vault-tools reads)."""

    __slots__ = (
        "context",
        "instance",
        "message",
        "path",
        "schema",
        "schema_path",
        "validator",
        "validator_value",
    )

    def __init__(self, message: str, context: list[Failure] | None = None) -> None:
        self.message = message
        self.context = context or []
        self.validator: Any = _UNSET
        self.validator_value: Any = _UNSET
        self.instance: Any = _UNSET
        self.schema: Any = _UNSET
        self.path: deque[str | int] = deque()
        self.schema_path: deque[str | int] = deque()

    @property
    def absolute_path(self) -> deque[str | int]:
        """The path from the instance's root (a Failure has no parent error)."""
        return self.path

    def __repr__(self) -> str:
        return f"<Failure {self.validator}: {self.message}>"


Explain = Callable[[Any], list[Failure]]


def explainer(schema: Mapping[str, Any], formats: Mapping[str, Predicate]) -> Explain | None:
    """The errors of an instance against ``schema``, as jsonschema's ``iter_errors`` gives
    them; None when the schema does not compile (jsonschema must then explain)."""
    if compile_schema(schema, formats) is None:
        return None
    explaining = _Explaining(schema, formats, _Compiler(schema, formats))
    return lambda instance: list(explaining.descend(instance, schema))


class _Explaining:
    def __init__(
        self, root: Mapping[str, Any], formats: Mapping[str, Predicate], compiler: _Compiler
    ) -> None:
        self.root = root
        self.formats = formats
        self.compiler = compiler
        self.predicates: dict[int, tuple[Any, Predicate]] = {}

    def is_valid(self, schema: Any, instance: Any) -> bool:
        known = self.predicates.get(id(schema))
        if known is None:
            known = self.predicates[id(schema)] = (schema, self.compiler.compile(schema))
        return known[1](instance)

    def descend(
        self,
        instance: Any,
        schema: Any,
        path: str | int | None = None,
        schema_path: str | int | None = None,
    ) -> Iterator[Failure]:
        if schema is True:
            return
        for keyword, value in schema.items():
            step = _STEPS.get(keyword)
            if step is None:
                continue
            for error in step(self, value, instance, schema):
                if error.validator is _UNSET:
                    error.validator = keyword
                if error.validator_value is _UNSET:
                    error.validator_value = value
                if error.instance is _UNSET:
                    error.instance = instance
                if error.schema is _UNSET:
                    error.schema = schema
                if keyword != "if" and keyword != "$ref":
                    error.schema_path.appendleft(keyword)
                if path is not None:
                    error.path.appendleft(path)
                if schema_path is not None:
                    error.schema_path.appendleft(schema_path)
                yield error


# One function a keyword, each as jsonschema's (jsonschema/_keywords.py) for the values that
# compile: (explaining, the keyword's value, the instance, the schema holding it) -> errors.
Step = Callable[[_Explaining, Any, Any, Mapping[str, Any]], Iterator[Failure]]


def _type(explaining: _Explaining, types: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    names = [types] if isinstance(types, str) else types
    if not any(_TYPES[name](instance) for name in names):
        reprs = ", ".join(repr(name) for name in names)
        yield Failure(f"{instance!r} is not of type {reprs}")


def _enum(explaining: _Explaining, enums: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if all(not equal(each, instance) for each in enums):
        yield Failure(f"{instance!r} is not one of {enums!r}")


def _const(explaining: _Explaining, const: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if not equal(instance, const):
        yield Failure(f"{const!r} was expected")


def _format(explaining: _Explaining, name: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    check = explaining.formats.get(name) if isinstance(name, str) else None
    if check is not None and isinstance(instance, str) and not check(instance):
        yield Failure(f"{instance!r} is not a {name!r}")


def _minimum(explaining: _Explaining, low: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if _is_number(instance) and instance < low:
        yield Failure(f"{instance!r} is less than the minimum of {low!r}")


def _maximum(explaining: _Explaining, high: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if _is_number(instance) and instance > high:
        yield Failure(f"{instance!r} is greater than the maximum of {high!r}")


def _exclusive_minimum(
    explaining: _Explaining, low: Any, instance: Any, schema: Any
) -> Iterator[Failure]:
    if _is_number(instance) and instance <= low:
        yield Failure(f"{instance!r} is less than or equal to the minimum of {low!r}")


def _exclusive_maximum(
    explaining: _Explaining, high: Any, instance: Any, schema: Any
) -> Iterator[Failure]:
    if _is_number(instance) and instance >= high:
        yield Failure(f"{instance!r} is greater than or equal to the maximum of {high!r}")


def _too_short(instance: Any, least: int) -> Iterator[Failure]:
    yield Failure(f"{instance!r} {'should be non-empty' if least == 1 else 'is too short'}")


def _too_long(instance: Any, most: int) -> Iterator[Failure]:
    yield Failure(f"{instance!r} {'is expected to be empty' if most == 0 else 'is too long'}")


def _min_length(
    explaining: _Explaining, least: Any, instance: Any, schema: Any
) -> Iterator[Failure]:
    if isinstance(instance, str) and len(instance) < least:
        yield from _too_short(instance, least)


def _max_length(
    explaining: _Explaining, most: Any, instance: Any, schema: Any
) -> Iterator[Failure]:
    if isinstance(instance, str) and len(instance) > most:
        yield from _too_long(instance, most)


def _min_items(
    explaining: _Explaining, least: Any, instance: Any, schema: Any
) -> Iterator[Failure]:
    if isinstance(instance, list) and len(instance) < least:
        yield from _too_short(instance, least)


def _max_items(explaining: _Explaining, most: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if isinstance(instance, list) and len(instance) > most:
        yield from _too_long(instance, most)


def _required(explaining: _Explaining, names: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if isinstance(instance, dict):
        for name in names:
            if name not in instance:
                yield Failure(f"{name!r} is a required property")


def _properties(
    explaining: _Explaining, properties: Any, instance: Any, schema: Any
) -> Iterator[Failure]:
    if isinstance(instance, dict):
        for name, subschema in properties.items():
            if name in instance:
                yield from explaining.descend(instance[name], subschema, name, name)


def _items(explaining: _Explaining, items: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if isinstance(instance, list):  # (no prefixItems: such a schema does not compile)
        for index, item in enumerate(instance):
            yield from explaining.descend(item, items, index)


def _all_of(explaining: _Explaining, schemas: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    for index, subschema in enumerate(schemas):
        yield from explaining.descend(instance, subschema, schema_path=index)


def _any_of(explaining: _Explaining, schemas: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    all_errors: list[Failure] = []
    for index, subschema in enumerate(schemas):
        errors = list(explaining.descend(instance, subschema, schema_path=index))
        if not errors:
            return
        all_errors.extend(errors)
    yield Failure(f"{instance!r} is not valid under any of the given schemas", all_errors)


def _one_of(explaining: _Explaining, schemas: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    subschemas = enumerate(schemas)
    all_errors: list[Failure] = []
    first_valid: Any = None
    for index, subschema in subschemas:
        errors = list(explaining.descend(instance, subschema, schema_path=index))
        if not errors:
            first_valid = subschema
            break
        all_errors.extend(errors)
    else:
        yield Failure(f"{instance!r} is not valid under any of the given schemas", all_errors)
    more_valid = [each for _, each in subschemas if explaining.is_valid(each, instance)]
    if more_valid:
        more_valid.append(first_valid)
        reprs = ", ".join(repr(each) for each in more_valid)
        yield Failure(f"{instance!r} is valid under each of {reprs}")


def _not(explaining: _Explaining, not_schema: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if explaining.is_valid(not_schema, instance):
        yield Failure(f"{instance!r} should not be valid under {not_schema!r}")


def _if(explaining: _Explaining, if_schema: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    if explaining.is_valid(if_schema, instance):
        if "then" in schema:
            yield from explaining.descend(instance, schema["then"], schema_path="then")
    elif "else" in schema:
        yield from explaining.descend(instance, schema["else"], schema_path="else")


def _ref(explaining: _Explaining, reference: Any, instance: Any, schema: Any) -> Iterator[Failure]:
    # Only `#/$defs/name` or `#/definitions/name` compile: a subschema of the root.
    folder, _, name = reference.removeprefix("#/").partition("/")
    yield from explaining.descend(instance, explaining.root[folder][name])


_STEPS: Mapping[str, Step] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "format": _format,
    "minimum": _minimum,
    "maximum": _maximum,
    "exclusiveMinimum": _exclusive_minimum,
    "exclusiveMaximum": _exclusive_maximum,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minItems": _min_items,
    "maxItems": _max_items,
    "required": _required,
    "properties": _properties,
    "items": _items,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
    "$ref": _ref,
}
