"""`vault-tools mv`: a note, attachment or folder moves and every link to it follows, each in
its own form; what cannot be done exactly is refused with nothing written."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault_tools.cli import cli
from vault_tools.generate import regenerate
from vault_tools.lint import lint_folder
from vault_tools.move import MoveError, NoNameError, apply_move, move_diff, plan_move
from vault_tools.vault import Vault

from conftest import MakeVault

CANDIDATE = """---
type: candidate
role: DE
level: Mid
first_contact: 2025-06-20
source: referral
decision: pending
---
# Lena Holm

## Notes & next steps
Strong on streaming. ^summary

## Café ☕ chat
Met at the meetup.

## C# and F#
Both.
"""

INTERVIEW = """---
type: interview
candidate: "[[Lena Holm]]"
role: DE
level: Mid
stage: get-to-know
date: 2025-07-01
interviewers:
  - Maria Svensson
notes_written: 2025-07-01T17:00
recommendation: yes
---
## Why this role
Data platform work.

## Why this industry
Logistics.

## Why this company
The team.
"""

# Every form a link to her takes, in the body and in properties, plus look-alikes in code and
# comments, which are no links.
LINKS = """---
related: "[[Lena Holm]]"
people:
  - "[[Lena Holm|Lena]]"
  - '[[Hiring/Candidates/Lena Holm#Notes & next steps]]'
---
Bare [[Lena Holm]], aliased [[Lena Holm|our Lena]],
heading [[Lena Holm#Notes & next steps]], non-ASCII heading [[Lena Holm#Café ☕ chat]],
block [[Lena Holm#^summary]], with suffix [[Lena Holm.md]], [[Lena Holm#C# and F#]],
by path [[Hiring/Candidates/Lena Holm]], embedded ![[Lena Holm#^summary]].

| Who | Link |
| --- | --- |
| her | [[Lena Holm\\|Lena]] |

Markdown: [relative](../Hiring/Candidates/Lena%20Holm.md),
[from the root](Hiring/Candidates/Lena%20Holm.md#Notes%20&%20next%20steps),
[angle](<../Hiring/Candidates/Lena Holm.md>), [café](../Caf%C3%A9%20&%20Co.md).

Not links: `[[Lena Holm]]`, %%[[Lena Holm]]%%, <!-- [[Lena Holm]] -->

```
[[Lena Holm]]
```
"""

LINKS_AFTER = """---
related: "[[Lena Holm-Berg]]"
people:
  - "[[Lena Holm-Berg|Lena]]"
  - '[[Hiring/Candidates/Lena Holm-Berg#Notes & next steps]]'
---
Bare [[Lena Holm-Berg]], aliased [[Lena Holm-Berg|our Lena]],
heading [[Lena Holm-Berg#Notes & next steps]], non-ASCII heading [[Lena Holm-Berg#Café ☕ chat]],
block [[Lena Holm-Berg#^summary]], with suffix [[Lena Holm-Berg.md]], [[Lena Holm-Berg#C# and F#]],
by path [[Hiring/Candidates/Lena Holm-Berg]], embedded ![[Lena Holm-Berg#^summary]].

| Who | Link |
| --- | --- |
| her | [[Lena Holm-Berg\\|Lena]] |

Markdown: [relative](../Hiring/Candidates/Lena%20Holm-Berg.md),
[from the root](Hiring/Candidates/Lena%20Holm-Berg.md#Notes%20&%20next%20steps),
[angle](<../Hiring/Candidates/Lena Holm-Berg.md>), [café](../Caf%C3%A9%20&%20Co.md).

Not links: `[[Lena Holm]]`, %%[[Lena Holm]]%%, <!-- [[Lena Holm]] -->

```
[[Lena Holm]]
```
"""

LOG = "Hiring/Interviews/2025-07-01 Lena Holm - get-to-know (Maria).md"


def hiring_vault(make_vault: MakeVault) -> Path:
    return make_vault(
        {
            ".obsidian/app.json": "{}",
            "Hiring/Candidates/Lena Holm.md": CANDIDATE,
            LOG: INTERVIEW,
            "Work/Links.md": LINKS,
            "Café & Co.md": "# Café\n",
            "Home.md": "[[Café & Co]] · [Café](Caf%C3%A9%20&%20Co.md) · [[Work/Links]]\n",
            # The same name in two folders: links to either must keep their note.
            "Projects/Plan.md": "See [[Roadmap]] and [[Work/Plan]].\n",
            "Work/Plan.md": "See [[Projects/Plan]].\n",
            "Ideas/Roadmap.md": "Up [[Plan]].\n",
            "Archive/Roadmap 2024.md": "Old.\n",
            "Attachments/diagram.png": b"\x89PNG",
            "Work/Design.md": "![[diagram.png|100]] and ![plan](../Attachments/diagram.png)\n",
        }
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def link_findings(root: Path, moved: dict[str, str] | None = None) -> Counter[tuple[str, str]]:
    """(note, code) of every link finding (VT30x), the notes named as ``moved`` renames them."""
    renamed = moved or {}
    return Counter(
        (renamed.get(finding.path, finding.path), finding.code)
        for finding in lint_folder(root, use_cache=False).diagnostics
        if finding.code.startswith("VT30")
    )


def move(root: Path, old: str, new: str, *, keep_text: bool = False) -> None:
    """Move through the library, and check that lint finds the same link problems after the
    move as before (none new, none lost), each in the same note."""
    planned = plan_move(Vault.open(root), old, new, keep_text=keep_text)
    before = link_findings(root, {rename.old: rename.new for rename in planned.renames})
    assert before  # the vault has link problems to keep: the comparison means something
    outcomes = apply_move(root, planned)
    assert not any(outcome.failed for outcome in outcomes), outcomes
    assert link_findings(root) == before


def test_every_link_form_follows_a_renamed_note(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    unrelated = snapshot(root)
    move(root, "Hiring/Candidates/Lena Holm.md", "Hiring/Candidates/Lena Holm-Berg.md")
    assert (root / "Work/Links.md").read_text(encoding="utf-8") == LINKS_AFTER
    assert (root / LOG).read_text(encoding="utf-8") == INTERVIEW.replace(
        "[[Lena Holm]]", "[[Lena Holm-Berg]]"
    )
    assert not (root / "Hiring/Candidates/Lena Holm.md").exists()
    assert (root / "Hiring/Candidates/Lena Holm-Berg.md").read_text(encoding="utf-8") == CANDIDATE
    after = snapshot(root)
    for path in ("Projects/Plan.md", "Work/Plan.md", "Work/Design.md", "Café & Co.md"):
        assert after[path] == unrelated[path]


def test_a_bare_name_gets_its_folder_where_it_would_become_ambiguous(
    make_vault: MakeVault,
) -> None:
    root = hiring_vault(make_vault)
    # A second "Roadmap": the bare [[Roadmap]] that meant Ideas/Roadmap.md would match both.
    move(root, "Archive/Roadmap 2024.md", "Archive/Old/Roadmap.md")
    assert (root / "Projects/Plan.md").read_text(encoding="utf-8") == (
        "See [[Ideas/Roadmap]] and [[Work/Plan]].\n"
    )


def test_a_moved_notes_own_relative_links_are_recomputed(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    move(root, "Work/Links.md", "Work/2025/Links.md")
    text = (root / "Work/2025/Links.md").read_text(encoding="utf-8")
    assert "[relative](../../Hiring/Candidates/Lena%20Holm.md)" in text
    assert "[angle](<../../Hiring/Candidates/Lena Holm.md>)" in text
    assert "[café](../../Caf%C3%A9%20&%20Co.md)" in text
    # Vault paths and bare names still lead where they did: untouched.
    assert "[from the root](Hiring/Candidates/Lena%20Holm.md#Notes%20&%20next%20steps)" in text
    assert "Bare [[Lena Holm]]" in text


def test_a_same_named_note_moved_keeps_other_links_on_their_note(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    # Work/Plan.md goes to the root, beside Projects/Plan.md's name: [[Work/Plan]] cannot
    # become a bare [[Plan]] (it matches both notes); the vault path leads there alone.
    move(root, "Work/Plan.md", "Plan.md")
    assert (root / "Projects/Plan.md").read_text(encoding="utf-8") == (
        "See [[Roadmap]] and [[/Plan]].\n"
    )
    assert (root / "Plan.md").read_text(encoding="utf-8") == "See [[Projects/Plan]].\n"
    # [[Plan]] matched both before, and leads to the moved note still (no new finding).
    assert (root / "Ideas/Roadmap.md").read_text(encoding="utf-8") == "Up [[Plan]].\n"


def test_a_folder_moves_with_its_path_links(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    # (`new` writes candidates where the setting says: there, once they moved)
    make_vault({".vault-tools/config.yaml": "hiring:\n  folders: {candidates: Hiring/People}\n"})
    move(root, "Hiring/Candidates", "Hiring/People")
    assert (root / "Hiring/People/Lena Holm.md").exists()
    assert not (root / "Hiring/Candidates").exists()
    text = (root / "Work/Links.md").read_text(encoding="utf-8")
    assert "by path [[Hiring/People/Lena Holm]]" in text
    assert "'[[Hiring/People/Lena Holm#Notes & next steps]]'" in text
    assert "[relative](../Hiring/People/Lena%20Holm.md)" in text
    assert "Bare [[Lena Holm]]" in text  # the name still leads there
    assert (root / LOG).read_text(encoding="utf-8") == INTERVIEW


@pytest.mark.parametrize(
    ("old", "new"),
    [("People", "Archive/Persons"), ("People/Plain.md", "Notes/Plain.md")],
    ids=["folder", "note"],
)
def test_a_link_that_still_leads_there_keeps_its_case(
    make_vault: MakeVault, old: str, new: str
) -> None:
    # `[[plain]]` opens People/Plain.md wherever it moves: the user's text stays as typed.
    hub = "See [[plain]], [[plain#Section A|the plan]] and [[Missing]].\n"
    root = make_vault({"People/Plain.md": "## Section A\n", "Notes/Hub.md": hub})
    move(root, old, new)
    assert (root / "Notes/Hub.md").read_text(encoding="utf-8") == hub


def test_an_attachment_moves_with_its_embeds(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    move(root, "Attachments/diagram.png", "Images/diagram v2.png")
    assert (root / "Work/Design.md").read_text(encoding="utf-8") == (
        "![[diagram v2.png|100]] and ![plan](../Images/diagram%20v2.png)\n"
    )


def test_a_non_ascii_name_with_an_ampersand_moves(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    move(root, "Café & Co.md", "Places/Café & Co 2.md")
    assert (root / "Home.md").read_text(encoding="utf-8") == (
        "[[Café & Co 2]] · [Café](Places/Caf%C3%A9%20&%20Co%202.md) · [[Work/Links]]\n"
    )
    assert "[café](../Places/Caf%C3%A9%20&%20Co%202.md)" in (root / "Work/Links.md").read_text(
        encoding="utf-8"
    )


def test_paths_are_taken_from_the_current_folder_inside_the_vault(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = hiring_vault(make_vault)
    monkeypatch.chdir(root / "Hiring/Candidates")
    result = CliRunner().invoke(cli, ["mv", "Lena Holm.md", "Lena Holm-Berg.md"])
    assert result.exit_code == 0, result.output
    assert (root / "Hiring/Candidates/Lena Holm-Berg.md").exists()
    # A note's name, from anywhere: a new name without a folder stays in the note's folder.
    monkeypatch.chdir(root / "Work")
    result = CliRunner().invoke(cli, ["mv", "Lena Holm-Berg", "Lena B"])
    assert result.exit_code == 0, result.output
    assert (root / "Hiring/Candidates/Lena B.md").exists()
    assert 'candidate: "[[Lena B]]"' in (root / LOG).read_text(encoding="utf-8")
    # A NEW that says it is written from here (`./`, `../`) is, whatever OLD is.
    result = CliRunner().invoke(cli, ["mv", "Lena B", "./"])
    assert result.exit_code == 0, result.output
    assert (root / "Work/Lena B.md").exists()
    result = CliRunner().invoke(cli, ["mv", "Lena B", "../Lena C.md"])
    assert result.exit_code == 0, result.output
    assert (root / "Lena C.md").exists()
    # Into a folder that does not exist yet: made there, not at the vault's root.
    result = CliRunner().invoke(cli, ["mv", "../Lena C.md", "./Archive 2025/Lena C.md"])
    assert result.exit_code == 0, result.output
    assert (root / "Work/Archive 2025/Lena C.md").exists()
    assert not (root / "Archive 2025").exists()
    monkeypatch.chdir(root / "Hiring")
    result = CliRunner().invoke(cli, ["mv", "../Work/Archive 2025/Lena C.md", "../Work/Old/"])
    assert result.exit_code == 0, result.output
    assert (root / "Work/Old/Lena C.md").exists()


def test_keep_text_gives_renamed_bare_links_the_old_name(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    move(root, "Hiring/Candidates/Lena Holm.md", "Hiring/Candidates/Lena H.md", keep_text=True)
    text = (root / "Work/Links.md").read_text(encoding="utf-8")
    assert 'related: "[[Lena H|Lena Holm]]"' in text
    assert "Bare [[Lena H|Lena Holm]], aliased [[Lena H|our Lena]]" in text
    assert "heading [[Lena H#Notes & next steps]]" in text  # shown with its heading anyway
    assert "| her | [[Lena H\\|Lena]] |" in text


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", ""), ("\n", "\ufeff"), ("\r\n", "\ufeff")])
def test_line_endings_and_bom_are_kept(make_vault: MakeVault, newline: str, bom: str) -> None:
    later = "Later: [[Lena Holm]] ✓ [[Nobody yet]]"
    text = bom + INTERVIEW.replace("\n", newline) + later + newline
    root = make_vault({"Lena Holm.md": CANDIDATE, "Log.md": text.encode("utf-8")})
    move(root, "Lena Holm.md", "Lena Holm-Berg.md")
    expected = text.replace("[[Lena Holm]]", "[[Lena Holm-Berg]]")
    assert (root / "Log.md").read_bytes() == expected.encode("utf-8")


def test_the_pipeline_lists_a_renamed_candidate_once(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    move(root, "Hiring/Candidates/Lena Holm.md", "Hiring/Candidates/Lena Holm-Berg.md")
    regenerate(root)
    pipeline = (root / "Hiring/Candidate Pipeline.md").read_text(encoding="utf-8")
    assert "1 candidate: 1 pending." in pipeline
    rows = [line for line in pipeline.splitlines() if "Lena Holm" in line]
    assert len(rows) == 2  # one in "Waiting on us", one in "In process"
    link = "[[Lena Holm-Berg]]"
    for row in rows:
        assert row.replace("**", "").startswith(f"| {link} | DE | Mid |")  # bold: waiting long
        assert "| get-to-know | 2025-07-01 |" in row  # her interview counted with her


@pytest.mark.parametrize(
    ("files", "old", "new", "message"),
    [
        ({}, "Hiring/Candidates/Lena Holm.md", "Work/Plan.md", "exists already"),
        ({}, "Hiring/Candidates/Lena Holm.md", "../Lena.md", "not a path inside the vault"),
        ({}, "Hiring/Candidates/Lena Holm.md", ".trash/Lena.md", "dot-folders"),
        ({}, "Hiring/Candidates/Lena Holm.md", "Lena #1.md", "cannot link a name"),
        ({}, "Hiring/Candidates", "Hiring/Candidates/Old", "into itself"),
        ({}, "Nobody.md", "Somebody.md", "no such note"),
        # A note that must change but cannot be read exactly.
        ({"Latin.md": b"caf\xe9 [[Lena Holm]]\n"}, "Lena Holm", "Lena B", "not valid UTF-8"),
        (
            {"Broken.md": '---\nrelated: "[[Lena Holm]]"\n  bad: [\n---\n'},
            "Lena Holm",
            "Lena B",
            "not valid YAML",
        ),
        # Written with an escape in YAML: the link's bytes are not its text.
        (
            {"Escaped.md": '---\nrelated: "[[Lena\\x20Holm]]"\n---\n'},
            "Lena Holm",
            "Lena B",
            "cannot be rewritten exactly",
        ),
    ],
)
def test_refusals_write_nothing(
    make_vault: MakeVault, files: dict[str, str | bytes], old: str, new: str, message: str
) -> None:
    root = hiring_vault(make_vault)
    make_vault(files)
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["mv", old, new, "--vault", str(root)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # Joined to the note's folder, each of these named the folder itself (or the one
        # above): the note became Hiring/Candidates.md, and every link followed it there.
        ("Lena Holm", "", "is no name"),
        ("Lena Holm", " ", "is no name"),
        ("Lena Holm", ".", "is no name"),
        ("Lena Holm", "..", "is no name"),
        ("Lena Holm", "...", "is no name"),
        ("Lena Holm", " . ", "is no name"),
        ("Hiring/Candidates/Lena Holm.md", "Hiring/Candidates/.", "is no name"),
        ("Hiring/Candidates/Lena Holm.md", "Hiring/Candidates/..", "is no name"),
        ("Hiring/Candidates/Lena Holm.md", "Hiring/Candidates", "is the folder"),
        ("Hiring/Candidates/Lena Holm.md", "Work", "is the folder"),
        ("Attachments/diagram.png", "Work", "is the folder"),
        ("Attachments", " ", "is no name"),
    ],
)
def test_a_new_name_that_names_no_file_is_refused_as_a_usage_error(
    make_vault: MakeVault, old: str, new: str, message: str
) -> None:
    root = hiring_vault(make_vault)
    before = snapshot(root)
    with pytest.raises(NoNameError, match=message):
        plan_move(Vault.open(root), old, new)
    assert issubclass(NoNameError, MoveError)  # library callers catching MoveError get it
    result = CliRunner().invoke(cli, ["mv", old, new, "--vault", str(root)])
    assert result.exit_code == 2, result.output
    assert f"NEW {new!r} {message}" in result.output
    assert snapshot(root) == before


def test_dry_run_prints_the_plan_and_writes_nothing(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    before = snapshot(root)
    result = CliRunner().invoke(
        cli, ["mv", "Lena Holm", "Lena Holm-Berg", "--vault", str(root), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "rename Hiring/Candidates/Lena Holm.md -> Hiring/Candidates/Lena Holm-Berg.md"
    )
    assert '-candidate: "[[Lena Holm]]"' in lines
    assert '+candidate: "[[Lena Holm-Berg]]"' in lines
    assert f"--- a/{LOG}" in lines
    assert snapshot(root) == before


def test_the_command_moves_and_lists_the_notes_it_rewrote(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    result = CliRunner().invoke(
        cli, ["mv", "Hiring/Candidates/Lena Holm.md", "Hiring/Candidates/Lena Holm-Berg.md",
              "--vault", str(root)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "moved     Hiring/Candidates/Lena Holm.md -> Hiring/Candidates/Lena Holm-Berg.md",
        f"updated   {LOG}",
        "updated   Work/Links.md",
    ]


def test_a_note_saved_meanwhile_is_not_overwritten(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    planned = plan_move(Vault.open(root), "Lena Holm", "Lena Holm-Berg")
    saved = LINKS.replace("Bare", "A new line.\nBare")
    (root / "Work/Links.md").write_text(saved, encoding="utf-8")
    outcomes = {outcome.path: outcome for outcome in apply_move(root, planned)}
    assert outcomes["Work/Links.md"].failed
    assert (root / "Work/Links.md").read_text(encoding="utf-8") == saved
    assert (root / LOG).read_text(encoding="utf-8").count("[[Lena Holm-Berg]]") == 1


def test_the_plan_is_shown_before_anything_moves(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    planned = plan_move(Vault.open(root), "Attachments/diagram.png", "Images/")
    assert planned.new == "Images/diagram.png"
    assert move_diff(root, planned).startswith(
        "rename Attachments/diagram.png -> Images/diagram.png\n--- a/Work/Design.md\n"
    )
    with pytest.raises(MoveError, match="exists already"):
        plan_move(Vault.open(root), "Ideas/Roadmap.md", "Projects/Plan.md")


def test_links_in_templates_follow_too(make_vault: MakeVault) -> None:
    root = hiring_vault(make_vault)
    make_vault(
        {
            ".obsidian/templates.json": '{"folder": "Templates"}',
            "Templates/Referral.md": '---\nreferred_by: "[[Lena Holm]]"\ndate: {{date}}\n---\n',
        }
    )
    move(root, "Lena Holm", "Lena Holm-Berg")
    assert (root / "Templates/Referral.md").read_text(encoding="utf-8") == (
        '---\nreferred_by: "[[Lena Holm-Berg]]"\ndate: {{date}}\n---\n'
    )


@pytest.mark.parametrize(
    ("settings", "moved", "named"),
    [
        (
            {".obsidian/templates.json": '{"folder": "Templates"}'},
            "Templates",
            "in .obsidian/templates.json (Settings, Templates, in Obsidian):\n"
            "  folder: Templates -> Archive/Templates",
        ),
        (
            {".vault-tools/config.yaml": "templates_folder: Templates/Hiring\n"},
            "Templates",
            "in .vault-tools/config.yaml:\n"
            "  templates_folder: Templates/Hiring -> Archive/Templates/Hiring",
        ),
        (
            {".vault-tools/config.yaml": "types:\n  by_folder: {Work: candidate}\n"},
            "Work",
            "in .vault-tools/config.yaml:\n  types.by_folder: Work -> Archive/Work",
        ),
    ],
    ids=["obsidian-templates", "config-templates", "type-by-folder"],
)
def test_a_folder_a_setting_names_is_not_moved_until_the_setting_names_the_new_one(
    make_vault: MakeVault, settings: dict[str, str], moved: str, named: str
) -> None:
    """Moved behind its setting's back, the templates folder's templates would be read as
    notes (and fail lint), or the interviews typed by their folder would lose their type."""
    root = hiring_vault(make_vault)
    make_vault({"Templates/Hiring/Referral.md": "---\ndate: {{date}}\n---\n", **settings})
    with pytest.raises(MoveError) as refused:
        plan_move(Vault.open(root), moved, "Archive/" + moved)
    assert str(refused.value).endswith(named)
    assert (root / moved).is_dir() and not (root / "Archive" / moved).exists()
    setting = next(iter(settings))
    text = (root / setting).read_text(encoding="utf-8")
    (root / setting).write_text(text.replace(moved, "Archive/" + moved), encoding="utf-8")
    planned = plan_move(Vault.open(root), moved, "Archive/" + moved)
    apply_move(root, planned)
    assert (root / "Archive" / moved).is_dir()


def test_the_hiring_folders_and_generated_notes_stay_where_their_settings_say(
    make_vault: MakeVault,
) -> None:
    """With no setting written, `new` writes into Hiring/Candidates and `index` into Hiring:
    moving them would have both made again at the old place. Every setting in the way is
    named at once, with the default it has and the value to give it."""
    root = hiring_vault(make_vault)
    with pytest.raises(MoveError) as refused:
        plan_move(Vault.open(root), "Hiring", "Recruiting")
    message = str(refused.value)
    assert "  hiring.folders.candidates: Hiring/Candidates -> Recruiting/Candidates" in message
    assert "  indexes.interviews.path: Hiring/Interview Index.md -> Recruiting/Interview" in message
    assert (
        "  retrospectives.path: Hiring/Retrospectives/{quarter} Interview Retrospective.md -> "
        "Recruiting/Retrospectives/{quarter} Interview Retrospective.md"
    ) in message
    assert (root / "Hiring/Candidates/Lena Holm.md").exists()
