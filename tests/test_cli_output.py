"""What lint prints, and for which notes: PATHs however written, paths per output format,
findings that open the note in Obsidian, and shell completion of note names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vault_tools import cli as cli_module
from vault_tools.cli import cli
from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.report import format_text, obsidian_url, printable, with_prefix

from conftest import MakeVault, process_environment

BAD = "---\nkey: [unclosed\n---\n"
FINDING = "Bad.md:3:1: VT103"


def lint(*arguments: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, ["lint", *arguments, "--no-cache"], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    return make_vault({"Bad.md": BAD, "Hiring/Fine.md": "# fine\n"})


# ---------------------------------------------------------------- no silent zero


@pytest.mark.parametrize(
    "arguments",
    [
        ["{vault}/Bad.md"],  # an absolute path
        [".", "{vault}/Bad.md"],  # `lint . $PWD/Bad.md`
        ["{vault}", "Hiring/../Bad.md"],
        ["{vault}", "./Hiring/../Bad.md"],
        ["Hiring/../Bad.md"],
        ["{vault}", "{vault}/Hiring/../Bad.md"],
    ],
)
def test_a_note_however_written_is_checked(
    vault: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str]
) -> None:
    # Each of these checked 0 notes and exited 0: a false green in CI.
    monkeypatch.chdir(vault)
    result = lint(*(word.format(vault=vault) for word in arguments))
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(FINDING)
    assert result.stderr == "1 error, 0 warnings in 1 note\n"


@pytest.mark.parametrize("outside", ["{elsewhere}/Other.md", "../elsewhere/Other.md"])
def test_a_path_outside_the_vault_is_a_usage_error(
    vault: Path, monkeypatch: pytest.MonkeyPatch, outside: str
) -> None:
    elsewhere = vault.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "Other.md").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(vault)
    result = lint(".", outside.format(elsewhere=elsewhere))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Other.md: not in the vault" in result.stderr


@pytest.mark.parametrize("link", ["Linked.md", "Linked folder"])
def test_a_symlink_that_leads_out_of_the_vault_is_skipped_and_said_so(
    vault: Path, link: str
) -> None:
    """Lint never reads past such a link: a PATH naming one checks nothing, and says why
    (a pre-commit run over a committed symlink must still pass)."""
    elsewhere = vault.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "Other.md").write_text(BAD, encoding="utf-8")
    target = elsewhere / "Other.md" if link.endswith(".md") else elsewhere
    try:
        (vault / link).symlink_to(target)
    except OSError:
        pytest.skip("no symlinks here")
    result = lint(str(vault), link, "Bad.md")
    assert result.exit_code == 1 and result.stdout.startswith(FINDING)
    assert result.stderr == (
        f"{link}: skipped, a symlink that leads outside the vault\n1 error, 0 warnings in 1 note\n"
    )


def test_a_missing_path_is_a_usage_error(vault: Path) -> None:
    result = lint(str(vault), "Hiring/Nope.md")
    assert result.exit_code == 2 and "Hiring/Nope.md: no such file or folder" in result.stderr


# ---------------------------------------------------------------- paths per format


@pytest.fixture
def repository_vault(tmp_path: Path) -> Path:
    """A git repository whose vault is its folder Notes."""
    repository = tmp_path / "repository"
    (repository / "Notes" / ".obsidian").mkdir(parents=True)
    (repository / "Notes" / "Bad.md").write_text(BAD, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repository, check=True)
    return repository / "Notes"


@pytest.mark.parametrize("where", [".", "Notes", "Notes/.obsidian"])
@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ([], "Bad.md:3:1: VT103"),
        (["--format", "json"], '"path": "Bad.md"'),
        (["--format", "github"], "::error file=Notes/Bad.md,line=3"),
        (["--relative-to", "repository"], "Notes/Bad.md:3:1: VT103"),
        (["--format", "json", "--relative-to", "repository"], '"path": "Notes/Bad.md"'),
        (["--format", "github", "--relative-to", "vault"], "::error file=Bad.md,line=3"),
    ],
)
def test_each_format_prints_paths_one_way_from_any_folder(
    repository_vault: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    arguments: list[str],
    expected: str,
) -> None:
    # text and json: vault-relative; github: repository-relative (annotations need it).
    monkeypatch.chdir(repository_vault.parent / where)
    result = lint(str(repository_vault / "Bad.md"), *arguments)
    assert result.exit_code == 1
    assert expected in result.stdout


# ---------------------------------------------------------------- one finding a line


def test_control_characters_in_a_finding_are_written_as_escapes() -> None:
    # A note named with a line break or a terminal escape must not forge a second finding
    # or drive the terminal, and the findings beside it print as they are.
    findings = [
        Diagnostic("Clean.md", 1, 1, "VT103", Severity.ERROR, "bad"),
        Diagnostic("a\nb.md", 2, 3, "VT103", Severity.ERROR, "bad"),
        Diagnostic("c.md", 4, 5, "VT301", Severity.WARNING, "\x1b[31mred\u2028x\ty"),
    ]
    assert format_text(findings, "vault") == (
        "vault/Clean.md:1:1: VT103 bad\n"
        "vault/a\\nb.md:2:3: VT103 bad\n"
        "vault/c.md:4:5: VT301 \\u001b[31mred\\u2028x\\ty\n"
    )
    assert format_text(findings[1:2]) == "a\\nb.md:2:3: VT103 bad\n"


def test_a_character_is_escaped_in_text_output_exactly_when_printable_escapes_it() -> None:
    # The output's check for control characters looks at its UTF-8 bytes: it must agree
    # with printable() on every character (a line feed aside: it ends each finding).
    for point in [*range(0x3000), *range(0xD800, 0xE000), 0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF]:
        character = chr(point)
        finding = Diagnostic("a.md", 1, 1, "VT103", Severity.ERROR, f"x{character}y")
        expected = f"a.md:1:1: VT103 x{printable(character)}y\n"
        assert format_text([finding]) == expected, hex(point)


_TEXT = st.text(alphabet=st.sampled_from(["a", "é", " ", "\n", "\r", "\x1b", "\x85", "\u2028"]))


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from(["", ".", "./", "notes", "notes/", "a\x07"]),
    written=st.lists(st.tuples(_TEXT, _TEXT), max_size=4),
)
@example(prefix="", written=[("a\nb.md", "bad"), ("c.md", "ok")])  # a line break alone
def test_text_output_is_each_finding_printed_on_its_own(
    prefix: str, written: list[tuple[str, str]]
) -> None:
    findings = [
        Diagnostic(path, line, 1, "VT103", Severity.ERROR, message)
        for line, (path, message) in enumerate(written, 1)
    ]
    one_by_one = "".join(
        f"{printable(with_prefix(prefix, d.path))}:{d.line}:{d.column}: {d.code} "
        f"{printable(d.message)}\n"
        for d in findings
    )
    assert format_text(findings, prefix) == one_by_one
    assert one_by_one.count("\n") == len(findings)


# ---------------------------------------------------------------- links to Obsidian


def test_a_finding_path_is_a_hyperlink_that_opens_the_note() -> None:
    finding = Diagnostic("Hiring/Ana & Bo #1.md", 3, 1, "VT103", Severity.ERROR, "bad")
    text = format_text([finding], obsidian_vault="My Notes")
    url = "obsidian://open?vault=My%20Notes&file=Hiring%2FAna%20%26%20Bo%20%231.md"
    assert obsidian_url("My Notes", "Hiring/Ana & Bo #1.md") == url
    assert text == f"\x1b]8;;{url}\x1b\\Hiring/Ana & Bo #1.md\x1b]8;;\x1b\\:3:1: VT103 bad\n"
    assert format_text([finding]) == "Hiring/Ana & Bo #1.md:3:1: VT103 bad\n"


@pytest.mark.parametrize(
    ("arguments", "env", "linked"),
    [
        ([], {}, True),
        (["--no-links"], {}, False),
        ([], {"NO_COLOR": "1"}, False),
        ([], {"TERM": "dumb"}, False),
        (["--format", "json"], {}, False),
        (["--format", "github"], {}, False),
    ],
)
def test_links_only_in_text_on_a_terminal_unless_turned_off(
    vault: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    env: dict[str, str],
    linked: bool,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(cli_module, "_stdout_is_terminal", lambda: True)
    result = lint(str(vault), *arguments, env=env)
    assert result.exit_code == 1
    url = "obsidian://open?vault=vault&file=Bad.md"
    assert (f"\x1b]8;;{url}\x1b\\Bad.md\x1b]8;;\x1b\\:3:1: VT103" in result.stdout) is linked
    assert ("\x1b" in result.stdout) is linked
    if "json" in arguments:
        assert json.loads(result.stdout)[0]["path"] == "Bad.md"


def test_no_links_when_the_output_is_not_a_terminal(vault: Path) -> None:
    result = lint(str(vault))  # CliRunner's output is not a terminal
    assert result.stdout.startswith(FINDING) and "\x1b" not in result.stdout


# ---------------------------------------------------------------- shell completion


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash would offer for the last of ``words`` (click's bash_complete protocol)."""
    typed = words.split(" ")
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="vault-tools",
        env={
            "_VAULT_TOOLS_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(typed) - 1),
            **(env or {}),
        },
    )
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


def test_show_completes_note_names(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_vault(
        {
            "Hiring/Candidates/Kwame Mensah.md": "",
            "Hiring/Cases/Kafka.md": "",
            "Work/Hiring.md": "",
            "Attachments/k.png": b"",
        }
    )
    (root / ".obsidian").mkdir()
    monkeypatch.chdir(root / "Hiring")
    # Escaped as bash escapes file names: bash puts a reply on the line as it is.
    assert complete("vault-tools show Hiring/C") == [
        "Hiring/Candidates/Kwame\\ Mensah",
        "Hiring/Cases/Kafka",
    ]
    assert complete("vault-tools show k") == ["Kafka", "Kwame\\ Mensah"]  # names, any case
    # What is typed comes escaped too (bash's COMP_WORDS hold the line as typed).
    assert complete("vault-tools show Kwame\\ M", env={"COMP_CWORD": "2"}) == ["Kwame\\ Mensah"]
    monkeypatch.chdir(root.parent)
    assert complete(f"vault-tools show {root.name} Work") == ["Work/Hiring"]
    assert complete(f"vault-tools show --vault {root.name} Kw") == ["Kwame\\ Mensah"]


def test_the_documented_completion_script_is_printed() -> None:
    result = CliRunner().invoke(
        cli, [], prog_name="vault-tools", env={"_VAULT_TOOLS_COMPLETE": "bash_source"}
    )
    assert "complete -o nosort -F _vault_tools_completion vault-tools" in result.output
    # Each reply is read raw, so that a name's escapes reach the command line.
    assert "IFS=',' read -r type value" in result.output


# ---------------------------------------------------------------- the process's own end


def test_the_lint_process_ends_with_all_of_its_output_written(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    # The CLI process ends with os._exit once its output is written (nothing is freed one
    # by one first): every finding must still reach a pipe, far more than a pipe holds.
    notes = {f"Note {index}.md": f"[[Gone {index}]] [[Lost {index}]]\n" for index in range(400)}
    vault = make_vault(notes)
    process = subprocess.run(
        [sys.executable, "-m", "vault_tools", "lint", "--format", "json", str(vault)],
        capture_output=True,
        env=process_environment(tmp_path / "cache"),
        check=False,
    )
    assert process.returncode == 0, process.stderr  # unresolved links are warnings
    assert len(process.stdout) > 65536
    assert json.loads(process.stdout) == json.loads(lint("--format", "json", str(vault)).output)
    assert len(json.loads(process.stdout)) == 800
    # A library caller (here, CliRunner in this process) keeps nothing for the end.
    assert sys.modules["vault_tools.lint"]._left_to_exit is None


# The console entry point in a process of its own; with "interrupted", lint is stopped by
# Ctrl-C (a KeyboardInterrupt where the notes are checked) once its run starts.
ENTRY = """
import importlib
import sys
from vault_tools.cli import main

if sys.argv[1] == "interrupted":
    def interrupted(*arguments, **keywords):
        raise KeyboardInterrupt
    importlib.import_module("vault_tools.lint").lint_folder = interrupted
sys.argv = ["vault-tools", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize(
    ("arguments", "interrupted", "status", "said"),
    [
        (["lint", "VAULT"], True, 130, "Aborted!"),  # Ctrl-C: not 1, which means findings
        (["lint", "VAULT"], False, 1, "1 error, 0 warnings in 2 notes"),
        (["lint", "--nope"], False, 2, "No such option '--nope'"),
        (["--help"], False, 0, ""),
    ],
)
def test_the_exit_status_says_how_the_command_ended(
    vault: Path, tmp_path: Path, arguments: list[str], interrupted: bool, status: int, said: str
) -> None:
    argv = [str(vault) if argument == "VAULT" else argument for argument in arguments]
    process = subprocess.run(
        [sys.executable, "-c", ENTRY, "interrupted" if interrupted else "-", *argv],
        capture_output=True,
        text=True,
        env=process_environment(tmp_path / "cache"),
        check=False,
    )
    assert process.returncode == status, process.stderr
    assert said in process.stderr and "Traceback" not in process.stderr


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_findings_printed_a_few_at_a_time_read_as_printed_at_once(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    vault = make_vault({f"Note {index}.md": f"[[Gone {index}]]\n" for index in range(7)})
    whole = lint("--format", output_format, str(vault)).output
    monkeypatch.setattr(cli_module, "_PRINTED_AT_ONCE", 3)
    assert lint("--format", output_format, str(vault)).output == whole
    assert whole.count("VT301") == 7


def test_a_reader_that_stops_early_still_gets_the_summary_and_status(
    make_vault: MakeVault, tmp_path: Path
) -> None:
    # `vault-tools lint | head -1`: the findings left are not wanted, but the summary and
    # the exit status (0 here: warnings only) still say what was found.
    notes = {f"Note {index}.md": f"[[Gone {index}]] [[Lost {index}]]\n" for index in range(800)}
    vault = make_vault(notes)
    script = "import sys\nfrom vault_tools import cli\ncli._PRINTED_AT_ONCE = 100\ncli.main()\n"
    process = subprocess.Popen(
        [sys.executable, "-c", script, "lint", str(vault)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_environment(tmp_path / "cache"),
    )
    assert process.stdout is not None and process.stderr is not None
    assert "VT301" in process.stdout.readline().decode()
    process.stdout.close()
    status = process.wait(timeout=60)
    error = process.stderr.read().decode()
    assert (status, error) == (0, "0 errors, 1600 warnings in 800 notes\n")
