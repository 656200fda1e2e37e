import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from programme.domain import speakers as speaking
from programme.enums import ConfirmationState
from programme.models import SpeakerConfirmation, SpeakerSignInLink
from tests.factories.course import UserFactory
from tests.factories.programme import MaterialFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def _token_from_mail():
    body = mail.outbox[-1].body
    return body.split("/speaker/sign-in/")[1].split("/")[0]


def test_issue_sign_in_link_mails_the_speaker_and_stores_only_a_hash(django_capture_on_commit_callbacks):
    speaker = SpeakerFactory(email="ana@speakers.example")

    with django_capture_on_commit_callbacks(execute=True):
        token = speaking.issue_sign_in_link(speaker)

    assert mail.outbox[-1].to == ["ana@speakers.example"]
    assert _token_from_mail() == token
    assert not SpeakerSignInLink.objects.filter(token_hash=token).exists()


def test_sign_in_link_creates_an_account_for_its_address_once():
    speaker = SpeakerFactory(email="New.Speaker@speakers.example")
    token = speaking.issue_sign_in_link(speaker)

    user, signed_in = speaking.use_sign_in_link(token)

    assert signed_in == speaker
    assert user.email == "new.speaker@speakers.example" and not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    speaker.refresh_from_db()
    assert speaker.user == user


def test_sign_in_link_matches_an_existing_account_by_email():
    existing = UserFactory(email="ana@speakers.example")
    speaker = SpeakerFactory(email="ANA@speakers.example")

    user, _ = speaking.use_sign_in_link(speaking.issue_sign_in_link(speaker))

    assert user == existing


def test_sign_in_link_reused_is_refused():
    token = speaking.issue_sign_in_link(SpeakerFactory(email="ana@speakers.example"))
    speaking.use_sign_in_link(token)

    with pytest.raises(speaking.SpeakerRefused, match="already used"):
        speaking.use_sign_in_link(token)


def test_sign_in_link_expired_is_refused():
    now = timezone.now()
    token = speaking.issue_sign_in_link(SpeakerFactory(email="ana@speakers.example"), now=now)

    with pytest.raises(speaking.SpeakerRefused, match="expired"):
        speaking.use_sign_in_link(token, now=now + speaking.SIGN_IN_LINK_LIFETIME + datetime.timedelta(seconds=1))


def test_sign_in_link_refuses_a_browser_signed_in_with_another_address():
    token = speaking.issue_sign_in_link(SpeakerFactory(email="ana@speakers.example"))
    someone_else = UserFactory(email="mallory@example.org")

    with pytest.raises(speaking.SpeakerRefused, match="This link is for ana@speakers.example"):
        speaking.use_sign_in_link(token, current_user=someone_else)
    assert SpeakerSignInLink.objects.get().used_at is None


def test_sign_in_link_for_an_address_since_changed_is_refused():
    speaker = SpeakerFactory(email="old@speakers.example")
    token = speaking.issue_sign_in_link(speaker)
    speaker.email = "new@speakers.example"
    speaker.save()

    with pytest.raises(speaking.SpeakerRefused):
        speaking.use_sign_in_link(token)


def test_unknown_token_is_refused():
    with pytest.raises(speaking.SpeakerRefused, match="not valid"):
        speaking.use_sign_in_link("nope")


def test_answer_session_needs_a_note_to_ask_for_a_change():
    speaker = SpeakerFactory()
    session = SessionFactory(course=speaker.course, speakers=[speaker])

    with pytest.raises(speaking.SpeakerRefused, match="what should change"):
        speaking.answer_session(speaker, session, state=ConfirmationState.CHANGE_REQUESTED, note=" ")
    speaking.answer_session(speaker, session, state=ConfirmationState.CHANGE_REQUESTED, note="Tuesday please")
    speaking.answer_session(speaker, session, state=ConfirmationState.CONFIRMED)

    assert SpeakerConfirmation.objects.get().state == ConfirmationState.CONFIRMED


def test_answer_session_refuses_someone_elses_session():
    speaker = SpeakerFactory()
    session = SessionFactory(course=speaker.course)

    with pytest.raises(speaking.SpeakerRefused):
        speaking.answer_session(speaker, session, state=ConfirmationState.CONFIRMED)


def test_remind_speakers_mails_only_those_not_done(django_capture_on_commit_callbacks):
    done = SpeakerFactory(email="done@speakers.example")
    course = done.course
    session = SessionFactory(course=course, speakers=[done])
    speaking.answer_session(done, session, state=ConfirmationState.CONFIRMED)
    MaterialFactory(session=session, speaker=done)
    unanswered = SpeakerFactory(course=course, email="late@speakers.example")
    SessionFactory(course=course, speakers=[unanswered])
    SpeakerFactory(course=course, email="")  # no address: cannot be reminded
    SpeakerFactory(course=course, email="idle@speakers.example")  # no session: nothing to ask

    with django_capture_on_commit_callbacks(execute=True):
        reminded = speaking.remind_speakers(course)

    assert reminded == [unanswered]
    assert [m.to for m in mail.outbox] == [["late@speakers.example"]]
