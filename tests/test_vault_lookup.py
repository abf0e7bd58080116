"""The library's edges a user meets first: ``vault.get`` by name as ``show`` takes it,
``vault.resolve`` of a link written with its brackets, and a short ``repr(Note)``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault_tools.vault import Vault

from conftest import MakeVault


# ------------------------------------------------------------------------------ vault.get
@pytest.fixture
def people(make_vault: MakeVault) -> Vault:
    return Vault.open(
        make_vault(
            {
                "Hiring/Candidates/Kwame Mensah.md": "---\ntype: candidate\n---\n[[Case]]\n",
                "Hiring/Cases/Case.md": "# Case\n## Brief\n",
                "Hiring/Interview Index.md": "index\n",
                "Archive/Hiring/Old.md": "old\n",
                "photo.png": b"\x89PNG\r\n\x1a\n",
            }
        )
    )


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("Hiring/Candidates/Kwame Mensah.md", "Hiring/Candidates/Kwame Mensah.md"),
        ("hiring/candidates/kwame mensah", "Hiring/Candidates/Kwame Mensah.md"),
        ("Kwame Mensah", "Hiring/Candidates/Kwame Mensah.md"),  # a name, as `show` takes it
        ("kwame mensah", "Hiring/Candidates/Kwame Mensah.md"),
        ("Candidates/Kwame Mensah", "Hiring/Candidates/Kwame Mensah.md"),  # a partial path
        ("[[Kwame Mensah]]", "Hiring/Candidates/Kwame Mensah.md"),
        ("[[Kwame Mensah|Kwame]]", "Hiring/Candidates/Kwame Mensah.md"),
        ("Nobody", None),
        ("photo.png", None),  # a file, not a note
        ("photo", None),
        # A path ending in .md is only ever that path: no "Interview Index.md" at the root.
        ("Interview Index.md", None),
        ("Old.md", None),
    ],
)
def test_get_takes_a_path_or_a_name(people: Vault, asked: str, found: str | None) -> None:
    note = people.get(asked)
    assert (note.path if note else None) == found


def test_get_by_name_finds_what_the_show_command_finds(people: Vault) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    shown = CliRunner().invoke(cli, ["show", str(people.root), "Kwame Mensah", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    note = people.get("Kwame Mensah")
    assert note is not None and f'"path": "{note.path}"' in shown.output


# ------------------------------------------------------------------------------ vault.resolve
@pytest.mark.parametrize(
    ("written", "path", "subpath_found"),
    [
        ("Case", "Hiring/Cases/Case.md", None),
        ("[[Case]]", "Hiring/Cases/Case.md", None),
        ("[[Case|the case]]", "Hiring/Cases/Case.md", None),
        ("![[Case]]", "Hiring/Cases/Case.md", None),
        ("[[Case#Brief]]", "Hiring/Cases/Case.md", True),
        ("[[Case#Brief|the brief]]", "Hiring/Cases/Case.md", True),
        ("[[Case#Missing|x]]", "Hiring/Cases/Case.md", False),
        ("Case#Brief|the brief", "Hiring/Cases/Case.md", True),  # the alias is no heading
        ("  [[Case]]  ", "Hiring/Cases/Case.md", None),
        ("![[photo.png|100]]", "photo.png", None),
        ("[the case](Hiring/Cases/Case.md)", "Hiring/Cases/Case.md", None),
        ("[the case](Cases/Case.md)", "Hiring/Cases/Case.md", None),  # relative to the note
        ("[[Nobody]]", None, None),
    ],
)
def test_resolve_takes_a_link_with_its_brackets(
    people: Vault, written: str, path: str | None, subpath_found: bool | None
) -> None:
    resolution = people.resolve(written, "Hiring/Kwame Mensah.md")
    assert (resolution.path, resolution.subpath_found) == (path, subpath_found)


def test_resolve_of_bracketed_text_is_the_resolve_of_the_notes_own_link(people: Vault) -> None:
    note = people.get("Kwame Mensah")
    assert note is not None
    (link,) = note.links
    assert people.resolve(link.raw, note) == people.resolve(link, note)


# ------------------------------------------------------------------------------ repr(Note)
def test_repr_of_a_note_is_short_and_names_it(make_vault: MakeVault) -> None:
    body = "".join(f"Paragraph {number} about [[Other {number}]].\n" for number in range(5000))
    vault = Vault.open(make_vault({"Hiring/Log.md": f"---\ntype: interview\n---\n{body}"}))
    note = vault.get("Log")
    assert note is not None
    assert repr(note) == "Note('Hiring/Log.md', type='interview', links=5000)"
    assert repr(vault.get("Log")) == str(note)


# ------------------------------------------------------------------ a name alone, quickly
_NAMES = ["Ann", "ann", "Ann.md", "Bob", "Note", "note", "x", "Café", " Ann", "Ann "]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(st.sampled_from(["", "A/", "A/B/", "b/"]), st.sampled_from(_NAMES[:7])),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    st.sampled_from(["Here.md", "A/Here.md", "b/Here.md"]),
    st.sampled_from([*_NAMES, "A\\Ann", "", "Ann.png", "Gone"]),
)
def test_a_name_alone_resolves_as_the_general_way_finds_it(
    notes: list[tuple[str, str]], source: str, target: str
) -> None:
    # Vault.resolve_path answers a link of one note's name alone without the general steps;
    # the answer must be theirs (Vault._by_name), whatever the names around it.
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".obsidian").mkdir()
        for place, name in notes:
            (root / place).mkdir(parents=True, exist_ok=True)
            (root / f"{place}{name}.md").write_text("text\n")
        (root / "Ann.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        vault = Vault.open(root)
        linkpath = target.strip()
        found = vault.resolve_path(target, source)
        if linkpath and "/" not in linkpath and "\\" not in linkpath:
            assert found == vault._by_name(linkpath, source)
        else:
            assert found == vault.resolve_path(target.replace("\\", "/"), source)
