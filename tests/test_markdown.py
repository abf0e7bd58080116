"""What vault-tools reads from a note body: links, tags, headings, block ids, sections."""

from __future__ import annotations

import doctest
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from vault_tools import markdown
from vault_tools.markdown import (
    Heading,
    Link,
    _scan_blocks,
    _scan_body,
    _sections,
    _strip_comments,
    find_heading,
    is_valid_tag,
    links_in_text,
    normalize_heading,
    scan_body,
    sections,
)

# The user's seed note, verbatim (tests/test_example_vault.py checks its hash); a path outside
# the repository would break every other checkout.
SEED = Path(__file__).resolve().parents[1] / "example_vault" / "Work" / "Hiring.md"


def link_parts(text: str) -> list[tuple[str, str, str | None, bool, str]]:
    return [
        (link.target, link.subpath, link.alias, link.embed, link.kind)
        for link in scan_body(text).links
    ]


def tag_names(text: str) -> list[str]:
    return [tag.name for tag in scan_body(text).tags]


def heading_parts(text: str) -> list[tuple[int, str, int]]:
    return [(heading.level, heading.text, heading.line) for heading in scan_body(text).headings]


# --------------------------------------------------------------------------------------------
# Wikilinks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[Note]]", ("Note", "", None, False)),
        ("[[Note.md]]", ("Note.md", "", None, False)),
        ("[[Folder/Note]]", ("Folder/Note", "", None, False)),
        ("[[Note|alias]]", ("Note", "", "alias", False)),
        ("[[Note#Heading]]", ("Note", "#Heading", None, False)),
        ("[[Note#H1#H2]]", ("Note", "#H1#H2", None, False)),
        ("[[#Heading]]", ("", "#Heading", None, False)),
        ("[[Note#^block-id]]", ("Note", "#^block-id", None, False)),
        ("[[#^block-id|see there]]", ("", "#^block-id", "see there", False)),
        ("![[file.png|100]]", ("file.png", "", "100", True)),
        ("![[Movies.base#Favorites]]", ("Movies.base", "#Favorites", None, True)),
        ("![[Meeting notes]]", ("Meeting notes", "", None, True)),
        (
            "[[Case - Freight Delays|the freight case]]",
            ("Case - Freight Delays", "", "the freight case", False),
        ),
        # In a table the pipe is escaped; the backslash belongs to neither side.
        ("| a | [[img.png \\| 300]] |", ("img.png", "", "300", False)),
        ("[[Note\\|alias]]", ("Note", "", "alias", False)),
        ("[[Note|a|b]]", ("Note", "", "a|b", False)),
        ("[[ Note ]]", ("Note", "", None, False)),
        ("[[Note#]]", ("Note", "", None, False)),
        ("[[Note|]]", ("Note", "", None, False)),
        ("[[a [[b]]", ("b", "", None, False)),
        ("[[Jane Doe]]'s interview", ("Jane Doe", "", None, False)),
    ],
)
def test_wikilink(text: str, expected: tuple[str, str, str | None, bool]) -> None:
    assert link_parts(text) == [(*expected, "wiki")]


@pytest.mark.parametrize(
    "text",
    ["[[]]", "[[ ]]", "[[|alias]]", "[[#]]", "[[a\nb]]", "[ [x] ]", "[x]", "\\[[x]"],
)
def test_not_a_wikilink(text: str) -> None:
    assert scan_body(text).links == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Obsidian reads the wikilink before the code spans inside it.
        ("[[#`move`|move]]", ("", "#`move`", "move", False)),
        ("See [[Filters#`wikilink`|wikilink]].", ("Filters", "#`wikilink`", "wikilink", False)),
        ("![[Commands#`open` and `close`]]", ("Commands", "#`open` and `close`", None, True)),
        ("`code` then [[Note#`x`]]", ("Note", "#`x`", None, False)),
    ],
)
def test_wikilink_holding_code_spans(
    text: str, expected: tuple[str, str, str | None, bool]
) -> None:
    assert link_parts(text) == [(*expected, "wiki")]


@pytest.mark.parametrize(
    "text",
    [
        "`[[x]]`",  # a code span that opens first holds the brackets
        "`a [[b` c]]",
        "``[[x]]``",
        "`[[a` b `c]]`",
        "%% [[x `y` %% z]]",
    ],
)
def test_code_span_opening_first_holds_a_wikilink(text: str) -> None:
    assert scan_body(text).links == ()


def test_wikilink_after_a_code_span_on_its_line_is_read() -> None:
    scan = scan_body("`[[x]]` and [[y#`z`]]")
    assert [(link.target, link.subpath, link.column) for link in scan.links] == [("y", "#`z`", 13)]


def test_link_positions_and_raw_text() -> None:
    body = "Intro\nSee [[Jane Doe]] and ![[scorecard.png|300]].\n"
    links = scan_body(body, first_line=12).links
    assert [(link.line, link.column, link.raw) for link in links] == [
        (13, 5, "[[Jane Doe]]"),
        (13, 22, "![[scorecard.png|300]]"),
    ]
    assert links[0] == Link("Jane Doe", "", None, False, "wiki", 13, 5, "[[Jane Doe]]")


# --------------------------------------------------------------------------------------------
# Markdown links


def test_markdown_link_of_the_seed_note() -> None:
    text = SEED.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    body_line = text[: len(text) - len(body)].count("\n") + 1
    (link,) = scan_body(body, body_line).links
    assert link.target == "../Books/Book Reviews/Work/Jobs/The Job Closer.md"
    assert (link.subpath, link.alias, link.embed, link.kind) == (
        "",
        "The Job Closer",
        False,
        "markdown",
    )
    line = text.splitlines()[link.line - 1]
    assert line[link.column - 1 :].startswith(link.raw)
    assert link.raw == "[The Job Closer](../Books/Book%20Reviews/Work/Jobs/The%20Job%20Closer.md)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[The Job Closer](The%20Job%20Closer.md)",
            ("The Job Closer.md", "", "The Job Closer", False),
        ),
        ("[t](<path with spaces.md>)", ("path with spaces.md", "", "t", False)),
        ('[t](Note.md "a title")', ("Note.md", "", "t", False)),
        ("[t](Note.md 'a title')", ("Note.md", "", "t", False)),
        ("![alt](img.png)", ("img.png", "", "alt", True)),
        ("![](img.png)", ("img.png", "", None, True)),
        ("[x](#Heading)", ("", "#Heading", "x", False)),
        ("[x](#Some%20Heading)", ("", "#Some Heading", "x", False)),
        ("[x](Note.md#^block-1)", ("Note.md", "#^block-1", "x", False)),
        ("[x](/Work/Hiring.md)", ("/Work/Hiring.md", "", "x", False)),
        ("[x](Note_(draft).md)", ("Note_(draft).md", "", "x", False)),
        ("[`code` in text](Note.md)", ("Note.md", "", "`code` in text", False)),
        ("[caf%C3%A9](caf%C3%A9.md)", ("café.md", "", "caf%C3%A9", False)),
    ],
)
def test_markdown_link(text: str, expected: tuple[str, str, str | None, bool]) -> None:
    assert link_parts(text) == [(*expected, "markdown")]


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://obsidian.md)",
        "[site](http://example.com/a#b)",
        "[mail](mailto:jane@example.com)",
        "[open](obsidian://open?vault=Work&file=Hiring)",
        "[file](file:///home/jane/cv.pdf)",
        "[relative-protocol](//example.com/x)",
        "<https://example.com>",
        "https://example.com/Note.md",
        "[no destination]()",
        "[spaces](not a link.md)",
        "[text] (Note.md)",
        "\\[text](Note.md)",
    ],
)
def test_not_a_markdown_link(text: str) -> None:
    assert scan_body(text).links == ()


def test_link_text_may_run_over_a_line_break_in_its_paragraph() -> None:
    body = "Read the [Job\nCloser](The%20Job%20Closer.md) first.\n\n[Not\n\na link](x.md)"
    (link,) = scan_body(body).links
    assert (link.target, link.alias, link.line, link.column) == (
        "The Job Closer.md",
        "Job\nCloser",
        1,
        10,
    )


def test_image_inside_a_link_gives_both() -> None:
    assert link_parts("[![cover](cover.png)](Book.md)") == [
        ("Book.md", "", "![cover](cover.png)", False, "markdown"),
        ("cover.png", "", "cover", True, "markdown"),
    ]


def test_links_come_in_reading_order() -> None:
    body = "[a](A.md) [[B]]\n![[C]] [d](D.md)"
    assert [link.target for link in scan_body(body).links] == ["A.md", "B", "C", "D.md"]


# --------------------------------------------------------------------------------------------
# Code, comments and math hide everything

HIDDEN = "[[Hidden]] [x](Hidden.md) #hidden ^hidden"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f"```\n{HIDDEN}\n# Not a heading\n```", id="backtick fence"),
        pytest.param(f"~~~python\n{HIDDEN}\n# Not a heading\n~~~", id="tilde fence"),
        pytest.param(f"````\n```\n{HIDDEN}\n```\n# Not a heading\n````", id="longer fence"),
        pytest.param(f"```\n{HIDDEN}\n~~~\n# Not a heading", id="unclosed fence"),
        pytest.param(f"   ```\n{HIDDEN}\n   ```", id="indented fence"),
        pytest.param(f"Text\n\n    {HIDDEN}\n    # Not a heading", id="indented code"),
        pytest.param(f"\t{HIDDEN}", id="tab-indented code"),
        pytest.param(f"`{HIDDEN}`", id="inline code"),
        pytest.param(f"``{HIDDEN} ` still code``", id="double-backtick code"),
        pytest.param(f"%%{HIDDEN}%%", id="comment"),
        pytest.param(f"%%\n{HIDDEN}\n# Not a heading\n\n{HIDDEN}\n%%", id="multi-line comment"),
        pytest.param(f"Text %% {HIDDEN}", id="unclosed comment"),
        pytest.param(f"<!-- {HIDDEN} -->", id="html comment"),
        pytest.param(f"<!--\n{HIDDEN}\n# Not a heading\n-->", id="multi-line html comment"),
        pytest.param(f"$$\n{HIDDEN}\n# Not a heading\n$$", id="math block"),
        pytest.param(f"Energy $E = {HIDDEN}$ here", id="inline math"),
        pytest.param(f"<div>\n{HIDDEN}\n# Not a heading\n</div>", id="html block"),
        pytest.param(f"- item\n\n      {HIDDEN}", id="indented code in a list item"),
        pytest.param(f"- item\n\n  ```\n  {HIDDEN}\n  ```", id="fence in a list item"),
        pytest.param(f"> ```\n> {HIDDEN}\n> ```", id="fence in a quote"),
    ],
)
def test_nothing_is_read_inside_code_comments_or_math(body: str) -> None:
    scan = scan_body(body)
    assert [link.raw for link in scan.links] == []
    assert [tag.name for tag in scan.tags] == []
    assert [heading.text for heading in scan.headings if "heading" in heading.text] == []
    assert scan.block_ids == frozenset()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("```\ncode\n```\n[[After]] #after", id="after a fence"),
        pytest.param("`code` [[After]] #after", id="after inline code"),
        pytest.param("`a` `` b ` `` [[After]] #after", id="after two code spans"),
        pytest.param("%%note%% [[After]] #after", id="after a comment"),
        pytest.param("%%\nnote\n%%\n[[After]] #after", id="after a block comment"),
        pytest.param("<!-- note --> x\n\n[[After]] #after", id="after an html comment"),
        pytest.param("Costs $5 and $10 [[After]] #after", id="dollar amounts are no math"),
        pytest.param("A ` stray backtick [[After]] #after", id="unmatched backtick"),
        pytest.param("- a\n\n      code\n\n[[After]] #after", id="after code in a list"),
        pytest.param("1. one\n    2. nested [[After]] #after", id="deep list item"),
        pytest.param("- item\n\tcontinued [[After]] #after", id="list continuation"),
    ],
)
def test_text_after_hidden_parts_is_read(body: str) -> None:
    scan = scan_body(body)
    assert [link.target for link in scan.links] == ["After"]
    assert [tag.name for tag in scan.tags] == ["after"]


# --------------------------------------------------------------------------------------------
# Tags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#hiring", ["hiring"]),
        ("#nested/tag", ["nested/tag"]),
        ("#data_engineering #data-engineering", ["data_engineering", "data-engineering"]),
        ("#café", ["café"]),
        ("#日本語", ["日本語"]),
        ("#🚀launch", ["🚀launch"]),
        ("#2025-Q3", ["2025-Q3"]),
        ("#y1984", ["y1984"]),
        ("#2025", []),
        ("#1984/", ["1984/"]),
        ("Hire? #strong-yes.", ["strong-yes"]),
        ("#a, #b; #c: #d! #e? #f)", ["a", "b", "c", "d", "e", "f"]),
        ("#tag's", ["tag"]),
        ('#say"hi"', ["say"]),
        ("#foo—bar", ["foo"]),
        ("#a#b", ["a", "b"]),
        ("#1984#x", []),
        ("- [ ] call back #todo", ["todo"]),
        ("x\t#tab", ["tab"]),
        ("no\u00a0#nbsp", ["nbsp"]),
        ("**#bold**", ["bold"]),
        ("[#in-brackets]", ["in-brackets"]),
        ("[[Note]]#after-link", ["after-link"]),
        ("`code`#after-code", ["after-code"]),
        ("| #cell | x |", ["cell"]),
        ("|#cell|x|", ["cell"]),
        ("> #quoted", ["quoted"]),
        ("# Heading #tag", ["tag"]),
        # Not tags.
        ("color #ff0000 is red, but a#b and colour#ff0000 are not", ["ff0000"]),
        ("https://example.com/#anchor", []),
        ("[[Note#Heading]] [[#Heading]] [[Note|see #alias]]", []),
        ("[x](Note.md#Heading) [y](<a b.md#c>)", []),
        ("![alt #x](img.png)", []),
        ("# Heading", []),
        ("## Heading", []),
        ('(#paren) "#quoted" .#dot x—#dash', []),
        ("\\#escaped", []),
        ("a *#lonely star", []),
        ("##double", []),
        ("#", []),
        ("# ", []),
    ],
)
def test_tags(text: str, expected: list[str]) -> None:
    assert tag_names(text) == expected


def test_tag_positions() -> None:
    body = "Intro\nWould hire. #strong-yes\n\t#nested/tag"
    assert [(tag.name, tag.line, tag.column) for tag in scan_body(body, 40).tags] == [
        ("strong-yes", 41, 13),
        ("nested/tag", 42, 2),
    ]


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("hiring", True),
        ("nested/tag", True),
        ("data_engineering", True),
        ("data-engineering", True),
        ("café", True),
        ("日本語", True),
        ("2025-Q3", True),
        ("y1984", True),
        ("1984/", True),
        ("2025", False),
        ("", False),
        ("two words", False),
        ("#hiring", False),
        ("tag.with.dots", False),
        ("tag,comma", False),
        ("a&b", False),
        ("em—dash", False),
    ],
)
def test_is_valid_tag(name: str, valid: bool) -> None:
    assert is_valid_tag(name) is valid


# --------------------------------------------------------------------------------------------
# Headings


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# Hiring", [(1, "Hiring", 1)]),
        ("###### Six", [(6, "Six", 1)]),
        ("####### Seven", []),
        ("#NoSpace", []),
        ("   ### Indented", [(3, "Indented", 1)]),
        ("    # Code", []),
        ("# Closed ##", [(1, "Closed", 1)]),
        ("# Not closed#", [(1, "Not closed#", 1)]),
        ("#", [(1, "", 1)]),
        ("## Why this role  ", [(2, "Why this role", 1)]),
        ("# Title %% a comment %%", [(1, "Title", 1)]),
        ("# Use `dataclass`", [(1, "Use `dataclass`", 1)]),
        ("Title\n===", [(1, "Title", 1)]),
        ("Title\n---", [(2, "Title", 1)]),
        ("Two\nlines\n===", [(1, "Two\nlines", 1)]),
        ("Text\n\n---", []),
        ("---\nText", []),
        ("- item\n---", []),
        ("- item\n  ---", [(2, "item", 1)]),
        ("- # In a list", [(1, "In a list", 1)]),
        ("> # In a quote", [(1, "In a quote", 1)]),
        ("> [!note] Callout\n> ## Inside", [(2, "Inside", 2)]),
        ("- item\n    # Nested in the item", [(1, "Nested in the item", 2)]),
        ("Para\n# Interrupts", [(1, "Interrupts", 2)]),
        ("Para\n    # Continues", []),
        ("\n\n# Third", [(1, "Third", 3)]),
    ],
)
def test_headings(body: str, expected: list[tuple[int, str, int]]) -> None:
    assert heading_parts(body) == expected


def test_heading_lines_count_from_first_line() -> None:
    assert heading_parts("\n# Hiring\n\ntext\n## Why") == [(1, "Hiring", 2), (2, "Why", 5)]
    assert [h.line for h in scan_body("\n# Hiring\n\ntext\n## Why", 15).headings] == [16, 19]


def test_seed_note_headings() -> None:
    text = SEED.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    headings = scan_body(body, 15).headings
    lines = text.splitlines()
    for heading in headings:
        assert lines[heading.line - 1].lstrip("#").strip() == heading.text
    assert [heading.text for heading in headings if heading.level == 3][:4] == [
        "3 things about technical interview",
        "Case Overview",
        "Architecture & Technical Context",
        "The Challenge",
    ]


# --------------------------------------------------------------------------------------------
# Block ids


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A paragraph. ^summary", {"summary"}),
        ("A paragraph.\n^summary", {"summary"}),
        ("- item ^item-1\n- other ^Item2", {"item-1", "Item2"}),
        ("| a | b |\n^table", {"table"}),
        ("ends with ^id  ", {"id"}),
        ("x^notid", set()),
        ("^ spaced", set()),
        ("^under_score", set()),
        ("see ^id here", set()),
        ("`^code`", set()),
    ],
)
def test_block_ids(body: str, expected: set[str]) -> None:
    assert scan_body(body).block_ids == frozenset(expected)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A block id may follow an embed directly, as Obsidian reads it.
        ("![[image.png]]^figure-1", {"figure-1"}),
        ("Before ![[chart.png|300]]^chart\n", {"chart"}),
        ("![[Other note#Heading]]^quoted", {"quoted"}),
        ("[[not an embed]]^nope", set()),
        ("text]]^nope", set()),
    ],
)
def test_block_id_right_after_an_embed(body: str, expected: set[str]) -> None:
    assert scan_body(body).block_ids == frozenset(expected)


# --------------------------------------------------------------------------------------------
# Line endings and odd input


def test_crlf_reads_like_lf() -> None:
    text = SEED.read_text(encoding="utf-8").split("---\n", 2)[2]
    text += "\n```\n[[no]]\n```\n%% c\n%% [[Yes]] #tag ^end\n"
    scan = scan_body(text, 15)
    assert [link.target for link in scan.links][-1] == "Yes"
    assert ([tag.name for tag in scan.tags], scan.block_ids) == (["tag"], {"end"})
    assert scan_body(text.replace("\n", "\r\n"), 15) == scan
    assert sections(text.replace("\n", "\r\n"), 15) == sections(text, 15)


def test_lone_carriage_returns_end_lines() -> None:
    assert heading_parts("# One\r## Two") == [(1, "One", 1), (2, "Two", 2)]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n",
        "\0[[A\0]] #t\0",
        "```",
        "%%",
        "<!--",
        "$$",
        "`" * 50,
        "[" * 50 + "]" * 50,
        "](" * 50,
        "- " * 50,
        "> " * 50,
        "\t" * 20 + "x",
        "#" * 100,
        "1." * 30,
    ],
)
def test_odd_input_does_not_raise(body: str) -> None:
    _scan_body(body, 1)
    _sections(body, 1)


def test_many_links_in_one_note_are_fast() -> None:
    body = "\n".join(f"- [[Note {index}]] and [x](File%20{index}.md)" for index in range(50_000))
    started = time.perf_counter()
    scan = scan_body(body)
    elapsed = time.perf_counter() - started
    assert len(scan.links) == 100_000
    assert elapsed < 2.0  # generous for slow CI machines; ~0.4 s here


@pytest.mark.parametrize(
    "body",
    [
        "](" * 100_000,
        "`" + " `` " * 50_000,
        "$x " * 100_000,
        "<!--" * 50_000,
        "[[" * 100_000,
        "[" * 100_000 + "](x)",
        "#a" * 100_000,
        "- " * 10_000 + "x",
        "> " * 10_000 + "x",
        "*" * 100_000 + "#x",
    ],
)
def test_hostile_input_is_linear(body: str) -> None:
    started = time.perf_counter()
    _scan_body(body, 1)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text())
def test_arbitrary_text_never_raises(body: str) -> None:
    # The private functions: the public ones would hide a bug behind an empty result.
    scan = _scan_body(body, 3)
    _sections(body, 3)
    # As the scanner reads it: NUL is U+FFFD (as Obsidian shows it).
    lines = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd").split("\n")
    for link in scan.links:
        assert "\n".join(lines[link.line - 3 :])[link.column - 1 :].startswith(link.raw)
    for tag in scan.tags:
        assert lines[tag.line - 3][tag.column - 1 :].startswith("#" + tag.name)


MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("#`~%$<>!-=*_[]()|^\\ \t\n\r\0aZ1é日")), max_size=200
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(MARKDOWNISH)
def test_markdown_like_text_never_raises_and_crlf_matches(body: str) -> None:
    lf = body.replace("\r\n", "\n").replace("\r", "\n")
    assert _scan_body(lf.replace("\n", "\r\n"), 1) == _scan_body(lf, 1)
    _sections(body, 1)
    links_in_text(body, 1, 1)


# --------------------------------------------------------------------------------------------
# The fast scanner agrees with markdown-it-py on block structure

_MARKDOWN_IT = MarkdownIt("commonmark")
_MARKDOWN_IT.disable("inline")


def _reference_blocks(text: str) -> tuple[dict[int, tuple[int, str]], set[int]]:
    headings: dict[int, tuple[int, str]] = {}
    code: set[int] = set()
    lines = text.split("\n")
    tokens = _MARKDOWN_IT.parse(text)
    for index, token in enumerate(tokens):
        assert token.map is not None or token.type.endswith("_close")
        if token.type == "heading_open" and token.map is not None:
            content = _strip_comments(tokens[index + 1].content)
            headings[token.map[0]] = (int(token.tag[1:]), " ".join(content.split()))
        elif token.type in ("fence", "code_block", "html_block") and token.map is not None:
            code.update(line for line in range(*token.map) if lines[line].strip())
    return headings, code


def _scanned_blocks(text: str) -> tuple[dict[int, tuple[int, str]], set[int]]:
    blocks = _scan_blocks(text)
    lines = text.split("\n")
    headings = {
        index: (level, " ".join(content.split())) for level, index, content in blocks.headings
    }
    code = {
        line
        for first, last in blocks.code_lines
        for line in range(first, last + 1)
        if line < len(lines) and lines[line].strip()
    }
    return headings, code


_WORDS = st.sampled_from(
    [
        "Why",
        "this role",
        "#tag",
        "[[Note]]",
        "a",
        "1",
        "*",
        "-",
        "# h",
        "=",
        "`x`",
        "~~~",
        "```",
        "<div>",
    ]
)
_INDENTS = st.sampled_from(
    ["", " ", "  ", "   ", "    ", "     ", "\t", "      ", "        ", " \t"]
)
_STARTS = st.sampled_from(
    [
        "",
        "",
        "",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "-",
        "# ",
        "## ",
        "###### ",
        "####### ",
        "#",
        "```",
        "~~~",
        "````",
        "```py",
        "---",
        "===",
        "***",
        "- - -",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "<pre>",
        "**",
        "-x",
        "--",
        "_",
        "___",
        "+",
        "~~",
        "`",
        "12.",
        "==",
        "* * *",
        "_ _ _",
        "10)",
    ]
)
_LINE = st.tuples(_INDENTS, _STARTS, st.lists(_WORDS, max_size=3).map(" ".join)).map(
    lambda parts: (parts[0] + parts[1] + parts[2]).rstrip(" ") if parts[1] else parts[0] + parts[2]
)
_DOCUMENT = st.lists(st.one_of(_LINE, st.just("")), min_size=1, max_size=14).map("\n".join)


def test_the_html_block_rules_are_markdown_it_pys() -> None:
    """The scanner keeps its own copy of them, so that linting never imports markdown-it-py."""
    from markdown_it.common.html_blocks import block_names
    from markdown_it.common.html_re import HTML_OPEN_CLOSE_TAG_STR

    assert markdown._HTML_BLOCK_NAMES.split("|") == block_names
    assert "^" + markdown._HTML_OPEN_CLOSE_TAG == HTML_OPEN_CLOSE_TAG_STR


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_DOCUMENT)
def test_block_structure_matches_markdown_it(text: str) -> None:
    """Headings and code (fenced, indented, HTML blocks) as markdown-it-py's block tokens have
    them, on documents of headings, fences, indented code, lists and paragraphs."""
    assert _scanned_blocks(text) == _reference_blocks(text)


@pytest.mark.parametrize(
    "text",
    [
        "- a\n\n\t- b\n\n\t\t    code?",
        "1. a\n2. b\n   # h\n\n       code",
        "- a\n  ```\n  # not\n  ```\n- b\n  # yes",
        "-\n\n  not in the item\n\n      code",
        "Para\n2. not a list\n# h",
        "   - - -foo\n    -",
        "===\n    <!--\n<!-- c -->",
        "* a\n *\n\n   # h",
        "- a\n - b\n  - c\n   - d\n    - e\n\n        code",
    ],
)
def test_block_structure_fixtures_match_markdown_it(text: str) -> None:
    assert _scanned_blocks(text) == _reference_blocks(text)


def test_seed_note_block_structure_matches_markdown_it() -> None:
    body = SEED.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert _scanned_blocks(body) == _reference_blocks(body)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_DOCUMENT)
def test_sections_and_scan_agree_on_headings(text: str) -> None:
    assert [section.heading for section in sections(text, 7)] == list(scan_body(text, 7).headings)


# --------------------------------------------------------------------------------------------
# Sections


def test_sections_of_the_seed_case_template() -> None:
    text = SEED.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    found = {section.heading.text: section for section in sections(body, 15)}
    challenge = found["The Challenge"]
    assert challenge.heading == Heading(3, "The Challenge", 78)
    assert challenge.own_text.startswith("**Problem:** `Sentence-to-sentence")
    assert challenge.own_text.endswith("**Success Looks Like:** `[Clear success criteria]`")
    assert found["Key Discussion Areas"].text == ""
    holders = found["For Case Holders"]
    assert (holders.heading.line, holders.end_line) == (93, 118)
    assert holders.own_text.startswith("**Role:**")
    assert holders.own_text.endswith("**Level:** `[Junior/Mid/Senior]`")
    assert "### Case Objectives" in holders.text
    assert holders.text.endswith("- **Finishing up:** `What are the next steps`")
    assert found["Case Objectives"].heading.line == 98


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "# A\nintro\n## B\nbee\n### C\nsea\n## D\ndee\n# E\n",
            [
                ("A", 8, "intro\n## B\nbee\n### C\nsea\n## D\ndee", "intro"),
                ("B", 6, "bee\n### C\nsea", "bee"),
                ("C", 6, "sea", "sea"),
                ("D", 8, "dee", "dee"),
                ("E", 9, "", ""),
            ],
        ),
        ("Intro without heading\n# Only\n\n text \n", [("Only", 4, "text", "text")]),
        ("Title\n=====\nbody", [("Title", 3, "body", "body")]),
        ("```\n# not\n```\n# Yes\nx", [("Yes", 5, "x", "x")]),
        ("%%\n# hidden\n%%\n# Shown\nx", [("Shown", 5, "x", "x")]),
        ("# Red Flags\n%% none yet %%\n", [("Red Flags", 2, "%% none yet %%", "%% none yet %%")]),
        ("", []),
    ],
)
def test_sections(body: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert [
        (section.heading.text, section.end_line, section.text, section.own_text)
        for section in sections(body)
    ] == expected


def test_section_lines_count_from_first_line() -> None:
    (section,) = sections("\n# Thoughts\nWould hire.\n", 20)
    assert (section.heading.line, section.end_line) == (21, 22)


# --------------------------------------------------------------------------------------------
# Heading links


@pytest.mark.parametrize(
    ("link_heading", "heading", "matches"),
    [
        ("Some Heading", "Some: Heading", True),  # what Obsidian writes for it
        ("Some: Heading", "Some: Heading", True),
        ("some heading", "Some Heading", True),
        ("Some   Heading", "Some Heading", True),
        ("Q&A", "Q&A", True),
        ("Q A", "Q&A", True),
        ("Why this role?", "Why this role", True),
        ("Architecture & Technical Context", "Architecture & Technical Context", True),
        ("What We're Looking For", "What We're Looking For", True),
        ("What Were Looking For", "What We're Looking For", False),
        ("Bold heading", "**Bold** heading", True),
        ("C++ vs C", "C vs C", True),
        ("Café", "CAFÉ", True),
        ("Role", "Roles", False),
    ],
)
def test_normalize_heading(link_heading: str, heading: str, matches: bool) -> None:
    assert (normalize_heading(link_heading) == normalize_heading(heading)) is matches


_STRIP_HEADING = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\\r\n]")


@given(
    st.text(
        alphabet=st.sampled_from(
            '!"#$%&()*+,./:;<=>?@[\\]^`{|}~ \t\r\n\x0b\x0c\x1c\x85\xa0\u2028\u3000aZé_-0'
        )
    )
)
def test_normalize_heading_is_strip_heading_folded_and_lower_cased(text: str) -> None:
    """Obsidian's stripHeading as written in its bundle: punctuation to spaces, then every
    run of whitespace one space, trimmed; lower-cased to compare."""
    expected = re.sub(r"\s+", " ", _STRIP_HEADING.sub(" ", text)).strip().lower()
    assert normalize_heading(text) == expected


HEADINGS = (
    Heading(1, "Hiring", 1),
    Heading(1, "Interviewing", 5),
    Heading(2, "The Get-to-Know", 9),
    Heading(2, "Technical Interview", 14),
    Heading(3, "3 things about technical interview", 20),
    Heading(1, "Case Interview", 30),
    Heading(2, "For Case Holders", 40),
    Heading(3, "Evaluation Criteria", 44),
    Heading(4, "What We're Looking For", 46),
    Heading(3, "Interviewer Notes", 52),
    Heading(1, "Thoughts", 60),
    Heading(2, "Evaluation Criteria", 62),
)


@pytest.mark.parametrize(
    ("subpath", "line"),
    [
        ("#Interviewing", 5),
        ("#interviewing", 5),
        ("#The Get-to-Know", 9),
        ("#Interviewing#Technical Interview", 14),
        ("#Interviewing#3 things about technical interview", 20),
        ("#Interviewing#Technical Interview#3 things about technical interview", 20),
        ("#Case Interview#Evaluation Criteria", 44),
        ("#Thoughts#Evaluation Criteria", 62),
        ("#Evaluation Criteria", 44),
        ("#Case Interview#What We're Looking For", 46),
        ("Case Interview", 30),
        ("#Hiring#Technical Interview", None),  # not under Hiring
        ("#Technical Interview#Interviewing", None),  # not deeper
        ("#Interviewing#For Case Holders", None),  # after Interviewing's section
        ("#Missing", None),
        ("#^block-id", None),
        ("#", None),
        ("", None),
    ],
)
def test_find_heading(subpath: str, line: int | None) -> None:
    found = find_heading(HEADINGS, subpath)
    assert (found.line if found else None) == line


# --------------------------------------------------------------------------------------------
# Links in frontmatter values


@pytest.mark.parametrize(
    ("value", "line", "column", "expected"),
    [
        ("[[Jane Doe]]", 3, 12, [("Jane Doe", "", None, False, 3, 12)]),
        (
            "[[Case - Freight|the freight case]]",
            5,
            7,
            [("Case - Freight", "", "the freight case", False, 5, 7)],
        ),
        ("[[Hiring#Interviewing]]", 2, 1, [("Hiring", "#Interviewing", None, False, 2, 1)]),
        (
            "see [[A]] and [[B]]",
            4,
            10,
            [("A", "", None, False, 4, 14), ("B", "", None, False, 4, 24)],
        ),
        (
            "[cv](Files/Jane%20Doe%20CV.pdf)",
            6,
            9,
            [("Files/Jane Doe CV.pdf", "", "cv", False, 6, 9)],
        ),
        ("first\n  [[Second line]]", 6, 9, [("Second line", "", None, False, 7, 3)]),
        ("https://example.com", 1, 1, []),
        ("plain text", 1, 1, []),
    ],
)
def test_links_in_text(
    value: str, line: int, column: int, expected: list[tuple[str, str, str | None, bool, int, int]]
) -> None:
    links = links_in_text(value, line, column)
    assert [
        (link.target, link.subpath, link.alias, link.embed, link.line, link.column)
        for link in links
    ] == expected
    assert all(link.kind == "frontmatter" for link in links)


def test_links_in_text_kind_can_be_chosen() -> None:
    (link,) = links_in_text("[[X]]", 1, 1, kind="wiki")
    assert link.kind == "wiki"


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(markdown).failed == 0
