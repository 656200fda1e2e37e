"""The dance, the post-settlement candidates and estimate scoring, on hand-built sheets (tables in comments) and
against a brute-force computation written independently of simulations.dance."""

import itertools
import random
import re

import pytest

from simulations.analysis import AnalysisError, DecisionRule, Issue, ScoringSheet, enumerate_packages, score_package
from simulations.charts import TableMark, _label_box, _overlaps, agreement_chart, dance_path_chart, dance_points_chart
from simulations.dance import (
    CONCESSION,
    FORTUNATE,
    NICE,
    SELFISH,
    SILENT,
    UNFORTUNATE,
    Tabled,
    classify_move,
    dance,
    post_settlement_candidates,
    score_estimate,
    true_priorities,
    weights_from_ranking,
)
from simulations.strategies import aspiration, choose_package, get_strategy, votes_yes


def make_sheet(scores, batna, issues, rule=None):
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


# --- 3 delegations × 2 issues: A and B logroll, C is indifferent ------------------------------------------
#
#            X: x1 x2   Y: y1 y2   BATNA
#   A           6  0       2  0      1
#   B           0  2       0  6      1
#   C           1  1       1  1      1
#
#   package   A  B  C   joint gain   frontier
#   x1,y1     8  0  2       7          yes (A's best)
#   x1,y2     6  6  2       11         yes
#   x2,y1     2  2  2       3          no: x1,y2 gives everyone at least as much
#   x2,y2     0  8  2       7          yes (B's best)
ISSUES = {"X": ["x1", "x2"], "Y": ["y1", "y2"]}
SCORES = {
    "A": {"X": {"x1": 6, "x2": 0}, "Y": {"y1": 2, "y2": 0}},
    "B": {"X": {"x1": 0, "x2": 2}, "Y": {"y1": 0, "y2": 6}},
    "C": {"X": {"x1": 1, "x2": 1}, "Y": {"y1": 1, "y2": 1}},
}
P11, P12 = {"X": "x1", "Y": "y1"}, {"X": "x1", "Y": "y2"}
P21, P22 = {"X": "x2", "Y": "y1"}, {"X": "x2", "Y": "y2"}


@pytest.fixture
def sheet3():
    return make_sheet(SCORES, {"A": 1, "B": 1, "C": 1}, ISSUES)


@pytest.mark.parametrize(
    "own, others, expected",
    [
        (3, 2, FORTUNATE),
        (3, 0, SELFISH),
        (3, -2, SELFISH),
        (0, 2, NICE),
        (0, 0, SILENT),
        (0, -2, UNFORTUNATE),
        (-3, 2, CONCESSION),
        (-3, 0, CONCESSION),
        (-3, -2, UNFORTUNATE),
    ],
)
def test_classify_move_partitions_every_sign_combination(own, others, expected):
    assert classify_move(own, others) == expected


def test_dance_classifies_a_hand_built_sequence(sheet3):
    tabled = [
        Tabled("1", "Proposal 1", "A", P11),  # A's opening: A 8, B 0, C 2
        Tabled("2", "Proposal 2", "B", P22),  # B's opening
        Tabled("3", "Proposal 1 v2", "A", P12, parent="1"),  # amends P11: A −2; B +6, C 0 → concession
        Tabled("4", "Proposal 3", "C", P21),  # C's opening
        Tabled("5", "Proposal 3 v2", "A", P12, parent="4"),  # amends P21: A +4; B +4 → fortunate
        Tabled("6", "Proposal 4", "C", P22),  # from C's last (P21): C 0; A −2, B +6 → nice, mixed
        Tabled("7", "Proposal 5", "C", P11),  # from P22: C 0; A +8, B −8 → 0: silent, mixed
        Tabled("8", "Proposal 5 v2", "C", P12, parent="7"),  # amends P11: C 0; A −2, B +6 → nice, mixed
        Tabled("9", "Proposal 6", "A", P11),  # from A's last (P12): A +2; B −6 → selfish
        Tabled("10", "Proposal 7", "C", P21),  # from C's last (P12): C 0; A −4, B −4 → unfortunate
    ]
    result = dance(sheet3, tabled)
    classes = [step.move_class for step in result.steps]
    assert classes == [None, None, CONCESSION, None, FORTUNATE, NICE, SILENT, NICE, SELFISH, UNFORTUNATE]
    assert [step.from_key for step in result.steps] == [None, None, "1", None, "4", "4", "6", "7", "5", "8"]
    assert [step.mixed for step in result.steps] == [False] * 5 + [True, True, True, False, False]
    concession = result.steps[2]
    assert (concession.own_change, concession.others_change, concession.joint_gain_change) == (-2, 6, 4)
    assert concession.points == {"A": 6, "B": 6, "C": 2} and concession.from_label == "Proposal 1"
    assert concession.on_frontier and concession.distance_to_frontier == 0
    away = result.steps[9]  # P21 is 8 below the frontier package P12 that covers it
    assert away.distance_to_frontier == 8 and away.distance_change == 8 and away.toward_frontier is False
    assert result.steps[4].toward_frontier is True and result.steps[0].toward_frontier is None
    assert result.counts["A"] == {CONCESSION: 1, SELFISH: 1, FORTUNATE: 1, UNFORTUNATE: 0, NICE: 0, SILENT: 0}
    assert sum(result.counts["B"].values()) == 0
    assert result.counts["C"] == {CONCESSION: 0, SELFISH: 0, FORTUNATE: 0, UNFORTUNATE: 1, NICE: 2, SILENT: 1}
    assert len(result.moves) == 7


def test_dance_of_nothing_and_of_an_unknown_delegation(sheet3):
    assert dance(sheet3, []).steps == ()
    with pytest.raises(AnalysisError):
        dance(sheet3, [Tabled("1", "P", "Z", P11)])


# --- Post-settlement candidates --------------------------------------------------------------------------


def brute_force_candidates(sheet, agreement):
    """Independent of simulations.dance: plain loops over every package."""
    base = score_package(sheet, agreement)
    packages = list(enumerate_packages(sheet))
    scored = [score_package(sheet, p) for p in packages]

    def dominates(q, p):
        return all(q[d] >= p[d] for d in sheet.delegations) and any(q[d] > p[d] for d in sheet.delegations)

    def adopted(points):
        yes = {d for d in sheet.delegations if points[d] > sheet.batna[d]}
        rule = sheet.rule
        if rule.type == "unanimity":
            return len(yes) == len(sheet.delegations)
        return len(yes) >= rule.k and set(rule.required) <= yes and set(rule.veto) <= yes

    found = []
    for n, (package, points) in enumerate(zip(packages, scored, strict=True)):
        if not dominates(points, base) or not adopted(points):
            continue
        if any(dominates(other, points) for other in scored):
            continue
        changed = sum(package[k] != agreement[k] for k in package)
        joint = sum(points[d] - sheet.batna[d] for d in sheet.delegations)
        smallest = min(points[d] - base[d] for d in sheet.delegations)
        found.append(((changed, -joint, -smallest, n), package))
    return [package for _, package in sorted(found, key=lambda item: item[0])]


def test_post_settlement_offers_the_dominating_frontier_package(sheet3):
    (only,) = post_settlement_candidates(sheet3, P21)
    assert only.package == P12
    assert only.gains == {"A": 4, "B": 4, "C": 0}
    assert (only.joint_gain, only.joint_gain_recovered, only.issues_changed) == (11, 8, 2)


def test_post_settlement_has_nothing_for_a_frontier_agreement_or_no_agreement(sheet3):
    for agreement in (P11, P12, P22):
        assert post_settlement_candidates(sheet3, agreement) == []
    assert post_settlement_candidates(sheet3, None) == []


# 8 delegations × 2 issues of 3 options. A..B logroll as above (with a middle option), C..G indifferent with
# points 2 everywhere, H is the hold-out: its points never reach its BATNA of 10, so under unanimity nothing is
# adoptable; under k of n only if H is neither required nor a veto holder.
#
#            X: x1 x2 x3   Y: y1 y2 y3
#   A           6  0  3       2  0  1     BATNA 1
#   B           0  2  1       0  6  3     BATNA 1
#   C..G        1  1  1       1  1  1     BATNA 1
#   H           0  0  1       0  0  1     BATNA 10
#
# Agreement x2,y1 (A 2, B 2, C..G 2, H 0). Improvements on the frontier: x1,y2 (A 6, B 6, H 0) and the packages
# using x3/y3: x3,y2 (A 3, B 7, H 1), x1,y3 (A 7, B 3, H 1), x3,y3 (A 4, B 4, H 2 — dominated by none? x1,y2 gives
# A 6, B 6 but H 0 < 2, so x3,y3 is on the frontier too).
NAMES8 = ["A", "B", "C", "D", "E", "F", "G", "H"]
ISSUES8 = {"X": ["x1", "x2", "x3"], "Y": ["y1", "y2", "y3"]}


def sheet8(rule):
    scores = {
        "A": {"X": {"x1": 6, "x2": 0, "x3": 3}, "Y": {"y1": 2, "y2": 0, "y3": 1}},
        "B": {"X": {"x1": 0, "x2": 2, "x3": 1}, "Y": {"y1": 0, "y2": 6, "y3": 3}},
        "H": {"X": {"x1": 0, "x2": 0, "x3": 1}, "Y": {"y1": 0, "y2": 0, "y3": 1}},
    }
    for name in "CDEFG":
        scores[name] = {"X": {"x1": 1, "x2": 1, "x3": 1}, "Y": {"y1": 1, "y2": 1, "y3": 1}}
    scores = {name: scores[name] for name in NAMES8}
    batna = dict.fromkeys(NAMES8, 1) | {"H": 10}
    return make_sheet(scores, batna, ISSUES8, rule)


AGREEMENT8 = {"X": "x2", "Y": "y1"}
SEVERAL = [
    {"X": "x1", "Y": "y2"},  # 2 issues, joint gain 12 − … the largest
    {"X": "x3", "Y": "y3"},
    {"X": "x1", "Y": "y3"},
    {"X": "x3", "Y": "y2"},
]


@pytest.mark.parametrize(
    "rule, expected",
    [
        (DecisionRule("unanimity"), []),  # H never beats its BATNA: nothing is adoptable
        (DecisionRule("k_of_n", k=7), "several"),
        (DecisionRule("k_of_n", k=7, required=("A", "B")), "several"),
        (DecisionRule("k_of_n", k=7, required=("H",)), []),
        (DecisionRule("k_of_n", k=7, veto=("H",)), []),
        (DecisionRule("k_of_n", k=7, veto=("C",)), "several"),
    ],
)
def test_post_settlement_for_eight_delegations_under_each_rule(rule, expected):
    sheet = sheet8(rule)
    found = [c.package for c in post_settlement_candidates(sheet, AGREEMENT8)]
    assert found == brute_force_candidates(sheet, AGREEMENT8)
    if expected == "several":
        assert len(found) == 4 and {tuple(p.items()) for p in found} == {tuple(p.items()) for p in SEVERAL}
        assert all(c.issues_changed == 2 for c in post_settlement_candidates(sheet, AGREEMENT8))
        gains = [c.joint_gain for c in post_settlement_candidates(sheet, AGREEMENT8)]
        assert gains == sorted(gains, reverse=True)
    else:
        assert found == []


def test_post_settlement_for_three_delegations_under_each_rule():
    rules = [
        DecisionRule("unanimity"),
        DecisionRule("k_of_n", k=2),
        DecisionRule("k_of_n", k=2, required=("C",)),
        DecisionRule("k_of_n", k=2, veto=("A",)),
    ]
    for rule in rules:
        sheet = make_sheet(SCORES, {"A": 1, "B": 1, "C": 1}, ISSUES, rule)
        assert [c.package for c in post_settlement_candidates(sheet, P21)] == [P12]
    # C's BATNA above everything: unanimity and "C required" adopt nothing, 2 of 3 without C still does
    blocked = {"A": 1, "B": 1, "C": 5}
    assert post_settlement_candidates(make_sheet(SCORES, blocked, ISSUES), P21) == []
    assert post_settlement_candidates(make_sheet(SCORES, blocked, ISSUES, rules[2]), P21) == []
    assert [c.package for c in post_settlement_candidates(make_sheet(SCORES, blocked, ISSUES, rules[1]), P21)] == [P12]


def test_post_settlement_keeps_a_handful_nearest_first():
    sheet = sheet8(DecisionRule("k_of_n", k=7))
    assert len(post_settlement_candidates(sheet, AGREEMENT8, limit=2)) == 2


@pytest.mark.parametrize("seed", range(12))
def test_post_settlement_matches_brute_force_on_random_sheets(seed):
    rng = random.Random(seed)
    names = [f"d{n}" for n in range(rng.choice([3, 4, 8]))]
    issues = {f"i{n}": [f"o{m}" for m in range(rng.randint(2, 3))] for n in range(3)}
    scores = {d: {i: {o: rng.randint(0, 6) for o in opts} for i, opts in issues.items()} for d in names}
    batna = {d: rng.randint(1, 8) for d in names}
    rule = rng.choice(
        [
            DecisionRule("unanimity"),
            DecisionRule("k_of_n", k=len(names) - 1),
            DecisionRule("k_of_n", k=2, required=(names[0],)),
            DecisionRule("k_of_n", k=2, veto=(names[1],)),
        ]
    )
    sheet = make_sheet(scores, batna, issues, rule)
    for agreement in itertools.islice(enumerate_packages(sheet), 0, None, 3):
        got = [c.package for c in post_settlement_candidates(sheet, agreement, limit=100)]
        assert got == brute_force_candidates(sheet, agreement)


# --- Estimates -------------------------------------------------------------------------------------------


def test_true_priorities_are_each_issues_spread(sheet3):
    assert true_priorities(sheet3, "A") == {"X": 6, "Y": 2}
    assert true_priorities(sheet3, "C") == {"X": 0, "Y": 0}


def test_estimate_scoring_exact_reversed_and_flat():
    scores = {
        "A": {"X": {"x1": 6, "x2": 0}, "Y": {"y1": 3, "y2": 0}, "Z": {"z1": 1, "z2": 0}},
        "B": {"X": {"x1": 0, "x2": 0}, "Y": {"y1": 0, "y2": 0}, "Z": {"z1": 0, "z2": 0}},
    }
    sheet = make_sheet(scores, {"A": 0, "B": 0}, {"X": ["x1", "x2"], "Y": ["y1", "y2"], "Z": ["z1", "z2"]})
    exact = score_estimate(sheet, "A", {"X": 60, "Y": 30, "Z": 10})
    assert exact.spearman == 1.0 and exact.weighted_error == 0.0
    reversed_ = score_estimate(sheet, "A", weights_from_ranking(["Z", "Y", "X"]))
    assert reversed_.spearman == -1.0
    # truth shares 0.6, 0.3, 0.1; estimate 1/6, 2/6, 3/6 → ½(0.4333 + 0.0333 + 0.4) = 0.4333
    assert reversed_.weighted_error == pytest.approx(0.4333, abs=1e-4)
    tied = score_estimate(sheet, "A", {"X": 1, "Y": 1, "Z": 0})  # ranks 2.5, 2.5, 1 against 3, 2, 1
    assert tied.spearman == pytest.approx(0.866, abs=1e-3)
    assert score_estimate(sheet, "A", {"X": 1, "Y": 1, "Z": 1}).spearman is None
    assert score_estimate(sheet, "B", {"X": 3, "Y": 2, "Z": 1}).spearman is None  # B cares about nothing
    with pytest.raises(AnalysisError):
        score_estimate(sheet, "A", {"W": 1})
    with pytest.raises(AnalysisError):
        score_estimate(sheet, "A", {"X": -1})


# --- Strategies (simulations.strategies) -------------------------------------------------------------------


def test_strategies_concede_as_their_curves_say(sheet3):

    hard, conceder = get_strategy("hard_liner"), get_strategy("concession_maker")
    # A's best is 8, BATNA 1: the hard-liner's floor is 1 + 0.6 × 7 = 5.2; half-way it has barely moved
    assert aspiration(sheet3, "A", hard, 0) == 8 and aspiration(sheet3, "A", hard, 1) == pytest.approx(5.2)
    assert aspiration(sheet3, "A", hard, 0.5) > aspiration(sheet3, "A", conceder, 0.5)
    assert choose_package(sheet3, "A", "hard_liner", 0) == P11
    assert choose_package(sheet3, "A", "concession_maker", 1, standing=P22) == P21  # one issue from B's text
    assert choose_package(sheet3, "A", "hard_liner", 0, avoid=[P11]) == P12  # never re-tables its own
    assert choose_package(sheet3, "A", "free_rider", 0.5) is None
    assert votes_yes(sheet3, "A", "concession_maker", P21) and not votes_yes(sheet3, "A", "hard_liner", P21)
    with pytest.raises(ValueError, match="Unknown strategy"):
        get_strategy("nope")


# --- Charts -----------------------------------------------------------------------------------------------


def _label_boxes(svg):

    boxes = []
    for x, y, anchor, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]+)</text>', svg
    ):
        if text.startswith("Table"):
            boxes.append(_label_box(float(x), float(y), anchor, text))
    return boxes


def test_four_tables_at_the_same_agreement_get_labels_that_do_not_overlap(sheet3):

    marks = [TableMark(f"Table {name} (morning group)", P12, current=name == "A") for name in "ABCD"]
    svg = agreement_chart(sheet3, marks)
    boxes = _label_boxes(svg)
    assert len(boxes) == 4
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(box[0] >= 0 and box[2] <= 640 for box in boxes)


def test_dance_charts_have_a_panel_per_delegation_and_a_dot_per_package(sheet3):

    result = dance(sheet3, [Tabled("1", "Proposal 1", "A", P11), Tabled("2", "Proposal 1 v2", "A", P12, parent="1")])
    panels = dance_points_chart(result, {"A": "Alpha"})
    assert panels.count('class="chart dance-panel"') == 3 and ">Alpha</text>" in panels
    assert 'class="move move-opening"' in panels and 'class="move move-concession"' in panels
    path = dance_path_chart(sheet3, result)
    assert path.count('class="move ') == 2 and 'role="img"' in path
    assert dance_points_chart(dance(sheet3, []), {}) == ""
