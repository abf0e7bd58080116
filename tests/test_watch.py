"""The watcher as a whole: its worker steps (driven by hand), a real watcher on a temp vault,
SIGTERM, the one-watcher-per-vault lock and the CLI."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from watchdog.events import FileSystemEvent

import vault_tools
import vault_tools.writer as writer_module
from vault_tools.cli import cli
from vault_tools.generate.incremental import Regeneration
from vault_tools.lock import VaultLock, VaultLockedError, lock_path
from vault_tools.watch import Watcher, _EventHandler, describe

from conftest import FakeClock, process_environment

FIXTURE = Path(__file__).parent / "fixtures" / "generate" / "vault"
ALICE_TECHNICAL = "Hiring/Interviews/2025-07-08 Alice Ng - technical (Jonas).md"
INTERVIEW_INDEX = "Hiring/Interview Index.md"
Q3_LOGS = "Hiring/Interviews by quarter/2025-Q3.md"
Q4_LOGS = "Hiring/Interviews by quarter/2025-Q4.md"
ARCHIVE_2025 = "Hiring/Candidates by year/2025.md"
PIPELINE = "Hiring/Candidate Pipeline.md"
Q3 = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
Q4 = "Hiring/Retrospectives/2025-Q4 Interview Retrospective.md"
NEW_LOG = "Hiring/Interviews/2025-10-02 Hal Moe - get-to-know (Maria).md"
NEW_LOG_TEXT = """---
type: interview
candidate: "[[Hal Moe]]"
role: DE
level: Mid
stage: get-to-know
date: 2025-10-02
interviewers: [Maria Svensson]
recommendation: strong-yes
---
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(FIXTURE, copy)
    return copy


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watcher")
        time.sleep(0.02)


def alice_row(root: Path) -> str:
    """The Q3 interview note's row for ALICE_TECHNICAL ("" when there is none)."""
    try:
        text = (root / Q3_LOGS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    rows = [line for line in text.splitlines() if "Alice Ng - technical (Jonas)" in line]
    return rows[0] if rows else ""


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------------------------- steps
@pytest.fixture
def watcher(root: Path, clock: FakeClock) -> Watcher:
    watcher = Watcher(root, clock=clock, rescan_interval=600)
    watcher.open()
    return watcher


def test_the_worker_waits_for_the_quiet_period(
    root: Path, watcher: Watcher, clock: FakeClock
) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    (root / "Work/Notes.md").write_text("Changed too.\n")
    watcher.notice(str(root / ALICE_TECHNICAL))
    watcher.notice(str(root / "Work/Notes.md"))
    assert watcher.step(clock.advance(0.125)) is None  # two paths: a burst, 200 ms quiet
    result = watcher.step(clock.advance(0.125))
    assert result is not None and result.changed == (ALICE_TECHNICAL, "Work/Notes.md")
    assert watcher.step(clock.advance(5)) is None  # nothing more to do


def test_a_failing_regeneration_is_logged_in_one_line_and_the_loop_recovers(
    root: Path, watcher: Watcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    assert watcher.generator is not None

    def broken(*arguments: object) -> None:
        raise RuntimeError("disk on fire")

    watcher.generator.refresh = broken  # type: ignore[method-assign,assignment]
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    watcher.notice(str(root / ALICE_TECHNICAL))
    with caplog.at_level(logging.INFO, logger="vault_tools"):
        assert watcher.step(clock.advance(1)) is None
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.getMessage() for record in errors] == [
        "regeneration failed (RuntimeError: disk on fire); "
        "the vault is read again on the next change"
    ]
    watcher.notice(str(root / "Work/Notes.md"))
    recovered = watcher.step(clock.advance(1))  # reads the vault again, with a new generator
    assert recovered is not None
    assert alice_row(root).endswith("| yes |")


def test_a_generated_note_with_broken_markers_is_logged_with_the_marker_and_its_line(
    root: Path, watcher: Watcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    index = root / "Hiring/Case Index.md"
    text = index.read_text()
    index.write_text(text + "\n%% vault-tools:begin case-index %%\nmine\n")
    line = text.count("\n") + 2
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    watcher.notice(str(root / ALICE_TECHNICAL))
    watcher.notice(str(index))
    with caplog.at_level(logging.INFO, logger="vault_tools"):
        assert watcher.step(clock.advance(1)) is not None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(m.startswith("Hiring/Case Index.md not written") for m in warnings)
    assert any(m.startswith(f"Hiring/Case Index.md:{line}:1: VT50") for m in warnings), warnings
    assert index.read_text().endswith("mine\n")  # left alone


def test_a_settings_change_reads_the_vault_again(
    root: Path, watcher: Watcher, clock: FakeClock
) -> None:
    (root / ".vault-tools").mkdir()
    (root / ".vault-tools/config.yaml").write_text(
        "indexes:\n  interviews:\n    path: Hiring/All Interviews.md\n"
    )
    watcher.notice(str(root / ".vault-tools/config.yaml"))
    result = watcher.step(clock.advance(1))
    assert result is not None
    assert "Hiring/All Interviews.md" in [outcome.path for outcome in result.written]


def test_the_settings_folder_moved_away_reads_the_vault_again(
    root: Path, watcher: Watcher, clock: FakeClock, tmp_path: Path
) -> None:
    (root / ".vault-tools").mkdir()
    (root / ".vault-tools/config.yaml").write_text("indexes:\n  cases: false\n")
    watcher.notice(str(root / ".vault-tools/config.yaml"))
    assert watcher.step(clock.advance(1)) is not None
    (root / "Hiring/Case Index.md").unlink()
    watcher.notice(str(root / "Hiring/Case Index.md"))
    assert watcher.step(clock.advance(1)) is not None
    assert not (root / "Hiring/Case Index.md").exists()
    # A folder moved as a whole gives one event for the folder, none for the files in it.
    os.replace(root / ".vault-tools", tmp_path / "elsewhere")
    watcher.notice(str(root / ".vault-tools"), folder=True)
    result = watcher.step(clock.advance(1))
    assert result is not None and "Hiring/Case Index.md" in [o.path for o in result.written]
    generator = watcher.generator
    assert generator is not None and generator.vault.config.settings == {}


def test_a_schema_change_reads_the_vault_again(
    root: Path, watcher: Watcher, clock: FakeClock
) -> None:
    # The notes list what they left out with lint's finding, which the vault's own schemas
    # word: a schema edited in .vault-tools/schemas/ changes it at once, as `index` would.
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: maybe")
    watcher.notice(str(root / ALICE_TECHNICAL))
    assert watcher.step(clock.advance(1)) is not None
    finding = "VT203 recommendation: 'maybe' is not one of strong-no, no, yes, strong-yes"
    assert finding in (root / Q3_LOGS).read_text(encoding="utf-8")
    schemas = root / ".vault-tools" / "schemas"
    schemas.mkdir(parents=True)
    builtin = (Path(vault_tools.__file__).parent / "schemas" / "interview.yaml").read_text()
    allowed = "enum: [strong-no, no, maybe, yes, strong-yes]"
    assert "enum: [strong-no, no, yes, strong-yes]" in builtin
    (schemas / "interview.yaml").write_text(
        builtin.replace("enum: [strong-no, no, yes, strong-yes]", allowed)
    )
    watcher.notice(str(schemas / "interview.yaml"))
    assert watcher.step(clock.advance(1)) is not None
    listed = (root / Q3_LOGS).read_text(encoding="utf-8")
    assert finding not in listed
    assert "recommendation: the value cannot be read" in listed


def test_broken_settings_keep_the_previous_ones(
    root: Path, watcher: Watcher, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    (root / ".vault-tools").mkdir()
    (root / ".vault-tools/config.yaml").write_text("indexes: [oops]\n")
    watcher.notice(str(root / ".vault-tools/config.yaml"))
    with caplog.at_level(logging.ERROR, logger="vault_tools"):
        assert watcher.step(clock.advance(1)) is None
    assert "keeping the previous settings until it is fixed" in caplog.text
    # Saved again, still broken the same way (an editor's save is often two events): the
    # error is not logged a second time; broken another way, it is.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="vault_tools"):
        watcher.notice(str(root / ".vault-tools/config.yaml"))
        assert watcher.step(clock.advance(1)) is None
        assert caplog.text == ""
        (root / ".vault-tools/config.yaml").write_text("indexes: [oops]\nbogus: 1\n")
        watcher.notice(str(root / ".vault-tools/config.yaml"))
        assert watcher.step(clock.advance(1)) is None
    assert "bogus" in caplog.text
    generator = watcher.generator
    assert generator is not None and generator.vault.config.settings == {}
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    watcher.notice(str(root / ALICE_TECHNICAL))  # ... and changes are still followed
    result = watcher.step(clock.advance(1))
    assert result is not None and result.changed == (ALICE_TECHNICAL,)
    assert alice_row(root).endswith("| yes |")


@pytest.mark.parametrize(
    ("git_file", "content"),
    [
        ("MERGE_HEAD", "0123abcd\n"),  # a merge being resolved
        ("rebase-merge", None),  # a rebase stopped at a commit to edit
        ("sequencer", None),  # `git revert A B` with the editor open for A's message
        ("HEAD", "0123abcd\n"),  # an older commit checked out: `git checkout HEAD~1`
    ],
)
def test_nothing_is_written_while_git_is_in_the_middle_of_something(
    root: Path,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    git_file: str,
    content: str | None,
) -> None:
    """A generated note changed then would stop `git rebase --continue`, or the checkout
    back to the branch: the watcher waits, then compares the vault with the disk."""
    git = root.parent / ".git"  # the vault is a folder of the repository
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    watcher = Watcher(root, clock=clock, rescan_interval=600)
    watcher.open()
    before = alice_row(root)
    if content is None:
        (git / git_file).mkdir()
    else:
        (git / git_file).write_text(content)
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    watcher.notice(str(root / ALICE_TECHNICAL))
    with caplog.at_level(logging.INFO, logger="vault_tools"):
        assert watcher.step(clock.advance(1)) is None
        assert watcher.step(clock.advance(1)) is None  # asked again: still waiting
    assert alice_row(root) == before
    assert [r.getMessage() for r in caplog.records if "wait until" in r.getMessage()] == [
        f"{_WHAT[git_file]}: generated notes wait until it is done"
    ]
    if content is None:
        (git / git_file).rmdir()
    elif git_file == "HEAD":
        (git / "HEAD").write_text("ref: refs/heads/main\n")
    else:
        (git / git_file).unlink()
    result = watcher.step(clock.advance(1))  # git is done: no event needed
    assert result is not None and result.changed == (ALICE_TECHNICAL,)
    assert alice_row(root) != before and alice_row(root).endswith("| yes |")


def test_a_settings_change_while_git_is_busy_is_read_once_it_is_done(
    root: Path, clock: FakeClock
) -> None:
    git = root.parent / ".git"
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    watcher = Watcher(root, clock=clock, rescan_interval=600)
    watcher.open()
    (git / "MERGE_HEAD").write_text("0123abcd\n")
    settings = root / ".vault-tools" / "config.yaml"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text("indexes:\n  cases: false\n", encoding="utf-8")
    watcher.notice(str(settings))
    assert watcher.step(clock.advance(1)) is None
    (git / "MERGE_HEAD").unlink()
    result = watcher.step(clock.advance(1))
    assert result is not None
    assert watcher.config.settings.get("indexes") == {"cases": False}  # read again


def test_a_watcher_started_on_an_older_commit_waits_for_the_branch(
    root: Path, clock: FakeClock
) -> None:
    """Started (after a restart, say) while an older commit is checked out: it writes
    nothing until the checkout is back on a branch."""
    git = root.parent / ".git"
    git.mkdir()
    (git / "HEAD").write_text("0123abcd\n")
    watcher = Watcher(root, clock=clock, rescan_interval=600)
    watcher.queue.request_reload()
    assert watcher.step(clock.advance(1)) is None
    assert not (root / Q3_LOGS).exists()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    assert watcher.step(clock.advance(1)) is not None
    assert (root / Q3_LOGS).exists()


def test_a_submodules_detached_checkout_is_not_held(root: Path, clock: FakeClock) -> None:
    """`git submodule update` leaves a submodule's HEAD on a commit: that is how it is kept,
    not a look at an older state, so the watcher writes as usual."""
    modules = root.parent / "superproject" / ".git" / "modules" / "vault"
    modules.mkdir(parents=True)
    (modules / "HEAD").write_text("0123abcd\n")
    (root / ".git").write_text(f"gitdir: {modules}\n")
    watcher = Watcher(root, clock=clock, rescan_interval=600)
    watcher.open()
    before = alice_row(root)
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    watcher.notice(str(root / ALICE_TECHNICAL))
    result = watcher.step(clock.advance(1))
    assert result is not None and result.changed == (ALICE_TECHNICAL,)
    assert alice_row(root) != before


_WHAT = {
    "MERGE_HEAD": "git is in the middle of a merge",
    "rebase-merge": "git is in the middle of a rebase",
    "sequencer": "git is in the middle of a cherry-pick or revert of several commits",
    "HEAD": "a commit is checked out outside any branch (detached HEAD)",
}


def test_the_rescan_safety_net_runs_on_its_interval(
    root: Path, watcher: Watcher, clock: FakeClock
) -> None:
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")  # no event
    assert watcher.step(clock.advance(599)) is None
    result = watcher.step(clock.advance(2))
    assert result is not None and result.changed == (ALICE_TECHNICAL,)
    assert watcher.step(clock.advance(2)) is None  # the next one is 600 s away


def test_the_rescan_moves_the_decided_out_of_the_pipeline_when_a_quarter_begins(
    root: Path, clock: FakeClock
) -> None:
    # Alice and Bo were decided in 2025-Q3: in the pipeline until 2025-Q4 ends.
    today = {"date": dt.date(2025, 12, 30)}
    watcher = Watcher(root, clock=clock, rescan_interval=600, today=lambda: today["date"])
    watcher.open()
    pipeline = (root / PIPELINE).read_text(encoding="utf-8")
    assert "[[Alice Ng]]" in pipeline
    today["date"] = dt.date(2025, 12, 31)
    # A new day, the same quarter: only the days waiting change, once that day.
    next_day = watcher.step(clock.advance(601))
    assert next_day is not None and [o.path for o in next_day.written] == [PIPELINE]
    assert "(days counted to 2025-12-31)" in (root / PIPELINE).read_text(encoding="utf-8")
    quiet = watcher.step(clock.advance(601))
    assert quiet is not None and quiet.planned == ()  # the same day again: no churn
    today["date"] = dt.date(2026, 1, 1)
    moved = watcher.step(clock.advance(601))
    assert moved is not None and moved.changed == ()
    assert [outcome.path for outcome in moved.written] == [PIPELINE, ARCHIVE_2025]
    assert "[[Alice Ng]]" not in (root / PIPELINE).read_text(encoding="utf-8")
    assert "[[Alice Ng]]" in (root / ARCHIVE_2025).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------- for real
@contextlib.contextmanager
def watching(root: Path) -> Iterator[Watcher]:
    """A real watcher (observer and worker threads) on ``root``, started and then stopped."""
    watcher = Watcher(root, quiet=0.05, max_wait=1.0, rescan_interval=0)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop.is_set,), kwargs={"poll": 0.02})
    thread.start()
    try:
        wait_until(watcher.started.is_set)
        yield watcher
    finally:
        stop.set()
        thread.join(timeout=5)
        assert not thread.is_alive()


@pytest.fixture
def running(root: Path) -> Iterator[Watcher]:
    with watching(root) as watcher:
        yield watcher


def generated_mtimes(root: Path) -> dict[str, int]:
    paths = [INTERVIEW_INDEX, PIPELINE, "Hiring/Case Index.md"]
    for folder in ("Retrospectives", "Interviews by quarter", "Candidates by year"):
        paths += [str(p.relative_to(root)) for p in (root / "Hiring" / folder).glob("*.md")]
    return {path: (root / path).stat().st_mtime_ns for path in sorted(paths)}


def test_a_real_watcher_follows_edits_creates_and_deletes_then_settles(
    root: Path, running: Watcher
) -> None:
    index = root / Q4_LOGS
    # An edit in place.
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: strong-yes")
    wait_until(lambda: alice_row(root).endswith("| strong-yes |"))
    # A new log, saved the way many editors save: a temp file, then a rename.
    temporary = root / (NEW_LOG + ".tmp")
    temporary.write_text(NEW_LOG_TEXT, encoding="utf-8")
    os.replace(temporary, root / NEW_LOG)
    wait_until(lambda: (root / Q4).exists() and index.exists() and "Hal Moe" in index.read_text())
    # A deletion.
    (root / ALICE_TECHNICAL).unlink()
    wait_until(lambda: alice_row(root) == "")
    # Editor noise and Obsidian's workspace file change nothing.
    (root / ".obsidian").mkdir(exist_ok=True)
    (root / ".obsidian/workspace.json").write_text("{}")
    (root / "Hiring/.scratch.md.swp").write_text("x")
    # Settled: the watcher's own writes cause nothing, so nothing is written any more.
    wait_until(lambda: running.idle)
    settled = generated_mtimes(root)
    time.sleep(0.5)  # ten quiet periods: long enough for any echo of our writes
    assert running.idle
    assert generated_mtimes(root) == settled
    assert not temporary.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="inotify reports reads; FSEvents does not")
def test_reading_notes_does_not_even_reach_the_watcher(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Obsidian, backups and `vault-tools lint` open and read notes all day: those reads must
    # not cost the watcher anything (at 50k notes they doubled its start-up).
    seen: list[str] = []
    original = _EventHandler.on_any_event

    def counting(self: _EventHandler, event: FileSystemEvent) -> None:
        seen.append(event.event_type)
        original(self, event)

    monkeypatch.setattr(_EventHandler, "on_any_event", counting)
    with watching(root) as watcher:
        wait_until(lambda: watcher.idle)
        time.sleep(0.2)
        seen.clear()
        for _ in range(5):
            for note in root.rglob("*.md"):
                note.read_bytes()
        time.sleep(0.3)
        assert seen == []
        edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
        wait_until(lambda: "modified" in seen or "closed" in seen)  # writes still arrive


# ---------------------------------------------------------------------------------- process
@contextlib.contextmanager
def _started_watcher(root: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``vault-tools watch root`` in its own process, once its start-up regeneration is done:
    (the process, what it logged until then). Killed on the way out if still running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vault_tools", "watch", str(root)],
        env=process_environment(tmp_path / "cache"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        started = ""
        while "read " not in started:  # the start-up regeneration's line
            line = process.stderr.readline()
            assert line, f"the watcher ended early: {started}"
            started += line
        yield process, started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_signal_stops_the_watcher_promptly_with_status_0(
    root: Path, tmp_path: Path, signal_number: int
) -> None:
    with _started_watcher(root, tmp_path) as (process, started):
        assert process.stderr is not None
        sent = time.monotonic()
        process.send_signal(signal_number)
        status = process.wait(timeout=5)
        elapsed = time.monotonic() - sent
        rest = process.stderr.read()
    assert status == 0
    assert elapsed < 1.0
    assert "Traceback" not in started + rest
    assert "stopped" in rest


def test_a_watcher_whose_vault_folder_is_moved_away_stops_with_status_1(
    root: Path, tmp_path: Path
) -> None:
    # The events follow the moved folder, but every read and write at the old path would
    # miss: the watcher says so and ends (a service manager restarts it on failure).
    with _started_watcher(root, tmp_path) as (process, _):
        assert process.stderr is not None
        root.rename(tmp_path / "moved")
        status = process.wait(timeout=5)
        rest = process.stderr.read()
    assert status == 1
    assert "the folder was moved, deleted or unmounted" in rest and "Traceback" not in rest
    assert not root.exists()  # nothing was written at the old path


def test_a_second_watcher_on_the_same_vault_exits_2_naming_the_first(root: Path) -> None:
    with VaultLock(root):
        result = CliRunner().invoke(cli, ["watch", str(root)])
    assert result.exit_code == 2
    assert f"another vault-tools watcher (pid {os.getpid()}) is running on" in result.output


@pytest.mark.parametrize("command", [["index"], ["watch", "--once"]])
def test_index_and_watch_once_beside_a_watcher_do_nothing_and_exit_0(
    root: Path, command: list[str]
) -> None:
    # One rule for both: the running watcher keeps the notes; a cron job must not fail.
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    with VaultLock(root):
        result = CliRunner().invoke(cli, [*command, str(root)])
    assert result.exit_code == 0
    assert f"watcher (pid {os.getpid()}) keeps the generated notes" in result.stderr
    assert result.stdout == ""
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before


def test_retro_beside_a_watcher_shows_the_figures_and_leaves_the_note_to_it(root: Path) -> None:
    # A scheduled `retro --quarter previous` beside the watcher service must not race it.
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    with VaultLock(root):
        result = CliRunner().invoke(cli, ["retro", str(root), "--quarter", "2025-Q3"])
    assert result.exit_code == 0, result.output
    assert f"not written: a vault-tools watcher (pid {os.getpid()}) keeps" in result.stdout
    assert "interview" in result.stdout  # the quarter's figures, all the same
    with VaultLock(root):  # a quarter without logs: that is the reason nothing is written
        empty = CliRunner().invoke(cli, ["retro", str(root), "--quarter", "2052-Q3"])
    assert "no note written: no interview log is dated in 2052-Q3" in empty.stdout
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before
    again = CliRunner().invoke(cli, ["retro", str(root), "--quarter", "2025-Q3"])
    assert again.exit_code == 0 and "created" in again.stdout  # the lock is free again


def test_index_leaves_the_notes_to_a_running_watcher(root: Path) -> None:
    # A pre-commit hook or a cron job running `index` beside the watcher service must neither
    # race it for the same notes nor fail.
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    with VaultLock(root):
        result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0
    assert f"watcher (pid {os.getpid()}) keeps the generated notes" in result.stderr
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before
    again = CliRunner().invoke(cli, ["index", str(root)])  # the lock is free again
    assert again.exit_code == 0 and "created" in again.stdout
    assert (root / INTERVIEW_INDEX).exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="no lock names there")
def test_index_with_an_unusable_cache_folder_still_leaves_the_notes_to_the_watcher(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher's lock file is in another cache folder; this one cannot even be made: the
    vault's folder, locked by the watcher, still says it is watched."""
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    with VaultLock(root, tmp_path / "watcher cache" / "locks"):
        (tmp_path / "a file").write_text("")
        monkeypatch.setenv("VAULT_TOOLS_CACHE_DIR", str(tmp_path / "a file" / "cache"))
        result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    assert "keeps the generated notes" in result.stderr
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before


def test_index_beside_a_watcher_writes_while_git_is_busy(root: Path) -> None:
    """The watcher writes nothing at a rebase's stop: `index` there writes the notes of the
    commit being amended, rather than leave them to it."""
    git = root.parent / ".git"
    git.mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "rebase-merge").mkdir()
    with VaultLock(root):
        result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    assert "keeps the generated notes" not in result.stderr
    assert (root / INTERVIEW_INDEX).exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="no lock names there")
def test_the_lock_keeps_nothing_of_the_vault_open(root: Path, tmp_path: Path) -> None:
    """An open folder would keep its drive from being unmounted (the watcher is to notice
    that, and stop)."""
    with VaultLock(root, tmp_path / "cache"):
        held = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert not any(path == str(root) or path.startswith(f"{root}/") for path in held)
        with pytest.raises(VaultLockedError):
            VaultLock(root, tmp_path / "another cache").acquire()


def test_the_lock_lives_outside_the_vault_and_is_released(root: Path, tmp_path: Path) -> None:
    first = VaultLock(root)
    first.acquire()
    path = lock_path(root)
    assert path.exists() and root not in path.parents
    assert path.read_text().strip() == str(os.getpid())
    with pytest.raises(VaultLockedError) as raised:
        VaultLock(root).acquire()
    assert raised.value.pid == os.getpid()
    VaultLock(tmp_path).acquire()  # another vault: another lock
    first.release()
    with VaultLock(root) as again:
        assert again.held


def test_once_is_index(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(FIXTURE, other)
    watched = CliRunner().invoke(cli, ["watch", str(root), "--once", "-q"])
    indexed = CliRunner().invoke(cli, ["index", str(other)])
    assert watched.exit_code == indexed.exit_code == 0
    assert watched.stdout == indexed.stdout
    for path in (root / "Hiring").rglob("*.md"):
        assert path.read_bytes() == (other / path.relative_to(root)).read_bytes()


def test_one_regeneration_is_one_log_line_whatever_the_notes_are_called() -> None:
    # journald and log files split on line breaks: a note named with one must not forge a line.
    result = Regeneration(changed=("Hiring/a\nINFO wrote everything.md", "b\x1b[2J.md"))
    line = describe(result)
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("Hiring/a\\nINFO wrote everything.md, b\\u001b[2J.md changed")


@pytest.mark.parametrize("retried_by", ["rescan", "change"])
def test_a_write_that_failed_is_tried_again_until_it_succeeds(
    root: Path,
    watcher: Watcher,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    retried_by: str,
) -> None:
    """A full disk: the notes a change should update are not written, the log says so once
    (not "already up to date"), and the next rescan or change writes them, with nothing
    else changed in the vault."""

    def disk_full(*arguments: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writer_module, "_write_file", disk_full)
    edit(root, ALICE_TECHNICAL, "recommendation: no", "recommendation: yes")
    watcher.notice(str(root / ALICE_TECHNICAL))
    with caplog.at_level(logging.INFO, logger="vault_tools"):
        failed = watcher.step(clock.advance(1))
        assert failed is not None and Q3_LOGS in [o.path for o in failed.failed]
        assert "up to date" not in describe(failed) and "not written" in describe(failed)
        assert "not written (tried again at the next change or rescan)" in caplog.text
        assert not alice_row(root).endswith("| yes |")
        first = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert f"{Q3_LOGS} not written: cannot write the note: No space left on device" in (first)
        caplog.clear()
        again = watcher.step(clock.advance(600))  # the rescan tries again: the disk is still full
        assert again is not None and Q3_LOGS in [o.path for o in again.failed]
        assert not [r for r in caplog.records if r.levelno >= logging.INFO]  # said once
    monkeypatch.undo()  # space again
    if retried_by == "change":
        (root / "Work/Notes.md").write_text("Changed.\n")  # read by no generated note
        watcher.notice(str(root / "Work/Notes.md"))
        result = watcher.step(clock.advance(1))
    else:
        assert watcher.step(clock.advance(599)) is None
        result = watcher.step(clock.advance(2))
    assert result is not None and Q3_LOGS in [o.path for o in result.written]
    assert not result.failed and alice_row(root).endswith("| yes |")


def test_the_lock_knows_the_vault_by_its_folder_not_its_path(root: Path, tmp_path: Path) -> None:
    """The same folder reached by another path (here: renamed while the first watcher holds
    it; a bind mount or a second mount of a share alike) is the same vault, with one lock."""
    with VaultLock(root):
        moved = tmp_path / "moved"
        root.rename(moved)
        with pytest.raises(VaultLockedError):
            VaultLock(moved).acquire()
    with VaultLock(moved) as again:
        assert again.held


def test_two_watchers_on_a_bind_mount_of_one_vault(root: Path, tmp_path: Path) -> None:
    mounted = tmp_path / "mounted"
    mounted.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("bind mounts need root on Linux")
    if subprocess.run(["mount", "--bind", str(root), str(mounted)], check=False).returncode:
        pytest.skip("bind mounts are not allowed here")
    try:
        with VaultLock(root):
            result = CliRunner().invoke(cli, ["watch", str(mounted), "--once"])
        # The watcher on the vault is seen through the other path: this run leaves it alone.
        assert result.exit_code == 0 and "a vault-tools watcher" in result.output
        assert "nothing done" in result.output
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
