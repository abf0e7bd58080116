"""VT4xx: the body sections a schema requires, their template items, unfilled placeholders.

Sections are found from the note's headings (markdown-it tokens, so a ``#`` in a code block
is not a heading): a section runs from its heading to the next heading of the same or a
higher level. A section is empty when nothing but sub-headings, comments, blank lines, empty
list items and rules is under it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.markdown import Heading, normalize_heading
from vault_tools.note import Note
from vault_tools.rulebook import declare
from vault_tools.rules.base import Context, finding
from vault_tools.schemas import BodyRule, SectionRule, normalize_line

__all__ = ["check"]

MISSING_SECTION = declare(
    "VT401",
    Severity.ERROR,
    "a section the schema requires is missing (warning in a draft case); it names a code block "
    "never closed that hides its heading",
    """
    ## What it means
    The note's schema requires a section (a heading, possibly under another heading) that
    the note does not have. In a `draft` case or an unfinished interview log it is a
    warning. When the heading is written but follows a code fence (```` ``` ````) that is
    never closed, Obsidian reads it as code: the finding names the line of that fence.

    ## Why it matters
    Interview logs are compared across candidates by their sections (a technical log's
    Competence, Creativity, Business Sense); a case without its sections cannot be run by
    another interviewer.

    ## Example
    A technical interview log without a `# Business Sense` heading.

    ## How to fix
    Add the heading (with its text); `vault-tools new` writes notes with every section.
    If the finding names a code block never closed, close it with the same fence.
    """,
).code
EMPTY_SECTION = declare(
    "VT402",
    Severity.ERROR,
    "a section the note's schema requires is empty",
    """
    ## What it means
    The required heading is there, but nothing is under it except sub-headings, comments,
    empty list items or rules.

    ## Why it matters
    An empty section is an assessment not written down: the debrief and the retrospective
    have nothing to go on.

    ## Example
    ```
    # Creativity

    # Business Sense
    ```

    ## How to fix
    Write what you observed under the heading.
    """,
).code
PLACEHOLDER = declare(
    "VT403",
    Severity.ERROR,
    "an unfilled template placeholder such as `[Available data]`",
    """
    ## What it means
    A backticked `[...]` placeholder, or a line still word for word the template's
    placeholder line, is left in the note.

    ## Why it matters
    A `ready` case with placeholders is not ready: the interviewer would read
    `[Available data]` to the candidate. In a `draft` case it is a warning.

    ## Example
    `**Data Sources:** `[Available data]``

    ## How to fix
    Replace the placeholder with the case's real content.
    """,
).code
MISSING_ITEM = declare(
    "VT404",
    Severity.ERROR,
    "a template item such as **Problem:** is missing or not filled in",
    """
    ## What it means
    A section the schema describes item by item (`**Problem:**`, `**Your Task:**`) lacks one
    of its items, or the item has no text after it.

    ## Why it matters
    Those items are what every interviewer running the case relies on.

    ## Example
    `**Success Looks Like:**` followed directly by the next heading.

    ## How to fix
    Add the item's line and fill it in.
    """,
).code

_NOT_CONTENT = re.compile(
    r"\s*(?:"
    r"(?:[-*+]|[0-9]+[.)])(?:\s+\[.\])?"  # an empty list item or task
    r"|(?:[-*_]\s*){3,}"  # a thematic break
    r"|=+|-+"  # a setext heading's underline
    r"|>"  # an empty quote line
    r")?\s*"
)
_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"%%.*?(?:%%|\Z)|<!--.*?(?:-->|\Z)", re.DOTALL)


@dataclass(frozen=True)
class _Span:
    heading: Heading
    end: int  # last file line of the section, sub-sections included


class Outline:
    """A note's body lines (comments blanked) and its sections' line spans."""

    def __init__(self, note: Note) -> None:
        body = note.body or ""
        self.first_line = note.body_line
        if "%%" in body or "<!--" in body:
            body = _COMMENT.sub(_blank, body)
        self.lines = body.split("\n")
        self.last_line = self.first_line + len(self.lines) - 1
        self.heading_lines = {heading.line for heading in note.headings}
        headings = sorted(note.headings, key=lambda heading: heading.line)
        # A section ends before the next heading of the same or a higher level: one pass with
        # a stack of open sections (a scan per heading was quadratic in a 50k-heading note).
        ends = [self.last_line] * len(headings)
        open_sections: list[int] = []
        for index, heading in enumerate(headings):
            while open_sections and headings[open_sections[-1]].level >= heading.level:
                ends[open_sections.pop()] = heading.line - 1
            open_sections.append(index)
        self.spans: list[_Span] = [_Span(h, end) for h, end in zip(headings, ends, strict=True)]
        self.keys = [_heading_key(span.heading.text) for span in self.spans]

    def line(self, number: int) -> str:
        index = number - self.first_line
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def find(self, path: tuple[str, ...]) -> tuple[_Span | None, int]:
        """The span of ``path`` (or None) and how many leading parts were found."""
        low, high = self.first_line, self.last_line
        found: _Span | None = None
        for depth, part in enumerate(path):
            wanted = _heading_key(part)
            match = next(
                (
                    span
                    for span, key in zip(self.spans, self.keys, strict=True)
                    if key == wanted and low <= span.heading.line <= high
                ),
                None,
            )
            if match is None:
                return found, depth
            found, low, high = match, match.heading.line + 1, match.end
        return found, len(path)

    def has_content(self, start: int, end: int) -> bool:
        for number in range(start, end + 1):
            if number in self.heading_lines:
                continue
            if not _NOT_CONTENT.fullmatch(self.line(number)):
                return True
        return False


def _blank(match: re.Match[str]) -> str:
    """A comment replaced by spaces, newlines kept: lines and columns stay where they were."""
    return re.sub(r"[^\n]", " ", match.group(0))


@functools.lru_cache(maxsize=4096)  # a schema's section names, and headings that recur
def _heading_key(text: str) -> str:
    """Headings compare as Obsidian compares a link's #heading (punctuation, case ignored)."""
    return normalize_heading(text.replace("_", " "))


def check(note: Note, context: Context) -> Iterator[Diagnostic]:
    schema = context.schema_for(note)
    if schema is None or not schema.body or note.body is None or not note.frontmatter_valid:
        return
    # An unfinished note (an interview log without notes_written) is still being written:
    # its sections are reminders, not errors, so it can be committed and synced.
    unfinished = schema.is_unfinished(note.properties)
    active = [
        ("warning" if unfinished else severity, rule)
        for rule in schema.body
        if (severity := rule.severity_for(note.properties)) is not None
    ]
    if not active:
        return
    outline = Outline(note)
    seen: set[tuple[int, int, str, str]] = set()
    for severity, rule in active:
        for diagnostic in _check_rule(note, outline, rule, Severity(severity)):
            key = (diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message)
            if key not in seen:
                seen.add(key)
                yield diagnostic


def _check_rule(
    note: Note, outline: Outline, rule: BodyRule, severity: Severity
) -> Iterator[Diagnostic]:
    for section in rule.sections:
        yield from _check_section(note, outline, section, severity)
    if rule.placeholder_pattern is not None or rule.placeholder_lines:
        yield from _placeholders(note, outline, rule, severity)


def _check_section(
    note: Note, outline: Outline, section: SectionRule, severity: Severity
) -> Iterator[Diagnostic]:
    span, depth = outline.find(section.path)
    if span is None or depth < len(section.path):
        missing = section.path[depth]
        where = f" under '{section.path[depth - 1]}'" if depth else ""
        line = span.heading.line if span is not None else min(outline.first_line, outline.last_line)
        fence = _fence_hiding(outline, missing)
        hidden = (
            f": its heading is inside the code block opened on line {fence}, which is never "
            "closed (close it with the same fence)"
            if fence is not None
            else ""
        )
        yield finding(
            note,
            (line, 1),
            MISSING_SECTION,
            f"missing section '{missing}'{where}{hidden}",
            severity,
        )
        return
    start, end = span.heading.line + 1, span.end
    if not outline.has_content(start, end):
        yield finding(
            note,
            (span.heading.line, 1),
            EMPTY_SECTION,
            f"section '{span.heading.text}' is empty",
            severity,
        )
        return
    for label in section.labels:
        yield from _check_label(note, outline, span, label, severity)


@functools.lru_cache(maxsize=1024)
def _label_pattern(label: str) -> re.Pattern[str]:
    name = re.escape(label).replace(r"\ ", r"\s+")
    return re.compile(rf"(\*\*|__)\s*{name}\s*:?\s*\1\s*:?", re.IGNORECASE)


_ANY_LABEL = re.compile(r"(\*\*|__)[^*_\n]{1,60}?:\s*\1|(\*\*|__)[^*_\n]{1,60}?\2\s*:")


def _check_label(
    note: Note, outline: Outline, span: _Span, label: str, severity: Severity
) -> Iterator[Diagnostic]:
    pattern = _label_pattern(label)
    start, end = span.heading.line + 1, span.end
    for number in range(start, end + 1):
        match = pattern.search(outline.line(number))
        if match is None:
            continue
        if outline.line(number)[match.end() :].strip():
            return
        # The item's text may follow on the next lines, up to the next item or heading.
        for following in range(number + 1, end + 1):
            if following in outline.heading_lines or _ANY_LABEL.search(outline.line(following)):
                break
            if not _NOT_CONTENT.fullmatch(outline.line(following)):
                return
        yield finding(
            note,
            (number, match.start() + 1),
            MISSING_ITEM,
            f"'**{label}:**' in section '{span.heading.text}' is not filled in",
            severity,
        )
        return
    yield finding(
        note,
        (span.heading.line, 1),
        MISSING_ITEM,
        f"section '{span.heading.text}' has no '**{label}:**' item",
        severity,
    )


_ATX_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")


def _fence_hiding(outline: Outline, name: str) -> int | None:
    """The file line of a code fence that is never closed and has a heading ``name`` after
    it (read as code, so the section is not there), or None."""
    fence: str | None = None
    opened = 0
    wanted = _heading_key(name)
    for index, text in enumerate(outline.lines):
        if fence is None:
            opening = _FENCE.match(text)
            if opening:
                fence, opened = opening.group(1), outline.first_line + index
            continue
        if _closes(text, fence):
            fence = None
            continue
        heading = _ATX_HEADING.match(text)
        if heading and _heading_key(heading.group(1)) == wanted:
            # Hidden for good only when no fence closes after it either.
            closed = any(_closes(later, fence) for later in outline.lines[index + 1 :])
            return None if closed else opened
    return None


def _closes(text: str, fence: str) -> bool:
    """Whether the line ``text`` closes a code block opened by ``fence``."""
    closing = _FENCE.match(text)
    return (
        closing is not None
        and closing.group(1)[0] == fence[0]
        and len(closing.group(1)) >= len(fence)
    )


def _placeholders(
    note: Note, outline: Outline, rule: BodyRule, severity: Severity
) -> Iterator[Diagnostic]:
    fence: str | None = None
    for index, text in enumerate(outline.lines):
        number = outline.first_line + index
        if fence is not None:
            if _closes(text, fence):
                fence = None
            continue
        opening = _FENCE.match(text)
        if opening:
            fence = opening.group(1)
            continue
        reported = False
        if rule.placeholder_pattern is not None:
            for match in rule.placeholder_pattern.finditer(text):
                reported = True
                yield finding(
                    note,
                    (number, match.start() + 1),
                    PLACEHOLDER,
                    f"unfilled placeholder {match.group(0)}",
                    severity,
                )
        if not reported and text.strip() and normalize_line(text) in rule.placeholder_lines:
            shown = normalize_line(text)
            if len(shown) > 60:
                shown = shown[:57] + "..."
            yield finding(
                note,
                (number, len(text) - len(text.lstrip()) + 1),
                PLACEHOLDER,
                f"line is still the template's placeholder: {shown}",
                severity,
            )
