"""Formatters for lint findings: text for people, JSON for tools, GitHub workflow annotations.

Each takes sorted diagnostics and returns a string; printing is the CLI's job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from vault_tools.diagnostics import Diagnostic, Severity

__all__ = ["FORMATS", "format_github", "format_json", "format_text", "printable", "summary"]

FORMATS = ("text", "json", "github")


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """``path:line:col: CODE message``, one finding per line (flake8's shape).

    Control characters in a path or message are written as escapes (see :func:`printable`), so
    every finding is exactly one line, whatever a note is called.
    """
    return "".join(
        f"{printable(d.path)}:{d.line}:{d.column}: {d.code} {printable(d.message)}\n"
        for d in diagnostics
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control characters written as ``\\n``, ``\\r``, ``\\t`` or ``\\uNNNN``.

    A file may be called ``a\\nb.md`` on Linux and macOS: printed as it is, its name would
    start a second, made-up line of output (a forged finding, or a forged log line), and an
    escape sequence in a name could drive the terminal. Ordinary text is returned unchanged.
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(
        lambda match: _ESCAPES.get(match.group(), f"\\u{ord(match.group()):04x}"), text
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON array of {path, line, column, code, severity, message} objects."""
    text = json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
    # A file name that is not UTF-8 holds lone surrogates (os.fsdecode); written as they are,
    # the output would not be UTF-8. As JSON escapes, json.loads gives the same str back.
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def format_github(diagnostics: Sequence[Diagnostic], prefix: str = "") -> str:
    """GitHub Actions workflow commands (``::error file=...``): annotations on the diff.

    ``prefix`` is the vault's folder relative to the repository root ("" when the vault is
    the repository), so annotations land on the right file.
    """
    lines = []
    for d in diagnostics:
        path = f"{prefix.rstrip('/')}/{d.path}" if prefix.strip("./") else d.path
        command = "error" if d.severity is Severity.ERROR else "warning"
        properties = ",".join(
            (
                f"file={_escape_property(path)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(d.code)}",
            )
        )
        lines.append(f"::{command} {properties}::{_escape_data(d.message)}\n")
    return "".join(lines)


def summary(diagnostics: Sequence[Diagnostic], notes: int) -> str:
    """``3 errors, 5 warnings in 120 notes``."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    return (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} "
        f"in {notes} note{'s' if notes != 1 else ''}"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
