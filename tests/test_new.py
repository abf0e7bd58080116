"""`vault-tools new`: notes from the vault's templates (or the built-in ones), named like the
example vault's notes, never overwriting, never writing outside the vault."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vault_tools.writer as writer_module
from vault_tools import new, rulebook
from vault_tools.cli import cli
from vault_tools.lint import lint
from vault_tools.new import (
    NewNoteError,
    clean_name,
    fill_variables,
    format_moment,
    set_properties,
    yaml_scalar,
)
from vault_tools.note import parse_note
from vault_tools.vault import Vault
from vault_tools.yaml12 import load_mapping

from conftest import MakeVault

EXAMPLE = Path(__file__).parent.parent / "example_vault"
NOW = dt.datetime(2025, 11, 24, 14, 5)
TODAY = "2025-11-24"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(new, "current_time", lambda: NOW)
    monkeypatch.setattr(rulebook, "current_day", NOW.date)  # lint's today is the same day


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy)
    return copy


def run(vault: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["new", *args, "--vault", str(vault)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def properties(path: Path) -> dict[str, object]:
    note = parse_note(path.name, path.read_bytes())
    assert note.problems == ()
    return note.properties


def headings(path: Path) -> list[str]:
    note = parse_note(path.name, path.read_bytes())
    return [heading.text for heading in note.headings]


# ------------------------------------------------------------------ interview logs

THEMES = ["competence", "creativity", "business_sense"]
CASE_SCORES = [*THEMES, "technical_depth", "problem_solving", "communication", "experience"]
WHY = ["Why this role", "Why this industry", "Why this company"]
THEME_SECTIONS = ["Competence", "Creativity", "Business Sense"]


@pytest.mark.parametrize(
    ("stage", "extra", "scores", "sections"),
    [
        ("get-to-know", [], None, [*WHY, "Red Flags", "Thoughts"]),
        ("technical", [], THEMES, [*THEME_SECTIONS, "Red Flags", "Thoughts"]),
        (
            "case",
            ["--case", "Streaming Orders Pipeline"],
            CASE_SCORES,
            [*THEME_SECTIONS, "Red Flags", "Thoughts"],
        ),
        ("final", [], None, ["Red Flags", "Thoughts"]),
    ],
)
def test_an_interview_log_has_its_stages_sections_and_empty_scores(
    example: Path, stage: str, extra: list[str], scores: list[str] | None, sections: list[str]
) -> None:
    code, out, err = run(
        example, "interview", "Kwame Mensah", "--stage", stage, "--interviewer", "Maria Svensson",
        *extra,
    )  # fmt: skip
    name = f"Hiring/Interviews/{TODAY} Kwame Mensah - {stage} (Maria).md"
    assert code == 0, err
    assert out == f"created   {name}  (from Templates/Interview Log.md template)\n"
    log = example / name
    values = properties(log)
    assert values["type"] == "interview"
    assert values["candidate"] == "[[Kwame Mensah]]"
    assert (values["role"], values["level"]) == ("DE", "Senior")  # from the candidate note
    assert values["stage"] == stage
    assert values["date"] == dt.date(2025, 11, 24)
    assert values["interviewers"] == ["Maria Svensson"]
    # The interviewer's own statement (`vault-tools finish`), never the time of creation.
    assert values["notes_written"] is None
    if scores is None:
        assert "scores" not in values
    else:
        assert values["scores"] == dict.fromkeys(scores)  # null: not assessed yet
    assert ("case" in values) == (stage == "case")
    assert headings(log) == sections
    assert "{{" not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("stage", ["get-to-know", "technical", "case", "final"])
def test_a_fresh_log_lints_clean_but_for_the_sections_still_to_write(
    example: Path, stage: str
) -> None:
    extra = ["--case", "Streaming Orders Pipeline"] if stage == "case" else []
    # Kwame is still waiting on a decision (Ada's offer would put a new interview after it: VT215).
    code, _, err = run(
        example,
        "interview",
        "Kwame Mensah",
        "--stage",
        stage,
        "--interviewer",
        "Jonas Berg",
        *extra,
    )
    assert code == 0
    path = f"Hiring/Interviews/{TODAY} Kwame Mensah - {stage} (Jonas).md"
    found = lint(Vault.open(example), paths=[path])
    required = {"get-to-know": WHY, "technical": THEME_SECTIONS, "case": THEME_SECTIONS}
    expected = [f"section '{title}' is empty" for title in required.get(stage, [])]
    # Unfinished (no notes_written yet): reminders, so the log can be committed as it is.
    assert [(d.code, d.severity.value, d.message) for d in found] == [
        ("VT402", "warning", m) for m in expected
    ]
    listed = [line for line in err.splitlines() if "VT402" in line]
    assert len(listed) == len(expected)  # the CLI says what is left to fill in
    if not expected:
        assert "Still to fill in" not in err


def test_a_new_candidate_of_an_interview_planned_ahead_was_contacted_today(
    example: Path,
) -> None:
    # The log of an interview a week ahead: we are in touch with Lena from today on, and
    # nothing counts her as a new contact before the day it is written.
    code, _, _ = run(
        example, "interview", "Lena Holm", "--stage", "get-to-know", "--role", "de",
        "--level", "mid", "--interviewer", "Priya Nair", "--date", "2025-12-03",
    )  # fmt: skip
    assert code == 0
    candidate = properties(example / "Hiring/Candidates/Lena Holm.md")
    assert candidate["first_contact"] == NOW.date()


def test_a_new_candidate_gets_a_note_with_role_and_level(example: Path) -> None:
    code, out, _ = run(
        example, "interview", "Lena Holm", "--stage", "get-to-know", "--role", "de",
        "--level", "mid", "--interviewer", "Priya Nair", "--date", "2025-11-20",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "created   Hiring/Candidates/Lena Holm.md  (from Templates/Candidate.md template)",
        "created   Hiring/Interviews/2025-11-20 Lena Holm - get-to-know (Priya).md"
        "  (from Templates/Interview Log.md template)",
    ]
    candidate = properties(example / "Hiring/Candidates/Lena Holm.md")
    assert candidate["type"] == "candidate"
    assert (candidate["role"], candidate["level"]) == ("DE", "Mid")  # the schema's spelling
    assert candidate["first_contact"] == dt.date(2025, 11, 20)  # the interview, not today
    assert candidate["decision"] == "pending"
    assert candidate["created"] == NOW
    log = properties(example / "Hiring/Interviews/2025-11-20 Lena Holm - get-to-know (Priya).md")
    assert log["candidate"] == "[[Lena Holm]]"
    assert (log["role"], log["level"], log["date"]) == ("DE", "Mid", dt.date(2025, 11, 20))
    vault = Vault.open(example)
    assert lint(vault, paths=["Hiring/Candidates/Lena Holm.md"]) == []
    resolved = vault.resolve("Lena Holm", "Hiring/Interviews/x.md")
    assert resolved.path == "Hiring/Candidates/Lena Holm.md"


def test_the_candidate_is_found_whatever_the_case_of_the_name(example: Path) -> None:
    code, out, _ = run(
        example, "interview", "kwame mensah", "--stage", "final", "--interviewer", "Maria Svensson"
    )
    assert code == 0
    assert out == (
        f"created   Hiring/Interviews/{TODAY} Kwame Mensah - final (Maria).md"
        "  (from Templates/Interview Log.md template)\n"
    )


def test_a_panel_is_listed_with_the_author_first(example: Path) -> None:
    code, _, _ = run(
        example, "interview", "Wei Chen", "--stage", "final", "--interviewer", "Priya Nair",
        "--interviewer", "Maria Svensson", "--date", "2025-09-02",
    )  # fmt: skip
    assert code == 0
    log = example / "Hiring/Interviews/2025-09-02 Wei Chen - final (Priya).md"
    assert properties(log)["interviewers"] == ["Priya Nair", "Maria Svensson"]


MARIA, JONAS = "Maria Svensson", "Jonas Berg"


@pytest.mark.parametrize(
    ("given", "extra", "written", "said"),
    [
        ([MARIA, JONAS, MARIA], [], [MARIA, JONAS], ""),
        # The same name once tidied, as every name is: nothing to say.
        ([MARIA, f"[[{MARIA}]]", "Maria  Svensson"], [], [MARIA], ""),
        # Two spellings of one person on the roster: written once, as the roster writes it.
        (
            ["maria svensson", JONAS, MARIA],
            [],
            [MARIA, JONAS],
            "interviewers 'maria svensson' and 'Maria Svensson' are one person: listed once, "
            "as Maria Svensson",
        ),
        # A close name is another person when the user says so.
        (["Maria Svenson", MARIA], ["--new-person"], ["Maria Svenson", MARIA], ""),
        # One spelling alone, in another case or with accents: the roster's, said so.
        (
            ["maria svensson", "Jönas Berg"],
            [],
            [MARIA, JONAS],
            "interviewer 'maria svensson' is written as Maria Svensson, as it is known",
        ),
    ],
)
def test_each_interviewer_is_listed_once(
    example: Path, given: list[str], extra: list[str], written: list[str], said: str
) -> None:
    panel = [word for name in given for word in ("--interviewer", name)]
    code, _, err = run(example, "interview", "Kwame Mensah", "--stage", "final", *panel, *extra)
    assert code == 0, err
    author = written[0].split()[0]
    log = example / f"Hiring/Interviews/{TODAY} Kwame Mensah - final ({author}).md"
    assert properties(log)["interviewers"] == written
    assert ("one person" in err or "written as" in err) == bool(said)
    assert said in err


def test_role_and_level_can_come_from_the_case(make_vault: MakeVault) -> None:
    vault = make_vault(
        {
            "Hiring/Cases/Churn.md": "---\ntype: case\nrole: DS\nlevel: Mid\nstatus: ready\n---\n",
        }
    )
    code, _, _ = run(
        vault,
        "interview",
        "Bo Li",
        "--stage",
        "case",
        "--case",
        "[[Churn]]",
        "--interviewer",
        "Ann",
    )
    assert code == 0
    log = properties(vault / f"Hiring/Interviews/{TODAY} Bo Li - case (Ann).md")
    assert (log["role"], log["level"], log["case"]) == ("DS", "Mid", "[[Churn]]")
    assert properties(vault / "Hiring/Candidates/Bo Li.md")["role"] == "DS"


# ------------------------------------------------------------------ cases and candidates


def test_a_new_case_is_a_draft_with_role_and_level_filled_in(example: Path) -> None:
    code, out, err = run(example, "case", "Ad Attribution", "--role", "DS", "--level", "Senior")
    assert code == 0
    assert out == "created   Hiring/Cases/Ad Attribution.md  (from Templates/Case.md template)\n"
    path = example / "Hiring/Cases/Ad Attribution.md"
    values = properties(path)
    assert (values["type"], values["role"], values["level"]) == ("case", "DS", "Senior")
    assert values["status"] == "draft"
    text = path.read_text(encoding="utf-8")
    assert "**Role:** DS  \n**Level:** Senior\n" in text
    found = lint(Vault.open(example), paths=["Hiring/Cases/Ad Attribution.md"])
    assert found and {d.severity.value for d in found} == {"warning"}  # a draft: reminders
    assert err.count(": VT40") == 8  # the first reminders, then how many more
    assert f"and {len(found) - 8} more: `vault-tools lint` lists them" in err


def test_a_new_candidate_note(example: Path) -> None:
    code, out, _ = run(example, "candidate", "Nils Berg", "--role", "MLE", "--level", "Junior")
    assert code == 0
    assert out.startswith("created   Hiring/Candidates/Nils Berg.md")
    values = properties(example / "Hiring/Candidates/Nils Berg.md")
    assert values["first_contact"] == dt.date(2025, 11, 24)
    assert lint(Vault.open(example), paths=["Hiring/Candidates/Nils Berg.md"]) == []


@pytest.mark.parametrize(
    ("date", "accepted"),
    [
        ("2025-06-01", True),
        (TODAY, True),
        ("2025-11-25", False),  # tomorrow
        ("2027-01-15", False),
    ],
)
def test_first_contact_is_today_at_the_latest(example: Path, date: str, accepted: bool) -> None:
    """First contact is the day the candidate first talked to us: it has happened. (An
    interview may be planned ahead; its new candidate was contacted today.)"""
    before = snapshot(example)
    code, out, err = run(
        example, "candidate", "Nils Berg", "--role", "MLE", "--level", "Junior", "--date", date
    )
    if accepted:
        assert code == 0, err
        values = properties(example / "Hiring/Candidates/Nils Berg.md")
        assert values["first_contact"] == dt.date.fromisoformat(date)
        return
    assert (code, out) == (2, "")
    assert err == (
        f"Error: first contact {date} is in the future (today is {TODAY}); it is the day the "
        "candidate first talked to us (give --date that day, or leave it out for today)\n"
    )
    assert snapshot(example) == before
    with pytest.raises(NewNoteError, match="is in the future"):
        new.plan_candidate(
            Vault.open(example),
            "Nils Berg",
            role="MLE",
            level="Junior",
            first_contact=dt.date.fromisoformat(date),
        )


# ------------------------------------------------------------------ never overwrite


@pytest.mark.parametrize(
    "args",
    [
        ["candidate", "Ada Okafor"],
        ["candidate", "ada okafor"],
        ["case", "Retail Churn Model", "--role", "DS", "--level", "Mid"],
        ["interview", "Wei Chen", "--stage", "case", "--date", "2025-08-26", "--interviewer",
         "Maria Svensson", "--case", "Fintech Feature Store"],
    ],
)  # fmt: skip
def test_an_existing_note_is_never_overwritten(example: Path, args: list[str]) -> None:
    before = snapshot(example)
    code, out, err = run(example, *args)
    assert code == 1
    assert out == ""
    assert "exists already; vault-tools never overwrites a note" in err
    assert snapshot(example) == before


def test_a_second_run_refuses_and_leaves_the_first_note_alone(example: Path) -> None:
    args = ["interview", "Ada Okafor", "--stage", "final", "--interviewer", "Maria Svensson"]
    assert run(example, *args)[0] == 0
    log = example / f"Hiring/Interviews/{TODAY} Ada Okafor - final (Maria).md"
    log.write_text(log.read_text(encoding="utf-8") + "My notes.\n", encoding="utf-8")
    before = snapshot(example)
    assert run(example, *args)[0] == 1
    assert snapshot(example) == before


# ------------------------------------------------------------------ names and paths


@pytest.mark.parametrize(
    "name",
    [
        "../../outside",
        "Hiring/../../outside",
        "a/b",
        "a\\b",
        "..",
        ".hidden",
        "a:b",
        "a*b",
        "a?b",
        'a"b',
        "a<b",
        "a>b",
        "a|b",
        "a#b",
        "a^b",
        "a[b",
        "a]b",
        "[[a]]b",
        "a\nb",
        "a\tb",
        "a\x00b",
        "a\x1bb",
        "\u202eevil",
        "",
        "   ",
        "name.",
        "CON",
        "nul.txt",
        "x" * 300,
    ],
)
def test_a_name_that_cannot_be_a_file_name_is_refused(tmp_path: Path, name: str) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    with pytest.raises(NewNoteError):
        clean_name(name)
    for args in (
        ["candidate", name],
        ["case", name],
        ["interview", name, "--stage", "technical", "--interviewer", "Ann"],
        ["interview", "Bo", "--stage", "technical", "--interviewer", name],
    ):
        code, out, err = run(vault, *args)
        assert (code, out) == (2, ""), (args, err)
        assert err.startswith("Error: ")
    assert snapshot(tmp_path) == {}  # nothing written, inside the vault or out of it


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Ada Okafor", "Ada Okafor"),
        ("  Ada \u00a0 Okafor  ", "Ada Okafor"),
        ("Mateo Ferna\u0301ndez", "Mateo Fernández"),  # NFD typed, NFC stored
        ("O'Neil-Smith", "O'Neil-Smith"),
        ("Zoë (2nd) & co.x", "Zoë (2nd) & co.x"),
        ("Ada Okafor.md", "Ada Okafor"),
        ("李小龙", "李小龙"),
    ],
)
def test_names_are_tidied(given: str, expected: str) -> None:
    assert clean_name(given) == expected


def test_a_folder_that_leads_outside_the_vault_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    vault = tmp_path / "vault"
    (vault / "Hiring").mkdir(parents=True)
    try:
        os.symlink(outside, vault / "Hiring" / "Candidates", target_is_directory=True)
    except OSError:
        pytest.skip("no symlinks here")
    code, out, _ = run(vault, "candidate", "Bo Li", "--role", "DE", "--level", "Mid")
    assert code == 1
    assert out.startswith("refused   Hiring/Candidates/Bo Li.md")
    assert list(outside.iterdir()) == []


# ------------------------------------------------------------------ other refusals


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stage", "onsite"], "stage 'onsite' is not one of get-to-know, technical, case"),
        (["--stage", "technical", "--role", "PM"], "role 'PM' is not one of DE, DS, MLE"),
        (["--stage", "technical", "--level", "Staff"], "level 'Staff' is not one of"),
        (["--stage", "case", "--case", "No Such Case"], "no case note called 'No Such Case'"),
        (["--stage", "technical", "--case", "Retail Churn Model"], "case interviews only"),
        (["--stage", "case", "--case", "Kwame Mensah"], "is not a case note"),
    ],
)
def test_values_the_schema_does_not_allow_are_refused(
    example: Path, args: list[str], message: str
) -> None:
    before = snapshot(example)
    code, _, err = run(example, "interview", "Ada Okafor", "--interviewer", "Maria Svensson", *args)
    assert code == 2
    assert message in err
    assert snapshot(example) == before


# A candidate the vault has, whose note does not say the role (lint reports that already).
NO_ROLE = "---\ntype: candidate\nlevel: Mid\nfirst_contact: 2025-11-01\ndecision: pending\n---\n"


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        (
            {},
            ["case", "Clickstream", "--level", "Junior"],
            "the case note Hiring/Cases/Clickstream.md needs role (the case schema requires "
            "it): give --role",
        ),
        (
            {},
            ["case", "Clickstream"],
            "the case note Hiring/Cases/Clickstream.md needs role and level (the case schema "
            "requires them): give --role and --level",
        ),
        (
            {"Hiring/Candidates/Bo Li.md": NO_ROLE},
            ["interview", "Bo Li", "--stage", "final", "--interviewer", "Maria Svensson"],
            f"the interview log Hiring/Interviews/{TODAY} Bo Li - final (Maria).md needs role "
            "(the interview schema requires it): give --role",
        ),
        (
            {},
            ["interview", "Kwame Mensah", "--stage", "case", "--interviewer", "Maria Svensson"],
            f"the interview log Hiring/Interviews/{TODAY} Kwame Mensah - case (Maria).md needs "
            "case (the interview schema requires it): give --case",
        ),
    ],
    ids=["case-without-role", "case-without-either", "log-without-role", "case-log-without-case"],
)
def test_a_required_property_an_option_gives_is_asked_for(
    example: Path, files: dict[str, str], args: list[str], message: str
) -> None:
    """Written without it, the note would be born with an error (VT201), as a candidate
    without role and level would."""
    for path, text in files.items():
        (example / path).write_text(text, encoding="utf-8")
    before = snapshot(example)
    code, out, err = run(example, *args)
    assert (code, out) == (1, "")
    assert " ".join(err.split()) == f"Error: {message}"
    assert snapshot(example) == before


BUILTIN_SCHEMAS = Path(new.__file__).parent / "schemas"


def schema_edited(name: str, old: str, replacement: str) -> str:
    text = (BUILTIN_SCHEMAS / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, replacement)


@pytest.mark.parametrize(
    ("files", "args", "refused"),
    [
        # The vault's own schemas decide what is required, not a list in vault-tools.
        (
            {
                ".vault-tools/schemas/case.yaml": schema_edited(
                    "case", "required: [role, level, status]", "required: [role, status]"
                )
            },
            ["case", "Clickstream", "--role", "DE"],
            None,
        ),
        (
            {
                ".vault-tools/schemas/candidate.yaml": schema_edited(
                    "candidate", "required: [role, level,", "required: [source, role, level,"
                )
            },
            ["candidate", "Nils Berg", "--role", "MLE", "--level", "Mid"],
            "the candidate note Hiring/Candidates/Nils Berg.md needs source (the candidate "
            "schema requires it): give --source",
        ),
        # `new interview` has no --source: it says which command has.
        (
            {
                ".vault-tools/schemas/candidate.yaml": schema_edited(
                    "candidate", "required: [role, level,", "required: [source, role, level,"
                )
            },
            ["interview", "Nils Berg", "--stage", "get-to-know", "--interviewer", "Ann"],
            "the candidate note Hiring/Candidates/Nils Berg.md needs source, role and level "
            "(the candidate schema requires them): give --role and --level; create the "
            'candidate first (`vault-tools new candidate "Nils Berg" --source ...`)',
        ),
        # What the vault's template fills in counts.
        (
            {
                ".obsidian/templates.json": '{"folder": "Templates"}',
                "Templates/Case.md": "---\ntype: case\nrole: DE\nlevel:\n---\n# {{title}}\n",
            },
            ["case", "Clickstream", "--level", "Junior"],
            None,
        ),
    ],
    ids=["level-not-required", "source-required", "source-for-interview", "role-in-template"],
)
def test_what_is_asked_for_is_what_the_schema_in_force_requires(
    make_vault: MakeVault, files: dict[str, str], args: list[str], refused: str | None
) -> None:
    vault = make_vault({"Home.md": "# Home\n", **files})
    code, out, err = run(vault, *args)
    if refused is None:
        assert code == 0, err
        assert out.startswith("created   ")
    else:
        assert (code, out) == (1, "")
        assert " ".join(err.split()) == f"Error: {refused}"


NILS = ["new", "candidate", "Nils Berg", "--role", "MLE", "--level", "Mid"]
KWAME_LOG = ["new", "interview", "Kwame Mensah", "--stage", "final", "--interviewer", "Ann"]
NO_TIME = "is no time of day: hours go from 00 to 23, minutes from 00 to 59"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([*NILS, "--date", "2026-02-30"], "is no day: February 2026 has 28 days"),
        ([*NILS, "--date", "2028-02-30"], "is no day: February 2028 has 29 days"),
        ([*KWAME_LOG, "--date", "2026-13-01"], "is no day: a year has 12 months"),
        (["finish", "Log", "--at", "2025-04-31T10:00"], "is no day: April 2025 has 30 days"),
        (["finish", "Log", "--at", "2025-04-30 24:00"], NO_TIME),
        (["index", "--today", "2025-02-29"], "is no day: February 2025 has 28 days"),
        (["retro", "--today", "2025-09-31"], "is no day: September 2025 has 30 days"),
        # Not written in the format: click's own message says so.
        ([*NILS, "--date", "30.02.2026"], "does not match the format '%Y-%m-%d'."),
    ],
)
def test_a_day_that_does_not_exist_is_named_as_such(
    example: Path, args: list[str], said: str
) -> None:
    """2026-02-30 is written in the format YYYY-MM-DD: what is wrong is the day."""
    before = snapshot(example)
    result = CliRunner().invoke(cli, [*args, "--vault", str(example)])
    assert (result.exit_code, result.stdout) == (2, "")
    option, value = args[-2:]
    shown = value if "is no" in said else repr(value)
    assert result.stderr.endswith(f"Error: Invalid value for '{option}': {shown} {said}\n")
    assert snapshot(example) == before


def test_a_name_that_is_another_kind_of_note_is_refused(example: Path) -> None:
    code, _, err = run(
        example, "interview", "Hiring", "--stage", "final", "--interviewer", "Maria Svensson"
    )
    assert code == 2
    assert "'Hiring' is Work/Hiring.md, which is not a candidate note" in err


def test_a_candidate_and_a_case_may_be_given_by_a_partial_path(example: Path) -> None:
    """As a link takes them: the end of the path, `Candidates/Kwame Mensah`."""
    code, out, err = run(
        example, "interview", "Candidates/Kwame Mensah", "--stage", "case",
        "--case", "Cases/Fintech Feature Store", "--interviewer", "Priya Nair",
        "--date", "2025-11-20", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert 'candidate: "[[Kwame Mensah]]"' in out
    assert 'case: "[[Fintech Feature Store]]"' in out


def test_a_partial_path_of_two_notes_is_refused_as_a_name_of_two_is(example: Path) -> None:
    case = example / "Hiring/Cases/Fintech Feature Store.md"
    archived = example / "Archive/Cases/Fintech Feature Store.md"
    archived.parent.mkdir(parents=True)
    archived.write_bytes(case.read_bytes())
    for given in ("Fintech Feature Store", "Cases/Fintech Feature Store"):
        code, _, err = run(
            example, "interview", "Kwame Mensah", "--stage", "case", "--case", given,
            "--interviewer", "Priya Nair", "--date", "2025-11-20", "--dry-run",
        )  # fmt: skip
        assert code == 2, err
        assert "Archive/Cases/Fintech Feature Store.md" in err
        assert "give the path of the one you mean" in err


def test_the_interviewer_is_needed(example: Path) -> None:
    code, _, err = run(example, "interview", "Ada Okafor", "--stage", "final")
    assert code == 2
    assert "--interviewer" in err


def test_dry_run_prints_and_writes_nothing(example: Path) -> None:
    before = snapshot(example)
    code, out, err = run(
        example, "interview", "Lena Holm", "--stage", "technical", "--interviewer", "Jonas Berg",
        "--role", "DE", "--level", "Mid", "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert snapshot(example) == before
    assert "--- Hiring/Candidates/Lena Holm.md (from Templates/Candidate.md template)" in err
    assert out.count("type: candidate") == 1 and out.count("type: interview") == 1


# ------------------------------------------------------------------ templates and config


def test_a_vault_without_templates_gets_the_built_in_ones(make_vault: MakeVault) -> None:
    vault = make_vault({"Home.md": "# Home\n"})
    code, out, _ = run(
        vault, "interview", "Bo Li", "--stage", "technical", "--role", "DE", "--level", "Mid",
        "--interviewer", "Ann Lee",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "created   Hiring/Candidates/Bo Li.md  (from built-in template)",
        f"created   Hiring/Interviews/{TODAY} Bo Li - technical (Ann).md  (from built-in template)",
    ]
    assert run(vault, "case", "Churn", "--role", "DS", "--level", "Mid")[0] == 0
    found = lint(Vault.open(vault))
    assert {d.code for d in found if d.severity.value == "error"} == set()  # an unfinished log
    assert "VT402" in {d.code for d in found}


def test_the_built_in_templates_are_the_example_vaults() -> None:
    for name in ("Interview Log.md", "Case.md", "Candidate.md"):
        shipped = (new.BUILTIN_TEMPLATES / name).read_bytes()
        assert shipped == (EXAMPLE / "Templates" / name).read_bytes(), name


def test_folders_templates_and_interviewer_come_from_the_config(make_vault: MakeVault) -> None:
    vault = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Meta/Templates", "dateFormat": "DD.MM.YYYY"}',
            ".vault-tools/config.yaml": (
                "hiring:\n"
                "  interviewer: Maria Svensson\n"
                "  folders: {interviews: People/Logs, candidates: People}\n"
                "  templates: {interview: Log, candidate: Person.md}\n"
            ),
            "Meta/Templates/Log.md": (
                "---\ntype: interview\nstage:\nrole:\nlevel:\ndate:\ninterviewers:\n"
                "  - somebody\n---\nWritten {{date}} at {{time}}, {{date:dddd}}: {{title}}\n"
            ),
            "Meta/Templates/Person.md": "# {{title}}\n",
        }
    )
    code, out, _ = run(
        vault, "interview", "Bo Li", "--stage", "final", "--role", "DE", "--level", "Mid"
    )
    assert code == 0
    assert out.splitlines() == [
        "created   People/Bo Li.md  (from Meta/Templates/Person.md template)",
        f"created   People/Logs/{TODAY} Bo Li - final (Maria).md"
        "  (from Meta/Templates/Log.md template)",
    ]
    log = (vault / f"People/Logs/{TODAY} Bo Li - final (Maria).md").read_text(encoding="utf-8")
    assert log.endswith(f"Written 24.11.2025 at 14:05, Monday: {TODAY} Bo Li - final (Maria)\n")
    assert "interviewers:\n  - Maria Svensson\n" in log and "somebody" not in log
    person = (vault / "People/Bo Li.md").read_text(encoding="utf-8")
    assert person.startswith("---\ntype: candidate\nrole: DE\nlevel: Mid\n")  # added
    assert person.endswith("---\n# Bo Li\n")


@pytest.mark.parametrize(
    "config",
    [
        "hiring:\n  folder: X\n",
        "hiring:\n  folders: {interview: X}\n",
        "hiring:\n  folders: {cases: ../X}\n",
        "hiring:\n  folders: {cases: .hidden}\n",
        "hiring:\n  templates: {meeting: X.md}\n",
        "hiring:\n  interviewer: [a, b]\n",
    ],
)
def test_a_bad_hiring_setting_is_a_usage_error(make_vault: MakeVault, config: str) -> None:
    vault = make_vault({".vault-tools/config.yaml": config})
    code, _, err = run(vault, "candidate", "Bo Li")
    assert code == 2
    assert "hiring" in err
    assert not (vault / "Hiring").exists()


# ------------------------------------------------------------------ the pieces


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("YYYY-MM-DD", "2025-09-02"),
        ("HH:mm", "14:05"),
        ("YYYY-MM-DD[T]HH:mm:ss", "2025-09-02T14:05:09"),
        ("dddd, MMMM Do YYYY", "Tuesday, September 2nd 2025"),
        ("ddd D MMM YY", "Tue 2 Sep 25"),
        ("h:mm A", "2:05 PM"),
        ("[Week] W, Q[Q]", "Week 36, 3Q"),
        ("DDDD", "245"),
    ],
)
def test_moment_formats(pattern: str, expected: str) -> None:
    assert format_moment(dt.datetime(2025, 9, 2, 14, 5, 9), pattern) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{title}}", "Note"),
        ("{{date}}T{{time}}", "2025-09-02T14:05"),
        ("{{DATE:YYYY}} {{ time : HH }}", "2025 14"),
        ("{{date:}}", "2025-09-02"),
        ("{{tp.date.now()}} <% tp.file.title %> {{x}}",) * 2,
    ],
)  # fmt: skip
def test_obsidian_template_variables(text: str, expected: str) -> None:
    now = dt.datetime(2025, 9, 2, 14, 5)
    assert fill_variables(text, title="Note", now=now) == expected


@pytest.mark.parametrize(
    "value",
    ["DE", "no", "yes", "on", "Off", "null", "~", "12:30", "012", "1.10", "2025-09-02",
     "[[Ada Okafor]]", "Ana: B", "#tag", "a #b", "- x", "O'Neil", 'say "hi"', "trailing ",
     "Mateo Fernández", "{x}", "*star", "&anchor", "!tag", "%", "@", "`x`", "|", ">"],
)  # fmt: skip
def test_yaml_scalars_read_back_as_the_same_text(value: str) -> None:
    text = f"key: {yaml_scalar(value)}\n"
    assert load_mapping(text).values == {"key": value}  # YAML 1.2, as Obsidian reads it
    assert yaml.safe_load(text) == {"key": value}  # and YAML 1.1 readers agree


def test_set_properties_keeps_the_rest_of_the_template() -> None:
    template = (
        "---\n# my comment\ntype: interview\nscores:\n  competence:\n  creativity:\n"
        "interviewers: []\ncustom: keep me\ntags:\n- interview\n---\nBody\n"
    )
    result = set_properties(
        template,
        {"scores": new.REMOVE, "interviewers": ["Ann"], "stage": "final", "tags": ["x"]},
    )
    assert result == (
        "---\n# my comment\ntype: interview\ninterviewers:\n  - Ann\ncustom: keep me\n"
        "tags:\n  - x\nstage: final\n---\nBody\n"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("---\ntype: interview\n", "Templates/Interview Log.md: the frontmatter has no closing"),
        ("---\ntype: interview\nnotes: [{{title}\n---\n", "has broken frontmatter: line"),
    ],
)
def test_a_broken_template_is_named(make_vault: MakeVault, template: str, message: str) -> None:
    vault = make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Templates"}',
            "Templates/Interview Log.md": template,
            "Hiring/Candidates/Bo Li.md": "---\ntype: candidate\n---\n",
        }
    )
    code, _, err = run(vault, "interview", "Bo Li", "--stage", "final", "--interviewer", "Ann")
    assert code == 2
    assert message in err
    assert not (vault / "Hiring/Interviews").exists()


def test_property_names_match_whatever_their_case() -> None:
    assert set_properties("---\nRole:\n---\n", {"role": "DE"}) == "---\nrole: DE\n---\n"


CANDIDATE_NOTE = "---\ntype: candidate\nrole: DE\nlevel: Senior\ndecision: pending\n---\n"


NOW_TEMPLATE = (
    "---\ntype: interview\ndate: {{date:YYYY-MM-DD}}\n"
    "notes_written: {{date:YYYY-MM-DD}}T{{time:HH:mm}}\n---\n## Why this role\n"
)


@pytest.mark.parametrize(
    "template", ["vault", "built-in", "now"], ids=["vault template", "built-in", "fills in now"]
)
@pytest.mark.parametrize("day", ["2025-11-20", TODAY, "2025-11-25", "2026-12-03"])
def test_notes_written_is_left_for_the_interviewer_to_fill_in(
    example: Path, make_vault: MakeVault, template: str, day: str
) -> None:
    files = {"Hiring/Candidates/Kwame Mensah.md": CANDIDATE_NOTE}
    if template == "now":  # a user's own template that stamps the time of creation
        files[".obsidian/templates.json"] = '{"folder": "Templates"}'
        files["Templates/Interview Log.md"] = NOW_TEMPLATE
    vault = example if template == "vault" else make_vault(files)
    code, _, err = run(
        vault, "interview", "Kwame Mensah", "--stage", "get-to-know",
        "--interviewer", "Maria Svensson", "--date", day,
    )  # fmt: skip
    assert code == 0, err
    log = vault / f"Hiring/Interviews/{day} Kwame Mensah - get-to-know (Maria).md"
    values = properties(log)
    assert values["date"] == dt.date.fromisoformat(day)
    assert values["notes_written"] is None  # unfinished until the interviewer says so
    # Lint finds nothing wrong in it (days after the interview, VT212 reminds to finish it).
    assert "VT210" not in err and "notes_written is required" not in err


# macOS (and a vault synced from it) may keep "Zoë" decomposed (NFD: e + U+0308) while a
# name typed on the command line is composed (NFC): one name to the user and to Obsidian.
ZOE_NFC = "Zo\u00eb Ba\u00f1os"
ZOE_NFD = "Zoe\u0308 Ban\u0303os"


@pytest.mark.parametrize("typed", [ZOE_NFC, ZOE_NFD, ZOE_NFC.upper()])
def test_a_candidate_note_is_found_whatever_the_unicode_form_of_its_name(
    make_vault: MakeVault, typed: str
) -> None:
    candidate = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n"
    root = make_vault({f"Hiring/Candidates/{ZOE_NFD}.md": candidate})
    code, _, err = run(root, "interview", typed, "--stage", "technical", "--interviewer", "Maria")
    assert code == 0, err
    logs = list((root / "Hiring/Interviews").iterdir())
    assert len(logs) == 1
    assert properties(logs[0])["candidate"] in (f"[[{ZOE_NFD}]]", f"[[{ZOE_NFC}]]")
    # `new candidate` with the same name finds the note there, and makes no second one.
    code, _, err = run(root, "candidate", typed, "--role", "DE", "--level", "Mid")
    assert code == 1, err
    assert len(list((root / "Hiring/Candidates").iterdir())) == 1


@pytest.mark.parametrize("failing", ["write", "link"])
def test_a_full_disk_leaves_neither_the_candidate_nor_the_log(
    example: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """`new interview` for a new candidate writes two notes: the disk filling up at the second
    (writing it, or linking it into place) must not leave the candidate note without its log."""
    before = snapshot(example)
    calls: list[str] = []
    real_write, real_link = writer_module._write_file, writer_module._link_new

    def full_at_the_second_write(path: Path, content: bytes, mode: int | None) -> object:
        calls.append(str(path))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(path, content, mode)

    def full_at_the_second_link(temporary: Path, target: Path) -> None:
        calls.append(str(target))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_link(temporary, target)

    if failing == "write":
        monkeypatch.setattr(writer_module, "_write_file", full_at_the_second_write)
    else:
        monkeypatch.setattr(writer_module, "_link_new", full_at_the_second_link)
    code, out, _ = run(
        example, "interview", "Lena Holm", "--stage", "get-to-know", "--role", "de",
        "--level", "mid", "--interviewer", "Priya Nair", "--date", "2025-11-20",
    )  # fmt: skip
    assert code == 1 and len(calls) == 2
    lines = out.splitlines()
    assert lines[0].startswith("refused   Hiring/Candidates/Lena Holm.md (not created either")
    assert lines[1].startswith("refused   Hiring/Interviews/2025-11-20 Lena Holm - get-to-know")
    assert "No space left on device" in lines[1]
    assert snapshot(example) == before  # nothing half-made, no temporary file either


def test_new_removes_what_a_killed_run_left_in_its_folder(example: Path) -> None:
    left = example / "Hiring/Candidates/.Ana Reyes.md.vault-tools-0badc0de.tmp"
    left.write_text("---\ntype: candidate\n")
    code, _, _ = run(example, "candidate", "Nils Berg", "--role", "MLE", "--level", "Mid")
    assert code == 0 and not left.exists()
    assert not [p.name for p in (example / "Hiring/Candidates").iterdir() if p.name[0] == "."]


def test_a_candidate_typed_with_extra_spaces_is_the_one_in_the_vault(example: Path) -> None:
    code, out, err = run(
        example, "interview", "Kwame  Mensah ", "--stage", "final", "--interviewer",
        "Maria Svensson", "--date", "2025-11-20",
    )  # fmt: skip
    assert code == 0, err
    assert out == (
        "created   Hiring/Interviews/2025-11-20 Kwame Mensah - final (Maria).md"
        "  (from Templates/Interview Log.md template)\n"
    )
