"""The one writer: inside the vault only, atomic, only on change, never over a fresh edit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vault_tools.writer import (
    UNSAFE_PATH,
    UnsafePathError,
    WriteStatus,
    check_relative_path,
    read_note_bytes,
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


def test_a_temporary_file_left_by_a_killed_writer_is_cleaned_up(tmp_path: Path) -> None:
    """A SIGKILL mid-write leaves `.Note.md.vault-tools-0123abcd.tmp`; the next write of that
    note removes it once it is clearly stale, and never touches other files."""
    root = tmp_path / "vault"
    root.mkdir()
    stale = root / ".Index.md.vault-tools-0123abcd.tmp"
    fresh = root / ".Index.md.vault-tools-89abcdef.tmp"
    users = root / ".Index.md.vault-tools-notes.tmp"
    for path in (stale, fresh, users):
        path.write_bytes(b"partial")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(users, (old, old))
    outcome = write_if_changed(root, "Index.md", b"# Index\n", None)
    assert outcome.status is WriteStatus.CREATED
    assert not stale.exists()
    assert fresh.exists()  # may belong to a write in progress
    assert users.exists()  # not a name the writer makes


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
