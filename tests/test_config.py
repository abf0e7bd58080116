"""The vault's `.vault-tools/config.yaml`: a value of the wrong YAML type is a configuration
error (exit status 2, a message naming the setting), never a crash, in every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.errors import ConfigError
from vault_tools.generate.settings import GenerateSettings
from vault_tools.new import NewSettings

from conftest import MakeVault

CANDIDATE = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n"


def _settings(root: Path) -> None:
    """Everything that reads the config file, as the commands do."""
    config = Config.load(root)
    GenerateSettings.from_config(config)
    NewSettings.from_config(config)


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ("templates_folder: 2025", "templates_folder must be a folder name"),
        ("templates_folder: [Templates]", "templates_folder must be a folder name"),
        ("templates_folder: {a: b}", "templates_folder must be a folder name"),
        ("obsidian_folder: 5", "obsidian_folder must be a non-empty string"),
        ("schemas_folder: [a]", "schemas_folder must be a non-empty string"),
        ("ignore: 5", "ignore must be a list of strings"),
        ("ignore: {Archive: true}", "ignore must be a list of strings"),
        ("ignore: [~]", "ignore must be a list of strings"),  # not a folder named "None"
        ("ignore: [[Archive]]", "ignore must be a list of strings"),
        ("ignore: false", "ignore must be a list of strings"),
        ("types: 5", "types must be a mapping"),
        ("types: []", "types must be a mapping"),
        ("types: {by_folder: [a]}", "types.by_folder must be a mapping"),
        ("types: {by_tag: 0}", "types.by_tag must be a mapping"),
        ("types: {by_folder: {Hiring: [interview]}}", "types.by_folder.Hiring must be a note"),
        ("types: {by_tag: {cand: 5}}", "types.by_tag.cand must be a note type name"),
        ("lint: 5", "lint must be a mapping"),
        ("lint: {select: 5}", "lint.select must be a list of strings"),
        ("lint: {ignore: [{VT3: x}]}", "lint.ignore must be a list of strings"),
        ("lint: {severity: [VT301]}", "lint.severity must be a mapping"),
        ("indexes: 5", "indexes must be a mapping"),
        ("indexes: {cases: 5}", "indexes.cases must be a mapping"),
        ("indexes: {cases: {path: 0}}", "indexes.cases.path must be a vault-relative path"),
        ("indexes: {cases: {columns: case}}", "indexes.cases.columns must be a list of names"),
        ("indexes: {cases: {columns: [1]}}", "indexes.cases.columns must be a list of names"),
        ("retrospectives: 5", "retrospectives must be a mapping"),
        ("retrospectives: {path: 5}", "retrospectives.path must contain {quarter}"),
        ("hiring: 5", "hiring must be a mapping"),
        ("hiring: {interviewer: 5}", "hiring.interviewer must be a name"),
        ("hiring: {folders: [a]}", "hiring.folders must be a mapping"),
        ("hiring: {folders: {cases: 5}}", "hiring.folders.cases must be a vault-relative"),
        ("hiring: {templates: {case: 5}}", "hiring.templates.case must be one of"),
        # A top-level `templates:` did nothing (the setting is hiring.templates): a typo.
        ("templates: {case: Case.md}", "unknown setting(s) templates"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_config_error(
    make_vault: MakeVault, config: str, said: str
) -> None:
    root = make_vault({".vault-tools/config.yaml": config + "\n"})
    with pytest.raises(ConfigError) as raised:
        _settings(root)
    assert said in str(raised.value)
    assert ".vault-tools/config.yaml" in str(raised.value)


@pytest.mark.parametrize(
    ("config", "templates_folder"),
    [
        ("templates_folder: Templates", "Templates"),
        ("templates_folder: ' /Templates/ '", "Templates"),
        ("templates_folder: '2025'", "2025"),
        ("templates_folder:", None),
        ("ignore: [2025, Archive/]", None),  # a number stands for its digits: a folder name
        ("lint: {select: [VT2], ignore: VT305}", None),
        ("indexes: {cases: {path: ''}, candidates: false}", None),
    ],
)
def test_values_of_the_right_type_are_accepted(
    make_vault: MakeVault, config: str, templates_folder: str | None
) -> None:
    root = make_vault({".vault-tools/config.yaml": config + "\n"})
    _settings(root)
    assert Config.load(root).templates_folder == templates_folder


def test_a_numeric_ignore_entry_ignores_that_folder(make_vault: MakeVault) -> None:
    root = make_vault({".vault-tools/config.yaml": "ignore: [2025]\n"})
    assert Config.load(root).is_ignored("2025/Note.md")


def test_an_empty_column_list_says_it_must_not_be_empty(make_vault: MakeVault) -> None:
    root = make_vault({".vault-tools/config.yaml": "indexes: {cases: {columns: []}}\n"})
    with pytest.raises(ConfigError) as raised:
        _settings(root)
    assert "indexes.cases.columns must not be empty" in str(raised.value)
    assert "list of names" not in str(raised.value)  # it is a list


COMMANDS = [
    ["lint", "{vault}"],
    ["index", "{vault}"],
    ["retro", "{vault}", "--quarter", "2025-Q3"],
    ["watch", "{vault}", "--once"],
    ["show", "{vault}", "Ann"],
    ["schema", "list", "{vault}"],
    ["schema", "show", "interview", "{vault}"],
    ["new", "candidate", "Bo", "--role", "DE", "--level", "Mid", "--vault", "{vault}"],
    ["new", "case", "X", "--role", "DE", "--level", "Mid", "--vault", "{vault}", "--dry-run"],
    [
        "new",
        "interview",
        "Ann",
        "--stage",
        "technical",
        "--interviewer",
        "Maria",
        "--vault",
        "{vault}",
        "--dry-run",
    ],
]


@pytest.mark.parametrize(
    "config",
    [
        "templates_folder: 2025",
        "obsidian_folder: 5",
        "ignore: 5",
        "lint: {select: 5}",
        "types: {by_folder: [a]}",
        "bogus: 1",
    ],
)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_exits_2_on_a_config_error(
    make_vault: MakeVault, config: str, command: list[str]
) -> None:
    root = make_vault(
        {".vault-tools/config.yaml": config + "\n", "Hiring/Candidates/Ann.md": CANDIDATE}
    )
    before = sorted(path.relative_to(root) for path in root.rglob("*"))
    result = CliRunner().invoke(cli, [part.format(vault=root) for part in command])
    assert result.exit_code == 2, result.output
    assert "config.yaml" in result.output
    assert "Traceback" not in result.output
    assert sorted(path.relative_to(root) for path in root.rglob("*")) == before


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_the_same_commands_run_without_the_config_error(
    make_vault: MakeVault, command: list[str]
) -> None:
    # The counterpart of the test above: its exit status 2 comes from the config alone.
    root = make_vault({"Hiring/Candidates/Ann.md": CANDIDATE})
    result = CliRunner().invoke(cli, [part.format(vault=root) for part in command])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("quarter", ["", "  ", "2025-Q5", "abc", "25-Q3"])
def test_retro_refuses_a_quarter_that_is_not_one(make_vault: MakeVault, quarter: str) -> None:
    root = make_vault({"Hiring/Candidates/Ann.md": CANDIDATE})
    result = CliRunner().invoke(cli, ["retro", str(root), "--quarter", quarter])
    assert result.exit_code == 2
    assert "--quarter" in result.output
    assert "is not a quarter such as 2025-Q3" in result.output
