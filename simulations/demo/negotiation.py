"""Demo negotiation: one finished table of the current edition, played to the end by scripted delegations, so
the debrief (timeline, revealed briefs, frontier chart, exports) can be seen at once. Idempotent."""

from course.models import Course
from simulations import analysis
from simulations.domain import engine
from simulations.domain.bots import act_once, bot_delegations, current_proposals
from simulations.domain.console import post_announcement
from simulations.domain.negotiation import amend_proposal
from simulations.domain.outcome import record_outcome
from simulations.domain.runs import create_run
from simulations.domain.scoring import scoring_sheet
from simulations.enums import RoundAction
from simulations.models import Run, Scenario

DEMO_SCENARIO = "sesame-synchrotron"
DEMO_TABLE = "Table Z (rehearsal with scripted delegations)"


def seed_negotiation():
    course = Course.objects.filter(slug="current").first()
    scenario = Scenario.objects.filter(slug=DEMO_SCENARIO).first() or Scenario.objects.order_by("title").first()
    if course is None or scenario is None or Run.objects.filter(course=course, name=DEMO_TABLE).exists():
        return []
    run = create_run(scenario, course, DEMO_TABLE, room="Rehearsal room")
    engine.start_run(run)
    delegations = bot_delegations(run)  # nobody is seated: bots play every delegation
    sheet = scoring_sheet(scenario)
    post_announcement(course, "Rehearsal: every delegation at this table is scripted.", run=run)
    amended = False
    while Run.objects.get(pk=run.pk).state == "running":
        act_once(run, delegations, sheet=sheet)
        if not amended and Run.objects.get(pk=run.pk).get_current_round().allows(RoundAction.AMEND):
            amended = amend_towards_nash(run, sheet)
            act_once(run, delegations, sheet=sheet)  # the others support the amendment if it beats their BATNA
        engine.end_round_now(run)
    record_outcome(run)
    return []


def amend_towards_nash(run, sheet):
    """One scripted amendment, so the demo transcript shows one: the delegation that gains most from the package
    with the largest Nash product amends the first proposal on the table to it. False when there is nothing to do."""
    nash = analysis.nash_product_package(sheet)
    proposals = current_proposals(run)
    if nash is None or not proposals or proposals[0].package == nash:
        return False
    target = proposals[0]
    before, after = analysis.score_package(sheet, target.package), analysis.score_package(sheet, nash)
    delegations = {d.key: d for d in run.scenario.delegations.exclude(pk=target.delegation_id)}
    amender = max(delegations.values(), key=lambda d: (after[d.key] - before[d.key], -d.position))
    amend_proposal(
        run,
        amender,
        target,
        nash,
        "Scripted delegation: the same spirit, rebalanced so that every delegation gains more than its walk-away.",
    )
    return True
