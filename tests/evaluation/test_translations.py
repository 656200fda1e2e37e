"""The participant's evaluation pages and mails in the reader's language (fr, ar), the English default intact."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from course.models import LanguagePreference
from evaluation.domain.follow_up import open_due_waves, record_consent, schedule_waves, send_follow_up_reminders
from evaluation.domain.reminders import send_instrument_reminders
from evaluation.enums import QuestionKind
from tests.factories.course import CourseFactory
from tests.factories.evaluation import InstrumentFactory, QuestionFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(client):
    instrument = InstrumentFactory(title="Avant le cours ?")
    QuestionFactory(instrument=instrument, kind=QuestionKind.LONG_TEXT, text="Qu'attendez-vous ?", required=False)
    _pair, scientist, _ = make_pair(course=instrument.course)
    client.force_login(scientist.user)
    return client, reverse("evaluation:answer", args=[instrument.pk]), instrument


def test_survey_page_in_french(survey):
    client, url, _instrument = survey

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="fr" dir="ltr">' in page
    assert "← Mon parcours" in page and "Envoyer" in page and "(facultatif)" in page
    assert 'dir="auto"' in page  # the team's own words and the answer box keep their direction


def test_survey_page_in_arabic_is_right_to_left(survey):
    client, url, _instrument = survey

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    # The catalogue keeps the English arrow; the page mirrors it (static/js/app.js, app.css: docs/accessibility.md)
    assert "← سجلّي" in page and "إرسال" in page
    assert '<h1 dir="auto">Avant le cours ?</h1>' in page  # the title as the course team typed it


def test_survey_form_errors_in_french(survey):
    client, url, instrument = survey
    question = QuestionFactory(instrument=instrument, kind=QuestionKind.LIKERT_5)

    page = client.post(url, {f"q{question.pk}": ""}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Certaines réponses sont à revoir" in page and "Ce champ est obligatoire." in page


def test_my_record_heading_in_french(client):
    _pair, scientist, _ = make_pair(course=CourseFactory())
    client.force_login(scientist.user)

    page = client.get(reverse("evaluation:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<h1>Mon parcours</h1>" in page and "Avant et après" in page


def test_follow_up_reminder_goes_out_in_each_recipients_language(django_capture_on_commit_callbacks):
    course = CourseFactory(starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 7))
    (wave,) = schedule_waves(course, months=(3,))
    _pair, scientist, policymaker = make_pair(course=course)
    for participant in (scientist, policymaker):
        record_consent(participant, True)
    LanguagePreference.objects.create(user=scientist.user, language="fr")
    LanguagePreference.objects.create(user=policymaker.user, language="ar")
    day = wave.due_on - datetime.timedelta(days=7)

    nine = datetime.datetime.combine(day, datetime.time(9), datetime.UTC)
    with time_machine.travel(nine, tick=False), django_capture_on_commit_callbacks(execute=True):
        open_due_waves()
        assert send_follow_up_reminders() == 2

    by_person = {m.to[0]: m for m in mail.outbox}
    french, arabic = by_person[scientist.user.email], by_person[policymaker.user.email]
    assert french.subject.startswith("Votre suivi à 3 mois pour")
    assert "Il y a 3 mois, vous avez participé" in french.body and "juin 2025" in french.body
    assert arabic.subject.startswith("متابعتك بعد 3 أشهر")
    assert "Dear" not in arabic.body and "/evaluation/" in arabic.body


def test_instrument_reminder_defaults_to_english_without_a_choice(django_capture_on_commit_callbacks):
    instrument = InstrumentFactory(remind_hours_before_close=48)
    make_pair(course=instrument.course)

    soon = instrument.closes_at - datetime.timedelta(hours=47)
    with time_machine.travel(soon, tick=False), django_capture_on_commit_callbacks(execute=True):
        send_instrument_reminders()

    assert mail.outbox and all(m.subject.startswith("Reminder: “") for m in mail.outbox)
    assert all(m.body.startswith("Dear ") for m in mail.outbox)
