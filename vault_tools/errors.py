"""Exceptions for "the tool cannot run": bad configuration, a broken schema file.

Problems inside notes are never exceptions; they are :class:`~vault_tools.diagnostics.Diagnostic`.
"""

from __future__ import annotations

__all__ = ["ConfigError", "NotAVaultError", "SchemaError", "VaultToolsError"]


class VaultToolsError(Exception):
    """Base class: something stops vault-tools from running at all."""


class ConfigError(VaultToolsError):
    """The vault's vault-tools configuration cannot be used."""


class SchemaError(VaultToolsError):
    """A schema file (built-in or the vault's own) cannot be loaded."""


class NotAVaultError(VaultToolsError):
    """The given path is not a folder that can be read as a vault."""
