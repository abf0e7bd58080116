"""python-frontmatter with Obsidian's reading: ``ObsidianHandler`` and ``note.to_post()``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from frontmatter.default_handlers import YAMLHandler

from vault_tools.errors import VaultToolsError
from vault_tools.frontmatter_handler import FrontmatterError, ObsidianHandler
from vault_tools.note import parse_note
from vault_tools.vault import Vault

from conftest import REPOSITORY, MakeVault

EXAMPLE_VAULT = REPOSITORY / "example_vault"
EXAMPLE = Vault.open(EXAMPLE_VAULT)
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize("path", sorted(EXAMPLE.notes))
def test_every_example_note_reads_the_same_through_python_frontmatter(path: str) -> None:
    note = EXAMPLE.notes[path]
    loaded = frontmatter.load(EXAMPLE_VAULT / path, handler=ObsidianHandler())
    post = note.to_post()
    assert loaded.metadata == note.properties
    assert post.metadata == note.properties
    assert post.content == loaded.content


def test_the_comparison_covers_what_the_yaml_handler_reads_otherwise() -> None:
    """The example vault holds values where YAML 1.1 and Obsidian disagree: the comparison
    above would fail with python-frontmatter's own handler."""
    differ = [
        path
        for path, note in EXAMPLE.notes.items()
        if frontmatter.load(EXAMPLE_VAULT / path, handler=YAMLHandler()).metadata != note.properties
    ]
    assert "Work/Hiring.md" in differ  # created: 2023-12-04T13:14 (no seconds)
    assert EXAMPLE.notes["Work/Hiring.md"].properties["created"] == dt.datetime(2023, 12, 4, 13, 14)


def test_the_body_is_the_content() -> None:
    post = EXAMPLE.notes["Work/Hiring.md"].to_post()
    assert post.content.startswith("# Hiring")
    assert "created:" not in post.content


# ------------------------------------------------------------------------------ YAML 1.2 values
@pytest.mark.parametrize(
    ("line", "obsidian", "yaml_1_1"),
    [
        ("created: 2023-12-04T13:14", dt.datetime(2023, 12, 4, 13, 14), "2023-12-04T13:14"),
        ("answer: no", "no", False),
        ("ok: yes", "yes", True),
        ("code: 012", 12, 10),
        ("at: 12:30", "12:30", 750),
        ("octal: 0o12", 10, "0o12"),
        ("exponent: 1e3", 1000.0, "1e3"),
        ("grouped: 1_000", "1_000", 1000),
        ("day: 2025-09-02", dt.date(2025, 9, 2), dt.date(2025, 9, 2)),
        (
            "offset: 2025-09-02T09:59:00+02:00",
            dt.datetime(2025, 9, 2, 9, 59, tzinfo=PLUS_TWO),
            dt.datetime(2025, 9, 2, 9, 59, tzinfo=PLUS_TWO),
        ),
        ("done: false", False, False),
        ("empty:", None, None),
    ],
)
def test_values_are_obsidians_not_yaml_1_1s(line: str, obsidian: Any, yaml_1_1: Any) -> None:
    text = f"---\n{line}\n---\nbody\n"
    key = line.split(":")[0]
    read = frontmatter.loads(text, handler=ObsidianHandler())
    assert read.metadata == {key: obsidian}
    assert type(read[key]) is type(obsidian)
    assert frontmatter.loads(text, handler=YAMLHandler()).metadata == {key: yaml_1_1}
    assert read.content == "body"


def test_keys_are_text_as_obsidian_reads_them() -> None:
    # YAML 1.1 makes the key `on` True (python-frontmatter's own handler then fails on it).
    read = frontmatter.loads("---\non: off\n2025: year\n---\n", handler=ObsidianHandler())
    assert read.metadata == {"on": "off", "2025": "year"}


def test_a_python_tag_builds_nothing() -> None:
    text = "---\nx: !!python/object/apply:os.system ['echo no']\n---\n"
    assert frontmatter.loads(text, handler=ObsidianHandler()).metadata == {"x": ["echo no"]}


# ------------------------------------------------------------------------------ fences
@pytest.mark.parametrize(
    ("text", "metadata", "content"),
    [
        ("---\na: 1\n...\nbody", {"a": 1}, "body"),  # YAML's document end closes too
        ("\ufeff---\r\na: 1\r\n---\r\nbody\r\n", {"a": 1}, "body"),  # BOM and CRLF
        ("---\n---\nbody", {}, "body"),
        # No opening fence: a later `---` (a thematic break) opens nothing.
        ("Intro\n\n---\n\nmore\n\n---\n", {}, "Intro\n\n---\n\nmore\n\n---"),
        # Not closed: Obsidian shows no properties, and the text is all body.
        ("---\na: 1\nbody", {}, "---\na: 1\nbody"),
        ("--- \na: 1\n---   \nbody", {"a": 1}, "body"),  # spaces after a fence
    ],
)
def test_fences_as_obsidian_reads_them(text: str, metadata: dict[str, Any], content: str) -> None:
    post = frontmatter.loads(text, handler=ObsidianHandler())
    assert (post.metadata, post.content) == (metadata, content)
    note = parse_note("N.md", text.encode(), keep_body=True)
    assert (note.properties, note.to_post().content) == (metadata, content)


def test_a_file_with_bom_and_crlf_loads(tmp_path: Path) -> None:
    path = tmp_path / "Note.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nstage: case\r\n---\r\n# Case\r\n")
    post = frontmatter.load(path, handler=ObsidianHandler())
    assert (post.metadata, post.content) == ({"stage": "case"}, "# Case")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nstage: case\nscores: [1, 2\n---\n", "YAML syntax error"),
        ("---\nstage: case\n- a list\n---\n", "YAML syntax error"),
        ("---\n- a list\n---\n", "must be properties"),
    ],
)
def test_frontmatter_that_cannot_be_read_raises_with_the_line_lint_reports(
    text: str, message: str
) -> None:
    with pytest.raises(FrontmatterError, match=message) as raised:
        frontmatter.loads(text, handler=ObsidianHandler())
    (reported,) = parse_note("N.md", text.encode()).problems
    assert raised.value.problems[0].line == reported.line
    assert f"line {reported.line}, column {reported.column}: " in str(raised.value)
    assert isinstance(raised.value, ValueError)


# ------------------------------------------------------------------------------ note.to_post()
def test_to_post_is_a_copy(make_vault: MakeVault) -> None:
    vault = Vault.open(make_vault({"N.md": "---\ntags: [a]\n---\ntext\n"}))
    note = vault.notes["N.md"]
    post = note.to_post()
    post["tags"].append("b")
    post["new"] = 1
    assert note.properties == {"tags": ["a"]}


def test_to_post_keeps_properties_python_frontmatter_cannot_take_as_keywords(
    make_vault: MakeVault,
) -> None:
    # frontmatter.load itself fails on these (Post(content, handler, **metadata)).
    vault = Vault.open(make_vault({"N.md": "---\ncontent: draft\nhandler: Ana\n---\ntext\n"}))
    post = vault.notes["N.md"].to_post()
    assert post.metadata == {"content": "draft", "handler": "Ana"}
    assert post.content == "text"
    assert frontmatter.dumps(post).startswith("---\ncontent: draft\nhandler: Ana\n---")


@pytest.mark.parametrize("lean", [False, True])
def test_to_post_has_the_body_an_untyped_or_lean_note_did_not_keep(
    make_vault: MakeVault, lean: bool
) -> None:
    root = make_vault({"Plain.md": "---\na: 1\n---\nSee [[Other]].\n", "Other.md": "x\n"})
    vault = Vault.open(root, lean=lean)
    note = vault.notes["Plain.md"]
    assert note.body is None
    note.links  # noqa: B018  (the scan lets the body go)
    assert note.to_post().content == "See [[Other]]."


def test_to_post_refuses_a_note_whose_file_changed_since_it_was_read(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"N.md": "---\na: 1\n---\nbefore\n"})
    vault = Vault.open(root)
    (root / "N.md").write_text("---\na: 2\n---\nafter, and longer\n", encoding="utf-8")
    with pytest.raises(VaultToolsError, match="changed on disk"):
        vault.notes["N.md"].to_post()
    vault.update("N.md")
    assert vault.notes["N.md"].to_post().metadata == {"a": 2}


def test_to_post_of_a_vanished_file_is_an_error_not_a_crash(make_vault: MakeVault) -> None:
    root = make_vault({"N.md": "text\n"})
    vault = Vault.open(root)
    os.remove(root / "N.md")
    with pytest.raises(VaultToolsError, match="cannot read"):
        vault.notes["N.md"].to_post()


def test_to_post_of_a_parsed_note_needs_its_body_kept() -> None:
    data = b"---\na: 1\n---\nbody\n"
    assert parse_note("N.md", data, keep_body=True).to_post().content == "body"
    with pytest.raises(ValueError, match="keep_body=True"):
        parse_note("N.md", data, keep_body=False).to_post()
