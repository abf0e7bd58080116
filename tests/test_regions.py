"""Generated blocks: found by their exact marker lines, replaced without touching user text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vault_tools.generate import WrittenNote
from vault_tools.regions import (
    DUPLICATE_MARKER,
    MARKER_IN_CODE,
    UNBALANCED_MARKER,
    begin_marker,
    end_marker,
    find_regions,
    render_block,
    replace_regions,
)

BEGIN = begin_marker("index")
END = end_marker("index")


def test_markers_have_the_documented_form() -> None:
    assert BEGIN == "%% vault-tools:begin index %%"
    assert END == "%% vault-tools:end index %%"


def test_replaces_only_the_inside_of_the_block() -> None:
    text = f"# Mine\n\nbefore\n{BEGIN}\nold stuff\n{END}\nafter\n"
    new, problems = replace_regions(text, {"index": "| a |\n| - |"})
    assert problems == ()
    assert new == f"# Mine\n\nbefore\n{BEGIN}\n\n| a |\n| - |\n\n{END}\nafter\n"


def test_user_text_survives_byte_for_byte_with_crlf_and_bom() -> None:
    head = "\ufeff---\r\ntags: [mine]\r\n---\r\n# Title\r\n\r\nMy intro  \r\n"
    tail = "\r\n## Reflection\r\n\r\nWe were too slow.\r\n"
    text = f"{head}{BEGIN}\r\nold\r\n{END}\r\n{tail}"
    new, _ = replace_regions(text, {"index": "line one\nline two"})
    assert new is not None
    assert new.startswith(head)
    assert new.endswith(f"{END}\r\n{tail}")
    # Generated lines take the note's own line ending.
    assert f"{BEGIN}\r\n\r\nline one\r\nline two\r\n\r\n{END}" in new
    assert "\n" not in new.replace("\r\n", "")


def test_replacing_twice_is_stable() -> None:
    text = f"a\n{BEGIN}\n{END}\nb\n"
    once, _ = replace_regions(text, {"index": "x"})
    assert once is not None
    twice, _ = replace_regions(once, {"index": "x"})
    assert twice == once


def test_missing_block_is_appended_at_the_end() -> None:
    new, problems = replace_regions("# Mine\n\nnotes", {"index": "x"})
    assert problems == ()
    assert new == f"# Mine\n\nnotes\n\n{BEGIN}\n\nx\n\n{END}\n"


def test_other_blocks_are_left_alone() -> None:
    other = f"{begin_marker('other')}\nkeep me\n{end_marker('other')}\n"
    text = f"{other}{BEGIN}\nold\n{END}\n"
    new, _ = replace_regions(text, {"index": "new"})
    assert new is not None and new.startswith(other)


@pytest.mark.parametrize(
    "text",
    [
        f"```\n{BEGIN}\nnot a block\n{END}\n```\n",
        f"~~~~markdown\n{BEGIN}\n~~~\n{END}\n~~~~\n",
        f"---\nnote: x\n---\n```md\n{BEGIN}\n```\n",
    ],
)
def test_markers_inside_code_fences_are_not_markers(text: str) -> None:
    scan = find_regions(text)
    assert scan.regions == () and scan.problems == ()


def test_marker_lines_must_be_exact() -> None:
    text = f"  {BEGIN}\n{END} trailing words\n%% vault-tools:begin  index %%\n"
    scan = find_regions(text)
    assert scan.regions == () and scan.problems == ()


def test_trailing_spaces_after_a_marker_are_tolerated() -> None:
    scan = find_regions(f"{BEGIN}  \nx\n{END}\t\n")
    assert [region.name for region in scan.regions] == ["index"]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        (f"{BEGIN}\na\n{END}\n{BEGIN}\nb\n{END}\n", DUPLICATE_MARKER, 4),
        (f"{BEGIN}\na\n", UNBALANCED_MARKER, 1),
        (f"x\n{END}\n", UNBALANCED_MARKER, 2),
        (f"{BEGIN}\n{begin_marker('other')}\n{END}\n", UNBALANCED_MARKER, 2),
        (f"{BEGIN}\n{end_marker('other')}\n{END}\n", UNBALANCED_MARKER, 2),
        (f"{BEGIN}\n{END}\n{END}\n", DUPLICATE_MARKER, 3),
    ],
)
def test_broken_markers_are_reported_and_the_note_is_not_rewritten(
    text: str, code: str, line: int
) -> None:
    new, problems = replace_regions(text, {"index": "x"}, "Hiring/Index.md")
    assert new is None
    assert problems[0].code == code
    assert problems[0].line == line
    assert problems[0].path == "Hiring/Index.md"


def test_render_block_frames_markdown_with_blank_lines() -> None:
    assert render_block("index", "hi") == f"{BEGIN}\n\nhi\n\n{END}\n"
    assert render_block("index", "") == f"{BEGIN}\n\n{END}\n"


_PIECES = st.sampled_from(
    [
        BEGIN,
        END,
        begin_marker("other"),
        end_marker("other"),
        "---",
        "...",
        "```",
        "````",
        "~~~",
        "   ```",
        "\t```",
        "``` `x`",
        "    %% vault-tools:begin index %%",
        "%% vault-tools:begin index %%  ",
        "| a | b |",
        "text",
        "",
        " indented",
        "\ufeff---",
    ]
)


@given(st.lists(_PIECES, max_size=14), st.booleans())
def test_line_endings_do_not_change_what_is_found(lines: list[str], final_newline: bool) -> None:
    # A note with \n endings is scanned by a pattern that skips most lines; the same note with
    # \r\n endings is scanned line by line. Both must find the same blocks and problems.
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    fast, slow = find_regions(text, "n.md"), find_regions(text.replace("\n", "\r\n"), "n.md")
    assert [(r.name, r.begin_line, r.end_line) for r in fast.regions] == [
        (r.name, r.begin_line, r.end_line) for r in slow.regions
    ]
    assert fast.problems == slow.problems
    for region in fast.regions:  # offsets point at the lines they name
        inside = text[region.content_start : region.content_end]
        assert inside.count("\n") == region.end_line - region.begin_line - 1


@pytest.mark.parametrize("fence", ["```", "~~~", "````python"])
def test_a_block_below_a_fence_never_closed_is_refused_not_appended_again(fence: str) -> None:
    """Obsidian shows everything below an unclosed fence as code, the markers too: appending a
    fresh block would land in the code as well, and again at every run."""
    text = f"# Mine\n\n{fence}\nsome code\n\n{BEGIN}\nold\n{END}\n\nmy words\n"
    new, problems = replace_regions(text, {"index": "x"}, "Hiring/Index.md")
    assert new is None
    assert [(p.code, p.line, p.path) for p in problems] == [(MARKER_IN_CODE, 6, "Hiring/Index.md")]
    assert "line 3 is never closed" in problems[0].message
    assert find_regions(text, "Hiring/Index.md").problems == problems  # lint reports it too


def test_a_block_wrapped_in_a_closed_fence_is_refused() -> None:
    text = f"# Mine\n\n```\n{BEGIN}\nold\n{END}\n```\n"
    new, problems = replace_regions(text, {"index": "x"})
    assert new is None
    assert [(p.code, p.line) for p in problems] == [(MARKER_IN_CODE, 4)]
    assert "begins on line 3" in problems[0].message


def test_a_fenced_example_of_the_markers_beside_the_real_block_is_fine() -> None:
    example = f"```\n{BEGIN}\nan example\n{END}\n```\n"
    text = f"{example}\n{BEGIN}\nold\n{END}\n"
    new, problems = replace_regions(text, {"index": "x"})
    assert problems == () and new == f"{example}\n{BEGIN}\n\nx\n\n{END}\n"
    assert find_regions(text).problems == ()
    # A note that only documents other blocks is still written (its example left alone).
    other, problems = replace_regions(example, {"other": "y"})
    assert problems == () and other is not None and other.startswith(example)


_NOTE_PIECES = st.one_of(
    _PIECES, st.sampled_from(["Zoë Ångström ✓", "| [[Ada Okafor]] | yes |", "## Reflection"])
)


@given(
    st.lists(_NOTE_PIECES, max_size=14),
    st.sampled_from(["\n", "\r\n"]),
    st.dictionaries(st.sampled_from(["index", "other"]), st.sampled_from(["", "| é |", "x\ny"])),
)
def test_a_note_spliced_in_its_bytes_reads_as_one_rewritten_as_text(
    lines: list[str], newline: str, blocks: dict[str, str]
) -> None:
    # The watcher puts new blocks into the bytes it wrote last time, without decoding the note
    # again: it must write exactly what replacing the blocks in the text writes, every time.
    text = newline.join(lines)
    layout = WrittenNote.of(text.encode("utf-8"))
    expected, problems = replace_regions(text, blocks)
    if layout is None:
        assert problems
        return
    spliced = layout.spliced(blocks)
    if spliced is None:  # a block the note lacks: it is appended, through the text
        assert any(find_regions(text).get(name) is None for name in blocks)
        return
    assert expected is not None
    assert spliced.data == expected.encode("utf-8")
    again, _ = replace_regions(expected, {name: "z" for name in blocks})
    assert again is not None
    assert spliced.spliced({name: "z" for name in blocks}) == WrittenNote.of(again.encode("utf-8"))
