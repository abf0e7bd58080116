"""The public API: ``import vault_tools as vt`` (lazy, typed, documented) and ``__all__`` in
every public module."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import vault_tools
import vault_tools as vt
from vault_tools.vault import Vault

from conftest import REPOSITORY, process_environment

EXAMPLE_VAULT = REPOSITORY / "example_vault"

# What the issue promised, plus the python-frontmatter handler; where each lives is the package's
# own table (checked below against the defining modules).
PROMISED = {"Vault", "Note", "Diagnostic", "Severity", "lint", "retrospective", "VaultToolsError"}
PUBLIC = dict(vault_tools._EXPORTS)


def run_python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=process_environment(tmp_path / "cache"),
        cwd=tmp_path,
        check=False,
    )


# ------------------------------------------------------------------------------ import vault_tools
def test_importing_the_package_loads_none_of_the_heavy_dependencies(tmp_path: Path) -> None:
    heavy = ("yaml", "jsonschema", "markdown_it", "watchdog", "frontmatter", "click")
    result = run_python(
        "import sys, vault_tools\n"
        f"print(sorted(name for name in {heavy!r} if name in sys.modules))",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_public_names_work_from_a_fresh_interpreter(tmp_path: Path) -> None:
    result = run_python(
        "import vault_tools as vt\n"
        "vt.Vault; vt.lint; vt.retrospective\n"
        "vault = vt.Vault.open('vault')\n"
        "print(type(vt.lint(vault)).__name__, vt.retrospective(vault, '2025-Q3').quarter)",
        _copy_of_example_vault(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["list", "2025-Q3"]


def _copy_of_example_vault(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(EXAMPLE_VAULT, tmp_path / "vault")
    return tmp_path


@pytest.mark.parametrize(("name", "module"), sorted(PUBLIC.items()))
def test_each_public_name_is_the_library_object_with_a_docstring(name: str, module: str) -> None:
    value = getattr(vt, name)
    assert value is getattr(importlib.import_module(module), name)
    assert (value.__doc__ or "").strip(), f"vt.{name} has no docstring"


def test_the_package_lists_its_public_names() -> None:
    assert set(PUBLIC) == {*PROMISED, "ObsidianHandler"}
    assert set(vault_tools.__all__) == {*PUBLIC, "__version__"}
    assert set(PUBLIC) <= set(dir(vault_tools))
    from vault_tools import Vault as imported

    assert imported is Vault


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Vaultt'"):
        vt.Vaultt  # noqa: B018


@pytest.mark.parametrize(
    "code",
    [
        "import vault_tools.lint\nimport vault_tools as vt",  # the submodule first
        "import vault_tools as vt\nvt.lint\nimport vault_tools.lint",  # the function first
        "from vault_tools.lint import lint_folder\nfrom vault_tools import lint as function\n"
        "import vault_tools as vt\nassert function is vt.lint",
    ],
)
def test_vt_lint_stays_the_function_whichever_is_imported_first(code: str, tmp_path: Path) -> None:
    result = run_python(
        code + "\nassert vt.lint.__module__ == 'vault_tools.lint' and callable(vt.lint), vt.lint",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_vt_lint_finds_what_the_lint_engine_finds() -> None:
    vault = Vault.open(EXAMPLE_VAULT)
    engine = importlib.import_module("vault_tools.lint")
    assert vt.lint(vault) == engine.lint(vault)
    assert vt.lint(vault, paths=["Hiring/Cases"]) == engine.lint(vault, ["Hiring/Cases"])


def test_the_type_checkers_signature_of_retrospective_is_the_functions() -> None:
    tree = ast.parse(Path(vault_tools.__file__).read_text(encoding="utf-8"))
    stubs = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "retrospective"
    ]
    assert len(stubs) == 1
    stub = stubs[0]
    signature = inspect.signature(vt.retrospective)
    assert [(a.arg, ast.unparse(a.annotation)) for a in stub.args.args if a.annotation] == [
        (name, parameter.annotation) for name, parameter in signature.parameters.items()
    ]
    assert stub.returns is not None
    assert ast.unparse(stub.returns) == signature.return_annotation


# ------------------------------------------------------------------------------ __all__
def _public_modules() -> list[str]:
    names = ["vault_tools"]
    for info in pkgutil.walk_packages(vault_tools.__path__, "vault_tools."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


def test_the_walk_finds_the_modules() -> None:
    modules = _public_modules()
    assert {"vault_tools.vault", "vault_tools.rules.links", "vault_tools.generate"} <= set(modules)
    assert "vault_tools.__main__" not in modules


@pytest.mark.parametrize("name", _public_modules())
def test_every_public_module_declares_all_and_has_each_name(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    declared = getattr(module, "__all__", None)
    assert declared is not None, f"{name} has no __all__"
    assert len(declared) == len(set(declared)), f"{name}.__all__ repeats a name"
    missing = [item for item in declared if not hasattr(module, item)]
    assert missing == [], f"{name}.__all__ names what it does not have"


# ------------------------------------------------------------------------------ ARCHITECTURE.md
def test_the_architecture_picture_names_every_module() -> None:
    text = (REPOSITORY / "ARCHITECTURE.md").read_text(encoding="utf-8")
    package = Path(vault_tools.__file__).parent
    parts = [p.name for p in package.glob("*.py") if p.name != "__init__.py"]
    parts += [f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").exists()]
    assert [part for part in sorted(parts) if part not in text] == []
    assert "(ARCHITECTURE.md)" in (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_vt_lint_takes_paths_as_a_user_writes_them() -> None:
    """One path or several, `str` or `Path`, vault-relative or absolute, in any case: each
    checks the same notes; a path that names nothing is an error, never "no findings"."""
    vault = Vault.open(EXAMPLE_VAULT)
    cases = vt.lint(vault, ["Hiring/Cases"])
    assert cases and all(d.path.startswith("Hiring/Cases/") for d in cases)
    for paths in (
        "Hiring/Cases",  # one str: one path, not one path per letter
        Path("Hiring/Cases"),
        [Path("Hiring/Cases")],
        [str(EXAMPLE_VAULT / "Hiring" / "Cases")],
        ["hiring/cases/"],
        ["/Hiring/Cases"],  # from the vault's root, as a link may write it
        ["Hiring/./Cases", "Hiring//Cases"],
        ["Hiring/../Hiring/Cases"],
        sorted({d.path.removesuffix(".md") for d in cases}),  # notes' paths, `.md` optional
    ):
        assert vt.lint(vault, paths) == cases, paths
    for wrong in (["Hiring/Casse"], [str(EXAMPLE_VAULT.parent / "README.md")], ["../Hiring"]):
        with pytest.raises(ValueError, match="vault"):
            vt.lint(vault, wrong)


def test_a_note_is_got_by_path_object_and_by_absolute_path() -> None:
    vault = Vault.open(EXAMPLE_VAULT, lean=True)
    note = vault.get("Work/Hiring.md")
    assert note is not None
    assert vault.get(Path("Work/Hiring.md")) is note
    assert vault.get(EXAMPLE_VAULT / "Work" / "Hiring.md") is note
    assert vault.get("/Work/Hiring.md") is note  # from the vault's root, as before
    assert vault.get(Path("Hiring/../Work/./Hiring.md")) is note
    assert vault.get(EXAMPLE_VAULT.parent / "README.md") is None
