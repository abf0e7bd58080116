"""Formatters for lint findings: text for people, JSON for tools, GitHub workflow annotations.

Each takes sorted diagnostics and returns a string; printing is the CLI's job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from urllib.parse import quote

from vault_tools.diagnostics import Diagnostic, Severity

__all__ = ["FORMATS", "format_github", "format_json", "format_text", "printable", "summary"]

FORMATS = ("text", "json", "github")


def format_text(
    diagnostics: Sequence[Diagnostic], prefix: str = "", *, obsidian_vault: str | None = None
) -> str:
    """``path:line:col: CODE message``, one finding per line (flake8's shape).

    Control characters in a path or message are written as escapes (see :func:`printable`), so
    every finding is exactly one line, whatever a note is called. ``prefix``: a folder put
    before each vault-relative path (see :func:`with_prefix`). ``obsidian_vault``: the vault's
    name in Obsidian (its folder's name); each path is then a terminal hyperlink (OSC 8) that
    opens the note there (see :func:`obsidian_link`).
    """
    if obsidian_vault is None:
        # Most findings hold no control character: written as they are, and the whole text
        # checked once (a finding a line: as many line breaks as findings).
        start = f"{prefix.rstrip('/')}/" if prefix.strip("./") else ""
        text = "".join(
            [f"{start}{d.path}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in diagnostics]
        )
        if text.count("\n") == len(diagnostics) and not _has_control_but_newline(text):
            return text
    lines = []
    for d in diagnostics:
        shown = printable(with_prefix(prefix, d.path))
        if obsidian_vault is not None:
            shown = obsidian_link(shown, obsidian_vault, d.path)
        lines.append(f"{shown}:{d.line}:{d.column}: {d.code} {printable(d.message)}\n")
    return "".join(lines)


def with_prefix(prefix: str, path: str) -> str:
    """``prefix/path``; ``path`` alone for an empty prefix (or "." and "./")."""
    return f"{prefix.rstrip('/')}/{path}" if prefix.strip("./") else path


def obsidian_url(vault_name: str, path: str) -> str:
    """``obsidian://open?vault=NAME&file=PATH``, both URL-encoded: Obsidian opens the note."""
    return f"obsidian://open?vault={quote(vault_name, safe='')}&file={quote(path, safe='')}"


def obsidian_link(text: str, vault_name: str, path: str) -> str:
    """``text`` as an OSC 8 terminal hyperlink to the note ``path`` of the vault: terminals
    that know OSC 8 (iTerm2, GNOME Terminal, Windows Terminal, kitty, WezTerm...) open it in
    Obsidian on click; others print ``text`` alone. The URL holds no control character (it
    is URL-encoded), so it cannot end the escape sequence early."""
    return f"\x1b]8;;{obsidian_url(vault_name, path)}\x1b\\{text}\x1b]8;;\x1b\\"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In UTF-8: every byte but the C0 controls (line feed aside) and DEL; U+0080..U+009F (C1),
# U+2028 and U+2029.
_NOT_C0 = bytes([0x0A, *range(0x20, 0x7F), *range(0x80, 0x100)])
_C1 = re.compile(rb"\xc2[\x80-\x9f]")


def _has_control_but_newline(text: str) -> bool:
    """Whether ``text`` holds a character :func:`printable` escapes, other than a line feed.
    Looked for in its UTF-8 bytes: a regex over the text of tens of thousands of findings
    costs twice as much."""
    data = text.encode("utf-8", "surrogatepass")
    return bool(
        data.translate(None, _NOT_C0)
        or b"\xe2\x80\xa8" in data
        or b"\xe2\x80\xa9" in data
        or (b"\xc2" in data and _C1.search(data))
    )


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


def format_json(diagnostics: Sequence[Diagnostic], prefix: str = "") -> str:
    """A JSON array of {path, line, column, code, severity, message} objects (``prefix``: a
    folder put before each vault-relative path, see :func:`with_prefix`)."""
    rows = [{**d.to_dict(), "path": with_prefix(prefix, d.path)} for d in diagnostics]
    return json_text(rows) + "\n"


def json_text(value: object) -> str:
    """``value`` as indented JSON that is valid UTF-8 whatever it holds."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
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
        path = with_prefix(prefix, d.path)
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
