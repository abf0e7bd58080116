"""Which vault a command runs on: found as git finds a repository, named the same way by
every command, and never a folder where writing could only do damage."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vault_tools import rulebook
from vault_tools.cli import cli
from vault_tools.discovery import find_vault_root, nested_vault, vault_for_writing
from vault_tools.errors import NotAVaultError

from conftest import REPOSITORY, MakeVault

EXAMPLE = REPOSITORY / "example_vault"
EXAMPLE_DAY = dt.date(2025, 11, 24)  # the day `index --today` is run for in the README
GENERATED = "Hiring/Candidate Pipeline.md"


def invoke(*arguments: str) -> Result:
    result = CliRunner().invoke(cli, list(arguments))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example vault inside a folder that is not a vault (a repository), on
    the day its notes were written up to (what they record has happened)."""
    monkeypatch.setattr(rulebook, "current_day", lambda: EXAMPLE_DAY)
    root = tmp_path / "repository" / "example_vault"
    shutil.copytree(EXAMPLE, root)
    return root


def files_under(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


# ---------------------------------------------------------------- finding the vault


@pytest.mark.parametrize(
    ("markers", "start", "expected"),
    [
        ([".obsidian/"], "", ""),
        ([".obsidian/"], "Hiring/Interviews", ""),
        ([".obsidian/"], "Hiring/Interviews/Log.md", ""),
        ([".vault-tools/config.yaml"], "Hiring", ""),
        ([".obsidian/", "Hiring/.obsidian/"], "Hiring/Interviews", "Hiring"),  # the nearest
        ([".vault-tools/"], "Hiring", None),  # a folder without config.yaml is no marker
        ([".obsidian"], "Hiring", None),  # a file called .obsidian is no config folder
        ([], "Hiring", None),
    ],
)
def test_find_vault_root(
    tmp_path: Path, markers: list[str], start: str, expected: str | None
) -> None:
    root = tmp_path / "vault"
    (root / "Hiring" / "Interviews").mkdir(parents=True)
    (root / "Hiring" / "Interviews" / "Log.md").write_text("# log\n", encoding="utf-8")
    for marker in markers:
        if marker.endswith("/"):
            (root / marker).mkdir(parents=True)
        else:
            (root / marker).parent.mkdir(parents=True, exist_ok=True)
            (root / marker).write_text("", encoding="utf-8")
    found = find_vault_root(root / start)
    assert found == (None if expected is None else (root / expected).resolve())


def test_the_home_folder_is_never_found_as_a_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An app's settings folder in ~ (~/.obsidian) must not make every folder one vault.
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "Documents").mkdir()
    assert find_vault_root(tmp_path / "Documents") is None


def test_from_a_subfolder_index_regenerates_the_vault_not_a_second_tree(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example / GENERATED).unlink()
    before = files_under(example)
    monkeypatch.chdir(example / "Hiring" / "Interviews")
    result = invoke("index")
    assert result.exit_code == 0, result.output
    assert f"created   {GENERATED}" in result.stdout
    assert files_under(example) == before | {GENERATED}  # no Hiring/Interviews/Hiring/...


@pytest.mark.parametrize(
    ("here", "paths", "notes"),
    [
        ("Hiring/Cases", ["."], 5),  # the current folder, as a shell has it
        ("Hiring/Cases", [".."], 89),  # Hiring/
        ("Hiring/Cases", ["../Candidates"], 12),
        ("Hiring/Cases", ["Hiring/Candidates"], 12),  # not here: from the vault's root
        ("Hiring", ["Cases", "Candidates"], 17),
        ("", ["Hiring/Cases"], 5),
    ],
)
def test_from_inside_the_vault_a_path_is_read_from_the_current_folder(
    example: Path, monkeypatch: pytest.MonkeyPatch, here: str, paths: list[str], notes: int
) -> None:
    monkeypatch.chdir(example / here)
    result = invoke("lint", *paths, "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f" in {notes} notes\n")


def test_from_outside_the_vault_a_path_is_read_from_the_vault(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.parent)  # the repository holding the vault
    result = invoke("lint", "example_vault", "Hiring/Cases", "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(" in 5 notes\n")


def test_from_a_subfolder_new_uses_the_vaults_templates_and_folders(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example / "Hiring")
    result = invoke("new", "candidate", "Lena Holm", "--role", "DE", "--level", "Mid")
    assert result.exit_code == 0, result.output
    assert "created   Hiring/Candidates/Lena Holm.md  (from Templates/Candidate.md" in result.stdout
    assert (example / "Hiring" / "Candidates" / "Lena Holm.md").is_file()


def test_from_a_subfolder_lint_and_show_read_the_whole_vault(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example)
    at_the_root = invoke("lint", "--no-cache")
    monkeypatch.chdir(example / "Hiring" / "Candidates")
    from_inside = invoke("lint", "--no-cache")
    assert (from_inside.exit_code, from_inside.output) == (0, at_the_root.output)
    assert "VT301" not in from_inside.output
    shown = invoke("show", "Kwame Mensah")
    assert shown.stdout.startswith("Hiring/Candidates/Kwame Mensah.md\ntype: candidate\n")
    # A path from the current folder, as `finish` and `mv` take it.
    for given in ("./Kwame Mensah.md", "../Candidates/Kwame Mensah.md"):
        shown = invoke("show", given)
        assert shown.exit_code == 0, shown.output
        assert shown.stdout.startswith("Hiring/Candidates/Kwame Mensah.md\ntype: candidate\n")


def test_a_note_given_from_outside_finds_its_vault(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From the repository's root: the note's vault, not the repository, is the vault.
    monkeypatch.chdir(example.parent)
    (example.parent / "tests").mkdir()
    (example.parent / "tests" / "Kwame Mensah.md").write_text("# a fixture\n", encoding="utf-8")
    result = invoke("lint", "example_vault/Hiring/Candidates/Kwame Mensah.md", "--no-cache")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "0 errors, 0 warnings in 1 note\n"
    folder = invoke("lint", "example_vault/Hiring/Cases", "--no-cache")  # a folder in a vault
    assert folder.stdout.startswith("Hiring/Cases/Warehouse Cost Attribution.md:21:19: VT403")
    assert folder.stderr == "0 errors, 2 warnings in 5 notes\n"


# ---------------------------------------------------------------- commands that write


WRITERS = [
    ["index"],
    ["retro", "--quarter", "2025-Q3"],
    ["watch", "--once"],
    ["new", "candidate", "Lena Holm", "--role", "DE", "--level", "Mid"],
    ["new", "case", "Sessions", "--role", "DE", "--level", "Mid"],
    ["new", "interview", "Ada", "--stage", "technical", "--role", "DE", "--interviewer", "Me"],
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda command: " ".join(command[:2]))
def test_a_writing_command_refuses_where_no_vault_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    (folder / "log.md").write_text("---\ntype: interview\ndate: 2025-07-01\n---\n", "utf-8")
    monkeypatch.chdir(folder)
    result = invoke(*command)
    assert result.exit_code == 2
    assert f"no vault found in {folder} or any folder above it" in result.stderr
    assert ".obsidian/ or .vault-tools/config.yaml" in result.stderr
    assert sorted(os.listdir(folder)) == ["log.md"]
    # Named explicitly, a folder without .obsidian/ is a vault (as the tests' vaults are).
    explicit = invoke(*command, "--vault", ".")
    assert explicit.exit_code in (0, 1), explicit.output


@pytest.mark.parametrize("command", [["index"], ["retro"], ["watch", "--once"]])
def test_a_writing_command_never_writes_at_the_filesystem_root_or_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = invoke(*command, "/")
    assert result.exit_code == 2
    assert "/: the filesystem root is not a vault" in result.stderr
    result = invoke(*command, str(tmp_path))
    assert result.exit_code == 2
    assert "your home folder is not a vault" in result.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("command", [["index"], ["retro"], ["watch", "--once"], ["new"]])
def test_a_writing_command_refuses_the_folder_above_a_vault(
    example: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # `index ~/Documents` wrote Hiring/ beside the real vault ~/Documents/Notes.
    parent = example.parent
    if command == ["new"]:
        command = ["new", "candidate", "Lena Holm", "--role", "DE", "--level", "Mid", "--vault"]
    result = invoke(*command, str(parent))
    assert result.exit_code == 2
    assert f"not a vault root, but it holds the vault {example}; name that folder" in (
        result.stderr
    )
    assert os.listdir(parent) == ["example_vault"]


def test_from_the_folder_above_a_vault_the_refusal_names_it(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example.parent)
    result = invoke("index")
    assert result.exit_code == 2
    assert f"the vault {example} is below it" in result.stderr
    assert os.listdir(example.parent) == ["example_vault"]


def test_a_folder_inside_a_vault_names_that_vault(example: Path) -> None:
    assert vault_for_writing(example / "Hiring" / "Cases") == example.resolve()
    assert vault_for_writing(example / "Home.md") == example.resolve()
    with pytest.raises(NotAVaultError, match="no such file or folder"):
        vault_for_writing(example / "Nowhere")


def test_a_nested_vault_is_looked_for_a_few_levels_down_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b" / "Notes" / ".obsidian").mkdir(parents=True)
    assert nested_vault(tmp_path) == tmp_path / "a" / "b" / "Notes"
    (tmp_path / "deep" / "a" / "b" / "c" / "d" / ".obsidian").mkdir(parents=True)
    assert nested_vault(tmp_path / "deep") is None
    (tmp_path / "home" / ".cache" / "Notes" / ".obsidian").mkdir(parents=True)
    assert nested_vault(tmp_path / "home") is None  # dot-folders are not searched


# ---------------------------------------------------------------- --vault everywhere


@pytest.mark.parametrize(
    "command",
    [
        ["lint", "--no-cache"],
        ["show", "Kwame Mensah"],
        ["schema", "list"],
        ["schema", "show", "interview"],
        ["index"],
        ["retro", "--quarter", "2025-Q3"],
        ["watch", "--once"],
        ["new", "case", "Sessions", "--role", "DE", "--level", "Mid", "--dry-run"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_every_command_takes_vault_as_an_option(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke(*command, "--vault", str(example))
    assert result.exit_code == 0, result.output
    assert os.listdir(elsewhere) == []


def test_two_different_vaults_are_a_usage_error(example: Path, make_vault: MakeVault) -> None:
    other = make_vault({"A.md": "# a\n"})
    result = invoke("index", str(example), "--vault", str(other))
    assert result.exit_code == 2 and "two vaults given" in result.stderr
    assert invoke("lint", str(example), "--vault", str(example), "--no-cache").exit_code == 0
