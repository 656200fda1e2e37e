"""Injects: scheduled news for a table, from the scenario file (released some minutes into their round) or added
live by a facilitator (simulations.domain.console.add_inject).

A scenario's injects are copied into the run and given their release time by the engine when a round is entered
(``release_scenario_injects``, in the transition's transaction), so reading a table never writes. What a room
shows at a given moment is a pure function of the table's injects and the clock (``released_injects``).
"""

import datetime

from django.utils import timezone

from simulations.enums import RunState
from simulations.models import Inject, RunRound, Scenario, ScenarioVersion

# An inject is released at the latest this far into its round, so it is always read before the round ends.
LATEST_RELEASE_SHARE = 0.9


def release_offset_seconds(after_minutes, planned_minutes, round_seconds):
    """When, after its round starts, an inject written for ``after_minutes`` into a round planned for
    ``planned_minutes`` is released in a round of ``round_seconds``: scaled with a shortened round, and never
    later than LATEST_RELEASE_SHARE of it."""
    offset = after_minutes * 60
    planned = (planned_minutes or 0) * 60
    if planned and round_seconds < planned:
        offset *= round_seconds / planned
    return max(0.0, min(offset, round_seconds * LATEST_RELEASE_SHARE))


def _scenario_injects(run):
    """The injects and round lengths of the scenario version the run plays (the live scenario without one)."""
    content = None
    if run.scenario_version_id:
        content = ScenarioVersion.objects.filter(pk=run.scenario_version_id).values_list("content", flat=True).first()
    if content is None:
        specs = Scenario.objects.filter(pk=run.scenario_id).values_list("injects", flat=True).first() or []
        return specs, {}
    return content.get("injects") or [], {r["key"]: r.get("minutes") for r in content.get("rounds") or []}


def release_scenario_injects(run):
    """Copy the scenario version's injects into the run once, and give each a release time once its round has
    started (round start + after_minutes, scaled into a shortened round and released before the round ends:
    ``release_offset_seconds``). Called by the engine after it entered a round, inside the transition's
    transaction (whose compare-and-set holds the run's row). Cheap when there is nothing to do."""
    specs, planned_minutes = _scenario_injects(run)
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
        started = {
            key: (started_at, seconds)
            for key, started_at, seconds in RunRound.objects.filter(
                run_id=run.pk, started_at__isnull=False
            ).values_list("key", "started_at", "duration_seconds")
        }
        for inject in pending:
            if inject.round_key in started:
                started_at, seconds = started[inject.round_key]
                offset = release_offset_seconds(inject.after_minutes, planned_minutes.get(inject.round_key), seconds)
                inject.release_at = started_at + datetime.timedelta(seconds=offset)
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
