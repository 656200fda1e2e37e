"""Erasure on request: a participant's own evaluation data is deleted; anonymous answers stay.

What goes: their attributed responses and answers (a pair response too, when the pair's other member has also
been erased or the erased person asks for it: see docs/evaluation.md), their receipts, reminders, consent,
follow-up requests with their outputs. What stays: anonymous responses (nothing links them to anyone) and an
``ErasureRecord`` with counts only, so the report can say that figures changed and why.
"""

from django.db import transaction

from evaluation.models import (
    ErasureRecord,
    FollowUpConsent,
    FollowUpRequest,
    InstrumentReminder,
    Response,
    ResponseReceipt,
)


@transaction.atomic
def erase_participant_data(participant, include_pair_responses=False):
    """Delete one participant's evaluation data; returns the ErasureRecord."""
    responses = Response.objects.filter(participant=participant)
    if include_pair_responses:
        responses = Response.objects.filter(participant=participant) | Response.objects.filter(
            pair_id=participant.pair_id, participant__isnull=True
        )
    response_count = responses.count()
    responses.delete()
    requests = FollowUpRequest.objects.filter(participant=participant)
    request_count = requests.count()
    requests.delete()
    ResponseReceipt.objects.filter(participant=participant).delete()
    InstrumentReminder.objects.filter(participant=participant).delete()
    FollowUpConsent.objects.filter(participant=participant).delete()
    return ErasureRecord.objects.create(
        course_id=participant.pair.course_id, responses=response_count, follow_ups=request_count
    )
