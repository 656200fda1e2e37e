"""Demo programme for the current edition: a Monday-to-Friday week, published as v1, then v2 with one move.

Idempotent: sessions are created only when the course has none, releases only when missing, and the pair
groups are re-split the same way each run. Speakers are fictional; case studies follow ../shared/seeds/.
"""

import datetime

from course.models import Course
from programme.domain.conflicts import find_conflicts
from programme.domain.programme import combine_local, move_session
from programme.domain.releases import latest_release, publish_release
from programme.enums import SessionKind, Track
from programme.models import PairGroup, Room, Session, Speaker

from .speakers import seed_speaker_area

ROOMS = [
    ("Budinich Lecture Hall", 120),
    ("Kastler Lecture Hall", 60),
    ("Seminar Room A", 30),
    ("Seminar Room B", 30),
]

SPEAKERS = {
    "okafor": (
        "Dr Amara Okafor",
        "Senior Adviser on Science Diplomacy",
        "Regional Centre for Science Policy",
        "A chemist turned foreign-ministry adviser who has set up three bilateral research exchange programmes.",
    ),
    "lindqvist": (
        "Prof. Henrik Lindqvist",
        "Professor of Polar Oceanography",
        "Nordic Institute for Polar Research",
        "Leads a circumpolar sea-ice monitoring network with partners in eight Arctic states.",
    ),
    "haddad": (
        "Dr Leila Haddad",
        "Beamline Scientist",
        "Eastern Mediterranean Light Source Users' Association",
        "Works with synchrotron users from across the Middle East on shared beamtime and training.",
    ),
    "ferreira": (
        "Ambassador Tomás Ferreira (ret.)",
        "Former Chief Climate Negotiator",
        "Independent",
        "Negotiated on finance and transparency at several UN climate conferences, including COP26.",
    ),
    "chou": (
        "Dr Mei-Ling Chou",
        "Head of International Relations",
        "International Fusion Collaboration Office",
        "Coordinates in-kind contributions among the partners of a large fusion energy facility.",
    ),
    "asante": (
        "Dr Kwame Asante",
        "Vaccinologist",
        "West African Health Research Network",
        "Works on regional vaccine manufacturing and cross-border immunisation campaigns.",
    ),
    "marchetti": (
        "Dr Sofia Marchetti",
        "Research Policy Analyst",
        "European Research Policy Forum",
        "Studies association agreements to EU research framework programmes.",
    ),
    "rahman": (
        "Nadia Rahman",
        "Negotiation Trainer",
        "Centre for Negotiation Practice",
        "Designs and runs role-play simulations for diplomats and scientists.",
    ),
}

# (day 0–4, start, end, kind, track, title, room index or None, speaker keys, audience, abstract)
# audience: "everyone", "A" or "B".
LE, PA, WO, SI, FV, BR = (
    SessionKind.LECTURE,
    SessionKind.PANEL,
    SessionKind.WORKSHOP,
    SessionKind.SIMULATION,
    SessionKind.FIELD_VISIT,
    SessionKind.BREAK,
)
D4S, S4D, SID, SKL, OTH = (
    Track.DIPLOMACY_FOR_SCIENCE,
    Track.SCIENCE_FOR_DIPLOMACY,
    Track.SCIENCE_IN_DIPLOMACY,
    Track.SKILLS,
    Track.OTHER,
)
SESSIONS = [
    (0, "08:30", "09:00", BR, OTH, "Registration and welcome coffee", None, [], "everyone", ""),
    (
        0,
        "09:00",
        "09:45",
        LE,
        OTH,
        "Opening session",
        0,
        ["okafor"],
        "everyone",
        "Welcome, introductions of the pairs, and the week ahead.",
    ),
    (
        0,
        "09:45",
        "11:00",
        LE,
        OTH,
        "What is science diplomacy?",
        0,
        ["okafor"],
        "everyone",
        "A feedback loop in which science and diplomacy support one another: the three kinds of science diplomacy "
        "from the AAAS–Royal Society “New Frontiers in Science Diplomacy” report.",
    ),
    (0, "11:00", "11:30", BR, OTH, "Coffee break", None, [], "everyone", ""),
    (
        0,
        "11:30",
        "12:45",
        LE,
        SID,
        "Science in diplomacy: advice at the negotiating table",
        0,
        ["ferreira"],
        "everyone",
        "Informing foreign-policy objectives with scientific advice, and what advisers learn the hard way.",
    ),
    (0, "12:45", "14:00", BR, OTH, "Lunch", None, [], "everyone", ""),
    (
        0,
        "14:00",
        "15:15",
        LE,
        D4S,
        "Diplomacy for science: opening doors for collaboration",
        0,
        ["okafor"],
        "everyone",
        "Exchange programmes, visas and research agreements: diplomatic action that makes science possible.",
    ),
    (
        0,
        "15:30",
        "17:00",
        WO,
        SKL,
        "Workshop in pairs: mapping your science–policy landscape",
        1,
        ["rahman"],
        "everyone",
        "Each pair maps who advises whom at home, and where scientific evidence enters decisions.",
    ),
    (
        1,
        "09:00",
        "10:15",
        LE,
        S4D,
        "Science for diplomacy: research as a bridge between nations",
        0,
        ["haddad"],
        "everyone",
        "Scientific cooperation that improves relations between countries when official channels are strained.",
    ),
    (
        1,
        "10:30",
        "12:00",
        LE,
        S4D,
        "Case study: from CERN to SESAME",
        0,
        ["haddad"],
        "everyone",
        "How CERN helped establish SESAME in Jordan, a synchrotron whose members include states with few other "
        "channels of cooperation.",
    ),
    (1, "12:00", "13:30", BR, OTH, "Lunch", None, [], "everyone", ""),
    (
        1,
        "13:30",
        "15:00",
        PA,
        D4S,
        "Panel: ITER – 35 nations, one fusion machine",
        0,
        ["chou", "marchetti"],
        "everyone",
        "Governing a shared experimental facility in southern France: in-kind contributions, councils and delays.",
    ),
    (
        1,
        "15:30",
        "17:00",
        WO,
        SKL,
        "Workshop in pairs: writing a two-page policy brief",
        1,
        ["rahman"],
        "everyone",
        "Pairs turn a research finding into a brief a minister's office would read.",
    ),
    (
        1,
        "17:15",
        "18:45",
        FV,
        D4S,
        "Field visit: a synchrotron light source near Trieste",
        None,
        ["haddad"],
        "everyone",
        "A guided visit of a user facility that hosts scientists from dozens of countries.",
    ),
    (
        2,
        "09:00",
        "10:30",
        LE,
        SID,
        "Case study: Arctic cooperation",
        0,
        ["lindqvist"],
        "everyone",
        "Assembling expertise from across the circumpolar region on environmental change, and the geopolitics of "
        "research stations.",
    ),
    (
        2,
        "10:45",
        "12:00",
        LE,
        S4D,
        "Case study: Vaccines for Peace",
        0,
        ["asante"],
        "everyone",
        "Two scientists from India and Pakistan brought an inexpensive hepatitis B vaccine across a tense border.",
    ),
    (2, "12:00", "13:30", BR, OTH, "Lunch", None, [], "everyone", ""),
    (
        2,
        "13:30",
        "14:00",
        LE,
        SKL,
        "Simulation briefing",
        0,
        ["rahman"],
        "everyone",
        "Roles, rules and confidential briefs for the negotiation simulation.",
    ),
    (
        2,
        "14:00",
        "17:30",
        SI,
        SKL,
        "Role-play simulation, round 1 (Group A)",
        2,
        ["rahman"],
        "A",
        "Delegations negotiate a shared-waters research agreement.",
    ),
    (
        2,
        "14:00",
        "17:30",
        SI,
        SKL,
        "Role-play simulation, round 1 (Group B)",
        3,
        ["okafor"],
        "B",
        "Delegations negotiate a shared-waters research agreement.",
    ),
    (
        3,
        "09:00",
        "12:30",
        SI,
        SKL,
        "Role-play simulation, round 2 (Group A)",
        2,
        ["rahman"],
        "A",
        "Proposals, votes and a final text.",
    ),
    (
        3,
        "09:00",
        "12:30",
        SI,
        SKL,
        "Role-play simulation, round 2 (Group B)",
        3,
        ["okafor"],
        "B",
        "Proposals, votes and a final text.",
    ),
    (3, "12:30", "14:00", BR, OTH, "Lunch", None, [], "everyone", ""),
    (
        3,
        "14:00",
        "15:30",
        PA,
        SID,
        "Panel: climate diplomacy at COP26",
        0,
        ["ferreira", "lindqvist"],
        "everyone",
        "Science advice in the Glasgow negotiations and climate diplomacy funds that supported COP26 goals.",
    ),
    (
        3,
        "15:45",
        "17:00",
        LE,
        D4S,
        "Case study: association to Horizon Europe",
        0,
        ["marchetti"],
        "everyone",
        "What association to the EU's research programme involves, and how political disagreements can delay it.",
    ),
    (
        4,
        "09:00",
        "10:30",
        WO,
        SKL,
        "Simulation debrief",
        0,
        ["rahman"],
        "everyone",
        "Both groups compare their outcomes against what was possible.",
    ),
    (
        4,
        "10:45",
        "12:15",
        WO,
        SKL,
        "Workshop in pairs: a joint action plan",
        1,
        ["okafor"],
        "everyone",
        "Each pair drafts what they will do together in the year after the course.",
    ),
    (4, "12:15", "13:00", LE, OTH, "Closing session and certificates", 0, ["okafor"], "everyone", ""),
]

MOVED_IN_V2 = "Panel: ITER – 35 nations, one fusion machine"


def seed_programme():
    course = Course.objects.filter(slug="current").first()
    if course is None:
        return []
    rooms = [Room.objects.get_or_create(course=course, name=n, defaults={"capacity": c})[0] for n, c in ROOMS]
    speakers = {
        key: Speaker.objects.get_or_create(
            course=course, name=name, defaults={"title": title, "affiliation": aff, "bio": bio}
        )[0]
        for key, (name, title, aff, bio) in SPEAKERS.items()
    }
    groups = {name: PairGroup.objects.get_or_create(course=course, name=f"Group {name}")[0] for name in "AB"}
    _split_pairs(course, groups)
    if not Session.objects.filter(course=course).exists():
        _create_sessions(course, rooms, speakers, groups)
    release = latest_release(course)
    if release is None:
        release, _ = publish_release(course, title="First programme", acknowledged=_all_warnings(course), notify=False)
    if release.number == 1:
        panel = Session.objects.filter(course=course, title=MOVED_IN_V2).first()
        if panel is not None:
            move_session(panel, by=datetime.timedelta(minutes=30))
        publish_release(course, title="Tuesday panel moved", acknowledged=_all_warnings(course), notify=False)
    return seed_speaker_area(course, speakers)


def _split_pairs(course, groups):
    """Cohort pairs alternate between groups A and B (none yet before selection: the groups stay empty)."""
    pairs = list(course.pairs.order_by("pk"))
    groups["A"].pairs.set(pairs[0::2])
    groups["B"].pairs.set(pairs[1::2])


def _create_sessions(course, rooms, speakers, groups):
    for day, start, end, kind, track, title, room, speaker_keys, audience, abstract in SESSIONS:
        date = course.starts_on + datetime.timedelta(days=day)
        session = Session.objects.create(
            course=course,
            kind=kind,
            track=track,
            title=title,
            abstract=abstract,
            room=rooms[room] if room is not None else None,
            starts_at=combine_local(course, date, datetime.time.fromisoformat(start)),
            ends_at=combine_local(course, date, datetime.time.fromisoformat(end)),
            for_everyone=audience == "everyone",
        )
        session.speakers.set(speakers[k] for k in speaker_keys)
        if audience != "everyone":
            session.groups.set([groups[audience]])


def _all_warnings(course):
    return [w.key for w in find_conflicts(course)]
