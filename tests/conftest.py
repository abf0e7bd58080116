"""Shared fixtures: build a vault from a dict of {relative path: text or bytes}."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import settings

from vault_tools import new, parallel, rulebook
from vault_tools.vault import Vault

# CI runs the property tests with a fixed seed, so a run is repeatable; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

MakeVault = Callable[[Mapping[str, "str | bytes"]], Path]

REPOSITORY = Path(__file__).parent.parent


def process_environment(cache: Path) -> dict[str, str]:
    """The environment of a ``python -m vault_tools`` subprocess: this checkout's package,
    and its own cache folder."""
    variables = dict(os.environ)
    variables["VAULT_TOOLS_CACHE_DIR"] = str(cache)
    variables["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPOSITORY), variables.get("PYTHONPATH", "")) if part
    )
    return variables


# Lint's calendar-dependent checks (an unfinished log days after its interview, VT212; a
# decision dated after today, VT217) see this day in every test that does not set its own,
# and `new` fills in this day: results do not drift with the date.
TEST_DAY = dt.date(2025, 7, 2)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rulebook, "current_day", lambda: TEST_DAY)
    now = dt.datetime.combine(TEST_DAY, dt.time(10, 0))
    monkeypatch.setattr(new, "current_time", lambda: now)


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user cache from tests."""
    monkeypatch.setenv("VAULT_TOOLS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """``make_vault({"Note.md": "text", "img.png": b"..."})`` -> the vault's root folder."""

    def build(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return build


class FakeClock:
    """A monotonic clock the watcher tests move by hand (no sleeps)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def reads_here(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Lint helper processes for any vault (one: the cores are two), and the notes the lint
    process reads (slowly)."""
    monkeypatch.setattr(parallel, "MIN_NOTES", 1)
    monkeypatch.setattr(parallel, "_CHUNK", 2)
    monkeypatch.setattr(parallel, "LET_GO_FROM", 1)  # as a large vault's share does
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    read = Vault.read
    done: list[str] = []

    def slow_read(self: Vault, relative: str) -> object:
        time.sleep(0.05)  # helpers start meanwhile and take chunks too
        done.append(relative)
        return read(self, relative)

    monkeypatch.setattr(Vault, "read", slow_read)
    yield done
