"""A candidate's source, offer and rejection: what the schema asks of them, and `new`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from vault_tools.cli import cli
from vault_tools.lint import lint
from vault_tools.vault import Vault

from conftest import MakeVault

BASE = "type: candidate\nrole: DE\nlevel: Mid\nfirst_contact: 2025-01-06\n"


def findings(make_vault: MakeVault, properties: str) -> list[tuple[int, str, str]]:
    root = make_vault({"C.md": f"---\n{BASE}{properties}---\n"})
    return [(d.line, d.code, d.message) for d in lint(Vault.open(root))]


@pytest.mark.parametrize(
    "properties",
    [
        "decision: pending\nsource: referral\n",
        "decision: rejected\ndecision_date: 2025-02-01\nrejection_reason: SQL fundamentals\n",
        "decision: offer\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n",
        "decision: offer\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n"
        "offer_outcome: declined\n",
        "decision: hired\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n"
        "offer_outcome: accepted\nstart_date: 2025-03-03\n",
        "decision: hired\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n"
        "start_date: 2025-02-01\n",
    ],
)
def test_complete_outcomes_are_clean(make_vault: MakeVault, properties: str) -> None:
    assert findings(make_vault, properties) == []


@pytest.mark.parametrize(
    ("properties", "code", "words"),
    [
        # The source is one of the schema's channels.
        ("decision: pending\nsource: linkedin\n", "VT203", "source"),
        # An offer or a hire has the day of the offer; a hire its first day.
        ("decision: offer\ndecision_date: 2025-02-01\n", "VT201", "offer_date"),
        (
            "decision: hired\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n",
            "VT201",
            "start_date",
        ),
        # An answer without the offer it answers.
        ("decision: pending\noffer_outcome: declined\n", "VT201", "offer_date"),
        ("decision: offer\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n"
         "offer_outcome: maybe\n", "VT203", "offer_outcome"),
        # Dates in the order they happen.
        ("decision: offer\ndecision_date: 2025-02-01\noffer_date: 2025-01-01\n",
         "VT210", "first_contact"),
        ("decision: hired\ndecision_date: 2025-02-01\noffer_date: 2025-02-01\n"
         "start_date: 2025-01-20\n", "VT210", "offer_date"),
    ],
)  # fmt: skip
def test_incomplete_or_out_of_order_outcomes_are_errors(
    make_vault: MakeVault, properties: str, code: str, words: str
) -> None:
    found = findings(make_vault, properties)
    assert [(c, words in message) for _, c, message in found] == [(code, True)], found


def test_new_candidate_records_the_source(make_vault: MakeVault) -> None:
    root = make_vault({".obsidian/app.json": "{}"})
    result = CliRunner().invoke(
        cli,
        ["new", "candidate", "Nils Berg", "--role", "de", "--level", "mid", "--source",
         "Job-Board", "--vault", str(root)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (root / "Hiring/Candidates/Nils Berg.md").read_text(encoding="utf-8")
    assert "\nsource: job-board\n" in text  # spelled as the schema spells it
    assert lint(Vault.open(root)) == []


def test_new_candidate_refuses_an_unknown_source(make_vault: MakeVault) -> None:
    root = make_vault({".obsidian/app.json": "{}"})
    result = CliRunner().invoke(
        cli, ["new", "candidate", "Nils Berg", "--source", "linkedin", "--vault", str(root)]
    )
    assert result.exit_code != 0
    assert "source 'linkedin' is not one of referral, inbound" in result.output
    assert not (root / "Hiring/Candidates/Nils Berg.md").exists()
