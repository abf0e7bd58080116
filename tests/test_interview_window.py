"""VT215: an interview log dated outside its candidate's window (first contact to final
decision), found on the log, naming the candidate's dates; also through lint's cache and its
helper process, which know the candidate note only by its summary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vault_tools.lint import lint, lint_folder
from vault_tools.vault import Vault

from conftest import MakeVault


def candidate(
    first_contact: str = "2025-06-01", decision: str = "pending", decided: str = ""
) -> str:
    return (
        "---\ntype: candidate\nrole: DE\nlevel: Mid\n"
        f"first_contact: {first_contact}\ndecision: {decision}\n"
        + (f"decision_date: {decided}\nnotified: {decided}\n" if decided else "")
        + "---\n"
    )


def log(day: str, stage: str = "technical") -> str:
    return (
        f'---\ntype: interview\ncandidate: "[[Ada]]"\nrole: DE\nlevel: Mid\nstage: {stage}\n'
        f"date: {day}\ninterviewers: [Maria]\n---\n"
    )


def window_findings(root: Path) -> list[tuple[str, int, str, str]]:
    return [
        (d.path, d.line, d.severity.value, d.message)
        for d in lint(Vault.open(root))
        if d.code == "VT215"
    ]


def test_an_interview_before_the_first_contact_names_the_candidates_day(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"Ada.md": candidate("2025-06-10"), "I.md": log("2025-06-01")})
    assert window_findings(root) == [
        (
            "I.md",
            7,
            "warning",
            "interview dated 2025-06-01, before Ada's first_contact 2025-06-10",
        )
    ]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            "rejected",
            ["interview dated 2025-07-20, after Ada's final decision (rejected, 2025-07-10)"],
        ),
        ("hired", ["interview dated 2025-07-20, after Ada's final decision (hired, 2025-07-10)"]),
        # An advance is no final decision: the next stage comes after it.
        ("advanced", []),
    ],
)
def test_an_interview_after_a_final_decision(
    make_vault: MakeVault, decision: str, expected: list[str]
) -> None:
    root = make_vault(
        {"Ada.md": candidate(decision=decision, decided="2025-07-10"), "I.md": log("2025-07-20")}
    )
    assert [message for *_, message in window_findings(root)] == expected


@pytest.mark.parametrize("day", ["2025-06-01", "2025-06-15", "2025-07-10"])
def test_an_interview_inside_the_window_is_fine(make_vault: MakeVault, day: str) -> None:
    root = make_vault(
        {"Ada.md": candidate(decision="rejected", decided="2025-07-10"), "I.md": log(day)}
    )
    assert window_findings(root) == []


def test_a_candidate_dates_change_is_seen_through_the_cache(make_vault: MakeVault) -> None:
    root = make_vault({"Ada.md": candidate("2025-06-01"), "I.md": log("2025-06-05")})
    assert [d.code for d in lint_folder(root).diagnostics if d.code == "VT215"] == []
    # Only the candidate note changes: the log, unchanged, must be checked again.
    path = root / "Ada.md"
    path.write_text(candidate("2025-06-10"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = [(d.path, d.code) for d in lint_folder(root).diagnostics if d.code == "VT215"]
    assert again == [("I.md", "VT215")]


def test_the_helper_process_knows_the_candidates_dates(
    make_vault: MakeVault, reads_here: list[str]
) -> None:
    files: dict[str, str] = {"Ada.md": candidate("2025-06-10")}
    files.update({f"I{index:02d}.md": log("2025-06-01") for index in range(60)})
    root = make_vault(files)
    found = lint_folder(root, use_cache=False, parallel=True).diagnostics
    assert 0 < len(reads_here) < len(files)  # logs were checked where Ada.md was not read
    assert sorted(d.path for d in found if d.code == "VT215") == sorted(
        name for name in files if name != "Ada.md"
    )
