"""Which schema files are in force for a vault, and a fingerprint of them: what lint's cache
keys on. Light on purpose (no YAML, no JSON Schema): a lint run answered from its cache
reads the schema files' bytes and parses none, so it does not load what parses them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from vault_tools.config import Config, SettingsFileError, read_settings_file
from vault_tools.errors import SchemaError

__all__ = ["BUILTIN_FOLDER", "SCHEMA_SUFFIX", "schema_bytes", "schema_files", "schemas_fingerprint"]

BUILTIN_FOLDER = Path(__file__).parent / "schemas"
SCHEMA_SUFFIX = ".yaml"


def schema_files(config: Config) -> list[tuple[str, Path, bool]]:
    """(name, path, built-in) for every schema in force; a vault file wins over a built-in."""
    found: dict[str, tuple[str, Path, bool]] = {}
    for path in sorted(BUILTIN_FOLDER.glob("*" + SCHEMA_SUFFIX)):
        found[path.stem] = (path.stem, path, True)
    folder = config.root / config.schemas_folder
    if folder.is_dir():
        for path in sorted(folder.glob("*" + SCHEMA_SUFFIX)):
            # Not only regular files: a FIFO or a device there is reported, not passed over.
            if not path.is_dir() and not path.name.startswith("."):
                found[path.stem] = (path.stem, path, False)
    return [found[name] for name in sorted(found)]


def schemas_fingerprint(config: Config) -> str:
    """Changes whenever a schema in force changes; cheap (reads bytes, parses nothing)."""
    digest = hashlib.sha256()
    for name, path, builtin in schema_files(config):
        digest.update(f"{name}\0{builtin}\0".encode())
        digest.update(schema_bytes(config, path, builtin))
    return digest.hexdigest()[:16]


def schema_bytes(config: Config, path: Path, builtin: bool) -> bytes:
    """A schema file's bytes; a vault's only when it is a regular file of bounded size inside
    the vault (see config.read_settings_file)."""
    try:
        if builtin:
            return path.read_bytes()
        data = read_settings_file(path, str(path), inside=config.root)
    except SettingsFileError as error:
        raise SchemaError(f"{error}: cannot read schema file") from error
    except OSError as error:
        raise SchemaError(f"{path}: cannot read schema file: {error}") from error
    if data is None:
        raise SchemaError(f"{path}: cannot read schema file: it is gone (a broken symlink?)")
    return data
