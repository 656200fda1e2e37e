"""Publishing the draft as a numbered release, the changelog between releases, and telling those affected."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from course.domain.languages import language_of
from course.models import Course
from course.timezones import format_course_time
from participants.domain.outbox import queue_outbox_mail
from participants.enums import OutboxMailKind
from participants.models import Participant
from programme.enums import ChangeKind
from programme.models import ProgrammeRelease

from .conflicts import find_conflicts
from .snapshots import CONTENT_FIELDS, build_snapshot, empty_snapshot, read_snapshot


class UnacknowledgedWarnings(Exception):
    """Publishing was refused: these current warnings were not acknowledged."""

    def __init__(self, warnings):
        self.warnings = warnings
        count = len(warnings)
        super().__init__(
            ngettext(
                "%(count)d warning must be acknowledged before publishing.",
                "%(count)d warnings must be acknowledged before publishing.",
                count,
            )
            % {"count": count}
        )


@dataclass
class Change:
    kind: str
    session: object  # ReleasedSession as it is now (as it was, for a cancellation)
    before: object = None  # ReleasedSession in the earlier release, if any
    course: object = None
    content: list = field(default_factory=list)  # the CONTENT_FIELDS that changed

    @property
    def kind_label(self):
        return str(ChangeKind(self.kind).label)

    @property
    def details(self):
        """What moved or changed, worded when read: in the language active then (a page's, a recipient's)."""
        if self.before is None or self.kind == ChangeKind.CANCELLED:
            return []
        details = _describe_move(self.before, self.session, self.course)
        return details + [_describe_field(f, self.before, self.session) for f in self.content]


def latest_release(course):
    return ProgrammeRelease.objects.filter(course=course).order_by("-number").first()


def previously_acknowledged_keys(course):
    """Fingerprints of the warnings acknowledged in any earlier release (one query).

    A warning keeps its fingerprint until a fact it rests on changes (programme.domain.conflicts), so these
    need no second acknowledgement. Releases from before fingerprints stored bare messages: those count for
    nothing."""
    keys = set()
    for acknowledged in ProgrammeRelease.objects.filter(course=course).values_list("acknowledged_warnings", flat=True):
        keys.update(item["key"] for item in acknowledged or () if isinstance(item, dict) and "key" in item)
    return keys


def split_warnings(course, warnings):
    """(to acknowledge now, acknowledged in an earlier release and unchanged since)."""
    earlier = previously_acknowledged_keys(course)
    return [w for w in warnings if w.key not in earlier], [w for w in warnings if w.key in earlier]


def publish_release(course, *, title, user=None, acknowledged=(), notify=True, now=None):
    """Freeze the draft into release N+1 in one transaction; returns (release, changes).

    Refuses (UnacknowledgedWarnings) while any current warning is neither in ``acknowledged`` nor acknowledged
    in an earlier release with the same fingerprint; mail to the participants affected by a change is queued to
    go after commit."""
    title = (title or "").strip()
    if not title:
        raise ValueError(gettext("A release needs a title, e.g. “Tuesday panel moved”."))
    now = now or timezone.now()
    with transaction.atomic():
        # Locking the course serialises concurrent publishes, so numbers never collide.
        course = Course.objects.select_for_update().get(pk=course.pk)
        warnings = find_conflicts(course)
        missing, _carried = split_warnings(course, warnings)
        missing = [w for w in missing if w.key not in set(acknowledged)]
        if missing:
            raise UnacknowledgedWarnings(missing)
        previous = latest_release(course)
        number = previous.number + 1 if previous else 1
        snapshot = build_snapshot(
            course, number=number, published_at=now, previous=previous.snapshot if previous else None
        )
        release = ProgrammeRelease.objects.create(
            course=course,
            number=number,
            title=title,
            published_at=now,
            published_by=user,
            snapshot=snapshot,
            acknowledged_warnings=[{"key": w.key, "message": w.message} for w in warnings],
        )
        changes = compute_changelog(previous.snapshot if previous else empty_snapshot(), snapshot, course)
        if notify and changes:
            notify_affected_participants(course, release, changes)
    return release, changes


def compute_changelog(old_snapshot, new_snapshot, course):
    """What was added, moved, changed or cancelled from one snapshot to the next, ordered by time."""
    old = read_snapshot(old_snapshot)
    new = read_snapshot(new_snapshot)
    old_raw = {s["uid"]: s for s in old_snapshot.get("sessions", [])}
    new_raw = {s["uid"]: s for s in new_snapshot.get("sessions", [])}
    old_by_uid = {s.uid: s for s in old.sessions}
    changes = []
    for session in new.sessions:
        before = old_by_uid.get(session.uid)
        if before is None:
            changes.append(Change(ChangeKind.ADDED, session))
            continue
        moved = (before.starts_at, before.ends_at, before.room) != (session.starts_at, session.ends_at, session.room)
        content = [f for f in CONTENT_FIELDS if old_raw[session.uid][f] != new_raw[session.uid][f]]
        if moved:
            changes.append(Change(ChangeKind.MOVED, session, before, course, content))
        elif content:
            changes.append(Change(ChangeKind.CHANGED, session, before, course, content))
    new_uids = set(new_raw)
    for session in old.sessions:
        if session.uid not in new_uids:
            changes.append(Change(ChangeKind.CANCELLED, session, session))
    return sorted(changes, key=lambda c: (c.session.starts_at, c.session.title))


def _describe_move(before, after, course):
    details = []
    if (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at):
        details.append(gettext("time: %(span)s") % {"span": _span(course, before, after)})
    if before.room != after.room:
        none = gettext("none")
        details.append(
            gettext("room: %(before)s → %(after)s") % {"before": before.room or none, "after": after.room or none}
        )
    return details


def _span(course, before, after):
    """“Mon 27 Sep, 09:00–09:45 → 09:15–10:00 CEST (UTC+2)”, naming both days when the day changed; the days are
    written in the active language."""
    zone = course.tzinfo
    day_format = gettext("D j M")
    old_start, new_start = before.starts_at.astimezone(zone), after.starts_at.astimezone(zone)
    old_times = f"{old_start:%H:%M}–{before.ends_at.astimezone(zone):%H:%M}"
    new_times = f"{new_start:%H:%M}–{format_course_time(course, after.ends_at)}"
    if old_start.date() == new_start.date():
        return f"{date_format(new_start, day_format)}, {old_times} → {new_times}"
    return f"{date_format(old_start, day_format)} {old_times} → {date_format(new_start, day_format)} {new_times}"


def _describe_field(name, before, after):
    if name == "title":
        return gettext("title: “%(before)s” → “%(after)s”") % {"before": before.title, "after": after.title}
    if name == "speaker_ids":
        return gettext("speakers: %(names)s") % {
            "names": ", ".join(sp.name for sp in after.speakers) or gettext("none")
        }
    if name in ("for_everyone", "group_ids"):
        return gettext("audience: %(before)s → %(after)s") % {
            "before": before.audience_label,
            "after": after.audience_label,
        }
    if name == "kind":
        return gettext("kind: %(before)s → %(after)s") % {"before": before.kind_label, "after": after.kind_label}
    if name == "track":
        return gettext("track: %(before)s → %(after)s") % {"before": before.track_label, "after": after.track_label}
    if name == "abstract":
        return gettext("abstract updated")
    return gettext("%(field)s updated") % {"field": name}


def notify_affected_participants(course, release, changes):
    """One mail per participant whose pair is in the audience of a changed session (before or after)."""
    new_programme = read_snapshot(release.snapshot)
    everyone, pair_ids = False, set()
    for change in changes:
        for session in (change.session, change.before):
            if session is None:
                continue
            audience = new_programme.audience_pair_ids(session)
            if audience is None:
                everyone = True
            else:
                pair_ids |= audience
    participants = Participant.objects.filter(pair__course=course).select_related("user__language_preference", "pair")
    if not everyone:
        participants = participants.filter(pair_id__in=pair_ids)
    url = settings.SITE_URL.rstrip("/") + reverse("course:agenda", args=[course.slug])
    for participant in participants:
        relevant = [c for c in changes if _concerns(new_programme, c, participant.pair_id)]
        if not relevant or not participant.user.email:
            continue
        subject, body = _release_mail(course, release, relevant, participant, url)
        queue_outbox_mail(
            key=f"{OutboxMailKind.PROGRAMME_CHANGE}:{release.pk}:{participant.pk}",  # once per release and person
            course=course,
            kind=OutboxMailKind.PROGRAMME_CHANGE,
            application_id=participant.pair.application_id,
            recipient=participant.user.email,
            subject=subject,
            body=body,
        )


def _release_mail(course, release, changes, participant, url):
    """(subject, body) in the participant's own language (the changes word their details when read, so in it
    too)."""
    with translation.override(language_of(participant.user)):
        context = {"course": course, "release": release, "changes": changes, "participant": participant, "url": url}
        subject = gettext("[%(course)s] Programme v%(number)s: %(title)s") % {
            "course": course.title,
            "number": release.number,
            "title": release.title,
        }
        return subject, render_to_string("programme/email/release_changes.txt", context)


def _concerns(programme, change, pair_id):
    for session in (change.session, change.before):
        if session is None:
            continue
        audience = programme.audience_pair_ids(session)
        if audience is None or pair_id in audience:
            return True
    return False
