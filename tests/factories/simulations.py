import factory

from simulations.domain.runs import adjust_round_plan, create_run
from simulations.enums import DecisionRuleType, DelegationKind, RunEventKind, RunState, ScenarioCategory
from simulations.models import (
    Delegation,
    Issue,
    Option,
    Run,
    RunEvent,
    RunRound,
    Scenario,
    ScenarioRound,
    Score,
    Seat,
)
from tests.factories.course import CourseFactory
from tests.factories.participants import PairFactory


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    slug = factory.Sequence(lambda n: f"scenario-{n}")
    title = factory.Sequence(lambda n: f"Shared synchrotron {n}")
    category = ScenarioCategory.SCIENCE_FOR_DIPLOMACY
    real_case = "SESAME, Allan, Jordan."
    learning_objectives = factory.LazyFunction(lambda: ["Negotiate across rival states"])
    background = "Public background: a synchrotron shared by rival states."
    decision_rule = DecisionRuleType.UNANIMITY
    debrief_questions = factory.LazyFunction(lambda: ["What made agreement possible?"])


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    scenario = factory.SubFactory(ScenarioFactory)
    key = factory.Sequence(lambda n: f"delegation-{n}")
    name = factory.Sequence(lambda n: f"Delegation {n}")
    kind = DelegationKind.COUNTRY
    batna = 40
    brief = factory.Sequence(lambda n: f"CONFIDENTIAL BRIEF {n}")
    scientist_notes = factory.Sequence(lambda n: f"SCIENTIST NOTES {n}")
    policymaker_notes = factory.Sequence(lambda n: f"POLICYMAKER NOTES {n}")
    position = factory.Sequence(int)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    scenario = factory.SubFactory(ScenarioFactory)
    key = factory.Sequence(lambda n: f"issue-{n}")
    title = factory.Sequence(lambda n: f"Issue {n}")
    position = factory.Sequence(int)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    issue = factory.SubFactory(IssueFactory)
    key = factory.Sequence(lambda n: f"option-{n}")
    label = factory.Sequence(lambda n: f"Option {n}")
    position = factory.Sequence(int)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    delegation = factory.SubFactory(DelegationFactory)
    option = factory.SubFactory(OptionFactory)
    points = 10


class ScenarioRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScenarioRound

    scenario = factory.SubFactory(ScenarioFactory)
    key = factory.Sequence(lambda n: f"round-{n}")
    title = factory.Sequence(lambda n: f"Round {n}")
    minutes = 10
    instructions = "Do what the round asks."
    actions = factory.LazyFunction(lambda: ["statement"])
    position = factory.Sequence(int)


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Run

    scenario = factory.SubFactory(ScenarioFactory)
    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Table {n}")
    room = "Room 1"
    state = RunState.DRAFT


class RunRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RunRound

    run = factory.SubFactory(RunFactory)
    number = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"round-{n}")
    title = factory.Sequence(lambda n: f"Round {n}")
    duration_seconds = 600
    actions = factory.LazyFunction(lambda: ["statement"])


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    run = factory.SubFactory(RunFactory)
    delegation = factory.SubFactory(DelegationFactory)
    pair = factory.SubFactory(PairFactory)


class RunEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RunEvent

    run = factory.SubFactory(RunFactory)
    kind = RunEventKind.CREATED
    version = 0


def make_scenario(delegations=3, issues=3, options=3, rounds=(10, 10, 10), countries=None, **kwargs):
    """A complete scenario: delegations with briefs, issues with options, a full scoring sheet, a plan."""
    scenario = ScenarioFactory(**kwargs)
    countries = list(countries or [])
    dels = [
        DelegationFactory(
            scenario=scenario,
            key=f"d{i + 1}",
            name=f"Delegation {i + 1}",
            position=i,
            country=countries[i] if i < len(countries) else "",
        )
        for i in range(delegations)
    ]
    for i in range(issues):
        issue = IssueFactory(scenario=scenario, key=f"i{i + 1}", title=f"Issue {i + 1}", position=i)
        for j in range(options):
            option = OptionFactory(issue=issue, key=f"o{j + 1}", label=f"Option {i + 1}.{j + 1}", position=j)
            for k, d in enumerate(dels):
                ScoreFactory(delegation=d, option=option, points=(j * (k + 1) * 7 + i * 3) % 30)
    for i, minutes in enumerate(rounds):
        ScenarioRoundFactory(scenario=scenario, key=f"r{i + 1}", title=f"Round {i + 1}", minutes=minutes, position=i)
    return scenario


def make_run(scenario=None, course=None, round_seconds=None, name=None, **kwargs):
    """A draft run made by the domain (rounds copied from the plan); round_seconds overrides the lengths."""

    scenario = scenario or make_scenario()
    course = course or CourseFactory()
    run = create_run(scenario, course, name or f"Table {Run.objects.count() + 1}", room="Room 1", **kwargs)
    if round_seconds is not None:
        adjust_round_plan(
            run,
            [
                {"key": f"r{i + 1}", "title": f"Round {i + 1}", "seconds": s, "actions": ["statement"]}
                for i, s in enumerate(round_seconds)
            ],
        )
        run.refresh_from_db()
    return run
