"""The watcher's narrowed regeneration (only the retrospectives a changed log can change, cached
index sections) still gives exactly what a full `vault-tools index` gives, on a synthetic vault
with hires, waiting candidates and logs that move between quarters."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from test_benchmark_generator import make_vault_module
from test_watch_live import assert_same_as_a_full_run, save_by_rename

from vault_tools.generate.incremental import LiveGenerator
from vault_tools.vault import Vault

RECOMMENDATIONS = ("strong-no", "no", "yes", "strong-yes")
STAGES = ("get-to-know", "technical", "case", "final")


def _change(text: str, rng: random.Random) -> str:
    head, separator, body = text.partition("\n---\n")
    what = rng.choice(("recommendation", "date", "stage", "score"))
    if what == "recommendation":
        head = re.sub(
            r"(?m)^recommendation:.*$", f"recommendation: {rng.choice(RECOMMENDATIONS)}", head
        )
    elif what == "date":
        shift = rng.choice((-200, -95, -40, 40, 95, 200))
        match = re.search(r"(?m)^date: (\d{4})-(\d\d)-(\d\d)", head)
        if match:
            day = dt.date(*map(int, match.groups())) + dt.timedelta(days=shift)
            head = head[: match.start()] + f"date: {day.isoformat()}" + head[match.end() :]
    elif what == "stage":
        head = re.sub(r"(?m)^stage:.*$", f"stage: {rng.choice(STAGES)}", head)
    else:
        head = re.sub(
            r"(?m)^(  \w+): [1-4]$",
            lambda m: f"{m.group(1)}: {rng.randint(1, 4)}",
            head,
            count=1,
        )
    return head + separator + body


def _raise_competence(root: Path, path: str) -> None:
    """Save the log at ``path`` with its competence score one higher (4 becomes 1)."""
    text = (root / path).read_text(encoding="utf-8")
    score = int(re.search(r"(?m)^  competence: ([1-4])$", text).group(1))  # type: ignore[union-attr]
    save_by_rename(
        root,
        path,
        text.replace(f"\n  competence: {score}\n", f"\n  competence: {score % 4 + 1}\n", 1),
    )


def test_edits_of_logs_give_what_a_full_run_gives(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    make_vault_module.make_vault(root, 700, seed=5)
    live = LiveGenerator(Vault.open(root, lean=True))
    live.regenerate_all()
    logs = sorted((root / "Hiring" / "Interviews").rglob("*.md"))
    hires = {key for key, p in live.hiring.progress_by_key.items() if p.decision == "hired"}
    by_hire = [
        root / log.path
        for log in live.hiring.interviews
        if log.candidate and log.candidate.key in hires
    ]
    rng = random.Random(7)
    picks = rng.sample(logs, 8) + by_hire[:3]
    for path in picks:
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        relative = path.relative_to(root).as_posix()
        save_by_rename(root, relative, _change(text, rng))
        result = live.refresh([relative])
        quarters = len(live.hiring.quarters())
        assert len([p for p in result.planned if "Retrospective" in p]) <= quarters
        assert_same_as_a_full_run(root, live)


def test_a_changed_score_refreshes_only_its_own_quarter(tmp_path: Path) -> None:
    # A score says nothing about how far the candidate got or where they stand, so the
    # retrospectives of their other quarters stay as they are (and are not rendered again).
    root = tmp_path / "vault"
    make_vault_module.make_vault(root, 700, seed=5)
    live = LiveGenerator(Vault.open(root, lean=True))
    live.regenerate_all()
    spread = [  # not hires: their scores feed every quarter's predictive-value section
        progress.logs
        for progress in live.hiring.progress_by_key.values()
        if len({log.quarter for log in progress.logs}) > 1 and progress.decision != "hired"
    ]
    assert spread, "the synthetic vault has candidates interviewed in two quarters"
    log = next(
        log
        for logs in spread
        for log in logs
        if re.search(r"(?m)^  competence: [1-4]$", (root / log.path).read_text("utf-8"))
    )
    _raise_competence(root, log.path)
    result = live.refresh([log.path])
    retrospectives = [path for path in result.planned if "Retrospective" in path]
    assert retrospectives == [live.settings.retrospective(log.quarter)]  # type: ignore[arg-type]
    assert_same_as_a_full_run(root, live)


def test_a_hires_changed_score_refreshes_the_predictive_value_note_and_its_quarter(
    tmp_path: Path,
) -> None:
    # The predictive value (over all quarters) is one note of its own: a hire's score changes
    # it and the retrospective of the log's quarter, not every quarter's retrospective.
    root = tmp_path / "vault"
    make_vault_module.make_vault(root, 700, seed=5)
    live = LiveGenerator(Vault.open(root, lean=True))
    live.regenerate_all()
    log = next(
        log
        for progress in live.hiring.progress_by_key.values()
        if progress.decision == "hired" and len({log.quarter for log in progress.logs}) > 1
        for log in progress.logs
        if re.search(r"(?m)^  competence: [1-4]$", (root / log.path).read_text("utf-8"))
    )
    assert len(live.hiring.quarters()) > 2
    _raise_competence(root, log.path)
    result = live.refresh([log.path])
    assert live.settings.predictive_value_path in result.planned
    retrospectives = [path for path in result.planned if "Interview Retrospective" in path]
    assert retrospectives == [live.settings.retrospective(log.quarter)]  # type: ignore[arg-type]
    assert_same_as_a_full_run(root, live)


def test_candidates_and_logs_coming_and_going_give_what_a_full_run_gives(tmp_path: Path) -> None:
    # The watcher recomputes where a candidate stands only for the candidates a change touched:
    # decisions changing, candidate notes deleted and written again, logs deleted and created
    # for somebody new must all leave it where a fresh read would be.
    root = tmp_path / "vault"
    make_vault_module.make_vault(root, 400, seed=3)
    live = LiveGenerator(Vault.open(root, lean=True))
    live.regenerate_all()
    rng = random.Random(11)
    candidates = sorted((root / "Hiring" / "Candidates").glob("*.md"))
    logs = sorted((root / "Hiring" / "Interviews").rglob("*.md"))
    removed: dict[str, str] = {}
    for step in range(24):
        what = step % 4
        if what == 0:  # a decision taken or changed
            path = rng.choice(candidates)
            text = path.read_text(encoding="utf-8")
            decision = rng.choice(("rejected", "hired", "pending", "withdrew"))
            text = re.sub(r"(?m)^decision:.*$", f"decision: {decision}", text)
            relative = path.relative_to(root).as_posix()
            save_by_rename(root, relative, text)
            changed = [relative]
        elif what == 1:  # a candidate note deleted, or one deleted before written again
            if removed and rng.random() < 0.5:
                relative, text = removed.popitem()
                save_by_rename(root, relative, text)
            else:
                path = rng.choice([p for p in candidates if p.exists()])
                relative = path.relative_to(root).as_posix()
                removed[relative] = path.read_text(encoding="utf-8")
                path.unlink()
            changed = [relative]
        elif what == 2:  # a log deleted
            path = rng.choice([p for p in logs if p.exists()])
            path.unlink()
            changed = [path.relative_to(root).as_posix()]
        else:  # a log about somebody new, copied from another log
            source = rng.choice([p for p in logs if p.exists()]).read_text(encoding="utf-8")
            text = re.sub(r"(?m)^candidate:.*$", f'candidate: "[[Newcomer {step}]]"', source)
            relative = f"Hiring/Interviews/new/Newcomer {step}.md"
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            save_by_rename(root, relative, text)
            changed = [relative]
        live.refresh(changed)
        assert_same_as_a_full_run(root, live)
