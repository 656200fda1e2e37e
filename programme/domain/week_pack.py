"""A participant's “week pack”: their sessions' materials and the public programme as one ZIP for offline reading.

Lifecycle: ``request_week_pack`` returns the pack, queued for a build (after commit) unless a pack with the same
fingerprint is ready; the Celery task builds it (``programme.exporters.week_pack.build_week_pack``) and reports
progress on the row. The fingerprint covers the release and every material that goes in, so any change makes
the next request build again; asking twice while a build runs queues nothing new.

What goes in: the materials of the participant's sessions in the latest release (plenary + their groups),
public and cohort-only, except cohort-only materials of role-play simulation sessions: a confidential
delegation brief must never travel in a pack. Simulation briefs themselves live in the simulations app and
are never read here."""

import hashlib

from django.db import transaction

from course.triggers import start_task
from programme.domain.agenda import participant_in_course, personal_sessions
from programme.domain.queries.materials import materials_by_session
from programme.domain.releases import latest_release
from programme.domain.snapshots import read_snapshot
from programme.enums import MaterialVisibility, PackState, SessionKind
from programme.models import WeekPack

BUILD_TASK = "programme.tasks.build_week_pack_task"  # started by name: tasks.py imports this module's callers


def pack_contents(course, participant):
    """(programme, [(session, [materials])]) for the participant, from the latest release."""
    release = latest_release(course)
    if release is None:
        return None, []
    programme = read_snapshot(release.snapshot, release)
    sessions = personal_sessions(programme, participant)
    grouped = materials_by_session(course, cohort=True, uids=[s.uid for s in sessions])
    contents = []
    for session in sessions:
        materials = [m for m in grouped.get(session.uid, []) if _may_travel(session, m)]
        contents.append((session, materials))
    return programme, contents


def _may_travel(session, material):
    return session.kind != SessionKind.SIMULATION or material.visibility == MaterialVisibility.PUBLIC


def pack_fingerprint(programme, contents):
    parts = [f"r{programme.release.number}" if programme else "r0"]
    for session, materials in contents:
        parts.extend(f"{session.uid}:{m.pk}:{m.file.name}" for m in materials)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def request_week_pack(user, course):
    """The user's pack, queued for a build when it is missing or stale. None if they are not a participant."""
    participant = participant_in_course(user, course)
    if participant is None:
        return None
    programme, contents = pack_contents(course, participant)
    fingerprint = pack_fingerprint(programme, contents)
    with transaction.atomic():
        pack, _ = WeekPack.objects.select_for_update().get_or_create(user=user, course=course)
        if pack.fingerprint == fingerprint and (pack.state in PackState.in_progress() or _ready(pack)):
            return pack
        pack.state, pack.progress, pack.fingerprint, pack.error = PackState.QUEUED, 0, fingerprint, ""
        pack.save(update_fields=["state", "progress", "fingerprint", "error", "updated_at"])
        transaction.on_commit(lambda: start_task(BUILD_TASK, pack.pk))
    return pack


def _ready(pack):
    return pack.state == PackState.READY and bool(pack.file) and pack.file.storage.exists(pack.file.name)


def week_pack_status(user, course):
    """The pack row and whether it is still current (a change since the build makes it stale). Reads only."""
    pack = WeekPack.objects.filter(user=user, course=course).first()
    if pack is None:
        return None, False
    participant = participant_in_course(user, course)
    if participant is None:
        return None, False
    programme, contents = pack_contents(course, participant)
    return pack, pack.fingerprint == pack_fingerprint(programme, contents)


def set_pack_progress(pack, progress, state=PackState.BUILDING):
    WeekPack.objects.filter(pk=pack.pk).update(state=state, progress=progress)
    pack.state, pack.progress = state, progress
