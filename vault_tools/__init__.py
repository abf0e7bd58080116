"""vault-tools: read an Obsidian vault exactly as Obsidian does; lint, index and retrospect it.

The public API, at the top::

    import vault_tools as vt

    vault = vt.Vault.open("example_vault")
    findings = vt.lint(vault)  # list[vt.Diagnostic], sorted
    q3 = vt.retrospective(vault, "2025-Q3")

Each name is imported on first use, not here: ``vault-tools --help`` and ``import vault_tools``
stay fast (no YAML, JSON Schema, markdown-it or watchdog loaded until a name needs them).

``vt.lint`` is the function :func:`vault_tools.lint.lint`, although a submodule of the same name
exists; the module is reached by its full name (``from vault_tools.lint import lint_folder``).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from vault_tools._version import __version__

# Public name -> the module that defines it.
_EXPORTS = {
    "Diagnostic": "vault_tools.diagnostics",
    "Note": "vault_tools.note",
    "ObsidianHandler": "vault_tools.frontmatter_handler",
    "Severity": "vault_tools.diagnostics",
    "Vault": "vault_tools.vault",
    "VaultToolsError": "vault_tools.errors",
    "lint": "vault_tools.lint",
    "retrospective": "vault_tools.generate",
}

__all__ = [
    "Diagnostic",
    "Note",
    "ObsidianHandler",
    "Severity",
    "Vault",
    "VaultToolsError",
    "__version__",
    "lint",
    "retrospective",
]

if TYPE_CHECKING:
    import datetime as dt

    from vault_tools.diagnostics import Diagnostic, Severity
    from vault_tools.errors import VaultToolsError
    from vault_tools.frontmatter_handler import ObsidianHandler
    from vault_tools.generate import Retrospective
    from vault_tools.hiring import Quarter
    from vault_tools.lint import lint
    from vault_tools.note import Note
    from vault_tools.vault import Vault

    # Spelled out, not imported: inside the package's own import cycle mypy takes
    # `vault_tools.generate.retrospective` for the submodule of that name, not the function.
    # tests/test_api.py checks that this signature is the function's.
    def retrospective(
        vault: Vault, quarter: Quarter | str, today: dt.date | None = None
    ) -> Retrospective:
        """One quarter's retrospective, computed but not written."""


if not TYPE_CHECKING:  # type checkers see the imports above; a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'vault_tools' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # found directly from now on
        return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(types.ModuleType):
    """Keeps ``vault_tools.lint`` the function: the first import of the submodule of that name
    sets it as the package's attribute, which would hide the function from then on."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in _EXPORTS:
            return  # the submodule stays in sys.modules, reached by its full name
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
