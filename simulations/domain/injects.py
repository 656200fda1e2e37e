"""Injects: scheduled news for a table, from the scenario file (released some minutes into their round) or added
live by a facilitator (simulations.domain.console.add_inject).

A scenario's injects are copied into the run and given their release time by the engine when a round is entered
(``release_scenario_injects``, in the transition's transaction), so reading a table never writes. What a room
shows at a given moment is a pure function of the table's injects and the clock (``released_injects``).
"""

import datetime

from django.utils import timezone

from simulations.enums import RunState
from simulations.models import Inject, RunRound, Scenario


def release_scenario_injects(run):
    """Copy the scenario file's injects into the run once, and give each a release time once its round has
    started (round start + after_minutes). Called by the engine after it entered a round, inside the transition's
    transaction (whose compare-and-set holds the run's row). Cheap when there is nothing to do."""
    specs = Scenario.objects.filter(pk=run.scenario_id).values_list("injects", flat=True).first() or []
    if not specs:
        return
    if not Inject.objects.filter(run_id=run.pk, from_scenario=True).exists():
        Inject.objects.bulk_create(
            Inject(
                run_id=run.pk,
                title=str(spec.get("title", "News"))[:200],
                body=str(spec.get("body", "")),
                round_key=str(spec.get("round", ""))[:50],
                after_minutes=float(spec.get("after_minutes") or 0),
                from_scenario=True,
            )
            for spec in specs
        )
    pending = list(Inject.objects.filter(run_id=run.pk, from_scenario=True, release_at__isnull=True))
    if pending:
        started = dict(
            RunRound.objects.filter(run_id=run.pk, started_at__isnull=False).values_list("key", "started_at")
        )
        for inject in pending:
            if inject.round_key in started:
                inject.release_at = started[inject.round_key] + datetime.timedelta(minutes=inject.after_minutes)
                inject.save(update_fields=["release_at"])


def visible_injects(run, *, now=None):
    """Released injects, newest first: those whose time has come, those of rounds already over, all at the end."""
    now = now or timezone.now()
    injects = list(Inject.objects.filter(run_id=run.pk).order_by("release_at", "pk"))
    past_keys = set(RunRound.objects.filter(run_id=run.pk, number__lt=run.current_round).values_list("key", flat=True))
    return released_injects(run, injects, past_keys, now)


def released_injects(run, injects, past_round_keys, now):
    """Of a table's ``injects``, those released at ``now``, newest first (see ``visible_injects``)."""
    visible = [
        i
        for i in injects
        if run.is_over
        or (i.release_at is not None and i.release_at <= now)
        or (i.from_scenario and i.round_key in past_round_keys)
    ]
    return sorted(visible, key=lambda i: (i.release_at or now, i.pk), reverse=True)


def seconds_to_next_inject(run, injects, now):
    """Seconds until the next of a running run's ``injects`` is released (None when none is pending)."""
    if run.state != RunState.RUNNING:
        return None
    upcoming = [i.release_at for i in injects if i.release_at is not None and i.release_at > now]
    return (min(upcoming) - now).total_seconds() if upcoming else None
