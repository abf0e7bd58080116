"""Whole-process ``vault-tools lint``, cold and warm, against the floor, in the same run.

    python benchmarks/bench_lint.py [--sizes 10000] [--repeat 3] [--json]
                                    [--check-golden] [--compare OTHER_CHECKOUT]

What a user waits for is the whole process: interpreter start-up, imports, reading the
vault, the checks, printing. So every number here is the wall time of a fresh subprocess,
the floor included (``python`` + PyYAML's C loader reading every note's frontmatter, see
``floor.py``), which keeps the ratios honest: start-up is paid on both sides. Beside the wall
time, each run's CPU time (user + system, its helper processes included) and peak resident
memory are taken from the operating system when the process ends.

* cold: an empty cache directory (``VAULT_TOOLS_CACHE_DIR``): parse every note, run every
  check, write the caches. Targets: cold <= 2.0x floor, its CPU time <= 3.5x the floor's.
* warm: the same command again on the unchanged vault, answered from the result cache.
  Target: warm <= 0.15x cold. Its output must be byte-for-byte the cold run's.
* edit: one interview log's mtime moved on (its bytes untouched, the mtime restored after),
  as after editing one note before a commit: that note is parsed and checked again, the
  other notes' findings are reused. Target: edit <= 0.25x cold; its output must match too.
* memory: peak RSS of the cold run <= 300 MB (stated for 50,000 notes).

Runs are interleaved (floor, cold, warm, edit) ``--repeat`` times and the best of each is
kept; each checkout's bytecode is written first, as installing it would (``compileall``).
``--compare`` runs another checkout's lint (say, the code before a change) in the same
rounds, so both versions meet the same machine load; its rows are marked with its folder.
``--check-golden`` compares the sha256 of ``lint --format json --no-cache`` with the one kept
in ``lint_golden.json`` for that vault (``--record-golden`` writes it): a speed-up must not
change one finding. Vaults come from ``make_vault.py`` under ``benchmarks/.vaults/``
(reused when current). The header says how many cores the machine has and how many helper
processes lint starts for the vault. Exit status: 0 targets met, 1 a target missed, a run
failed or a golden hash differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_open import ensure_vault
from floor import measure_floor, read_all

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
GOLDEN = BENCHMARKS / "lint_golden.json"
COLD_TARGET = 2.0  # cold <= 2.0x floor
CPU_TARGET = 3.5  # CPU time of a cold run <= 3.5x the floor's
WARM_TARGET = 0.15  # warm <= 0.15x cold
EDIT_TARGET = 0.25  # one note edited <= 0.25x cold
RSS_TARGET_MB = 300.0  # peak RSS of a cold run


@dataclass(frozen=True)
class Run:
    """One finished process: wall seconds, CPU seconds (user + system, its children
    included), peak resident memory in MB, and what it printed."""

    seconds: float
    cpu: float
    rss_mb: float
    stdout: str


def _environment(cache: str, repository: Path = REPOSITORY) -> dict[str, str]:
    environment = dict(os.environ)
    paths = [os.fspath(repository), environment.get("PYTHONPATH", "")]
    environment["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
    environment["VAULT_TOOLS_CACHE_DIR"] = cache  # never the user's cache
    environment["XDG_CACHE_HOME"] = cache
    return environment


def timed(command: list[str], cache: str, repository: Path = REPOSITORY) -> Run:
    """One fresh process (importing vault-tools from ``repository``), measured; raises
    RuntimeError when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=repository,
        env=_environment(cache, repository),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    output: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        output[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=(name, stream))
        for name, stream in (("out", process.stdout), ("err", process.stderr))
    ]
    for reader in readers:
        reader.start()
    # wait4 reports the child's resources, its own waited-for children (helpers) included.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    if process.returncode not in (0, 1):  # 1: the vault has errors, as it should
        error = output.get("err", b"").decode(errors="replace").strip()
        raise RuntimeError(error or f"exit status {process.returncode}")
    return Run(
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,  # KB on Linux
        output.get("out", b"").decode(errors="replace"),
    )


# The notes a cold lint reads are those its walk finds (templates are not among them), and
# it starts as many helpers as they are worth on this machine. Older checkouts: ``notes``.
HELPERS_PROBE = """
import sys
from pathlib import Path
from vault_tools import parallel as p
try:
    from vault_tools.config import Config
    from vault_tools.walk import walk_stat
    n = sum(kind == "note" for _, kind, _ in walk_stat(Config.load(Path(sys.argv[1]))))
except ImportError:
    n = int(sys.argv[2])
print(p.helper_count(n) if hasattr(p, "helper_count") else int(p.worth_a_helper(n)))
"""


def helpers_used(vault: Path, notes: int, repository: Path) -> int | None:
    """How many helper processes that checkout's cold lint starts for ``vault`` (of ``notes``
    notes, templates included)."""
    command = [sys.executable, "-c", HELPERS_PROBE, os.fspath(vault), str(notes)]
    with tempfile.TemporaryDirectory(prefix="vault-tools-bench-lint-") as cache:
        try:
            run = timed(command, cache, repository)
            return int(run.stdout.strip())
        except (RuntimeError, ValueError):
            return None


def golden_key(notes: int, seed: int) -> str:
    return f"{notes} notes, seed {seed}"


def golden_digest(vault: Path, repository: Path) -> str:
    """sha256 of ``lint --format json --no-cache`` on ``vault`` with that checkout."""
    command = [sys.executable, "-m", "vault_tools", "lint", "--format", "json", "--no-cache"]
    with tempfile.TemporaryDirectory(prefix="vault-tools-bench-lint-") as cache:
        run = timed([*command, os.fspath(vault)], cache, repository)
    return hashlib.sha256(run.stdout.encode()).hexdigest()


def _best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def compile_sources(repository: Path) -> None:
    """Write the checkout's bytecode, as installing vault-tools does: with none (say,
    ``PYTHONDONTWRITEBYTECODE`` is set) every run would compile all of it again (~0.2 s of
    CPU in each process), which no installed copy does."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", os.fspath(repository / "vault_tools")],
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
    )


def measure(
    notes: int, seed: int, repeat: int, versions: list[Path], golden: str
) -> list[dict[str, Any]]:
    """One row per version (``versions``: checkouts of vault-tools), measured in the same
    rounds against the same floor. ``golden``: "check", "record" or ""."""
    vault = ensure_vault(notes, seed)
    for version in versions:
        compile_sources(version)
    measure_floor(vault)  # warm the page cache so no side pays for the disk
    floor_command = [sys.executable, __file__, "--floor", os.fspath(vault)]
    lint_command = [sys.executable, "-m", "vault_tools", "lint", os.fspath(vault)]
    floor_runs: list[Run] = []
    runs: dict[Path, dict[str, list[Run]]] = {  # version -> cold/warm/edit -> runs
        version: {"cold": [], "warm": [], "edit": []} for version in versions
    }
    identical = dict.fromkeys(versions, True)
    edited = sorted((vault / "Hiring" / "Interviews").rglob("*.md"))[0]
    for round_number in range(repeat):
        with tempfile.TemporaryDirectory(prefix="vault-tools-bench-lint-") as cache:
            floor_runs.append(timed(floor_command, cache))
        # Every other round in the other order: the version measured right after the floor
        # is not always the same one (a position in the round can cost a few percent here).
        for version in versions if round_number % 2 == 0 else versions[::-1]:
            with tempfile.TemporaryDirectory(prefix="vault-tools-bench-lint-") as cache:
                cold = timed(lint_command, cache, version)
                warm = timed(lint_command, cache, version)
                before = edited.stat()
                os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
                try:
                    edit = timed(lint_command, cache, version)
                finally:
                    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
            for kind, run in (("cold", cold), ("warm", warm), ("edit", edit)):
                runs[version][kind].append(run)
            same = cold.stdout == warm.stdout == edit.stdout
            identical[version] = identical[version] and same
    floor = _best(floor_runs)
    floor_cpu = min(run.cpu for run in floor_runs)
    expected = _golden_table().get(golden_key(notes, seed))
    rows = []
    for version in versions:
        cold, warm, edit = (_best(runs[version][kind]) for kind in ("cold", "warm", "edit"))
        cold_cpu = min(run.cpu for run in runs[version]["cold"])
        rss = max(run.rss_mb for run in runs[version]["cold"])
        row: dict[str, Any] = {
            "notes": notes,
            "version": os.fspath(version),
            "vault": os.fspath(vault.relative_to(REPOSITORY)),
            "helpers": helpers_used(vault, notes, version),
            "floor_seconds": floor.seconds,
            "floor_cpu": floor_cpu,
            "cold_seconds": cold.seconds,
            "cold_cpu": cold_cpu,
            "cold_rss_mb": rss,
            "warm_seconds": warm.seconds,
            "edit_seconds": edit.seconds,
            "cold_vs_floor": cold.seconds / floor.seconds,
            "cpu_vs_floor": cold_cpu / floor_cpu,
            "warm_vs_cold": warm.seconds / cold.seconds,
            "edit_vs_cold": edit.seconds / cold.seconds,
            "warm_output_identical": identical[version],
            "floor_runs": [run.seconds for run in floor_runs],
            **{
                f"{kind}_runs": [run.seconds for run in kept]
                for kind, kept in runs[version].items()
            },
        }
        passed = (
            row["cold_vs_floor"] <= COLD_TARGET
            and row["cpu_vs_floor"] <= CPU_TARGET
            and row["warm_vs_cold"] <= WARM_TARGET
            and row["edit_vs_cold"] <= EDIT_TARGET
            and (notes < 50_000 or rss <= RSS_TARGET_MB)
            and identical[version]
        )
        if golden:
            digest = golden_digest(vault, version)
            row["golden"] = digest
            if golden == "record" and version == versions[0]:
                _record_golden(golden_key(notes, seed), digest)
            elif golden == "check":
                row["golden_matches"] = digest == expected
                passed = passed and digest == expected
        row["status"] = "PASS" if passed else "FAIL"
        rows.append(row)
    return rows


def _golden_table() -> dict[str, str]:
    try:
        table: dict[str, str] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return table


def _record_golden(key: str, digest: str) -> None:
    table = _golden_table()
    table[key] = digest
    GOLDEN.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated note counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; best is kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--compare", type=Path, action="append", default=[], help="another checkout to run"
    )
    golden = parser.add_mutually_exclusive_group()
    golden.add_argument("--check-golden", action="store_true", help="findings must not change")
    golden.add_argument("--record-golden", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", metavar="VAULT", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.floor:  # the floor's worker: one pass, in this fresh process
        read_all(Path(arguments.floor))
        return 0

    versions = [REPOSITORY, *(path.resolve() for path in arguments.compare)]
    mode = "check" if arguments.check_golden else "record" if arguments.record_golden else ""
    rows: list[dict[str, Any]] = []
    for size in (int(part) for part in arguments.sizes.split(",") if part.strip()):
        try:
            rows.extend(measure(size, arguments.seed, arguments.repeat, versions, mode))
        except RuntimeError as failure:
            rows.append({"notes": size, "status": "ERROR", "error": str(failure)})
    machine = {"python": platform.python_version(), "machine": platform.machine()}
    if arguments.json:
        print(json.dumps({**machine, "cores": _cores(), "rows": rows}, indent=2))
    else:
        print(f"{_cores()} cores, Python {machine['python']}, {machine['machine']}")
        print(
            f"{'notes':>7}  {'helpers':>7}  {'floor s':>8}  {'cold s':>8}  {'warm s':>8}  "
            f"{'edit s':>8}  {'cold/floor':>10}  {'cpu/floor':>9}  {'warm/cold':>9}  "
            f"{'edit/cold':>9}  {'RSS MB':>7}  status"
        )
        for row in rows:
            if row["status"] == "ERROR":
                print(f"{row['notes']:>7}  ERROR {row['error']}")
                continue
            notes = []
            if not row["warm_output_identical"]:
                notes.append("cached output differs!")
            if row.get("golden_matches") is False:
                notes.append("findings differ from lint_golden.json!")
            if row["version"] != os.fspath(REPOSITORY):
                notes.append(row["version"])
            helpers = "?" if row["helpers"] is None else row["helpers"]
            print(
                f"{row['notes']:>7}  {helpers:>7}  {row['floor_seconds']:>8.3f}  "
                f"{row['cold_seconds']:>8.3f}  {row['warm_seconds']:>8.3f}  "
                f"{row['edit_seconds']:>8.3f}  {row['cold_vs_floor']:>9.2f}x  "
                f"{row['cpu_vs_floor']:>8.2f}x  {row['warm_vs_cold']:>8.2f}x  "
                f"{row['edit_vs_cold']:>8.2f}x  {row['cold_rss_mb']:>7.0f}  {row['status']}"
                + "".join(f"  ({note})" for note in notes)
            )
        print(
            f"targets: cold <= {COLD_TARGET}x floor, its CPU <= {CPU_TARGET}x the floor's, "
            f"warm <= {WARM_TARGET}x cold, edit <= {EDIT_TARGET}x cold, "
            f"RSS <= {RSS_TARGET_MB:.0f} MB at 50k"
        )
    return 0 if all(row["status"] == "PASS" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
