"""Mail to a group: groups, placeholders checked before anything is sent, a preview per recipient, one outbox
row per recipient, sent with retries and visible to the team."""

import pytest
from django.core import mail
from django.urls import reverse

from participants.domain.group_mail import (
    GroupMailRefused,
    MailGroup,
    Recipient,
    mail_groups,
    preview_group_mail,
    recipients_of,
    register_mail_group,
    send_group_mail,
    unregister_mail_group,
)
from participants.domain.review import assign_reviewer
from participants.enums import ApplicationStatus, OutboxMailKind, OutboxStatus
from participants.models import GroupMail, OutboxMail
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory, make_pair
from tests.factories.review import ReviewFactory, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseFactory(title="Course on Science Diplomacy 2051")


@pytest.fixture
def facilitator():
    return FacilitatorFactory()


def _emails(course, key):
    return sorted(r.email for r in recipients_of(course, mail_groups()[key]))


def test_groups_select_the_right_people(course):
    waitlisted = submitted_application(course, status=ApplicationStatus.WAITLISTED)
    accepted = submitted_application(course, status=ApplicationStatus.ACCEPTED)
    submitted_application(course)  # submitted: in none of the groups below
    lonely = ApplicationFactory(course=course)
    ApplicationMemberFactory(application=lonely, user=lonely.lead, is_lead=True)
    _, scientist, policymaker = make_pair(course)
    reviewer = ReviewerFactory()
    assign_reviewer(submitted_application(course), reviewer)
    done = ReviewerFactory()
    ReviewFactory(assignment=assign_reviewer(submitted_application(course), done))

    assert _emails(course, "waitlist") == sorted(m.user.email for m in waitlisted.members.all())
    assert _emails(course, "accepted") == sorted(m.user.email for m in accepted.members.all())
    assert _emails(course, "partner_not_accepted") == [lonely.lead.email]
    assert _emails(course, "cohort") == sorted([scientist.user.email, policymaker.user.email])
    assert _emails(course, "reviewers_with_work_left") == [reviewer.email]
    assert len(_emails(course, "status:submitted")) == 6


def test_an_unknown_placeholder_is_refused_and_nothing_is_sent(course, facilitator):
    submitted_application(course, status=ApplicationStatus.WAITLISTED)

    with pytest.raises(GroupMailRefused, match=r"\{\{ nmae \}\}"):
        send_group_mail(course, "waitlist", "Hello", "Dear {{ nmae }}", by=facilitator)
    with pytest.raises(GroupMailRefused, match="Unknown placeholder"):
        preview_group_mail(course, "waitlist", "{{ bogus }}", "x")

    assert not OutboxMail.objects.exists() and not GroupMail.objects.exists()


def test_preview_fills_each_recipients_placeholders(course, settings):
    settings.SITE_URL = "https://course.example"
    application = submitted_application(course, status=ApplicationStatus.WAITLISTED)

    previews, total = preview_group_mail(
        course, "waitlist", "News for {{ name }}", "Dear {{ name }}: {{ application_url }}"
    )

    assert total == 2
    names = sorted(m.full_name for m in application.members.all())
    assert sorted(p.subject for p in previews) == sorted(f"News for {n}" for n in names)
    assert all(f"https://course.example/apply/applications/{application.pk}/" in p.body for p in previews)


def test_sending_queues_one_outbox_row_per_recipient_and_sends_them(
    course, facilitator, django_capture_on_commit_callbacks
):
    submitted_application(course, status=ApplicationStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        group_mail = send_group_mail(
            course, "waitlist", "Waitlist news", "Dear {{ name }}, {{ course }}", by=facilitator
        )

    rows = OutboxMail.objects.filter(group_mail=group_mail)
    assert rows.count() == group_mail.recipients == 2
    assert set(rows.values_list("kind", "status")) == {(OutboxMailKind.GROUP, OutboxStatus.SENT)}
    assert all("Course on Science Diplomacy 2051" in m.body and "{{" not in m.body for m in mail.outbox)


def test_an_empty_group_is_refused(course, facilitator):
    with pytest.raises(GroupMailRefused, match="Nobody"):
        send_group_mail(course, "cohort", "Hi", "Hi", by=facilitator)


def test_a_registered_group_with_its_own_placeholder(course, facilitator):
    """The extension point the call builder uses for custom answers and follow-up non-responders."""
    register_mail_group(
        MailGroup(
            "test:answer",
            "Applicants who answered “yes”",
            lambda c: [Recipient("a@example.org", "A", context={"answer": "yes"})],
            placeholders={"answer": "their answer"},
        )
    )
    try:
        previews, total = preview_group_mail(course, "test:answer", "s", "You said {{ answer }}")
    finally:
        unregister_mail_group("test:answer")  # the registry is module state

    assert (total, previews[0].body) == (1, "You said yes")


def test_compose_page_previews_then_sends(client, course, facilitator):
    submitted_application(course, status=ApplicationStatus.WAITLISTED)
    client.force_login(facilitator)
    url = reverse("participants:group_mail", args=[course.slug])
    data = {"group": "waitlist", "subject": "News", "body": "Dear {{ name }}"}

    preview = client.post(url, data | {"action": "preview"})
    queued_by_preview = OutboxMail.objects.count()
    sent = client.post(url, data | {"action": "send"})

    assert preview.status_code == 200 and "Preview: 2 recipients" in preview.content.decode()
    assert queued_by_preview == 0
    assert sent.status_code == 302 and OutboxMail.objects.filter(kind="group").count() == 2


def test_compose_page_refuses_an_unknown_placeholder_with_what_was_typed(client, course, facilitator):
    submitted_application(course, status=ApplicationStatus.WAITLISTED)
    client.force_login(facilitator)

    response = client.post(
        reverse("participants:group_mail", args=[course.slug]),
        {"group": "waitlist", "subject": "News", "body": "Dear {{ nmae }}", "action": "send"},
    )

    assert response.status_code == 200
    assert "Unknown placeholder" in response.content.decode()
    assert "Dear {{ nmae }}" in response.content.decode()
    assert not OutboxMail.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_compose_page_query_count_is_constant(client, course, facilitator, django_assert_num_queries, count):
    submitted_application(course, status=ApplicationStatus.WAITLISTED)
    for _ in range(count):
        send_group_mail(course, "waitlist", "s", "b", by=facilitator)
    client.force_login(facilitator)

    # session user, course, sent group mails (with who sent them), and the options of the groups with options:
    # the course's fixed-list questions, its follow-up forms, its follow-up survey waves (evaluation)
    with django_assert_num_queries(6):
        response = client.get(reverse("participants:group_mail", args=[course.slug]))

    assert response.content.decode().count("recipients ·") == count
