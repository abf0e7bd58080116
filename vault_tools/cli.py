"""The command line: a thin layer over the library. The only module that imports click or prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from vault_tools import __version__
from vault_tools.errors import VaultToolsError
from vault_tools.show import describe_note
from vault_tools.vault import Vault

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _open_vault(path: str | Path, **options: Any) -> Vault:
    try:
        return Vault.open(path, **options)
    except VaultToolsError as error:
        raise click.ClickException(str(error)) from error


class _UsageExit(click.ClickException):
    exit_code = EXIT_USAGE


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vault-tools")
def cli() -> None:
    """Lint, index and retrospect an Obsidian hiring vault, read exactly as Obsidian reads it.

    \b
    Examples:
      vault-tools lint ~/Notes
      vault-tools show ~/Notes "Work/Hiring.md"
    """


@cli.command()
@click.argument("vault", type=click.Path(exists=True, file_okay=False), default=".")
@click.argument("note")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for tools.",
)
def show(vault: str, note: str, output_format: str) -> None:
    """Show what vault-tools read from one NOTE: properties, links, tags, headings.

    NOTE is a vault-relative path ("Work/Hiring.md", ".md" optional) or a note name.

    \b
    Example:
      vault-tools show example_vault "Work/Hiring"
    """
    opened = _open_vault(vault)
    found = opened.get(note)
    if found is None:
        path, _ = opened.resolve_path(note, "")
        found = opened.notes.get(path) if path else None
    if found is None:
        raise _UsageExit(f"no note {note!r} in {vault}")
    described = describe_note(opened, found)
    if output_format == "json":
        click.echo(json.dumps(described, indent=2, ensure_ascii=False))
        return
    click.echo(_show_text(described))


def _show_text(described: dict[str, Any]) -> str:
    lines = [described["path"], f"type: {described['type'] or '(none)'}", "", "properties:"]
    for key, prop in described["properties"].items():
        value = json.dumps(prop["value"], ensure_ascii=False)
        lines.append(f"  {prop['line']:>4}  {key}: {value}  ({prop['kind']})")
    lines += ["", "links:"]
    for link in described["links"]:
        target = link["resolves_to"] or "UNRESOLVED"
        if link["subpath"] and link["subpath_found"] is False:
            target += f"  (no {link['subpath']} there)"
        if link["candidates"]:
            target += f"  (ambiguous: {', '.join(link['candidates'])})"
        lines.append(f"  {link['line']:>4}:{link['column']:<3} {link['raw']}  ->  {target}")
    lines += ["", "tags:"]
    lines += [f"  {tag['line']:>4}:{tag['column']:<3} #{tag['name']}" for tag in described["tags"]]
    lines += ["", "headings:"]
    lines += [
        f"  {heading['line']:>4}  {'#' * heading['level']} {heading['text']}"
        for heading in described["headings"]
    ]
    if described["problems"]:
        lines += ["", "problems:"]
        lines += [
            f"  {p['line']}:{p['column']}: {p['code']} {p['message']}"
            for p in described["problems"]
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------- lint, rules, schema


def _lint_paths(root: Path, paths: tuple[str, ...]) -> list[str]:
    """PATHs as vault-relative paths: taken relative to the vault, else to the current folder
    (pre-commit passes repository-relative file names). An existing file outside the vault
    (a repository's README next to a vault folder) selects nothing; a missing one is an error."""
    relative: list[str] = []
    for given in paths:
        if (root / given).exists():
            relative.append(Path(given).as_posix())
            continue
        here = Path(given).resolve()
        if not here.exists():
            raise _UsageExit(f"{given}: no such file or folder in the vault {root}")
        if here == root or root in here.parents:
            relative.append(here.relative_to(root).as_posix())
    return relative


class _Progress:
    """A progress bar on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Linting", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command()
@click.argument("vault", required=False, default=".")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    help="text: path:line:col: CODE message; json: a list of objects; github: annotations.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only codes starting with these prefixes (comma-separated or repeated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Do not report codes starting with these prefixes (comma-separated or repeated).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.pass_context
def lint(
    ctx: click.Context,
    vault: str,
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_cache: bool,
) -> None:
    """Check the notes of VAULT (default: the current folder) against Obsidian's rules and
    the note-type schemas. Exit status 0: no errors (warnings allowed), 1: errors, 2: the
    run itself failed (bad option, config or schema file).

    PATHs (files or folders, relative to the vault) limit which notes are reported; links
    are still resolved against the whole vault. `vault-tools rules` lists every code.

    \b
    Examples:
      vault-tools lint ~/Notes
      vault-tools lint ~/Notes Hiring/Interviews --select VT2,VT3
      vault-tools lint . --format github
    """
    from vault_tools.lint import lint_folder
    from vault_tools.report import format_github, format_json, format_text, summary

    if Path(vault).is_file():  # `vault-tools lint note.md`: the vault is the current folder
        vault, paths = ".", (vault, *paths)
    if not Path(vault).is_dir():
        raise _UsageExit(f"{vault}: no such folder")
    root = Path(vault).resolve()
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        result = lint_folder(
            root,
            _lint_paths(root, paths) if paths else None,
            select,
            ignore,
            use_cache=not no_cache,
            progress=progress,
        )
    except VaultToolsError as error:
        raise _UsageExit(str(error)) from error
    finally:
        if progress is not None:
            progress.close()
    found = result.diagnostics
    if output_format == "json":
        click.echo(format_json(found), nl=False)
    elif output_format == "github":
        prefix = os.path.relpath(root).replace(os.sep, "/") if root != Path.cwd() else ""
        click.echo(format_github(found, "" if prefix.startswith("..") else prefix), nl=False)
    else:
        click.echo(format_text(found), nl=False)
        click.echo(summary(found, result.notes), err=True)
    has_errors = any(d.severity.value == "error" for d in found)
    ctx.exit(EXIT_FINDINGS if has_errors else EXIT_OK)


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for tools.",
)
def rules(output_format: str) -> None:
    """List every lint code with its default severity and what it means.

    Severities can be changed per code in the vault's .vault-tools/config.yaml
    (lint: severity: {VT301: error, VT305: off}).

    \b
    Example:
      vault-tools rules
    """
    from vault_tools.rules.catalog import RULES

    if output_format == "json":
        rows = [{"code": r.code, "severity": r.severity.value, "summary": r.summary} for r in RULES]
        click.echo(json.dumps(rows, indent=2))
        return
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.summary}")


@cli.group()
def schema() -> None:
    """List and show the note-type schemas (built-in, or the vault's own).

    \b
    Examples:
      vault-tools schema list ~/Notes
      vault-tools schema show interview > ~/Notes/.vault-tools/schemas/interview.yaml
    """


def _schemas_of(vault: str) -> Any:
    from vault_tools.config import Config
    from vault_tools.schemas import load_schemas

    if not Path(vault).is_dir():
        raise _UsageExit(f"{vault}: no such folder")
    try:
        return load_schemas(Config.load(vault))
    except VaultToolsError as error:
        raise _UsageExit(str(error)) from error


@schema.command("list")
@click.argument("vault", required=False, default=".")
def schema_list(vault: str) -> None:
    """List the schemas in force for VAULT (default: the current folder).

    A file in the vault's schemas folder (.vault-tools/schemas/NAME.yaml) replaces the
    built-in schema NAME, or adds the note type NAME.

    \b
    Example:
      vault-tools schema list ~/Notes
    """
    for found in _schemas_of(vault):
        source = "built-in" if found.builtin else os.path.relpath(found.path, Path(vault))
        click.echo(f"{found.name:<12} {source:<40} {found.description}")


@schema.command("show")
@click.argument("name")
@click.argument("vault", required=False, default=".")
def schema_show(name: str, vault: str) -> None:
    """Print schema NAME as its YAML file, comments included (VAULT: default current folder).

    \b
    Example:
      vault-tools schema show interview
    """
    found = _schemas_of(vault).get(name)
    if found is None:
        names = ", ".join(s.name for s in _schemas_of(vault))
        raise _UsageExit(f"no schema {name!r}; there are: {names}")
    click.echo(found.text, nl=False)


def _outcome_lines(outcomes: Any) -> list[str]:
    """One line per generated note; a refused note's problems as lint-style lines under it."""
    lines = []
    for outcome in outcomes:
        message = f" ({outcome.message})" if outcome.message else ""
        lines.append(f"{outcome.status.value:<9} {outcome.path}{message}")
        lines += [f"  {p.path}:{p.line}:{p.column}: {p.code} {p.message}" for p in outcome.problems]
    return lines


@cli.command()
@click.argument("vault", type=click.Path(exists=True, file_okay=False), default=".")
def index(vault: str) -> None:
    """Regenerate the index notes and every quarter's interview retrospective.

    Writes Hiring/Interview Index.md, Hiring/Case Index.md, Hiring/Candidate Pipeline.md and
    one retrospective per quarter that has interview logs (paths and columns: `indexes:` and
    `retrospectives:` in .vault-tools/config.yaml). Only the text between the
    `%% vault-tools:begin NAME %%` and `%% vault-tools:end NAME %%` lines is rewritten, and
    only when it changed. Exit status 1 when a note could not be written.

    \b
    Example:
      vault-tools index ~/Notes
    """
    from vault_tools import generate

    opened = _open_vault(vault)
    try:
        outcomes = generate.apply(opened, generate.plan(opened))
    except VaultToolsError as error:
        raise _UsageExit(str(error)) from error
    for line in _outcome_lines(outcomes):
        click.echo(line)
    if any(outcome.failed for outcome in outcomes):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("vault", type=click.Path(exists=True, file_okay=False), default=".")
@click.option("--quarter", help="The quarter, e.g. 2025-Q3. Default: the current quarter.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="json prints the computed figures (the note is written either way).",
)
def retro(vault: str, quarter: str | None, output_format: str) -> None:
    """Write the quarterly interview retrospective note for one quarter.

    Volume, pass-through funnel, score distributions, interviewer calibration, independence,
    time to decision and to telling the candidate, risk-aversion signals and predictive
    value, each with its n. The note goes to
    Hiring/Retrospectives/<quarter> Interview Retrospective.md (configurable); your
    *Reflection* section and anything outside the generated block are never touched.

    \b
    Examples:
      vault-tools retro ~/Notes --quarter 2025-Q3
      vault-tools retro ~/Notes --quarter 2025-Q3 --format json | jq .independence
    """
    import datetime

    from vault_tools import generate
    from vault_tools.hiring import Quarter

    try:
        chosen = Quarter.parse(quarter) if quarter else Quarter.of(datetime.date.today())
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--quarter") from error
    opened = _open_vault(vault)
    try:
        result, outcome = generate.write_retrospective(opened, chosen)
    except VaultToolsError as error:
        raise _UsageExit(str(error)) from error
    figures = result.figures
    if output_format == "json":
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        for line in _outcome_lines([outcome]):
            click.echo(line, err=True)
    else:
        for line in _outcome_lines([outcome]):
            click.echo(line)
        click.echo(
            f"{figures['quarter']}: {figures['interviews']} interviews, {figures['logs']} logs, "
            f"{figures['candidates']} candidates"
        )
    if outcome.failed:
        sys.exit(EXIT_FINDINGS)


def main() -> None:
    """Console entry point."""
    try:
        cli.main(prog_name="vault-tools", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
