"""The pipeline's *Waiting on us*: days waiting as a number up to an injectable today,
longest first, those past ``hiring.reply_within_days`` in bold and counted in the first line."""

from __future__ import annotations

import datetime as dt

import pytest

from vault_tools import generate
from vault_tools.errors import ConfigError
from vault_tools.generate.indexes import candidate_pipeline
from vault_tools.generated import GenerateSettings
from vault_tools.hiring import load_hiring
from vault_tools.vault import Vault

from conftest import MakeVault

TODAY = dt.date(2025, 9, 20)


def candidate(first_contact: str, *lines: str) -> str:
    return (
        "---\ntype: candidate\nrole: DE\nlevel: Mid\n"
        f"first_contact: {first_contact}\ndecision: pending\n"
        + "".join(line + "\n" for line in lines)
        + "---\n"
    )


def log(who: str, day: str) -> str:
    return (
        f'---\ntype: interview\ncandidate: "[[{who}]]"\nrole: DE\nlevel: Mid\n'
        f"stage: get-to-know\ndate: {day}\ninterviewers: [Maria]\n---\n"
    )


# Waiting on 2025-09-20: Ann for a decision since her interview on 09-10 (10 days), Ben for a
# first interview since his first contact on 09-17 (3 days), Cy since 09-14 (6 days).
VAULT = {
    "Ann.md": candidate("2025-09-01"),
    "L/ann.md": log("Ann", "2025-09-10"),
    "Ben.md": candidate("2025-09-17"),
    "Cy.md": candidate("2025-09-14"),
}


def pipeline(make_vault: MakeVault, files: dict[str, str], today: dt.date = TODAY) -> str:
    vault = Vault.open(make_vault(files))
    settings = GenerateSettings.from_config(vault.config)
    return candidate_pipeline(load_hiring(vault), settings, today=today)


def waiting_rows(text: str) -> list[str]:
    section = text.split("## Waiting on us", 1)[1].split("##", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "[[" in line]


def test_days_waiting_longest_first_and_the_late_in_bold(make_vault: MakeVault) -> None:
    text = pipeline(make_vault, VAULT)
    assert text.splitlines()[0] == (
        "**3 candidates waiting on us, 2 for longer than 5 days** (days counted to 2025-09-20)."
    )
    rows = waiting_rows(text)
    assert [row.split("|")[1].strip() for row in rows] == [
        "**[[Ann]]**",
        "**[[Cy]]**",
        "[[Ben]]",
    ]
    assert [row.split("|")[-2].strip() for row in rows] == ["**10**", "**6**", "3"]


def test_the_limit_is_hiring_reply_within_days(make_vault: MakeVault) -> None:
    files = {**VAULT, ".vault-tools/config.yaml": "hiring:\n  reply_within_days: 7\n"}
    text = pipeline(make_vault, files)
    assert text.splitlines()[0].startswith(
        "**3 candidates waiting on us, 1 for longer than 7 days**"
    )
    assert "longer than 7 days (`hiring.reply_within_days`)" in text


@pytest.mark.parametrize("value", ["-1", "five", "2.5", "true"])
def test_a_limit_that_is_no_number_of_days_is_a_config_error(
    make_vault: MakeVault, value: str
) -> None:
    root = make_vault({".vault-tools/config.yaml": f"hiring:\n  reply_within_days: {value}\n"})
    with pytest.raises(ConfigError, match="reply_within_days"):
        GenerateSettings.from_config(Vault.open(root).config)


def test_the_text_changes_only_when_the_day_does(make_vault: MakeVault) -> None:
    same_day = pipeline(make_vault, VAULT), pipeline(make_vault, VAULT)
    assert same_day[0] == same_day[1]
    next_day = pipeline(make_vault, VAULT, TODAY + dt.timedelta(days=1))
    assert next_day != same_day[0] and "(days counted to 2025-09-21)" in next_day


def test_nobody_waiting_names_no_day(make_vault: MakeVault) -> None:
    files = {"Ann.md": candidate("2025-09-01", "decision: withdrew", "decision_date: 2025-09-02")}
    text = pipeline(make_vault, files)
    assert text.splitlines()[0] == "Nobody is waiting on us."
    assert text == pipeline(make_vault, files, TODAY + dt.timedelta(days=30))


def test_a_planned_interview_means_the_candidate_is_not_waiting_on_us(
    make_vault: MakeVault,
) -> None:
    # The log of the next interview, written ahead of its day: the candidate has heard from
    # us and waits for that day; once it has passed, they wait for our decision from it.
    root = make_vault(
        {
            "Hiring/Candidates/Ada.md": "---\ntype: candidate\nrole: DE\nlevel: Mid\n"
            "first_contact: 2025-08-01\ndecision: pending\n---\n",
            "Hiring/Interviews/2025-08-10 Ada - get-to-know (Maria).md": "---\ntype: interview\n"
            'candidate: "[[Ada]]"\nstage: get-to-know\ndate: 2025-08-10\n'
            "recommendation: yes\n---\n",
            "Hiring/Interviews/2025-12-02 Ada - technical (Maria).md": "---\ntype: interview\n"
            'candidate: "[[Ada]]"\nstage: technical\ndate: 2025-12-02\n---\n',
        }
    )
    vault = Vault.open(root)
    before = generate.plan(vault, today=dt.date(2025, 11, 24))
    pipeline = before["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]
    assert "Nobody: every candidate has been told our decision, or has an interview planned." in (
        pipeline
    )
    after = generate.plan(vault, today=dt.date(2025, 12, 10))
    pipeline = after["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]
    assert "**1 candidate waiting on us, 1 for longer than 5 days**" in pipeline
    assert "| a decision | 2025-12-02 | **8** |" in pipeline
    # Before its day the interview is listed as planned, and counted nowhere.
    assert "## Interviews planned" in before["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]
    assert "## Interviews planned" not in pipeline


PLANNED_VAULT = {
    "Hiring/Candidates/Ada.md": "---\ntype: candidate\nrole: DE\nlevel: Mid\n"
    "first_contact: 2025-08-01\ndecision: pending\n---\n",
    "Hiring/Interviews/2025-09-18 Ada - final (Maria).md": "---\ntype: interview\n"
    'candidate: "[[Ada]]"\nstage: final\ndate: 2025-09-18\ninterviewers: [Maria]\n'
    "recommendation: yes\n---\n",
    "Hiring/Interviews/2025-12-03 Ada - final (Henrik).md": "---\ntype: interview\n"
    'candidate: "[[Ada]]"\nstage: final\ndate: 2025-12-03\ninterviewers: [Henrik]\n---\n',
}


def test_a_planned_interview_is_in_no_figure_until_its_day(make_vault: MakeVault) -> None:
    # Written ahead for 2025-12-03 and looked at on 2025-11-24: not an interview held. The
    # quarter does not count it, nobody sat in it, and Ada, who has heard from us, is not
    # waiting on us in the retrospective either (as in the pipeline): her next interview is.
    vault = Vault.open(make_vault(PLANNED_VAULT))
    today = dt.date(2025, 11, 24)
    planned = generate.plan(vault, today=today)
    assert "Hiring/Retrospectives/2025-Q4 Interview Retrospective.md" not in planned
    assert "Hiring/Interviews by quarter/2025-Q4.md" not in planned
    q3 = generate.retrospective(vault, "2025-Q3", today=today).markdown
    assert "Waiting for a decision" not in q3
    assert "| [[Ada]] | 2025-09-18 | pending | – | – | – | – | their next interview, on " in q3
    assert "; 1 with an interview planned, not counted." in q3
    pipeline = planned["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]
    rows = pipeline.split("## Interviews planned", 1)[1].split("##", 1)[0]
    assert "| 2025-12-03 | [[Ada]] | final | [[2025-12-03 Ada - final (Henrik)\\|Henrik]] |" in rows
    assert "| 2025-09-18 | yes |" in pipeline  # her last interview held, and what it said
    # On its day it is an interview like any other.
    held = generate.plan(vault, today=dt.date(2025, 12, 3))
    assert "Hiring/Retrospectives/2025-Q4 Interview Retrospective.md" in held
    q3 = held["Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"]["retrospective"]
    assert "their next interview" not in q3  # held: the last interview is in Q4 now
    assert "## Interviews planned" not in held["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]


def test_a_candidate_without_a_note_shows_the_role_and_level_of_their_logs(
    make_vault: MakeVault,
) -> None:
    # Zed has no note (a name known from the log's link alone): their row is plain text.
    text = pipeline(make_vault, {"L/2025-09-10 Zed.md": log("Zed", "2025-09-10")})
    section = text.split("## Waiting on us", 1)[1].split("##", 1)[0]
    assert "| **Zed** | DE | Mid | get-to-know | 2025-09-10 | a decision |" in section


def test_retro_counts_a_planned_interview_from_its_day_as_index_does(
    make_vault: MakeVault,
) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    root = make_vault(PLANNED_VAULT)
    args = ["retro", str(root), "--quarter", "current", "--format", "json", "--today"]
    before = CliRunner().invoke(cli, [*args, "2025-11-24"])
    assert before.exit_code == 0, before.output
    assert '"logs": 0' in before.stdout  # 2025-Q4 on 2025-11-24: the final is planned
    on_the_day = CliRunner().invoke(cli, [*args, "2025-12-03"])
    assert '"quarter": "2025-Q4"' in on_the_day.stdout and '"logs": 1' in on_the_day.stdout


def test_a_log_dated_ahead_for_a_decided_and_told_candidate_is_no_next_interview(
    make_vault: MakeVault,
) -> None:
    """Ada was rejected and told: a log dated ahead for her is a slip (lint: VT215), so the
    retrospective does not say she waits for a next interview."""
    files = dict(PLANNED_VAULT)
    files["Hiring/Candidates/Ada.md"] = files["Hiring/Candidates/Ada.md"].replace(
        "decision: pending\n",
        "decision: rejected\ndecision_date: 2025-09-20\nnotified: 2025-09-22\n",
    )
    vault = Vault.open(make_vault(files))
    q3 = generate.retrospective(vault, "2025-Q3", today=dt.date(2025, 11, 24))
    assert "their next interview" not in q3.markdown
    assert "with an interview planned" not in q3.markdown
