"""Every lint code, its default severity and its one-line documentation.

Codes are stable: a code is never reused for another meaning. Families: ``VT1xx`` reading
the file and its properties, ``VT2xx`` schemas, ``VT3xx`` links, ``VT4xx`` body structure,
``VT5xx`` generated notes (documented where they are raised: regions.py and writer.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from vault_tools.diagnostics import Severity
from vault_tools.regions import CODES as REGION_CODES
from vault_tools.writer import CODES as WRITER_CODES


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING

RULES: tuple[Rule, ...] = (
    Rule("VT100", _E, "the file cannot be read (permissions, I/O error)"),
    Rule("VT101", _E, "the file is not valid UTF-8; Obsidian shows replacement characters"),
    Rule("VT102", _E, "frontmatter has no closing '---' line; Obsidian shows no properties"),
    Rule("VT103", _E, "frontmatter is not valid YAML"),
    Rule("VT104", _E, "frontmatter is a list or a single value, not properties"),
    Rule("VT105", _E, "an unsafe or unknown YAML tag (!!python/..., !custom) was not applied"),
    Rule("VT106", _E, "frontmatter too deep, too large, or an alias bomb; not read"),
    Rule("VT107", _E, "a property key appears twice in the frontmatter"),
    Rule("VT108", _E, "two paths differ only in case; one file is not read (rename one)"),
    Rule("VT109", _E, "a file name is not valid UTF-8; Obsidian cannot open it (rename it)"),
    Rule("VT110", _W, "a value does not fit the property's type in <config>/types.json"),
    Rule("VT111", _W, "<config>/types.json cannot be used (not JSON, or an unknown type name)"),
    Rule("VT112", _W, "a sync tool's conflict copy of a note; merge it and delete it"),
    Rule("VT120", _W, "a frontmatter tag is not a valid tag (only digits, spaces, symbols)"),
    Rule("VT201", _E, "a property the note's schema requires is missing or empty"),
    Rule("VT202", _E, "a property has the wrong type for its schema (text, number, list...)"),
    Rule("VT203", _E, "a property's value is not one the schema allows"),
    Rule("VT204", _E, "a number is outside the range the schema allows (e.g. a score 1-4)"),
    Rule("VT205", _E, "a list or text is too short or too long (e.g. no interviewers)"),
    Rule("VT206", _E, "a value is not in its format: date, date-time or [[link]]"),
    Rule("VT209", _E, "a property breaks another schema rule"),
    Rule(
        "VT210",
        _E,
        "dates out of order: notes_written after debrief (independence), or before the "
        "interview's date",
    ),
    Rule("VT211", _E, "a schema link points at a note of the wrong type (schema may lower)"),
    Rule("VT212", _W, "an interview log is still unfinished days after the interview"),
    Rule("VT301", _W, "a link points at a note or file that does not exist"),
    Rule("VT302", _W, "an embedded file (![[...]]) does not exist"),
    Rule("VT303", _W, "a link's #heading does not exist in the target note"),
    Rule("VT304", _W, "a link's #^block id does not exist in the target note"),
    Rule("VT305", _W, "a link's name matches several notes; Obsidian picks one, use a path"),
    Rule("VT306", _E, "a link the schema requires (interview candidate, case) does not resolve"),
    Rule("VT401", _E, "a section the schema requires is missing (warning in a draft case)"),
    Rule("VT402", _E, "a section the note's schema requires is empty"),
    Rule("VT403", _E, "an unfilled template placeholder such as `[Available data]`"),
    Rule("VT404", _E, "a template item such as **Problem:** is missing or not filled in"),
    # VT5xx: generated notes. Reported by `index`, `retro` and `watch` when they cannot write;
    # broken markers (VT501, VT502) by lint too, so that CI finds them before the watcher.
    *(Rule(code, _E, summary) for code, summary in {**REGION_CODES, **WRITER_CODES}.items()),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def default_severity(code: str) -> Severity:
    rule = BY_CODE.get(code)
    return rule.severity if rule is not None else Severity.ERROR
