"""Hostile note content: whatever the bytes, reading, linting and generating never raise.

A vault is the user's memory, and notes arrive from anywhere: sync conflicts, half-written
saves, pasted binary, other tools. Every test here feeds such content through the real
entry points (``parse_note``, ``Vault.open`` -> ``lint`` -> ``generate.plan``, the CLI) and
asserts the one contract that matters: problems come back as diagnostics with real
positions, never as tracebacks, and the JSON output stays JSON.

Hypothesis runs a modest number of examples (the whole module stays within seconds); the
mutations are aimed at what the parsers treat specially (fences, links, comments, code,
tabs, invalid UTF-8, NUL) rather than left to uniform random bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault_tools import generate, yaml12
from vault_tools.cli import cli
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.lint import lint
from vault_tools.note import UNSAFE_TAG, parse_note
from vault_tools.rules.catalog import RULES
from vault_tools.vault import Vault

EXAMPLE = Path(__file__).parent.parent / "example_vault"
KNOWN_CODES = {rule.code for rule in RULES}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Real notes of every kind, the seeds every mutation starts from.
SEEDS: dict[str, bytes] = {
    path: (EXAMPLE / path).read_bytes()
    for path in (
        "Work/Hiring.md",
        "Hiring/Candidates/Ada Okafor.md",
        "Hiring/Cases/Warehouse Cost Attribution.md",
        "Hiring/Interviews/2025-10-16 Ada Okafor - case (Maria).md",
        "Hiring/Interviews/2025-09-16 Ada Okafor - get-to-know (Maria).md",
        "Templates/Interview Log.md",
    )
}

# What the frontmatter splitter, the YAML loader and the body scanner treat specially.
TOKENS = [
    b"---\n",
    b"...\n",
    b"---",
    b"[[",
    b"]]",
    b"![[",
    b"](",
    b"|",
    b"#",
    b"#^",
    b"^block",
    b"%%",
    b"<!--",
    b"-->",
    b"```",
    b"~~~",
    b"`",
    b"$$",
    b"$",
    b"\t",
    b"    ",
    b"> ",
    b"- ",
    b": ",
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ",
    b"{{date}}",
    b"\r",
    b"\r\n",
    b"\n",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # a UTF-8-encoded surrogate: invalid UTF-8
    b"\xef\xbb\xbf",
    "\u2028".encode(),
    "\u0085".encode(),
    b"\\",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real note with byte flips, cuts, deletions and inserted special tokens."""
    path = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[path])
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "bytes"]))
        if operation == "flip" and data:
            data[min(position, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif operation == "truncate":
            del data[position:]
        elif operation == "insert":
            data[position:position] = draw(st.sampled_from(TOKENS))
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
    return path, bytes(data)


token_soup = st.lists(st.sampled_from(TOKENS) | st.binary(max_size=6), max_size=60).map(b"".join)


def assert_sound(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], data: bytes) -> None:
    """Every finding is a documented code at a real position in the file."""
    lines = data.count(b"\n") + data.count(b"\r") + 1  # an upper bound whatever the line endings
    for diagnostic in diagnostics:
        assert diagnostic.code in KNOWN_CODES, diagnostic
        assert isinstance(diagnostic.severity, Severity)
        assert 1 <= diagnostic.line <= lines + 1, (diagnostic, lines)
        assert diagnostic.column >= 1, diagnostic
        assert diagnostic.message


# ---------------------------------------------------------------------------- parse_note


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_parse_without_raising(data: bytes) -> None:
    note = parse_note("Fuzz/Any.md", data, keep_body=True)
    assert_sound(note.problems, data)
    note.sections  # noqa: B018 - markdown-it over the body must not raise either


@FUZZ
@given(data=token_soup)
def test_special_token_soup_parses_without_raising(data: bytes) -> None:
    note = parse_note("Fuzz/Soup.md", b"---\n" + data, keep_body=True)
    assert_sound(note.problems, b"---\n" + data)
    note.sections  # noqa: B018


@FUZZ
@given(case=mutated())
def test_mutated_real_notes_give_diagnostics_not_tracebacks(case: tuple[str, bytes]) -> None:
    path, data = case
    note = parse_note(path, data, keep_body=True)
    assert_sound(note.problems, data)
    note.sections  # noqa: B018
    for link in note.links:
        assert link.line >= 1 and link.column >= 1


def test_the_pure_python_yaml_loader_is_as_robust(monkeypatch: object) -> None:
    """Without libyaml the pure-Python composer runs: the same hostile inputs, no raise."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(yaml12, "_LOADER", yaml12._PythonComposeLoader)
    hostile = [
        "a: " + "[" * 3000,
        "a: &a [*a]",
        "a: !!python/object/apply:os.system [x]",
        "\x00: 1",
        "a: 1\n\tb: 2",
        "? [a, b]\n: c",
        "a: b: c",
    ]
    for text in hostile:
        note = parse_note("Py.md", f"---\n{text}\n---\nbody\n".encode())
        assert note.problems, text
        assert_sound(note.problems, f"---\n{text}\n---\nbody\n".encode())


# ---------------------------------------------------------------------------- whole pipeline


@contextmanager
def vault_of(files: dict[str, bytes]) -> Iterator[Path]:
    """A throwaway vault (hypothesis cannot share pytest's function-scoped tmp_path)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        for relative, content in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        yield root


@FUZZ
@given(cases=st.lists(mutated(), min_size=1, max_size=4))
def test_lint_json_stays_valid_json_on_a_vault_of_mutated_notes(
    cases: list[tuple[str, bytes]],
) -> None:
    files = dict(SEEDS)
    for index, (path, data) in enumerate(cases):
        files[path.replace(".md", f" {index}.md")] = data
    with vault_of(files) as root:
        result = CliRunner().invoke(cli, ["lint", str(root), "--format", "json", "--no-cache"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output
        findings = json.loads(result.stdout)
        assert isinstance(findings, list)
        for finding in findings:
            assert {"path", "line", "column", "code", "severity", "message"} <= set(finding)
            assert finding["severity"] in ("error", "warning")
            assert finding["code"] in KNOWN_CODES


# Values that a careless edit, a sync conflict or a confused plugin leaves in a property.
ODD_VALUES = [
    "",
    "null",
    "~",
    "[]",
    "{}",
    "''",
    "'[[]]'",
    "'[[|]]'",
    "'[[#]]'",
    "'[[#^]]'",
    "'[[../../../etc/passwd]]'",
    "'[[a|b|c]]'",
    "'[[Ada Okafor]] [[Bo Lind]]'",
    "[[Ada Okafor]]",
    "2025-02-30",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59",
    "2025-08-01T10:00:00+14:00",
    "2025-08-01T10:00:00-12:00",
    "1e400",
    "-5",
    "0",
    "5",
    "4.5",
    ".nan",
    "-.inf",
    "99999999999999999999999999",
    "true",
    "'yes'",
    "[1, [2, [3]]]",
    "{a: {b: c}}",
    "[null, null]",
    "'x\\ny'",
    '"\\0"',
    "'%%'",
    "'|'",
    "'## heading'",
    "'\u202e'",
    "'   '",
    "!!binary AAAA",
    "!!python/object/apply:os.getcwd []",
    "&x [*x, *x]",
    "'2025-Q3'",
    "strong-yes",
    "hired",
    "offer",
    "final",
    "case",
]
HIRING_KEYS = [
    "type",
    "candidate",
    "role",
    "level",
    "stage",
    "date",
    "interviewers",
    "case",
    "scores",
    "recommendation",
    "convincing",
    "learned_something",
    "notes_written",
    "debrief",
    "status",
    "first_contact",
    "decision",
    "decision_date",
    "notified",
    "probation_passed",
    "performance_6m",
    "performance_12m",
    "tags",
    "aliases",
]
SCORE_KEYS = ["competence", "creativity", "business_sense", "technical_depth", "communication"]

hiring_value = st.sampled_from(ODD_VALUES) | st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12
).map(json.dumps)
scores_value = st.dictionaries(st.sampled_from(SCORE_KEYS), st.sampled_from(ODD_VALUES)).map(
    lambda scores: "{" + ", ".join(f"{k}: {v or 'null'}" for k, v in scores.items()) + "}"
)


def with_property(data: bytes, key: str, value: str) -> bytes:
    """The note with ``key: value`` replacing that property, or added as the first one."""
    lines = data.decode("utf-8").split("\n")
    for index, line in enumerate(lines):
        if line.startswith(key + ":"):
            lines[index] = f"{key}: {value}"
            break
    else:
        lines.insert(1, f"{key}: {value}")
    return "\n".join(lines).encode("utf-8")


HIRING_SEEDS = {
    path: (EXAMPLE / path).read_bytes()
    for path in (
        "Hiring/Candidates/Ada Okafor.md",
        "Hiring/Candidates/Camille Dubois.md",
        "Hiring/Cases/Warehouse Cost Attribution.md",
        "Hiring/Interviews/2025-09-16 Ada Okafor - get-to-know (Maria).md",
        "Hiring/Interviews/2025-10-16 Ada Okafor - case (Maria).md",
        "Hiring/Interviews/2025-11-06 Ada Okafor - final (Maria).md",
        "Hiring/Interviews/2025-08-11 Camille Dubois - get-to-know (Priya).md",
    )
}


@settings(FUZZ, max_examples=30)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(sorted(HIRING_SEEDS)),
            st.sampled_from(HIRING_KEYS),
            hiring_value,
            scores_value,
        ),
        min_size=1,
        max_size=8,
    ),
    lean=st.booleans(),
)
def test_open_lint_plan_apply_never_raise_on_odd_hiring_values(
    edits: list[tuple[str, str, str, str]], lean: bool
) -> None:
    files = dict(HIRING_SEEDS)
    for path, key, value, scores in edits:
        files[path] = with_property(files[path], key, scores if key == "scores" else value)
    with vault_of(files) as root:
        vault = Vault.open(root, lean=lean)
        if not lean:
            for diagnostic in lint(vault):
                assert_sound([diagnostic], files[diagnostic.path])
        outcomes = generate.apply(vault, generate.plan(vault))
        assert not any(outcome.failed for outcome in outcomes), outcomes
        # The generated notes are now in the vault: reading them back plans the same.
        assert not any(o.written for o in generate.apply(vault, generate.plan(Vault.open(root))))


def test_offers_beyond_the_final_stage_do_not_break_the_retrospective(tmp_path: Path) -> None:
    """More offers than candidates with a final-stage log (an offer made right after the
    get-to-know): the offered count as past every stage, so no step is a rate above 100%."""
    root = tmp_path / "vault"
    root.mkdir()
    stages = ["get-to-know", "technical", "case", "final"]

    def log(name: str, candidate: str, stage: str) -> None:
        day = dt.date(2025, 8, 1 + stages.index(stage))
        (root / f"{name}.md").write_text(
            f"---\ntype: interview\ncandidate: '[[{candidate}]]'\nrole: DE\nlevel: Mid\n"
            f"stage: {stage}\ndate: {day}\ninterviewers: [Maria]\n---\n"
        )

    for name, decision in (("Ann", "rejected"), ("Ben", "hired"), ("Cy", "offer")):
        (root / f"{name}.md").write_text(
            f"---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: {decision}\n---\n"
        )
    for stage in stages:
        log(f"Ann {stage}", "Ann", stage)
    log("Ben get-to-know", "Ben", "get-to-know")
    log("Cy get-to-know", "Cy", "get-to-know")

    figures = generate.retrospective(Vault.open(root), "2025-Q3").figures
    steps = figures["funnel"]["stages"]
    assert [step["reached"] for step in steps] == [3, 3, 3, 3, 2]
    last = steps[-1]
    assert last["stage"] == "offer/hired"
    assert last["from_previous"]["successes"] == 2 and last["from_previous"]["n"] == 3
    assert all(
        step["from_previous"] is None or step["from_previous"]["share"] <= 1 for step in steps
    )
    assert last["of_cohort"]["successes"] == 2


def test_a_date_in_the_last_representable_quarter_does_not_break_generation(
    tmp_path: Path,
) -> None:
    """``date: 9999-12-31`` (a placeholder someone typed) makes a 9999-Q4 retrospective."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Log.md").write_text(
        "---\ntype: interview\ncandidate: '[[Ann]]'\nrole: DE\nlevel: Mid\n"
        "stage: get-to-know\ndate: 9999-12-31\ninterviewers: [Maria]\n---\n"
    )
    vault = Vault.open(root)
    planned = generate.plan(vault, today=dt.date(9999, 12, 31))  # on its day: not planned
    assert any("9999-Q4" in path for path in planned)
    assert not any(outcome.failed for outcome in generate.apply(vault, planned))


# ---------------------------------------------------------------------------- safe YAML


def python_payloads(target: Path) -> list[str]:
    """Frontmatter values that create ``target`` when a YAML loader builds Python objects."""
    return [
        f'!!python/object/apply:builtins.open ["{target}", "w"]',
        f'!!python/object/new:builtins.open ["{target}", "w"]',
        f'!!python/object/apply:os.mkdir ["{target}"]',
    ]


def test_the_payloads_are_live_under_an_unsafe_loader(tmp_path: Path) -> None:
    """The control: PyYAML's unsafe loader really does create the file. Without this, the
    next test could pass only because the payload was harmless."""
    for index, payload in enumerate(python_payloads(tmp_path / "control")):
        target = tmp_path / f"control{index}"
        payload = payload.replace(str(tmp_path / "control"), str(target))
        yaml.unsafe_load(f"value: {payload}")
        assert target.exists(), payload


def test_python_tags_are_findings_never_executed(tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    for index, payload in enumerate(python_payloads(pwned)):
        root = tmp_path / f"vault{index}"
        root.mkdir()
        note = f"---\ntitle: ok\nvalue: {payload}\n---\nbody\n"
        (root / "Evil.md").write_text(note)
        parsed = parse_note("Evil.md", note.encode())
        assert [(p.code, p.line) for p in parsed.problems] == [(UNSAFE_TAG, 3)]
        assert isinstance(parsed.properties["value"], list)  # read as plain data
        result = CliRunner().invoke(cli, ["lint", str(root), "--format", "json", "--no-cache"])
        codes = [finding["code"] for finding in json.loads(result.stdout)]
        assert UNSAFE_TAG in codes
        assert result.exit_code == 1
        vault = Vault.open(root)
        generate.apply(vault, generate.plan(vault))
        assert not pwned.exists(), payload


def test_unsafe_tags_everywhere_in_the_document_are_findings(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel"
    text = (
        "---\n"
        f'a: !!python/name:os.system ""\n'
        f'b: !!python/module:os ""\n'
        f"c: [!!python/object/apply:builtins.open ['{sentinel}', 'w']]\n"
        f"d: {{k: !ruby/object:Gem::Installer {{i: x}}}}\n"
        f'e: !!python/object/apply:builtins.exec [\'open("{sentinel}", "w")\']\n'
        "!!python/name:os.system key: value\n"
        "---\n"
    )
    note = parse_note("Evil.md", text.encode())
    assert [(p.code, p.line) for p in note.problems] == [(UNSAFE_TAG, line) for line in range(2, 8)]
    assert not os.path.exists(sentinel)
    # A tagged list as a key cannot be a property name at all: a syntax finding, still inert.
    text = f"---\n!!python/object/apply:builtins.open ['{sentinel}', 'w']: key\n---\n"
    assert [p.code for p in parse_note("Evil.md", text.encode()).problems] == ["VT103"]
    assert not os.path.exists(sentinel)


def test_a_quarter_before_year_one_is_a_usage_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "Note.md").write_text("x\n")
    result = CliRunner().invoke(cli, ["retro", str(tmp_path), "--quarter", "0000-Q1"])
    assert result.exit_code == 2
    assert "is not a quarter" in result.output
