"""Issue 14 end to end in Chromium: a facilitator builds a call (three custom questions, a document, a referee),
a pair applies on phone-width pages, the referee submits, and the answers reach review and the board's filter."""

import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from course.models import Course
from participants.domain.review import assign_reviewer
from participants.enums import ApplicationStatus, MemberRole, RefereeStatus
from participants.models import Answer, Application, RefereeRequest
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory, UserFactory
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory
from tests.participants.applicant_support import TINY_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def _log_in(page, base, user):
    page.goto(base + reverse("account_login"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("pw-accord-test")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def _add_question(page, base, course, label, kind, *, scope="member", options="", word_limit=""):
    page.goto(base + reverse("participants:call_question_add", args=[course.slug, "application"]))
    page.get_by_label("Question", exact=True).fill(label)
    page.get_by_label("Kind of answer").select_option(kind)
    page.get_by_label("Who answers").select_option(scope)
    if options:
        page.get_by_label("Options").fill(options)
    if word_limit:
        page.get_by_label("Word limit").fill(word_limit)
    page.get_by_role("button", name="Save the question").click()
    page.get_by_text(f"Question “{label}” added.").wait_for()


def _pair(course):
    """Both members' standard sections are complete already: this test is about the course's own questions."""
    lead, partner = UserFactory(email="lead@e2e.example"), UserFactory(email="partner@e2e.example")
    application = ApplicationFactory(course=course, lead=lead, joint_statement="We apply together.")
    for user, role, name in (
        (lead, MemberRole.SCIENTIST, "Wanjiru Kamau"),
        (partner, MemberRole.POLICYMAKER, "Otieno Mwangi"),
    ):
        member = ApplicationMemberFactory(
            application=application, user=user, role=role, is_lead=user == lead, full_name=name, country="KE"
        )
        member.cv.save("cv.pdf", ContentFile(TINY_PDF), save=True)
    return application, lead, partner


def _answer_on_a_phone(page, base, user, application, tmp_path, funding, *, referee=False):
    _log_in(page, base, user)
    page.goto(base + reverse("participants:application", args=[application.pk]))
    questions = page.locator("#questions")
    questions.get_by_label("Do you need travel funding?").select_option(funding)
    questions.get_by_label("Policy brief").fill("Water data shared across a border.")
    questions.get_by_label("Yes").check()
    page.get_by_role("heading", name="Questions from the course team").click()
    page.locator("#answers-status").get_by_text("All answers saved").wait_for()
    pdf = tmp_path / f"support-{user.pk}.pdf"
    pdf.write_bytes(TINY_PDF)
    page.locator("#documents").get_by_label("PDF, at most 5 MB").set_input_files(str(pdf))
    page.locator("#documents").get_by_role("button", name="Upload").click()
    page.get_by_text("“Letter of support from your employer” is uploaded.").wait_for()
    if referee:
        page.get_by_label("Referee's name").fill("Dr Ada Lovelace")
        page.get_by_label("Referee's email address").fill("ada@referee.example")
        page.get_by_role("button", name="Ask for a letter").click()
        page.get_by_text("We have asked Dr Ada Lovelace for a letter.").wait_for()
        assert page.locator("#referees .badge", has_text="Requested").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375 px screen ({width}px)"


def test_facilitator_builds_a_call_a_pair_applies_on_a_phone_and_answers_reach_review(
    browser, page, live_server, tmp_path
):
    base = live_server.url
    course = CourseFactory(title="Builder Edition")
    facilitator = FacilitatorFactory()
    page.on("dialog", lambda dialog: dialog.accept())

    # The facilitator sets up the call: one referee per pair, three questions and a document.
    _log_in(page, base, facilitator)
    page.goto(base + reverse("course:facilitator_home"))
    page.get_by_role("link", name="Call and questions").click()
    page.get_by_role("link", name="Edit the edition and call text").click()
    page.get_by_label("Reference letters per pair").fill("1")
    page.get_by_role("button", name="Save the edition").click()
    page.get_by_text("The edition is saved.").wait_for()
    _add_question(page, base, course, "Do you need travel funding?", "single_choice", options="Full\nPartial\nNone")
    _add_question(page, base, course, "Policy brief", "long_text", word_limit="50")
    _add_question(page, base, course, "Have you worked together before?", "yes_no", scope="pair")
    _add_question(page, base, course, "Letter of support from your employer", "document")
    assert Course.objects.get(pk=course.pk).referees_required == 1

    # The pair answers on phone-width pages; the lead names the referee; the partner submits.
    application, lead, partner = _pair(course)
    for user, funding, referee in ((lead, "Full", True), (partner, "None", False)):
        context = browser.new_context(**PHONE)
        phone = context.new_page()
        phone.set_default_timeout(15_000)
        phone.on("dialog", lambda dialog: dialog.accept())
        try:
            _answer_on_a_phone(phone, base, user, application, tmp_path, funding, referee=referee)
            if user == partner:
                phone.get_by_role("button", name="Submit application").click()
                phone.get_by_text("Your application is submitted.").wait_for()
        finally:
            context.close()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED

    # The referee follows the emailed link, without an account, on a phone.
    link = next(m for m in mail.outbox if "ada@referee.example" in m.to).body
    path = re.search(r"https?://[^/\s]+(/apply/referee/\S+/)", link).group(1)
    context = browser.new_context(**PHONE)
    referee_page = context.new_page()
    try:
        referee_page.goto(base + path)
        referee_page.get_by_label("How do you know the applicants?").fill("Former supervisor")
        referee_page.get_by_label("Your letter").fill("I recommend them warmly.")
        referee_page.get_by_role("button", name="Submit the letter").click()
        referee_page.get_by_text("Your letter is submitted.").wait_for()
    finally:
        context.close()
    assert RefereeRequest.objects.get().status == RefereeStatus.SUBMITTED

    # A reviewer sees the answers in the review form.
    reviewer = ReviewerFactory()
    assign_reviewer(Application.objects.get(pk=application.pk), reviewer)
    page.goto(base + reverse("account_logout"))
    page.get_by_role("button", name="Log out").first.click()
    _log_in(page, base, reviewer)
    page.goto(base + reverse("participants:review_application", args=[application.pk]))
    answers = page.locator(".custom-answers")
    assert answers.get_by_text("Do you need travel funding?").is_visible()
    assert (
        answers.get_by_text("Full").is_visible()
        and answers.get_by_text("Water data shared across a border.").first.is_visible()
    )

    # The facilitator filters the board by an answer.
    other = ApplicationFactory(course=course, status=ApplicationStatus.SUBMITTED)
    ApplicationMemberFactory(application=other, role=MemberRole.SCIENTIST, is_lead=True, user=other.lead)
    page.goto(base + reverse("account_logout"))
    page.get_by_role("button", name="Log out").first.click()
    _log_in(page, base, facilitator)
    page.goto(base + reverse("participants:selection_board", args=[course.slug]))
    assert page.locator(".board-row").count() == 2
    page.get_by_label("Answer").select_option(label="Full")
    page.wait_for_url(re.compile(r"answer="))
    page.locator(f"#app-{other.pk}").wait_for(state="detached")
    row = page.locator(f"#app-{application.pk}")
    row.get_by_text("Answers (").click()
    assert row.locator(".board-answers dd", has_text="Full; None").is_visible()
    assert Answer.objects.filter(application=application, file__gt="").count() == 2
