"""Reads for the course team's pages (each a fixed number of queries, whatever the number of rows)."""

from django.db.models import Count, Q

from evaluation.domain import statistics as st
from evaluation.domain.continuity import wave_continuity
from evaluation.enums import RequestStatus
from evaluation.models import FollowUpRequest, FollowUpWave, Instrument, JointOutput, ResponseReceipt
from participants.models import Pair, Participant


def instruments_with_counts(course):
    """The edition's instruments with their question count and how many participants have answered each."""
    return list(
        Instrument.objects.filter(course=course)
        .annotate(
            question_count=Count("questions", distinct=True),
            answered=Count("receipts__participant", filter=Q(receipts__subject=""), distinct=True),
        )
        .order_by("position", "opens_at", "pk")
    )


def not_answered(instrument):
    """Participants of the edition without a receipt for the instrument (not for per-run/session ones)."""
    return list(
        Participant.objects.filter(pair__course_id=instrument.course_id)
        .exclude(pk__in=ResponseReceipt.objects.filter(instrument=instrument, subject="").values("participant_id"))
        .select_related("user")
        .order_by("pair_id", "role")
    )


def wave_rows(course):
    waves = FollowUpWave.objects.filter(course=course).annotate(
        asked=Count("requests"),
        answered=Count("requests", filter=Q(requests__status=RequestStatus.ANSWERED)),
        declined=Count("requests", filter=Q(requests__status=RequestStatus.DECLINED)),
    )
    return [
        {"wave": w, "rate": st.rate(w.answered, w.asked), "pending": w.asked - w.answered - w.declined}
        for w in waves.order_by("months_after")
    ]


def wave_continuity_rows(wave):
    """[PairContinuity] of every pair of the edition in one wave (four queries)."""
    pairs = [(p.pk, str(p)) for p in Pair.objects.filter(course_id=wave.course_id).prefetch_related("participants")]
    requests = [
        {**r, "pair_id": r["participant__pair_id"], "outputs": []}
        for r in FollowUpRequest.objects.filter(wave=wave).values(
            "id", "participant_id", "participant__pair_id", "status", "in_contact"
        )
    ]
    by_id = {r["id"]: r for r in requests}
    for output in JointOutput.objects.filter(request__wave=wave):
        by_id[output.request_id]["outputs"].append((output.kind, output.title, output.evidence_url))
    return wave_continuity(pairs, requests)
