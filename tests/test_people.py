"""Known people: the roster, close names (VT213, VT214), and `new` refusing unknown people."""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.diagnostics import Diagnostic
from vault_tools.errors import ConfigError
from vault_tools.lint import lint, lint_folder
from vault_tools.people import _deletions, close_names, closest_names, edit_distance
from vault_tools.rules import people as people_rules
from vault_tools.vault import Vault

from conftest import MakeVault

EXAMPLE = Path(__file__).resolve().parent.parent / "example_vault"
CANDIDATE = "---\ntype: candidate\nrole: DE\nlevel: Mid\nfirst_contact: 2025-06-01\n---\n"
ROSTER = ".vault-tools/config.yaml"


def log(interviewers: str, candidate: str = "Ada") -> str:
    return (
        f'---\ntype: interview\ncandidate: "[[{candidate}]]"\nrole: DE\nlevel: Mid\n'
        f"stage: get-to-know\ndate: 2025-07-01\ninterviewers: {interviewers}\n---\n"
    )


def people_findings(found: list[Diagnostic]) -> list[tuple[str, int, str, str]]:
    return [(d.path, d.line, d.code, d.message) for d in found if d.code in ("VT213", "VT214")]


def both_paths(root: Path) -> list[tuple[str, int, str, str]]:
    """The findings of lint(vault) and of lint_folder, which must agree."""
    opened = people_findings(lint(Vault.open(root)))
    folder = people_findings(lint_folder(root).diagnostics)
    assert folder == opened
    return opened


# ------------------------------------------------------------------------------ the matcher


@pytest.mark.parametrize(
    ("name", "known", "expected"),
    [
        ("Maria Svenson", ["Maria Svensson", "Jonas Berg"], ["Maria Svensson"]),
        ("maria svensson", ["Maria Svensson"], ["Maria Svensson"]),  # case only
        ("Jose Nunez", ["José Núñez"], ["José Núñez"]),  # accents only
        ("Kwame Mensha", ["Kwame Mensah"], ["Kwame Mensah"]),  # two letters swapped: 1 edit
        ("Marai Svenson", ["Maria Svensson"], ["Maria Svensson"]),  # two edits, long name
        ("Mria Svnson", ["Maria Svensson"], []),  # three edits
        ("Anne", ["Ann", "Anna"], ["Anna"]),  # "Ann" is 3 letters: no edit allowed
        ("Tom", ["Tim"], []),
        ("Maria Svensson", ["Maria Svensson"], []),  # itself is no misspelling
        ("Jonas Berg", ["Jonas Bergh", "Jonas Berg2", "Jonas B"], ["Jonas Berg2", "Jonas Bergh"]),
    ],
)
def test_closest_names(name: str, known: list[str], expected: list[str]) -> None:
    assert closest_names(name, known) == expected


def test_the_closest_name_comes_first() -> None:
    assert closest_names("Maria Svenson", ["Marla Svenson", "Maria Svensson", "maria svenson"]) == [
        "maria svenson",
        "Maria Svensson",
        "Marla Svenson",
    ]


def test_close_names_of_many_agree_with_closest_names_of_each() -> None:
    names = [
        "Kwame Mensah", "Kwame Mensha", "kwame mensah", "Kwame Mensahhh", "Ann", "Anna",
        "Anne", "Jose Nunez", "José Núñez", "Josh Nunez", "Tom", "Tim", "Maria Svensson",
        "Marai Svenson", "Mria Svnson", "Li", "Lu",
    ]  # fmt: skip
    expected = {name: closest_names(name, [o for o in names if o != name]) for name in names}
    assert close_names(names) == expected
    assert expected["Kwame Mensah"] == ["kwame mensah", "Kwame Mensha", "Kwame Mensahhh"]


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [("abc", "abc", 0), ("abc", "acb", 1), ("abc", "ab", 1), ("kitten", "sitting", 3)],
)
def test_edit_distance(first: str, second: str, distance: int) -> None:
    assert edit_distance(first, second, 5) == distance
    # One limit lower: "more than the limit", which is limit + 1, the distance itself.
    assert edit_distance(first, second, max(distance - 1, 0)) == distance


def _plain_distance(first: str, second: str) -> int:
    """The optimal string alignment distance, the textbook way (no shortcut)."""
    table = [
        [i + j if i * j == 0 else 0 for j in range(len(second) + 1)] for i in range(len(first) + 1)
    ]
    for i in range(1, len(first) + 1):
        for j in range(1, len(second) + 1):
            cost = first[i - 1] != second[j - 1]
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(
    st.text(alphabet="abc ", max_size=7),
    st.text(alphabet="abc ", max_size=7),
    st.integers(min_value=0, max_value=3),
)
def test_edit_distance_is_the_plain_distance_up_to_its_limit(
    first: str, second: str, limit: int
) -> None:
    """The shortcuts (a common start and end left out, the table given up past the limit)
    never change whether two names are within the limit, nor how far apart they are then."""
    assert edit_distance(first, second, limit) == min(_plain_distance(first, second), limit + 1)


# ---------------------------------------------------------------------------------- config


def test_the_roster_is_read_from_the_config(make_vault: MakeVault) -> None:
    root = make_vault(
        {ROSTER: 'hiring:\n  interviewers: ["[[Maria Svensson]]", Jonas  Berg, Jonas Berg]\n'}
    )
    assert Config.load(root).interviewers == ("Maria Svensson", "Jonas Berg")
    assert Config.load(make_vault({ROSTER: "hiring:\n  interviewer: Ann\n"})).interviewers is None


@pytest.mark.parametrize("value", ["Maria", "[Maria, 3]", "[Maria, [Jonas]]", "{a: b}", '[""]'])
def test_a_roster_that_is_not_a_list_of_names_is_a_config_error(
    make_vault: MakeVault, value: str
) -> None:
    root = make_vault({ROSTER: f"hiring:\n  interviewers: {value}\n"})
    with pytest.raises(ConfigError, match=r"hiring\.interviewers must be a list of names"):
        Config.load(root)


# -------------------------------------------------------------------------------- VT213


def test_with_a_roster_every_other_name_is_reported_with_a_did_you_mean(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            ROSTER: "hiring:\n  interviewers: [Maria Svensson, Jonas Berg]\n",
            "Ada.md": CANDIDATE,
            "A.md": log("[Maria Svensson, Jonas Berg]"),
            "B.md": log("[Jonas Berg, Maria Svenson]"),
            "C.md": log('["[[maria svensson]]"]'),
            "D.md": log("[Henrik Dahl]"),
        }
    )
    assert both_paths(root) == [
        (
            "B.md",
            8,
            "VT213",
            "interviewer 'Maria Svenson' is not on the roster (hiring.interviewers in "
            ".vault-tools/config.yaml): did you mean Maria Svensson? If Maria Svenson is new, "
            "add them there",
        ),
        (
            "C.md",
            8,
            "VT213",
            "interviewer 'maria svensson' is on the roster as 'Maria Svensson': "
            "write it as Maria Svensson",
        ),
        (
            "D.md",
            8,
            "VT213",
            "interviewer 'Henrik Dahl' is not on the roster (hiring.interviewers in "
            ".vault-tools/config.yaml). If Henrik Dahl is new, add them there",
        ),
    ]


def test_without_a_roster_a_name_used_once_close_to_a_name_used_often_is_reported(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {
            "Ada.md": CANDIDATE,
            "A.md": log("[Maria Svensson]"),
            "B.md": log("[Maria Svensson, Jonas Berg]"),
            "C.md": log("[Maria Svenson]"),  # a typo
            "D.md": log("[Ann Lee]"),  # a new interviewer, close to nobody
            "E.md": log("[maria svensson]"),
        }
    )
    assert both_paths(root) == [
        (
            "C.md",
            8,
            "VT213",
            "interviewer 'Maria Svenson' is named in this log only: did you mean "
            "Maria Svensson (named in other logs)?",
        ),
        (
            "E.md",
            8,
            "VT213",
            "interviewer 'maria svensson' is written 'Maria Svensson' in other logs: "
            "write it as Maria Svensson",
        ),
    ]


def test_without_a_roster_two_names_used_once_each_are_not_reported(
    make_vault: MakeVault,
) -> None:
    root = make_vault(
        {"Ada.md": CANDIDATE, "A.md": log("[Maria Svensson]"), "B.md": log("[Maria Svenson]")}
    )
    assert both_paths(root) == []


# Two logs name Maria Svensson, a third misspells her.
ONE_TYPO = {
    "Ada.md": CANDIDATE,
    "A.md": log("[Maria Svensson]"),
    "B.md": log("[Maria Svensson]"),
    "C.md": log("[Maria Svenson]"),
}


def test_the_cached_and_the_incremental_runs_report_names_as_a_fresh_run(
    make_vault: MakeVault,
) -> None:
    root = make_vault(ONE_TYPO)
    first = lint_folder(root)
    cached = lint_folder(root)
    assert cached.from_cache
    assert people_findings(cached.diagnostics) == people_findings(first.diagnostics)
    assert [d.path for d in cached.diagnostics if d.code == "VT213"] == ["C.md"]
    # Fixing the typo rechecks only that log; the warning goes.
    (root / "C.md").write_text(log("[Maria Svensson]"), encoding="utf-8")
    fixed = lint_folder(root)
    assert fixed.rechecked == 1
    assert people_findings(fixed.diagnostics) == []
    # A new typo in another log, a line lower: found, where it is.
    (root / "B.md").write_text(log("[Jonas Berg,\n  Maria Svensonn]"), encoding="utf-8")
    again = lint_folder(root)
    assert again.rechecked == 1
    assert [(d.path, d.line) for d in again.diagnostics if d.code == "VT213"] == [("B.md", 9)]
    assert people_findings(again.diagnostics) == people_findings(lint(Vault.open(root)))


def test_an_edit_that_keeps_every_name_reuses_the_name_findings(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing every name with every other is the costliest vault-level check: an edit
    that changes no interviewer and no candidate note keeps its findings, as they were."""
    root = make_vault(ONE_TYPO)
    first = lint_folder(root)
    calls: list[object] = []
    real = people_rules.check
    monkeypatch.setattr(people_rules, "check", lambda *a: calls.append(a) or real(*a))
    (root / "A.md").write_text(log("[Maria Svensson]") + "\nMore notes.\n", encoding="utf-8")
    edited = lint_folder(root)
    assert edited.rechecked == 1
    assert calls == []
    assert people_findings(edited.diagnostics) == people_findings(first.diagnostics)
    # A name that changes is compared afresh.
    (root / "A.md").write_text(log("[Jonas Berg]"), encoding="utf-8")
    renamed = lint_folder(root)
    assert len(calls) == 1
    assert people_findings(renamed.diagnostics) == people_findings(lint(Vault.open(root)))


def test_a_changed_roster_is_not_answered_from_the_cache(make_vault: MakeVault) -> None:
    root = make_vault({"Ada.md": CANDIDATE, "A.md": log("[Maria Svensson]")})
    assert people_findings(lint_folder(root).diagnostics) == []
    (root / ".vault-tools").mkdir()
    (root / ROSTER).write_text("hiring:\n  interviewers: [Jonas Berg]\n", encoding="utf-8")
    assert [d.path for d in lint_folder(root).diagnostics if d.code == "VT213"] == ["A.md"]


# -------------------------------------------------------------------------------- VT214


def test_a_candidate_close_to_another_is_reported_once_naming_it(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "Candidates/Kwame Mensah.md": CANDIDATE,
            "Candidates/Kwame Mensha.md": CANDIDATE,
            "Candidates/Ada Okafor.md": CANDIDATE,
            "Notes/Kwame Mensahh.md": "# not a candidate\n",
        }
    )
    assert both_paths(root) == [
        (
            "Candidates/Kwame Mensha.md",
            1,
            "VT214",
            "candidate 'Kwame Mensha' has a name close to Candidates/Kwame Mensah.md: the same "
            "person twice? Merge the notes (and the logs' links), or ignore this for two people",
        )
    ]


# ------------------------------------------------------------------------------ new


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy)
    return copy


def new(vault: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["new", *args, "--vault", str(vault)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_example_vaults_roster_is_every_interviewer_its_logs_name(example: Path) -> None:
    assert Config.load(example).interviewers == (
        "Maria Svensson",
        "Jonas Berg",
        "Priya Nair",
        "Henrik Dahl",
    )
    assert people_findings(lint(Vault.open(example))) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["interview", "Ada Okafor", "--stage", "final", "--interviewer", "Maria Svenson"],
            "interviewer 'Maria Svenson' is not on the roster (hiring.interviewers in "
            ".vault-tools/config.yaml): did you mean Maria Svensson? If Maria Svenson is a new "
            "interviewer, add --new-person (and add them to the roster)",
        ),
        (
            [
                "interview",
                "Ada Okafor",
                "--stage",
                "final",
                "--interviewer",
                "Jonas Berg",
                "--interviewer",
                "Lars Ek",
            ],
            "interviewer 'Lars Ek' is not on the roster",
        ),
        (
            [
                "interview",
                "Kwame Mensha",
                "--stage",
                "technical",
                "--role",
                "DE",
                "--level",
                "Mid",
                "--interviewer",
                "Maria Svensson",
            ],
            "there is no candidate 'Kwame Mensha', but there is Kwame Mensah: did you mean "
            "Kwame Mensah? If Kwame Mensha is a new person, add --new-person",
        ),
        (
            ["candidate", "Kwame Mensha", "--role", "DE", "--level", "Mid"],
            "did you mean Kwame Mensah? If Kwame Mensha is a new person, add --new-person",
        ),
        (
            ["candidate", "Lena Holm", "--role", "DE"],
            "the candidate note Hiring/Candidates/Lena Holm.md needs level (the candidate "
            "schema requires it): give --level",
        ),
        (
            ["interview", "Lena Holm", "--stage", "get-to-know", "--interviewer", "Jonas Berg"],
            "needs role and level (the candidate schema requires them): give --role and --level",
        ),
    ],
)
def test_new_refuses_unknown_people_and_writes_nothing(
    example: Path, args: list[str], message: str
) -> None:
    before = files_of(example)
    code, output = new(example, *args)
    assert code == 1
    assert message in " ".join(output.split())
    assert files_of(example) == before


def test_new_person_accepts_a_new_interviewer_and_a_close_candidate(example: Path) -> None:
    code, output = new(
        example, "interview", "Kwame Mensha", "--stage", "technical", "--role", "DE",
        "--level", "Mid", "--interviewer", "Lars Ek", "--new-person",
    )  # fmt: skip
    assert code == 0, output
    assert (example / "Hiring/Candidates/Kwame Mensha.md").exists()
    # A new person still needs a role and a level.
    code, output = new(example, "candidate", "Kwame Mensahh", "--new-person")
    assert code == 1 and "give --role and --level" in output


def test_without_a_roster_new_knows_the_logs_names(make_vault: MakeVault) -> None:
    root = make_vault({"Hiring/Candidates/Ada.md": CANDIDATE})
    # A fresh vault: no roster, no logs, any interviewer will do.
    code, output = new(root, "interview", "Ada", "--stage", "final", "--interviewer", "Ann Lee")
    assert code == 0, output
    code, output = new(root, "interview", "Ada", "--stage", "final", "--interviewer", "Ann Le")
    assert code == 1
    assert "interviewer 'Ann Le' is not in any log: did you mean Ann Lee?" in output
    code, output = new(root, "interview", "Ada", "--stage", "technical", "--interviewer", "Ann Lee")
    assert code == 0, output


def test_two_processes_report_names_as_one(make_vault: MakeVault, reads_here: list[str]) -> None:
    """Logs read by the helper process count as those read by the lint process."""
    logs = {f"L{index}.md": log("[Maria Svensson, Jonas Berg]") for index in range(24)}
    root = make_vault({"Ada.md": CANDIDATE, **logs, "Typo.md": log("[Jonas Berg, Maria Svenson]")})
    alone = lint(Vault.open(root))
    together = lint_folder(root, use_cache=False, parallel=True)
    assert 0 < len(reads_here) < 26
    assert people_findings(together.diagnostics) == people_findings(alone)
    assert [(d.path, d.line) for d in together.diagnostics if d.code == "VT213"] == [("Typo.md", 8)]


@pytest.mark.parametrize(
    ("name", "known", "close"),
    [
        ("Jon Bakke", ["Ben Bakke"], []),  # two letters of a three-letter first name
        ("Lena Holm", ["Lena Holmes"], []),
        ("Kwame Mensha", ["Kwame Mensah"], ["Kwame Mensah"]),  # a swap of neighbours
        ("Marie Svenson", ["Maria Svensson"], ["Maria Svensson"]),  # one slip in each word
        ("Ben Zhou 2", ["Ben Zhou"], ["Ben Zhou"]),  # a sync tool's or a copy's " 2"
    ],
)
def test_a_misspelling_stays_within_words(name: str, known: list[str], close: list[str]) -> None:
    assert closest_names(name, known) == close


@given(st.text(alphabet="abcaé ", max_size=12), st.integers(0, 3))
def test_deletions_are_every_string_made_by_deleting_up_to_depth_characters(
    text: str, depth: int
) -> None:
    expected = {
        "".join(char for at, char in enumerate(text) if at not in deleted)
        for count in range(min(depth, len(text)) + 1)
        for deleted in combinations(range(len(text)), count)
    }
    assert _deletions(text, depth) == expected
