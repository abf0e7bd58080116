"""Every lint code, one vault that triggers it; and valid Obsidian syntax that must not.

Each row of ``TRIGGERS`` is a tiny vault and the (path, line, code) that must be reported:
the test fails when the check behind the code is missing. ``CLEAN`` rows are valid notes,
mostly taken from real vaults, that must produce no finding at all (false positives are bugs).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vault_tools import rulebook
from vault_tools.cli import cli
from vault_tools.diagnostics import Severity
from vault_tools.lint import lint, lint_folder
from vault_tools.regions import find_regions
from vault_tools.rules.catalog import BY_CODE, RULES
from vault_tools.vault import Vault

from conftest import MakeVault

INTERVIEW = """---
type: interview
candidate: "[[Ada]]"
role: DE
level: Mid
stage: {stage}
date: 2025-07-01
interviewers: [Maria]
{extra}---

## Why this role
Platform ownership.

## Why this industry
Energy.

## Why this company
The team.

## Competence
Good.

## Creativity
Good.

## Business Sense
Good.
"""

CANDIDATE = """---
type: candidate
role: DE
level: Mid
first_contact: 2025-06-01
decision: pending
---
"""

CASE = """---
type: case
role: DE
level: Mid
status: {status}
---

### Case Overview
An energy retailer.

### Architecture & Technical Context
- **Current Setup:** Batch files.
- **Data Sources:** Meters.
- **Tech Stack:** Kafka.
- **Constraints:** Two engineers.

### The Challenge
**Problem:** Slow data.

**Your Task:** Design it.

**Success Looks Like:** Fresh data.

### Think About
- Late data.

## For Case Holders

### Case Objectives
**Goal:** Streaming basics.

**Experience Level:** Mid.

### Key Discussion Areas
- Idempotency.

### Evaluation Criteria
- **Technical Depth:** Watermarks.
- **Problem-Solving:** Simple first.
- **Communication:** Clear.
- **Experience Indicators:** Production.

### Interviewer Notes
- **Red Flags:** None.
- **Follow-up Questions:** Backfills?
- **Finishing up:** Next steps.
"""


PROBLEM_PLACEHOLDER = (
    "`Sentence-to-sentence description of what the client is trying to achieve here?`"
)
WHEN_SCORED = "(required when stage is technical)"
INDEPENDENCE = (
    "write your own notes before the panel discusses the candidate, "
    "so that their views cannot colour yours"
)


def interview(stage: str = "get-to-know", extra: str = "") -> str:
    return INTERVIEW.format(stage=stage, extra=extra)


# notes_written says the interviewer finished the log: everything is required of it.
WRITTEN = "notes_written: 2025-07-01T18:00\n"
FINISHED = interview(extra=WRITTEN)


def case(status: str = "ready", replace: tuple[str, str] = ("", "")) -> str:
    return CASE.format(status=status).replace(*replace)


CASE_SCORES = (
    "scores: {competence: 3, creativity: 3, business_sense: 3, technical_depth: 3,"
    " problem_solving: 3, communication: 3, experience: 3}\n"
)
BILLION_LAUGHS = (
    "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    + "---\n"
)

# code -> (files, path, line)
MARKERS = "%% vault-tools:begin {name} %%\n| a |\n%% vault-tools:end {name} %%\n"

TRIGGERS: dict[str, tuple[Mapping[str, str | bytes], str, int]] = {
    "VT101": ({"N.md": b"---\ntitle: Caf\xe9\n---\n"}, "N.md", 2),
    "VT102": ({"N.md": "---\ntitle: no end\n\nbody\n"}, "N.md", 1),
    "VT103": ({"N.md": "---\ntitle: [unclosed\n---\n"}, "N.md", 3),
    "VT104": ({"N.md": "---\n- a\n- b\n---\n"}, "N.md", 2),
    "VT105": ({"N.md": "---\nx: !!python/object:os.system y\n---\n"}, "N.md", 2),
    "VT106": ({"N.md": BILLION_LAUGHS}, "N.md", 2),
    "VT107": ({"N.md": "---\na: 1\na: 2\n---\n"}, "N.md", 3),
    "VT110": (
        {
            ".obsidian/types.json": '{"types": {"finished": "checkbox"}}',
            "N.md": '---\ncreated: 2025-01-01\nFinished: "no"\n---\n',
        },
        "N.md",
        3,
    ),
    "VT112": (
        {"N.md": "# N\n", "N (Maria's conflicted copy 2025-07-03).md": "# N, edited\n"},
        "N (Maria's conflicted copy 2025-07-03).md",
        1,
    ),
    "VT111": (
        {".obsidian/types.json": '{"types": {\n  "due": "date",\n  "x": 5\n}}', "N.md": ""},
        ".obsidian/types.json",
        3,
    ),
    "VT120": ({"N.md": "---\ntags:\n  - ok\n  - 2025\n---\n"}, "N.md", 4),
    "VT121": ({"N.md": "---\ntitle: x\nrelated: [[Other]]\n---\n", "Other.md": ""}, "N.md", 3),
    "VT122": ({"N.md": "---\ntags:\n  - hiring\n  - Hiring\n---\n"}, "N.md", 4),
    "VT201": (
        {"Ada.md": CANDIDATE, "I.md": interview().replace("role: DE\n", "")},
        "I.md",
        1,
    ),
    "VT202": (
        {"Ada.md": CANDIDATE, "I.md": interview(extra='convincing: "yes"\n')},
        "I.md",
        9,
    ),
    "VT203": (
        {"Ada.md": CANDIDATE, "I.md": interview().replace("role: DE", "role: PM")},
        "I.md",
        4,
    ),
    "VT204": (
        {
            "Ada.md": CANDIDATE,
            "I.md": interview(
                "technical", "scores:\n  competence: 5\n  creativity: 1\n  business_sense: 1\n"
            ),
        },
        "I.md",
        10,
    ),
    "VT205": (
        {"Ada.md": CANDIDATE, "I.md": interview().replace("[Maria]", "[]")},
        "I.md",
        8,
    ),
    "VT206": (
        {"Ada.md": CANDIDATE, "I.md": interview().replace("2025-07-01", "next week")},
        "I.md",
        7,
    ),
    "VT209": (
        {
            ".vault-tools/schemas/memo.yaml": (
                "frontmatter:\n  not: {required: [secret]}\n"  # memos never carry secrets
            ),
            "M.md": "---\ntype: memo\nsecret: x\n---\n",
        },
        "M.md",
        1,
    ),
    "VT217": (
        {"Ada.md": CANDIDATE.replace("pending", "rejected\ndecision_date: 2052-08-29")},
        "Ada.md",
        7,
    ),
    "VT210": (
        {"Ada.md": CANDIDATE.replace("pending", "rejected\ndecision_date: 2025-05-01")},
        "Ada.md",
        5,
    ),
    "VT211": (
        {
            "Ada.md": CANDIDATE,
            "Not a case.md": "# just a note\n",
            "I.md": interview("case", 'case: "[[Not a case]]"\n' + CASE_SCORES),
        },
        "I.md",
        9,
    ),
    # Unfinished (no notes_written) a month before the tests' day (conftest.TEST_DAY).
    "VT212": (
        {"Ada.md": CANDIDATE, "I.md": interview().replace("2025-07-01", "2025-06-01")},
        "I.md",
        7,
    ),
    "VT213": (
        {
            ".vault-tools/config.yaml": "hiring:\n  interviewers: [Maria Svensson]\n",
            "Ada.md": CANDIDATE,
            "I.md": interview(),
        },
        "I.md",
        8,
    ),
    "VT214": (
        {"Kwame Mensah.md": CANDIDATE, "Kwame Mensha.md": CANDIDATE},
        "Kwame Mensha.md",
        1,
    ),
    # Interviewed on 2025-07-01, a week before Ada's first contact.
    "VT215": (
        {"Ada.md": CANDIDATE.replace("2025-06-01", "2025-07-08"), "I.md": FINISHED},
        "I.md",
        7,
    ),
    "VT216": ({"I.md": interview().replace("type: interview", "type: Interview")}, "I.md", 2),
    "VT301": ({"N.md": "See [[Missing]].\n"}, "N.md", 1),
    "VT302": ({"N.md": "\n![[missing.png]]\n"}, "N.md", 2),
    "VT303": ({"A.md": "# Real\n", "N.md": "[[A#Imaginary]]\n"}, "N.md", 1),
    "VT304": ({"A.md": "text ^real\n", "N.md": "\n\n[[A#^imaginary]]\n"}, "N.md", 3),
    "VT305": ({"X/Same.md": "", "Y/Same.md": "", "N.md": "[[Same]]\n"}, "N.md", 1),
    "VT306": ({"I.md": interview()}, "I.md", 3),
    "VT401": (
        {"Ada.md": CANDIDATE, "I.md": FINISHED.replace("## Why this industry\nEnergy.\n", "")},
        "I.md",
        11,
    ),
    "VT402": (
        {"Ada.md": CANDIDATE, "I.md": FINISHED.replace("\nEnergy.\n", "\n%% todo %%\n- \n")},
        "I.md",
        15,
    ),
    "VT403": ({"C.md": case(replace=("Kafka.", "`[Relevant technologies]`"))}, "C.md", 14),
    "VT404": ({"C.md": case(replace=("**Your Task:** Design it.", "**Your Task:**"))}, "C.md", 20),
    "VT501": ({"N.md": "# N\n\n" + 2 * MARKERS.format(name="case-index")}, "N.md", 6),
    "VT502": ({"N.md": "---\na: 1\n---\n%% vault-tools:begin case-index %%\n"}, "N.md", 4),
    "VT505": ({"N.md": "# N\n\n~~~\n\n" + MARKERS.format(name="case-index")}, "N.md", 5),
}


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_each_code_is_reported_where_the_problem_is(make_vault: MakeVault, code: str) -> None:
    files, path, line = TRIGGERS[code]
    found = lint(Vault.open(make_vault(files)))
    matching = [d for d in found if d.code == code]
    assert [(d.path, d.line) for d in matching] == [(path, line)], found
    assert matching[0].severity is BY_CODE[code].severity


def test_every_catalogued_code_has_a_trigger() -> None:
    # VT503/VT504 are raised by `index`/`retro`/`watch` when they cannot write
    # (tests/test_writer.py), not by lint.
    linted = {rule.code for rule in RULES if rule.code not in ("VT503", "VT504")}
    # VT100: see below. VT108 needs a file system that holds Ann.md and ann.md side by side,
    # VT109 one that holds a name that is not UTF-8: tests/test_lint.py and tests/test_vault.py.
    assert linted - set(TRIGGERS) == {"VT100", "VT108", "VT109"}


def test_an_unreadable_file_is_reported_and_the_others_still_checked(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"Locked.md": "secret\n", "Open.md": "[[Missing]]\n"})
    real_open = os.open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("Locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    found = lint(Vault.open(root))
    assert [(d.path, d.code) for d in found] == [("Locked.md", "VT100"), ("Open.md", "VT301")]


def test_a_draft_case_gets_warnings_a_ready_one_errors_a_retired_one_nothing(
    make_vault: MakeVault,
) -> None:
    unfilled = ("Kafka.", "`[Relevant technologies]`")
    root = make_vault(
        {
            "Ready.md": case("ready", unfilled),
            "Draft.md": case("draft", unfilled),
            "Retired.md": case("retired", unfilled),
        }
    )
    found = {(d.path, d.code, d.severity) for d in lint(Vault.open(root))}
    assert found == {
        ("Ready.md", "VT403", Severity.ERROR),
        ("Draft.md", "VT403", Severity.WARNING),
    }


@pytest.mark.parametrize(
    ("replace", "code", "line"),
    [
        (("### Think About\n- Late data.\n", ""), "VT401", 7),  # the body's first line
        (("### Think About\n- Late data.\n", "### Think About\n-\n"), "VT402", 24),
        (("### Key Discussion Areas\n", "### Key Areas\n"), "VT401", 27),  # at its parent
        (("**Success Looks Like:** Fresh data.", ""), "VT404", 17),
        (("**Problem:** Slow data.", "**Problem:** " + PROBLEM_PLACEHOLDER), "VT403", 18),
        (("- **Finishing up:** Next steps.", "- **Finishing up:** `What are the next steps`"),
         "VT403", 46),
    ],
)  # fmt: skip
def test_case_sections_follow_the_template(
    make_vault: MakeVault, replace: tuple[str, str], code: str, line: int
) -> None:
    found = lint(Vault.open(make_vault({"C.md": case("ready", replace)})))
    assert [(d.code, d.line) for d in found] == [(code, line)]


@pytest.mark.parametrize(
    ("quoted", "unfilled"),
    [
        ("`[Available data]`", True),  # the template's own
        ("`[TBD]`", True),
        ("`[Junior/Mid/Senior]`", True),
        ("`[]`", False),  # code a data-engineering case quotes
        ("`[1, 2]`", False),
        ("`[x for x in events]`", False),
        ('`["a", "b"]`', False),
    ],
)
def test_placeholders_are_not_code_in_square_brackets(
    make_vault: MakeVault, quoted: str, unfilled: bool
) -> None:
    text = case("ready", ("- Late data.", f"- Late data, as in {quoted}."))
    found = lint(Vault.open(make_vault({"C.md": text})))
    assert [d.code for d in found] == (["VT403"] if unfilled else [])


def test_the_template_s_own_lines_count_as_unfilled(make_vault: MakeVault) -> None:
    overview = (
        "In this section, there's supposed to be an overview of the industry, including its "
        "maturity and technical level. What types of industries are being discussed? Is it a "
        "big business, a small business, or something else?"
    )
    root = make_vault({"C.md": case("ready", ("An energy retailer.", "  " + overview + "  "))})
    assert [(d.code, d.line) for d in lint(Vault.open(root))] == [("VT403", 9)]


@pytest.mark.parametrize(
    ("extra", "stage", "expected"),
    [
        (WRITTEN, "technical", {("VT201", f"missing required property scores {WHEN_SCORED}")}),
        (WRITTEN + "scores: {competence: 2, creativity: null}\n", "technical",
         {("VT201", f"missing required property scores.business_sense {WHEN_SCORED}")}),
        (WRITTEN + "debrief: 2025-07-02T09:00\n", "get-to-know",
         {("VT201", "missing required property recommendation (required when debrief is set)")}),
        ("debrief:\nrecommendation:\n", "get-to-know", set()),  # empty debrief: not complete yet
        ("recommendation: Yes\n", "get-to-know",
         {("VT203", "recommendation: 'Yes' is not one of strong-no, no, yes, strong-yes"
                    " (did you mean yes?)")}),
        ("notes_written: 2025-07-02T08:59\ndebrief: 2025-07-02T09:00\nrecommendation: no\n",
         "final", set()),
        ("notes_written: 2025-07-03T08:00\ndebrief: 2025-07-02T09:00\nrecommendation: no\n",
         "final",
         {("VT210", "notes_written (2025-07-03T08:00) is after debrief (2025-07-02T09:00): "
                    + INDEPENDENCE)}),
        ("notes_written: 2025-07-02\ndebrief: 2025-07-02T09:00\nrecommendation: no\n", "final",
         {("VT206", "notes_written: '2025-07-02' is not a date-time (YYYY-MM-DDTHH:MM)")}),
        ("notes_written: 2025-07-02T10:00+02:00\ndebrief: 2025-07-02T09:30Z\nrecommendation: no\n",
         "final", set()),  # 08:00 UTC is before 09:30 UTC
    ],
)  # fmt: skip
def test_interview_rules(
    make_vault: MakeVault, extra: str, stage: str, expected: set[tuple[str, str]]
) -> None:
    root = make_vault({"Ada.md": CANDIDATE, "I.md": interview(stage, extra)})
    assert {(d.code, d.message) for d in lint(Vault.open(root))} == expected


def test_an_unquoted_link_gets_a_hint(make_vault: MakeVault) -> None:
    root = make_vault({"Ada.md": CANDIDATE, "I.md": interview().replace('"[[Ada]]"', "[[Ada]]")})
    (finding,) = lint(Vault.open(root))
    assert finding.code == "VT202"
    assert 'quote the link in YAML: candidate: "[[Ada]]"' in finding.message


def test_a_candidate_link_to_an_untyped_note_is_a_warning_a_case_link_an_error(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "Ada.md": "# Ada, no type yet\n",
            "Plain.md": "# not a case\n",
            "I.md": interview("case", 'case: "[[Plain]]"\n' + CASE_SCORES),
        }
    )
    found = [(d.code, d.severity, d.line) for d in lint(Vault.open(root))]
    assert found == [("VT211", Severity.WARNING, 3), ("VT211", Severity.ERROR, 9)]


@pytest.mark.parametrize(
    ("types_json", "lines", "said"),
    [
        ("{bad", [1], "not valid JSON"),
        ('{\n  "types": []\n}', [2], 'must be {"types"'),
        ("[]", [1], 'must be {"types"'),
        ('{"types": {"x": 5}}', [1], "x: 5 is not a property type"),
        ('{"types": {\n "finished": "checkbox",\n "due": "when"\n}}', [3], 'due: "when"'),
    ],
)
def test_a_types_json_that_cannot_be_used_is_reported_on_its_own_line(
    make_vault: MakeVault, types_json: str, lines: list[int], said: str
) -> None:
    # It used to be ignored silently, and with it every VT110 check.
    root = make_vault({".obsidian/types.json": types_json, "N.md": "---\nfinished: true\n---\n"})
    for found in (lint(Vault.open(root)), lint_folder(root, use_cache=False).diagnostics):
        problems = [d for d in found if d.code == "VT111"]
        assert [(d.path, d.line) for d in problems] == [(".obsidian/types.json", n) for n in lines]
        assert said in problems[0].message


def test_an_unknown_type_leaves_the_other_property_types_in_force(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".obsidian/types.json": '{"types": {"finished": "checkbox", "due": "when"}}',
            "N.md": '---\nFinished: "no"\ndue: whenever\n---\n',
        }
    )
    found = [(d.path, d.line, d.code) for d in lint(Vault.open(root))]
    assert found == [(".obsidian/types.json", 1, "VT111"), ("N.md", 2, "VT110")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("# Index\n" + MARKERS.format(name="a"), []),
        ("# Index\n" + MARKERS.format(name="a") + MARKERS.format(name="b"), []),
        ("# Index\n" + MARKERS.format(name="a") * 2, [(5, "VT501")]),
        ("x\n%% vault-tools:end a %%\n", [(2, "VT502")]),
        ("%% vault-tools:begin a %%\n%% vault-tools:begin b %%\n", [(1, "VT502"), (2, "VT502")]),
        ("x\r\n%% vault-tools:begin a %%\r\n", [(2, "VT502")]),  # CRLF: the same lines
        ("```\n%% vault-tools:begin a %%\n```\n", []),  # documented in fenced code
        ("---\nnote: '%% vault-tools:begin a %%'\n---\n", []),  # in the frontmatter
        ("text about vault-tools: %% vault-tools:begin a %% inline\n", []),  # not on its own
    ],
)
def test_broken_generated_block_markers_are_reported_at_their_line(
    make_vault: MakeVault, text: str, found: list[tuple[int, str]]
) -> None:
    # Lint said nothing; only `index`/`watch` did, when they refused to write the note.
    root = make_vault({"N.md": text})
    for run in (lint(Vault.open(root)), lint_folder(root, use_cache=False).diagnostics):
        assert [(d.path, d.line, d.code) for d in run] == [("N.md", *each) for each in found]
    expected_scan = [(p.line, p.code) for p in find_regions(text).problems]
    assert expected_scan == found  # exactly what the writer would refuse the note for


def test_the_example_vault_s_generated_notes_have_sound_markers() -> None:
    vault = Vault.open(Path(__file__).parent.parent / "example_vault")
    generated = [path for path, note in vault.notes.items() if "Index" in path]
    assert "Hiring/Interview Index.md" in generated
    assert [d for d in lint(vault, generated) if d.code.startswith("VT5")] == []


# Valid notes that must lint clean: valid Obsidian syntax is never a finding.
CLEAN: dict[str, Mapping[str, str | bytes]] = {
    "typed properties of every kind": {
        ".obsidian/types.json": (
            '{"types": {"done": "checkbox", "due": "date", "at": "datetime", "n": "number",'
            ' "people": "multitext", "note": "text"}}'
        ),
        "N.md": (
            "---\ndone: false\ndue: 2023-12-04T13:14\nat: 2025-09-02\nn: 1.5\n"
            'people: "[[Ada]]"\nnote: 12:30\ntags: "a, b"\naliases: Alias\n'
            "cssclasses: wide\nempty:\n---\n"
        ),
        "Ada.md": "",
    },
    "quoted dates are dates": {
        ".obsidian/types.json": '{"types": {"due": "date"}}',
        "N.md": '---\ndue: "2025-09-02"\n---\n',
    },
    "links Obsidian resolves": {
        "Notes/A.md": "# Top\n## Sub\ntext ^blk\n",
        "Notes/Sub/B.md": "",
        "Movies.base": "views: []\n",
        "img.png": b"\x89PNG",
        "Docs/paper.pdf": b"%PDF",
        "N.md": (
            "[[A]] [[A.md]] [[Notes/A]] [[A#Top]] [[A#Top#Sub]] [[A#^blk]] [[A|alias]]\n"
            "[[#Mine]] [[Sub/B]] ![[img.png|100]] ![[Movies.base#Favorites]]\n"
            "![[paper.pdf#page=3]] [t](Notes/A.md) [t](<Notes/Sub/B.md>) [t](Notes/A.md#Sub)\n"
            "[web](https://example.com) [mail](mailto:a@b.c) [obs](obsidian://open?vault=x)\n"
            "`[[Code]]` %% [[Comment]] %% <!-- [[Html comment]] -->\n"
            "```\n[[Fenced]]\n```\n"
            "# Mine\n"
        ),
    },
    "a complete interview, case and candidate": {
        "Ada.md": CANDIDATE,
        "Streaming.md": case("ready"),
        "I.md": interview(
            "case",
            'case: "[[Streaming]]"\nscores: {competence: 3, creativity: 4, business_sense: null,'
            " technical_depth: 3, problem_solving: 2, communication: 1, experience: 4}\n"
            "recommendation: yes\nconvincing: true\nlearned_something: false\n"
            "notes_written: 2025-07-01T16:30\ndebrief: 2025-07-02T09:00+02:00\n"
            "tags: [interview]\naliases: [I]\nmy_own_field: {anything: [1, 2]}\n",
        ),
    },
    "a hired candidate with outcomes": {
        "C.md": (
            "---\ntype: candidate\nrole: MLE\nlevel: Senior\nfirst_contact: 2025-05-02\n"
            "decision: hired\ndecision_date: 2025-06-20\nnotified: 2025-06-20\n"
            "offer_date: 2025-06-20\noffer_outcome: accepted\nstart_date: 2025-08-01\n"
            "probation_passed: true\nperformance_6m: 5\nperformance_12m:\n---\n"
        ),
    },
    "templates are not notes": {
        ".obsidian/templates.json": '{"folder": "Templates"}',
        "Templates/Interview.md": "---\ntype: interview\ndate: {{date}}\n---\n[[{{title}}]]\n",
    },
    "headings with trailing colons and emphasis still count": {
        "Ada.md": CANDIDATE,
        "I.md": interview().replace("## Why this role", "## **Why this role:**"),
    },
    "unknown note types and untyped notes are not checked": {
        "N.md": "---\ntype: meeting\n---\n",
        "M.md": "---\ntype: \"[[Movies]]\"\ncategories:\n  - \"[[Movies]]\"\n---\n",
        "Movies.md": "",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_valid_obsidian_syntax_is_never_a_finding(make_vault: MakeVault, name: str) -> None:
    assert lint(Vault.open(make_vault(CLEAN[name]))) == []


def test_lint_is_sorted_and_the_library_never_prints(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"B.md": "[[X]]\n[[Y]]\n", "A.md": "---\n- a\n---\n[[Z]]\n"})
    vault = Vault.open(root)
    found = lint(vault)
    assert found == sorted(found)
    assert [(d.path, d.line) for d in found] == [("A.md", 2), ("A.md", 4), ("B.md", 1), ("B.md", 2)]
    assert capsys.readouterr() == ("", "")


def test_paths_restrict_the_report_but_links_resolve_against_the_whole_vault(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"In/A.md": "[[B]] [[Nope]]\n", "Out/B.md": "[[Nope]]\n"})
    found = lint(Vault.open(root), paths=["In"])
    assert [(d.path, d.code) for d in found] == [("In/A.md", "VT301")]


@pytest.mark.parametrize(
    ("config", "select", "ignore", "expected"),
    [
        ("", (), (), {"VT103", "VT301", "VT305"}),
        ("", ("VT3",), (), {"VT301", "VT305"}),
        ("", ("VT1,VT305",), (), {"VT103", "VT305"}),
        ("", (), ("vt30",), {"VT103"}),
        ("lint:\n  select: [VT1]\n", (), (), {"VT103"}),
        ("lint:\n  select: [VT1]\n", ("VT305",), (), {"VT305"}),  # the command line wins
        ("lint:\n  ignore: [VT305]\n", (), ("VT1",), {"VT301"}),  # ignores add up
        ("lint:\n  severity: {VT3: off}\n", (), (), {"VT103"}),
    ],
)
def test_select_ignore_and_severity_off(
    make_vault: MakeVault,
    config: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    expected: set[str],
) -> None:
    files: dict[str, str | bytes] = {
        "A.md": "---\nx: [\n---\n[[Nope]] [[Same]]\n",
        "X/Same.md": "",
        "Y/Same.md": "",
    }
    if config:
        files[".vault-tools/config.yaml"] = config
    found = lint(Vault.open(make_vault(files)), select=select, ignore=ignore)
    assert {d.code for d in found} == expected


def test_severity_overrides(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": "lint:\n  severity: {VT301: error, VT103: warning}\n",
            "A.md": "---\nx: [\n---\n[[Nope]]\n",
        }
    )
    found = {(d.code, d.severity) for d in lint(Vault.open(root))}
    assert found == {("VT103", Severity.WARNING), ("VT301", Severity.ERROR)}


def test_type_by_folder_and_tag_apply_schemas(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": (
                "types:\n  by_folder: {Interviews: interview}\n  by_tag: {person: candidate}\n"
            ),
            "Interviews/I.md": "---\nrole: DE\n---\n",
            "People/P.md": "---\ntags: [person]\nrole: DE\nlevel: Mid\ndecision: pending\n---\n",
        }
    )
    found = {(d.path, d.message) for d in lint(Vault.open(root))}
    assert ("People/P.md", "missing required property first_contact") in found
    assert ("Interviews/I.md", "missing required property stage") in found
    assert ("Interviews/I.md", "missing section 'Why this role'") not in found  # stage unknown


def test_a_broken_note_never_stops_the_others(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {f"N{i}.md": "---\n: : :\n---\n" for i in range(3)}
    files["Good.md"] = "[[Missing]]\n"
    found = lint(Vault.open(make_vault(files)))
    assert {d.path for d in found} == {"N0.md", "N1.md", "N2.md", "Good.md"}


def test_fixture_files_are_not_read_from_shared_folders() -> None:
    here = Path(__file__).read_text(encoding="utf-8")
    assert "/work/" + "shared" not in here


NOT_BEFORE_THE_INTERVIEW = (
    "notes_written says when you wrote your notes of this interview, which cannot be before it "
    "took place"
)


@pytest.mark.parametrize(
    ("date", "extra", "expected"),
    [
        ("2025-07-01", "notes_written: 2025-06-30T23:00\n",
         {("VT210", 7, "date (2025-07-01) is after notes_written (2025-06-30T23:00): "
                       + NOT_BEFORE_THE_INTERVIEW)}),
        ("2025-07-01", "notes_written: 2025-07-01T00:00\n", set()),  # the same day is fine
        ("2025-07-01", "notes_written: 2025-07-04T10:00\n", set()),
        ("2025-07-01T15:00", "notes_written: 2025-07-01T09:00\n", set()),  # by day, not time
        ("2025-07-02T15:00", "notes_written: 2025-07-01T23:59\n",
         {("VT210", 7, "date (2025-07-02T15:00) is after notes_written (2025-07-01T23:59): "
                       + NOT_BEFORE_THE_INTERVIEW)}),
        # 23:00 UTC on the 1st is 01:00 on the 2nd at +02:00: the interview's day.
        ("2025-07-02T00:30+02:00", "notes_written: 2025-07-01T23:00Z\n", set()),
        ("2025-07-02T10:00+02:00", "notes_written: 2025-07-01T21:00Z\n",
         {("VT210", 7, "date (2025-07-02T10:00+02:00) is after notes_written "
                       "(2025-07-01T21:00+00:00): " + NOT_BEFORE_THE_INTERVIEW)}),
        ("2025-07-02", "notes_written: 2025-07-01T23:00+02:00\n",
         {("VT210", 7, "date (2025-07-02) is after notes_written (2025-07-01T23:00+02:00): "
                       + NOT_BEFORE_THE_INTERVIEW)}),  # as written, when one has no offset
        ("2025-07-01", "notes_written:\n", set()),  # not written yet
        ("2025-07-01", "notes_written: null\n", set()),
        ("2025-07-01", "", set()),
        # Both orders at once: one finding each, on the earlier property's line.
        ("2025-07-03", "notes_written: 2025-07-02T10:00\ndebrief: 2025-07-02T09:00\n"
                       "recommendation: no\n",
         {("VT210", 7, "date (2025-07-03) is after notes_written (2025-07-02T10:00): "
                       + NOT_BEFORE_THE_INTERVIEW),
          ("VT210", 9, "notes_written (2025-07-02T10:00) is after debrief (2025-07-02T09:00): "
                       + INDEPENDENCE)}),
    ],
)  # fmt: skip
def test_notes_are_not_written_before_the_interview_s_day(
    make_vault: MakeVault, date: str, extra: str, expected: set[tuple[str, int, str]]
) -> None:
    text = interview("final", extra).replace("date: 2025-07-01\n", f"date: {date}\n")
    root = make_vault({"Ada.md": CANDIDATE, "I.md": text})
    assert {(d.code, d.line, d.message) for d in lint(Vault.open(root))} == expected


def test_a_note_without_a_date_has_no_chronology_finding(make_vault: MakeVault) -> None:
    text = interview("final", "notes_written: 2020-01-01T10:00\n").replace("date: 2025-07-01\n", "")
    root = make_vault({"Ada.md": CANDIDATE, "I.md": text})
    assert "VT210" not in {d.code for d in lint(Vault.open(root))}


@pytest.mark.parametrize(
    ("frontmatter", "expected"),
    [
        # The link YAML reads as a list in a list, at the key's line, with the quoted form.
        (
            "related: [[Other]]\n",
            [
                (
                    2,
                    "related: [[Other]] is not quoted, so YAML reads it as a list in a list, "
                    'not a link; write related: "[[Other]]"',
                )
            ],
        ),
        (
            "related: [[Other|the other one]]\n",
            [
                (
                    2,
                    "related: [[Other|the other one]] is not quoted, so YAML reads it as a list "
                    'in a list, not a link; write related: "[[Other|the other one]]"',
                )
            ],
        ),
        # Each unquoted item of a list, at the item's line.
        (
            'related:\n  - "[[Fine]]"\n  - [[Other]]\n',
            [
                (
                    4,
                    "related: [[Other]] is not quoted, so YAML reads it as a list in a list, "
                    'not a link; quote the item: "[[Other]]"',
                )
            ],
        ),
        # Quoted links, real nested lists and flow lists of names are not links written bare.
        ('related: "[[Other]]"\n', []),
        ("grid: [[1, 2], [3, 4]]\n", []),
        ("pair: [[a, b]]\n", []),
        ("related: [Other]\n", []),
    ],
)
def test_a_link_written_unquoted_in_any_property_is_reported(
    make_vault: MakeVault, frontmatter: str, expected: list[tuple[int, str]]
) -> None:
    root = make_vault({"N.md": f"---\n{frontmatter}---\nBody.\n", "Other.md": ""})
    found = [(d.line, d.message) for d in lint(Vault.open(root)) if d.code == "VT121"]
    assert found == expected


@pytest.mark.parametrize(
    ("frontmatter", "expected"),
    [
        # YAML reads `#c` as a comment: the item is empty, and the finding says so.
        (
            "tags:\n  - a\n  - #c\n",
            [
                (
                    4,
                    4,
                    "tags: `- #c` is a YAML comment, not a tag (in the properties, write tags "
                    "without #: `- c`)",
                )
            ],
        ),
        ("tags:\n  - a\n  -\n", [(4, 4, "tags: an empty tag (remove it)")]),
        ("tags:\n  - a\n  - # a remark\n", [(4, 4, "tags: an empty tag (remove it)")]),
        # `tags: #foo` is a key without a value: the note has no tags at all.
        (
            "tags: #foo\n",
            [
                (
                    2,
                    7,
                    "tags: #foo is a YAML comment here, so the note has no tags; write `tags: foo`",
                )
            ],
        ),
        (
            "Tags: #hiring #round/2\n",
            [
                (
                    2,
                    7,
                    "Tags: #hiring #round/2 is a YAML comment here, so the note has no tags; "
                    "write `Tags: [hiring, round/2]`",
                )
            ],
        ),
        ("tags: # to do\n", []),
        ("tags: hiring #round\n", []),
        ("title: #foo\n", []),
    ],
)
def test_a_tag_written_as_a_yaml_comment_is_reported(
    make_vault: MakeVault, frontmatter: str, expected: list[tuple[int, int, str]]
) -> None:
    root = make_vault({"N.md": f"---\n{frontmatter}---\nBody.\n"})
    found = [(d.line, d.column, d.message) for d in lint(Vault.open(root)) if d.code == "VT120"]
    assert found == expected


@pytest.mark.parametrize(
    ("frontmatter", "position", "value"),
    [
        # The item that makes it "a list holding a list", not the list's first item.
        ("tags:\n  - a\n  - b\n  - [x]\n", (5, 5), "a list holding a list"),
        ("tags: [a, b, [x], [y]]\n", (2, 14), "a list holding a list"),
        ("people:\n  - a\n  - b: 1\n  - [x]\n", (5, 5), "a list holding a list"),
        ("people:\n  - a\n  - b: 1\n", (4, 5), "a list holding a mapping"),
        ("note:\n  - a\n", (3, 3), "a list"),
    ],
)
def test_a_value_that_does_not_fit_its_type_is_reported_where_it_does_not(
    make_vault: MakeVault, frontmatter: str, position: tuple[int, int], value: str
) -> None:
    root = make_vault(
        {
            ".obsidian/types.json": '{"types": {"people": "multitext", "note": "text"}}',
            "N.md": f"---\n{frontmatter}---\n",
        }
    )
    [found] = [d for d in lint(Vault.open(root)) if d.code == "VT110"]
    assert ((found.line, found.column), found.message.rsplit("its value is ", 1)[1]) == (
        position,
        value,
    )


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        ("2025", "a tag needs at least one non-digit character (try 'y2025')"),
        ("['#1999']", "a tag needs at least one non-digit character (try 'y1999')"),
        ("['123']", "a tag needs at least one non-digit character, such as a letter"),
        ("[ok, 5]", "a tag needs at least one non-digit character, such as a letter"),
        ("['0042']", "a tag needs at least one non-digit character, such as a letter"),
        ("[hiring round]", "a tag cannot contain spaces (use - or _ instead)"),
    ],
)
def test_an_invalid_tag_s_hint_fits_the_tag(make_vault: MakeVault, tags: str, problem: str) -> None:
    root = make_vault({"N.md": f"---\ntags: {tags}\n---\n"})
    [found] = [d for d in lint(Vault.open(root)) if d.code == "VT120"]
    assert found.message.split(": ", 1)[1] == problem


def test_an_unquoted_schema_link_is_reported_once_by_its_schema(make_vault: MakeVault) -> None:
    # The interview schema's `candidate` is a link: VT202 already says to quote it.
    text = interview().replace('candidate: "[[Ada]]"', "candidate: [[Ada]]")
    text = text.replace("{extra}", "").replace("---\n\n## Why", "related: [[Ada]]\n---\n\n## Why")
    found = [
        (d.code, d.line) for d in lint(Vault.open(make_vault({"Ada.md": CANDIDATE, "I.md": text})))
    ]
    assert ("VT202", 3) in found
    assert [entry for entry in found if entry[0] == "VT121"] == [("VT121", 9)]


def test_a_typed_property_holding_unquoted_links_is_only_told_to_quote_them(
    make_vault: MakeVault,
) -> None:
    # `genre` is a list and `related` text in types.json: the values only look wrong because
    # YAML reads an unquoted link as a list. VT121 says to quote it; VT110 would say "a list,
    # but its value is a list".
    root = make_vault(
        {
            ".obsidian/types.json": '{"types": {"genre": "multitext", "related": "text", '
            '"nums": "multitext"}}',
            "M.md": "---\ngenre:\n  - [[Fiction]]\nrelated: [[Other]]\nnums:\n  - a: 1\n---\n",
            "Fiction.md": "",
            "Other.md": "",
        }
    )
    found = [(d.line, d.code, d.message) for d in lint(Vault.open(root))]
    assert [(line, code) for line, code, _ in found] == [(3, "VT121"), (4, "VT121"), (6, "VT110")]
    assert found[2][2] == (
        "'nums' is a list in .obsidian/types.json, but its value is a list holding a mapping"
    )


def test_a_type_written_as_an_unquoted_link_is_only_told_to_quote_it(make_vault: MakeVault) -> None:
    # YAML reads `type: [[Movies]]` as a list in a list: no schema applies, nothing breaks.
    root = make_vault({"M.md": "---\ntype: [[Movies]]\n---\n", "Movies.md": ""})
    assert [(d.path, d.line, d.code) for d in lint(Vault.open(root))] == [("M.md", 2, "VT121")]


# ------------------------------------------------------------------ unfinished logs

UNFINISHED_TECHNICAL = """---
type: interview
candidate: "[[Ada]]"
role: DE
level: Mid
stage: technical
date: 2025-07-01
interviewers: [Maria]
scores:
  competence: 3
  creativity:
  business_sense:
recommendation:
notes_written:
debrief: 2025-07-02T09:00
---

## Competence
Joins and window functions, fluent.

## Creativity

## Business Sense
"""


def test_an_unfinished_log_is_reminded_not_refused(make_vault: MakeVault) -> None:
    root = make_vault({"Ada.md": CANDIDATE, "I.md": UNFINISHED_TECHNICAL})
    found = {(d.code, d.severity.value, d.message) for d in lint(Vault.open(root))}
    assert found == {
        ("VT201", "warning", "recommendation is required but empty (required when debrief is "
         "set) (a warning while the log is unfinished)"),
        ("VT402", "warning", "section 'Creativity' is empty"),
        ("VT402", "warning", "section 'Business Sense' is empty"),
    }  # fmt: skip


def test_a_finished_log_must_be_complete(make_vault: MakeVault) -> None:
    finished = UNFINISHED_TECHNICAL.replace("notes_written:", "notes_written: 2025-07-01T17:00")
    root = make_vault({"Ada.md": CANDIDATE, "I.md": finished})
    found = {(d.code, d.severity.value) for d in lint(Vault.open(root))}
    assert found == {("VT201", "error"), ("VT402", "error")}


def test_only_what_a_finished_log_adds_is_relaxed(make_vault: MakeVault) -> None:
    # Who, what and when are needed from the start: the indexes list the log by them.
    unfinished = UNFINISHED_TECHNICAL.replace("stage: technical\n", "").replace("role: DE\n", "")
    root = make_vault({"Ada.md": CANDIDATE, "I.md": unfinished})
    errors = {d.message for d in lint(Vault.open(root)) if d.severity.value == "error"}
    assert errors == {"missing required property role", "missing required property stage"}


@pytest.mark.parametrize(
    ("today", "notes_written", "expected"),
    [
        ("2025-07-03", "", []),  # two days after: still fresh
        ("2025-07-04", "", [(14, "still unfinished: the interview was on 2025-07-01, more "
                                 "than 2 days ago; write your notes while you remember, then "
                                 "set notes_written (`vault-tools finish`)")]),
        ("2025-09-30", " 2025-07-01T17:00", []),  # finished: never overdue
    ],
)  # fmt: skip
def test_an_unfinished_log_days_after_its_interview_is_a_warning(
    make_vault: MakeVault,
    monkeypatch: pytest.MonkeyPatch,
    today: str,
    notes_written: str,
    expected: list[tuple[int, str]],
) -> None:
    monkeypatch.setattr(rulebook, "current_day", lambda: dt.date.fromisoformat(today))
    log = UNFINISHED_TECHNICAL.replace("notes_written:", "notes_written:" + notes_written)
    root = make_vault({"Ada.md": CANDIDATE, "I.md": log})
    found = [(d.line, d.message) for d in lint(Vault.open(root)) if d.code == "VT212"]
    assert found == expected


def test_a_section_hidden_by_a_code_block_never_closed_says_so(make_vault: MakeVault) -> None:
    # An unclosed ``` turns the rest of the note into code: the section is there to the eye,
    # not to Obsidian. The finding names the fence to close.
    text = case("ready", ("### Think About\n", "```sql\nselect 1\n### Think About\n"))
    closed = case("ready", ("### Think About\n", "```sql\nselect 1\n```\n### Think About\n"))
    found = lint(Vault.open(make_vault({"C.md": text, "D.md": closed})))
    fence = text.splitlines().index("```sql") + 1
    hint = f"its heading is inside the code block opened on line {fence}, which is never closed"
    missing = sorted((d.path, d.message) for d in found if d.code == "VT401")
    assert missing == [
        ("C.md", f"missing section '{name}': {hint} (close it with the same fence)")
        for name in ("For Case Holders", "Think About")  # both after the fence
    ]


@pytest.mark.parametrize(
    ("written", "near"),
    [
        ("Interview", "interview"),
        ("INTERVIEW", "interview"),
        ("interveiw", "interview"),
        ("intervew", "interview"),
        ("Candidat", "candidate"),
        ("[interview]", "interview"),  # a list of one: no type either
        ("[Interview]", "interview"),
        ("[interview, case]", None),
        ("interviews", None),  # a plural may be meant: an overview of interviews
        ("Cases", None),
        ("interviewer", None),  # a longer word: a type of the user's own
        ("caste", None),
        ("candidature", None),
        ("cash", None),  # a short word one letter off: as likely meant as written
        ("book", None),
        ("meeting", None),
        ("cas", None),  # too short to tell a slip from another word
        ("interview-old", None),
        ("Case Study", None),
    ],
)
def test_a_type_nearly_a_schemas_is_reported_and_others_are_not(
    make_vault: MakeVault, written: str, near: str | None
) -> None:
    """`type: Interview` takes a log out of every figure: VT216 says so. A type of the user's
    own (`book`, `meeting`) is no slip and gets nothing."""
    root = make_vault({"N.md": f"---\ntype: {written}\n---\nText.\n"})
    found = [d for d in lint(Vault.open(root)) if d.code == "VT216"]
    if near is None:
        assert found == []
    else:
        assert [(d.line, d.column) for d in found] == [(2, 7)]
        assert f"did you mean {near}?" in found[0].message


@pytest.mark.parametrize(
    ("frontmatter", "near"),
    [
        ("Type: interview", "interview"),
        ("TYPE: Candidat", "candidate"),
        ("Type: [case]", "case"),
        ("Type: meeting", None),  # a type of the user's own, under any key
        ("type: book\nType: interview", None),  # `type:` is there: it is the type
        ("Type: interview\ntype:", "interview"),  # an empty `type:` names none
        ("Type: interview\nTYPE: case", None),  # two such keys: no telling which is meant
    ],
)
def test_the_type_key_in_capitals_is_reported(
    make_vault: MakeVault, frontmatter: str, near: str | None
) -> None:
    """`Type: interview` is no type to Obsidian's or vault-tools' reading of `type`: the log
    would count nowhere. VT216 says which key was meant."""
    root = make_vault({"N.md": f"---\n{frontmatter}\n---\nText.\n"})
    found = [d for d in lint(Vault.open(root)) if d.code == "VT216"]
    if near is None:
        assert found == []
    else:
        assert [(d.line, d.column) for d in found] == [(2, 1)]
        assert "the key is `type`, in lower case" in found[0].message
        assert f"did you mean type: {near}?" in found[0].message


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Ada Lovelce", "Ada Lovelace"),  # a letter dropped
        ("Grace Hopper", None),  # another person: no guess
        ("Ada Lovelacf", "Ada Lovelace"),
    ],
)
def test_a_misspelt_required_link_names_the_note_it_likely_meant(
    make_vault: MakeVault, written: str, meant: str | None
) -> None:
    """`candidate: "[[Ada Lovelce]]"` says which candidate it likely meant; a name close to
    no candidate (a new person) gets no guess."""
    root = make_vault(
        {
            "Ada Lovelace.md": CANDIDATE,
            "Ada Lovelacy.md": "# no candidate: not what a candidate link can mean\n",
            "I.md": interview().replace("[[Ada]]", f"[[{written}]]"),
        }
    )
    found = [d for d in lint(Vault.open(root)) if d.code == "VT306"]
    if meant is None:
        assert [d.message for d in found] == [
            f"candidate: [[{written}]] does not resolve; create the candidate note or fix the link"
        ]
    else:
        assert [d.message for d in found] == [
            f"candidate: [[{written}]] does not resolve (did you mean [[{meant}]]?); create "
            "the candidate note or fix the link"
        ]


@pytest.mark.parametrize("key", ["Tags", "TAGS"])
def test_tags_under_a_capitalised_key_are_checked_as_obsidian_reads_them(
    make_vault: MakeVault, key: str
) -> None:
    """Obsidian reads `Tags:` as the note's tags: lint checks them as it checks `tags:`."""
    root = make_vault({"N.md": f"---\n{key}:\n  - ok\n  - 2025\n  - ok\n---\n"})
    found = [(d.code, d.line) for d in lint(Vault.open(root)) if d.path == "N.md"]
    assert sorted(found) == [("VT120", 4), ("VT122", 5)]


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the local time zone cannot be set here")
@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ("2025-07-02", False),  # today
        ("2025-07-03", True),
        ("2025-07-03T00:30:00+14:00", False),  # 2025-07-02 10:30 here (UTC): it has come
        ("2025-07-02T23:30:00-02:00", True),  # 2025-07-03 01:30 here
        ("'2025-07-03'", True),  # quoted: the same day
    ],
)
def test_a_past_date_after_today_is_reported_by_the_day_here(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, written: str, reported: bool
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        root = make_vault({"Ada.md": CANDIDATE.replace("2025-06-01", written)})
        codes = [d.code for d in lint(Vault.open(root))]
    finally:
        monkeypatch.undo()
        time.tzset()
    assert ("VT217" in codes) == reported, codes


def test_notes_written_after_the_debrief_are_a_warning_so_the_log_can_be_committed(
    make_vault: MakeVault,
) -> None:
    """A true record (the retrospective counts it): the pre-commit hook must still pass."""
    root = make_vault(
        {
            "Ada.md": CANDIDATE,
            "I.md": interview(
                extra="recommendation: yes\nnotes_written: 2025-07-02T10:00\n"
                "debrief: 2025-07-02T09:00\n"
            ),
        }
    )
    found = [d for d in lint(Vault.open(root)) if d.code == "VT210"]
    assert [(d.path, d.line, d.severity) for d in found] == [("I.md", 10, Severity.WARNING)]
    result = CliRunner().invoke(cli, ["lint", str(root)])
    assert result.exit_code == 0, result.output
