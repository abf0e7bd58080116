"""The hiring model: tolerant reading of interview, candidate and case notes; quarters; waiting."""

from __future__ import annotations

import datetime as dt

import pytest

from vault_tools.hiring import (
    WAITING_DECISION,
    WAITING_FIRST_INTERVIEW,
    WAITING_NOTIFICATION,
    Quarter,
    load_hiring,
    moment_is_after,
    progress_of,
    quarter_of,
    read_moment,
)
from vault_tools.vault import Vault

from conftest import MakeVault


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-Q3", Quarter(2025, 3)), ("2025q1", Quarter(2025, 1)), (" 2024-Q4 ", Quarter(2024, 4))],
)
def test_quarter_parse(text: str, expected: Quarter) -> None:
    assert Quarter.parse(text) == expected


@pytest.mark.parametrize("text", ["2025-Q5", "2025-3", "Q3", "last quarter"])
def test_quarter_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_quarter_bounds_and_membership() -> None:
    q4 = Quarter(2025, 4)
    assert (q4.start, q4.end) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31)
    assert q4.next() == Quarter(2026, 1)
    assert dt.datetime(2025, 12, 31, 23, 59) in q4
    assert dt.date(2026, 1, 1) not in q4
    assert quarter_of(dt.date(2025, 7, 1)) == Quarter(2025, 3)
    assert str(Quarter(2025, 3)) == "2025-Q3"


@pytest.mark.parametrize(
    ("first", "second", "after"),
    [
        (dt.datetime(2025, 8, 26, 14), dt.datetime(2025, 8, 26, 10), True),
        (dt.datetime(2025, 8, 26, 9), dt.datetime(2025, 8, 26, 10), False),
        # A day without a time cannot be shown to be later than a time on that day.
        (dt.date(2025, 8, 26), dt.datetime(2025, 8, 26, 10), False),
        (dt.date(2025, 8, 27), dt.datetime(2025, 8, 26, 10), True),
        # One side with an offset, one without: compared as written, not a crash.
        (
            dt.datetime(2025, 8, 26, 11, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            dt.datetime(2025, 8, 26, 10),
            True,
        ),
    ],
)
def test_moment_is_after(first: dt.date, second: dt.date, after: bool) -> None:
    assert moment_is_after(first, second) is after


def test_read_moment_accepts_obsidian_text_dates() -> None:
    assert read_moment("2025-08-26") == dt.date(2025, 8, 26)
    assert read_moment("2025-08-26T14:35") == dt.datetime(2025, 8, 26, 14, 35)
    assert read_moment("yesterday") is None
    assert read_moment("2025-02-30") is None
    assert read_moment(20250826) is None
    utc = dt.timezone.utc
    assert read_moment("2025-08-26T14:35Z") == dt.datetime(2025, 8, 26, 14, 35, tzinfo=utc)
    assert read_moment("2025-08-26T23:59:60") is None  # lint's VT206 says so


def test_a_whole_number_written_as_a_decimal_is_that_score(make_vault: MakeVault) -> None:
    """`competence: 2.0` passes the schema's "integer" (lint says nothing), so the figures
    count it as the 2 it is, not as a value that cannot be read."""
    text = LOG.format(
        stage="technical",
        date="2025-09-02",
        interviewers="[Maria]",
        competence="2.0",
        recommendation="yes",
        extra="",
    )
    (log,) = load_hiring(Vault.open(make_vault({"Logs/a.md": text}))).interviews
    assert log.scores["competence"] == 2


LOG = """---
type: interview
candidate: "[[Ann]]"
role: DE
level: Mid
stage: {stage}
date: {date}
interviewers: {interviewers}
scores:
  competence: {competence}
  creativity: null
  business_sense: 3
recommendation: {recommendation}
{extra}---
"""


def test_interview_values_that_do_not_fit_are_none_not_errors(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "Ann.md": "---\ntype: candidate\ndecision: maybe\nperformance_6m: 9\n---\n",
            "Logs/a.md": LOG.format(
                stage="lunch",
                date="someday",
                interviewers="Maria",
                competence=7,
                recommendation="perhaps",
                extra="notes_written: soon\n",
            ),
            "Logs/b.md": "---\ntype: interview\nscores: [1, 2]\ninterviewers: {a: 1}\n---\n",
            "Logs/c.md": "---\ntype: interview\n: broken\n  yaml: [\n---\n",
        }
    )
    hiring = load_hiring(Vault.open(root))
    by_path = {log.path: log for log in hiring.interviews}
    a = by_path["Logs/a.md"]
    assert a.candidate is not None and a.candidate.path == "Ann.md"
    assert (a.stage, a.date, a.recommendation) == (None, None, None)
    # A 7 (lint: VT204) is not a deliberate "not assessed" (null): left out, not counted.
    assert a.scores == {"creativity": None, "business_sense": 3}
    assert [p.name for p in a.interviewers] == ["Maria"]  # a single name is a list of one
    assert a.notes_written is None and a.independence == "no debrief"
    b = by_path["Logs/b.md"]
    assert b.scores == {} and b.interviewers == () and b.candidate is None
    assert "Logs/c.md" not in by_path  # unreadable frontmatter: nothing to read
    ann = hiring.candidates["Ann.md"]
    assert ann.decision is None and ann.performance_6m is None


def test_links_resolve_and_unresolved_candidates_are_kept_by_name(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "People/Ann.md": "---\ntype: candidate\n---\n",
            "a.md": LOG.format(
                stage="technical",
                date="2025-07-01",
                interviewers='["[[People/Maria Svensson|Maria]]", Jonas]',
                competence=2,
                recommendation="yes",
                extra="",
            ),
            "b.md": LOG.format(
                stage="technical",
                date="2025-07-01",
                interviewers="[Jonas, Maria Svensson]",
                competence=3,
                recommendation="no",
                extra="",
            ).replace("[[Ann]]", "[[Nobody Here]]"),
        }
    )
    hiring = load_hiring(Vault.open(root))
    a, b = sorted(hiring.interviews, key=lambda log: log.path)
    assert a.candidate is not None and a.candidate.path == "People/Ann.md"
    assert a.author is not None and a.author.key == "maria svensson"  # same person as plain text
    assert b.candidate is not None and (b.candidate.path, b.candidate.name) == (None, "Nobody Here")
    assert b.recommendation == "no"  # plain `no` is text under YAML 1.2


def test_waiting_on_us(make_vault: MakeVault) -> None:
    def candidate(decision: str, decided: str = "", told: str = "") -> str:
        return (
            f"---\ntype: candidate\nfirst_contact: 2025-06-01\ndecision: {decision}\n"
            f"decision_date: {decided}\nnotified: {told}\n---\n"
        )

    def log(name: str, date: str) -> str:
        return LOG.format(
            stage="technical",
            date=date,
            interviewers="[Maria]",
            competence=3,
            recommendation="yes",
            extra="",
        ).replace("[[Ann]]", f"[[{name}]]")

    root = make_vault(
        {
            "C/Pending.md": candidate("pending"),
            "C/Untold.md": candidate("rejected", "2025-07-05"),
            "C/Done.md": candidate("rejected", "2025-07-05", "2025-07-06"),
            "C/Stale.md": candidate("advanced", "2025-06-20", "2025-06-20"),
            "C/New.md": candidate("pending"),
            "C/Gone.md": candidate("withdrew", "2025-07-02"),
            "C/Screened.md": candidate("rejected", "2025-07-05"),  # no interview
            "C/Offered.md": candidate("offer", "2025-07-05").replace(
                "---\n", "---\noffer_date: 2025-07-05\n", 1
            ),
            "L/1.md": log("Pending", "2025-07-01"),
            "L/2.md": log("Untold", "2025-07-01"),
            "L/3.md": log("Done", "2025-07-01"),
            "L/4.md": log("Stale", "2025-07-01"),
            "L/5.md": log("Gone", "2025-07-01"),
            "L/6.md": log("Offered", "2025-07-01"),
        }
    )
    waiting = {
        p.person.name: (p.waiting_for, p.waiting_since)
        for p in progress_of(load_hiring(Vault.open(root)))
    }
    july_1 = dt.date(2025, 7, 1)
    assert waiting == {
        "Pending": (WAITING_DECISION, july_1),
        # Decided on July 5th but not told: no news to them, they wait since July 1st.
        "Untold": (WAITING_NOTIFICATION, july_1),
        "Done": (None, None),
        # Advanced before the last interview: that decision answered an earlier stage.
        "Stale": (WAITING_DECISION, july_1),
        "New": (WAITING_FIRST_INTERVIEW, dt.date(2025, 6, 1)),
        "Gone": (None, None),
        # Rejected without an interview, not told: waiting since we were first in touch.
        "Screened": (WAITING_NOTIFICATION, dt.date(2025, 6, 1)),
        # An offer made is our decision told, `notified` written or not.
        "Offered": (None, None),
    }


def test_templates_are_not_read(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Templates"}',
            "Templates/Interview.md": "---\ntype: interview\ndate: {{date}}\n---\n",
        }
    )
    assert load_hiring(Vault.open(root)).interviews == ()


_ANY_VALUE = [
    "",
    "null",
    "7",
    "-1",
    "2.5",
    "true",
    "yes",
    "strong-yes",
    "[1, 2]",
    "{a: 1}",
    "2025-13-45",
    "2025-08-26",
    "2025-08-26T14:35",
    "2025-08-26T14:35:00+02:00",
    '"[[Ann]]"',
    '"[[Nobody|x]]"',
    '"[[#heading]]"',
    "[Maria, null, 3]",
    "{competence: 9, creativity: x, business_sense: [1]}",
]
_KEYS = [
    "candidate",
    "role",
    "level",
    "stage",
    "date",
    "interviewers",
    "case",
    "scores",
    "recommendation",
    "notes_written",
    "debrief",
    "decision",
    "decision_date",
    "notified",
    "first_contact",
    "performance_6m",
    "probation_passed",
    "status",
]


def test_no_value_in_any_property_crashes_the_generators(make_vault: MakeVault) -> None:
    """Every odd value in every property of every note type: the generators still run."""
    from vault_tools import generate

    files: dict[str, str | bytes] = {"Ann.md": "---\ntype: candidate\ndecision: hired\n---\n"}
    for index, value in enumerate(_ANY_VALUE):
        for kind in ("interview", "candidate", "case"):
            body = "".join(
                f"{key}: {_ANY_VALUE[(index + offset) % len(_ANY_VALUE)]}\n"
                for offset, key in enumerate(_KEYS)
            )
            files[f"{kind}/{index}.md"] = f"---\ntype: {kind}\n{body}---\n"
        files[f"interview/quarter-{index}.md"] = (
            f'---\ntype: interview\ncandidate: "[[Ann]]"\nstage: technical\n'
            f"date: 2025-07-0{index % 9 + 1}\nscores: {value}\ndebrief: {value}\n---\n"
        )
    vault = Vault.open(make_vault(files))
    planned = generate.plan(vault)
    assert "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md" in planned
    for quarter in load_hiring(vault).quarters():
        generate.retrospective(vault, quarter)


@pytest.mark.parametrize(
    ("notes_written", "debrief", "independence"),
    [
        ("2025-07-12T16:00", "2025-07-12T17:00", "ok"),
        ("2025-07-12T18:00", "2025-07-12T17:00", "violation"),
        # A day without a time (lint: VT206) cannot tell the order on the same day...
        ("2025-07-12", "2025-07-12T09:00", "missing"),
        ("2025-07-12T10:00", "2025-07-12", "missing"),
        ("2025-07-12", "2025-07-12", "missing"),
        # ...but can across days.
        ("2025-07-11", "2025-07-12T09:00", "ok"),
        ("2025-07-13", "2025-07-12T09:00", "violation"),
        ("2025-07-12T23:00", "2025-07-13", "ok"),
    ],
)
def test_independence_is_only_claimed_when_the_order_is_known(
    make_vault: MakeVault, notes_written: str, debrief: str, independence: str
) -> None:
    log = (
        '---\ntype: interview\ncandidate: "[[Ann]]"\nstage: technical\ndate: 2025-07-12\n'
        f"interviewers: [Maria, Jonas]\nnotes_written: {notes_written}\ndebrief: {debrief}\n---\n"
    )
    (interview,) = load_hiring(Vault.open(make_vault({"Log.md": log}))).interviews
    assert interview.independence == independence


@pytest.mark.parametrize(
    ("quarter", "text"),
    [(Quarter(2025, 3), "2025-Q3"), (Quarter(25, 3), "0025-Q3"), (Quarter(1, 1), "0001-Q1")],
)
def test_a_quarter_is_written_with_four_digits(quarter: Quarter, text: str) -> None:
    assert str(quarter) == text
    assert Quarter.parse(text) == quarter


@pytest.mark.parametrize("typo", ["0025-09-09", "2205-09-09"])
def test_a_retrospective_of_a_mistyped_year_is_refreshed_once_the_year_is_fixed(
    make_vault: MakeVault, typo: str
) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    candidate = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n"
    log = (
        '---\ntype: interview\ncandidate: "[[Ana Reyes]]"\nrole: DE\nlevel: Mid\n'
        f"stage: technical\ndate: {typo}\ninterviewers: [Maria]\n---\n"
    )
    root = make_vault({"Hiring/Candidates/Ana Reyes.md": candidate, "Hiring/Log.md": log})
    assert CliRunner().invoke(cli, ["index", str(root)]).exit_code == 0
    mistyped = root / f"Hiring/Retrospectives/{typo[:4]}-Q3 Interview Retrospective.md"
    pipeline = root / "Hiring/Candidate Pipeline.md"
    if typo > "2025":  # a day not come yet: listed as planned, counted in no quarter
        assert not mistyped.exists()
        assert f"| {typo} | [[Ana Reyes]] | technical |" in pipeline.read_text(encoding="utf-8")
    else:
        assert "1 interview" in mistyped.read_text(encoding="utf-8")

    (root / "Hiring/Log.md").write_text(log.replace(typo, "2025-09-09"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    if typo > "2025":
        assert typo not in pipeline.read_text(encoding="utf-8")
    else:
        assert f"updated   Hiring/Retrospectives/{typo[:4]}-Q3" in result.output
        assert "1 interview" not in mistyped.read_text(encoding="utf-8")
    fixed = root / "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
    assert "1 interview" in fixed.read_text(encoding="utf-8")
