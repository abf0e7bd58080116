"""VT108, VT109, VT112: checks of the vault's file names, which no single note can make.

They read only the list of the vault's files (see :class:`Listing`), so lint runs them the
same whether the notes' findings were just made, come from its cache, or from its helper
process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.rulebook import declare
from vault_tools.vault import Vault, case_clashes, is_conflict_copy, is_mergetool_copy, is_utf8_name

__all__ = ["CASE_CLASH", "CONFLICT_COPY", "UNDECODABLE_NAME", "Listing", "check"]

CASE_CLASH = declare(
    "VT108",
    Severity.ERROR,
    "two paths differ only in case; one file is not read (rename one)",
    """
    ## What it means
    Two files' paths differ only in upper and lower case (`Ann.md` and `ann.md`). vault-tools
    reads the first in code-point order and leaves the other out.

    ## Why it matters
    On Windows and macOS they are one file: a checkout or a sync there keeps only one of
    them, and Obsidian's links cannot tell them apart.

    ## Example
    `Candidates/Ada Lovelace.md` and `candidates/ada lovelace.md` in one vault.

    ## How to fix
    Merge the two notes, or rename one so that the names differ in more than case.
    """,
)
UNDECODABLE_NAME = declare(
    "VT109",
    Severity.ERROR,
    "a file name is not valid UTF-8; Obsidian cannot open it (rename it)",
    """
    ## What it means
    A file's name holds bytes that are not UTF-8, usually from an old archive or a disk
    written by another operating system.

    ## Why it matters
    Obsidian shows the name with a replacement character and then cannot open the file or
    link to it under that name.

    ## Example
    `Caf\\xe9.md` written by a Latin-1 system.

    ## How to fix
    Rename the file (`convmv -f latin1 -t utf-8`, or by hand).
    """,
)
CONFLICT_COPY = declare(
    "VT112",
    Severity.WARNING,
    "a sync tool's conflict copy of a note; merge it and delete it",
    """
    ## What it means
    The note is a copy that a sync tool (Dropbox, Nextcloud, Syncthing, Obsidian Sync,
    Seafile) made because the note was edited in two places at once; or one of the copies
    `git mergetool` makes while it runs (`Note_BASE_12345.md`, `_LOCAL_`, `_REMOTE_`,
    `_BACKUP_`, beside `Note.md`), left behind if it stopped.

    ## Why it matters
    The two versions have diverged: what was written in the copy is in no index or
    retrospective (index, retro and watch leave the copy out), and may be lost.

    ## Example
    `Ada Lovelace (conflicted copy 2025-09-03).md` beside `Ada Lovelace.md`.

    ## How to fix
    Merge what differs into the original note, then delete the copy. A git mergetool copy:
    finish (or abort) the merge; one left behind by none is deleted, not merged (`_BASE_` is
    the two sides' common ancestor).
    """,
)


@dataclass(frozen=True)
class Listing:
    """The vault's files as these checks see them."""

    files: Iterable[str]  # every file, notes included
    notes: Iterable[str]  # the notes among them
    clashes: Mapping[str, str]  # see vault.case_clashes: {path left out: path read}

    @classmethod
    def of_vault(cls, vault: Vault) -> Listing:
        """An opened vault's files (those left out for a case clash are in ``clashes``)."""
        return cls(vault.files, vault.notes, vault.case_clashes)

    @classmethod
    def of_walk(cls, walked: Iterable[tuple[str, str, int, int]]) -> Listing:
        """The files of ``Vault.walk``, those a vault leaves out for a case clash included."""
        entries = list(walked)
        paths = [entry[0] for entry in entries]
        notes = [entry[0] for entry in entries if entry[1] == "note"]
        return cls(paths, notes, case_clashes(paths))


def check(listing: Listing) -> list[Diagnostic]:
    """Every finding about the vault's file names, with default severities, unsorted."""
    notes = set(listing.notes)
    found = [
        CASE_CLASH.finding(
            dropped,
            1,
            1,
            f"{dropped} and {kept} differ only in case: on Windows and macOS they are one file "
            "(a checkout or sync there keeps one of them) and links cannot tell them apart; "
            f"vault-tools reads only {kept}: rename one",
        )
        for dropped, kept in sorted(listing.clashes.items())
    ]
    for path in sorted(path for path in listing.files if not is_utf8_name(path)):
        byte = next(ord(c) - 0xDC00 for c in path if "\udc80" <= c <= "\udcff")
        found.append(
            UNDECODABLE_NAME.finding(
                path,
                1,
                1,
                f"the file name is not valid UTF-8 (byte 0x{byte:02x}): Obsidian shows it with "
                "a replacement character and cannot open the file or link to it; rename it",
            )
        )
    found.extend(
        CONFLICT_COPY.finding(
            path,
            1,
            1,
            "a copy git mergetool makes while it runs (the merge's base, one side, or a "
            "backup): finish or abort the merge; if none is going on, delete it "
            "(index, retro and watch leave the copy out)"
            if is_mergetool_copy(path, notes.__contains__)
            else "a sync tool's conflict copy: merge what differs into the original and delete "
            "it (index, retro and watch leave the copy out)",
        )
        for path in sorted(path for path in notes if is_conflict_copy(path, notes.__contains__))
    )
    return found
