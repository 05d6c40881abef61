"""Comparing two proportions (the sent group against the holdout): each group's rate
with its Wilson score interval, and the difference of the rates with Newcombe's hybrid
score interval (Newcombe 1998, method 10), which stays inside [-1, 1] and behaves with
small groups and rates near 0 or 1 where the plain normal approximation (`wald`, kept for
comparison) does not. Pure arithmetic: no Django."""

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the two-sided 95% point of the standard normal


def wilson(count, total, z=Z95):
    """(low, high) of the Wilson score interval for count/total; None for an empty group."""
    if total <= 0:
        return None
    rate = count / total
    spread = z * z / total
    centre = (rate + spread / 2) / (1 + spread)
    half = z * math.sqrt(rate * (1 - rate) / total + spread / (4 * total)) / (1 + spread)
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(count_a, total_a, count_b, total_b, z=Z95):
    """(low, high) of the 95% interval for rate_a − rate_b; None if a group is empty."""
    if total_a <= 0 or total_b <= 0:
        return None
    rate_a, rate_b = count_a / total_a, count_b / total_b
    low_a, high_a = wilson(count_a, total_a, z)
    low_b, high_b = wilson(count_b, total_b, z)
    difference = rate_a - rate_b
    return (difference - math.sqrt((rate_a - low_a) ** 2 + (high_b - rate_b) ** 2),
            difference + math.sqrt((high_a - rate_a) ** 2 + (rate_b - low_b) ** 2))


def wald(count_a, total_a, count_b, total_b, z=Z95):
    """(low, high) of the normal-approximation interval for rate_a − rate_b."""
    if total_a <= 0 or total_b <= 0:
        return None
    rate_a, rate_b = count_a / total_a, count_b / total_b
    error = math.sqrt(rate_a * (1 - rate_a) / total_a + rate_b * (1 - rate_b) / total_b)
    return rate_a - rate_b - z * error, rate_a - rate_b + z * error


@dataclass(frozen=True)
class Comparison:
    """One figure of the experiment: the sent group's count of total against the
    holdout's, and the difference of the rates with its 95% interval."""

    sent: int
    sent_total: int
    held: int
    held_total: int

    @staticmethod
    def _rate(count, total):
        return count / total if total else None

    @property
    def sent_rate(self):
        return self._rate(self.sent, self.sent_total)

    @property
    def held_rate(self):
        return self._rate(self.held, self.held_total)

    @property
    def difference(self):
        if self.sent_rate is None or self.held_rate is None:
            return None
        return self.sent_rate - self.held_rate

    @property
    def interval(self):
        return newcombe(self.sent, self.sent_total, self.held, self.held_total)

    @property
    def significant(self):
        """True when the interval leaves out 0 (a difference at the 95% level)."""
        interval = self.interval
        return interval is not None and (interval[0] > 0 or interval[1] < 0)
