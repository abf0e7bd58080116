"""Which files are notes, and how links resolve, by Obsidian's rules."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.lint import lint
from vault_tools.markdown import Link
from vault_tools.rules import Context
from vault_tools.schemas import load_schemas
from vault_tools.vault import Vault, case_clashes, is_conflict_copy
from vault_tools.walk import walk_listing, walk_stat

from conftest import MakeVault

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def vault(make_vault: MakeVault) -> Vault:
    root = make_vault(
        {
            "Work/Hiring.md": "# Hiring\n",
            "Books/Book Reviews/Work/Jobs/The Job Closer.md": (
                "# The Job Closer\n## Summary: the short version\nKey idea ^key-idea\n"
            ),
            "Note.md": "# Root note\n",
            "Archive/Note.md": "# Archived note\n",
            "Folder/Sub/Deep.md": "deep\n",
            "Folder/Sub/Sibling.md": "sibling\n",
            "Attachments/pipeline.png": PNG,
            "Data.base": "views: []\n",
            "Templates/Case.md": "---\ndate: {{date}}\n---\n",
            ".obsidian/templates.json": '{"folder": "Templates"}',
            ".obsidian/app.json": '{"userIgnoreFilters": ["Scratch/"]}',
            ".obsidian/workspace.json": "{}",
            ".trash/Old.md": "old\n",
            "Scratch/Draft.md": "draft\n",
        }
    )
    return Vault.open(root)


def test_notes_exclude_config_trash_and_templates(vault: Vault) -> None:
    assert sorted(vault.notes) == [
        "Archive/Note.md",
        "Books/Book Reviews/Work/Jobs/The Job Closer.md",
        "Folder/Sub/Deep.md",
        "Folder/Sub/Sibling.md",
        "Note.md",
        "Scratch/Draft.md",  # Obsidian's excluded files are hidden from search, still notes
        "Work/Hiring.md",
    ]
    assert vault.templates == {"Templates/Case.md"}


@pytest.mark.parametrize(
    ("link", "source", "expected", "ambiguous"),
    [
        ("Hiring", "Note.md", "Work/Hiring.md", False),
        ("hiring", "Note.md", "Work/Hiring.md", False),  # names are case-insensitive
        ("Hiring.md", "Note.md", "Work/Hiring.md", False),
        ("Work/Hiring", "Note.md", "Work/Hiring.md", False),
        (
            "Note",
            "Work/Hiring.md",
            "Note.md",
            True,
        ),  # the note whose path is the name (at the root) wins, and it is ambiguous
        ("Note", "Archive/Other.md", "Note.md", True),  # even over one in the linking folder
        ("Archive/Note", "Work/Hiring.md", "Archive/Note.md", False),
        ("Sub/Deep", "Note.md", "Folder/Sub/Deep.md", False),  # a partial path matches its end
        ("Deep", "Note.md", "Folder/Sub/Deep.md", False),
        ("pipeline.png", "Note.md", "Attachments/pipeline.png", False),
        ("pipeline", "Note.md", None, False),  # non-markdown targets need their extension
        ("Data.base", "Note.md", "Data.base", False),
        ("Old", "Note.md", None, False),  # .trash is not part of the vault
        # excluded by Obsidian's userIgnoreFilters: hidden from search, links still resolve
        ("Draft", "Note.md", "Scratch/Draft.md", False),
        ("Templates/Case", "Note.md", "Templates/Case.md", False),  # templates can be linked
        ("./Sibling", "Folder/Sub/Deep.md", "Folder/Sub/Sibling.md", False),
        ("../../Note", "Folder/Sub/Deep.md", "Note.md", False),
        ("Missing Note", "Note.md", None, False),
        ("", "Work/Hiring.md", "Work/Hiring.md", False),  # [[#Heading]] points at its own note
    ],
)
def test_wikilink_resolution(
    vault: Vault, link: str, source: str, expected: str | None, ambiguous: bool
) -> None:
    resolution = vault.resolve(link, source)
    assert resolution.path == expected
    assert resolution.ambiguous is ambiguous


@pytest.fixture
def meetings(make_vault: MakeVault) -> Vault:
    root = make_vault(
        {
            "Abc/Meeting.md": "",
            "Zed/Meeting.md": "",
            "Work/Meeting.md": "",
            "Workshop/Meeting.md": "",
            "Archive/2023/Meeting.md": "",
        }
    )
    return Vault.open(root)


@pytest.mark.parametrize(
    ("link", "source", "expected"),
    [
        # From the root every file is in the linking note's folder: the shortest path wins,
        # and of two equally short ones the path that sorts first.
        ("Meeting", "Home.md", "Abc/Meeting.md"),
        # Files under the linking note's folder come first, however long their path.
        ("Meeting", "Work/Plan.md", "Work/Meeting.md"),
        ("Meeting", "Workshop/Plan.md", "Workshop/Meeting.md"),
        ("Meeting", "Archive/Plan.md", "Archive/2023/Meeting.md"),  # a subfolder counts
        # A plain string prefix, not a folder boundary: `Wo` takes in `Work/` and `Workshop/`.
        ("Meeting", "Wo/Plan.md", "Work/Meeting.md"),
        # An enclosing folder counts for nothing: none is under `Work/Sub`.
        ("Meeting", "Work/Sub/Plan.md", "Abc/Meeting.md"),
        # The prefix test ignores case, as names do.
        ("meeting", "ARCHIVE/Plan.md", "Archive/2023/Meeting.md"),
        ("MEETING", "work/Plan.md", "Work/Meeting.md"),
    ],
)
def test_same_named_notes_resolve_as_obsidian_chooses(
    meetings: Vault, link: str, source: str, expected: str
) -> None:
    resolution = meetings.resolve(link, source)
    assert resolution.path == expected
    assert resolution.ambiguous


def test_ambiguous_link_names_the_file_obsidian_opens_from_each_folder(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "Area/Meeting.md": "",
            "Projects/Meeting.md": "",
            "Projects/Plan.md": "[[Meeting]]\n",
            "Area/Review.md": "[[Meeting]]\n",
            "Home.md": "[[Meeting]]\n",
        }
    )
    opens = {
        d.path: d.message.rsplit("Obsidian opens ", 1)[1].split(":")[0]
        for d in lint(Vault.open(root))
        if d.code == "VT305"
    }
    assert opens == {
        "Area/Review.md": "Area/Meeting.md",
        "Home.md": "Area/Meeting.md",
        "Projects/Plan.md": "Projects/Meeting.md",
    }


def _markdown(target: str) -> Link:
    return Link(target, "", None, False, "markdown", 1, 1, f"[x]({target})")


@pytest.mark.parametrize(
    ("target", "source", "expected"),
    [
        # the seed note's own link, written relative to Work/Hiring.md and URL-decoded
        (
            "../Books/Book Reviews/Work/Jobs/The Job Closer.md",
            "Work/Hiring.md",
            "Books/Book Reviews/Work/Jobs/The Job Closer.md",
        ),
        ("/Note.md", "Work/Hiring.md", "Note.md"),  # vault-absolute
        ("Sibling.md", "Folder/Sub/Deep.md", "Folder/Sub/Sibling.md"),  # relative to the note
        ("../../../outside.md", "Folder/Sub/Deep.md", None),  # never outside the vault
    ],
)
def test_markdown_link_resolution(
    vault: Vault, target: str, source: str, expected: str | None
) -> None:
    assert vault.resolve(_markdown(target), source).path == expected


@pytest.mark.parametrize(
    ("link", "found"),
    [
        ("The Job Closer#Summary: the short version", True),
        ("The Job Closer#summary  the short version", True),  # Obsidian's loose heading match
        ("The Job Closer#The Job Closer#Summary: the short version", True),  # nested headings
        ("The Job Closer#Chapter 9", False),
        ("The Job Closer#^key-idea", True),
        ("The Job Closer#^missing", False),
        ("The Job Closer", None),
    ],
)
def test_heading_and_block_targets(vault: Vault, link: str, found: bool | None) -> None:
    resolution = vault.resolve(link, "Note.md")
    assert resolution.path == "Books/Book Reviews/Work/Jobs/The Job Closer.md"
    assert resolution.subpath_found is found


def test_get_accepts_paths_without_extension_in_any_case(vault: Vault) -> None:
    note = vault.get("work/hiring")
    assert note is not None and note.path == "Work/Hiring.md"


def test_update_reads_a_changed_note_and_forgets_a_deleted_one(vault: Vault) -> None:
    path = vault.root / "Note.md"
    path.write_text("# Renamed heading\nSee [[Deep]]\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert vault.update("Note.md") is True
    note = vault.get("Note.md")
    assert note is not None and [link.target for link in note.links] == ["Deep"]
    assert vault.update("Note.md") is False  # unchanged since the last read
    path.unlink()
    assert vault.update("Note.md") is True
    assert vault.resolve("Note", "Work/Hiring.md").path == "Archive/Note.md"


def test_links_find_names_whatever_their_unicode_composition(make_vault: MakeVault) -> None:
    # macOS may store "Zoë" decomposed (e + a combining diaeresis) while a link typed in
    # Obsidian is composed; Obsidian matches paths in NFC, so the link resolves.
    composed, decomposed = "Zo\u00eb", "Zoe\u0308"
    root = make_vault(
        {
            f"People/{decomposed}.md": "# Zoë\n",
            f"Lena {composed}.md": "# Lena\n",
            "Index.md": "",
        }
    )
    vault = Vault.open(root)
    assert vault.resolve(composed, "Index.md").path == f"People/{decomposed}.md"
    assert vault.resolve(f"People/{composed}", "Index.md").path == f"People/{decomposed}.md"
    assert vault.resolve(f"Lena {decomposed}", "Index.md").path == f"Lena {composed}.md"
    assert vault.resolve("Zoe", "Index.md").path is None  # only the accent's spelling varies


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the vault, holding a note."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "Secret.md").write_text("secret\n", encoding="utf-8")
    return folder


def test_symlinks_that_leave_the_vault_are_not_followed(
    make_vault: MakeVault, outside: Path
) -> None:
    root = make_vault({"Inside.md": "x\n"})
    (root / "Linked").symlink_to(outside, target_is_directory=True)
    (root / "Loop").symlink_to(root, target_is_directory=True)
    assert sorted(Vault.open(root).notes) == ["Inside.md"]


def test_a_folder_walked_alone_does_not_follow_a_link_back_into_itself(
    make_vault: MakeVault,
) -> None:
    # The watcher walks a folder moved into the vault on its own: a link in it to itself (or
    # to a folder above it) is a loop there as from the root, not more notes.
    root = make_vault({"C/c.md": "c\n", "C/D/d.md": "d\n"})
    (root / "C" / "loop").symlink_to(root / "C", target_is_directory=True)
    (root / "C" / "D" / "up").symlink_to(root / "C", target_is_directory=True)
    config = Config.load(root)
    listed = sorted(relative for relative, _, _ in walk_stat(config))
    assert listed == ["C/D/d.md", "C/c.md"]
    assert sorted(relative for relative, _, _ in walk_stat(config, "C")) == listed


def test_a_walk_without_the_notes_stats_lists_what_a_full_walk_lists(
    make_vault: MakeVault, outside: Path
) -> None:
    root = make_vault(
        {
            "Inside.md": "x\n",
            "Deep/er/Note.MD": "y\n",
            "Templates/Interview.md": "t\n",
            "Attachments/pipeline.png": b"png",
            ".trash/Gone.md": "g\n",
            "Ignored/Skip.md": "s\n",
            ".vault-tools/config.yaml": "ignore: [Ignored]\n",
            ".obsidian/templates.json": '{"folder": "Templates"}',
        }
    )
    (root / "Linked").symlink_to(outside, target_is_directory=True)
    (root / "Alias.md").symlink_to(root / "Inside.md")
    os.mkfifo(root / "Pipe.md")  # not a file: neither walk lists it
    config = Config.load(root)
    full = [(relative, kind) for relative, kind, _ in walk_stat(config)]
    listing = list(walk_listing(config))
    assert [(relative, kind) for relative, kind, _ in listing] == full
    assert sorted(full) == [
        ("Alias.md", "note"),
        ("Attachments/pipeline.png", "file"),
        ("Deep/er/Note.MD", "note"),
        ("Inside.md", "note"),
        ("Templates/Interview.md", "template"),
    ]
    # Only plain notes come without a stat (a symlink's target is checked and stat'ed).
    unstated = sorted(relative for relative, _, info in listing if info is None)
    assert unstated == ([] if os.name == "nt" else ["Deep/er/Note.MD", "Inside.md"])


def test_a_note_known_by_its_summary_takes_links_as_a_read_one_does(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "A.md": "---\ntype: case\n---\n# Plan\nSome text ^blk\n",
            "B.md": "[[A#Plan]] [[A#^blk]] [[A#Nope]] [[A#^nope]] [[Missing]]\n",
        }
    )
    full = Vault.open(root)
    listed = Vault.listed(full.config, full.walk())
    assert listed.listed_notes() == ["A.md", "B.md"] and not listed.notes
    source = listed.read("B.md")
    assert source is not None
    listed.add_summary("A.md", full.summary(full.notes["A.md"]))
    assert sorted(listed.notes) == ["B.md"]
    assert full.summary(full.notes["A.md"]) == ("case", ((1, "Plan"),), ("blk",), (), ())
    resolved = [listed.resolve(link, source) for link in source.links]
    assert resolved == [full.resolve(link, full.notes["B.md"]) for link in source.links]
    assert [r.subpath_found for r in resolved] == [True, True, False, False, None]
    assert listed.type_of("A.md") == full.type_of("A.md") == "case"
    assert listed.type_of("B.md") is None and listed.type_of("Missing.md") is None


def test_a_listed_vault_scans_inline_tags_only_when_asked_for(make_vault: MakeVault) -> None:
    root = make_vault({"A.md": "---\ntags: [front]\n---\n# H\n[[B]] #inline\n", "B.md": "b\n"})
    full = Vault.open(root)
    listed = Vault.listed(full.config, full.walk())
    note = listed.read("A.md")
    assert note is not None and note.links == full.notes["A.md"].links
    assert note._untagged is not None  # links and headings read, tags not yet
    assert note.tags == full.notes["A.md"].tags
    assert [tag.name for tag in note.tags] == ["front", "inline"] and note._untagged is None


def test_a_note_whose_body_was_let_go_still_has_its_tags_and_links(make_vault: MakeVault) -> None:
    """Lint lets a note's body go once it is scanned and checked (see Note.forget_body): what
    is asked of it later is what the note held, the inline tags read from the file."""
    text = "---\ntype: case\ntags: [front]\n---\n# H\n[[B]] #inline ^block\n"
    root = make_vault({"A.md": text, "B.md": "b\n"})
    full = Vault.open(root)
    listed = Vault.listed(full.config, full.walk())
    note = listed.read("A.md")
    assert note is not None and note.body is not None and note.links
    note.forget_body()
    assert note.body is None and note._untagged is None
    expected = full.notes["A.md"]
    assert (note.links, note.headings, note.block_ids) == (
        expected.links,
        expected.headings,
        expected.block_ids,
    )
    assert [tag.name for tag in note.tags] == ["front", "inline"]
    assert note.tags == expected.tags


def _case_sensitive(folder: Path) -> bool:
    (folder / "Probe.md").write_text("")
    try:
        return not (folder / "probe.md").exists()
    finally:
        (folder / "Probe.md").unlink()


@pytest.mark.parametrize("order", [("Ann.md", "ann.md"), ("ann.md", "Ann.md")])
def test_paths_differing_only_in_case_keep_the_same_file_whatever_the_listing_order(
    order: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file system lists a folder in no particular order: which of the two is read must
    # not depend on it (lint in two processes, and on two machines, must agree).
    if not _case_sensitive(tmp_path):
        pytest.skip("this file system cannot hold Ann.md and ann.md side by side")
    (tmp_path / "Ann.md").write_text("---\ntype: candidate\n---\n# Upper\n", encoding="utf-8")
    (tmp_path / "ann.md").write_text("# lower\n", encoding="utf-8")
    walked = [(path, "note", 1, 1) for path in order]
    listed = Vault.listed(Config.load(tmp_path), walked)
    assert listed.listed_notes() == ["Ann.md"]
    assert listed.case_clashes == {"ann.md": "Ann.md"}
    assert case_clashes([path for path, *_ in walked]) == {"ann.md": "Ann.md"}
    monkeypatch.setattr(Vault, "_walk", lambda self, under="": iter(walked))
    opened = Vault.open(tmp_path)
    assert list(opened.notes) == ["Ann.md"]
    assert opened.notes["Ann.md"].headings[0].text == "Upper"
    assert opened.case_clashes == {"ann.md": "Ann.md"}
    assert [(d.path, d.code) for d in lint(opened, select=["VT108"])] == [("ann.md", "VT108")]


def test_three_paths_differing_only_in_case_all_point_at_the_one_read(tmp_path: Path) -> None:
    walked = [(path, "note", 1, 1) for path in ("ann.md", "aNn.md", "Ann.md")]
    listed = Vault.listed(Config.load(tmp_path), walked)
    expected = {"ann.md": "Ann.md", "aNn.md": "Ann.md"}
    assert listed.case_clashes == expected
    assert case_clashes([path for path, *_ in walked]) == expected


def test_the_watcher_keeps_the_same_file_of_a_case_clash_and_follows_case_only_renames(
    tmp_path: Path,
) -> None:
    if not _case_sensitive(tmp_path):
        pytest.skip("this file system cannot hold Ann.md and ann.md side by side")
    upper, lower = tmp_path / "Ann.md", tmp_path / "ann.md"
    upper.write_text("# Upper\n", encoding="utf-8")
    lower.write_text("# lower\n", encoding="utf-8")
    vault = Vault.open(tmp_path)
    assert list(vault.notes) == ["Ann.md"]
    # The one left out changes, then goes: the one read stays, as Vault.open chose.
    lower.write_text("# lower, edited\n", encoding="utf-8")
    assert vault.update("ann.md") is False
    assert list(vault.notes) == ["Ann.md"] and vault.case_clashes == {"ann.md": "Ann.md"}
    lower.unlink()
    assert vault.update("ann.md") is False
    assert list(vault.notes) == ["Ann.md"] and vault.case_clashes == {}
    # The one read goes while the one left out stays: that one is read in its place.
    lower.write_text("# lower\n", encoding="utf-8")
    assert vault.update("ann.md") is False
    upper.unlink()
    assert vault.update("Ann.md") is True
    assert list(vault.notes) == ["ann.md"] and vault.held("ANN.md") == "ann.md"
    assert vault.case_clashes == {}
    os.replace(lower, upper)
    assert vault.update("Ann.md") is True and vault.update("ann.md") is False
    # A case-only rename, whichever of its two events comes first.
    for old, new in (("Ann.md", "ann.md"), ("ann.md", "Ann.md")):
        os.replace(tmp_path / old, tmp_path / new)
        assert vault.update(new) is True
        assert vault.update(old) is False
        assert list(vault.notes) == [new]
    os.replace(tmp_path / "Ann.md", tmp_path / "ann.md")
    assert vault.update("Ann.md") is True  # the old name first: gone
    assert vault.update("ann.md") is True
    assert list(vault.notes) == ["ann.md"]
    # An attachment renamed the same way is known by its new name.
    (tmp_path / "img.png").write_bytes(PNG)
    assert vault.update("img.png") is True
    os.replace(tmp_path / "img.png", tmp_path / "IMG.png")
    assert vault.update("IMG.png") is True
    assert vault.update("img.png") is False
    assert "IMG.png" in vault.files and "img.png" not in vault.files


# A sync tool's copy is left out of the indexes and VT112 asks the user to delete it: only the
# tools' own names may count, never a real note that says "conflict".
@pytest.mark.parametrize(
    ("name", "copy"),
    [
        ("Hiring/Alice.sync-conflict-20250701-120000-ABCDEFG.md", True),  # Syncthing
        ("Alice.sync-conflict-20250701-120000-ABCDEFG", True),  # Syncthing, no extension
        ("Alice (Maria's conflicted copy 2025-07-03).md", True),  # Dropbox
        ("Alice (Maria's conflicted copy 2025-07-03 (1)).md", True),  # Dropbox, second one
        ("Alice (Konflikt-Kopie von Maria 2025-07-03).md", True),  # Dropbox, localized
        ("Alice (conflicted copy 2025-07-03 120000).md", True),  # Nextcloud / ownCloud
        ("Alice (conflicted copy maria 2025-07-03 120000).md", True),  # ... with the user
        ("Alice_conflict-20250703-120000.md", True),  # ownCloud before 2.5
        ("Alice_conflict-maria-20250703-120000.md", True),
        ("Alice (Conflicted copy MacBook 202507031200).md", True),  # Obsidian Sync
        ("Alice (SFConflict maria@example.com 2025-07-01-12-00-00).md", True),  # Seafile
        ("Alice (Case Conflict).md", True),  # Dropbox, names differing only in case
        ("Alice (Case Conflict 1).md", True),
        ("chart (conflicted copy 2025-07-03 120000).png", True),
        ("Hiring/Cases/Team Dynamics (Conflict Resolution).md", False),
        ("Hiring/Candidates/Ana (Conflict) Reyes.md", False),
        ("Conflict Resolution.md", False),
        ("Conflicts 2025-07-01.md", False),
        ("Conflict (2025-01-01 retro).md", False),
        ("Conflicted copy.md", False),
        ("Hiring/Alice (conflicted copy 2025-07-03)/Notes.md", False),  # only the name counts
        ("Alice.sync-conflict.md", False),
        ("Alice (1).md", False),  # Google Drive's form is any person's too
    ],
)
def test_only_a_sync_tools_own_names_are_conflict_copies(name: str, copy: bool) -> None:
    assert is_conflict_copy(name) is copy


@pytest.mark.parametrize(
    ("name", "copy"),
    [
        # git mergetool's copies while it runs (upper case, the process id), beside the note
        ("Hiring/Alice - technical (Maria)_BASE_31495.md", True),
        ("Hiring/Alice_LOCAL_7.md", True),
        ("Hiring/Alice_REMOTE_31495.md", True),
        ("Hiring/Alice_BACKUP_31495.md", True),
        ("Hiring/Alice_remote_31495.md", False),
        ("Hiring/Alice_BASE_.md", False),
        ("Hiring/Alice_BASE_31495 notes.md", False),
        ("Hiring/Bob_BASE_31495.md", False),  # no Bob.md beside it: a note named so
        ("Work/Salary_BASE_2025.md", False),
    ],
)
def test_a_mergetool_copy_is_told_by_the_note_beside_it(name: str, copy: bool) -> None:
    held = {"Hiring/Alice - technical (Maria).md", "Hiring/Alice.md", "Work/Salary notes.md"}
    assert is_conflict_copy(name, held.__contains__) is copy


def test_notes_that_say_conflict_are_indexed_and_not_reported(make_vault: MakeVault) -> None:
    case = "---\ntype: case\nrole: DE\nlevel: Mid\nstatus: draft\n---\n"
    root = make_vault(
        {
            "Hiring/Cases/Team Dynamics (Conflict Resolution).md": case,
            "Hiring/Candidates/Ana (Conflict) Reyes.md": (
                "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n"
            ),
        }
    )
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    assert "[[Team Dynamics (Conflict Resolution)]]" in (root / "Hiring/Case Index.md").read_text()
    assert "Ana (Conflict) Reyes" in (root / "Hiring/Candidate Pipeline.md").read_text()
    result = CliRunner().invoke(cli, ["lint", str(root), "--select", "VT112"])
    assert "VT112" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_swapped_in_for_a_listed_note_does_not_hang_the_read(
    make_vault: MakeVault,
) -> None:
    import threading

    root = make_vault({"Note.md": "# Note\n"})
    vault = Vault.listed(Config.load(root), Vault.open(root).walk())
    (root / "Note.md").unlink()
    os.mkfifo(root / "Note.md")  # after the walk saw a regular file there
    read: list[object] = []
    reader = threading.Thread(target=lambda: read.append(vault.read("Note.md")), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive()
    note = read[0]
    assert note is not None and [problem.code for problem in note.problems] == ["VT100"]


def test_links_obsidian_reads_around_code_spans_and_after_embeds(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "Filters.md": "## `wikilink`\n",
            "Commands.md": "## `move`\nSee [[#`move`|move]] and [[Filters#`wikilink`|wikilink]].\n",
            "Gallery.md": "![[image.png]]^figure-1\n",
            "image.png": PNG,
            "Notes.md": "[[Gallery#^figure-1]] and [[Filters#`missing`]]\n",
        }
    )
    found = [(d.path, d.line, d.code, d.message) for d in lint(Vault.open(root))]
    assert found == [
        ("Notes.md", 1, "VT303", "[[Filters#`missing`]]: no heading '`missing`' in Filters.md")
    ]


def test_links_resolved_once_per_run_resolve_as_each_would_alone(make_vault: MakeVault) -> None:
    # Lint remembers where each target leads apart from its #heading, and an ambiguous name
    # per folder: from every note, in an order that reuses what others resolved, each link
    # must still resolve exactly as it does on its own.
    links = [
        "[[Meeting]]",
        "[[Meeting#Agenda]]",
        "[[Meeting#Minutes]]",
        "[[Meeting#Agenda#Owner]]",
        "[[Meeting#^todo]]",
        "[[Plan#Goals]]",
        "[[Plan]]",
        "[[#Goals]]",
        "[[Missing#Goals]]",
        "[x](Meeting.md#Agenda)",
        "[y](./Plan.md)",
        "[z](Meeting.md)",
        "![[pic.png#Agenda]]",
        "[[.\\Meeting#Agenda]]",  # relative, written with a backslash
        "[[..\\Meeting#Minutes]]",
    ]

    def written(turn: int) -> str:  # each note has them in another order
        return " ".join(links[turn:] + links[:turn]) + "\n"

    root = make_vault(
        {
            "Area/Meeting.md": "# Agenda\n## Owner\n",
            "Projects/Meeting.md": "# Minutes\nDone ^todo\n",
            "Archive/Meeting.md": "# Agenda\n# Owner\n",
            "Plan.md": "# Goals\n" + written(0),
            "Area/Plan2.md": written(3),
            "Projects/Plan3.md": "[[Meeting]]\n",  # read first: where Meeting leads from here
            "Projects/Deep/Plan4.md": written(9),
            "Area/pic.png": PNG,
        }
    )
    vault = Vault.open(root)
    context = Context(vault, load_schemas(vault.config))
    seen = 0
    for path in ["Projects/Plan3.md", "Plan.md", "Area/Plan2.md", "Projects/Deep/Plan4.md"] * 2:
        note = vault.get(path)
        assert note is not None
        for link in note.links:
            assert context.resolve(link, note) == vault.resolve(link, note), (path, link.raw)
            seen += 1
    assert seen == 2 * (1 + 3 * 15)
    # A link given as text (a property's value) too.
    for path in ["Area/Plan2.md", "Projects/Plan3.md", "Plan.md"] * 2:
        note = vault.get(path)
        assert note is not None
        for text in [*links, "Meeting", "Meeting#Agenda", "[[Meeting]] and more", " [[Plan]] "]:
            assert context.resolve_written(text, note) == vault.resolve(text, note), (path, text)
    # Among them, an ambiguous name whose heading one folder's note has and another's lacks.
    area = vault.get("Area/Plan2.md")
    assert area is not None and area.links[13].raw == "[[Meeting#Agenda]]"
    assert context.resolve(area.links[13], area) == vault.resolve(area.links[13], area)
    assert vault.resolve(area.links[13], area).subpath_found is True
    assert vault.resolve(area.links[13], "Projects/Plan3.md").subpath_found is False


_NAMES = st.sampled_from(["a.md", "A.md", "b.md", "Ann Lee.md", "ann lee.md", "img.png", "IMG.png"])
_FOLDERS = st.sampled_from(["", "x/", "X/", "x/y/", "Templates/"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(_FOLDERS, _NAMES, st.sampled_from(["note", "template", "file"])),
        max_size=12,
    )
)
def test_a_listed_vault_knows_its_files_as_one_added_by_one(
    files: list[tuple[str, str, str]],
) -> None:
    # The listing is made in one loop; it must hold what adding each walked file in turn
    # holds: case clashes, names shared by several folders (nearest first), templates.
    walked: list[tuple[str, str, int, int]] = []
    for folder, name, kind in files:
        path = folder + name
        if all(path != seen for seen, _, _, _ in walked):
            walked.append((path, kind if name.endswith(".md") else "file", 1, 1))
    with tempfile.TemporaryDirectory() as empty:
        config = Config.load(Path(empty))
    listed = Vault.listed(config, walked)
    one_by_one = Vault(config)
    for relative, kind, _, _ in walked:
        if not one_by_one._loses_case_clash(relative):
            one_by_one._add_file(relative, template=kind == "template")

    def state(vault: Vault) -> object:
        return (
            list(vault._files.items()),
            list(vault._notes_by_stem.items()),
            list(vault._files_by_name.items()),
            sorted(vault._templates),
            list(vault._case_clashes.items()),
        )

    assert state(listed) == state(one_by_one)


def test_a_mergetool_copy_is_named_as_such_and_never_counted(make_vault: MakeVault) -> None:
    candidate = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n"
    root = make_vault(
        {
            "Hiring/Candidates/Ana Reyes.md": candidate,
            "Hiring/Candidates/Ana Reyes_BASE_4242.md": candidate,
            "Hiring/Candidates/Ana Reyes (conflicted copy 2025-07-03).md": candidate,
        }
    )
    result = CliRunner().invoke(cli, ["lint", str(root), "--select", "VT112"])
    lines = result.output.splitlines()
    assert any(
        "Ana Reyes_BASE_4242.md:1:1: VT112 a copy git mergetool makes while it runs" in line
        and "finish or abort the merge" in line
        for line in lines
    ), lines
    assert any("conflicted copy 2025-07-03).md:1:1: VT112 a sync tool's" in line for line in lines)
    CliRunner().invoke(cli, ["index", str(root)])
    assert "1 candidate" in (root / "Hiring/Candidate Pipeline.md").read_text()
    # Alone, a name of that form is a note like any other.
    (root / "Hiring/Candidates/Ana Reyes.md").unlink()
    result = CliRunner().invoke(cli, ["lint", str(root), "--select", "VT112", "--no-cache"])
    assert "_BASE_4242.md" not in result.output
