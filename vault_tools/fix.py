"""Safe fixes: the changes lint's rules declare certain, planned as byte edits of the notes.

A rule may declare a safe fix beside its check (:data:`vault_tools.rulebook.Fix`): a change
whose result is certain and that touches only the characters of the offending value
(``level: senior`` -> ``Senior``, an unquoted ``[[link]]`` quoted). :func:`plan_fixes` runs
the fixable rules over the chosen notes, asks each finding's fix for its changes, and turns
them into :class:`~vault_tools.edits.Edit` values; :func:`vault_tools.edits.apply` writes
them (atomically, only when the bytes change, never over a save made meanwhile).

A note is refused, never touched, when its frontmatter cannot be read exactly (broken YAML,
a key twice, not UTF-8, an unclosed fence) or it holds broken generated-block markers:
every such problem is one of the note's parse problems, which lint reports too. A change
outside the frontmatter, or two changes of one value that disagree, are dropped: the
finding stays for the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode

from vault_tools.checker import selected_notes
from vault_tools.diagnostics import Diagnostic
from vault_tools.edits import Edit, EditError, frontmatter_text
from vault_tools.lint import check_codes
from vault_tools.lint import finish as filtered
from vault_tools.note import parse_note
from vault_tools.rulebook import Change
from vault_tools.rules import check_own, people
from vault_tools.rules.base import Context, FixSite
from vault_tools.rules.catalog import BY_CODE
from vault_tools.schemas import load_schemas
from vault_tools.vault import Vault
from vault_tools.writer import UnsafePathError, read_note_bytes

__all__ = ["FixPlan", "Fixed", "Refused", "fixable_codes", "plan_fixes"]


@dataclass(frozen=True)
class Fixed:
    """One finding a planned edit repairs."""

    finding: Diagnostic
    reason: str  # what changes, for the user: "level: 'senior' -> Senior"


@dataclass(frozen=True)
class Refused:
    """A note with fixable findings that is left alone, and why."""

    path: str
    reason: str


@dataclass
class FixPlan:
    """The edits that fix what can be fixed safely, the findings they fix, the notes refused."""

    edits: list[Edit] = field(default_factory=list)
    fixed: list[Fixed] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def fixable_codes() -> tuple[str, ...]:
    """The lint codes whose rule declares a safe fix."""
    return tuple(code for code, rule in sorted(BY_CODE.items()) if rule.fix is not None)


def plan_fixes(
    vault: Vault,
    paths: Iterable[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> FixPlan:
    """The safe fixes for the notes of ``vault`` under ``paths`` (vault-relative; all for
    None), for the findings lint reports with ``select``/``ignore`` and the vault's config.

    Writes nothing. Raises ConfigError for a code prefix that matches no code; a note that
    cannot be fixed exactly is a :class:`Refused` entry, never an exception.
    """
    config = vault.config
    check_codes(config, select, ignore)
    context = Context(vault, load_schemas(config))
    plan = FixPlan()
    wanted = list(paths) if paths is not None else None
    # The one vault-level finding with a fix: an interviewer's name against the roster.
    named: dict[str, list[Diagnostic]] = {}
    if config.interviewers:
        for finding in people.check(people.Names.of_vault(vault, vault.notes), config.interviewers):
            if finding.code == people.UNKNOWN_INTERVIEWER.code:
                named.setdefault(finding.path, []).append(finding)
    for listed in selected_notes(vault.notes, wanted):
        if config.is_excluded(listed.path):
            continue
        try:
            data = read_note_bytes(vault.root, listed.path)
        except (UnsafePathError, OSError) as error:
            plan.refused.append(Refused(listed.path, f"cannot be read: {error}"))
            continue
        if data is not None:
            extra = named.get(listed.path, [])
            _plan_note(plan, context, listed.path, data, select, ignore, extra)
    return plan


def _plan_note(
    plan: FixPlan,
    context: Context,
    path: str,
    data: bytes,
    select: Sequence[str],
    ignore: Sequence[str],
    vault_level: Sequence[Diagnostic] = (),
) -> None:
    note = parse_note(path, data, keep_body=False)
    own = [*check_own(note, context), *vault_level]
    found = filtered(own, context.vault.config, select, ignore)
    fixable = [d for d in found if BY_CODE[d.code].fix is not None]
    if not fixable:
        return
    if note.problems:
        problem = note.problems[0]
        plan.refused.append(
            Refused(
                path, f"not read exactly: line {problem.line}: {problem.code} {problem.message}"
            )
        )
        return
    try:
        framed = frontmatter_text(data)
        if framed is None:
            raise EditError("the note has no frontmatter")
        text, first_byte, closing_byte = framed
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (EditError, yaml.YAMLError) as error:
        plan.refused.append(Refused(path, f"not read exactly ({error})"))
        return
    if not isinstance(root, MappingNode):
        return
    site = FixSite(note, context, text, root)
    # Changes by range; a range two findings change alike is one edit (VT110 and VT202 can
    # both see `convincing: "yes"`), two different changes of one range are both dropped.
    chosen: dict[tuple[int, int], tuple[Change, Diagnostic] | None] = {}
    for finding in fixable:
        fix = BY_CODE[finding.code].fix
        assert fix is not None
        changes = fix(site, finding)
        for change in changes or ():
            span = (change.start, change.end)
            if not 0 <= change.start <= change.end <= len(text):
                continue
            if span in chosen:
                known = chosen[span]
                if known is not None and known[0].text != change.text:
                    chosen[span] = None
                continue
            chosen[span] = (change, finding)
    kept = sorted((pair for pair in chosen.values() if pair is not None), key=lambda p: p[0].start)
    end = -1
    listed: set[Diagnostic] = set()
    for change, finding in kept:
        if change.start < end:  # overlaps the one before: left for a later run
            continue
        end = change.end
        start_byte = first_byte + len(text[: change.start].encode("utf-8"))
        end_byte = first_byte + len(text[: change.end].encode("utf-8"))
        if end_byte > closing_byte:
            continue
        plan.edits.append(
            Edit(
                path,
                start_byte,
                end_byte,
                data[start_byte:end_byte],
                change.text.encode("utf-8"),
                data.count(b"\n", 0, start_byte) + 1,
                change.reason,
                finding.code,
            )
        )
        if finding not in listed:
            listed.add(finding)
            plan.fixed.append(Fixed(finding, change.reason))
