"""Problems in plain sight: each generated note lists the notes it left out of a figure or
counted only in part, with the finding, and the watcher logs a changed note's schema errors."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_watch_live import assert_same_as_a_full_run, live_for

import vault_tools.schemas
from vault_tools import generate
from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.generate.incremental import LiveGenerator
from vault_tools.generate.problems import MAX_LINES
from vault_tools.vault import Vault
from vault_tools.watch import PathFilter, log_regeneration

from conftest import MakeVault

FIXTURE = Path(__file__).parent / "fixtures" / "generate" / "vault"
TODAY = dt.date(2025, 12, 1)
ALICE_TECHNICAL = "Hiring/Interviews/2025-07-08 Alice Ng - technical (Jonas).md"
FAY = "Hiring/Interviews/2025-09-10 Fay Ortiz - get-to-know (Priya).md"
Q3 = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
Q3_LOGS = "Hiring/Interviews by quarter/2025-Q3.md"
HUB = "Hiring/Interview Index.md"
PIPELINE = "Hiring/Candidate Pipeline.md"
CASES = "Hiring/Case Index.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(FIXTURE, copy)
    return copy


def edit(root: Path, path: str, old: str, new: str) -> None:
    note = root / path
    text = note.read_text(encoding="utf-8")
    assert old in text, (path, old)
    note.write_text(text.replace(old, new, 1), encoding="utf-8")


def index(root: Path) -> None:
    vault = Vault.open(root)
    generate.apply(vault, generate.plan(vault, today=TODAY))


def section(root: Path, path: str) -> str:
    """The problems section of a generated note, without markdown escapes ("" when none)."""
    text = (root / path).read_text(encoding="utf-8")
    if "## Left out or counted in part" not in text:
        return ""
    start = text.index("## Left out or counted in part")
    return text[start : text.index("%% vault-tools:end", start)].replace("\\", "")


def test_a_clean_vault_lists_nothing(root: Path) -> None:
    index(root)
    generated = [path for path in root.rglob("*.md") if "vault-tools:begin" in path.read_text()]
    assert len(generated) == 9  # the predictive-value note among them
    assert all("## Left out" not in path.read_text() for path in generated)


def test_bad_values_are_listed_with_their_finding_in_the_notes_that_leave_them_out(
    root: Path,
) -> None:
    edit(root, ALICE_TECHNICAL, "creativity: 2", "creativity: 5")
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: stro")
    edit(root, FAY, "date: 2025-09-10", "date: 2025-13-45")
    edit(root, "Hiring/Candidates/Alice Ng.md", "decision: ", "decision: maybe\nwas: ")
    edit(root, "Hiring/Cases/Churn Case.md", "status: ready", "status: finished")
    index(root)

    retro = section(root, Q3)
    assert "1 log counted without the scores that cannot be read:" in retro
    assert f"{ALICE_TECHNICAL}:11 VT204 scores.creativity: 5 is out of range" in retro
    assert "1 log left out of the recommendations:" in retro
    assert f"{ALICE_TECHNICAL}:13 VT203 recommendation: 'stro' is not one of" in retro
    assert "- [[2025-07-08 Alice Ng - technical (Jonas)]]: " in retro
    assert "1 candidate counted without a value that cannot be read:" in retro
    assert "Hiring/Candidates/Alice Ng.md:6 VT203 decision: 'maybe'" in retro
    # The quarter's interviews show the same logs; a log without a date is in no quarter,
    # so the hub lists it.
    assert "1 log counted without the scores that cannot be read:" in section(root, Q3_LOGS)
    assert FAY not in section(root, Q3_LOGS)
    assert "1 log left out of every quarter (no readable date):" in section(root, HUB)
    assert f"{FAY}:7 VT206 date: '2025-13-45' is not a date" in section(root, HUB)
    assert "Alice Ng.md:6 VT203" in section(root, PIPELINE)
    assert "Churn Case.md" in section(root, CASES) and "VT203 status" in section(root, CASES)
    # `retro` writes what `index` wrote: the two never take turns rewriting the note.
    result = CliRunner().invoke(cli, ["retro", str(root), "--quarter", "2025-Q3"])
    assert result.output.startswith(f"unchanged {Q3}"), result.output


def test_the_list_is_bounded(make_vault: MakeVault) -> None:
    logs = {
        f"Logs/{n:02d}.md": (
            f'---\ntype: interview\ncandidate: "[[C{n}]]"\nrole: DE\nlevel: Mid\n'
            "stage: get-to-know\ndate: 2025-07-01\ninterviewers: [Maria]\n"
            "recommendation: maybe\nnotes_written: 2025-07-01T10:00\n---\n"
        )
        for n in range(MAX_LINES + 5)
    }
    candidates = {f"C{n}.md": "---\ntype: candidate\n---\n" for n in range(MAX_LINES + 5)}
    root = make_vault({**logs, **candidates})
    index(root)
    listed = section(root, Q3)
    assert f"{MAX_LINES + 5} logs left out of the recommendations:" in listed
    assert listed.count("\n- ") == MAX_LINES
    assert "And 5 more: `vault-tools lint` lists them." in listed


def test_the_watcher_logs_a_changed_notes_schema_errors(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    live = LiveGenerator(
        Vault.open(root, lean=True),
        ignore=PathFilter(Config.load(root)).ignores,
        today=lambda: TODAY,
    )
    live.regenerate_all()
    edit(root, ALICE_TECHNICAL, "creativity: 2", "creativity: 5")
    result = live.refresh([ALICE_TECHNICAL])
    with caplog.at_level(logging.WARNING, logger="vault_tools"):
        log_regeneration(result)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        message.startswith(f"{ALICE_TECHNICAL}:11:") and "VT204 scores.creativity" in message
        for message in warnings
    ), warnings
    assert "1 log counted without the scores that cannot be read:" in section(root, Q3)
    edit(root, ALICE_TECHNICAL, "creativity: 5", "creativity: 2")
    fixed = live.refresh([ALICE_TECHNICAL])
    # (The log's notes were written after the debrief: a warning, the record of it.)
    assert fixed.invalid == () and section(root, Q3) == ""


def test_an_offer_outcome_that_cannot_be_read_is_listed_in_the_pipeline(root: Path) -> None:
    edit(root, "Hiring/Candidates/Alice Ng.md", "decision: ", "offer_outcome: maybe\ndecision: ")
    index(root)
    pipeline = section(root, PIPELINE)
    assert "1 candidate counted without a value that cannot be read:" in pipeline
    assert "Alice Ng.md:6 VT203 offer_outcome: 'maybe' is not one of" in pipeline


# --------------------------------------------------------------------- notes that cannot be read
BROKEN_LOG = "Hiring/Interviews/2025-09-25 Hal Moe - get-to-know (Priya).md"
HAL_LOG = """---
type: interview
candidate: "[[Hal Moe]]"
role: DE
level: Mid
stage: get-to-know
date: 2025-09-25
interviewers: [Priya Nair, Jonas Berg
recommendation: yes
---

## Why this role
Written in a hurry.
"""


def test_a_hiring_note_whose_yaml_breaks_is_listed_where_it_would_count(root: Path) -> None:
    # A typo in the YAML hides the whole note from every figure: each note that would count
    # it says so, with lint's finding, instead of quietly showing other numbers.
    (root / BROKEN_LOG).write_text(HAL_LOG, encoding="utf-8")
    edit(root, "Hiring/Candidates/Fay Ortiz.md", "role: MLE", "role: [MLE")
    index(root)
    for path in (Q3_LOGS, Q3):
        shown = section(root, path)
        assert "1 log left out: the note's properties cannot be read:" in shown, path
        assert f"[[2025-09-25 Hal Moe - get-to-know (Priya)]]: {BROKEN_LOG}:9 VT103" in shown
    assert "Hal Moe - get-to-know" not in section(root, HUB)  # its quarter's notes say it
    pipeline = section(root, PIPELINE)
    assert "1 candidate left out: the note's properties cannot be read:" in pipeline
    assert "[[Fay Ortiz]]: Hiring/Candidates/Fay Ortiz.md:4 VT103" in pipeline


def test_a_broken_log_without_a_readable_date_is_listed_in_the_hub(root: Path) -> None:
    text = HAL_LOG.replace("date: 2025-09-25", "date: 2025-09-")
    (root / BROKEN_LOG).write_text(text, encoding="utf-8")
    index(root)
    assert "1 log left out: the note's properties cannot be read:" in section(root, HUB)
    assert "Hal Moe - get-to-know" not in section(root, Q3_LOGS)


def test_a_broken_note_that_is_no_hiring_note_is_not_listed(root: Path) -> None:
    (root / "Work" / "Broken.md").write_text("---\ntitle: [oops\n---\nText.\n", "utf-8")
    index(root)
    for path in (HUB, Q3_LOGS, Q3, PIPELINE, CASES):
        assert "Broken" not in section(root, path), path


def test_the_watcher_lists_a_note_that_never_could_be_read_as_index_does(root: Path) -> None:
    live = live_for(root)
    (root / BROKEN_LOG).write_text(HAL_LOG, encoding="utf-8")
    live.refresh([BROKEN_LOG])
    assert "1 log left out: the note's properties cannot be read:" in section(root, Q3_LOGS)
    assert_same_as_a_full_run(root, live)
    edit(root, BROKEN_LOG, "Jonas Berg\n", "Jonas Berg]\n")  # fixed: counted, not listed
    live.refresh([BROKEN_LOG])
    assert "Hal Moe - get-to-know" not in section(root, Q3_LOGS)
    assert_same_as_a_full_run(root, live)


def test_a_log_whose_type_is_a_slip_is_listed_where_it_would_count(root: Path) -> None:
    """`type: Interview` (lint's VT216) takes a log out of every figure; the notes that would
    count it say so, and the watcher lists and unlists it as index does."""
    live = live_for(root)
    text = HAL_LOG.replace("type: interview", "type: Interview").replace(
        "Jonas Berg\n", "Jonas Berg]\n"
    )
    (root / BROKEN_LOG).write_text(text, encoding="utf-8")
    live.refresh([BROKEN_LOG])
    listed = section(root, Q3_LOGS)
    assert "1 log left out: the `type:` is nearly a hiring type, but not quite:" in listed
    assert (
        f"{BROKEN_LOG}:2 VT216 type: Interview is no schema's type: did you mean interview?"
        in listed
    )
    assert_same_as_a_full_run(root, live)
    edit(root, BROKEN_LOG, "type: Interview", "type: [interview]")  # a list: no type either
    live.refresh([BROKEN_LOG])
    assert "VT216 type: [interview] is no schema's type" in section(root, Q3_LOGS)
    assert_same_as_a_full_run(root, live)
    edit(root, BROKEN_LOG, "type: [interview]", "Type: interview")  # the key in capitals
    live.refresh([BROKEN_LOG])
    assert "VT216 Type: interview is no type: the key is `type`" in section(root, Q3_LOGS)
    assert_same_as_a_full_run(root, live)
    edit(root, BROKEN_LOG, "Type: interview", "type: interview")  # fixed: counted, not listed
    live.refresh([BROKEN_LOG])
    assert "Hal Moe - get-to-know" not in section(root, Q3_LOGS)
    assert "Hal Moe" in (root / Q3_LOGS).read_text(encoding="utf-8")
    assert_same_as_a_full_run(root, live)


@pytest.mark.parametrize(
    "settings",
    [
        {".vault-tools/schemas/Interview.yaml": "type: object\n"},  # the vault's own type
        {".vault-tools/config.yaml": 'lint:\n  severity: {VT216: "off"}\n'},
        {".vault-tools/config.yaml": "lint:\n  ignore: [VT216]\n"},
    ],
    ids=["own-schema", "severity-off", "ignored"],
)
def test_a_type_lint_does_not_report_is_not_listed(root: Path, settings: dict[str, str]) -> None:
    """The generated notes list a slip of `type:` as lint reports it: not a type of the
    vault's own schemas, nor when the config turns VT216 off."""
    for path, text in settings.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    text = HAL_LOG.replace("type: interview", "type: Interview").replace(
        "Jonas Berg\n", "Jonas Berg]\n"
    )
    (root / BROKEN_LOG).write_text(text, encoding="utf-8")
    index(root)
    assert "Hal Moe" not in section(root, Q3_LOGS)


def test_a_broken_conflict_copy_of_a_log_is_not_listed(root: Path) -> None:
    # A sync tool's copy is not a second interview: it counts nowhere, broken or not.
    copy = BROKEN_LOG.replace(".md", " (conflicted copy 2025-10-01).md")
    (root / copy).write_text(HAL_LOG, encoding="utf-8")
    index(root)
    assert "conflicted copy" not in section(root, Q3_LOGS)


def test_logs_whose_candidate_link_opens_another_note_are_listed(root: Path) -> None:
    """A note elsewhere with a candidate's name (`Work/Fay Ortiz.md`) takes the logs' links
    (Obsidian opens the shorter path): the pipeline then shows a second Fay without a note.
    The notes that count those logs say so, with lint's VT211, and the watcher agrees."""
    live = live_for(root)
    other = "Work/Fay Ortiz.md"
    (root / other).write_text("---\ntags: [people]\n---\nCoffee chat.\n", encoding="utf-8")
    live.refresh([other])
    assert_same_as_a_full_run(root, live)
    heading = "3 logs counted for a candidate who has no note (the link opens a note that is"
    for path in (PIPELINE, Q3):
        listed = section(root, path)
        assert heading in listed, path
        assert (
            f"[[2025-09-10 Fay Ortiz - get-to-know (Priya)]]: {FAY}:3 VT211 candidate: "
            "[[Fay Ortiz]] points at Work/Fay Ortiz.md (no type)" in listed
        )
    assert "VT211" not in section(root, HUB)
    (root / other).unlink()
    live.refresh([other])
    assert "VT211" not in section(root, PIPELINE)
    assert_same_as_a_full_run(root, live)


def test_a_log_without_a_readable_date_is_listed_in_the_pipeline_that_counts_it(
    root: Path,
) -> None:
    """Fay's technical log dated `20/09/2025` still counts in her stages done, on no day:
    the pipeline says so (the hub too), and the watcher lists and unlists it as index does."""
    live = live_for(root)
    log = "Hiring/Interviews/2025-09-20 Fay Ortiz - technical (Jonas).md"
    edit(root, log, "date: 2025-09-20", "date: 20/09/2025")
    live.refresh([log])
    assert_same_as_a_full_run(root, live)
    listed = section(root, PIPELINE)
    assert "1 log counted in its candidate's stages, but on no day (no readable date):" in listed
    assert f"{log}:" in listed and "VT206 date: '20/09/2025'" in listed
    edit(root, log, "date: 20/09/2025", "date: 2025-09-20")
    live.refresh([log])
    assert "VT206" not in section(root, PIPELINE)
    assert_same_as_a_full_run(root, live)


def test_the_case_index_and_the_predictive_value_list_the_values_they_cannot_read(
    root: Path,
) -> None:
    """A case interview's score of 5 leaves the case's medians without it; a hire's 6-month
    score of 7 leaves the predictive value without it: each note says so, as the quarter's
    notes do, and the watcher lists them as index does."""
    live = live_for(root)
    case_log = "Hiring/Interviews/2025-08-01 Bo Li - case (Maria).md"
    hire = "Hiring/Candidates/Bo Li.md"
    predictive = "Hiring/Retrospectives/Predictive value.md"
    edit(root, case_log, "  technical_depth: 3", "  technical_depth: 5")
    edit(root, hire, "performance_6m: 4", "performance_6m: 7")
    live.refresh([case_log, hire])
    assert_same_as_a_full_run(root, live)
    cases = section(root, CASES)
    assert "1 log counted without the scores that cannot be read:" in cases
    assert f"{case_log}:14 VT204 scores.technical_depth: 5 is out of range" in cases
    listed = section(root, predictive)
    assert f"{case_log}:14 VT204 scores.technical_depth: 5" in listed  # Bo Li is a hire
    assert "1 candidate counted without a value that cannot be read:" in listed
    assert f"{hire}:10 VT204 performance_6m: 7 is out of range" in listed
    edit(root, hire, "performance_6m: 7", "performance_6m: 8")  # as unreadable: named anew
    live.refresh([hire])
    assert "performance_6m: 8 is out of range" in section(root, predictive)
    assert_same_as_a_full_run(root, live)


def test_a_slip_of_type_in_a_folder_that_types_its_notes_is_counted_not_listed(
    root: Path,
) -> None:
    """With `types.by_folder`, the folder gives a log its type: `Type: Interview` there is
    counted (lint checks it as a log too), so no note lists it as left out."""
    config = root / ".vault-tools" / "config.yaml"
    config.parent.mkdir(exist_ok=True)
    config.write_text('types:\n  by_folder:\n    "Hiring/Interviews": interview\n', "utf-8")
    edit(root, FAY, "type: interview", "Type: Interview")
    index(root)
    assert "VT216" not in section(root, Q3_LOGS)
    assert "Fay Ortiz - get-to-know" in (root / Q3_LOGS).read_text(encoding="utf-8")


def test_a_value_in_another_case_is_counted_as_meant_and_listed_with_lints_finding(
    root: Path,
) -> None:
    """`recommendation: YES` counts as yes, as `stage: Technical` counts as technical; lint
    calls both errors (VT203, which `fix` mends), so the notes that count them say so."""
    live = live_for(root)
    before = (root / Q3).read_text(encoding="utf-8")
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: NO")
    edit(root, "Hiring/Candidates/Alice Ng.md", "decision: rejected", "decision: Rejected")
    live.refresh([ALICE_TECHNICAL, "Hiring/Candidates/Alice Ng.md"])
    assert_same_as_a_full_run(root, live)
    heading = "counted as the allowed value it is but for its letters' case"
    retro = section(root, Q3)
    assert f"1 log {heading} (`vault-tools fix` writes it so):" in retro
    assert f"{ALICE_TECHNICAL}:13 VT203 recommendation: 'NO' is not one of" in retro
    assert f"1 candidate {heading}" in retro
    assert "Alice Ng.md:6 VT203 decision: 'Rejected'" in section(root, PIPELINE)
    # The figures are those of the values as meant: only the section is new.
    figures = (root / Q3).read_text(encoding="utf-8").split("## Left out")[0]
    assert figures == before.split("%% vault-tools:end")[0]
    # Fixed, the section goes.
    result = CliRunner().invoke(cli, ["fix", str(root)])
    assert result.exit_code in (0, 1), result.output
    live.refresh([ALICE_TECHNICAL, "Hiring/Candidates/Alice Ng.md"])
    assert section(root, Q3) == "" and section(root, PIPELINE) == ""
    assert_same_as_a_full_run(root, live)


def test_a_value_a_vaults_own_schema_allows_is_not_listed(root: Path) -> None:
    builtin = Path(vault_tools.schemas.__file__).parent / "interview.yaml"
    text = builtin.read_text(encoding="utf-8")
    allowed = "enum: [strong-no, no, yes, strong-yes]"
    assert text.count(allowed) == 1
    schema = root / ".vault-tools" / "schemas" / "interview.yaml"  # replaces the built-in one
    schema.parent.mkdir(parents=True, exist_ok=True)
    schema.write_text(text.replace(allowed, "type: string"), encoding="utf-8")
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: NO")
    result = CliRunner().invoke(cli, ["lint", str(root), "--select", "VT203"])
    assert result.exit_code == 0 and "VT203" not in result.output, result.output
    index(root)
    assert section(root, Q3) == ""
    # With the built-in schema it is listed: the vault's own schema is what took it off.
    schema.unlink()
    index(root)
    assert "recommendation: 'NO' is not one of" in section(root, Q3)


def test_the_predictive_value_lists_a_hires_recased_recommendation(root: Path) -> None:
    hire = "Hiring/Interviews/2025-08-01 Bo Li - case (Maria).md"  # Bo Li was hired
    text = (root / hire).read_text(encoding="utf-8")
    recommendation = next(line for line in text.splitlines() if line.startswith("recommendation: "))
    edit(
        root,
        hire,
        recommendation,
        recommendation.upper().replace("RECOMMENDATION", "recommendation"),
    )
    index(root)
    listed = section(root, "Hiring/Retrospectives/Predictive value.md")
    assert "counted as the allowed value it is but for its letters' case" in listed
    assert f"{hire}:" in listed and "VT203 recommendation:" in listed


def test_two_logs_of_one_interview_with_one_author_are_listed_in_the_retrospective(
    root: Path,
) -> None:
    """Jonas's log listing Maria first (copied from hers) counts as Maria's in calibration
    and workload: the retrospective names both logs, and the watcher does as index does."""
    live = live_for(root)
    jonas = ALICE_TECHNICAL
    maria = "Hiring/Interviews/2025-07-08 Alice Ng - technical (Maria).md"
    edit(
        root,
        jonas,
        "interviewers: [Jonas Berg, Maria Svensson]",
        "interviewers: [Maria Svensson, Jonas Berg]",
    )
    live.refresh([jonas])
    assert_same_as_a_full_run(root, live)
    retro = section(root, Q3)
    assert "2 logs counted as the same interviewer's as another log of the interview" in retro
    assert (
        f"{jonas}:8 interviewers: Maria Svensson is listed first here and in "
        "2025-07-08 Alice Ng - technical (Maria): whose log is it?"
    ) in retro
    assert f"{maria}:8 interviewers: Maria Svensson is listed first here" in retro
    assert section(root, Q3_LOGS) == ""  # the quarter's rows show each log as it is
    edit(
        root,
        jonas,
        "interviewers: [Maria Svensson, Jonas Berg]",
        "interviewers: [Jonas Berg, Maria Svensson]",
    )
    live.refresh([jonas])
    assert section(root, Q3) == ""
    assert_same_as_a_full_run(root, live)
