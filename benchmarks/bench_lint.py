"""Whole-process ``vault-tools lint``, cold and warm, against the floor, in the same run.

    python benchmarks/bench_lint.py [--sizes 10000] [--repeat 3] [--json]

What a user waits for is the whole process: interpreter start-up, imports, reading the
vault, the checks, printing. So every number here is the wall time of a fresh subprocess,
the floor included (``python`` + PyYAML's C loader reading every note's frontmatter, see
``floor.py``), which keeps the ratios honest: start-up is paid on both sides.

* cold: an empty cache directory (``VAULT_TOOLS_CACHE_DIR``): parse every note, run every
  check, write the caches. Target: cold <= 2.5x floor.
* warm: the same command again on the unchanged vault, answered from the result cache.
  Target: warm <= 0.5x cold. Its output must be byte-for-byte the cold run's.
* edit: one interview log's mtime moved on (its bytes untouched, the mtime restored after),
  as after editing one note before a commit: that note is parsed and checked again, the
  other notes' findings are reused. For information; its output must match too.

Runs are interleaved (floor, cold, warm) ``--repeat`` times and the best of each is kept.
Vaults come from ``make_vault.py`` under ``benchmarks/.vaults/`` (reused when current).
Exit status: 0 targets met, 1 a target missed or a run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_open import ensure_vault
from floor import measure_floor, read_all

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
COLD_TARGET = 2.5  # cold <= 2.5x floor
WARM_TARGET = 0.5  # warm <= 0.5x cold


def _environment(cache: str) -> dict[str, str]:
    environment = dict(os.environ)
    paths = [os.fspath(REPOSITORY), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    environment["VAULT_TOOLS_CACHE_DIR"] = cache  # never the user's cache
    environment["XDG_CACHE_HOME"] = cache
    return environment


def timed(command: list[str], cache: str) -> tuple[float, str]:
    """(wall seconds, stdout) of one fresh process; raises RuntimeError when it fails."""
    start = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=REPOSITORY,
        env=_environment(cache),
        capture_output=True,
        text=True,
        timeout=900,
    )
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 1):  # 1: the vault has errors, as it should
        raise RuntimeError(completed.stderr.strip() or f"exit status {completed.returncode}")
    return seconds, completed.stdout


def measure(notes: int, seed: int, repeat: int) -> dict[str, Any]:
    vault = ensure_vault(notes, seed)
    measure_floor(vault)  # warm the page cache so no side pays for the disk
    floor_command = [sys.executable, __file__, "--floor", os.fspath(vault)]
    lint_command = [sys.executable, "-m", "vault_tools", "lint", os.fspath(vault)]
    floor_runs: list[float] = []
    cold_runs: list[float] = []
    warm_runs: list[float] = []
    edit_runs: list[float] = []
    identical = True
    edited = sorted((vault / "Hiring" / "Interviews").rglob("*.md"))[0]
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="vault-tools-bench-lint-") as cache:
            floor_runs.append(timed(floor_command, cache)[0])
            cold_seconds, cold_out = timed(lint_command, cache)
            warm_seconds, warm_out = timed(lint_command, cache)
            before = edited.stat()
            os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
            try:
                edit_seconds, edit_out = timed(lint_command, cache)
            finally:
                os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
        cold_runs.append(cold_seconds)
        warm_runs.append(warm_seconds)
        edit_runs.append(edit_seconds)
        identical = identical and cold_out == warm_out == edit_out
    floor_seconds, cold, warm = min(floor_runs), min(cold_runs), min(warm_runs)
    cold_ratio, warm_ratio = cold / floor_seconds, warm / cold
    passed = cold_ratio <= COLD_TARGET and warm_ratio <= WARM_TARGET and identical
    return {
        "notes": notes,
        "vault": os.fspath(vault.relative_to(REPOSITORY)),
        "floor_seconds": floor_seconds,
        "cold_seconds": cold,
        "warm_seconds": warm,
        "edit_seconds": min(edit_runs),
        "cold_vs_floor": cold_ratio,
        "warm_vs_cold": warm_ratio,
        "warm_output_identical": identical,
        "status": "PASS" if passed else "FAIL",
        "floor_runs": floor_runs,
        "cold_runs": cold_runs,
        "warm_runs": warm_runs,
        "edit_runs": edit_runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated note counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; best is kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--floor", metavar="VAULT", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.floor:  # the floor's worker: one pass, in this fresh process
        read_all(Path(arguments.floor))
        return 0

    rows = []
    for size in (int(part) for part in arguments.sizes.split(",") if part.strip()):
        try:
            rows.append(measure(size, arguments.seed, arguments.repeat))
        except RuntimeError as failure:
            rows.append({"notes": size, "status": "ERROR", "error": str(failure)})
    if arguments.json:
        print(
            json.dumps(
                {"python": platform.python_version(), "machine": platform.machine(), "rows": rows},
                indent=2,
            )
        )
    else:
        print(
            f"{'notes':>7}  {'floor s':>8}  {'cold s':>8}  {'warm s':>8}  {'edit s':>8}  "
            f"{'cold/floor':>10}  {'warm/cold':>9}  status"
        )
        for row in rows:
            if row["status"] == "ERROR":
                print(f"{row['notes']:>7}  ERROR {row['error']}")
                continue
            print(
                f"{row['notes']:>7}  {row['floor_seconds']:>8.3f}  {row['cold_seconds']:>8.3f}  "
                f"{row['warm_seconds']:>8.3f}  {row['edit_seconds']:>8.3f}  "
                f"{row['cold_vs_floor']:>9.2f}x  "
                f"{row['warm_vs_cold']:>8.2f}x  {row['status']}"
                + ("" if row["warm_output_identical"] else "  (cached output differs!)")
            )
        print(f"targets: cold <= {COLD_TARGET}x floor, warm <= {WARM_TARGET}x cold")
    return 0 if all(row["status"] == "PASS" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
