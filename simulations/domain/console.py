"""The facilitator's console: every table of a course on one screen (round, time left, who is present, who
has made its statement or voted), announcements to one table or all, private messages to one delegation,
and live injects (their timing: simulations.domain.injects). Who is present comes from
simulations.domain.presence.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from participants.models import Participant
from simulations.domain.activity import bump_activity
from simulations.domain.errors import ConsoleError
from simulations.domain.presence import PRESENT_SECONDS, last_seen
from simulations.enums import LIVE_STATES
from simulations.models import Announcement, Delegation, Inject, Run, RunRound, Seat, Statement, Vote

log = logging.getLogger(__name__)

MAX_ANNOUNCEMENT = 2000
MAX_INJECT_DELAY_MINUTES = 180


# --- The console ------------------------------------------------------------------------------------------


@dataclass
class Person:
    participant: Participant
    last_seen: datetime.datetime | None
    present: bool


@dataclass
class DelegationStatus:
    delegation: Delegation
    people: list = field(default_factory=list)
    made_statement: bool = False
    voted: bool = False  # in the current round

    @property
    def present_count(self):
        return sum(1 for p in self.people if p.present)


@dataclass
class TableStatus:
    run: Run
    current_round: RunRound | None
    round_count: int
    delegations: list


def console_for_course(course, *, now=None):
    """[TableStatus] for every run of ``course`` in a constant number of queries (whatever the table count)."""
    now = now or timezone.now()
    runs = list(Run.objects.filter(course=course).select_related("scenario").order_by("name", "pk"))
    run_ids = [r.pk for r in runs]
    rounds = {}
    for rnd in RunRound.objects.filter(run_id__in=run_ids).order_by("number"):
        rounds.setdefault(rnd.run_id, []).append(rnd)
    delegations = {}
    for d in Delegation.objects.filter(scenario_id__in={r.scenario_id for r in runs}).order_by("position", "pk"):
        delegations.setdefault(d.scenario_id, []).append(d)
    people = {}
    seated = (
        Participant.objects.filter(pair__simulation_seats__run_id__in=run_ids)
        .annotate(
            seat_run_id=F("pair__simulation_seats__run_id"),
            seat_delegation_id=F("pair__simulation_seats__delegation_id"),
        )
        .order_by("role")
    )
    for participant in seated:
        people.setdefault((participant.seat_run_id, participant.seat_delegation_id), []).append(participant)
    statements = set(Statement.objects.filter(run_id__in=run_ids).values_list("run_id", "delegation_id"))
    votes = set(
        Vote.objects.filter(run_id__in=run_ids, voided_at__isnull=True).values_list(
            "run_id", "round_number", "delegation_id"
        )
    )
    seen = last_seen((run_id, p.user_id) for (run_id, _), ps in people.items() for p in ps)
    threshold = now - datetime.timedelta(seconds=PRESENT_SECONDS)
    tables = []
    for run in runs:
        run_rounds = rounds.get(run.pk, [])
        statuses = []
        for d in delegations.get(run.scenario_id, []):
            persons = [
                Person(p, seen.get((run.pk, p.user_id)), (seen.get((run.pk, p.user_id)) or threshold) > threshold)
                for p in people.get((run.pk, d.pk), [])
            ]
            statuses.append(
                DelegationStatus(
                    delegation=d,
                    people=persons,
                    made_statement=(run.pk, d.pk) in statements,
                    voted=(run.pk, run.current_round, d.pk) in votes,
                )
            )
        current = next((r for r in run_rounds if r.number == run.current_round), None)
        tables.append(TableStatus(run=run, current_round=current, round_count=len(run_rounds), delegations=statuses))
    return tables


# --- Announcements and private messages -------------------------------------------------------------------


@transaction.atomic
def post_announcement(course, text, *, run=None, delegation=None, actor=None):
    """To every table of ``course`` (run None), to one table, or privately to one delegation of one table."""
    text = (text or "").strip()
    if not text:
        raise ConsoleError(gettext("Write the announcement first."))
    if "\x00" in text:  # PostgreSQL cannot store it: a reason, not a 500
        raise ConsoleError(gettext("The announcement contains a null character, which cannot be stored. Remove it."))
    if len(text) > MAX_ANNOUNCEMENT:
        raise ConsoleError(gettext("An announcement is at most %(max)s characters.") % {"max": MAX_ANNOUNCEMENT})
    if run is not None and run.course_id != course.pk:
        raise ConsoleError(gettext("This table is not part of the course."))
    if delegation is not None:
        if run is None:
            raise ConsoleError(gettext("Choose the table of the delegation you are writing to."))
        if delegation.scenario_id != run.scenario_id:
            raise ConsoleError(gettext("This delegation does not sit at that table."))
    announcement = Announcement.objects.create(
        course=course,
        run=run,
        delegation=delegation,
        text=text,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # "All tables" means the tables live now (Announcement.objects.for_run): not drafts, not tables made later.
    targets = [run] if run is not None else list(Run.objects.filter(course=course, state__in=LIVE_STATES))
    for target in targets:
        bump_activity(target, refresh=False)  # the targets are not used again
    return announcement


# --- Injects ----------------------------------------------------------------------------------------------


def add_inject(run, title, body="", *, in_minutes=0, actor=None):
    """A facilitator's live inject for one table, released now or in ``in_minutes``."""
    title = (title or "").strip()
    if not title:
        raise ConsoleError(gettext("Give the inject a headline."))
    if "\x00" in title + (body or ""):  # PostgreSQL cannot store it: a reason, not a 500
        raise ConsoleError(gettext("The inject contains a null character, which cannot be stored. Remove it."))
    if run.is_over:
        raise ConsoleError(gettext("The run is over."))
    try:
        minutes = float(in_minutes or 0)
    except (TypeError, ValueError):
        raise ConsoleError(gettext("Give the delay in minutes, e.g. 0 or 5."))
    if not 0 <= minutes <= MAX_INJECT_DELAY_MINUTES:
        raise ConsoleError(
            gettext("The delay must be between 0 and %(max)s minutes.") % {"max": MAX_INJECT_DELAY_MINUTES}
        )
    with transaction.atomic():
        inject = Inject.objects.create(
            run=run,
            title=title[:200],
            body=(body or "").strip(),
            release_at=timezone.now() + datetime.timedelta(minutes=minutes),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        bump_activity(run, refresh=False)
    return inject


def seated_user_ids(run):
    return set(Seat.objects.filter(run_id=run.pk).values_list("pair__participants__user_id", flat=True))
