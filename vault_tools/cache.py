"""Parsed notes kept between runs, outside the vault.

A vault is synced and versioned, so nothing is ever written inside it: the cache lives in
the user's cache directory (``$VAULT_TOOLS_CACHE_DIR``, else the platform's cache folder),
one file per vault. Entries are re-used only when a file's size and mtime are unchanged
and the parser version and the vault's config fingerprint match.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from vault_tools import __version__
from vault_tools.config import Config
from vault_tools.note import Note

# Bump when Note or anything pickled changes shape.
CACHE_FORMAT = 1


def _parser_stamp() -> str:
    """A digest of the parsing code, so notes parsed by another version are never re-used."""
    from vault_tools import markdown, note, yaml12

    digest = hashlib.sha256()
    for module in (markdown, note, yaml12):
        try:
            digest.update(Path(str(module.__file__)).read_bytes())
        except OSError:
            digest.update(__version__.encode())
    return digest.hexdigest()[:16]


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


class NoteCache:
    """The parse cache of one vault."""

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        self.path = (directory or cache_home()) / f"{key}.notes.pickle"
        self._parser: str | None = None

    def _stamp(self, config: Config) -> tuple[int, str, str, str]:
        if self._parser is None:
            self._parser = _parser_stamp()
        return (CACHE_FORMAT, __version__, self._parser, config.fingerprint)

    def load(self, config: Config) -> dict[str, Note]:
        """Cached notes; empty when there is no usable cache (never raises)."""
        try:
            with open(self.path, "rb") as handle:
                stamp, notes = pickle.load(handle)
        except Exception:  # a missing, truncated or foreign cache is simply not used
            return {}
        if stamp != self._stamp(config) or not isinstance(notes, dict):
            return {}
        return notes

    def save(self, config: Config, notes: Mapping[str, Note]) -> None:
        """Write atomically; a cache that cannot be written is not an error."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(
                    (self._stamp(config), dict(notes)), out, protocol=pickle.HIGHEST_PROTOCOL
                )
            os.replace(temporary, self.path)
        except OSError:
            return

    def clear(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            return
