"""Lint with a helper process: the same findings as one process, whatever the helper does.

The golden lint vault has links across notes (headings, block ids, schema links to typed
notes), so a note checked in one process depends on notes read in the other. Its 25 notes
are far below ``MIN_NOTES``; the tests lower it, and slow the lint process's reading down so
that the helper, which needs a moment to start, gets its share.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from vault_tools import parallel
from vault_tools.lint import LintResult, lint_folder
from vault_tools.schemas import SchemaSet
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


@pytest.mark.parametrize("use_cache", [False, True])
@pytest.mark.parametrize("forked", [True, False])
def test_two_processes_find_what_one_finds(
    vault: Path,
    alone: LintResult,
    reads_here: list[str],
    use_cache: bool,
    forked: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not forked:
        monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    elif not parallel._can_fork():
        pytest.skip("the helper is forked on Linux only")
    together = lint_folder(vault, use_cache=use_cache, parallel=True)
    assert together.diagnostics == alone.diagnostics and together.notes == alone.notes
    assert 0 < len(reads_here) < alone.notes  # each process read a share
    assert together.rechecked == alone.notes


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


def test_progress_counts_both_processes_and_ends_full(
    vault: Path, alone: LintResult, reads_here: list[str]
) -> None:
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


def test_notes_that_vanish_during_the_run_are_forgotten_by_both_processes(
    vault: Path, alone: LintResult, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notes late in reading order, whichever process claims them: links into them must not
    # resolve in either process (and `[[Meeting]]` is no longer ambiguous).
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


def test_paths_limit_the_findings_as_in_one_process(
    vault: Path, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    together = lint_folder(vault, ["Hiring"], use_cache=False, parallel=True)
    monkeypatch.setattr(parallel, "MIN_NOTES", 10**9)
    alone = lint_folder(vault, ["Hiring"], use_cache=False)
    assert together == alone and together.diagnostics


def test_without_a_helper_the_lint_process_reads_everything(
    vault: Path, alone: LintResult, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_start(self: object) -> None:
        raise OSError("no processes left")

    monkeypatch.setattr("multiprocessing.context.SpawnProcess.start", cannot_start)
    monkeypatch.setattr("multiprocessing.context.ForkProcess.start", cannot_start)
    assert lint_folder(vault, use_cache=False, parallel=True) == alone
    assert len(reads_here) == alone.notes


def test_a_helper_that_reads_other_schemas_leaves_its_share(
    vault: Path, alone: LintResult, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    start = parallel.Helper.start

    def other_schemas(self: parallel.Helper, schemas: SchemaSet, *rest: object) -> None:
        start(self, replace(schemas, fingerprint="edited meanwhile"), *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel.Helper, "start", other_schemas)
    assert lint_folder(vault, use_cache=False, parallel=True) == alone
    assert len(set(reads_here)) == alone.notes


def test_a_helper_that_stops_after_the_swap_leaves_its_checks(
    vault: Path, alone: LintResult, reads_here: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel.Helper, "results", lambda self, theirs: None)
    assert lint_folder(vault, use_cache=False, parallel=True) == alone
    assert len(set(reads_here)) == alone.notes  # its notes were read here after all


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


def test_a_helper_started_before_the_run_is_not_left_behind(
    vault: Path, reads_here: list[str], spawned: None
) -> None:
    parallel.prestart(vault.resolve())
    helper = parallel._prestarted
    assert helper is not None and helper.process is not None
    parallel.discard()
    assert parallel._prestarted is None
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
