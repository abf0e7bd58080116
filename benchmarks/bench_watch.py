"""How fast ``vault-tools watch`` follows a change, how its work grows, how much memory it holds.

    python benchmarks/bench_watch.py [--sizes 1000,50000:1000,50000] [--changes 15] [--json]

For each size, the synthetic vault (``benchmarks/.vaults/<size>``, made on first use as for
bench_open.py) is hard-linked into a temporary folder (seconds, not a copy: the benchmark's
edits and the watcher's writes both replace files, so the cached vault is never changed).
Then the real command runs in a subprocess, ``python -m vault_tools watch COPY -v``, and:

* **latency**: an interview log's ``recommendation`` is changed the way editors save (temp
  file, then rename); the clock starts at the rename and stops when the watcher's log line
  for that change arrives, which it prints after every generated note is on disk. So it
  includes the inotify delivery, the quiet period (50 ms for one lone save, 200 ms for a
  burst), the work and the log pipe. ``--changes`` edits of logs spread across the quarters,
  one at a time and 0.3 s apart, as a person saves (a faster stream counts as a burst). The
  watchers of all sizes run at once and their edits take turns (one of each size, then the
  next of each), so that a machine that slows down for a minute slows every size alike.
* **work**: what the watcher's own log lines say the regeneration took (no debounce), split
  into *reading* (re-read the changed note, update the hiring records, find the affected
  generated notes: the incremental part), *rendering* and *writing* the affected notes; the
  work is the sum of the three (each logged to a tenth of a millisecond).
* **write floor**: the least any tool keeping these notes must do per change, measured in the
  same run: encode the generated notes that change rewrote (those whose mtime moved) and write
  each atomically (temporary file, fsync, ``os.replace``, fsync of the folder), as the spec
  requires, in a scratch folder on the same file system. No reading, no rendering: a floor.
  The work of a larger size cannot be less than its floor, so ``floor(large) / work(small)``
  is the lowest work ratio any implementation of these notes could reach.
* **memory**: the watcher's resident set (VmRSS) after the edits and its peak (VmHWM).
* **sizes**: the largest generated note after the edits, and the bytes of generated notes one
  change rewrote (median): the notes are of bounded size (an interview note per quarter, the
  pipeline of open candidates, an archive note per year), so both stay flat as years of
  hiring pile up.
* **retrospective**: in this process, the figures and the markdown of one quarter of
  ``--retro-logs`` logs (the vault's newest logs, dated into one quarter), cold and after one
  of its logs changed with the parts kept between changes (as the watcher recomputes the
  quarter a change touched).

A size is a note count, or ``NOTES:HIRING`` for a vault of NOTES notes holding the interview
logs, candidates and cases of a HIRING-note vault (``make_vault``'s ``hiring_as_in``). The work
has two sizes that can grow: the vault (``50000:1000`` against ``1000``: the same hiring notes
among 49,000 more ordinary notes) and the hiring data (``50000`` against ``1000``: 50x the
interview logs, ~1,700 per quarter instead of ~35, and generated notes 50x longer).

Targets: median latency <= 300 ms (<= 150 ms at 50k notes); work at each larger size <= 1.5x
the work at the smallest; RSS at 50k notes <= 400 MB; no generated note larger than 512 KB
and less than 1 MB rewritten per change. Exit status 0 when every target is met, 1 otherwise.
The machine has 2 cores: run it alone, not while tests run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench_open import ensure_vault, label

BENCHMARKS = Path(__file__).resolve().parent
REPOSITORY = BENCHMARKS.parent
LATENCY_TARGET = 0.300
LATENCY_TARGET_LARGE = 0.150  # at RSS_TARGET_NOTES notes and more
NOTE_SIZE_TARGET = 512 * 1024  # the largest generated note
REWRITE_TARGET = 1024 * 1024  # bytes of generated notes one change rewrites
WORK_RATIO_TARGET = 1.5
RSS_TARGET_MB = 400
RSS_TARGET_NOTES = 50_000
RECOMMENDATIONS = ("strong-no", "no", "yes", "strong-yes")
PAUSE = 0.3  # between one regeneration and the next edit: longer than the quiet period
_RECOMMENDATION_RE = re.compile(r"(?m)^recommendation:[^\n]*$")
_TOTAL_RE = re.compile(r"\((\d+(?:\.\d+)?) (ms|s)\)\s*$")
_SPLIT_RE = re.compile(r"time: reading (\S+) (ms|s), rendering (\S+) (ms|s), writing (\S+) (ms|s)")


def _seconds(number: str, unit: str) -> float:
    return float(number) / 1000 if unit == "ms" else float(number)


def linked_copy(source: Path, target: Path) -> None:
    """A copy of ``source`` made of hard links (falls back to copying across devices)."""
    for folder, _folders, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        os.makedirs(target / relative, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(folder, name), target / relative / name)
            except OSError:
                with open(os.path.join(folder, name), "rb") as handle:
                    (target / relative / name).write_bytes(handle.read())


def interview_logs(vault: Path, count: int) -> list[Path]:
    """``count`` interview logs with a recommendation, spread evenly over all of them."""
    logs = sorted((vault / "Hiring" / "Interviews").rglob("*.md"))
    logs = [path for path in logs if _RECOMMENDATION_RE.search(path.read_text("utf-8"))]
    step = max(1, len(logs) // count)
    return logs[::step][:count]


def save_with_new_recommendation(path: Path) -> float:
    """Change the log's recommendation as an editor saves; the time of the rename."""
    text = path.read_text(encoding="utf-8")
    current = _RECOMMENDATION_RE.search(text)
    assert current is not None
    old = current.group(0).split(":", 1)[1].strip().strip("\"'")
    new = RECOMMENDATIONS[(RECOMMENDATIONS.index(old) + 1) % 4 if old in RECOMMENDATIONS else 0]
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(_RECOMMENDATION_RE.sub(f"recommendation: {new}", text), "utf-8")
    os.replace(temporary, path)
    return time.monotonic()


GENERATED_FOLDERS = ("Retrospectives", "Interviews by quarter", "Candidates by year")


def generated_notes(vault: Path) -> dict[Path, tuple[int, int]]:
    """The generated notes (index notes, quarter and year notes, retrospectives): their
    (mtime, size)."""
    hiring = vault / "Hiring"
    found = {}
    paths = [*hiring.glob("*.md")]
    for folder in GENERATED_FOLDERS:
        paths += (hiring / folder).glob("*.md")
    for path in paths:
        if "%% vault-tools:begin " in path.read_text(encoding="utf-8"):
            info = path.stat()
            found[path] = (info.st_mtime_ns, info.st_size)
    return found


def retrospective_cost(vault: Path, logs: int, repeat: int = 3) -> dict[str, Any]:
    """Milliseconds to compute and render the retrospective of a quarter of ``logs`` logs:
    the vault's newest logs, dated into one quarter. Cold (nothing kept), and after one of
    its logs changed with the parts kept from the run before (what the watcher does)."""
    import dataclasses

    from vault_tools.generate.figures import retrospective_figures
    from vault_tools.generate.retrospective import render_retrospective
    from vault_tools.hiring import (
        Candidate,
        Case,
        Quarter,
        assemble_hiring,
        build_hiring,
        load_hiring,
    )
    from vault_tools.vault import Vault

    hiring = load_hiring(Vault.open(vault, lean=True))
    dated = [log for log in hiring.interviews if log.date is not None][-logs:]
    newest = dated[-1].date if dated else None
    quarter = Quarter.of(newest) if newest is not None else Quarter(2025, 3)

    def into_quarter(day: Any) -> Any:
        offset = day - Quarter.of(day).start
        return min(quarter.start + offset, quarter.end)

    moved = [dataclasses.replace(log, date=into_quarter(log.date)) for log in dated]
    others: list[Candidate | Case] = [*hiring.candidates.values(), *hiring.cases.values()]
    one = build_hiring([*moved, *others])
    _ = one.progress_by_key
    changed = moved[len(moved) // 2]
    flipped = "no" if changed.recommendation == "yes" else "yes"
    moved[len(moved) // 2] = dataclasses.replace(changed, recommendation=flipped)
    fresh = build_hiring([*moved, *others])
    # As the watcher builds it: the groups of logs that did not change are the same objects,
    # and only the changed candidate's standing is computed again.
    by_candidate = {
        key: one.interviews_of(key) if logs == one.interviews_of(key) else logs
        for key, logs in fresh._interviews_by_candidate.items()
    }
    two = assemble_hiring(
        fresh.interviews,
        one.candidates,
        one.cases,
        inputs=one.inputs,
        by_quarter=fresh._interviews_by_quarter,
        by_candidate=by_candidate,
        previous=one,
        changed_candidates={changed.candidate.key} if changed.candidate else set(),
    )
    _ = two.progress_by_key  # kept change by change by the watcher, not per quarter
    cold, warm, render = [], [], []
    for _ in range(repeat):
        cache: dict[object, Any] = {}
        start = time.perf_counter()
        retrospective_figures(one, quarter, cache)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        figures = retrospective_figures(two, quarter, cache)
        warm.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_retrospective(figures)
        render.append(time.perf_counter() - start)
    return {
        "logs": len(one.interviews_in(quarter)),
        "cold": min(cold),
        "after_one_change": min(warm),
        "markdown": min(render),
    }


def write_floor(texts: list[str], scratch: Path) -> float:
    """Seconds to encode ``texts`` and write each atomically, fsynced, as the spec asks."""
    scratch.mkdir(exist_ok=True)
    target, temporary = scratch / "note.md", scratch / ".note.md.tmp"
    start = time.perf_counter()
    for text in texts:
        data = text.encode("utf-8")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
        folder = os.open(scratch, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return time.perf_counter() - start


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = {}
    for key in ("VmRSS", "VmHWM"):
        match = re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE)
        values[key] = int(match.group(1)) / 1024 if match else float("nan")
    return values["VmRSS"], values["VmHWM"]


class WatcherProcess:
    """``vault-tools watch VAULT -v`` in a subprocess, its log lines timestamped on arrival."""

    def __init__(self, vault: Path, cache: Path) -> None:
        environment = dict(os.environ)
        environment["VAULT_TOOLS_CACHE_DIR"] = str(cache)
        environment["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(REPOSITORY), environment.get("PYTHONPATH", "")) if part
        )
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vault_tools", "watch", str(vault), "-v"],
            env=environment,
            cwd=REPOSITORY,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), ""))

    def wait_for(self, needle: str, timeout: float = 600) -> tuple[float, str, list[str]]:
        """The first line containing ``needle``: (arrival, line, the lines that followed
        it within 50 ms, e.g. the debug line with the time split)."""
        deadline = time.monotonic() + timeout
        while True:
            arrival, line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            self.log.append(line)
            if not line and self.process.poll() is not None:
                raise RuntimeError("the watcher ended:\n" + "\n".join(self.log[-20:]))
            if needle in line:
                following: list[str] = []
                try:
                    while True:
                        more = self.lines.get(timeout=0.05)[1]
                        self.log.append(more)
                        following.append(more)
                except queue.Empty:
                    pass
                return arrival, line, following

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=10)


class SizeRun:
    """One size's watcher, running on a hard-linked copy of its vault, and what its edits
    measured so far. Every size's watcher runs at once and their edits take turns (see
    :func:`measure`), so that the machine's drift over minutes weighs on all sizes alike."""

    def __init__(
        self, notes: int, seed: int, changes: int, hiring_as_in: int | None, scratch: Path
    ) -> None:
        self.notes, self.hiring_as_in = notes, hiring_as_in
        self.source = ensure_vault(notes, seed, hiring_as_in)
        self.scratch = scratch
        self.vault = scratch / "vault"
        linked_copy(self.source, self.vault)
        self.logs = interview_logs(self.vault, changes)
        self.watcher = WatcherProcess(self.vault, scratch / "cache")
        try:
            arrival, _line, _ = self.watcher.wait_for("INFO read ")
        except BaseException:
            self.watcher.stop()
            raise
        self.startup = arrival - self.watcher.started
        self.latencies: list[float] = []
        self.work: list[float] = []
        self.split: list[tuple[float, float, float]] = []
        self.floors: list[float] = []
        self.rewritten_bytes: list[int] = []

    def edit(self, index: int) -> None:
        """Save the ``index``-th log with a new recommendation, and measure what follows."""
        vault, path = self.vault, self.logs[index]
        before = generated_notes(vault)
        relative = path.relative_to(vault).as_posix()
        written_at = save_with_new_recommendation(path)
        arrival, line, following = self.watcher.wait_for(f"{relative} changed")
        self.latencies.append(arrival - written_at)
        rewritten = [
            note.read_text(encoding="utf-8")
            for note, stamp in generated_notes(vault).items()
            if before.get(note, (None,))[0] != stamp[0]
        ]
        self.rewritten_bytes.append(sum(len(text.encode("utf-8")) for text in rewritten))
        self.floors.append(write_floor(rewritten, self.scratch / "floor"))
        parts = None
        for extra in following:
            match = _SPLIT_RE.search(extra)
            if match:
                values = match.groups()
                parts = (
                    _seconds(values[0], values[1]),
                    _seconds(values[2], values[3]),
                    _seconds(values[4], values[5]),
                )
                self.split.append(parts)
        total = _TOTAL_RE.search(line)
        if parts is not None:
            # The three parts add up to the total, each to a tenth of a millisecond (the total
            # is logged in whole milliseconds from 10 ms on).
            self.work.append(sum(parts))
        elif total:
            self.work.append(_seconds(*total.groups()))

    def finish(self, retro_logs: int) -> dict[str, Any]:
        try:
            rss, peak = memory_mb(self.watcher.process.pid)
            largest = max((size for _, size in generated_notes(self.vault).values()), default=0)
        finally:
            status = self.watcher.stop()
        retrospective = retrospective_cost(self.vault, retro_logs) if retro_logs else None
        median = statistics.median
        split, latencies, work = self.split, self.latencies, self.work
        return {
            "notes": self.notes,
            "hiring_as_in": self.hiring_as_in,
            "interview_logs": sum(1 for _ in (self.source / "Hiring" / "Interviews").rglob("*.md")),
            "startup_seconds": self.startup,
            "changes": len(latencies),
            "latency_median": median(latencies),
            "latency_max": max(latencies),
            "work_median": median(work) if work else None,
            "reading_median": median(s[0] for s in split) if split else None,
            "rendering_median": median(s[1] for s in split) if split else None,
            "writing_median": median(s[2] for s in split) if split else None,
            "write_floor_median": median(self.floors) if self.floors else None,
            "rss_mb": rss,
            "rss_peak_mb": peak,
            "largest_note_bytes": largest,
            "rewritten_bytes_median": median(self.rewritten_bytes)
            if self.rewritten_bytes
            else None,
            "rewritten_bytes_max": max(self.rewritten_bytes) if self.rewritten_bytes else None,
            "retrospective": retrospective,
            "exit_status": status,
            "latencies": latencies,
            "work": work,
        }


def measure(
    sizes: list[tuple[int, int | None]], seed: int, changes: int, retro_logs: int = 2000
) -> list[dict[str, Any]]:
    """One row per size. The watchers of all sizes are started one after the other, then
    the edits take turns: the first log of each size, then the second of each (in the other
    order), and so on, ``PAUSE`` apart; a ratio between sizes then compares them under the
    same conditions."""
    with tempfile.TemporaryDirectory(prefix="vault-tools-bench-watch-") as scratch:
        runs: list[SizeRun] = []
        try:
            for index, (notes, hiring_as_in) in enumerate(sizes):
                folder = Path(scratch) / str(index)
                folder.mkdir()
                runs.append(SizeRun(notes, seed, changes, hiring_as_in, folder))
            for index in range(changes):
                # Each size goes first in every other round: none always follows the other.
                for run in runs if index % 2 == 0 else runs[::-1]:
                    time.sleep(PAUSE)
                    run.edit(index)
            return [run.finish(retro_logs) for run in runs]
        finally:
            for run in runs:
                if run.watcher.process.poll() is None:
                    run.watcher.stop()


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def _kb(size: float | None) -> str:
    if size is None:
        return "—"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def row_label(row: dict[str, Any]) -> str:
    """``1k``, ``50k``, or ``50k (hiring of 1k)``."""
    if row.get("hiring_as_in") is None:
        return label(row["notes"])
    return f"{label(row['notes'])} (hiring of {label(row['hiring_as_in'])})"


def evaluate(rows: list[dict[str, Any]]) -> list[str]:
    """One line per target, PASS or FAIL."""
    verdicts = []
    for row in rows:
        target = LATENCY_TARGET_LARGE if row["notes"] >= RSS_TARGET_NOTES else LATENCY_TARGET
        ok = row["latency_median"] <= target
        verdicts.append(
            f"{'PASS' if ok else 'FAIL'}  latency median at {row_label(row)}: "
            f"{_ms(row['latency_median'])} (target <= {_ms(target)})"
        )
    for row in rows:
        largest, rewritten = row["largest_note_bytes"], row["rewritten_bytes_max"]
        ok = largest <= NOTE_SIZE_TARGET
        verdicts.append(
            f"{'PASS' if ok else 'FAIL'}  largest generated note at {row_label(row)}: "
            f"{_kb(largest)} (target <= {_kb(NOTE_SIZE_TARGET)})"
        )
        if rewritten is not None:
            ok = rewritten < REWRITE_TARGET
            verdicts.append(
                f"{'PASS' if ok else 'FAIL'}  bytes rewritten per change at {row_label(row)}: "
                f"median {_kb(row['rewritten_bytes_median'])}, most {_kb(rewritten)} "
                f"(target < {_kb(REWRITE_TARGET)})"
            )
    for row in rows:
        retro = row.get("retrospective")
        if retro:
            verdicts.append(
                f"      retrospective of a {retro['logs']:,}-log quarter at {row_label(row)}: "
                f"{_ms(retro['after_one_change'])} after one log changed "
                f"(cold {_ms(retro['cold'])}; markdown {_ms(retro['markdown'])})"
            )
    smallest = min(rows, key=lambda row: row["notes"])
    for row in rows:
        if row is smallest or not smallest["work_median"] or not row["work_median"]:
            continue
        for key, name in (("work_median", "work"), ("reading_median", "reading (incremental)")):
            small, large = smallest[key], row[key]
            if not small or large is None:
                continue
            ratio = large / small
            logs = row["interview_logs"] / max(1, smallest["interview_logs"])
            verdicts.append(
                f"{'PASS' if ratio <= WORK_RATIO_TARGET else 'FAIL'}  {name} at "
                f"{row_label(row)} / {row_label(smallest)}: {ratio:.1f}x "
                f"(target <= {WORK_RATIO_TARGET}x; notes {row['notes'] / smallest['notes']:.0f}x, "
                f"interview logs {logs:.0f}x)"
            )
            floor = row.get("write_floor_median")
            if key == "work_median" and floor:
                # No implementation that writes these notes can do less than their floor.
                verdicts.append(
                    f"      lowest reachable: writing the notes one change rewrites at "
                    f"{row_label(row)} takes {_ms(floor)} (encode, write, fsync only), "
                    f"{floor / small:.1f}x the whole work at {row_label(smallest)}"
                )
    for row in rows:
        if row["notes"] >= RSS_TARGET_NOTES:
            ok = row["rss_mb"] <= RSS_TARGET_MB
            verdicts.append(
                f"{'PASS' if ok else 'FAIL'}  RSS at {row_label(row)}: "
                f"{row['rss_mb']:.0f} MB, peak {row['rss_peak_mb']:.0f} MB "
                f"(target <= {RSS_TARGET_MB} MB)"
            )
    return verdicts


def parse_size(text: str) -> tuple[int, int | None]:
    """``"50000"`` -> (50000, None); ``"50000:1000"`` -> (50000, 1000)."""
    notes, _, hiring = text.strip().partition(":")
    return int(notes), int(hiring) if hiring else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,50000:1000,50000",
        help="comma-separated note counts, NOTES:HIRING for a vault with fewer hiring notes",
    )
    parser.add_argument("--changes", type=int, default=15, help="edits per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--retro-logs",
        type=int,
        default=2000,
        help="logs in the quarter whose retrospective is timed in-process (0: skip)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    arguments = parser.parse_args(argv)
    sizes = [parse_size(size) for size in arguments.sizes.split(",") if size.strip()]
    rows = []
    if not arguments.json:
        print(
            f"vault-tools watch — {arguments.changes} edits per size, Python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs"
        )
        print(
            f"{'notes':>7}  {'logs':>6}  {'start-up':>8}  {'latency':>8}  {'max':>8}  {'work':>8}  "
            f"{'reading':>8}  {'render':>8}  {'write':>8}  {'floor':>8}  {'RSS':>7}  {'peak':>7}  "
            f"{'largest':>8}  {'rewrite':>8}",
            flush=True,
        )
    for row in measure(sizes, arguments.seed, arguments.changes, arguments.retro_logs):
        rows.append(row)
        notes = row["notes"]
        if not arguments.json:
            print(
                f"{notes:>7}  {row['interview_logs']:>6}  {row['startup_seconds']:>7.1f}s  "
                f"{_ms(row['latency_median']):>8}  {_ms(row['latency_max']):>8}  "
                f"{_ms(row['work_median']):>8}  {_ms(row['reading_median']):>8}  "
                f"{_ms(row['rendering_median']):>8}  {_ms(row['writing_median']):>8}  "
                f"{_ms(row['write_floor_median']):>8}  "
                f"{row['rss_mb']:>4.0f} MB  {row['rss_peak_mb']:>4.0f} MB  "
                f"{_kb(row['largest_note_bytes']):>8}  {_kb(row['rewritten_bytes_median']):>8}",
                flush=True,
            )
    verdicts = evaluate(rows)
    if arguments.json:
        print(json.dumps({"benchmark": "watch", "rows": rows, "verdicts": verdicts}, indent=2))
    else:
        print("\n".join(verdicts))
    failed = any(verdict.startswith("FAIL") for verdict in verdicts)
    return 1 if failed or any(row["exit_status"] != 0 for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
