"""Models of the evaluation app: instruments and their answers, and the follow-up of pairs."""

from .followup import FollowUpConsent, FollowUpReminder, FollowUpRequest, FollowUpWave, JointOutput, SuccessCase
from .instruments import Instrument, Question, SessionFeedbackOff, SpeakerComment
from .responses import Answer, ErasureRecord, InstrumentReminder, Response, ResponseReceipt

__all__ = [
    "Answer",
    "ErasureRecord",
    "FollowUpConsent",
    "FollowUpReminder",
    "FollowUpRequest",
    "FollowUpWave",
    "Instrument",
    "InstrumentReminder",
    "JointOutput",
    "Question",
    "Response",
    "ResponseReceipt",
    "SessionFeedbackOff",
    "SpeakerComment",
    "SuccessCase",
]
