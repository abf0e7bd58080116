"""The file system is hostile too: symlinks out of the vault and in circles, files that vanish
or cannot be read mid-scan, names that are markup, and names that try to climb out.

Two promises are tested here, on every path that reads or writes (``Vault.open``,
``vault.update`` and ``vault.walk(under=...)`` which the watcher calls, ``generate.apply``,
``vault-tools new``): nothing outside the vault is ever read into it, and nothing outside
the vault is ever written. "Outside" is checked by snapshotting the folder around the vault
before and after, byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import vault_tools.vault as vault_module
from vault_tools import generate
from vault_tools.cli import cli
from vault_tools.errors import ConfigError
from vault_tools.generate.incremental import LiveGenerator
from vault_tools.lint import lint
from vault_tools.note import UNREADABLE
from vault_tools.regions import find_regions
from vault_tools.vault import Vault
from vault_tools.writer import UNSAFE_PATH, WriteStatus

from conftest import MakeVault

CANDIDATE = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n# {name}\n"
SECRET = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: hired\n---\nSECRET [[Leak]]\n"


def log(candidate: str, day: str = "2025-08-05", interviewer: str = "Maria") -> str:
    return (
        f"---\ntype: interview\ncandidate: '[[{candidate}]]'\nrole: DE\nlevel: Mid\n"
        f"stage: get-to-know\ndate: {day}\ninterviewers: ['{interviewer}']\n---\n"
    )


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file and link under ``folder`` (not following links), with a content hash."""
    found: dict[str, str] = {}
    for directory, folders, files in os.walk(folder):
        if skip is not None and Path(directory) == skip.parent:
            folders[:] = [name for name in folders if Path(directory, name) != skip]
        for name in folders + files:
            path = Path(directory, name)
            relative = str(path.relative_to(folder))
            if path.is_symlink():
                found[relative] = "link:" + os.readlink(path)
            elif path.is_file():
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[relative] = "dir"
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the vault with a note the vault must never read or write."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "Leak.md").write_text(SECRET)
    return folder


def everything_read(vault: Vault) -> str:
    return "\n".join(sorted(vault.files)) + "".join(
        repr(note.properties) for note in vault.notes.values()
    )


# ------------------------------------------------------------------------ symlinks: reading


def test_symlinks_out_of_the_vault_are_not_followed_by_open(
    make_vault: MakeVault, outside: Path
) -> None:
    root = make_vault({"Home.md": "[[Leak]]"})
    (root / "Linked folder").symlink_to(outside, target_is_directory=True)
    (root / "Leak.md").symlink_to(outside / "Leak.md")
    (root / "Absolute.md").symlink_to("/etc/hostname")
    vault = Vault.open(root)
    assert sorted(vault.notes) == ["Home.md"]
    assert "SECRET" not in everything_read(vault)
    assert [d.code for d in lint(vault)] == ["VT301"]  # [[Leak]] is simply unresolved


def test_a_note_that_turns_into_a_symlink_out_of_the_vault_after_the_walk_is_not_read(
    make_vault: MakeVault, outside: Path
) -> None:
    root = make_vault({"Home.md": "[[Note]]", "Note.md": "mine", "Alias.md": "x"})
    opened = Vault.open(root)
    vault = Vault.listed(opened.config, list(opened.walk()))
    (root / "Note.md").unlink()
    (root / "Note.md").symlink_to(outside / "Leak.md")
    (root / "Alias.md").unlink()
    (root / "Alias.md").symlink_to(root / "Home.md")  # a link inside the vault is followed
    assert vault.read("Note.md") is None
    alias = vault.read("Alias.md")
    assert alias is not None and [link.target for link in alias.links] == ["Note"]
    assert "SECRET" not in everything_read(vault)


@pytest.mark.parametrize(
    "path", ["Linked folder/Leak.md", "Linked folder", "../outside/Leak.md", "Leak.md"]
)
def test_update_never_reads_through_a_symlink_or_dot_dot_out_of_the_vault(
    make_vault: MakeVault, outside: Path, path: str
) -> None:
    """What the watcher calls for a path an event named: the same rule as Vault.open."""
    root = make_vault({"Home.md": "home"})
    (root / "Linked folder").symlink_to(outside, target_is_directory=True)
    (root / "Leak.md").symlink_to(outside / "Leak.md")
    vault = Vault.open(root)
    vault.update(path)
    assert sorted(vault.notes) == ["Home.md"]
    assert "SECRET" not in everything_read(vault)


def test_walk_under_a_symlinked_folder_out_of_the_vault_yields_nothing(
    make_vault: MakeVault, outside: Path
) -> None:
    """A folder moved in (the watcher walks it) that is a link to elsewhere."""
    root = make_vault({"Home.md": "home"})
    (root / "Linked folder").symlink_to(outside, target_is_directory=True)
    vault = Vault.open(root)
    assert list(vault.walk("Linked folder")) == []
    assert list(vault.walk("../outside")) == []


def test_the_watcher_does_not_index_a_symlinked_folder_that_appears(
    make_vault: MakeVault, outside: Path
) -> None:
    root = make_vault({"Hiring/Ann.md": CANDIDATE.format(name="Ann"), "Hiring/Log.md": log("Ann")})
    live = LiveGenerator(Vault.open(root, lean=True))
    live.regenerate_all()
    (root / "Hiring" / "Linked folder").symlink_to(outside, target_is_directory=True)
    live.refresh(["Hiring/Linked folder"], folders=["Hiring/Linked folder"])
    assert "Leak" not in str(live.hiring.candidates)
    for path in Path(root, "Hiring").rglob("*.md"):
        if not path.is_symlink() and "Linked folder" not in str(path):
            assert "Leak" not in path.read_text(), path


def test_symlinks_inside_the_vault_are_read_once(make_vault: MakeVault) -> None:
    root = make_vault({"Real/Note.md": "note", "Home.md": "[[Note]]"})
    (root / "Alias").symlink_to(root / "Real", target_is_directory=True)
    vault = Vault.open(root)
    assert "Real/Note.md" in vault.notes
    assert [d.code for d in lint(vault) if d.code != "VT305"] == []


def test_symlink_loops_end(make_vault: MakeVault) -> None:
    root = make_vault({"Home.md": "home", "Sub/Note.md": "note"})
    (root / "Sub" / "Loop").symlink_to(root / "Sub", target_is_directory=True)
    (root / "Sub" / "Up").symlink_to("..", target_is_directory=True)
    (root / "Itself").symlink_to("Itself")
    (root / "A.md").symlink_to("B.md")
    (root / "B.md").symlink_to("A.md")
    (root / "Dangling.md").symlink_to("Nowhere.md")
    vault = Vault.open(root)
    assert sorted(vault.notes) == ["Home.md", "Sub/Note.md"]
    for path in ("Itself", "A.md", "Sub/Loop/Loop/Note.md", "Dangling.md"):
        vault.update(path)
    lint(vault)
    generate.apply(vault, generate.plan(vault))


# ------------------------------------------------------------------------ symlinks: writing


@pytest.mark.parametrize("linked", ["folder", "note", "parent folder"])
def test_generated_notes_are_never_written_through_a_symlink(
    make_vault: MakeVault, outside: Path, tmp_path: Path, linked: str
) -> None:
    root = make_vault(
        {
            "Hiring/Ann.md": CANDIDATE.format(name="Ann"),
            "Hiring/Interviews/Log.md": log("Ann"),
        }
    )
    (outside / "Interview Index.md").write_text("theirs\n")
    if linked == "folder":  # the retrospectives folder is a link out of the vault
        (root / "Hiring" / "Retrospectives").symlink_to(outside, target_is_directory=True)
        target = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
    elif linked == "note":  # the index note itself is a link to a file outside
        (root / "Hiring" / "Interview Index.md").symlink_to(outside / "Interview Index.md")
        target = "Hiring/Interview Index.md"
    else:  # a whole folder of the path is a link: Reports -> outside
        (root / "Reports").symlink_to(outside, target_is_directory=True)
        (root / ".vault-tools").mkdir()
        (root / ".vault-tools" / "config.yaml").write_text(
            "indexes:\n  interviews:\n    path: Reports/Deep/Interview Index.md\n"
        )
        target = "Reports/Deep/Interview Index.md"
    before = snapshot(tmp_path, skip=root)
    vault = Vault.open(root)
    outcomes = {outcome.path: outcome for outcome in generate.apply(vault, generate.plan(vault))}
    assert outcomes[target].status is WriteStatus.REFUSED
    assert [p.code for p in outcomes[target].problems] == [UNSAFE_PATH]
    assert snapshot(tmp_path, skip=root) == before  # not a byte outside the vault
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 1 and "refused" in result.output
    assert snapshot(tmp_path, skip=root) == before


# ------------------------------------------------------------------------ vanishing, unreadable


def test_files_that_vanish_during_the_scan_are_skipped(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(
        {
            "Keep.md": "[[Gone]]",
            "Gone.md": "x",
            "Folder/Inner.md": "x",
            "Late.md": "x",
            "image.png": b"\x89PNG",
        }
    )
    real_scandir = os.scandir

    def scandir_then_delete(path: Any) -> Iterator[os.DirEntry[str]]:
        # List the folder, then delete behind the scanner's back before it stats anything.
        entries = list(real_scandir(path))
        if Path(path) == root:
            (root / "Gone.md").unlink()
            (root / "image.png").unlink()
            (root / "Folder" / "Inner.md").unlink()
            (root / "Folder").rmdir()
        return iter(entries)

    monkeypatch.setattr(vault_module.os, "scandir", scandir_then_delete)
    real_open = os.open

    def open_after_delete(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("Late.md"):  # listed and stat'ed, gone when it is opened
            os.unlink(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_after_delete)
    vault = Vault.open(root)
    monkeypatch.undo()
    assert sorted(vault.notes) == ["Keep.md"]
    assert [d.code for d in lint(vault)] == ["VT301"]


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(5, "EIO")])
def test_an_unreadable_note_is_a_finding_and_the_others_are_read(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    """Simulated, because tests run as root in CI, where chmod 000 does not stop a read."""
    root = make_vault({"Locked.md": "secret", "Open.md": "[[Locked]]"})
    real_open = os.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("Locked.md"):
            raise error
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    vault = Vault.open(root)
    findings = lint(vault)
    monkeypatch.undo()
    assert [(d.path, d.code, d.line) for d in findings] == [("Locked.md", UNREADABLE, 1)]
    assert error.strerror is not None and error.strerror in findings[0].message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads mode 000 files")
def test_a_mode_000_note_is_a_finding_for_real(make_vault: MakeVault) -> None:
    root = make_vault({"Locked.md": "secret", "Open.md": "[[Locked]]"})
    (root / "Locked.md").chmod(0)
    try:
        result = CliRunner().invoke(cli, ["lint", str(root), "--no-cache"])
    finally:
        (root / "Locked.md").chmod(0o644)
    assert result.exit_code == 1
    assert "Locked.md:1:1: VT100" in result.output


# ------------------------------------------------------------------------ names


# Characters that mean something to markdown, wikilinks, tables, comments and YAML.
name_characters = st.sampled_from(list("|#^[]%$`*_~<>!&\\:;,'\"{}()\n\t ")) | st.characters(
    blacklist_categories=["Cs", "Cc"], blacklist_characters="/\x00"
)
names = (
    st.text(name_characters, min_size=1, max_size=20)
    .map(lambda name: unicodedata.normalize("NFC", name))
    .filter(lambda name: name.strip() and not name.startswith(".") and "/" not in name)
    .filter(lambda name: len(name.encode()) < 200 and name.lower() != "hiring")
)


def _table_cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def assert_generated_notes_are_well_formed(root: Path, vault: Vault) -> None:
    """Each generated note: intact markers, tables with as many cells per row as headers,
    and every link in it resolves (a name never turns into a broken or injected link)."""
    generated = [p for p in generate.plan(vault)]
    after = Vault.open(root)
    for path in generated:
        text = (root / path).read_text(encoding="utf-8")
        assert find_regions(text, path).problems == ()
        widths = [
            _table_cells(line)
            for line in text.split("\n")
            if line.startswith("| ") and not line.startswith("| ---")
        ]
        table_widths = {width for width in widths}
        # Tables differ, but a row never has a cell count no header has.
        headers = {
            _table_cells(line)
            for line, following in zip(text.split("\n"), text.split("\n")[1:], strict=False)
            if line.startswith("| ") and following.startswith("| -")
        }
        assert table_widths <= headers, (path, table_widths, headers)
        note = after.notes[path]
        for link in note.links:
            resolution = after.resolve(link, note)
            assert resolution.resolved, (path, link.raw)
        assert not [
            d for d in lint(after, [path]) if d.code.startswith("VT3") and d.code != "VT305"
        ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(candidates=st.lists(names, min_size=1, max_size=4, unique_by=str.casefold))
@example(candidates=["A$b", "A`b", "A<!-- x -->b", "a|b#c]]d%%e^f\nnl"])  # math, code, comment
@example(candidates=["[[Ann]]", "x]] [[y", "#tag", "%%", "Ann|Bo", "---"])
@example(candidates=["0 ", " Ann", "Bo\t", "\u00a0Cy"])  # read trimmed in a link
def test_any_file_name_keeps_generated_notes_well_formed(
    tmp_path_factory: pytest.TempPathFactory, candidates: list[str]
) -> None:
    base = tmp_path_factory.mktemp("names")
    root = base / "vault"
    files: dict[str, str] = {}
    for index, name in enumerate(candidates):
        files[f"Hiring/Candidates/{name}.md"] = CANDIDATE.format(name=name)
        # The log links the candidate by name when a wikilink can hold it, else by alias.
        files[f"Hiring/Interviews/{name} log {index}.md"] = log(
            name.replace("\n", " "), interviewer=name.replace("'", "''").replace("\n", " ")
        )
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    before = snapshot(base, skip=root)
    vault = Vault.open(root)
    lint(vault)
    outcomes = generate.apply(vault, generate.plan(vault))
    assert not [outcome for outcome in outcomes if outcome.failed]
    assert_generated_notes_are_well_formed(root, vault)
    assert snapshot(base, skip=root) == before


def test_nfc_and_nfd_names_are_two_notes_and_both_are_read(make_vault: MakeVault) -> None:
    nfc, nfd = "Zoë", unicodedata.normalize("NFD", "Zoë")
    assert nfc != nfd
    root = make_vault(
        {
            f"Hiring/{nfc}.md": CANDIDATE.format(name=nfc),
            f"Hiring/{nfd}.md": CANDIDATE.format(name=nfd),
            "Hiring/Log NFC.md": log(nfc),
            "Hiring/Log NFD.md": log(nfd, day="2025-08-06"),
        }
    )
    vault = Vault.open(root)
    assert {f"Hiring/{nfc}.md", f"Hiring/{nfd}.md"} <= set(vault.notes)
    generate.apply(vault, generate.plan(vault))
    assert_generated_notes_are_well_formed(root, vault)


def test_a_case_only_name_clash_does_not_break_the_run(make_vault: MakeVault) -> None:
    """Possible on Linux (a rename synced from a Mac): links resolve to one of the two, and
    the run goes on. (Which one, and that the other is not linted, see the report.)"""
    root = make_vault(
        {
            "Hiring/Ann.md": CANDIDATE.format(name="Ann"),
            "Hiring/ann.md": CANDIDATE.format(name="ann"),
            "Hiring/Log.md": log("ANN"),
        }
    )
    if len(list((root / "Hiring").iterdir())) < 3:
        pytest.skip("case-insensitive file system")
    vault = Vault.open(root)
    assert vault.resolve("ANN", "Hiring/Log.md").path in ("Hiring/Ann.md", "Hiring/ann.md")
    lint(vault)
    generate.apply(vault, generate.plan(vault))
    assert_generated_notes_are_well_formed(root, vault)


# ------------------------------------------------------------------------ names that climb


CLIMBERS = [
    "../../Escaped",
    "..",
    "../Escaped",
    "..\\..\\Escaped",
    "/tmp/Escaped",
    "Sub/../../Escaped",
    "Escaped\x00",
    "Escaped\n",
    ".hidden",
    "C:Escaped",
    "~/Escaped",
]


@pytest.mark.parametrize("name", CLIMBERS)
def test_new_never_writes_outside_the_vault(
    make_vault: MakeVault, tmp_path: Path, name: str
) -> None:
    root = make_vault({"Hiring/Candidates/Ann.md": CANDIDATE.format(name="Ann")})
    before = snapshot(tmp_path, skip=root)
    runner = CliRunner()
    for arguments in (
        ["new", "candidate", name, "--role", "DE", "--level", "Mid"],
        ["new", "case", name, "--role", "DE", "--level", "Mid"],
        ["new", "interview", name, "--stage", "technical", "--interviewer", "Maria Svensson"],
        ["new", "interview", "Ann", "--stage", "technical", "--interviewer", name],
    ):
        result = runner.invoke(cli, [*arguments, "--vault", str(root)])
        if re.search(r"[/\\\x00:]|^\.", name):  # cannot be a file name in the vault
            assert result.exit_code != 0, (arguments, result.output)
        # Any other name ("Escaped\n" is trimmed to "Escaped") is made inside the vault.
        assert not isinstance(result.exception, (AssertionError, TypeError, KeyError))
    assert snapshot(tmp_path, skip=root) == before
    for path in root.rglob("*"):
        assert path.resolve().is_relative_to(root.resolve())


@pytest.mark.parametrize(
    "config",
    [
        "hiring:\n  folders:\n    candidates: ../outside\n",
        "hiring:\n  folders:\n    candidates: Hiring/../../outside\n",
        "indexes:\n  interviews:\n    path: ../Interview Index.md\n",
        "indexes:\n  interviews:\n    path: Hiring/../../Interview Index.md\n",
        "retrospectives:\n  path: '../{quarter}.md'\n",
        "retrospectives:\n  path: '{quarter}/../../x.md'\n",
    ],
)
def test_configured_paths_that_climb_out_are_config_errors(
    make_vault: MakeVault, tmp_path: Path, config: str
) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": config,
            "Hiring/Ann.md": CANDIDATE.format(name="Ann"),
            "Hiring/Log.md": log("Ann"),
        }
    )
    before = snapshot(tmp_path, skip=root)
    runner = CliRunner()
    for arguments in (
        ["index", str(root)],
        ["retro", str(root), "--quarter", "2025-Q3"],
        ["new", "candidate", "Bo", "--role", "DE", "--level", "Mid", "--vault", str(root)],
    ):
        result = runner.invoke(cli, arguments)
        assert not isinstance(result.exception, (AssertionError, TypeError, KeyError))
    assert snapshot(tmp_path, skip=root) == before
    with pytest.raises(ConfigError, match=r"config\.yaml"):
        from vault_tools.generated import GenerateSettings
        from vault_tools.new import NewSettings

        vault = Vault.open(root)
        GenerateSettings.from_config(vault.config)
        NewSettings.from_config(vault.config)


@pytest.mark.parametrize(
    "value",
    [
        "'[[../../../Escaped]]'",
        "'[[/etc/passwd]]'",
        "'[Escaped](../../../Escaped.md)'",
        "'[[..]]'",
        "'[[Sub/../../Escaped|x]]'",
    ],
)
def test_link_values_that_climb_feed_no_paths(
    make_vault: MakeVault, tmp_path: Path, value: str
) -> None:
    """An interview's ``candidate`` names the candidate in generated links: a value that
    climbs out resolves to nothing, shows as text, and writes nothing anywhere."""
    (tmp_path / "Escaped.md").write_text(SECRET)
    root = make_vault({"Hiring/Log.md": log("x").replace("'[[x]]'", value), "Hiring/Ann.md": "x"})
    before = snapshot(tmp_path, skip=root)
    vault = Vault.open(root)
    log_note = vault.notes["Hiring/Log.md"]
    assert log_note.links
    for link in log_note.links:
        assert vault.resolve(link, log_note).path in (None, "Hiring/Ann.md", "Hiring/Log.md")
    generate.apply(vault, generate.plan(vault))
    assert snapshot(tmp_path, skip=root) == before
    assert_generated_notes_are_well_formed(root, vault)
    assert "SECRET" not in everything_read(Vault.open(root))


def test_a_vault_absolute_folder_setting_stays_in_the_vault(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    """``/People`` means the vault's People folder (Obsidian's "/" is the vault root)."""
    root = make_vault(
        {".vault-tools/config.yaml": "hiring:\n  folders:\n    candidates: /People\n"}
    )
    before = snapshot(tmp_path, skip=root)
    result = CliRunner().invoke(
        cli, ["new", "candidate", "Bo", "--role", "DE", "--level", "Mid", "--vault", str(root)]
    )
    assert result.exit_code == 0, result.output
    assert (root / "People" / "Bo.md").is_file()
    assert snapshot(tmp_path, skip=root) == before
