import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from participants.domain.applications import (
    compute_member_progress,
    list_submission_problems,
    save_joint_statement,
    save_member_section,
    start_application,
    submit_application,
    withdraw_application,
)
from participants.domain.deadlines import issue_late_code
from participants.domain.errors import ApplicationRefused
from participants.enums import ApplicationStatus, MemberRole
from participants.models import Application, ApplicationMember, AuditLogEntry
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.participants import ApplicationMemberFactory
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")
SECOND = datetime.timedelta(seconds=1)


def test_start_application_creates_lead_section_in_chosen_role():
    user = UserFactory()
    course = CourseFactory()

    application = start_application(user, course, MemberRole.POLICYMAKER)

    member = application.members.get()
    assert (member.user, member.role, member.is_lead) == (user, MemberRole.POLICYMAKER, True)
    assert application.status == ApplicationStatus.DRAFT


def test_start_application_refused_when_user_already_applies_to_course():
    user = UserFactory()
    course = CourseFactory()
    start_application(user, course, MemberRole.SCIENTIST)

    with pytest.raises(ApplicationRefused):
        start_application(user, course, MemberRole.SCIENTIST)
    assert Application.objects.filter(course=course).count() == 1


def test_start_application_allowed_again_after_withdrawal():
    user = UserFactory()
    course = CourseFactory()
    first = start_application(user, course, MemberRole.SCIENTIST)
    withdraw_application(first, user)

    second = start_application(user, course, MemberRole.SCIENTIST)

    assert second.pk != first.pk


def test_start_application_refused_without_verified_email():
    user = UserFactory(verified=False)

    with pytest.raises(ApplicationRefused, match="verify"):
        start_application(user, CourseFactory(), MemberRole.SCIENTIST)


def test_start_application_refused_when_call_closed():
    now = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    course = CourseFactory(opens_at=now - datetime.timedelta(days=60), deadline=now - datetime.timedelta(days=1))

    with pytest.raises(ApplicationRefused, match="not open"):
        start_application(UserFactory(), course, MemberRole.SCIENTIST, now=now)
    assert not Application.objects.exists()


def test_member_progress_ignores_optional_gender_and_counts_cv():
    member = ApplicationMemberFactory.build(gender="", cv="")

    progress = compute_member_progress(member)

    assert progress.missing == ("cv",)
    assert progress.done == progress.total - 1


def test_member_progress_does_not_count_text_over_word_limit():
    member = ApplicationMemberFactory.build(motivation="word " * 301, cv="cvs/x.pdf")

    assert compute_member_progress(member).missing == ("motivation",)


def test_save_member_section_stores_incomplete_draft():
    application = make_application(complete=False, with_partner=False)
    member = application.members.get()

    save_member_section(member, application.lead, {"full_name": "Amina Diallo", "motivation": "Half a thought"})

    member.refresh_from_db()
    assert member.full_name == "Amina Diallo"
    assert member.motivation == "Half a thought"


def test_save_member_section_refused_for_partners_section():
    application = make_application()
    partner = application.members.get(is_lead=False)

    with pytest.raises(ApplicationRefused):
        save_member_section(partner, application.lead, {"full_name": "Hijacked"})
    partner.refresh_from_db()
    assert partner.full_name != "Hijacked"


def test_save_member_section_refused_after_deadline_and_draft_kept():
    application = make_application(complete=False)
    member = application.members.get(is_lead=True)
    member.full_name = "Kept"
    member.save()
    after = application.course.deadline + SECOND

    with pytest.raises(ApplicationRefused, match="deadline"):
        save_member_section(member, application.lead, {"full_name": "Changed"}, now=after)
    member.refresh_from_db()
    assert member.full_name == "Kept"


def test_submit_application_complete_pair_succeeds_and_emails_both(django_capture_on_commit_callbacks):
    application = make_application()

    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application, application.lead)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(m.user.email for m in application.members.all())


def test_submit_application_refused_without_partner():
    application = make_application(with_partner=False)

    with pytest.raises(ApplicationRefused, match="partner has not joined"):
        submit_application(application, application.lead)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_application_refused_with_incomplete_section():
    application = make_application()
    ApplicationMember.objects.filter(application=application, is_lead=False).update(motivation="")

    with pytest.raises(ApplicationRefused, match="not complete"):
        submit_application(application, application.lead)


def test_submit_application_refused_without_joint_statement():
    application = make_application()
    Application.objects.filter(pk=application.pk).update(joint_statement="  ")

    with pytest.raises(ApplicationRefused, match="joint statement"):
        submit_application(application, application.lead)


def test_submission_problems_flag_two_members_in_same_role():
    # The database forbids two scientists in one application; the rule itself is checked on plain objects.
    application = make_application(with_partner=False)
    lead = application.members.get()
    twin = ApplicationMember(application=application, role=MemberRole.SCIENTIST)
    application._prefetched_objects_cache = {"members": [lead, twin]}

    assert "A pair must be exactly one scientist and one policymaker." in list_submission_problems(application)


def test_submit_application_refused_for_non_member():
    application = make_application()

    with pytest.raises(ApplicationRefused):
        submit_application(application, UserFactory())


def test_submit_application_twice_refused():
    application = make_application()
    submit_application(application, application.lead)

    with pytest.raises(ApplicationRefused, match="cannot be submitted again"):
        submit_application(application, application.lead)


# --- Deadline edges ----------------------------------------------------------------------------------


def _course_with_deadline(deadline):
    return CourseFactory(opens_at=deadline - datetime.timedelta(days=60), deadline=deadline)


@pytest.mark.parametrize(
    ("offset", "submitted"), [(-SECOND, True), (datetime.timedelta(0), True), (SECOND, False)], ids=["-1s", "0s", "+1s"]
)
def test_submit_application_at_deadline_edges(offset, submitted):
    deadline = datetime.datetime(2024, 2, 5, 23, 59, tzinfo=ROME)
    application = make_application(course=_course_with_deadline(deadline))

    with time_machine.travel(deadline + offset, tick=False):
        if submitted:
            submit_application(application, application.lead)
        else:
            with pytest.raises(ApplicationRefused, match="deadline has passed"):
                submit_application(application, application.lead)

    application.refresh_from_db()
    assert (application.status == ApplicationStatus.SUBMITTED) is submitted


# 31 March 2024: clocks in Rome jump from 02:00 CET to 03:00 CEST, so 02:30 local does not exist.
# 27 October 2024: clocks fall back from 03:00 CEST to 02:00 CET, so 02:30 local happens twice.
DST_DEADLINES = {
    "spring-forward-just-before": datetime.datetime(2024, 3, 31, 0, 59, 59, tzinfo=datetime.UTC),  # 01:59:59 CET
    "spring-forward-just-after": datetime.datetime(2024, 3, 31, 1, 0, 0, tzinfo=datetime.UTC),  # 03:00:00 CEST
    "fall-back-first-0230": datetime.datetime(2024, 10, 27, 2, 30, tzinfo=ROME, fold=0),  # 02:30 CEST
    "fall-back-second-0230": datetime.datetime(2024, 10, 27, 2, 30, tzinfo=ROME, fold=1),  # 02:30 CET
}


@pytest.mark.parametrize("deadline", DST_DEADLINES.values(), ids=DST_DEADLINES.keys())
def test_submit_application_deadline_edges_across_daylight_saving_change(deadline):
    # Arithmetic on a local aware datetime is wall-clock arithmetic and drops fold; do it in UTC.
    deadline = deadline.astimezone(datetime.UTC)
    on_time = make_application(course=_course_with_deadline(deadline))
    late = make_application(course=on_time.course)

    with time_machine.travel(deadline - SECOND, tick=False):
        submit_application(on_time, on_time.lead)
    with time_machine.travel(deadline + SECOND, tick=False), pytest.raises(ApplicationRefused):
        submit_application(late, late.lead)

    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.status == ApplicationStatus.SUBMITTED
    assert late.status == ApplicationStatus.DRAFT


def test_dst_fall_back_deadlines_one_hour_apart_in_utc():
    # Guard for the parametrised cases above: the two 02:30s really are distinct instants.
    first = DST_DEADLINES["fall-back-first-0230"].astimezone(datetime.UTC)
    second = DST_DEADLINES["fall-back-second-0230"].astimezone(datetime.UTC)
    assert second - first == datetime.timedelta(hours=1)


def test_submit_after_deadline_with_late_code_succeeds_once():
    application = make_application()
    deadline = application.course.deadline
    code = issue_late_code(application, FacilitatorFactory(), valid_until=deadline + datetime.timedelta(days=2))

    submit_application(application, application.lead, now=deadline + datetime.timedelta(hours=5), late_code=code)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.late_codes.get().used_at is not None


def test_late_code_refused_after_its_valid_until():
    application = make_application()
    deadline = application.course.deadline
    code = issue_late_code(application, FacilitatorFactory(), valid_until=deadline + datetime.timedelta(hours=2))

    with pytest.raises(ApplicationRefused, match="late-submission code"):
        submit_application(application, application.lead, now=deadline + datetime.timedelta(hours=3), late_code=code)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.late_codes.get().used_at is None


def test_late_code_refused_for_another_application():
    mine = make_application()
    other = make_application(course=mine.course)
    code = issue_late_code(other, FacilitatorFactory(), valid_until=mine.course.deadline + datetime.timedelta(days=1))

    with pytest.raises(ApplicationRefused):
        submit_application(mine, mine.lead, now=mine.course.deadline + SECOND, late_code=code)
    assert other.late_codes.get().used_at is None


def test_late_code_usable_only_once():
    application = make_application()
    deadline = application.course.deadline
    code = issue_late_code(application, FacilitatorFactory(), valid_until=deadline + datetime.timedelta(days=1))
    submit_application(application, application.lead, now=deadline + SECOND, late_code=code.lower())
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.DRAFT)

    with pytest.raises(ApplicationRefused):
        submit_application(application, application.lead, now=deadline + 2 * SECOND, late_code=code)


def test_save_joint_statement_by_either_member():
    application = make_application(complete=False)
    partner = application.members.get(is_lead=False).user

    save_joint_statement(application, partner, "Our plan")

    application.refresh_from_db()
    assert application.joint_statement == "Our plan"


def test_withdraw_application_by_partner_before_deadline():
    application = make_application()
    partner = application.members.get(is_lead=False).user

    withdraw_application(application, partner)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_withdraw_application_refused_after_deadline():
    application = make_application()

    with pytest.raises(ApplicationRefused, match="deadline"):
        withdraw_application(application, application.lead, now=application.course.deadline + SECOND)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_cross_country_pair_flagged():
    application = make_application()
    ApplicationMember.objects.filter(application=application, is_lead=False).update(country="IT")

    assert Application.objects.get(pk=application.pk).is_cross_country


def test_draft_editable_after_deadline_while_late_code_is_valid():
    application = make_application(complete=False)
    member = application.members.get(is_lead=True)
    deadline = application.course.deadline
    issue_late_code(application, FacilitatorFactory(), valid_until=deadline + datetime.timedelta(hours=6))

    save_member_section(member, application.lead, {"position": "Finished late"}, now=deadline + SECOND)
    with pytest.raises(ApplicationRefused):
        save_member_section(
            member, application.lead, {"position": "Too late"}, now=deadline + datetime.timedelta(hours=7)
        )

    member.refresh_from_db()
    assert member.position == "Finished late"


def test_issue_late_code_refused_for_time_in_the_past():
    application = make_application()

    with pytest.raises(ApplicationRefused, match="future"):
        issue_late_code(
            application, FacilitatorFactory(), valid_until=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
    assert not application.late_codes.exists()


def test_submit_and_withdraw_go_through_the_one_writer_with_audit_rows():
    application = make_application()
    partner = application.members.get(is_lead=False).user

    submit_application(application, application.lead)
    withdraw_application(application, partner)

    entries = AuditLogEntry.objects.filter(object_id=str(application.pk)).order_by("pk")
    assert [(e.action, e.actor, e.before, e.after) for e in entries] == [
        ("submitted", application.lead, {"status": "draft"}, {"status": "submitted"}),
        ("withdrawn", partner, {"status": "submitted"}, {"status": "withdrawn"}),
    ]
    application.refresh_from_db()
    assert application.submitted_at and application.withdrawn_at
