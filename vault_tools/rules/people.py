"""VT213, VT214: interviewers and candidates are known people, which no single note can tell.

Both compare a name with every other the vault uses, so they read the vault's names only
(see :class:`Names`): lint runs them the same whether the notes' findings were just made,
come from its cache (each note's summary keeps the interviewers a log names) or from its
helper process. Names are compared by :func:`vault_tools.people.closest_names`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vault_tools.config import CONFIG_FILE
from vault_tools.diagnostics import Diagnostic, Row, Severity, to_row
from vault_tools.people import close_names, closest_names, fold, person_name
from vault_tools.rulebook import Change, declare, safe_fix
from vault_tools.rules.base import FixSite, replace_scalar, yaml_scalar
from vault_tools.vault import Summary, Vault

__all__ = [
    "LIKELY_DUPLICATE_CANDIDATE",
    "UNKNOWN_INTERVIEWER",
    "Names",
    "People",
    "check",
    "digest",
    "findings",
    "interviewer_problem",
    "known_interviewers",
]

UNKNOWN_INTERVIEWER = declare(
    "VT213",
    Severity.WARNING,
    "an interviewer who is not on the roster, or a likely misspelling of one who is",
    """
    ## What it means
    A log's `interviewers` names somebody the vault does not know. The known interviewers
    are the roster, `hiring.interviewers` in `.vault-tools/config.yaml`; without a roster,
    the names the logs use. Without a roster only a name used in one log that is close to a
    name used in several (a typo) is reported.

    ## Why it matters
    Interviewers are told apart by the name written: `Maria Svenson` in one log is a second
    interviewer in the retrospective's workload and calibration tables.

    ## Example
    `interviewers: [Maria Svenson]` when the roster has `Maria Svensson`: "did you mean
    Maria Svensson?". `maria svensson`: "write it as Maria Svensson".

    ## How to fix
    Correct the name; or, for a new interviewer, add them to `hiring.interviewers`.
    `vault-tools fix` writes the roster's spelling when the vault has a roster and exactly
    one name on it is close (a link stays a link); without a roster, or with two close
    names, which person was meant is for you to say.
    """,
)
LIKELY_DUPLICATE_CANDIDATE = declare(
    "VT214",
    Severity.WARNING,
    "a candidate note whose name is close to another candidate's (one person twice?)",
    """
    ## What it means
    Two candidate notes have names one or two letters apart, or that differ only in case or
    accents (`Kwame Mensha` beside `Kwame Mensah`).

    ## Why it matters
    A typo when a log was made creates a second candidate: the person's interviews are
    split between two notes, and the pipeline and retrospective count two people.

    ## Example
    `Hiring/Candidates/Kwame Mensha.md` and `Hiring/Candidates/Kwame Mensah.md`.

    ## How to fix
    Merge the two notes and point the logs' `candidate` at the one kept
    (`vault-tools mv` updates links). Two people with close names: ignore the warning.
    """,
)


@dataclass(frozen=True)
class Names:
    """The people the vault's notes name, as these checks see them."""

    # (path, name, line, column) of each interviewer named in a log
    interviewers: Sequence[tuple[str, str, int, int]]
    candidates: Sequence[str]  # the candidate notes' paths

    @classmethod
    def of_vault(cls, vault: Vault, paths: Iterable[str]) -> Names:
        """The names in the notes at ``paths`` of ``vault``, read or known by summary."""
        named: list[tuple[str, str, int, int]] = []
        candidates = []
        for path in sorted(paths):
            named.extend(
                (path, name, line, column) for name, line, column in vault.interviewers_of(path)
            )
            if vault.type_of(path) == "candidate":
                candidates.append(path)
        return cls(named, candidates)

    @classmethod
    def of_summaries(cls, summaries: Mapping[str, Summary]) -> Names:
        """The names in notes known by their summaries (lint's cached run)."""
        named = [(path, *named) for path in sorted(summaries) for named in summaries[path][3]]
        candidates = sorted(
            path for path, summary in summaries.items() if summary[0] == "candidate"
        )
        return cls(named, candidates)

    def usage(self) -> Counter[str]:
        """How many logs name each interviewer (as written)."""
        return Counter(name for _, name in {(path, name) for path, name, _, _ in self.interviewers})


def known_interviewers(roster: Sequence[str] | None, names: Names) -> list[str]:
    """The roster; without one, the names the logs use, most used first."""
    if roster is not None:
        return list(roster)
    return [name for name, _ in sorted(names.usage().items(), key=lambda item: (-item[1], item[0]))]


def interviewer_problem(
    name: str, roster: Sequence[str] | None, usage: Mapping[str, int]
) -> str | None:
    """What is wrong with ``name`` as an interviewer's name, in words; None when nothing.

    With a ``roster``, any name not on it; without one (``usage``: how many logs use each
    name, this one included), a name used once that is close to a name used more often.
    """
    if roster is not None:
        if name in roster:
            return None
        close = closest_names(name, roster)
        if close and fold(close[0]) == fold(name):
            return f"interviewer {name!r} is on the roster as {close[0]!r}: write it as {close[0]}"
        hint = f": did you mean {_either(close)}?" if close else "."
        return (
            f"interviewer {name!r} is not on the roster (hiring.interviewers in {CONFIG_FILE})"
            f"{hint} If {name} is new, add them there"
        )
    if usage.get(name, 0) > 1:
        return None
    close = [other for other in closest_names(name, usage) if usage[other] > 1]
    if not close:
        return None
    if fold(close[0]) == fold(name):
        return f"interviewer {name!r} is written {close[0]!r} in other logs: write it as {close[0]}"
    return (
        f"interviewer {name!r} is named in this log only: did you mean {_either(close)} "
        "(named in other logs)?"
    )


def _either(names: Sequence[str]) -> str:
    return " or ".join(names[:3])


def check(names: Names, roster: Sequence[str] | None) -> list[Diagnostic]:
    """Every finding about people's names, with default severities, unsorted."""
    usage = names.usage()
    problems = {name: interviewer_problem(name, roster, usage) for name in usage}
    found = []
    for path, name, line, column in names.interviewers:
        problem = problems[name]
        if problem is not None:
            found.append(UNKNOWN_INTERVIEWER.finding(path, line, column, problem))
    stems = {path: path.rsplit("/", 1)[-1].removesuffix(".md") for path in names.candidates}
    by_name: dict[str, list[str]] = {}
    for path, stem in stems.items():
        by_name.setdefault(stem, []).append(path)
    # One finding a pair, on the note later in path order, naming the earlier ones.
    close = close_names(by_name)
    for path, stem in sorted(stems.items()):
        earlier = sorted(other for name in close[stem] for other in by_name[name])
        earlier = [other for other in earlier if other < path]
        if not earlier:
            continue
        found.append(
            LIKELY_DUPLICATE_CANDIDATE.finding(
                path,
                1,
                1,
                f"candidate {stem!r} has a name close to {', '.join(earlier)}: the same person "
                "twice? Merge the notes (and the logs' links), or ignore this for two people",
            )
        )
    return found


# (a digest of what check reads, its findings as rows): what lint keeps of the check.
People = tuple[str, list[Row]]


def digest(names: Names, roster: Sequence[str] | None) -> str:
    """A digest of all that :func:`check` reads: equal digests, equal findings (the names
    change when a log's interviewers or the candidate notes do, not with most edits)."""
    # repr, not marshal: marshal's bytes depend on which objects are shared, not only values.
    read = (list(names.interviewers), list(names.candidates), roster)
    return hashlib.sha256(repr(read).encode("utf-8", "surrogateescape")).hexdigest()


def findings(names: Names, roster: Sequence[str] | None, read: str | None = None) -> People:
    """:func:`check`'s findings as rows, with the :func:`digest` of what it read (``read``:
    that digest, when the caller has it already)."""
    rows = [to_row(finding) for finding in check(names, roster)]
    return read or digest(names, roster), rows


@safe_fix(UNKNOWN_INTERVIEWER.code)
def _fix_unknown_interviewer(site: FixSite, found: Diagnostic) -> list[Change] | None:
    """VT213 with a roster: the one roster name close to the one written, spelled as on the
    roster (``[[Maria Svenson]]`` -> ``[[Maria Svensson]]``)."""
    roster = site.context.vault.config.interviewers
    path = site.path_of(found)
    if not roster or path is None or path[0] != "interviewers":
        return None
    written = site.value(path)
    if not isinstance(written, str):
        return None
    name_written = person_name(written)
    close = closest_names(name_written, roster) if name_written else []
    if len(close) != 1:
        return None
    name = close[0]
    text = name
    link = _LINK.fullmatch(written.strip())
    if link is not None:  # a link stays a link, its #heading and |display text kept
        text = f"[[{name}{link.group(1)}]]"
    return replace_scalar(site, path, yaml_scalar(text), f"interviewer: {name}")


# A link's target, then whatever follows it (`#heading`, `|display text`) up to the brackets.
_LINK = re.compile(r"\[\[[^\[\]#|]*([^\[\]]*)\]\]")
