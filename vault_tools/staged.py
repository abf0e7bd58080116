"""The vault as git's index holds it: what a commit would record.

A pre-commit check must judge the commit, not the working tree: an untracked draft must not
block an unrelated commit, and a log committed without the candidate note it links to must
not pass because the note happens to exist on disk. :func:`staged_copy` writes the index's
version of every file of the vault (``git ls-files -s -z`` for the blobs, one
``git cat-file --batch`` to read them all) into a temporary folder outside the vault, and
removes it afterwards; the vault itself is only read, by git. Lint reads notes and settings;
an attachment (an image, a PDF) only has to exist for links to resolve, so it is written as
an empty file instead of being read out of git (a vault's attachments can weigh gigabytes).

Settings that git does not hold come from the working tree: many vaults keep Obsidian's
config folder out of git (it changes on every click), yet its ``types.json`` and
``templates.json`` decide how notes are read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from vault_tools.errors import VaultToolsError

# Modes of regular files in the index; symlinks (120000) and submodules (160000) are left out.
_FILE_MODES = (b"100644", b"100755")
# Settings read from the working tree when the index holds none of their folder.
_SETTINGS = {".obsidian": ("*.json",), ".vault-tools": ("config.yaml", "schemas/*.yaml")}


class StagedError(VaultToolsError):
    """The staged state cannot be read: not a git repository, or git failed."""


def _git(root: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *arguments], cwd=root, input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise StagedError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        message = os.fsdecode(done.stderr).strip() or f"exit status {done.returncode}"
        raise StagedError(f"git {arguments[0]} in {root}: {message}")
    return done.stdout


def staged_files(root: Path) -> dict[str, str]:
    """{vault-relative path: blob id} of the regular files of the vault in git's index
    (merged entries only: stage 0)."""
    listed = _git(root, "ls-files", "--stage", "-z", "--", ".")
    found: dict[str, str] = {}
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        header, _, path = entry.partition(b"\t")
        mode, blob, stage = header.split(b" ")
        if mode in _FILE_MODES and stage == b"0":
            found[os.fsdecode(path)] = blob.decode("ascii")
    return found


def _blobs(root: Path, blob_ids: list[str]) -> Iterator[bytes]:
    """The contents of ``blob_ids``, in order, read by one ``git cat-file --batch``."""
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blob_ids).encode())
    position = 0
    for blob in blob_ids:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        if len(header) != 3 or header[1] != b"blob":
            raise StagedError(f"git cat-file: no blob {blob}")
        size = int(header[2])
        yield output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1  # the content is followed by a newline


def _is_read(relative: str) -> bool:
    """A note, or a file in a dot-folder (settings, schemas): its content counts."""
    return relative.lower().endswith(".md") or any(
        part.startswith(".") for part in relative.split("/")
    )


def _safe(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return bool(parts) and not relative.startswith("/") and ".." not in parts


@contextlib.contextmanager
def staged_copy(root: str | Path) -> Iterator[Path]:
    """A temporary folder holding the vault at ``root`` as git's index has it (see the module
    docstring); removed on exit. Raises StagedError outside a git repository."""
    vault = Path(root).resolve()
    files = {path: blob for path, blob in staged_files(vault).items() if _safe(path)}
    folder = Path(tempfile.mkdtemp(prefix="vault-tools-staged-")).resolve()
    try:
        if folder == vault or vault in folder.parents:
            raise StagedError(f"the temporary folder {folder} is inside the vault {vault}")
        copy = folder / (vault.name or "vault")  # the vault's own name, as Obsidian knows it
        copy.mkdir()
        paths = sorted(files)
        read = [path for path in paths if _is_read(path)]
        for relative in paths:
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            (copy / relative).touch()
        for relative, data in zip(read, _blobs(vault, [files[p] for p in read]), strict=True):
            (copy / relative).write_bytes(data)
        _copy_untracked_settings(vault, copy, paths)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_untracked_settings(vault: Path, copy: Path, staged: list[str]) -> None:
    for settings_folder, patterns in _SETTINGS.items():
        if any(path.startswith(f"{settings_folder}/") for path in staged):
            continue  # git holds this folder: its staged version is the one committed
        for pattern in patterns:
            for source in sorted((vault / settings_folder).glob(pattern)):
                if source.is_file() and not source.is_symlink():
                    target = copy / source.relative_to(vault)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
