"""Lint with helper processes: the same findings as one process, whatever the helpers do.

The golden lint vault has links across notes (headings, block ids, schema links to typed
notes), so a note checked in one process depends on notes read in the others. Its 25 notes
are far below ``MIN_NOTES``; the tests lower it, set the cores the helpers are counted by, and
slow the reading down so that every process, the helpers needing a moment to start, gets its
share.
"""

from __future__ import annotations

import errno
import multiprocessing.context
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from vault_tools import parallel
from vault_tools import vault as vault_module
from vault_tools.lint import LintResult, ResultCache, lint_folder
from vault_tools.report import format_json
from vault_tools.vault import Vault

GOLDEN_VAULT = Path(__file__).parent / "fixtures" / "lint" / "vault"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(GOLDEN_VAULT, root)
    return root


@pytest.fixture
def alone(vault: Path) -> LintResult:
    """The findings of one process."""
    return lint_folder(vault, use_cache=False)


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper spawned, as on macOS and Windows (and on Linux from a process with threads)."""
    monkeypatch.setattr(parallel, "_can_fork", lambda: False)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[parallel.Helper]:
    """The helpers the lint process starts, those that fail to included."""
    helpers: list[parallel.Helper] = []
    start = parallel.Helper.__init__

    def starting(self: parallel.Helper, *arguments: Any) -> None:
        start(self, *arguments)
        helpers.append(self)

    monkeypatch.setattr(parallel.Helper, "__init__", starting)
    return helpers


def helpers_of(monkeypatch: pytest.MonkeyPatch, helpers: int, forked: bool) -> None:
    """As many cores as ``helpers`` helpers need, forked or spawned."""
    monkeypatch.setattr(parallel, "_cores", lambda: helpers + 1)
    if not forked:
        monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    elif not parallel._can_fork():
        pytest.skip("helpers are forked on Linux only")


def assert_same(together: LintResult, alone: LintResult) -> None:
    """The findings of one process, to the byte of the JSON report."""
    assert format_json(together.diagnostics) == format_json(alone.diagnostics)
    assert together.diagnostics == alone.diagnostics and together.notes == alone.notes


class ReadLog:
    """Which process read which note, forked helpers included (they inherit the patched
    reading, and write to a file). Each process waits at its first note until ``processes``
    have come to theirs: every one of them then holds a chunk, however loaded the machine."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path, processes: int) -> None:
        self.log = folder / "reads"
        arrived = folder / "arrived"
        arrived.mkdir(parents=True)
        read = Vault.read

        def logged(vault: Vault, relative: str) -> object:
            pid = os.getpid()
            if not (arrived / str(pid)).exists():
                (arrived / str(pid)).touch()
                deadline = time.monotonic() + 30
                while len(os.listdir(arrived)) < processes and time.monotonic() < deadline:
                    time.sleep(0.01)
            with self.log.open("a", encoding="utf-8") as log:
                log.write(f"{pid}\t{relative}\n")
            return read(vault, relative)

        monkeypatch.setattr(Vault, "read", logged)

    def by_process(self) -> dict[int, list[str]]:
        reads: dict[int, list[str]] = {}
        for line in self.log.read_text(encoding="utf-8").splitlines():
            pid, path = line.split("\t")
            reads.setdefault(int(pid), []).append(path)
        return reads


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_small_share_keeps_what_its_link_checks_remembered_and_finds_the_same(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    use_cache: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    helpers_of(monkeypatch, 1, forked=True)
    monkeypatch.setattr(parallel, "LET_GO_FROM", alone.notes + 1)
    let_go: list[int] = []
    real = parallel._Share.let_go
    monkeypatch.setattr(parallel._Share, "let_go", lambda share: let_go.append(1) or real(share))
    assert_same(lint_folder(vault, use_cache=use_cache, parallel=True), alone)
    assert 0 < len(reads_here) < alone.notes and not let_go
    monkeypatch.setattr(parallel, "LET_GO_FROM", 1)
    assert_same(lint_folder(vault, use_cache=False, parallel=True), alone)
    assert let_go == [1]


@pytest.mark.parametrize("use_cache", [False, True])
@pytest.mark.parametrize("forked", [True, False])
@pytest.mark.parametrize("helpers", [1, 2, 3])
def test_several_processes_find_what_one_finds(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    started: list[parallel.Helper],
    helpers: int,
    use_cache: bool,
    forked: bool,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    helpers_of(monkeypatch, helpers, forked)
    log = ReadLog(monkeypatch, tmp_path / "log", helpers + 1) if forked else None
    together = lint_folder(vault, use_cache=use_cache, parallel=True)
    assert_same(together, alone)
    assert len(started) == helpers == parallel.helper_count(alone.notes)
    assert 0 < len(reads_here) < alone.notes  # the helpers read a share
    assert together.rechecked == alone.notes
    if log is not None:  # (spawned helpers do not log)
        reads = log.by_process()
        assert len(reads) == helpers + 1  # each process read a share
        every = [path for paths in reads.values() for path in paths]
        assert len(every) == len(set(every)) == alone.notes  # each note once


@pytest.mark.parametrize(
    ("cores", "notes", "helpers"),
    [
        (1, 10**6, 0),  # one core: the lint process alone
        (2, 1999, 0),  # too few notes
        (2, 2000, 1),
        (2, 10**6, 1),  # one per other core
        (4, 5999, 2),  # one per MIN_NOTES notes
        (4, 6000, 3),
        (16, 13_999, 6),
        (16, 10**6, 7),  # at most MOST_HELPERS
    ],
)
def test_helpers_come_one_per_other_core_and_per_min_notes_notes(
    cores: int, notes: int, helpers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: cores)
    assert parallel.helper_count(notes) == helpers


def test_a_run_starts_one_helper_per_min_notes_notes_to_read(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    started: list[parallel.Helper],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Room for three helpers beside the lint process, but 25 notes are worth two of them.
    helpers_of(monkeypatch, 3, forked=parallel._can_fork())
    monkeypatch.setattr(parallel, "MIN_NOTES", 10)
    assert_same(lint_folder(vault, use_cache=False, parallel=True), alone)
    assert len(started) == 2 and all(helper.process is not None for helper in started)


def test_obsidian_s_excluded_files_agree_in_one_and_two_processes_and_the_cache(
    vault: Path, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Links into excluded notes resolve (headings, block ids, a schema link's type), wherever
    # the excluded note was read; the excluded note's own findings are left out.
    (vault / ".obsidian" / "app.json").write_text('{"userIgnoreFilters": ["Private/"]}')
    (vault / "Private").mkdir()
    (vault / "Private" / "Hidden.md").write_text("# Part\nkept ^blk\n[[Missing in private]]\n")
    (vault / "Linking.md").write_text("[[Hidden#Part]] [[Hidden#^blk]] [[Hidden#Nope]]\n")
    together = lint_folder(vault, use_cache=True, parallel=True)
    cached = lint_folder(vault, use_cache=True, parallel=True)
    monkeypatch.setattr(parallel, "MIN_NOTES", 10**9)
    alone = lint_folder(vault, use_cache=False)
    assert together.diagnostics == cached.diagnostics == alone.diagnostics
    assert together.notes == cached.notes == alone.notes
    assert cached.from_cache
    assert not [d for d in alone.diagnostics if d.path.startswith("Private/")]
    linking = [(d.code, d.message) for d in alone.diagnostics if d.path == "Linking.md"]
    assert [code for code, _ in linking] == ["VT303"] and "Nope" in linking[0][1]


@pytest.mark.parametrize("helpers", [1, 3])
def test_progress_counts_every_process_and_ends_full(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    helpers: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    helpers_of(monkeypatch, helpers, forked=parallel._can_fork())
    reports: list[tuple[int, int]] = []
    lint_folder(
        vault,
        use_cache=False,
        parallel=True,
        progress=lambda done, total: reports.append((done, total)),
    )
    dones = [done for done, _ in reports]
    assert {total for _, total in reports} == {2 * alone.notes}  # read, then links checked
    assert dones == sorted(dones) and dones[-1] == 2 * alone.notes
    assert any(done < alone.notes for done in dones)  # it moves while notes are read too


@pytest.mark.parametrize("helpers", [1, 3])
def test_notes_that_vanish_during_the_run_are_forgotten_by_every_process(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    helpers: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Notes late in reading order, whichever process claims them: links into them must not
    # resolve in any process (and `[[Meeting]]` is no longer ambiguous).
    helpers_of(monkeypatch, helpers, forked=parallel._can_fork())
    victims = [vault / "Work" / "Hiring.md", vault / "Notes" / "Meeting.md"]
    read = Vault.read

    def vanishing(self: Vault, relative: str) -> object:
        for victim in victims:
            victim.unlink(missing_ok=True)
        return read(self, relative)

    monkeypatch.setattr(Vault, "read", vanishing)
    together = lint_folder(vault, use_cache=False, parallel=True)
    monkeypatch.setattr(Vault, "read", read)
    monkeypatch.setattr(parallel, "MIN_NOTES", 10**9)
    assert together == lint_folder(vault, use_cache=False)
    assert together.notes == alone.notes - 2 and together.diagnostics != alone.diagnostics


@pytest.mark.parametrize("helpers", [1, 3])
def test_paths_limit_the_findings_as_in_one_process(
    vault: Path, reads_here: list[str], helpers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    helpers_of(monkeypatch, helpers, forked=parallel._can_fork())
    together = lint_folder(vault, ["Hiring"], use_cache=False, parallel=True)
    monkeypatch.setattr(parallel, "MIN_NOTES", 10**9)
    alone = lint_folder(vault, ["Hiring"], use_cache=False)
    assert together == alone and together.diagnostics


def test_without_a_helper_the_lint_process_reads_everything(
    vault: Path, alone: LintResult, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_start(self: object) -> None:
        raise OSError("no processes left")

    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    monkeypatch.setattr("multiprocessing.context.SpawnProcess.start", cannot_start)
    monkeypatch.setattr("multiprocessing.context.ForkProcess.start", cannot_start)
    assert lint_folder(vault, use_cache=False, parallel=True) == alone
    assert len(reads_here) == alone.notes


@pytest.mark.parametrize("forked", [True, False])
def test_a_helper_that_cannot_start_among_several_leaves_its_share_to_the_others(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    started: list[parallel.Helper],
    forked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    helpers_of(monkeypatch, 3, forked)
    kind = "ForkProcess" if forked else "SpawnProcess"
    start = getattr(multiprocessing.context, kind).start
    starts: list[object] = []

    def second_cannot_start(self: object) -> None:
        starts.append(self)
        if len(starts) == 2:
            raise OSError("no processes left")
        start(self)

    monkeypatch.setattr(f"multiprocessing.context.{kind}.start", second_cannot_start)
    assert_same(lint_folder(vault, use_cache=False, parallel=True), alone)
    assert [helper.process is not None for helper in started] == [True, False, True]
    assert 0 < len(reads_here) < alone.notes


@pytest.mark.parametrize("forked", [True, False])
def test_helpers_that_read_other_schemas_leave_their_share(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    forked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    helpers_of(monkeypatch, 2, forked)
    start = parallel.Helpers.start

    def other_config(self: parallel.Helpers, config: Any, *rest: Any) -> None:
        start(self, replace(config, fingerprint="edited meanwhile"), *rest)

    monkeypatch.setattr(parallel.Helpers, "start", other_config)
    assert_same(lint_folder(vault, use_cache=False, parallel=True), alone)
    assert sorted(reads_here) == sorted(set(reads_here)) and len(reads_here) == alone.notes


def victim_of(
    monkeypatch: pytest.MonkeyPatch, folder: Path, reply: int
) -> Callable[[], int | None]:
    """The first helper to send its ``reply``-th reply (1: its summaries, 2: its findings)
    ends instead; the victim's pid, once the run is over."""
    folder.mkdir()
    marker = folder / "victim"
    send = parallel._reply
    sent: list[str] = []  # in each forked helper, its own copy

    def dying(connection: Any, status: str, payload: Any) -> None:
        sent.append(status)
        if len(sent) == reply:
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                pass
            else:
                marker.write_text(str(os.getpid()))
                os._exit(1)
        send(connection, status, payload)

    monkeypatch.setattr(parallel, "_reply", dying)
    return lambda: int(marker.read_text()) if marker.exists() else None


@pytest.mark.parametrize("helpers", [1, 3])
@pytest.mark.parametrize(
    "reply",
    [1, 2],  # before the swap (its notes are read here), after it (read and checked here)
)
def test_a_helper_that_dies_leaves_its_notes_to_the_lint_process(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    helpers: int,
    reply: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    helpers_of(monkeypatch, helpers, forked=True)
    log = ReadLog(monkeypatch, tmp_path / "log", helpers + 1)
    victim = victim_of(monkeypatch, tmp_path / "victim", reply)
    assert_same(lint_folder(vault, use_cache=False, parallel=True), alone)
    reads = log.by_process()
    lost = reads[victim() or 0]  # it read a share, then ended
    assert lost and set(lost) <= set(reads[os.getpid()])  # read here after all
    every = [path for pid, paths in reads.items() if pid != victim() for path in paths]
    assert len(every) == len(set(every)) == alone.notes  # the others' notes were read once


@pytest.mark.parametrize("forked", [True, False])
@pytest.mark.parametrize("step", ["turn_in", "results"])
def test_a_helper_whose_pipe_breaks_among_several_leaves_its_share(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    forked: bool,
    step: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As the lint process sees a helper whose pipe breaks before it turns in its summaries
    # (its notes are read here) or its findings (its notes are read and checked here).
    helpers_of(monkeypatch, 3, forked)
    receive = getattr(parallel.Helper, step)
    broken: list[parallel.Helper] = []

    def breaking(self: parallel.Helper) -> object:
        if not broken and (step == "turn_in" or self.summaries):
            broken.append(self)
            self.close()
        return receive(self)

    monkeypatch.setattr(parallel.Helper, step, breaking)
    assert_same(lint_folder(vault, use_cache=False, parallel=True), alone)
    assert broken
    if step == "results":
        assert broken[0].summaries and set(broken[0].summaries) <= set(reads_here)


def test_a_library_caller_gets_no_helper_unless_it_asks(
    vault: Path, alone: LintResult, reads_here: list[str]
) -> None:
    assert lint_folder(vault, use_cache=False) == alone
    assert len(reads_here) == alone.notes


def test_a_helper_started_before_the_run_is_taken_by_it(
    vault: Path, alone: LintResult, reads_here: list[str], spawned: None
) -> None:
    parallel.prestart(vault.resolve())
    assert parallel._prestarted is not None
    assert lint_folder(vault, parallel=True) == alone
    assert parallel._prestarted is None and 0 < len(reads_here) < alone.notes


def test_helpers_started_before_the_run_are_joined_by_more_as_its_walk_finds_notes(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    started: list[parallel.Helper],
    spawned: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: 3)
    parallel.prestart(vault.resolve())
    assert len(started) == 1  # the notes it counted: worth one
    assert_same(lint_folder(vault, parallel=True), alone)
    assert len(started) == 2 and parallel._prestarted is None


def test_a_helper_started_before_the_run_is_not_left_behind(
    vault: Path, reads_here: list[str], spawned: None
) -> None:
    parallel.prestart(vault.resolve())
    helpers = parallel._prestarted
    assert helpers is not None and [helper.process for helper in helpers.members]
    parallel.discard()
    assert parallel._prestarted is None
    for helper in helpers.members:
        assert helper.process is not None
        helper.process.join(timeout=5)
        assert helper.process.exitcode is not None


def test_no_helper_is_started_before_a_run_that_has_a_cache_or_few_notes(
    vault: Path, alone: LintResult, monkeypatch: pytest.MonkeyPatch, spawned: None
) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    parallel.prestart(vault.resolve())  # 25 notes: too few
    assert parallel._prestarted is None
    monkeypatch.setattr(parallel, "MIN_NOTES", 1)
    lint_folder(vault)  # leaves its result cache
    parallel.prestart(vault.resolve())
    assert parallel._prestarted is None
    parallel.prestart(vault.resolve(), use_cache=False)
    assert parallel._prestarted is not None
    parallel.discard()


def test_a_forked_helper_is_not_started_before_the_run(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked helper has nothing to start up: it is made when the run knows it needs one,
    with every module the lint process has imported by then."""
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_NOTES", 1)
    parallel.prestart(vault.resolve(), use_cache=False)
    assert parallel._prestarted is None


@pytest.fixture
def named(vault: Path) -> LintResult:
    """The golden vault with a likely duplicate candidate (VT214) and an interviewer's name
    misspelled in one log (VT213); the findings of one process."""
    candidates = vault / "Hiring" / "Candidates"
    (candidates / "Ada Lovelase.md").write_text("---\ntype: candidate\n---\n", encoding="utf-8")
    logs = vault / "Hiring" / "Interviews"
    first = logs / "2025-07-01 Ada Lovelace - get-to-know (Maria).md"
    text = first.read_text(encoding="utf-8").replace("[Maria Svensson]", "[Maria Svenson]")
    (logs / "2025-07-02 Ada Lovelace - get-to-know (Maria).md").write_text(text, "utf-8")
    found = lint_folder(vault, use_cache=False)
    assert {"VT213", "VT214"} <= {finding.code for finding in found.diagnostics}
    return found


def people_checked_by(monkeypatch: pytest.MonkeyPatch, log: Path) -> Callable[[], list[int]]:
    """The pids of the processes that check the people the notes name (forked helpers
    inherit the patch and write to the same file)."""
    people = parallel._people

    def logged(vault: Vault) -> object:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return people(vault)

    monkeypatch.setattr(parallel, "_people", logged)
    return lambda: [int(line) for line in log.read_text(encoding="utf-8").split()]


def last_to_check_links(monkeypatch: pytest.MonkeyPatch, here: bool) -> None:
    """The lint process (``here``) or its helpers finish their link checks well after the
    other side has."""
    lint_process = os.getpid()
    check_links = parallel._Share.check_links

    def slow(self: parallel._Share, *arguments: Any) -> object:
        if (os.getpid() == lint_process) == here:
            time.sleep(0.5)
        return check_links(self, *arguments)

    monkeypatch.setattr(parallel._Share, "check_links", slow)


@pytest.mark.parametrize(
    ("helper_first", "helper_dies"),
    [(True, False), (False, False), (True, True)],  # dies: after it took them, unsent
)
def test_the_people_are_checked_once_by_the_helper_whichever_process_is_done_first(
    vault: Path,
    named: LintResult,
    reads_here: list[str],
    helper_first: bool,
    helper_dies: bool,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # The run's tail (its result, the cache) is the lint process's alone: the helper, idle
    # then, checks the names even when the lint process is done with its links first.
    helpers_of(monkeypatch, 1, forked=True)
    checked_by = people_checked_by(monkeypatch, tmp_path / "people")
    last_to_check_links(monkeypatch, here=helper_first)
    victim = victim_of(monkeypatch, tmp_path / "victim", 3) if helper_dies else None
    assert_same(lint_folder(vault, use_cache=False, parallel=True), named)
    assert 0 < len(reads_here) < named.notes  # the helper read a share
    [pid] = checked_by()
    assert pid != os.getpid()
    if victim is not None:
        # It took them and ended; they were found here all the same (named has them).
        assert victim() == pid


def test_the_people_are_checked_here_when_the_helper_stopped_before_the_swap(
    vault: Path,
    named: LintResult,
    reads_here: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    helpers_of(monkeypatch, 1, forked=True)
    checked_by = people_checked_by(monkeypatch, tmp_path / "people")
    victim = victim_of(monkeypatch, tmp_path / "victim", 1)  # before its summaries are sent
    assert_same(lint_folder(vault, use_cache=False, parallel=True), named)
    assert victim() not in (None, os.getpid())
    assert checked_by() == [os.getpid()]  # once, as soon as this process's links are


@pytest.mark.parametrize("forked", [True, False])
def test_people_found_by_a_helper_are_kept_in_the_cache(
    vault: Path,
    named: LintResult,
    reads_here: list[str],
    forked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    helpers_of(monkeypatch, 1, forked)
    last_to_check_links(monkeypatch, here=True)
    assert_same(lint_folder(vault, parallel=True), named)
    again = lint_folder(vault, parallel=True)
    assert again.from_cache
    assert_same(again, named)


def cache_blocks(vault: Path) -> int:
    """How many blocks of findings the vault's lint cache holds (see ResultCache.write)."""
    data = ResultCache(vault.resolve()).path.read_bytes()
    return int.from_bytes(data[:8], "little") - 1  # the first block is the run's head


@pytest.mark.parametrize("helpers", [1, 3])
@pytest.mark.parametrize(
    "reply",
    [None, 3, 4],  # none; the first helper's 3rd (the people's names, or its part), 4th
)
def test_each_process_keeps_its_part_of_the_cache_and_one_that_dies_has_it_made_here(
    vault: Path,
    named: LintResult,
    reads_here: list[str],
    helpers: int,
    reply: int | None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    helpers_of(monkeypatch, helpers, forked=True)
    log = ReadLog(monkeypatch, tmp_path / "log", helpers + 1)
    victim = victim_of(monkeypatch, tmp_path / "victim", reply) if reply else None
    assert_same(lint_folder(vault, parallel=True), named)
    if victim is not None:
        assert victim() not in (None, os.getpid())  # it sent its findings, then ended
    # One part per process that checked notes, whoever made it.
    assert cache_blocks(vault) == len(log.by_process()) > 1
    again = lint_folder(vault, parallel=True)
    assert again.from_cache
    assert_same(again, named)


def test_a_note_a_helper_read_as_it_was_edited_is_checked_again_by_the_next_run(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each process stamps the notes it reads as it opens them; a helper sends its stamps
    # with its findings. Every note is edited right after its text is read, whoever reads
    # it: the next run must see every one of them as changed.
    helpers_of(monkeypatch, 1, forked=True)
    read = vault_module._read_file

    def edited_after(full: str, root: str) -> object:
        found = read(full, root)
        with open(full, "a", encoding="utf-8") as note:
            note.write("\n")
        return found

    monkeypatch.setattr(vault_module, "_read_file", edited_after)
    assert_same(lint_folder(vault, parallel=True), alone)
    assert 0 < len(reads_here) < alone.notes  # the helper read a share
    monkeypatch.setattr(vault_module, "_read_file", read)
    again = lint_folder(vault)
    assert not again.from_cache and again.rechecked == alone.notes


def test_notes_that_cannot_be_read_leave_the_helper_at_work(
    vault: Path,
    reads_here: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # A note that cannot be read (VT100) has no stamp of its reading: the helper sends the
    # stamps it has, and the lint process takes the others itself.
    helpers_of(monkeypatch, 1, forked=True)

    def unreadable(full: str, root: str) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", full)

    monkeypatch.setattr(vault_module, "_read_file", unreadable)
    alone = lint_folder(vault, use_cache=False)
    assert {finding.code for finding in alone.diagnostics} >= {"VT100"}
    log = ReadLog(monkeypatch, tmp_path / "log", 2)
    assert_same(lint_folder(vault, parallel=True), alone)
    reads = log.by_process()
    every = [path for paths in reads.values() for path in paths]
    assert len(reads) == 2 and len(every) == len(set(every))  # none read again here
    assert lint_folder(vault).from_cache
