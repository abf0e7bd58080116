"""The compiled validity predicate answers exactly as jsonschema does, or is not made at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError as JsonSchemaError

from vault_tools.config import Config
from vault_tools.schemas import FORMATS, _format_checker, load_schemas
from vault_tools.schemas.compiled import Predicate, compile_schema

CHECKS: dict[str, Predicate] = {name: check for name, (check, _) in FORMATS.items()}


def jsonschema_says(schema: Any, instance: Any) -> bool:
    return bool(Draft202012Validator(schema, format_checker=_format_checker()).is_valid(instance))


def compiled(schema: Any) -> Predicate:
    predicate = compile_schema(schema, CHECKS)
    assert predicate is not None
    return predicate


SCORE = {"type": ["integer", "null"], "minimum": 1, "maximum": 4}


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        ({"enum": [1, 2]}, True),  # True is not 1
        ({"enum": [True]}, 1),
        ({"enum": [1]}, 1.0),  # but 1.0 is 1
        ({"enum": ["a", 1]}, "1"),
        ({"enum": [[1, "a"]]}, [1, "a"]),
        ({"enum": [[1, "a"]]}, [True, "a"]),
        ({"enum": [{"a": 1}]}, {"a": 1}),
        ({"enum": [{"a": 1}]}, {"a": 1, "b": 2}),
        ({"const": False}, 0),
        ({"const": None}, None),
        ({"type": "integer"}, 2.0),  # a float with no fraction is an integer
        ({"type": "integer"}, 2.5),
        ({"type": "integer"}, False),
        ({"type": "number"}, True),
        ({"type": ["string", "null"]}, None),
        ({"type": "array"}, (1, 2)),
        (SCORE, 5),
        (SCORE, 4),
        (SCORE, None),
        (SCORE, "3"),
        ({"exclusiveMinimum": 1, "exclusiveMaximum": 3}, 1),
        ({"exclusiveMinimum": 1, "exclusiveMaximum": 3}, 2.5),
        ({"minLength": 1}, ""),
        ({"minLength": 1}, []),  # applies to text only
        ({"maxItems": 1, "minItems": 1}, [1, 2]),
        ({"required": ["a"]}, {"b": 1}),
        ({"required": ["a"]}, ["a"]),
        ({"format": "date"}, "2025-02-30"),
        ({"format": "date"}, 20250230),  # formats apply to text only
        ({"format": "wikilink"}, "[[Note]]"),
        ({"format": "email"}, "not an email"),  # a format vault-tools does not know
        ({"properties": {"a": {"type": "string"}}}, {"a": 1}),
        ({"properties": {"a": {"type": "string"}}}, {"b": 1}),
        ({"items": {"type": "string", "minLength": 1}}, ["x", ""]),
        ({"allOf": [{"minimum": 1}, {"maximum": 2}]}, 3),
        ({"anyOf": [{"type": "string"}, {"minimum": 1}]}, 0),
        ({"oneOf": [{"minimum": 1}, {"maximum": 2}]}, 1.5),
        ({"not": {"type": "null"}}, None),
        ({"if": {"required": ["a"]}, "then": {"required": ["b"]}}, {"a": 1}),
        ({"if": {"required": ["a"]}, "else": {"required": ["b"]}}, {"c": 1}),
        ({"then": {"required": ["b"]}}, {"a": 1}),  # `then` without `if` means nothing
        ({"$defs": {"score": SCORE}, "$ref": "#/$defs/score"}, 9),
        ({"$defs": {"score": SCORE}, "properties": {"a": {"$ref": "#/$defs/score"}}}, {"a": 2}),
        ({"description": "words", "examples": [1], "default": 3}, "anything"),
        (True, {"a": [1]}),
        ({}, None),
    ],
)
def test_the_predicate_agrees_with_jsonschema(schema: Any, instance: Any) -> None:
    assert compiled(schema)(instance) is jsonschema_says(schema, instance)


@pytest.mark.parametrize(
    "schema",
    [
        {"pattern": "^a"},
        {"additionalProperties": False},
        {"properties": {"a": {"uniqueItems": True}}},
        {"$ref": "other.json#/$defs/a"},
        {"$ref": "#/$defs/missing", "$defs": {}},
        {"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}},  # refers to itself
        {"$id": "https://example.com/a"},
        {"$schema": "https://json-schema.org/draft/2020-12/schema"},
        {"ref": "#/$defs/a"},  # not a keyword: jsonschema ignores it; not compiled all the same
        {"items": [{"type": "string"}]},
        {"prefixItems": [{"type": "string"}], "items": {"type": "string"}},
        {"not": False},
        {"type": "whole number"},
    ],
)
def test_a_schema_with_other_keywords_is_left_to_jsonschema(schema: Any) -> None:
    assert compile_schema(schema, CHECKS) is None


def test_the_built_in_schemas_compile(tmp_path: Path) -> None:
    # Else every typed note goes through jsonschema, at several times the cost.
    for schema in load_schemas(Config.load(tmp_path)):
        assert schema.is_valid is not None, schema.name


_NAMES = st.sampled_from(["a", "b", "c"])
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-2, 5)
    | st.sampled_from([0.0, 1.0, 2.5, -1.5])
    | st.sampled_from(["", "a", "DE", "2025-01-02", "2025-02-30", "2025-01-02T10:00", "[[N]]"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_NAMES, inner, max_size=3),
    max_leaves=8,
)
_TYPE_NAMES = st.sampled_from(["string", "integer", "number", "boolean", "null", "array", "object"])
_LEAF = st.fixed_dictionaries(
    {},
    optional={
        "type": _TYPE_NAMES | st.lists(_TYPE_NAMES, min_size=1, max_size=3, unique=True),
        "enum": st.lists(_VALUES, min_size=1, max_size=4),
        "const": _VALUES,
        "format": st.sampled_from([*FORMATS, "email"]),
        "minimum": st.integers(-1, 3) | st.sampled_from([0.5, 2.5]),
        "maximum": st.integers(-1, 3) | st.sampled_from([0.5, 2.5]),
        "exclusiveMinimum": st.integers(-1, 3),
        "exclusiveMaximum": st.integers(-1, 3),
        "minLength": st.integers(0, 3),
        "maxLength": st.integers(0, 3),
        "minItems": st.integers(0, 3),
        "maxItems": st.integers(0, 3),
        "required": st.lists(_NAMES, max_size=3, unique=True),
        "description": st.just("annotation only"),
    },
)


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    applicators = st.fixed_dictionaries(
        {},
        optional={
            "properties": st.dictionaries(_NAMES, inner, max_size=3),
            "items": inner,
            "allOf": st.lists(inner, min_size=1, max_size=2),
            "anyOf": st.lists(inner, min_size=1, max_size=2),
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "not": inner,
            "if": inner,
            "then": inner,
            "else": inner,
        },
    )
    return st.tuples(_LEAF, applicators).map(lambda parts: {**parts[0], **parts[1]})


_SCHEMAS = st.recursive(_LEAF | st.just(True), _nested, max_leaves=6)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_SCHEMAS, st.lists(_VALUES, min_size=1, max_size=5))
def test_the_predicate_agrees_with_jsonschema_on_any_schema(
    schema: Any, instances: list[Any]
) -> None:
    try:
        Draft202012Validator.check_schema(schema)
    except JsonSchemaError:
        assume(False)
    predicate = compiled(schema)
    for instance in instances:
        assert predicate(instance) is jsonschema_says(schema, instance), instance
