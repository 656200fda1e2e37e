import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from participants.models import LateSubmissionCode
from tests.factories.course import CourseFactory, UserFactory
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_application_admin_change_page_renders_members_and_invitations(admin_client):
    application = make_application()

    response = admin_client.get(reverse("admin:participants_application_change", args=[application.pk]))

    assert response.status_code == 200
    assert "Issue a late-submission code" in response.content.decode()


def test_application_admin_changelist_renders(admin_client):
    make_application()

    assert admin_client.get(reverse("admin:participants_application_changelist")).status_code == 200


def test_admin_issues_late_code_in_course_time_and_shows_it_once(admin_client):
    application = make_application()
    local_until = application.course.deadline.astimezone(application.course.tzinfo) + datetime.timedelta(days=1)

    response = admin_client.post(
        reverse("admin:participants_application_late_code", args=[application.pk]),
        {"valid_until": local_until.strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 302
    code = LateSubmissionCode.objects.get(application=application)
    assert code.valid_until == local_until.replace(second=0, microsecond=0)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Late-submission code" in text for text in shown)


def test_course_admin_lists_and_opens_an_edition(admin_client):
    course = CourseFactory(title="Admin Edition")

    listing = admin_client.get(reverse("admin:course_course_changelist"))
    change = admin_client.get(reverse("admin:course_course_change", args=[course.pk]))

    assert listing.status_code == 200 and "Admin Edition" in listing.content.decode()
    # The deadline is one local-time input in the course's zone now (issue 14), not the admin's UTC date + time.
    assert change.status_code == 200 and 'name="deadline"' in change.content.decode()
    assert "(UTC+" in listing.content.decode()
