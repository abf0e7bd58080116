"""`vault-tools lint`: the golden fixture vault, exit codes, formats, PATHs, cache, read-only.

The golden vault is ``tests/fixtures/lint/vault`` (plain files; edit them directly);
its expected findings are ``expected.txt``. After a deliberate change of messages, refresh it
with ``UPDATE_GOLDEN=1 pytest tests/test_lint.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import marshal
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_rules import UNFINISHED_TECHNICAL

from vault_tools import checker, parallel, rulebook
from vault_tools import note as note_module
from vault_tools import vault as vault_module
from vault_tools.cli import cli
from vault_tools.config import Config
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.errors import VaultToolsError
from vault_tools.hiring import load_hiring
from vault_tools.lint import ResultCache, finish, lint, lint_folder
from vault_tools.vault import Vault

from conftest import MakeVault

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
GOLDEN_VAULT = FIXTURES / "vault"
EXPECTED = FIXTURES / "expected.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under ``root`` with its bytes and mtime."""
    found: dict[str, tuple[bytes, int]] = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            data = path.read_bytes() if path.is_file() else b"<dir>"
            found[relative] = (data, path.stat().st_mtime_ns)
    return found


# ------------------------------------------------------------------------------ golden


def test_the_golden_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The day its last candidate was told their decision: what it records has happened.
    monkeypatch.setattr(rulebook, "current_day", lambda: dt.date(2025, 7, 26))
    before = snapshot(GOLDEN_VAULT)
    code, out, err = run(str(GOLDEN_VAULT), "--no-cache")
    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.write_text(out, encoding="utf-8")
    assert out == EXPECTED.read_text(encoding="utf-8")
    assert code == 1
    assert err == "43 errors, 22 warnings in 25 notes\n"
    assert snapshot(GOLDEN_VAULT) == before


def test_the_golden_vault_holds_the_seed_note_verbatim() -> None:
    seed = (FIXTURES / "seed-Hiring.md").read_bytes()
    assert (GOLDEN_VAULT / "Work" / "Hiring.md").read_bytes() == seed
    assert (
        b"# Case Interview" in seed and b"`[Brief description of existing infrastructure]`" in seed
    )


def test_the_seed_note_has_no_findings_of_its_own() -> None:
    vault = Vault.open(GOLDEN_VAULT)
    assert lint(vault, paths=["Work/Hiring.md"]) == []
    assert vault.notes["Work/Hiring.md"].links  # its ../Books link was read, and resolves


def test_templates_are_never_linted() -> None:
    _, out, _ = run(str(GOLDEN_VAULT), "--no-cache")
    assert "Templates/" not in out
    assert (GOLDEN_VAULT / "Templates" / "Interview.md").read_text().count("{{") >= 2


# ------------------------------------------------------------------------ exit, formats


@pytest.fixture
def small_vault(make_vault: MakeVault) -> Path:
    return make_vault(
        {
            "Broken.md": "---\ntitle: [x\n---\n",
            "Links.md": "[[Missing]]\n",
            "Deep/Clean.md": "# Clean\n",
        }
    )


def test_exit_0_when_only_warnings(make_vault: MakeVault) -> None:
    root = make_vault({"A.md": "[[Missing]]\n"})
    code, out, err = run(str(root))
    assert (code, out) == (
        0,
        "A.md:1:1: VT301 [[Missing]] does not resolve: no note or file 'Missing' in the vault\n",
    )
    assert err == "0 errors, 1 warning in 1 note\n"


def test_exit_1_when_errors(small_vault: Path) -> None:
    code, out, err = run(str(small_vault))
    assert code == 1
    assert out.splitlines() == [
        "Broken.md:3:1: VT103 YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 2)",
        "Links.md:1:1: VT301 [[Missing]] does not resolve: no note or file 'Missing' in the vault",
    ]
    assert err == "1 error, 1 warning in 3 notes\n"


@pytest.mark.parametrize(
    "args",
    [
        ["/no/such/folder"],
        ["--format", "xml"],
        ["--bogus"],
    ],
)
def test_exit_2_for_usage_errors(args: list[str]) -> None:
    assert run(*args)[0] == 2


def test_exit_2_for_a_file_given_as_the_vault_outside_the_current_folder(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `vault-tools lint /etc/hostname` linted no note and exited 0: a false green in CI.
    root = make_vault({"Broken.md": "---\nkey: [unclosed\n---\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run(str(root / "Broken.md"))
    assert (code, out) == (2, "")
    assert "Broken.md: not in the vault" in err


CANDIDATE = "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: pending\n---\n# Notes\nx ^blk\n"
INTERVIEW_OF_ALICE = (
    '---\ntype: interview\ncandidate: "[[Alice]]"\nrole: DE\nlevel: Mid\nstage: final\n'
    "date: 2025-07-01\ninterviewers: [Maria]\n---\n[[Alice]] [[Alice#Notes]] [[Alice#^blk]]\n"
)


@pytest.mark.parametrize(
    "filters",
    [
        ["Hiring/Candidates/"],
        ["Hiring/Candidates"],
        ["/Candidates/"],
        ["Hiring/Candidates/Alice.md"],
    ],
)
def test_links_to_obsidian_s_excluded_files_resolve(
    make_vault: MakeVault, filters: list[str]
) -> None:
    # Obsidian's "Excluded files" are hidden from search and the graph; links to them open.
    root = make_vault(
        {
            ".obsidian/app.json": json.dumps({"userIgnoreFilters": filters}),
            "Hiring/Candidates/Alice.md": CANDIDATE + "[[Nowhere]]\n",  # its own: not linted
            "Hiring/Interviews/Alice - final.md": INTERVIEW_OF_ALICE,
        }
    )
    code, out, err = run(str(root), "--no-cache")
    assert (code, out) == (0, "")
    assert err == "0 errors, 0 warnings in 1 note\n"
    assert [d for d in lint(Vault.open(root)) if d.path.startswith("Hiring/Interviews")] == []
    hiring = load_hiring(Vault.open(root, lean=True))  # what index, retro and watch read
    assert [log.candidate.path for log in hiring.interviews if log.candidate] == [
        "Hiring/Candidates/Alice.md"
    ]
    assert list(hiring.candidates) == ["Hiring/Candidates/Alice.md"]


def test_the_config_s_own_ignore_still_leaves_files_out(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".vault-tools/config.yaml": "ignore: [Hiring/Candidates/]\n",
            "Hiring/Candidates/Alice.md": CANDIDATE,
            "Hiring/Interviews/Alice - final.md": INTERVIEW_OF_ALICE,
        }
    )
    code, out, _ = run(str(root), "--no-cache")
    assert code == 1 and "VT306 candidate: [[Alice]] does not resolve" in out


def test_exit_2_for_a_bad_config(make_vault: MakeVault) -> None:
    root = make_vault({".vault-tools/config.yaml": "lint:\n  severity: {VT301: fatal}\n"})
    code, _, err = run(str(root))
    assert code == 2
    assert "VT301 must be error, warning or off" in err


@pytest.mark.parametrize(
    ("config", "args", "said"),
    [
        ("", ["--select", "VT2O1"], "--select: 'VT2O1' is not a lint code"),  # a letter O
        ("", ["--ignore", "VT3,W3"], "--ignore: 'W3' is not a lint code"),
        ("lint:\n  ignore: [VT99]\n", [], "lint.ignore in .vault-tools/config.yaml: 'VT99'"),
        ("lint:\n  severity: {vt301: off}\n", [], "lint.severity in .vault-tools/config.yaml"),
    ],
)
def test_exit_2_for_a_code_prefix_that_matches_no_code(
    make_vault: MakeVault, config: str, args: list[str], said: str
) -> None:
    # A typo would otherwise report nothing (select) or everything (ignore), silently.
    root = make_vault({"Index.md": "[[nowhere]]\n", ".vault-tools/config.yaml": config})
    code, out, err = run(str(root), *args)
    assert (code, out) == (2, "")
    assert said in err


def test_code_prefixes_may_be_lower_case_and_partial(small_vault: Path) -> None:
    code, out, _ = run(str(small_vault), "--select", "vt3", "--ignore", "VT30")
    assert code == 0 and out == ""  # VT301 and the other VT30x left out; nothing else is VT3


def test_exit_2_for_a_path_not_in_the_vault(small_vault: Path) -> None:
    code, _, err = run(str(small_vault), "Nope.md")
    assert code == 2
    assert "Nope.md: no such file or folder" in err


def test_json_format(small_vault: Path) -> None:
    code, out, err = run(str(small_vault), "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [set(row) for row in rows] == [
        {"path", "line", "column", "code", "severity", "message"}
    ] * 2
    assert [(row["path"], row["severity"]) for row in rows] == [
        ("Broken.md", "error"),
        ("Links.md", "warning"),
    ]
    assert err == ""


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold a line break")
def test_a_file_name_cannot_forge_a_line_of_text_output(make_vault: MakeVault) -> None:
    # A pre-commit hook or CI job reads one finding per line: a note called
    # "x\nok.md:1:1: VT000 ..." must not print a line that looks like another finding.
    root = make_vault({"Index.md": "[[nowhere]]\n"})
    (root / "x\nok.md:1:1: VT000 fine.md").write_text("---\ntype: [\n---\n", encoding="utf-8")
    code, out, _ = run(str(root))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("x\\nok.md:1:1: VT000 fine.md:")
    assert not any(line.startswith("ok.md") for line in lines)


def _undecodable_name(folder: Path, content: str) -> str:
    """Create a note whose file name is not UTF-8 in ``folder``; its path as Python sees it."""
    name = os.fsencode(folder) + b"/Caf\xe9 notes.md"  # Latin-1, as old archives have it
    try:
        with open(name, "wb") as handle:
            handle.write(content.encode("utf-8"))
    except (OSError, UnicodeError):
        pytest.skip("this file system only holds UTF-8 file names")
    return os.fsdecode(name).rsplit("/", 1)[-1]


def test_a_file_name_that_is_not_utf8_is_an_error_and_json_stays_utf8(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"Index.md": "# Index\n"})
    name = _undecodable_name(root, "# Notes\n")
    for _ in range(2):  # the second run answers from the result cache: the same finding
        code, out, _ = run(str(root), "--format", "json")
        assert code == 1
        out.encode("utf-8")  # valid UTF-8 (a raw byte 0xe9 would not be)
        (finding,) = json.loads(out)
        assert (finding["path"], finding["code"]) == (name, "VT109")  # the very name, escaped
        assert "byte 0xe9" in finding["message"]
    assert [d.code for d in lint(Vault.open(root))] == ["VT109"]
    shown = CliRunner().invoke(cli, ["show", str(root), name, "--format", "json"])
    shown.stdout.encode("utf-8")  # `show` escapes the name as lint does
    assert json.loads(shown.stdout)["path"] == name


def test_an_interview_log_whose_name_is_not_utf8_does_not_stop_index(
    make_vault: MakeVault,
) -> None:
    log = '---\ntype: interview\ncandidate: "[[Ann]]"\ndate: 2025-07-01\n---\n'
    root = make_vault({"Ann.md": "---\ntype: candidate\n---\n"})
    _undecodable_name(root, log)
    result = CliRunner().invoke(cli, ["index", str(root)])
    assert result.exit_code == 0, result.output
    index = (root / "Hiring" / "Interview Index.md").read_text(encoding="utf-8")
    assert "No interview logs yet" in index  # Obsidian cannot open it, so it is not counted


def test_paths_that_differ_only_in_case_are_an_error(make_vault: MakeVault) -> None:
    # Committed from Linux, such a vault loses one of the two files on a Mac or a Windows PC.
    root = make_vault({"People/Ann.md": "# Ann\n"})
    (root / "People" / "ann.md").write_text("# ann\n", encoding="utf-8")
    if not (root / "People" / "Ann.md").exists() or len(list((root / "People").iterdir())) < 2:
        pytest.skip("this file system cannot hold Ann.md and ann.md side by side")
    for _ in range(2):  # the second run answers from the result cache: the same finding
        code, out, _ = run(str(root))
        assert code == 1
        assert out.startswith("People/ann.md:1:1: VT108 People/ann.md and People/Ann.md differ")
        assert out.count("VT108") == 1
    code, out, _ = run(str(root), "People/ann.md")  # as the staged-files hook passes it
    assert code == 1 and "VT108" in out


def test_github_format(small_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(small_vault.parent)
    code, out, _ = run(small_vault.name, "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=vault/Broken.md,line=3,col=1,title=VT103::YAML syntax error: did not "
        "find expected ',' or ']' (while parsing a flow sequence that starts on line 2)",
        "::warning file=vault/Links.md,line=1,col=1,title=VT301::[[Missing]] does not resolve: "
        "no note or file 'Missing' in the vault",
    ]


def test_select_and_ignore_on_the_command_line(small_vault: Path) -> None:
    assert run(str(small_vault), "--select", "VT3")[:2] == (
        0,
        run(str(small_vault), "--ignore", "VT1")[1],
    )
    _, out, _ = run(str(small_vault), "--select", "VT103", "--select", "VT2")
    assert [line.split()[1] for line in out.splitlines()] == ["VT103"]
    _, out, _ = run(str(small_vault), "--ignore", "VT1,VT3")
    assert out == ""


# ------------------------------------------------------------------------------ PATHs


def test_paths_restrict_the_report(small_vault: Path) -> None:
    code, out, err = run(str(small_vault), "Links.md", "Deep")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == ["Links.md"]
    assert err == "0 errors, 1 warning in 2 notes\n"


def test_files_without_a_vault_like_pre_commit_passes_them(
    small_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_vault)
    code, out, _ = run("Links.md")  # the vault is the current folder
    assert (code, out.split(":")[0]) == (0, "Links.md")
    code, out, _ = run(".", "Broken.md", "Deep/Clean.md")  # `entry: vault-tools lint .`
    assert code == 1 and out.startswith("Broken.md:3:1: VT103")


def test_paths_relative_to_the_current_folder_when_the_vault_is_a_subfolder(
    small_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_vault.parent)  # a repository whose vault is ./vault
    code, out, _ = run("vault", "vault/Links.md")
    assert (code, out.split(":")[0]) == (0, "Links.md")


def test_a_file_outside_the_vault_selects_nothing(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"Notes/A.md": "[[Missing]]\n", "README.md": "# repo\n"})
    monkeypatch.chdir(root)  # a repository whose vault is the Notes folder
    code, out, err = run("Notes", "README.md", "Notes/A.md")
    assert (code, out.split(":")[0]) == (0, "A.md")
    assert err == "0 errors, 1 warning in 1 note\n"


# ------------------------------------------------------------------------------ cache


def test_a_second_run_reuses_the_cache_and_says_the_same(small_vault: Path) -> None:
    first = lint_folder(small_vault)
    second = lint_folder(small_vault)
    assert not first.from_cache and second.from_cache
    assert second.diagnostics == first.diagnostics and second.notes == first.notes
    assert run(str(small_vault)) == run(str(small_vault), "--no-cache")


def test_the_cache_notices_changes(small_vault: Path) -> None:
    lint_folder(small_vault)
    (small_vault / "Missing.md").write_text("now it exists\n")
    again = lint_folder(small_vault)
    assert not again.from_cache
    assert [d.code for d in again.diagnostics] == ["VT103"]

    (small_vault / ".vault-tools").mkdir()
    (small_vault / ".vault-tools" / "config.yaml").write_text("lint:\n  ignore: [VT1]\n")
    assert lint_folder(small_vault).diagnostics == []


@pytest.mark.parametrize(
    ("change", "rechecked"),
    [
        (("Links.md", "[[Missing]] and [[Also missing]]\n"), 1),  # a body edit: that note
        (("Deep/Clean.md", "# Renamed heading\n"), 3),  # headings changed: every note
        (("New.md", "[[Links]]\n"), 4),  # a new file: every note
        (("Broken.md", "---\ntype: candidate\n---\n"), 3),  # a type changed: every note
    ],
)
def test_after_a_change_only_what_it_can_affect_is_checked_again(
    small_vault: Path, change: tuple[str, str], rechecked: int
) -> None:
    lint_folder(small_vault)
    name, text = change
    path = small_vault / name
    path.write_text(text)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    result = lint_folder(small_vault)
    assert not result.from_cache
    assert result.rechecked == rechecked
    fresh = lint_folder(small_vault, use_cache=False)
    assert result.diagnostics == fresh.diagnostics
    assert lint_folder(small_vault).from_cache


@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_an_edit_that_keeps_the_size_and_puts_the_mtime_back_is_noticed(
    small_vault: Path, how: str
) -> None:
    # Some editors and sync tools restore a file's mtime; its ctime (and, for a file
    # replaced by another, its inode) still changes.
    lint_folder(small_vault)
    path = small_vault / "Links.md"
    before = path.stat()
    if how == "in place":
        path.write_text("[[Mistake]]\n")
    else:
        (small_vault / "Links.tmp").write_text("[[Mistake]]\n")
        os.replace(small_vault / "Links.tmp", path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = lint_folder(small_vault)
    assert not result.from_cache
    assert result.rechecked == 1
    assert [d.message for d in result.diagnostics if d.code == "VT301"] == [
        "[[Mistake]] does not resolve: no note or file 'Mistake' in the vault"
    ]
    assert lint_folder(small_vault).from_cache


def test_a_note_edited_while_a_run_reads_it_is_checked_again_by_the_next(
    small_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cold run takes each note's stamp as it opens the file (it does not stat the notes
    # while walking): an edit that lands after the read must not look like what was read.
    path = small_vault / "Links.md"
    read = vault_module._read_file

    def edited_after(full: str, root: str) -> object:
        found = read(full, root)
        if full.endswith("Links.md"):  # the text is read, the note not yet made from it
            path.write_text("[[Mistake]]\n")
        return found

    monkeypatch.setattr(vault_module, "_read_file", edited_after)
    first = lint_folder(small_vault)
    assert "[[Missing]]" in " ".join(d.message for d in first.diagnostics)
    monkeypatch.setattr(vault_module, "_read_file", read)
    second = lint_folder(small_vault)
    assert not second.from_cache and second.rechecked == 1
    assert "[[Mistake]]" in " ".join(d.message for d in second.diagnostics)


def test_a_cold_run_leaves_a_cache_that_the_next_run_answers_from(make_vault: MakeVault) -> None:
    # Every file is in the key: the notes by the stamps they were read with, and those no
    # note was read from (the other file of a case clash) by a stat of their own.
    root = make_vault({"A.md": "[[B]]\n", "B.md": "# B\n", "img.png": "png"})
    (root / "a.md").write_text("# the other A\n")
    if len(list(root.iterdir())) < 4:
        pytest.skip("the file system folds case")
    first = lint_folder(root)
    assert not first.from_cache and "VT108" in {d.code for d in first.diagnostics}
    second = lint_folder(root)
    assert second.from_cache and second.diagnostics == first.diagnostics
    (root / "a.md").write_text("# edited\n")
    assert not lint_folder(root).from_cache


def test_a_run_limited_to_a_folder_scans_only_the_notes_its_checks_read(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the cache only the notes under the PATHs are checked: a note elsewhere is read
    # for its name and properties, and its body is scanned only when a link leads into it.
    root = make_vault(
        {
            "Sub/A.md": "See [[B#Plan]] and [[B#Gone]].\n",
            "B.md": "# Plan\nlinked to\n",
            "C.md": "# Aside\nnever linked to\n",
        }
    )
    scanned: list[str] = []
    scan = note_module.scan_body

    def logged(body: str, *arguments: Any, **keywords: Any) -> Any:
        scanned.append(body)
        return scan(body, *arguments, **keywords)

    monkeypatch.setattr(note_module, "scan_body", logged)
    found = lint_folder(root, ["Sub"], use_cache=False).diagnostics
    assert [(d.path, d.code) for d in found] == [("Sub/A.md", "VT303")]
    assert not any("never linked to" in body for body in scanned)
    assert any("linked to" in body for body in scanned)  # B's headings, for A's links


def test_a_day_that_ends_during_a_run_is_not_taken_for_the_next(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The run's key and what its notes' findings are kept against are both taken before the
    # notes are checked: a run that crosses midnight is checked again the next day, even for
    # the notes an edit elsewhere does not touch (VT212 counts days from the interview).
    root = make_vault({"Ada.md": CANDIDATE, "I.md": UNFINISHED_TECHNICAL, "B.md": "text\n"})
    today = [dt.date(2025, 7, 3)]
    monkeypatch.setattr(rulebook, "current_day", lambda: today[0])
    check_links = parallel._Share.check_links

    def at_midnight(*arguments: Any, **keywords: Any) -> Any:
        found = check_links(*arguments, **keywords)
        today[0] = dt.date(2025, 7, 4)  # the notes are checked: the day ends
        return found

    monkeypatch.setattr(parallel._Share, "check_links", at_midnight)
    assert "VT212" not in {d.code for d in lint_folder(root).diagnostics}
    monkeypatch.setattr(parallel._Share, "check_links", check_links)
    (root / "B.md").write_text("text, edited\n")
    cached = lint_folder(root)
    assert cached.diagnostics == lint_folder(root, use_cache=False).diagnostics
    assert "VT212" in {d.code for d in cached.diagnostics}


@pytest.mark.parametrize(
    "name",
    ["vault_tools.rules.links", "vault_tools.markdown", "vault_tools.schemas.explained"],
)
def test_an_edited_rule_invalidates_the_cache(small_vault: Path, name: str) -> None:
    """A rule's check or declaration (its severity, say) lives in the package's modules, and
    the schemas' compiled checks word findings: a module whose mtime moved (an upgrade, an
    edited checkout) never reuses old findings."""
    module = importlib.import_module(name)
    lint_folder(small_vault)
    assert lint_folder(small_vault).from_cache
    source = Path(module.__file__)
    before = source.stat()
    try:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        assert not lint_folder(small_vault).from_cache
    finally:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_schema_change_invalidates_the_cache(make_vault: MakeVault) -> None:
    root = make_vault({"R.md": "---\ntype: reference\n---\n"})
    assert lint_folder(root).diagnostics == []
    folder = root / ".vault-tools" / "schemas"
    folder.mkdir(parents=True)
    (folder / "reference.yaml").write_text("frontmatter: {required: [referee]}\n")
    assert [d.code for d in lint_folder(root).diagnostics] == ["VT201"]


def test_no_cache_neither_reads_nor_writes(small_vault: Path) -> None:
    store = ResultCache(small_vault.resolve())
    run(str(small_vault), "--no-cache")
    assert not store.path.exists()
    run(str(small_vault))
    assert store.path.exists()


def test_progress_moves_while_notes_are_read_and_ends_full(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({f"Notes/{number:03}.md": f"[[{number + 1:03}]]\n" for number in range(40)})
    monkeypatch.setattr(checker, "PROGRESS_STEP", 10)
    reports: list[tuple[int, int]] = []
    lint_folder(root, use_cache=False, progress=lambda done, total: reports.append((done, total)))
    dones = [done for done, _ in reports]
    assert {total for _, total in reports} == {80}  # 40 notes read, then their 40 checked
    assert dones[:4] == [10, 20, 30, 40] and dones[-1] == 80  # reading moves the bar too
    assert dones == sorted(dones)


def test_the_pickle_cache_of_the_earlier_format_is_not_left_behind(small_vault: Path) -> None:
    store = ResultCache(small_vault.resolve())
    earlier = store.path.with_suffix(".pickle")
    earlier.parent.mkdir(parents=True, exist_ok=True)
    earlier.write_bytes(b"an earlier run")
    run(str(small_vault))
    assert store.path.exists() and not earlier.exists()


@pytest.mark.parametrize("damage", ["foreign", "truncated", "older format"])
def test_a_corrupt_cache_is_ignored(small_vault: Path, damage: str) -> None:
    first = lint_folder(small_vault)
    path = ResultCache(small_vault.resolve()).path
    data = path.read_bytes()
    if damage == "foreign":
        data = b"not a marshalled run"
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:  # this layout, written by the version before (its head names its format)
        size = int.from_bytes(data[8:16], "little")
        head = marshal.loads(data[16 : 16 + size])
        older = marshal.dumps(("10:3.11", *head[1:]))
        data = data[:8] + len(older).to_bytes(8, "little") + older + data[16 + size :]
    path.write_bytes(data)
    again = lint_folder(small_vault)
    assert again.diagnostics == first.diagnostics and not again.from_cache
    assert lint_folder(small_vault).from_cache  # and rewritten


def test_lint_and_show_leave_the_vault_byte_for_byte_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(GOLDEN_VAULT, root)
    before = snapshot(root)
    monkeypatch.chdir(root)
    for args in (
        ["lint"],
        ["lint", "."],
        ["lint", ".", "--format", "json"],
        ["lint", "--no-cache"],
    ):
        CliRunner().invoke(cli, args)
    CliRunner().invoke(cli, ["show", ".", "Work/Hiring"])
    assert snapshot(root) == before


# ------------------------------------------------------------------------------ rules


def test_rules_lists_every_code_once() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.output.splitlines()]
    assert codes == sorted(set(codes))
    assert {"VT101", "VT110", "VT120", "VT201", "VT210", "VT301", "VT306", "VT403"} <= set(codes)
    for line in result.output.splitlines():
        assert line.split()[1] in ("error", "warning")
    rows = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).output)
    assert [row["code"] for row in rows] == codes


def test_rules_with_a_code_prints_that_rules_whole_doc() -> None:
    result = CliRunner().invoke(cli, ["rules", "vt301"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "VT301 (warning): a link points at a note or file that does not exist.\n\n"
    )
    for part in ("## What it means", "## Why it matters", "## Example", "## How to fix"):
        assert part in result.stdout
    single = json.loads(CliRunner().invoke(cli, ["rules", "VT301", "--format", "json"]).stdout)
    assert single["code"] == "VT301" and "## Example" in single["doc"]


def test_rules_with_the_start_of_codes_lists_that_family() -> None:
    """`vault-tools rules VT3` lists the link codes, as `--select VT3` selects them."""
    result = CliRunner().invoke(cli, ["rules", "vt3"])
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert "VT301" in codes and all(code.startswith("VT3") for code in codes)
    rows = json.loads(CliRunner().invoke(cli, ["rules", "VT3", "--format", "json"]).stdout)
    assert [row["code"] for row in rows] == codes


def test_rules_with_an_unknown_code_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["rules", "VT999"])
    assert result.exit_code == 2
    assert "VT999: no such lint code" in result.stderr


def test_every_rule_documents_what_why_an_example_and_the_fix() -> None:
    from vault_tools.rulebook import DOC_SECTIONS
    from vault_tools.rules.catalog import RULES

    for rule in RULES:
        positions = [rule.doc.find(section) for section in DOC_SECTIONS]
        assert -1 not in positions and positions == sorted(positions), rule.code
        for section in re.split(r"^## ", rule.doc, flags=re.MULTILINE)[1:]:
            assert section.split("\n", 1)[1].strip(), f"{rule.code}: empty ## {section}"
        assert rule.summary and not rule.summary.endswith(".")
        # A rule with a safe fix says so where the user reads how to fix it.
        how_to_fix = rule.doc.split("## How to fix", 1)[1]
        assert (rule.fix is not None) == ("`vault-tools fix`" in how_to_fix), rule.code


def test_the_catalog_holds_every_code_declared_anywhere_in_the_package() -> None:
    # A module that declares codes must be imported by the catalog, or its codes would be
    # missing from `vault-tools rules`, the README and the cache key.
    import ast

    import vault_tools
    from vault_tools.rules.catalog import BY_CODE

    declared = set()
    for path in Path(vault_tools.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "declare"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                declared.add(node.args[0].value)
    assert len(declared) >= 38
    assert declared == set(BY_CODE)


def test_a_code_is_declared_once() -> None:
    from vault_tools.rulebook import declare

    with pytest.raises(ValueError, match="VT301 is declared twice"):
        declare("VT301", Severity.ERROR, "another meaning")


def test_a_lean_vault_is_refused_rather_than_linted_wrongly() -> None:
    example = Path(__file__).parents[1] / "example_vault"
    with pytest.raises(VaultToolsError, match="lean=True cannot be linted"):
        lint(Vault.open(example, lean=True))


def test_every_code_the_checks_can_emit_is_documented() -> None:
    from vault_tools import config, note, regions, writer
    from vault_tools.rulebook import Rule
    from vault_tools.rules import catalog, files, links, properties, schema, structure

    modules = (config, note, regions, writer, files, links, properties, schema, structure)
    emitted = {
        value.code if isinstance(value, Rule) else value
        for module in modules
        for name, value in vars(module).items()
        if name.isupper()
        and (isinstance(value, Rule) or (isinstance(value, str) and value.startswith("VT")))
    }
    assert emitted <= set(catalog.BY_CODE)
    assert {"VT108", "VT109", "VT112", "VT121"} <= emitted


def test_findings_come_in_the_order_of_diagnostics_themselves() -> None:
    found = [
        Diagnostic(path, line, column, code, severity, message)
        for path in ("b.md", "a.md", "A.md")
        for line in (10, 2)
        for column in (3, 1)
        for code in ("VT301", "VT102")
        for severity, message in ((Severity.ERROR, "z"), (Severity.WARNING, "a"))
    ]
    kept = finish(reversed(found), Config(root=Path(".")))
    assert kept == sorted(set(found)) and len(kept) == len(found)


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_conflict_copy_is_reported_by_every_way_of_linting(
    make_vault: MakeVault, use_cache: bool
) -> None:
    copy = "Hiring/Alice.sync-conflict-20250701-120000-ABCDEFG.md"
    root = make_vault({"Hiring/Alice.md": "# Alice\n", copy: "# Alice, edited\n", "Other.md": ""})
    alone = [(d.path, d.code) for d in lint(Vault.open(root))]
    assert alone == [(copy, "VT112")]
    for _ in range(2):  # the second run answers from the cache when it is on
        assert [
            (d.path, d.code) for d in lint_folder(root, use_cache=use_cache).diagnostics
        ] == alone
    assert lint_folder(root, ["Hiring"], use_cache=use_cache).diagnostics != []
    assert lint_folder(root, ["Other.md"], use_cache=use_cache).diagnostics == []
