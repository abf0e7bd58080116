"""YAML 1.2 core semantics, as Obsidian reads frontmatter, on top of PyYAML's C parser.

PyYAML implements YAML 1.1: ``yes`` is ``True``, ``12:30`` is ``750``, ``012`` is octal and it
will build Python objects from ``!!python/...`` tags. Obsidian reads ``yes`` as text, ``12:30``
as text and ``012`` as twelve, and never runs code. So this module lets libyaml *compose* the
node graph (fast, in C, with marks for every node) and then walks that graph itself:

* plain scalars are resolved with YAML 1.2 core rules plus the dates and date-times Obsidian
  and its plugins write (``2025-09-02``, ``2023-12-04T13:14``);
* keys are always strings, taken from the key's text (``2025:`` is the key ``"2025"``);
* only standard tags are honoured; any other tag is reported and its node read as plain data;
* alias expansion, nesting depth and size are bounded, so a hostile file is a problem, not an
  out-of-memory or a ``RecursionError``;
* every problem and every value carries a 1-based file line and column.

:func:`load_mapping` never raises on any ``str``; everything wrong is a :class:`YamlProblem`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["YamlMapping", "YamlProblem", "load_mapping", "read_timestamp_text"]

MAX_DEPTH: Final = 200
"""Collections nested deeper than this are a "too-deep" problem (frontmatter is shallow)."""

MAX_NODES: Final = 100_000
"""Values built, counting every re-use of an alias; beyond this "aliases" or "too-large"."""

# Kinds after which the text cannot be read as a mapping, so ``values`` is None.
_FATAL_KINDS: Final = frozenset({"syntax", "not-mapping", "aliases", "too-deep", "too-large"})


@dataclass(frozen=True)
class YamlProblem:
    """Something wrong in the YAML text, at a 1-based file line and column."""

    line: int
    column: int
    message: str
    kind: str  # syntax, not-mapping, aliases, unsafe-tag, unknown-tag, duplicate-key, too-deep,
    # too-large


@dataclass(frozen=True)
class YamlMapping:
    """The frontmatter as Obsidian reads it, with where each key and value starts.

    ``values`` is None when the text cannot be read as a mapping; then both position maps are
    empty. ``key_positions`` covers top-level keys; ``value_positions`` every value below the
    root, by path: ``("tags", 0)``, ``("scores", "competence")``. A value reached through an
    alias is placed where its anchor's node starts. Positions are 1-based (line, column) in
    the file. When a key repeats, both maps describe the last occurrence, whose value is kept.
    """

    values: dict[str, Any] | None
    key_positions: dict[str, tuple[int, int]]
    value_positions: dict[tuple[str | int, ...], tuple[int, int]]
    problems: tuple[YamlProblem, ...]


# --- tags ------------------------------------------------------------------------------------

_YAML_ORG: Final = "tag:yaml.org,2002:"
_STR_TAG: Final = _YAML_ORG + "str"
_SEQ_TAG: Final = _YAML_ORG + "seq"
_MAP_TAG: Final = _YAML_ORG + "map"
# What our resolver gives an untagged plain scalar. A NUL cannot occur in a real tag (the reader
# rejects it), so this never collides with a tag written in the text.
_PLAIN_TAG: Final = "\x00plain"

# Tags whose names some YAML library maps to "build an object of this class / run this".
_UNSAFE_PREFIXES: Final = ("python/", "ruby/", "js/", "java", "perl/", "php/", "clj/", "net/")
# Standard types (honoured where they fit the node) and YAML 1.1 types that are harmless but
# not part of what Obsidian reads: any other !! name is some library's class or function.
_HARMLESS_TYPES: Final = frozenset(
    {"str", "int", "float", "bool", "null", "timestamp", "binary", "seq", "map"}
    | {"set", "omap", "pairs", "merge", "value", "yaml"}
)


def _resolve_tag(self: object, kind: type[Node], value: object, implicit: tuple[bool, bool]) -> str:
    """Replace PyYAML's YAML 1.1 resolver: mark untagged plain scalars for our 1.2 rules.

    libyaml calls this for every node without an explicit tag, so it must stay trivial.
    """
    if kind is ScalarNode:
        return _PLAIN_TAG if implicit[0] else _STR_TAG
    return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    # Without libyaml the pure-Python loader is about 7x slower, but still correct.
    _BaseLoader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class _ComposeLoader(_BaseLoader):
    """Composes nodes only; values are built by :class:`_Builder`."""

    resolve = _resolve_tag


class _PythonComposeLoader(yaml.SafeLoader):
    """The pure-Python fallback, kept selectable so tests cover it even where libyaml exists."""

    resolve = _resolve_tag


_LOADER: type[yaml.SafeLoader] = _ComposeLoader


def _display_tag(tag: str) -> str:
    if tag.startswith(_YAML_ORG):
        return "!!" + tag[len(_YAML_ORG) :]
    if tag.startswith("!"):
        return tag
    return f"!<{tag}>"


def _foreign_tag_kind(tag: str) -> str:
    """ "unsafe-tag" for tags that construct objects in some YAML library, else "unknown-tag"."""
    if tag.startswith(_YAML_ORG):
        name = tag[len(_YAML_ORG) :]
        return "unknown-tag" if name in _HARMLESS_TYPES else "unsafe-tag"
    if tag.startswith("!") and tag[1:].lower().startswith(_UNSAFE_PREFIXES):
        return "unsafe-tag"
    return "unknown-tag"


# --- scalars: YAML 1.2 core, plus Obsidian's dates -------------------------------------------

_WORDS: Final[dict[str, Any]] = {
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_WORD_START: Final = frozenset("~nNtTfF")
_NUMBER_START: Final = frozenset("0123456789+-.")
_DIGITS: Final = frozenset("0123456789")

# [0-9], never \d: Python's \d and int() accept non-ASCII digits such as "١٢".
_NUMBER: Final = re.compile(
    r"(?P<int>[-+]?[0-9]+)"
    r"|0o(?P<oct>[0-7]+)"
    r"|0x(?P<hex>[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))"
    r"|(?P<nan>\.(?:nan|NaN|NAN))"
)
_TIMESTAMP: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]*))?)?"
    r"(?:[ \t]*(Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?"
)
_NOT_A_VALUE: Final = object()  # what a scalar reader returns when the text does not fit


def _read_timestamp(text: str) -> Any:
    """A date or datetime, or _NOT_A_VALUE (``2025-02-30``, ``...[Europe/Paris]``).

    The two forms nearly every note has (``2025-09-02``, ``2023-12-04T13:14``) are checked
    by position and read by ``fromisoformat``, which costs a fifth of the pattern's match and
    groups; the same values result.
    """
    size = len(text)
    if (size == 10 or (size == 16 and text[10] in "Tt" and text[13] == ":")) and (
        text[4] == "-" and text[7] == "-"
    ):
        digits = text[:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16]
        if digits.isascii() and digits.isdigit():
            # Exactly ISO 8601's own form: the standard library reads it in C.
            try:
                if size == 10:
                    return dt.date.fromisoformat(text)
                return dt.datetime.fromisoformat(text)
            except ValueError:  # 2025-02-30, 25:00
                return _NOT_A_VALUE
    return _read_timestamp_by_pattern(text)


def read_timestamp_text(text: str) -> dt.date | dt.datetime | None:
    """The date or date-time that ``text`` writes as a plain YAML value would be read
    (``2025-09-02``, ``2023-12-04T13:14``, ``2023-12-04 13:14+02:00``), None when it writes
    none (``2025-02-30``, a 60th second, an offset of 25 hours). Quoted text that looks like
    a date is read by this too, so that lint and the generated notes agree on every value."""
    value = _read_timestamp(text)
    return None if value is _NOT_A_VALUE else cast("dt.date | dt.datetime", value)


def _read_timestamp_by_pattern(text: str) -> Any:
    """:func:`_read_timestamp` for every form the timestamp pattern allows."""
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return _NOT_A_VALUE
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        tzinfo: dt.tzinfo | None = None
        if zone == "Z":
            tzinfo = dt.timezone.utc
        elif zone is not None:
            digits = zone[1:].replace(":", "")
            hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
            if int(minutes) >= 60:  # +02:60 is no offset
                return _NOT_A_VALUE
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
            tzinfo = dt.timezone(-offset if zone[0] == "-" else offset)
        microsecond = int((fraction or "").ljust(6, "0")[:6])
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            microsecond,
            tzinfo,
        )
    except (ValueError, OverflowError):  # 2025-02-30, 25:00, an offset of 24 hours or more
        return _NOT_A_VALUE


def _read_number(text: str) -> Any:
    match = _NUMBER.fullmatch(text)
    if match is None:
        return _NOT_A_VALUE
    group = match.lastgroup
    try:
        if group == "int":
            return int(text)
        if group == "oct":
            return int(match.group("oct"), 8)
        if group == "hex":
            return int(match.group("hex"), 16)
        if group == "float":
            return float(text)
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        return _NOT_A_VALUE
    if group == "inf":
        return float("-inf") if text[0] == "-" else float("inf")
    return float("nan")


def _resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.2 core (plus dates).

    Most frontmatter scalars are words, so one set lookup on the first character decides them;
    regexes only run on text that starts like a number or a date.
    """
    if not text:
        return None
    first = text[0]
    if first in _WORD_START:
        return _WORDS.get(text, text)
    if first not in _NUMBER_START:
        return text
    if len(text) >= 10 and text[4] == "-" and first in _DIGITS:
        value = _read_timestamp(text)
    else:
        value = _read_number(text)
    return text if value is _NOT_A_VALUE else value


def _read_bool(text: str) -> Any:
    value = _WORDS.get(text)
    return value if isinstance(value, bool) else _NOT_A_VALUE


def _read_null(text: str) -> Any:
    return None if text == "" or (text in _WORDS and _WORDS[text] is None) else _NOT_A_VALUE


def _read_int(text: str) -> Any:
    value = _read_number(text)
    return value if isinstance(value, int) else _NOT_A_VALUE


def _read_float(text: str) -> Any:
    value = _read_number(text)
    if not isinstance(value, (int, float)):
        return _NOT_A_VALUE
    try:
        return float(value)
    except OverflowError:  # !!float 0x followed by hundreds of digits
        return float("inf")


def _read_binary(text: str) -> Any:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return _NOT_A_VALUE


_TAGGED_SCALAR_READERS: Final[dict[str, Callable[[str], Any]]] = {
    _STR_TAG: str,
    _YAML_ORG + "int": _read_int,
    _YAML_ORG + "float": _read_float,
    _YAML_ORG + "bool": _read_bool,
    _YAML_ORG + "null": _read_null,
    _YAML_ORG + "timestamp": _read_timestamp,
    _YAML_ORG + "binary": _read_binary,
}


# --- building values from nodes --------------------------------------------------------------


class _Stop(Exception):
    """Abandon the walk: the text cannot be read as a mapping."""

    def __init__(self, kind: str, node: Node, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.node = node
        self.message = message


# A problem before its line is mapped to the file: (line0, column0, kind, message).
_RawProblem = tuple[int, int, str, str]


class _Builder:
    """Turns a composed node graph into values, positions and problems.

    Recursive, two frames per level, never deeper than MAX_DEPTH (checked before descending),
    so the interpreter's recursion limit is not at risk. Paths are distinct for every value
    built, so the size of ``positions`` is the number of values built, aliases included: that
    is the expansion budget.
    """

    __slots__ = ("line_offset", "positions", "problems")

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.problems: list[_RawProblem] = []

    def build(self, node: Node, path: tuple[str | int, ...], depth: int) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + self.line_offset, mark.column + 1)
        tag = node.tag
        if type(node) is ScalarNode:
            if tag is _PLAIN_TAG:
                return _resolve_plain(node.value)
            if tag is _STR_TAG:
                return node.value
            return self.tagged_scalar(node, tag)
        if depth >= MAX_DEPTH:
            raise _Stop("too-deep", node, f"the YAML is nested more than {MAX_DEPTH} levels deep")
        items = node.value
        if len(self.positions) + len(items) > MAX_NODES:
            raise _Stop("too-large", node, f"the YAML holds more than {MAX_NODES:,} values")
        depth += 1
        if type(node) is SequenceNode:
            if tag is not _SEQ_TAG and tag != _SEQ_TAG:
                self.collection_tag_problem(node, tag, "a list")
            build = self.build
            return [build(item, (*path, index), depth) for index, item in enumerate(items)]
        if tag is not _MAP_TAG and tag != _MAP_TAG:
            self.collection_tag_problem(node, tag, "a mapping")
        return self.build_mapping(node, path, depth, None)

    def build_mapping(
        self,
        node: Node,
        path: tuple[str | int, ...],
        depth: int,
        key_positions: dict[str, tuple[int, int]] | None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        build = self.build
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _Stop(
                    "syntax",
                    key_node,
                    "YAML syntax error: a key must be plain text, not a list or mapping"
                    " (a template placeholder such as {{date}} reads as one)",
                )
            key: str = key_node.value
            if key_node.tag is not _PLAIN_TAG and key_node.tag is not _STR_TAG:
                self.key_tag_problem(key_node)
            if key in result:
                self.duplicate_key(key_node, (*path, key))
            if key_positions is not None:
                mark = key_node.start_mark
                key_positions[key] = (mark.line + self.line_offset, mark.column + 1)
            result[key] = build(value_node, (*path, key), depth)
        return result

    def tagged_scalar(self, node: Node, tag: str) -> Any:
        text: str = node.value
        reader = _TAGGED_SCALAR_READERS.get(tag)
        if reader is None:
            if tag in (_SEQ_TAG, _MAP_TAG):
                self.add(node, "unknown-tag", f"{_display_tag(tag)} cannot be applied to text")
            else:
                self.foreign_tag_problem(node, tag)
            return text
        value = reader(text)
        if value is _NOT_A_VALUE:
            self.add(
                node,
                "unknown-tag",
                f"{text!r} is not a valid {_display_tag(tag)} value; it is read as text",
            )
            return text
        return value

    def collection_tag_problem(self, node: Node, tag: str, what: str) -> None:
        if tag in _TAGGED_SCALAR_READERS or tag in (_SEQ_TAG, _MAP_TAG):
            self.add(node, "unknown-tag", f"{_display_tag(tag)} cannot be applied to {what}")
        else:
            self.foreign_tag_problem(node, tag)

    def key_tag_problem(self, key_node: Node) -> None:
        tag = key_node.tag
        if tag not in _TAGGED_SCALAR_READERS:
            self.foreign_tag_problem(key_node, tag)

    def foreign_tag_problem(self, node: Node, tag: str) -> None:
        kind = _foreign_tag_kind(tag)
        shown = _display_tag(tag)
        if kind == "unsafe-tag":
            message = f"unsafe YAML tag {shown} was not applied; the value is read as plain data"
        else:
            message = f"unknown YAML tag {shown} was ignored; the value is read as plain data"
        self.add(node, kind, message)

    def duplicate_key(self, key_node: Node, path: tuple[str | int, ...]) -> None:
        key: str = key_node.value
        self.add(
            key_node,
            "duplicate-key",
            f"duplicate key {key!r}: Obsidian cannot read properties that repeat a key;"
            " vault-tools reads the last value",
        )
        # The last value wins; forget where the earlier value's children were.
        size = len(path)
        for stale in [p for p in self.positions if len(p) > size and p[:size] == path]:
            del self.positions[stale]

    def add(self, node: Node, kind: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append((mark.line, mark.column, kind, message))


# --- positions -------------------------------------------------------------------------------

_ANY_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class _LineMap:
    """Maps libyaml's (line, column) to the file's, both 0-based.

    libyaml (YAML 1.1) also breaks lines at NEL, LS and PS; editors and the file's own line
    numbers break only at CR, LF and CRLF. Only text containing those rare characters needs the
    table, so the common case is plain addition.
    """

    __slots__ = ("table",)

    def __init__(self, text: str) -> None:
        self.table: list[tuple[int, int]] | None = None
        if text.isascii() or not any(ch in text for ch in "\x85\u2028\u2029"):
            return
        table = [(0, 0)]
        file_line = 0
        file_line_start = 0
        for match in _ANY_BREAK.finditer(text):
            if match.group() in ("\r\n", "\r", "\n"):
                file_line += 1
                file_line_start = match.end()
            table.append((file_line, match.end() - file_line_start))
        self.table = table

    def map(self, line: int, column: int) -> tuple[int, int]:
        if self.table is None or not 0 <= line < len(self.table):
            return line, column
        file_line, column_offset = self.table[line]
        return file_line, column + column_offset

    def at_index(self, text: str, index: int) -> tuple[int, int]:
        """File (line, column), 0-based, of a character index, counting CR, LF and CRLF."""
        prefix = text[:index]
        line = len(_FILE_BREAK.findall(prefix))
        last = max(prefix.rfind("\n"), prefix.rfind("\r"))
        return line, index - last - 1


_FILE_BREAK: Final = re.compile("\r\n|[\r\n]")


# --- loading ---------------------------------------------------------------------------------


def _depth_upper_bound(text: str) -> int:
    """An upper bound on nesting depth: every collection starts at one of these characters."""
    return (
        text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?") + 1
    )


def _deepest_event(text: str, loader: type[yaml.SafeLoader]) -> yaml.Event | None:
    """The event that first nests deeper than MAX_DEPTH, or None. Uses no recursion."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _compose(text: str, loader: type[yaml.SafeLoader]) -> Node | None:
    instance = loader(text)
    try:
        return instance.get_single_node()
    finally:
        instance.dispose()


def _has_cycle(root: Node) -> bool:
    """Whether some alias refers to a collection that contains it (``&a [*a]``)."""
    on_path: set[int] = set()
    done: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(node) in on_path:
            return True
        if id(node) in done or type(node) is ScalarNode:
            continue
        on_path.add(id(node))
        stack.append((node, True))
        children = node.value if type(node) is SequenceNode else [v for p in node.value for v in p]
        stack.extend((child, False) for child in children)
    return False


def _distinct_nodes(root: Node, limit: int) -> int:
    """How many different nodes the graph holds, counting up to ``limit``."""
    seen: set[int] = set()
    stack = [root]
    while stack and len(seen) <= limit:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is SequenceNode:
            stack.extend(node.value)
        elif type(node) is MappingNode:
            stack.extend(v for p in node.value for v in p)
    return len(seen)


def _explain_stop(stop: _Stop, root: Node) -> tuple[str, str]:
    """Tell alias abuse apart from honest size or depth, which both stop the walk alike."""
    if stop.kind == "too-deep" and _has_cycle(root):
        return "aliases", "an alias refers to a list or mapping that contains it"
    if stop.kind == "too-large" and _distinct_nodes(root, MAX_NODES) <= MAX_NODES:
        return "aliases", (
            f"aliases expand to more than {MAX_NODES:,} values (a 'billion laughs' document?)"
        )
    return stop.kind, stop.message


def _describe(error: yaml.MarkedYAMLError, problem: str, start_line: int | None) -> str:
    """PyYAML's (context, problem) pair as one phrase a reader can follow."""
    context = error.context
    if not context or not error.problem:
        return problem
    if "duplicate anchor" in context:  # YAML 1.2 allows this; PyYAML does not
        return "the same &anchor name is defined twice"
    if context.startswith("while "):
        # An unclosed quote or bracket is found at the end of the text: say where it began.
        if start_line is not None:
            return f"{problem} ({context} that starts on line {start_line})"
        return f"{problem} ({context})"
    return f"{context}, {problem}"  # "expected a single document in the stream, but found ..."


def _syntax_problem(
    error: yaml.YAMLError,
    text: str,
    lines: _LineMap,
    loader: type[yaml.SafeLoader],
    first_line: int,
) -> tuple[tuple[int, int], str, str]:
    """((line0, column0) in the file, kind, message) for an error raised by PyYAML."""
    if isinstance(error, yaml.MarkedYAMLError):
        problem = error.problem or error.context or "the text is not valid YAML"
        mark = error.problem_mark or error.context_mark
        start = error.context_mark
        start_line = None
        if start is not None and mark is not None and start.line != mark.line:
            start_line = lines.map(start.line, start.column)[0] + first_line
        if "maximum nesting depth" in problem:  # libyaml >= 0.2.6 stops at 1000 levels
            kind, message = "too-deep", f"the YAML is nested more than {MAX_DEPTH} levels deep"
        elif mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            kind, message = "syntax", "YAML syntax error: a tab cannot indent YAML; use spaces"
        else:
            kind, message = "syntax", f"YAML syntax error: {_describe(error, problem, start_line)}"
        position = (0, 0) if mark is None else lines.map(mark.line, mark.column)
        return position, kind, message
    if isinstance(error, yaml.reader.ReaderError):
        index = error.position
        if not issubclass(loader, yaml.reader.Reader):
            # libyaml reports a byte offset into the UTF-8 text, not a character index.
            encoded = text.encode("utf-8", "surrogatepass")[:index]
            index = len(encoded.decode("utf-8", "ignore"))
        character = error.character
        code = ord(character) if isinstance(character, str) else int(character)
        message = f"YAML syntax error: {error.reason} (character U+{code:04X})"
        return lines.at_index(text, index), "syntax", message
    return (0, 0), "syntax", f"YAML syntax error: {error}"


def _read(text: str, builder: _Builder, key_positions: dict[str, tuple[int, int]]) -> Any:
    """Compose and build; returns the values or None, leaving problems in ``builder``."""
    loader = _LOADER
    # libyaml >= 0.2.6 refuses nesting beyond 1000 levels; older libyaml and the Python
    # composer recurse once per level, so a text that *could* be that deep is checked first
    # with the event parser, which does not recurse. The bound is a few str.count calls.
    threshold = MAX_DEPTH if loader is _PythonComposeLoader else 1000
    if _depth_upper_bound(text) > threshold:
        deep = _deepest_event(text, loader)
        if deep is not None:
            message = f"the YAML is nested more than {MAX_DEPTH} levels deep"
            mark = deep.start_mark
            line, column = (0, 0) if mark is None else (mark.line, mark.column)
            builder.problems.append((line, column, "too-deep", message))
            return None
    root = _compose(text, loader)
    if root is None:  # empty, or only comments
        return {}
    if type(root) is not MappingNode:
        found = "a list" if type(root) is SequenceNode else "a single value"
        message = f"frontmatter must be properties (key: value lines), but it is {found}"
        builder.problems.append((0, 0, "not-mapping", message))
        return None
    try:
        if root.tag is not _MAP_TAG and root.tag != _MAP_TAG:
            builder.collection_tag_problem(root, root.tag, "a mapping")
        if len(root.value) > MAX_NODES:
            raise _Stop("too-large", root, f"the YAML holds more than {MAX_NODES:,} values")
        return builder.build_mapping(root, (), 1, key_positions)
    except _Stop as stop:
        kind, message = _explain_stop(stop, root)
        mark = stop.node.start_mark
        builder.problems.append((mark.line, mark.column, kind, message))
        return None


def load_mapping(text: str, first_line: int = 1) -> YamlMapping:
    """Read frontmatter YAML the way Obsidian does.

    ``text`` is the YAML between the frontmatter fences and ``first_line`` the file line of its
    first line. Never raises on any ``str``: what is wrong comes back in ``problems``, and
    ``values`` is None when the text cannot be read as a mapping.

    >>> load_mapping("created: 2023-12-04T13:14\\nFinished: no", first_line=2).values
    {'created': datetime.datetime(2023, 12, 4, 13, 14), 'Finished': 'no'}
    """
    simple = _simple_mapping(text, first_line)
    if simple is not None:
        return simple
    return _composed_mapping(text, first_line)


def _composed_mapping(text: str, first_line: int) -> YamlMapping:
    """:func:`load_mapping` by libyaml's node graph: any text."""
    lines = _LineMap(text)
    builder = _Builder(first_line if lines.table is None else 0)
    key_positions: dict[str, tuple[int, int]] = {}
    failure: tuple[tuple[int, int], str, str] | None = None
    values: dict[str, Any] | None = None
    try:
        values = _read(text, builder, key_positions)
    except yaml.YAMLError as error:
        failure = _syntax_problem(error, text, lines, _LOADER, first_line)
    except UnicodeEncodeError as error:  # a lone surrogate: a str, but not encodable text
        message = (
            "YAML syntax error: the text contains an invalid character"
            f" (U+{ord(text[error.start]):04X}, a lone surrogate)"
        )
        failure = lines.at_index(text, error.start), "syntax", message
    except (RecursionError, MemoryError, ValueError, OverflowError) as error:
        kind = "too-deep" if isinstance(error, RecursionError) else "syntax"
        failure = (0, 0), kind, f"the YAML could not be read ({type(error).__name__}: {error})"

    problems = _finish_problems(builder.problems, lines, first_line)
    if failure is not None:
        (line, column), kind, message = failure
        problems += (YamlProblem(line + first_line, column + 1, message, kind),)
    if values is None or any(problem.kind in _FATAL_KINDS for problem in problems):
        return YamlMapping(None, {}, {}, problems)
    positions = builder.positions
    if lines.table is not None:
        key_positions = _remap(key_positions, lines, first_line)
        positions = _remap(positions, lines, first_line)
    return YamlMapping(values, key_positions, positions, problems)


# The frontmatter most notes have, read without composing a node graph: top-level
# ``key: value`` lines, block lists indented by two (``  - item``) and one level of nested
# ``  key: value`` lines, each value a plain scalar on one line or a double-quoted one
# without escapes. Whatever else a text holds (comments, blank lines, flow collections,
# anchors, tags, other quoting or indentation, CR, tabs, characters libyaml refuses or
# breaks lines at, a repeated key) sends it to libyaml: this reads only texts where it
# provably builds the same values, positions and (no) problems, which a differential
# property test holds it to.
_SIMPLE_TEXT: Final = re.compile(
    r"[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*"
)
# A plain value: its first character, then characters other than `#[]{}:`, each `:` followed
# by no space (runs between colons, as the regex engine matches them fastest); it ends in
# neither a space nor a colon.
_SIMPLE_VALUE: Final = (
    r"""(?:(?P<plain>[^-?:,\[\]{}#&*!|>'"%@` ][^#\[\]{}:]*(?::(?=[^ ])[^#\[\]{}:]*)*(?<![ :]))"""
    r'|"(?P<quoted>[^"\\]*)")'
)
_SIMPLE_LINE: Final = re.compile(
    rf"(?P<indent>(?:  )?)(?:(?P<key>[A-Za-z_][A-Za-z0-9_]*):|-)(?: +{_SIMPLE_VALUE})?"
)


# Keys, key paths and (line, column) pairs repeat from note to note (`created` on line 2,
# column 10): one object each, shared by every note that has it, rather than one per note
# (lint holds thousands of notes at once: a fifth of their memory went to these). Bounded, so
# that a vault of ever-new keys cannot grow it without end.
_SHARED: dict[Any, Any] = {}  # a key, or a nested key's path: its shared copy
_KEY_PATHS: dict[str, tuple[str]] = {}  # a key: its path, (key,)
_SHARED_BOUND: Final = 20_000
# (line, column) for the lines and columns most frontmatter has, made once.
_PAIRS: Final = tuple(tuple((line, column) for column in range(48)) for line in range(64))
_Value = TypeVar("_Value")


def _share(value: _Value) -> _Value:
    """``value``'s shared copy (see :data:`_SHARED`)."""
    if len(_SHARED) < _SHARED_BOUND:
        return _SHARED.setdefault(value, value)  # type: ignore[no-any-return]
    return value


def _key_path(key: str) -> tuple[str]:
    """``(key,)``, shared (see :data:`_SHARED`)."""
    path = _KEY_PATHS.get(key)
    if path is None:
        path = (key,)
        if len(_KEY_PATHS) < _SHARED_BOUND:
            _KEY_PATHS[key] = path
    return path


def _pair(line: int, column: int) -> tuple[int, int]:
    """``(line, column)``, shared when small (see :data:`_PAIRS`)."""
    return _PAIRS[line][column] if line < 64 and column < 48 else (line, column)


# Rows recur from note to note (`type: interview`, `  - hiring`, `Finished: false`): each is
# read once, what it holds kept by its text (values are immutable: notes may share them).
# Bounded, as _SHARED is.
_ROWS: dict[str, tuple[str, str | None, Any, int | None]] = {}


def _read_row(row: str) -> tuple[str, str | None, Any, int | None] | None:
    """(indent, key or None for a list item, value, the value's 1-based column or None when
    there is none) of one row of simple frontmatter, remembered; None for any other row."""
    found = _SIMPLE_LINE.fullmatch(row)
    if found is None:
        return None
    indent, key, plain, quoted = found.groups()
    if key is not None:
        key = _SHARED.get(key) or _share(key)
    value: Any
    if plain is not None:
        value = _resolve_plain(plain)
        start = found.start(3) + 1
    elif quoted is not None:
        value = quoted
        start = found.start(4)  # the opening quote
    else:
        value = start = None
    read = (indent, key, value, start)
    if len(_ROWS) < _SHARED_BOUND:
        _ROWS[row] = read
    return read


def _simple_mapping(text: str, first_line: int) -> YamlMapping | None:
    """:func:`load_mapping` for the simple frontmatter described above, else None."""
    if not text or _SIMPLE_TEXT.fullmatch(text) is None:
        return None
    rows = text.split("\n")
    if rows[-1] == "":
        rows.pop()
    values: dict[str, Any] = {}
    key_positions: dict[str, tuple[int, int]] = {}
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    # The top-level key whose value is a block list or mapping still being read, and it.
    open_key: str | None = None
    inner: list[Any] | dict[str, Any] | None = None
    known_row = _ROWS.get
    shared, key_paths = _SHARED.get, _KEY_PATHS.get
    path: tuple[str | int, ...]
    value: Any
    for number, row in enumerate(rows, first_line):
        known = known_row(row)
        if known is None:
            known = _read_row(row)
            if known is None:
                return None
        indent, key, value, start = known
        if not indent:
            if key is None or key in values or (open_key is not None and not inner):
                return None  # a top-level list item, a repeated key, an empty list/mapping
            pairs = _PAIRS[number] if number < 64 else None
            key_positions[key] = pairs[1] if pairs is not None else (number, 1)
            if start is None:
                open_key, inner = key, None
                continue
            open_key = None
            values[key] = value
            path = key_paths(key) or _key_path(key)
            positions[path] = pairs[start] if pairs is not None and start < 48 else (number, start)
            continue
        if open_key is None or start is None:
            return None  # indented under a key that has a value, or an empty item or value
        if inner is None:  # the first item says what the key holds
            inner = {} if key is not None else []
            values[open_key] = inner
            positions[_key_path(open_key)] = _pair(number, 3)
        if isinstance(inner, list):
            if key is not None:
                return None
            path = (open_key, len(inner))
            inner.append(value)
        else:
            if key is None or key in inner:
                return None
            path = (open_key, key)
            inner[key] = value
        positions[shared(path) or _share(path)] = _pair(number, start)
    if open_key is not None and not inner:
        return None  # a key with nothing after it (null)
    return YamlMapping(values, key_positions, positions, ())


def _finish_problems(
    raw: list[_RawProblem], lines: _LineMap, first_line: int
) -> tuple[YamlProblem, ...]:
    """File positions, with repeats (a tag inside an alias used twice) reported once."""
    if not raw:
        return ()
    unique: dict[YamlProblem, None] = {}
    for line, column, kind, message in raw:
        file_line, file_column = lines.map(line, column)
        unique[YamlProblem(file_line + first_line, file_column + 1, message, kind)] = None
    return tuple(unique)


_Key = TypeVar("_Key")


def _remap(
    positions: dict[_Key, tuple[int, int]], lines: _LineMap, first_line: int
) -> dict[_Key, tuple[int, int]]:
    """Positions built in libyaml's lines (first line 0), moved to the file's lines."""
    remapped: dict[_Key, tuple[int, int]] = {}
    for key, (line, column) in positions.items():
        file_line, file_column = lines.map(line, column - 1)
        remapped[key] = (file_line + first_line, file_column + 1)
    return remapped
