"""Properties of the analysis over random small sheets, checked against brute force."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from simulations.analysis import (
    DecisionRule,
    Issue,
    ScoringSheet,
    agreement_frontier,
    best_achievable_joint_gain,
    best_package_for,
    distance_to_frontier,
    enumerate_packages,
    is_adoptable,
    is_adopted,
    joint_gain,
    nash_product_package,
    pareto_frontier,
    score_package,
    zone_of_agreement,
)


@st.composite
def sheets(draw):
    delegations = tuple(f"d{n}" for n in range(draw(st.integers(2, 4))))
    issues = tuple(
        Issue(f"i{n}", tuple(f"o{m}" for m in range(draw(st.integers(2, 3))))) for n in range(draw(st.integers(1, 3)))
    )
    points = {(d, i.key, o): draw(st.integers(0, 6)) for d in delegations for i in issues for o in i.options}
    batna = {d: draw(st.integers(0, 10)) for d in delegations}
    if draw(st.booleans()):
        rule = DecisionRule()
    else:
        rule = DecisionRule(
            "k_of_n",
            k=draw(st.integers(1, len(delegations))),
            required=tuple(draw(st.sets(st.sampled_from(delegations), max_size=2))),
            veto=tuple(draw(st.sets(st.sampled_from(delegations), max_size=2))),
        )
    return ScoringSheet(delegations, issues, points, batna, rule)


def vector(sheet, package):
    points = score_package(sheet, package)
    return tuple(points[d] for d in sheet.delegations)


def dominates(a, b):
    return all(x >= y for x, y in zip(a, b, strict=True)) and any(x > y for x, y in zip(a, b, strict=True))


@settings(max_examples=150, deadline=None)
@given(sheets())
def test_no_package_dominates_a_frontier_package(sheet):
    frontier = pareto_frontier(sheet)
    assert frontier
    for f in frontier:
        assert not any(dominates(vector(sheet, p), vector(sheet, f)) for p in enumerate_packages(sheet))


@settings(max_examples=150, deadline=None)
@given(sheets())
def test_every_other_package_is_dominated_by_a_frontier_package(sheet):
    frontier = pareto_frontier(sheet)
    for p in enumerate_packages(sheet):
        if p not in frontier:
            assert any(dominates(vector(sheet, f), vector(sheet, p)) for f in frontier)
            assert distance_to_frontier(sheet, p) > 0
        else:
            assert distance_to_frontier(sheet, p) == 0


@settings(max_examples=150, deadline=None)
@given(sheets(), st.data())
def test_adopted_joint_gain_never_exceeds_best_achievable(sheet, data):
    # Delegations vote in their interest: one that does not beat its BATNA votes no; one that does votes
    # anything (or not at all). Whatever the rule then adopts stays within the best achievable joint gain.
    best = best_achievable_joint_gain(sheet)
    for package in enumerate_packages(sheet):
        points = score_package(sheet, package)
        votes = {}
        for d in sheet.delegations:
            if points[d] <= sheet.batna[d]:
                votes[d] = "no"
            else:
                vote = data.draw(st.sampled_from(["yes", "no", "abstain", None]))
                if vote:
                    votes[d] = vote
        if is_adopted(sheet, votes):
            assert is_adoptable(sheet, package)
            assert best is not None
            assert joint_gain(sheet, package) <= best


@settings(max_examples=150, deadline=None)
@given(sheets())
def test_nash_package_is_on_the_agreement_frontier_and_maximises_the_product(sheet):
    nash = nash_product_package(sheet)
    zone = zone_of_agreement(sheet)
    if not zone:
        assert nash is None
        return

    def product(package):
        points = score_package(sheet, package)
        return math.prod(points[d] - sheet.batna[d] for d in sheet.delegations)

    assert nash in agreement_frontier(sheet)
    assert product(nash) == max(product(p) for p in zone)


@settings(max_examples=100, deadline=None)
@given(sheets())
def test_agreement_frontier_is_frontier_of_the_zone(sheet):
    zone = zone_of_agreement(sheet)
    expected = [p for p in zone if not any(dominates(vector(sheet, q), vector(sheet, p)) for q in zone)]
    assert agreement_frontier(sheet) == expected


@settings(max_examples=100, deadline=None)
@given(sheets())
def test_best_package_for_gives_most_points_above_batna(sheet):
    delegation = sheet.delegations[0]
    above = [p for p in enumerate_packages(sheet) if score_package(sheet, p)[delegation] > sheet.batna[delegation]]
    best = best_package_for(sheet, delegation)
    if not above:
        assert best is None
        return
    assert best in above
    assert score_package(sheet, best)[delegation] == max(score_package(sheet, p)[delegation] for p in above)
    acceptable = best_package_for(sheet, delegation, acceptable_only=True)
    if acceptable is not None:
        assert acceptable in above
        assert is_adoptable(sheet, acceptable)
