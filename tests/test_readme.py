"""The README is part of the product: its commands run, its example code runs, its tables and
config samples match the code.

Every line of a ``sh`` block that starts with ``vault-tools`` (or ``cd FOLDER && vault-tools``)
is run with CliRunner in a folder that looks like the repository for the paths the command
names (``example_vault``, ``tests/fixtures/...``), on copies, so the committed files are never
touched. A command expects exit status 0 unless its line says ``# exit status N``. ``watch``
runs only with ``--once``. ``| ...`` and ``> file`` after a command are dropped. Each command
naming the example vault runs once more from inside a folder of it, without naming it, and
must do the same there.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vault_tools.cli import cli

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")
_EXPECTED_EXIT = re.compile(r"#.*\bexit status (\d+)")
_IN_FOLDER = re.compile(r"cd (\S+) && (vault-tools\b.*)")


@dataclass(frozen=True)
class Block:
    language: str
    line: int  # file line of the first line inside the block
    text: str


def blocks(text: str) -> list[Block]:
    """Fenced code blocks (top level; a longer fence may hold shorter ones)."""
    found: list[Block] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, language = opening.groups()
        body: list[str] = []
        index += 1
        start = index + 1
        while index < len(lines) and not (
            lines[index].startswith(fence[0] * len(fence)) and not lines[index].strip(fence[0])
        ):
            body.append(lines[index])
            index += 1
        found.append(Block(language, start, "\n".join(body)))
        index += 1
    return found


@dataclass(frozen=True)
class Command:
    line: int
    text: str
    expected_exit: int
    folder: str = "."  # where it runs, relative to the repository

    @property
    def arguments(self) -> list[str]:
        words = shlex.split(self.text, comments=True)
        for stop in ("|", ">", ">>", "&&", ";"):
            if stop in words:
                words = words[: words.index(stop)]
        assert words[0] == "vault-tools"
        return words[1:]


def readme_commands() -> list[Command]:
    commands: list[Command] = []
    for block in blocks(README.read_text(encoding="utf-8")):
        if block.language not in ("sh", "bash", "shell", "console"):
            continue
        logical = block.text.replace("\\\n", " ").split("\n")
        for offset, line in enumerate(logical):
            line = line.strip()
            in_folder = _IN_FOLDER.fullmatch(line)
            folder, line = in_folder.groups() if in_folder else (".", line)
            if not line.startswith("vault-tools"):
                continue
            expected = _EXPECTED_EXIT.search(line)
            commands.append(
                Command(
                    block.line + offset, line, int(expected.group(1)) if expected else 0, folder
                )
            )
    return commands


COMMANDS = readme_commands()


def _repository_lookalike(folder: Path, arguments: list[str]) -> None:
    """Copy into ``folder`` what the command names from the repository (always the example
    vault), at the same relative paths."""
    wanted = {"example_vault"}
    for word in arguments:
        relative = word.split("=", 1)[-1]
        if relative and not relative.startswith(("-", "/")) and (ROOT / relative).exists():
            wanted.add(relative)
    for relative in sorted(wanted):
        source, target = ROOT / relative, folder / relative
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)


def test_the_readme_has_commands() -> None:
    assert len(COMMANDS) >= 20
    assert any(c.expected_exit == 1 for c in COMMANDS)  # a lint that finds errors


@pytest.mark.parametrize(
    "command", COMMANDS, ids=[f"line {c.line}: {c.text[:70]}" for c in COMMANDS]
)
def test_every_readme_command_runs(
    command: Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arguments = command.arguments
    if arguments[:1] == ["watch"] and "--once" not in arguments:
        pytest.skip("watch runs until stopped; the README's `watch --once` is run instead")
    _repository_lookalike(tmp_path, arguments)
    before = (ROOT / "example_vault").stat().st_mtime_ns
    monkeypatch.chdir(tmp_path / command.folder)
    result = CliRunner().invoke(cli, arguments)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == command.expected_exit, (
        f"README line {command.line}: {command.text}\n{result.output}"
    )
    assert (ROOT / "example_vault").stat().st_mtime_ns == before


def _without_the_example_vault(arguments: list[str]) -> list[str] | None:
    """``arguments`` without the example vault (VAULT or --vault VAULT), or None when they do
    not name it."""
    if "example_vault" not in arguments:
        return None
    at = arguments.index("example_vault")
    return arguments[: at - 1 if arguments[at - 1] == "--vault" else at] + arguments[at + 1 :]


INSIDE = [
    "example_vault",
    "example_vault/Hiring",
    "example_vault/Hiring/Interviews",
    "example_vault/Templates",
]
FROM_INSIDE = [
    (command, INSIDE[number % len(INSIDE)])
    for number, command in enumerate(c for c in COMMANDS if "example_vault" in c.arguments)
]


@pytest.mark.parametrize(
    ("command", "folder"),
    FROM_INSIDE,
    ids=[f"line {c.line} in {folder}: {c.text[:50]}" for c, folder in FROM_INSIDE],
)
def test_every_readme_command_runs_from_inside_the_vault(
    command: Command, folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The vault is found as git finds a repository: the same command, the same result.
    arguments = command.arguments
    if arguments[:1] == ["watch"] and "--once" not in arguments:
        pytest.skip("watch runs until stopped; the README's `watch --once` is run instead")
    inside = _without_the_example_vault(arguments)
    assert inside is not None
    for copy in ("named", "found"):
        _repository_lookalike(tmp_path / copy, arguments)
        (tmp_path / copy / ".git").mkdir()  # github paths are relative to the repository
    monkeypatch.chdir(tmp_path / "named")
    named = CliRunner().invoke(cli, arguments)
    monkeypatch.chdir(tmp_path / "found" / folder)
    found = CliRunner().invoke(cli, inside)
    assert (found.exit_code, found.stdout) == (named.exit_code, named.stdout), command.text
    if arguments[0] != "watch":  # its log says how long it took
        assert found.stderr == named.stderr
    assert found.exit_code == command.expected_exit


def test_every_command_has_a_readme_example() -> None:
    used = {" ".join(c.arguments[:2]) for c in COMMANDS} | {c.arguments[0] for c in COMMANDS}
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for sub in subcommands:
                assert f"{name} {sub}" in used, f"no README example of `vault-tools {name} {sub}`"
        else:
            assert name in used, f"no README example of `vault-tools {name}`"


def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = [b for b in blocks(README.read_text(encoding="utf-8")) if b.language == "python"]
    assert examples
    _repository_lookalike(tmp_path, [])
    monkeypatch.chdir(tmp_path)
    for example in examples:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(example.text, f"README.md:{example.line}", "exec"), {})
        # A comment after a print says what it prints ("..." at the end: the start of it).
        output = printed.getvalue()
        for line in example.text.split("\n"):
            match = re.fullmatch(r"print\(.*\)  # (.+)", line.strip())
            if match:
                shown = match.group(1).removesuffix("...")
                assert shown in output, f"README.md: {line.strip()} printed {output!r}"


def test_the_lint_code_table_is_the_one_the_rules_declare() -> None:
    table = CliRunner().invoke(cli, ["rules", "--format", "markdown"]).stdout
    expected = [line for line in table.split("\n") if re.match(r"\| VT\d{3} \|", line)]
    assert len(expected) == len(
        json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    )
    text = README.read_text(encoding="utf-8")
    rows = [line for line in text.split("\n") if re.match(r"\| VT\d{3} \|", line)]
    hint = "regenerate the README's table with `vault-tools rules --format markdown`:\n"
    assert rows == expected, hint + table
    assert table in text, hint + table


def test_the_configuration_sample_is_a_valid_configuration(tmp_path: Path) -> None:
    from vault_tools.config import Config
    from vault_tools.generated import GenerateSettings
    from vault_tools.new import NewSettings

    samples = [
        b
        for b in blocks(README.read_text(encoding="utf-8"))
        if b.language == "yaml" and b.text.startswith("# .vault-tools/config.yaml")
    ]
    assert len(samples) == 1
    config_file = tmp_path / ".vault-tools" / "config.yaml"
    config_file.parent.mkdir()
    config_file.write_text(samples[0].text, encoding="utf-8")
    config = Config.load(tmp_path)
    assert config.templates_folder == "Templates"
    assert config.severity_overrides["VT403"] == "off"
    assert config.ignore_patterns[0].search("Notes/.sync-conflict/x.md")
    generate = GenerateSettings.from_config(config)
    assert [index.name for index in generate.indexes] == ["interviews", "cases", "candidates"]
    hiring = NewSettings.from_config(config)
    assert hiring.interviewer == "Maria Svensson"
    # The defaults it claims are the defaults.
    assert GenerateSettings.from_mapping({}) == generate
    assert NewSettings.from_config(Config.load(ROOT / "example_vault")).folders == hiring.folders


def test_the_pre_commit_hooks_the_readme_names_exist() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {hook["id"] for hook in hooks}
    named = set(re.findall(r"id: (vault-tools-[\w-]+)", README.read_text(encoding="utf-8")))
    assert named and named <= ids


def test_the_yaml_samples_parse_and_the_files_named_exist() -> None:
    text = README.read_text(encoding="utf-8")
    samples = [b for b in blocks(text) if b.language == "yaml"]
    assert len(samples) >= 3
    for sample in samples:
        assert isinstance(yaml.safe_load(sample.text), dict), f"README.md:{sample.line}"
    named = set(re.findall(r"\b((?:contrib|docs|benchmarks|tests)/[\w./-]+\w)", text))
    assert named
    for relative in sorted(named):
        assert (ROOT / relative).exists(), f"README names {relative}, which does not exist"
