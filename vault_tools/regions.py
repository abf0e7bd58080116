"""Generated blocks inside ordinary notes: find them, and replace what is between the markers.

A block is the lines from ``%% vault-tools:begin NAME %%`` to ``%% vault-tools:end NAME %%``
(exactly this form, each on its own line; trailing spaces are tolerated because editors add
them). Obsidian hides ``%%…%%`` in reading view, and other tools find generated blocks by this
form. Everything outside the markers belongs to the user and is kept byte for byte: this
module works on the decoded text with its original line endings and BOM, and only ever slices
and re-joins it.

Marker-looking lines inside fenced code or in the frontmatter are not markers (a note that
documents vault-tools must not be rewritten). Duplicated or unbalanced markers make the whole
note untouchable: :func:`replace_regions` refuses and returns the diagnostics instead. So does
a block whose markers are inside code as Obsidian renders it — in a fenced block, or below a
fence that is never closed (which runs to the end of the note): appending a fresh block there
would happen again at every run, each one hidden in the code as well.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from vault_tools.diagnostics import Diagnostic, Severity
from vault_tools.rulebook import declare

__all__ = [
    "DUPLICATE_MARKER",
    "MARKER_IN_CODE",
    "UNBALANCED_MARKER",
    "HiddenMarker",
    "Region",
    "RegionScan",
    "begin_marker",
    "block_content",
    "end_marker",
    "find_regions",
    "is_valid_name",
    "render_block",
    "replace_regions",
]

# Reported by `index`, `retro` and `watch` when they cannot write, and by lint in any note,
# so that CI finds broken markers before the watcher refuses the note.
DUPLICATE_MARKER = declare(
    "VT501",
    Severity.ERROR,
    "a generated block's marker appears twice; the note is not updated",
    """
    ## What it means
    A `%% vault-tools:begin NAME %%` (or end) marker for the same NAME appears more than
    once in the note, so which lines are generated is not certain.

    ## Why it matters
    vault-tools never overwrites your own text, so it does not update the note at all until
    the markers are sorted out: the index or retrospective in it goes stale.

    ## Example
    A generated block pasted twice into the same note.

    ## How to fix
    Delete one of the two blocks, markers included; the next `index` or `watch` fills in
    the one left.
    """,
).code
UNBALANCED_MARKER = declare(
    "VT502",
    Severity.ERROR,
    "a generated block has no matching begin/end marker; not updated",
    """
    ## What it means
    A begin marker has no end marker with the same NAME after it (or an end marker no
    begin), usually after an edit removed one line of the pair.

    ## Why it matters
    Without both markers the generated lines cannot be told from your own, so the note is
    not updated at all.

    ## Example
    ```
    %% vault-tools:begin interviews %%
    | Date | Candidate |
    ```

    ## How to fix
    Put back the missing `%% vault-tools:end NAME %%` line (or delete the lone marker and
    the lines it held).
    """,
).code
MARKER_IN_CODE = declare(
    "VT505",
    Severity.ERROR,
    "a generated block's marker is inside a code block (an unclosed ``` above it?)",
    """
    ## What it means
    A `%% vault-tools:begin NAME %%` or end marker is inside a code block as Obsidian renders
    it: below a ```` ``` ```` or `~~~` fence that is never closed (the code then runs to the
    end of the note), or between the two fences of a code block. Obsidian shows it as code,
    so it is no marker.

    ## Why it matters
    Appending a fresh block would put it in the same code block, at every run: the note
    would grow by a block each time. So the note is not updated at all (lint reports the
    unclosed fence in any note; `index`, `retro` and `watch` also refuse a generated note
    whose block is wrapped in a closed code block).

    ## Example
    ````
    ```python
    half a snippet

    %% vault-tools:begin interview-index %%
    ````

    ## How to fix
    Close the fence (a line of three backticks after the code), or move the block out of
    the code block.
    """,
).code

_NAME = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
_MARKER = re.compile(rf"%% vault-tools:(begin|end) ({_NAME}) %%")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_VALID_NAME = re.compile(rf"{_NAME}\Z")


def begin_marker(name: str) -> str:
    return f"%% vault-tools:begin {name} %%"


def end_marker(name: str) -> str:
    return f"%% vault-tools:end {name} %%"


def is_valid_name(name: str) -> bool:
    return bool(_VALID_NAME.match(name))


@dataclass(frozen=True)
class Region:
    """One generated block. Offsets index the note's text; lines are 1-based file lines."""

    name: str
    begin_line: int
    end_line: int
    content_start: int  # just after the begin marker's line ending
    content_end: int  # start of the end marker's line
    newline: str  # the begin marker's line ending ("\n", "\r\n" or "\r")


@dataclass(frozen=True)
class HiddenMarker:
    """A marker line inside fenced code: shown as code by Obsidian, so not a marker."""

    name: str
    line: int
    fence_line: int  # the line of the fence that opens the code block
    closed: bool  # False: that fence is never closed and runs to the end of the note


@dataclass(frozen=True)
class RegionScan:
    regions: tuple[Region, ...]
    problems: tuple[Diagnostic, ...]
    hidden: tuple[HiddenMarker, ...] = ()

    def get(self, name: str) -> Region | None:
        return next((region for region in self.regions if region.name == name), None)


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    text: str  # without its line ending
    newline: str


def _line(raw: str, number: int, start: int) -> _Line:
    stripped = raw.rstrip("\r\n")
    return _Line(number, start, stripped, raw[len(stripped) :])


def _marker_lines(text: str) -> Iterator[tuple[_Line, str, str, int]]:
    """(line, "begin"|"end", name, fence) for every marker line not in the frontmatter:
    ``fence`` is 0 for a real marker, else the line of the fence opening the code block it is
    in, negated when that fence is never closed.

    A generated note is thousands of table rows: only lines whose first character can begin
    a marker, a fence or a fence's end are looked at (the rest cannot change the answer), and
    in a note with ``\n`` line endings only, a pattern finds those lines without cutting the
    text into lines at all.
    """
    lines = _every_line(text) if "\r" in text else _candidate_lines(text)
    skip_to = _frontmatter_end(text)
    fence: tuple[str, int, int] | None = None  # (character, run length, line) inside one
    in_code: list[tuple[_Line, str, str]] = []  # marker lines inside the current fence
    for number, start, raw in lines:
        if start < skip_to:
            continue
        first = raw[0]
        if fence is not None:
            character, length, fence_line = fence
            if first != " " and first != "\t" and first != character and first != "%":
                continue  # can be neither the closing fence nor a marker shown as code
            line_text = raw.rstrip("\r\n")
            stripped = line_text.strip(" \t")
            if (
                len(line_text) - len(line_text.lstrip(" ")) <= 3
                and stripped
                and set(stripped) == {character}
                and len(stripped) >= length
            ):
                fence = None
                for hidden, kind, name in in_code:
                    yield hidden, kind, name, fence_line
                in_code.clear()
                continue
            marker = _MARKER.fullmatch(line_text.rstrip(" \t")) if first == "%" else None
            if marker:
                in_code.append((_line(raw, number, start), marker.group(1), marker.group(2)))
            continue
        if first not in _MAY_OPEN:
            continue  # neither a fence (indent, backtick, tilde) nor a marker (%%)
        line_text = raw.rstrip("\r\n")
        opening = _FENCE_OPEN.match(line_text)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)), number)
            continue
        marker = _MARKER.fullmatch(line_text.rstrip(" \t"))
        if marker:
            yield _line(raw, number, start), marker.group(1), marker.group(2), 0
    if fence is not None:
        for hidden, kind, name in in_code:
            yield hidden, kind, name, -fence[2]


# A line that may open or close a fence or be a marker starts with one of these characters.
# Found after a line break: a pattern that starts with a literal is searched for quickly, while
# ``(?m)^[...]`` is tried at every offset (13 ms instead of 1 ms for a 2.5 MB index note).
_CANDIDATE_FIRST = " \t`~%"
_CANDIDATE_LINE = re.compile(r"\n[ \t`~%]")


def _every_line(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, offset, line with its ending) for every line of ``text``."""
    start = 0
    for number, raw in enumerate(_raw_lines(text), 1):
        yield number, start, raw
        start += len(raw)


def _candidate_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """As :func:`_every_line`, for a text with ``\n`` endings only, but only the lines that
    start with a character in ``_CANDIDATE_LINE``; line numbers are counted in C."""
    first = (0,) if text[:1] and text[0] in _CANDIDATE_FIRST else ()
    offsets = itertools.chain(
        first, (match.start() + 1 for match in _CANDIDATE_LINE.finditer(text))
    )
    number, counted = 1, 0
    for start in offsets:
        number += text.count("\n", counted, start)
        counted = start
        end = text.find("\n", start)
        yield number, start, text[start:] if end < 0 else text[start : end + 1]


def _frontmatter_end(text: str) -> int:
    """Offset just past a terminated frontmatter block, or 0 (unterminated frontmatter is body
    text, as Obsidian reads it)."""
    lines = _LINE.finditer(text)
    first = next(lines, None)
    if first is None or first.group().rstrip("\r\n").lstrip("\ufeff").rstrip(" \t") != "---":
        return 0
    for match in lines:
        if match.group().rstrip("\r\n").rstrip(" \t") in ("---", "..."):
            return match.end()
    return 0


_MAY_OPEN = frozenset(" `~%")


def _raw_lines(text: str) -> list[str]:
    """``text`` cut into lines, each with its line ending (as ``_LINE`` matches them)."""
    if "\r" in text:
        found: list[str] = _LINE.findall(text)
        return found
    parts = text.split("\n")  # the same cut, several times faster than the pattern
    last = parts.pop()
    raws = [part + "\n" for part in parts]
    if last:
        raws.append(last)
    return raws


def find_regions(text: str, path: str = "") -> RegionScan:
    """Every well-formed block in ``text``, and a diagnostic for each broken marker."""
    regions: list[Region] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    open_region: tuple[str, _Line] | None = None

    def problem(line: _Line, code: str, message: str) -> None:
        severity = Severity.ERROR
        problems.append(Diagnostic(path, line.number, 1, code, severity, message))

    hidden: list[HiddenMarker] = []
    for line, kind, name, fence in _marker_lines(text):
        if fence:
            reported = any(marker.name == name and not marker.closed for marker in hidden)
            hidden.append(HiddenMarker(name, line.number, abs(fence), fence > 0))
            if fence < 0 and not reported:  # once per block: at its first marker
                problem(
                    line,
                    MARKER_IN_CODE,
                    f"generated block {name!r} is inside a code block: the fence on line "
                    f"{-fence} is never closed, so the note is not updated (close the fence)",
                )
            continue
        if kind == "begin":
            if open_region is not None:
                problem(
                    line,
                    UNBALANCED_MARKER,
                    f"generated block {name!r} begins inside block {open_region[0]!r} "
                    f"(begun on line {open_region[1].number}); blocks cannot nest",
                )
                continue
            if name in seen:
                problem(
                    line,
                    DUPLICATE_MARKER,
                    f"generated block {name!r} appears twice; remove one copy",
                )
            open_region = (name, line)
            continue
        if open_region is None:
            if name in seen:
                problem(line, DUPLICATE_MARKER, f"second end marker for generated block {name!r}")
            else:
                problem(
                    line, UNBALANCED_MARKER, f"end marker for generated block {name!r} has no begin"
                )
            continue
        open_name, begin = open_region
        if name != open_name:
            problem(
                line,
                UNBALANCED_MARKER,
                f"end marker for {name!r} while block {open_name!r} (line {begin.number}) is open",
            )
            continue
        open_region = None
        if name not in seen:
            seen.add(name)
            regions.append(
                Region(
                    name=name,
                    begin_line=begin.number,
                    end_line=line.number,
                    content_start=begin.start + len(begin.text) + len(begin.newline),
                    content_end=line.start,
                    newline=begin.newline or "\n",
                )
            )
    if open_region is not None:
        name, begin = open_region
        problem(begin, UNBALANCED_MARKER, f"generated block {name!r} has no end marker")
    problems.sort()
    return RegionScan(tuple(regions), tuple(problems), tuple(hidden))


def block_content(markdown: str, newline: str = "\n") -> str:
    """What goes between the marker lines: the markdown framed by blank lines.

    The blank lines keep Obsidian from gluing a table or heading to the marker paragraph.
    """
    body = markdown.strip("\n")
    framed = f"\n{body}\n\n" if body else "\n"
    return framed.replace("\n", newline) if newline != "\n" else framed


def render_block(name: str, markdown: str, newline: str = "\n") -> str:
    """A complete block, marker lines included, ending with a line break."""
    return (
        begin_marker(name) + newline + block_content(markdown, newline) + end_marker(name) + newline
    )


def _dominant_newline(text: str) -> str:
    match = re.search(r"\r\n|\n|\r", text)
    return match.group() if match else "\n"


def replace_regions(
    text: str, blocks: Mapping[str, str], path: str = ""
) -> tuple[str | None, tuple[Diagnostic, ...]]:
    """``text`` with each named block's content replaced by ``blocks[name]`` (markdown).

    Blocks the note does not have yet are appended at its end. Returns (None, problems) when
    the note's markers are broken, or when a block it lacks is inside a code block: the note
    must then be left alone.
    """
    scan = find_regions(text, path)
    if scan.problems:
        return None, scan.problems
    in_code = [
        Diagnostic(
            path,
            marker.line,
            1,
            MARKER_IN_CODE,
            Severity.ERROR,
            f"generated block {marker.name!r} is inside the code block that begins on line "
            f"{marker.fence_line}, so the note is not updated (move the block out of it)",
        )
        for marker in {marker.name: marker for marker in reversed(scan.hidden)}.values()
        if marker.name in blocks and scan.get(marker.name) is None
    ]
    if in_code:  # appending the block would hide a new copy of it at every run
        return None, tuple(in_code)
    pieces: list[str] = []
    position = 0
    for region in scan.regions:  # in file order, so slicing stays monotonic
        if region.name not in blocks:
            continue
        pieces.append(text[position : region.content_start])
        pieces.append(block_content(blocks[region.name], region.newline))
        position = region.content_end
    pieces.append(text[position:])
    result = "".join(pieces)
    missing = [name for name in blocks if scan.get(name) is None]
    if missing:
        newline = _dominant_newline(text)
        if result and not result.endswith(("\n", "\r")):
            result += newline
        for name in missing:
            result += (newline if result.strip() else "") + render_block(
                name, blocks[name], newline
            )
    return result, ()
