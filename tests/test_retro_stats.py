"""Small-sample statistics used by the retrospective, checked against hand computation."""

from __future__ import annotations

import math

import pytest

from vault_tools.stats import median, proportion, ranks, spearman, wilson_interval


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([3], 3.0),
        ([1, 4], 2.5),
        ([4, 1, 3], 3.0),
        ([2, 2, 3, 3, 3, 3, 4, 4], 3.0),
        ([1, 2, 3, 4], 2.5),
    ],
)
def test_median(values: list[float], expected: float | None) -> None:
    assert median(values) == expected


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # p = 0.6, z² = 3.8415: centre (0.6 + 0.3841) / 1.7683 = 0.5566,
        # half-width 1.96 · sqrt(0.048 + 0.0384) / 1.7683 = 0.3258.
        (3, 5, 0.231, 0.882),
        # 0/n keeps an exact 0 lower bound; upper = z²/n / (1 + z²/n) = 3.8415/13.8415.
        (0, 10, 0.0, 0.278),
        (10, 10, 0.722, 1.0),
        (1, 4, 0.046, 0.699),
        (3, 4, 0.301, 0.954),
        (6, 7, 0.487, 0.974),
    ],
)
def test_wilson_interval(successes: int, n: int, low: float, high: float) -> None:
    got_low, got_high = wilson_interval(successes, n)
    assert got_low == pytest.approx(low, abs=5e-4)
    assert got_high == pytest.approx(high, abs=5e-4)


def test_wilson_interval_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(1, 0)
    with pytest.raises(ValueError):
        wilson_interval(6, 5)


def test_proportion_with_no_cases_has_no_interval() -> None:
    empty = proportion(0, 0)
    assert empty.share is None and empty.low is None
    assert empty.to_dict() == {"successes": 0, "n": 0, "share": None, "wilson_95": None}
    assert proportion(3, 5).to_dict() == {
        "successes": 3,
        "n": 5,
        "share": 0.6,
        "wilson_95": [0.231, 0.882],
    }


def test_ranks_average_ties() -> None:
    assert ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert ranks([3, 3, 3]) == [2.0, 2.0, 2.0]


def test_spearman_perfect_orders() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_spearman_with_ties_by_hand() -> None:
    # x = [1, 2, 2, 3] -> ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 4] -> ranks [1, 3, 2, 4].
    # Deviations from the mean rank 2.5: x [-1.5, 0, 0, 1.5], y [-1.5, 0.5, -0.5, 1.5].
    # Covariance 2.25 + 2.25 = 4.5; spreads sqrt(4.5) and sqrt(5): rho = 4.5 / sqrt(22.5).
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(4.5 / math.sqrt(22.5))


def test_spearman_undefined_cases() -> None:
    assert spearman([1], [2]) is None
    assert spearman([3, 3, 3], [1, 2, 3]) is None  # a constant side has no ranks to compare
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


@pytest.mark.parametrize(
    ("successes", "n", "shown"),
    [
        (5, 8, "63%"),  # 62.5: a half is rounded up, as a reader does (not to the even 62)
        (1, 8, "13%"),
        (3, 8, "38%"),
        (2, 3, "67%"),
        (0, 4, "0%"),
        (4, 4, "100%"),
    ],
)
def test_a_share_is_shown_in_whole_percent_a_half_rounded_up(
    successes: int, n: int, shown: str
) -> None:
    from vault_tools.generate import markup

    assert markup.percent(successes / n) == shown


@pytest.mark.parametrize(("successes", "n"), [(1, 2), (1, 1), (0, 1), (5, 8), (1, 6), (9, 10)])
def test_an_interval_shown_holds_the_interval_computed(successes: int, n: int) -> None:
    """Rounded outwards: `1/2 (95% CI 9–91%)` holds 9.45–90.55%, as `10–90%` would not."""
    from vault_tools.generate import markup

    low, high = wilson_interval(successes, n)
    shown = markup.interval(low, high)
    shown_low, shown_high = (int(part) for part in shown.rstrip("%").split("–"))
    assert shown_low <= 100 * low and 100 * high <= shown_high
    assert 100 * low - shown_low < 1 and shown_high - 100 * high < 1


@pytest.mark.parametrize(
    ("successes", "n", "shown"),
    [
        (13, 23, "13/23 (57%, 95% CI 36–75%)"),  # 56.52%: not 56, from a share rounded to 0.565
        (5, 11, "5/11 (45%, 95% CI 21–72%)"),  # 45.45%: not 46
        (6, 6, "6/6 (100%, 95% CI 60–100%)"),  # the lower bound is 60.97%, not 61
    ],
)
def test_the_retrospective_shows_a_share_from_its_counts(
    successes: int, n: int, shown: str
) -> None:
    """The JSON keeps shares and bounds to three places; the note computes what it shows
    from the counts, so that rounding twice does not move a percent."""
    from vault_tools.generate.retrospective import _share
    from vault_tools.stats import proportion

    assert _share(proportion(successes, n).to_dict()) == shown  # type: ignore[arg-type]
