"""The one writer: inside the vault only, atomic, only on change, never over a fresh edit."""

from __future__ import annotations

import fcntl
import os
import random
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import vault_tools.writer as writer_module
from vault_tools.regions import render_block, replace_regions
from vault_tools.writer import (
    UNSAFE_PATH,
    UnsafePathError,
    WriteStatus,
    check_relative_path,
    read_note_bytes,
    remove_leftover_temporaries,
    write_if_changed,
)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    return root


def test_creates_a_note_and_its_folders(vault: Path) -> None:
    outcome = write_if_changed(vault, "Hiring/Retros/Q3.md", b"hello\n", None)
    assert outcome.status is WriteStatus.CREATED
    assert (vault / "Hiring/Retros/Q3.md").read_bytes() == b"hello\n"
    assert not [p for p in (vault / "Hiring/Retros").iterdir() if p.name != "Q3.md"]


def test_updates_only_when_the_content_changes(vault: Path) -> None:
    note = vault / "Index.md"
    note.write_bytes(b"same")
    os.utime(note, ns=(1_000_000_000, 1_000_000_000))
    outcome = write_if_changed(vault, "Index.md", b"same", b"same")
    assert outcome.status is WriteStatus.UNCHANGED
    assert note.stat().st_mtime_ns == 1_000_000_000  # not even touched

    outcome = write_if_changed(vault, "Index.md", b"new", b"same")
    assert outcome.status is WriteStatus.UPDATED
    assert note.read_bytes() == b"new"


def test_keeps_the_notes_permissions(vault: Path) -> None:
    note = vault / "Index.md"
    note.write_bytes(b"old")
    note.chmod(0o640)
    write_if_changed(vault, "Index.md", b"new", b"old")
    assert note.stat().st_mode & 0o777 == 0o640


def test_a_note_changed_on_disk_since_it_was_read_is_not_overwritten(vault: Path) -> None:
    note = vault / "Index.md"
    note.write_bytes(b"what we read")
    note.write_bytes(b"the user saved this meanwhile")
    outcome = write_if_changed(vault, "Index.md", b"generated", b"what we read")
    assert outcome.status is WriteStatus.CONFLICT
    assert outcome.message == "changed while generating, will retry"
    assert note.read_bytes() == b"the user saved this meanwhile"


def test_a_note_that_appeared_since_we_looked_is_not_overwritten(vault: Path) -> None:
    (vault / "New.md").write_bytes(b"made by the user")
    outcome = write_if_changed(vault, "New.md", b"generated", None)
    assert outcome.status is WriteStatus.CONFLICT
    assert (vault / "New.md").read_bytes() == b"made by the user"


def test_a_note_deleted_since_it_was_read_is_not_recreated(vault: Path) -> None:
    outcome = write_if_changed(vault, "Gone.md", b"generated", b"old")
    assert outcome.status is WriteStatus.CONFLICT
    assert not (vault / "Gone.md").exists()


@pytest.mark.parametrize(
    "path",
    [
        "../outside.md",
        "Hiring/../../outside.md",
        "/etc/passwd.md",
        "C:/Users/x.md",
        "Hiring\\Index.md",
        ".obsidian/workspace.md",
        "Hiring/.hidden.md",
        "Hiring/Index.txt",
        "Hiring//Index.md",
        "./Index.md",
        "",
    ],
)
def test_unsafe_paths_are_refused(vault: Path, path: str) -> None:
    with pytest.raises(UnsafePathError):
        check_relative_path(path)
    outcome = write_if_changed(vault, path, b"x", None)
    assert outcome.status is WriteStatus.REFUSED
    assert outcome.problems[0].code == UNSAFE_PATH


def test_never_follows_a_symlinked_folder_out_of_the_vault(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "Hiring").symlink_to(outside, target_is_directory=True)
    outcome = write_if_changed(vault, "Hiring/Index.md", b"x", None)
    assert outcome.status is WriteStatus.REFUSED
    assert list(outside.iterdir()) == []
    with pytest.raises(UnsafePathError):
        read_note_bytes(vault, "Hiring/Index.md")


def test_never_replaces_a_symlinked_note(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_bytes(b"secret")
    (vault / "Index.md").symlink_to(outside)
    outcome = write_if_changed(vault, "Index.md", b"x", b"secret")
    assert outcome.status is WriteStatus.REFUSED
    assert outside.read_bytes() == b"secret"
    assert (vault / "Index.md").is_symlink()


def test_a_symlinked_folder_inside_the_vault_is_fine(vault: Path) -> None:
    (vault / "Real").mkdir()
    (vault / "Alias").symlink_to(vault / "Real", target_is_directory=True)
    outcome = write_if_changed(vault, "Alias/Index.md", b"x", None)
    assert outcome.status is WriteStatus.CREATED
    assert (vault / "Real/Index.md").read_bytes() == b"x"


def test_read_note_bytes(vault: Path) -> None:
    assert read_note_bytes(vault, "Missing/Note.md") is None
    assert not (vault / "Missing").exists()  # reading never creates folders
    (vault / "Note.md").write_bytes(b"\xef\xbb\xbfbom")
    assert read_note_bytes(vault, "Note.md") == b"\xef\xbb\xbfbom"


def test_temporary_files_left_by_a_killed_writer_are_removed_by_the_next_run(
    tmp_path: Path,
) -> None:
    """A SIGKILL mid-write leaves `.Note.md.vault-tools-0123abcd.tmp` (git and sync tools pick
    it up): the next run removes every such file in its notes' folders at once, however fresh,
    but not one a running writer holds (locked) and never another name."""
    root = tmp_path / "vault"
    (root / "Hiring").mkdir(parents=True)
    left = root / "Hiring/.Index.md.vault-tools-0123abcd.tmp"
    other_note = root / "Hiring/.Case Index.md.vault-tools-00ff00ff.tmp"
    in_use = root / "Hiring/.Index.md.vault-tools-89abcdef.tmp"
    users = [
        root / "Hiring/.Index.md.vault-tools-notes.tmp",
        root / "Hiring/Index.md.vault-tools-0123abcd.tmp",
        root / "Hiring/.Index.md.vault-tools-0123abcd.tmp.bak",
        root / ".Index.md.vault-tools-0123abcd.tmp",  # a folder no run writes to
    ]
    for path in (left, other_note, in_use, *users):
        path.write_bytes(b"partial")
    with open(in_use, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        removed = remove_leftover_temporaries(root, ["Hiring/Interview Index.md"])
    assert sorted(removed) == sorted(
        [
            "Hiring/.Index.md.vault-tools-0123abcd.tmp",
            "Hiring/.Case Index.md.vault-tools-00ff00ff.tmp",
        ]
    )
    assert not left.exists() and not other_note.exists()
    assert in_use.exists()  # a write in progress
    assert all(path.exists() for path in users)


@pytest.mark.parametrize("length", [200, 226, 230, 252])  # bytes of the name before ".md"
def test_a_note_with_a_long_name_is_written(vault: Path, length: int) -> None:
    # The temporary file's name (".<name>.vault-tools-0123abcd.tmp") must fit in the file
    # system's 255 bytes as well as the note's.
    name = "é" * (length // 2) + "a" * (length % 2) + ".md"
    assert len(name.encode("utf-8")) == length + 3
    outcome = write_if_changed(vault, name, b"text\n", None)
    assert outcome.status is WriteStatus.CREATED, outcome.message
    assert (vault / name).read_bytes() == b"text\n"
    assert os.listdir(vault) == [name]  # no temporary file left
    again = write_if_changed(vault, name, b"more\n", b"text\n")
    assert again.status is WriteStatus.UPDATED and os.listdir(vault) == [name]


# ------------------------------------------------------------------------ saves during a write
BLOCK = "index"
HEAD = "# Mine\n\nMy words.\n\n"


def _merger(generated: str) -> Callable[[bytes], bytes | None]:
    def merge(newer: bytes) -> bytes | None:
        replaced, _ = replace_regions(newer.decode("utf-8"), {BLOCK: generated})
        return None if replaced is None else replaced.encode("utf-8")

    return merge


def _generate(root: Path, relative: str, run: int) -> WriteStatus:
    """What index and the watcher do: read the note, merge the block in, write."""
    data = (root / relative).read_bytes()
    merge = _merger(f"generated by run {run}")
    content = merge(data)
    assert content is not None
    return write_if_changed(root, relative, content, data, merge).status


def _append(note: Path, line: str) -> None:  # an in-place save (a sync tool, `>>`, Obsidian)
    with open(note, "a", encoding="utf-8") as handle:
        handle.write(line)


def _editor_save(note: Path, line: str) -> None:  # a new file renamed over the note
    text = note.read_text(encoding="utf-8")  # the editor has the note loaded
    temporary = note.with_name(f"{note.name}~")
    temporary.write_text(text + line, encoding="utf-8")
    os.replace(temporary, note)


SAVES = {"append": _append, "editor": _editor_save}


def _kept_text(root: Path) -> str:
    """The note's text and every save kept beside it."""
    kept = sorted(root.glob(".*.kept"))
    return (root / "Index.md").read_text() + "".join(path.read_text() for path in kept)


@pytest.mark.parametrize("swap", [True, False], ids=["swap", "no-swap"])
@pytest.mark.parametrize("save", ["append", "editor"])
def test_a_save_made_while_the_note_is_being_replaced_is_kept_and_merged(
    vault: Path, monkeypatch: pytest.MonkeyPatch, save: str, swap: bool
) -> None:
    """The rename delayed (as under strace's delay_enter) and the user saving meanwhile: the
    save is in the note, with the new block merged into it; nothing is left beside it."""
    if save == "editor" and not swap:
        pytest.skip("without an atomic swap, a rename in the last microseconds is not seen")
    note = vault / "Index.md"
    note.write_text(HEAD + render_block(BLOCK, "old"))
    real_exchange, real_replace = writer_module._exchange, os.replace
    saved: list[str] = []

    def delayed(first: Path, second: Path) -> bool:
        if not saved and Path(second) == note:
            saved.append("Saved during the rename.\n")
            SAVES[save](note, saved[0])
        return real_exchange(first, second) if swap else False

    def delayed_replace(source: str | Path, target: str | Path) -> None:
        if not saved and Path(target) == note:
            saved.append("Saved during the rename.\n")
            SAVES[save](note, saved[0])
        real_replace(source, target)

    monkeypatch.setattr(writer_module, "_exchange", delayed)
    if not swap:
        monkeypatch.setattr(writer_module.os, "replace", delayed_replace)
    status = _generate(vault, "Index.md", 1)
    monkeypatch.undo()
    assert saved and status is WriteStatus.UPDATED
    text = note.read_text()
    assert text.startswith(HEAD) and text.endswith(saved[0])
    assert "generated by run 1" in text and "old" not in text
    assert sorted(os.listdir(vault)) == ["Index.md"]


def test_a_program_still_writing_into_the_displaced_note_is_waited_for(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program opened the note just before the swap and writes after it (Obsidian's save
    opens, truncates, writes): its bytes land in the displaced file, which is read only once
    that program closed it."""
    if not hasattr(fcntl, "F_SETLEASE"):
        pytest.skip("leases are Linux's")
    note = vault / "Index.md"
    note.write_text(HEAD + render_block(BLOCK, "old"))
    real_exchange = writer_module._exchange
    late = "Written through a file opened before the swap.\n"
    threads: list[threading.Thread] = []

    def open_before_swap(first: Path, second: Path) -> bool:
        if threads:
            return real_exchange(first, second)
        handle = open(note, "a", encoding="utf-8")  # noqa: SIM115 - closed by the thread

        def write_later() -> None:
            time.sleep(0.05)
            handle.write(late)
            handle.close()

        threads.append(threading.Thread(target=write_later))
        threads[0].start()
        return real_exchange(first, second)

    monkeypatch.setattr(writer_module, "_exchange", open_before_swap)
    status = _generate(vault, "Index.md", 1)
    monkeypatch.undo()
    assert status is WriteStatus.UPDATED
    text = note.read_text()
    assert text.endswith(late) and "generated by run 1" in text


@pytest.mark.parametrize("save", ["append", "editor"])
def test_hundreds_of_saves_timed_around_the_rename_lose_nothing(
    vault: Path, monkeypatch: pytest.MonkeyPatch, save: str
) -> None:
    """A saver races the writer: each save is let go just as a write is about to swap the note,
    after a random delay of 0-300 µs on both sides, so saves land before, during and after
    the rename. In-place appends; or an editor's saves (the text it loaded between two writes,
    plus a line, renamed over the note). Every saved line is in the note at the end (or, had
    two saves raced one rename, in a file kept beside it), and the block is there once."""
    note = vault / "Index.md"
    note.write_text(HEAD + render_block(BLOCK, "start"))
    real_exchange = writer_module._exchange
    about_to_swap = threading.Event()
    writing = threading.Lock()
    randomness = random.Random(20)

    def spin(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass

    def exchange(first: Path, second: Path) -> bool:
        about_to_swap.set()
        spin(randomness.random() * 0.0003)
        return real_exchange(first, second)

    monkeypatch.setattr(writer_module, "_exchange", exchange)
    monkeypatch.setattr(writer_module.os, "fsync", lambda descriptor: None)  # speed only
    lines: list[str] = []
    count = 200

    def saver() -> None:
        for number in range(count):
            with writing:  # an editor reloads the note when it changed on disk
                loaded = note.read_text()
            about_to_swap.clear()
            about_to_swap.wait(0.05)
            spin(randomness.random() * 0.0003)
            lines.append(f"saved line {number}\n")
            if save == "append":
                _append(note, lines[-1])
            else:
                editor_file = vault / "Index.md~"
                editor_file.write_text(loaded + lines[-1])
                os.replace(editor_file, note)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # let the threads interleave finely
    thread = threading.Thread(target=saver)
    runs = 0
    try:
        thread.start()
        while thread.is_alive():
            runs += 1
            with writing:
                _generate(vault, "Index.md", runs)
            time.sleep(0)  # let a waiting editor load the note
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    monkeypatch.undo()
    assert _generate(vault, "Index.md", runs + 1) is WriteStatus.UPDATED
    text = note.read_text()
    lost = [line for line in lines if line not in _kept_text(vault)]
    assert len(lines) == count and lost == []
    assert text.count(f"%% vault-tools:begin {BLOCK} %%") == 1
    assert f"generated by run {runs + 1}\n" in text
    assert not list(vault.glob(".*.tmp"))


def test_a_read_only_note_is_not_rewritten(vault: Path) -> None:
    """The user made the note read-only (chmod 444, "Locked" in Finder): a rename would replace
    it anyway, so the writer itself respects the permission."""
    note = vault / "Index.md"
    note.write_bytes(b"old")
    note.chmod(0o444)
    outcome = write_if_changed(vault, "Index.md", b"new", b"old")
    assert outcome.status is WriteStatus.REFUSED
    assert "read-only" in outcome.message
    assert [problem.code for problem in outcome.problems] == [UNSAFE_PATH]
    assert note.read_bytes() == b"old" and note.stat().st_mode & 0o777 == 0o444
    assert write_if_changed(vault, "Index.md", b"old", b"old").status is WriteStatus.UNCHANGED
