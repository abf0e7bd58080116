"""Frozen quarters: a retrospective with `frozen: true` is never rewritten, by any command,
and `retro` says which of its sections would now read differently."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools import generate
from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.generate.incremental import LiveGenerator
from vault_tools.lock import VaultLock
from vault_tools.vault import Vault
from vault_tools.watch import PathFilter, describe
from vault_tools.writer import WriteStatus

FIXTURE = Path(__file__).parent / "fixtures" / "generate" / "vault"
Q3 = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
ALICE = "Hiring/Interviews/2025-07-01 Alice Ng - get-to-know (Maria).md"
TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The fixture vault, indexed once, with its 2025-Q3 retrospective frozen."""
    copy = tmp_path / "vault"
    shutil.copytree(FIXTURE, copy)
    vault = Vault.open(copy)
    generate.apply(vault, generate.plan(vault, today=TODAY))
    note = copy / Q3
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("---\n", "---\nfrozen: true\n", 1), encoding="utf-8")
    return copy


def change_a_log(root: Path) -> None:
    """Alice's get-to-know now says no: the 2025-Q3 figures change."""
    log = root / ALICE
    log.write_text(
        log.read_text(encoding="utf-8").replace("recommendation: yes", "recommendation: no")
    )


def test_index_leaves_a_frozen_retrospective_as_it_is(root: Path) -> None:
    change_a_log(root)
    before = (root / Q3).read_bytes()
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    assert f"frozen    {Q3} (not rewritten: `frozen: true` closes this quarter)" in result.output
    assert "updated   Hiring/Interviews by quarter/2025-Q3.md" in result.output
    assert (root / Q3).read_bytes() == before


@pytest.mark.parametrize("watched", [False, True])
def test_retro_on_a_frozen_quarter_says_which_sections_would_differ(
    root: Path, watched: bool
) -> None:
    """Beside a watcher too: the comparison writes nothing, and the watcher does not keep a
    frozen note either."""
    runner = CliRunner()
    watcher = VaultLock(root) if watched else contextlib.nullcontext()
    with watcher:
        same = runner.invoke(cli, ["retro", str(root), "--quarter", "2025-Q3"])
        assert same.exit_code == 0, same.output
        assert "would not differ" in same.output

        change_a_log(root)
        before = (root / Q3).read_bytes()
        text = runner.invoke(cli, ["retro", str(root), "--quarter", "2025-Q3"])
        assert text.exit_code == 0, text.output
        assert text.output.startswith(f"frozen    {Q3}")
        assert "would now differ: Recommendations\n" in text.output
        assert "watcher" not in text.output

        as_json = runner.invoke(
            cli, ["retro", str(root), "--quarter", "2025-Q3", "--format", "json"]
        )
    assert as_json.exit_code == 0, as_json.output
    figures = json.loads(as_json.stdout)
    assert figures["frozen"]["differs"] == ["Recommendations"]
    assert figures["quarter"] == "2025-Q3"  # the figures as they are now, as for any quarter
    assert (root / Q3).read_bytes() == before


def test_an_unfrozen_quarter_has_no_frozen_key(root: Path) -> None:
    result = CliRunner().invoke(
        cli, ["retro", str(root), "--quarter", "2025-Q2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "frozen" not in json.loads(result.stdout)


def test_the_watcher_leaves_a_frozen_retrospective_as_it_is(root: Path) -> None:
    live = LiveGenerator(
        Vault.open(root, lean=True),
        ignore=PathFilter(Config.load(root)).ignores,
        today=lambda: TODAY,
    )
    live.regenerate_all()
    before = (root / Q3).read_bytes()
    change_a_log(root)
    result = live.refresh([ALICE])
    statuses = {outcome.path: outcome.status for outcome in result.outcomes}
    assert statuses[Q3] is WriteStatus.FROZEN
    assert f"{Q3} frozen" in describe(result)
    assert (root / Q3).read_bytes() == before


@pytest.mark.parametrize("value", ["false", '"true"', "yes"])
def test_only_a_true_checkbox_freezes(root: Path, value: str) -> None:
    note = root / Q3
    note.write_text(note.read_text().replace("frozen: true", f"frozen: {value}"))
    change_a_log(root)
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert f"updated   {Q3}" in result.output
