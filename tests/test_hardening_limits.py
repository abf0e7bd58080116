"""Resource bounds: hostile or merely huge notes finish in bounded time and memory.

Each case builds a small vault holding one pathological note and runs the whole read path
(``Vault.open`` -> ``lint`` -> ``generate.plan``) in a fresh Python process, under a hard
address-space cap so a regression cannot take the machine down with it. The child reports
its wall time and peak resident memory (``ru_maxrss``); the bounds asserted are several
times what the cases take (see the table in each case's comment), so the tests are not
flaky on a busy machine yet still catch an accidental quadratic or an unbounded expansion.

What deserves a finding: YAML that cannot be read within the limits (alias bombs, nesting
beyond 200 levels) is VT106, as the spec asks. Sheer size is not a finding: Obsidian opens
and indexes a 10 MB note or 50,000 properties (slowly), such notes are usually pasted logs
or exports the user means to keep, and a size warning would be noise in every CI run. What
matters is that reading them stays linear, which is what these tests hold us to.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault_tools.config import Config
from vault_tools.markdown import Heading, find_heading
from vault_tools.note import Note, parse_note
from vault_tools.rules.structure import Outline
from vault_tools.vault import Vault

SECONDS = 5.0  # per case, open + lint + plan; the slowest case takes well under 1 s
PEAK_MB = 600  # resident; a bare interpreter with the package imported is ~40 MB
ADDRESS_SPACE_CAP = 3 * 1024**3  # hard cap for the child: an unbounded expansion dies here

# Each case: the text of the hostile note "Hostile.md" (a Python expression evaluated in the
# child, so the parent does not hold 10 MB strings), plus an optional second note.
_BOMB = (
    '"---\\na: &a [x, x, x, x, x, x, x, x, x, x]\\n"'
    ' + "".join(f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}" if i > 1 else "*a"] * 10) + "]\\n"'
    " for i in range(1, 12))"
    ' + "---\\nbody\\n"'
)
CASES: dict[str, dict[str, str]] = {
    # 10 levels of 10 aliases: 10**11 values if expanded.
    "alias bomb": {"Hostile.md": _BOMB},
    # 50,000 properties: read in full (~0.5 s), no finding.
    "50,000 keys": {
        "Hostile.md": '"---\\n" + "".join(f"key{i}: value {i}\\n" for i in range(50_000))'
        ' + "---\\n"'
    },
    # Nesting 5,000 levels deep, as flow brackets and as indented block mappings.
    "5,000-deep flow": {"Hostile.md": '"---\\na: " + "[" * 5000 + "]" * 5000 + "\\n---\\n"'},
    "5,000-deep block": {
        "Hostile.md": '"---\\n" + "".join(" " * i + f"k{i}:\\n" for i in range(5000)) + "---\\n"'
    },
    # One 10 MB line: prose with a link and a tag every 100 characters (100,000 of each).
    "10 MB single line": {
        "Hostile.md": '"---\\ntags: [x]\\n---\\n"'
        ' + ("lorem ipsum " * 7 + "[[Target]] #tag ") * 100_000',
        "Target.md": '"# Target\\n"',
    },
    # 100,000 links to notes that do not exist: 100,000 warnings.
    "100,000 links": {"Hostile.md": '"".join(f"[[Missing {i}]] " for i in range(100_000))'},
    # 50,000 links into the headings and blocks of a note with 50,000 of them.
    "50,000 heading links": {
        "Hostile.md": '"".join(f"[[Target#Heading {i}]] [[Target#^b{i}]]\\n"'
        " for i in range(50_000))",
        "Target.md": '"".join(f"## Heading {i}\\ntext ^b{i}\\n" for i in range(50_000))',
    },
    # An interview log whose body has 50,000 sections (its schema checks its sections).
    "100,000 sections in a typed note": {
        "Hostile.md": '"---\\ntype: interview\\nstage: technical\\n---\\n"'
        ' + "".join(f"## Competence {i}\\ntext\\n" for i in range(100_000))'
    },
}

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path

    files = json.loads(sys.argv[1])
    root = Path(sys.argv[2])
    root.mkdir()
    for name, expression in files.items():
        (root / name).write_bytes(eval(expression).encode("utf-8"))
    del files, name, expression

    from vault_tools import generate
    from vault_tools.lint import lint
    from vault_tools.vault import Vault

    start = time.perf_counter()
    vault = Vault.open(root)
    findings = lint(vault)
    generate.plan(vault)
    elapsed = time.perf_counter() - start
    note = vault.notes["Hostile.md"]
    codes = {}
    for finding in findings:
        if finding.path == "Hostile.md":
            codes[finding.code] = codes.get(finding.code, 0) + 1
    print(json.dumps({
        "seconds": elapsed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "codes": codes,
        "properties": len(note.properties),
        "links": len(note.links),
        "tags": len(note.tags),
    }))
    """
)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def run_case(files: dict[str, str], folder: Path) -> dict[str, object]:
    environment = {**os.environ, "VAULT_TOOLS_CACHE_DIR": str(folder / "cache")}
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(files), str(folder / "vault")],
        capture_output=True,
        text=True,
        timeout=60 + SECONDS,  # a hang fails the test instead of stalling the suite
        preexec_fn=_cap_memory,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result: dict[str, object] = json.loads(completed.stdout)
    return result


EXPECTED: dict[str, dict[str, object]] = {
    "alias bomb": {"codes": {"VT106": 1}, "properties": 0},
    "50,000 keys": {"codes": {}, "properties": 50_000},
    "5,000-deep flow": {"codes": {"VT106": 1}, "properties": 0},
    "5,000-deep block": {"codes": {"VT106": 1}, "properties": 0},
    "10 MB single line": {"codes": {}, "links": 100_000, "tags": 100_001},
    "100,000 links": {"codes": {"VT301": 100_000}, "links": 100_000},
    "50,000 heading links": {"codes": {}, "links": 100_000},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_note_finishes_in_bounded_time_and_memory(
    name: str, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    measured = run_case(CASES[name], tmp_path)
    record_property("seconds", measured["seconds"])
    record_property("peak_mb", measured["peak_mb"])
    print(f"{name}: {measured}")  # the figures, with pytest -s
    assert isinstance(measured["seconds"], float) and isinstance(measured["peak_mb"], float)
    assert measured["seconds"] < SECONDS, measured
    assert measured["peak_mb"] < PEAK_MB, measured
    for key, value in EXPECTED.get(name, {}).items():
        assert measured[key] == value, (key, measured)


# ------------------------------------------------------------------ the faster paths agree
# The bounds above needed two indexes (vault.py: a note's headings and block ids, built once
# for all links into it; rules/structure.py: section ends in one pass). These tests hold
# them to the straightforward versions they replaced, on random heading outlines.

heading_texts = st.sampled_from(["A", "a", "B", "b c", "B: c", "C", "a#", "^x", " "])
outlines = st.lists(st.tuples(st.integers(1, 6), heading_texts), max_size=12)
subpaths = st.lists(heading_texts | st.just(""), min_size=1, max_size=3).map(
    lambda parts: "#" + "#".join(parts)
)


@settings(max_examples=150, deadline=None)
@given(outline=outlines, wanted=st.lists(subpaths, min_size=1, max_size=6))
def test_indexed_heading_lookup_agrees_with_find_heading(
    outline: list[tuple[int, str]], wanted: list[str]
) -> None:
    headings = tuple(
        Heading(level, text, line) for line, (level, text) in enumerate(outline, start=1)
    )
    with tempfile.TemporaryDirectory() as empty:
        vault = Vault(Config.load(Path(empty)))
    note = Note(path="Target.md", _headings=headings, _block_ids=frozenset({"Blk", "x"}))
    vault._notes[note.path] = note
    for subpath in [*wanted, "#^blk", "#^X", "#^nope"]:
        expected = (
            subpath[2:].strip().lower() in {"blk", "x"}
            if subpath.startswith("#^")
            else find_heading(headings, subpath) is not None
        )
        assert vault._subpath_exists(note.path, subpath) is expected, subpath


def _naive_section_ends(headings: list[Heading], last_line: int) -> list[int]:
    ends = []
    for index, heading in enumerate(headings):
        end = last_line
        for following in headings[index + 1 :]:
            if following.level <= heading.level:
                end = following.line - 1
                break
        ends.append(end)
    return ends


@settings(max_examples=150, deadline=None)
@given(levels=st.lists(st.integers(1, 6), max_size=15))
def test_one_pass_section_ends_agree_with_the_scan(levels: list[int]) -> None:
    body = "".join(f"{'#' * level} H{index}\ntext\n" for index, level in enumerate(levels))
    note = parse_note("Log.md", body.encode(), keep_body=True)
    outline = Outline(note)
    assert [span.end for span in outline.spans] == _naive_section_ends(
        list(note.headings), outline.last_line
    )
