"""Calibration: per-reviewer z-scores, disagreement, and the needs-discussion flag (pure numpy, no database)."""

import math

import pytest

from participants.domain.calibration import calibrate, needs_discussion


def test_a_harsh_and_a_lenient_reviewer_rank_alike_once_normalised():
    # Reviewer 1 scores 4 and 5, reviewer 2 scores 1 and 2, on the same two applications (10 and 20).
    cal = calibrate([10, 20, 10, 20], [1, 1, 2, 2], [4.0, 5.0, 1.0, 2.0])

    assert cal.z_mean[10] == pytest.approx(-1.0)
    assert cal.z_mean[20] == pytest.approx(1.0)


def test_disagreement_is_the_spread_of_raw_scores():
    cal = calibrate([10, 10, 10], [1, 2, 3], [1.0, 3.0, 5.0])

    assert cal.disagreement[10] == pytest.approx(math.sqrt(8 / 3))


def test_a_single_score_has_no_disagreement_and_no_z():
    cal = calibrate([10], [1], [3.0])

    assert 10 not in cal.disagreement
    assert cal.z_mean[10] == 0.0


def test_a_reviewer_who_gives_everyone_the_same_score_gets_z_zero():
    cal = calibrate([10, 20], [1, 1], [3.0, 3.0])

    assert cal.z_mean == {10: 0.0, 20: 0.0}


def test_no_scores_no_figures():
    cal = calibrate([], [], [])

    assert (cal.z_mean, cal.disagreement) == ({}, {})


@pytest.mark.parametrize(("spread", "threshold", "flag"), [(1.2, 1.0, True), (1.0, 1.0, False), (None, 0.0, False)])
def test_needs_discussion_above_the_threshold_only(spread, threshold, flag):
    assert needs_discussion(spread, threshold) is flag
