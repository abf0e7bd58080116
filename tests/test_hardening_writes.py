"""Writes under stress: killed mid-write, raced by the user's own edits, and by a second
watcher. The note on disk is always exactly the old bytes or the new bytes, a user's edit is
never overwritten, and nothing we leave behind is ever read as a note.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import vault_tools.writer as writer_module
from vault_tools import generate, regions
from vault_tools.cli import cli
from vault_tools.lint import lint
from vault_tools.lock import lock_path
from vault_tools.vault import Vault
from vault_tools.writer import WriteStatus, write_if_changed

from conftest import MakeVault, process_environment

NOTE = "Hiring/Big Index.md"
CANDIDATE = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n"
LOG = (
    "---\ntype: interview\ncandidate: '[[Ann]]'\nrole: DE\nlevel: Mid\nstage: get-to-know\n"
    "date: {day}\ninterviewers: [Maria]\n---\n"
)


# ------------------------------------------------------------------------ killed mid-write

# Rewrites the note back and forth between two large versions, forever, through the one
# writer; each write replaces exactly what the previous one wrote.
_WRITER_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from vault_tools.writer import write_if_changed

    root, relative = Path(sys.argv[1]), sys.argv[2]
    versions = [(root / name).read_bytes() for name in ("old.bin", "new.bin")]
    current = versions[0]
    print("ready", flush=True)
    while True:
        following = versions[1] if current == versions[0] else versions[0]
        outcome = write_if_changed(root / "vault", relative, following, current)
        assert outcome.status.value == "updated", outcome
        current = following
    """
)


def _versions(size: int) -> tuple[bytes, bytes]:
    line_old = b"| old | row | of | the | generated | index |\n"
    line_new = b"| NEW | ROW | OF | THE | GENERATED | INDEX | more |\n"
    old = b"# Index\n\n" + line_old * (size // len(line_old))
    new = b"# Index\n\n" + line_new * (size // len(line_new))
    return old, new


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_note_never_half(tmp_path: Path) -> None:
    old, new = _versions(6 * 1024 * 1024)
    (tmp_path / "old.bin").write_bytes(old)
    (tmp_path / "new.bin").write_bytes(new)
    vault = tmp_path / "vault"
    (vault / "Hiring").mkdir(parents=True)
    (vault / "Hiring" / "Ann.md").write_text(CANDIDATE)
    target = vault / NOTE
    chance = random.Random(int(os.environ.get("HARDENING_SEED", "0")) or time.time_ns())
    seen = set()
    for _run in range(8):
        target.write_bytes(old)
        process = subprocess.Popen(
            [sys.executable, "-c", _WRITER_LOOP, str(tmp_path), NOTE],
            env=process_environment(tmp_path / "cache"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n", process.stderr
        time.sleep(chance.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL, (
            process.stderr.read() if process.stderr else ""
        )
        data = target.read_bytes()
        assert data in (old, new), f"a partial note: {len(data)} bytes"
        seen.add(data == new)
        # Whatever the kill left behind (a temporary dot-file) is not a note, not a file
        # Obsidian would link to, and not linted.
        opened = Vault.open(vault)
        assert sorted(opened.notes) == ["Hiring/Ann.md", NOTE]
        assert not [path for path in opened.files if "vault-tools" in path]
        assert not [d for d in lint(opened) if d.path != "Hiring/Ann.md"]
        leftovers = [p.name for p in (vault / "Hiring").iterdir() if p.name.endswith(".tmp")]
        assert all(name.startswith(".") for name in leftovers), leftovers
        # The next run removes them (git and sync tools would pick them up).
        removed = writer_module.remove_leftover_temporaries(vault, [NOTE])
        assert sorted(removed) == sorted(f"Hiring/{name}" for name in leftovers)
        assert sorted(p.name for p in (vault / "Hiring").iterdir()) == ["Ann.md", "Big Index.md"]
    assert seen, "no run was checked"


def test_temporary_files_of_a_crashed_write_are_never_notes(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "Hiring/Ann.md": CANDIDATE,
            "Hiring/.Interview Index.md.vault-tools-0badc0de.tmp": "# half a note",
            "Hiring/.Ann.md.vault-tools-12345678.tmp": CANDIDATE,
        }
    )
    vault = Vault.open(root)
    assert sorted(vault.files) == ["Hiring/Ann.md"]
    assert vault.update("Hiring/.Ann.md.vault-tools-12345678.tmp") in (False, True)
    assert "Hiring/.Ann.md.vault-tools-12345678.tmp" not in Vault.open(root).notes


@pytest.mark.parametrize(
    "command",
    [["index"], ["watch", "--once"], ["retro", "--quarter", "2025-Q3"]],
    ids=["index", "watch", "retro"],
)
def test_the_next_run_removes_what_a_killed_write_left(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    left = {
        "Hiring/.Interview Index.md.vault-tools-0badc0de.tmp": "# half an index",
        "Hiring/Retrospectives/.2025-Q3 Interview Retrospective.md.vault-tools-00c0ffee.tmp": "",
    }
    root = make_vault(
        {"Hiring/Ann.md": CANDIDATE, "Hiring/Log.md": LOG.format(day="2025-08-05"), **left}
    )
    (root / "Hiring/.Ann.md.vault-tools-notes.tmp").write_text("the user's own file")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, [command[0], str(root), *command[1:]])
    assert result.exit_code == 0, result.output
    hidden = sorted(p.name for p in root.rglob(".*") if p.is_file())
    if command[0] != "retro":
        assert hidden == [".Ann.md.vault-tools-notes.tmp"]
    else:  # retro writes the retrospective only: its folder is cleaned
        assert hidden == [
            ".Ann.md.vault-tools-notes.tmp",
            ".Interview Index.md.vault-tools-0badc0de.tmp",
        ]


# ------------------------------------------------------------------------ the user's edits win


@pytest.fixture
def hiring_vault(make_vault: MakeVault) -> Path:
    root = make_vault(
        {
            "Hiring/Ann.md": CANDIDATE,
            "Hiring/Log.md": LOG.format(day="2025-08-05"),
            "Hiring/Interview Index.md": "# Mine\n\nMy own words.\n\n"
            + regions.render_block("interview-index", "stale")
            + "\nMore of my words.\n",
        }
    )
    return root


USER_EDIT = "\nAn edit saved while vault-tools was generating.\n"


def _edit(path: Path) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(USER_EDIT)


def test_an_edit_between_read_and_write_is_not_overwritten(
    hiring_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = hiring_vault / "Hiring" / "Interview Index.md"
    real_replace = regions.replace_regions

    def replace_then_user_saves(text: str, blocks: object, path: str = "") -> object:
        result = real_replace(text, blocks, path)  # type: ignore[arg-type]
        if path == "Hiring/Interview Index.md":
            _edit(index)  # the user saves right after we read the note
        return result

    monkeypatch.setattr(regions, "replace_regions", replace_then_user_saves)
    vault = Vault.open(hiring_vault)
    outcomes = {o.path: o for o in generate.apply(vault, generate.plan(vault))}
    assert outcomes["Hiring/Interview Index.md"].status is WriteStatus.CONFLICT
    text = index.read_text()
    assert text.endswith(USER_EDIT) and "stale" in text


@pytest.mark.parametrize("edit", ["append", "delete", "replace by rename"])
def test_an_edit_during_the_write_itself_is_not_overwritten(
    hiring_vault: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """The user saves while our temporary file is being written and synced: the save is kept
    and the fresh block goes into it (a deleted note stays deleted)."""
    index = hiring_vault / "Hiring" / "Interview Index.md"
    real_fsync = os.fsync
    edited: list[bytes | None] = []

    temporary = index.parent / f".{index.name}.vault-tools-feedbeef.tmp"

    def fsync_while_user_saves(descriptor: int) -> None:
        real_fsync(descriptor)
        if not edited and temporary.exists():  # syncing our new index note
            if edit == "append":
                _edit(index)
            elif edit == "delete":
                index.unlink()
            else:  # an editor's save: a new file renamed over the note
                (index.parent / "tmp-save").write_text("Rewritten by the editor.\n")
                os.replace(index.parent / "tmp-save", index)
            edited.append(index.read_bytes() if index.exists() else None)

    monkeypatch.setattr(writer_module.os, "fsync", fsync_while_user_saves)
    monkeypatch.setattr(writer_module.secrets, "token_hex", lambda size: "feedbeef")
    vault = Vault.open(hiring_vault)
    outcomes = {o.path: o for o in generate.apply(vault, generate.plan(vault))}
    monkeypatch.undo()
    assert edited, "the write never synced"
    assert not [p.name for p in index.parent.iterdir() if p.name.startswith(".")]
    outcome = outcomes["Hiring/Interview Index.md"]
    if edit == "delete":
        assert outcome.status is WriteStatus.CONFLICT and not index.exists()
        return
    assert outcome.status is WriteStatus.UPDATED
    saved = edited[0]
    assert saved is not None
    text = index.read_text()
    assert "\nstale\n" not in text and "Interview logs by quarter" in text  # the fresh block
    if edit == "append":  # the whole save is there, the block merged into it
        assert text.startswith("# Mine\n\nMy own words.\n\n") and text.endswith(USER_EDIT)
        assert "More of my words." in text
    else:  # the editor's text had no block: it is added after it
        assert text.startswith("Rewritten by the editor.\n\n%% vault-tools:begin")


def test_a_note_created_by_the_user_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    real_link = os.link

    def user_creates_it_first(source: str | Path, target: str | Path) -> None:
        Path(target).write_text("The user's new note.\n")
        real_link(source, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer_module.os, "link", user_creates_it_first)
        outcome = write_if_changed(root, "Hiring/New.md", b"ours\n", None)
    assert outcome.status is WriteStatus.CONFLICT
    assert (root / "Hiring" / "New.md").read_text() == "The user's new note.\n"
    assert sorted(p.name for p in (root / "Hiring").iterdir()) == ["New.md"]


# ------------------------------------------------------------------------ two watchers


def _start_watcher(root: Path | str, cache: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "vault_tools", "watch", str(root)],
        env=process_environment(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    started = ""
    while "read " not in started:  # the start-up regeneration's log line
        line = process.stderr.readline()
        assert line, f"the watcher ended early: {started}"
        started += line
    return process


def _stop(process: subprocess.Popen[str], how: int = signal.SIGTERM) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(how)
    try:
        status = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        status = process.wait()
    rest = process.stderr.read() if process.stderr else ""
    return status, rest


def _run(arguments: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vault_tools", *arguments],
        env=process_environment(cache),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_second_watcher_process_exits_with_a_clear_message(
    hiring_vault: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    # The same vault through another path: a symlink to it, and a relative path with "..".
    (tmp_path / "same vault").symlink_to(hiring_vault, target_is_directory=True)
    first = _start_watcher(hiring_vault, cache)
    try:
        before = {p: p.read_bytes() for p in hiring_vault.rglob("*.md")}
        for other in (
            [str(hiring_vault)],
            [str(tmp_path / "same vault"), "--once"],
            [str(hiring_vault / "Hiring" / ".."), "--once"],
        ):
            second = _run(["watch", *other], cache)
            if "--once" in other:  # as `index`: the running watcher keeps the notes
                assert second.returncode == 0, second.stderr
                assert f"watcher (pid {first.pid}) keeps the generated notes" in second.stderr
            else:
                assert second.returncode == 2, second.stderr
                assert f"another vault-tools watcher (pid {first.pid}) is running" in (
                    second.stderr
                )
            assert "Traceback" not in second.stderr
        assert {p: p.read_bytes() for p in hiring_vault.rglob("*.md")} == before
    finally:
        status, rest = _stop(first)
    assert status == 0, rest
    assert "Traceback" not in rest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="no lock names there")
def test_a_second_watcher_with_another_cache_folder_is_refused_too(
    hiring_vault: Path, tmp_path: Path
) -> None:
    """A systemd unit and a terminal may see different cache folders: the vault's folder is
    locked as well, so the second still meets the first."""
    first = _start_watcher(hiring_vault, tmp_path / "cache")
    try:
        second = _run(["watch", str(hiring_vault)], tmp_path / "other cache")
        assert second.returncode == 2, second.stderr
        assert "another vault-tools watcher (pid unknown) is running" in second.stderr
    finally:
        status, rest = _stop(first)
    assert status == 0, rest
    assert sorted(path.name for path in hiring_vault.iterdir()) == sorted(
        path.name for path in hiring_vault.iterdir() if not path.name.endswith(".lock")
    )  # nothing written in the vault for it


def test_a_killed_watcher_leaves_no_stale_lock(hiring_vault: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _start_watcher(hiring_vault, cache)
    status, _ = _stop(first, signal.SIGKILL)
    assert status == -signal.SIGKILL
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VAULT_TOOLS_CACHE_DIR", str(cache))
        assert lock_path(hiring_vault).exists()  # the file stays; the lock went with the process
    again = _run(["watch", str(hiring_vault), "--once", "-q"], cache)
    assert again.returncode == 0, again.stderr


def test_index_runs_racing_a_watcher_and_the_user_corrupt_nothing(
    hiring_vault: Path, tmp_path: Path
) -> None:
    """`vault-tools index` takes no lock: while a watcher runs and the user keeps editing
    notes, every write still replaces a whole note and the user's words stay put."""
    cache = tmp_path / "cache"
    index = hiring_vault / "Hiring" / "Interview Index.md"
    watcher = _start_watcher(hiring_vault, cache)
    runner = CliRunner()
    try:
        for day in range(1, 9):
            log = hiring_vault / "Hiring" / f"Log {day}.md"
            log.write_text(LOG.format(day=f"2025-08-{day:02d}"))
            _edit(index)  # the user writes in the index note, outside the block
            result = runner.invoke(cli, ["index", str(hiring_vault)])
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
    finally:
        status, rest = _stop(watcher)
    assert status == 0 and "Traceback" not in rest, rest
    final = runner.invoke(cli, ["index", str(hiring_vault)])
    assert final.exit_code == 0, final.output
    text = index.read_text()
    assert text.startswith("# Mine\n\nMy own words.\n\n")
    assert "\nMore of my words.\n" in text and text.count(USER_EDIT.strip()) == 8
    assert regions.find_regions(text).problems == ()
    rows = (hiring_vault / "Hiring" / "Interviews by quarter" / "2025-Q3.md").read_text()
    assert all(f"2025-08-{day:02d}" in rows for day in range(1, 9))


def test_an_unclosed_fence_above_the_block_stops_the_writes_and_lint_says_why(
    hiring_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unclosed ``` above the block hid its markers, and every run appended a new block
    (2,026 -> 3,853 -> 5,680 bytes): now the note is refused, unchanged, run after run."""
    index = hiring_vault / "Hiring" / "Interview Index.md"
    index.write_text(
        "# Mine\n\n```\nhalf a snippet\n\n" + regions.render_block("interview-index", "stale")
    )
    before = index.read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for _run in range(2):
        result = CliRunner().invoke(cli, ["index", str(hiring_vault)])
        assert result.exit_code == 1, result.output
        assert "Hiring/Interview Index.md" in result.output and "VT505" in result.output
        assert index.read_bytes() == before
    found = [d for d in lint(Vault.open(hiring_vault)) if d.code == "VT505"]
    assert [(d.path, d.line) for d in found] == [("Hiring/Interview Index.md", 6)]
