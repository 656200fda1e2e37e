"""The composer's group of follow-up survey non-responders (evaluation/domain/mail_groups.py)."""

import pytest
from django.utils import timezone

from evaluation.enums import RequestStatus
from participants.domain.group_mail import GroupMailRefused, group_choices, mail_group, preview_group_mail
from tests.factories.course import CourseFactory
from tests.factories.evaluation import FollowUpConsentFactory, FollowUpRequestFactory, FollowUpWaveFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def _asked(wave, participant, status=RequestStatus.PENDING, consent=True, withdrawn=False):
    FollowUpConsentFactory(
        participant=participant, consented=consent, withdrawn_at=timezone.now() if withdrawn else None
    )
    return FollowUpRequestFactory(wave=wave, participant=participant, status=status)


def test_non_responders_are_those_asked_who_have_neither_answered_nor_declined():
    course = CourseFactory()
    wave = FollowUpWaveFactory(course=course, months_after=3)
    _, silent, answered = make_pair(course)
    _, declined, withdrew = make_pair(course)
    _, never_asked, _ = make_pair(course)
    _asked(wave, silent)
    _asked(wave, answered, status=RequestStatus.ANSWERED)
    _asked(wave, declined, status=RequestStatus.DECLINED)
    _asked(wave, withdrew, withdrawn=True)  # consent withdrawn: follow-up mail stops

    chosen = mail_group(f"wave_non_responders|{wave.pk}", course)

    assert [r.email for r in chosen.recipients(course)] == [silent.user.email]
    assert never_asked.user.email not in [r.email for r in chosen.recipients(course)]


def test_each_wave_that_asked_someone_is_offered_and_fills_the_survey_link(settings):
    settings.SITE_URL = "https://course.example"
    course = CourseFactory()
    wave = FollowUpWaveFactory(course=course, months_after=3)
    FollowUpWaveFactory(course=course, months_after=12)  # not opened yet: nobody asked, not offered
    _, scientist, _ = make_pair(course)
    request = _asked(wave, scientist)

    offered = [c.key for c in group_choices(course) if c.group.key == "wave_non_responders"]
    previews, total = preview_group_mail(course, f"wave_non_responders|{wave.pk}", "s", "{{ follow_up_url }}")

    assert offered == [f"wave_non_responders|{wave.pk}"]
    assert (total, previews[0].body) == (1, f"https://course.example/evaluation/follow-up/{request.pk}/")


def test_a_wave_of_another_course_is_refused():
    wave = FollowUpWaveFactory()
    _, scientist, _ = make_pair(wave.course)
    _asked(wave, scientist)

    with pytest.raises(GroupMailRefused):
        mail_group(f"wave_non_responders|{wave.pk}", CourseFactory())
