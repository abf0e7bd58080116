"""A compiled schema's errors are explained without jsonschema, exactly as jsonschema explains
them: the findings built from them must not change by a character."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError as JsonSchemaError

from tests.test_schema_compiled import _SCHEMAS, _VALUES, CHECKS, SCORE
from vault_tools.config import Config
from vault_tools.schemas import _format_checker, _remembering_validator, load_schemas
from vault_tools.schemas.explained import explainer


def described(errors: Any) -> list[str]:
    """What the findings read of each error, in order (repr: ``True`` is not ``1``)."""
    return [
        repr(
            (
                list(error.absolute_path),
                list(error.schema_path),
                error.validator,
                error.validator_value,
                error.instance,
                error.schema,
                error.message,
                len(error.context),
            )
        )
        for error in errors
    ]


def jsonschema_errors(schema: Any, instance: Any) -> list[str]:
    plain = Draft202012Validator(schema, format_checker=_format_checker())
    remembering = _remembering_validator()(schema, format_checker=_format_checker())
    expected = described(plain.iter_errors(instance))
    # The validator vault-tools used (it skips values found valid before) says the same.
    assert described(remembering.iter_errors(instance)) == expected
    return expected


def explained(schema: Any, instance: Any) -> list[str]:
    explain = explainer(schema, CHECKS)
    assert explain is not None
    return described(explain(instance))


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        ({"type": ["integer", "null"]}, "3"),
        ({"enum": [1, 2]}, True),
        ({"const": "a"}, "b"),
        (SCORE, 5),
        (SCORE, 0),
        ({"exclusiveMinimum": 1, "exclusiveMaximum": 3}, 3),
        ({"exclusiveMinimum": 1}, 1),
        ({"minLength": 1}, ""),
        ({"minLength": 2, "maxLength": 0}, "a"),
        ({"maxLength": 1}, "ab"),
        ({"minItems": 1}, []),
        ({"minItems": 2, "maxItems": 0}, [1]),
        ({"required": ["a", "b"]}, {"c": 1}),
        ({"format": "date"}, "2025-02-30"),
        ({"format": "wikilink"}, "Ada"),
        ({"properties": {"a": {"type": "string", "minLength": 1}}}, {"a": 1}),
        ({"items": {"type": "string", "minLength": 1}}, ["x", "", 3]),
        ({"allOf": [{"minimum": 1}, {"maximum": 2}]}, 3),
        ({"anyOf": [{"type": "string"}, {"minimum": 1}]}, 0),
        ({"oneOf": [{"minimum": 1}, {"maximum": 2}]}, 1.5),
        ({"oneOf": [{"minimum": 1}, {"maximum": 2}, {"type": "number"}]}, 1.5),
        ({"oneOf": [{"minimum": 3}, {"maximum": 0}]}, 1),
        ({"not": {"type": "null"}}, None),
        ({"if": {"required": ["a"]}, "then": {"required": ["b"]}}, {"a": 1}),
        ({"if": {"required": ["a"]}, "else": {"required": ["b"]}}, {"c": 1}),
        ({"$defs": {"score": SCORE}, "$ref": "#/$defs/score", "type": "string"}, 9),
        ({"$defs": {"score": SCORE}, "properties": {"a": {"$ref": "#/$defs/score"}}}, {"a": 7}),
        (True, {"a": [1]}),
    ],
)
def test_the_errors_are_jsonschemas(schema: Any, instance: Any) -> None:
    assert explained(schema, instance) == jsonschema_errors(schema, instance)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_SCHEMAS, st.lists(_VALUES, min_size=1, max_size=5))
def test_the_errors_are_jsonschemas_on_any_schema(schema: Any, instances: list[Any]) -> None:
    try:
        Draft202012Validator.check_schema(schema)
    except JsonSchemaError:
        assume(False)
    for instance in instances:
        assert explained(schema, instance) == jsonschema_errors(schema, instance), instance


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_built_in_schemas_explain_as_jsonschema(tmp_path_factory: Any, data: Any) -> None:
    schemas = list(load_schemas(Config.load(tmp_path_factory.mktemp("vault"))))
    schema = data.draw(st.sampled_from(schemas))
    names = [*schema.frontmatter.get("properties", {}), "type", "other"]
    instance = data.draw(st.dictionaries(st.sampled_from(names), _VALUES, max_size=8))
    if data.draw(st.booleans()):  # mostly a valid note with one thing wrong
        instance = {**_a_valid(schema.name), **instance}
    assert schema.explain is not None
    expected = described(schema.validator.iter_errors(instance))
    assert described(schema.errors(instance)) == expected


def _a_valid(name: str) -> dict[str, Any]:
    return {
        "interview": {
            "type": "interview",
            "candidate": "[[Ada]]",
            "role": "Analyst",
            "level": "senior",
            "stage": "case",
            "case": "[[Market sizing]]",
            "date": "2025-07-01",
            "interviewers": ["[[Maria]]"],
        },
        "candidate": {"type": "candidate", "role": "Analyst", "first_contact": "2025-06-01"},
        "case": {"type": "case", "status": "ready"},
    }.get(name, {})


def test_a_schema_that_does_not_compile_is_explained_by_jsonschema(tmp_path: Path) -> None:
    assert explainer({"pattern": "^a"}, CHECKS) is None
