"""The statistics of the impact report, on plain lists of numbers (no database here).

Paired pre/post change: for n people with both a pretest x and a posttest y, the differences d = y − x give
the mean difference d̄, its standard deviation s (n − 1 in the denominator), a 95 % confidence interval
d̄ ± t(0.975, n − 1) · s / √n from Student's t distribution (scipy.stats.t), and the effect size Cohen's d_z =
d̄ / s (the standardised mean of the differences; Lakens 2013). Every figure says how many pairs of answers it
rests on. A cell with fewer than ``settings.EVALUATION_MIN_CELL`` answers is suppressed (None) so that nobody
can be singled out by a small group.
"""

import math
from dataclasses import asdict, dataclass

import numpy as np
from django.conf import settings


def min_cell():
    return int(getattr(settings, "EVALUATION_MIN_CELL", 5))


def shown(n):
    """May a figure resting on n answers be shown?"""
    return n >= min_cell()


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_difference: float | None
    sd_difference: float | None
    ci_low: float | None
    ci_high: float | None
    cohens_dz: float | None
    suppressed: bool

    def as_dict(self):
        return asdict(self)


def paired_change(pairs, confidence=0.95):
    """``pairs``: [(before, after), …] of one item or scale, one tuple per person. Suppressed under the minimum
    cell size; the interval and effect size are None when they cannot be computed (n < 2, or no variation)."""
    n = len(pairs)
    if not shown(n):
        return PairedChange(n, None, None, None, None, None, None, None, True)
    data = np.asarray(pairs, dtype=float)
    before, after = data[:, 0], data[:, 1]
    diff = after - before
    mean = float(diff.mean())
    sd = float(diff.std(ddof=1)) if n > 1 else math.nan
    low = high = dz = None
    if n > 1 and sd > 0:
        from scipy import stats  # noqa: PLC0415 (slow import) about a second; only intervals need it

        half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
        low, high, dz = mean - half, mean + half, mean / sd
    elif n > 1:  # everyone changed by exactly the same amount
        low = high = mean
    return PairedChange(
        n=n,
        mean_before=float(before.mean()),
        mean_after=float(after.mean()),
        mean_difference=mean,
        sd_difference=None if math.isnan(sd) else sd,
        ci_low=low,
        ci_high=high,
        cohens_dz=dz,
        suppressed=False,
    )


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None
    suppressed: bool

    def as_dict(self):
        return asdict(self)


def summary(values):
    """Mean and standard deviation of one cell (suppressed under the minimum cell size)."""
    n = len(values)
    if not shown(n):
        return Summary(n, None, None, True)
    data = np.asarray(values, dtype=float)
    return Summary(n, float(data.mean()), float(data.std(ddof=1)) if n > 1 else None, False)


def rate(part, whole):
    """A share in per cent (None when there is no whole)."""
    return None if not whole else 100.0 * part / whole


def counts(values, min_n=None):
    """{value: count} of one cell; the whole cell is suppressed ({}) when fewer than the minimum answered."""
    values = list(values)
    if len(values) < (min_n if min_n is not None else min_cell()):
        return {}
    out = {}
    for value in values:
        out[value] = out.get(value, 0) + 1
    return out
