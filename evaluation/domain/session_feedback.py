"""Session feedback: one tap on a phone from the personal agenda, from the moment a session starts until the
course ends; the team can switch it off for a session, sees who has not answered, and approves (and may edit)
the comments speakers get. Speakers see aggregates of at least the minimum cell size and approved comments only.

Answers are ordinary attributed responses to the edition's session-feedback instrument, one per participant
and session (subject "session:<id>"); the window check adds the session's own start to the instrument's.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from course.timezones import format_course_datetime
from evaluation.domain import statistics as st
from evaluation.domain.answers import subject_of, submit_response, window_refusal
from evaluation.domain.errors import AnswerRefused
from evaluation.enums import InstrumentPurpose
from evaluation.models import Answer, Instrument, ResponseReceipt, SessionFeedbackOff, SpeakerComment
from participants.models import Participant
from programme.enums import SessionKind
from programme.models import Session, Speaker

NO_FEEDBACK_KINDS = {SessionKind.BREAK}
SPEAKER_SALT = "evaluation.speaker-feedback"


def feedback_instrument(course):
    return Instrument.objects.filter(course=course, purpose=InstrumentPurpose.SESSION_FEEDBACK).first()


def feedback_refusal(instrument, session, now, switched_off=None):
    """Why this session cannot take feedback now, or None."""
    if instrument is None:
        return _("This edition asks for no session feedback.")
    if session.kind in NO_FEEDBACK_KINDS:
        return _("Breaks take no feedback.")
    if switched_off is None:
        switched_off = SessionFeedbackOff.objects.filter(session=session).exists()
    if switched_off:
        return _("The course team has switched feedback off for this session.")
    if now < session.starts_at:
        when = format_course_datetime(session.course, session.starts_at)
        return _("Feedback opens when the session starts (%(when)s).") % {"when": when}
    return window_refusal(instrument, now)


def submit_session_feedback(instrument, session, participant, values, now=None):
    now = now or timezone.now()
    reason = feedback_refusal(instrument, session, now)
    if reason:
        raise AnswerRefused(reason)
    return submit_response(instrument, participant, values, session=session, now=now)


def feedback_links(participant, course, sessions, now=None):
    """For the personal agenda (registered with programme.hooks): {session uid: [(label, url)]} for the
    sessions the participant can give feedback on now. No query before the first session has started; three
    after, whatever the number of sessions."""
    now = now or timezone.now()
    started = [str(s.uid) for s in sessions if s.starts_at <= now and s.kind not in NO_FEEDBACK_KINDS]
    if not started:
        return {}
    instrument = Instrument.objects.filter(
        course=course, purpose=InstrumentPurpose.SESSION_FEEDBACK, opens_at__lte=now, closes_at__gt=now
    ).first()
    if instrument is None:
        return {}
    ids = dict(
        Session.objects.filter(course=course, uid__in=started)
        .exclude(pk__in=SessionFeedbackOff.objects.values("session_id"))
        .values_list("uid", "pk")
    )
    answered = set(
        ResponseReceipt.objects.filter(instrument=instrument, participant=participant).values_list("subject", flat=True)
    )
    links = {}
    for uid, pk in ids.items():
        done = f"session:{pk}" in answered
        label = _("Change your feedback") if done else _("Rate this session")
        links[str(uid)] = [(label, reverse("evaluation:session_feedback", args=[pk]))]
    return links


def expected_participants(session):
    """Who attends a session: the whole cohort for a plenary, else the pairs of its groups."""
    people = Participant.objects.filter(pair__course_id=session.course_id)
    if not session.for_everyone:
        people = people.filter(pair__programme_groups__sessions=session)
    return people.distinct()


def not_answered(instrument, session):
    subject = subject_of(session=session)
    return list(
        expected_participants(session)
        .exclude(pk__in=ResponseReceipt.objects.filter(instrument=instrument, subject=subject).values("participant_id"))
        .order_by("pair_id", "role")
    )


def session_rows(course, instrument):
    """Every session with its answer count and rating/relevance means (suppressed under the minimum cell)."""
    sessions = list(
        Session.objects.filter(course=course)
        .exclude(kind__in=NO_FEEDBACK_KINDS)
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )
    values, responses = {}, {}
    if instrument is not None:
        keys = {q.pk: q.key for q in instrument.questions.all()}  # prefetched by the report
        for session_id, response_id, question_id, number in Answer.objects.filter(
            response__instrument=instrument, response__session__isnull=False
        ).values_list("response__session_id", "response_id", "question_id", "number"):
            responses.setdefault(session_id, set()).add(response_id)
            if number is not None:
                values.setdefault(session_id, {}).setdefault(keys[question_id], []).append(number)
    off = set(SessionFeedbackOff.objects.filter(session__course=course).values_list("session_id", flat=True))
    rows = []
    for session in sessions:
        v = values.get(session.pk, {})
        rows.append(
            {
                "session": session,
                "speakers": [sp.name for sp in session.speakers.all()],
                "answered": len(responses.get(session.pk, ())),
                "rating": st.summary(v.get("rating", [])),
                "relevance": st.summary(v.get("relevance", [])),
                "off": session.pk in off,
            }
        )
    return rows


def speaker_rows(rows):
    """Session rows pooled by speaker: every rating of every session they gave."""
    by_speaker = {}
    for row in rows:
        for session_speaker in row["session"].speakers.all():
            entry = by_speaker.setdefault(session_speaker.pk, {"speaker": session_speaker, "sessions": 0, "n": 0})
            entry["sessions"] += 1
            entry["n"] += row["rating"].n
            if not row["rating"].suppressed:
                entry.setdefault("weighted", 0.0)
                entry["weighted"] += row["rating"].mean * row["rating"].n
    out = []
    for entry in by_speaker.values():
        shown = st.shown(entry["n"]) and "weighted" in entry
        out.append({**entry, "mean": entry["weighted"] / entry["n"] if shown else None})
    return sorted(out, key=lambda e: e["speaker"].name)


def comments(instrument, session):
    """Participants' comments on a session, for the team to moderate (attributed: team only)."""
    if instrument is None:
        return []
    return list(
        Answer.objects.filter(response__instrument=instrument, response__session=session, question__key="comment")
        .exclude(text="")
        .values_list("text", flat=True)
    )


def switch_feedback(session, on, user=None):
    if on:
        SessionFeedbackOff.objects.filter(session=session).delete()
    else:
        SessionFeedbackOff.objects.get_or_create(session=session, defaults={"switched_off_by": user})


def approve_comment(session, text, user=None):
    return SpeakerComment.objects.create(session=session, text=text.strip(), approved_by=user)


def speaker_token(speaker):
    return signing.dumps({"speaker": speaker.pk}, salt=SPEAKER_SALT, compress=True)


def speaker_from_token(token):
    """The speaker a secret link is for, or None when the link is not ours."""
    try:
        data = signing.loads(token, salt=SPEAKER_SALT)
    except signing.BadSignature:
        return None
    pk = data.get("speaker") if isinstance(data, dict) else None
    return Speaker.objects.select_related("course").filter(pk=pk).first() if isinstance(pk, int) else None


def speaker_view(speaker):
    """What a speaker sees: per session, the number of answers, suppressed means, approved comments."""
    instrument = feedback_instrument(speaker.course)
    rows = [r for r in session_rows(speaker.course, instrument) if speaker in r["session"].speakers.all()]
    approved = {}
    for comment in SpeakerComment.objects.filter(session__in=[r["session"] for r in rows]):
        approved.setdefault(comment.session_id, []).append(comment.text)
    for row in rows:
        row["comments"] = approved.get(row["session"].pk, [])
    return rows
