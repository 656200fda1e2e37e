"""Building a participant's week pack ZIP (called by programme.tasks.build_week_pack_task).

Layout::

    README.txt
    programme.pdf                        the public programme, whole week
    <NN> <day> <time> <session title>/   one folder per session with materials
        <material file>
"""

import io
import re
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from course.domain.languages import language_of
from participants.models import Participant
from programme.domain.queries.materials import materials_by_session
from programme.domain.week_pack import pack_contents, pack_fingerprint, set_pack_progress
from programme.enums import PackState
from programme.exporters.printed import PrintScope, render_programme_html, render_programme_pdf
from programme.models import WeekPack


def _safe(name, limit=60):
    cleaned = re.sub(r"[^\w\-. ()]+", "_", name, flags=re.UNICODE).strip(" ._")
    return (cleaned or "untitled")[:limit]


def build_week_pack(pack_id):
    """Build the pack if it is not already built for its fingerprint; idempotent, safe to run twice.

    Its README and printed programme are in the participant's language (the worker has no request)."""
    pack = WeekPack.objects.select_related("course", "user__language_preference").filter(pk=pack_id).first()
    if pack is None:
        return None
    with translation.override(language_of(pack.user)):
        return _build(pack)


def _build(pack):
    course = pack.course
    participant = Participant.objects.filter(user=pack.user, pair__course=course).first()
    if participant is None:
        WeekPack.objects.filter(pk=pack.pk).update(state=PackState.FAILED, error="Not in this course's cohort.")
        return None
    programme, contents = pack_contents(course, participant)
    fingerprint = pack_fingerprint(programme, contents)
    if pack.state == PackState.READY and pack.fingerprint == fingerprint and pack.file:
        return pack
    set_pack_progress(pack, 5)
    buffer = io.BytesIO()
    files = [m for _session, materials in contents for m in materials]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(course, programme, participant))
        if programme is not None:
            html = render_programme_html(
                course, programme, PrintScope(), materials_by_session(course, cohort=False), for_pdf=True
            )
            archive.writestr("programme.pdf", render_programme_pdf(html))
        set_pack_progress(pack, 30)
        done = 0
        zone = course.tzinfo
        for number, (session, materials) in enumerate(contents, start=1):
            if not materials:
                continue
            start = session.starts_at.astimezone(zone)
            folder = f"{number:02d} {start:%a %H%M} {_safe(session.title)}"
            taken = set()
            for material in materials:
                name = _unique(f"{_safe(material.title)}.{material.file_type}", taken)
                with material.file.open("rb") as handle:
                    archive.writestr(f"{folder}/{name}", handle.read())
                done += 1
                set_pack_progress(pack, 30 + int(65 * done / max(1, len(files))))
    with transaction.atomic():
        current = WeekPack.objects.select_for_update().get(pk=pack.pk)
        old = current.file.name if current.file else ""
        current.file.save("pack.zip", ContentFile(buffer.getvalue()), save=False)
        current.state, current.progress, current.fingerprint = PackState.READY, 100, fingerprint
        current.built_at, current.error = timezone.now(), ""
        current.save()
        if old and old != current.file.name:
            storage = current.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return current


def _unique(name, taken):
    stem, dot, extension = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem} ({n}){dot}{extension}"
    taken.add(candidate)
    return candidate


def mark_pack_failed(pack_id, reason):
    WeekPack.objects.filter(pk=pack_id).update(state=PackState.FAILED, error=reason[:200])


def _readme(course, programme, participant):
    if programme:
        release = gettext("release v%(number)s – %(title)s") % {
            "number": programme.release.number,
            "title": programme.release.title,
        }
    else:
        release = gettext("no release yet")
    return "\n".join(
        [
            gettext("%(course)s: your week pack") % {"course": course.title},
            "",
            gettext(
                "The programme (%(release)s) as programme.pdf, and the slides and readings of your sessions, "
                "one folder per session in time order. Times are in %(zone)s time."
            )
            % {"release": release, "zone": course.timezone},
            gettext("Confidential simulation briefs are never in this pack: read yours in your simulation room."),
            "",
        ]
    )
