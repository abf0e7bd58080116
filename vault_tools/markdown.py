"""Links, tags, headings, block ids and sections from a note's body, read as Obsidian reads them.

The body is the text after the frontmatter. :func:`scan_body` runs on every note of the vault,
so it is a hand-written scanner rather than a markdown parse (markdown-it-py, even block-level
only, costs ~10x more): one pass over the lines follows CommonMark's block structure (block
quotes, list items, fenced and indented code, HTML blocks, ATX and setext headings) plus
Obsidian's ``%% comments %%`` and ``$math$``. Runs of plain text lines are taken in one regex
search; everything that is not read (code, comments, math, HTML blocks) is blanked to spaces of
the same length, newlines kept, so the regexes that then find links, tags and block ids report
true lines and columns. A hypothesis test checks its headings and code against markdown-it-py's
block tokens. :func:`sections` is for typed notes and takes its headings from markdown-it-py.

Obsidian's rules followed here (from its app bundle as plugins mirror it, and from its metadata
cache as read back by others):

* a heading link matches when both sides agree after ``stripHeading`` (the characters
  ``!"#$%&()*+,.:;<=>?@^`{|}~/[]\\`` and line breaks become spaces, whitespace folds to one
  space, trimmed) and lower-casing; ``#H1#H2`` finds H2 below H1;
* a tag runs from ``#`` up to the first whitespace, ASCII punctuation other than ``_ - /`` or
  character of the General/Supplemental Punctuation blocks, and is not all ASCII digits; a ``#``
  opens one only at the start of a line, after whitespace, right after another tag (``#a#b``)
  or right after markup (a link, a code span, emphasis with a partner, ``[``, a table cell's
  ``|``, a quote's ``>``) — never after other punctuation (``(#a``, ``x—#b``, ``a#b``).

Where the scanner is knowingly narrower than CommonMark: code spans and ``$math$`` end with
their line; a markdown link's text may run over lines of its paragraph but not its
destination; reference links (``[text][label]``) are not read. Where markdown-it-py and
CommonMark disagree on lazy continuation lines, markdown-it-py is followed (so ``sections()``
agrees); on block quote continuation (``>`` indented four or more), CommonMark is.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = [
    "BodyScan",
    "Heading",
    "Link",
    "Section",
    "Tag",
    "find_heading",
    "is_valid_tag",
    "links_in_text",
    "make_tag",
    "normalize_heading",
    "scan_body",
    "sections",
]


@dataclass(frozen=True, slots=True)
class Link:
    """One link as written in a note: ``[[Note#Heading|alias]]``, ``[text](Note.md)``, embeds."""

    target: str
    """The path part as written ("Note", "Folder/Note.md", "file.png"); "" for ``[[#Heading]]``.
    Markdown links are URL-decoded."""
    subpath: str
    """"" or "#Heading", "#H1#H2", "#^block-id" as written (URL-decoded for markdown links)."""
    alias: str | None
    """Display text: ``[[Note|alias]]``, ``[text](url)``; None when absent or empty."""
    embed: bool
    """``![[...]]`` or ``![](...)``."""
    kind: str
    """"wiki", "markdown" or "frontmatter"."""
    line: int
    """1-based file line."""
    column: int
    """1-based column of the first character (``!`` or ``[``)."""
    raw: str
    """The exact source text of the link."""

    def __reduce__(self) -> tuple[Callable[..., Link], tuple[object, ...]]:
        # Pickled (the parse cache) as its values, rebuilt without the frozen __init__.
        return _make_link, (
            self.target,
            self.subpath,
            self.alias,
            self.embed,
            self.kind,
            self.line,
            self.column,
            self.raw,
        )


@dataclass(frozen=True, slots=True)
class Tag:
    """An inline ``#tag``; ``name`` is without the ``#``, as written (``nested/tag``)."""

    name: str
    line: int
    column: int

    def __reduce__(self) -> tuple[Callable[..., Tag], tuple[object, ...]]:
        return make_tag, (self.name, self.line, self.column)


@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX (``## Title``) or setext (``Title`` over ``===``) heading."""

    level: int
    text: str
    """The heading's inline text, trimmed (closing ``#``s and comments removed)."""
    line: int
    """1-based file line where the heading starts."""

    def __reduce__(self) -> tuple[Callable[..., Heading], tuple[object, ...]]:
        return _make_heading, (self.level, self.text, self.line)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it up to the next heading of the same or higher level."""

    heading: Heading
    end_line: int
    """Last file line of the section."""
    text: str
    """Everything under the heading up to ``end_line``, sub-sections included, stripped."""
    own_text: str
    """The text before the first sub-heading, stripped."""

    def __reduce__(self) -> tuple[type[Section], tuple[object, ...]]:
        return Section, (self.heading, self.end_line, self.text, self.own_text)


@dataclass(frozen=True, slots=True)
class BodyScan:
    """What :func:`scan_body` reads from a note body."""

    links: tuple[Link, ...]
    tags: tuple[Tag, ...]
    headings: tuple[Heading, ...]
    block_ids: frozenset[str]

    def __reduce__(self) -> tuple[type[BodyScan], tuple[object, ...]]:
        return BodyScan, (self.links, self.tags, self.headings, self.block_ids)


# Many thousands of these are made per vault: built by setting their slots directly, which
# costs half of what the frozen __init__ does (it goes through object.__setattr__ per field).
_new = object.__new__
(
    _set_link_target,
    _set_link_subpath,
    _set_link_alias,
    _set_link_embed,
    _set_link_kind,
    _set_link_line,
    _set_link_column,
    _set_link_raw,
) = (vars(Link)[name].__set__ for name in Link.__slots__)
_set_tag_name, _set_tag_line, _set_tag_column = (vars(Tag)[name].__set__ for name in Tag.__slots__)
_set_heading_level, _set_heading_text, _set_heading_line = (
    vars(Heading)[name].__set__ for name in Heading.__slots__
)


def _make_link(
    target: str,
    subpath: str,
    alias: str | None,
    embed: bool,
    kind: str,
    line: int,
    column: int,
    raw: str,
) -> Link:
    link = _new(Link)
    _set_link_target(link, target)
    _set_link_subpath(link, subpath)
    _set_link_alias(link, alias)
    _set_link_embed(link, embed)
    _set_link_kind(link, kind)
    _set_link_line(link, line)
    _set_link_column(link, column)
    _set_link_raw(link, raw)
    return link


def make_tag(name: str, line: int, column: int) -> Tag:
    """``Tag(name, line, column)``, made at half the cost (frontmatter tags: one per value)."""
    tag = _new(Tag)
    _set_tag_name(tag, name)
    _set_tag_line(tag, line)
    _set_tag_column(tag, column)
    return tag


def _make_heading(level: int, text: str, line: int) -> Heading:
    heading = _new(Heading)
    _set_heading_level(heading, level)
    _set_heading_text(heading, text)
    _set_heading_line(heading, line)
    return heading


# --------------------------------------------------------------------------------------------
# Rules shared by the fast scanner and the public helpers

# What ends a tag: whitespace, ASCII punctuation except `_`, `-` and `/`, and the General and
# Supplemental Punctuation blocks (Obsidian's own tag pattern). Everything else — letters and
# digits of any script, emoji, symbols — continues it.
_TAG_STOP = "\\s\ufeff!-,.:-@\\[-\\^`{-~\u2000-\u206f\u2e00-\u2e7f"
_TAG_RE = re.compile("#([^" + _TAG_STOP + "]+)")
_TAG_NAME_RE = re.compile("[^" + _TAG_STOP + "]+")
_ALL_DIGITS_RE = re.compile("[0-9]+")

# Obsidian's `stripHeading`: these become spaces before headings are compared.
# (A translation table, then str.split: one C pass each, where two regex substitutions cost
# twice as much; str.split and the regex \s agree on what whitespace is.)
_HEADING_STRIP = str.maketrans(dict.fromkeys('!"#$%&()*+,.:;<=>?@^`{|}~/[]\\\r\n', " "))

# A wikilink cannot hold a bracket or a line break (`[[a [[b]]` links to `b`).
_WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
# A markdown link's `(destination "title")` after `](`: `<...>` or a run without spaces with
# balanced parentheses, then an optional title.
_LINK_TAIL_RE = re.compile(
    r"[ \t]*(?:<((?:[^<>\n\\]|\\.)*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))"
    r"(?:[ \t]+(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|\((?:[^()\\\n]|\\.)*\)))?[ \t]*\)"
)
# The common case of the same: a plain destination right up to the `)`.
_LINK_TAIL_FAST_RE = re.compile(r"((?!))?([^\s()<>\\]*)\)")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
# How deep block quotes and list items nest (bounds the work on hostile input).
_MAX_NESTING = 32
# How far back from `](` the `[` of the link text may be (bounds the work on hostile input).
_MAX_LINK_TEXT = 2000
_MAX_NESTED_LINK_TEXT = 500
# How far from a tag an emphasis delimiter's partner is looked for.
_MAX_PARTNER_DISTANCE = 2000

_BLOCK_ID_RE = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)
_COMMENT_RE = re.compile(r"%%.*?(?:%%|\Z)|<!--.*?-->", re.DOTALL)

# Block structure (all matched at the first non-blank character of a line's content).
_ATX_RE = re.compile(r"(#{1,6})(?:[ \t]|$)")
_ATX_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_FENCE_OPEN_RE = re.compile(r"`{3,}|~{3,}")
_FENCE_CLOSE_RE = {"`": re.compile(r"(`{3,})[ \t]*$"), "~": re.compile(r"(~{3,})[ \t]*$")}
_THEMATIC_RE = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_RE = re.compile(r"(=+|-+)[ \t]*$")
_LIST_MARKER_RE = re.compile(r"(?:[-+*]|([0-9]{1,9})[.)])(?=[ \t]|$)")
# CommonMark's HTML block tag names and open/close tag pattern as markdown-it-py has them (its
# tokens are what sections() reads), written out here so that scanning a body does not import
# markdown-it-py (a test holds them equal to the installed one's).
_HTML_BLOCK_NAMES = (  # an alternation, as the pattern below uses them
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|"
    "h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_ATTRIBUTE = (
    r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*"
    r"""(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
)
_HTML_OPEN_CLOSE_TAG = (
    r"(?:<[A-Za-z][A-Za-z0-9\-]*" + _ATTRIBUTE + r"*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>)"
)
_HTML_BLOCK_START = (
    re.compile(r"<(?a:script|pre|style|textarea)(?=\s|>|$)", re.IGNORECASE),
    re.compile(r"<!--"),
    re.compile(r"<\?"),
    re.compile(r"<![A-Za-z]"),
    re.compile(r"<!\[CDATA\["),
    re.compile(r"</?(?a:" + _HTML_BLOCK_NAMES + r")(?=\s|/?>|$)", re.IGNORECASE),
    re.compile(_HTML_OPEN_CLOSE_TAG + r"\s*$"),
)
_HTML_BLOCK_END = (
    re.compile(r"</(?a:script|pre|style|textarea)>", re.IGNORECASE),
    re.compile(r"-->"),
    re.compile(r"\?>"),
    re.compile(r">"),
    re.compile(r"\]\]>"),
)
# First characters of a line that may open something other than paragraph text.
_BLOCK_START_CHARS = frozenset(" \t\n>#`~=-*+_<0123456789")
# What may open or end a block at the start of a line — indentation, a quote, a fence, a list
# marker, a thematic break, a setext underline, HTML — besides `#` lines and empty lines.
# A line starting otherwise (`**Bold**`, `2025 was`, `|table|`, `[[Link]]`) is plain text.
_STRUCTURAL = (
    r"[ \t>]|`{3}|~{3}|[-+*](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)"
    r"|(?P<mark>[-*_])(?:[ \t]*(?P=mark)){2,}[ \t]*$|=+[ \t]*$|-+[ \t]*$|<[!?/A-Za-z]"
)
_STRUCTURAL_LINE_RE = re.compile(_STRUCTURAL, re.MULTILINE)
# The end of a run of plain text lines: a structural line, an empty line, a `#` line.
_NEXT_BLOCKISH_RE = re.compile(r"\n(?=[#\n]|\Z|" + _STRUCTURAL + ")", re.MULTILINE)
# The same where empty lines and lines starting with `#` also belong to the run.
_NEXT_STRUCTURAL_RE = re.compile(r"\n(?=" + _STRUCTURAL + ")", re.MULTILINE)
_MARKER_CHARS = frozenset("-+*0123456789")
_LIST_START_CHARS = frozenset(" \t-+*0123456789")
# A list item marker followed by plain text (its content column is where the match ends).
_SIMPLE_ITEM_RE = re.compile(
    r"(?:[-+*]|([0-9]{1,9})[.)]) {1,4}"
    r"(?![ \t#><]|`{3}|~{3}|[-+*](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)"
    r"|([-*_])(?:[ \t]*\2){2,}[ \t]*$)"
    r"(?=.)"
)
# A closing fence line, matched from the newline before it (a literal first character keeps
# the search fast over long code blocks).
_FENCE_CLOSE_LINE_RE = {
    "`": re.compile(r"\n {0,3}(`{3,})[ \t]*$", re.MULTILINE),
    "~": re.compile(r"\n {0,3}(~{3,})[ \t]*$", re.MULTILINE),
}
# Openers of the inline constructs that hide text: code spans, comments, math.
_INLINE_TOKENS = ("`", "%%", "<!--", "$")
_TOKEN_RE = {token: re.compile(re.escape(token)) for token in _INLINE_TOKENS}
# An ATX heading on a line after the first of a run (the match starts at the newline).
_ATX_IN_RUN_RE = re.compile(r"\n(#{1,6})(?:[ \t]([^\n]*)|(?=\n)|$)")
_LINK_TAIL_START_RE = re.compile(r"\]\(")
# Where a paragraph may end: an inline comment or math span does not run past these. (Any
# indentation, as a list item's content is indented; for the rare indented `<` or `#` line that
# only continues a paragraph this errs towards reading the text.)
_PARAGRAPH_END_RE = re.compile(
    r"\n[ \t]*(?:\n|$)|\n[ \t]*(?:#{1,6}(?:[ \t]|$)|`{3}|~{3}|<[!?/A-Za-z]|>"
    r"|(?:[-+*]|1[.)])[ \t]+\S|([-*_])(?:[ \t]*\1){2,}[ \t]*$|(?:=+|-+)[ \t]*$)",
    re.MULTILINE,
)

# Leaf block states of the line scanner.
_NONE, _PARA, _FENCE, _CODE, _HTML = 0, 1, 2, 3, 4
_QUOTE = -1  # container marker; a list item is its content column (>= 1)


def _backtick_closer(text: str, start: int, end: int, length: int) -> int:
    """End of the first run of exactly ``length`` backticks in ``[start, end)``, or -1."""
    at = text.find("`", start, end)
    while at >= 0:
        run_end = at + 1
        while run_end < end and text[run_end] == "`":
            run_end += 1
        if run_end - at == length:
            return run_end
        at = text.find("`", run_end, end)
    return -1


def _blank(segment: str) -> str:
    """Spaces of the same length, newlines kept."""
    if "\n" not in segment:
        return " " * len(segment)
    return "\n".join(map(" ".__mul__, map(len, segment.split("\n"))))


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` is preceded by an odd number of backslashes."""
    count = 0
    index -= 1
    while index >= 0 and text[index] == "\\":
        count += 1
        index -= 1
    return count % 2 == 1


def _setext_text(content: str) -> str:
    """A setext heading's text from its paragraph lines: comments removed, lines trimmed."""
    content = _strip_comments(content)
    if "\n" not in content:
        return content
    return "\n".join(part for part in (line.strip() for line in content.split("\n")) if part)


def _inside(spans: list[tuple[int, int]], first: int, offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans[first:]``."""
    return any(start <= offset < end for start, end in spans[first:])


def _atx_text(text: str, start: int, end: int) -> str:
    """An ATX heading's text: trimmed, closing ``#``s and comments removed."""
    content = text[start:end].strip()
    if content.endswith("#"):
        content = _ATX_CLOSE_RE.sub("", content)
    if "%%" in content or "<!--" in content:
        content = _COMMENT_RE.sub("", content).strip()
    return content


def _strip_comments(text: str) -> str:
    if "%%" in text or "<!--" in text:
        text = _COMMENT_RE.sub("", text)
    return text.strip()


# --------------------------------------------------------------------------------------------
# The block scanner


class _Blocks:
    """The result of one pass over the body's lines."""

    __slots__ = ("code_lines", "headings", "hidden", "masks", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Ranges that are read for nothing: code, comments, math, HTML blocks. In order.
        self.masks: list[tuple[int, int]] = []
        # Comment and math ranges only (markdown-it-py does not know them).
        self.hidden: list[tuple[int, int]] = []
        # (level, line index, text)
        self.headings: list[tuple[int, int, str]] = []
        # (first, last) line indexes of code blocks and HTML blocks.
        self.code_lines: list[tuple[int, int]] = []

    def masked_text(self) -> str:
        if not self.masks:
            return self.text
        text = self.text
        pieces: list[str] = []
        done = 0
        for start, end in self.masks:
            if end <= done:
                continue
            start = max(start, done)
            pieces.append(text[done:start])
            pieces.append(_blank(text[start:end]))
            done = end
        pieces.append(text[done:])
        return "".join(pieces)


def _normalize_newlines(body: str) -> str:
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in body:
        body = body.replace("\0", "\ufffd")
    return body


def _indent(text: str, p: int, col: int, end: int) -> tuple[int, int]:
    """First non-blank position at or after ``p`` (whose column is ``col``), and its column."""
    while p < end:
        ch = text[p]
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
        p += 1
    return p, col


def _advance(text: str, p: int, col: int, target: int) -> tuple[int, int]:
    """Consume blanks from ``p`` (column ``col``) until the column reaches ``target``."""
    while col < target:
        col = col + 1 if text[p] == " " else col + 4 - col % 4
        p += 1
    return p, col


def _html_block_kind(text: str, q: int, end: int) -> int:
    """CommonMark's HTML block type (1-7) starting at ``q``, or 0."""
    for kind, pattern in enumerate(_HTML_BLOCK_START, 1):
        if pattern.match(text, q, end):
            return kind
    return 0


def _opens_block(text: str, q: int, end: int) -> bool:
    """Whether the line content at ``q`` (indented less than 4) opens a block that ends an
    open paragraph it does not belong to."""
    ch = text[q]
    if ch == ">":
        return True
    if ch == "#":
        return _ATX_RE.match(text, q, end) is not None
    if ch in "`~":
        return _fence_open(text, q, end) > 0
    if ch in "-*_" and _THEMATIC_RE.match(text, q, end):
        return True
    if ch in "-+*" or "0" <= ch <= "9":
        return _LIST_MARKER_RE.match(text, q, end) is not None
    if ch == "<":
        kind = _html_block_kind(text, q, end)
        return 0 < kind < 7
    return False


def _is_lazy(
    text: str,
    q: int,
    qcol: int,
    vcol: int,
    end: int,
    containers: list[int],
    bases: list[int],
    matched: int,
) -> bool:
    """Whether a line that does not continue every container continues the open paragraph.

    As markdown-it-py decides it: the first block quote not continued takes the line unless it
    opens a block at the quote's own indentation; failing that, a paragraph in a list item
    goes on unless the line opens a block, however far it is indented (short of the item).
    """
    for index in range(matched, len(containers)):
        if containers[index] == _QUOTE:
            base = vcol if index == matched else containers[index - 1]
            return qcol - base >= 4 or not _opens_block(text, q, end)
    if not _opens_block(text, q, end):
        return True
    ch = text[q]
    if (ch in "-+*" or "0" <= ch <= "9") and qcol - bases[-1] >= 4 and qcol < containers[-1]:
        # markdown-it-py: a marker this far right of its list's own column is no new item.
        return not (ch in "-*" and _THEMATIC_RE.match(text, q, end))
    return False


def _fence_open(text: str, q: int, end: int) -> int:
    """Length of the fence opening at ``q``, or 0."""
    match = _FENCE_OPEN_RE.match(text, q, end)
    if match is None:
        return 0
    if text[q] == "`" and "`" in text[match.end() : end]:
        return 0
    return match.end() - q


class _Inline:
    """Finds code spans, comments and math in inline content."""

    __slots__ = (
        "blocks",
        "earliest",
        "next_at",
        "no_comment_close",
        "no_math_close",
        "text",
        "tokens",
    )
    tokens: list[str]

    def __init__(self, blocks: _Blocks) -> None:
        self.blocks = blocks
        self.text = text = blocks.text
        self.no_comment_close = len(text) + 1
        self.no_math_close = len(text) + 1
        # Where the next "`", "%%", "<!--" and "$" are (-1: not looked for yet). `str.find`
        # per token beats one regex alternation by far; tokens absent from the text are
        # never looked for.
        tokens: list[str] = []
        if "`" in text:
            tokens.append("`")
        if "%" in text:
            tokens.append("%%")
        if "<" in text:
            tokens.append("<!--")
        if "$" in text:
            tokens.append("$")
        self.tokens = tokens
        self.next_at = [-1] * len(tokens)
        # The next opener, valid while not behind the reading position.
        self.earliest = -1 if tokens else len(text) + 1

    def _next_opener(self, pos: int) -> int:
        text = self.text
        next_at = self.next_at
        best = len(text) + 1
        for index, token in enumerate(self.tokens):
            at = next_at[index]
            if at < pos:
                if len(token) == 1:
                    at = text.find(token, pos)
                else:
                    # For a needle of several characters a regex search is the fast one.
                    found = _TOKEN_RE[token].search(text, pos)
                    at = -1 if found is None else found.start()
                if at < 0:
                    at = len(text) + 1
                next_at[index] = at
            if at < best:
                best = at
        self.earliest = best
        return best

    def scan(self, start: int, end: int, block_start: int) -> int:
        """Mask what hides text in ``[start, end)`` (whole lines, or the rest of one); return
        where reading resumes: ``end``, or beyond it when a comment or math span runs on.

        ``block_start`` is where the line's content starts (a ``$$`` there opens display
        math); -1 when every line of the range starts its content at its first character,
        -2 when no ``$$`` in the range opens display math.
        """
        i = self.earliest
        if i < start:
            i = self._next_opener(start)
        if i >= end:
            return end
        text = self.text
        masks = self.blocks.masks
        hidden = self.blocks.hidden
        dollar_line = -1
        dollar_closers: list[int] = []
        while i < end:
            ch = text[i]
            if ch == "`":
                # Code spans stay on their line.
                run_end = i + 1
                while run_end < end and text[run_end] == "`":
                    run_end += 1
                pos = run_end
                if i and text[i - 1] == "\\" and _escaped(text, i):
                    if run_end - i > 1:
                        pos = i + 1  # the rest of the run may open a span
                else:
                    line_end = text.find("\n", i, end)
                    if line_end < 0:
                        line_end = end
                    if run_end - i == 1:
                        # The common `code`: the next lone backtick closes it.
                        closer = text.find("`", run_end, line_end)
                        if closer >= 0:
                            if closer + 1 < line_end and text[closer + 1] == "`":
                                closer = _backtick_closer(text, closer, line_end, 1)
                            else:
                                closer += 1
                    else:
                        closer = _backtick_closer(text, run_end, line_end, run_end - i)
                    if closer > 0:
                        masks.append((i, closer))
                        pos = closer
            elif ch == "%":
                close = text.find("%%", i + 2)
                pos = len(text) if close < 0 else close + 2
                masks.append((i, pos))
                hidden.append((i, pos))
                if pos > end:
                    return pos
            elif ch == "<":
                pos = i + 4
                close = -1 if i > self.no_comment_close else text.find("-->", pos)
                if close < 0:
                    self.no_comment_close = min(self.no_comment_close, i)
                elif not _PARAGRAPH_END_RE.search(text, i, close):
                    pos = close + 3
                    masks.append((i, pos))
                    hidden.append((i, pos))
                    if pos > end:
                        return pos
            elif text.startswith("$$", i):
                pos = i + 2
                close = -1 if i > self.no_math_close else text.find("$$", pos)
                if close < 0:
                    self.no_math_close = min(self.no_math_close, i)
                elif not _escaped(text, i):
                    # `$$` opening a line is display math and may hold blank lines; inside
                    # a paragraph it ends with the paragraph.
                    display = i == block_start or (
                        block_start == -1 and (i == 0 or text[i - 1] == "\n")
                    )
                    if display or not _PARAGRAPH_END_RE.search(text, i, close):
                        pos = close + 2
                        masks.append((i, pos))
                        hidden.append((i, pos))
                        if pos > end:
                            return pos
            else:
                # Inline `$math$` stays on its line: the opener is not followed by a blank,
                # the closer is not preceded by one nor followed by a digit (`$5 or $10`).
                pos = i + 1
                if not _escaped(text, i) and i + 1 < end and text[i + 1] not in " \t\n":
                    line_end = text.find("\n", i, end)
                    if line_end < 0:
                        line_end = end
                    if line_end != dollar_line:
                        dollar_line = line_end
                        dollar_closers = _dollar_closers(text, i + 1, line_end)
                    k = bisect_right(dollar_closers, i + 1)
                    if k < len(dollar_closers):
                        pos = dollar_closers[k] + 1
                        masks.append((i, pos))
                        hidden.append((i, pos))
            i = self._next_opener(pos)
        return end


def _dollar_closers(text: str, start: int, end: int) -> list[int]:
    closers: list[int] = []
    j = text.find("$", start, end)
    while j >= 0:
        if (
            text[j - 1] not in " \t"
            and not _escaped(text, j)
            and not (j + 1 < end and "0" <= text[j + 1] <= "9")
        ):
            closers.append(j)
        j = text.find("$", j + 1, end)
    return closers


def _scan_blocks(text: str) -> _Blocks:
    """One pass over the lines of ``text`` (LF line endings) following CommonMark's block
    structure closely enough to know headings and what is code.

    Runs of plain text lines are skipped in one regex search, top-level list items and
    top-level fences have fast paths; every other line goes through container matching.
    """
    blocks = _Blocks(text)
    masks = blocks.masks
    headings = blocks.headings
    code_lines = blocks.code_lines
    inline = _Inline(blocks)
    inline_scan = inline.scan
    next_blockish = _NEXT_BLOCKISH_RE.search
    next_structural = _NEXT_STRUCTURAL_RE.search

    containers: list[int] = []  # _QUOTE, or a list item's content column
    empty_item: list[bool] = []  # list item opened with no content yet
    bases: list[int] = []  # the column each container was opened at
    leaf = _NONE
    fence_char = ""
    fence_len = 0
    html_kind = 0
    para_first = 0  # content start of the open paragraph
    para_line = 0  # and its line index
    run_start = run_break = run_line = -1  # a text run that may move `para_first`
    resume = 0  # text consumed by a comment or math span running over lines

    length = len(text)
    pos = 0
    line_index = 0
    while pos <= length:
        # Inside a comment or math span that started on an earlier line.
        if resume > pos:
            if resume >= length:
                break
            line_start = text.rfind("\n", 0, resume) + 1
            if line_start > pos:
                line_index += text.count("\n", pos, line_start)
            end = text.find("\n", resume)
            if end < 0:
                end = length
            if text[resume:end].strip():
                if leaf != _PARA:
                    leaf = _PARA
                    para_first = resume
                    para_line = line_index
                    run_start = -1
                if inline.earliest < end:
                    resume = inline_scan(resume, end, -2)
            pos = end + 1
            line_index += 1
            continue

        start = pos
        end = text.find("\n", pos)
        if end < 0:
            end = length
        first = text[start] if start < end else "\n"

        # Runs of plain text lines (paragraph text, or lazy continuation lines) are handled in
        # bulk; outside containers so are empty lines and lines starting with `#`.
        if leaf > _PARA:
            bulk = False
        elif first not in _BLOCK_START_CHARS:
            bulk = True
        elif first == "\n" or first == "#":
            bulk = not containers
        elif first == " " or first == "\t":
            bulk = False
        else:
            bulk = _STRUCTURAL_LINE_RE.match(text, start, end) is None
        if bulk:
            if leaf != _PARA:
                if containers:
                    containers.clear()
                    empty_item.clear()
                    bases.clear()
                para_first = start
                para_line = line_index
                run_start = -1
            leaf = _PARA
            found = next_blockish(text, end) if containers else next_structural(text, end)
            region_end = length if found is None else found.start()
            hidden_before = len(blocks.hidden)
            if inline.earliest < region_end:
                resume = inline_scan(start, region_end, -1)
            if not containers:
                # Headings, and where the paragraph open at the end of the run starts.
                # `last_break`: the end of the last empty line or heading of the run.
                last_break = end if first == "\n" else -1
                if first == "#":
                    atx = _ATX_RE.match(text, start, end)
                    if atx is not None:
                        headings.append(
                            (len(atx.group(1)), line_index, _atx_text(text, atx.end(1), end))
                        )
                        last_break = end
                line_at, line_of = start, line_index
                hidden_grew = len(blocks.hidden) > hidden_before
                for atx in _ATX_IN_RUN_RE.finditer(text, end, region_end):
                    at = atx.start(1)
                    if hidden_grew and _inside(blocks.hidden, hidden_before, at):
                        continue
                    line_of += text.count("\n", line_at, at)
                    line_at = at
                    line_end = atx.end()
                    content = atx.group(2)
                    if content:
                        content = content.strip()
                        if content.endswith("#") or "%%" in content or "<!--" in content:
                            content = _atx_text(text, atx.end(1), line_end)
                    headings.append((len(atx.group(1)), line_of, content or ""))
                    last_break = line_end
                if region_end == start or text[region_end - 1] == "\n" or last_break == region_end:
                    leaf = _NONE  # the run ends with an empty line or a heading
                else:
                    # Where the paragraph open at the end of the run starts matters only to a
                    # setext underline (rare): worked out then, from these.
                    run_start, run_break, run_line = start, last_break, line_index
            line_index += text.count("\n", start, region_end) + 1
            pos = region_end + 1
            continue

        current = line_index
        line_index += 1
        pos = end + 1

        # Fast path: a blank line where every container is a list item.
        if (
            (start == end or (first in " \t" and not text[start:end].strip(" \t")))
            and leaf <= _PARA
            and _QUOTE not in containers
        ):
            leaf = _NONE
            if containers and empty_item[-1]:
                # A list item can begin with at most one blank line.
                containers.pop()
                empty_item.pop()
                bases.pop()
            continue

        # Fast path: an ATX heading at the start of a line ends every container.
        if first == "#" and leaf <= _PARA:
            atx = _ATX_RE.match(text, start, end)
            if atx is not None:
                if containers:
                    containers.clear()
                    empty_item.clear()
                    bases.clear()
                leaf = _NONE
                content_start = atx.end(1)
                if inline.earliest < end:
                    resume = inline_scan(content_start, end, -2)
                headings.append((len(atx.group(1)), current, _atx_text(text, content_start, end)))
                continue

        # Fast path: a list item (at any depth of a list) with plain text after its marker.
        if leaf <= _PARA and (first in _LIST_START_CHARS) and _QUOTE not in containers:
            if first == " " or first == "\t":
                q, qcol = _indent(text, start, 0, end)
            else:
                q, qcol = start, 0
            item = _SIMPLE_ITEM_RE.match(text, q, end) if text[q] in _MARKER_CHARS else None
            if item is not None:
                matched = 0
                for width in containers:
                    if width > qcol:
                        break
                    matched += 1
                if qcol - (containers[matched - 1] if matched else 0) >= 4:
                    item = None  # indented code, or paragraph text
                elif matched < len(containers):
                    if leaf == _PARA and qcol - bases[-1] >= 4 and qcol < containers[-1]:
                        item = None  # markdown-it-py: lazy paragraph text
                elif leaf == _PARA and item.group(1) not in (None, "1"):
                    item = None  # an ordered list not starting at 1 cannot interrupt
            if item is not None:
                content = item.end()
                del containers[matched:]
                del empty_item[matched:]
                del bases[matched:]
                if matched:
                    empty_item[-1] = False
                bases.append(containers[-1] if matched else 0)
                containers.append(qcol + content - q)
                empty_item.append(False)
                leaf = _PARA
                para_first = content
                para_line = current
                run_start = -1
                if inline.earliest < end:
                    resume = inline_scan(content, end, content)
                continue

        # 1. Which open containers does this line continue?
        p, pcol, vcol = start, 0, 0  # text position, its column, the consumed column
        if first == " " or first == "\t":
            q, qcol = _indent(text, start, 0, end)
        else:
            q, qcol = start, 0
        blank = q >= end
        matched = 0
        for width in containers:
            if width == _QUOTE:
                if blank or qcol - vcol > 3 or text[q] != ">":
                    break
                p, pcol = q + 1, qcol + 1
                vcol = pcol
                if p < end and text[p] in " \t":
                    vcol += 1
                    pcol = pcol + 1 if text[p] == " " else pcol + 4 - pcol % 4
                    p += 1
                q, qcol = _indent(text, p, pcol, end)
                blank = q >= end
            elif blank:
                pass
            elif qcol >= width:
                if pcol < width:
                    p, pcol = _advance(text, p, pcol, width)
                vcol = width
            else:
                break
            matched += 1
        all_matched = matched == len(containers)
        indent = qcol - vcol

        # 2. Leaves that swallow lines.
        if leaf >= _FENCE:
            if leaf == _FENCE:
                if all_matched:
                    if indent <= 3 and not blank and text[q] == fence_char:
                        close = _FENCE_CLOSE_RE[fence_char].match(text, q, end)
                        if close is not None and len(close.group(1)) >= fence_len:
                            leaf = _NONE
                    masks.append((start, end))
                    code_lines.append((current, current))
                    continue
                leaf = _NONE
            elif leaf == _CODE:
                if all_matched and (blank or indent >= 4):
                    masks.append((start, end))
                    code_lines.append((current, current))
                    continue
                leaf = _NONE
            else:
                if all_matched:
                    if html_kind >= 6:
                        if blank:
                            leaf = _NONE
                            continue
                    elif _HTML_BLOCK_END[html_kind - 1].search(text, start, end):
                        leaf = _NONE
                    masks.append((start, end))
                    code_lines.append((current, current))
                    continue
                if html_kind < 6 and blank:
                    masks.append((start, end))
                    continue
                leaf = _NONE

        # 3. A line that does not continue every container: lazy paragraph text, or the end
        # of those containers.
        if not all_matched:
            if (
                leaf == _PARA
                and not blank
                and _is_lazy(text, q, qcol, vcol, end, containers, bases, matched)
            ):
                if inline.earliest < end:
                    resume = inline_scan(q, end, -2)
                continue
            del containers[matched:]
            del empty_item[matched:]
            del bases[matched:]
            leaf = _NONE

        if blank:
            leaf = _NONE
            if containers and empty_item[-1]:
                # A list item can begin with at most one blank line.
                containers.pop()
                empty_item.pop()
                bases.pop()
            continue

        # 4. New containers: block quotes and list items (nested deeper than any note needs,
        # the rest of the line is text: this bounds the work on hostile input).
        while indent < 4 and len(containers) < _MAX_NESTING:
            ch = text[q]
            if ch == ">":
                p, pcol = q + 1, qcol + 1
                if empty_item:
                    empty_item[-1] = False
                bases.append(vcol)
                vcol = pcol
                if p < end and text[p] in " \t":
                    vcol += 1
                    pcol = pcol + 1 if text[p] == " " else pcol + 4 - pcol % 4
                    p += 1
                q, qcol = _indent(text, p, pcol, end)
                containers.append(_QUOTE)
                empty_item.append(False)
                leaf = _NONE
                blank = q >= end
                indent = qcol - vcol
                if blank:
                    break
                continue
            if ch not in "-+*" and not "0" <= ch <= "9":
                break
            if ch != "+" and ch in "-*" and _THEMATIC_RE.match(text, q, end):
                break
            marker = _LIST_MARKER_RE.match(text, q, end)
            if marker is None:
                break
            marker_end = marker.end()
            marker_col = qcol + marker_end - q
            r, rcol = _indent(text, marker_end, marker_col, end)
            empty = r >= end
            number = marker.group(1)
            if leaf == _PARA and (empty or (number is not None and int(number) != 1)):
                break  # cannot interrupt a paragraph
            if empty_item:
                empty_item[-1] = False
            bases.append(vcol)
            if empty:
                width = marker_col + 1
                q, qcol = end, marker_col
                vcol = marker_col
            elif rcol - marker_col >= 5:
                # The content is indented code: the item's content starts one column in.
                width = marker_col + 1
                p, pcol, vcol = marker_end, marker_col, marker_col + 1
                if text[p] == " ":
                    p, pcol = p + 1, pcol + 1
                else:
                    pcol = pcol + 4 - pcol % 4
                    p += 1
                q, qcol = r, rcol
            else:
                width = rcol
                p, pcol, vcol = r, rcol, rcol
                q, qcol = r, rcol
            containers.append(width)
            empty_item.append(empty)
            leaf = _NONE
            blank = empty
            indent = qcol - vcol
            if blank:
                break

        if blank:
            leaf = _NONE
            continue
        if empty_item:
            empty_item[-1] = False

        # 5. The leaf block this line starts or continues.
        if indent >= 4:
            if leaf == _PARA:
                if inline.earliest < end:
                    resume = inline_scan(q, end, -2)
            else:
                leaf = _CODE
                masks.append((start, end))
                code_lines.append((current, current))
            continue
        ch = text[q]
        if ch == "#":
            atx = _ATX_RE.match(text, q, end)
            if atx is not None:
                leaf = _NONE
                content_start = atx.end(1)
                if inline.earliest < end:
                    resume = inline_scan(content_start, end, -2)
                headings.append((len(atx.group(1)), current, _atx_text(text, content_start, end)))
                continue
        elif ch in "`~":
            length_open = _fence_open(text, q, end)
            if length_open:
                leaf = _NONE
                if not containers:
                    # The whole fence at once: up to its closing line, or the end.
                    closer_re = _FENCE_CLOSE_LINE_RE[ch]
                    closer = closer_re.search(text, end)
                    while closer is not None and len(closer.group(1)) < length_open:
                        closer = closer_re.search(text, closer.end())
                    stop = length if closer is None else closer.end()
                    masks.append((start, stop))
                    last = current + text.count("\n", start, stop)
                    code_lines.append((current, last))
                    line_index = last + 1
                    pos = stop + 1
                    continue
                leaf = _FENCE
                fence_char = ch
                fence_len = length_open
                masks.append((start, end))
                code_lines.append((current, current))
                continue
        elif ch == "<":
            kind = _html_block_kind(text, q, end)
            if kind and (kind < 7 or leaf != _PARA):
                masks.append((start, end))
                code_lines.append((current, current))
                if kind < 6 and _HTML_BLOCK_END[kind - 1].search(text, q, end):
                    leaf = _NONE
                else:
                    leaf = _HTML
                    html_kind = kind
                continue
        if ch in "=-" and leaf == _PARA and _SETEXT_RE.match(text, q, end):
            if run_start >= 0:
                # The paragraph began after the run's last empty line or heading, if any.
                empty_line = text.rfind("\n\n", max(run_start - 1, 0), start - 1)
                run_break = max(run_break, empty_line + 1 if empty_line >= 0 else -1)
                if run_break >= 0:
                    para_first = run_break + 1
                    para_line = run_line + text.count("\n", run_start, para_first)
            heading_text = _setext_text(text[para_first : start - 1])
            leaf = _NONE
            if heading_text:
                headings.append((1 if ch == "=" else 2, para_line, heading_text))
                continue
            # Only a comment above: no heading (and `---` is a thematic break).
        if ch in "-*_" and _THEMATIC_RE.match(text, q, end):
            leaf = _NONE
            continue
        if leaf != _PARA:
            leaf = _PARA
            para_first = q
            para_line = current
            run_start = -1
        if inline.earliest < end:
            resume = inline_scan(q, end, q)
    return blocks


# --------------------------------------------------------------------------------------------
# Links


def _wikilink_parts(inner: str) -> tuple[str, str, str | None] | None:
    """(target, subpath, alias) of the text between ``[[`` and ``]]``, or None."""
    bar = inner.find("|")
    if bar >= 0:
        # In a table the pipe is written `\|`; the backslash belongs to neither side.
        path_part = inner[: bar - 1] if bar and inner[bar - 1] == "\\" else inner[:bar]
        alias: str | None = inner[bar + 1 :].strip() or None
    else:
        path_part = inner
        alias = None
    hash_at = path_part.find("#")
    if hash_at >= 0:
        target = path_part[:hash_at].strip()
        heading = path_part[hash_at:].strip()
        subpath = heading if heading.strip("# \t") else ""
    else:
        target = path_part.strip()
        subpath = ""
    if not target and not subpath:
        return None
    return target, subpath, alias


def _find_link_text_start(text: str, close: int) -> int:
    """Index of the ``[`` that the ``]`` at ``close`` closes, in the same paragraph, or -1."""
    low = max(0, close - _MAX_LINK_TEXT)
    opening = text.rfind("[", low, close)
    if opening < 0:
        return -1
    paragraph_break = text.rfind("\n\n", opening, close)
    if paragraph_break >= 0:
        low = paragraph_break + 2
        opening = text.rfind("[", low, close)
        if opening < 0:
            return -1
    if "]" not in text[opening + 1 : close]:
        return -1 if _escaped(text, opening) else opening
    # Brackets inside the text: walk back keeping count (not far: this is rare).
    depth = 0
    index = close - 1
    low = max(low, close - _MAX_NESTED_LINK_TEXT)
    while index >= low:
        ch = text[index]
        if ch == "\n" and text[index - 1] == "\n":
            return -1  # the paragraph ends here
        if ch == "]" and not _escaped(text, index):
            depth += 1
        elif ch == "[" and not _escaped(text, index):
            if depth == 0:
                return index
            depth -= 1
        index -= 1
    return -1


def _find_link_tail(text: str, start: int) -> int:
    """Position of the next ``](`` at or after ``start``, or -1."""
    found = _LINK_TAIL_START_RE.search(text, start)
    return -1 if found is None else found.start()


def _decode(part: str) -> str:
    if "\\" in part:
        part = _ESCAPE_RE.sub(r"\1", part)
    if "%" in part:
        part = part.replace("%20", " ")  # by far the most common escape, and cheap
        if "%" in part:
            part = unquote(part)
    return part


def _find_links(
    text: str,
    source: str,
    first_line: int,
    kind_wiki: str,
    kind_markdown: str,
    column_offset: int = 0,
    spans: list[tuple[int, int]] | None = None,
) -> list[tuple[int, Link]]:
    """Wikilinks and markdown links found in ``text`` (``source`` with code and comments
    blanked), with their offsets. ``raw`` and a markdown link's text come from ``source``.

    ``spans`` collects the ranges in which a ``#`` opens no tag: whole wikilinks and images,
    and the ``](destination)`` of links.
    """
    found: list[tuple[int, Link]] = []
    wiki_spans: list[tuple[int, int]] = []
    # Lines are counted as we go: `line` is the 0-based line of `line_at`, which starts at
    # `line_start` (no search back to the start of a long line for every link).
    line_at = 0
    line = 0
    line_start = 0

    if "[" in text:
        for match in _WIKILINK_RE.finditer(text):
            start, stop = match.span()
            wiki_spans.append((start, stop))
            inner = match.group(1)
            if "|" in inner or "#" in inner:
                parts = _wikilink_parts(inner)
                if parts is None:
                    continue
                target, subpath, alias = parts
            else:
                target = inner.strip()
                if not target:
                    continue
                subpath = ""
                alias = None
            embed = start > 0 and text[start - 1] == "!"
            if embed:
                start -= 1
            newline = text.rfind("\n", line_at, start)
            if newline >= 0:
                line += text.count("\n", line_at, newline + 1)
                line_start = newline + 1
            line_at = start
            column = start - line_start + 1
            link = _make_link(
                target,
                subpath,
                alias,
                embed,
                kind_wiki,
                first_line + line,
                column + column_offset if line == 0 else column,
                source[start:stop],
            )
            found.append((start, link))
        if spans is not None:
            spans.extend(wiki_spans)

    line_at = 0
    line = 0
    line_start = 0
    close = _find_link_tail(text, 0)
    if close >= 0:
        wiki_starts = [span[0] for span in wiki_spans]
        while close >= 0:
            next_from = close + 2
            if wiki_spans:
                k = bisect_right(wiki_starts, close) - 1
                if k >= 0 and wiki_spans[k][1] > close:
                    close = _find_link_tail(text, wiki_spans[k][1])
                    continue
            if _escaped(text, close):
                close = _find_link_tail(text, next_from)
                continue
            if _SCHEME_RE.match(text, next_from):
                # A web link, not ours: only its destination matters (a `#` there is no tag).
                tail = _LINK_TAIL_FAST_RE.match(text, next_from)
                if tail is not None:
                    if spans is not None:
                        spans.append((close, tail.end()))
                    close = _find_link_tail(text, tail.end())
                    continue
            opening = _find_link_text_start(text, close)
            tail = None
            if opening >= 0:
                tail = _LINK_TAIL_FAST_RE.match(text, close + 2) or _LINK_TAIL_RE.match(
                    text, close + 2
                )
            if tail is None:
                close = _find_link_tail(text, next_from)
                continue
            embed = opening > 0 and text[opening - 1] == "!"
            start = opening - 1 if embed else opening
            if spans is not None:
                spans.append((start, tail.end()) if embed else (close, tail.end()))
            destination = tail.group(1) if tail.group(1) is not None else tail.group(2)
            if destination and not _SCHEME_RE.match(destination):
                if destination.startswith("//"):
                    close = _find_link_tail(text, next_from)
                    continue
                hash_at = destination.find("#")
                if hash_at >= 0:
                    target = _decode(destination[:hash_at]).strip()
                    heading = _decode(destination[hash_at:]).strip()
                    subpath = heading if heading.strip("# \t") else ""
                else:
                    target = _decode(destination).strip()
                    subpath = ""
                if target or subpath:
                    if start >= line_at:
                        newline = text.rfind("\n", line_at, start)
                        if newline >= 0:
                            line += text.count("\n", line_at, newline + 1)
                            line_start = newline + 1
                    elif start < line_start:
                        # A link around an image found first, and starting a line earlier.
                        line -= text.count("\n", start, line_start)
                        line_start = text.rfind("\n", 0, start) + 1
                    line_at = start
                    column = start - line_start + 1
                    link = _make_link(
                        target,
                        subpath,
                        source[opening + 1 : close].strip() or None,
                        embed,
                        kind_markdown,
                        first_line + line,
                        column + column_offset if line == 0 else column,
                        source[start : tail.end()],
                    )
                    found.append((start, link))
            # Links do not nest, but images in link text do: go on right after this `](`.
            close = _find_link_tail(text, next_from)
    return found


def links_in_text(text: str, line: int, column: int, kind: str = "frontmatter") -> tuple[Link, ...]:
    """Wikilinks and markdown links inside a string such as a frontmatter value (``"[[X|y]]"``).

    ``line``/``column`` are the file position of ``text[0]``; a link on a later line of a
    multi-line value gets its column within that line. Nothing is masked: a property value has
    no code or comments.
    """
    try:
        text = _normalize_newlines(text)
        found = _find_links(text, text, line, kind, kind, column - 1)
    except Exception:  # pragma: no cover - the scanner is total; this guards the contract
        return ()
    found.sort(key=lambda item: item[0])
    return tuple(link for _, link in found)


# --------------------------------------------------------------------------------------------
# Tags and block ids


@functools.lru_cache(maxsize=4096)  # a vault's tags recur from note to note
def is_valid_tag(name: str) -> bool:
    """Obsidian's tag rule for a tag name without its ``#``.

    >>> [is_valid_tag(name) for name in ("hiring", "nested/tag", "café", "2025", "2025-Q3")]
    [True, True, True, False, True]
    """
    return (
        bool(name)
        and _TAG_NAME_RE.fullmatch(name) is not None
        and _ALL_DIGITS_RE.fullmatch(name) is None
    )


def _tag_may_open(text: str, hash_at: int, span_ends: set[int], line_start: int) -> bool:
    """Whether the ``#`` at ``hash_at`` (on the line starting at ``line_start``) may open a
    tag, judged by what precedes it."""
    if hash_at == 0:
        return True
    before = text[hash_at - 1]
    if before.isspace() or before == "\ufeff" or hash_at in span_ends:
        return True
    if before == "[":
        return not _escaped(text, hash_at - 1)
    if before in "*_=~":
        # An emphasis, highlight or strikethrough delimiter is markup when it has a partner
        # on the line; a lone one is plain text and blocks the tag like any punctuation.
        # (The partner is looked for within a bounded distance: hostile input stays linear.)
        run_start = hash_at - 1
        while run_start > line_start and text[run_start - 1] == before:
            run_start -= 1
        run = text[run_start:hash_at]
        if before in "=~" and len(run) < 2:
            return False
        line_end = text.find("\n", hash_at, hash_at + _MAX_PARTNER_DISTANCE)
        if line_end < 0:
            line_end = min(len(text), hash_at + _MAX_PARTNER_DISTANCE)
        return (
            text.find(run, max(line_start, run_start - _MAX_PARTNER_DISTANCE), run_start) >= 0
            or text.find(run, hash_at, line_end) >= 0
        )
    if before == "|":
        # A table cell.
        return text[line_start:hash_at].lstrip(" \t>").startswith("|")
    if before == ">":
        # A block quote marker.
        return not text[line_start : hash_at - 1].strip(" \t>")
    return False


def _find_tags(text: str, first_line: int, spans: list[tuple[int, int]]) -> list[Tag]:
    tags: list[Tag] = []
    if "#" not in text:
        return tags
    if spans:
        spans.sort()
        span_starts = [span[0] for span in spans]
        span_ends = {span[1] for span in spans}
    else:
        span_starts = []
        span_ends = set()
    line_at = 0
    line = first_line
    line_start = 0
    chain_end = -1  # where the last tag ended: a `#` right there opens another (`#a#b`)
    for match in _TAG_RE.finditer(text):
        hash_at = match.start()
        newline = text.rfind("\n", line_at, hash_at)
        if newline >= 0:
            line += text.count("\n", line_at, newline + 1)
            line_start = newline + 1
        line_at = hash_at
        if (
            hash_at != chain_end
            and hash_at
            and text[hash_at - 1] not in " \t\n"
            and not _tag_may_open(text, hash_at, span_ends, line_start)
        ):
            continue
        if span_starts:
            k = bisect_right(span_starts, hash_at) - 1
            if k >= 0 and spans[k][1] > hash_at:
                continue
        name = match.group(1)
        if name.isdigit() and name.isascii():
            continue
        chain_end = match.end()
        tag = make_tag(name, line, hash_at - line_start + 1)
        tags.append(tag)
    return tags


def _find_block_ids(text: str) -> frozenset[str]:
    if "^" not in text:
        return frozenset()
    found = set()
    for match in _BLOCK_ID_RE.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in " \t\n":
            found.add(match.group(1))
    return frozenset(found)


# --------------------------------------------------------------------------------------------
# The public entry points


def scan_body(body: str, first_line: int = 1, *, tags: bool = True) -> BodyScan:
    """Links, tags, headings and block ids of a note body whose first line is ``first_line``.

    Nothing inside code (fenced, indented, inline), ``%% comments %%``, ``<!-- comments -->``,
    math or HTML blocks is read. ``tags=False``: no inline tags (``tags`` is empty), for a
    reader that needs none (finding them is about a seventh of the scan). Never raises.

    >>> scan = scan_body("# Plan\\nSee [[Hiring#Interviewing|how]] #hiring\\n")
    >>> [(link.target, link.subpath, link.alias, link.line) for link in scan.links]
    [('Hiring', '#Interviewing', 'how', 2)]
    >>> [(tag.name, tag.column) for tag in scan.tags], [h.text for h in scan.headings]
    ([('hiring', 33)], ['Plan'])
    """
    try:
        return _scan_body(body, first_line, tags)
    except Exception:  # pragma: no cover - the scanner is total; this guards the contract
        return BodyScan((), (), (), frozenset())


def _scan_body(body: str, first_line: int, with_tags: bool = True) -> BodyScan:
    text = _normalize_newlines(body)
    blocks = _scan_blocks(text)
    masked = blocks.masked_text()
    spans: list[tuple[int, int]] = []
    if "[" in masked:
        found = _find_links(masked, text, first_line, "wiki", "markdown", 0, spans)
        if len(found) > 1:
            found.sort(key=itemgetter(0))
        links = tuple(map(itemgetter(1), found))
    else:
        links = ()
    tags = _find_tags(masked, first_line, spans) if with_tags else ()
    headings = tuple(
        [
            _make_heading(level, heading_text, first_line + index)
            for level, index, heading_text in blocks.headings
        ]
    )
    return BodyScan(links, tuple(tags), headings, _find_block_ids(masked))


def _line_count(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


@functools.cache
def _sections_parser() -> MarkdownIt:
    """markdown-it-py, block rules only; imported on first use (lint never needs it)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    parser.disable("inline")
    return parser


def sections(body: str, first_line: int = 1) -> tuple[Section, ...]:
    """The body's sections, from markdown-it-py's block tokens (so ``#`` in code is no heading).

    Headings inside ``%% comments %%`` or math, which markdown-it-py does not know, are left out
    as Obsidian leaves them out. Never raises.
    """
    try:
        return _sections(body, first_line)
    except Exception:  # pragma: no cover - markdown-it-py is total; this guards the contract
        return ()


def _sections(body: str, first_line: int) -> tuple[Section, ...]:
    text = _normalize_newlines(body)
    lines = text.split("\n")
    tokens = _sections_parser().parse(text)
    hidden_lines: set[int] = set()
    if "%%" in text or "$$" in text or "<!--" in text:
        blocks = _scan_blocks(text)
        for start, end in blocks.hidden:
            first = text.count("\n", 0, start)
            last = first + text.count("\n", start, max(start, end - 1))
            # The line a comment opens on keeps its heading unless the comment opens it.
            if text[text.rfind("\n", 0, start) + 1 : start].strip(" \t>"):
                first += 1
            hidden_lines.update(range(first, last + 1))
    found: list[tuple[Heading, int]] = []  # (heading, body line index after the heading)
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        start_line, end_line = token.map
        if start_line in hidden_lines:
            continue
        content = tokens[index + 1].content if index + 1 < len(tokens) else ""
        heading_text = _setext_text(content)
        found.append((Heading(int(token.tag[1:]), heading_text, first_line + start_line), end_line))
    total = _line_count(text)
    result: list[Section] = []
    for position, (heading, after) in enumerate(found):
        end = total  # exclusive body line index
        first_sub = None
        for other, _ in found[position + 1 :]:
            if other.level <= heading.level:
                end = other.line - first_line
                break
            if first_sub is None:
                first_sub = other.line - first_line
        own_end = end if first_sub is None else first_sub
        after = min(after, end)
        result.append(
            Section(
                heading=heading,
                end_line=first_line + max(end, after) - 1,
                text="\n".join(lines[after:end]).strip(),
                own_text="\n".join(lines[after:own_end]).strip(),
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------------------------
# Heading links


@functools.lru_cache(maxsize=8192)  # the same headings recur across a vault's notes
def normalize_heading(text: str) -> str:
    """A heading or a link's heading as Obsidian compares them: ``stripHeading`` (link-unsafe
    punctuation to spaces, whitespace folded, trimmed), then lower-cased.

    >>> normalize_heading("Some: Heading") == normalize_heading("some heading")
    True
    """
    return " ".join(text.translate(_HEADING_STRIP).split()).lower()


def find_heading(headings: Sequence[Heading], subpath: str) -> Heading | None:
    """The heading a link's ``#Heading`` or ``#H1#H2`` points at, or None.

    Each further part must be a deeper heading after the previous one, inside its section.
    A block reference (``#^id``) is no heading: None.
    """
    parts = [part for part in subpath.split("#") if part.strip()]
    if not parts or parts[0].lstrip().startswith("^"):
        return None
    wanted = [normalize_heading(part) for part in parts]
    found: Heading | None = None
    index = 0
    for part in wanted:
        while index < len(headings):
            heading = headings[index]
            index += 1
            if found is not None and heading.level <= found.level:
                return None  # left the section of the previous part
            if normalize_heading(heading.text) == part:
                found = heading
                break
        else:
            return None
    return found
