"""Markdown building blocks for generated notes: safe text, links, tables, Mermaid charts.

Whatever a user named a note, the generated table must not break: a ``|`` ends a cell, ``]]``
ends a link, ``#`` starts a heading link or a tag, ``%%`` starts a comment that would hide the
rest of the note, ``$`` starts math. Text is escaped so each of these reads as itself; a note
whose path cannot appear inside a wikilink at all is shown as text instead of a broken link.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING

from vault_tools.vault import name_key
from vault_tools.walk import ignored_notes

if TYPE_CHECKING:
    from vault_tools.vault import Vault

__all__ = [
    "MISSING",
    "LinkNames",
    "bar_chart",
    "cell",
    "interval",
    "linkable",
    "names_from",
    "names_state",
    "note_link",
    "number",
    "percent",
    "pie_chart",
    "plural",
    "plural_days",
    "signed",
    "table",
    "text",
    "wikilink",
]

MISSING = "–"  # an en dash: "no value" in a table cell

# Backslash-escapable ASCII punctuation that means something to Obsidian's markdown.
_ESCAPE_RE = re.compile(r"([\\`*_\[\]#|<>~=$^!])")
# Characters a wikilink's path or alias cannot hold (Obsidian cannot link them either), and
# what opens math, code or a comment inside one (the name is written twice, as path and
# label, so one `$` or backtick in a name is a pair in the link).
_UNLINKABLE_RE = re.compile(r"[\[\]|#^\\\n\r$`]|%%|<!--")


# The same few hundred names, stages and dates are escaped over and over, in every table of
# every generated note: each of these pure functions remembers its recent answers.
_MEMO = 1 << 16


@functools.lru_cache(maxsize=_MEMO)
def text(value: str) -> str:
    """``value`` as literal markdown text, safe in a paragraph or a table cell."""
    flat = " ".join(value.split())
    escaped = _ESCAPE_RE.sub(r"\\\1", flat.replace("&", "&amp;"))
    return escaped.replace("%", "&#37;")


def linkable(path: str) -> bool:
    # A link's target is read trimmed, so "Ann .md" cannot be linked as [[Ann ]].
    return not _UNLINKABLE_RE.search(path) and path == path.strip()


@functools.lru_cache(maxsize=_MEMO)
def wikilink(
    path: str, label: str | None = None, *, in_table: bool = True, by_name: bool = False
) -> str:
    """``[[Folder/Note\\|label]]`` for a vault path (``.md`` dropped); text when unlinkable.

    The full path keeps the link unambiguous however many notes share the name; ``by_name``
    writes the note's name alone instead (``[[Note\\|label]]``), for a note no other shares
    it with (see :func:`note_link`). Inside a table the alias bar is escaped so it does not
    end the cell.
    """
    target = path[:-3] if path.lower().endswith(".md") else path
    if by_name:
        target = target.rsplit("/", 1)[-1]
    shown = label if label is not None else target.rsplit("/", 1)[-1]
    if not linkable(target) or not linkable(shown):
        return text(shown)
    bar = "\\|" if in_table else "|"
    if shown == target:
        return f"[[{target}]]"
    return f"[[{target}{bar}{shown}]]"


# Which notes their name alone links to, in the vault whose notes are being rendered: set by
# names_from around a render; None (a render given no vault) writes every link in full.
_NAMES: ContextVar[LinkNames | None] = ContextVar("vault_tools_link_names", default=None)


def note_link(path: str, label: str | None = None, *, in_table: bool = True) -> str:
    """A link to one of the user's notes (a candidate, a case, an interview log): the note's
    name alone when no other note shares it, as Obsidian writes links by default and as a
    person reads them in source mode (``[[Ann Lee]]``); the full path otherwise, or when
    the render was given no vault. The name alone also still opens the note after it moved
    to another folder."""
    names = _NAMES.get()
    by_name = names is not None and names(path)
    return wikilink(path, label, in_table=in_table, by_name=by_name)


@contextlib.contextmanager
def names_from(names: LinkNames | None) -> Iterator[None]:
    """Render with ``names`` deciding how :func:`note_link` writes links (None: in full)."""
    token = _NAMES.set(names)
    try:
        yield
    finally:
        _NAMES.reset(token)


class LinkNames:
    """Which notes a link of their name alone opens: :meth:`Vault.named_alone
    <vault_tools.vault.Vault.named_alone>`, except for names that ``reserved`` says a
    generated note has or may have one day (a note named ``2025-Q3`` is linked in full: the
    quarter's note may appear beside it) and names of notes the config's ``ignore:`` leaves
    out of the vault (Obsidian still sees them). Asked once per note and remembered, so that
    a watcher can tell when a link it rendered before would now be written otherwise
    (:meth:`changed`, :meth:`look_again`)."""

    def __init__(self, vault: Vault, reserved: Callable[[str], bool]) -> None:
        self.vault = vault
        self._reserved = reserved
        self._known: dict[str, bool] = {}
        self._by_name: dict[str, list[str]] = {}  # name_key -> paths asked about
        self._hidden: frozenset[str] | None = None  # name keys of the ignored notes
        # Counts the times an answer given before changed: what was rendered with this
        # object and an older version is to be rendered again.
        self.version = 0

    def __call__(self, path: str) -> bool:
        known = self._known.get(path)
        if known is None:
            known = self._known[path] = self._ask(path)
            self._by_name.setdefault(name_key(path), []).append(path)
        return known

    def _ask(self, path: str) -> bool:
        key = name_key(path)
        if self._hidden is None:
            self._hidden = _hidden_names(self.vault)
        return key not in self._hidden and not self._reserved(key) and self.vault.named_alone(path)

    def changed(self, paths: Iterable[str]) -> bool:
        """After ``paths`` changed in the vault (appeared, went, moved): whether a note that
        was asked about and is still there would now be linked otherwise. Forgets the answers
        about notes that are gone."""
        differs = False
        notes = self.vault.notes
        for key in {name_key(path) for path in paths}:
            asked = self._by_name.get(key)
            if not asked:
                continue
            for path in list(asked):
                before = self._known.pop(path)
                if path not in notes:
                    asked.remove(path)
                    continue
                now = self._known[path] = self._ask(path)
                differs = differs or now != before
        if differs:
            self.version += 1
        return differs

    def look_again(self) -> bool:
        """Find the ignored notes again (a watcher cannot see them change, so it asks on each
        rescan): whether a link rendered before would now be written otherwise."""
        if self._hidden is None:
            return False
        hidden = _hidden_names(self.vault)
        if hidden == self._hidden:
            return False
        moved = self._hidden ^ hidden
        self._hidden = hidden
        return self.changed(path for key in moved for path in self._by_name.get(key, ()))


def _hidden_names(vault: Vault) -> frozenset[str]:
    return frozenset(name_key(path) for path in ignored_notes(vault.config))


def names_state() -> tuple[LinkNames | None, int]:
    """What links are being written with: for a cache of rendered text that outlives a
    render (it is stale when this differs)."""
    names = _NAMES.get()
    return names, names.version if names is not None else 0


def cell(value: object) -> str:
    """A table cell for a plain value: numbers as written, None as a dash, text escaped."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, int):
        return str(value)
    return text(str(value))


def number(value: float | None, digits: int = 2) -> str:
    """2.0 -> "2", 2.5 -> "2.5", 0.333 -> "0.33"; None -> dash."""
    if value is None:
        return MISSING
    rounded = round(value, digits)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0")


def signed(value: float | None) -> str:
    if value is None:
        return MISSING
    shown = number(value)
    return f"+{shown}" if value > 0 else shown


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 candidate``, ``2 candidates``."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def plural_days(days: float | None) -> str:
    if days is None:
        return MISSING
    return f"{number(days)} day" if days == 1 else f"{number(days)} days"


def whole_percent(share: float) -> int:
    """A share in whole percent, a half rounded up as a reader does (5/8: 63, not Python's
    62, which rounds a half to the even number)."""
    return math.floor(100 * share + 0.5)


def percent(value: float | None) -> str:
    return MISSING if value is None else f"{whole_percent(value)}%"


def interval(low: float | None, high: float | None) -> str:
    """A confidence interval in whole percent, rounded outwards (the interval shown holds
    the one computed: 1/2 is 9–91%, as 9.45–90.55% is)."""
    if low is None or high is None:
        return MISSING
    # (To six places first: 100 * 0.9 is 90.00000000000001, which must stay 90.)
    return f"{math.floor(round(100 * low, 6))}–{math.ceil(round(100 * high, 6))}%"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] = ()
) -> str:
    """A GFM table; ``numeric[i]`` right-aligns column i. Cells must already be markdown."""
    aligns = [
        "--:" if index < len(numeric) and numeric[index] else "---" for index in range(len(headers))
    ]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _chart_label(label: str) -> str:
    """Mermaid has no escape for a quote inside a quoted label: drop quotes and line breaks."""
    return '"' + " ".join(label.replace('"', "'").split()) + '"'


def pie_chart(title: str, slices: Sequence[tuple[str, int]]) -> str | None:
    """A Mermaid pie; empty slices are left out (Mermaid draws them as stray labels).

    None when there is nothing to draw.
    """
    drawn = [(label, count) for label, count in slices if count > 0]
    if not drawn:
        return None
    lines = ["```mermaid", "pie showData", f"    title {_chart_title(title)}"]
    lines += [f"    {_chart_label(label)} : {count}" for label, count in drawn]
    lines.append("```")
    return "\n".join(lines)


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    y_label: str,
    y_top: float | None = None,
) -> str | None:
    """A Mermaid ``xychart-beta`` bar chart with one series; None when there is nothing to draw.
    See :func:`bar_chart_series`."""
    return bar_chart_series(title, labels, [(None, values)], y_label, y_top)


def bar_chart_series(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str | None, Sequence[float]]],
    y_label: str,
    y_top: float | None = None,
) -> str | None:
    """A Mermaid ``xychart-beta`` bar chart, one ``bar`` line per (name, values) series.

    Mermaid draws a bar up from the bottom of the y-axis, not from zero, so the axis always
    runs from 0 to ``y_top`` (by default a round number above the largest value): a bar's
    height is its value. A negative value cannot be drawn honestly: show a signed difference
    as two series (above, below), each from zero. Series overlap (Mermaid has no grouped
    bars), so give each label a value in one series only.
    """
    if not labels:
        return None
    every = [value for _, values in series for value in values]
    if any(value < 0 for value in every):
        raise ValueError("a bar chart's values start at zero; split a signed value in two series")
    top = max([*every, 0.0])
    y_top = max(1, _nice_ceiling(top)) if y_top is None else max(y_top, top)
    lines = [
        "```mermaid",
        "xychart-beta",
        f"    title {_chart_label(title)}",
        "    x-axis [" + ", ".join(_chart_label(label) for label in labels) + "]",
        f"    y-axis {_chart_label(y_label)} 0 --> {number(y_top)}",
    ]
    for name, values in series:
        named = f"{_chart_label(name)} " if name else ""
        lines.append(f"    bar {named}[" + ", ".join(number(value) for value in values) + "]")
    lines.append("```")
    return "\n".join(lines)


def _chart_title(title: str) -> str:
    return " ".join(title.replace('"', "'").split())


def _nice_ceiling(value: float) -> float:
    """A round axis top at or above ``value``: 1, 2, 5, 10, 20, 50, ..."""
    if value <= 1:
        return 1
    step = 1.0
    while True:
        for multiple in (1, 2, 5):
            if multiple * step >= value:
                return multiple * step
        step *= 10
