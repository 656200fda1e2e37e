"""The course team writes to the waitlist in Chromium: a typo in a placeholder is refused, the preview shows each
recipient's mail, and sending lands on the outbox with one row per recipient; and to applicants by a custom answer
(a withdrawn application's members left out)."""

import pytest
from django.urls import reverse

from participants.enums import ApplicationStatus, QuestionKind, QuestionScope
from participants.models import OutboxMail
from tests.e2e.test_selection_browser import log_in
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.questions import AnswerFactory, QuestionFactory
from tests.factories.review import submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_facilitator_composes_previews_and_sends_a_group_mail(fixture, request, live_server):
    page = request.getfixturevalue(fixture)
    course = CourseFactory(slug="mail-edition", title="Course on Science Diplomacy 2051")
    application = submitted_application(course, status=ApplicationStatus.WAITLISTED)
    names = sorted(m.full_name for m in application.members.all())
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, FacilitatorFactory())

    page.goto(live_server.url + reverse("participants:group_mail", args=[course.slug]))
    page.get_by_label("To").select_option(label="The waitlist")
    page.get_by_label("Subject").fill("Where you stand, {{ name }}")
    page.get_by_label("Body").fill("Dear {{ nmae }},\n\nYou are on the waitlist of the {{ course }}.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("Unknown placeholder(s): {{ nmae }}").wait_for()
    assert page.get_by_role("button", name="Send to").count() == 0

    page.get_by_label("Body").fill("Dear {{ name }},\n\nYou are on the waitlist of the {{ course }}.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview: 2 recipients").wait_for()
    first = page.locator("details.mail-preview").first
    assert f"Dear {names[0]}" in first.inner_text() or f"Dear {names[1]}" in first.inner_text()
    assert "Course on Science Diplomacy 2051" in first.inner_text()
    page.locator("details.mail-preview summary").nth(1).click()
    assert "Dear " in page.locator("details.mail-preview").nth(1).inner_text()

    page.get_by_role("button", name="Send to 2 recipients").click()
    page.get_by_role("heading", name="Emails").wait_for()
    assert "queued for 2 recipients" in page.content()
    assert (
        OutboxMail.objects.filter(kind="group", recipient__in=[m.user.email for m in application.members.all()]).count()
        == 2
    )
    assert not errors, errors


def test_facilitator_mails_applicants_by_a_custom_answer(page, live_server):
    course = CourseFactory(slug="answer-edition", title="Course on Science Diplomacy 2052")
    question = QuestionFactory(
        course=course,
        kind=QuestionKind.SINGLE_CHOICE,
        scope=QuestionScope.PAIR,
        label="Do you need a visa?",
        choices=["Yes", "No"],
    )
    needs_visa = submitted_application(course)
    AnswerFactory(question=question, application=needs_visa, member=None, value="Yes")
    AnswerFactory(question=question, application=submitted_application(course), member=None, value="No")
    withdrawn = submitted_application(course, status=ApplicationStatus.WITHDRAWN)
    AnswerFactory(question=question, application=withdrawn, member=None, value="Yes")
    log_in(page, live_server, FacilitatorFactory())

    page.goto(live_server.url + reverse("participants:group_mail", args=[course.slug]))
    page.get_by_label("To").select_option(label="Answered “Yes” to “Do you need a visa?”")
    page.get_by_label("Subject").fill("Your visa letter")
    page.get_by_label("Body").fill("Dear {{ name }}, you answered {{ answer }} to “{{ question }}”.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview: 2 recipients").wait_for()
    assert "you answered Yes to “Do you need a visa?”" in page.locator("details.mail-preview").first.inner_text()

    page.get_by_role("button", name="Send to 2 recipients").click()
    page.get_by_role("heading", name="Emails").wait_for()
    assert sorted(OutboxMail.objects.filter(kind="group").values_list("recipient", flat=True)) == sorted(
        m.user.email for m in needs_visa.members.all()
    )
