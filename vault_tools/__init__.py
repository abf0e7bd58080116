"""vault-tools: read an Obsidian vault exactly as Obsidian does; lint, index and retrospect it."""

from __future__ import annotations

__version__ = "0.1.0"
