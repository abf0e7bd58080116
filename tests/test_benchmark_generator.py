"""The benchmark vault generator is deterministic and writes the mix the benchmarks rely on."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    """Import a benchmarks/ script by path (benchmarks/ is not a package)."""
    module_name = f"_benchmarks_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


make_vault_module = _load("make_vault")
floor_module = _load("floor")


def _digest(root: Path) -> str:
    """One hash over every file's vault-relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "vault"
    make_vault_module.make_vault(root, 200)
    return root


def test_same_seed_same_bytes(vault: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    make_vault_module.make_vault(again, 200, seed=1)
    assert _digest(again) == _digest(vault)


def test_another_seed_another_vault(vault: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_vault_module.make_vault(other, 200, seed=2)
    assert _digest(other) != _digest(vault)


def test_exactly_the_requested_number_of_notes(vault: Path) -> None:
    notes = list(floor_module.markdown_files(str(vault)))
    assert len(notes) == 200


def _texts(vault: Path) -> list[str]:
    return [
        Path(path).read_bytes().decode("utf-8", errors="replace")
        for path in floor_module.markdown_files(str(vault))
    ]


@pytest.mark.parametrize(
    ("marker", "at_least"),
    [
        ("\ntype: interview\n", 40),
        ("\ntype: candidate\n", 5),
        ("\ntype: case\n", 3),
        ("\nFinished: ", 50),
        ("![[", 5),
        ("%%", 5),
        ("```", 20),
        ("{{date", 3),  # templates
        ("\nmeeting_time: 12:30\n", 1),
        ("tags:\n\t- ", 1),  # a tab where YAML wants spaces
        ("\ufffd", 1),  # bytes that are not UTF-8
    ],
)
def test_the_mix_contains(vault: Path, marker: str, at_least: int) -> None:
    assert sum(marker in text for text in _texts(vault)) >= at_least


def test_config_folder_and_attachments(vault: Path) -> None:
    config = vault / ".obsidian"
    assert (config / "templates.json").read_text().count('"Templates"') == 1
    assert '"types"' in (config / "types.json").read_text()
    assert list((vault / "Attachments").glob("*.png"))


def test_some_names_repeat_in_different_folders(tmp_path: Path) -> None:
    make_vault_module.make_vault(tmp_path / "big", 1500)
    names = [Path(path).name.lower() for path in floor_module.markdown_files(str(tmp_path))]
    assert len(names) - len(set(names)) >= 2


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "precious.md").write_text("mine")
    with pytest.raises(FileExistsError):
        make_vault_module.make_vault(tmp_path, 200)
    assert (tmp_path / "precious.md").read_text() == "mine"


def test_floor_reads_every_note(vault: Path) -> None:
    notes, failures = floor_module.read_all(vault)
    assert notes == 200
    assert failures >= 2  # the YAML syntax error and the tab at least
    assert floor_module.measure_floor(vault) > 0


def _kinds(root: Path) -> dict[str, int]:
    found = {"interview": 0, "candidate": 0, "case": 0, "notes": 0}
    for path in floor_module.markdown_files(str(root)):
        found["notes"] += 1
        head = Path(path).read_bytes()[:400]
        for kind in ("interview", "candidate", "case"):
            found[kind] += f"\ntype: {kind}\n".encode() in head
    return found


def test_a_bigger_vault_with_the_hiring_notes_of_a_smaller_one(vault: Path, tmp_path: Path) -> None:
    # What the watcher benchmark grows the vault with while the hiring data stays as it is.
    bigger = tmp_path / "bigger"
    make_vault_module.make_vault(bigger, 600, hiring_as_in=200)
    small, large = _kinds(vault), _kinds(bigger)
    assert large["notes"] == 600
    assert small["interview"] > 0
    for kind in ("interview", "candidate", "case"):
        assert large[kind] == small[kind]
    marker = make_vault_module.read_marker(bigger)
    assert marker is not None and marker["hiring_as_in"] == 200
