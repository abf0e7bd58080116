"""Every file a vault holds, found without reading one: what lint's cache and the vault's
listing key on. Light on purpose (the config and the standard library only): a lint run
answered from its cache walks the vault before, and instead of, importing what reads notes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from vault_tools.config import Config

__all__ = ["Stamp", "ignored_notes", "inside", "stamp_of", "walk_listing", "walk_stat"]

# A file's (size, mtime_ns, ctime_ns, inode): any edit changes one of them, even one that keeps
# the size and puts the mtime back.
Stamp = tuple[int, int, int, int]


def stamp_of(info: os.stat_result) -> Stamp:
    """The :data:`Stamp` of a file with this stat."""
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def walk_stat(config: Config, under: str = "") -> Iterator[tuple[str, str, os.stat_result]]:
    """Yield (relative path, "note"|"template"|"file", stat) for every file.

    Skips dot-folders (the config folder, .trash, .git), ignored paths, and symlinks that
    lead outside the vault; a symlinked folder is entered once (no loops).
    """
    for relative, kind, info in _walk(config, under, stat_notes=True):
        if info is not None:  # (always: every file is stat'ed)
            yield relative, kind, info


def walk_listing(config: Config) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """:func:`walk_stat`, but a note that is a plain file may come with no stat (None): for
    a reader that reads every note and takes each one's stat as it opens it. The folder's
    listing tells files from folders; a stat per note (most of what walking them costs)
    would only be taken twice."""
    # On Windows a listing entry's stat costs nothing (the listing holds it), and lacks the
    # inode an opened file's has: the notes are stat'ed there as they were before.
    return _walk(config, "", stat_notes=os.name == "nt")


def _walk(
    config: Config, under: str, *, stat_notes: bool
) -> Iterator[tuple[str, str, os.stat_result | None]]:
    root = str(config.root)
    seen_dirs = {os.path.realpath(root)}
    stack: list[tuple[str, str]] = [(root, "")]
    under = under.replace("\\", "/").strip("/")
    if under:
        parts = under.split("/")
        if any(part.startswith(".") for part in parts) or config.is_ignored(under):
            return
        start = os.path.join(root, *parts)
        real_start = os.path.realpath(start)
        if not inside(real_start, root):
            return  # a folder linked in from outside the vault, as Vault.open skips it
        seen_dirs.add(real_start)  # a link inside it back to it is a loop, as from the root
        stack = [(start, under + "/")]
    # Asked of every file: most vaults ignore nothing, and have no templates folder or few
    # templates in it.
    ignoring = bool(config.ignore or config.ignore_patterns)
    templates = None if config.templates_folder is None else config.templates_folder + "/"
    while stack:
        directory, prefix = stack.pop()
        for entry, relative in _listed(directory, prefix, config):
            name = entry.name
            if ignoring and config.is_ignored(relative):
                continue
            try:
                if entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if not inside(real, root):
                        continue
                    info = os.stat(real)
                elif (
                    not stat_notes
                    and name[-3:].lower() == ".md"
                    and (templates is None or not relative.startswith(templates))
                    and entry.is_file(follow_symlinks=False)
                ):
                    yield relative, "note", None
                    continue
                else:
                    real = entry.path
                    info = entry.stat()
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                real_dir = os.path.realpath(entry.path)
                if real_dir not in seen_dirs:
                    seen_dirs.add(real_dir)
                    stack.append((entry.path, relative + "/"))
            elif stat.S_ISREG(info.st_mode):
                if name.lower().endswith(".md"):
                    kind = "template" if config.is_template(relative) else "note"
                else:
                    kind = "file"
                yield relative, kind, info


def ignored_notes(config: Config) -> list[str]:
    """The notes (``.md`` files, relative paths) that the config's ``ignore:`` leaves out of
    the vault. Obsidian still sees them, and a link of a name alone can open one of them.
    Dot-folders are left out (Obsidian does not see them either); none when nothing is
    ignored."""
    if not config.ignore and not config.ignore_patterns:
        return []
    root = str(config.root)
    found: list[str] = []
    stack: list[tuple[str, str, bool]] = [(root, "", False)]
    while stack:
        directory, prefix, ignored = stack.pop()
        for entry, relative in _listed(directory, prefix, config):
            hidden = ignored or config.is_ignored(relative)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, relative + "/", hidden))
                elif hidden and entry.name.lower().endswith(".md"):
                    found.append(relative)
            except OSError:
                continue
    return found


def _listed(directory: str, prefix: str, config: Config) -> list[tuple[os.DirEntry[str], str]]:
    """The entries of a folder with their vault-relative paths (``prefix``: the folder's, with
    its slash), dot-files and dot-folders left out, and the config folder at the root; none
    when the folder cannot be listed."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    return [
        (entry, prefix + entry.name)
        for entry in entries
        if not entry.name.startswith(".") and (prefix or entry.name != config.obsidian_folder)
    ]


def inside(real_path: str, root: str) -> bool:
    """Whether ``real_path`` (resolved) is ``root`` or lies under it."""
    real_root = os.path.realpath(root)
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)
