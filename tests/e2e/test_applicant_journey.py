"""The whole applicant journey in a real headless Chromium: two people, two sign-ups, one submitted pair."""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from course.timezones import format_course_datetime
from participants.enums import ApplicationStatus, InvitationStatus
from participants.models import Application
from tests.factories.course import CourseFactory, UserFactory
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory
from tests.participants.applicant_support import TINY_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pass-phrase-2024"
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def _link_in_mail_to(email, pattern):
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(pattern, message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no email to {email} matching {pattern!r}; outbox: {[m.subject for m in mail.outbox]}")


def _path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def _sign_up_and_verify(page, base, email):
    """On the sign-up page (or from the landing page when not there yet): sign up, then confirm the address."""
    if reverse("account_signup") not in page.url:
        page.goto(base + reverse("account_signup"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    confirm = _link_in_mail_to(email, r"https?://\S+/accounts/confirm-email/\S+")
    page.goto(base + _path_of(confirm))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


def _fill_section(page, full_name, country, position):
    form = page.locator("#my-section")
    # Typed key by key: exercises the htmx autosave after a pause (keyup changed delay:1s).
    form.get_by_label("Full name").fill("")
    form.get_by_label("Full name").press_sequentially(full_name, delay=10)
    page.locator("#section-status").get_by_text("All changes saved").wait_for()
    form.get_by_label("Country").select_option(country)
    form.get_by_label("Institution or organisation").fill("University of Nairobi")
    form.get_by_label("Current position").fill(position)
    form.get_by_label("Career stage").select_option("mid")
    form.get_by_label("Short bio").fill("Twenty years between the laboratory and the ministry.")
    form.get_by_label("Why do you want to take part?").fill("To bring evidence to negotiations over shared water.")
    assert page.locator("#id_motivation-count").text_content().startswith("8 / 300 words")
    form.get_by_label("What do you and your partner want to work on together").fill("A joint water-data agreement.")
    form.get_by_role("button", name="Save", exact=True).click()  # the no-JavaScript path works too
    page.get_by_text("Your section is saved.").wait_for()


def _upload_cv(page, tmp_path, name):
    pdf = tmp_path / name
    pdf.write_bytes(TINY_PDF)
    page.locator("#my-cv").get_by_label("CV (PDF, at most 5 MB)").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload CV").click()
    page.get_by_text("Your CV is uploaded.").wait_for()


def test_pair_applies_from_sign_up_to_submission(page, live_server, tmp_path):
    course = CourseFactory(title="Journey Edition")
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit now?" confirmation
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    # The lead scientist signs up, verifies through the email, starts the application and invites the partner.
    _sign_up_and_verify(page, base, "lead@example.org")
    page.goto(base + reverse("participants:start", args=[course.slug]))
    page.get_by_label("Scientist").check()
    page.get_by_role("button", name="Start the application").click()
    page.get_by_role("heading", name="Your pair application to Journey Edition").wait_for()
    page.get_by_label("Your partner's email address").fill("partner@example.org")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to partner@example.org.").wait_for()
    assert page.locator("#partner").get_by_text("Invitation sent").first.is_visible()
    _fill_section(page, "Wanjiru Kamau", "KE", "Senior lecturer")
    _upload_cv(page, tmp_path, "lead-cv.pdf")
    page.reload()
    assert page.locator("#my-section").get_by_label("Full name").input_value() == "Wanjiru Kamau"
    page.get_by_role("textbox", name="Joint statement").fill(
        "We will build a shared water-data platform for our region."
    )
    page.get_by_role("button", name="Save statement").click()
    page.get_by_text("The joint statement is saved.").wait_for()
    page.get_by_role("button", name="Log out").click()

    # The partner opens the link, signs up with the invited address, verifies, accepts and fills in.
    invitation_path = _path_of(_link_in_mail_to("partner@example.org", r"https?://\S+/apply/invitations/\S+/"))
    page.goto(base + invitation_path)
    assert Application.objects.get().invitations.get().status == InvitationStatus.OPENED
    page.locator("main").get_by_role("link", name="Sign up").click()
    _sign_up_and_verify(page, base, "partner@example.org")
    # Confirming the address logs the partner in and brings them back to the invitation.
    page.wait_for_url(base + invitation_path)
    page.get_by_label("Policymaker").check()
    page.get_by_role("button", name="Accept and join").click()
    page.get_by_text("You have joined the application").wait_for()
    _fill_section(page, "Otieno Mwangi", "KE", "Policy adviser, Ministry of Water")
    _upload_cv(page, tmp_path, "partner-cv.pdf")

    page.get_by_role("button", name="Submit application").click()
    page.get_by_text("Your application is submitted.").wait_for()
    assert page.locator(".badge", has_text="Submitted").first.is_visible()
    page.goto(base + reverse("participants:dashboard"))
    assert page.locator(".application-card .badge", has_text="Submitted").is_visible()

    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    confirmations = [m for m in mail.outbox if "has been submitted" in m.subject]
    assert sorted(address for m in confirmations for address in m.to) == ["lead@example.org", "partner@example.org"]
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_application_page_fits_a_phone_and_autosaves(phone_page, live_server):
    user = UserFactory()
    application = ApplicationFactory(lead=user)
    ApplicationMemberFactory(application=application, user=user, is_lead=True, full_name="")
    phone_page.goto(live_server.url + reverse("account_login"))
    phone_page.get_by_label("Email").fill(user.email)
    phone_page.get_by_label("Password").fill("pw-accord-test")
    phone_page.get_by_role("button", name="Log in").click()
    phone_page.goto(live_server.url + reverse("participants:application", args=[application.pk]))

    progress = phone_page.locator(f"#progress-bar-{application.members.get().pk}")
    before = int(progress.get_attribute("value"))
    # fill() types no keys, so no keyup can trigger the save: only leaving the field (a tap elsewhere) does.
    phone_page.get_by_label("Full name").fill("Lina Haddad")
    phone_page.get_by_role("heading", name="Your section").click()
    phone_page.locator("#section-status").get_by_text("All changes saved").wait_for()

    assert application.members.get().full_name == "Lina Haddad"
    assert int(progress.get_attribute("value")) == before + 1  # the progress bar follows the autosave
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375 px screen ({width}px)"


def test_browser_in_another_timezone_sees_course_time_deadline(browser, live_server):
    now = datetime.datetime.now(datetime.UTC)
    winter_deadline = datetime.datetime(now.year + 1, 1, 20, 23, 59, tzinfo=ROME)  # CET whatever today is
    course = CourseFactory(opens_at=now - datetime.timedelta(days=1), deadline=winter_deadline)
    user = UserFactory()
    application = ApplicationFactory(course=course, lead=user)
    ApplicationMemberFactory(application=application, user=user, is_lead=True)
    context = browser.new_context(timezone_id="America/Los_Angeles", locale="en-US")
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("account_login"))
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill("pw-accord-test")
        page.get_by_role("button", name="Log in").click()
        page.goto(live_server.url + reverse("participants:application", args=[application.pk]))

        browser_zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
        deadline_text = page.locator(".deadline").first.text_content()
        assert browser_zone == "America/Los_Angeles"
        assert f"20 January {now.year + 1}, 23:59 CET (UTC+1)" in deadline_text
        assert format_course_datetime(course, course.deadline) in deadline_text
    finally:
        context.close()
