"""The simple frontmatter most notes have is read without libyaml, exactly as libyaml reads it.

``load_mapping`` reads ``key: value`` lines, two-space block lists and one level of nested
keys by itself; the property tests below hold it to the composed reading (values with their
types, key and value positions, problems) on texts built to sit on either side of what it
accepts, and check that it does accept the frontmatter notes actually have.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from vault_tools.yaml12 import YamlMapping, _composed_mapping, _simple_mapping, load_mapping

# Pieces a line is built of: near the edges of the simple form on purpose.
_KEYS = st.sampled_from(
    ["tags:", "a: ", "2025:", "x y:", "key :", "<<: ", "é:", "-a:", "? a:", "\n", "\n  ", "\n- "]
)
_VALUE_CHARACTERS = st.sampled_from(
    [
        *"aZ09 :#-.,+~'\"[]{}&*!|>%@`?/\\_()",
        "\t",
        "\r",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x7f",
        "é",
        "æ",
        "—",
        "\U0001f600",
        "\x00",
    ]
)
_WORDS = st.sampled_from(
    [
        "true",
        "false",
        "no",
        "yes",
        "null",
        "~",
        "12",
        "012",
        "0x1F",
        "1.10",
        "-5",
        ".5",
        "1e3",
        ".inf",
        "12:30",
        "2025-07-02",
        "2023-12-04T13:14",
        "2025-13-40",
        "[[Ada Lovelace]]",
        '"[[Ada Lovelace]]"',
        '"a \\" b"',
        "'single'",
        "Tomás Silva",
        "a: b",
        "a #b",
        "a#b",
        "a:",
        "http://x.y/z",
        "&anchor x",
        "*alias",
        "!!str 5",
        "|",
        ">",
        "[a, b]",
        "{a: 1}",
        "- x",
        "x ",
        "",
    ]
)
_SIMPLE_VALUES = st.one_of(
    st.sampled_from(["true", "no", "null", "12", "2025-07-02", "2023-12-04T13:14", "Tomás"]),
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ./()-]{0,20}[A-Za-z0-9)]", fullmatch=True),
    st.from_regex(r'"[A-Za-z \[\]#:.-]{0,20}"', fullmatch=True),
)
_SIMPLE_KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)


@st.composite
def _simple_texts(draw: st.DrawFn, values: st.SearchStrategy[str] = _SIMPLE_VALUES) -> str:
    lines = []
    for key in draw(st.lists(_SIMPLE_KEYS, min_size=1, max_size=6, unique=True)):
        shape = draw(st.sampled_from(["value", "list", "mapping"]))
        if shape == "value":
            lines.append(f"{key}: {draw(values)}")
            continue
        lines.append(f"{key}:")
        if shape == "list":
            items = draw(st.lists(values, min_size=1, max_size=4))
            lines.extend(f"  - {item}" for item in items)
        else:
            inner = draw(st.lists(_SIMPLE_KEYS, min_size=1, max_size=4, unique=True))
            lines.extend(f"  {name}: {draw(values)}" for name in inner)
    return "\n".join(lines) + "\n"


_ANY_VALUES = st.one_of(_SIMPLE_VALUES, _WORDS)


_FRAGMENTS = st.one_of(_WORDS, _KEYS, st.text(_VALUE_CHARACTERS, min_size=1, max_size=3))


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """A simple text (see _simple_texts) with values and pieces put in that may or may not
    keep it simple: odd words for values, odd characters, lines and indentation anywhere."""
    text = draw(_simple_texts(_ANY_VALUES))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(_FRAGMENTS) + text[at:]
    return text


def _same(fast: YamlMapping, composed: YamlMapping) -> None:
    # repr: 1, 1.0 and True are equal as values but not the same reading.
    assert repr(fast.values) == repr(composed.values)
    assert fast.key_positions == composed.key_positions
    assert fast.value_positions == composed.value_positions
    assert fast.problems == composed.problems


@given(_texts(), st.integers(min_value=1, max_value=5))
@settings(max_examples=600, deadline=None)
@example('tags:\n  - a\n  - b\nscores:\n  x: 1\n  y: null\nr: "[[A]]"\n', 2)
@example("tags:\nx: 1\n", 2)
@example("a: 1\na: 2\n", 2)
def test_a_simple_reading_is_the_composed_reading(text: str, first_line: int) -> None:
    fast = _simple_mapping(text, first_line)
    if fast is not None:
        _same(fast, _composed_mapping(text, first_line))


@given(_simple_texts(), st.integers(min_value=1, max_value=5))
@settings(max_examples=200, deadline=None)
def test_the_frontmatter_notes_have_is_read_simply_and_the_same(text: str, first_line: int) -> None:
    fast = _simple_mapping(text, first_line)
    assert fast is not None
    _same(fast, _composed_mapping(text, first_line))
    assert load_mapping(text, first_line) == fast


def test_notes_with_the_same_rows_share_no_list_or_mapping() -> None:
    """Rows are read once and remembered by their text; each note still gets lists and
    mappings of its own, so changing one note's properties changes no other note's."""
    text = "type: interview\ntags:\n  - hiring\nscores:\n  competence: 3\n"
    first, second = load_mapping(text, 2), load_mapping(text, 7)
    assert first.values is not None and second.values is not None
    first.values["tags"].append("changed")
    first.values["scores"]["competence"] = 4
    assert second.values == {"type": "interview", "tags": ["hiring"], "scores": {"competence": 3}}
    assert second.value_positions[("scores", "competence")] == (11, 15)
    assert first.value_positions[("scores", "competence")] == (6, 15)
