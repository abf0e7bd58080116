"""The vault's `.vault-tools/config.yaml`: a value of the wrong YAML type is a configuration
error (exit status 2, a message naming the setting), never a crash, in every command."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools.cli import cli
from vault_tools.config import SETTINGS_FILE_LIMIT, Config
from vault_tools.errors import ConfigError
from vault_tools.generated import GenerateSettings
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
        # Settings that could never work: every retrospective would be refused.
        (
            "retrospectives: {path: 'Hiring/{quarter} Retrospective'}",
            "retrospectives.path 'Hiring/{quarter} Retrospective' must end in .md",
        ),
        (
            "templates_folder: Templates\nindexes: {cases: {path: templates/Case Index.md}}",
            "indexes.cases.path 'templates/Case Index.md' is in the templates folder Templates/",
        ),
        (
            "templates_folder: Hiring/Templates\n"
            "retrospectives: {path: 'Hiring/Templates/{quarter}.md'}",
            "retrospectives.path 'Hiring/Templates/2025-Q3.md' is in the templates folder",
        ),
        # Every folder and template must be inside the vault, symlinks followed.
        ("templates_folder: ../../outside", "templates_folder '../../outside'"),
        ("templates_folder: Hiring/../../outside", "templates_folder"),
        ("templates_folder: /etc", "templates_folder '/etc' must be inside the vault"),
        ("obsidian_folder: ../..", "obsidian_folder '../..'"),
        ("obsidian_folder: /etc", "obsidian_folder '/etc'"),
        ("obsidian_folder: .", "obsidian_folder '.' must be a folder, not the vault root"),
        ("schemas_folder: /etc", "schemas_folder '/etc' must be inside the vault"),
        ("schemas_folder: ../schemas", "schemas_folder '../schemas'"),
        ("schemas_folder: C:/schemas", "schemas_folder 'C:/schemas'"),
        ("hiring: {templates: {case: ../../outside/Case.md}}", "hiring.templates.case"),
        ("hiring: {templates: {case: /etc/passwd}}", "hiring.templates.case '/etc/passwd'"),
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
        ("templates_folder: ' Templates/ '", "Templates"),
        ("templates_folder: ./Hiring//Templates", "Hiring/Templates"),
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
        # The generated notes' settings: checked by every command, not only by those that
        # write the notes (lint in CI passing, then the watcher refusing to start).
        "hiring: {reply_within_days: five}",
        "indexes: {candidates: {columns: [candidate, foo]}}",
        "retrospectives: {path: 'Hiring/{quarter}.txt'}",
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


def test_the_library_lint_checks_the_generated_notes_settings_too(make_vault: MakeVault) -> None:
    """No run of lint_folder writes a cache for a config it did not check: the CLI's next
    run, answered from that cache, could not tell."""
    from vault_tools.lint import lint_folder

    root = make_vault(
        {
            ".vault-tools/config.yaml": "hiring: {reply_within_days: five}\n",
            "Hiring/Candidates/Ann.md": CANDIDATE,
        }
    )
    with pytest.raises(ConfigError, match="reply_within_days"):
        lint_folder(root)
    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert result.exit_code == 2, result.output


def test_a_cached_lint_still_fails_once_the_settings_go_wrong(make_vault: MakeVault) -> None:
    root = make_vault({"Hiring/Candidates/Ann.md": CANDIDATE})
    config = root / ".vault-tools" / "config.yaml"
    config.parent.mkdir()
    config.write_text("hiring: {reply_within_days: 5}\n", encoding="utf-8")
    first = CliRunner().invoke(cli, ["lint", str(root)])  # the cache is written
    assert first.exit_code in (0, 1), first.output
    config.write_text("hiring: {reply_within_days: five}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert result.exit_code == 2, result.output
    assert "hiring.reply_within_days must be a whole number of days" in result.output
    config.write_text("hiring: {reply_within_days: 5}\n", encoding="utf-8")
    again = CliRunner().invoke(cli, ["lint", str(root)])
    assert (again.exit_code, again.output) == (first.exit_code, first.output)


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


# ------------------------------------------------------------------ folders inside the vault
OUTSIDE_TEMPLATE = "---\ntype: case\n---\nSECRET FROM OUTSIDE\n"


def test_obsidians_templates_folder_outside_the_vault_is_a_config_error(
    make_vault: MakeVault,
) -> None:
    root = make_vault({".obsidian/templates.json": '{"folder": "../outside"}'})
    with pytest.raises(ConfigError) as raised:
        Config.load(root)
    assert ".obsidian/templates.json: folder '../outside'" in str(raised.value)
    # Obsidian writes the folder vault-rooted: a leading "/" is the vault's root.
    root = make_vault({".obsidian/templates.json": '{"folder": "/Templates"}'})
    assert Config.load(root).templates_folder == "Templates"


@pytest.mark.parametrize(
    "config",
    [
        "templates_folder: ../outside",
        "templates_folder: Templates\nhiring: {templates: {case: ../../outside/Case.md}}",
        "templates_folder: Escape",  # a symlink in the vault leading to the outside folder
    ],
)
def test_new_never_copies_a_file_from_outside_the_vault(
    make_vault: MakeVault, tmp_path: Path, config: str
) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "Case.md").write_text(OUTSIDE_TEMPLATE, encoding="utf-8")
    root = make_vault({".vault-tools/config.yaml": config + "\n", "Home.md": "home\n"})
    (root / "Escape").symlink_to(tmp_path / "outside", target_is_directory=True)
    result = CliRunner().invoke(
        cli, ["new", "case", "Ledger", "--role", "DE", "--level", "Mid", "--vault", str(root)]
    )
    assert result.exit_code == 2, result.output
    assert "inside the vault" in result.output or "outside the vault" in result.output
    assert not (root / "Hiring").exists()


def test_a_template_file_symlinked_outside_the_vault_is_refused(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "Case.md").write_text(OUTSIDE_TEMPLATE, encoding="utf-8")
    root = make_vault({".vault-tools/config.yaml": "templates_folder: Templates\n"})
    (root / "Templates").mkdir()
    (root / "Templates" / "Case.md").symlink_to(tmp_path / "outside" / "Case.md")
    result = CliRunner().invoke(
        cli, ["new", "case", "Ledger", "--role", "DE", "--level", "Mid", "--vault", str(root)]
    )
    assert result.exit_code != 0
    assert "Templates/Case.md leads outside the vault" in result.output
    assert not (root / "Hiring").exists()


# ------------------------------------------------------------- settings files that are no files
SETTINGS_FILES = [
    ".vault-tools/config.yaml",
    ".obsidian/app.json",
    ".obsidian/templates.json",
]


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")


def _huge(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(SETTINGS_FILE_LIMIT + 1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("make", [_fifo, _dev_zero, _huge], ids=["fifo", "dev-zero", "huge"])
@pytest.mark.parametrize("relative", SETTINGS_FILES)
@pytest.mark.parametrize("command", [["lint"], ["index"], ["new", "candidate", "Ana Reyes"]])
def test_a_settings_file_that_is_no_file_is_a_config_error(
    make_vault: MakeVault, relative: str, make: Callable[[Path], None], command: list[str]
) -> None:
    root = make_vault({"Home.md": "home\n", ".obsidian/.keep": ""})
    make(root / relative)
    args = [*command, "--vault", str(root)] if command[0] == "new" else [*command, str(root)]
    if command[0] == "new":
        args += ["--role", "DE", "--level", "Mid"]
    started = time.monotonic()
    result = CliRunner().invoke(cli, args)
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result.output
    assert relative in result.output
    assert "regular file" in result.output or "larger than 1 MiB" in result.output
    assert not (root / "Hiring").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("make", [_fifo, _dev_zero, _huge], ids=["fifo", "dev-zero", "huge"])
def test_a_types_json_that_is_no_file_is_a_finding(
    make_vault: MakeVault, make: Callable[[Path], None]
) -> None:
    root = make_vault({"Home.md": "home\n"})
    make(root / ".obsidian/types.json")
    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert result.exit_code == 0, result.output
    assert ".obsidian/types.json:1:1: VT111" in result.output
    assert "no property type is checked" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("make", [_fifo, _dev_zero, _huge], ids=["fifo", "dev-zero", "huge"])
def test_a_schema_file_that_is_no_file_is_a_config_error(
    make_vault: MakeVault, make: Callable[[Path], None]
) -> None:
    root = make_vault({"Home.md": "home\n"})
    make(root / ".vault-tools/schemas/case.yaml")
    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert result.exit_code == 2, result.output
    assert "case.yaml" in result.output


def test_a_settings_file_of_the_bound_is_read(make_vault: MakeVault) -> None:
    padding = "#" * (SETTINGS_FILE_LIMIT - 40) + "\n"
    root = make_vault({".vault-tools/config.yaml": padding + "ignore: [Archive/]\n"})
    assert len((root / ".vault-tools/config.yaml").read_bytes()) <= SETTINGS_FILE_LIMIT
    assert Config.load(root).is_ignored("Archive/Old.md")


# ------------------------------------------------------------------ patterns that backtrack
@pytest.mark.parametrize(
    "files",
    [
        {".vault-tools/config.yaml": 'ignore: ["/(a|aa)+b/"]\n'},
        {".obsidian/app.json": '{"userIgnoreFilters": ["/(a|aa)+b/"]}'},
    ],
    ids=["ignore", "userIgnoreFilters"],
)
def test_a_pattern_that_backtracks_stops_lint_quickly(
    make_vault: MakeVault, files: dict[str, str]
) -> None:
    root = make_vault({**files, "a" * 40 + ".md": "x\n", "Home.md": "home\n"})
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result.output
    assert "/(a|aa)+b/ took more than" in result.output
    assert "ignore" in result.output or "userIgnoreFilters" in result.output


def test_patterns_keep_the_syntax_of_python_re(make_vault: MakeVault) -> None:
    root = make_vault(
        {".vault-tools/config.yaml": 'ignore: ["/^Drafts/(?!Keep)/", "/\\\\d{4}/"]\n'}
    )
    config = Config.load(root)
    assert config.is_ignored("Drafts/Old.md")
    assert not config.is_ignored("Drafts/Keep.md")
    assert config.is_ignored("Notes/2025 Plan.md")
    assert not config.is_ignored("Notes/Plan.md")


# ------------------------------------------------------------- generated notes on the user's notes
def test_an_index_in_obsidians_templates_folder_is_a_config_error(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Hiring/Templates"}',
            ".vault-tools/config.yaml": "indexes: {interviews: {path: Hiring/Templates/Log.md}}\n",
            "Hiring/Templates/Log.md": "---\ntype: interview\n---\n## Thoughts\n",
        }
    )
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 2, result.output
    assert "indexes.interviews.path 'Hiring/Templates/Log.md'" in result.output
    assert "templates folder Hiring/Templates/" in result.output
    assert (
        root / "Hiring/Templates/Log.md"
    ).read_text() == "---\ntype: interview\n---\n## Thoughts\n"


LOG = (
    '---\ntype: interview\ncandidate: "[[Ana Reyes]]"\nrole: DE\nlevel: Mid\n'
    "stage: technical\ndate: 2025-09-09\ninterviewers: [Maria]\n---\n## Thoughts\nSharp.\n"
)
USER_NOTES = {
    "Home.md": "# Home\n\nMy start page.\n",
    "Hiring/Candidates/Ana Reyes.md": CANDIDATE + "Met at a meetup.\n",
    "Hiring/Interviews/2025-09-09 Ana Reyes - technical (Maria).md": LOG,
}


@pytest.mark.parametrize(
    ("setting", "path", "said"),
    [
        ("indexes: {interviews: {path: Home.md}}", "Home.md", "is a note of yours"),
        (
            "indexes: {candidates: {path: Hiring/Candidates/Ana Reyes.md}}",
            "Hiring/Candidates/Ana Reyes.md",
            "is a candidate note of yours",
        ),
        (
            "indexes: {cases: {path: 'Hiring/Interviews/2025-09-09 Ana Reyes - technical "
            "(Maria).md'}}",
            "Hiring/Interviews/2025-09-09 Ana Reyes - technical (Maria).md",
            "is an interview note of yours",
        ),
    ],
)
def test_a_generated_note_is_never_written_into_a_note_of_the_user(
    make_vault: MakeVault, setting: str, path: str, said: str
) -> None:
    root = make_vault({**USER_NOTES, ".vault-tools/config.yaml": setting + "\n"})
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 1, result.output
    assert f"refused   {path} ({path} {said}" in result.output
    assert "set another path in .vault-tools/config.yaml" in result.output
    for relative, text in USER_NOTES.items():
        assert (root / relative).read_text(encoding="utf-8") == text
    assert "created   Hiring/Retrospectives/2025-Q3 Interview Retrospective.md" in result.output


def test_a_note_differing_only_in_case_is_not_written_instead(make_vault: MakeVault) -> None:
    mine = "# My own interview index\n\nHand-kept.\n"
    root = make_vault({"hiring/interview index.md": mine, **USER_NOTES})
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 1, result.output
    assert "refused   hiring/interview index.md" in result.output
    assert "not Hiring/Interview Index.md (the names differ only in case" in result.output
    assert (root / "hiring/interview index.md").read_text(encoding="utf-8") == mine


@pytest.mark.parametrize(
    "text",
    [
        "",  # made by clicking a link to it in Obsidian
        "# Interview Index\n\n%% vault-tools:begin interview-index %%\n%% vault-tools:end "
        "interview-index %%\n",
    ],
)
def test_an_empty_or_marked_note_at_an_index_path_is_written(
    make_vault: MakeVault, text: str
) -> None:
    root = make_vault({"Hiring/Interview Index.md": text, **USER_NOTES})
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    hub = (root / "Hiring/Interview Index.md").read_text(encoding="utf-8")
    assert "Interview logs by quarter" in hub and "2025-Q3" in hub  # the generated block


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ("lint:\n  selct: [VT3]\n", "lint.selct"),
        ("indexes:\n  cases:\n    pathh: Cases.md\n", "indexes.cases.pathh"),
        ("indexes:\n  candidates:\n    by_yaer: X/{year}.md\n", "indexes.candidates.by_yaer"),
        ("hiring:\n  interviewr: Maria\n", "hiring.interviewr"),
        ("retrospectives:\n  pth: R/{quarter}.md\n", "retrospectives.pth"),
        ("types:\n  by_foldr: {Hiring/Candidates: candidate}\n", "types.by_foldr"),
    ],
)
def test_a_typo_in_a_section_of_the_config_is_an_error(
    make_vault: MakeVault, config: str, named: str
) -> None:
    root = make_vault({".vault-tools/config.yaml": config, "N.md": "# note\n"})
    for command in (["lint", str(root)], ["index", str(root)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert f"unknown setting(s) {named} (known: " in result.output


def test_a_setting_given_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    # The config file is vault-tools' own: the message speaks of settings, not of Obsidian.
    (tmp_path / ".vault-tools").mkdir()
    (tmp_path / ".vault-tools" / "config.yaml").write_text('ignore: []\nignore: ["A/"]\n')
    with pytest.raises(ConfigError) as raised:
        Config.load(tmp_path)
    assert str(raised.value) == (
        ".vault-tools/config.yaml:2: duplicate key 'ignore': a setting may be given once; "
        "remove one"
    )
