"""The pair application's rules: starting, drafting, completeness, submitting and withdrawing.

Its part of the one state machine: DRAFT → SUBMITTED (or DRAFT/SUBMITTED → WITHDRAWN); later moves belong to
selection. Every status change goes through participants.domain.transitions.transition_application.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from course.domain.languages import language_of
from participants.domain.deadlines import can_edit_application, is_call_open, is_past_deadline, redeem_late_code
from participants.domain.emails import absolute_url, queue_templated_mail
from participants.domain.errors import ApplicationRefused, TransitionRefused
from participants.domain.questions import eligibility_refusals, missing_answers, questions_for, required_count
from participants.domain.transitions import transition_application
from participants.enums import (
    ApplicationStatus,
    InvitationStatus,
    MemberRole,
    OutboxMailKind,
    QuestionPurpose,
    RefereeStatus,
)
from participants.models import Answer, Application, ApplicationMember

# Server-side word limits; the same numbers drive the live counters in the form.
WORD_LIMITS = {"bio": 150, "motivation": 300, "plans_together": 200}
JOINT_STATEMENT_WORD_LIMIT = 500

# What a member's own section holds; gender is optional and never counts towards completeness.
SECTION_FIELDS = [
    "full_name",
    "country",
    "affiliation",
    "position",
    "career_stage",
    "gender",
    "bio",
    "motivation",
    "plans_together",
]
REQUIRED_SECTION_FIELDS = [name for name in SECTION_FIELDS if name != "gender"] + ["cv"]
PART_NAMES = {
    "full_name": gettext_lazy("full name"),
    "country": gettext_lazy("country"),
    "affiliation": gettext_lazy("institution"),
    "position": gettext_lazy("position"),
    "career_stage": gettext_lazy("career stage"),
    "bio": gettext_lazy("short bio"),
    "motivation": gettext_lazy("motivation"),
    "plans_together": gettext_lazy("plans together"),
    "cv": gettext_lazy("CV"),
}


def count_words(text):
    return len((text or "").split())


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    missing: tuple

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self):
        return self.done == self.total


def compute_member_progress(member, questions=(), answers=()):
    """How complete one member's section is; a field over its word limit does not count as done. With the
    course's own ``questions`` (and the application's ``answers``), the member's required questions count too,
    exactly like the standard fields."""
    missing = []
    for name in REQUIRED_SECTION_FIELDS:
        value = getattr(member, name) if member is not None else None
        filled = bool(value and str(value).strip())
        if filled and name in WORD_LIMITS and count_words(value) > WORD_LIMITS[name]:
            filled = False
        if not filled:
            missing.append(name)
    total = len(REQUIRED_SECTION_FIELDS)
    if questions and member is not None:
        custom_missing = missing_answers(questions, answers, member=member)
        total += required_count(questions, answers, member=member)
        missing.extend(custom_missing)
    return Progress(done=total - len(missing), total=total, missing=tuple(missing))


def has_verified_email(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def find_active_application(user, course):
    return (
        Application.objects.filter(course=course, members__user=user, status__in=ApplicationStatus.ACTIVE)
        .order_by("-created_at")
        .first()
    )


def get_member(application, user):
    """The user's own section of the application, or None when they are not a member."""
    for member in application.members.all():
        if member.user_id == user.pk:
            return member
    return None


def _require_member(application, user):
    member = get_member(application, user)
    if member is None:
        raise ApplicationRefused(gettext("You are not a member of this application."))
    return member


def _require_editable(application, now):
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationRefused(
            gettext("This application is %(status)s, so it can no longer be changed.")
            % {"status": application.get_status_display().lower()}
        )
    if not can_edit_application(application, now):
        raise ApplicationRefused(
            gettext("The deadline has passed, so this draft can no longer be changed. It stays readable.")
        )


class NotEligible(ApplicationRefused):
    """The eligibility screen's answers end the journey; ``reasons`` are the course team's explanations."""

    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def start_application(user, course, role, now=None, eligibility=None):
    """The user starts a pair application as its lead, in their own role. When the course asks eligibility
    questions, ``eligibility`` ({question_id: cleaned value}) must answer each, with answers that may go on
    (else ``NotEligible`` with the explanations); the answers are kept as the pair's."""
    now = now or timezone.now()
    screen = questions_for(course, QuestionPurpose.ELIGIBILITY)
    eligibility = eligibility or {}
    if screen:
        if any(eligibility.get(q.pk) in (None, "") for q in screen):
            raise ApplicationRefused(gettext("Please answer every eligibility question first."))
        reasons = eligibility_refusals(screen, eligibility)
        if reasons:
            raise NotEligible(reasons)
    if role not in MemberRole.values:
        raise ApplicationRefused(gettext("Please choose whether you apply as the scientist or the policymaker."))
    if not is_call_open(course, now):
        raise ApplicationRefused(gettext("The call for applications to this course is not open."))
    if not has_verified_email(user):
        raise ApplicationRefused(gettext("Please verify your email address before you apply."))
    with transaction.atomic():
        if find_active_application(user, course) is not None:
            raise ApplicationRefused(gettext("You already have an application for this course."))
        application = Application.objects.create(course=course, lead=user)
        ApplicationMember.objects.create(
            application=application, user=user, role=role, is_lead=True, full_name=user.get_full_name()
        )
        for question in screen:
            Answer.objects.create(question=question, application=application, value=eligibility[question.pk])
    return application


def save_member_section(member, by_user, changes, now=None):
    """Store a draft of the member's own section. Drafts may be incomplete; only known fields are taken."""
    now = now or timezone.now()
    if member.user_id != by_user.pk:
        raise ApplicationRefused(gettext("You can only change your own section."))
    _require_editable(member.application, now)
    fields = [name for name in SECTION_FIELDS if name in changes]
    for name in fields:
        setattr(member, name, changes[name] if changes[name] is not None else "")
    if fields:
        member.save(update_fields=[*fields, "updated_at"])
    return member


def save_joint_statement(application, by_user, text, now=None):
    now = now or timezone.now()
    _require_member(application, by_user)
    _require_editable(application, now)
    application.joint_statement = text or ""
    application.save(update_fields=["joint_statement", "updated_at"])
    return application


def list_submission_problems(application, questions=None):
    """Everything still standing between this application and submission, in plain words. ``questions``: the
    course's application questions when the caller has them already."""
    problems = []
    members = list(application.members.all())
    if questions is None:
        questions = questions_for(application.course, QuestionPurpose.APPLICATION)
    answers = list(application.answers.all()) if questions else []
    roles = sorted(member.role for member in members)
    if len(members) < 2:
        problems.append(gettext("Your partner has not joined yet."))
    elif roles != sorted(MemberRole.values):
        problems.append(gettext("A pair must be exactly one scientist and one policymaker."))
    for member in members:
        progress = compute_member_progress(member, questions, answers)
        if not progress.is_complete:
            missing = ", ".join(str(PART_NAMES.get(name) or f"“{name}”") for name in progress.missing)
            if member.full_name:
                problem = gettext("%(name)s's section is not complete yet (still to do: %(missing)s).")
            else:
                problem = gettext("The %(role)s's section is not complete yet (still to do: %(missing)s).")
            problems.append(
                problem % {"name": member.full_name, "role": member.get_role_display().lower(), "missing": missing}
            )
    pair_missing = missing_answers(questions, answers) if questions else []
    if pair_missing:
        problems.append(
            gettext("Questions for the pair still to answer: %(questions)s.")
            % {"questions": ", ".join(f"“{q}”" for q in pair_missing)}
        )
    required_referees = application.course.referees_required
    if required_referees:
        named = sum(1 for r in application.referees.all() if r.status != RefereeStatus.CANCELLED)
        if named < required_referees:
            problems.append(
                ngettext(
                    "Name %(count)d referee (%(named)d named so far).",
                    "Name %(count)d referees (%(named)d named so far).",
                    required_referees,
                )
                % {"count": required_referees, "named": named}
            )
    statement = application.joint_statement.strip()
    if not statement:
        problems.append(gettext("The joint statement is still empty."))
    elif count_words(statement) > JOINT_STATEMENT_WORD_LIMIT:
        problems.append(
            gettext("The joint statement is longer than %(limit)d words.") % {"limit": JOINT_STATEMENT_WORD_LIMIT}
        )
    return problems


def submit_application(application, by_user, now=None, late_code=None):
    """Submit on time (deadline inclusive) or, after it, with a valid late-submission code used once."""
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("course").get(pk=application.pk)
        _require_member(application, by_user)
        if application.status != ApplicationStatus.DRAFT:
            raise ApplicationRefused(
                gettext("This application is %(status)s, so it cannot be submitted again.")
                % {"status": application.get_status_display().lower()}
            )
        problems = list_submission_problems(application)
        if problems:
            raise ApplicationRefused(
                gettext("Not ready to submit yet: %(problems)s") % {"problems": " ".join(problems)}
            )
        if is_past_deadline(application.course, now):
            if not late_code:
                raise ApplicationRefused(
                    gettext(
                        "The deadline has passed, so the application can no longer be submitted. "
                        "Your draft stays readable. If a facilitator gave you a late-submission code, enter it."
                    )
                )
            redeem_late_code(application, late_code, now)
        try:
            transition_application(
                application,
                ApplicationStatus.SUBMITTED,
                actor=by_user,
                expected_from=ApplicationStatus.DRAFT,
                now=now,
                fields={"submitted_at": now},
            )
        except TransitionRefused:
            raise ApplicationRefused(gettext("This application has already been submitted.")) from None
        application.refresh_from_db()
        link = absolute_url(reverse("participants:application", args=[application.pk]))
        for member in application.members.all():
            if member.user and member.user.email:
                queue_templated_mail(
                    "submission_confirmation",
                    [member.user.email],
                    {"application": application, "course": application.course, "member": member, "link": link},
                    language=language_of(member.user),
                    key=f"{OutboxMailKind.SUBMITTED}:{application.pk}",  # submitted once (compare-and-set above)
                    course=application.course,
                    kind=OutboxMailKind.SUBMITTED,
                    application=application,
                )
    return application


def withdraw_application(application, by_user, now=None):
    """Either member may withdraw a draft or a submitted application before the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("course").get(pk=application.pk)
        _require_member(application, by_user)
        if application.status not in ApplicationStatus.WITHDRAWABLE:
            raise ApplicationRefused(
                gettext("This application is %(status)s, so it cannot be withdrawn here.")
                % {"status": application.get_status_display().lower()}
            )
        if is_past_deadline(application.course, now):
            raise ApplicationRefused(
                gettext("The deadline has passed, so the application can no longer be withdrawn here.")
            )
        transition_application(
            application, ApplicationStatus.WITHDRAWN, actor=by_user, now=now, fields={"withdrawn_at": now}
        )
        application.invitations.filter(status__in=[InvitationStatus.SENT, InvitationStatus.OPENED]).update(
            status=InvitationStatus.CANCELLED, cancelled_at=now
        )
    return application
