"""Reviewer calibration: scores normalised per reviewer, and how much an application's reviewers disagree.

Pure computation (numpy), no queries. Reviewers differ in how they use the scale: one gives 4 to everything,
another 2 to most. A review's **z-score** is its weighted score minus the mean of that reviewer's weighted
scores in the course, divided by their standard deviation (population; a reviewer with fewer than two scores,
or who gives everyone the same score, has z = 0 throughout: nothing to calibrate against). An application's
**normalised score** is the mean of its reviews' z-scores, shown beside the raw mean and median.

**Disagreement** is the standard deviation of the application's raw weighted scores (in score points, so the
course team sets the threshold in the unit they score in; ``ReviewConfig.discussion_threshold``, default 1.0).
An application with at least two scores whose disagreement is above the threshold **needs discussion**.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Calibration:
    z_mean: dict  # application id -> mean z-score of its reviews
    disagreement: dict  # application id -> standard deviation of its raw weighted scores (2+ scores)


def calibrate(application_ids, reviewer_ids, scores):
    """Three parallel sequences, one item per review with a weighted score (abstain-only reviews left out)."""
    if len(scores) == 0:
        return Calibration({}, {})
    apps = np.asarray(application_ids, dtype=np.int64)
    revs = np.asarray(reviewer_ids, dtype=np.int64)
    values = np.asarray(scores, dtype=np.float64)

    _, rev_index = np.unique(revs, return_inverse=True)
    counts = np.bincount(rev_index)
    sums = np.bincount(rev_index, weights=values)
    means = sums / counts
    squares = np.bincount(rev_index, weights=values * values) / counts
    stds = np.sqrt(np.maximum(squares - means * means, 0.0))
    usable = (counts >= 2) & (stds > 1e-9)
    safe_stds = np.where(usable, stds, 1.0)
    z = np.where(usable[rev_index], (values - means[rev_index]) / safe_stds[rev_index], 0.0)

    app_keys, app_index = np.unique(apps, return_inverse=True)
    app_counts = np.bincount(app_index)
    z_means = np.bincount(app_index, weights=z) / app_counts
    raw_means = np.bincount(app_index, weights=values) / app_counts
    raw_squares = np.bincount(app_index, weights=values * values) / app_counts
    spread = np.sqrt(np.maximum(raw_squares - raw_means * raw_means, 0.0))

    keys = app_keys.tolist()
    z_mean = dict(zip(keys, z_means.round(6).tolist(), strict=True))
    disagreement = {k: s for k, s, n in zip(keys, spread.round(6).tolist(), app_counts.tolist(), strict=True) if n >= 2}
    return Calibration(z_mean, disagreement)


def needs_discussion(disagreement, threshold):
    return disagreement is not None and disagreement > threshold
