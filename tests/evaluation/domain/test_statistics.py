"""The report's statistics against values computed by hand (and printed in the test, so they can be checked)."""

import math

import pytest
from django.test import override_settings

from evaluation.domain import statistics as st

# Five people, before and after. Differences: 2, 1, 3, 0, 4 → mean 2, SD √2.5 = 1.5811.
PAIRS = [(3, 5), (4, 5), (2, 5), (5, 5), (1, 5)]


def test_paired_change_matches_hand_computation():
    result = st.paired_change(PAIRS)

    # t(0.975, df=4) = 2.776445; half width = 2.776445 × 1.5811388 / √5 = 1.963243
    assert result.n == 5
    assert result.mean_before == pytest.approx(3.0)
    assert result.mean_after == pytest.approx(5.0)
    assert result.mean_difference == pytest.approx(2.0)
    assert result.sd_difference == pytest.approx(math.sqrt(2.5))
    assert result.ci_low == pytest.approx(2.0 - 1.963243, abs=1e-5)
    assert result.ci_high == pytest.approx(2.0 + 1.963243, abs=1e-5)
    assert result.cohens_dz == pytest.approx(2.0 / math.sqrt(2.5))  # 1.2649
    assert not result.suppressed


def test_paired_change_with_ten_pairs_matches_hand_computation():
    # Differences 1, 2, 2, 3, 3, 3, 4, 4, 5, 3 → mean 3.0; squared deviations sum to 12, SD √(12/9) = 1.154701;
    # t(0.975, 9) = 2.262157, half width 2.262157 × 1.154701 / √10 = 0.826023; d_z = 3 / 1.154701 = 2.598076.
    diffs = [1, 2, 2, 3, 3, 3, 4, 4, 5, 3]
    result = st.paired_change([(10, 10 + d) for d in diffs])

    assert result.mean_difference == pytest.approx(3.0)
    assert result.sd_difference == pytest.approx(1.154701, abs=1e-6)
    assert result.ci_low == pytest.approx(3.0 - 0.826023, abs=1e-5)
    assert result.ci_high == pytest.approx(3.0 + 0.826023, abs=1e-5)
    assert result.cohens_dz == pytest.approx(2.598076, abs=1e-5)


def test_paired_change_without_variation_has_a_point_interval_and_no_effect_size():
    result = st.paired_change([(1, 3)] * 6)

    assert (result.mean_difference, result.ci_low, result.ci_high, result.cohens_dz) == (2.0, 2.0, 2.0, None)


def test_paired_change_under_the_minimum_cell_is_suppressed():
    result = st.paired_change(PAIRS[:4])

    assert result.suppressed and result.n == 4
    assert result.mean_difference is None and result.ci_low is None and result.mean_before is None


@override_settings(EVALUATION_MIN_CELL=3)
def test_minimum_cell_is_a_setting():
    assert not st.paired_change(PAIRS[:3]).suppressed
    assert st.paired_change(PAIRS[:2]).suppressed


def test_summary_matches_hand_computation_and_suppresses_small_cells():
    result = st.summary([1, 2, 3, 4, 5])

    assert (result.n, result.mean) == (5, 3.0)
    assert result.sd == pytest.approx(math.sqrt(2.5))
    assert st.summary([5, 5, 5, 5]).suppressed


def test_counts_suppress_a_whole_cell_under_the_minimum():
    assert st.counts(["a", "a", "b", "c", "a"]) == {"a": 3, "b": 1, "c": 1}
    assert st.counts(["a", "a", "b", "c"]) == {}


def test_rate_is_a_percentage_or_none():
    assert st.rate(1, 4) == 25.0
    assert st.rate(0, 0) is None
