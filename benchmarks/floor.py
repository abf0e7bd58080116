"""The floor: the least work any tool must do to read a vault's notes and their YAML.

One pass: walk the vault (``os.scandir``, dot-folders skipped), read each ``.md``
file's bytes, decode UTF-8 (``errors="replace"``), take the text between the first
``---\\n`` and the next ``\\n---``, and load it with PyYAML's C loader. Nothing is
kept. Every other benchmark is reported as a ratio to this number measured in the same
run, so the ratio says how much our design costs on top of the unavoidable I/O and YAML
work, and stays comparable across machines, disks and page-cache states.

    python benchmarks/floor.py VAULT [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

_warned = False


def yaml_loader() -> type[yaml.CSafeLoader] | type[yaml.SafeLoader]:
    """PyYAML's C safe loader, or its pure-Python one (with a warning) when libyaml is absent."""
    global _warned
    if yaml.__with_libyaml__:
        return yaml.CSafeLoader
    if not _warned:
        _warned = True
        print(
            "warning: PyYAML was built without libyaml (yaml.__with_libyaml__ is False); "
            "the floor and every YAML-reading benchmark will be ~7x slower",
            file=sys.stderr,
        )
    return yaml.SafeLoader


def markdown_files(root: str) -> Iterator[str]:
    """Every ``*.md`` file under ``root``, skipping dot-folders (``.obsidian``, ``.trash``...)."""
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(".md"):
                    yield entry.path


def read_all(vault: Path) -> tuple[int, int]:
    """Do the floor's work once; return (notes read, frontmatter blocks that failed to load)."""
    loader = yaml_loader()
    notes = failures = 0
    for path in markdown_files(os.fspath(vault)):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        notes += 1
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---", 3)
        if end == -1:
            continue
        try:
            yaml.load(text[4 : end + 1], Loader=loader)
        except Exception:  # a broken note costs what it costs; the floor never stops
            failures += 1
    return notes, failures


def measure_floor(vault: Path) -> float:
    """Seconds for one floor pass over ``vault`` (see the module docstring)."""
    gc.collect()
    start = time.perf_counter()
    read_all(vault)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the floor for one vault.")
    parser.add_argument("vault", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is reported")
    arguments = parser.parse_args(argv)
    notes, failures = read_all(arguments.vault)  # also warms the page cache
    best = min(measure_floor(arguments.vault) for _ in range(arguments.repeat))
    print(
        f"{notes} notes ({failures} with YAML that did not load): floor {best:.3f} s "
        f"best of {arguments.repeat}, {best / max(notes, 1) * 1e6:.0f} µs per note"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
