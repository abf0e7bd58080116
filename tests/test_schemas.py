"""Schemas: the built-in files, a vault's overrides, broken files, formats and values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.errors import SchemaError
from vault_tools.lint import lint
from vault_tools.rules.properties import fits
from vault_tools.rules.schema import is_after
from vault_tools.schemas import (
    BUILTIN_FOLDER,
    is_date_text,
    is_date_time_text,
    is_wikilink_text,
    json_like,
    load_schemas,
)
from vault_tools.vault import Vault

from conftest import MakeVault


def test_the_built_in_schemas_load_and_are_valid_json_schema(tmp_path: Path) -> None:
    schemas = load_schemas(Config.load(tmp_path))
    assert [schema.name for schema in schemas] == ["candidate", "case", "interview"]
    for schema in schemas:
        assert schema.builtin
        Draft202012Validator.check_schema(dict(schema.frontmatter))
        assert schema.text.startswith("#"), "every built-in schema explains itself"


def test_schema_words_are_yaml_1_2(tmp_path: Path) -> None:
    interview = load_schemas(Config.load(tmp_path)).get("interview")
    assert interview is not None
    recommendation = interview.frontmatter["properties"]["recommendation"]["enum"]
    assert recommendation == ["strong-no", "no", "yes", "strong-yes"]  # not False/True


def test_the_validator_is_built_once_and_reused(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = "---\ntype: candidate\nrole: DE\nlevel: Mid\nfirst_contact: 2025-01-01\n---\n"
    own = (BUILTIN_FOLDER / "candidate.yaml").read_text(encoding="utf-8")
    notes: dict[str, str] = {f"C{i}.md": note for i in range(20)}
    root = make_vault({".vault-tools/schemas/candidate.yaml": own, **notes})
    checked: list[Any] = []
    original = Draft202012Validator.check_schema.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, schema: Any, *args: Any, **kwargs: Any) -> None:
        checked.append(schema)
        original(cls, schema, *args, **kwargs)

    # jsonschema.validate() checks the schema itself on every call; lint must not.
    monkeypatch.setattr(Draft202012Validator, "check_schema", classmethod(counting))
    found = lint(Vault.open(root))
    assert len(found) == 20  # every note misses `decision`
    # Once per schema file of the vault's own, when the schemas are loaded; the built-in ones
    # are checked by the test above, not on every run.
    assert len(checked) == 1
    candidate = load_schemas(Config.load(root)).get("candidate")
    assert candidate is not None and candidate.validator is candidate.validator


def test_a_vault_schema_replaces_the_built_in_one(make_vault: MakeVault) -> None:
    text = (BUILTIN_FOLDER / "interview.yaml").read_text(encoding="utf-8")
    extended = text.replace("enum: [DE, DS, MLE]", "enum: [DE, DS, MLE, AE]")
    root = make_vault(
        {
            ".vault-tools/schemas/interview.yaml": extended,
            "Ada.md": "---\ntype: candidate\nrole: DE\nlevel: Mid\nfirst_contact: 2025-01-01\n"
            "decision: pending\n---\n",
            "I.md": '---\ntype: interview\ncandidate: "[[Ada]]"\nrole: AE\nlevel: Mid\n'
            "stage: final\ndate: 2025-02-01\ninterviewers: [Me]\n"
            "notes_written: 2025-02-01T18:00\n---\n",
        }
    )
    schemas = load_schemas(Config.load(root))
    interview = schemas.get("interview")
    assert interview is not None and not interview.builtin
    assert lint(Vault.open(root)) == []


def test_a_vault_can_add_a_note_type(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/schemas/reference.yaml": (
                "# A reference check, one per referee.\n"
                "description: Reference check\n"
                "frontmatter:\n  type: object\n  required: [referee]\n"
                "body:\n  - sections: [Summary]\n"
            ),
            "R.md": "---\ntype: reference\n---\n",
        }
    )
    found = [(d.code, d.message) for d in lint(Vault.open(root))]
    assert found == [
        ("VT201", "missing required property referee"),
        ("VT401", "missing section 'Summary'"),
    ]


def test_a_strict_schema_points_at_each_property_it_does_not_allow(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/schemas/reference.yaml": (
                "frontmatter:\n  type: object\n  additionalProperties: false\n"
                "  properties: {type: {}, referee: {}}\n  patternProperties: {'^x-': {}}\n"
            ),
            "R.md": "---\ntype: reference\nreferee: Ann\nrefree: Bob\nx-note: ok\nnotes: 2\n---\n",
        }
    )
    found = [(d.code, d.line, d.message) for d in lint(Vault.open(root))]
    assert found == [
        ("VT209", 4, "refree is not a property this schema allows (additionalProperties)"),
        ("VT209", 6, "notes is not a property this schema allows (additionalProperties)"),
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("frontmatter: {type: object\n", "interview.yaml:2: YAML syntax error"),
        ("frontmatter: [1, 2]\n", "'frontmatter' must be a JSON Schema"),
        ("frontmatter:\n  type: 5\n", "is not a valid JSON Schema at frontmatter/type"),
        ("frontmatter:\n  properties:\n    d: {format: day}\n",
         "interview.yaml:3: unknown format 'day'"),
        ("frontmatter: {}\nbdoy: []\n", "unknown section(s) bdoy"),
        ("frontmatter: {}\nbody:\n  - severity: fatal\n", "severity must be error or warning"),
        ("frontmatter: {}\nbody:\n  - placeholders: {pattern: '['}\n",
         "not a valid regular expression"),
        ("frontmatter: {}\nlinks: {candidate: [x]}\n", "links.candidate must be a mapping"),
        ("frontmatter: {}\nchronology: [{earlier: a}]\n", "needs 'earlier' and 'later'"),
        ("frontmatter: {}\nchronology: [{earlier: a, later: b, by: week}]\n",
         "'by: day' or 'by: time'"),
    ],
)  # fmt: skip
def test_a_broken_schema_file_is_a_clear_error(
    make_vault: MakeVault, content: str, problem: str
) -> None:
    root = make_vault({".vault-tools/schemas/interview.yaml": content, "N.md": ""})
    with pytest.raises(SchemaError) as raised:
        load_schemas(Config.load(root))
    assert "interview.yaml" in str(raised.value)
    assert problem in str(raised.value)

    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert result.exit_code == 2
    assert problem in result.output


def test_schema_list_and_show(make_vault: MakeVault) -> None:
    root = make_vault({".vault-tools/schemas/case.yaml": "# Mine\nfrontmatter: {}\n"})
    runner = CliRunner()
    listed = runner.invoke(cli, ["schema", "list", str(root)])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert [line.split()[0] for line in lines] == ["candidate", "case", "interview"]
    assert ".vault-tools/schemas/case.yaml" in lines[1]
    assert "built-in" in lines[0]

    shown = runner.invoke(cli, ["schema", "show", "interview", str(root)])
    assert shown.exit_code == 0
    assert shown.output == (BUILTIN_FOLDER / "interview.yaml").read_text(encoding="utf-8")
    assert runner.invoke(cli, ["schema", "show", "case", str(root)]).output.startswith("# Mine")

    missing = runner.invoke(cli, ["schema", "show", "nope", str(root)])
    assert missing.exit_code == 2
    assert "no schema 'nope'" in missing.output


@pytest.mark.parametrize(
    ("text", "date", "date_time"),
    [
        ("2025-09-02", True, False),
        ("2025-02-30", False, False),
        ("2025-9-2", False, False),
        ("2023-12-04T13:14", False, True),
        ("2023-12-04T13:14:00", False, True),
        ("2023-12-04 13:14", False, True),
        ("2023-12-04T13:14:00.250+02:00", False, True),
        ("2023-12-04T13:14Z", False, True),
        ("2023-12-04T25:00", False, False),
        ("2023-12-04T23:59:60", False, False),  # no 60th second (the figures could not read it)
        ("2023-12-04T13:14+25:00", False, False),
        ("2023-12-04T13:14+02:60", False, False),
        ("2021-11-01T01:00:00[Europe/Paris]", False, False),
        ("next week", False, False),
    ],
)
def test_date_formats_follow_obsidian(text: str, date: bool, date_time: bool) -> None:
    assert is_date_text(text) is date
    assert is_date_time_text(text) is date_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[Ada Lovelace]]", True),
        ("[[Ada Lovelace|Ada]]", True),
        ("[[Cases/Streaming#Overview]]", True),
        ("Ada Lovelace", False),
        ("[[Ada]] and [[Grace]]", False),
        ("[Ada](Ada.md)", False),
    ],
)
def test_wikilink_format(text: str, expected: bool) -> None:
    assert is_wikilink_text(text) is expected


def test_values_become_json_like_as_obsidian_holds_them() -> None:
    offset = dt.timezone(dt.timedelta(hours=2))
    value = {
        "d": dt.date(2025, 9, 2),
        "t": dt.datetime(2023, 12, 4, 13, 14),
        "s": dt.datetime(2023, 12, 4, 13, 14, 5, tzinfo=offset),
        "l": [1, True, None, "x"],
    }
    assert json_like(value) == {
        "d": "2025-09-02",
        "t": "2023-12-04T13:14",
        "s": "2023-12-04T13:14:05+02:00",
        "l": [1, True, None, "x"],
    }


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("checkbox", False, True),
        ("checkbox", "no", False),
        ("checkbox", "true", False),
        ("number", 3, True),
        ("number", 2.5, True),
        ("number", True, False),
        ("number", "3", False),
        ("date", dt.date(2025, 1, 1), True),
        ("date", dt.datetime(2025, 1, 1, 9, 0), True),  # Obsidian shows the date part
        ("date", "2025-01-01", True),
        ("date", "[[2022-04]]", False),
        ("datetime", dt.date(2025, 1, 1), True),
        ("text", 12, True),
        ("text", ["a"], False),
        ("multitext", "single", True),
        ("multitext", ["a", "[[B]]"], True),
        ("multitext", [["nested"]], False),
        ("tags", {"a": 1}, False),
        ("aliases", ["a", "b"], True),
        ("number", None, True),  # an empty property fits every type
    ],
)
def test_property_types_follow_obsidian(kind: str, value: Any, expected: bool) -> None:
    assert fits(kind, value) is expected


@pytest.mark.parametrize(
    ("first", "second", "after"),
    [
        (dt.datetime(2025, 7, 2, 10), dt.datetime(2025, 7, 2, 9), True),
        (dt.datetime(2025, 7, 2, 9), dt.datetime(2025, 7, 2, 9), False),
        (dt.date(2025, 7, 2), dt.datetime(2025, 7, 2, 9), False),  # a date is a whole day
        (dt.datetime(2025, 7, 3, 1), dt.date(2025, 7, 2), True),
        (
            dt.datetime(2025, 7, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            dt.datetime(2025, 7, 2, 9, tzinfo=dt.timezone.utc),
            False,
        ),
        (
            dt.datetime(2025, 7, 2, 10, tzinfo=dt.timezone.utc),
            dt.datetime(2025, 7, 2, 9),  # naive: compared by wall-clock time
            True,
        ),
    ],
)
def test_chronology_compares_like_a_person_would(
    first: dt.date, second: dt.date, after: bool
) -> None:
    assert is_after(first, second) is after


def test_copying_a_schema_into_the_vault_as_the_header_says_works(make_vault: MakeVault) -> None:
    # The shell creates the target file (empty) before `schema show` runs.
    root = make_vault({".vault-tools/schemas/interview.yaml": "", "N.md": "# note\n"})
    runner = CliRunner()
    plain = runner.invoke(cli, ["schema", "show", "interview", str(root)])
    assert plain.exit_code == 2
    assert "the schema file is empty; delete it, or write the built-in schema" in plain.output
    copied = runner.invoke(cli, ["schema", "show", "interview", str(root), "--builtin"])
    assert copied.exit_code == 0
    assert copied.stdout == (BUILTIN_FOLDER / "interview.yaml").read_text(encoding="utf-8")
    (root / ".vault-tools/schemas/interview.yaml").write_text(copied.stdout, encoding="utf-8")
    assert runner.invoke(cli, ["lint", str(root)]).exit_code == 0


@pytest.mark.parametrize(
    "text",
    [
        "2025-09-02",
        "2025-02-30",
        "2023-12-04T13:14",
        "2023-12-04 13:14",
        "2023-12-04t13:14",
        "2023-12-04T9:14",
        "2023-12-04T13:14:00.250+02:00",
        "2023-12-04T13:14Z",
        "2023-12-04T13:14 Z",
        "2023-12-04T13:14+0200",
        "2023-12-04T13:14z",
        "2023-12-04T23:59:60",
        "2023-12-04T13:14+25:00",
        "2023-12-04T13:14+02:60",
        "2023-12-04T24:00",
        "2023-12-04T10:00+2",
        "2023-12-04\t10:00",
        "2023-12-04T10:00:00.",
        "2023-12-04 10:00:00 +02:00",
    ],
)
def test_a_date_lint_accepts_is_one_the_generated_notes_read(text: str) -> None:
    """A log whose `date:` passes lint is counted in its quarter, and one the figures cannot
    read is reported by lint: the two read dates (quoted too) the same way."""
    from vault_tools.note import read_moment

    accepted = is_date_text(text) or is_date_time_text(text)
    assert accepted is (read_moment(text) is not None)
