"""The negotiation analysis against hand-worked cases (see the tables in the comments)."""

import pytest

from simulations.analysis import (
    AnalysisError,
    DecisionRule,
    Issue,
    ScoringSheet,
    adoptable_packages,
    agreement_frontier,
    analyse_agreement,
    analyse_sheet,
    beats_batna,
    best_achievable_joint_gain,
    best_package_for,
    distance_to_frontier,
    enumerate_packages,
    is_adopted,
    is_on_frontier,
    joint_gain,
    nash_product_package,
    pareto_frontier,
    score_package,
    sheet_from_scenario_dict,
    sheet_from_tables,
    sincere_votes,
    validate_package,
    zone_of_agreement,
)


def make_sheet(scores, batna, issues, rule=None):
    """scores: {delegation: {issue: {option: points}}}; issues: {issue: [options]}."""
    points = {
        (d, issue, option): value
        for d, by_issue in scores.items()
        for issue, by_option in by_issue.items()
        for option, value in by_option.items()
    }
    return ScoringSheet(
        delegations=tuple(scores),
        issues=tuple(Issue(key, tuple(options)) for key, options in issues.items()),
        points=points,
        batna=batna,
        rule=rule or DecisionRule(),
    )


# --- 2 delegations × 2 issues ---------------------------------------------------------------------------------
#
# A cares most about X, B most about Y (a logroll):
#            X: x1  x2    Y: y1  y2     BATNA
#   A            6   0        2   0       1
#   B            0   2        0   6       1
#
#   package   A  B   joint gain (A−1)+(B−1)   dominated by
#   x1,y1     8  0            6              -
#   x1,y2     6  6           10              -
#   x2,y1     2  2            2              x1,y2 (6,6) ≥ (2,2)
#   x2,y2     0  8            6              -
#
# Frontier: x1y1, x1y2, x2y2. Zone of agreement (both > 1): x1y2 and x2y1. Agreement frontier: x1y2 only.
# Distance of x2y1: the only frontier package ≥ (2,2) is x1y2, 10 − 2 = 8. Nash product: x1y2 (5·5 = 25 > 1·1).


@pytest.fixture
def logroll():
    return make_sheet(
        {
            "A": {"X": {"x1": 6, "x2": 0}, "Y": {"y1": 2, "y2": 0}},
            "B": {"X": {"x1": 0, "x2": 2}, "Y": {"y1": 0, "y2": 6}},
        },
        {"A": 1, "B": 1},
        {"X": ["x1", "x2"], "Y": ["y1", "y2"]},
    )


def test_enumerate_packages_first_issue_varies_slowest(logroll):
    assert list(enumerate_packages(logroll)) == [
        {"X": "x1", "Y": "y1"},
        {"X": "x1", "Y": "y2"},
        {"X": "x2", "Y": "y1"},
        {"X": "x2", "Y": "y2"},
    ]


def test_score_package_sums_chosen_options(logroll):
    assert score_package(logroll, {"X": "x1", "Y": "y2"}) == {"A": 6, "B": 6}
    assert score_package(logroll, {"X": "x2", "Y": "y1"}) == {"A": 2, "B": 2}


def test_pareto_frontier_two_by_two_matches_hand_worked(logroll):
    assert pareto_frontier(logroll) == [{"X": "x1", "Y": "y1"}, {"X": "x1", "Y": "y2"}, {"X": "x2", "Y": "y2"}]


def test_zone_and_agreement_frontier_two_by_two(logroll):
    assert zone_of_agreement(logroll) == [{"X": "x1", "Y": "y2"}, {"X": "x2", "Y": "y1"}]
    assert agreement_frontier(logroll) == [{"X": "x1", "Y": "y2"}]


def test_joint_gain_is_sum_of_margins(logroll):
    assert joint_gain(logroll, {"X": "x1", "Y": "y1"}) == 6
    assert joint_gain(logroll, {"X": "x1", "Y": "y2"}) == 10
    assert joint_gain(logroll, None) == 0


def test_distance_to_frontier_two_by_two(logroll):
    assert distance_to_frontier(logroll, {"X": "x2", "Y": "y1"}) == 8
    assert distance_to_frontier(logroll, {"X": "x1", "Y": "y1"}) == 0
    # No agreement = the BATNA point (1, 1); frontier packages ≥ it: x1y2 only (x1y1 gives B 0).
    assert distance_to_frontier(logroll, None) == 10


def test_nash_and_best_achievable_two_by_two(logroll):
    assert nash_product_package(logroll) == {"X": "x1", "Y": "y2"}
    assert best_achievable_joint_gain(logroll) == 10


def test_beats_batna_is_strict():
    sheet = make_sheet(
        {"A": {"X": {"x1": 3, "x2": 4}}, "B": {"X": {"x1": 4, "x2": 3}}}, {"A": 3, "B": 3}, {"X": ["x1", "x2"]}
    )
    assert not beats_batna(sheet, "A", {"X": "x1"})
    assert beats_batna(sheet, "A", {"X": "x2"})
    assert zone_of_agreement(sheet) == []
    assert nash_product_package(sheet) is None
    assert best_achievable_joint_gain(sheet) is None


def test_analyse_agreement_reports_every_delegation(logroll):
    result = analyse_agreement(logroll, {"X": "x2", "Y": "y1"})
    assert [(o.delegation, o.points, o.margin, o.beats_batna) for o in result.delegations] == [
        ("A", 2, 1, True),
        ("B", 2, 1, True),
    ]
    assert result.joint_gain == 2
    assert not result.on_frontier
    assert result.distance_to_frontier == 8
    assert result.adoptable is True
    assert result.best_achievable_joint_gain == 10
    assert result.nash_package == {"X": "x1", "Y": "y2"}
    assert (result.package_count, result.frontier_size, result.zone_size, result.agreement_frontier_size) == (
        4,
        3,
        2,
        1,
    )


def test_analyse_agreement_without_agreement_keeps_batnas(logroll):
    result = analyse_agreement(logroll, None)
    assert result.package is None
    assert [(o.points, o.margin, o.beats_batna) for o in result.delegations] == [(1, 0, False), (1, 0, False)]
    assert result.joint_gain == 0
    assert result.distance_to_frontier == 10
    assert result.outcome_for("B").points == 1


def test_best_package_for_prefers_own_points_above_batna(logroll):
    # A's own best is x1y1 (8 points) even though B would get nothing; only adoptable: x1y2.
    assert best_package_for(logroll, "A") == {"X": "x1", "Y": "y1"}
    assert best_package_for(logroll, "A", acceptable_only=True) == {"X": "x1", "Y": "y2"}
    assert best_package_for(logroll, "B") == {"X": "x2", "Y": "y2"}


# --- 6 parties, 5 of 6 with two required parties -------------------------------------------------------------
#
# Points per option:
#           p1 p2 p3   q1 q2   BATNA
#   a        3  2  5    3  2     4   (required)
#   b        3  4  2    1  4     3   (required)
#   c        5  3  1    3  0     3
#   d        0  1  3    5  4     5
#   e        1  1  3    3  3     3
#   f        4  1  3    5  4     3
#
#   package  a b c d e f   beats BATNA (strictly)   joint gain   5 of 6 incl. a, b   unanimity
#   p1 q1    6 4 8 5 4 9   a b c . e f  (d = 5)          15       adopted             no
#   p1 q2    5 7 5 4 4 8   a b c . e f                   12       adopted             no
#   p2 q1    5 5 6 6 4 6   a b c d e f                   11       adopted             adopted
#   p2 q2    4 8 3 5 4 5   . b . . e f                    8       no                  no
#   p3 q1    8 3 4 8 6 8   a . c d e f  (b = 3)          16       no: b required      no
#   p3 q2    7 6 1 7 6 7   a b . d e f                   13       adopted             no
#
# Best achievable joint gain: 15 (p1 q1); the largest joint gain, 16, needs b, who does not gain.
# Under unanimity only p2 q1 (11) is adoptable, which is also the only package in the zone of agreement.

SIX_SCORES = {
    "a": {"p": {"p1": 3, "p2": 2, "p3": 5}, "q": {"q1": 3, "q2": 2}},
    "b": {"p": {"p1": 3, "p2": 4, "p3": 2}, "q": {"q1": 1, "q2": 4}},
    "c": {"p": {"p1": 5, "p2": 3, "p3": 1}, "q": {"q1": 3, "q2": 0}},
    "d": {"p": {"p1": 0, "p2": 1, "p3": 3}, "q": {"q1": 5, "q2": 4}},
    "e": {"p": {"p1": 1, "p2": 1, "p3": 3}, "q": {"q1": 3, "q2": 3}},
    "f": {"p": {"p1": 4, "p2": 1, "p3": 3}, "q": {"q1": 5, "q2": 4}},
}
SIX_BATNA = {"a": 4, "b": 3, "c": 3, "d": 5, "e": 3, "f": 3}
SIX_ISSUES = {"p": ["p1", "p2", "p3"], "q": ["q1", "q2"]}


@pytest.fixture
def six():
    return make_sheet(SIX_SCORES, SIX_BATNA, SIX_ISSUES, DecisionRule("k_of_n", k=5, required=("a", "b")))


@pytest.mark.parametrize(
    ("votes", "adopted"),
    [
        (dict.fromkeys("abcdef", "yes"), True),
        ({"a": "yes", "b": "yes", "c": "yes", "d": "yes", "e": "yes", "f": "no"}, True),
        ({"a": "yes", "b": "yes", "c": "yes", "d": "yes", "e": "yes"}, True),  # f did not vote: abstains
        ({"b": "yes", "c": "yes", "d": "yes", "e": "yes", "f": "yes"}, False),  # required a abstains
        ({"a": "no", "b": "yes", "c": "yes", "d": "yes", "e": "yes", "f": "yes"}, False),
        ({"a": "yes", "b": "yes", "c": "yes", "d": "yes", "e": "no", "f": "no"}, False),  # only 4 yes
        ({"a": "yes", "b": "yes", "c": "yes", "d": "yes", "e": "abstain", "f": "abstain"}, False),
        ({}, False),
    ],
)
def test_is_adopted_five_of_six_with_required(six, votes, adopted):
    assert is_adopted(six, votes) is adopted


def test_is_adopted_veto_blocks_only_on_no():
    sheet = make_sheet(SIX_SCORES, SIX_BATNA, SIX_ISSUES, DecisionRule("k_of_n", k=4, veto=("f",)))
    yes_four = {"a": "yes", "b": "yes", "c": "yes", "d": "yes"}
    assert is_adopted(sheet, yes_four | {"f": "abstain"})
    assert not is_adopted(sheet, yes_four | {"f": "no"})


def test_is_adopted_unanimity_needs_every_yes(logroll):
    assert is_adopted(logroll, {"A": "yes", "B": "yes"})
    assert not is_adopted(logroll, {"A": "yes", "B": "abstain"})
    assert not is_adopted(logroll, {"A": "yes"})


def test_is_adopted_refuses_unknown_vote_or_delegation(six):
    with pytest.raises(AnalysisError, match="yes, no or abstain"):
        is_adopted(six, {"a": "maybe"})
    with pytest.raises(AnalysisError, match="unknown delegation 'z'"):
        is_adopted(six, {"z": "yes"})


def test_sincere_votes_follow_batna(six):
    assert sincere_votes(six, {"p": "p3", "q": "q1"}) == {
        "a": "yes",
        "b": "no",
        "c": "yes",
        "d": "yes",
        "e": "yes",
        "f": "yes",
    }


def test_adoptable_packages_five_of_six(six):
    assert adoptable_packages(six) == [
        {"p": "p1", "q": "q1"},
        {"p": "p1", "q": "q2"},
        {"p": "p2", "q": "q1"},
        {"p": "p3", "q": "q2"},
    ]


def test_best_achievable_joint_gain_five_of_six(six):
    assert best_achievable_joint_gain(six) == 15
    assert max(joint_gain(six, p) for p in enumerate_packages(six)) == 16


def test_best_achievable_joint_gain_under_unanimity_is_the_zone():
    sheet = make_sheet(SIX_SCORES, SIX_BATNA, SIX_ISSUES)
    assert best_achievable_joint_gain(sheet) == 11
    assert zone_of_agreement(sheet) == [{"p": "p2", "q": "q1"}]
    assert nash_product_package(sheet) == {"p": "p2", "q": "q1"}


def test_six_party_frontier_has_every_package(six):
    # Each package is someone's unique best on some delegation (b: p2q2, d: p3q1, f: p1q1 ...): none dominated.
    assert len(pareto_frontier(six)) == 6
    assert all(is_on_frontier(six, p) for p in enumerate_packages(six))


def test_analyse_sheet_names_self_serving_winners(six):
    # c's and f's best (p1 q1: 8 and 9 points) is adoptable; e's best, 6, is tied between p3 q1 (not adoptable)
    # and p3 q2 (adoptable), which counts. a's and d's best (p3 q1) is not: b is required; b's (p2 q2) has 3 yes.
    summary = analyse_sheet(six)
    assert summary.self_serving_winners == ("c", "e", "f")
    assert summary.adoptable_count == 4


# --- Validation ------------------------------------------------------------------------------------------------


def test_validate_package_names_missing_issue(logroll):
    with pytest.raises(AnalysisError, match="no option for issue 'Y'"):
        validate_package(logroll, {"X": "x1"})


def test_validate_package_names_unknown_option(logroll):
    with pytest.raises(AnalysisError, match="Issue 'X' has no option 'x9'"):
        validate_package(logroll, {"X": "x9", "Y": "y1"})


def test_validate_package_names_unknown_issue(logroll):
    with pytest.raises(AnalysisError, match="unknown issue 'Z'"):
        validate_package(logroll, {"X": "x1", "Y": "y1", "Z": "z"})


SCENARIO = {
    "delegations": [{"key": "a", "batna": 1}, {"key": "b", "batna": 2}],
    "issues": [
        {"key": "x", "options": [{"key": "x1"}, {"key": "x2"}]},
        {"key": "y", "options": [{"key": "y1"}, {"key": "y2"}]},
    ],
    "scores": {
        "a": {"x": {"x1": 1, "x2": 2}, "y": {"y1": 3, "y2": 4}},
        "b": {"x": {"x1": 5, "x2": 6}, "y": {"y1": 7, "y2": 8}},
    },
    "decision_rule": {"type": "k_of_n", "k": 1, "required": ["b"]},
}


def test_sheet_from_scenario_dict_reads_schema_v1():
    sheet = sheet_from_scenario_dict(SCENARIO)
    assert sheet.delegations == ("a", "b")
    assert sheet.issues == (Issue("x", ("x1", "x2")), Issue("y", ("y1", "y2")))
    assert sheet.points[("b", "y", "y2")] == 8
    assert sheet.batna == {"a": 1, "b": 2}
    assert sheet.rule == DecisionRule("k_of_n", k=1, required=("b",), veto=())


def test_sheet_from_scenario_dict_names_missing_score():
    broken = SCENARIO | {"scores": {**SCENARIO["scores"], "b": {"x": {"x1": 5, "x2": 6}, "y": {"y1": 7}}}}
    with pytest.raises(AnalysisError, match="'b' has no score for option 'y2' of issue 'y'"):
        sheet_from_scenario_dict(broken)


def test_sheet_from_scenario_dict_names_unknown_rule_party():
    broken = SCENARIO | {"decision_rule": {"type": "k_of_n", "k": 1, "veto": ["zz"]}}
    with pytest.raises(AnalysisError, match="unknown delegation 'zz'"):
        sheet_from_scenario_dict(broken)


def test_sheet_from_scenario_dict_refuses_k_out_of_range():
    with pytest.raises(AnalysisError, match="k between 1 and 2"):
        sheet_from_scenario_dict(SCENARIO | {"decision_rule": {"type": "k_of_n", "k": 3}})


def test_sheet_from_tables_keeps_order_and_rule():
    sheet = sheet_from_tables(
        {"b": 2, "a": 1},
        {"y": ["y2", "y1"], "x": ["x1"]},
        {d: {"x": {"x1": 1}, "y": {"y1": 2, "y2": 3}} for d in "ab"},
        DecisionRule("k_of_n", k=1, veto=("a",)),
    )
    assert sheet.delegations == ("b", "a")
    assert sheet.issues == (Issue("y", ("y2", "y1")), Issue("x", ("x1",)))
    assert score_package(sheet, {"x": "x1", "y": "y2"}) == {"b": 4, "a": 4}
    assert sheet.rule.veto == ("a",)


def test_sheet_from_tables_names_missing_score():
    with pytest.raises(AnalysisError, match="'a' has no score for option 'x2' of issue 'x'"):
        sheet_from_tables({"a": 1}, {"x": ["x1", "x2"]}, {"a": {"x": {"x1": 1}}})
