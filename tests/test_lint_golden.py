"""Lint's findings on a synthetic vault stay byte-for-byte what they were.

Speed work on lint (resolving links once, reading frontmatter faster, more processes) must
change no finding. The generator is deterministic, so the JSON lint prints for its 1,000-note
vault (every kind of note, broken ones and ambiguous links included) is known by its hash;
``benchmarks/bench_lint.py --check-golden`` does the same for the 10,000-note vault.
A change of this hash is right only when a check was meant to change: then the new hash goes
here with the commit that changes the check (and ``benchmarks/lint_golden.json`` too).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from vault_tools import parallel
from vault_tools.lint import lint_folder
from vault_tools.report import format_json

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
NOTES = 1000
EXPECTED = "3ce98482d93c1eaa6680d3bb47188938dbbc01d435fb059c733b43fffa75c38e"


def _make_vault_module() -> ModuleType:
    name = "_benchmarks_make_vault"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / "make_vault.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden") / "vault"
    _make_vault_module().make_vault(root, NOTES, seed=1)
    return root


def _digest(root: Path, **options: bool) -> str:
    found = lint_folder(root, **options).diagnostics
    return hashlib.sha256(format_json(found).encode()).hexdigest()


def test_one_process_finds_exactly_what_it_found_before(synthetic: Path) -> None:
    assert _digest(synthetic, use_cache=False) == EXPECTED


def test_helper_processes_and_the_cache_find_exactly_the_same(
    synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_NOTES", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    assert _digest(synthetic, parallel=True) == EXPECTED  # cold: fills the cache
    assert _digest(synthetic, parallel=True) == EXPECTED  # warm: from the cache
