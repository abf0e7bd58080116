"""The pre-commit hooks check what is being committed: the staged state of the vault.

The hooks' own commands (from .pre-commit-hooks.yaml) run in a temporary git repository, as
pre-commit runs them: from the repository's root, with the staged file names appended for
the `-changed` hook. pre-commit itself runs them too where it is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vault_tools.cli import cli
from vault_tools.lint import lint_folder
from vault_tools.lock import VaultLock
from vault_tools.staged import StagedError, mirror_folder, staged_copy, staged_files

from conftest import REPOSITORY

HOOKS = {
    hook["id"]: hook
    for hook in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text("utf-8"))
}
BROKEN = "---\nkey: [unclosed\n---\n"
CANDIDATE = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n# Ada\n"
LOG = (
    '---\ntype: interview\ncandidate: "[[Ada]]"\nrole: DE\nlevel: Mid\nstage: final\n'
    "date: 2025-07-01\ninterviewers: [Maria]\n---\n# Thoughts\n"
)


def git(repository: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=repository, check=True, capture_output=True, text=True
    ).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repository"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "me@example.com")
    git(root, "config", "user.name", "Me")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(root).as_posix(): (
            path.read_bytes() if path.is_file() else b"",
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
        if ".git" not in path.relative_to(root).parts
    }


def run_hook(hook_id: str, *arguments: str, files: tuple[str, ...] = ()) -> tuple[int, str]:
    """The hook's command as pre-commit builds it: entry, args (or the user's), file names."""
    hook = HOOKS[hook_id]
    command = [*hook["entry"].split(), *(arguments or hook.get("args", []))]
    if hook.get("pass_filenames", True):
        command += files
    assert command[:2] == ["vault-tools", "lint"]
    result = CliRunner().invoke(cli, command[1:])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code != 2, result.stderr
    return result.exit_code, result.stdout


def test_the_hooks_show_warnings() -> None:
    # pre-commit hides a passing hook's output: the warnings were never shown.
    assert all(hook["verbose"] is True for hook in HOOKS.values())
    assert {hook["entry"] for hook in HOOKS.values()} == {
        "vault-tools lint --staged --relative-to repository"
    }


def test_an_untracked_draft_does_not_block_a_commit(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repository, {"Fine.md": "# fine\n", "Draft.md": BROKEN})
    git(repository, "add", "Fine.md")
    monkeypatch.chdir(repository)
    assert run_hook("vault-tools-lint") == (0, "")
    assert CliRunner().invoke(cli, ["lint", "."]).exit_code == 1  # the working tree


def test_a_log_committed_without_its_candidate_note_is_refused(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repository, {"Ada.md": CANDIDATE, "Log.md": LOG})
    git(repository, "add", "Log.md")  # the candidate note exists, but is not committed
    monkeypatch.chdir(repository)
    code, out = run_hook("vault-tools-lint")
    assert code == 1
    assert out.startswith("Log.md:3:12: VT306 candidate: [[Ada]] does not resolve")
    git(repository, "add", "Ada.md")
    assert "VT306" not in run_hook("vault-tools-lint")[1]


def test_the_staged_version_is_checked_not_the_edited_one(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repository, {"Note.md": BROKEN})
    git(repository, "add", "Note.md")
    write(repository, {"Note.md": "# fixed, but not staged\n"})
    monkeypatch.chdir(repository)
    assert run_hook("vault-tools-lint")[1].startswith("Note.md:3:1: VT103")
    assert run_hook("vault-tools-lint-changed", files=("Note.md",))[0] == 1


def test_the_vault_is_left_byte_for_byte_unchanged(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPOSITORY / "example_vault", repository, dirs_exist_ok=True)
    git(repository, "add", "-A")
    write(repository, {"Untracked.md": BROKEN})
    before = snapshot(repository)
    monkeypatch.chdir(repository)
    code, out = run_hook("vault-tools-lint")
    assert code == 0 and "Warehouse Cost Attribution.md:21:19: VT403" in out
    assert snapshot(repository) == before


def test_settings_git_does_not_hold_come_from_the_working_tree(repository: Path) -> None:
    # .obsidian/ is often left out of git; its templates.json still says which folder holds
    # templates (never linted), and its types.json how properties are typed.
    shutil.copytree(REPOSITORY / "example_vault", repository, dirs_exist_ok=True)
    (repository / ".gitignore").write_text(".obsidian/\n", encoding="utf-8")
    git(repository, "add", "-A")
    assert not any(path.startswith(".obsidian/") for path in staged_files(repository))
    with staged_copy(repository) as copy:
        assert repository not in copy.parents
        assert (copy / ".obsidian" / "templates.json").read_bytes() == (
            repository / ".obsidian" / "templates.json"
        ).read_bytes()
        assert (copy / "Home.md").read_bytes() == (repository / "Home.md").read_bytes()
    assert not copy.exists()  # removed afterwards


def test_a_vault_in_a_folder_of_the_repository(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        repository,
        {"README.md": "# notes\n", "Notes/.obsidian/app.json": "{}\n", "Notes/A.md": BROKEN},
    )
    git(repository, "add", "-A")
    monkeypatch.chdir(repository)
    # Paths the repository's way, as git prints them; the README beside the vault is skipped.
    expected = "Notes/A.md:3:1: VT103"
    code, out = run_hook("vault-tools-lint", "Notes")
    assert code == 1 and out.startswith(expected)
    code, out = run_hook("vault-tools-lint-changed", "Notes", files=("README.md", "Notes/A.md"))
    assert code == 1 and out.startswith(expected)
    code, out = run_hook("vault-tools-lint-changed", "Notes", files=("README.md",))
    assert (code, out) == (0, "")


def test_staged_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(StagedError, match="not a git repository"), staged_copy(tmp_path):
        pass
    result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--staged"])
    assert result.exit_code == 2 and "not a git repository" in result.stderr


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_pre_commit_itself_runs_the_hooks(repository: Path) -> None:
    # The hooks as a local repository of hooks, run by the installed vault-tools.
    local = [{**hook, "language": "system"} for hook in HOOKS.values()]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repository / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    write(repository, {"Log.md": LOG, "Ada.md": CANDIDATE, "Draft.md": BROKEN})
    git(repository, "add", ".pre-commit-config.yaml", "Log.md")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        ["pre-commit", "run"], cwd=repository, capture_output=True, text=True, env=environment
    )
    assert done.returncode == 1
    assert "VT306" in done.stdout and "Draft.md" not in done.stdout


def test_attachments_are_there_for_links_but_not_read_out_of_git(repository: Path) -> None:
    write(repository, {"Note.md": "![[Diagram.png]]\n", ".obsidian/app.json": "{}\n"})
    (repository / "Diagram.png").write_bytes(b"\x89PNG" + bytes(1000))
    git(repository, "add", "-A")
    with staged_copy(repository) as copy:
        assert (copy / "Diagram.png").read_bytes() == b""
        assert (copy / "Note.md").read_text(encoding="utf-8") == "![[Diagram.png]]\n"
        assert (copy / ".obsidian" / "app.json").read_text(encoding="utf-8") == "{}\n"
    result = CliRunner().invoke(cli, ["lint", str(repository), "--staged"])
    assert (result.exit_code, result.stdout) == (0, "")  # no VT302: the embed resolves


def test_the_kept_copy_changes_only_where_the_index_changed(
    repository: Path, tmp_path: Path
) -> None:
    # Kept between runs, so that the lint cache answers for the notes no commit touched.
    write(repository, {"A.md": "# a\n", "B.md": "# b\n", "C.md": "# c\n", "D.png": "png"})
    git(repository, "add", "-A")
    mirror = mirror_folder(repository, tmp_path / "cache")
    with staged_copy(repository, mirror) as copy:
        assert copy.parent == mirror.resolve()
        assert lint_folder(copy).notes == 3
    stamps = {path.name: path.stat().st_mtime_ns for path in copy.iterdir()}
    write(repository, {"B.md": "# b, edited\n", "E.md": "# e\n"})
    git(repository, "add", "B.md", "E.md")
    git(repository, "rm", "-q", "--cached", "C.md")
    with staged_copy(repository, mirror) as again:
        assert again == copy
        assert sorted(path.name for path in copy.iterdir()) == ["A.md", "B.md", "D.png", "E.md"]
        assert (copy / "B.md").read_text(encoding="utf-8") == "# b, edited\n"
        assert (copy / "A.md").stat().st_mtime_ns == stamps["A.md"]
        assert (copy / "D.png").stat().st_mtime_ns == stamps["D.png"]
        result = lint_folder(copy)
        assert result.notes == 3
    with staged_copy(repository, mirror) as third:
        assert lint_folder(third).from_cache  # nothing staged since: no note read


def test_a_kept_copy_in_use_is_left_alone(repository: Path, tmp_path: Path) -> None:
    write(repository, {"A.md": "# a\n"})
    git(repository, "add", "-A")
    mirror = mirror_folder(repository, tmp_path / "cache")
    mirror.mkdir(parents=True)
    with VaultLock(mirror, mirror), staged_copy(repository, mirror) as copy:
        assert mirror.resolve() not in copy.parents  # a temporary copy instead
        assert (copy / "A.md").read_text(encoding="utf-8") == "# a\n"
    assert not copy.exists()
    assert not (mirror / "manifest.json").exists()


def test_an_interrupted_update_starts_afresh(repository: Path, tmp_path: Path) -> None:
    write(repository, {"A.md": "# a\n"})
    git(repository, "add", "-A")
    mirror = mirror_folder(repository, tmp_path / "cache")
    with staged_copy(repository, mirror) as copy:
        pass
    (mirror / "manifest.json").unlink()  # as a run killed while updating leaves it
    (copy / "A.md").write_text("half-written", encoding="utf-8")
    (copy / "Stale.md").write_text("# stale\n", encoding="utf-8")
    with staged_copy(repository, mirror) as copy:
        assert sorted(path.name for path in copy.iterdir()) == ["A.md"]
        assert (copy / "A.md").read_text(encoding="utf-8") == "# a\n"
