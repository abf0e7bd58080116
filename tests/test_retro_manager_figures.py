"""What a manager decides with: workload, time to hire, offers, sources, rejections by stage
and consistency, on a small hand-made vault whose figures are worked out here.

2025-Q3, every candidate DE Mid:

    candidate  first contact  source       decision (date)        offer (outcome)
    Ann        07-01          referral     hired (08-20)          08-20 (accepted)
    Ben        07-10          inbound      offer (09-01)          09-01 (declined)
    Cy         07-15          inbound      rejected (07-25), reason "SQL basics"
    Dee        08-01          inbound      offer (09-20)          09-20 (no answer yet)
    Eve        06-20 (Q2)     agency       rejected (07-05), no reason, never interviewed
    Fox        08-05          (none)       pending
    Gil, Hal   09-01, 09-02   inbound      pending

    interview                      interviewers (first writes the log; one log each)
    Ann  get-to-know 07-08         Maria                     Why sections all written
    Ann  technical   07-15         Maria+Jonas, Jonas+Maria  (2 logs)
    Ann  case        07-29 case X  Maria+Jonas, Jonas+Maria  (2 logs)
    Ann  final       08-12         Maria
    Ben  get-to-know 07-17         Maria                     no "Why this company"
    Ben  technical   07-24         Maria
    Ben  case        08-07 case Y  Maria
    Cy   get-to-know 07-20         Priya                     all written
    Cy   technical   07-24         Priya+Maria               (1 log, two interviewers)
    Dee  get-to-know 08-10         Maria                     "Why this industry" only a comment
    Dee  technical   08-20         Maria
    Dee  case        09-01 case X  Maria
    Dee  final       09-10         Maria

13 interviews, 15 logs.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from vault_tools import generate
from vault_tools.stats import proportion
from vault_tools.vault import Vault

from conftest import MakeVault

FILLED = "## Why this role\nData.\n\n## Why this industry\nEnergy.\n\n## Why this company\nTeam.\n"


def candidate(first_contact: str, decision: str, *lines: str) -> str:
    return (
        "---\ntype: candidate\nrole: DE\nlevel: Mid\n"
        f"first_contact: 2025-{first_contact}\ndecision: {decision}\n"
        + "".join(line + "\n" for line in lines)
        + "---\n"
    )


def log(who: str, stage: str, day: str, interviewers: str, body: str = "", case: str = "") -> str:
    return (
        f'---\ntype: interview\ncandidate: "[[{who}]]"\nrole: DE\nlevel: Mid\nstage: {stage}\n'
        f"date: 2025-{day}\ninterviewers: [{interviewers}]\n"
        + (f'case: "[[{case}]]"\n' if case else "")
        + f"notes_written: 2025-{day}T18:00\n"  # written up (an unfinished log is no gap)
        + "---\n"
        + body
    )


VAULT = {
    "Ann.md": candidate(
        "07-01",
        "hired",
        "source: referral",
        "decision_date: 2025-08-20",
        "notified: 2025-08-20",
        "offer_date: 2025-08-20",
        "offer_outcome: accepted",
        "start_date: 2025-09-15",
    ),
    "Ben.md": candidate(
        "07-10",
        "offer",
        "source: inbound",
        "decision_date: 2025-09-01",
        "notified: 2025-09-01",
        "offer_date: 2025-09-01",
        "offer_outcome: declined",
    ),
    "Cy.md": candidate(
        "07-15",
        "rejected",
        "source: inbound",
        "decision_date: 2025-07-25",
        "notified: 2025-07-26",
        "rejection_reason: SQL basics",
    ),
    "Dee.md": candidate(
        "08-01",
        "offer",
        "source: inbound",
        "decision_date: 2025-09-20",
        "notified: 2025-09-20",
        "offer_date: 2025-09-20",
    ),
    "Eve.md": candidate("06-20", "rejected", "source: agency", "decision_date: 2025-07-05"),
    "Fox.md": candidate("08-05", "pending"),
    "Gil.md": candidate("09-01", "pending", "source: inbound"),
    "Hal.md": candidate("09-02", "pending", "source: inbound"),
    "X.md": "---\ntype: case\nrole: DE\nlevel: Mid\nstatus: ready\n---\n",
    "Y.md": "---\ntype: case\nrole: DE\nlevel: Mid\nstatus: ready\n---\n",
    "L/ann1.md": log("Ann", "get-to-know", "07-08", "Maria", FILLED),
    "L/ann2a.md": log("Ann", "technical", "07-15", "Maria, Jonas"),
    "L/ann2b.md": log("Ann", "technical", "07-15", "Jonas, Maria"),
    "L/ann3a.md": log("Ann", "case", "07-29", "Maria, Jonas", case="X"),
    "L/ann3b.md": log("Ann", "case", "07-29", "Jonas, Maria", case="X"),
    "L/ann4.md": log("Ann", "final", "08-12", "Maria"),
    "L/ben1.md": log(
        "Ben", "get-to-know", "07-17", "Maria", FILLED.split("## Why this company")[0]
    ),
    "L/ben2.md": log("Ben", "technical", "07-24", "Maria"),
    "L/ben3.md": log("Ben", "case", "08-07", "Maria", case="Y"),
    "L/cy1.md": log("Cy", "get-to-know", "07-20", "Priya", FILLED),
    "L/cy2.md": log("Cy", "technical", "07-24", "Priya, Maria"),
    "L/dee1.md": log(
        "Dee", "get-to-know", "08-10", "Maria", FILLED.replace("Energy.", "%% ask next time %%")
    ),
    "L/dee2.md": log("Dee", "technical", "08-20", "Maria"),
    "L/dee3.md": log("Dee", "case", "09-01", "Maria", case="X"),
    "L/dee4.md": log("Dee", "final", "09-10", "Maria"),
}


@pytest.fixture
def retro(make_vault: MakeVault) -> generate.Retrospective:
    return generate.retrospective(Vault.open(make_vault(VAULT)), "2025-Q3")


@pytest.fixture
def figures(retro: generate.Retrospective) -> Any:
    assert (retro.figures["interviews"], retro.figures["logs"]) == (13, 15)
    return retro.figures


def person(name: str) -> dict[str, str]:
    return {"name": name, "path": f"{name}.md"}


def share(successes: int, n: int) -> dict[str, object]:
    return proportion(successes, n).to_dict()


def test_workload_counts_interviews_sat_in_and_logs_written(figures: Any) -> None:
    # Maria sits in every interview but Cy's get-to-know: 12 of 13. Jonas: Ann's technical and
    # case; Priya: Cy's two. Logs: Maria 11 (15 - Jonas's 2 - Priya's 2).
    workload = figures["workload"]
    assert workload["interviews"] == 13
    rows = {row["interviewer"]: row for row in workload["interviewers"]}
    assert [row["interviewer"] for row in workload["interviewers"]] == ["Maria", "Jonas", "Priya"]
    assert {name: (row["interviews"], row["logs"]) for name, row in rows.items()} == {
        "Maria": (12, 11),
        "Jonas": (2, 2),
        "Priya": (2, 2),
    }
    assert rows["Maria"]["by_stage"] == {"get-to-know": 3, "technical": 4, "case": 3, "final": 2}
    assert rows["Priya"]["by_stage"] == {"get-to-know": 1, "technical": 1, "case": 0, "final": 0}
    assert rows["Maria"]["share"] == share(12, 13)
    # More than half of at least 5 interviews, and 6 times the next one: clearly too much.
    assert workload["heavy"] == "Maria"


def test_a_shared_load_gets_no_sentence(make_vault: MakeVault) -> None:
    # Maria 3 of 4 interviews, but Jonas 2: not twice as many as anyone else.
    files = {
        "Ann.md": candidate("07-01", "pending"),
        "L/a.md": log("Ann", "get-to-know", "07-02", "Maria"),
        "L/b.md": log("Ann", "technical", "07-03", "Maria, Jonas"),
        "L/c.md": log("Ann", "case", "07-04", "Jonas"),
        "L/d.md": log("Ann", "final", "07-05", "Maria"),
        "L/e.md": log("Ann", "final", "07-06", "Priya"),
    }
    retro = generate.retrospective(Vault.open(make_vault(files)), "2025-Q3")
    assert retro.figures["workload"]["heavy"] is None
    assert "a load worth sharing" not in retro.markdown


def test_time_to_hire_from_first_contact_to_the_offer(figures: Any) -> None:
    # Ann 07-01 -> 08-20: 50 days (accepted); Ben 07-10 -> 09-01: 53; Dee 08-01 -> 09-20: 50.
    time_to_hire = figures["time_to_hire"]
    assert time_to_hire["to_offer"] == {
        "n": 3,
        "median_days": 50.0,
        "longest_days": 53,
        "longest": [person("Ben")],
    }
    assert time_to_hire["to_accepted_offer"] == {
        "n": 1,
        "median_days": 50.0,
        "longest_days": 50,
        "longest": [person("Ann")],
    }
    assert [(row["name"], row["days"], row["offer_outcome"]) for row in time_to_hire["offers"]] == [
        ("Ann", 50, "accepted"),
        ("Ben", 53, "declined"),
        ("Dee", 50, None),
    ]


def test_days_before_each_step(figures: Any) -> None:
    # get-to-know (from first contact): Ann 7, Ben 7, Cy 5, Dee 9.
    # technical: Ann 7, Ben 7, Cy 4, Dee 10. case: Ann 14, Ben 14, Dee 12.
    # final: Ann 14, Dee 9. offer (from the last stage): Ann 8, Ben 25, Dee 10.
    steps = {step["step"]: step for step in figures["time_to_hire"]["steps"]}
    summary = {
        name: (step["n"], step["median_days"], step["longest_days"]) for name, step in steps.items()
    }
    assert summary == {
        "get-to-know": (4, 7.0, 9),
        "technical": (4, 7.0, 10),
        "case": (3, 14.0, 14),
        "final": (2, 11.5, 14),
        "offer": (3, 10.0, 25),
    }
    assert steps["case"]["longest"] == [person("Ann"), person("Ben")]


def test_offers_and_their_outcomes(figures: Any) -> None:
    offers = figures["offers"]
    assert (offers["made"], offers["accepted"], offers["declined"], offers["pending"]) == (
        3,
        1,
        1,
        1,
    )
    # Acceptance counts the answered offers only: 1 of 2.
    assert offers["acceptance"] == share(1, 2)


def test_sources_of_the_candidates_who_started_this_quarter(figures: Any) -> None:
    # Eve's first contact was in Q2: not counted. Inbound: Ben, Cy, Dee, Gil, Hal (5, so
    # shares); technical: Ben, Cy, Dee; offer: Ben, Dee; hired: none.
    sources = figures["sources"]
    assert sources["candidates"] == 7
    rows = {row["source"]: row for row in sources["sources"]}
    assert list(rows) == ["referral", "inbound", "not recorded"]
    assert {
        name: (row["candidates"], row["reached_technical"], row["offer"], row["hired"])
        for name, row in rows.items()
    } == {"referral": (1, 1, 1, 1), "inbound": (5, 3, 2, 0), "not recorded": (1, 0, 0, 0)}
    assert rows["inbound"]["reached_technical_share"] == share(3, 5)
    assert rows["inbound"]["hired_share"] == share(0, 5)
    # Below 5 candidates, counts only.
    assert rows["referral"]["offer_share"] is None


def test_rejections_by_the_furthest_stage_with_their_reasons(figures: Any) -> None:
    rejections = figures["rejections_by_stage"]
    assert (rejections["rejected"], rejections["with_reason"]) == (2, 1)
    assert rejections["stages"] == [
        {
            "stage": "before any interview",
            "rejected": 1,
            "candidates": [{**person("Eve"), "reason": None}],
        },
        {
            "stage": "technical",
            "rejected": 1,
            "candidates": [{**person("Cy"), "reason": "SQL basics"}],
        },
    ]


def test_consistency_of_cases_and_why_sections(figures: Any) -> None:
    consistency = figures["consistency"]
    # DE Mid: X for Ann and Dee, Y for Ben: different cases, a finding to read.
    assert consistency["cases"] == [
        {
            "role": "DE",
            "level": "Mid",
            "candidates": 3,
            "cases": [
                {"case": "X", "path": "X.md", "candidates": 2},
                {"case": "Y", "path": "Y.md", "candidates": 1},
            ],
            "varied": True,
        }
    ]
    # Get-to-know logs: Ann and Cy have all three; Ben lacks one, Dee's holds only a comment.
    assert consistency["why_sections"] == share(2, 4)
    assert consistency["why_sections_unknown"] == 0
    assert [entry["path"] for entry in consistency["why_sections_missing"]] == [
        "L/ben1.md",
        "L/dee1.md",
    ]


def test_a_case_log_without_its_case_linked_is_no_second_case(make_vault: MakeVault) -> None:
    def case_log(who: str, case: str) -> str:
        return (
            f'---\ntype: interview\ncandidate: "[[{who}]]"\nrole: DE\nlevel: Mid\nstage: case\n'
            f"date: 2025-07-01\ninterviewers: [Maria]\n{case}---\n"
        )

    root = make_vault(
        {
            "X.md": "---\ntype: case\n---\n",
            "L/ann.md": case_log("Ann", 'case: "[[X]]"\n'),
            "L/ben.md": case_log("Ben", ""),
        }
    )
    result = generate.retrospective(Vault.open(root), "2025-Q3")
    (row,) = result.figures["consistency"]["cases"]
    assert [use["case"] for use in row["cases"]] == ["X", None]
    assert row["varied"] is False  # one case, and one log that does not say which
    assert "different cases" not in result.markdown


def test_the_lean_vault_of_the_watcher_counts_the_same_why_sections(
    make_vault: MakeVault,
) -> None:
    root = make_vault(VAULT)
    lean = generate.retrospective(Vault.open(root, lean=True), "2025-Q3")
    assert (
        lean.figures["consistency"]
        == generate.retrospective(Vault.open(root), "2025-Q3").figures["consistency"]
    )


def test_the_note_shows_each_figure_with_its_n(retro: generate.Retrospective) -> None:
    markdown = retro.markdown
    for heading in (
        "## Workload",
        "## Time to hire",
        "## Offers",
        "## Sources",
        "## Rejections by stage",
        "## Consistency",
    ):
        assert heading in markdown
    assert "**Maria sat in 12 of 13 interviews**" in markdown
    assert "To an offer: median 50 days (n=3), longest 53 days" in markdown
    assert "| Maria | 12 | 11 | 3 | 4 | 3 | 2 | 12/13 (92%) |" in markdown  # all of them: no CI
    # No percentage below n = 5: the acceptance of 2 answered offers is a count and interval.
    assert re.search(r"\| Accepted, of those answered \| 1/2 \(95% CI \d+–\d+%\) \|", markdown)
    assert "| inbound | 5 | 3/5 (60%, 95% CI" in markdown
    assert "| referral | 1 | 1 | 1 | 1 |" in markdown
    assert "[[Cy]]: SQL basics" in markdown
    assert "- DE Mid: 3 candidates got 2 different cases." in markdown
    assert "*Why* sections written (role, industry, company): 2/4 (95% CI" in markdown


def test_json_carries_every_new_key(retro: generate.Retrospective) -> None:
    assert {
        "workload",
        "time_to_hire",
        "offers",
        "sources",
        "rejections_by_stage",
        "consistency",
    } <= set(retro.figures)


def test_a_log_not_written_up_yet_is_no_gap_in_the_figures(make_vault: MakeVault) -> None:
    """A log `new` just made (no `notes_written`: unfinished, as the SPEC has it) has empty
    scores, no recommendation and empty *Why* sections: not yet a choice of its interviewer.
    It is counted apart, never as "missing", "not assessed" or "missing a *Why*"."""
    written = log("Ann", "get-to-know", "07-01", "Maria") + "## Why this role\n\n"
    fresh = log("Ben", "get-to-know", "07-02", "Maria").replace(
        "notes_written: 2025-07-02T18:00\n", "scores:\n  competence:\n"
    )
    root = make_vault({"L/ann log.md": written, "L/ben log.md": fresh})
    retro = generate.retrospective(Vault.open(root), "2025-Q3")
    counts = retro.figures["recommendations"]
    assert (counts["missing"], counts["unfinished"]) == (1, 1)
    assert retro.figures["scores"]["competence"]["not_assessed"] == 0
    assert retro.figures["scores"]["competence"]["unfinished"] == 1
    consistency = retro.figures["consistency"]
    assert [entry["path"] for entry in consistency["why_sections_missing"]] == ["L/ann log.md"]
    assert consistency["why_sections_unfinished"] == 1
    assert "| strong-no | no | yes | strong-yes | missing | unfinished | Logs |" in retro.markdown
    assert "; 1 not written up yet, not counted." in retro.markdown
    assert "| Not assessed | Unfinished | Interviews at 3 or 4 |" in retro.markdown
    (root / "L/ann log.md").unlink()
    alone = generate.retrospective(Vault.open(root), "2025-Q3")
    assert "No get-to-know log of this quarter is written up yet (1 unfinished)" in (alone.markdown)


def test_a_notes_written_that_cannot_be_read_is_no_unfinished_log(make_vault: MakeVault) -> None:
    """`notes_written: 2025-07-32T10:00` is written (lint checks the log as finished and says
    the value is wrong, VT206): its empty recommendation is missing, not unfinished."""
    text = log("Ann", "get-to-know", "07-01", "Maria").replace(
        "notes_written: 2025-07-01T18:00", "notes_written: 2025-07-32T10:00"
    )
    retro = generate.retrospective(Vault.open(make_vault({"L/ann.md": text})), "2025-Q3")
    counts = retro.figures["recommendations"]
    assert (counts["missing"], counts["unfinished"]) == (1, 0)
    assert retro.figures["independence"]["unfinished"] == 0
