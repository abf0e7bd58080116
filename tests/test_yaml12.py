"""vault_tools.yaml12 reads frontmatter as Obsidian does: YAML 1.2 core, safe, bounded."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vault_tools import yaml12
from vault_tools.yaml12 import YamlMapping, YamlProblem, load_mapping

UTC = dt.timezone.utc
PLUS_2 = dt.timezone(dt.timedelta(hours=2))
MINUS_5 = dt.timezone(dt.timedelta(hours=-5))

# The frontmatter of the user's real note seed/Hiring.md (file lines 2-13; line 1 is "---").
HIRING_FRONTMATTER = """\
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
"""
HIRING_VALUES = {
    "created": dt.datetime(2023, 12, 4, 13, 14),
    "updated": dt.datetime(2025, 9, 2, 9, 59),
    "tags": [
        "article",
        "communication",
        "digital-garden",
        "hiring",
        "interviewing",
        "leadership",
        "management",
        "work",
    ],
    "Finished": False,
}

ALL_KINDS = {
    "syntax",
    "not-mapping",
    "aliases",
    "unsafe-tag",
    "unknown-tag",
    "duplicate-key",
    "too-deep",
    "too-large",
}
FATAL_KINDS = {"syntax", "not-mapping", "aliases", "too-deep", "too-large"}


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the C loader and again with the pure-Python fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml12, "_LOADER", yaml12._PythonComposeLoader)
    else:
        assert yaml.__with_libyaml__, "libyaml is missing: every note would load 7x slower"
    return str(request.param)


def kinds(result: YamlMapping) -> list[str]:
    return [problem.kind for problem in result.problems]


def same(actual: Any, expected: Any) -> bool:
    """Equality that also checks types (True is not 1) and treats NaN as equal to NaN."""
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            same(actual[k], expected[k]) for k in expected
        )
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    return bool(actual == expected)


# --- scalars ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # Obsidian checkboxes are true/false; YAML 1.1's yes/no/on/off are just words.
        ("Finished: false", False),
        ("Finished: true", True),
        ("Finished: True", True),
        ("Finished: FALSE", False),
        ("Finished: yes", "yes"),
        ("Finished: no", "no"),
        ("Finished: Yes", "Yes"),
        ("Finished: NO", "NO"),
        ("Finished: on", "on"),
        ("Finished: off", "off"),
        ("Finished: y", "y"),
        ("Finished: n", "n"),
        ("Finished: tRUE", "tRUE"),
        # Empty values are null, as an empty property in Obsidian.
        ("due:", None),
        ("due: ~", None),
        ("due: null", None),
        ("due: Null", None),
        ("due: NULL", None),
        ("due: nil", "nil"),
        # A meeting time is text, not sexagesimal 750.
        ("start: 12:30", "12:30"),
        ("start: 12:30:45", "12:30:45"),
        # Numbers per YAML 1.2 core.
        ("rating: 4", 4),
        ("rating: -3", -3),
        ("rating: +12", 12),
        ("room: 012", 12),
        ("mode: 0o17", 15),
        ("colour: 0x1F", 31),
        ("binary: 0b101", "0b101"),
        ("mode: -0o17", "-0o17"),
        ("budget: 1_000", "1_000"),
        ("score: 1.5", 1.5),
        ("score: 1.", 1.0),
        ("score: .5", 0.5),
        ("score: -.5e-3", -0.0005),
        ("salary: 1e3", 1000.0),
        ("limit: .inf", math.inf),
        ("limit: -.Inf", -math.inf),
        ("limit: +.INF", math.inf),
        ("limit: .nan", math.nan),
        ("limit: .NaN", math.nan),
        ("limit: inf", "inf"),
        ("version: 1.2.3", "1.2.3"),
        ("phone: +47 22 33 44 55", "+47 22 33 44 55"),
        ("digits: ١٢", "١٢"),  # Arabic-Indic digits are text, though int("١٢") is 12
        ("huge: " + "9" * 5000, "9" * 5000),  # more digits than int() converts
        # Quoted and block scalars are always text.
        ("rating: '4'", "4"),
        ('Finished: "false"', "false"),
        ("due: ''", ""),
        ("start: '12:30'", "12:30"),
        ('created: "2023-12-04T13:14"', "2023-12-04T13:14"),
        ("summary: |\n  12\n", "12\n"),
        ("summary: >\n  true\n", "true\n"),
        # Words and links.
        ("role: DE", "DE"),
        ('case: "[[Case - Streaming]]"', "[[Case - Streaming]]"),
        ("source: https://example.com/a:b", "https://example.com/a:b"),
        ("title: The -Job Closer", "The -Job Closer"),
        ("flag: '-'", "-"),
        ("flag: .", "."),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(loader: str, written: str, expected: Any) -> None:
    result = load_mapping(written)
    assert result.problems == ()
    assert result.values is not None
    [value] = result.values.values()
    assert same(value, expected), f"{written!r} -> {value!r}"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("date: 2025-09-02", dt.date(2025, 9, 2)),
        ("created: 2023-12-04T13:14", dt.datetime(2023, 12, 4, 13, 14)),
        ("created: 2023-12-04T13:14:00", dt.datetime(2023, 12, 4, 13, 14)),
        ("created: 2023-12-04 13:14:00", dt.datetime(2023, 12, 4, 13, 14)),
        ("created: 2023-12-04 13:14", dt.datetime(2023, 12, 4, 13, 14)),
        ("created: 2023-12-04t13:14:05", dt.datetime(2023, 12, 4, 13, 14, 5)),
        ("created: 2023-12-04T13:14:05.5", dt.datetime(2023, 12, 4, 13, 14, 5, 500000)),
        ("created: 2023-12-04T13:14:05.123456789", dt.datetime(2023, 12, 4, 13, 14, 5, 123456)),
        ("debrief: 2021-11-01T01:00:00+02:00", dt.datetime(2021, 11, 1, 1, tzinfo=PLUS_2)),
        ("debrief: 2021-11-01T01:00:00+0200", dt.datetime(2021, 11, 1, 1, tzinfo=PLUS_2)),
        ("debrief: 2021-11-01T01:00+02", dt.datetime(2021, 11, 1, 1, tzinfo=PLUS_2)),
        ("debrief: 2021-11-01T01:00:00Z", dt.datetime(2021, 11, 1, 1, tzinfo=UTC)),
        (
            "debrief: 2001-12-14 21:59:43.10 -5",
            dt.datetime(2001, 12, 14, 21, 59, 43, 100000, MINUS_5),
        ),
        # Not dates: kept as the text the user wrote, never an exception.
        ("debrief: 2021-11-01T01:00:00[Europe/Paris]", "2021-11-01T01:00:00[Europe/Paris]"),
        ("date: 2025-02-30", "2025-02-30"),
        ("date: 2025-13-01", "2025-13-01"),
        ("date: 0000-01-01", "0000-01-01"),
        ("date: 2025-9-2", "2025-9-2"),
        ("date: 2025-09-02T24:00", "2025-09-02T24:00"),
        ("date: 2025-09-02T10:00+25:00", "2025-09-02T10:00+25:00"),
        ("date: 2025-09", "2025-09"),
        ("date: 2025-09-02 is a Tuesday", "2025-09-02 is a Tuesday"),
        ("date: 20250902", 20250902),
    ],
)
def test_dates_and_datetimes_as_obsidian_writes_them(
    loader: str, written: str, expected: Any
) -> None:
    result = load_mapping(written)
    assert result.problems == ()
    assert result.values is not None
    [value] = result.values.values()
    assert same(value, expected), f"{written!r} -> {value!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HIRING_FRONTMATTER, HIRING_VALUES),
        (
            "2025: a good year\ntrue: x\nnull: y\n012: z\n1.5: w",
            {"2025": "a good year", "true": "x", "null": "y", "012": "z", "1.5": "w"},
        ),
        ("2025-09-02: kickoff\n12:30: lunch", {"2025-09-02": "kickoff", "12:30": "lunch"}),
        ("'quoted': 1\n\"double\": 2", {"quoted": 1, "double": 2}),
        ("scores:\n  1: low\n  4: high", {"scores": {"1": "low", "4": "high"}}),
        ("rounds: [{1: a}, {yes: b}]", {"rounds": [{"1": "a"}, {"yes": "b"}]}),
        ("!!int 7: tagged key", {"7": "tagged key"}),
        ("? complex\n: key", {"complex": "key"}),
        ("<<: {a: 1}", {"<<": {"a": 1}}),  # YAML 1.2 has no merge keys
    ],
    ids=[
        "Hiring.md",
        "numbers-and-words",
        "dates-and-times",
        "quoted",
        "nested",
        "in-lists",
        "tagged",
        "explicit",
        "merge-key",
    ],
)
def test_keys_are_always_the_text_written(loader: str, text: str, expected: Any) -> None:
    result = load_mapping(text)
    assert result.problems == ()
    assert same(result.values, expected)


# --- tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "problem_kinds"),
    [
        # Standard tags are honoured.
        ("rating: !!str 123", "123", []),
        ("rating: !!int '42'", 42, []),
        ("rating: !!float 1", 1.0, []),
        ("rating: !!float .inf", math.inf, []),
        ("Finished: !!bool true", True, []),
        ("due: !!null ''", None, []),
        ("date: !!timestamp 2025-09-02", dt.date(2025, 9, 2), []),
        ("file: !!binary aGVsbG8=", b"hello", []),
        ("tags: !!seq [a, b]", ["a", "b"], []),
        ("scores: !!map {a: 1}", {"a": 1}, []),
        ("name: !!str 007", "007", []),
        # ... but only where the value fits; otherwise the text is kept.
        ("rating: !!int abc", "abc", ["unknown-tag"]),
        ("Finished: !!bool yes", "yes", ["unknown-tag"]),
        ("rating: !!float many", "many", ["unknown-tag"]),
        ("file: !!binary not*base64", "not*base64", ["unknown-tag"]),
        ("date: !!timestamp someday", "someday", ["unknown-tag"]),
        ("due: !!null soon", "soon", ["unknown-tag"]),
        ("tags: !!str [a]", ["a"], ["unknown-tag"]),
        ("tags: !!seq a", "a", ["unknown-tag"]),
        # Unknown tags: plain value.
        ("mood: !foo bar", "bar", ["unknown-tag"]),
        ("mood: !foo 123", "123", ["unknown-tag"]),
        ("team: !!set {a, b}", {"a": None, "b": None}, ["unknown-tag"]),
        ("link: !<tag:example.com,2000:link> x", "x", ["unknown-tag"]),
        # Tags that build objects or run code somewhere are never constructed.
        ("run: !!python/object/apply:os.system ['echo pwned']", ["echo pwned"], ["unsafe-tag"]),
        ("run: !!python/name:os.system ''", "", ["unsafe-tag"]),
        ("run: !!python/object:builtins.dict {a: 1}", {"a": 1}, ["unsafe-tag"]),
        ("run: !<tag:yaml.org,2002:python/object:os.system> {}", {}, ["unsafe-tag"]),
        ("run: !python/object:x {}", {}, ["unsafe-tag"]),
        ("run: !ruby/object:Gem::Installer {}", {}, ["unsafe-tag"]),
        ("run: !!javax.script.ScriptEngineManager [x]", ["x"], ["unsafe-tag"]),
        ("run: !!js/function 'function () {}'", "function () {}", ["unsafe-tag"]),
    ],
)
def test_only_standard_tags_are_honoured(
    loader: str, text: str, expected: Any, problem_kinds: list[str]
) -> None:
    result = load_mapping(text, first_line=2)
    assert kinds(result) == problem_kinds
    assert result.values is not None
    [value] = result.values.values()
    assert same(value, expected), f"{text!r} -> {value!r}"
    for problem in result.problems:
        assert (problem.line, problem.column) == (2, text.index("!") + 1)


def test_unsafe_tag_at_the_root_and_on_a_key_is_reported_not_applied(loader: str) -> None:
    result = load_mapping("!!python/object:x\n!!python/name:os.system a: 1\n", first_line=5)
    assert result.values == {"a": 1}
    assert [(p.line, p.column, p.kind) for p in result.problems] == [
        (5, 1, "unsafe-tag"),
        (6, 1, "unsafe-tag"),
    ]


def test_a_problem_inside_an_alias_used_twice_is_reported_once(loader: str) -> None:
    result = load_mapping("a: &x [!foo 1]\nb: *x\nc: *x\n")
    assert result.values == {"a": ["1"], "b": ["1"], "c": ["1"]}
    assert kinds(result) == ["unknown-tag"]


# --- aliases, depth, size --------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels + 1):
        anchor, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"l{level}: &{anchor} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "expected_kind", "line"),
    [
        (billion_laughs(), "aliases", 1),
        ("a: &a [*a]", "aliases", 1),
        ("a: &a {b: *a}", "aliases", 1),
        ("x: " + "[" * 5000 + "]" * 5000, "too-deep", 1),
        ("x: " + "{a: " * 5000 + "}" * 5000, "too-deep", 1),
        ("".join(" " * i + "k:\n" for i in range(5000)), "too-deep", 201),
        ("x:\n" + "- " * 5000 + "deep", "too-deep", 2),
        ("x: " + "[" * 200 + "]" * 200, "too-deep", 1),  # the root mapping is the first level
        ("big: [" + ", ".join(["1"] * 100_001) + "]", "too-large", 1),
    ],
    ids=[
        "billion-laughs",
        "self-alias-list",
        "self-alias-map",
        "flow-lists-5000",
        "flow-maps-5000",
        "block-maps-5000",
        "block-lists-5000",
        "201-levels",
        "100k-values",
    ],
)
def test_hostile_documents_are_problems_not_crashes(
    loader: str, text: str, expected_kind: str, line: int
) -> None:
    result = load_mapping(text)
    assert result.values is None
    assert kinds(result) == [expected_kind]
    assert result.problems[0].line == line


def nested_lists(depth: int) -> list[Any]:
    innermost: list[Any] = []
    for _ in range(depth):
        innermost = [innermost]
    return innermost


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("role: &r DE\nprevious_role: *r", {"role": "DE", "previous_role": "DE"}),
        (
            "a: &x {p: 1, q: [2, 3]}\nb: *x",
            {"a": {"p": 1, "q": [2, 3]}, "b": {"p": 1, "q": [2, 3]}},
        ),
        ("x: " + "[" * 199 + "]" * 199, {"x": nested_lists(198)}),
        (
            "note: R&D *draft* & more\nquote: '*stars*'",
            {"note": "R&D *draft* & more", "quote": "*stars*"},
        ),
    ],
    ids=["scalar-alias", "mapping-alias", "200-levels", "ampersand-and-stars-in-text"],
)
def test_ordinary_anchors_and_nesting_work(loader: str, text: str, expected: Any) -> None:
    result = load_mapping(text)
    assert result.problems == ()
    assert result.values == expected


# --- duplicate keys --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "problem_at"),
    [
        ("role: DE\nlevel: Mid\nrole: DS\n", {"role": "DS", "level": "Mid"}, [(4, 1)]),
        ("tags: [a]\ntags:\n  - b\n  - c\n", {"tags": ["b", "c"]}, [(3, 1)]),
        ("scores:\n  competence: 2\n  competence: 3\n", {"scores": {"competence": 3}}, [(4, 3)]),
        ("1: one\n'1': uno\n", {"1": "uno"}, [(3, 1)]),
        ("a: 1\na: 2\na: 3\n", {"a": 3}, [(3, 1), (4, 1)]),
    ],
    ids=["top-level", "list-replaced", "nested", "same-text-different-quotes", "three-times"],
)
def test_duplicate_keys_keep_the_last_value(
    loader: str, text: str, expected: Any, problem_at: list[tuple[int, int]]
) -> None:
    result = load_mapping(text, first_line=2)
    assert result.values == expected
    assert kinds(result) == ["duplicate-key"] * len(problem_at)
    assert [(p.line, p.column) for p in result.problems] == problem_at


def test_a_duplicate_key_points_at_the_value_that_is_kept(loader: str) -> None:
    result = load_mapping("tags:\n  - a\n  - b\n  - c\ntags: [z]\n", first_line=2)
    assert result.key_positions == {"tags": (6, 1)}
    assert result.value_positions == {("tags",): (6, 7), ("tags", 0): (6, 8)}


# --- syntax errors and documents that are not a mapping --------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message_part"),
    [
        ("date: {{date}}\ntitle: x", 2, 8, "template placeholder"),
        ("title: {{title}}", 2, 9, "not a list or mapping"),
        ("? [a, b]\n: 1", 2, 3, "not a list or mapping"),
        ("role: DE\n\tlevel: Mid", 3, 1, "tab"),
        ("scores:\n\tcompetence: 3", 3, 1, "tab"),
        ("role: DE: DS", 2, 9, "mapping values are not allowed"),
        ("role: DE\nlevel\nstage: case", 4, 1, "could not find expected ':'"),
        ("tags: [a, b\nrole: DE", 3, 5, "expected ',' or ']'"),
        ('case: "[[X]]\nrole: DE', 3, 9, "quoted scalar that starts on line 2"),
        ("role: *nobody", 2, 7, "found undefined alias"),
        ("a: &x 1\nb: &x 2", 3, 4, "anchor"),
        ("a: 1\n---\nb: 2", 3, 1, "expected a single document"),
        ("a: b\x00c", 2, 5, "U+0000"),
        ("a: ok\nb: \x07bell", 3, 4, "U+0007"),
        ("a: ééé\nb: \x1b", 3, 4, "U+001B"),
        ("a: ok\nb: \ud800", 3, 4, "U+D800"),
    ],
    ids=[
        "template-date",
        "template-title",
        "complex-key",
        "tab-indent",
        "tab-nested",
        "colon-in-plain",
        "missing-colon",
        "unclosed-list",
        "unclosed-quote",
        "undefined-alias",
        "duplicate-anchor",
        "two-documents",
        "nul",
        "bell",
        "escape-after-unicode",
        "lone-surrogate",
    ],
)
def test_syntax_errors_carry_the_file_line(
    loader: str, text: str, line: int, column: int, message_part: str
) -> None:
    result = load_mapping(text, first_line=2)
    assert result.values is None
    assert result.key_positions == {}
    assert result.value_positions == {}
    [problem] = result.problems
    assert problem.kind == "syntax"
    assert (problem.line, problem.column) == (line, column)
    assert message_part in problem.message
    assert problem.message.startswith("YAML syntax error: ")


@pytest.mark.parametrize(
    ("text", "expected_values", "expected_kinds"),
    [
        ("", {}, []),
        ("\n\n", {}, []),
        ("# just a comment\n", {}, []),
        ("   ", {}, []),
        ("- article\n- hiring\n", None, ["not-mapping"]),
        ("[a, b]", None, ["not-mapping"]),
        ("just some text", None, ["not-mapping"]),
        ("42", None, ["not-mapping"]),
        ("~", None, ["not-mapping"]),
        ("'a: 1'", None, ["not-mapping"]),
        ("|\n  text", None, ["not-mapping"]),
        ("{}", {}, []),
    ],
)
def test_only_a_mapping_is_properties(
    loader: str, text: str, expected_values: Any, expected_kinds: list[str]
) -> None:
    result = load_mapping(text, first_line=7)
    assert result.values == expected_values
    assert kinds(result) == expected_kinds
    for problem in result.problems:
        assert (problem.line, problem.column) == (7, 1)


# --- positions -------------------------------------------------------------------------------


def test_positions_in_the_real_hiring_note(loader: str) -> None:
    # In Hiring.md the opening "---" is line 1, so the YAML starts on line 2.
    result = load_mapping(HIRING_FRONTMATTER, first_line=2)
    assert result.key_positions == {
        "created": (2, 1),
        "updated": (3, 1),
        "tags": (4, 1),
        "Finished": (13, 1),
    }
    assert result.value_positions[("created",)] == (2, 10)
    assert result.value_positions[("tags",)] == (5, 3)
    assert result.value_positions[("tags", 0)] == (5, 5)
    assert result.value_positions[("tags", 7)] == (12, 5)
    assert result.value_positions[("Finished",)] == (13, 11)
    assert len(result.value_positions) == 4 + 8


def test_positions_of_nested_and_flow_values(loader: str) -> None:
    text = (
        'case: "[[X]]"\n'
        "scores: {competence: 3, creativity: null}\n"
        "rounds:\n"
        "  - stage: case\n"
        "    at: 10:00\n"
        "note:\n"
    )
    result = load_mapping(text, first_line=10)
    assert result.value_positions == {
        ("case",): (10, 7),
        ("scores",): (11, 9),
        ("scores", "competence"): (11, 22),
        ("scores", "creativity"): (11, 37),
        ("rounds",): (13, 3),
        ("rounds", 0): (13, 5),
        ("rounds", 0, "stage"): (13, 12),
        ("rounds", 0, "at"): (14, 9),
        ("note",): (15, 6),
    }


@pytest.mark.parametrize(
    "text",
    [
        HIRING_FRONTMATTER,
        'a: 1\nb: [x,\n  y]\nc: |\n  two\n  lines\nd: >\n  folded\n  text\ne: "multi\n  line"\n',
        "a: 1\n\n# comment\n\nb: 2\n",
        "role: DE\n\tlevel: Mid\n",  # a syntax error on line 2
        "a: 1\na: 2\n",
        "a: b\nc: !foo d\n",
    ],
    ids=["Hiring.md", "multi-line-values", "blank-lines", "tab-error", "duplicate", "tag"],
)
def test_crlf_reads_exactly_like_lf(loader: str, text: str) -> None:
    lf = load_mapping(text, first_line=3)
    crlf = load_mapping(text.replace("\n", "\r\n"), first_line=3)
    assert crlf == lf


def test_unicode_line_separators_do_not_shift_file_lines(loader: str) -> None:
    # libyaml (YAML 1.1) breaks lines at U+2028 and U+0085; the file's lines do not.
    result = load_mapping("a: b\u2028c: d\ne: [1,\n  2]\nf: x\x85g: y\nh: 1\n", first_line=2)
    assert result.key_positions == {
        "a": (2, 1),
        "c": (2, 6),
        "e": (3, 1),
        "f": (5, 1),
        "g": (5, 6),
        "h": (6, 1),
    }
    assert result.value_positions[("e", 1)] == (4, 3)


def test_non_ascii_text_counts_columns_in_characters(loader: str) -> None:
    result = load_mapping("tittel: «Møte» 😀\nrolle: DE\n")
    assert result.value_positions == {("tittel",): (1, 9), ("rolle",): (2, 8)}


# --- never raises ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000_000,
        "a: " + "x" * 10_000_000,
        "a: '" + "x" * 1_000_000,
        "\x00" * 100,
        "\ud800\udfff",
        "a: \ufffe",
        "\ufeffa: 1",
        "a: [" * 100 + "b",
        "- " * 100_000,
        "&a " * 1000,
        "!" * 1000,
        "a: !!float 0x" + "F" * 400,
        "a: !!int " + "9" * 5000,
        "a: " + "9" * 5000,
    ],
    ids=lambda text: repr(text[:20]) + f"...({len(text)})",
)
def test_never_raises_on_nasty_text(loader: str, text: str) -> None:
    check_invariants(load_mapping(text), first_line=1)


def check_invariants(result: YamlMapping, first_line: int) -> None:
    assert isinstance(result, YamlMapping)
    assert all(isinstance(p, YamlProblem) for p in result.problems)
    assert {p.kind for p in result.problems} <= ALL_KINDS
    assert all(p.line >= first_line and p.column >= 1 and p.message for p in result.problems)
    fatal = any(p.kind in FATAL_KINDS for p in result.problems)
    if result.values is None:
        assert fatal, result.problems
        assert result.key_positions == {} and result.value_positions == {}
    else:
        assert not fatal, result.problems
        assert isinstance(result.values, dict)
        assert all(isinstance(key, str) for key in result.values)
        assert result.key_positions.keys() == result.values.keys()
        assert {path for path in result.value_positions if len(path) == 1} == {
            (key,) for key in result.values
        }


YAMLISH = st.lists(
    st.sampled_from(
        [
            *"-:[]{}?,&*!|>'\"#%@` \t\n\r~.0123456789abcxyzTtYyNn\\",
            "\r\n",
            "\u2028",
            "\x85",
            "\x00",
            "é",
            "😀",
            "\ud800",
            "yes",
            "null",
            "true",
            "12:30",
            "2025-09-02",
            "2023-12-04T13:14",
            "0o17",
            "0x1F",
            ".inf",
            "1e3",
            "!!python/object:os.system ",
            "!!str ",
            "!foo ",
            "&a ",
            "*a",
            "\n  - ",
            "\n- ",
            ": ",
            "key: ",
            "{{date}}",
            "<<: ",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(st.text(st.characters(exclude_categories=())), YAMLISH),
    first_line=st.integers(1, 500),
)
def test_load_mapping_never_raises(text: str, first_line: int) -> None:
    check_invariants(load_mapping(text, first_line), first_line)


@settings(max_examples=150, deadline=None)
@given(text=YAMLISH)
def test_pure_python_fallback_reads_like_libyaml(text: str) -> None:
    # A bare "!" (the non-specific tag) on an empty value: libyaml reads "" (right by YAML
    # 1.2), PyYAML's pure-Python parser None. A known difference between the two parsers.
    assume(not re.search(r"(?:^|[\s\[{,:-])!(?:\s|$)", text))
    with_libyaml = load_mapping(text)
    original = yaml12._LOADER
    yaml12._LOADER = yaml12._PythonComposeLoader
    try:
        pure_python = load_mapping(text)
    finally:
        yaml12._LOADER = original
    if with_libyaml.values is not None and pure_python.values is not None:
        assert same(pure_python.values, with_libyaml.values) or repr(pure_python.values) == repr(
            with_libyaml.values
        )
        # Where an *empty* value starts differs between the two PyYAML parsers; paths do not.
        assert pure_python.value_positions.keys() == with_libyaml.value_positions.keys()


_TIMESTAMP_LIKE = st.text(alphabet="0123456789-:Tt ١²", min_size=8, max_size=18) | st.builds(
    lambda day, minutes: f"{day}T{minutes // 60:02d}:{minutes % 60:02d}",
    st.dates().map(lambda day: day.isoformat()),
    st.integers(min_value=0, max_value=26 * 60),
)


@given(_TIMESTAMP_LIKE | st.dates().map(lambda day: day.isoformat()))
def test_the_fast_timestamp_forms_read_as_the_pattern_reads_them(text: str) -> None:
    assert yaml12._read_timestamp(text) == yaml12._read_timestamp_by_pattern(text)
