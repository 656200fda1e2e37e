"""The evaluation's part of the security world: an open instrument with every question type, a follow-up
wave with delegate A's request, and a speaker's secret link."""

from dataclasses import dataclass

from evaluation.domain.follow_up import record_consent
from evaluation.domain.instruments import ensure_default_instruments
from evaluation.domain.session_feedback import speaker_token
from evaluation.enums import QuestionKind
from evaluation.models import FollowUpRequest
from tests.factories.evaluation import FollowUpWaveFactory, InstrumentFactory, QuestionFactory, choices


@dataclass
class EvaluationWorld:
    instrument: object  # open now, attributed, one question of each kind
    wave: object
    follow_up: object  # delegate A's request in ``wave``
    speaker_token: str
    pair: object  # delegate A's pair


def build_evaluation_world(course, pairs, session, speaker):
    ensure_default_instruments(course)
    instrument = InstrumentFactory(course=course, title="Every kind of question")
    for kind in QuestionKind.values:
        extra = {}
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.KNOWLEDGE):
            extra["choices"] = choices("One", "Two", "Three")
        if kind == QuestionKind.KNOWLEDGE:
            extra["correct_key"] = "b"
        if kind == QuestionKind.NUMBER:
            extra.update(min_value=0, max_value=100)
        QuestionFactory(instrument=instrument, kind=kind, key=f"q-{kind}", required=False, **extra)
    wave = FollowUpWaveFactory(course=course)
    pair, scientist, _policymaker = pairs["a"]
    record_consent(scientist, True)  # the wave is open: the request is made at once
    return EvaluationWorld(
        instrument=instrument,
        wave=wave,
        follow_up=FollowUpRequest.objects.get(wave=wave, participant=scientist),
        speaker_token=speaker_token(speaker),
        pair=pair,
    )
