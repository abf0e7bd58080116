"""Charts and words of the retrospective that say no more than the figures do.

Mermaid's xychart draws a bar up from the bottom of the y-axis, not from zero, so every bar
chart the generators write must have its axis start at 0 and reach every value. Sentences
appear only when their figures support them, and shares count independent units.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from vault_tools import generate
from vault_tools.vault import Vault

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "example_vault"
FIXTURE = HERE / "fixtures" / "generate" / "vault"

_BLOCK = re.compile(r"```mermaid\nxychart-beta\n(.*?)```", re.DOTALL)
_Y_AXIS = re.compile(r'^\s*y-axis "[^"]*" (-?[\d.]+) --> (-?[\d.]+)$', re.MULTILINE)
_X_AXIS = re.compile(r"^\s*x-axis \[(.*)\]$", re.MULTILINE)
_BAR = re.compile(r'^\s*bar (?:"[^"]*" )?\[(.*)\]$', re.MULTILINE)


def _log(day: str, candidate: str, panel: list[str], score: int, recommendation: str) -> str:
    return (
        f'---\ntype: interview\ncandidate: "[[{candidate}]]"\nrole: DE\nlevel: Mid\n'
        f"stage: technical\ndate: {day}\ninterviewers: [{', '.join(panel)}]\n"
        f"scores: {{competence: {score}, creativity: {score}, business_sense: {score}}}\n"
        f"recommendation: {recommendation}\n---\n"
    )


def _three_person_vault(root: Path) -> Path:
    """Six panels of Ann, Ben and Cy: Ann scores 4, Ben 3, Cy 1, so against the others'
    median Ann is +2, Ben +0.5 and Cy -2.5: a negative difference to draw."""
    root.mkdir()
    for index in range(6):
        candidate = f"Person {index}"
        day = f"2025-07-{10 + index:02d}"
        panel = ["Ann", "Ben", "Cy"]
        for author, score, said in (("Ann", 4, "yes"), ("Ben", 3, "yes"), ("Cy", 1, "no")):
            ordered = [author, *(name for name in panel if name != author)]
            (root / f"{candidate} ({author}).md").write_text(
                _log(day, candidate, ordered, score, said)
            )
    return root


def _pair_vault(root: Path) -> Path:
    """Six panels of Ann and Ben only: Ann scores 4, Ben 2."""
    root.mkdir()
    for index in range(6):
        candidate = f"Person {index}"
        day = f"2025-07-{10 + index:02d}"
        for author, other, score in (("Ann", "Ben", 4), ("Ben", "Ann", 2)):
            (root / f"{candidate} ({author}).md").write_text(
                _log(day, candidate, [author, other], score, "yes")
            )
    return root


def _bar_charts(markdown: str) -> list[tuple[float, float, list[str], list[list[float]]]]:
    charts = []
    for block in _BLOCK.findall(markdown):
        bars = _BAR.findall(block)
        if not bars:
            continue
        y_axis = _Y_AXIS.search(block)
        x_axis = _X_AXIS.search(block)
        assert y_axis is not None and x_axis is not None, block
        labels = re.findall(r'"[^"]*"', x_axis.group(1))
        values = [[float(value) for value in bar.split(", ")] for bar in bars]
        charts.append((float(y_axis.group(1)), float(y_axis.group(2)), labels, values))
    return charts


def _every_generated_note(vault: Vault) -> list[str]:
    return [markdown for blocks in generate.plan(vault).values() for markdown in blocks.values()]


@pytest.mark.parametrize("vault_name", ["example", "fixture", "three-person", "pairs"])
def test_every_bar_chart_starts_at_zero_and_holds_every_value(
    tmp_path: Path, vault_name: str
) -> None:
    root = {
        "example": lambda: EXAMPLE,
        "fixture": lambda: FIXTURE,
        "three-person": lambda: _three_person_vault(tmp_path / "vault"),
        "pairs": lambda: _pair_vault(tmp_path / "vault"),
    }[vault_name]()
    charts = [
        chart for text in _every_generated_note(Vault.open(root)) for chart in _bar_charts(text)
    ]
    assert charts, "the vault's notes have bar charts"
    for low, high, labels, series in charts:
        assert low == 0
        for values in series:
            assert len(values) == len(labels)
            assert all(0 <= value <= high for value in values), (high, values)


def test_a_negative_difference_is_a_bar_of_its_own_series(tmp_path: Path) -> None:
    markdown = generate.retrospective(
        Vault.open(_three_person_vault(tmp_path / "vault")), "2025-Q3"
    ).markdown
    chart = markdown[markdown.index("How far each interviewer scores from the rest") :]
    chart = chart[: chart.index("```")]
    assert '["Ann", "Ben", "Cy"]' in chart
    assert 'bar "scores higher" [2, 0.5, 0]' in chart
    assert 'bar "scores lower" [0, 0, 2.5]' in chart
    assert 'y-axis "Score points (median)" 0 --> 3' in chart
    # With three on every panel, the verdicts can name who is off.
    assert "| Cy | 6 | -2.5 | 0 / 0 / 6 | -1 | **lower** |" in markdown


def test_a_two_person_disagreement_is_reported_for_the_pair(tmp_path: Path) -> None:
    markdown = generate.retrospective(
        Vault.open(_pair_vault(tmp_path / "vault")), "2025-Q3"
    ).markdown
    assert "**higher**" not in markdown and "**lower**" not in markdown
    assert "| Ann | 6 | +2 | 6 / 0 / 0 | 0 | apart from their panel partner (see the pairs) |" in (
        markdown
    )
    assert "- Ann scores 2 points higher than Ben on the same candidates" in markdown
    assert '["Ann above Ben"]' in markdown


def test_no_caution_is_claimed_without_a_signal(tmp_path: Path) -> None:
    quiet = generate.retrospective(Vault.open(_pair_vault(tmp_path / "vault")), "2025-Q3")
    assert quiet.figures["risk_aversion"]["split_panels"] == 0
    assert "lean towards caution" not in quiet.markdown
    assert "No candidate was rejected in either way this quarter." in quiet.markdown
    # The fixture's 2025-Q3: Alice was rejected despite Maria's strong-yes.
    signalled = generate.retrospective(Vault.open(FIXTURE), "2025-Q3").markdown
    assert "Interviews can lean towards caution" in signalled
    assert "rejected in either way" not in signalled


def test_the_share_of_high_scores_counts_interviews_by_the_panels_median() -> None:
    # Competence in the fixture's 2025-Q3, per interview (panel median): Alice technical 3+2
    # = 2.5, Bo technical 4+3 = 3.5, Bo case 3+4 = 3.5, Fay technical 3+2 = 2.5: 2 of 4.
    # Over logs it would be 6 of 8: the same meetings counted twice, a narrower interval.
    result = generate.retrospective(Vault.open(FIXTURE), "2025-Q3")
    competence = result.figures["scores"]["competence"]
    assert competence["interviews"] == 4
    assert competence["interviews_three_or_four"] == {
        "successes": 2,
        "n": 4,
        "share": 0.5,
        "wilson_95": [0.15, 0.85],
    }
    assert competence["three_or_four"]["n"] == 8  # the logs' figure, kept for scripts
    assert "| Competence | 8 | 3 | 0 | 2 | 4 | 2 | 0 | 2/4 (95% CI 15–85%) |" in (result.markdown)
    assert "counts interviews" in result.markdown


def test_a_share_of_nothing_is_said_in_words_not_as_0_of_0(tmp_path: Path) -> None:
    """A quarter with no candidate notes: no rejections, no offers answered, no hires. Each
    share of nothing reads as words or a dash; `0/0` would leave the reader to puzzle."""
    quiet = generate.retrospective(Vault.open(_pair_vault(tmp_path / "vault")), "2025-Q3")
    text = quiet.markdown
    assert "0/0" not in text
    assert (
        "- Rejected despite a strong-yes: none (no candidate interviewed this quarter was "
        "rejected)." in text
    )
    assert "- Split panels: 0." in text


@pytest.mark.parametrize(
    ("score", "recommendation", "said"),
    [
        # Jonas (the pair's second) scores higher and recommends higher: both said from Jonas.
        (-1.0, -1.0, "Jonas Berg scores 1 point higher than Maria Svensson on the same "
                     "candidates (median over 4 shared panels, higher in 3 of 4); Jonas Berg's "
                     "recommendations minus Maria Svensson's: median +1."),
        # Maria scores higher but recommends lower.
        (2.0, -1.0, "Maria Svensson scores 2 points higher than Jonas Berg on the same "
                    "candidates (median over 4 shared panels, higher in 1 of 4); Maria "
                    "Svensson's recommendations minus Jonas Berg's: median -1."),
    ],
)  # fmt: skip
def test_a_pair_s_differences_are_said_from_the_higher_scorer(
    score: float, recommendation: float, said: str
) -> None:
    from vault_tools.generate.figures import Calibration, PairCalibration
    from vault_tools.generate.retrospective import _glance_calibration

    pair: PairCalibration = {
        "interviewers": ["Maria Svensson", "Jonas Berg"],
        "n": 4,
        "median_difference": score,
        "first_higher": 1,
        "same": 0,
        "second_higher": 3,
        "recommendation_n": 4,
        "median_recommendation_difference": recommendation,
        "flagged": True,
    }
    calibration: Calibration = {
        "panels": 4, "two_person_panels": 4, "interviewers": [], "pairs": [pair]
    }  # fmt: skip
    assert _glance_calibration(calibration) == ["- " + said]


_PIE = re.compile(r"```mermaid\npie showData\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("root", [EXAMPLE, FIXTURE], ids=["example", "fixture"])
def test_no_pie_gives_a_share_of_fewer_than_five_or_a_single_slice(root: Path) -> None:
    # Mermaid labels every slice with its percentage: a pie of 1 is a "100%" the tables
    # never print, and a pie of one slice says nothing.
    pies = [pie for text in _every_generated_note(Vault.open(root)) for pie in _PIE.findall(text)]
    assert pies, "the vault's notes have pies"
    for pie in pies:
        counts = [int(count) for count in re.findall(r" : (\d+)$", pie, re.MULTILINE)]
        assert len(counts) >= 2 and sum(counts) >= 5, pie


def test_a_pair_with_fewer_than_five_shared_panels_gets_no_bar(tmp_path: Path) -> None:
    root = _pair_vault(tmp_path / "vault")
    for index in range(6, 8):  # Ann also sat twice with Cy
        candidate = f"Person {index}"
        for author, other, score in (("Ann", "Cy", 4), ("Cy", "Ann", 1)):
            (root / f"{candidate} ({author}).md").write_text(
                _log(f"2025-08-0{index - 5}", candidate, [author, other], score, "yes")
            )
    markdown = generate.retrospective(Vault.open(root), "2025-Q3").markdown
    assert "| Ann vs Cy | 2 | +3 |" in markdown  # in the table, with its n
    assert '["Ann above Ben"]' in markdown  # six panels: charted
    assert "Ann above Cy" not in markdown  # two: a median of two is no bar to compare


def test_a_median_wait_says_who_it_leaves_out(tmp_path: Path) -> None:
    # The fixture's 2025-Q3: one candidate still waits for a decision; a median over the
    # decided alone would look better than the quarter was.
    markdown = generate.retrospective(Vault.open(FIXTURE), "2025-Q3").markdown
    intro = markdown[markdown.index("## Time to decision") :].split("\n\n")[1]
    assert re.search(
        r"To a decision: median .* \(n=\d+ decided, longest .*\); 1 still undecided, not counted\.",
        intro,
    ), intro


def test_an_interviewer_s_part_of_the_quarter_has_no_interval() -> None:
    # Every interview of the quarter is counted: a part of all of them estimates nothing.
    markdown = generate.retrospective(Vault.open(EXAMPLE), "2025-Q3").markdown
    workload = markdown[markdown.index("## Workload") :].split("\n## ")[0]
    rows = [line for line in workload.splitlines() if line.startswith("| Maria Svensson")]
    assert rows and rows[0].endswith(" | 13/16 (81%) |"), rows
    assert "CI" not in workload


def test_a_busy_quarter_lists_some_names_and_the_most_recent_rows(tmp_path: Path) -> None:
    # 55 candidates interviewed once each and all still waiting: the note names ten of them
    # at a glance and shows the 50 latest rows; the JSON figures keep every one of them.
    root = tmp_path / "vault"
    root.mkdir()
    for index in range(55):
        day = f"2025-07-{1 + index % 28:02d}" if index < 28 else f"2025-08-{index - 27:02d}"
        (root / f"Log {index:02d}.md").write_text(
            _log(day, f"Person {index:02d}", ["Ann"], 3, "yes")
        )
    result = generate.retrospective(Vault.open(root), "2025-Q3")
    (glance,) = [
        line for line in result.markdown.splitlines() if line.startswith("- **Waiting for")
    ]
    assert glance.count("(since ") == 10 and glance.endswith(" and 45 more.")
    timing = result.markdown.split("## Time to decision", 1)[1].split("\n## ", 1)[0]
    assert "The 50 most recent of 55 candidates (by last interview)" in timing
    rows = [line for line in timing.splitlines() if line.startswith("| Person")]
    assert len(rows) == 50 and "Person 54" in rows[-1]  # the latest, in order
    assert len(result.figures["timeline"]) == 55


def test_every_list_of_a_busy_quarter_is_bounded(tmp_path: Path) -> None:
    # 60 candidates rejected in the quarter, each once interviewed with a strong-yes and
    # without the times of the independence check: no list or table shows them all.
    root = tmp_path / "vault"
    root.mkdir()
    for index in range(60):
        name = f"Person {index:02d}"
        day = f"2025-07-{1 + index % 28:02d}"
        (root / f"{name}.md").write_text(
            "---\ntype: candidate\nrole: DE\nlevel: Mid\ndecision: rejected\n"
            f"decision_date: 2025-09-{1 + index % 28:02d}\nrejection_reason: r{index}\n---\n"
        )
        (root / f"Log {index:02d}.md").write_text(_log(day, name, ["Ann"], 3, "strong-yes"))
    markdown = generate.retrospective(Vault.open(root), "2025-Q3").markdown
    assert "The first 50 of 60 such candidates, by name" in markdown
    for line in markdown.splitlines():
        assert line.count("Person ") <= max(10, 1), line[:120]


def test_counts_of_none_and_of_one_read_as_english() -> None:
    """What the figures say of nothing, or of one, reads right: not "0 ... were hired", not
    "1 ... logs: they", and a pair with nothing yet to compare gets no row of dashes."""
    from vault_tools.generate.retrospective import render_retrospective

    figures = copy.deepcopy(generate.retrospective(Vault.open(EXAMPLE), "2025-Q3").figures)
    figures["funnel"]["stages"][-1]["reached"] = 0
    figures["independence"]["violations"] = 1
    pair = copy.deepcopy(figures["calibration"]["pairs"][0])
    pair.update(interviewers=["Ann Other", "Ben Other"], n=0, recommendation_n=0)
    figures["calibration"]["pairs"].append(pair)
    markdown = render_retrospective(figures, "Hiring/Retrospectives/Predictive value.md")
    assert "this quarter, none got an offer or was hired;" in markdown
    assert "notes written after the debrief**, so it may echo the panel." in markdown
    assert "Ann Other vs Ben Other" not in markdown
