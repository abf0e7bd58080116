"""The package's modules import in one direction only: no module imports, at module level or
inside a function, one that imports it back (however far round).

A cycle that holds only because one import sits inside a function still means neither
module can be understood, tested or changed without the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import vault_tools

PACKAGE = Path(vault_tools.__file__).parent


def module_files(package: Path) -> dict[str, Path]:
    """{dotted module name: file} for every module of the package at ``package``."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports, wherever the import statement is
    (``from pkg import x`` imports the module pkg.x when x is one, else pkg itself)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in modules:
                    found.add(submodule)
                elif base in modules:
                    found.add(base)
    found.discard(name)
    return found


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".")
    if not is_package:
        parts.pop()
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, module] if module else parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = module_files(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: Mapping[str, set[str]]) -> Iterator[list[str]]:
    """One cycle (as a list of modules, the first repeated at the end) per group of modules
    that import each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    for group in groups:
        yield _path_round(graph, sorted(group))


def _path_round(graph: Mapping[str, set[str]], group: list[str]) -> list[str]:
    """A shortest way from the group's first module back to itself, within the group."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for other in sorted(graph[module] & members):
                if other == start:
                    way = [module]
                    while way[-1] != start:
                        way.append(came_from[way[-1]])
                    return [start, *reversed(way[:-1]), start]
                if other not in came_from:
                    came_from[other] = module
                    following.append(other)
        frontier = following
    return [*group, group[0]]


def test_the_package_has_no_import_cycle() -> None:
    found = [" -> ".join(cycle) for cycle in cycles(import_graph(PACKAGE))]
    assert found == [], "modules that import each other:\n" + "\n".join(found)


def test_the_walker_sees_every_kind_of_import() -> None:
    graph = import_graph(PACKAGE)
    # Module level, `from package import module`, and inside a function.
    assert "vault_tools.vault" in graph["vault_tools.lint"]
    assert "vault_tools.rules.files" in graph["vault_tools.lint"]
    assert "vault_tools.checker" in graph["vault_tools.parallel"]
    assert "vault_tools.lint" not in graph["vault_tools.vault"]


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("import os\n\n\ndef late():\n    from pkg import top\n")
    (package / "middle.py").write_text("from . import low\n")
    (package / "top.py").write_text("from pkg.sub import leaf\nfrom pkg import middle\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "leaf.py").write_text("from .. import low\n")
    (package / "alone.py").write_text("from pkg.low import late\n")
    graph = import_graph(package)
    assert graph["pkg.sub.leaf"] == {"pkg.low"}
    assert graph["pkg.alone"] == {"pkg.low"}
    assert list(cycles(graph)) == [["pkg.low", "pkg.top", "pkg.middle", "pkg.low"]]


# A function longer than this does several things: split it (the block scanner was one
# function of 437 lines, seven levels deep, before it became a class with a method a phase).
LONGEST_FUNCTION = 120


def long_functions(package: Path, limit: int) -> list[str]:
    """``module.function (N lines)`` for every function of the package longer than ``limit``."""
    found = []
    for name, path in module_files(package).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    found.append(f"{name}.{node.name} ({length} lines)")
    return sorted(found)


def test_no_function_is_longer_than_the_limit() -> None:
    assert long_functions(PACKAGE, LONGEST_FUNCTION) == []


def test_the_length_check_finds_a_long_function(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    body = "".join(f"    x{i} = {i}\n" for i in range(LONGEST_FUNCTION))
    (package / "long.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}")
    assert long_functions(package, LONGEST_FUNCTION) == [
        f"pkg.long.long ({LONGEST_FUNCTION + 1} lines)"
    ]
