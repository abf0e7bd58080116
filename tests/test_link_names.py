"""Links from generated notes to the user's notes: the note's name alone when that opens it,
as Obsidian writes links by default (``[[Alice Ng]]``); the full path when another note shares
the name, or a generated note may (a note named ``2025-Q3``). The watcher switches as soon as a
name becomes shared or stops being so."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from test_watch_live import FIXTURE, PIPELINE, Q3_LOGS, TODAY, assert_same_as_a_full_run, live_for

from vault_tools import generate
from vault_tools.generated import GenerateSettings
from vault_tools.hiring import load_hiring
from vault_tools.markdown import scan_body
from vault_tools.vault import Vault, name_key

from conftest import MakeVault

PREDICTIVE = "Hiring/Retrospectives/Predictive value.md"
ALICE = "[[Alice Ng]]"
ALICE_IN_FULL = "[[Hiring/Candidates/Alice Ng\\|Alice Ng]]"
ALICE_LOG = "[[2025-07-08 Alice Ng - technical (Jonas)\\|Jonas"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(FIXTURE, copy)
    return copy


def index(root: Path) -> None:
    vault = Vault.open(root)
    generate.apply(vault, generate.plan(vault, today=TODAY))


def read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def test_a_name_no_other_note_has_is_linked_alone(root: Path) -> None:
    index(root)
    assert ALICE in read(root, PIPELINE)
    assert ALICE_IN_FULL not in read(root, PIPELINE)
    assert ALICE_LOG in read(root, Q3_LOGS)


def test_every_link_of_a_generated_note_opens_the_note_it_names(root: Path) -> None:
    index(root)
    vault = Vault.open(root)
    outputs = [o.path for o in generate.outputs(vault, load_hiring(vault))]
    checked = 0
    for path in outputs:
        note = vault.notes[path]
        for link in scan_body(read(root, path)).links:
            resolution = vault.resolve(link, note)
            assert resolution.path is not None, f"{path}: {link.raw} opens nothing"
            assert not resolution.ambiguous, f"{path}: {link.raw} is ambiguous"
            written = link.target.replace("\\", "")
            assert resolution.path[:-3].endswith(written), (path, link.raw, resolution.path)
            checked += 1
    assert checked > 50


def test_a_name_shared_with_another_note_is_linked_in_full(root: Path) -> None:
    (root / "Work" / "Alice Ng.md").write_text("A note about someone else.\n", encoding="utf-8")
    index(root)
    pipeline = read(root, PIPELINE)
    assert ALICE_IN_FULL in pipeline
    assert ALICE not in pipeline
    assert "[[Bo Li]]" in pipeline  # the other names are still no one else's


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("A/Léa.md", "B/LÉA.md"),  # case
        (unicodedata.normalize("NFC", "A/Léa.md"), unicodedata.normalize("NFD", "B/Léa.md")),
        # one accent composed, the other decomposed: neither form of the whole name
        ("A/Léa Müller.md", "B/L\u00e9a Mu\u0308ller.md"),
    ],
)
def test_twins_in_case_or_accents_share_a_name(
    make_vault: MakeVault, first: str, second: str
) -> None:
    vault = Vault.open(make_vault({first: "one\n", second: "two\n", "C/Other.md": "three\n"}))
    assert not vault.named_alone(first)
    assert not vault.named_alone(second)
    assert vault.named_alone("C/Other.md")
    assert not vault.named_alone("C/Missing.md")


def test_names_a_generated_note_may_have_are_reserved() -> None:
    settings = GenerateSettings.from_mapping({})
    for name in ("2025-Q3", "2025-q3", "2025-Q3 Interview Retrospective", "2024", "Case Index"):
        assert settings.may_be_named(name), name
    for name in ("Alice Ng", "20245", "2025-Q5", "Case Index 2"):
        assert not settings.may_be_named(name), name
    german = GenerateSettings.from_mapping(
        {"retrospectives": {"path": "Hiring/Rückblick/{quarter} Abschluß.md"}}
    )
    assert german.may_be_named(name_key("2026-Q1 Abschluß.md"))  # casefolded: "abschluss"


def test_a_note_in_an_ignored_folder_still_shares_its_name(root: Path) -> None:
    # `ignore:` leaves it out of what vault-tools reads; Obsidian still opens it by name.
    (root / ".vault-tools").mkdir(exist_ok=True)
    (root / ".vault-tools" / "config.yaml").write_text('ignore: ["Archive/"]\n', "utf-8")
    (root / "Archive").mkdir()
    (root / "Archive" / "Alice Ng.md").write_text("An old note.\n", encoding="utf-8")
    index(root)
    assert ALICE_IN_FULL in read(root, PIPELINE)
    assert "[[Bo Li]]" in read(root, PIPELINE)


def test_the_watcher_rewrites_the_predictive_value_note_when_a_hires_name_is_shared(
    root: Path,
) -> None:
    live = live_for(root)
    assert "[[Gus Berg]]" in read(root, PREDICTIVE)  # hired: in the predictive-value note
    # Deeper than his own note: the logs' links still find his, so no figure changes.
    twin = "Work/Family and friends/Gus Berg.md"
    (root / twin).parent.mkdir()
    (root / twin).write_text("Someone else.\n", encoding="utf-8")
    live.refresh([twin])
    assert "[[Hiring/Candidates/Gus Berg\\|Gus Berg]]" in read(root, PREDICTIVE)
    assert_same_as_a_full_run(root, live)


def test_the_watcher_finds_a_name_taken_in_an_ignored_folder_on_its_rescan(root: Path) -> None:
    (root / ".vault-tools").mkdir(exist_ok=True)
    (root / ".vault-tools" / "config.yaml").write_text('ignore: ["Archive/"]\n', "utf-8")
    (root / "Archive").mkdir()
    live = live_for(root)
    assert ALICE in read(root, PIPELINE)
    (root / "Archive" / "Alice Ng.md").write_text("An old note.\n", encoding="utf-8")
    live.rescan()  # no event comes from an ignored folder
    assert ALICE_IN_FULL in read(root, PIPELINE)
    assert_same_as_a_full_run(root, live)
    (root / "Archive" / "Alice Ng.md").unlink()
    live.rescan()
    assert ALICE in read(root, PIPELINE)
    assert_same_as_a_full_run(root, live)


def test_a_gone_folder_takes_only_its_own_notes_along(root: Path) -> None:
    # Two folders whose names differ only in case (two folders where case counts).
    (root / "Work2").mkdir()
    (root / "Work2" / "Alice Ng.md").write_text("Someone else.\n", encoding="utf-8")
    (root / "work2").mkdir()
    (root / "work2" / "Scratch.md").write_text("Scratch.\n", encoding="utf-8")
    live = live_for(root)
    assert ALICE_IN_FULL in read(root, PIPELINE)
    shutil.rmtree(root / "work2")
    live.refresh([], folders=["work2"])
    assert "Work2/Alice Ng.md" in live.vault.notes
    assert ALICE_IN_FULL in read(root, PIPELINE)
    assert_same_as_a_full_run(root, live)


def test_the_watcher_links_in_full_while_a_name_is_shared(root: Path) -> None:
    live = live_for(root)
    assert ALICE in read(root, PIPELINE)
    twin = root / "Work" / "Alice Ng.md"
    twin.write_text("A note about someone else.\n", encoding="utf-8")
    live.refresh(["Work/Alice Ng.md"])
    assert ALICE_IN_FULL in read(root, PIPELINE)
    assert "[[Hiring/Interviews/2025-07-08 Alice Ng - technical (Jonas)" not in read(root, Q3_LOGS)
    assert_same_as_a_full_run(root, live)
    twin.unlink()
    live.refresh(["Work/Alice Ng.md"])
    assert ALICE in read(root, PIPELINE)
    assert_same_as_a_full_run(root, live)
