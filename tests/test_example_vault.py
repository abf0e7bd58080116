"""The example vault is the README's walkthrough: it must lint clean, be current, and keep
the user's seed note exactly as they wrote it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools import rulebook
from vault_tools.cli import cli

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "example_vault"
# sha256 of the user's own note (seed/Hiring.md), which the example vault holds verbatim.
SEED_SHA256 = "00adbc8d616d428da6f8c62ab6ba9a701e13f687abc46ab4fe0035a4d298306c"


def snapshot(root: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def test_the_seed_note_is_byte_for_byte_the_users() -> None:
    data = (EXAMPLE / "Work" / "Hiring.md").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256


def test_the_example_vault_lints_without_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    # The day the example vault was last written in (its newest notes are from November).
    monkeypatch.setattr(rulebook, "current_day", lambda: dt.date(2025, 11, 24))
    before = snapshot(EXAMPLE)
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLE), "--no-cache"])
    assert result.exit_code == 0, result.output
    # What is left are reminders: the one case still being written (a draft), and the
    # interview logs still unfinished (no notes_written) weeks after their interview.
    lines = result.stdout.splitlines()
    draft = [line for line in lines if line.startswith("Hiring/Cases/Warehouse Cost Attribution")]
    unfinished = [line for line in lines if ": VT212 still unfinished: " in line]
    assert draft and unfinished and len(draft) + len(unfinished) == len(lines), result.stdout
    assert {line.split(":")[0] for line in unfinished} == {
        "Hiring/Interviews/2025-06-03 Sofia Lindqvist - get-to-know (Priya).md",
        "Hiring/Interviews/2025-08-05 Rahul Deshmukh - technical (Jonas).md",
    }
    assert result.stderr.startswith("0 errors, ")
    assert snapshot(EXAMPLE) == before  # lint is read-only


def test_indexing_the_example_vault_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "example_vault"
    shutil.copytree(EXAMPLE, copy)
    # The day the example vault was last written in: the pipeline counts days up to it.
    result = CliRunner().invoke(cli, ["index", str(copy), "--today", "2025-11-24"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() and all(
        line.startswith("unchanged ") for line in result.stdout.splitlines()
    ), "run `make demo` (or vault-tools index example_vault) and commit the generated notes"
    assert snapshot(copy) == snapshot(EXAMPLE)


def test_every_generated_note_the_demo_points_at_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    named = re.findall(r"example_vault/([^\"\n(]+?\.md)", demo)
    assert len(named) >= 4, "the demo target prints where to look"
    for relative in named:
        assert (EXAMPLE / relative).is_file(), relative
