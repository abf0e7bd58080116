"""People named in notes: interviewers' names as written, and how close two names are.

A typo makes a new person: ``Maria Svenson`` in one log is a second interviewer in every
calibration table, ``Kwame Mensha`` a second candidate. Lint (:mod:`vault_tools.rules.people`)
and ``vault-tools new`` both ask :func:`closest_names` which known names a name is probably
meant to be.

Two names are close when, compared without case, accents and repeated spaces (:func:`fold`),
they are at most a few edits apart: insertions, deletions, substitutions and swaps of two
neighbouring letters (the Damerau-Levenshtein distance in its "optimal string alignment"
form). How many edits depends on the shorter name's length (:func:`allowed_edits`): two
for names of 8 letters or more, one from 4, none below (``Tom`` and ``Tim`` are two people).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

__all__ = [
    "Named",
    "WithProperties",
    "allowed_edits",
    "close_names",
    "closest_names",
    "edit_distance",
    "fold",
    "link_target",
    "named_interviewers",
    "person_name",
]

# (name, line, column) of each interviewer a log names, in the order written.
Named = tuple[tuple[str, int, int], ...]


def link_target(value: Any) -> str | None:
    """The target written in ``"[[Folder/Name#Heading|alias]]"``, ``"[[Name]]"`` or plain
    ``"Name"`` (``Folder/Name``); None for anything that names nothing."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2]
    text = text.split("|", 1)[0].split("#", 1)[0].strip()
    return text or None


def person_name(value: Any) -> str | None:
    """The name in ``"[[Folder/Name|alias]]"``, ``"[[Name]]"`` or plain ``"Name"``, spaces
    folded; None for anything that names nobody."""
    target = link_target(value)
    name = " ".join(target.rsplit("/", 1)[-1].split()) if target else ""
    return name or None


class WithProperties(Protocol):
    """A note, as far as its properties go (:class:`vault_tools.note.Note` is one)."""

    @property
    def properties(self) -> Mapping[str, Any]: ...

    def value_position(self, *path: str | int) -> tuple[int, int]: ...


def named_interviewers(note: WithProperties) -> Named:
    """Each interviewer ``note``'s ``interviewers`` property names, with the value's position."""
    value = note.properties.get("interviewers")
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    named = []
    for index, item in enumerate(items):
        name = person_name(item)
        if name is not None:
            at = ("interviewers",) if isinstance(value, str) else ("interviewers", index)
            line, column = note.value_position(*at)
            named.append((name, line, column))
    return tuple(named)


def fold(name: str) -> str:
    """``name`` as people compare names: no case, no accents, single spaces
    (``"José  Núñez"`` -> ``"jose nunez"``)."""
    if name.isascii():  # nothing to decompose, no accents
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def allowed_edits(first: str, second: str) -> int:
    """How many edits apart two folded names may be and still be one person's name."""
    shorter = min(len(first), len(second))
    return 2 if shorter >= 8 else 1 if shorter >= 4 else 0


def edit_distance(first: str, second: str, limit: int) -> int:
    """The Damerau-Levenshtein distance (optimal string alignment) of two strings, or
    ``limit + 1`` when it exceeds ``limit``."""
    if first == second:
        return 0
    n, m = len(first), len(second)
    if abs(n - m) > limit:
        return limit + 1
    # What both start and end with changes no distance, and two names close enough to
    # compare differ in a letter or two: the table is built for what lies between.
    shorter = min(n, m)
    start = 0
    while start < shorter and first[start] == second[start]:
        start += 1
    end = 0
    while end < shorter - start and first[n - 1 - end] == second[m - 1 - end]:
        end += 1
    first, second = first[start : n - end], second[start : m - end]
    before: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (a != b),
            )
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def closest_names(name: str, known: Iterable[str]) -> list[str]:
    """The ``known`` names that ``name`` is probably a misspelling of, closest first (then
    alphabetically): those equal to it but for case, accents or spaces, then those
    :func:`allowed_edits` edits away. ``name`` itself, spelled exactly, is never among them.

    >>> closest_names("Maria Svenson", ["Maria Svensson", "Jonas Berg"])
    ['Maria Svensson']
    >>> closest_names("maria svensson", ["Maria Svensson"])
    ['Maria Svensson']
    >>> closest_names("Tom", ["Tim"])
    []
    """
    return _closest(name, fold(name), {other: fold(other) for other in set(known)}, {})


def _closest(
    name: str,
    mine: str,
    known: Mapping[str, str],
    distances: dict[tuple[str, str], int | None],
) -> list[str]:
    """:func:`closest_names` of ``name`` (``mine``: folded) among ``known`` (each name: its
    folded form). ``distances``: the distance of each pair of folded names compared so far
    (None: not close), in either order; both orders give the same."""
    scored = []
    for other, theirs in known.items():
        if other == name:
            continue
        if mine == theirs:
            scored.append((0, other))
            continue
        pair = (mine, theirs) if mine < theirs else (theirs, mine)
        if pair in distances:
            distance = distances[pair]
        else:
            limit = allowed_edits(mine, theirs)
            distance = edit_distance(mine, theirs, limit)
            if distance > limit or not _word_by_word(mine, theirs):
                distance = None
            distances[pair] = distance
        if distance is not None:
            scored.append((distance, other))
    return [other for _, other in sorted(scored)]


def _word_by_word(first: str, second: str) -> bool:
    """Whether two names close as wholes are close word by word too: a misspelling changes
    a letter of a word (two of a long one), while ``Jon Bakke`` and ``Ben Bakke`` (two
    letters of a three-letter first name) are two people. Names of different word counts
    pass."""
    first_words, second_words = first.split(" "), second.split(" ")
    if len(first_words) != len(second_words):
        return True
    for a, b in zip(first_words, second_words, strict=True):
        limit = 2 if max(len(a), len(b)) >= 8 else 1
        if a != b and edit_distance(a, b, limit) > limit:
            return False
    return True


def close_names(names: Iterable[str]) -> dict[str, list[str]]:
    """For each of ``names``, :func:`closest_names` among the others; in about linear time
    (thousands of candidates), not by comparing every pair.

    Two names within k edits share a string made by deleting at most k letters from each
    (a swap of neighbours is one deletion on each side), so only names that share such a
    deletion are compared.
    """
    folded = {name: fold(name) for name in set(names)}
    variants = {name: _deletions(text, allowed_edits(text, text)) for name, text in folded.items()}
    # Nearly every deletion is one name's alone: those that two names share are found first
    # (by set operations, in C), and only they are indexed.
    seen: set[str] = set()
    shared: set[str] = set()
    for own in variants.values():
        shared |= own & seen
        seen |= own
    index: dict[str, list[str]] = {}
    for name, own in variants.items():
        for variant in own & shared:
            index.setdefault(variant, []).append(name)
    close = {}
    distances: dict[tuple[str, str], int | None] = {}  # each pair is compared once
    for name, own in variants.items():
        others = {
            other: folded[other]
            for variant in own & shared
            for other in index[variant]
            if other != name
        }
        close[name] = _closest(name, folded[name], others, distances) if others else []
    return close


def _deletions(text: str, depth: int) -> set[str]:
    """``text`` and every string made from it by deleting up to ``depth`` characters."""
    found = {text}
    size = len(text)
    if depth >= 1:
        ones = [text[:at] + text[at + 1 :] for at in range(size)]
        found.update(ones)
        if depth >= 2:
            # Each pair of places once: the place deleted first (`ones[first]`), then each
            # later one, which sits one place earlier in what is left.
            found.update(
                [
                    one[:second] + one[second + 1 :]
                    for first, one in enumerate(ones)
                    for second in range(first, size - 1)
                ]
            )
    frontier = found
    for _ in range(depth - 2):  # (names are never allowed more than two edits)
        frontier = {word[:at] + word[at + 1 :] for word in frontier for at in range(len(word))}
        found = found | frontier
    return found
