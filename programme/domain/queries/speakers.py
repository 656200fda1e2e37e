"""The course team's view of the speakers: who has answered for their sessions and who has uploaded."""

from dataclasses import dataclass

from django.db.models import Count, Q

from programme.enums import ConfirmationState
from programme.models import Session, Speaker, SpeakerConfirmation


@dataclass
class SpeakerStatus:
    speaker: Speaker
    session_count: int
    confirmed: int
    change_requested: int
    materials: int
    signed_in: bool

    @property
    def answered_all(self):
        return self.confirmed + self.change_requested >= self.session_count

    @property
    def done(self):
        """Nothing to remind them of: every session answered and something uploaded."""
        return self.answered_all and self.materials > 0


def speaker_statuses(course):
    """One status per speaker of the course, in name order (one query)."""
    speakers = Speaker.objects.filter(course=course).annotate(
        session_count=Count("sessions", distinct=True),
        confirmed=Count("confirmations", filter=Q(confirmations__state=ConfirmationState.CONFIRMED), distinct=True),
        change_requested=Count(
            "confirmations", filter=Q(confirmations__state=ConfirmationState.CHANGE_REQUESTED), distinct=True
        ),
        material_count=Count("materials", distinct=True),
    )
    return [
        SpeakerStatus(
            speaker=sp,
            session_count=sp.session_count,
            confirmed=sp.confirmed,
            change_requested=sp.change_requested,
            materials=sp.material_count,
            signed_in=sp.user_id is not None,
        )
        for sp in speakers
    ]


def sessions_of_speaker(speaker):
    """The speaker's draft sessions with their room, co-speakers, own answer and materials (constant queries)."""
    sessions = list(
        Session.objects.filter(speakers=speaker)
        .select_related("room", "course")
        .prefetch_related("speakers", "materials")
        .order_by("starts_at")
    )
    answers = {c.session_id: c for c in speaker.confirmations.all()}
    for session in sessions:
        session.answer = answers.get(session.pk)
    return sessions


def change_requests(course):
    """What speakers asked to change, newest first, with the session and speaker (one query)."""
    return list(
        SpeakerConfirmation.objects.filter(session__course=course, state=ConfirmationState.CHANGE_REQUESTED)
        .select_related("speaker", "session")
        .order_by("-updated_at")
    )
