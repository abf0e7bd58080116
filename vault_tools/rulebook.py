"""Lint codes declared where they are raised: code, default severity, summary, doc, fix.

Each module that finds a problem declares its codes beside the check that raises them,
as ruff documents each rule above its implementation::

    UNQUOTED_LINK = declare(
        "VT121",
        Severity.WARNING,
        "a link in a property is not quoted, so YAML reads it as a list in a list",
        '''
        ## What it means
        ...
        ## Why it matters
        ...
        ## Example
        ...
        ## How to fix
        ...
        ''',
    )

A rule may offer a safe fix (:data:`Fix`): ``declare(..., fix=function)``, or
``@safe_fix(CODE)`` on a function written after the check it repairs. ``vault-tools fix``
(:mod:`vault_tools.fix`) applies it.

``declare`` returns the :class:`Rule`; its ``code`` is what the check puts in a Diagnostic,
and its ``severity`` the default (a vault's ``lint.severity`` config still overrides it).
Everything else is derived from the declarations: the catalog
(:mod:`vault_tools.rules.catalog`, which imports every declaring module), ``vault-tools
rules``, the README's table of codes and the key of lint's result cache.

This module sits at the bottom of the package (it imports nothing of it but
:mod:`vault_tools.diagnostics`), so that the parser, the region finder and the writer can
declare their codes without importing the checks above them.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from vault_tools.diagnostics import Diagnostic, Severity

__all__ = [
    "DOC_SECTIONS",
    "Change",
    "Fix",
    "Rule",
    "current_day",
    "declare",
    "declared",
    "default_severity",
    "safe_fix",
]


def current_day() -> dt.date:
    """Today, for the checks that depend on it (an unfinished log days after its interview);
    lint's cache keys on it too. Tests pin it by replacing this attribute."""
    return dt.date.today()


@dataclass(frozen=True)
class Change:
    """One change a safe fix makes: the frontmatter's characters ``start:end`` (offsets into
    the frontmatter text a fix is given, line endings as in the file) become ``text``."""

    start: int
    end: int
    text: str
    reason: str  # one line for the user: what was fixed ("level: senior -> Senior")


# A safe fix: ``fix(site, finding)`` -> the changes that repair that one finding, or None when
# the right change is not certain (then the user decides). ``site`` is the note being fixed,
# a :class:`vault_tools.rules.base.FixSite` (its frontmatter text and YAML nodes, the parsed
# note, the schemas and types in force; typed loosely here because this module sits below the
# rules). A fix changes only the characters of the offending value and never writes:
# :mod:`vault_tools.fix` checks the changes (all of a fix's or none: not over a value written
# with an anchor or a tag), turns them into byte edits and writes them atomically, and
# refuses notes whose frontmatter it cannot read exactly.
Fix = Callable[[Any, Diagnostic], Sequence[Change] | None]

# The parts every rule's doc has, in this order: `vault-tools rules CODE` prints them.
DOC_SECTIONS = ("## What it means", "## Why it matters", "## Example", "## How to fix")


@dataclass(frozen=True)
class Rule:
    """One lint code, as its declaring module states it."""

    code: str  # stable: never reused for another meaning
    severity: Severity  # the default; `lint.severity` in a vault's config overrides it
    summary: str  # one line, for `vault-tools rules` and the README's table
    doc: str = ""  # what it means, why it matters, a bad example, how to fix it (Markdown)
    fix: Fix | None = None  # a safe fix (see Fix); None: the user fixes it by hand
    module: str = ""  # where the rule is declared, and its check is

    def finding(
        self, path: str, line: int, column: int, message: str, severity: Severity | None = None
    ) -> Diagnostic:
        """A Diagnostic of this rule, with its default severity unless given."""
        return Diagnostic(
            path, max(line, 1), max(column, 1), self.code, severity or self.severity, message
        )

    def text(self) -> str:
        """The whole doc, as `vault-tools rules CODE` prints it."""
        fixable = " Fixable (`vault-tools fix`)." if self.fix is not None else ""
        head = f"{self.code} ({self.severity.value}): {self.summary}.{fixable}"
        return f"{head}\n\n{self.doc}\n" if self.doc else f"{head}\n"


_DECLARED: dict[str, Rule] = {}


def declare(
    code: str, severity: Severity, summary: str, doc: str = "", *, fix: Fix | None = None
) -> Rule:
    """Declare a lint code once, beside its check (see the module docstring)."""
    caller = inspect.currentframe()
    module = caller.f_back.f_globals.get("__name__", "") if caller and caller.f_back else ""
    rule = Rule(code, severity, summary, inspect.cleandoc(doc), fix, module)
    known = _DECLARED.get(code)
    if known is not None and known.module != module:
        raise ValueError(f"{code} is declared twice: in {known.module} and in {module}")
    _DECLARED[code] = rule
    return rule


FixFunction = TypeVar("FixFunction", bound=Fix)


def safe_fix(code: str) -> Callable[[FixFunction], FixFunction]:
    """Declare the decorated function the safe fix of ``code`` (declared just above it in
    the same module), for a fix that reads better after the check than inside ``declare``::

        @safe_fix(NOT_ALLOWED)
        def _fix_not_allowed(site: FixSite, found: Diagnostic) -> list[Change] | None: ...
    """

    def register(function: FixFunction) -> FixFunction:
        rule = _DECLARED.get(code)
        if rule is None:
            raise ValueError(f"{code} has no declaration to attach a fix to")
        if rule.fix is not None and rule.fix is not function:
            raise ValueError(f"{code} has two fixes")
        _DECLARED[code] = replace(rule, fix=function)
        return function

    return register


def declared() -> tuple[Rule, ...]:
    """The rules declared so far, by code (:mod:`vault_tools.rules.catalog` imports them all)."""
    return tuple(rule for _, rule in sorted(_DECLARED.items()))


def default_severity(code: str) -> Severity:
    """The declared severity of ``code`` (an error for a code never declared)."""
    rule = _DECLARED.get(code)
    return rule.severity if rule is not None else Severity.ERROR
