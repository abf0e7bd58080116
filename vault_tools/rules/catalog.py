"""Every lint code, collected from the modules that declare it (see :mod:`vault_tools.rulebook`).

Codes are stable: a code is never reused for another meaning. Families: ``VT1xx`` reading
the file and its properties, ``VT2xx`` schemas, ``VT3xx`` links, ``VT4xx`` body structure,
``VT5xx`` generated notes. The README's table of codes is made from this catalog:
``vault-tools rules --format markdown``.
"""

from __future__ import annotations

from collections.abc import Sequence

# Each module that declares codes, imported for its declarations.
from vault_tools import config, note, regions, writer  # noqa: F401
from vault_tools.rulebook import Rule, declared, default_severity
from vault_tools.rules import (  # noqa: F401
    files,
    links,
    people,
    properties,
    schema,
    structure,
    window,
)

__all__ = ["BY_CODE", "RULES", "Rule", "default_severity", "markdown_table"]

RULES: tuple[Rule, ...] = declared()
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def markdown_table(rules: Sequence[Rule] | None = None) -> str:
    """The README's table of lint codes (of ``rules``, all by default)."""
    rows = ["| Code | Severity | Fix | Meaning |", "| --- | --- | --- | --- |"]
    rows.extend(
        f"| {rule.code} | {rule.severity.value} | {'safe' if rule.fix else ''} "
        f"| {_cell(rule.summary)} |"
        for rule in (RULES if rules is None else rules)
    )
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
