"""VT2xx: a typed note's properties against its schema's JSON Schema, and its chronology.

A schema's errors (:meth:`Schema.errors`: jsonschema's, with or without jsonschema) say
*what* failed (keyword, path, value); this module turns that into a message a hiring
manager can act on, at the file line of the property that failed. A missing property points
at the frontmatter's opening line. A note whose ``type:`` names no schema but nearly does
(``Interview``) is reported too (VT216): no schema checks it and nothing counts it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from yaml.nodes import ScalarNode, SequenceNode

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.note import Note
from vault_tools.people import edit_distance
from vault_tools.rulebook import Change, declare, safe_fix
from vault_tools.rules.base import (
    BUILTIN_TYPES,
    Context,
    FixSite,
    PropertyPath,
    finding,
    replace_scalar,
    scalar_span,
    yaml_scalar,
)
from vault_tools.schemas import FORMATS, Schema, iso_text, json_like
from vault_tools.yaml12 import load_mapping

__all__ = ["check", "near_type", "near_type_finding", "near_type_of"]

if TYPE_CHECKING:  # jsonschema explains only what a schema that does not compile finds
    from jsonschema.exceptions import ValidationError

    from vault_tools.schemas.explained import Failure

    Explained = Failure | ValidationError

MISSING = declare(
    "VT201",
    Severity.ERROR,
    "a property the note's schema requires is missing or empty",
    """
    ## What it means
    The note's type (its `type:` property) has a schema, and the schema requires a property
    the note does not set, or sets to nothing. Some are required only in some cases (`case`
    for a case-stage interview, `recommendation` once the log is finished).

    ## Why it matters
    Indexes and retrospectives count what the properties say: an interview without `date`
    belongs to no quarter, one without `stage` to no funnel step.

    ## Example
    ```
    type: interview
    candidate: "[[Ada Lovelace]]"
    stage: technical
    ```
    (no `date`, `role`, `level`, `interviewers`)

    ## How to fix
    Fill in the property; `vault-tools schema show TYPE` lists what each type requires.
    """,
).code
WRONG_TYPE = declare(
    "VT202",
    Severity.ERROR,
    "a property has the wrong type for its schema (text, number, list...)",
    """
    ## What it means
    A property's value is of another kind than its schema says: a list where text is
    expected, text where a number is, a number where a list is.

    ## Why it matters
    Figures computed from it are wrong or missing (a score `"3"` in quotes is text, not a
    number), and Obsidian's property editor shows the value as a mismatch.

    ## Example
    `scores: {competence: "3"}`, or `candidate: [[Ada]]` without quotes (YAML reads that as
    a list in a list).

    ## How to fix
    Write the value in the kind the message names: no quotes around numbers, quotes around
    links, `- item` lines for lists. Fixable in three cases: `vault-tools fix` quotes an
    unquoted `[[link]]`, writes `true`/`false` for a true-or-false property written as
    `yes`, `no`, `"true"` or `"false"`, and makes one name where a list is asked for a list
    of it (`interviewers: Jonas Berg` -> `[Jonas Berg]`; a name one roster name is close
    to is spelled as on the roster in the same run, VT213). A text that may name several
    (`A, B`, `A and B`, `A och B`) and other kinds are left to you (is `"3"` a score of 3,
    or a typo?).
    """,
).code
NOT_ALLOWED = declare(
    "VT203",
    Severity.ERROR,
    "a property's value is not one the schema allows",
    """
    ## What it means
    The property allows only some values (a role, a level, a stage, a recommendation) and
    the note's value is none of them; the message suggests the nearest one.

    ## Why it matters
    A value spelled differently (`senior` for `Senior`, `tech` for `technical`) is counted
    nowhere: the interview drops out of its row in the indexes and retrospectives.

    ## Example
    `stage: tech`

    ## How to fix
    Use one of the values the message lists (or add yours to the vault's own schema).
    Fixable when the value is one allowed value but for its letters' case (`senior` ->
    `Senior`): `vault-tools fix` writes that value. A merely similar value (`tech`) is left
    to you: a guess is not certain.
    """,
).code
OUT_OF_RANGE = declare(
    "VT204",
    Severity.ERROR,
    "a number is outside the range the schema allows (e.g. a score 1-4)",
    """
    ## What it means
    A number is below the schema's minimum or above its maximum.

    ## Why it matters
    Scores are anchored on a 1-4 scale without a midpoint: a 5 or a 0 means nothing on it,
    and skews medians and calibration figures.

    ## Example
    `scores: {competence: 5}`

    ## How to fix
    Use a number in the range; leave a score empty (`null`) when it was not assessed.
    """,
).code
WRONG_SIZE = declare(
    "VT205",
    Severity.ERROR,
    "a list or text is too short or too long (e.g. no interviewers)",
    """
    ## What it means
    A list has fewer or more items (or a text fewer or more characters) than the schema
    allows, or repeats an item that must be unique.

    ## Why it matters
    An interview with no interviewer cannot be credited to anyone: workload and
    calibration figures leave it out.

    ## Example
    `interviewers: []`

    ## How to fix
    Add the missing items (or remove the extra ones).
    """,
).code
BAD_FORMAT = declare(
    "VT206",
    Severity.ERROR,
    "a value is not in its format: date, date-time or [[link]]",
    """
    ## What it means
    The value is text, but not in the format the schema asks for: a date (`2025-09-02`), a
    date-time (`2025-09-02T14:30`), or one link (`"[[Note]]"`).

    ## Why it matters
    A date that is not a date puts the interview in no quarter; a name that is not a link
    ties the log to no candidate note.

    ## Example
    `date: 02.09.2025`, or `candidate: Ada Lovelace`

    ## How to fix
    Write `2025-09-02`, or `candidate: "[[Ada Lovelace]]"`. Fixable for a date that names
    one day only: `vault-tools fix` rewrites `2025/09/02`, `2025.09.02`, `2 September 2025`,
    `Sep 2, 2025` or `25/09/2025` as `2025-09-02`; a day and month that could be read either
    way (`02/09/2025`) is left to you, as is a name that should be a link.
    """,
).code
OTHER = declare(
    "VT209",
    Severity.ERROR,
    "a property breaks another schema rule",
    """
    ## What it means
    The note breaks a rule of its schema that none of the other VT2xx codes names (for
    example a property the schema forbids for this type, or a combination it rules out).

    ## Why it matters
    The schema states what a well-kept note of this type looks like; the figures built from
    such notes assume it.

    ## Example
    A property a vault's own schema marks as not allowed (`additionalProperties: false`).

    ## How to fix
    Follow the message, or change the vault's own schema if the rule no longer fits.
    """,
).code
OUT_OF_ORDER = declare(
    "VT210",
    Severity.ERROR,
    "dates out of order: notes_written before the interview's date, a decision before the "
    "first contact (notes written after the debrief: a warning; schema may lower)",
    """
    ## What it means
    Two dates of the note are in the wrong order: the interviewer's notes were finished
    (`notes_written`) after the panel's `debrief`, or before the interview itself; a
    candidate's decision, notification, offer or start came before what must precede it.
    A schema's `chronology` entry may lower it to a warning (`severity: warning`): the
    built-in interview schema does so for notes finished after the debrief, which is a true
    record once it happened, so that the log can still be committed.

    ## Why it matters
    Notes written before the debrief are the interviewer's own judgement; notes written
    after it may echo the panel. The retrospective's independence figure counts these.

    ## Example
    ```
    notes_written: 2025-09-03T18:00
    debrief: 2025-09-03T16:00
    ```

    ## How to fix
    Correct the date that is wrong. If the notes really were written after the debrief,
    keep the true time: the finding is the record of it.
    """,
).code
OVERDUE = declare(
    "VT212",
    Severity.WARNING,
    "an interview log is still unfinished days after the interview",
    """
    ## What it means
    The log's `notes_written` is still empty (the log is unfinished) more than
    `overdue_days` days (2 in the built-in interview schema) after the interview's `date`.

    ## Why it matters
    Notes written days later are reconstructions: the log then records what the panel
    remembers, not what this interviewer saw. An unfinished log also counts for nothing in
    the retrospective's independence figure.

    ## Example
    ```
    date: 2025-09-09
    notes_written:
    ```
    linted on 2025-09-15.

    ## How to fix
    Write your notes, then set `notes_written` to the time you finished them (`vault-tools
    finish LOG` sets it to now). The number of days is `overdue_days` under `unfinished:` in
    the vault's copy of the interview schema.
    """,
).code

NOT_YET = declare(
    "VT217",
    Severity.WARNING,
    "a date after today where the schema allows only a day that has come (a decision, an offer)",
    """
    ## What it means
    A date property the note's schema lists under `past` is after today. The built-in
    candidate schema lists `first_contact`, `decision_date`, `notified` and `offer_date`:
    each records something that has happened. (`start_date` is not listed: a hire may start
    next month.)

    ## Why it matters
    A decision dated in the future is nearly always a slip of the keyboard (`2052` for
    `2025`). The retrospective would count the decision as made and its days to a decision
    in years.

    ## Example
    `decision_date: 2052-08-29` on 2025-11-24.

    ## How to fix
    Correct the date. A decision not made yet has no `decision_date`: leave it empty until
    the day.
    """,
).code
NEAR_TYPE = declare(
    "VT216",
    Severity.WARNING,
    "a note's type is not a schema's, but nearly (Interview, interveiw): nothing counts it",
    """
    ## What it means
    The note's `type:` names no schema, yet differs from one only in its letters' case or by
    a slip of one letter left out, changed or swapped (`Interview`, `interveiw`, `Candidat`).
    Types are matched exactly, as Obsidian matches property values. A longer word
    (`interviewer`, `interviews`) or a short one (`cash`) is taken for a type of your own.
    So is a `Type:` key in capitals, with no `type:` beside it: keys are matched exactly
    too, and the note has no type at all.

    ## Why it matters
    The note is checked by no schema and counted in no index, pipeline or retrospective: one
    capital letter takes an interview out of every figure, without a trace.

    ## Example
    `type: Interview` or `Type: interview` in a log, where the schema is `interview`

    ## How to fix
    Write the key and the schema's name in lower case (`type: interview`); `vault-tools fix`
    does it.
    """,
).code
WARNING = Severity.WARNING

_CODES = {
    "required": MISSING,
    "dependentRequired": MISSING,
    "type": WRONG_TYPE,
    "enum": NOT_ALLOWED,
    "const": NOT_ALLOWED,
    "pattern": NOT_ALLOWED,
    "minimum": OUT_OF_RANGE,
    "maximum": OUT_OF_RANGE,
    "exclusiveMinimum": OUT_OF_RANGE,
    "exclusiveMaximum": OUT_OF_RANGE,
    "multipleOf": OUT_OF_RANGE,
    "minItems": WRONG_SIZE,
    "maxItems": WRONG_SIZE,
    "minLength": WRONG_SIZE,
    "maxLength": WRONG_SIZE,
    "minProperties": WRONG_SIZE,
    "maxProperties": WRONG_SIZE,
    "uniqueItems": WRONG_SIZE,
    "format": BAD_FORMAT,
}
_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping (indented key: value lines)",
    "null": "empty",
}

Path = tuple[str | int, ...]


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    schema = context.schema_for(note)
    if schema is None:
        near = near_type_finding(note, tuple(context.schemas.schemas))
        if near is not None:
            yield near
        return
    if not note.frontmatter_valid:
        return
    # An empty property is an unset one, as Obsidian shows it; a required one is "empty".
    empty = {key for key, value in note.properties.items() if value is None}
    instance = _instance(note)
    # Most notes are valid: errors are asked for only to explain what is not.
    if schema.is_valid is None or not schema.is_valid(instance):
        seen: set[Diagnostic] = set()
        for error in schema.errors(instance):
            for diagnostic in _diagnostics(note, schema, error, empty):
                if diagnostic not in seen:
                    seen.add(diagnostic)
                    yield diagnostic
    yield from _chronology(note, schema)
    yield from _not_yet(note, schema, context.today)
    yield from _overdue(note, schema, context.today)


def near_type_finding(note: Note, names: tuple[str, ...]) -> Diagnostic | None:
    """VT216 for a note whose ``type:`` nearly is one of ``names`` (or is a list of one such
    name, ``type: [interview]``), else None."""
    near = near_type_of(note, names)
    if near is None:
        return None
    key = _type_key(note)
    value = note.properties.get(key)
    shown = f"[{value[0]}]" if isinstance(value, list) else str(value).strip()
    if key != "type":
        return finding(
            note,
            note.key_positions.get(key) or (1, 1),
            NEAR_TYPE,
            f"{key}: {shown} is no type: the key is `type`, in lower case (did you mean "
            f"type: {near}?). As written, no schema checks this note and no index or "
            "retrospective counts it",
        )
    return finding(
        note,
        note.value_position("type"),
        NEAR_TYPE,
        f"type: {shown} is no schema's type: did you mean {near}? As written, no schema "
        "checks this note and no index or retrospective counts it",
    )


def _type_key(note: Note) -> str:
    """The key that holds the note's type: ``type``, or when the note has none, the one key
    that is ``type`` in another case (``Type:``, ``TYPE:``)."""
    properties = note.properties
    if properties.get("type") is not None or not properties:
        return "type"  # (an empty `type:` beside `Type: interview` names no type)
    others = [key for key in properties if key != "type" and key.casefold() == "type"]
    return others[0] if len(others) == 1 else "type"


def near_type_of(note: Note, names: tuple[str, ...]) -> str | None:
    """The one of ``names`` that the note's ``type:`` is a slip of (:func:`near_type`), or
    that a list of one text holding it names (``type: [interview]``, no type either), or
    that the note's ``Type:`` (the key in another case, and no ``type:``) names or nearly
    names."""
    key = _type_key(note)
    value = note.properties.get(key)
    if key != "type":
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if not isinstance(value, str) or not value.strip():
            return None
        written = value.strip()
        return written if written in names else near_type(written, names)
    if isinstance(value, list):
        if len(value) != 1 or not isinstance(value[0], str) or not value[0].strip():
            return None
        written = value[0].strip()
        return written if written in names else near_type(written, names)
    return None if note.type is None else near_type(note.type, names)


@functools.lru_cache(maxsize=1024)  # the same few types recur across a vault's notes
def near_type(written: str, names: tuple[str, ...]) -> str | None:
    """The one schema name that ``written`` (a type no schema has) is a slip of: the same but
    for case, or a letter left out, changed or two swapped (``interveiw``, ``Candidat``) in a
    word of six letters or more. Never a longer word (``interviewer``, ``caste``, a plural):
    that is a type of the user's own, as a short word one letter off (``cash``) may be."""
    if written in names:
        return None
    folded = written.casefold()
    same = [name for name in names if name.casefold() == folded]
    if same:
        return same[0] if len(same) == 1 else None
    if len(folded) < 6:
        return None
    close = [
        name
        for name in names
        if len(folded) <= len(name) and edit_distance(folded, name.casefold(), 1) <= 1
    ]
    return close[0] if len(close) == 1 else None


def _not_yet(note: Note, schema: Schema, today: dt.date) -> Iterator[Diagnostic]:
    """VT217: a date of something that has happened (the schema's ``past``) after today."""
    for key in schema.past:
        moment = _moment(note.properties.get(key))
        if moment is None:
            continue
        if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
            day = moment.astimezone().date()  # a moment with its offset, as a day here
        else:
            day = _day(moment)
        if day <= today:
            continue
        yield finding(
            note,
            note.value_position(key),
            NOT_YET,
            f"{key}: {iso_text(moment)} has not come yet (today is {today.isoformat()}); "
            "it records something that has happened",
        )


def _overdue(note: Note, schema: Schema, today: dt.date) -> Iterator[Diagnostic]:
    """VT212: an unfinished log some days after its interview, while memory fades."""
    rule = schema.unfinished
    if rule is None or rule.since is None or rule.overdue_days is None:
        return
    if not rule.applies(note.properties):
        return
    since = _moment(note.properties.get(rule.since))
    if since is None:
        return
    day = since.date() if isinstance(since, dt.datetime) else since
    if (today - day).days <= rule.overdue_days:
        return
    yield finding(
        note,
        note.key_positions.get(rule.while_empty) or note.value_position(rule.since),
        OVERDUE,
        f"still unfinished: the interview was on {day.isoformat()}, more than "
        f"{rule.overdue_days} day{'' if rule.overdue_days == 1 else 's'} ago; write your notes "
        "while you remember, then "
        f"set {rule.while_empty} (`vault-tools finish`)",
    )


def _instance(note: Note) -> dict[str, Any]:
    """The note's set properties as JSON Schema sees them."""
    return {key: json_like(value) for key, value in note.properties.items() if value is not None}


def quoted_link_hints(note: Note, schema: Schema) -> set[Path]:
    """The property paths whose unquoted link (``candidate: [[Ada]]``) the schema reports as
    VT202 with the advice to quote it: VT121 says the same and leaves them to it."""
    return {
        tuple(error.absolute_path)
        for error in schema.errors(_instance(note))
        if _quotes_link(error)
    }


def _quotes_link(error: Explained) -> bool:
    """A link property's value written as an unquoted link (VT202 says to quote it)."""
    subschema = error.schema if isinstance(error.schema, Mapping) else {}
    return (
        error.validator == "type"
        and subschema.get("format") == "wikilink"
        and is_unquoted_link(error.instance)
    )


def _diagnostics(
    note: Note, schema: Schema, error: Explained, empty: set[str]
) -> Iterator[Diagnostic]:
    path: Path = tuple(error.absolute_path)
    keyword = str(error.validator)
    if keyword in ("required", "dependentRequired"):
        yield from _missing(note, schema, error, path, empty)
        return
    if keyword == "additionalProperties" and error.validator_value is False:
        yield from _not_allowed(note, error, path)
        return
    code = _CODES.get(keyword, OTHER)
    name = _display(path)
    value: Any = error.instance
    expected: Any = error.validator_value
    subschema = error.schema if isinstance(error.schema, Mapping) else {}
    if keyword == "type":
        expected_list = [expected] if isinstance(expected, str) else list(expected)
        fmt = str(subschema.get("format"))
        if fmt in FORMATS and expected_list == ["string"]:
            wanted = FORMATS[fmt][1]
        else:
            wanted = " or ".join(_TYPE_WORDS.get(str(kind), str(kind)) for kind in expected_list)
        message = f"{name} must be {wanted}, not {_shown(value)}"
        if _quotes_link(error):
            message += f'; quote the link in YAML: {name}: "[[{value[0][0]}]]"'
    elif keyword == "enum":
        allowed = list(expected)
        message = f"{name}: {_shown(value)} is not one of {', '.join(map(str, allowed))}"
        message += _did_you_mean(value, allowed)
    elif keyword == "const":
        message = f"{name} must be {expected!r}, not {_shown(value)}"
    elif keyword == "pattern":
        message = f"{name}: {_shown(value)} does not match the pattern {expected}"
    elif code == OUT_OF_RANGE:
        low, high = subschema.get("minimum"), subschema.get("maximum")
        if keyword in ("minimum", "maximum") and low is not None and high is not None:
            message = f"{name}: {value} is out of range; use a whole number from {low} to {high}"
            if subschema.get("type") and "null" in subschema.get("type", ()):
                message += ", or leave it empty if not assessed"
        else:
            message = f"{name}: {error.message}"
    elif keyword == "minItems":
        count = expected
        message = f"{name} needs at least {count} item{'s' if count != 1 else ''}"
    elif keyword == "minLength" and expected == 1:
        message = f"{name} must not be empty"
    elif keyword == "format":
        fmt = str(expected)
        message = f"{name}: {_shown(value)} is not {FORMATS.get(fmt, (None, fmt))[1]}"
        if fmt == "wikilink" and isinstance(value, str) and "[[" not in value:
            message += f'; write "[[{value.strip()}]]"'
    else:
        message = f"{name}: {error.message}"
    yield finding(note, _value_position(note, path), code, message)


def _not_allowed(note: Note, error: Explained, path: Path) -> Iterator[Diagnostic]:
    """``additionalProperties: false``: one finding per key the schema does not name, on that
    key's line (jsonschema's one message lists them all, on the mapping's first line)."""
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    subschema = error.schema if isinstance(error.schema, Mapping) else {}
    named = subschema.get("properties", {})
    patterns = list(subschema.get("patternProperties", {}))
    for key in instance:
        if key in named or any(re.search(pattern, key) for pattern in patterns):
            continue
        where = (*path, key)
        message = f"{_display(where)} is not a property this schema allows (additionalProperties)"
        yield finding(note, _value_position(note, where), OTHER, message)


def _missing(
    note: Note, schema: Schema, error: Explained, path: Path, empty: set[str]
) -> Iterator[Diagnostic]:
    container = error.instance if isinstance(error.instance, Mapping) else {}
    expected: Any = error.validator_value
    required: Sequence[Any] = expected
    if str(error.validator) == "dependentRequired":
        required = [name for names in dict(expected).values() for name in names]
    condition = _condition(schema.frontmatter, list(error.schema_path))
    because = f" (required when {condition})" if condition else ""
    relaxed = _relaxed(note, schema)
    for name in required:
        if name in container:
            continue
        full = (*path, str(name))
        # An unfinished log may still lack what a finished one must have: a reminder.
        severity = WARNING if str(full[0]) in relaxed else None
        if not path and name in empty:
            yield finding(
                note,
                note.key_positions.get(str(name), (1, 1)),
                MISSING,
                f"{name} is required but empty{because}{_UNTIL_FINISHED if severity else ''}",
                severity,
            )
            continue
        position = _key_position(note, path) if path else (1, 1)
        message = f"missing required property {_display(full)}{because}"
        yield finding(
            note, position, MISSING, message + (_UNTIL_FINISHED if severity else ""), severity
        )


_UNTIL_FINISHED = " (a warning while the log is unfinished)"


def _relaxed(note: Note, schema: Schema) -> frozenset[str]:
    """The properties an unfinished note may still lack (none for a finished note)."""
    rule = schema.unfinished
    if rule is None or not rule.applies(note.properties):
        return frozenset()
    return rule.relax


def _condition(frontmatter: Mapping[str, Any], schema_path: list[Any]) -> str:
    """``stage is case``: the ``if`` that made a ``then`` fail, in words (or "")."""
    node: Any = frontmatter
    for part in schema_path:
        if part == "then" and isinstance(node, Mapping):
            return _describe_if(node.get("if"))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    return ""


def _describe_if(condition: Any) -> str:
    if not isinstance(condition, Mapping):
        return ""
    parts = []
    properties = condition.get("properties") or {}
    for key, sub in properties.items() if isinstance(properties, Mapping) else ():
        if isinstance(sub, Mapping) and "const" in sub:
            parts.append(f"{key} is {sub['const']}")
        elif isinstance(sub, Mapping) and isinstance(sub.get("enum"), list):
            parts.append(f"{key} is {_either(sub['enum'])}")
    for key in condition.get("required") or ():
        if key not in properties:
            parts.append(f"{key} is set")
    return " and ".join(parts)


def _either(values: Sequence[Any]) -> str:
    words = [str(value) for value in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _display(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "frontmatter"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return str(value)


def is_unquoted_link(value: Any) -> bool:
    """``candidate: [[Ada]]`` without quotes is YAML for a list in a list."""
    return (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    )


def _did_you_mean(value: Any, allowed: list[Any]) -> str:
    if not isinstance(value, str):
        return ""
    words = [str(item) for item in allowed]
    for word in words:
        if word.lower() == value.strip().lower():
            return f" (did you mean {word}?)"
    close = difflib.get_close_matches(value, words, n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def _key_position(note: Note, path: Path) -> tuple[int, int]:
    if len(path) == 1:
        return note.key_positions.get(str(path[0]), (1, 1))
    return note.value_position(*path)


def _value_position(note: Note, path: Path) -> tuple[int, int]:
    return note.value_position(*path) if path else (1, 1)


# ------------------------------------------------------------------------ chronology

_MOMENT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:(?:T|t| +)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:\.[0-9]+)?)?"
)


def _moment(value: Any) -> dt.date | None:
    """A date or datetime from a property value (quoted ISO text included), else None."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if not isinstance(value, str):
        return None
    match = _MOMENT.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
        )
    except ValueError:
        return None


def is_after(first: dt.date, second: dt.date) -> bool:
    """Whether ``first`` is strictly later than ``second``.

    A plain date means "some time that day", so a date is compared by day only; a naive and
    an offset-aware date-time are compared by their wall-clock times.
    """
    if not isinstance(first, dt.datetime) or not isinstance(second, dt.datetime):
        first_day = first.date() if isinstance(first, dt.datetime) else first
        second_day = second.date() if isinstance(second, dt.datetime) else second
        return first_day > second_day
    if (first.tzinfo is None) != (second.tzinfo is None):
        return first.replace(tzinfo=None) > second.replace(tzinfo=None)
    return first > second


def _days(first: dt.date, second: dt.date) -> tuple[dt.date, dt.date]:
    """The days of two dates or date-times. Two with offsets are taken at the first one's
    offset (23:00Z is the next day at +02:00); otherwise each day is the one written."""
    if (
        isinstance(first, dt.datetime)
        and isinstance(second, dt.datetime)
        and first.tzinfo is not None
        and second.tzinfo is not None
    ):
        second = second.astimezone(first.tzinfo)
    return _day(first), _day(second)


def _day(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _chronology(note: Note, schema: Schema) -> Iterator[Diagnostic]:
    for rule in schema.chronology:
        earlier = _moment(note.properties.get(rule.earlier))
        later = _moment(note.properties.get(rule.later))
        if earlier is None or later is None:
            continue
        if rule.by_day and not is_after(*_days(earlier, later)):
            continue
        if not rule.by_day and not is_after(earlier, later):
            continue
        why = f": {rule.why}" if rule.why else ""
        yield finding(
            note,
            note.value_position(rule.earlier),
            OUT_OF_ORDER,
            f"{rule.earlier} ({iso_text(earlier)}) is after {rule.later} ({iso_text(later)}){why}",
            rule.severity,
        )


# ------------------------------------------------------------------------ safe fixes


def holds_a_list(context: Context, note: Note, key: str) -> bool:
    """Whether the property ``key`` holds a list: in the vault's ``types.json`` (a list,
    tags, aliases) or in the note's schema (``type: array``)."""
    lowered = key.lower()
    kind = context.vault.config.property_types.get(lowered) or BUILTIN_TYPES.get(lowered)
    if kind in ("multitext", "tags", "aliases"):
        return True
    schema = context.schema_for(note)
    properties = schema.frontmatter.get("properties") if schema is not None else None
    declared = properties.get(key) if isinstance(properties, Mapping) else None
    kinds = declared.get("type") if isinstance(declared, Mapping) else None
    return kinds == "array" or (isinstance(kinds, list) and "array" in kinds)


def quote_unquoted_link(site: FixSite, path: PropertyPath) -> list[Change] | None:
    """``candidate: [[Ada]]`` (YAML's list in a list) -> ``candidate: "[[Ada]]"``; an item
    ``- [[Ada]]`` likewise; a property that holds a list (``interviewers: [[Ada]]``) ->
    ``interviewers: ["[[Ada]]"]``, a list of the one link. None unless the value is written
    exactly as ``[[...]]``."""
    node = site.node(path)
    if not (
        isinstance(node, SequenceNode)
        and node.flow_style
        and len(node.value) == 1
        and isinstance(node.value[0], SequenceNode)
        and len(node.value[0].value) == 1
        and isinstance(node.value[0].value[0], ScalarNode)
    ):
        return None
    start, end = node.start_mark.index, node.end_mark.index
    written = site.frontmatter[start:end]
    if _WRITTEN_LINK.fullmatch(written) is None:
        return None
    if len(path) == 1 and holds_a_list(site.context, site.note, str(path[0])):
        return [Change(start, end, f'["{written}"]', f'{_display(path)}: ["{written}"]')]
    return [Change(start, end, f'"{written}"', f'{_display(path)}: quoted "{written}"')]


_WRITTEN_LINK = re.compile(r"\[\[[^\[\]\"\\\n]+\]\]")

_CHECKBOX_WORDS = {"yes": "true", "true": "true", "no": "false", "false": "false"}


def checkbox_text(value: Any) -> str | None:
    """``true``/``false`` for a checkbox written as text (``yes``, ``"no"``, ``"true"``)."""
    if not isinstance(value, str):
        return None
    return _CHECKBOX_WORDS.get(value.strip().lower())


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_YEAR_FIRST = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_YEAR_LAST = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")
_DAY_MONTH_NAME = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\.? +([a-z]+)\.?,? +([0-9]{4})")
_MONTH_NAME_DAY = re.compile(r"([a-z]+)\.? +([0-9]{1,2})(?:st|nd|rd|th)?,? +([0-9]{4})")


def unambiguous_date(text: str) -> dt.date | None:
    """The one day ``text`` can mean: ``2025/07/10``, ``2025.7.10``, ``10 July 2025``,
    ``Jul 10, 2025``, and ``25/07/2025`` (only day-month reads as a day). None for a text
    two days could be written as (``03/04/2025``: 3 April or March 4), or none."""
    text = text.strip().lower()
    readings: set[dt.date] = set()
    if match := _YEAR_FIRST.fullmatch(text):
        readings |= _days_of(match[1], match[3], match[4])
    elif match := _YEAR_LAST.fullmatch(text):
        readings |= _days_of(match[4], match[3], match[1]) | _days_of(match[4], match[1], match[3])
    elif (match := _DAY_MONTH_NAME.fullmatch(text)) and match[2] in _MONTHS:
        readings |= _days_of(match[3], str(_MONTHS[match[2]]), match[1])
    elif (match := _MONTH_NAME_DAY.fullmatch(text)) and match[1] in _MONTHS:
        readings |= _days_of(match[3], str(_MONTHS[match[1]]), match[2])
    return readings.pop() if len(readings) == 1 else None


def _days_of(year: str, month: str, day: str) -> set[dt.date]:
    try:
        return {dt.date(int(year), int(month), int(day))}
    except ValueError:
        return set()


@safe_fix(WRONG_TYPE)
def _fix_wrong_type(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT202: an unquoted link quoted; a checkbox written as text made true or false; one
    name where a list is asked for made a list of that one name."""
    path = site.path_of(found)
    if path is None:
        return None
    quoted = quote_unquoted_link(site, path)
    if quoted is not None:
        return quoted
    wanted = [
        error.validator_value for error in site.schema_errors(path) if error.validator == "type"
    ]
    if wanted in (["array"], [["array"]], [["array", "null"]]):
        return _one_item_list(site, path)
    if wanted not in (["boolean"], [["boolean"]], [["boolean", "null"]]):
        return None
    value = checkbox_text(site.value(path))
    if value is None:
        return None
    return replace_scalar(site, path, value, f"{_display(path)}: {value}")


_SEVERAL = re.compile(r"[,;&+/]|\band\b", re.IGNORECASE)


def _one_item_list(site: FixSite, path: PropertyPath) -> list[Change] | None:
    """``interviewers: Jonas Berg`` as ``[Jonas Berg]``: Obsidian shows one text in a list
    property as a list of it. Not text that may hold several (`A, B`, `A and B`, two names
    of the roster, more than three words): which parts were meant is the user's to say.

    The brackets are written around the value as it stands, so that a fix of the value
    itself (VT213's spelling of a name as on the roster) is made in the same run; a value
    that would read otherwise between brackets is written anew."""
    value = site.value(path)
    if not isinstance(value, str) or not value.strip() or _SEVERAL.search(value):
        return None
    roster = site.context.vault.config.interviewers or ()
    folded = value.casefold()
    if sum(name.casefold() in folded for name in roster) > 1 or len(value.split()) > 3:
        return None  # two names of the roster (`Jonas Berg och Maria Svensson`), or words
    span = scalar_span(site, path)
    if span is None:
        return None
    start, end = span
    as_written = site.frontmatter[start:end]
    if load_mapping(f"v: [{as_written}]\n", 1).values == {"v": [value]}:
        reason = f"{_display(path)}: [{as_written}]"
        return [Change(start, start, "[", reason), Change(end, end, "]", reason)]
    listed = f"[{yaml_scalar(value.strip())}]"
    return [Change(start, end, listed, f"{_display(path)}: {listed}")]


@safe_fix(NOT_ALLOWED)
def _fix_not_allowed(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT203: a value that is one allowed value but for its letters' case."""
    path = site.path_of(found)
    value = site.value(path) if path is not None else None
    if path is None or not isinstance(value, str):
        return None
    for error in site.schema_errors(path):
        if error.validator != "enum":
            continue
        allowed_values: Any = error.validator_value
        same = [
            allowed
            for allowed in allowed_values
            if isinstance(allowed, str) and allowed.casefold() == value.casefold()
        ]
        if len(same) == 1 and same[0] != value:
            return replace_scalar(site, path, yaml_scalar(same[0]), f"{_display(path)}: {same[0]}")
    return None


@safe_fix(NEAR_TYPE)
def _fix_near_type(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT216: the schema's own name in place of a type that nearly is it (not a list of
    one, `type: [interview]`: that is no one-line scalar to replace)."""
    near = near_type_of(site.note, tuple(site.context.schemas.schemas))
    if near is None:
        return None
    key = _type_key(site.note)
    if key == "type":
        return replace_scalar(site, ("type",), yaml_scalar(near), f"type: {near}")
    # ``Type: interview``: the key written in lower case, and the value as the schema's name;
    # not beside an empty `type:` (two `type` keys would make the YAML unreadable).
    if "type" in site.note.properties:
        return None
    keys = [
        node
        for node, _ in site.root.value
        if isinstance(node, ScalarNode) and node.value == key and node.style is None
    ]
    value = replace_scalar(site, (key,), yaml_scalar(near), f"type: {near}")
    if len(keys) != 1 or value is None:
        return None
    start, end = keys[0].start_mark.index, keys[0].end_mark.index
    if site.frontmatter[start:end] != key:
        return None
    written = site.value((key,))
    changes = [Change(start, end, "type", f"{key}: {written} -> type: {near}")]
    if written != near:  # (a list of one, or a slip of the name: written as the name)
        changes += value
    return changes


@safe_fix(BAD_FORMAT)
def _fix_bad_format(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT206: a date written another way than YYYY-MM-DD, when it names one day for sure."""
    path = site.path_of(found)
    value = site.value(path) if path is not None else None
    if path is None or not isinstance(value, str):
        return None
    formats = {
        error.validator_value for error in site.schema_errors(path) if error.validator == "format"
    }
    if not formats & {"date", "date-or-date-time"}:
        return None
    day = unambiguous_date(value)
    if day is None:
        return None
    return replace_scalar(site, path, day.isoformat(), f"{_display(path)}: {day.isoformat()}")
