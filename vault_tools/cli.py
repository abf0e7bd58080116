"""The command line: a thin layer over the library. The only module that imports click or prints."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vault_tools import __version__
from vault_tools.errors import VaultToolsError

if TYPE_CHECKING:  # imported where used: `lint` starts its helper process before them
    from vault_tools.vault import Vault

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _UsageExit(click.ClickException):
    exit_code = EXIT_USAGE


@contextlib.contextmanager
def _cannot_run(*also: type[Exception]) -> Iterator[None]:
    """The one mapping of the library's "cannot run" exceptions (a bad config or schema file,
    not a vault, a vault locked by a watcher) to exit status 2 with the message, for every
    command. Exit status 1 stays for what the command found or could not write."""
    caught: tuple[type[Exception], ...] = (VaultToolsError, *also)
    try:
        yield
    except caught as error:
        raise _UsageExit(str(error)) from error


def _open_vault(path: str | Path, **options: Any) -> Vault:
    from vault_tools.vault import Vault

    with _cannot_run():
        return Vault.open(path, **options)


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
    from vault_tools.show import describe_note

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
    from vault_tools import parallel

    if Path(vault).is_file():  # `vault-tools lint note.md`: the vault is the current folder
        here = Path.cwd().resolve()
        if here not in Path(vault).resolve().parents:
            # A file outside the current folder cannot be a note of it: linting no note and
            # saying "0 errors" would be a false green in CI.
            raise _UsageExit(
                f"{vault}: is a file, not a vault folder, and not inside the current folder "
                "(give the vault folder first: vault-tools lint VAULT [PATH...])"
            )
        vault, paths = ".", (vault, *paths)
    if not Path(vault).is_dir():
        raise _UsageExit(f"{vault}: no such folder")
    root = Path(vault).resolve()
    if _WHOLE_PROCESS:
        # Started before the imports below, so that its own start-up overlaps them.
        parallel.prestart(root, use_cache=not no_cache)

    from vault_tools.lint import lint_folder
    from vault_tools.report import format_github, format_json, format_text, summary

    progress = _Progress() if sys.stderr.isatty() else None
    if _WHOLE_PROCESS:
        # A one-shot process: the cyclic collector would only re-scan the millions of objects
        # a cold lint builds (and scan them all once more at exit), freeing next to nothing.
        gc.disable()
    try:
        with _cannot_run():
            result = lint_folder(
                root,
                _lint_paths(root, paths) if paths else None,
                select,
                ignore,
                use_cache=not no_cache,
                progress=progress,
                parallel=_WHOLE_PROCESS,
            )
    finally:
        parallel.discard()
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
    if _WHOLE_PROCESS:
        gc.freeze()  # the interpreter's final collection then skips them too
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
    with _cannot_run():
        return load_schemas(Config.load(vault))


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
    only when it changed. Exit status 1 when a note could not be written. While a watcher
    runs on the vault it keeps these notes up to date, so index leaves them to it (exit 0).

    \b
    Example:
      vault-tools index ~/Notes
    """
    from vault_tools import generate
    from vault_tools.lock import VaultLock, VaultLockedError

    lock = VaultLock(os.path.realpath(vault))
    try:
        lock.acquire()
    except VaultLockedError as error:
        holder = f"pid {error.pid}" if error.pid is not None else "another process"
        click.echo(
            f"a vault-tools watcher ({holder}) keeps the generated notes of {vault} up to "
            "date: nothing done",
            err=True,
        )
        return
    except OSError:
        pass  # no cache folder to hold the lock (a read-only home): run without it
    try:
        opened = _open_vault(vault)
        with _cannot_run():
            outcomes = generate.apply(opened, generate.plan(opened))
    finally:
        lock.release()
    if not outcomes:
        click.echo("nothing to generate: no note has type interview, candidate or case")
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
    *Reflection* section and anything outside the generated block are never touched. A
    quarter without interview logs gets no note (one that exists already is updated).

    \b
    Examples:
      vault-tools retro ~/Notes --quarter 2025-Q3
      vault-tools retro ~/Notes --quarter 2025-Q3 --format json | jq .independence
    """
    import datetime

    from vault_tools import generate
    from vault_tools.generate.markup import plural
    from vault_tools.hiring import Quarter

    try:
        chosen = (
            Quarter.parse(quarter) if quarter is not None else Quarter.of(datetime.date.today())
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--quarter") from error
    opened = _open_vault(vault)
    with _cannot_run():
        result = generate.retrospective(opened, chosen)
        if result.figures["logs"] == 0 and opened.get(result.path) is None:
            # As with `index` and the watcher: no note for a quarter without logs (and none
            # for a mistyped year), but one that exists says the quarter is empty now.
            lines = [f"no note written: no interview log is dated in {result.quarter}"]
            outcome = None
        else:
            _, outcome = generate.write_retrospective(opened, chosen, result)
            lines = _outcome_lines([outcome])
    figures = result.figures
    if output_format == "json":
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        for line in lines:
            click.echo(line, err=True)
    else:
        for line in lines:
            click.echo(line)
        counts = (
            plural(figures["interviews"], "interview"),
            plural(figures["logs"], "log"),
            plural(figures["candidates"], "candidate"),
        )
        click.echo(f"{figures['quarter']}: {', '.join(counts)}")
    if outcome is not None and outcome.failed:
        sys.exit(EXIT_FINDINGS)


# ---------------------------------------------------------------- new


def _vault_option(function: Any) -> Any:
    return click.option(
        "--vault",
        type=click.Path(exists=True, file_okay=False),
        default=".",
        help="The vault to create the note in (default: the current folder).",
    )(function)


def _dry_run_option(function: Any) -> Any:
    return click.option(
        "--dry-run", is_flag=True, help="Print the note(s) instead of writing them."
    )(function)


# How many of a new note's findings `new` lists before it says "and N more".
STILL_TO_FILL_IN = 8


def _create_notes(vault: str, plan: Any, dry_run: bool) -> None:
    """Plan with ``plan(opened_vault)``, write, print what was created and what is left."""
    from vault_tools import new as new_notes

    opened = _open_vault(vault)
    with _cannot_run():
        try:
            planned = plan(opened)
            if dry_run:
                for note in planned:
                    click.echo(f"--- {note.path} (from {note.template} template)", err=True)
                    click.echo(note.text, nl=False)
                return
            outcomes = new_notes.create(opened, planned)
        except new_notes.NoteExistsError as error:
            raise click.ClickException(str(error)) from error  # exit status 1
    sources = {note.path: note.template for note in planned}
    for outcome in outcomes:
        source = f"  (from {sources[outcome.path]} template)" if outcome.written else ""
        click.echo(_outcome_lines([outcome])[0] + source)
        for line in _outcome_lines([outcome])[1:]:
            click.echo(line)
    if any(outcome.failed for outcome in outcomes):
        sys.exit(EXIT_FINDINGS)
    created = [outcome.path for outcome in outcomes if outcome.written]
    for path in created:
        opened.update(path)
    try:
        left = opened.lint(paths=created)
    except VaultToolsError:
        return  # a broken schema file: lint says so; the notes were written
    if left:
        # A new log is unfinished: what it still needs is listed, warnings included (errors
        # first); a draft case's long list of reminders is cut short.
        click.echo("Still to fill in:", err=True)
        ordered = sorted(left, key=lambda d: d.severity.value != "error")
        shown = ordered[: max(STILL_TO_FILL_IN, sum(d.severity.value == "error" for d in left))]
        for d in shown:
            click.echo(f"  {d.path}:{d.line}:{d.column}: {d.code} {d.message}", err=True)
        if len(left) > len(shown):
            more = len(left) - len(shown)
            click.echo(f"  and {more} more: `vault-tools lint` lists them", err=True)


@cli.group()
def new() -> None:
    """Create an interview log, a case or a candidate note from the vault's templates.

    The templates are the Templates plugin's folder (.obsidian/templates.json) files
    "Interview Log.md", "Case.md" and "Candidate.md", or the built-in ones when the vault
    has none. Obsidian's {{date}}, {{time}}, {{title}} and {{date:FORMAT}} are filled in, and
    the properties given here replace the template's. An existing note is never
    overwritten (exit status 1). Folders, template names and the default interviewer:
    `hiring:` in .vault-tools/config.yaml.

    \b
    Examples:
      vault-tools new interview "Ada Okafor" --stage technical --interviewer "Maria Svensson"
      vault-tools new case "Streaming Orders Pipeline" --role DE --level Senior
      vault-tools new candidate "Lena Holm" --role DS --level Mid
    """


@new.command("interview")
@click.argument("candidate")
@click.option(
    "--stage",
    required=True,
    metavar="STAGE",
    help="get-to-know, technical, case or final (the interview schema's stages).",
)
@click.option("--case", "case", metavar="NAME", help="The case note used (stage case).")
@click.option("--role", metavar="ROLE", help="DE, DS or MLE. Default: the candidate's.")
@click.option("--level", metavar="LEVEL", help="Junior, Mid or Senior. Default: the candidate's.")
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    metavar="NAME",
    help="Who interviewed; repeat for a panel. The first is the log's author and names the "
    "file. Default: hiring.interviewer in the config.",
)
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day of the interview, YYYY-MM-DD. Default: today.",
)
@_vault_option
@_dry_run_option
def new_interview(
    candidate: str,
    stage: str,
    case: str | None,
    role: str | None,
    level: str | None,
    interviewers: tuple[str, ...],
    date: Any,
    vault: str,
    dry_run: bool,
) -> None:
    """Create the interview log of CANDIDATE at one stage, and the candidate's note if the
    vault has none (with --role and --level).

    The log is Hiring/Interviews/<date> <Candidate> - <stage> (<Interviewer's first name>).md,
    with the sections and empty scores (null: not assessed yet) of its stage. What is left
    to fill in is listed after it is created.

    \b
    Examples:
      vault-tools new interview "Lena Holm" --stage get-to-know --role DE --level Mid \\
          --interviewer "Maria Svensson"
      vault-tools new interview "Ada Okafor" --stage case --case "Streaming Orders Pipeline" \\
          --interviewer "Jonas Berg" --interviewer "Maria Svensson" --date 2025-10-16
    """
    from vault_tools.new import plan_interview

    def plan(opened: Vault) -> Any:
        return plan_interview(
            opened,
            candidate,
            stage,
            case=case,
            role=role,
            level=level,
            interviewers=interviewers,
            date=date.date() if date else None,
        )

    _create_notes(vault, plan, dry_run)


@new.command("case")
@click.argument("title")
@click.option("--role", metavar="ROLE", help="DE, DS or MLE.")
@click.option("--level", metavar="LEVEL", help="Junior, Mid or Senior.")
@_vault_option
@_dry_run_option
def new_case(title: str, role: str | None, level: str | None, vault: str, dry_run: bool) -> None:
    """Create the case note Hiring/Cases/<TITLE>.md from the case template, as a draft.

    \b
    Example:
      vault-tools new case "Warehouse Cost Attribution" --role DE --level Mid
    """
    from vault_tools.new import plan_case

    _create_notes(vault, lambda opened: plan_case(opened, title, role=role, level=level), dry_run)


@new.command("candidate")
@click.argument("name")
@click.option("--role", metavar="ROLE", help="DE, DS or MLE.")
@click.option("--level", metavar="LEVEL", help="Junior, Mid or Senior.")
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First contact, YYYY-MM-DD. Default: today.",
)
@click.option(
    "--source",
    metavar="SOURCE",
    help="Where they came from: referral, inbound, outbound, agency, job-board, internal, other.",
)
@_vault_option
@_dry_run_option
def new_candidate(
    name: str,
    role: str | None,
    level: str | None,
    date: Any,
    source: str | None,
    vault: str,
    dry_run: bool,
) -> None:
    """Create the candidate note Hiring/Candidates/<NAME>.md (decision: pending).

    \b
    Example:
      vault-tools new candidate "Lena Holm" --role DE --level Mid --source referral
    """
    from vault_tools.new import plan_candidate

    def plan(opened: Vault) -> Any:
        first_contact = date.date() if date else None
        return plan_candidate(
            opened, name, role=role, level=level, first_contact=first_contact, source=source
        )

    _create_notes(vault, plan, dry_run)


@cli.command()
@click.argument("logs", metavar="LOG...", nargs=-1, required=True)
@click.option(
    "--at",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]),
    help="When the notes were finished, YYYY-MM-DDTHH:MM. Default: now.",
)
@_vault_option
@_dry_run_option
def finish(logs: tuple[str, ...], at: Any, vault: str, dry_run: bool) -> None:
    """Mark interview logs finished: set notes_written to now (to the minute).

    notes_written is your own statement that your notes of the interview were done at that
    time (before the debrief, for independence). Until it is set, a log is unfinished: lint
    asks for its sections, scores and recommendation as warnings only. Only that one value
    is written; every other byte of the note stays as it is. LOG is a path in the vault or
    a note name.

    \b
    Example:
      vault-tools finish "Hiring/Interviews/2025-09-18 Kwame Mensah - final (Maria).md"
    """
    import datetime

    from vault_tools.edits import apply
    from vault_tools.finish import plan_finish

    opened = _open_vault(vault)
    with _cannot_run():
        edits, done = plan_finish(opened, logs, at or datetime.datetime.now())
    for finished in done:
        click.echo(f"finished  {finished.path}  (already: notes_written {finished.at})")
    if dry_run:
        from vault_tools.edits import unified_diff

        click.echo(unified_diff(opened.root, edits), nl=False)
        return
    outcomes = apply(opened.root, edits)
    reasons = {edit.path: edit.reason for edit in edits}
    for outcome in outcomes:
        if outcome.written:
            click.echo(f"finished  {outcome.path}  ({reasons[outcome.path]})")
        else:
            click.echo(f"{outcome.status.value:<9} {outcome.path}  ({outcome.message})")
    if any(outcome.failed for outcome in outcomes):
        sys.exit(EXIT_FINDINGS)


# ---------------------------------------------------------------- watch


def _setup_logging(verbosity: int) -> None:
    """Log lines on stderr: warnings only with -q, debug with -v. Under systemd the journal
    stamps each line already, so the time is left out there."""
    import logging

    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    stamp = "" if os.environ.get("JOURNAL_STREAM") else "%(asctime)s "
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(stamp + "%(levelname)s %(message)s", "%H:%M:%S"))
    package_logger = logging.getLogger("vault_tools")
    for old in list(package_logger.handlers):
        package_logger.removeHandler(old)
    package_logger.addHandler(handler)
    package_logger.setLevel(level)
    package_logger.propagate = False


@cli.command()
@click.argument("vault", type=click.Path(exists=True, file_okay=False), default=".")
@click.option("--once", is_flag=True, help="Regenerate everything once and exit (= index).")
@click.option(
    "--rescan-interval",
    type=click.FloatRange(min=0),
    default=600.0,
    show_default=True,
    metavar="SECONDS",
    help="Also compare the whole vault with the disk this often (stat only; 0: never), "
    "a safety net for file systems that drop events.",
)
@click.option(
    "--polling",
    is_flag=True,
    help="Poll the disk every 2 s instead of OS notifications (network drives).",
)
@click.option("-q", "--quiet", is_flag=True, help="Log warnings and errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Log every change, even unimportant ones.")
def watch(
    vault: str, once: bool, rescan_interval: float, polling: bool, quiet: bool, verbose: bool
) -> None:
    """Keep the index notes and quarterly retrospectives of VAULT fresh in the background.

    On start, every generated note is brought up to date; after that each change re-reads
    only the changed notes and rewrites only the generated notes that read them, one line
    in the log per regeneration. Runs in the foreground until Ctrl-C or SIGTERM (exit 0);
    the README's "The watcher in the background" shows how to run it as a systemd user
    service (contrib/systemd/) or a launchd agent (contrib/launchd/). A second watcher on
    the same vault exits with status 2.

    \b
    Examples:
      vault-tools watch ~/Notes
      vault-tools watch ~/Notes --once
      vault-tools watch ~/Notes -q --rescan-interval 300
    """
    import signal

    from vault_tools.lock import VaultLock
    from vault_tools.watch import Watcher, WatchError, log_regeneration

    _setup_logging(-1 if quiet else 1 if verbose else 0)
    with _cannot_run(WatchError):
        watcher = Watcher(
            vault, rescan_interval=rescan_interval, polling=polling, freeze_heap=not once
        )
        with VaultLock(watcher.root):
            if once:
                result = watcher.open()
                log_regeneration(result)
                for line in _outcome_lines(result.outcomes):
                    click.echo(line)
                if result.failed:
                    sys.exit(EXIT_FINDINGS)
                return
            stop_requested: list[int] = []

            def request_stop(signal_number: int, frame: object) -> None:
                if stop_requested:  # a second Ctrl-C: the user means it
                    os._exit(EXIT_OK)
                stop_requested.append(signal_number)

            signal.signal(signal.SIGINT, request_stop)
            signal.signal(signal.SIGTERM, request_stop)
            if not watcher.run(until=lambda: bool(stop_requested)):
                sys.exit(EXIT_FINDINGS)


# True when this module runs as its own process (main()), not inside a test's CliRunner: only
# then may a command change the garbage collector for the rest of the process.
_WHOLE_PROCESS = False


def main() -> None:
    """Console entry point."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    try:
        cli.main(prog_name="vault-tools", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
