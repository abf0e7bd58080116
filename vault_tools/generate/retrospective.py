"""The quarterly interview retrospective note: markdown from the computed figures.

:mod:`vault_tools.generate.figures` computes a quarter's :class:`RetrospectiveFigures`;
:func:`render_retrospective` turns them into the note's generated block. Pure: no disk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from vault_tools.generate import markup
from vault_tools.generate.figures import (
    CALIBRATION_THRESHOLD,
    MIN_FOR_SHARE,
    MIN_SHARED_FOR_FLAG,
    Calibration,
    Consistency,
    DaysSummary,
    Funnel,
    Independence,
    Offers,
    PredictiveValue,
    RejectedDespiteStrongYes,
    RejectionsByStage,
    RetrospectiveFigures,
    RiskAversion,
    Share,
    Sources,
    SplitPanel,
    ThemeScores,
    TimeSummary,
    TimeToHire,
    Workload,
)
from vault_tools.generate.indexes import SectionCache, moved_in_place, person_link
from vault_tools.generated import DEFAULT_PREDICTIVE_VALUE_PATH, THEME_LABELS
from vault_tools.hiring import (
    CASE_CRITERIA,
    RECOMMENDATIONS,
    SCORE_KEYS,
    STAGES,
    THEMES,
    WAITING_NOTIFICATION,
    Person,
)
from vault_tools.stats import MIN_PAIRS_FOR_CORRELATION, wilson_interval

__all__ = ["render_predictive_value", "render_retrospective"]

# The last predictive-value figures rendered, with their markdown (every quarter shares them).
_last_predictive_markdown: tuple[PredictiveValue, object, str] | None = None


# ---------------------------------------------------------------------------------- render
def _stage_label(stage: str | None) -> str:
    return markup.cell(stage or "unknown")


def _share(data: Share | None) -> str:
    """``3/5 (60%, 95% CI 23–88%)``; below :data:`MIN_FOR_SHARE` the count and its interval
    only (``2/3 (95% CI 21–94%)``): a percentage of three says more than three can."""
    if not data or not data["n"]:
        return markup.MISSING  # a share of nothing: no `0/0` for the reader to puzzle over
    if data["wilson_95"] is None:
        return f"0/{data['n']}"
    successes, n = data["successes"], data["n"]
    # From the counts, not from the JSON's values rounded to three places (0.565 would
    # show 13/23 as 56%, and a bound of 0.610 for 6/6 would hide that it is 60.97%).
    low, high = wilson_interval(successes, n)
    if n < MIN_FOR_SHARE:
        return f"{successes}/{n} (95% CI {markup.interval(low, high)})"
    shown = markup.percent(_exact_share(data))
    return f"{successes}/{n} ({shown}, 95% CI {markup.interval(low, high)})"


# Names listed in one line of *At a glance*, and rows in one table of candidates or panels:
# a quarter of hundreds of candidates would otherwise be a note nobody reads (and rewrites
# its hundreds of kilobytes at every change); `retro --format json` lists them all.
MOST_NAMES = 10
MOST_ROWS = 50


def _some(names: Iterable[str], separator: str = ", ") -> str:
    """The first :data:`MOST_NAMES` of ``names``, joined, and how many more there are."""
    listed = list(names)
    shown = separator.join(listed[:MOST_NAMES])
    if len(listed) > MOST_NAMES:
        shown += f"{' ' if separator == ', ' else separator}and {len(listed) - MOST_NAMES} more"
    return shown


def _first(rows: Sequence[_Row], what: str) -> tuple[Sequence[_Row], str]:
    """The first :data:`MOST_ROWS` of ``rows`` in their order (``what`` says which order),
    and a line that says so when some are left out ("" when none are)."""
    if len(rows) <= MOST_ROWS:
        return rows, ""
    return rows[:MOST_ROWS], (
        f"The first {MOST_ROWS} of {len(rows)} {what}; "
        "`vault-tools retro --format json` lists them all."
    )


def _latest(rows: Sequence[_Row], what: str) -> tuple[Sequence[_Row], str]:
    """The last :data:`MOST_ROWS` of ``rows`` (oldest first, so the most recent), and a
    line that says so when some are left out ("" when none are)."""
    if len(rows) <= MOST_ROWS:
        return rows, ""
    return rows[-MOST_ROWS:], (
        f"The {MOST_ROWS} most recent of {len(rows)} {what}; "
        "`vault-tools retro --format json` lists them all."
    )


def _exact_share(data: Share) -> float:
    """The share of ``data`` from its counts (0 of nothing), not rounded as the JSON has it."""
    return data["successes"] / data["n"] if data["n"] else 0.0


def _part_of_all(data: Share) -> str:
    """``3/12 (25%)``: a part of everything counted (each interviewer's part of the quarter's
    interviews), which no interval qualifies, as it estimates nothing; below
    :data:`MIN_FOR_SHARE` the count alone."""
    if data["n"] < MIN_FOR_SHARE or data["share"] is None:
        return f"{data['successes']}/{data['n']}"
    return f"{data['successes']}/{data['n']} ({markup.percent(_exact_share(data))})"


def _pie(title: str, slices: Sequence[tuple[str, int]]) -> str | None:
    """A pie of the counts in ``slices``, or None: Mermaid labels every slice with its
    percentage, so a pie of fewer than :data:`MIN_FOR_SHARE` gives shares that the tables do
    not give, and a pie of one slice ("100%") says nothing the table does not."""
    drawn = [count for _, count in slices if count > 0]
    if len(drawn) < 2 or sum(drawn) < MIN_FOR_SHARE:
        return None
    return markup.pie_chart(title, slices)


def _link(entry: Mapping[str, Any]) -> str:
    name = entry.get("name") or "?"
    path = entry.get("path")
    return person_link(Person(path or name.casefold(), name, path))


def _log_link(entry: Mapping[str, Any], label: str | None = None) -> str:
    return markup.note_link(entry["path"], label or entry.get("interviewer") or "log")


def _moment_text(iso: str | None) -> str | None:
    """``2025-07-09T10:00:00`` -> ``2025-07-09 10:00`` (seconds only when written)."""
    if iso is None:
        return None
    text = iso.replace("T", " ", 1)
    return text[:16] + text[19:] if text[16:19] == ":00" else text


def _chart_and_table(chart: str | None, table: str) -> str:
    return f"{chart}\n\n{table}" if chart else table


def render_retrospective(
    figures: RetrospectiveFigures,
    predictive_value_note: str = DEFAULT_PREDICTIVE_VALUE_PATH,
    cache: SectionCache | None = None,
) -> str:
    """The retrospective's generated block: markdown from the quarter's figures.

    The predictive-value figures (over all quarters) are in their note of their own,
    ``predictive_value_note`` (:func:`render_predictive_value`); the retrospective links it.
    ``cache``: the one :func:`~vault_tools.generate.figures.retrospective_figures` was given
    (the watcher's), which keeps the parts of the figures that did not change as the same
    objects: their sections are not rendered again. The text is the same without it.
    """
    if not figures["logs"]:
        period = figures["period"]
        waiting = _some(
            f"{_link(row)} ({row['waiting_for']} since {row['since']})"
            for row in figures["carried_over"]
        )
        return "\n\n".join(
            [
                "## At a glance",
                f"No interview logs are dated {period['start']} to {period['end']}."
                + (f"\n\n- **Still waiting on us:** {waiting}." if waiting else ""),
                *_outcomes_without_interviews(figures),
                _predictive_link(predictive_value_note),
                _render_method(),
            ]
        )

    def part(name: str, render: Callable[[], str], *inputs: object) -> str:
        # A section is rendered again only when a part of the figures it reads is not the
        # very same object (or number) as when it was rendered for this quarter last time.
        if cache is None:
            return render()
        key = ("retrospective-section", figures["quarter"], name)
        kept = cache.get(key)
        if kept is not None and _same_inputs(cast(tuple[object, ...], kept[0]), inputs):
            text: str = kept[1]
            return text
        text = render()
        cache[key] = (inputs, text)
        return text

    def one(name: str, render: Callable[[Any], str]) -> str:
        # A section that reads one part of the figures, of the same name.
        return part(name, lambda: render(whole[name]), whole[name])

    f = figures
    whole: Mapping[str, Any] = figures
    sections = [
        "\n".join(
            [
                part(
                    "glance",
                    lambda: _glance_head(f),
                    *(f["interviews"], f["logs"], f["candidates"], f["funnel"]),
                    *(f["independence"], f["time_to_notification"], f["time_to_decision"]),
                    *(f["timeline"], f["carried_over"]),
                ),
                *_glance_calibration(f["calibration"]),
                *_glance_risk(f["risk_aversion"]),
            ]
        ),
        part(
            "volume",
            lambda: _render_volume(f),
            *(f["by_stage"], f["volume"], f["interviews"], f["logs"]),
        ),
        one("funnel", _render_funnel),
        part(
            "recommendations",
            lambda: _render_recommendations(f),
            *(f["recommendations"], f["recommendations_by_stage"]),
        ),
        one("scores", _render_scores),
        one("calibration", _render_calibration),
        one("independence", _render_independence),
        part(
            "timing",
            lambda: _render_timing(f),
            *(f["timeline"], f["carried_over"], f["time_to_decision"], f["time_to_notification"]),
        ),
        part(
            "risk",
            lambda: _render_risk(f["risk_aversion"], cache, f["quarter"]),
            f["risk_aversion"],
        ),
        one("workload", _render_workload),
        one("time_to_hire", _render_time_to_hire),
        one("offers", _render_offers),
        one("sources", _render_sources),
        one("rejections_by_stage", _render_rejections),
        one("consistency", _render_consistency),
        _predictive_link(predictive_value_note),
        _render_method(),
    ]
    return "\n\n".join(sections)


def _same_inputs(kept: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """The same parts of the figures: the very same objects, numbers equal."""
    return len(kept) == len(now) and all(
        old is new or (type(old) is int and type(new) is int and old == new)
        for old, new in zip(kept, now, strict=True)
    )


def _outcomes_without_interviews(figures: RetrospectiveFigures) -> list[str]:
    """A quarter without interviews may still have offers, first contacts and rejections."""
    parts = []
    if figures["offers"]["made"]:
        parts += [_render_time_to_hire(figures["time_to_hire"]), _render_offers(figures["offers"])]
    if figures["sources"]["candidates"]:
        parts.append(_render_sources(figures["sources"]))
    if figures["rejections_by_stage"]["rejected"]:
        parts.append(_render_rejections(figures["rejections_by_stage"]))
    return parts


def _glance_head(figures: RetrospectiveFigures) -> str:
    """The lines of *At a glance* up to the calibration's (what reads neither the calibration
    nor the risk-aversion figures, which change with most edits of a log)."""
    period = figures["period"]
    lines = [
        "## At a glance",
        "",
        f"- {markup.plural(figures['interviews'], 'interview')} "
        f"({markup.plural(figures['logs'], 'log')}: one per interviewer) with "
        f"{markup.plural(figures['candidates'], 'candidate')}, "
        f"{period['start']} to {period['end']}.",
    ]
    funnel = figures["funnel"]
    if funnel["cohort"]:
        offers = funnel["stages"][-1]
        lines.append(
            f"- Of {markup.plural(funnel['cohort'], 'candidate')} who started with a get-to-know "
            f"this quarter, {offers['reached'] or 'none'} got an offer or "
            f"{'were' if offers['reached'] > 1 else 'was'} hired; "
            f"{funnel['still_open']} still open."
        )
    told = figures["time_to_notification"]
    if told["n"]:
        lines.append(
            f"- From last interview to telling the candidate: median "
            f"{markup.plural_days(told['median_days'])} (n={told['n']}); longest "
            f"{markup.plural_days(told['longest_days'])}: "
            + ", ".join(_link(row) for row in told["longest"])
            + "."
        )
    waiting = figures["time_to_decision"]["waiting"]
    untold = [row for row in figures["timeline"] if row["waiting_for"] == WAITING_NOTIFICATION]
    if waiting:
        names = _some(f"{_link(row)} (since {row['since']})" for row in waiting)
        lines.append(f"- **Waiting for a decision:** {names}.")
    if untold:
        names = _some(f"{_link(row)} (decided {row['decision_date']})" for row in untold)
        lines.append(f"- **Decided but not told:** {names}.")
    if figures["carried_over"]:
        names = _some(
            f"{_link(row)} ({row['waiting_for']} since {row['since']})"
            for row in figures["carried_over"]
        )
        lines.append(f"- **Still waiting from before this quarter:** {names}.")
    independence = figures["independence"]
    if independence["violations"]:
        lines.append(
            f"- **{independence['violations']} of {independence['checked']} checked logs: notes "
            "written after the debrief**, so "
            f"{'it' if independence['violations'] == 1 else 'they'} may echo the panel."
        )
    return "\n".join(lines)


def _glance_risk(risk: RiskAversion) -> list[str]:
    if not risk["rejected_despite_strong_yes_list"]:
        return []
    names = _some(_link(row) for row in risk["rejected_despite_strong_yes_list"])
    return [f"- Rejected despite a strong-yes: {names}."]


def _glance_calibration(calibration: Calibration) -> list[str]:
    """Flagged calibration, said once per pair when every panel was a pair (mirror images)."""
    lines = []
    if calibration["panels"] and calibration["two_person_panels"] == calibration["panels"]:
        for pair in calibration["pairs"]:
            if not pair["flagged"]:
                continue
            first, second = pair["interviewers"]
            difference = pair["median_difference"] or 0
            higher, lower = (first, second) if difference > 0 else (second, first)
            times = pair["first_higher"] if difference > 0 else pair["second_higher"]
            # The pair's differences are first minus second; said from the higher scorer.
            recommendation = pair["median_recommendation_difference"]
            if recommendation is not None and difference <= 0:
                recommendation = -recommendation
            agree = (
                "yet their recommendations usually match (median difference 0), so they seem "
                "to read the 1–4 anchors differently"
                if recommendation == 0
                else f"{markup.text(higher)}'s recommendations minus {markup.text(lower)}'s: "
                f"median {markup.signed(recommendation)}"
            )
            lines.append(
                f"- {markup.text(higher)} scores {markup.number(abs(difference))} "
                f"point{'' if abs(difference) == 1 else 's'} higher "
                f"than {markup.text(lower)} on the same candidates (median over {pair['n']} "
                f"shared panels, higher in {times} of {pair['n']}); {agree}."
            )
        return lines
    for row in calibration["interviewers"]:
        if row["flagged"]:
            direction = "higher" if (row["median_difference"] or 0) > 0 else "lower"
            lines.append(
                f"- {markup.text(row['interviewer'])} scores {direction} than the rest of the "
                f"panel (median {markup.signed(row['median_difference'])} over {row['n']} panels)."
            )
    return lines


def _render_volume(figures: RetrospectiveFigures) -> str:
    by_stage = figures["by_stage"]
    labels = [stage for stage in by_stage]
    chart = markup.bar_chart(
        "Interviews by stage", labels, [by_stage[s] for s in labels], "Interviews"
    )
    rows = [
        [
            _stage_label(row["stage"]),
            markup.cell(row["role"]),
            markup.cell(row["level"]),
            str(row["interviews"]),
            str(row["logs"]),
        ]
        for row in figures["volume"]
    ]
    rows.append(["**Total**", "", "", f"**{figures['interviews']}**", f"**{figures['logs']}**"])
    table = markup.table(
        ["Stage", "Role", "Level", "Interviews", "Logs"], rows, [False, False, False, True, True]
    )
    return "## Volume\n\n" + _chart_and_table(chart, table)


def _render_funnel(funnel: Funnel) -> str:
    head = "## Pass-through funnel"
    if not funnel["cohort"]:
        return (
            head
            + "\n\nNo candidate had a get-to-know this quarter, so there is no cohort to follow."
        )
    intro = (
        f"The {markup.plural(funnel['cohort'], 'candidate')} whose get-to-know was this quarter, "
        "followed to the furthest stage they reached (later quarters included); a stage "
        "counts everyone who got that far, so a stage someone skipped counts them too. "
        f"Since then: {funnel['rejected']} rejected, {funnel['withdrew']} withdrew, "
        f"{funnel['still_open']} still open"
        + (" (so the later steps can still grow)." if funnel["still_open"] else ".")
    )
    labels = [step["stage"] for step in funnel["stages"]]
    chart = markup.bar_chart(
        "Candidates reaching each stage",
        labels,
        [step["reached"] for step in funnel["stages"]],
        "Candidates",
        max(1, funnel["cohort"]),
    )
    rows = [
        [
            markup.text(step["stage"]),
            str(step["reached"]),
            _share(step["of_cohort"]) if index else "the cohort",
            _share(step["from_previous"]) if step["from_previous"] else markup.MISSING,
        ]
        for index, step in enumerate(funnel["stages"])
    ]
    table = markup.table(
        ["Stage", "Reached", "Of the cohort", "Of those at the step before"],
        rows,
        [False, True, False, False],
    )
    return f"{head}\n\n{intro}\n\n" + _chart_and_table(chart, table)


def _render_recommendations(figures: RetrospectiveFigures) -> str:
    counts = figures["recommendations"]
    # "unfinished" only in a quarter that has such logs (most closed quarters have none).
    columns = [*RECOMMENDATIONS, "missing", *(["unfinished"] if counts["unfinished"] else [])]
    chart = _pie("Recommendations (logs)", [(rec, counts[rec]) for rec in columns])
    rows = []
    for stage, row in figures["recommendations_by_stage"].items():
        rows.append([_stage_label(stage), *(str(row[c]) for c in columns), str(sum(row.values()))])
    rows.append(
        ["**All stages**", *(f"**{counts[c]}**" for c in columns), f"**{sum(counts.values())}**"]
    )
    table = markup.table(["Stage", *columns, "Logs"], rows, [False] + [True] * (len(columns) + 1))
    intro = "One per log."
    if counts["unfinished"]:
        intro += (
            " *unfinished*: a log whose notes are not written yet (no `notes_written`), so "
            "without a recommendation so far; *missing*: written up without one."
        )
    return f"## Recommendations\n\n{intro}\n\n" + _chart_and_table(chart, table)


def _render_scores(scores: dict[str, ThemeScores]) -> str:
    keys = [
        key
        for key in SCORE_KEYS
        if scores[key]["n"] or scores[key]["not_assessed"] or scores[key]["unfinished"]
    ]
    # Empty in logs not written up yet: a column of its own, only when there are some.
    unfinished = any(scores[key]["unfinished"] for key in keys)
    if not keys:
        return "## Scores by theme\n\nNo scores were given this quarter."
    # Bars only for a theme scored in enough interviews for a share to mean something.
    charted = [key for key in keys if scores[key]["interviews"] >= MIN_FOR_SHARE]
    chart = markup.bar_chart(
        "Share of interviews whose panel scored 3 or 4 (%)",
        [THEME_LABELS[key] for key in charted],
        [
            markup.whole_percent(_exact_share(scores[key]["interviews_three_or_four"]))
            for key in charted
        ],
        "Percent of interviews",
        100,
    )
    rows = []
    for key in keys:
        data = scores[key]
        counts = data["counts"]
        rows.append(
            [
                markup.text(THEME_LABELS[key]) + (" (case)" if key in CASE_CRITERIA else ""),
                str(data["n"]),
                markup.number(data["median"]),
                *(str(counts[str(value)]) for value in range(1, 5)),
                str(data["not_assessed"]),
                *([str(data["unfinished"])] if unfinished else []),
                _share(data["interviews_three_or_four"]),
            ]
        )
    table = markup.table(
        [
            "Theme",
            "Scores",
            "Median",
            "1",
            "2",
            "3",
            "4",
            "Not assessed",
            *(["Unfinished"] if unfinished else []),
            "Interviews at 3 or 4",
        ],
        rows,
        [False, True, True, True, True, True, True, True, *([True] if unfinished else []), False],
    )
    intro = (
        "Scores given in this quarter's logs, all stages together; the case criteria come from "
        "case interviews only. The counts are scores (one per interviewer); the share of 3s "
        "and 4s counts interviews, because two interviewers scoring the same candidate in the "
        "same meeting are one observation, not two: an interview counts when its panel's "
        "median score is 3 or more (a 3 and a 2 make 2.5, which does not), and the interval "
        "is over interviews. A theme with a low share is where candidates struggle, or where "
        "the bar or the questions are off."
    )
    if unfinished:
        intro += (
            " *Unfinished*: left empty in logs whose notes are not written yet (no "
            "`notes_written`), so neither a score nor a choice not to assess."
        )
    return f"## Scores by theme\n\n{intro}\n\n" + _chart_and_table(chart, table)


def _render_calibration(calibration: Calibration) -> str:
    rows = calibration["interviewers"]
    head = "## Interviewer calibration"
    intro = (
        "Each interviewer against the other panelists on the same candidate and stage: per "
        "panel, the median over themes of (their score − the others' median); then the median "
        "over panels. Positive means they score higher than the rest of the panel. "
        f"Flagged only with at least {MIN_SHARED_FOR_FLAG} shared panels and a median difference "
        f"of at least {markup.number(CALIBRATION_THRESHOLD)} points. The chart shows only "
        f"interviewers and pairs with at least {MIN_SHARED_FOR_FLAG} shared panels: a median "
        "over fewer is mostly chance."
    )
    if not rows:
        return f"{head}\n\nNo interview logs with an interviewer this quarter."
    only_pairs = bool(calibration["panels"]) and (
        calibration["two_person_panels"] == calibration["panels"]
    )
    chart = _pair_chart(calibration) if only_pairs else _interviewer_chart(calibration)
    table_rows = []
    for row in rows:
        if row["flagged"] and only_pairs:
            # One's difference is the other's mirror image: the pair is what differs.
            verdict = "apart from their panel partner (see the pairs)"
        elif row["flagged"]:
            verdict = "**higher**" if (row["median_difference"] or 0) > 0 else "**lower**"
        elif row["n"] < MIN_SHARED_FOR_FLAG:
            verdict = f"too few panels (n < {MIN_SHARED_FOR_FLAG})"
        else:
            verdict = "in line"
        table_rows.append(
            [
                markup.text(row["interviewer"]),
                str(row["n"]),
                markup.signed(row["median_difference"]),
                f"{row['higher']} / {row['same']} / {row['lower']}",
                markup.signed(row["median_recommendation_difference"]),
                verdict,
            ]
        )
    table = markup.table(
        [
            "Interviewer",
            "Shared panels",
            "Median score difference",
            "Higher / same / lower",
            "Median recommendation difference",
            "Verdict",
        ],
        table_rows,
        [False, True, True, False, True, False],
    )
    parts = [head, intro, _chart_and_table(chart, table)]
    # A pair whose shared panels have no score or recommendation to compare yet (logs not
    # filled in) says nothing: no row of dashes.
    compared = [pair for pair in calibration["pairs"] if pair["n"] or pair["recommendation_n"]]
    if compared:
        pair_rows = [
            [
                markup.text(" vs ".join(pair["interviewers"])),
                str(pair["n"]),
                markup.signed(pair["median_difference"]),
                f"{pair['first_higher']} / {pair['same']} / {pair['second_higher']}",
                markup.signed(pair["median_recommendation_difference"]),
            ]
            for pair in compared
        ]
        parts.append("Pairs on the same panel (difference = first minus second):")
        parts.append(
            markup.table(
                [
                    "Pair",
                    "Shared panels",
                    "Median score difference",
                    "First higher / same / second higher",
                    "Median recommendation difference",
                ],
                pair_rows,
                [False, True, True, False, True],
            )
        )
    if only_pairs:
        parts.append(
            "Every shared panel this quarter had two interviewers, so each one's difference is "
            "the other's mirror image: the figures show *that* two people score apart, not "
            "which of them is off. A third interviewer on some panels, or comparing with "
            "other quarters, would tell."
        )
    elif calibration["two_person_panels"]:
        parts.append(
            f"{calibration['two_person_panels']} of {calibration['panels']} shared panels had "
            "two interviewers; on those, one's difference is the other's mirror image."
        )
    return "\n\n".join(parts)


def _interviewer_chart(calibration: Calibration) -> str | None:
    """Each interviewer's median difference from the rest of the panel, as two series from
    zero (a bar drawn from the axis bottom would make -1 a short upward bar)."""
    shared = [row for row in calibration["interviewers"] if row["n"] >= MIN_SHARED_FOR_FLAG]
    differences = [row["median_difference"] or 0.0 for row in shared]
    return markup.bar_chart_series(
        "How far each interviewer scores from the rest of the panel",
        [row["interviewer"] for row in shared],
        [
            ("scores higher", [max(difference, 0.0) for difference in differences]),
            ("scores lower", [max(-difference, 0.0) for difference in differences]),
        ],
        "Score points (median)",
        max([1, *(math.ceil(abs(difference)) for difference in differences)]),
    )


def _pair_chart(calibration: Calibration) -> str | None:
    """With two interviewers on every panel, how far apart each pair scores, labelled with
    who scores higher (no direction for a pair that scores the same)."""
    labels: list[str] = []
    gaps: list[float] = []
    for pair in calibration["pairs"]:
        if pair["n"] < MIN_SHARED_FOR_FLAG:
            continue
        first, second = pair["interviewers"]
        difference = pair["median_difference"] or 0.0
        if difference > 0:
            labels.append(f"{first} above {second}")
        elif difference < 0:
            labels.append(f"{second} above {first}")
        else:
            labels.append(f"{first} level with {second}")
        gaps.append(abs(difference))
    return markup.bar_chart(
        "How far apart each pair on the same panel scores",
        labels,
        gaps,
        "Score points (median)",
        max([1, *(math.ceil(gap) for gap in gaps)]),
    )


def _render_independence(data: Independence) -> str:
    head = "## Independence: notes written before the debrief"
    ok = data["checked"] - data["violations"]
    chart = _pie(
        "Logs by when the notes were written",
        [
            ("before the debrief", ok),
            ("after the debrief", data["violations"]),
            ("cannot tell", data["missing"]),
        ],
    )
    table = markup.table(
        ["", "Logs"],
        [
            ["Checked (both times written)", str(data["checked"])],
            ["Notes before the debrief", _share(data["before_debrief"])],
            ["Notes after the debrief", str(data["violations"])],
            ["Cannot tell: `notes_written` or `debrief` missing", str(data["missing"])],
            ["One interviewer, no debrief (nothing to check)", str(data["no_debrief"])],
            ["Of the two rows above: unfinished (no `notes_written` yet)", str(data["unfinished"])],
        ],
        [False, True],
    )
    intro = (
        "Writing your own notes before the panel talks keeps one voice from colouring the "
        "others. A log counts as checked when it has both `notes_written` and `debrief`; "
        "a log without `notes_written` is unfinished (its interviewer has not said when the "
        "notes were done), so it counts neither as kept nor as broken."
    )
    parts = [head, intro, _chart_and_table(chart, table)]
    if data["violating_logs"]:
        rows = [
            [
                _log_link(entry),
                markup.text(entry["candidate"] or "?"),
                _stage_label(entry["stage"]),
                markup.cell(_moment_text(entry["notes_written"])),
                markup.cell(_moment_text(entry["debrief"])),
            ]
            for entry in _first(data["violating_logs"], "")[0]
        ]
        parts.append("Written after the debrief:")
        left_out = _first(data["violating_logs"], "such logs")[1]
        if left_out:
            parts.append(left_out)
        parts.append(markup.table(["Log", "Candidate", "Stage", "Notes written", "Debrief"], rows))
    if data["missing_logs"]:
        links = _some(
            _log_link(entry, f"{entry['interviewer'] or 'log'} on {entry['candidate'] or '?'}")
            for entry in data["missing_logs"]
        )
        parts.append(f"Cannot tell (a time is missing): {links}.")
    if data["unfinished_logs"]:
        count = len(data["unfinished_logs"])
        links = _some(
            _log_link(entry, f"{entry['interviewer'] or 'log'} on {entry['candidate'] or '?'}")
            for entry in data["unfinished_logs"]
        )
        parts.append(
            f"{count} {'log' if count == 1 else 'logs'} unfinished, so not checked: {links}."
        )
    return "\n\n".join(parts)


def _render_timing(figures: RetrospectiveFigures) -> str:
    head = "## Time to decision and to telling the candidate"
    rows = figures["timeline"]
    carried = ""
    if figures["carried_over"]:
        waited, left_out = _first(figures["carried_over"], "candidates, longest wait first")
        carried_rows = [
            [_link(row), markup.text(row["waiting_for"]), markup.cell(row["since"])]
            for row in waited
        ]
        carried = "\n\nAlready waiting on us before this quarter began, and still waiting:\n\n" + (
            (f"{left_out}\n\n" if left_out else "")
            + markup.table(["Candidate", "Waiting for", "Since"], carried_rows)
        )
    if not rows:
        return f"{head}\n\nNo candidate had their last interview this quarter.{carried}"
    decision = figures["time_to_decision"]
    told = figures["time_to_notification"]
    intro = (
        "Candidates whose last interview so far was this quarter (withdrawals left out), "
        "counted in days from that interview. "
        f"To a decision: {_time_summary(decision, 'decided', 'still undecided')}. "
        f"To telling them: {_time_summary(told, 'told', 'not told yet')}."
    )
    shown, left_out = _latest(rows, "candidates (by last interview)")
    table_rows = [
        [
            _link(row),
            markup.cell(row["last_interview"]),
            # As the pipeline says it: an answered offer with its answer.
            markup.cell(
                f"offer {row['offer_outcome']}"
                if row["decision"] == "offer" and row["offer_outcome"]
                else row["decision"]
            ),
            markup.cell(row["decision_date"]),
            markup.cell(row["days_to_decision"]),
            markup.cell(row["notified"]),
            markup.cell(row["days_to_notification"]),
            f"{row['waiting_for']} since {row['waiting_since']}"
            if row["waiting_for"]
            else f"their next interview, on {row['next_interview']}"
            if row["next_interview"]
            else "",
        ]
        for row in shown
    ]
    table = markup.table(
        [
            "Candidate",
            "Last interview",
            "Decision",
            "Decided",
            "Days",
            "Told",
            "Days",
            "Still waiting for",
        ],
        [[cell or markup.MISSING for cell in row] for row in table_rows],
        [False, False, False, False, True, False, True, False],
    )
    if left_out:
        table = f"{left_out}\n\n{table}"
    return f"{head}\n\n{intro}\n\n{table}{carried}"


def _time_summary(summary: TimeSummary, done: str, waiting: str) -> str:
    """``median 2.5 days (n=4 decided, longest 6 days); 1 still undecided, not counted``: a
    median of those already decided alone would hide the longest waits of all."""
    text = (
        f"median {markup.plural_days(summary['median_days'])} "
        f"(n={summary['n']} {done}, longest {markup.plural_days(summary['longest_days'])})"
    )
    if summary["waiting"]:
        text += f"; {len(summary['waiting'])} {waiting}, not counted"
    if summary["planned"]:
        text += f"; {summary['planned']} with an interview planned, not counted"
    return text


def _render_risk(data: RiskAversion, cache: SectionCache | None = None, quarter: str = "") -> str:
    """``cache``: as for :func:`render_retrospective`; a row of a split panel that is the
    same object as when the quarter's section was rendered last is not rendered again."""
    head = "## Risk-aversion signals"
    signals = (
        data["rejected_despite_strong_yes"]["successes"]
        + data["split_panels_rejected"]["successes"]
    )
    where = (
        "candidates rejected although an interviewer said *strong-yes*, and split panels (a "
        "yes and a no on the same stage) that ended in rejection."
    )
    if signals:
        intro = (
            "Interviews can lean towards caution, one doubt outweighing several good signals; "
            f"this quarter has cases of it. Two places where it shows: {where}"
        )
    else:
        intro = (
            "Caution that outweighs good signals would show in two places: "
            f"{where} No candidate was rejected in either way this quarter."
        )
    parts = [head, intro]
    rejected = data["rejected_despite_strong_yes"]
    parts.append(
        f"- Rejected despite a strong-yes: {_share(rejected)} of the candidates interviewed "
        "this quarter and rejected."
        if rejected and rejected["n"]
        else "- Rejected despite a strong-yes: none (no candidate interviewed this quarter "
        "was rejected)."
    )
    settled = data["split_panels_rejected"]
    parts[-1] += "\n" + (
        f"- Split panels: {data['split_panels']}; of those settled, ended in rejection: "
        f"{_share(settled)}."
        if settled and settled["n"]
        else f"- Split panels: {data['split_panels']}"
        + ("; none of them settled yet." if data["split_panels"] else ".")
    )
    despite, left_out = _first(data["rejected_despite_strong_yes_list"], "such candidates, by name")
    if despite:
        lines = _kept_lines(cache, ("despite-rows", quarter), despite, _despite_line)
        head = markup.table(["Rejected candidate", "Strong-yes from"], [])
        parts.extend(filter(None, [left_out, "\n".join([head, *lines])]))
    panels, left_out = _latest(data["split_panel_list"], "split panels")
    if panels:
        lines = _kept_lines(cache, ("split-panel-rows", quarter), panels, _split_panel_line)
        head = markup.table(["Candidate", "Stage", "Panel said", "Then"], [])
        parts.extend(filter(None, [left_out, "\n".join([head, *lines])]))
    return "\n\n".join(parts)


_Row = TypeVar("_Row")


def _kept_lines(
    cache: SectionCache | None,
    key: tuple[str, str],
    rows: Sequence[_Row],
    line: Callable[[_Row], str],
) -> list[str]:
    """The table lines of ``rows``: a row that is the same object as when the lines were
    made last (kept in ``cache`` under ``key``) keeps its line."""
    kept = cache.get(key) if cache is not None else None
    if kept is None:
        lines = [line(row) for row in rows]
    else:
        old_rows, old_lines = cast(tuple[Sequence[_Row], list[str]], kept[1])
        if len(old_rows) == len(rows):  # most often the same rows: the others are found in C
            lines = list(old_lines)
            for at in moved_in_place(old_rows, rows):
                lines[at] = line(rows[at])
        else:
            known = {id(row): made for row, made in zip(old_rows, old_lines, strict=True)}
            lines = [known.get(id(row)) or line(row) for row in rows]
    if cache is not None:  # the rows are kept with their lines, so no id is reused
        cache[key] = ((), (rows, lines))
    return lines


def _despite_line(row: RejectedDespiteStrongYes) -> str:
    """A rejected candidate's line of the table: who said strong-yes, at which stage."""
    said = ", ".join(
        _log_link(entry, f"{entry['interviewer'] or '?'} ({entry['stage'] or '?'})")
        for entry in row["strong_yes"]
    )
    return f"| {_link(row)} | {said} |"


def _split_panel_line(row: SplitPanel) -> str:
    """A split panel's line of the table (as markup.table writes it)."""
    cells = [
        _link(row),
        _stage_label(row["stage"]),
        markup.text(" · ".join(row["recommendations"])),
        markup.text(row["outcome"]),
    ]
    return "| " + " | ".join(cells) + " |"


def _predictive_link(path: str) -> str:
    """One line, the same for every quarter: a hire's change rewrites the predictive-value
    note, not every retrospective."""
    return (
        "## Predictive value (all quarters)\n\n"
        "Interview scores against the later outcomes of hires, over every quarter: "
        f"{markup.wikilink(path, 'Predictive value', in_table=False)}."
    )


def render_predictive_value(data: PredictiveValue) -> str:
    """The predictive-value note's generated block, once per figures object (computed once
    per Hiring) and way of writing links (:func:`markup.names_state`)."""
    global _last_predictive_markdown
    last = _last_predictive_markdown
    links = markup.names_state()
    if last is not None and last[0] is data and last[1] == links:
        return last[2]
    markdown = _render_predictive_text(data)
    _last_predictive_markdown = (data, links, markdown)
    return markdown


def _render_predictive_text(data: PredictiveValue) -> str:
    head = "## Predictive value (all quarters)"
    caveat = f"> [!warning] Selection\n> {data['caveat']}"
    if not data["hires"]:
        return f"{head}\n\nNo hires yet (`decision: hired`), so nothing to compare.\n\n{caveat}"
    lines = [
        f"{data['hires']} hires, {data['with_outcomes']} with an outcome recorded. "
        + (
            f"Probation passed: {_share(data['probation_passed'])}."
            if data["probation_passed"] and data["probation_passed"]["n"]
            else "Probation: no outcome recorded yet."
        )
    ]
    for corr, label in ((data["performance_6m"], "6-month"), (data["performance_12m"], "12-month")):
        if corr["spearman"] is not None:
            lines.append(
                f"Median interview score vs {label} performance: Spearman ρ = "
                f"{markup.number(corr['spearman'])} (n={corr['n']})."
            )
        else:
            lines.append(
                f"Median interview score vs {label} performance: "
                f"{markup.plural(corr['n'], 'pair')}, fewer than {MIN_PAIRS_FOR_CORRELATION}, "
                "so no correlation is computed; the pairs are in the table."
            )
    medians = {row["median_score"] for row in data["hires_list"] if row["median_score"] is not None}
    if len(data["hires_list"]) > 1 and len(medians) == 1:
        lines.append(
            f"Every hire had the same median interview score ({markup.number(medians.pop())}): "
            "the overall score does not tell them apart, so look at the themes and the "
            "recommendations."
        )
    rows = [
        [
            _link(row),
            markup.cell(row["hired"]),
            f"{markup.number(row['median_score'])} (n={row['scores_n']})"
            if row["median_score"] is not None
            else markup.MISSING,
            *(markup.number(row["theme_medians"][key]) for key in THEMES),
            markup.number(row["median_recommendation"]),
            markup.cell(row["probation_passed"]),
            markup.cell(row["performance_6m"]),
            markup.cell(row["performance_12m"]),
        ]
        for row in data["hires_list"]
    ]
    table = markup.table(
        [
            "Hire",
            "Hired",
            "Median score",
            *(THEME_LABELS[key] for key in THEMES),
            "Median recommendation",
            "Probation passed",
            "6 m (1–5)",
            "12 m (1–5)",
        ],
        rows,
        [False, False, True, True, True, True, True, False, True, True],
    )
    note = "Recommendation as a number: strong-no 1, no 2, yes 3, strong-yes 4."
    return "\n\n".join([head, " ".join(lines), table, note, caveat])


def _render_method() -> str:
    return (
        "## How to read this\n\n"
        "Every figure shows its n. Scores are ordinal, so medians, never means. Shares carry a "
        "Wilson 95% interval over the unit they count (candidates, interviews, or each "
        "interviewer's own log where the act is theirs, as writing notes before the debrief): "
        "with a handful of candidates it is wide, and that width is the honest answer. No "
        "correlation is computed on fewer than "
        f"{MIN_PAIRS_FOR_CORRELATION} pairs."
    )


# ------------------------------------------------------------- what a manager decides with
def _render_workload(data: Workload) -> str:
    head = "## Workload"
    if not data["interviewers"]:
        return f"{head}\n\nNo interviews this quarter."
    intro = (
        f"Who sat in the quarter's {markup.plural(data['interviews'], 'interview')} (everyone "
        "listed on a log of the meeting), the logs they wrote, and their share of all "
        "interviews: with panels, the shares add up to more than 100%."
    )
    parts = [head, intro]
    if data["heavy"]:
        top = data["interviewers"][0]
        parts.append(
            f"**{markup.text(top['interviewer'])} sat in {top['interviews']} of "
            f"{data['interviews']} interviews**, more than half, and at least twice as many as "
            "anyone else: a load worth sharing."
        )
    stages = [
        stage
        for stage in (*STAGES, "unknown")
        if any(row["by_stage"].get(stage) for row in data["interviewers"]) or stage in STAGES
    ]
    rows = [
        [
            markup.text(row["interviewer"]),
            str(row["interviews"]),
            str(row["logs"]),
            *(str(row["by_stage"].get(stage, 0)) for stage in stages),
            _part_of_all(row["share"]),
        ]
        for row in data["interviewers"]
    ]
    parts.append(
        markup.table(
            ["Interviewer", "Interviews", "Logs", *stages, "Share of interviews"],
            rows,
            [False, True, True, *(True for _ in stages), False],
        )
    )
    return "\n\n".join(parts)


def _days_sentence(data: DaysSummary, what: str) -> str:
    if not data["n"]:
        return f"{what}: none."
    names = ", ".join(_link(row) for row in data["longest"])
    return (
        f"{what}: median {markup.plural_days(data['median_days'])} (n={data['n']}), longest "
        f"{markup.plural_days(data['longest_days'])} ({names})."
    )


def _render_time_to_hire(data: TimeToHire) -> str:
    head = "## Time to hire"
    parts = [
        head,
        "Days from the first contact (`first_contact`) to the offer (`offer_date`), for the "
        "offers made this quarter. "
        + _days_sentence(data["to_offer"], "To an offer")
        + " "
        + _days_sentence(data["to_accepted_offer"], "To an offer that was accepted"),
    ]
    if data["offers"]:
        rows = [
            [
                _link(row),
                markup.cell(row["first_contact"]),
                markup.cell(row["offer_date"]),
                str(row["days"]),
                markup.text(row["offer_outcome"] or "pending"),
            ]
            for row in data["offers"]
        ]
        parts.append(
            markup.table(
                ["Candidate", "First contact", "Offer", "Days", "Outcome"],
                rows,
                [False, False, False, True, False],
            )
        )
    steps = [step for step in data["steps"] if step["n"]]
    if steps:
        parts.append(
            "Days before each step, for the steps candidates reached this quarter: from the "
            "first contact to the get-to-know, then from each stage's first interview to the "
            "next stage reached, then to the offer."
        )
        rows = [
            [
                markup.text(step["step"]),
                str(step["n"]),
                markup.number(step["median_days"]),
                markup.cell(step["longest_days"]),
                ", ".join(_link(row) for row in step["longest"]),
            ]
            for step in steps
        ]
        parts.append(
            markup.table(
                ["Step reached", "n", "Median days", "Longest", "Longest for"],
                rows,
                [False, True, True, True, False],
            )
        )
    return "\n\n".join(parts)


def _render_offers(data: Offers) -> str:
    head = "## Offers"
    if not data["made"]:
        return f"{head}\n\nNo offer was made this quarter (`offer_date`)."
    answered = data["accepted"] + data["declined"]
    chart = _pie(
        "Offers made this quarter",
        [(outcome, data[outcome]) for outcome in ("accepted", "declined", "pending")],
    )
    table = markup.table(
        ["Offers made this quarter", "Candidates"],
        [
            ["Made", str(data["made"])],
            ["Accepted", str(data["accepted"])],
            ["Declined", str(data["declined"])],
            ["Pending (no answer yet)", str(data["pending"])],
            ["Accepted, of those answered", _share(data["acceptance"])],
        ],
        [False, True],
    )
    intro = (
        f"{markup.plural(data['made'], 'offer')} made this quarter; "
        f"{answered} answered. The acceptance share counts answered offers only."
    )
    return f"{head}\n\n{intro}\n\n" + _chart_and_table(chart, table)


def _source_cell(count: int, share: Share | None) -> str:
    return _share(share) if share else str(count)


def _render_sources(data: Sources) -> str:
    head = "## Sources"
    if not data["candidates"]:
        return f"{head}\n\nNo candidate's first contact was this quarter."
    intro = (
        f"The {markup.plural(data['candidates'], 'candidate')} whose first contact was this "
        "quarter, by where they came from (`source`), followed to where they got (later "
        f"quarters included). Shares only for a source with at least {MIN_FOR_SHARE} "
        "candidates."
    )
    rows = [
        [
            markup.text(row["source"]),
            str(row["candidates"]),
            _source_cell(row["reached_technical"], row["reached_technical_share"]),
            _source_cell(row["offer"], row["offer_share"]),
            _source_cell(row["hired"], row["hired_share"]),
        ]
        for row in data["sources"]
    ]
    table = markup.table(
        ["Source", "Candidates", "Reached technical", "Offer", "Hired"],
        rows,
        [False, True, True, True, True],
    )
    return f"{head}\n\n{intro}\n\n{table}"


def _render_rejections(data: RejectionsByStage) -> str:
    head = "## Rejections by stage"
    if not data["rejected"]:
        return f"{head}\n\nNobody was rejected this quarter."
    intro = (
        f"{markup.plural(data['rejected'], 'candidate')} rejected this quarter (`decision_date`), "
        "by the furthest stage they reached, with the reason recorded (`rejection_reason`; "
        f"{data['with_reason']} of {data['rejected']} have one)."
    )
    rows = [
        [
            markup.text(stage["stage"]),
            str(stage["rejected"]),
            _some(
                (
                    _link(row) + (f": {markup.text(row['reason'])}" if row["reason"] else "")
                    for row in stage["candidates"]
                ),
                "<br>",
            ),
        ]
        for stage in data["stages"]
    ]
    table = markup.table(["Furthest stage", "Rejected", "Who, and why"], rows, [False, True, False])
    return f"{head}\n\n{intro}\n\n{table}"


def _render_consistency(data: Consistency) -> str:
    head = "## Consistency"
    parts = [head]
    if data["cases"]:
        parts.append(
            "Which case the candidates of each role and level got in this quarter's case "
            "interviews. Different cases for the same role and level is not wrong, but their "
            "scores then compare the cases as much as the candidates."
        )
        varied = [row for row in data["cases"] if row["varied"]]
        for row in varied:
            parts.append(
                f"- {markup.text(row['role'] or '?')} {markup.text(row['level'] or '?')}: "
                f"{markup.plural(row['candidates'], 'candidate')} got "
                f"{sum(1 for use in row['cases'] if use['case'])} different cases."
            )
        rows = [
            [
                markup.cell(row["role"]),
                markup.cell(row["level"]),
                str(row["candidates"]),
                "<br>".join(
                    (
                        markup.note_link(use["path"], use["case"] or None)
                        if use["path"]
                        else markup.text(use["case"] or "no case linked")
                    )
                    + f" ({use['candidates']})"
                    for use in row["cases"]
                ),
                "different cases" if row["varied"] else "one case",
            ]
            for row in data["cases"]
        ]
        parts.append(
            markup.table(
                ["Role", "Level", "Candidates", "Cases (candidates)", "Finding"],
                rows,
                [False, False, True, False, False],
            )
        )
    else:
        parts.append("No case interviews this quarter.")
    why = data["why_sections"]
    if not why["n"] and not data["why_sections_unknown"]:
        unfinished = data["why_sections_unfinished"]
        parts.append(
            f"No get-to-know log of this quarter is written up yet ({unfinished} unfinished), "
            "so no *Why* sections to count yet."
            if unfinished
            else "No get-to-know logs this quarter, so no *Why* sections to count."
        )
        return "\n\n".join(parts)
    sentence = (
        "Get-to-know logs with all three *Why* sections written (role, industry, company): "
        f"{_share(why)}"
    )
    if data["why_sections_unknown"]:
        sentence += f"; {data['why_sections_unknown']} could not be read"
    if data["why_sections_unfinished"]:
        sentence += f"; {data['why_sections_unfinished']} not written up yet, not counted"
    parts.append(sentence + ".")
    if data["why_sections_missing"]:
        links = ", ".join(
            _log_link(entry, f"{entry['interviewer'] or 'log'} on {entry['candidate'] or '?'}")
            for entry in data["why_sections_missing"]
        )
        parts.append(f"Missing a *Why*: {links}.")
    return "\n\n".join(parts)
