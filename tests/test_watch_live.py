"""LiveGenerator: incremental regeneration gives what a full `vault-tools index` gives, while
re-reading only what changed, never writing what did not, and never reacting to itself."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from vault_tools import generate
from vault_tools.config import Config
from vault_tools.generate.incremental import SECTION_CACHE_BOUND, LiveGenerator, Regeneration
from vault_tools.hiring import load_hiring
from vault_tools.vault import Vault
from vault_tools.watch import PathFilter
from vault_tools.writer import WriteStatus

FIXTURE = Path(__file__).parent / "fixtures" / "generate" / "vault"
INTERVIEWS = "Hiring/Interviews"
ALICE_TECHNICAL = f"{INTERVIEWS}/2025-07-08 Alice Ng - technical (Jonas).md"
INTERVIEW_INDEX = "Hiring/Interview Index.md"
PIPELINE = "Hiring/Candidate Pipeline.md"
CASE_INDEX = "Hiring/Case Index.md"
Q2 = "Hiring/Retrospectives/2025-Q2 Interview Retrospective.md"
PREDICTIVE_VALUE = "Hiring/Retrospectives/Predictive value.md"
Q3 = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
Q4 = "Hiring/Retrospectives/2025-Q4 Interview Retrospective.md"
Q2_LOGS = "Hiring/Interviews by quarter/2025-Q2.md"
Q3_LOGS = "Hiring/Interviews by quarter/2025-Q3.md"
Q4_LOGS = "Hiring/Interviews by quarter/2025-Q4.md"
ARCHIVE_2025 = "Hiring/Candidates by year/2025.md"
# The pipeline keeps who was decided since 2025-07-01; Gus Berg (hired in May) is archived.
TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(FIXTURE, copy)
    return copy


def live_for(root: Path) -> LiveGenerator:
    live = LiveGenerator(
        Vault.open(root, lean=True),
        ignore=PathFilter(Config.load(root)).ignores,
        today=lambda: TODAY,
    )
    live.regenerate_all()
    return live


def interview_rows(root: Path) -> str:
    """The hub and every quarter's interview note, as one text."""
    notes = [root / INTERVIEW_INDEX, *sorted((root / Q3_LOGS).parent.glob("*.md"))]
    return "".join(note.read_text(encoding="utf-8") for note in notes)


@pytest.fixture
def live(root: Path) -> LiveGenerator:
    return live_for(root)


def written(result: Regeneration) -> list[str]:
    return sorted(outcome.path for outcome in result.written)


def assert_same_as_a_full_run(root: Path, live: LiveGenerator | None = None) -> None:
    """A fresh, full read of the vault would write nothing: the watcher is exactly up to date
    (and holds the same hiring values, indexes included, as a fresh read)."""
    vault = Vault.open(root)
    today = live.today() if live is not None else TODAY
    outcomes = generate.apply(vault, generate.plan(vault, today=today))
    assert {o.path: o.status for o in outcomes if o.status is not WriteStatus.UNCHANGED} == {}
    if live is not None:
        fresh, kept = load_hiring(vault, today), live.hiring
        assert kept == fresh
        assert list(kept.candidates) == list(fresh.candidates)  # the order counts too
        assert list(kept.cases) == list(fresh.cases)
        assert kept.quarters() == fresh.quarters()
        for quarter in fresh.quarters():
            assert kept.interviews_in(quarter) == fresh.interviews_in(quarter)
        people = {log.candidate.key for log in fresh.interviews if log.candidate}
        for key in people | {log.candidate.key for log in kept.interviews if log.candidate}:
            assert kept.interviews_of(key) == fresh.interviews_of(key)
        assert kept.progress == fresh.progress
        # In the same order: retrospectives iterate over it.
        assert list(kept.progress_by_key.items()) == list(fresh.progress_by_key.items())
        assert kept.interviews_by_case == fresh.interviews_by_case
        assert kept.undated_interviews == fresh.undated_interviews


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def save_by_rename(root: Path, path: str, text: str) -> None:
    """How many editors save: a temp file next to the note, then a rename over it."""
    temporary = root / (path + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, root / path)


INTERVIEW = """---
type: interview
candidate: "[[{candidate}]]"
role: DE
level: Mid
stage: get-to-know
date: {date}
interviewers: [Maria Svensson]
recommendation: yes
---

## Why this role
Fixture.
"""


# ---------------------------------------------------------------------------------- basics
def test_starting_brings_every_generated_note_up_to_date(root: Path) -> None:
    live = LiveGenerator(Vault.open(root, lean=True), today=lambda: TODAY)
    result = live.regenerate_all()
    assert written(result) == sorted(
        [
            CASE_INDEX,
            PIPELINE,
            ARCHIVE_2025,
            INTERVIEW_INDEX,
            Q2_LOGS,
            Q3_LOGS,
            Q2,
            Q3,
            "Hiring/Retrospectives/Predictive value.md",
        ]
    )
    assert_same_as_a_full_run(root, live)
    assert written(live.regenerate_all()) == []  # and a second time writes nothing


def test_an_edit_rewrites_what_reads_the_note_and_nothing_else(
    root: Path, live: LiveGenerator
) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: strong-yes")
    result = live.refresh([ALICE_TECHNICAL])
    assert result.changed == (ALICE_TECHNICAL,)
    # Its quarter's note, the pipeline (Alice's latest recommendations) and the Q3 figures;
    # not the hub (no count changed), not Q2 (an earlier quarter cannot read a Q3 log).
    assert result.planned == tuple(sorted([PIPELINE, Q3_LOGS, Q3]))
    assert written(result) == sorted([PIPELINE, Q3_LOGS, Q3])
    assert_same_as_a_full_run(root, live)


@pytest.mark.parametrize(
    ("log", "old", "new", "rewritten"),
    [
        # Alice's get-to-know is not her last interview: her pipeline row does not show it.
        ("2025-07-01 Alice Ng - get-to-know (Maria)", "yes", "strong-yes", [Q3_LOGS, Q3]),
        # A case log: the case index shows its recommendation too.
        ("2025-08-01 Bo Li - case (Maria)", "yes", "strong-no", [CASE_INDEX, Q3_LOGS, Q3]),
        # Gus Berg was decided before the pipeline's two quarters: his row is in 2025's note.
        (
            "2025-05-10 Gus Berg - technical (Maria)",
            "strong-yes",
            "yes",
            [ARCHIVE_2025, Q2_LOGS, Q2],
        ),
    ],
)
def test_a_changed_log_rewrites_exactly_the_notes_that_show_it(
    root: Path, live: LiveGenerator, log: str, old: str, new: str, rewritten: list[str]
) -> None:
    path = f"{INTERVIEWS}/{log}.md"
    edit(root, path, f"recommendation: {old}\n", f"recommendation: {new}\n")
    result = live.refresh([path])
    # Never the hub: no count changed. A hire's log (Bo Li, Gus Berg) is looked at by the
    # predictive-value note too, for the values it lists as left out; its figures did not
    # change, so it is not written.
    hire = "Bo Li" in log or "Gus Berg" in log
    looked_at = [*rewritten, PREDICTIVE_VALUE] if hire else rewritten
    assert result.planned == tuple(sorted(looked_at))
    assert written(result) == sorted(rewritten)
    assert_same_as_a_full_run(root, live)


def test_a_new_log_rewrites_the_hub_because_a_count_changed(
    root: Path, live: LiveGenerator
) -> None:
    path = f"{INTERVIEWS}/2025-09-01 Alice Ng - final (Maria).md"
    (root / path).write_text(INTERVIEW.format(candidate="Alice Ng", date="2025-09-01"))
    result = live.refresh([path])
    assert {INTERVIEW_INDEX, Q3_LOGS} <= set(written(result))
    assert Q2_LOGS not in result.planned and CASE_INDEX not in result.planned
    hub = (root / INTERVIEW_INDEX).read_text(encoding="utf-8")
    assert "| [[Hiring/Interviews by quarter/2025-Q3\\|2025-Q3]] | 14 | 10 | 4 |" in hub
    assert_same_as_a_full_run(root, live)


def test_a_new_quarter_moves_the_decided_to_their_years_note_and_nothing_else(
    root: Path, live: LiveGenerator
) -> None:
    days = iter([dt.date(2025, 12, 31), dt.date(2025, 12, 31), dt.date(2026, 1, 1)])
    live.today = lambda: next(days)
    # The last day of the quarter: only the days waiting in the pipeline, once that day.
    assert written(live.rescan()) == [PIPELINE]
    assert live.rescan().planned == ()
    result = live.rescan()  # the first day of the next: Alice and Bo were decided in Q3
    assert written(result) == sorted([ARCHIVE_2025, PIPELINE])
    archive = (root / ARCHIVE_2025).read_text(encoding="utf-8")
    assert "Alice Ng" in archive and "Bo Li" in archive and "Gus Berg" in archive
    pipeline = (root / PIPELINE).read_text(encoding="utf-8")
    assert "Decided earlier, by year: [[Hiring/Candidates by year/2025|2025]] (3)" in (pipeline)
    live.today = lambda: dt.date(2026, 2, 1)
    # For the rest of the quarter, only the days waiting: the archive stays as it is.
    assert live.rescan().planned == (PIPELINE,)
    assert live.rescan().planned == ()


def test_an_ordinary_note_regenerates_nothing(root: Path, live: LiveGenerator) -> None:
    edit(root, "Work/Notes.md", "", "More text.\n")
    result = live.refresh(["Work/Notes.md"])
    assert result.changed == ("Work/Notes.md",)
    assert result.planned == () and result.outcomes == ()


def test_unchanged_output_is_not_written(root: Path, live: LiveGenerator) -> None:
    edit(root, ALICE_TECHNICAL, "Fixture log.", "Fixture log, longer now.")  # body only
    result = live.refresh([ALICE_TECHNICAL])
    assert result.planned  # the log is an input ...
    assert written(result) == []  # ... but nothing the generators show changed
    assert all(outcome.status is WriteStatus.UNCHANGED for outcome in result.outcomes)


# ---------------------------------------------------------------------------------- quarters
def test_a_log_moved_to_another_quarter_refreshes_both(root: Path, live: LiveGenerator) -> None:
    edit(root, ALICE_TECHNICAL, "date: 2025-07-08", "date: 2025-06-28")
    result = live.refresh([ALICE_TECHNICAL])
    assert {Q2, Q3, Q2_LOGS, Q3_LOGS, INTERVIEW_INDEX} <= set(written(result))
    link = "[[" + ALICE_TECHNICAL.rsplit("/", 1)[1].removesuffix(".md")
    assert link in (root / Q2_LOGS).read_text(encoding="utf-8")
    assert link not in (root / Q3_LOGS).read_text(encoding="utf-8")
    assert_same_as_a_full_run(root, live)


def test_a_retrospective_appears_for_a_quarter_with_its_first_log(
    root: Path, live: LiveGenerator
) -> None:
    path = f"{INTERVIEWS}/2025-10-02 Alice Ng - get-to-know (Maria).md"
    (root / path).write_text(INTERVIEW.format(candidate="Alice Ng", date="2025-10-02"))
    result = live.refresh([path])
    assert Q4 in written(result)
    assert (root / Q4).exists()
    assert_same_as_a_full_run(root, live)


def test_a_quarter_that_loses_its_last_log_gets_no_new_note_but_an_honest_one(
    root: Path, live: LiveGenerator
) -> None:
    path = f"{INTERVIEWS}/2025-10-02 Alice Ng - get-to-know (Maria).md"
    (root / path).write_text(INTERVIEW.format(candidate="Alice Ng", date="2025-10-02"))
    live.refresh([path])
    assert "0 interviews" not in (root / Q4).read_text()
    edit(root, path, "date: 2025-10-02", "date: 2025-09-30")
    result = live.refresh([path])
    assert Q4 in written(result)  # existing note: says the quarter has no logs now
    assert "No interview logs are dated 2025-10-01 to 2025-12-31." in (root / Q4).read_text()
    assert Q4_LOGS in written(result)  # and so does its interviews note, kept
    assert "No interview held in 2025-Q4 any more" in (root / Q4_LOGS).read_text()
    assert "2025-Q4" not in (root / INTERVIEW_INDEX).read_text()  # the hub has no line for it
    (root / Q4).unlink()
    assert Q4 not in live.refresh([Q4]).planned  # and a quiet quarter is never created
    assert not (root / Q4).exists()


def test_index_also_refreshes_the_note_of_a_quarter_that_lost_its_last_log(root: Path) -> None:
    def index() -> list[str]:
        vault = Vault.open(root)
        return [
            o.path for o in generate.apply(vault, generate.plan(vault, today=TODAY)) if o.written
        ]

    path = f"{INTERVIEWS}/2025-10-02 Alice Ng - get-to-know (Maria).md"
    (root / path).write_text(INTERVIEW.format(candidate="Alice Ng", date="2025-10-02"))
    assert Q4 in index()
    edit(root, path, "date: 2025-10-02", "date: 2025-09-30")  # a mistyped date, fixed
    assert {Q4, Q4_LOGS} <= set(index())
    assert "No interview held in 2025-Q4 any more" in (root / Q4_LOGS).read_text()
    assert "No interview logs are dated 2025-10-01 to 2025-12-31." in (root / Q4).read_text()
    assert index() == []  # and then it stays put
    live = live_for(root)  # the watcher starting on it agrees
    assert live.regenerate_all().written == ()


# ---------------------------------------------------------------------------------- files
def test_create_by_temp_file_and_rename(root: Path, live: LiveGenerator) -> None:
    path = f"{INTERVIEWS}/2025-09-01 Hal Moe - get-to-know (Maria).md"
    save_by_rename(root, path, INTERVIEW.format(candidate="Hal Moe", date="2025-09-01"))
    result = live.refresh([path + ".tmp", path])  # the events a rename save causes
    assert result.changed == (path,)
    assert "Hal Moe" in interview_rows(root)
    assert_same_as_a_full_run(root, live)


def test_a_deleted_log_disappears(root: Path, live: LiveGenerator) -> None:
    assert "technical (Jonas)" in interview_rows(root)
    (root / ALICE_TECHNICAL).unlink()
    result = live.refresh([ALICE_TECHNICAL])
    assert result.changed == (ALICE_TECHNICAL,)
    assert ALICE_TECHNICAL.removesuffix(".md") not in interview_rows(root)
    assert_same_as_a_full_run(root, live)


def test_a_moved_note_is_removed_and_added(root: Path, live: LiveGenerator) -> None:
    target = f"{INTERVIEWS}/2025-07-08 Alice Ng - technical (Jonas Berg).md"
    os.replace(root / ALICE_TECHNICAL, root / target)
    result = live.refresh([ALICE_TECHNICAL, target])
    assert set(result.changed) == {ALICE_TECHNICAL, target}
    assert "technical (Jonas Berg)" in interview_rows(root)
    assert_same_as_a_full_run(root, live)


def test_a_long_run_of_renames_does_not_grow_the_watchers_memory(
    root: Path, live: LiveGenerator
) -> None:
    # Each rename leaves a rendered row behind under the old name: a watcher left running
    # for months must not keep them all.
    current = ALICE_TECHNICAL
    records = len(live.hiring.inputs)
    bound = SECTION_CACHE_BOUND * (records + 100) + 50  # + what one change renders
    for number in range(SECTION_CACHE_BOUND * (records + 100) + 20):
        target = f"{INTERVIEWS}/2025-07-08 Alice Ng - technical ({number}).md"
        os.replace(root / current, root / target)
        live.refresh([current, target])
        current = target
        assert len(live._sections) <= bound
    assert "technical (" in interview_rows(root)
    assert_same_as_a_full_run(root, live)


def test_a_moved_folder_is_forgotten_and_scanned_again(root: Path, live: LiveGenerator) -> None:
    os.replace(root / INTERVIEWS, root / "Hiring/Logs")
    result = live.refresh([], folders=[INTERVIEWS, "Hiring/Logs"])
    assert len(result.changed) == 2 * 16  # every log gone from one place, new in the other
    # Each row links its log by name, which the move left as it was: the link opens the log
    # in its new folder.
    assert "[[2025-07-08 Alice Ng - technical (Jonas)" in interview_rows(root)
    assert_same_as_a_full_run(root, live)


def test_a_deleted_folder_takes_its_notes_along(root: Path, live: LiveGenerator) -> None:
    shutil.rmtree(root / "Hiring/Candidates")
    result = live.refresh([], folders=["Hiring/Candidates"])
    assert len(result.changed) == 6
    assert_same_as_a_full_run(root, live)


def test_a_new_candidate_note_makes_existing_links_resolve(root: Path, live: LiveGenerator) -> None:
    path = f"{INTERVIEWS}/2025-09-01 Zed Ward - get-to-know (Maria).md"
    (root / path).write_text(INTERVIEW.format(candidate="Zed Ward", date="2025-09-01"))
    live.refresh([path])
    assert "[[Zed Ward" not in (root / PIPELINE).read_text()
    candidate = "Hiring/Candidates/Zed Ward.md"
    (root / candidate).write_text("---\ntype: candidate\nrole: DE\ndecision: pending\n---\n")
    live.refresh([candidate])
    assert "[[Zed Ward]]" in (root / PIPELINE).read_text()
    assert_same_as_a_full_run(root, live)


def test_sync_conflict_copies_are_not_counted(root: Path, live: LiveGenerator) -> None:
    copy = ALICE_TECHNICAL.replace(".md", " (Jonas's conflicted copy 2025-07-09).md")
    shutil.copy(root / ALICE_TECHNICAL, root / copy)
    result = live.refresh([copy])
    assert result.changed == () and result.planned == ()
    assert "conflicted copy" not in interview_rows(root)
    assert_same_as_a_full_run(root, live)  # `index` leaves it out too: no churn between them


def test_a_conflict_copy_present_at_start_is_not_counted_either(root: Path) -> None:
    copy = ALICE_TECHNICAL.replace(".md", ".sync-conflict-20250709-101010-ABCDEFG.md")
    shutil.copy(root / ALICE_TECHNICAL, root / copy)
    live = live_for(root)
    assert "sync-conflict" not in interview_rows(root)
    assert_same_as_a_full_run(root, live)
    assert not any("sync-conflict" in log.path for log in load_hiring(Vault.open(root)).interviews)


# ---------------------------------------------------------------------------------- loops
def test_its_own_writes_are_not_changes(root: Path, live: LiveGenerator) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    first = live.refresh([ALICE_TECHNICAL])
    assert first.written
    echo = live.refresh([outcome.path for outcome in first.outcomes])  # the events it caused
    assert echo == Regeneration(seconds=echo.seconds)


def test_someone_elses_edit_of_a_generated_block_is_put_back(
    root: Path, live: LiveGenerator
) -> None:
    index = root / Q3_LOGS
    original = index.read_text()
    tampered = original.replace("| 2025-07-08 |", "| 1999-01-01 |", 1) + "\nMy own line.\n"
    index.write_text(tampered)
    result = live.refresh([Q3_LOGS])
    assert written(result) == [Q3_LOGS]
    assert index.read_text() == original + "\nMy own line.\n"  # user text outside: kept


def test_a_note_changed_since_it_was_written_is_read_afresh_when_rewritten(
    root: Path, live: LiveGenerator
) -> None:
    # The watcher puts new blocks into the bytes it wrote last time; a note edited since (no
    # event seen: an editor that kept it open, a sync) must be read as it is now instead.
    retrospective = root / Q3
    text = retrospective.read_text(encoding="utf-8")
    retrospective.write_bytes(f"Zoë's note\r\n{text}\nWe were too slow.\n".encode())
    edit(root, ALICE_TECHNICAL, "recommendation: no\n", "recommendation: strong-yes\n")
    result = live.refresh([ALICE_TECHNICAL])
    assert Q3 in written(result)
    after = retrospective.read_bytes().decode("utf-8")
    assert after.startswith("Zoë's note\r\n")
    assert after.endswith("\nWe were too slow.\n")
    assert after != f"Zoë's note\r\n{text}\nWe were too slow.\n"  # the block is new
    assert_same_as_a_full_run(root, live)


def test_a_broken_note_is_skipped_until_fixed_and_its_last_version_still_counts(
    root: Path, live: LiveGenerator
) -> None:
    before = {path: (root / path).read_bytes() for path in (Q3_LOGS, PIPELINE, Q3)}
    good = (root / ALICE_TECHNICAL).read_text()
    (root / ALICE_TECHNICAL).write_text(good.replace("stage: technical", "stage: [technical"))
    result = live.refresh([ALICE_TECHNICAL])
    assert [problem.code for problem in result.broken] == ["VT103"]
    assert result.broken[0].path == ALICE_TECHNICAL
    # No flapping: the last good version still counts, and the notes it feeds say so.
    assert written(result) == [Q3_LOGS, Q3]
    assert (root / PIPELINE).read_bytes() == before[PIPELINE]
    for path in (Q3_LOGS, Q3):
        text = (root / path).read_text()
        assert "1 log still counted with its last good version" in text
        assert f"{ALICE_TECHNICAL}:7 VT103" in text.replace("\\", "")
        start = text.index("\n\n## Left out")
        without = text[:start] + text[text.index("\n\n%% vault-tools:end", start) :]
        assert without == before[path].decode()
    half_written = good[: good.index("interviewers")]  # a sync that stopped half-way
    (root / ALICE_TECHNICAL).write_text(half_written)
    assert [p.code for p in live.refresh([ALICE_TECHNICAL]).broken] == ["VT102"]
    (root / ALICE_TECHNICAL).write_text(good.replace("recommendation: no", "recommendation: yes"))
    fixed = live.refresh([ALICE_TECHNICAL])
    assert fixed.broken == () and Q3_LOGS in written(fixed)
    assert "## Left out" not in (root / Q3).read_text()
    assert_same_as_a_full_run(root, live)


def test_candidate_and_case_edits_keep_the_hiring_values_exact(
    root: Path, live: LiveGenerator
) -> None:
    edit(root, "Hiring/Candidates/Bo Li.md", "decision: hired", "decision: offer")
    live.refresh(["Hiring/Candidates/Bo Li.md"])
    assert_same_as_a_full_run(root, live)
    edit(root, "Hiring/Cases/Churn Case.md", "status: ready", "status: retired")
    live.refresh(["Hiring/Cases/Churn Case.md"])
    assert_same_as_a_full_run(root, live)
    (root / "Hiring/Candidates/Aaron Abel.md").write_text("---\ntype: candidate\n---\n")
    live.refresh(["Hiring/Candidates/Aaron Abel.md"])  # sorts first: the order must follow
    assert_same_as_a_full_run(root, live)


def test_a_rescan_finds_changes_no_event_reported(root: Path, live: LiveGenerator) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: strong-no")
    (root / "Hiring/Candidates/Bo Li.md").unlink()
    result = live.rescan()
    assert set(result.changed) == {ALICE_TECHNICAL, "Hiring/Candidates/Bo Li.md"}
    assert_same_as_a_full_run(root, live)
    assert live.rescan().changed == ()  # and the vault is in step again


def test_a_cancelled_refresh_stops_before_the_next_write(root: Path, live: LiveGenerator) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    live.cancel()
    result = live.refresh([ALICE_TECHNICAL])
    assert result.cancelled and result.outcomes == ()


def test_what_it_wrote_is_remembered_until_someone_else_writes(
    root: Path, live: LiveGenerator
) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    live.refresh([ALICE_TECHNICAL])
    assert live.is_own_write(Q3_LOGS)
    assert not live.is_own_write(ALICE_TECHNICAL)  # not ours
    with (root / Q3_LOGS).open("a", encoding="utf-8") as handle:
        handle.write("\nA line of my own.\n")
    assert not live.is_own_write(Q3_LOGS)


# ---------------------------------------------------------------------------------- lean
LINT_FIXTURE = Path(__file__).parent / "fixtures" / "lint" / "vault"


@pytest.mark.parametrize("folder", [FIXTURE, LINT_FIXTURE], ids=["generate", "lint"])
def test_a_lean_vault_reads_the_same_properties_and_frontmatter_problems(folder: Path) -> None:
    full, lean = Vault.open(folder), Vault.open(folder, lean=True)
    assert lean.notes.keys() == full.notes.keys()
    for path, note in full.notes.items():
        thin = lean.notes[path]
        assert (thin.properties, thin.frontmatter_valid) == (
            note.properties,
            note.frontmatter_valid,
        )
        assert lean.note_type(thin) == full.note_type(note)
        frontmatter_problems = [p for p in note.problems if p.line < note.body_line or p.line == 1]
        assert [p.code for p in thin.problems] == [p.code for p in frontmatter_problems], path
        assert thin.links == tuple(link for link in note.links if link.line < note.body_line)


@pytest.mark.parametrize(
    "data",
    [
        b"---\ntype: interview\n---\nbody [[link]]\n",
        b"\xef\xbb\xbf---\r\ntype: case\r\n...\r\nbody\r\n",
        b"---\ntype: interview\nno closing fence\n",
        b"---\rtype: interview\r---\rbody\r",  # lone CRs: read whole, never cut wrong
        b"---   \ntitle: x\n---  \n",
        b"no frontmatter\n---\ntype: interview\n---\n",
        b"----\ntype: x\n---\n",
        b"",
    ],
)
def test_lean_reading_agrees_with_a_full_read_on_odd_frontmatter(
    tmp_path: Path, data: bytes
) -> None:
    (tmp_path / "Note.md").write_bytes(data)
    full, lean = (
        Vault.open(tmp_path).notes["Note.md"],
        Vault.open(tmp_path, lean=True).notes["Note.md"],
    )
    assert (lean.properties, lean.frontmatter_valid, lean.has_frontmatter) == (
        full.properties,
        full.frontmatter_valid,
        full.has_frontmatter,
    )
    assert [p.code for p in lean.problems] == [p.code for p in full.problems]


def test_a_quarter_left_without_logs_keeps_being_refreshed(root: Path, live: LiveGenerator) -> None:
    # Its retrospective still says who was waiting on us when the quarter began; an index
    # run refreshes it on every run, and so must the watcher, long after its logs left.
    edit(root, ALICE_TECHNICAL, "date: 2025-07-08", "date: 2025-10-10")
    live.refresh([ALICE_TECHNICAL])
    edit(root, ALICE_TECHNICAL, "date: 2025-10-10", "date: 2025-07-08")
    live.refresh([ALICE_TECHNICAL])
    q1 = Q4
    assert "Still waiting on us" in (root / q1).read_text(encoding="utf-8")
    assert_same_as_a_full_run(root, live)
    fay = "Hiring/Candidates/Fay Ortiz.md"
    edit(root, fay, "decision: pending", "decision: rejected")
    edit(root, fay, "decision_date: ", "decision_date: 2025-10-01")
    edit(root, fay, "notified: ", "notified: 2025-10-02")
    live.refresh([fay])
    assert (
        "Fay Ortiz" not in (root / q1).read_text(encoding="utf-8").split("Still waiting")[1][:300]
    )
    assert_same_as_a_full_run(root, live)


def test_a_planned_interview_is_counted_from_its_day_on(root: Path) -> None:
    # A log written ahead (dated after today) is listed in the pipeline as planned and counted
    # nowhere; on its day the watcher counts it everywhere, as `index` on that day does.
    days = [TODAY]
    live = LiveGenerator(
        Vault.open(root, lean=True),
        ignore=PathFilter(Config.load(root)).ignores,
        today=lambda: days[0],
    )
    live.regenerate_all()
    assert not (root / Q4_LOGS).exists()  # no interview held in 2025-Q4 yet
    planned = f"{INTERVIEWS}/2025-12-05 Hal Moe - technical (Maria).md"
    (root / planned).write_text(
        INTERVIEW.format(candidate="Hal Moe", date="2025-12-05").replace(
            "stage: get-to-know", "stage: technical"
        ),
        encoding="utf-8",
    )
    result = live.refresh([planned])
    assert PIPELINE in written(result)
    assert "## Interviews planned" in (root / PIPELINE).read_text(encoding="utf-8")
    assert not (root / Q4_LOGS).exists() and not (root / Q4).exists()  # counted nowhere
    assert_same_as_a_full_run(root, live)
    days[0] = dt.date(2025, 12, 5)
    result = live.rescan()
    assert Q4_LOGS in written(result)
    assert "Hal Moe - technical" in (root / Q4_LOGS).read_text(encoding="utf-8")
    assert "## Interviews planned" not in (root / PIPELINE).read_text(encoding="utf-8")
    assert_same_as_a_full_run(root, live)


def mistype_alices_candidate(root: Path, live: LiveGenerator) -> None:
    """A typo in the candidate link of Alice's technical log: no note has that name."""
    edit(root, ALICE_TECHNICAL, 'candidate: "[[Alice Ng]]"', 'candidate: "[[Alice Ngg]]"')
    live.refresh([ALICE_TECHNICAL])


def test_a_log_whose_candidate_has_no_note_is_listed_where_it_counts(
    root: Path, live: LiveGenerator
) -> None:
    # A typo in the candidate link: the log is counted for a candidate known by that name
    # alone, who shows up in the pipeline. Lint says VT306; the notes that count it say so.
    mistype_alices_candidate(root, live)
    for path in (Q3_LOGS, PIPELINE):
        text = (root / path).read_text(encoding="utf-8")
        listed = text.split("counted for a candidate who has no note (the link does not resolve)")
        assert len(listed) == 2, path
        assert "VT306 candidate: \\[\\[Alice Ngg\\]\\] does not resolve" in listed[1], path
    assert_same_as_a_full_run(root, live)
    edit(root, ALICE_TECHNICAL, 'candidate: "[[Alice Ngg]]"', 'candidate: "[[Alice Ng]]"')
    live.refresh([ALICE_TECHNICAL])
    assert "has no note" not in (root / PIPELINE).read_text(encoding="utf-8")
    assert_same_as_a_full_run(root, live)


def test_a_full_regeneration_on_a_later_day_counts_the_interviews_whose_day_came(
    root: Path,
) -> None:
    planned = f"{INTERVIEWS}/2025-12-05 Hal Moe - technical (Maria).md"
    (root / planned).write_text(
        INTERVIEW.format(candidate="Hal Moe", date="2025-12-05"), encoding="utf-8"
    )
    days = [TODAY]
    live = LiveGenerator(Vault.open(root, lean=True), today=lambda: days[0])
    live.regenerate_all()
    assert not (root / Q4_LOGS).exists()
    days[0] = dt.date(2025, 12, 6)
    live.regenerate_all()  # as after a settings change: everything again, on the new day
    assert "Hal Moe" in (root / Q4_LOGS).read_text(encoding="utf-8")
    assert_same_as_a_full_run(root, live)


def test_a_log_whose_candidate_has_no_note_is_listed_by_its_new_name_after_a_rename(
    root: Path, live: LiveGenerator
) -> None:
    # The pipeline lists such a log by its link, path and line: a rename of the log (the
    # candidate's row unchanged) must rewrite that line too.
    mistype_alices_candidate(root, live)
    renamed = ALICE_TECHNICAL.replace("technical (Jonas)", "tech (Jonas)")
    os.replace(root / ALICE_TECHNICAL, root / renamed)
    live.refresh([ALICE_TECHNICAL, renamed])
    pipeline = (root / PIPELINE).read_text(encoding="utf-8")
    assert "Alice Ng - tech (Jonas)" in pipeline
    assert "Alice Ng - technical (Jonas)" not in pipeline
    assert_same_as_a_full_run(root, live)
