"""Finding the vault a command runs on, as git finds a repository.

A vault root is a folder holding Obsidian's config folder (``.obsidian/``) or a
``.vault-tools/config.yaml``. Without an explicit vault, commands walk up from the current
folder (or from a file or folder they were given) to the nearest one. A command that writes
never guesses: where no vault root is found it needs the vault named, and even a named folder
is refused when writing there could only be a mistake (the filesystem root, the home folder,
or a folder that holds a vault further down: ``index ~/Documents`` would write a second
``Hiring/`` beside the real vault).
"""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path

from vault_tools.errors import NotAVaultError

__all__ = [
    "CONFIG_FILE",
    "MARKERS",
    "OBSIDIAN_FOLDER",
    "NoVaultFoundError",
    "UnsafeVaultError",
    "find_repository_root",
    "find_vault_root",
    "is_vault_root",
    "nested_vault",
    "searched_from",
    "vault_for_reading",
    "vault_for_writing",
]

OBSIDIAN_FOLDER = ".obsidian"
CONFIG_FILE = Path(".vault-tools") / "config.yaml"
MARKERS = (f"{OBSIDIAN_FOLDER}/", CONFIG_FILE.as_posix())

# How far below a named folder a nested vault is looked for before writing there: deep enough
# for ~/Documents/Notes/Work Vault, bounded so that naming a big folder costs milliseconds.
_NESTED_DEPTH = 3
_NESTED_FOLDERS = 2000


class NoVaultFoundError(NotAVaultError):
    """No vault root at or above the folder a writing command started from."""


class UnsafeVaultError(NotAVaultError):
    """A folder named as the vault that a writing command must not write into."""


def is_vault_root(folder: Path) -> bool:
    """True when ``folder`` holds Obsidian's config folder or a vault-tools config file."""
    try:
        return (folder / OBSIDIAN_FOLDER).is_dir() or (folder / CONFIG_FILE).is_file()
    except OSError:  # unreadable: not a vault we can use
        return False


def _never_a_vault(folder: Path) -> bool:
    """The filesystem root and the home folder: a global settings folder there (an app's
    ``~/.obsidian``) must not make every folder below it one vault."""
    return folder == Path(folder.anchor) or folder == Path.home().resolve()


def find_vault_root(start: str | Path) -> Path | None:
    """The nearest vault root at or above ``start`` (a file starts from its folder), resolved,
    or None. The filesystem root and the home folder are never taken as a vault root."""
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    here = here.resolve()
    for folder in (here, *here.parents):
        if _never_a_vault(folder):
            continue
        if is_vault_root(folder):
            return folder
    return None


def searched_from(start: str | Path) -> str:
    """Where :func:`find_vault_root` looked, for a message: "/a/b/c or any folder above it"."""
    return f"{Path(os.path.abspath(start))} or any folder above it"


def find_repository_root(start: str | Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or a file in a
    worktree or submodule), resolved, or None."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def nested_vault(folder: Path) -> Path | None:
    """A vault root strictly below ``folder`` (breadth first, a few levels, a bounded number of
    folders, dot-folders skipped), or None."""
    queue: deque[tuple[Path, int]] = deque([(folder, 0)])
    visited = 0
    while queue and visited < _NESTED_FOLDERS:
        current, depth = queue.popleft()
        visited += 1
        if current != folder and is_vault_root(current):
            return current
        if depth >= _NESTED_DEPTH:
            continue
        try:
            with os.scandir(current) as entries:
                children = sorted(
                    entry.name
                    for entry in entries
                    if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
                )
        except OSError:
            continue
        queue.extend((current / name, depth + 1) for name in children)
    return None


def vault_for_writing(given: str | Path | None, here: str | Path = ".") -> Path:
    """The vault root a writing command (``index``, ``retro``, ``new``, ``watch``) may write
    into, resolved.

    ``given`` None: the vault root found from ``here``, else NoVaultFoundError saying where
    it looked. A named folder inside a vault means that vault (as ``git -C sub`` does). A
    named folder in no vault is taken as it is (a vault needs no ``.obsidian/``), unless it
    is the filesystem root, the home folder or a folder holding a vault further down
    (UnsafeVaultError, naming it).
    """
    if given is None:
        found = find_vault_root(here)
        if found is None:
            below = nested_vault(Path(here).resolve())
            hint = f"; the vault {below} is below it" if below is not None else ""
            raise NoVaultFoundError(
                f"no vault found in {searched_from(here)} (a vault root holds "
                f"{' or '.join(MARKERS)}){hint}; give the vault folder (VAULT or --vault) "
                "to write there anyway"
            )
        return found
    root, in_a_vault = _named(given)
    if in_a_vault:
        return root
    if root == Path(root.anchor):
        raise UnsafeVaultError(f"{given}: the filesystem root is not a vault; name the vault")
    if root == Path.home().resolve():
        raise UnsafeVaultError(f"{given}: your home folder is not a vault; name the vault")
    below = nested_vault(root)
    if below is not None:
        raise UnsafeVaultError(
            f"{given}: not a vault root, but it holds the vault {below}; name that folder "
            f"(or, if {given} is the vault, create {Path(given) / CONFIG_FILE})"
        )
    return root


def vault_for_reading(given: str | Path | None, here: str | Path = ".") -> Path:
    """The vault a reading command (``lint``, ``show``, ``schema``) reads, resolved: the vault
    root found from ``given`` (or ``here``), else ``given`` (or ``here``) itself."""
    return _named(given if given is not None else here)[0]


def _named(given: str | Path) -> tuple[Path, bool]:
    """(the vault root found from the file or folder ``given``, True), else (that folder
    itself, resolved, False); NotAVaultError for a missing path or a file in no vault."""
    path = Path(given)
    if not path.exists():
        raise NotAVaultError(f"{given}: no such file or folder")
    found = find_vault_root(path)
    if found is not None:
        return found, True
    if not path.is_dir():
        raise NotAVaultError(f"{given}: a file in no vault ({searched_from(path)})")
    return path.resolve(), False
