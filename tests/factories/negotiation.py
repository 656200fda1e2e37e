"""Factories for the negotiation models, and builders for hand-worked scenarios and running tables."""

import factory

from simulations.domain.engine import start_run
from simulations.domain.runs import adjust_round_plan, assign_pair, create_run
from simulations.enums import DecisionRuleType, RoundAction, VoteChoice
from simulations.models import (
    Announcement,
    CaucusMessage,
    FloorMessage,
    Inject,
    Outcome,
    Presence,
    Proposal,
    ProposalSupport,
    Statement,
    Vote,
)
from tests.factories.course import CourseFactory, UserFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import (
    DelegationFactory,
    IssueFactory,
    OptionFactory,
    RunFactory,
    ScenarioFactory,
    ScenarioRoundFactory,
    ScoreFactory,
)

ALL_ACTIONS = [a.value for a in RoundAction]


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    run = factory.SubFactory(RunFactory)
    delegation = factory.SubFactory(DelegationFactory)
    text = factory.Sequence(lambda n: f"Statement {n}")
    round_number = 1


class CaucusMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaucusMessage

    run = factory.SubFactory(RunFactory)
    delegation = factory.SubFactory(DelegationFactory)
    text = factory.Sequence(lambda n: f"Caucus message {n}")
    round_number = 1


class FloorMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FloorMessage

    run = factory.SubFactory(RunFactory)
    delegation = factory.SubFactory(DelegationFactory)
    text = factory.Sequence(lambda n: f"Floor message {n}")
    round_number = 1


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    run = factory.SubFactory(RunFactory)
    delegation = factory.SubFactory(DelegationFactory)
    number = factory.Sequence(lambda n: n + 1)
    version = 1
    package = factory.LazyFunction(dict)
    rationale = "Because it works for everyone."
    round_number = 1


class ProposalSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalSupport

    proposal = factory.SubFactory(ProposalFactory)
    delegation = factory.SubFactory(DelegationFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    proposal = factory.SubFactory(ProposalFactory)
    run = factory.SelfAttribute("proposal.run")
    delegation = factory.SubFactory(DelegationFactory)
    round_number = 1
    choice = VoteChoice.YES


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    run = factory.SubFactory(RunFactory)
    course = factory.SelfAttribute("run.course")
    text = factory.Sequence(lambda n: f"Announcement {n}")


class InjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inject

    run = factory.SubFactory(RunFactory)
    title = factory.Sequence(lambda n: f"News {n}")
    body = "Something happened."


class PresenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presence

    run = factory.SubFactory(RunFactory)
    user = factory.SubFactory(UserFactory)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    run = factory.SubFactory(RunFactory)
    analysis = factory.LazyFunction(dict)


# --- Builders ---------------------------------------------------------------------------------------------


def build_scenario(
    batna,
    scores,
    *,
    rule=DecisionRuleType.UNANIMITY,
    k=None,
    required=(),
    veto=(),
    rounds=(("talk", 10, ALL_ACTIONS),),
    injects=(),
    **kwargs,
):
    """A scenario from plain tables: ``batna`` {delegation: points}, ``scores`` {delegation: {issue: {option:
    points}}} (issues and options in the order written), ``rounds`` [(key, minutes, actions)]."""
    scenario = ScenarioFactory(decision_rule=rule, decision_k=k, injects=list(injects), **kwargs)
    delegations = {
        key: DelegationFactory(
            scenario=scenario,
            key=key,
            name=f"Delegation {key.upper()}",
            batna=points,
            position=n,
            brief=f"BRIEF-MARKER-{key}",
            scientist_notes=f"SCIENTIST-MARKER-{key}",
            policymaker_notes=f"POLICYMAKER-MARKER-{key}",
            is_required=key in required,
            has_veto=key in veto,
        )
        for n, (key, points) in enumerate(batna.items())
    }
    first = next(iter(scores.values()))
    for i, (issue_key, options) in enumerate(first.items()):
        issue = IssueFactory(scenario=scenario, key=issue_key, title=f"Issue {issue_key}", position=i)
        for j, option_key in enumerate(options):
            option = OptionFactory(issue=issue, key=option_key, label=f"Option {option_key}", position=j)
            for d_key, delegation in delegations.items():
                ScoreFactory(delegation=delegation, option=option, points=scores[d_key][issue_key][option_key])
    for i, (key, minutes, actions) in enumerate(rounds):
        ScenarioRoundFactory(
            scenario=scenario, key=key, title=f"Round {key}", minutes=minutes, position=i, actions=list(actions)
        )
    return scenario


def two_by_two():
    """Two delegations, two issues, BATNA 10 each. Packages (a, b):
    x1,y1 → 30, 5   x1,y2 → 20, 25   x2,y1 → 15, 10   x2,y2 → 5, 30.
    Frontier: x1y1, x1y2, x2y2. Zone of agreement (both > 10): x1y2 only."""
    return build_scenario(
        {"a": 10, "b": 10},
        {
            "a": {"x": {"x1": 20, "x2": 5}, "y": {"y1": 10, "y2": 0}},
            "b": {"x": {"x1": 5, "x2": 10}, "y": {"y1": 0, "y2": 20}},
        },
        rounds=(
            ("opening", 10, ["statement"]),
            ("caucus", 10, ["caucus"]),
            ("negotiation", 10, ["floor", "propose", "amend", "support", "caucus"]),
            ("vote", 10, ["vote"]),
        ),
    )


def negotiation_then_vote():
    """Two delegations (BATNAs 10 and 20), two issues; a one-minute negotiation round, then a one-minute vote."""
    return build_scenario(
        {"a": 10, "b": 20},
        {
            "a": {"x": {"x1": 20, "x2": 5}, "y": {"y1": 10, "y2": 0}},
            "b": {"x": {"x1": 1, "x2": 9}, "y": {"y1": 3, "y2": 7}},
        },
        rounds=(("negotiation", 60, ["floor", "propose", "caucus"]), ("vote", 60, ["vote"])),
    )


def seated_run(scenario, *, course=None, round_seconds=None, start=True, **kwargs):
    """A run of ``scenario`` with one pair seated in every delegation, started unless ``start=False``.

    Returns (run, {delegation_key: (pair, scientist, policymaker)})."""

    course = course or CourseFactory()
    run = create_run(scenario, course, kwargs.pop("name", f"Table {scenario.pk}"), **kwargs)
    if round_seconds is not None:
        plan = list(run.rounds.all())
        adjust_round_plan(
            run,
            [
                {"key": r.key, "title": r.title, "seconds": round_seconds, "actions": r.actions, "instructions": ""}
                for r in plan
            ],
        )
    pairs = {}
    for delegation in scenario.delegations.order_by("position"):
        pairs[delegation.key] = make_pair(course)
        assign_pair(run, pairs[delegation.key][0], delegation)
    if start:
        start_run(run)
    run.refresh_from_db()
    return run, pairs
