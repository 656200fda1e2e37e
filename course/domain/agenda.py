"""A participant's personal agenda: plenary sessions plus their own group's sessions, from the latest release."""

from django.utils import timezone

from course.models import CalendarFeedToken
from course.models.programme import new_feed_secret
from participants.models import Participant


def participant_in_course(user, course):
    """The user's seat in the course's cohort, or None."""
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user, pair__course=course).select_related("pair").first()


def personal_sessions(programme, participant):
    return programme.for_pair(participant.pair_id)


def simulation_links_for(participant):
    """Links from agenda entries to the participant's role-play simulation runs: {session uid (str): url}.

    Empty until the simulations app exists; it will fill this in (the run that the participant's pair plays
    during each role-play simulation session). The agenda template shows a link whenever one is present."""
    return {}


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
