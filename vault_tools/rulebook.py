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

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from vault_tools.diagnostics import Diagnostic, Severity

__all__ = ["DOC_SECTIONS", "Fix", "Rule", "declare", "declared", "default_severity"]

# A safe fix: given the note's whole text (decoded, line endings and BOM as on disk) and one
# finding of the rule, the note's text with that one offending value fixed, or None when the
# right change is not certain. A fix may change only the bytes of the offending value; the
# tool that applies fixes checks this, writes atomically, and never applies an uncertain fix.
Fix = Callable[[str, Diagnostic], str | None]

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
        fixable = " Fixable." if self.fix is not None else ""
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


def declared() -> tuple[Rule, ...]:
    """The rules declared so far, by code (:mod:`vault_tools.rules.catalog` imports them all)."""
    return tuple(rule for _, rule in sorted(_DECLARED.items()))


def default_severity(code: str) -> Severity:
    """The declared severity of ``code`` (an error for a code never declared)."""
    rule = _DECLARED.get(code)
    return rule.severity if rule is not None else Severity.ERROR
