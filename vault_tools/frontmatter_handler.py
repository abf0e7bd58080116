"""A python-frontmatter handler that reads frontmatter the way Obsidian does.

Scripts written for python-frontmatter get Obsidian's values by naming the handler::

    import frontmatter
    import vault_tools

    post = frontmatter.load("Work/Hiring.md", handler=vault_tools.ObsidianHandler())
    post["created"]  # created: 2023-12-04T13:14 -> datetime(2023, 12, 4, 13, 14), not text
    post["reviewed"]  # reviewed: no -> "no", not False (YAML 1.1)

The fences follow Obsidian's rule, exactly as :func:`vault_tools.note.parse_note` reads them
(a ``---`` first line, a closing ``---`` or ``...`` line; without both there are no properties
and the whole text is content), and the values are YAML 1.2 as Obsidian has them
(:mod:`vault_tools.yaml12`): ``12:30`` is text, ``012`` is twelve, tags that would build Python
objects are never honoured. python-frontmatter strips the text before a handler sees it, so a
note that starts with blank lines still has its properties read here (Obsidian shows none).

Frontmatter that cannot be read as properties raises :class:`FrontmatterError` with the file
line, as python-frontmatter's own YAML handler raises on broken YAML. Lint keeps its own
parser: it reports every problem as a diagnostic and keeps each value's line.
"""

from __future__ import annotations

from typing import Any

from frontmatter.default_handlers import YAMLHandler

from vault_tools.note import split_frontmatter
from vault_tools.yaml12 import YamlProblem, load_mapping

__all__ = ["FrontmatterError", "ObsidianHandler"]


class FrontmatterError(ValueError):
    """Frontmatter that Obsidian cannot read as properties (``problems`` says where and why)."""

    def __init__(self, problems: tuple[YamlProblem, ...]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"line {p.line}, column {p.column}: {p.message}" for p in problems)
        )


class ObsidianHandler(YAMLHandler):
    """python-frontmatter's YAML handler, reading frontmatter as Obsidian does.

    ``frontmatter.load(path, handler=ObsidianHandler())`` gives the properties Obsidian shows
    (YAML 1.2 values; ``created: 2023-12-04T13:14`` a datetime; ``no`` the text "no") and the
    body as content. Writing (``frontmatter.dumps``) is python-frontmatter's YAML handler's.
    """

    def split(self, text: str) -> tuple[str, str]:
        """(frontmatter YAML, body) by Obsidian's fences; ValueError when the text has none,
        which python-frontmatter reads as a post without properties."""
        text = text.removeprefix("\ufeff")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        # An opening fence without a closing one raises ValueError: no properties, as Obsidian.
        yaml_text, _, body, _ = split_frontmatter(text)
        if yaml_text is None:
            raise ValueError("the text has no frontmatter")
        return yaml_text, body

    def load(self, fm: str, **kwargs: object) -> Any:
        """The properties of frontmatter ``fm`` (the YAML between the fences) as Obsidian reads
        them. Raises :class:`FrontmatterError` when they cannot be read."""
        # The YAML starts on the file's second line, after the opening fence.
        read = load_mapping(fm, first_line=2)
        if read.values is None:
            raise FrontmatterError(read.problems)
        return read.values
