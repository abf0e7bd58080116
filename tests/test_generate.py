"""Index notes and retrospectives: golden files, user text kept, idempotent, incremental.

Golden files live in tests/fixtures/generate/expected/, one per generated note of the fixture
vault in tests/fixtures/generate/vault/. After an intended change to the output, regenerate
them and review the diff like code:

    VAULT_TOOLS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_generate.py
    git diff tests/fixtures/generate/expected
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from vault_tools import generate
from vault_tools.errors import ConfigError
from vault_tools.generate import markup
from vault_tools.regions import begin_marker, end_marker
from vault_tools.vault import Vault
from vault_tools.writer import WriteStatus

from conftest import MakeVault

FIXTURES = Path(__file__).parent / "fixtures" / "generate"
UPDATE = os.environ.get("VAULT_TOOLS_UPDATE_GOLDEN") == "1"
# The pipeline keeps who was decided this quarter or the last (since 2025-07-01): Gus Berg,
# hired in May, is in the archive note of 2025.
TODAY = dt.date(2025, 12, 1)
GENERATED = [
    "Hiring/Candidate Pipeline.md",
    "Hiring/Candidates by year/2025.md",
    "Hiring/Case Index.md",
    "Hiring/Interview Index.md",
    "Hiring/Interviews by quarter/2025-Q2.md",
    "Hiring/Interviews by quarter/2025-Q3.md",
    "Hiring/Retrospectives/2025-Q2 Interview Retrospective.md",
    "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md",
    "Hiring/Retrospectives/Predictive value.md",
]


@pytest.fixture
def fixture_vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES / "vault", root)
    return root


def test_plan_lists_indexes_and_only_quarters_with_interviews(fixture_vault: Path) -> None:
    planned = generate.plan(Vault.open(fixture_vault), today=TODAY)
    assert list(planned) == GENERATED
    assert set(planned["Hiring/Interview Index.md"]) == {"interview-index"}
    assert set(planned[GENERATED[-2]]) == {"retrospective"}
    assert set(planned[GENERATED[-1]]) == {"predictive-value"}


@pytest.mark.parametrize("path", GENERATED)
def test_golden(fixture_vault: Path, path: str) -> None:
    outcomes = generate.apply(
        Vault.open(fixture_vault), generate.plan(Vault.open(fixture_vault), today=TODAY)
    )
    assert {o.path: o.status for o in outcomes}[path] is WriteStatus.CREATED
    produced = (fixture_vault / path).read_bytes()
    expected_file = FIXTURES / "expected" / path
    if UPDATE:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_bytes(produced)
    assert produced.decode() == expected_file.read_bytes().decode(), (
        f"{path} differs from its golden file; if the change is intended, regenerate with "
        "VAULT_TOOLS_UPDATE_GOLDEN=1 (see this module's docstring)"
    )


def test_second_run_changes_nothing(fixture_vault: Path) -> None:
    generate.apply(Vault.open(fixture_vault), generate.plan(Vault.open(fixture_vault), today=TODAY))
    before = {p: (fixture_vault / p).stat().st_mtime_ns for p in GENERATED}
    vault = Vault.open(fixture_vault)  # the generated notes are in the vault now
    outcomes = generate.apply(vault, generate.plan(vault, today=TODAY))
    assert {o.status for o in outcomes} == {WriteStatus.UNCHANGED}
    assert {p: (fixture_vault / p).stat().st_mtime_ns for p in GENERATED} == before


def test_generated_notes_are_not_inputs(fixture_vault: Path) -> None:
    vault = Vault.open(fixture_vault)
    generate.apply(vault, generate.plan(vault, today=TODAY))
    vault = Vault.open(fixture_vault)
    generated = [vault.get(path) for path in GENERATED]
    assert all(note is not None for note in generated)
    assert generate.affected(vault, [n for n in generated if n is not None]) == set()


def test_user_text_around_the_block_survives(fixture_vault: Path) -> None:
    path = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
    vault = Vault.open(fixture_vault)
    generate.apply(vault, generate.plan(vault, today=TODAY))
    note = fixture_vault / path
    created = note.read_text(encoding="utf-8")
    assert created.startswith(
        "---\ntags: [hiring, generated]\n---\n# 2025-Q3 Interview Retrospective"
    )
    assert created.endswith(
        "## Reflection\n\nWhat went well, what surprised you, what to change next quarter.\n"
    )

    # The user edits everything outside the block, in CRLF with a BOM, and stales the block.
    begin, end = begin_marker("retrospective"), end_marker("retrospective")
    head = (
        "\ufeff---\r\ntags: [hiring, generated, mine]\r\nreviewed: 2025-10-03\r\n---\r\n"
        "# Q3, my way\r\n\r\nRead with [[Hiring]] in mind.\r\n\r\n"
    )
    tail = "\r\n## Reflection\r\n\r\nWe keep rejecting split panels. Talk to Jonas.\r\n"
    note.write_bytes(f"{head}{begin}\r\nstale\r\n{end}\r\n{tail}".encode())
    outcomes = generate.apply(
        Vault.open(fixture_vault), generate.plan(Vault.open(fixture_vault), today=TODAY)
    )
    assert {o.path: o.status for o in outcomes}[path] is WriteStatus.UPDATED
    data = note.read_bytes()
    assert data.startswith(head.encode())
    assert data.endswith(f"{end}\r\n{tail}".encode())
    assert b"stale" not in data and b"## At a glance\r\n" in data
    assert data.count(b"## Reflection") == 1  # never added again

    # And once more: nothing to do.
    outcomes = generate.apply(
        Vault.open(fixture_vault), generate.plan(Vault.open(fixture_vault), today=TODAY)
    )
    assert {o.path: o.status for o in outcomes}[path] is WriteStatus.UNCHANGED


def test_a_deleted_reflection_is_not_brought_back(fixture_vault: Path) -> None:
    path = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
    vault = Vault.open(fixture_vault)
    generate.apply(vault, generate.plan(vault, today=TODAY))
    note = fixture_vault / path
    text = note.read_text(encoding="utf-8")
    note.write_text(text[: text.index("## Reflection")], encoding="utf-8")
    generate.apply(Vault.open(fixture_vault), generate.plan(Vault.open(fixture_vault), today=TODAY))
    assert "## Reflection" not in note.read_text(encoding="utf-8")


def test_broken_markers_refuse_that_note_only(fixture_vault: Path) -> None:
    index = fixture_vault / "Hiring/Case Index.md"
    broken = f"# Cases\n{begin_marker('case-index')}\nmine\n"
    index.write_text(broken, encoding="utf-8")
    outcomes = {o.path: o for o in generate.apply(*_vault_and_plan(fixture_vault))}
    refused = outcomes["Hiring/Case Index.md"]
    assert refused.status is WriteStatus.REFUSED
    assert [(p.code, p.line) for p in refused.problems] == [("VT502", 2)]
    assert index.read_text(encoding="utf-8") == broken
    assert outcomes["Hiring/Interview Index.md"].status is WriteStatus.CREATED


def test_a_note_that_is_not_utf8_is_not_rewritten(fixture_vault: Path) -> None:
    index = fixture_vault / "Hiring/Case Index.md"
    index.write_bytes(b"caf\xe9\n")
    outcomes = {o.path: o for o in generate.apply(*_vault_and_plan(fixture_vault))}
    assert outcomes["Hiring/Case Index.md"].status is WriteStatus.REFUSED
    assert outcomes["Hiring/Case Index.md"].problems[0].code == "VT504"
    assert index.read_bytes() == b"caf\xe9\n"


def test_a_note_changed_while_generating_is_left_alone(
    fixture_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, planned = _vault_and_plan(fixture_vault)
    generate.apply(vault, planned)
    path = "Hiring/Interview Index.md"
    note = fixture_vault / path
    note.write_text(note.read_text(encoding="utf-8") + "\nmine\n", encoding="utf-8")
    real_read = generate.read_note_bytes

    def read_then_user_saves(root: Path, relative: str) -> bytes | None:
        data = real_read(root, relative)
        if relative == path:  # the user saves right after we read
            note.write_text("the user's newest text\n", encoding="utf-8")
        return data

    monkeypatch.setattr(generate, "read_note_bytes", read_then_user_saves)
    planned[path] = {"interview-index": "different"}
    outcomes = {o.path: o for o in generate.apply(vault, planned)}
    assert outcomes[path].status is WriteStatus.CONFLICT
    assert outcomes[path].message == "changed while generating, will retry"
    assert note.read_text(encoding="utf-8") == "the user's newest text\n"


def _vault_and_plan(root: Path) -> tuple[Vault, generate.Plan]:
    vault = Vault.open(root)
    return vault, generate.plan(vault, today=TODAY)


def test_affected_outputs(fixture_vault: Path) -> None:
    vault = Vault.open(fixture_vault)
    q2 = "Hiring/Retrospectives/2025-Q2 Interview Retrospective.md"
    q3 = "Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"
    q3_logs = "Hiring/Interviews by quarter/2025-Q3.md"
    hub = "Hiring/Interview Index.md"
    candidates = {"Hiring/Candidate Pipeline.md", "Hiring/Candidates by year/2025.md"}
    predictive = "Hiring/Retrospectives/Predictive value.md"

    def affected(path: str) -> set[str]:
        note = vault.get(path)
        assert note is not None
        return generate.affected(vault, [note], today=TODAY)

    # Without the values before the change: its quarter's note, the hub, where candidates are
    # listed, and the retrospectives from the candidate's first quarter on.
    assert affected("Hiring/Interviews/2025-07-01 Alice Ng - get-to-know (Maria).md") == {
        hub,
        q3_logs,
        *candidates,
        q3,
    }
    # A hire's log feeds the predictive-value note (over all quarters) and its own quarter's
    # retrospective, not the earlier ones; a case log the case index.
    assert affected("Hiring/Interviews/2025-08-01 Bo Li - case (Priya).md") == {
        hub,
        q3_logs,
        "Hiring/Case Index.md",
        *candidates,
        q3,
        predictive,
    }
    # A candidate note feeds every retrospective (who is still waiting on us), the hires'
    # outcomes and the notes that list candidates, never the interview notes.
    assert affected("Hiring/Candidates/Fay Ortiz.md") == {*candidates, q2, q3, predictive}
    # A log of a non-hire refreshes its quarter and later ones (where the wait carries over).
    assert q2 not in affected("Hiring/Interviews/2025-09-20 Fay Ortiz - technical (Jonas).md")
    assert affected("Hiring/Cases/Churn Case.md") == {"Hiring/Case Index.md"}
    assert affected("Work/Notes.md") == set()


def test_plan_only_some_notes(fixture_vault: Path) -> None:
    vault = Vault.open(fixture_vault)
    only = {"hiring/case index.md"}  # case-insensitive, like the vault
    assert list(generate.plan(vault, only=only)) == ["Hiring/Case Index.md"]


def test_configured_paths_and_columns(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": (
                "indexes:\n"
                "  interviews:\n"
                "    path: People/Interviews\n"
                "    columns: [date, candidate, log]\n"
                "  cases: false\n"
                "retrospectives:\n"
                "  path: 'Reviews/Retro {quarter}.md'\n"
            ),
            "Log.md": (
                '---\ntype: interview\ncandidate: "[[Ann]]"\nstage: technical\n'
                "date: 2025-07-01\n---\n"
            ),
        }
    )
    planned = generate.plan(Vault.open(root), today=TODAY)
    assert list(planned) == [
        "Hiring/Candidate Pipeline.md",
        "Hiring/Interviews by quarter/2025-Q3.md",
        "Hiring/Retrospectives/Predictive value.md",
        "People/Interviews.md",
        "Reviews/Retro 2025-Q3.md",
    ]
    quarter = planned["Hiring/Interviews by quarter/2025-Q3.md"]["interview-quarter"]
    assert "| Date | Candidate | Log |" in quarter
    assert "| 2025-07-01 | Ann | [[Log\\|log]] |" in quarter
    assert "[[People/Interviews|all quarters]]" in quarter


def test_configured_paths_of_the_quarter_and_year_notes(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": (
                "indexes:\n"
                "  interviews: {by_quarter: 'Reports/{quarter} interviews'}\n"
                "  candidates: {by_year: 'Reports/Decided in {year}.md'}\n"
            ),
            "Log.md": (
                '---\ntype: interview\ncandidate: "[[Ann]]"\nstage: technical\n'
                "date: 2024-07-01\n---\n"
            ),
            "Ann.md": "---\ntype: candidate\ndecision: rejected\ndecision_date: 2024-07-05\n"
            "notified: 2024-07-06\n---\n",
        }
    )
    planned = generate.plan(Vault.open(root), today=TODAY)
    assert "Reports/2024-Q3 interviews.md" in planned
    assert "[[Ann]]" in planned["Reports/Decided in 2024.md"]["candidate-archive"]
    pipeline = planned["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]
    assert "[[Reports/Decided in 2024|2024]] (1)" in pipeline
    hub = planned["Hiring/Interview Index.md"]["interview-index"]
    assert "[[Reports/2024-Q3 interviews\\|2024-Q3]]" in hub


@pytest.mark.parametrize(
    "config",
    [
        "indexes: {people: {path: x.md}}",
        "indexes: {interviews: {columns: [date, salary]}}",
        "indexes: {interviews: {path: ../outside.md}}",
        "retrospectives: {path: Hiring/Retro.md}",
        "indexes: {interviews: {by_quarter: Hiring/Interviews by quarter.md}}",
        "indexes: {candidates: {by_year: ../{year}.md}}",
        # One kind of generated note would be read as another's.
        "indexes: {interviews: {by_quarter: 'Hiring/Retrospectives/{quarter} Interview "
        "Retrospective.md'}}",
        "indexes: {cases: {path: Hiring/Candidates by year/2024.md}}",
        "indexes: [1]",
        # The generated note would be read as a candidate and list itself in the pipeline.
        'types: {by_folder: {"Hiring/Candidates": candidate}}\n'
        'indexes: {candidates: {path: "Hiring/Candidates/Candidate Pipeline.md"}}',
        'types: {by_folder: {"hiring": interview}}',  # the default paths, in any case
    ],
)
def test_bad_configuration_is_a_config_error(make_vault: MakeVault, config: str) -> None:
    root = make_vault({".vault-tools/config.yaml": config + "\n"})
    with pytest.raises(ConfigError):
        generate.plan(Vault.open(root))


@pytest.mark.parametrize(
    ("path", "label", "expected"),
    [
        ("Hiring/Candidates/Ann.md", None, "[[Hiring/Candidates/Ann\\|Ann]]"),
        ("Ann.md", None, "[[Ann]]"),
        ("Hiring/Candidates/A|B.md", None, "A\\|B"),
        ("Hiring/Candidates/Ed %% Co.md", None, "Ed &#37;&#37; Co"),
        ("Hiring/C#1/Ann.md", None, "Ann"),
        ("Hiring/Candidates/x]]y.md", None, "x\\]\\]y"),
        ("Hiring/Ann.md", "a]]b", "a\\]\\]b"),
    ],
)
def test_wikilinks_never_break_a_table(path: str, label: str | None, expected: str) -> None:
    assert markup.wikilink(path, label) == expected


def test_text_is_escaped_for_tables_and_tags() -> None:
    assert markup.text("a | b #tag $x$ <b> %% [[x]]") == (
        "a \\| b \\#tag \\$x\\$ \\<b\\> &#37;&#37; \\[\\[x\\]\\]"
    )
    assert markup.text("Mateo Fernández") == "Mateo Fernández"


def test_cli_index_then_retro_json(fixture_vault: Path) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    runner = CliRunner()
    first = runner.invoke(cli, ["index", str(fixture_vault)])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[0] == "created   Hiring/Candidate Pipeline.md"
    again = runner.invoke(cli, ["index", str(fixture_vault)])
    assert {line.split()[0] for line in again.output.splitlines()} == {"unchanged"}

    result = runner.invoke(
        cli, ["retro", str(fixture_vault), "--quarter", "2025-Q3", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    figures = json.loads(result.stdout)
    assert {"quarter", "interviews", "candidates", "by_stage", "recommendations"} <= set(figures)
    assert figures["independence"]["checked"] == 7
    assert figures["independence"]["violations"] == 1
    assert "unchanged" in result.stderr


def test_cli_retro_defaults_to_the_current_quarter(make_vault: MakeVault) -> None:
    import datetime

    from click.testing import CliRunner

    from vault_tools.cli import cli
    from vault_tools.hiring import Quarter

    today = datetime.date.today()
    log = f'---\ntype: interview\ncandidate: "[[Ann]]"\ndate: {today.isoformat()}\n---\n'
    root = make_vault({"Note.md": "# nothing yet\n", "Log.md": log})
    result = CliRunner().invoke(cli, ["retro", str(root)])
    assert result.exit_code == 0, result.output
    current = Quarter.of(today)
    note = root / f"Hiring/Retrospectives/{current} Interview Retrospective.md"
    assert note.exists()
    assert f"{current}: 1 interview, 1 log, 1 candidate" in result.output


def test_cli_retro_of_a_quarter_with_only_planned_interviews_says_so(
    fixture_vault: Path,
) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    log = fixture_vault / "Hiring" / "Interviews" / "2052-08-01 Planned.md"
    log.write_text(
        '---\ntype: interview\ncandidate: "[[Nobody Yet]]"\nstage: technical\n'
        "date: 2052-08-01\n---\n",
        encoding="utf-8",
    )
    arguments = ["retro", str(fixture_vault), "--quarter", "2052-Q3", "--today", "2052-07-15"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert "no note written: no interview of 2052-Q3 has taken place yet (1 planned)" in (
        result.output
    )


def test_cli_retro_writes_no_note_for_a_quarter_without_logs(fixture_vault: Path) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    folder = fixture_vault / "Hiring" / "Retrospectives"
    before = sorted(path.name for path in folder.iterdir()) if folder.exists() else []
    result = CliRunner().invoke(cli, ["retro", str(fixture_vault), "--quarter", "2052-Q3"])
    assert result.exit_code == 0, result.output
    assert "no note written: no interview log is dated in 2052-Q3" in result.output
    after = sorted(path.name for path in folder.iterdir()) if folder.exists() else []
    assert after == before  # a mistyped year creates nothing
    # A note that exists already is kept honest: it now says the quarter has no logs.
    note = folder / "2052-Q3 Interview Retrospective.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text("# 2052-Q3\n\nMy own words.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["retro", str(fixture_vault), "--quarter", "2052-Q3"])
    assert result.exit_code == 0, result.output
    text = note.read_text(encoding="utf-8")
    assert text.startswith("# 2052-Q3\n\nMy own words.\n") and "vault-tools:begin" in text


def test_cli_reports_a_refused_note_and_exits_1(fixture_vault: Path) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    (fixture_vault / "Hiring/Case Index.md").write_text(
        f"{end_marker('case-index')}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["index", str(fixture_vault)])
    assert result.exit_code == 1
    assert "refused   Hiring/Case Index.md" in result.output
    assert "  Hiring/Case Index.md:1:1: VT502 " in result.output


def test_the_example_vaults_generated_notes_are_current(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "example_vault"
    copy = tmp_path / "example"
    shutil.copytree(example, copy)
    vault = Vault.open(copy)
    # The day the example vault was last written in: the pipeline counts days waiting to it.
    planned = generate.plan(vault, today=dt.date(2025, 11, 24))
    stale = [o.path for o in generate.apply(vault, planned) if o.written]
    assert stale == [], (
        f"example_vault's generated notes are out of date: {stale}; run "
        "`.venv/bin/vault-tools index example_vault --today 2025-11-24` and commit them"
    )


def test_a_vault_without_hiring_notes_gets_no_index_notes(make_vault: MakeVault) -> None:
    from click.testing import CliRunner

    from vault_tools.cli import cli

    root = make_vault({"Books/Dune.md": "---\ntags: [book]\n---\n# Dune\n"})
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0
    assert "nothing to generate" in result.output
    assert sorted(p.name for p in root.rglob("*.md")) == ["Dune.md"]


# ---------------------------------------------------------------------------------- layout
def test_an_old_single_index_becomes_the_hub_keeping_the_users_text(fixture_vault: Path) -> None:
    # A vault indexed before the quarter notes existed: every row in the one note, and the
    # user's own writing above and below the block (CRLF, BOM), which must stay as it is.
    head = "\ufeff---\r\ntags: [hiring]\r\n---\r\n# Interviews\r\n\r\nMy intro.\r\n\r\n"
    tail = "\r\n## My notes\r\n\r\nAsk Priya about calibration.\r\n"
    old_rows = "## 2025-Q3\n\n| Date | Candidate |\n| --- | --- |\n| 2025-07-01 | Alice |\n"
    index = fixture_vault / "Hiring/Interview Index.md"
    index.write_bytes(
        f"{head}{begin_marker('interview-index')}\r\n{old_rows}{end_marker('interview-index')}"
        f"\r\n{tail}".encode()
    )
    before = {p.relative_to(fixture_vault) for p in fixture_vault.rglob("*")}
    vault = Vault.open(fixture_vault)
    outcomes = {o.path: o.status for o in generate.apply(vault, generate.plan(vault, today=TODAY))}
    assert outcomes["Hiring/Interview Index.md"] is WriteStatus.UPDATED
    data = index.read_bytes()
    assert data.startswith(f"{head}{begin_marker('interview-index')}\r\n".encode())
    assert data.endswith(f"{end_marker('interview-index')}\r\n{tail}".encode())
    assert b"| 2025-07-01 | Alice |" not in data  # the rows moved to the quarter notes
    assert b"[[Hiring/Interviews by quarter/2025-Q3\\|2025-Q3]] | 13 | 9 | 4 |" in data
    assert before <= {p.relative_to(fixture_vault) for p in fixture_vault.rglob("*")}
    assert outcomes["Hiring/Interviews by quarter/2025-Q3.md"] is WriteStatus.CREATED


def test_an_old_retrospective_loses_its_predictive_section_keeping_the_users_text(
    fixture_vault: Path,
) -> None:
    # Retrospectives written before the predictive value had a note of its own: the section
    # leaves their generated block; what the user wrote around it stays byte for byte.
    path = "Hiring/Retrospectives/2025-Q2 Interview Retrospective.md"
    head = "---\nfrozen: false\n---\n# Q2\n\nMy words.\n\n"
    tail = "\n## Reflection\n\nWe hired well.\n"
    old = "## Predictive value (all quarters)\n\n1 hires, 1 with an outcome recorded.\n"
    note = fixture_vault / path
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(
        f"{head}{begin_marker('retrospective')}\n{old}{end_marker('retrospective')}\n{tail}",
        encoding="utf-8",
    )
    vault = Vault.open(fixture_vault)
    outcomes = {o.path: o.status for o in generate.apply(vault, generate.plan(vault, today=TODAY))}
    assert outcomes[path] is WriteStatus.UPDATED
    text = note.read_text(encoding="utf-8")
    assert text.startswith(f"{head}{begin_marker('retrospective')}\n")
    assert text.endswith(f"{end_marker('retrospective')}\n{tail}")
    assert "1 hires" not in text and "| Hire |" not in text
    assert "[[Hiring/Retrospectives/Predictive value|Predictive value]]" in text
    predictive = (fixture_vault / "Hiring/Retrospectives/Predictive value.md").read_text("utf-8")
    assert "| Hire | Hired | Median score |" in predictive


def test_the_predictive_value_note_is_configurable(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": "retrospectives:\n  predictive_value: Reviews/Hires\n",
            "Log.md": (
                '---\ntype: interview\ncandidate: "[[Ann]]"\nstage: technical\n'
                "date: 2025-07-01\n---\n"
            ),
        }
    )
    planned = generate.plan(Vault.open(root), today=TODAY)
    assert set(planned["Reviews/Hires.md"]) == {"predictive-value"}
    retro = planned["Hiring/Retrospectives/2025-Q3 Interview Retrospective.md"]["retrospective"]
    assert "[[Reviews/Hires|Predictive value]]" in retro


@pytest.mark.parametrize(
    "value",
    ["Hiring/Case Index.md", "Hiring/Retrospectives/2025-Q1 Interview Retrospective.md", 3],
)
def test_a_predictive_value_path_that_collides_is_refused(value: object) -> None:
    with pytest.raises(ConfigError):
        generate.GenerateSettings.from_mapping({"retrospectives": {"predictive_value": value}})


def test_rows_are_newest_first_within_a_quarter_and_across_quarters(fixture_vault: Path) -> None:
    planned = generate.plan(Vault.open(fixture_vault), today=TODAY)
    hub = planned["Hiring/Interview Index.md"]["interview-index"]
    assert hub.index("|2025-Q3]]") < hub.index("|2025-Q2]]")
    quarter = planned["Hiring/Interviews by quarter/2025-Q3.md"]["interview-quarter"]
    dates = [
        line.split(" | ")[0].strip("| ") for line in quarter.splitlines() if line[:4] == "| 20"
    ]
    assert len(dates) == 13 and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("today", "pipeline", "archived"),
    [
        # Everyone decided since the start of the previous quarter stays in the pipeline.
        (dt.date(2025, 9, 30), {"Alice Ng", "Bo Li", "Gus Berg"}, set()),
        (dt.date(2025, 10, 1), {"Alice Ng", "Bo Li"}, {"Gus Berg"}),
        (dt.date(2025, 12, 31), {"Alice Ng", "Bo Li"}, {"Gus Berg"}),
        (dt.date(2026, 1, 1), set(), {"Alice Ng", "Bo Li", "Gus Berg"}),
    ],
)
def test_the_pipeline_keeps_the_last_two_quarters_and_archives_the_rest_by_year(
    fixture_vault: Path, today: dt.date, pipeline: set[str], archived: set[str]
) -> None:
    planned = generate.plan(Vault.open(fixture_vault), today=today)
    decided = {"Alice Ng", "Bo Li", "Gus Berg"}
    listed = planned["Hiring/Candidate Pipeline.md"]["candidate-pipeline"]
    assert {name for name in decided if f"[[{name}]]" in listed} == pipeline
    # Still in process (pending), or decided but not told yet: always in the pipeline.
    assert all(f"{name}" in listed for name in ("Fay Ortiz", "Hal Moe", "Ed &#37;&#37; Co"))
    archive = planned.get("Hiring/Candidates by year/2025.md", {}).get("candidate-archive", "")
    assert {name for name in decided if f"[[{name}]]" in archive} == archived
    if archived:
        assert f"[[Hiring/Candidates by year/2025|2025]] ({len(archived)})" in listed


def test_an_archive_year_left_with_nobody_keeps_its_note_and_says_so(fixture_vault: Path) -> None:
    vault = Vault.open(fixture_vault)
    generate.apply(vault, generate.plan(vault, today=TODAY))
    gus = fixture_vault / "Hiring/Candidates/Gus Berg.md"
    gus.write_text(gus.read_text().replace("decision: hired", "decision: pending"))
    vault = Vault.open(fixture_vault)
    outcomes = {o.path: o.status for o in generate.apply(vault, generate.plan(vault, today=TODAY))}
    assert outcomes["Hiring/Candidates by year/2025.md"] is WriteStatus.UPDATED
    text = (fixture_vault / "Hiring/Candidates by year/2025.md").read_text()
    assert "Nobody: no candidate's process ended in" in text and "Gus Berg" not in text


def test_the_ready_cases_matrix_links_a_few_cases_and_counts_many(make_vault: MakeVault) -> None:
    # With hundreds of ready cases a cell of links is unreadable and made the matrix a
    # quarter of the case index: past READY_LINKS_AT_MOST, a cell gives the number.
    files = {
        f"Cases/{role} {index}.md": (
            f"---\ntype: case\nrole: {role}\nlevel: Mid\nstatus: ready\n---\n# Case\n"
        )
        for role, count in (("DE", 3), ("DS", 4))
        for index in range(count)
    }
    planned = generate.plan(Vault.open(make_vault(files)), today=TODAY)
    matrix = planned["Hiring/Case Index.md"]["case-index"].split("## Ready cases")[1]
    assert "| DE | *none* | [[DE 0]], [[DE 1]], [[DE 2]] |" in matrix
    assert "| DS | *none* | 4 ready | *none* |" in matrix
    assert "[[DS 0" not in matrix


@pytest.mark.parametrize(
    ("outcome", "in_pipeline", "label"),
    [
        ("", True, "offer"),
        ("declined", False, "offer declined"),
        ("accepted", False, "offer accepted"),
    ],
)
def test_an_answered_offer_closes_the_process(
    make_vault: MakeVault, outcome: str, in_pipeline: bool, label: str
) -> None:
    """An offer the candidate answered is decided: it leaves the pipeline like a hire or a
    rejection (here: decided two quarters before today), and says how it was answered."""
    candidate = (
        "---\ntype: candidate\nrole: DE\nlevel: Mid\nfirst_contact: 2025-01-06\n"
        f"decision: offer\ndecision_date: 2025-02-10\nnotified: 2025-02-10\n"
        f"offer_date: 2025-02-10\noffer_outcome: {outcome}\n---\n"
    )
    root = make_vault({"Hiring/Candidates/Ada.md": candidate})
    vault = Vault.open(root)
    generate.apply(vault, generate.plan(vault, today=dt.date(2025, 11, 24)))
    pipeline = (root / "Hiring/Candidate Pipeline.md").read_text(encoding="utf-8")
    archive = root / "Hiring/Candidates by year/2025.md"
    assert ("[[Ada]]" in pipeline) is in_pipeline
    assert archive.exists() is not in_pipeline
    shown = pipeline if in_pipeline else archive.read_text(encoding="utf-8")
    assert f"1 {label}" in shown
