"""The vault as git's index holds it: what a commit would record.

A pre-commit check must judge the commit, not the working tree: an untracked draft must not
block an unrelated commit, and a log committed without the candidate note it links to must
not pass because the note happens to exist on disk. :func:`staged_copy` writes the index's
version of every file of the vault (``git ls-files -s -z`` for the blobs, one
``git cat-file --batch`` to read them) into a folder outside the vault: one kept in the cache
folder, where each run rewrites only the files whose staged version changed (so the lint
cache, keyed on size and modification time, answers for the rest), or a temporary one. The
vault itself is only read, by git. Lint reads notes and settings;
an attachment (an image, a PDF) only has to exist for links to resolve, so it is written as
an empty file instead of being read out of git (a vault's attachments can weigh gigabytes).

Settings that git does not hold come from the working tree: many vaults keep Obsidian's
config folder out of git (it changes on every click), yet its ``types.json`` and
``templates.json`` decide how notes are read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from vault_tools.cache import cache_home
from vault_tools.errors import VaultToolsError
from vault_tools.lock import VaultLock, VaultLockedError

# Modes of regular files in the index; symlinks (120000) and submodules (160000) are left out.
__all__ = ["StagedError", "mirror_folder", "staged_copy", "staged_files"]

_FILE_MODES = (b"100644", b"100755")
# Settings read from the working tree when the index holds none of their folder.
_SETTINGS = {".obsidian": ("*.json",), ".vault-tools": ("config.yaml", "schemas/*.yaml")}


def mirror_folder(root: str | Path, directory: Path | None = None) -> Path:
    """Where the staged copy of the vault at ``root`` is kept between runs: in the cache
    folder (never in the vault), one per vault."""
    key = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:16]
    return (directory or cache_home()) / "staged" / key


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
def staged_copy(root: str | Path, mirror: Path | None = None) -> Iterator[Path]:
    """A folder outside the vault holding the vault at ``root`` as git's index has it (see the
    module docstring). Raises StagedError outside a git repository.

    ``mirror``: a folder kept between runs (in the cache folder) and brought up to date with
    only the files that changed since, so that a file's modification time changes only when
    its staged version does, and the lint cache answers for the rest. None, or a mirror that
    another run is updating: a temporary folder, removed on exit.
    """
    vault = Path(root).resolve()
    wanted = _wanted(vault)
    lock = VaultLock(mirror, mirror) if mirror is not None else None
    if lock is not None:
        try:
            # The lock knows a folder by its inode: the folder exists before it is locked.
            mirror.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            lock.acquire()
        except (VaultLockedError, OSError):
            lock = None
    if mirror is not None and lock is not None:
        try:
            yield _update(vault, mirror.resolve(), wanted)
        finally:
            lock.release()
        return
    folder = Path(tempfile.mkdtemp(prefix="vault-tools-staged-")).resolve()
    try:
        yield _update(vault, folder, wanted)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wanted(vault: Path) -> dict[str, str]:
    """{vault-relative path: what it must hold}: "blob:ID" for a note or setting git holds,
    "empty:ID" for an attachment, "file:SHA256" for a setting git does not hold."""
    staged = {path: blob for path, blob in staged_files(vault).items() if _safe(path)}
    wanted = {
        path: f"{'blob' if _is_read(path) else 'empty'}:{blob}" for path, blob in staged.items()
    }
    for settings_folder, patterns in _SETTINGS.items():
        if any(path.startswith(f"{settings_folder}/") for path in staged):
            continue  # git holds this folder: its staged version is the one committed
        for pattern in patterns:
            for source in sorted((vault / settings_folder).glob(pattern)):
                if _is_setting_file(source):
                    digest = hashlib.sha256(source.read_bytes()).hexdigest()
                    wanted[source.relative_to(vault).as_posix()] = f"file:{digest}"
    return wanted


def _is_setting_file(path: Path) -> bool:
    """A regular file of at most 1 MiB (a FIFO or /dev/zero there must not hang or fill us)."""
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size <= 1 << 20
    except OSError:
        return False


def _update(vault: Path, folder: Path, wanted: dict[str, str]) -> Path:
    """Make ``folder``/<vault name> hold ``wanted``, writing only what differs from what the
    manifest beside it says it holds; the copy's path."""
    try:
        return _write_copy(vault, folder, wanted)
    except OSError as error:
        raise StagedError(
            f"cannot write the staged copy of {vault} in {folder}: {error}"
        ) from error


def _write_copy(vault: Path, folder: Path, wanted: dict[str, str]) -> Path:
    if folder == vault or vault in folder.parents:
        raise StagedError(f"the folder {folder} for the staged copy is inside the vault {vault}")
    copy = folder / (vault.name or "vault")  # the vault's own name, as Obsidian knows it
    manifest = folder / "manifest.json"
    try:
        held = json.loads(manifest.read_text(encoding="utf-8")) if copy.is_dir() else None
    except (OSError, ValueError):
        held = None
    if not isinstance(held, dict):
        shutil.rmtree(copy, ignore_errors=True)
        held = {}
    # Gone while updating (an interrupted run): the next run starts afresh.
    manifest.unlink(missing_ok=True)
    for relative in sorted(set(held) - set(wanted)):
        (copy / relative).unlink(missing_ok=True)
    changed = sorted(
        p for p, want in wanted.items() if held.get(p) != want or not (copy / p).is_file()
    )
    blobs = [p for p in changed if wanted[p].startswith("blob:")]
    contents = dict(zip(blobs, _blobs(vault, [wanted[p][5:] for p in blobs]), strict=True))
    for relative in changed:
        target = copy / relative
        if target.is_dir():  # a folder once, a file now
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if wanted[relative].startswith("file:"):
            data = (vault / relative).read_bytes()
        else:
            data = contents.get(relative, b"")
        target.write_bytes(data)
    manifest.write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")
    return copy
