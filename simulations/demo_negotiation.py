"""Demo negotiation: one finished table of the current edition, played to the end by scripted delegations, so
the debrief (timeline, revealed briefs, frontier chart, exports) can be seen at once. Idempotent."""

from course.models import Course
from simulations.domain import engine
from simulations.domain.bots import act_once, bot_delegations
from simulations.domain.console import post_announcement
from simulations.domain.negotiation import scoring_sheet
from simulations.domain.outcome import record_outcome
from simulations.domain.runs import create_run
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
    while Run.objects.get(pk=run.pk).state == "running":
        act_once(run, delegations, sheet=sheet)
        engine.end_round_now(run)
    record_outcome(run)
    return []
