"""The 2025-Q3 retrospective of the fixture vault, figure by figure, computed by hand.

The fixture (tests/fixtures/generate/vault) in 2025-Q3 has 13 logs:

    #   date   candidate stage        author  others  comp crea bus (+case)  rec         notes
    1   07-01  Alice     get-to-know  Maria   -       -                      yes         no debrief
    2   07-02  Bo        get-to-know  Priya   -       -                      strong-yes  no debrief
    3   07-08  Alice     technical    Maria   Jonas   3 3 2                  strong-yes  ok
    4   07-08  Alice     technical    Jonas   Maria   2 2 2                  no          late
    5   07-15  Bo        technical    Priya   Maria   4 3 3                  strong-yes  ok
    6   07-15  Bo        technical    Maria   Priya   3 3 3                  yes         missing
    7   08-01  Bo        case         Maria   Priya   3 4 3 + 3 4 3 2        yes         ok
    8   08-01  Bo        case         Priya   Maria   4 4 3 + 4 3 4 3        strong-yes  ok
    9   08-05  Ed %% Co  get-to-know  Jonas   -       -                      no          no debrief
    10  08-20  Bo        final        Maria   -       -                      yes         no debrief
    11  09-10  Fay       get-to-know  Priya   -       -                      yes         no debrief
    12  09-20  Fay       technical    Priya   Jonas   3 2 3                  yes         ok
    13  09-20  Fay       technical    Jonas   Priya   2 2 2                  no          ok

(case criteria in order: technical depth, problem-solving, communication, experience)

Candidates: Alice rejected 07-10, told 07-15; Bo hired 08-22, told 08-22 (probation passed,
6 m = 4); Ed rejected 08-06, never told; Fay pending. Gus (2025-Q2) was hired 05-20 with
scores Maria 4 4 3 / Jonas 3 3 3, probation not passed, 6 m = 2, 12 m = 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vault_tools import generate
from vault_tools.vault import Vault

FIXTURE = Path(__file__).parent / "fixtures" / "generate" / "vault"


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return generate.retrospective(Vault.open(FIXTURE), "2025-Q3").figures


def test_volume(figures: dict[str, Any]) -> None:
    # Interviews are meetings: the two logs of a panel count once. 4 get-to-knows,
    # 3 technicals (Alice, Bo, Fay), Bo's case and Bo's final.
    assert figures["quarter"] == "2025-Q3"
    assert (figures["interviews"], figures["logs"], figures["candidates"]) == (9, 13, 4)
    assert figures["by_stage"] == {"get-to-know": 4, "technical": 3, "case": 1, "final": 1}


def test_recommendations(figures: dict[str, Any]) -> None:
    # no: logs 4, 9, 13; yes: 1, 6, 7, 10, 11, 12; strong-yes: 2, 3, 5, 8.
    assert figures["recommendations"] == {
        "strong-no": 0,
        "no": 3,
        "yes": 6,
        "strong-yes": 4,
        "missing": 0,
        "unfinished": 0,
    }


def test_funnel(figures: dict[str, Any]) -> None:
    # Cohort: Alice, Bo, Ed, Fay. Technical: Alice, Bo, Fay (3/4). Case, final, hired: Bo.
    # Wilson 3/4 = [0.301, 0.954]; 1/4 = [0.046, 0.699]; 1/3 = [0.061, 0.792].
    funnel = figures["funnel"]
    assert funnel["cohort"] == 4
    reached = {step["stage"]: step["reached"] for step in funnel["stages"]}
    assert reached == {"get-to-know": 4, "technical": 3, "case": 1, "final": 1, "offer/hired": 1}
    technical, case = funnel["stages"][1], funnel["stages"][2]
    assert technical["of_cohort"]["wilson_95"] == [0.301, 0.954]
    assert case["of_cohort"]["wilson_95"] == [0.046, 0.699]
    assert case["from_previous"] == {
        "successes": 1,
        "n": 3,
        "share": 0.333,
        "wilson_95": [0.061, 0.792],
    }
    assert (funnel["still_open"], funnel["rejected"], funnel["withdrew"]) == (1, 2, 0)


def test_an_offer_made_after_the_case_stage_counts_as_past_the_final(tmp_path: Path) -> None:
    """A stage someone skipped counts them: an offer is further than the final."""
    import shutil

    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    final = root / "Hiring/Interviews/2025-08-20 Bo Li - final (Maria).md"
    final.unlink()  # Bo Li, hired, now had no final interview
    funnel = generate.retrospective(Vault.open(root), "2025-Q3").figures["funnel"]
    reached = {step["stage"]: step["reached"] for step in funnel["stages"]}
    assert reached == {"get-to-know": 4, "technical": 3, "case": 1, "final": 1, "offer/hired": 1}
    final_step, offers = funnel["stages"][3], funnel["stages"][4]
    assert final_step["from_previous"]["successes"] == 1
    assert offers["from_previous"] == final_step["from_previous"]  # 1 of 1, as a rate


def test_score_distributions(figures: dict[str, Any]) -> None:
    # Competence: 3 2 4 3 3 4 3 2 -> sorted 2 2 3 3 3 3 4 4, median 3, 6 of 8 are 3 or 4.
    # Creativity: 3 2 3 3 4 4 2 2 -> 2 2 2 3 3 3 4 4, median (3 + 3) / 2 = 3.
    competence, creativity = figures["scores"]["competence"], figures["scores"]["creativity"]
    assert competence["n"] == 8 and competence["median"] == 3
    assert competence["counts"] == {"1": 0, "2": 2, "3": 4, "4": 2}
    assert competence["three_or_four"]["successes"] == 6
    assert creativity["counts"] == {"1": 0, "2": 3, "3": 3, "4": 2}
    # Case criteria only from logs 7 and 8: technical depth 3 and 4 -> median 3.5.
    assert figures["scores"]["technical_depth"]["median"] == 3.5
    assert figures["scores"]["technical_depth"]["n"] == 2


def test_independence(figures: dict[str, Any]) -> None:
    # Checked: logs 3, 4, 5, 7, 8, 12, 13 (7); violation: 4; missing: 6; 5 one-person
    # interviews without a debrief are not counted against anyone. 6/7 -> [0.487, 0.974].
    # Log 6 has a debrief but no `notes_written`: unfinished, neither kept nor broken.
    independence = figures["independence"]
    assert (independence["checked"], independence["violations"]) == (7, 1)
    assert (independence["missing"], independence["no_debrief"]) == (1, 5)
    assert independence["unfinished"] == 1
    assert [(log["interviewer"], log["candidate"]) for log in independence["unfinished_logs"]] == [
        ("Maria Svensson", "Bo Li")
    ]
    assert independence["before_debrief"]["wilson_95"] == [0.487, 0.974]
    assert [log["interviewer"] for log in independence["violating_logs"]] == ["Jonas Berg"]


def test_calibration(figures: dict[str, Any]) -> None:
    # Four two-person panels. Per panel, median over themes of (own − other):
    #   Alice technical: Maria (+1, +1, 0) -> +1; Jonas -1.   Recommendations: +2 / -2.
    #   Bo technical:    Priya (+1, 0, 0) -> 0;   Maria 0.    Recommendations: +1 / -1.
    #   Bo case (7 criteria): Maria (-1, 0, 0, -1, +1, -1, -1) -> -1; Priya +1.  Recs -1 / +1.
    #   Fay technical:   Priya (+1, 0, +1) -> +1; Jonas -1.   Recommendations: +1 / -1.
    # Jonas: [-1, -1] -> -1 (recs [-2, -1] -> -1.5); Maria: [+1, 0, -1] -> 0 (recs -1);
    # Priya: [0, +1, +1] -> +1 (recs +1). Nobody has 5 panels, so nobody is flagged.
    rows = {row["interviewer"]: row for row in figures["calibration"]["interviewers"]}
    assert {name: (row["n"], row["median_difference"]) for name, row in rows.items()} == {
        "Jonas Berg": (2, -1.0),
        "Maria Svensson": (3, 0.0),
        "Priya Nair": (3, 1.0),
    }
    assert rows["Jonas Berg"]["median_recommendation_difference"] == -1.5
    assert (rows["Maria Svensson"]["higher"], rows["Maria Svensson"]["lower"]) == (1, 1)
    assert not any(row["flagged"] for row in rows.values())
    # Pairs, first minus second: Jonas−Maria on Alice (-1, -1, 0) -> -1; Jonas−Priya on Fay
    # (-1, 0, -1) -> -1; Maria−Priya on Bo technical (-1, 0, 0) -> 0 and Bo case
    # (-1, 0, 0, -1, +1, -1, -1) -> -1, so median of [0, -1] = -0.5.
    pairs = {
        tuple(pair["interviewers"]): (pair["n"], pair["median_difference"])
        for pair in figures["calibration"]["pairs"]
    }
    assert pairs == {
        ("Jonas Berg", "Maria Svensson"): (1, -1.0),
        ("Jonas Berg", "Priya Nair"): (1, -1.0),
        ("Maria Svensson", "Priya Nair"): (2, -0.5),
    }
    assert figures["calibration"]["two_person_panels"] == figures["calibration"]["panels"] == 4


def test_time_to_decision_and_to_telling(figures: dict[str, Any]) -> None:
    # From the last interview: Alice 07-08 -> decided 07-10 (2), told 07-15 (7);
    # Ed 08-05 -> decided 08-06 (1), not told (so waiting since 08-05); Bo 08-20 -> 08-22
    # (2), told 08-22 (2);
    # Fay 09-20, no decision. Decision: [2, 1, 2] -> median 2; told: [7, 2] -> median 4.5.
    decision, told = figures["time_to_decision"], figures["time_to_notification"]
    assert (decision["n"], decision["median_days"], decision["longest_days"]) == (3, 2, 2)
    assert (told["n"], told["median_days"], told["longest_days"]) == (2, 4.5, 7)
    assert [(w["name"], w["since"]) for w in decision["waiting"]] == [("Fay Ortiz", "2025-09-20")]
    assert [(w["name"], w["since"]) for w in told["waiting"]] == [
        ("Ed %% Co", "2025-08-05"),
        ("Fay Ortiz", "2025-09-20"),
    ]


def test_risk_aversion(figures: dict[str, Any]) -> None:
    # Rejected this quarter: Alice and Ed; Alice had Maria's strong-yes (1/2).
    # Split panels: Alice technical (strong-yes vs no, then rejected), Fay technical (open).
    risk = figures["risk_aversion"]
    assert risk["rejected"] == 2
    assert risk["rejected_despite_strong_yes"]["successes"] == 1
    assert [row["name"] for row in risk["rejected_despite_strong_yes_list"]] == ["Alice Ng"]
    assert [(s["name"], s["outcome"]) for s in risk["split_panel_list"]] == [
        ("Alice Ng", "rejected"),
        ("Fay Ortiz", "open"),
    ]
    assert risk["split_panels_rejected"] == {
        "successes": 1,
        "n": 1,
        "share": 1.0,
        "wilson_95": [0.207, 1.0],
    }


def test_predictive_value_over_all_quarters(figures: dict[str, Any]) -> None:
    # Hires: Gus (2025-Q2) and Bo. Gus's scores 4 4 3 3 3 3 -> median 3; Bo's 20 scores have
    # one 2, twelve 3s and seven 4s -> median 3. Two 6-month pairs: no coefficient under 10.
    predictive = figures["predictive_value"]
    assert predictive["hires"] == 2
    assert [(row["name"], row["median_score"]) for row in predictive["hires_list"]] == [
        ("Gus Berg", 3.0),
        ("Bo Li", 3.0),
    ]
    assert predictive["performance_6m"] == {"n": 2, "spearman": None}
    assert predictive["probation_passed"]["successes"] == 1
    assert "Only hired candidates have outcomes" in predictive["caveat"]


def test_spearman_appears_from_ten_pairs(tmp_path: Path) -> None:
    # Ten hires, scores x = 1 1 1 1 2 2 2 3 3 3 and 6-month ratings y = 1 1 2 2 3 3 4 4 5 5.
    # Average ranks: x 2.5×4, 6×3, 9×3; y 1.5 1.5 3.5 3.5 5.5 5.5 7.5 7.5 9.5 9.5; mean 5.5.
    # Σ dx·dy = 24 + 12 + 0 + 1 + 7 + 28 = 72; Σ dx² = 73.5; Σ dy² = 80;
    # rho = 72 / sqrt(73.5 · 80) = 0.939.
    root = tmp_path / "vault"
    for index in range(10):
        name = f"Hire {index}"
        (root / "C").mkdir(parents=True, exist_ok=True)
        (root / "L").mkdir(parents=True, exist_ok=True)
        (root / "C" / f"{name}.md").write_text(
            "---\ntype: candidate\ndecision: hired\ndecision_date: 2025-08-01\n"
            f"performance_6m: {index // 2 + 1}\n---\n"
        )
        score = 1 + index * 3 // 10  # 1 1 1 1 2 2 2 3 3 3 (ties on both sides)
        (root / "L" / f"{name} - technical.md").write_text(
            f'---\ntype: interview\ncandidate: "[[{name}]]"\nstage: technical\n'
            f"date: 2025-07-01\ninterviewers: [Maria]\nscores:\n  competence: {score}\n---\n"
        )
    result = generate.retrospective(Vault.open(root), "2025-Q3").figures["predictive_value"]
    assert result["performance_6m"]["n"] == 10
    assert result["performance_6m"]["spearman"] == pytest.approx(0.939, abs=1e-3)


def test_who_is_still_waiting_carries_over_into_later_quarters() -> None:
    # 2025-Q4 has no logs, but three candidates were already waiting when it began.
    result = generate.retrospective(Vault.open(FIXTURE), "2025-Q4")
    assert [
        (row["name"], row["waiting_for"], row["since"]) for row in result.figures["carried_over"]
    ] == [
        ("Ed %% Co", "being told", "2025-08-05"),
        ("Fay Ortiz", "a decision", "2025-09-20"),
        ("Hal Moe", "a first interview", "2025-09-25"),
    ]
    assert "No interview logs are dated 2025-10-01 to 2025-12-31." in result.markdown
    (waiting,) = [line for line in result.markdown.splitlines() if "Still waiting" in line]
    assert waiting.startswith("- **Still waiting on us:** ")  # one list, as in busy quarters
    assert waiting.index("Ed &#37;&#37; Co (being told") < waiting.index("Fay Ortiz]] (a decision")
    assert waiting.endswith("[[Hal Moe]] (a first interview since 2025-09-25).")
    assert generate.retrospective(Vault.open(FIXTURE), "2025-Q2").figures["carried_over"] == []


def test_the_calibration_chart_shows_a_three_point_difference_whole(tmp_path: Path) -> None:
    # Ann scores 4 where Ben scores 1 on the same panels: -3 and +3 on a 1-4 scale.
    root = tmp_path / "vault"
    root.mkdir()
    for candidate in ("Alice", "Bo", "Cato", "Dee", "Eli"):  # 5 panels: enough for a bar
        for author, score in (("Ann", 4), ("Ben", 1)):
            (root / f"{candidate} technical ({author}).md").write_text(
                f'---\ntype: interview\ncandidate: "[[{candidate}]]"\nstage: technical\n'
                f"date: 2025-07-10\ninterviewers: [{author}]\n"
                f"scores: {{competence: {score}, creativity: {score}, business_sense: {score}}}\n"
                "---\n"
            )
    markdown = generate.retrospective(Vault.open(root), "2025-Q3").markdown
    # Two people on every panel: the chart shows the pair's gap, from zero, whole.
    chart = markdown[markdown.index("How far apart each pair on the same panel scores") :]
    assert '["Ann above Ben"]' in chart
    assert 'y-axis "Score points (median)" 0 --> 3' in chart
    assert "bar [3]" in chart


def _technical(
    root: Path, name: str, day: str, panel: str, score: int, recommendation: str
) -> None:
    (root / f"{name}.md").write_text(
        f'---\ntype: interview\ncandidate: "[[Quinn]]"\nstage: technical\ndate: {day}\n'
        f"interviewers: [{panel}]\nrecommendation: {recommendation}\n"
        f"scores: {{competence: {score}, creativity: {score}, business_sense: {score}}}\n---\n"
    )


def test_two_rounds_of_a_stage_are_two_panels_never_compared(tmp_path: Path) -> None:
    # Round 1 (07-12): Maria 4, Jonas 3. Round 2 (07-20): Maria 2, Priya 2. Jonas and Priya
    # never sat together; each round was unanimous on its recommendation.
    root = tmp_path / "vault"
    root.mkdir()
    _technical(root, "r1 Maria", "2025-07-12", "Maria, Jonas", 4, "yes")
    _technical(root, "r1 Jonas", "2025-07-12", "Jonas, Maria", 3, "yes")
    _technical(root, "r2 Maria", "2025-07-20", "Maria, Priya", 2, "no")
    _technical(root, "r2 Priya", "2025-07-20", "Priya, Maria", 2, "no")
    figures = generate.retrospective(Vault.open(root), "2025-Q3").figures
    calibration = figures["calibration"]
    assert (figures["interviews"], calibration["panels"]) == (2, 2)
    rows = {row["interviewer"]: row for row in calibration["interviewers"]}
    assert (rows["Jonas"]["n"], rows["Jonas"]["median_difference"]) == (1, -1.0)
    assert (rows["Priya"]["n"], rows["Priya"]["median_difference"]) == (1, 0.0)
    assert rows["Maria"]["n"] == 2
    pairs = {
        tuple(pair["interviewers"]): pair["median_difference"] for pair in calibration["pairs"]
    }
    assert pairs == {("Jonas", "Maria"): -1.0, ("Maria", "Priya"): 0.0}  # no Jonas-Priya
    assert figures["risk_aversion"]["split_panels"] == 0


def test_a_copy_of_a_log_does_not_count_its_author_twice(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    _technical(root, "Maria", "2025-07-12", "Maria, Jonas", 4, "strong-yes")
    _technical(root, "Maria again", "2025-07-12", "Maria, Jonas", 4, "strong-yes")
    _technical(root, "Jonas", "2025-07-12", "Jonas, Maria", 3, "yes")
    calibration = generate.retrospective(Vault.open(root), "2025-Q3").figures["calibration"]
    rows = {row["interviewer"]: row for row in calibration["interviewers"]}
    assert rows["Maria"]["n"] == rows["Jonas"]["n"] == 1
    assert rows["Maria"]["median_difference"] == 1.0
