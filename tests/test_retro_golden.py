"""Golden files of every retrospective the example vault and the fixture vault can have.

``retro --format json`` is a contract with the user's scripts: every key it printed keeps its
value (new keys may be added). The markdown and the command's text output are compared whole;
regenerate those two with ``python tests/test_retro_golden.py`` after an intended change.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vault_tools import generate
from vault_tools.cli import cli
from vault_tools.vault import Vault

HERE = Path(__file__).parent
GOLDEN = HERE / "fixtures" / "retro_golden"
VAULTS = {
    "example_vault": HERE.parent / "example_vault",
    "fixture": HERE / "fixtures" / "generate" / "vault",
}
CASES = sorted(
    (path.stem.split("-", 1)[0], path.stem.split("-", 1)[1]) for path in GOLDEN.glob("*.json")
)


def _missing_or_changed(golden: Any, now: Any, where: str = "") -> list[str]:
    """Where ``now`` lost a key of ``golden`` or changed a value (added keys are fine)."""
    if isinstance(golden, dict) and isinstance(now, dict):
        found = []
        for key, value in golden.items():
            if key not in now:
                found.append(f"{where}.{key}: missing")
            else:
                found += _missing_or_changed(value, now[key], f"{where}.{key}")
        return found
    if isinstance(golden, list) and isinstance(now, list) and len(golden) == len(now):
        found = []
        for index, (old, new) in enumerate(zip(golden, now, strict=True)):
            found += _missing_or_changed(old, new, f"{where}[{index}]")
        return found
    return [] if golden == now else [f"{where}: {golden!r} -> {now!r}"]


@pytest.fixture(scope="module")
def vaults() -> dict[str, Vault]:
    return {name: Vault.open(root) for name, root in VAULTS.items()}


def test_every_quarter_with_logs_has_golden_files() -> None:
    assert ("example_vault", "2025-Q3") in CASES
    assert ("fixture", "2025-Q2") in CASES
    assert len(CASES) == 9


@pytest.mark.parametrize(("vault_name", "quarter"), CASES)
def test_json_keeps_every_key_and_value(
    vaults: dict[str, Vault], vault_name: str, quarter: str
) -> None:
    golden = json.loads((GOLDEN / f"{vault_name}-{quarter}.json").read_text())
    now = json.loads(json.dumps(generate.retrospective(vaults[vault_name], quarter).figures))
    assert _missing_or_changed(golden, now) == []


@pytest.mark.parametrize(("vault_name", "quarter"), CASES)
def test_markdown_is_unchanged(vaults: dict[str, Vault], vault_name: str, quarter: str) -> None:
    golden = (GOLDEN / f"{vault_name}-{quarter}.md").read_text()
    assert generate.retrospective(vaults[vault_name], quarter).markdown + "\n" == golden


def _cli_output(vault_name: str, quarter: str, copy: Path) -> str:
    shutil.copytree(VAULTS[vault_name], copy)
    result = CliRunner().invoke(cli, ["retro", str(copy), "--quarter", quarter])
    return f"{result.output}exit {result.exit_code}\n"


@pytest.mark.parametrize(("vault_name", "quarter"), CASES)
def test_retro_text_output_is_unchanged(tmp_path: Path, vault_name: str, quarter: str) -> None:
    golden = (GOLDEN / f"{vault_name}-{quarter}.txt").read_text()
    assert _cli_output(vault_name, quarter, tmp_path / "vault") == golden


def _regenerate() -> None:  # pragma: no cover - run by hand after an intended change
    import tempfile

    for vault_name, quarter in CASES:
        result = generate.retrospective(Vault.open(VAULTS[vault_name]), quarter)
        stem = GOLDEN / f"{vault_name}-{quarter}"
        # The JSON golden files keep the figures as first printed: never rewritten.
        stem.with_suffix(".md").write_text(result.markdown + "\n")
        with tempfile.TemporaryDirectory() as tmp:
            stem.with_suffix(".txt").write_text(_cli_output(vault_name, quarter, Path(tmp) / "v"))


if __name__ == "__main__":  # pragma: no cover
    _regenerate() if sys.argv[1:] == [] else sys.exit("usage: python tests/test_retro_golden.py")
