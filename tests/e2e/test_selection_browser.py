"""A facilitator's reviewer scores, the facilitator accepts and releases; the pair reads the email and confirms."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from participants.domain.review import assign_reviewer
from participants.domain.selection import stage_decision
from participants.enums import ApplicationStatus
from participants.models import Application, Pair
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory
from tests.factories.review import submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_facilitator_reviews_accepts_releases_and_the_pair_confirms(page, live_server):
    course = CourseFactory(slug="browser-edition", capacity_pairs=2)
    application = submitted_application(course, countries=("GH", "GH"), genders=("woman", ""))
    other = submitted_application(course, countries=("PE", "PE"))
    facilitator = FacilitatorFactory()
    facilitator.groups.add(*ReviewerFactory().groups.all())  # this facilitator also reviews
    assign_reviewer(application, facilitator)
    assign_reviewer(other, facilitator)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # Review, from the keyboard: radios and the Save button are ordinary form controls.
    log_in(page, live_server, facilitator)
    page.goto(live_server.url + reverse("participants:review_queue"))
    page.get_by_role("link", name=f"#{application.pk}").click()
    for group in page.locator("fieldset.score-group").all():
        group.get_by_label("5", exact=True).check()
    page.get_by_label("Comment for facilitators").fill("An outstanding pair.")
    page.get_by_label("Comment for facilitators").press("Tab")
    page.keyboard.press("Enter")  # focus is on Save
    page.get_by_text(f"Review of application #{application.pk} saved.").wait_for()
    assert page.locator('a[rel="next"]').count() == 1  # next application in the queue, no detour via the list

    # Stage an accept on the board: the row and the balance update without a reload.
    page.goto(live_server.url + reverse("participants:selection_board", args=[course.slug]))
    page.evaluate("window.__noReload = true")
    row = page.locator(f"#app-{application.pk}")
    row.get_by_label(f"Decision for application #{application.pk}").select_option("accept")
    row.get_by_role("button", name="Stage").click()
    page.locator(f"#app-{application.pk} .badge-warn", has_text="staged: Accept").wait_for()
    assert page.locator("#capacity-meter").get_attribute("value") == "1"
    assert "Ghana 2" in page.locator("#balance").inner_text()
    assert page.evaluate("window.__noReload") is True
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # staged, not visible to the applicants

    # Release.
    page.get_by_role("link", name="Review and release decisions").click()
    page.get_by_role("button", name=re.compile(r"Release 1 decision")).click()
    page.get_by_text("1 decision released").wait_for()
    assert page.locator("td", has_text=application.lead.email).count() == 1

    # Each member follows the link in their decision email and confirms.
    members = list(application.members.select_related("user"))
    for member in members:
        message = next(m for m in mail.outbox if m.to == [member.user.email])
        path = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
        log_in(page, live_server, member.user)
        page.goto(live_server.url + path)
        assert page.locator(".application-status").inner_text() == "Accepted"
        page.get_by_role("button", name="I confirm my attendance").click()
        page.locator(".messages").wait_for()

    assert "Both of you confirmed" in page.content()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.CONFIRMED
    assert Pair.objects.get(application=application).participants.count() == 2
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_facilitator_pages_fit_a_phone(phone_page, live_server):
    course = CourseFactory(slug="phone-edition")
    application = submitted_application(course, countries=("ID", "ID"))
    # A long address without spaces: it appears in the application's history and the audit log.
    facilitator = FacilitatorFactory(
        email="a.rather.long.facilitator.address@selection.example.org", first_name="", last_name=""
    )
    stage_decision(application, "accept", by=facilitator)
    log_in(phone_page, live_server, facilitator)
    names = ("board", "emails", "release", "audit", "cohort", "outbox")
    pages = [reverse(f"participants:selection_{name}", args=[course.slug]) for name in names]
    pages += [
        reverse("participants:review_assignments", args=[course.slug]),
        reverse("participants:selection_application", args=[course.slug, application.pk]),
    ]

    for url in pages:
        phone_page.goto(live_server.url + url)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} overflows a 375 px screen ({width}px)"
    phone_page.goto(live_server.url + pages[0])
    assert phone_page.locator(f"#app-{application.pk}").is_visible()
