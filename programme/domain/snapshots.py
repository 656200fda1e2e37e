"""Freezing the draft into a release snapshot (plain JSON), and reading a snapshot back for display.

Snapshot layout (version 1)::

    {"version": 1,
     "sessions":  [session, ...],               # what the release shows, ordered by start
     "cancelled": [session + "cancelled_in"],   # published earlier, no longer in the programme
     "speakers":  {"<id>": {"name", "title", "affiliation", "bio"}},
     "groups":    {"<id>": {"name", "pair_ids": [...]}}}

    session = {"uid", "kind", "title", "abstract", "track", "starts_at", "ends_at" (ISO, UTC),
               "room", "speaker_ids", "for_everyone", "group_ids",
               "revision", "revised_at"}  # the release in which it last changed
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext

from programme.enums import SessionKind, Track
from programme.models import PairGroup, Session

SNAPSHOT_VERSION = 1
# The fields whose change makes a session "changed" in the next release (besides moves).
CONTENT_FIELDS = ("kind", "title", "abstract", "track", "speaker_ids", "for_everyone", "group_ids")
PLACE_FIELDS = ("starts_at", "ends_at", "room")


def empty_snapshot():
    return {"version": SNAPSHOT_VERSION, "sessions": [], "cancelled": [], "speakers": {}, "groups": {}}


def build_snapshot(course, *, number, published_at, previous=None):
    """The draft as JSON, carrying each unchanged session's revision over from the previous snapshot."""
    previous = previous or empty_snapshot()
    sessions = Session.objects.filter(course=course).select_related("room").prefetch_related("speakers", "groups")
    groups = PairGroup.objects.filter(course=course).prefetch_related("pairs")
    previous_by_uid = {s["uid"]: s for s in previous["sessions"]}

    frozen, speakers = [], {}
    for session in sessions:
        item = {
            "uid": str(session.uid),
            "kind": session.kind,
            "title": session.title,
            "abstract": session.abstract,
            "track": session.track,
            "starts_at": _iso(session.starts_at),
            "ends_at": _iso(session.ends_at),
            "room": session.room.name if session.room else "",
            "speaker_ids": sorted(sp.pk for sp in session.speakers.all()),
            "for_everyone": session.for_everyone,
            "group_ids": [] if session.for_everyone else sorted(g.pk for g in session.groups.all()),
        }
        before = previous_by_uid.get(item["uid"])
        if before and all(before[f] == item[f] for f in CONTENT_FIELDS + PLACE_FIELDS):
            item["revision"], item["revised_at"] = before["revision"], before["revised_at"]
        else:
            item["revision"], item["revised_at"] = number, _iso(published_at)
        frozen.append(item)
        for sp in session.speakers.all():
            speakers[str(sp.pk)] = {"name": sp.name, "title": sp.title, "affiliation": sp.affiliation, "bio": sp.bio}

    current_uids = {s["uid"] for s in frozen}
    cancelled = [c for c in previous["cancelled"] if c["uid"] not in current_uids]
    for gone in previous["sessions"]:
        if gone["uid"] not in current_uids:
            cancelled.append({**gone, "cancelled_in": number, "revision": number, "revised_at": _iso(published_at)})

    return {
        "version": SNAPSHOT_VERSION,
        "sessions": frozen,
        "cancelled": cancelled,
        "speakers": speakers,
        "groups": {str(g.pk): {"name": g.name, "pair_ids": sorted(p.pk for p in g.pairs.all())} for g in groups},
    }


def _iso(instant):
    return instant.astimezone(datetime.UTC).isoformat()


@dataclass(frozen=True)
class ReleasedSpeaker:
    id: int
    name: str
    title: str = ""
    affiliation: str = ""
    bio: str = ""


@dataclass
class ReleasedSession:
    uid: str
    kind: str
    title: str
    abstract: str
    track: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    for_everyone: bool
    group_ids: list
    group_names: list
    speakers: list
    revision: int
    revised_at: datetime.datetime
    cancelled_in: int | None = None

    @property
    def kind_label(self):
        return str(SessionKind(self.kind).label) if self.kind in SessionKind.values else self.kind

    @property
    def track_label(self):
        return str(Track(self.track).label) if self.track in Track.values else self.track

    @property
    def audience_label(self):
        if self.for_everyone:
            return gettext("Everyone")
        return ", ".join(self.group_names) or gettext("No group yet")

    @property
    def duration_minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass
class ReleasedProgramme:
    """A release's snapshot read back as objects; built without any query."""

    release: object
    sessions: list
    cancelled: list
    speakers: dict
    groups: dict = field(default_factory=dict)

    def days(self, course):
        """Every course day, plus any day a session falls on outside them."""
        days = set()
        day = course.starts_on
        while day <= course.ends_on:
            days.add(day)
            day += datetime.timedelta(days=1)
        days.update(s.starts_at.astimezone(course.tzinfo).date() for s in self.sessions)
        return sorted(days)

    def on_day(self, course, day, sessions=None):
        sessions = self.sessions if sessions is None else sessions
        return [s for s in sessions if s.starts_at.astimezone(course.tzinfo).date() == day]

    def for_pair(self, pair_id, sessions=None):
        """Plenary sessions plus the sessions of the groups this pair belongs to."""
        groups = {gid for gid, g in self.groups.items() if pair_id in g["pair_ids"]}
        sessions = self.sessions if sessions is None else sessions
        return [s for s in sessions if s.for_everyone or groups.intersection(s.group_ids)]

    def audience_pair_ids(self, session):
        """None means everyone."""
        if session.for_everyone:
            return None
        return {p for gid in session.group_ids for p in self.groups.get(gid, {}).get("pair_ids", ())}

    def by_speaker(self, speaker_id):
        return [s for s in self.sessions if any(sp.id == speaker_id for sp in s.speakers)]


def read_snapshot(snapshot, release=None):
    speakers = {int(k): ReleasedSpeaker(id=int(k), **v) for k, v in snapshot.get("speakers", {}).items()}
    groups = {int(k): v for k, v in snapshot.get("groups", {}).items()}
    return ReleasedProgramme(
        release=release,
        sessions=[_read_session(s, speakers, groups) for s in snapshot.get("sessions", [])],
        cancelled=[_read_session(s, speakers, groups) for s in snapshot.get("cancelled", [])],
        speakers=speakers,
        groups=groups,
    )


def _read_session(data, speakers, groups):
    return ReleasedSession(
        uid=data["uid"],
        kind=data["kind"],
        title=data["title"],
        abstract=data.get("abstract", ""),
        track=data.get("track", Track.OTHER),
        starts_at=datetime.datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.datetime.fromisoformat(data["ends_at"]),
        room=data.get("room", ""),
        for_everyone=data.get("for_everyone", True),
        group_ids=list(data.get("group_ids", [])),
        group_names=[groups[g]["name"] for g in data.get("group_ids", []) if g in groups],
        speakers=[speakers[i] for i in data.get("speaker_ids", []) if i in speakers],
        revision=data.get("revision", 1),
        revised_at=datetime.datetime.fromisoformat(data["revised_at"]),
        cancelled_in=data.get("cancelled_in"),
    )
