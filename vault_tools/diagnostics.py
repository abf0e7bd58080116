"""Findings about notes: what is wrong, where, and how bad.

Problems found *in notes* are values of :class:`Diagnostic`, collected and returned,
never raised. Exceptions (see :mod:`vault_tools.errors`) mean the tool cannot run.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Diagnostic", "Row", "Severity", "from_rows", "to_row"]

# A Diagnostic as plain values, the way lint's cache and its helper process keep findings:
# (path, line, column, code, severity's value, message).
Row = tuple[str, int, int, str, str, str]


class Severity(str, enum.Enum):
    """How bad a finding is: an error fails ``vault-tools lint`` (exit 1), a warning does not."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    """One finding. Sorting orders by path, then line, column and code."""

    path: str  # vault-relative POSIX path
    line: int  # 1-based file line
    column: int  # 1-based column
    code: str  # stable code such as "VT101"
    severity: Severity = field(compare=False)
    message: str = field(compare=True)

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[object, ...]]:
        return type(self), (
            self.path,
            self.line,
            self.column,
            self.code,
            self.severity,
            self.message,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


_SEVERITIES = {level.value: level for level in Severity}


def from_rows(rows: Iterable[Row]) -> list[Diagnostic]:
    """The Diagnostics of rows (see :data:`Row`)."""
    made = []
    for path, line, column, code, level, message in rows:
        diagnostic = _new(Diagnostic)
        _set_path(diagnostic, path)
        _set_line(diagnostic, line)
        _set_column(diagnostic, column)
        _set_code(diagnostic, code)
        _set_severity(diagnostic, _SEVERITIES[level])
        _set_message(diagnostic, message)
        made.append(diagnostic)
    return made


# A run's findings are made from rows by the ten thousand: by setting their slots directly,
# as markdown.Link is (the frozen __init__ goes through object.__setattr__ for each field).
_new = object.__new__
_set_path, _set_line, _set_column, _set_code, _set_severity, _set_message = (
    vars(Diagnostic)[name].__set__ for name in Diagnostic.__slots__
)


def to_row(diagnostic: Diagnostic) -> Row:
    """The row of a Diagnostic (see :data:`Row`)."""
    d = diagnostic
    return (d.path, d.line, d.column, d.code, d.severity.value, d.message)
