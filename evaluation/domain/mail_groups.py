"""The group the course team can mail from the composer (participants.domain.group_mail): the non-responders of
a follow-up survey wave. Registered in ``EvaluationConfig.ready()``.

A non-responder was asked (a request exists for the wave: the wave opened while they were in the cohort), has
neither answered nor declined, and still consents to being followed up: follow-up mail respects consent, so a
withdrawn or refused consent keeps them out of this group as it keeps them out of the reminders."""

from django.urls import reverse
from django.utils.formats import date_format

from evaluation.enums import RequestStatus
from evaluation.models import FollowUpRequest, FollowUpWave
from participants.domain.emails import absolute_url
from participants.domain.group_mail import MailGroup, Recipient

NON_RESPONDERS = "wave_non_responders"


def wave_options(course):
    """(wave id, label) for each wave of the edition that has asked someone."""
    waves = FollowUpWave.objects.filter(course=course, requests__isnull=False).distinct().order_by("months_after")
    return [(str(wave.pk), f"Have not answered the {wave} (due {date_format(wave.due_on)})") for wave in waves]


def wave_non_responders(course, option):
    requests = (
        FollowUpRequest.objects.filter(
            wave__course=course,
            wave_id=int(option) if option.isdigit() else 0,
            status=RequestStatus.PENDING,
            participant__follow_up_consent__consented=True,
            participant__follow_up_consent__withdrawn_at=None,
        )
        .order_by("participant__pair_id", "participant_id")
        .values_list("pk", "participant__user__email", "participant__full_name", "participant__pair__application_id")
    )
    return [
        Recipient(
            email,
            name,
            application_id,
            context={"follow_up_url": absolute_url(reverse("evaluation:follow_up", args=[pk]))},
        )
        for pk, email, name, application_id in requests
    ]


def non_responders_group():
    return MailGroup(
        NON_RESPONDERS,
        "Have not answered a follow-up survey",
        wave_non_responders,
        placeholders={"follow_up_url": "their own follow-up survey page"},
        options=wave_options,
    )
