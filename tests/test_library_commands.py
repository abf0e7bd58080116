"""What a command does, a library caller gets: the rules live in the library, not in cli.py.

``write_retrospective`` writes no note for a quarter without logs (as ``retro`` does),
``regenerate`` leaves the notes to a running watcher (as ``index`` does), ``create_and_check``
says what is left to fill in (as ``new`` does); and ``--quarter current`` / ``previous``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools import generate, new
from vault_tools.cli import cli
from vault_tools.hiring import Quarter
from vault_tools.lock import VaultLock
from vault_tools.vault import Vault

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "generate" / "vault"
EXAMPLE = HERE.parent / "example_vault"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(FIXTURE, copy)
    return copy


def _notes(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*.md")}


def test_write_retrospective_writes_no_note_for_a_quarter_without_logs(root: Path) -> None:
    before = _notes(root)
    result, outcome = generate.write_retrospective(Vault.open(root), "2019-Q1")
    assert outcome is None
    assert result.figures["logs"] == 0
    assert _notes(root) == before


def test_write_retrospective_updates_the_note_of_a_quarter_that_lost_its_logs(root: Path) -> None:
    note = root / "Hiring" / "Retrospectives" / "2019-Q1 Interview Retrospective.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    block = "%% vault-tools:begin retrospective %%\nold\n%% vault-tools:end retrospective %%\n"
    note.write_text(f"# 2019-Q1\n\n{block}")
    _, outcome = generate.write_retrospective(Vault.open(root), "2019-Q1")
    assert outcome is not None and outcome.written
    assert "No interview logs are dated 2019-01-01 to 2019-03-31." in note.read_text()


def test_retro_writes_the_predictive_value_note_its_retrospective_links_to(
    tmp_path: Path,
) -> None:
    """Every retrospective links to the predictive value over all quarters: a vault kept with
    `retro` alone (no `index`, no watcher) would otherwise hold a link to a missing note."""
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    linked = vault / "Hiring" / "Retrospectives" / "Predictive value.md"
    made_by_index = linked.read_bytes()
    linked.unlink()
    runner = CliRunner()
    first = runner.invoke(cli, ["retro", str(vault), "--quarter", "2025-Q3"])
    assert first.exit_code == 0, first.output
    assert "created   Hiring/Retrospectives/Predictive value.md" in first.output
    assert linked.read_bytes() == made_by_index
    again = runner.invoke(cli, ["retro", str(vault), "--quarter", "2025-Q3"])
    assert "unchanged Hiring/Retrospectives/Predictive value.md" in again.output
    empty = runner.invoke(cli, ["retro", str(vault), "--quarter", "2019-Q1"])
    assert "Predictive value" not in empty.output  # no retrospective, nothing linking to it


def test_write_predictive_value_writes_nothing_in_a_vault_without_logs(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "Note.md").write_text("no hiring here\n")
    assert generate.write_predictive_value(Vault.open(tmp_path)) is None
    assert sorted(path.name for path in tmp_path.rglob("*.md")) == ["Note.md"]


def test_regenerate_leaves_the_notes_to_a_running_watcher(root: Path) -> None:
    before = _notes(root)
    with VaultLock(root):
        run = generate.regenerate(root)
    assert run.outcomes == [] and run.watcher is not None
    assert _notes(root) == before
    again = generate.regenerate(root)
    assert again.watcher is None
    assert any(outcome.written for outcome in again.outcomes)


def test_create_and_check_lists_what_is_left_to_fill_in(tmp_path: Path) -> None:
    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy)
    vault = Vault.open(copy)
    planned = new.plan_interview(
        # Kwame is still waiting on a decision: a new interview is in his window (VT215).
        vault,
        "Kwame Mensah",
        "technical",
        interviewers=("Jonas Berg",),
        date=dt.date(2025, 11, 24),
    )
    created = new.create_and_check(vault, planned)
    assert [outcome.status.value for outcome in created.outcomes] == ["created"]
    # A new log is unfinished (no notes_written): what is left is reminders, not errors.
    assert created.errors == []
    assert {d.code for d in created.left} == {"VT402"}
    assert sorted(d.message for d in created.left) == [
        "section 'Business Sense' is empty",
        "section 'Competence' is empty",
        "section 'Creativity' is empty",
    ]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("current", "2025-11-24", "2025-Q4"),
        ("previous", "2025-11-24", "2025-Q3"),
        ("previous", "2025-01-01", "2024-Q4"),
        ("current", "2025-03-31", "2025-Q1"),
        ("previous", "2025-04-01", "2025-Q1"),
        (" Previous ", "2025-07-15", "2025-Q2"),
        ("2019-Q1", "2025-11-24", "2019-Q1"),
    ],
)
def test_quarter_names_count_from_today(text: str, today: str, expected: str) -> None:
    assert str(Quarter.named(text, dt.date.fromisoformat(today))) == expected


@pytest.mark.parametrize("text", ["", "last", "Q3", "2025-Q5", "next"])
def test_other_quarter_names_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a quarter such as 2025-Q3, current or previous"):
        Quarter.named(text, dt.date(2025, 11, 24))


def test_no_quarter_before_the_first() -> None:
    with pytest.raises(ValueError, match="no quarter before 0001-Q1"):
        Quarter.named("previous", dt.date(1, 2, 3))


def test_the_retrospective_of_the_previous_quarter_by_name(root: Path) -> None:
    vault = Vault.open(root)
    result = generate.retrospective(vault, "previous", today=dt.date(2025, 10, 2))
    assert (str(result.quarter), result.figures["logs"]) == ("2025-Q3", 13)


@pytest.mark.parametrize(("word", "back"), [("current", 0), ("previous", 1)])
def test_retro_quarter_current_and_previous(root: Path, word: str, back: int) -> None:
    quarter = Quarter.of(dt.date.today())
    expected = quarter.previous() if back else quarter
    result = CliRunner().invoke(cli, ["retro", str(root), "--quarter", word, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f'"quarter": "{expected}"' in result.stdout
