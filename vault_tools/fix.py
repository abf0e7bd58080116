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
outside the frontmatter, two changes of one value that disagree, and a change of a value
written with an anchor or a tag (``due: &d 2025/07/10``: every alias of it would change
too; ``!!str yes``: the tag would go) are not made, and a fix makes all its changes or
none: the finding stays for the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent
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
    decorated = _decorated_spans(text)
    # Each finding's changes, kept only when every one of them can be made: a fix whose
    # changes were made in part (a key renamed, its value not) would leave a note no rule
    # meant. A change that touches a value written with an anchor or a tag is not made.
    wanted: list[tuple[Diagnostic, list[Change]]] = []
    for finding in fixable:
        fix = BY_CODE[finding.code].fix
        assert fix is not None
        changes = list(fix(site, finding) or ())
        if changes and all(
            0 <= change.start <= change.end <= len(text)
            and not _touches(change, decorated)
            and first_byte + len(text[: change.end].encode("utf-8")) <= closing_byte
            for change in changes
        ):
            wanted.append((finding, changes))
    # A range two findings change alike is one edit (VT110 and VT202 can both see
    # `convincing: "yes"`); two different changes of one range are both dropped.
    texts: dict[tuple[int, int], set[str]] = {}
    for _, changes in wanted:
        for change in changes:
            texts.setdefault((change.start, change.end), set()).add(change.text)
    made: dict[tuple[int, int], Change] = {}
    order = sorted(range(len(wanted)), key=lambda i: (min(c.start for c in wanted[i][1]), i))
    for finding, changes in (wanted[i] for i in order):
        if any(len(texts[(change.start, change.end)]) > 1 for change in changes):
            continue
        new = [change for change in changes if (change.start, change.end) not in made]
        if not new or any(_overlap(change, other) for change in new for other in made.values()):
            continue  # nothing of its own (the same edit as another's), or left for a later run
        made.update(((change.start, change.end), change) for change in new)
        plan.fixed.append(Fixed(finding, new[0].reason))
        for change in new:
            start_byte = first_byte + len(text[: change.start].encode("utf-8"))
            end_byte = first_byte + len(text[: change.end].encode("utf-8"))
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


def _decorated_spans(text: str) -> list[tuple[int, int]]:
    """Where the nodes written with properties stand: an anchor (``&d 2025/07/10``, whose
    aliases would change with it) or a tag (``!!str yes``). A node's marks begin at its
    properties, so a change of the node would drop them. Read from the parser's events: a
    node keeps no record of its anchor, nor of whether its tag was written."""
    spans: list[tuple[int, int]] = []
    if "&" not in text and "!" not in text:
        return spans  # no anchor or tag can be written: no second parse
    opened: list[tuple[int, bool]] = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        # (The parser marks every event; were a mark missing, the span would be all.)
        start = event.start_mark.index if event.start_mark is not None else 0
        end = event.end_mark.index if event.end_mark is not None else len(text)
        if isinstance(event, ScalarEvent):
            if event.anchor is not None or event.tag is not None:
                spans.append((start, end))
        elif isinstance(event, CollectionStartEvent):
            opened.append((start, event.anchor is not None or event.tag is not None))
        elif isinstance(event, CollectionEndEvent):
            start, decorated = opened.pop()
            if decorated:
                spans.append((start, end))
    return spans


def _touches(change: Change, spans: list[tuple[int, int]]) -> bool:
    """Whether ``change`` replaces, removes or writes into or at the edge of one of ``spans``."""
    if change.start == change.end:
        return any(start <= change.start <= end for start, end in spans)
    return any(change.start < end and start < change.end for start, end in spans)


def _overlap(first: Change, second: Change) -> bool:
    """Whether two changes touch the same characters (or insert inside the other's range)."""
    return first.start < second.end and second.start < first.end
