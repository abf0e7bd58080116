"""`vault-tools finish`: notes_written set to the minute, and not one other byte changed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools.cli import cli
from vault_tools.edits import Edit, EditError, apply, edited_bytes, property_span
from vault_tools.finish import FinishError, plan_finish
from vault_tools.vault import Vault

from conftest import MakeVault

AT = dt.datetime(2025, 9, 10, 17, 32, 45)
HEAD = 'type: interview\ncandidate: "[[Ada]]"\nstage: technical\n'
BODY = "\n## Competence\nSolid.\n"


def finish(root: Path, *logs: str) -> tuple[list[Edit], list[str]]:
    edits, done = plan_finish(Vault.open(root), logs, AT)
    return edits, [finished.path for finished in done]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # An empty value: the time goes right after the colon; a comment after it stays.
        (f"---\n{HEAD}notes_written:\ndebrief:\n---\n{BODY}",
         f"---\n{HEAD}notes_written: 2025-09-10T17:32\ndebrief:\n---\n{BODY}"),
        (f"---\n{HEAD}notes_written: # when my notes were done\n---\n{BODY}",
         f"---\n{HEAD}notes_written: 2025-09-10T17:32 # when my notes were done\n---\n{BODY}"),
        # An explicit null is replaced.
        (f"---\n{HEAD}notes_written: null\n---\n{BODY}",
         f"---\n{HEAD}notes_written: 2025-09-10T17:32\n---\n{BODY}"),
        (f"---\n{HEAD}notes_written: ~\ntags: [interview]\n---\n{BODY}",
         f"---\n{HEAD}notes_written: 2025-09-10T17:32\ntags: [interview]\n---\n{BODY}"),
        # No such property: added as the frontmatter's last line.
        (f"---\n{HEAD}---\n{BODY}", f"---\n{HEAD}notes_written: 2025-09-10T17:32\n---\n{BODY}"),
    ],
)  # fmt: skip
def test_notes_written_is_set_in_place(make_vault: MakeVault, before: str, after: str) -> None:
    root = make_vault({"Log.md": before})
    result = CliRunner().invoke(
        cli, ["finish", "Log.md", "--at", "2025-09-10T17:32", "--vault", str(root)]
    )
    assert result.exit_code == 0, result.output
    added = "" if "notes_written" in before else " (added)"
    assert result.output == f"finished  Log.md  (notes_written: 2025-09-10T17:32{added})\n"
    assert (root / "Log.md").read_text(encoding="utf-8") == after


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_line_endings_and_bom_are_kept(make_vault: MakeVault, newline: str, bom: str) -> None:
    text = f"---\n{HEAD}notes_written:\n---\n{BODY}".replace("\n", newline)
    for with_key in (text, text.replace(f"notes_written:{newline}", "")):
        root = make_vault({"Log.md": (bom + with_key).encode()})
        edits, _ = finish(root, "Log.md")
        apply(root, edits)
        data = (root / "Log.md").read_bytes()
        expected = (
            bom + text.replace("notes_written:", "notes_written: 2025-09-10T17:32")
        ).encode()
        assert data == expected


def test_a_finished_log_is_left_as_it_is(make_vault: MakeVault) -> None:
    note = f"---\n{HEAD}notes_written: 2025-09-01T09:00\n---\n{BODY}"
    root = make_vault({"Log.md": note})
    result = CliRunner().invoke(cli, ["finish", "Log", "--vault", str(root)])
    assert result.exit_code == 0
    assert "already: notes_written 2025-09-01T09:00" in result.output
    assert (root / "Log.md").read_text(encoding="utf-8") == note


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ("---\ntype: candidate\n---\n", "a note of type candidate, not an interview log"),
        ("---\ntype: Interview\n---\n", "a note of type Interview, not an interview log"),
        ("# Just text\n", "a note without a type, not an interview log"),
        (f"---\n{HEAD}notes_written:\nnotes_written:\n---\n", "appears twice"),
    ],
)
def test_what_cannot_be_finished_exactly_is_refused(
    make_vault: MakeVault, note: str, words: str
) -> None:
    root = make_vault({"Log.md": note})
    with pytest.raises(FinishError, match=words):
        finish(root, "Log.md")
    result = CliRunner().invoke(cli, ["finish", "Log.md", "--vault", str(root)])
    assert result.exit_code == 2 and words in result.output
    assert (root / "Log.md").read_text(encoding="utf-8") == note


def test_dry_run_shows_the_change_and_writes_nothing(make_vault: MakeVault) -> None:
    note = f"---\n{HEAD}notes_written:\n---\n{BODY}"
    root = make_vault({"Log.md": note})
    result = CliRunner().invoke(
        cli, ["finish", "Log.md", "--at", "2025-09-10T17:32", "--dry-run", "--vault", str(root)]
    )
    assert result.exit_code == 0
    assert "-notes_written:\n+notes_written: 2025-09-10T17:32\n" in result.output
    assert (root / "Log.md").read_text(encoding="utf-8") == note


def test_an_edit_is_refused_when_its_bytes_changed_since_it_was_planned() -> None:
    data = b"---\na: 1\n---\n"
    span = property_span(data, "a")
    assert span is not None and data[span.value_start : span.value_end] == b"1"
    edit = Edit("N.md", span.value_start, span.value_end, b"1", b"2", 2, "a: 2")
    assert edited_bytes(data, [edit]) == b"---\na: 2\n---\n"
    with pytest.raises(EditError, match="changed since"):
        edited_bytes(b"---\na: 3\n---\n", [edit])


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2025-06-30T18:00", "is before the interview on 2025-07-01"),
        ("2025-07-02T10:00", "is after the debrief (2025-07-02T09:00)"),
        ("2025-07-05T10:00", "is in the future"),
    ],
)
def test_a_time_lint_would_refuse_is_refused(make_vault: MakeVault, at: str, words: str) -> None:
    note = f"---\n{HEAD}date: 2025-07-01\nnotes_written:\ndebrief: 2025-07-02T09:00\n---\n"
    root = make_vault({"Log.md": note})
    with pytest.raises(FinishError, match=re.escape(words)):
        plan_finish(
            Vault.open(root),
            ["Log.md"],
            dt.datetime.fromisoformat(at),
            now=dt.datetime(2025, 7, 3, 12, 0),
        )
    assert (root / "Log.md").read_text(encoding="utf-8") == note


def test_a_notes_written_that_is_no_time_is_not_taken_for_finished(make_vault: MakeVault) -> None:
    root = make_vault({"Log.md": f"---\n{HEAD}notes_written: yesterday\n---\n"})
    with pytest.raises(FinishError, match="notes_written holds 'yesterday', not a date-time"):
        finish(root, "Log.md")


def test_at_is_not_applied_to_a_finished_log_and_says_so(make_vault: MakeVault) -> None:
    root = make_vault({"Log.md": f"---\n{HEAD}notes_written: 2025-09-01T09:00\n---\n"})
    result = CliRunner().invoke(
        cli, ["finish", "Log.md", "--at", "2025-09-01T10:00", "--vault", str(root)]
    )
    assert result.exit_code == 0
    assert "--at not applied: edit it by hand to change it" in result.output
