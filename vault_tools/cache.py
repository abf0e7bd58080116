"""Where vault-tools keeps what it remembers between runs: outside the vault.

A vault is synced and versioned, so nothing is ever written inside it: caches and locks live
in the user's cache directory (``$VAULT_TOOLS_CACHE_DIR``, else the platform's cache folder).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

__all__ = ["cache_home", "lint_cache_path"]


def cache_home() -> Path:
    override = os.environ.get("VAULT_TOOLS_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "vault-tools"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "vault-tools" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vault-tools"


def lint_cache_path(root: Path, directory: Path | None = None) -> Path:
    """The file that keeps the last lint run of the vault at ``root``."""
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return (directory or cache_home()) / f"{key}.lint.marshal"
