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
* a wikilink is read before the code spans inside it (``[[#`move`|move]]`` links to the heading
  `` `move` ``), while a code span that opens first holds one (`` `[[x]]` `` is code); a block
  id may follow an embed directly (``![[image.png]]^id``).

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
from typing import TYPE_CHECKING, Final
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
    "leading_tag",
    "links_in_text",
    "make_tag",
    "markdown_destination",
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
# A list item marker followed by plain text (its content column is where the match ends;
# `- #tag` is plain text, `- # Title` a heading).
_SIMPLE_ITEM_RE = re.compile(
    r"(?:[-+*]|([0-9]{1,9})[.)]) {1,4}"
    r"(?![ \t><]|#{1,6}(?:[ \t]|$)|`{3}|~{3}|[-+*](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)"
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


def _after_quote_marker(text: str, q: int, qcol: int, end: int) -> tuple[int, int, int]:
    """After the ``>`` at ``q`` (column ``qcol``) and the one blank it may take: the first
    non-blank position, its column, and the column the quote's content starts at."""
    p, pcol = q + 1, qcol + 1
    vcol = pcol
    if p < end and text[p] in " \t":
        vcol += 1
        pcol = pcol + 1 if text[p] == " " else pcol + 4 - pcol % 4
        p += 1
    q, qcol = _indent(text, p, pcol, end)
    return q, qcol, vcol


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
        "dollar_closers",
        "dollar_line",
        "earliest",
        "next_at",
        "no_comment_close",
        "no_math_close",
        "text",
        "tokens",
        "wikilinks",
    )
    tokens: list[str]

    def __init__(self, blocks: _Blocks) -> None:
        self.blocks = blocks
        self.text = text = blocks.text
        self.no_comment_close = len(text) + 1
        self.no_math_close = len(text) + 1
        # The `$` closers of the line last looked at (its end, then their positions).
        self.dollar_line = -1
        self.dollar_closers: list[int] = []
        # Where the next "`", "%%", "<!--" and "$" are (-1: not looked for yet). `str.find`
        # per token beats one regex alternation by far; tokens absent from the text are
        # never looked for.
        tokens: list[str] = []
        self.wikilinks = False  # whether a code span may lie inside a wikilink
        if "`" in text:
            tokens.append("`")
            self.wikilinks = "[[" in text
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
        self.dollar_line = -1
        while i < end:
            ch = text[i]
            if ch == "`":
                pos = self._code_span(i, end)
            elif ch == "%":
                pos = self._percent_comment(i)
            elif ch == "<":
                pos = self._html_comment(i)
            elif text.startswith("$$", i):
                pos = self._display_math(i, block_start)
            else:
                pos = self._inline_math(i, end)
            if pos > end:
                return pos  # a comment or math span runs on past the range
            i = self._next_opener(pos)
        return end

    def _hide(self, start: int, end: int) -> None:
        """A comment or math span: read for nothing, and unknown to markdown-it-py."""
        self.blocks.masks.append((start, end))
        self.blocks.hidden.append((start, end))

    def _code_span(self, i: int, end: int) -> int:
        """The code span the backticks at ``i`` open (it stays on its line); where to go on."""
        text = self.text
        if self.wikilinks:
            link_end = self._wikilink_around(i)
            if link_end > 0:
                return link_end
        run_end = i + 1
        while run_end < end and text[run_end] == "`":
            run_end += 1
        if i and text[i - 1] == "\\" and _escaped(text, i):
            return i + 1 if run_end - i > 1 else run_end  # the rest of the run may open a span
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
            self.blocks.masks.append((i, closer))
            return closer
        return run_end

    def _wikilink_around(self, i: int) -> int:
        """The end of the wikilink that holds the backtick at ``i``, or -1. Obsidian reads a
        wikilink before the code spans inside it (``[[#`code`|x]]`` is a link to the heading
        `` `code` ``); a code span that opens first holds the brackets (`` `[[x]]` ``)."""
        text = self.text
        opener = text.rfind("[[", text.rfind("\n", 0, i) + 1, i)
        if opener < 0:
            return -1
        masks = self.blocks.masks
        if masks and masks[-1][1] > opener:
            return -1  # the brackets are themselves in code, a comment or math
        link = _WIKILINK_RE.match(text, opener)
        if link is None or link.end() <= i:
            return -1
        return link.end()

    def _percent_comment(self, i: int) -> int:
        """``%% comment %%``, to its closer or the end of the text (as Obsidian hides it)."""
        close = self.text.find("%%", i + 2)
        pos = len(self.text) if close < 0 else close + 2
        self._hide(i, pos)
        return pos

    def _html_comment(self, i: int) -> int:
        """``<!-- comment -->`` when it closes within its paragraph."""
        text = self.text
        pos = i + 4
        close = -1 if i > self.no_comment_close else text.find("-->", pos)
        if close < 0:
            self.no_comment_close = min(self.no_comment_close, i)
        elif not _PARAGRAPH_END_RE.search(text, i, close):
            pos = close + 3
            self._hide(i, pos)
        return pos

    def _display_math(self, i: int, block_start: int) -> int:
        """``$$ math $$``: opening a line it may hold blank lines; inside a paragraph it ends
        with the paragraph."""
        text = self.text
        pos = i + 2
        close = -1 if i > self.no_math_close else text.find("$$", pos)
        if close < 0:
            self.no_math_close = min(self.no_math_close, i)
        elif not _escaped(text, i):
            display = i == block_start or (block_start == -1 and (i == 0 or text[i - 1] == "\n"))
            if display or not _PARAGRAPH_END_RE.search(text, i, close):
                pos = close + 2
                self._hide(i, pos)
        return pos

    def _inline_math(self, i: int, end: int) -> int:
        """Inline ``$math$`` stays on its line: the opener is not followed by a blank, the
        closer is not preceded by one nor followed by a digit (``$5 or $10``)."""
        text = self.text
        pos = i + 1
        if not _escaped(text, i) and i + 1 < end and text[i + 1] not in " \t\n":
            line_end = text.find("\n", i, end)
            if line_end < 0:
                line_end = end
            if line_end != self.dollar_line:
                self.dollar_line = line_end
                self.dollar_closers = _dollar_closers(text, i + 1, line_end)
            closers = self.dollar_closers
            k = bisect_right(closers, i + 1)
            if k < len(closers):
                pos = closers[k] + 1
                self._hide(i, pos)
        return pos


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


class _BlockScanner:
    """One pass over the lines of a body (LF line endings) following CommonMark's block
    structure closely enough to know headings and what is code.

    The scanner's state lives here and each phase of a line is a method, as markdown-it-py's
    block rules share one ``StateBlock``. Runs of plain text lines are taken in one regex
    search (:meth:`_plain_run`); blank lines, ATX headings and list items with plain text
    outside block quotes have fast paths (:meth:`_fast_line`); every other line goes through
    :meth:`_line`: which containers it continues, the leaf blocks that swallow lines, lazy
    continuation, new containers, then the leaf block it starts or continues.
    """

    fence_char: str
    fence_len: int
    html_kind: int
    para_first: int
    para_line: int
    run_break: int
    run_line: int
    __slots__ = (
        "bases",
        "blocks",
        "code_lines",
        "containers",
        "empty_item",
        "fence_char",
        "fence_len",
        "headings",
        "html_kind",
        "inline",
        "leaf",
        "line_index",
        "masks",
        "para_first",
        "para_line",
        "pos",
        "resume",
        "run_break",
        "run_line",
        "run_start",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks = _Blocks(text)
        self.masks = self.blocks.masks
        self.headings = self.blocks.headings
        self.code_lines = self.blocks.code_lines
        self.inline = _Inline(self.blocks)
        self.containers: list[int] = []  # _QUOTE, or a list item's content column
        self.empty_item: list[bool] = []  # list item opened with no content yet
        self.bases: list[int] = []  # the column each container was opened at
        self.leaf = _NONE
        # Set with the leaf that reads them (a scanner is made for every note: what is not
        # needed yet is not set): `fence_char` and `fence_len` of an open fence, `html_kind`
        # of an HTML block, `para_first` and `para_line` where the open paragraph's content
        # starts, and `run_break` and `run_line` of a run of plain text lines that may move
        # it (`run_start` >= 0, see _setext).
        self.run_start = -1
        self.resume = 0  # text consumed by a comment or math span running over lines
        self.pos = 0  # start of the next line
        self.line_index = 0  # and its index

    def scan(self) -> _Blocks:
        text = self.text
        length = len(text)
        containers = self.containers
        plain_run = self._plain_run
        fast_list_item = self._fast_list_item
        # Where the next line starts, and its index: kept here (they change on every line),
        # and in self.pos and self.line_index for the steps that take more than one line.
        pos = line_index = 0
        while pos <= length:
            if self.resume > pos:
                if self.resume >= length:
                    break
                self.pos, self.line_index = pos, line_index
                self._line_in_span()
                pos, line_index = self.pos, self.line_index
                continue
            start = pos
            end = text.find("\n", start)
            if end < 0:
                end = length
            first = text[start] if start < end else "\n"
            leaf = self.leaf
            if leaf <= _PARA:
                # Runs of plain text lines (paragraph text, or lazy continuation lines) are
                # taken in bulk; outside containers so are empty lines and `#` lines.
                if first not in _BLOCK_START_CHARS:
                    plain = True
                elif first == "\n" or first == "#":
                    plain = not containers
                else:
                    plain = (
                        first != " "
                        and first != "\t"
                        and _STRUCTURAL_LINE_RE.match(text, start, end) is None
                    )
                if plain:
                    pos, line_index = plain_run(start, end, first, line_index)
                    continue
            current = line_index
            line_index += 1
            pos = end + 1
            if leaf <= _PARA:
                # Fast paths: a blank line in list items or after a block quote, an ATX
                # heading at the start of a line, a list item with plain text, a fence, an
                # HTML block or a thematic break outside containers.
                if start == end or (first in " \t" and not text[start:end].strip(" \t")):
                    if _QUOTE not in containers:
                        self._blank_line()
                        continue
                    if containers[0] == _QUOTE:
                        self._close_containers(0)  # a blank line ends a block quote
                        self.leaf = _NONE
                        continue
                elif first == "#":
                    if self._fast_heading(start, end, current):
                        continue
                elif (
                    first in _LIST_START_CHARS
                    and _QUOTE not in containers
                    and fast_list_item(start, end, first, current)
                ):
                    continue
                elif not containers and first in "-*_`~<":
                    self.pos, self.line_index = pos, line_index
                    if self._fast_top_level_block(start, end, first, current):
                        pos, line_index = self.pos, self.line_index
                        continue
            self.pos, self.line_index = pos, line_index
            self._line(start, end, first, current)
            pos, line_index = self.pos, self.line_index
        return self.blocks

    # ---------------------------------------------------------------- shared steps

    def _inline(self, start: int, end: int, block_start: int) -> None:
        """Inline content of ``[start, end)``: what hides text in it is masked."""
        if self.inline.earliest < end:
            self.resume = self.inline.scan(start, end, block_start)

    def _open_paragraph(self, first: int, line: int) -> None:
        if self.leaf != _PARA:
            self.leaf = _PARA
            self.para_first = first
            self.para_line = line
            self.run_start = -1

    def _close_containers(self, kept: int) -> None:
        del self.containers[kept:]
        del self.empty_item[kept:]
        del self.bases[kept:]

    def _blank_line(self) -> None:
        self.leaf = _NONE
        if self.containers and self.empty_item[-1]:
            # A list item can begin with at most one blank line.
            self._close_containers(len(self.containers) - 1)

    def _heading(self, level: int, line: int, content_start: int, end: int) -> None:
        """An ATX heading whose text runs from ``content_start`` to ``end``."""
        self.leaf = _NONE
        self._inline(content_start, end, -2)
        self.headings.append((level, line, _atx_text(self.text, content_start, end)))

    # ---------------------------------------------------------------- lines taken in bulk

    def _line_in_span(self) -> None:
        """The rest of a line inside a comment or math span that started on an earlier one."""
        text = self.text
        resume = self.resume
        line_start = text.rfind("\n", 0, resume) + 1
        if line_start > self.pos:
            self.line_index += text.count("\n", self.pos, line_start)
        end = text.find("\n", resume)
        if end < 0:
            end = len(text)
        if text[resume:end].strip():
            self._open_paragraph(resume, self.line_index)
            self._inline(resume, end, -2)
        self.pos = end + 1
        self.line_index += 1

    def _plain_run(self, start: int, end: int, first: str, line: int) -> tuple[int, int]:
        """A run of plain text lines from ``start`` (line index ``line``), up to the next line
        that may open or end a block; returns where the next line starts and its index."""
        text = self.text
        containers = self.containers
        if self.leaf != _PARA:
            if containers:
                self._close_containers(0)
            self.para_first = start
            self.para_line = line
            self.run_start = -1
        self.leaf = _PARA
        found = (_NEXT_BLOCKISH_RE if containers else _NEXT_STRUCTURAL_RE).search(text, end)
        region_end = len(text) if found is None else found.start()
        hidden_before = len(self.blocks.hidden)
        inline = self.inline
        if inline.earliest < region_end:
            self.resume = inline.scan(start, region_end, -1)
        if not containers:
            if first == "#" or text.find("\n#", end, region_end) >= 0:
                last_break = self._run_headings(start, end, first, line, region_end, hidden_before)
            else:
                last_break = end if first == "\n" else -1
            if region_end == start or text[region_end - 1] == "\n" or last_break == region_end:
                self.leaf = _NONE  # the run ends with an empty line or a heading
            else:
                # Where the paragraph open at the end of the run starts matters only to a
                # setext underline (rare): worked out then, from these.
                self.run_start, self.run_break, self.run_line = start, last_break, line
        return region_end + 1, line + text.count("\n", start, region_end) + 1

    def _run_headings(
        self, start: int, end: int, first: str, line: int, region_end: int, hidden_before: int
    ) -> int:
        """The ATX headings of a run outside containers; returns the end of the run's last
        empty line or heading (-1: none)."""
        text = self.text
        headings = self.headings
        hidden = self.blocks.hidden
        last_break = end if first == "\n" else -1
        if first == "#":
            atx = _ATX_RE.match(text, start, end)
            if atx is not None:
                level = len(atx.group(1))
                headings.append((level, line, _atx_text(text, atx.end(1), end)))
                last_break = end
        line_at, line_of = start, line
        hidden_grew = len(hidden) > hidden_before
        for atx in _ATX_IN_RUN_RE.finditer(text, end, region_end):
            at = atx.start(1)
            if hidden_grew and _inside(hidden, hidden_before, at):
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
        return last_break

    # ---------------------------------------------------------------- fast paths

    def _fast_heading(self, start: int, end: int, current: int) -> bool:
        """An ATX heading at the start of a line: it ends every container."""
        atx = _ATX_RE.match(self.text, start, end)
        if atx is None:
            return False
        if self.containers:
            self._close_containers(0)
        self._heading(len(atx.group(1)), current, atx.end(1), end)
        return True

    def _fast_top_level_block(self, start: int, end: int, first: str, current: int) -> bool:
        """A fence, an HTML block or a thematic break at the start of a line, outside every
        container (as :meth:`_line` would find it, without its steps for containers)."""
        if first == "<":
            return self._html_block(start, end, start, current)
        if first == "`" or first == "~":
            return self._fence(start, end, start, current)
        if self.leaf != _PARA and _THEMATIC_RE.match(self.text, start, end):
            self.leaf = _NONE  # (after a paragraph `---` may underline a heading: not here)
            return True
        return False

    def _fast_list_item(self, start: int, end: int, first: str, current: int) -> bool:
        """A list item (at any depth of a list) with plain text after its marker."""
        text = self.text
        containers = self.containers
        if first == " " or first == "\t":
            q, qcol = _indent(text, start, 0, end)
        else:
            q, qcol = start, 0
        if text[q] not in _MARKER_CHARS:
            return False
        item = _SIMPLE_ITEM_RE.match(text, q, end)
        if item is None:
            return False
        matched = 0
        for width in containers:
            if width > qcol:
                break
            matched += 1
        if qcol - (containers[matched - 1] if matched else 0) >= 4:
            return False  # indented code, or paragraph text
        in_paragraph = self.leaf == _PARA
        bases = self.bases
        empty_item = self.empty_item
        if matched < len(containers):
            if in_paragraph and qcol - bases[-1] >= 4 and qcol < containers[-1]:
                return False  # markdown-it-py: lazy paragraph text
            del containers[matched:]
            del empty_item[matched:]
            del bases[matched:]
        elif in_paragraph and item.group(1) not in (None, "1"):
            return False  # an ordered list not starting at 1 cannot interrupt
        content = item.end()
        if matched:
            empty_item[-1] = False
        bases.append(containers[-1] if matched else 0)
        containers.append(qcol + content - q)
        empty_item.append(False)
        self.leaf = _PARA
        self.para_first = content
        self.para_line = current
        self.run_start = -1
        inline = self.inline
        if inline.earliest < end:
            self.resume = inline.scan(content, end, content)
        return True

    # ---------------------------------------------------------------- any other line

    def _line(self, start: int, end: int, first: str, current: int) -> None:
        matched, q, qcol, vcol, blank = self._continued_containers(start, end, first)
        all_matched = matched == len(self.containers)
        if self.leaf >= _FENCE and self._swallowed(
            start, end, q, qcol - vcol, blank, all_matched, current
        ):
            return
        if not all_matched:
            # Lazy paragraph text, or the end of the containers not continued.
            if self.leaf == _PARA and not blank and self._is_lazy(q, qcol, vcol, end, matched):
                self._inline(q, end, -2)
                return
            self._close_containers(matched)
            self.leaf = _NONE
        if blank:
            self._blank_line()
            return
        q, qcol, vcol, blank = self._new_containers(end, q, qcol, vcol)
        if blank:
            self.leaf = _NONE
            return
        if self.empty_item:
            self.empty_item[-1] = False
        self._leaf_block(start, end, q, qcol - vcol, current)

    def _continued_containers(
        self, start: int, end: int, first: str
    ) -> tuple[int, int, int, int, bool]:
        """How many open containers the line continues; then its first non-blank position,
        that position's column, the column its content starts at, and whether it is blank."""
        text = self.text
        if first == " " or first == "\t":
            q, qcol = _indent(text, start, 0, end)
        else:
            q, qcol = start, 0
        vcol = 0
        blank = q >= end
        matched = 0
        for width in self.containers:
            if width == _QUOTE:
                if blank or qcol - vcol > 3 or text[q] != ">":
                    break
                q, qcol, vcol = _after_quote_marker(text, q, qcol, end)
                blank = q >= end
            elif blank:
                pass
            elif qcol >= width:
                vcol = width
            else:
                break
            matched += 1
        return matched, q, qcol, vcol, blank

    def _swallowed(
        self,
        start: int,
        end: int,
        q: int,
        indent: int,
        blank: bool,
        all_matched: bool,
        current: int,
    ) -> bool:
        """Whether an open fence, indented code or HTML block takes the line; when the line
        is not theirs, the leaf is closed."""
        text = self.text
        leaf = self.leaf
        if leaf == _FENCE:
            if not all_matched:
                self.leaf = _NONE
                return False
            if indent <= 3 and not blank and text[q] == self.fence_char:
                close = _FENCE_CLOSE_RE[self.fence_char].match(text, q, end)
                if close is not None and len(close.group(1)) >= self.fence_len:
                    self.leaf = _NONE
        elif leaf == _CODE:
            if not (all_matched and (blank or indent >= 4)):
                self.leaf = _NONE
                return False
        elif all_matched:
            if self.html_kind >= 6:
                if blank:
                    self.leaf = _NONE  # the blank line ends the block and is not part of it
                    return True
            elif _HTML_BLOCK_END[self.html_kind - 1].search(text, start, end):
                self.leaf = _NONE
        elif self.html_kind < 6 and blank:
            self.masks.append((start, end))
            return True
        else:
            self.leaf = _NONE
            return False
        self.masks.append((start, end))
        self.code_lines.append((current, current))
        return True

    def _is_lazy(self, q: int, qcol: int, vcol: int, end: int, matched: int) -> bool:
        """Whether a line that does not continue every container continues the open paragraph.

        As markdown-it-py decides it: the first block quote not continued takes the line unless
        it opens a block at the quote's own indentation; failing that, a paragraph in a list
        item goes on unless the line opens a block, however far it is indented (short of the
        item).
        """
        text = self.text
        containers = self.containers
        for index in range(matched, len(containers)):
            if containers[index] == _QUOTE:
                base = vcol if index == matched else containers[index - 1]
                return qcol - base >= 4 or not _opens_block(text, q, end)
        if not _opens_block(text, q, end):
            return True
        ch = text[q]
        if (
            (ch in "-+*" or "0" <= ch <= "9")
            and qcol - self.bases[-1] >= 4
            and qcol < containers[-1]
        ):
            # markdown-it-py: a marker this far right of its list's own column is no new item.
            return not (ch in "-*" and _THEMATIC_RE.match(text, q, end))
        return False

    def _new_containers(self, end: int, q: int, qcol: int, vcol: int) -> tuple[int, int, int, bool]:
        """Block quotes and list items the line opens (nested deeper than any note needs, the
        rest of the line is text: this bounds the work on hostile input); returns the line's
        first non-blank position after them, its column, the content column, and whether
        nothing follows."""
        text = self.text
        containers = self.containers
        blank = False
        while qcol - vcol < 4 and len(containers) < _MAX_NESTING:
            if text[q] == ">":
                if self.empty_item:
                    self.empty_item[-1] = False
                self.bases.append(vcol)
                q, qcol, vcol = _after_quote_marker(text, q, qcol, end)
                containers.append(_QUOTE)
                self.empty_item.append(False)
                self.leaf = _NONE
                blank = q >= end
            else:
                item = self._list_item(end, q, qcol, vcol)
                if item is None:
                    break
                q, qcol, vcol, blank = item
            if blank:
                break
        return q, qcol, vcol, blank

    def _list_item(
        self, end: int, q: int, qcol: int, vcol: int
    ) -> tuple[int, int, int, bool] | None:
        """The list item opening at ``q``, as :meth:`_new_containers` returns it; None when
        there is none (or it cannot interrupt the open paragraph)."""
        text = self.text
        ch = text[q]
        if ch not in "-+*" and not "0" <= ch <= "9":
            return None
        if ch != "+" and ch in "-*" and _THEMATIC_RE.match(text, q, end):
            return None
        marker = _LIST_MARKER_RE.match(text, q, end)
        if marker is None:
            return None
        marker_end = marker.end()
        marker_col = qcol + marker_end - q
        r, rcol = _indent(text, marker_end, marker_col, end)
        empty = r >= end
        number = marker.group(1)
        if self.leaf == _PARA and (empty or (number is not None and int(number) != 1)):
            return None  # cannot interrupt a paragraph
        if self.empty_item:
            self.empty_item[-1] = False
        self.bases.append(vcol)
        if empty:
            width = marker_col + 1
            q, qcol, vcol = end, marker_col, marker_col
        elif rcol - marker_col >= 5:
            # The content is indented code: the item's content starts one column in.
            width = marker_col + 1
            q, qcol, vcol = r, rcol, marker_col + 1
        else:
            width = rcol
            q, qcol, vcol = r, rcol, rcol
        self.containers.append(width)
        self.empty_item.append(empty)
        self.leaf = _NONE
        return q, qcol, vcol, empty

    def _leaf_block(self, start: int, end: int, q: int, indent: int, current: int) -> None:
        """The leaf block the line starts or continues; its content starts at ``q``."""
        text = self.text
        if indent >= 4:
            if self.leaf == _PARA:
                self._inline(q, end, -2)
            else:
                self.leaf = _CODE
                self.masks.append((start, end))
                self.code_lines.append((current, current))
            return
        ch = text[q]
        if (
            (ch == "#" and self._atx_heading(q, end, current))
            or (ch in "`~" and self._fence(start, end, q, current))
            or (ch == "<" and self._html_block(start, end, q, current))
        ):
            return
        if (
            ch in "=-"
            and self.leaf == _PARA
            and _SETEXT_RE.match(text, q, end)
            and self._setext(start, ch)
        ):
            return  # (with only a comment above there is no heading: `---` is a thematic break)
        if ch in "-*_" and _THEMATIC_RE.match(text, q, end):
            self.leaf = _NONE
            return
        self._open_paragraph(q, current)
        self._inline(q, end, q)

    def _atx_heading(self, q: int, end: int, current: int) -> bool:
        atx = _ATX_RE.match(self.text, q, end)
        if atx is None:
            return False
        self._heading(len(atx.group(1)), current, atx.end(1), end)
        return True

    def _fence(self, start: int, end: int, q: int, current: int) -> bool:
        """A fenced code block opening at ``q``; outside containers taken whole, up to its
        closing line or the end."""
        text = self.text
        length_open = _fence_open(text, q, end)
        if not length_open:
            return False
        if self.containers:
            self.leaf = _FENCE
            self.fence_char = text[q]
            self.fence_len = length_open
            self.masks.append((start, end))
            self.code_lines.append((current, current))
            return True
        self.leaf = _NONE
        closer_re = _FENCE_CLOSE_LINE_RE[text[q]]
        closer = closer_re.search(text, end)
        while closer is not None and len(closer.group(1)) < length_open:
            closer = closer_re.search(text, closer.end())
        stop = len(text) if closer is None else closer.end()
        self.masks.append((start, stop))
        last = current + text.count("\n", start, stop)
        self.code_lines.append((current, last))
        self.line_index = last + 1
        self.pos = stop + 1
        return True

    def _html_block(self, start: int, end: int, q: int, current: int) -> bool:
        """An HTML block opening at ``q`` (type 7 cannot interrupt a paragraph)."""
        kind = _html_block_kind(self.text, q, end)
        if not kind or (kind == 7 and self.leaf == _PARA):
            return False
        self.masks.append((start, end))
        self.code_lines.append((current, current))
        if kind < 6 and _HTML_BLOCK_END[kind - 1].search(self.text, q, end):
            self.leaf = _NONE
        else:
            self.leaf = _HTML
            self.html_kind = kind
        return True

    def _setext(self, start: int, ch: str) -> bool:
        """The underline at ``start`` makes the open paragraph a heading (False when the
        paragraph holds nothing but comments)."""
        text = self.text
        if self.run_start >= 0:
            # The paragraph began after the run's last empty line or heading, if any.
            empty_line = text.rfind("\n\n", max(self.run_start - 1, 0), start - 1)
            run_break = max(self.run_break, empty_line + 1 if empty_line >= 0 else -1)
            self.run_break = run_break
            if run_break >= 0:
                self.para_first = run_break + 1
                self.para_line = self.run_line + text.count("\n", self.run_start, self.para_first)
        heading_text = _setext_text(text[self.para_first : start - 1])
        self.leaf = _NONE
        if heading_text:
            self.headings.append((1 if ch == "=" else 2, self.para_line, heading_text))
            return True
        return False


def _scan_blocks(text: str) -> _Blocks:
    """One pass over the lines of ``text`` (LF line endings): see :class:`_BlockScanner`."""
    return _BlockScanner(text).scan()


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
    if "[" in text:
        _find_wikilinks(text, source, first_line, kind_wiki, column_offset, found, wiki_spans)
        if spans is not None:
            spans.extend(wiki_spans)
    close = _find_link_tail(text, 0)
    if close >= 0:
        position = (first_line, column_offset)
        _find_markdown_links(text, source, kind_markdown, position, close, found, wiki_spans, spans)
    return found


def _find_wikilinks(
    text: str,
    source: str,
    first_line: int,
    kind: str,
    column_offset: int,
    found: list[tuple[int, Link]],
    wiki_spans: list[tuple[int, int]],
) -> None:
    # Lines are counted as we go: `line` is the 0-based line of `line_at`, which starts at
    # `line_start` (no search back to the start of a long line for every link).
    line_at = line = line_start = 0
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
        if line == 0:
            column += column_offset
        raw = source[start:stop]
        link = _make_link(target, subpath, alias, embed, kind, first_line + line, column, raw)
        found.append((start, link))


def _find_markdown_links(
    text: str,
    source: str,
    kind: str,
    position: tuple[int, int],
    close: int,
    found: list[tuple[int, Link]],
    wiki_spans: list[tuple[int, int]],
    spans: list[tuple[int, int]] | None,
) -> None:
    """Markdown links and images, from the ``](`` at ``close`` on (outside wikilinks);
    ``position``: the file line and column offset of ``text[0]``."""
    first_line, column_offset = position
    line_at = line = line_start = 0  # as in _find_wikilinks
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
            tail = _LINK_TAIL_FAST_RE.match(text, close + 2) or _LINK_TAIL_RE.match(text, close + 2)
        if tail is None:
            close = _find_link_tail(text, next_from)
            continue
        embed = opening > 0 and text[opening - 1] == "!"
        start = opening - 1 if embed else opening
        if spans is not None:
            spans.append((start, tail.end()) if embed else (close, tail.end()))
        destination = tail.group(1) if tail.group(1) is not None else tail.group(2)
        parts = _destination_parts(destination)
        if parts is not None:
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
            if line == 0:
                column += column_offset
            alias = source[opening + 1 : close].strip() or None
            raw = source[start : tail.end()]
            target, subpath = parts
            link = _make_link(target, subpath, alias, embed, kind, first_line + line, column, raw)
            found.append((start, link))
        # Links do not nest, but images in link text do: go on right after this `](`.
        close = _find_link_tail(text, next_from)


def _destination_parts(destination: str) -> tuple[str, str] | None:
    """(target, subpath) of a markdown link's destination, URL-decoded; None for a web link,
    a ``//host`` link or an empty one."""
    if not destination or _SCHEME_RE.match(destination) or destination.startswith("//"):
        return None
    hash_at = destination.find("#")
    if hash_at >= 0:
        target = _decode(destination[:hash_at]).strip()
        heading = _decode(destination[hash_at:]).strip()
        subpath = heading if heading.strip("# \t") else ""
    else:
        target = _decode(destination).strip()
        subpath = ""
    if not target and not subpath:
        return None
    return target, subpath


def markdown_destination(raw: str) -> tuple[int, int] | None:
    """Where the destination stands in a markdown link's source text (a :attr:`Link.raw`
    such as ``[text](Folder/My%20Note.md#Part "title")``): the span of what is between
    ``](`` and the title or ``)``, without the ``<...>`` of an angle-bracketed one. None
    when ``raw`` is no markdown link.

    >>> raw = "[a](<My Note.md> 'b')"
    >>> start, end = markdown_destination(raw)
    >>> raw[start:end]
    'My Note.md'
    """
    close = len(raw)
    while (close := raw.rfind("](", 0, close)) >= 0:
        tail = _LINK_TAIL_RE.fullmatch(raw, close + 2)
        if tail is not None:
            group = 1 if tail.group(1) is not None else 2
            return tail.span(group)
    return None


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


def leading_tag(text: str) -> str:
    """The tag name ``text`` starts with, up to the first character that ends a tag
    (``hiring/round`` of ``hiring/round, more``), or "" when it starts with none."""
    match = _TAG_NAME_RE.match(text)
    return match.group() if match is not None else ""


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
    """Block ids: ``^id`` ending a line, after a blank or right after an embed
    (``![[image.png]]^id``, as Obsidian reads it)."""
    if "^" not in text:
        return frozenset()
    found = set()
    for match in _BLOCK_ID_RE.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in " \t\n" or _follows_embed(text, start):
            found.add(match.group(1))
    return frozenset(found)


def _follows_embed(text: str, at: int) -> bool:
    """Whether ``text[at]`` comes right after a wikilink embed (``![[...]]``)."""
    if not text.startswith("]]", at - 2):
        return False
    opener = text.rfind("![[", text.rfind("\n", 0, at) + 1, at)
    return opener >= 0 and _WIKILINK_RE.fullmatch(text, opener + 1, at) is not None


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
    normal = _NORMALIZED.get(text)
    if normal is None:
        normal = " ".join(text.translate(_HEADING_STRIP).split()).lower()
        if len(_NORMALIZED) < _NORMALIZED_BOUND:
            _NORMALIZED[text] = normal
    return normal


# Headings recur from note to note ("Notes", "Timeline"), and each link into a note indexes
# all of the note's headings: each text is normalized once. Bounded, as yaml12._SHARED is.
_NORMALIZED: dict[str, str] = {}
_NORMALIZED_BOUND: Final = 20_000


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
