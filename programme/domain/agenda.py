"""A participant's personal agenda: plenary sessions plus their own group's sessions, from the latest release."""

from django.urls import reverse
from django.utils import timezone

from participants.models import Participant
from programme.enums import SessionKind
from programme.models import CalendarFeedToken, new_feed_secret
from simulations.room.seat import runs_for_participant


def participant_in_course(user, course):
    """The user's seat in the course's cohort, or None."""
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user, pair__course=course).select_related("pair").first()


def personal_sessions(programme, participant):
    return programme.for_pair(participant.pair_id)


def simulation_links_for(participant, sessions):
    """Links from the agenda's role-play simulation sessions to the participant's runs: {session uid: url}.

    A participant usually sits at one table per course: each role-play session links straight to that room.
    With several tables (e.g. one per simulation block) the link goes to their list of tables instead."""

    role_play = [s.uid for s in sessions if s.kind == SessionKind.SIMULATION]
    if not role_play:
        return {}
    run_ids = list(
        runs_for_participant(participant.user).filter(course_id=participant.pair.course_id).values_list("pk", flat=True)
    )
    if not run_ids:
        return {}
    url = reverse("simulations:room", args=[run_ids[0]]) if len(run_ids) == 1 else reverse("simulations:my_runs")
    return dict.fromkeys(role_play, url)


def feed_token_for(user, course):
    token, _ = CalendarFeedToken.objects.get_or_create(user=user, course=course)
    return token


def reset_feed_token(user, course):
    """A new secret: the old personal feed URL stops working at once."""
    token = feed_token_for(user, course)
    token.secret = new_feed_secret()
    token.reset_at = timezone.now()
    token.save(update_fields=["secret", "reset_at"])
    return token
