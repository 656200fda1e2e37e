import datetime

import pytest
import time_machine
from django.core import mail

from evaluation.domain.answers import submit_response
from evaluation.domain.reminders import send_instrument_reminders
from evaluation.models import InstrumentReminder
from tests.factories.evaluation import InstrumentFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def test_instrument_reminder_goes_once_to_those_without_an_answer(django_capture_on_commit_callbacks):
    instrument = InstrumentFactory(remind_hours_before_close=48)
    _pair, scientist, policymaker = make_pair(course=instrument.course)
    submit_response(instrument, scientist, {})

    with time_machine.travel(instrument.closes_at - datetime.timedelta(hours=49), tick=False):
        assert send_instrument_reminders() == 0
    with time_machine.travel(instrument.closes_at - datetime.timedelta(hours=47), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_instrument_reminders() == 1
        assert send_instrument_reminders() == 0
    with time_machine.travel(instrument.closes_at + datetime.timedelta(hours=1), tick=False):
        assert send_instrument_reminders() == 0

    assert list(InstrumentReminder.objects.values_list("participant_id", flat=True)) == [policymaker.pk]
    assert [m.to for m in mail.outbox] == [[policymaker.user.email]]
