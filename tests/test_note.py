"""Frontmatter as Obsidian reads it: the fences, BOM, CRLF, and problems with real lines."""

from __future__ import annotations

import datetime as dt

import pytest

from vault_tools.note import parse_note

SEED_FRONTMATTER = """---
created: 2023-12-04T13:14
updated: 2025-09-02T09:59
tags:
  - article
  - communication
  - digital-garden
  - hiring
  - interviewing
  - leadership
  - management
  - work
Finished: false
---

# Hiring
"""


def test_the_seed_note_frontmatter_reads_like_obsidian() -> None:
    note = parse_note("Work/Hiring.md", SEED_FRONTMATTER.encode())
    assert note.problems == ()
    assert note.properties["created"] == dt.datetime(2023, 12, 4, 13, 14)
    assert note.properties["Finished"] is False
    assert note.properties["tags"][0] == "article"
    assert note.key_line("Finished") == 13
    assert [tag.name for tag in note.tags][:2] == ["article", "communication"]
    assert note.tags[0].line == 5
    assert note.body_line == 15
    assert [(h.text, h.line) for h in note.headings] == [("Hiring", 16)]


@pytest.mark.parametrize(
    ("raw", "expected_key_line", "expected_heading_line"),
    [
        (b"---\nrole: DE\n---\n# Title\n", 2, 4),
        (b"\xef\xbb\xbf---\nrole: DE\n---\n# Title\n", 2, 4),  # UTF-8 BOM before the fence
        (b"---\r\nrole: DE\r\n---\r\n# Title\r\n", 2, 4),  # CRLF works the same as LF
        (b"---\nrole: DE\n...\n# Title\n", 2, 4),  # YAML's document end marker closes too
        (b"---  \nrole: DE\n---\t\n# Title\n", 2, 4),  # trailing blanks on the fences
    ],
)
def test_frontmatter_fences(raw: bytes, expected_key_line: int, expected_heading_line: int) -> None:
    note = parse_note("N.md", raw)
    assert note.problems == ()
    assert note.properties == {"role": "DE"}
    assert note.key_line("role") == expected_key_line
    assert note.headings[0].line == expected_heading_line


@pytest.mark.parametrize(
    ("raw", "code", "line"),
    [
        (b"---\nrole: DE\n# no closing fence\n", "VT102", 1),
        (b"---\nrole: [DE\n---\n", "VT103", 3),
        (b"---\n- a\n- b\n---\n", "VT104", 2),
        (b"---\nx: !!python/object/apply:os.system ['echo hi']\n---\n", "VT105", 2),
        (b"---\nrole: DE\nrole: DS\n---\n", "VT107", 3),
        (b"---\nname: caf\xe9\n---\n", "VT101", 2),
    ],
)
def test_broken_frontmatter_is_a_diagnostic_with_a_line(raw: bytes, code: str, line: int) -> None:
    note = parse_note("Broken.md", raw)
    codes = [(problem.code, problem.line) for problem in note.problems]
    assert (code, line) in codes, codes


def test_unterminated_frontmatter_keeps_no_properties_and_reads_the_body() -> None:
    note = parse_note("N.md", b"---\ntags: [x]\n\nSee [[Other]]\n")
    assert note.properties == {}
    assert not note.frontmatter_valid
    assert [link.target for link in note.links] == ["Other"]


def test_a_note_without_frontmatter_has_no_properties_and_no_problems() -> None:
    note = parse_note("N.md", b"# Title\n\n---\n\ntext\n")
    assert note.properties == {}
    assert note.problems == ()
    assert not note.has_frontmatter


def test_links_inside_quoted_frontmatter_values_carry_their_line() -> None:
    raw = (
        b'---\ntype: interview\ncandidate: "[[Ada Okafor]]"\n'
        b'related:\n  - "[[Case A|the case]]"\n---\n'
    )
    note = parse_note("I.md", raw)
    found = [(link.target, link.alias, link.kind, link.line) for link in note.links]
    assert found == [
        ("Ada Okafor", None, "frontmatter", 3),
        ("Case A", "the case", "frontmatter", 5),
    ]


def test_typed_notes_keep_their_body_for_section_checks() -> None:
    typed = parse_note("I.md", b"---\ntype: interview\n---\n## Competence\nGood SQL.\n")
    plain = parse_note("P.md", b"---\ntags: [x]\n---\n## Competence\nGood SQL.\n")
    assert [section.heading.text for section in typed.sections] == ["Competence"]
    assert plain.body is None


@pytest.mark.parametrize(
    ("frontmatter", "tags"),
    [
        ("tags: [hiring, work]", ["hiring", "work"]),
        ("Tags: [hiring, work]", ["hiring", "work"]),  # Obsidian matches the key in any case
        ("TAGS: hiring, work", ["hiring", "work"]),
        ("tag: hiring", ["hiring"]),
        ("Tagged: hiring", []),
        ("tags: [a]\nTags: [b]", ["a", "b"]),
    ],
)
def test_frontmatter_tags_are_read_from_the_tags_key_in_any_case(
    frontmatter: str, tags: list[str]
) -> None:
    note = parse_note("N.md", f"---\n{frontmatter}\n---\nText.\n".encode())
    assert [tag.name for tag in note.tags] == tags
