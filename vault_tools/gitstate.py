"""What git is doing in the repository a vault is in, read from its folder (no git command,
nothing written): the watcher writes no generated note while git is in the middle of an
operation, since a note changed then makes ``git rebase --continue``, ``git revert`` or the
checkout back to a branch refuse.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["always_detached", "git_folder", "git_in_progress", "head_detached"]

# What git is in the middle of, by what it keeps in its folder meanwhile. `sequencer` stays for
# a revert or cherry-pick of several commits, between them too (while the editor is open for
# a message, CHERRY_PICK_HEAD and REVERT_HEAD are gone already).
_IN_PROGRESS = (
    ("rebase-merge", "git is in the middle of a rebase"),
    ("rebase-apply", "git is in the middle of a rebase"),
    ("MERGE_HEAD", "git is in the middle of a merge"),
    ("CHERRY_PICK_HEAD", "git is in the middle of a cherry-pick"),
    ("REVERT_HEAD", "git is in the middle of a revert"),
    ("sequencer", "git is in the middle of a cherry-pick or revert of several commits"),
    ("BISECT_LOG", "git is in the middle of a bisect"),
)


def git_folder(root: Path) -> Path | None:
    """The git folder of the repository the vault at ``root`` is in (``.git``, or where a
    worktree's or a submodule's ``.git`` file points); None when it is in none."""
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if not text.startswith("gitdir:"):
                return None
            return (folder / text[len("gitdir:") :].strip()).resolve()
    return None


def git_in_progress(folder: Path | None, *, detached: bool = True) -> str | None:
    """What git is in the middle of in its folder ``folder`` (a rebase, a merge...), or (with
    ``detached``) that a commit is checked out outside any branch, as words for the log; None
    when neither."""
    if folder is None:
        return None
    for name, what in _IN_PROGRESS:
        if os.path.exists(os.path.join(folder, name)):
            return what
    if detached and head_detached(folder):
        return "a commit is checked out outside any branch (detached HEAD)"
    return None


def head_detached(folder: Path | None) -> bool:
    """Whether the repository's HEAD is a commit rather than a branch."""
    if folder is None:
        return False
    try:
        with open(os.path.join(folder, "HEAD"), "rb") as head:
            return not head.read(5).startswith(b"ref:")
    except OSError:
        return False


def always_detached(folder: Path | None) -> bool:
    """Whether the checkout is on no branch by design, so that a detached HEAD is no look at
    an older state: a submodule (its git folder is in the superproject's ``modules/``, and
    ``git submodule update`` detaches it) or a Jujutsu repository sharing the folder
    (``.jj`` beside ``.git``; jj keeps git's HEAD detached)."""
    if folder is None:
        return False
    parts = folder.parts
    submodule = any(parts[i : i + 2] == (".git", "modules") for i in range(len(parts) - 1))
    return submodule or (folder.parent / ".jj").is_dir()
