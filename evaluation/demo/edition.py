"""Demo evaluation: the finished 11th edition (Trieste, June 2024) with a cohort of twelve pairs who answered
the knowledge and confidence tests before and after, the anonymous end-of-course questionnaire, the survey
after each of the tables they played, and 3-, 6- and 12-month follow-ups; and the default instruments of the
current edition. The impact report can be seen at once. Idempotent: nothing is added once the 2024 cohort exists.

Answers are generated from a fixed seed with a plausible learning effect, so the figures are the same on every
machine. They are written through the domain functions, at the moment each window was open.
"""

import datetime
import random

from django.utils import timezone

from course.demo import ensure_user
from course.models import Course
from evaluation.domain.answers import submit_response
from evaluation.domain.follow_up import decline_follow_up, record_consent, schedule_waves, submit_follow_up
from evaluation.domain.instruments import ensure_default_instruments
from evaluation.domain.queries.team import wave_continuity_rows
from evaluation.domain.session_feedback import submit_session_feedback
from evaluation.enums import ContactAnswer, CourseTool, InstrumentPurpose, OutputKind, QuestionBlock, QuestionKind
from evaluation.models import FollowUpRequest, Instrument, SuccessCase
from participants.enums import ApplicationStatus, Gender, MemberRole
from participants.models import Application, ApplicationMember, Pair, Participant
from programme.models import Session, Speaker
from simulations.domain import engine
from simulations.domain.bots import act_once, bot_delegations
from simulations.domain.outcome import record_outcome
from simulations.domain.runs import assign_pair, create_run
from simulations.domain.scoring import scoring_sheet
from simulations.enums import RunState
from simulations.models import Run, Scenario

EDITION = "2024-trieste"
PAIRS = 12
APPLICATIONS = 20
DOMAIN = "alumni.accord.example"
# (scientist's country, policymaker's country) of the cohort and of the applicants who were not selected.
COUNTRIES = [
    "KE",
    "BR",
    "IN",
    "VN",
    "NG",
    "MX",
    "PK",
    "ZA",
    "EG",
    "ID",
    "CO",
    "IT",
    "GH",
    "PE",
    "BD",
    "US",
    "JO",
    "PH",
    "DE",
    "TN",
]
NAMES = [
    "Amina",
    "Bruno",
    "Chitra",
    "Duc",
    "Efua",
    "Fernanda",
    "Ghulam",
    "Hlengiwe",
    "Ines",
    "Joko",
    "Karen",
    "Luca",
    "Marisol",
    "Nadia",
    "Omar",
    "Priya",
    "Quang",
    "Rosa",
    "Samuel",
    "Thandi",
    "Usman",
    "Valeria",
    "Wanjiru",
    "Xolani",
]
SCENARIOS = {"sesame-synchrotron": "Synchrotron", "arctic-data-sanctions": "Arctic data"}


def seed_evaluation():
    current = Course.objects.filter(slug="current").first()
    if current is not None:
        ensure_default_instruments(current)
        schedule_waves(current)
    course = Course.objects.filter(slug=EDITION).first()
    if course is None or Pair.objects.filter(course=course).exists():
        return _accounts() if course else []
    rng = random.Random(2024)
    participants = _cohort(course, rng)
    ensure_default_instruments(course)
    runs = _tables(course, participants)
    _answers(course, participants, runs, rng)
    _session_feedback(course, participants, rng)
    _follow_ups(course, participants, rng)
    _success_cases(course)
    return _accounts()


def _accounts():
    return [("Alumna of the 2024 edition (her record, follow-ups)", f"pair00.scientist@{DOMAIN}", "accord-demo-2024")]


def _cohort(course, rng):
    """Twenty submitted pair applications; the first twelve became the cohort."""
    participants = []
    for n in range(APPLICATIONS):
        selected = n < PAIRS
        scientist = ensure_user(f"pair{n:02d}.scientist@{DOMAIN}", NAMES[n % len(NAMES)], "Scientist")
        policymaker = ensure_user(f"pair{n:02d}.policymaker@{DOMAIN}", NAMES[(n + 7) % len(NAMES)], "Policymaker")
        application = Application.objects.create(
            course=course,
            lead=scientist,
            status=ApplicationStatus.CONFIRMED if selected else ApplicationStatus.REJECTED,
            joint_statement="We would like to work together on science advice at home.",
            submitted_at=course.deadline - datetime.timedelta(days=3),
        )
        country = COUNTRIES[n]
        for user, role, gender in (
            (scientist, MemberRole.SCIENTIST, Gender.WOMAN if n % 2 == 0 else Gender.MAN),
            (policymaker, MemberRole.POLICYMAKER, Gender.MAN if n % 3 == 0 else Gender.WOMAN),
        ):
            ApplicationMember.objects.create(
                application=application,
                user=user,
                role=role,
                is_lead=role == MemberRole.SCIENTIST,
                full_name=f"{user.first_name} {user.last_name}",
                country=country,
                gender=gender,
            )
        if not selected:
            continue
        pair = Pair.objects.create(course=course, application=application)
        for user, role in ((scientist, MemberRole.SCIENTIST), (policymaker, MemberRole.POLICYMAKER)):
            participants.append(
                Participant.objects.create(
                    pair=pair, user=user, role=role, full_name=f"{user.first_name} {user.last_name}", country=country
                )
            )
    return participants


def _tables(course, participants):
    """Each pair plays two tables (two scenarios); scripted delegations play every seat to the end."""
    pairs = list(Pair.objects.filter(course=course).order_by("pk"))
    runs = []
    for round_number, (slug, short) in enumerate(SCENARIOS.items()):
        scenario = Scenario.objects.filter(slug=slug).first()
        if scenario is None:
            continue
        delegations = list(scenario.delegations.order_by("position"))
        order = pairs[round_number * 3 :] + pairs[: round_number * 3]  # mix the tables between scenarios
        for t, start in enumerate(range(0, len(order), len(delegations))):
            seated = order[start : start + len(delegations)]
            run = create_run(scenario, course, f"{short} table {t + 1}", room=f"Room {t + 1}")
            for pair, delegation in zip(seated, delegations, strict=False):
                assign_pair(run, pair, delegation)
            _play(run)
            runs.append(run)
    return runs


def _play(run):
    engine.start_run(run)
    sheet = scoring_sheet(run.scenario)
    bots = bot_delegations(run, seats=[d.key for d in run.scenario.delegations.all()])
    while Run.objects.get(pk=run.pk).state == RunState.RUNNING:
        act_once(run, bots, sheet=sheet)
        engine.end_round_now(run)
    record_outcome(run)


def _at(instrument, hours=2):
    return instrument.opens_at + datetime.timedelta(hours=hours)


def _value(question, rng, ability, boost=0.0):
    kind = question.kind
    if kind == QuestionKind.KNOWLEDGE:
        p = min(0.95, max(0.1, ability + boost))
        wrong = [c["key"] for c in question.choices if c["key"] != question.correct_key]
        return question.correct_key if rng.random() < p else rng.choice(wrong)
    if kind in QuestionKind.scaled():
        top = question.scale_max
        return max(1, min(top, round(ability * top + boost * top + rng.gauss(0, 0.8))))
    if kind == QuestionKind.SINGLE:
        return question.choices[0 if rng.random() < 0.8 else 1]["key"]
    if kind == QuestionKind.MULTIPLE:
        return [c["key"] for c in question.choices if rng.random() < 0.5] or [question.choices[3]["key"]]
    if kind == QuestionKind.NUMBER:
        return rng.choice([4, 8, 10, 12, 16, 20])
    if kind == QuestionKind.SHORT_TEXT:
        return rng.choice(["Practical and intense", "Eye-opening", "A network for life", ""])
    return rng.choice(["More time for the simulations, please.", "A session on writing policy briefs.", ""])


def _answers(course, participants, runs, rng):
    instruments = {i.purpose: i for i in Instrument.objects.filter(course=course).prefetch_related("questions")}
    ability = {p.pk: rng.uniform(0.3, 0.6) for p in participants}
    plan = [
        (InstrumentPurpose.KNOWLEDGE_PRE, 0.0, 0.95),
        (InstrumentPurpose.CONFIDENCE_PRE, 0.0, 0.95),
        (InstrumentPurpose.KNOWLEDGE_POST, 0.25, 0.85),
        (InstrumentPurpose.CONFIDENCE_POST, 0.2, 0.85),
        (InstrumentPurpose.REACTION, 0.35, 0.8),
    ]
    for purpose, boost, share in plan:
        instrument = instruments[purpose]
        for participant in participants:
            if rng.random() > share:
                continue
            values = {}
            for q in instrument.questions.all():
                retro = q.block == QuestionBlock.RETROSPECTIVE
                values[q.pk] = _value(q, rng, ability[participant.pk] - (0.08 if retro else 0), 0 if retro else boost)
            submit_response(instrument, participant, values, now=_at(instrument))
    survey = instruments[InstrumentPurpose.RUN_SURVEY]
    by_pair = {}
    for p in participants:
        by_pair.setdefault(p.pair_id, []).append(p)
    for run in runs:
        for pair_id in run.seats.values_list("pair_id", flat=True):
            for participant in by_pair[pair_id]:
                values = {q.pk: _value(q, rng, 0.65) for q in survey.questions.all()}
                submit_response(survey, participant, values, run=run, now=_at(survey, 30))


OUTPUT_TITLES = {
    OutputKind.POLICY_BRIEF: "Policy brief on groundwater data sharing",
    OutputKind.PROPOSAL: "Joint proposal to a regional research fund",
    OutputKind.MEETING: "Round table with the ministry and two universities",
    OutputKind.PAPER: "Commentary on science advice in small ministries",
    OutputKind.TRAINING: "Half-day negotiation training for young researchers",
}


def _follow_ups(course, participants, rng):
    consent_time = timezone.make_aware(datetime.datetime.combine(course.starts_on, datetime.time(10)))
    for n, participant in enumerate(participants):
        record_consent(participant, n % 8 != 7, now=consent_time)  # three in twenty-four say no
    waves = schedule_waves(course, target_rate=50)
    rates = {3: 0.8, 6: 0.65, 12: 0.5}
    strength = {p.pair_id: rng.random() for p in participants}
    for wave in waves:
        answered_on = timezone.make_aware(
            datetime.datetime.combine(wave.opens_on + datetime.timedelta(days=9), datetime.time(12))
        )
        for participant in participants:
            request, _ = FollowUpRequest.objects.get_or_create(wave=wave, participant=participant)
            if not participant.follow_up_consent.is_active:
                request.delete()
                continue
            roll = rng.random()
            if roll > rates[wave.months_after] + 0.1:
                continue  # no answer
            if roll > rates[wave.months_after]:
                decline_follow_up(request, now=answered_on)
                continue
            s = strength[participant.pair_id] - wave.months_after / 40
            contact = ContactAnswer.YES if s > 0.35 else ContactAnswer.OCCASIONALLY if s > 0.1 else ContactAnswer.NO
            if participant.pk % 5 == 0 and contact == ContactAnswer.YES:
                contact = ContactAnswer.OCCASIONALLY  # members do not always agree
            kinds = [k for k in OUTPUT_TITLES if rng.random() < s * 0.7]
            submit_follow_up(
                request,
                in_contact=contact,
                used_from_course=[t for t in CourseTool.values[:-1] if rng.random() < 0.4] or [CourseTool.NONE],
                helped=rng.choice(["My partner's contacts in the ministry.", "A supportive director.", ""]),
                hindered=rng.choice(["No budget for travel.", "Elections changed the ministry's priorities.", ""]),
                outputs=[(k, OUTPUT_TITLES[k], "") for k in kinds],
                now=answered_on,
            )


def _success_cases(course):
    """The team has read the 6-month wave and marked the strongest and the weakest pair for an interview."""
    wave = course.follow_up_waves.get(months_after=6)
    rows = [r for r in wave_continuity_rows(wave) if r.index is not None]
    if not rows:
        return
    rows.sort(key=lambda r: (-r.index, r.pair_id))
    notes = {
        rows[0].pair_id: "Strongest case: ask how the ministry came to commission their brief.",
        rows[-1].pair_id: "Weakest case: ask what stopped them; the partner moved to another ministry?",
    }
    for pair_id, note in notes.items():
        SuccessCase.objects.update_or_create(
            wave=wave, pair_id=pair_id, defaults={"marked_for_interview": True, "notes": note}
        )


SPEAKERS = [
    ("Dr Leila Haddad", "Science adviser to a foreign minister"),
    ("Prof. Tomás Ferreira", "Negotiation researcher"),
    ("Ambassador Grace Mwangi", "Former permanent representative"),
]
SESSIONS = [
    (0, 9, "lecture", "Three kinds of science diplomacy", [0]),
    (0, 14, "workshop", "Preparing a negotiation: BATNA and reservation value", [1]),
    (1, 9, "panel", "Science advice under uncertainty", [0, 2]),
    (1, 14, "simulation", "Role-play: a shared synchrotron", [1]),
    (2, 9, "lecture", "Multilateral decision rules in practice", [2]),
    (2, 14, "field_visit", "Visit to a research centre", []),
    (3, 9, "workshop", "Writing a one-page policy brief together", [0]),
    (4, 9, "lecture", "Diplomacy for science: access to facilities", [2]),
]


def _session_feedback(course, participants, rng):
    """A small programme for the 2024 edition (draft sessions only: it was published elsewhere then) and the
    cohort's one-tap ratings, most people answering most sessions."""
    speakers = [
        Speaker.objects.create(course=course, name=name, title=title, affiliation="Guest faculty")
        for name, title in SPEAKERS
    ]
    instrument = Instrument.objects.get(course=course, purpose=InstrumentPurpose.SESSION_FEEDBACK)
    questions = {q.key: q for q in instrument.questions.all()}
    for day, hour, kind, title, who in SESSIONS:
        start = datetime.datetime.combine(
            course.starts_on + datetime.timedelta(days=day), datetime.time(hour), tzinfo=course.tzinfo
        )
        session = Session.objects.create(
            course=course, kind=kind, title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
        )
        session.speakers.set([speakers[i] for i in who])
        quality = rng.uniform(3.2, 4.6)
        for participant in participants:
            if rng.random() > 0.75:
                continue
            values = {
                questions["rating"].pk: max(1, min(5, round(rng.gauss(quality, 0.7)))),
                questions["relevance"].pk: max(1, min(5, round(rng.gauss(quality - 0.2, 0.8)))),
                questions["comment"].pk: rng.choice(["", "", "Very clear, thank you.", "Too short for the questions."]),
            }
            submit_session_feedback(instrument, session, participant, values, now=start + datetime.timedelta(hours=2))
