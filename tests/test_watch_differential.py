"""After any sequence of single-note edits, the generated notes the watcher keeps equal those a
fresh `vault-tools index` makes of the same vault, byte for byte.

The watcher re-reads only the changed note, keeps rendered parts, figures and the records with
problems from one change to the next, and rewrites only the notes :func:`generate.affected`
names; a part reused when it should not have been, or a note left out, shows here as a
difference from a run that computes everything from the notes on disk.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from vault_tools import generate
from vault_tools.generate.incremental import LiveGenerator
from vault_tools.hiring import RECOMMENDATIONS, SCORE_KEYS, STAGES
from vault_tools.vault import Vault

EXAMPLE = Path(__file__).parent.parent / "example_vault"
TODAY = dt.date(2025, 11, 24)
LOGS = "Hiring/Interviews"
CANDIDATES = "Hiring/Candidates"
CASES = "Hiring/Cases"
GENERATED = ("Hiring", "Hiring/Retrospectives", "Hiring/Interviews by quarter")
GENERATED += ("Hiring/Candidates by year",)


def _set(text: str, key: str, value: str | None) -> str:
    """The note's text with the top-level property ``key`` set to ``value`` (None: removed)."""
    line = re.compile(rf"(?m)^{re.escape(key)}:[^\n]*\n")
    if value is None:
        return line.sub("", text, count=1)
    if line.search(text):
        return line.sub(lambda _: f"{key}: {value}\n", text, count=1)
    return text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)


def _set_score(text: str, key: str, value: str) -> str:
    found = re.search(rf"(?m)^  {key}:[^\n]*$", text)
    if found:
        return text[: found.start()] + f"  {key}: {value}" + text[found.end() :]
    if re.search(r"(?m)^scores:\n", text):
        return re.sub(r"(?m)^scores:\n", f"scores:\n  {key}: {value}\n", text, count=1)
    return _set(text, "scores", f"{{{key}: {value}}}")


def _day(rng: random.Random) -> str:
    return (dt.date(2024, 8, 1) + dt.timedelta(days=rng.randrange(520))).isoformat()


def _edit(root: Path, rng: random.Random) -> str:
    """Change one hiring note as a person would; the path changed (vault-relative)."""
    logs = sorted((root / LOGS).glob("*.md"))
    candidates = sorted((root / CANDIDATES).glob("*.md"))
    cases = sorted((root / CASES).glob("*.md"))
    kind = rng.choice(
        ["recommendation"] * 4
        + ["score"] * 3
        + ["date", "stage", "written", "unreadable", "copy", "delete", "candidate", "decision"]
        + ["case", "case status"]
    )
    notes = {"decision": candidates, "case status": cases}.get(kind, logs)
    path = rng.choice(notes)
    text = path.read_text("utf-8")
    if kind == "recommendation":
        text = _set(text, "recommendation", rng.choice([*RECOMMENDATIONS, "maybe", None]))
    elif kind == "score":
        text = _set_score(text, rng.choice(SCORE_KEYS), rng.choice(["1", "2", "3", "4", "7"]))
    elif kind == "date":
        text = _set(text, "date", _day(rng))
    elif kind == "stage":
        text = _set(text, "stage", rng.choice([*STAGES, "lunch"]))
    elif kind == "written":
        text = _set(text, "notes_written", f"{_day(rng)}T1{rng.randrange(10)}:00")
    elif kind == "unreadable":
        text = _set(text, rng.choice(["level", "recommendation", "debrief", "date"]), "'??'")
    elif kind == "candidate":
        other = rng.choice(candidates).stem
        text = _set(text, "candidate", f'"[[{other}]]"')
    elif kind == "case":
        text = _set(text, "case", f'"[[{rng.choice(cases).stem}]]"')
    elif kind == "case status":
        text = _set(text, "status", rng.choice(["ready", "draft", "retired"]))
        text = _set(text, "level", rng.choice(["Junior", "Mid", "Senior"]))
    elif kind == "decision":
        text = _set(text, "decision", rng.choice(["rejected", "offer", "hired", "pending", None]))
        text = _set(text, "decision_date", _day(rng))
        if rng.random() < 0.5:
            text = _set(text, "offer_date", _day(rng))
    if kind == "delete":
        path.unlink()
    elif kind == "copy":
        path = path.with_name(f"{path.stem} copy {rng.randrange(1000)}.md")
        path.write_text(_set(text, "interviewers", "[Someone Else]"), "utf-8")
    else:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
    return path.relative_to(root).as_posix()


def _generated(root: Path) -> dict[str, bytes]:
    found = {}
    for folder in GENERATED:
        for path in sorted((root / folder).glob("*.md")):
            data = path.read_bytes()
            if b"%% vault-tools:begin " in data:
                found[path.relative_to(root).as_posix()] = data
    return found


def _indexed_afresh(root: Path, scratch: Path) -> dict[str, bytes]:
    """The generated notes a fresh `vault-tools index` makes of a copy of the vault."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(root, scratch)
    vault = Vault.open(scratch)
    generate.apply(vault, generate.plan(vault, today=TODAY))
    return _generated(scratch)


def _watched(tmp_path: Path) -> tuple[Path, LiveGenerator]:
    """A copy of example_vault, and what the watcher keeps of it after its start-up run."""
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root)
    live = LiveGenerator(Vault.open(root, lean=True), today=lambda: TODAY)
    live.regenerate_all()
    return root, live


# Seed 110's 39th edit moved a log's stage so that a candidate's stages were no longer in date
# order: their offer, in the next quarter, left that quarter's time to hire.
@pytest.mark.parametrize(("seed", "steps"), [*((seed, 12) for seed in range(6)), (110, 40)])
def test_watched_notes_equal_a_fresh_index_after_random_edits(
    tmp_path: Path, seed: int, steps: int
) -> None:
    root, live = _watched(tmp_path)
    rng = random.Random(seed)
    assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh")
    rewritten = 0
    for step in range(steps):
        changed = _edit(root, rng)
        rewritten += len(live.refresh([changed]).written)
        assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh"), (step, changed)
    assert rewritten  # the edits reached the generated notes


def _break_or_mend(root: Path, rng: random.Random) -> list[str]:
    """Write a hiring note whose YAML cannot be read (a copy of a log, candidate or case with
    an unclosed bracket, in its own folder or a plain one), or mend or delete one written
    before: a note that never could be read, as a person saves it half-typed."""
    broken = sorted(root.rglob("* half *.md"))
    if broken and rng.random() < 0.4:
        path = rng.choice(broken)
        if rng.random() < 0.5:
            path.unlink()
            return [path.relative_to(root).as_posix()]
        mended = path.with_name(path.name.replace(" half ", " mended "))
        mended.write_text(path.read_text("utf-8").replace("[half", "[half]"), "utf-8")
        path.unlink()
        return [path.relative_to(root).as_posix(), mended.relative_to(root).as_posix()]
    folder = rng.choice([LOGS, CANDIDATES, CASES])
    source = rng.choice(sorted((root / folder).glob("*.md")))
    text = source.read_text("utf-8")
    if rng.random() < 0.3:
        text = _set(text, "date", "2025-09-")  # no date to place it by either
    text = _set(text, "tags", "[half")
    where = root / (folder if rng.random() < 0.7 else "Notes")
    where.mkdir(exist_ok=True)
    path = where / f"{source.stem} half {rng.randrange(1000)}.md"
    path.write_text(text, "utf-8")
    return [path.relative_to(root).as_posix()]


@pytest.mark.parametrize("seed", range(4))
def test_watched_notes_equal_a_fresh_index_with_notes_that_cannot_be_read(
    tmp_path: Path, seed: int
) -> None:
    root, live = _watched(tmp_path)
    rng = random.Random(seed)
    for step in range(10):
        changed = _break_or_mend(root, rng) if step % 2 == 0 else [_edit(root, rng)]
        live.refresh(changed)
        assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh"), (step, changed)


def _edit_names(root: Path, rng: random.Random) -> list[str]:
    """Change which note a log's candidate link names, as a person does: a log naming its
    candidate in another form Obsidian resolves (any case, with the extension, accents
    composed or not), a candidate note renamed, written for a name only logs used so far, or
    beside one whose path differs only in case. The paths changed (vault-relative)."""
    logs = sorted((root / LOGS).glob("*.md"))
    candidates = sorted((root / CANDIDATES).glob("*.md"))
    kind = rng.choice(["link form", "rename", "new note", "case twin"])
    if kind == "link form":
        log = rng.choice(logs)
        name = rng.choice([*(c.stem for c in candidates), "Léa Hölm", "Mateo Fernández"])
        name = unicodedata.normalize(rng.choice(["NFC", "NFD"]), name)
        name = rng.choice([name, name.lower(), f"{name}.md", f"{name}|{name[:3]}"])
        log.write_text(_set(log.read_text("utf-8"), "candidate", f'"[[{name}]]"'), "utf-8")
        return [log.relative_to(root).as_posix()]
    if kind == "new note":
        names = {unicodedata.normalize("NFC", c.stem).casefold() for c in candidates}
        name = rng.choice(["Léa Hölm", "Lena Holm", "Mateo Fernández"])
        if unicodedata.normalize("NFC", name).casefold() in names:
            kind = "rename"
        else:
            path = (
                root / CANDIDATES / f"{unicodedata.normalize(rng.choice(['NFC', 'NFD']), name)}.md"
            )
            path.write_text(
                _set(CANDIDATE_NOTE, "decision", rng.choice(["pending", "hired"])), "utf-8"
            )
            return [path.relative_to(root).as_posix()]
    candidate = rng.choice(candidates)
    if kind == "rename":
        moved = candidate.with_name(f"{candidate.stem} {rng.randrange(10)}.md")
        if moved.exists():
            return []
        candidate.rename(moved)
        return [candidate.relative_to(root).as_posix(), moved.relative_to(root).as_posix()]
    twin = candidate.with_name(rng.choice([candidate.name.upper(), candidate.name.lower()]))
    if twin.exists() and twin != candidate and rng.random() < 0.5:
        twin.unlink()
    elif twin != candidate:
        decision = rng.choice(["rejected", "withdrew", "hired"])
        twin.write_text(_set(candidate.read_text("utf-8"), "decision", decision), "utf-8")
    else:
        return []
    return [twin.relative_to(root).as_posix()]


@pytest.mark.parametrize("seed", range(4))
def test_watched_notes_equal_a_fresh_index_after_edits_of_the_names_links_find(
    tmp_path: Path, seed: int
) -> None:
    root, live = _watched(tmp_path)
    rng = random.Random(seed)
    for step in range(16):
        changed = _edit_names(root, rng) if rng.random() < 0.6 else [_edit(root, rng)]
        live.refresh(changed)
        assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh"), (step, changed)


CANDIDATE_NOTE = """---
type: candidate
role: DE
level: Mid
first_contact: 2025-04-01
source: inbound
decision: pending
---
"""


# A log may name its candidate before the candidate's note is written, in any form Obsidian
# resolves; when the note appears (or goes again) the log counts for that candidate at once.
@pytest.mark.parametrize(
    ("link", "name"),
    [
        ("[[Lena Holm]]", "Lena Holm"),
        ("[[Lena Holm.md]]", "Lena Holm"),
        ("[[lena holm.MD|Lena]]", "Lena Holm"),
        ("[[Lena Holm#Notes]]", "Lena Holm"),
        # accented letters typed composed, the file name decomposed (macOS), and the reverse
        (unicodedata.normalize("NFC", "[[Léa Hölm]]"), unicodedata.normalize("NFD", "Léa Hölm")),
        (unicodedata.normalize("NFD", "[[Léa Hölm]]"), unicodedata.normalize("NFC", "Léa Hölm")),
    ],
)
def test_a_log_counts_for_a_candidate_note_written_after_it(
    tmp_path: Path, link: str, name: str
) -> None:
    root, live = _watched(tmp_path)
    log = root / LOGS / "2025-04-17 Yuki Tanaka - technical (Maria).md"
    log.write_text(_set(log.read_text("utf-8"), "candidate", f'"{link}"'), "utf-8")
    live.refresh([log.relative_to(root).as_posix()])
    assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh")
    candidate = root / CANDIDATES / f"{name}.md"
    candidate.write_text(CANDIDATE_NOTE, "utf-8")
    live.refresh([candidate.relative_to(root).as_posix()])
    assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh")
    assert f"[[{name}]] | technical" in (
        root / "Hiring/Interviews by quarter/2025-Q2.md"
    ).read_text("utf-8")
    candidate.unlink()
    live.refresh([candidate.relative_to(root).as_posix()])
    assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh")


# Two notes whose paths differ only in case are one note to Obsidian, macOS and Windows: of
# such a pair the first in code-point order is read, by `index` and the watcher alike, and
# when it goes the other is read in its place.
@pytest.mark.parametrize("other", ["ADA OKAFOR.md", "ada okafor.md"])
def test_a_candidate_note_beside_one_that_differs_only_in_case(tmp_path: Path, other: str) -> None:
    root, live = _watched(tmp_path)
    original = root / CANDIDATES / "Ada Okafor.md"
    text = original.read_text("utf-8")
    beside = root / CANDIDATES / other
    beside.write_text(_set(text, "decision", "rejected"), "utf-8")
    live.refresh([beside.relative_to(root).as_posix()])
    assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh")
    for gone in (beside, original):  # one of the pair deleted, then the other
        gone.unlink()
        live.refresh([gone.relative_to(root).as_posix()])
        assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh"), gone.name
        gone.write_text(text, "utf-8")
        live.refresh([gone.relative_to(root).as_posix()])
        assert _generated(root) == _indexed_afresh(root, tmp_path / "fresh"), gone.name
