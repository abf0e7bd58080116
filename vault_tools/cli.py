"""The command line: a thin layer over the library. The only module that imports click or prints."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class

from vault_tools._version import __version__
from vault_tools.errors import VaultToolsError

if TYPE_CHECKING:  # imported where used: `lint` starts its helper process before them
    import datetime

    from vault_tools.config import Config
    from vault_tools.diagnostics import Diagnostic
    from vault_tools.lock import VaultLockedError
    from vault_tools.vault import Vault

__all__ = ["cli", "main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _UsageExit(click.ClickException):
    exit_code = EXIT_USAGE


class _DateTime(click.DateTime):
    """click's DateTime, saying when a value written in the format names no day or time:
    for 2026-02-30 click says it "does not match the format '%Y-%m-%d'", which it does."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.datetime:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            problem = _no_such_moment(value, self.formats) if isinstance(value, str) else None
            if problem is None:
                raise
            self.fail(problem, param, ctx)


_FORMAT_FIELDS = {
    "%Y": r"(?P<year>\d{4})",
    "%m": r"(?P<month>\d{1,2})",
    "%d": r"(?P<day>\d{1,2})",
    "%H": r"(?P<hour>\d{1,2})",
    "%M": r"(?P<minute>\d{1,2})",
}


def _no_such_moment(text: str, formats: Sequence[str]) -> str | None:
    """Why ``text``, written in one of the strptime ``formats``, names no day or time; None
    when it is written in none of them (then click's message says so)."""
    import calendar

    for written in formats:
        parts = re.split(r"(%[YmdHM])", written)
        pattern = "".join(_FORMAT_FIELDS.get(part) or re.escape(part) for part in parts)
        found = re.fullmatch(pattern, text)
        if found is None:
            continue
        numbers = {key: int(number) for key, number in found.groupdict().items()}
        year, month, day = numbers.get("year"), numbers.get("month"), numbers.get("day")
        if month is not None and not 1 <= month <= 12:
            return f"{text} is no day: a year has 12 months"
        if year is not None and year >= 1 and month is not None and day is not None:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                return f"{text} is no day: {calendar.month_name[month]} {year} has {days} days"
        if numbers.get("hour", 0) > 23 or numbers.get("minute", 0) > 59:
            return f"{text} is no time of day: hours go from 00 to 23, minutes from 00 to 59"
    return None


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
        opened = Vault.open(path, **options)
        _check_settings(opened.config)
        return opened


def _check_settings(config: Config) -> None:
    """The config's settings of generated notes, checked by every command as by ``index``: a
    wrong value fails ``lint`` in CI and the pre-commit hook, not the watcher later."""
    from vault_tools.generated import GenerateSettings

    GenerateSettings.from_config(config)


# ---------------------------------------------------------------- which vault

_VAULT_HELP = (
    "The vault (default: the vault the current folder is in, found as git finds a "
    "repository: the nearest folder above holding .obsidian/ or .vault-tools/config.yaml)."
)


def _vault_option(function: Any) -> Any:
    """``--vault DIR``, on every command (the positional VAULT's other spelling)."""
    return click.option(
        "--vault",
        "vault_option",
        type=click.Path(exists=True),
        metavar="VAULT",
        help=_VAULT_HELP,
    )(function)


def _one_vault(positional: str | None, option: str | None) -> str | None:
    """VAULT given once, as an argument or as --vault (both: the same folder, or a usage
    error), or None: find it from the current folder."""
    both = positional is not None and option is not None
    if both and Path(str(positional)).resolve() != Path(str(option)).resolve():
        raise _UsageExit(f"two vaults given: {positional} and --vault {option}")
    return option if option is not None else positional


def _writable_vault(given: str | None) -> Path:
    """The vault root a command that writes may write into: found from the current folder
    when not given; refused where none is found, or where writing can only be a mistake."""
    from vault_tools.discovery import vault_for_writing

    with _cannot_run():
        return vault_for_writing(given)


def _readable_vault(given: str | None) -> Path:
    """The vault a reading command reads: found from ``given`` or the current folder, else
    that folder itself."""
    from vault_tools.discovery import vault_for_reading

    with _cannot_run():
        return vault_for_reading(given)


def _another_watcher(error: VaultLockedError, vault: Path) -> None:
    """`index` and `watch --once` beside a running watcher: the watcher keeps the notes up to
    date, so both leave them to it, say so, and exit 0 (a cron job or a hook beside the
    watcher service does not fail)."""
    click.echo(
        f"a vault-tools watcher ({_holder(error)}) keeps the generated notes of {vault} up to "
        "date: nothing done",
        err=True,
    )


def _holder(error: VaultLockedError) -> str:
    return f"pid {error.pid}" if error.pid is not None else "another process"


def complete_note_names(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of a NOTE argument: the vault-relative paths (without .md) of the
    notes of the vault given so far (VAULT or --vault), else of the current folder's vault,
    that start with what is typed (any case). For every command that takes a note."""
    from vault_tools.config import Config
    from vault_tools.discovery import vault_for_reading
    from vault_tools.vault import Vault

    given = ctx.params.get("vault_option")
    words = ctx.params.get("words") or ()
    if given is None and words and Path(words[0]).is_dir():
        given = words[0]
    try:  # the file names only: no note is read while the user waits at the prompt
        listed = Vault(Config.load(vault_for_reading(given)), lean=True).walk()
        notes = sorted(relative for relative, kind, _, _ in listed if kind == "note")
    except (VaultToolsError, OSError):
        return []
    typed = incomplete.casefold()
    offered: dict[str, None] = {}
    for path in notes:
        if path.casefold().startswith(typed):
            offered[path.removesuffix(".md")] = None
        elif Path(path).stem.casefold().startswith(typed):  # a note name, as [[links]] use
            offered[Path(path).stem] = None
    if os.environ.get("_VAULT_TOOLS_COMPLETE", "").startswith("bash"):
        # bash puts a reply on the line as it is: `Kwame Mensah` would be two words.
        return [CompletionItem(_BASH_SPECIAL.sub(r"\\\1", value)) for value in sorted(offered)]
    return [CompletionItem(value) for value in sorted(offered)]


# What bash would read as more than a name's own characters, escaped as its own file name
# completion escapes them (zsh and fish quote a reply themselves).
_BASH_SPECIAL = re.compile(r"""([\s"'\\$`&|;()<>*?\[\]{}!#~^])""")


class _BashComplete(BashComplete):
    """click's bash completion, its script reading each reply raw (``read -r``), so that a
    note name's escapes (``Kwame\\ Mensah``) reach the command line."""

    source_template = BashComplete.source_template.replace(
        "IFS=',' read type value", "IFS=',' read -r type value"
    )


add_completion_class(_BashComplete)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vault-tools")
def cli() -> None:
    """Lint, index and retrospect an Obsidian hiring vault, read exactly as Obsidian reads it.

    Without VAULT (an argument, or --vault), a command runs on the vault the current folder
    is in: the nearest folder at or above it holding .obsidian/ or .vault-tools/config.yaml,
    as git finds a repository. Commands that write refuse where there is none.

    \b
    Examples:
      vault-tools lint ~/Notes
      vault-tools show ~/Notes "Work/Hiring.md"
      cd ~/Notes/Hiring && vault-tools index

    \b
    Shell completion (bash; zsh_source, fish_source for the others):
      eval "$(_VAULT_TOOLS_COMPLETE=bash_source vault-tools)"
    """


@cli.command()
@click.argument(
    "words", nargs=-1, required=True, metavar="[VAULT] NOTE", shell_complete=complete_note_names
)
@_vault_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for tools.",
)
def show(words: tuple[str, ...], vault_option: str | None, output_format: str) -> None:
    """Show what vault-tools read from one NOTE: properties, links, tags, headings.

    NOTE is a vault-relative path ("Work/Hiring.md", ".md" optional), a note name, or a
    note's file from the current folder ("./Kwame Mensah.md").
    VAULT: default the vault the current folder is in.

    \b
    Examples:
      vault-tools show example_vault "Work/Hiring"
      cd example_vault/Hiring && vault-tools show "Kwame Mensah"
    """
    if len(words) > 2:
        raise _UsageExit(f"expected [VAULT] NOTE, got {len(words)} arguments")
    note = words[-1]
    if len(words) == 2 and not Path(words[0]).is_dir():
        raise _UsageExit(f"{words[0]}: no such folder")
    vault = _readable_vault(_one_vault(words[0] if len(words) == 2 else None, vault_option))
    opened = _open_vault(vault)
    if Path(note).is_file():  # a path from the current folder (`./Log.md`, `../Candidates/…`)
        note = _vault_relative(Path(os.path.abspath(note)), vault) or note
    found = opened.get(note)
    if found is None:
        path, _ = opened.resolve_path(note, "")
        found = opened.notes.get(path) if path else None
    if found is None:
        raise _UsageExit(f"no note {note!r} in {vault}")
    from vault_tools.show import describe_note

    described = describe_note(opened, found)
    if output_format == "json":
        from vault_tools.report import json_text

        click.echo(json_text(described))
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
    """PATHs as vault-relative paths. Run from inside the vault, a PATH is taken relative to
    the current folder, as a shell would (`lint .` in `Hiring/Cases` is that folder), else
    to the vault; run from outside it, relative to the vault, else to the current folder
    (pre-commit passes repository-relative file names). Absolute paths and `..` are
    normalised. A plain relative name of an existing file beside the vault (a
    repository's README next to its vault folder) selects nothing, as pre-commit needs; any
    other path outside the vault, or a missing one, is a usage error, never a silent "0 notes".
    A symlink in the vault that leads outside it is skipped, and said so: lint never reads it,
    and a pre-commit run over a committed symlink must not fail for it."""
    relative: list[str] = []
    here = Path.cwd()
    bases = (here, root) if _vault_relative(here, root) is not None else (root, here)
    for given in paths:
        for base in bases:
            candidate = Path(os.path.abspath(base / given))  # an absolute PATH ignores base
            if os.path.lexists(candidate):
                break
        else:
            raise _UsageExit(f"{given}: no such file or folder in the vault {root}")
        inside = _vault_relative(candidate, root)
        if inside is not None and _leads_out(root, inside):
            # A symlink (or a path through one) to a place outside the vault: never read.
            click.echo(f"{given}: skipped, a symlink that leads outside the vault", err=True)
        elif inside is not None:
            relative.append(inside)
        elif Path(given).is_absolute() or ".." in Path(given).parts:
            raise _UsageExit(
                f"{given}: not in the vault {root} (name the vault first: "
                "vault-tools lint VAULT [PATH...])"
            )
    return relative


def _leads_out(root: Path, inside: str) -> bool:
    """Whether the vault path ``inside``, its symlinks followed, leads out of the vault."""
    from vault_tools.config import vault_relative_path

    try:
        vault_relative_path(root, inside)
    except ValueError:
        return True
    return False


def _vault_of_notes(notes: tuple[str, ...], vault_option: str | None) -> Path:
    """The vault a command that edits NOTEs writes into: --vault, else the vault the first
    NOTE is in when it is a file, else the one the current folder is in."""
    from vault_tools.discovery import find_vault_root

    if vault_option is None and notes and Path(notes[0]).is_file():
        found = find_vault_root(Path(notes[0]))
        if found is None:
            raise _UsageExit(f"{notes[0]}: in no vault; give the vault with --vault")
        return found
    return _writable_vault(vault_option)


def _note_in_vault(given: str, root: Path) -> str:
    """A NOTE as the library takes it: an existing file's vault-relative path, else as given
    (a vault-relative path or a note's name)."""
    if Path(given).is_file():
        inside = _vault_relative(Path(os.path.abspath(given)), root)
        if inside is None:
            raise _UsageExit(f"{given}: not in the vault {root}")
        return inside
    return given


def _vault_relative(path: Path, root: Path) -> str | None:
    """``path`` as a vault-relative POSIX path ("." for the root), or None when outside.
    The path as written first (a symlinked note is the vault's), then with links resolved
    (the vault's own path may hold one: /tmp on macOS)."""
    for spelled in (path, path.resolve()):
        if spelled == root or root in spelled.parents:
            return spelled.relative_to(root).as_posix()
    return None


def _split_lint_arguments(
    words: tuple[str, ...], vault_option: str | None
) -> tuple[str | None, tuple[str, ...]]:
    """(VAULT or None, PATHs) from `lint [VAULT] [PATH...]`. The first word is VAULT when it
    is a folder that is a vault root or lies in no vault (a vault needs no .obsidian/);
    a file, or a folder inside a vault, is a PATH whose vault is found from it."""
    from vault_tools.discovery import find_vault_root, is_vault_root

    if vault_option is not None or not words:
        return vault_option, words
    first = Path(words[0])
    if first.is_dir() and (is_vault_root(first) or find_vault_root(first) is None):
        return words[0], words[1:]
    return None, words


def _lint_root(vault: str | None, paths: tuple[str, ...]) -> Path:
    """The vault `lint` reads: VAULT; else the vault its first PATH is in; else the current
    folder's vault, or the current folder itself."""
    from vault_tools.discovery import find_vault_root

    if vault is None and paths and os.path.lexists(paths[0]):
        found = find_vault_root(paths[0])
        if found is not None:
            return found
    return _readable_vault(vault)


def _repository_prefix(root: Path) -> str:
    """The vault's folder relative to its git repository's root (outside a repository: to
    the current folder, when the vault is in it), "" for the same folder: what a
    repository-relative path puts before a note's vault-relative path."""
    from vault_tools.discovery import find_repository_root

    base = find_repository_root(root) or Path.cwd().resolve()
    if root != base and base not in root.parents:
        return ""
    prefix = root.relative_to(base).as_posix()
    return "" if prefix == "." else prefix


def _links_wanted(output_format: str, no_links: bool) -> bool:
    """Findings' paths as terminal hyperlinks: text output to a terminal, unless turned off
    (--no-links, NO_COLOR, TERM=dumb)."""
    return (
        output_format == "text"
        and not no_links
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
        and _stdout_is_terminal()
    )


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


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
@click.argument("words", nargs=-1, metavar="[VAULT] [PATH]...")
@_vault_option
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
@click.option(
    "--staged",
    is_flag=True,
    help="Check the notes as git's index holds them (what a commit would record): staged "
    "changes in, unstaged changes and untracked files out. The vault is not touched.",
)
@click.option(
    "--relative-to",
    type=click.Choice(["vault", "repository"]),
    help="Print paths relative to the vault (default for text and json) or to the git "
    "repository's root (default for github).",
)
@click.option(
    "--no-links",
    is_flag=True,
    help="Never make a finding's path a hyperlink that opens the note in Obsidian "
    "(text output on a terminal does, unless NO_COLOR is set or TERM=dumb).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option(
    "--fix",
    is_flag=True,
    help="First apply the safe fixes (as `vault-tools fix` does), then report what is left.",
)
@click.pass_context
def lint(
    ctx: click.Context,
    words: tuple[str, ...],
    vault_option: str | None,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    staged: bool,
    relative_to: str | None,
    no_links: bool,
    no_cache: bool,
    fix: bool = False,
) -> None:
    """Check the notes of VAULT (default: the vault the current folder or the first PATH is
    in) against Obsidian's rules and the note-type schemas. Exit status 0: no errors
    (warnings allowed), 1: errors, 2: the run itself failed (bad option, config or schema
    file, a PATH outside the vault).

    PATHs (files or folders, relative to the vault or to the current folder) limit which
    notes are reported; links are still resolved against the whole vault. `vault-tools
    rules` lists every code.

    \b
    Examples:
      vault-tools lint ~/Notes
      vault-tools lint ~/Notes Hiring/Interviews --select VT2,VT3
      vault-tools lint ~/Notes/Hiring/Candidates/Lena\\ Holm.md
      vault-tools lint . --format github
      vault-tools lint --staged --relative-to repository
      vault-tools lint ~/Notes --fix
    """
    from vault_tools import parallel

    vault, paths = _split_lint_arguments(words, vault_option)
    if fix and staged:
        raise _UsageExit(
            "--fix changes the notes in the vault, --staged checks git's index: pick one"
        )
    root = _fix_root(vault, paths) if fix else _lint_root(vault, paths)
    selected = _lint_paths(root, paths) if paths else None
    # What was fixed goes to stderr when stdout is for tools (json, github).
    fixes_failed = fix and not _apply_fixes(
        root, selected, select, ignore, to_stderr=output_format != "text"
    )
    if _WHOLE_PROCESS and not staged:
        # Started before the imports below, so that its own start-up overlaps them.
        parallel.prestart(root, use_cache=not no_cache)

    from vault_tools.lint import leave_to_exit, lint_folder
    from vault_tools.report import format_github, format_json, format_text, summary
    from vault_tools.staged import mirror_folder, staged_copy

    progress = _Progress() if sys.stderr.isatty() else None
    if _WHOLE_PROCESS:
        # A one-shot process: the cyclic collector would only re-scan the millions of objects
        # a cold lint builds (and scan them all once more at exit), freeing next to nothing;
        # and they are not freed one by one either: the process ends without (see below).
        gc.disable()
        leave_to_exit()
    # The staged copy is kept in the cache folder between runs, so the cache answers for it.
    mirror = mirror_folder(root) if staged and not no_cache else None
    try:
        with (
            _cannot_run(),
            staged_copy(root, mirror) if staged else contextlib.nullcontext(root) as read,
        ):
            result = lint_folder(
                read,
                selected,
                select,
                ignore,
                # A temporary copy (another run holds the kept one) would never be read again.
                use_cache=not no_cache and (mirror is None or read.parent == mirror.resolve()),
                progress=progress,
                parallel=_WHOLE_PROCESS,
            )
    finally:
        parallel.discard()
        if progress is not None:
            progress.close()
    found = result.diagnostics
    if (relative_to or ("repository" if output_format == "github" else "vault")) == "vault":
        prefix = ""
    else:
        prefix = _repository_prefix(root)
    try:
        if output_format == "json":
            click.echo(format_json(found, prefix), nl=False)
        elif output_format == "github":
            _echo_in_parts(found, lambda part: format_github(part, prefix))
        else:
            links = root.name if _links_wanted(output_format, no_links) else None
            _echo_in_parts(found, lambda part: format_text(part, prefix, obsidian_vault=links))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped (`vault-tools lint | head`): the rest of the findings is not
        # wanted, but the summary and the exit status still say what was found.
        _discard_output()
    if output_format not in ("json", "github"):
        click.echo(summary(found, result.notes), err=True)
    has_errors = fixes_failed or any(d.severity.value == "error" for d in found)
    status = EXIT_FINDINGS if has_errors else EXIT_OK
    if _WHOLE_PROCESS:
        # Everything is written: the process ends here, leaving what it built to the operating
        # system (an interpreter's exit would free it object by object first).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    ctx.exit(status)


def _discard_output() -> None:
    """Send what is left to print, and anything printed from now on, nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a file (a test's runner)
        pass


def _echo_in_parts(
    found: Sequence[Diagnostic], formatted: Callable[[Sequence[Diagnostic]], str]
) -> None:
    """Print findings a line each, a few thousand at a time: the text of tens of thousands
    at once would only add to the process's peak memory (~25 MB at 50,000 notes)."""
    for start in range(0, len(found), _PRINTED_AT_ONCE):
        click.echo(formatted(found[start : start + _PRINTED_AT_ONCE]), nl=False)


_PRINTED_AT_ONCE = 2000


def _fix_root(vault: str | None, paths: tuple[str, ...]) -> Path:
    """The vault `fix` writes into: VAULT; else the vault its first PATH is in; else the
    current folder's vault. Never a guess: where there is none, fix refuses."""
    from vault_tools.discovery import find_vault_root

    if vault is None and paths and os.path.lexists(paths[0]):
        found = find_vault_root(paths[0])
        if found is not None:
            return found
    return _writable_vault(vault)


def _fix_plan(
    root: Path, selected: list[str] | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> Any:
    from vault_tools.fix import plan_fixes

    opened = _open_vault(root)
    with _cannot_run():
        return plan_fixes(opened, selected, select, ignore)


def _apply_fixes(
    root: Path,
    selected: list[str] | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    *,
    to_stderr: bool = False,
) -> bool:
    """Apply the safe fixes and say, one line per finding, what was fixed; a note refused
    or not written is said too. False when a note could not be written or was refused.

    A fix can bring out another (a quoted link is then a name the roster is checked
    against): the notes fixed are planned again, up to :data:`FIX_ROUNDS` times, so one
    run leaves nothing that a second would fix."""
    from vault_tools.edits import apply
    from vault_tools.report import printable

    failed = False
    refusals: dict[str, str] = {}
    for _ in range(FIX_ROUNDS):
        plan = _fix_plan(root, selected, select, ignore)
        refusals.update((refused.path, refused.reason) for refused in plan.refused)
        outcomes = {outcome.path: outcome for outcome in apply(root, plan.edits)}
        for fixed in plan.fixed:
            d = fixed.finding
            if outcomes[d.path].written:
                where = f"{printable(d.path)}:{d.line}:{d.column}"
                click.echo(f"{where}: {d.code} fixed: {printable(fixed.reason)}", err=to_stderr)
        for outcome in outcomes.values():
            if outcome.failed:
                failed = True
                message = f"{printable(outcome.path)}: not fixed: {outcome.message}"
                click.echo(message, err=to_stderr)
        selected = sorted(path for path, outcome in outcomes.items() if outcome.written)
        if not selected:
            break
    for path, reason in refusals.items():
        click.echo(f"{printable(path)}: not fixed: {printable(reason)}", err=to_stderr)
    return not refusals and not failed


# A fix can bring out another; more rounds than this would mean fixes undoing each other.
FIX_ROUNDS = 3


@cli.command()
@click.argument("words", nargs=-1, metavar="[VAULT] [PATH]...")
@_vault_option
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Fix and report only codes starting with these prefixes (comma-separated or repeated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Neither fix nor report codes starting with these prefixes (comma-separated or repeated).",
)
@click.pass_context
def fix(
    ctx: click.Context,
    words: tuple[str, ...],
    vault_option: str | None,
    diff: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Apply the safe fixes of lint's findings, then report what is left, as lint does.

    A safe fix is one whose result is certain and that changes only the offending value
    (a link quoted, `senior` made `Senior`, `yes` made `true` for a checkbox, `2025/07/10`
    made `2025-07-10`, an empty or repeated tag removed, one interviewer made a list of one,
    `type: Interview` made `type: interview`): every other byte of the note, its
    line endings and BOM, key order, comments and body, stays as it is. A note whose
    frontmatter cannot be read exactly (broken YAML, a key twice) or whose generated blocks
    are broken is not touched, nor is a value written with a YAML anchor or tag (`&d`,
    `!!str`: its aliases would change too). `vault-tools rules` shows which codes are
    fixable. Exit status 0: no errors left, 1: errors left (or a note not fixed), 2: the
    run failed. With --diff: the diff, nothing written, exit status 1 when there is
    something to fix.

    \b
    Examples:
      vault-tools fix ~/Notes --diff
      vault-tools fix ~/Notes Hiring/Interviews
      vault-tools fix ~/Notes --select VT203
    """
    if not diff:
        ctx.invoke(
            lint, words=words, vault_option=vault_option, select=select, ignore=ignore, fix=True
        )
        return
    from vault_tools.edits import unified_diff

    vault, paths = _split_lint_arguments(words, vault_option)
    root = _fix_root(vault, paths)
    plan = _fix_plan(root, _lint_paths(root, paths) if paths else None, select, ignore)
    click.echo(unified_diff(root, plan.edits), nl=False)
    ctx.exit(EXIT_FINDINGS if plan.edits else EXIT_OK)


@cli.command()
@click.argument("code", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="text for people, json for tools, markdown for the README's table.",
)
def rules(code: str | None, output_format: str) -> None:
    """List every lint code with its default severity and what it means; with CODE, print
    that rule's whole documentation; with the start of codes (VT3), list those codes.

    Severities can be changed per code in the vault's .vault-tools/config.yaml
    (lint: severity: {VT301: error, VT305: off}).

    \b
    Examples:
      vault-tools rules
      vault-tools rules VT301
      vault-tools rules VT3
    """
    from vault_tools.rules.catalog import BY_CODE, RULES, markdown_table

    chosen = RULES
    if code is not None:
        wanted = code.strip().upper()
        rule = BY_CODE.get(wanted)
        if rule is not None:
            chosen = (rule,)
        else:
            # A family (VT3), as --select takes it: listed, as all codes are.
            chosen = tuple(r for r in RULES if wanted and r.code.startswith(wanted))
            if not chosen:
                raise _UsageExit(f"{code}: no such lint code (`vault-tools rules` lists them)")
            code = None
    if output_format == "json":
        rows = [
            {
                "code": r.code,
                "severity": r.severity.value,
                "fixable": r.fix is not None,
                "summary": r.summary,
                "doc": r.doc,
            }
            for r in chosen
        ]
        click.echo(json.dumps(rows if code is None else rows[0], indent=2))
    elif output_format == "markdown":
        click.echo(markdown_table(chosen) if code is None else chosen[0].text(), nl=False)
    elif code is not None:
        click.echo(chosen[0].text(), nl=False)
    else:
        for rule in chosen:
            fixable = "fix" if rule.fix is not None else "   "
            click.echo(f"{rule.code}  {rule.severity.value:<7}  {fixable}  {rule.summary}")


@cli.group()
def schema() -> None:
    """List and show the note-type schemas (built-in, or the vault's own).

    \b
    Examples:
      vault-tools schema list ~/Notes
      vault-tools schema show interview --builtin > ~/Notes/.vault-tools/schemas/interview.yaml
    """


def _schemas_of(vault: Path) -> Any:
    from vault_tools.config import Config
    from vault_tools.schemas import load_schemas

    with _cannot_run():
        config = Config.load(vault)
        _check_settings(config)
        return load_schemas(config)


@schema.command("list")
@click.argument("vault", required=False)
@_vault_option
def schema_list(vault: str | None, vault_option: str | None) -> None:
    """List the schemas in force for VAULT (default: the vault the current folder is in).

    A file in the vault's schemas folder (.vault-tools/schemas/NAME.yaml) replaces the
    built-in schema NAME, or adds the note type NAME.

    \b
    Example:
      vault-tools schema list ~/Notes
    """
    root = _readable_vault(_one_vault(vault, vault_option))
    for found in _schemas_of(root):
        source = "built-in" if found.builtin else os.path.relpath(found.path, root)
        click.echo(f"{found.name:<12} {source:<40} {found.description}")


@schema.command("show")
@click.argument("name")
@click.argument("vault", required=False)
@_vault_option
@click.option(
    "--builtin",
    is_flag=True,
    help="The built-in schema, whatever the vault has (to copy it into the vault).",
)
def schema_show(name: str, vault: str | None, vault_option: str | None, builtin: bool) -> None:
    """Print schema NAME as its YAML file, comments included (VAULT: default the vault the
    current folder is in, else the built-in schemas).

    \b
    Examples:
      vault-tools schema show interview
      vault-tools schema show interview --builtin > .vault-tools/schemas/interview.yaml
    """
    if builtin:
        from vault_tools.schemas import BUILTIN_FOLDER, SCHEMA_SUFFIX

        path = BUILTIN_FOLDER / f"{name}{SCHEMA_SUFFIX}"
        if not path.is_file():
            raise _UsageExit(f"no built-in schema {name!r}")
        click.echo(path.read_text(encoding="utf-8"), nl=False)
        return
    schemas = _schemas_of(_readable_vault(_one_vault(vault, vault_option)))
    found = schemas.get(name)
    if found is None:
        names = ", ".join(s.name for s in schemas)
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
@click.argument("vault", type=click.Path(exists=True), required=False)
@_vault_option
@click.option(
    "--today",
    type=_DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Generate as on this day, YYYY-MM-DD (the pipeline's days waiting and which "
    "candidates it keeps). Default: today.",
)
def index(vault: str | None, vault_option: str | None, today: datetime.datetime | None) -> None:
    """Regenerate the index notes and every quarter's interview retrospective.

    Writes Hiring/Interview Index.md (a hub), one note of interviews and one retrospective
    per quarter that has interview logs, Hiring/Case Index.md, Hiring/Candidate Pipeline.md,
    one note per year of the candidates decided before it, and the predictive value over
    all quarters (paths and columns: `indexes:` and `retrospectives:` in
    .vault-tools/config.yaml). Only the text between the
    `%% vault-tools:begin NAME %%` and `%% vault-tools:end NAME %%` lines is rewritten, and
    only when it changed. Exit status 1 when a note could not be written. While a watcher
    runs on the vault it keeps these notes up to date, so index leaves them to it (exit 0).
    Without VAULT, the vault the current folder is in; where there is none, index refuses.

    \b
    Examples:
      vault-tools index ~/Notes
      cd ~/Notes/Hiring && vault-tools index
      vault-tools index ~/Notes --today 2025-11-24
    """
    from vault_tools import generate

    root = _writable_vault(_one_vault(vault, vault_option))
    with _cannot_run():
        run = generate.regenerate(root, today.date() if today else None)
    if run.watcher is not None:
        _another_watcher(run.watcher, root)
        return
    outcomes = run.outcomes
    if not outcomes:
        click.echo("nothing to generate: no note has type interview, candidate or case")
    for line in _outcome_lines(outcomes):
        click.echo(line)
    if any(outcome.failed for outcome in outcomes):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("vault", type=click.Path(exists=True), required=False)
@_vault_option
@click.option(
    "--quarter",
    help="The quarter: e.g. 2025-Q3, or current or previous. Default: the current quarter.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="json prints the computed figures (the note is written either way).",
)
@click.option(
    "--today",
    type=_DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Compute as on this day, YYYY-MM-DD, as `index --today` does (a log dated after it "
    "is an interview planned, counted nowhere; current and previous are its quarters). "
    "Default: today.",
)
def retro(
    vault: str | None,
    vault_option: str | None,
    quarter: str | None,
    output_format: str,
    today: datetime.datetime | None,
) -> None:
    """Write the quarterly interview retrospective note for one quarter.

    Volume, pass-through funnel, score distributions, interviewer calibration, independence,
    time to decision and to telling the candidate, risk-aversion signals, workload, time to
    hire, offers, sources, rejections by stage, consistency and predictive value, each with
    its n. The note goes to
    Hiring/Retrospectives/<quarter> Interview Retrospective.md (configurable); your
    *Reflection* section and anything outside the generated block are never touched. A
    quarter without interview logs gets no note (one that exists already is updated). A
    note with `frozen: true` in its frontmatter is never rewritten: retro says which of its
    sections would now differ (JSON: a "frozen" key, {"differs": [section, ...]}), with or
    without a watcher. While a watcher runs on the vault it keeps the note, so retro shows
    the figures, writes nothing.

    \b
    Examples:
      vault-tools retro ~/Notes --quarter 2025-Q3
      vault-tools retro ~/Notes --quarter previous --today 2025-11-24
      vault-tools retro ~/Notes --quarter 2025-Q3 --format json | jq .independence
    """
    from vault_tools import generate
    from vault_tools.generate.markup import plural
    from vault_tools.hiring import Quarter
    from vault_tools.lock import unless_watched

    day = today.date() if today is not None else None
    try:
        chosen = Quarter.named("current" if quarter is None else quarter, day)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--quarter") from error
    opened = _open_vault(_writable_vault(_one_vault(vault, vault_option)))
    with unless_watched(opened.root) as watcher, _cannot_run():
        if watcher is not None:  # it keeps the retrospectives: the figures are shown only
            shown = generate.retrospective(opened, chosen, day)
            result, outcome = generate.compared_with_frozen(opened, shown)  # (no watcher's)
            linked = None
        else:
            result, outcome = generate.write_retrospective(opened, chosen, today=day)
            # The note links to the predictive value over all quarters: that note is kept too.
            linked = generate.write_predictive_value(opened, day) if outcome is not None else None
    if watcher is not None and outcome is None and result.figures["logs"]:
        lines = [
            f"not written: a vault-tools watcher ({_holder(watcher)}) keeps the "
            f"retrospective notes of {opened.root} up to date"
        ]
    elif outcome is None and result.planned:
        lines = [
            f"no note written: no interview of {result.quarter} has taken place yet "
            f"({result.planned} planned)"
        ]
    elif outcome is None:
        lines = [f"no note written: no interview log is dated in {result.quarter}"]
    else:
        lines = _outcome_lines([outcome] if linked is None else [outcome, linked])
    figures: Any = result.figures
    differs = result.frozen_differs
    if differs is not None:
        # A closed quarter: which sections the note would now show otherwise, if any.
        lines.append(
            f"would now differ: {', '.join(section or 'the top' for section in differs)}"
            if differs
            else "would not differ: the note still shows the current figures"
        )
    if output_format == "json":
        if differs is not None:
            figures = {**figures, "frozen": {"differs": list(differs)}}
        from vault_tools.report import json_text

        click.echo(json_text(figures))
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
    if any(written is not None and written.failed for written in (outcome, linked)):
        sys.exit(EXIT_FINDINGS)


# ---------------------------------------------------------------- new


def _dry_run_option(function: Any) -> Any:
    return click.option(
        "--dry-run", is_flag=True, help="Print the note(s) instead of writing them."
    )(function)


def _new_person_option(function: Any) -> Any:
    return click.option(
        "--new-person",
        is_flag=True,
        help="The interviewer or candidate is really new: accept a name the vault does not "
        "know (an interviewer not on the roster, a candidate close to another's).",
    )(function)


# How many of a new note's findings `new` lists before it says "and N more".
STILL_TO_FILL_IN = 8


def _create_notes(vault: str | None, plan: Any, dry_run: bool) -> None:
    """Plan with ``plan(opened_vault)``, write, print what was created and what is left."""
    from vault_tools import new as new_notes

    opened = _open_vault(_writable_vault(vault))
    with _cannot_run():
        try:
            planned = plan(opened)
            for notice in (notice for note in planned for notice in note.notices):
                click.echo(notice, err=True)
            if dry_run:
                for note in planned:
                    click.echo(f"--- {note.path} (from {note.template} template)", err=True)
                    click.echo(note.text, nl=False)
                return
            created = new_notes.create_and_check(opened, planned)
        except (new_notes.NoteExistsError, new_notes.RefusedNoteError) as error:
            raise click.ClickException(str(error)) from error  # exit status 1
    sources = {note.path: note.template for note in planned}
    for outcome in created.outcomes:
        source = f"  (from {sources[outcome.path]} template)" if outcome.written else ""
        click.echo(_outcome_lines([outcome])[0] + source)
        for line in _outcome_lines([outcome])[1:]:
            click.echo(line)
    if any(outcome.failed for outcome in created.outcomes):
        sys.exit(EXIT_FINDINGS)
    left = created.left
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
@click.option("--case", "case", metavar="NAME", help="The case note used (stage case: needed).")
@click.option("--role", metavar="ROLE", help="DE, DS or MLE. Default: the candidate's.")
@click.option("--level", metavar="LEVEL", help="Junior, Mid or Senior. Default: the candidate's.")
@click.option(
    "--interviewer",
    "interviewers",
    multiple=True,
    metavar="NAME",
    help="Who interviewed; repeat for a panel (each person is listed once). The first is the "
    "log's author and names the file. Default: hiring.interviewer in the config.",
)
@click.option(
    "--date",
    type=_DateTime(formats=["%Y-%m-%d"]),
    help="The day of the interview, YYYY-MM-DD. Default: today.",
)
@_new_person_option
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
    new_person: bool,
    vault_option: str | None,
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
            new_person=new_person,
        )

    _create_notes(vault_option, plan, dry_run)


@new.command("case")
@click.argument("title")
@click.option("--role", metavar="ROLE", help="DE, DS or MLE.")
@click.option("--level", metavar="LEVEL", help="Junior, Mid or Senior.")
@_vault_option
@_dry_run_option
def new_case(
    title: str, role: str | None, level: str | None, vault_option: str | None, dry_run: bool
) -> None:
    """Create the case note Hiring/Cases/<TITLE>.md from the case template, as a draft.

    --role and --level are needed when the case schema requires them (the built-in one
    does) and the template does not fill them in (exit status 1 without them).

    \b
    Example:
      vault-tools new case "Warehouse Cost Attribution" --role DE --level Mid
    """
    from vault_tools.new import plan_case

    _create_notes(
        vault_option, lambda opened: plan_case(opened, title, role=role, level=level), dry_run
    )


@new.command("candidate")
@click.argument("name")
@click.option("--role", metavar="ROLE", help="DE, DS or MLE.")
@click.option("--level", metavar="LEVEL", help="Junior, Mid or Senior.")
@click.option(
    "--date",
    type=_DateTime(formats=["%Y-%m-%d"]),
    help="First contact (today at the latest), YYYY-MM-DD. Default: today.",
)
@click.option(
    "--source",
    metavar="SOURCE",
    help="Where they came from: referral, inbound, outbound, agency, job-board, internal, other.",
)
@_new_person_option
@_vault_option
@_dry_run_option
def new_candidate(
    name: str,
    role: str | None,
    level: str | None,
    date: Any,
    source: str | None,
    new_person: bool,
    vault_option: str | None,
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
            opened,
            name,
            role=role,
            level=level,
            first_contact=first_contact,
            source=source,
            new_person=new_person,
        )

    _create_notes(vault_option, plan, dry_run)


@cli.command()
@click.argument("logs", metavar="LOG...", nargs=-1, required=True)
@click.option(
    "--at",
    type=_DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]),
    help="When the notes were finished, YYYY-MM-DDTHH:MM. Default: now.",
)
@_vault_option
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
def finish(logs: tuple[str, ...], at: Any, vault_option: str | None, dry_run: bool) -> None:
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

    root = _vault_of_notes(logs, vault_option)
    opened = _open_vault(root)
    named = [_note_in_vault(log, root) for log in logs]
    with _cannot_run():
        edits, done = plan_finish(opened, named, at or datetime.datetime.now())
    for finished in done:
        kept = "; --at not applied: edit it by hand to change it" if at is not None else ""
        click.echo(f"finished  {finished.path}  (already: notes_written {finished.at}{kept})")
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


# ---------------------------------------------------------------- mv


@cli.command("mv")
@click.argument("old", metavar="OLD", shell_complete=complete_note_names)
@click.argument("new", metavar="NEW")
@click.argument("vault", type=click.Path(exists=True), required=False)
@_vault_option
@click.option("--dry-run", is_flag=True, help="Print the renames and a diff; write nothing.")
@click.option(
    "--keep-text",
    is_flag=True,
    help="Give a renamed [[Name]] link the old name as its alias, so it reads the same.",
)
def move(
    old: str,
    new: str,
    vault: str | None,
    vault_option: str | None,
    dry_run: bool,
    keep_text: bool,
) -> None:
    """Rename or move a note, an attachment or a folder, and update every link to it.

    Body wikilinks and markdown links, embeds and links in properties are rewritten, each
    in its own form: a bare [[Name]] stays bare when the name still leads to the file, else
    it gets the folder path; headings, block ids, aliases and a markdown link's encoding and
    relative path are kept. Links in code and comments are left alone. Nothing is written
    when NEW exists, when a link would break or become ambiguous, or when a note to edit
    cannot be read exactly (exit status 1). OLD and NEW are vault paths, or, from a folder
    inside the vault, paths from there (a NEW written ./ or ../ always is; its folders are
    made); OLD may be a note name, and a new name without a folder then stays in the note's
    folder; a NEW ending in / means into that folder. A NEW that names no file ("", ".",
    "..", or an existing folder for a note) is refused (exit status 2).

    \b
    Examples:
      vault-tools mv "Hiring/Candidates/Kwame Mensah.md" "Hiring/Candidates/Kwame A. Mensah.md"
      vault-tools mv "Lena Holm" "Lena Holm-Berg" --dry-run
      vault-tools mv Attachments Files
    """
    from vault_tools.move import MoveError, NoNameError, apply_move, move_diff, plan_move

    root = _writable_vault(_one_vault(vault, vault_option))
    opened = _open_vault(root)
    old_in_vault = _from_current_folder(old, root, exists=True)
    # NEW is read from the current folder as OLD was, or when it says so itself (`./`).
    from_here = old_in_vault or new in (".", "..") or new.startswith(("./", "../"))
    new_in_vault = _from_current_folder(new, root, exists=False) if from_here else None
    with _cannot_run():
        try:
            planned = plan_move(
                opened, old_in_vault or old, new_in_vault or new, keep_text=keep_text
            )
            if dry_run:
                click.echo(move_diff(opened.root, planned), nl=False)
                return
            outcomes = apply_move(opened.root, planned)
        except NoNameError:
            raise  # a NEW that names nothing: the command line is wrong (exit status 2)
        except MoveError as error:
            click.echo(f"not moved: {error}", err=True)
            sys.exit(EXIT_FINDINGS)
    click.echo(f"moved     {planned.old} -> {planned.new}")
    for outcome in outcomes:
        message = f"  ({outcome.message})" if outcome.message else ""
        click.echo(f"{outcome.status.value:<9} {outcome.path}{message}")
    if any(outcome.failed for outcome in outcomes):
        sys.exit(EXIT_FINDINGS)


def _from_current_folder(given: str, root: Path, *, exists: bool) -> str | None:
    """``given`` as a vault path when it is written from the current folder, a folder inside
    the vault other than its root (``exists``: it names a file or folder there; else it
    says so, ``./`` or ``../``, or its folder exists), as a shell's mv takes it; None
    otherwise (then it is a vault path)."""
    cwd = Path.cwd()
    if _vault_relative(cwd, root) in (None, "."):
        return None
    absolute = Path(os.path.abspath(given))
    said = given in (".", "..") or given.startswith(("./", "../"))
    if not (os.path.lexists(absolute) if exists else said or absolute.parent.is_dir()):
        return None
    inside = _vault_relative(absolute, root)
    into = "/" if given.endswith("/") else ""
    if exists:  # OLD: a file or folder of the vault, not its root
        return None if inside is None or inside == "." else inside + into
    if inside is None:
        return None
    # NEW: from the vault's root (`./`), so that a name alone is not read as a new name in
    # the note's own folder; `../` up to the root is into the root.
    return "./" if inside == "." else "./" + inside + into


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
@click.argument("vault", type=click.Path(exists=True), required=False)
@_vault_option
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
    vault: str | None,
    vault_option: str | None,
    once: bool,
    rescan_interval: float,
    polling: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Keep the index notes and quarterly retrospectives of VAULT fresh in the background.

    On start, every generated note is brought up to date; after that each change re-reads
    only the changed notes and rewrites only the generated notes that read them, one line
    in the log per regeneration. Runs in the foreground until Ctrl-C or SIGTERM (exit 0);
    the README's "The watcher in the background" shows how to run it as a systemd user
    service (contrib/systemd/) or a launchd agent (contrib/launchd/). A second watcher on
    the same vault exits with status 2; `--once` beside a watcher, like `index`, leaves the
    notes to it and exits 0. Without VAULT, the vault the current folder is in.

    \b
    Examples:
      vault-tools watch ~/Notes
      vault-tools watch ~/Notes --once
      vault-tools watch ~/Notes -q --rescan-interval 300
    """
    import signal

    from vault_tools.lock import VaultLock, VaultLockedError
    from vault_tools.watch import Watcher, WatchError, log_regeneration

    root = _writable_vault(_one_vault(vault, vault_option))
    _setup_logging(-1 if quiet else 1 if verbose else 0)
    with _cannot_run(WatchError):
        watcher = Watcher(
            root, rescan_interval=rescan_interval, polling=polling, freeze_heap=not once
        )
        lock = VaultLock(watcher.root)
        try:
            lock.acquire()  # released by the `with` below
        except VaultLockedError as error:
            if not once:
                raise
            _another_watcher(error, watcher.root)
            return
        with lock:
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
    """Console entry point. Exit status: 0, 1 (findings, or a note not written), 2 (the
    command line or the vault cannot be used), 130 (interrupted by Ctrl-C: 128 + SIGINT, as
    a shell reports it; click alone would say 1, which a script reads as "errors found")."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    try:
        status = cli.main(prog_name="vault-tools", standalone_mode=False)
    except click.Abort as aborted:  # Ctrl-C, or end of input at a prompt
        click.echo("Aborted!", err=True)
        sys.exit(130 if isinstance(aborted.__cause__, KeyboardInterrupt) else 1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("Aborted!", err=True)
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else 0)
