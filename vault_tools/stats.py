"""Small-sample statistics for the retrospective: medians, Wilson intervals, Spearman's rho.

A hiring manager sees a handful of candidates a quarter, so every figure here is meant to be
shown with its n, and nothing pretends to more precision than the data has: medians rather
than means (scores are ordinal, 1–4), proportions with a Wilson score interval (which stays
inside [0, 1] and behaves at 0/n and n/n, unlike the normal approximation), and a rank
correlation only when there are enough pairs to make it more than noise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "MIN_PAIRS_FOR_CORRELATION",
    "Z_95",
    "Proportion",
    "median",
    "proportion",
    "ranks",
    "spearman",
    "wilson_interval",
]

Z_95 = 1.959963984540054  # two-sided 95% normal quantile
MIN_PAIRS_FOR_CORRELATION = 10  # below this, show the pairs, not a coefficient


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    count = len(ordered)
    if count == 0:
        return None
    middle = count // 2
    if count % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Proportion:
    """``successes`` out of ``n`` with its Wilson 95% interval (None bounds when n is 0)."""

    successes: int
    n: int
    low: float | None
    high: float | None

    @property
    def share(self) -> float | None:
        return self.successes / self.n if self.n else None

    def to_dict(self) -> dict[str, object]:
        return {
            "successes": self.successes,
            "n": self.n,
            "share": _rounded(self.share),
            "wilson_95": [_rounded(self.low), _rounded(self.high)] if self.n else None,
        }


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    For 3 of 5: p = 0.6, z² = 3.8415, centre = (0.6 + z²/10) / (1 + z²/5) = 0.5566,
    half-width = z·sqrt(0.6·0.4/5 + z²/100) / (1 + z²/5) = 0.3258 → [0.231, 0.882].
    """
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # Clamp the float noise at the edges (0/n and n/n have an exact 0 or 1 bound).
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(successes: int, n: int) -> Proportion:
    if n == 0:
        return Proportion(successes, 0, None, None)
    low, high = wilson_interval(successes, n)
    return Proportion(successes, n, low, high)


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        average = (start + end) / 2 + 1
        for position in range(start, end + 1):
            result[order[position]] = average
        start = end + 1
    return result


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation (Pearson's r on average ranks, so ties are handled).

    None when there are fewer than two pairs or either side is constant (undefined).
    """
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    if len(xs) < 2:
        return None
    rank_x, rank_y = ranks(xs), ranks(ys)
    mean_x = sum(rank_x) / len(rank_x)
    mean_y = sum(rank_y) / len(rank_y)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(rank_x, rank_y, strict=True))
    spread_x = math.sqrt(sum((a - mean_x) ** 2 for a in rank_x))
    spread_y = math.sqrt(sum((b - mean_y) ** 2 for b in rank_y))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)
