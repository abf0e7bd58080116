"""How long ``Vault.open(path)`` takes, as a multiple of the floor measured in the same run.

    python benchmarks/bench_open.py [--sizes 1000,10000] [--repeat 3] [--json]

For each size, a synthetic vault is generated under ``benchmarks/.vaults/`` (or reused
when its marker says it was written by this generator version with the same note count
and seed). Then, ``--repeat`` times and interleaved, two fresh subprocesses each time the
one work item: the floor pass (``floor.measure_floor``) and ``Vault.open(path)``. Only the
call itself is timed (``time.perf_counter``, after imports and ``gc.collect()``), so
interpreter start-up and imports are excluded while module-level caches never carry over
from one run to the next. The best of each is reported with the ratio open / floor.

The target is open <= 2.0x floor at 10k notes (and above); smaller vaults are shown for
information, since fixed start-up costs dominate them. Exit status: 0 all targets met,
1 a target missed or a run failed, 2 ``vault_tools.vault`` could not be imported.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from floor import markdown_files, measure_floor, yaml_loader
from make_vault import GENERATOR_VERSION, make_vault, read_marker

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
VAULTS = BENCHMARKS / ".vaults"
TARGET_RATIO = 2.0
TARGET_FROM_NOTES = 10_000
IMPORT_LINE = "from vault_tools.vault import Vault"


def label(notes: int) -> str:
    """``1000`` -> ``1k``, ``50000`` -> ``50k``, anything else as is."""
    return f"{notes // 1000}k" if notes % 1000 == 0 else str(notes)


def ensure_vault(notes: int, seed: int, hiring_as_in: int | None = None) -> Path:
    """A generated vault of ``notes`` notes, reused when it is already there and current.

    ``hiring_as_in``: with the hiring notes of a vault that size (see ``make_vault``); such a
    vault lives in ``.vaults/<notes>-hiring<size>``.
    """
    name = label(notes) if hiring_as_in is None else f"{label(notes)}-hiring{label(hiring_as_in)}"
    vault = VAULTS / name
    expected: dict[str, object] = {"generator_version": GENERATOR_VERSION, "notes": notes}
    expected["seed"] = seed
    if hiring_as_in is not None:
        expected["hiring_as_in"] = hiring_as_in
    current = read_marker(vault) == {**expected, "complete": True}
    if current and sum(1 for _ in markdown_files(os.fspath(vault))) == notes:
        return vault
    print(f"generating {vault.relative_to(REPOSITORY)} ({notes} notes)...", file=sys.stderr)
    start = time.perf_counter()
    make_vault(vault, notes, seed, hiring_as_in)
    print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return vault


# --------------------------------------------------------------------------- workers
# Each timed run is `python bench_open.py --worker KIND VAULT` in a fresh process; it
# prints one JSON object on stdout.


def run_worker(kind: str, vault: Path) -> int:
    if kind == "floor":
        seconds = measure_floor(vault)
        print(json.dumps({"seconds": seconds}))
        return 0
    from vault_tools.vault import Vault

    gc.collect()
    start = time.perf_counter()
    opened = Vault.open(vault)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "notes": len(opened.notes)}))
    return 0


def _environment(cache_home: str) -> dict[str, str]:
    environment = dict(os.environ)
    # A checkout that is not pip-installed still benchmarks its own code.
    paths = [os.fspath(REPOSITORY), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    # Vault.open must start cold, and a benchmark must not touch the user's cache.
    environment["XDG_CACHE_HOME"] = cache_home
    return environment


def spawn(kind: str, vault: Path) -> dict[str, Any]:
    """One timed run in a fresh interpreter; raises RuntimeError with its stderr on failure."""
    with tempfile.TemporaryDirectory(prefix="vault-tools-bench-cache-") as cache_home:
        completed = subprocess.run(
            [sys.executable, __file__, "--worker", kind, os.fspath(vault)],
            cwd=REPOSITORY,
            env=_environment(cache_home),
            capture_output=True,
            text=True,
            timeout=900,
        )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip() or f"exit status {completed.returncode}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def vault_import_error() -> str | None:
    """Why ``from vault_tools.vault import Vault`` fails in a fresh process, or None."""
    with tempfile.TemporaryDirectory(prefix="vault-tools-bench-cache-") as cache_home:
        completed = subprocess.run(
            [sys.executable, "-c", IMPORT_LINE],
            cwd=REPOSITORY,
            env=_environment(cache_home),
            capture_output=True,
            text=True,
            timeout=120,
        )
    if completed.returncode == 0:
        return None
    lines = completed.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {completed.returncode}"


# --------------------------------------------------------------------------- driver


def measure(notes: int, seed: int, repeat: int, open_available: bool) -> dict[str, Any]:
    vault = ensure_vault(notes, seed)
    measure_floor(vault)  # warm the page cache so neither side pays for the disk
    floor_runs: list[float] = []
    open_runs: list[float] = []
    row: dict[str, Any] = {"notes": notes, "vault": os.fspath(vault.relative_to(REPOSITORY))}
    error = None
    for _ in range(repeat):
        floor_runs.append(spawn("floor", vault)["seconds"])
        if open_available and error is None:
            try:
                result = spawn("open", vault)
            except RuntimeError as failure:
                error = str(failure).splitlines()[-1]
            else:
                open_runs.append(result["seconds"])
                row["vault_notes"] = result["notes"]
    floor_seconds = min(floor_runs)
    open_seconds = min(open_runs) if open_runs else None
    ratio = open_seconds / floor_seconds if open_seconds is not None else None
    applies = notes >= TARGET_FROM_NOTES
    if error is not None:
        status = "ERROR"
    elif ratio is None:
        status = "SKIP"
    elif not applies:
        status = "info"
    else:
        status = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    row.update(
        floor_seconds=floor_seconds,
        open_seconds=open_seconds,
        ratio=ratio,
        target=f"<= {TARGET_RATIO}x" if applies else None,
        status=status,
        floor_runs=floor_runs,
        open_runs=open_runs,
        error=error,
    )
    return row


def _format_row(row: dict[str, Any]) -> str:
    open_text = f"{row['open_seconds']:.3f}" if row["open_seconds"] is not None else "—"
    ratio_text = f"{row['ratio']:.2f}x" if row["ratio"] is not None else "—"
    target_text = row["target"] or "—"
    return (
        f"{row['notes']:>7}  {row['floor_seconds']:>8.3f}  {open_text:>8}  "
        f"{ratio_text:>10}  {target_text:>8}  {row['status']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000", help="comma-separated note counts (default 1000,10000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; best is kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "VAULT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker:
        kind, vault = arguments.worker
        return run_worker(kind, Path(vault))

    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]
    yaml_loader()  # warns once when libyaml is missing
    import_error = vault_import_error()
    if import_error is not None:
        print(
            f"note: cannot benchmark Vault.open yet — `{IMPORT_LINE}` failed: {import_error}\n"
            "      (showing the floor only; rerun once vault_tools/vault.py has landed)",
            file=sys.stderr,
            flush=True,
        )
    rows = []
    if not arguments.json:
        print(
            f"Vault.open vs floor — best of {arguments.repeat}, Python "
            f"{platform.python_version()}, libyaml {yaml.__with_libyaml__}, "
            f"{os.cpu_count()} CPUs, generator v{GENERATOR_VERSION}"
        )
        print(
            f"{'notes':>7}  {'floor s':>8}  {'open s':>8}  {'open/floor':>10}  {'target':>8}",
            flush=True,
        )
    for notes in sizes:
        row = measure(notes, arguments.seed, arguments.repeat, import_error is None)
        rows.append(row)
        if not arguments.json:
            print(_format_row(row), flush=True)
            if row["error"]:
                print(f"         Vault.open failed: {row['error']}", file=sys.stderr)
    if arguments.json:
        report = {
            "benchmark": "vault_open",
            "python": platform.python_version(),
            "libyaml": bool(yaml.__with_libyaml__),
            "cpus": os.cpu_count(),
            "generator_version": GENERATOR_VERSION,
            "seed": arguments.seed,
            "repeat": arguments.repeat,
            "target_ratio": TARGET_RATIO,
            "target_from_notes": TARGET_FROM_NOTES,
            "import_error": import_error,
            "rows": rows,
        }
        print(json.dumps(report, indent=2))
    if import_error is not None:
        return 2
    return 1 if any(row["status"] in ("FAIL", "ERROR") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
