"""What a participant may see of a run: the public material, and their own delegation's confidential one.

A participant sees the public background, the plan, who sits where, and only the brief and score-free notes
of the delegation they are seated in (the scientist's notes only to the scientist, the policymaker's only to
the policymaker). Anything else is "not found" to them.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from participants.enums import MemberRole
from participants.models import Participant
from simulations.models import Delegation, Run, RunRound, Seat
from simulations.room.snapshot import TableSnapshot, table_snapshot


@dataclass
class Room:
    run: Run
    seat: Seat
    delegation: Delegation
    role: str
    notes: str
    current_round: RunRound | None
    rounds: list
    table: list  # [(delegation, [participants])] in delegation order, public
    snapshot: TableSnapshot  # the table's rows at the run's stamp; the room shows only its own part


def seat_of(run, user):
    """The seat through which ``user`` takes part in ``run``, or None."""
    if not user.is_authenticated:
        return None
    return (
        Seat.objects.filter(run_id=run.pk, pair__participants__user=user).select_related("delegation", "pair").first()
    )


def runs_for_participant(user):
    """The runs ``user`` is seated in, newest first."""
    if not user.is_authenticated:
        return Run.objects.none()
    return (
        Run.objects.filter(seats__pair__participants__user=user)
        .select_related("scenario", "course")
        .distinct()
        .order_by("-created_at")
    )


def _seats_with_people(run):
    return list(
        Seat.objects.filter(run_id=run.pk)
        .select_related("pair", "delegation")
        .prefetch_related(Prefetch("pair__participants", queryset=Participant.objects.order_by("role")))
    )


def seating(run, seats=None, delegations=None):
    """Who sits in which delegation: [(delegation, [participants])], including empty delegations."""
    if seats is None:
        seats = _seats_with_people(run)
    by_delegation = {}
    for seat in seats:
        by_delegation.setdefault(seat.delegation_id, []).extend(seat.pair.participants.all())
    if delegations is None:
        delegations = Delegation.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk")
    return [(d, by_delegation.get(d.pk, [])) for d in delegations]


def room_for(run, user):
    """Everything the room shows ``user``, or None when they have no seat in the run.

    Built in memory from the table's snapshot at the run's stamp (simulations.room.snapshot): the
    rooms at one table share one read of it."""
    if not user.is_authenticated:
        return None
    snapshot = table_snapshot(run)
    seat, participant = next(
        ((s, p) for s in snapshot.seats for p in s.pair.participants.all() if p.user_id == user.pk), (None, None)
    )
    if seat is None:
        return None
    return room_for_seat(run, snapshot, seat, participant)


def room_for_seat(run, snapshot, seat, participant):
    """The room of ``participant``, seated at ``seat`` of ``run``, from the table's ``snapshot``."""
    run.scenario, run.course = snapshot.scenario, snapshot.course  # the run row is read without them
    role = participant.role if participant else ""
    delegation = seat.delegation
    notes = {
        MemberRole.SCIENTIST: delegation.scientist_notes,
        MemberRole.POLICYMAKER: delegation.policymaker_notes,
    }.get(role, "")
    current = next((r for r in snapshot.rounds if r.number == run.current_round), None)
    return Room(
        run=run,
        seat=seat,
        delegation=delegation,
        role=role,
        notes=notes,
        current_round=current,
        rounds=snapshot.rounds,
        table=seating(run, snapshot.seats, snapshot.delegations),
        snapshot=snapshot,
    )


def visible_brief(run, user, delegation_key):
    """The delegation whose confidential brief ``user`` may read in ``run``: only their own. None otherwise."""
    seat = seat_of(run, user)
    if seat is None or seat.delegation.key != delegation_key:
        return None
    return seat.delegation
