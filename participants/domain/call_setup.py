"""The course team sets up its own call: the edition's fields, opening and closing the call, late-submission
codes, copying a previous edition. Every change is written to the course's audit log in the same transaction."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from course.models import Course
from participants.domain.audit import record_audit
from participants.domain.deadlines import issue_late_code
from participants.domain.errors import ApplicationRefused
from participants.domain.questions import copy_questions
from participants.enums import ApplicationStatus
from participants.models import Application, FollowUpForm, LateSubmissionCode


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def save_edition(form, by):
    """Save a valid ``course.forms.EditionForm``; the audit entry names each changed field, before and after."""
    course = form.instance
    created = course.pk is None
    before = {}
    if not created:
        old = Course.objects.get(pk=course.pk)
        before = {name: _jsonable(getattr(old, name)) for name in form.changed_data if hasattr(old, name)}
    course = form.save()
    if created:
        after = {"title": course.title, "slug": course.slug}
    else:
        after = {name: _jsonable(getattr(course, name)) for name in before}
    record_audit(course, by, "edition_created" if created else "edition_changed", course, before=before, after=after)
    return course


@transaction.atomic
def set_call_closed(course, closed, by):
    if course.call_closed == closed:
        return course
    Course.objects.filter(pk=course.pk).update(call_closed=closed)
    course.call_closed = closed
    record_audit(course, by, "call_closed" if closed else "call_reopened", course, after={"call_closed": closed})
    return course


@transaction.atomic
def copy_edition(source, by, *, title, slug, shift_days):
    """A new edition from ``source``: its texts, settings, questions and follow-up forms, every date moved by
    ``shift_days``. The copy's call starts closed, so nobody applies before the course team has checked it."""
    if Course.objects.filter(slug=slug).exists():
        raise ApplicationRefused(f"An edition with the address “{slug}” already exists; choose another.")
    delta = datetime.timedelta(days=shift_days)
    copy = Course.objects.create(
        title=title,
        slug=slug,
        edition_number=source.edition_number + 1,
        venue=source.venue,
        timezone=source.timezone,
        starts_on=source.starts_on + delta,
        ends_on=source.ends_on + delta,
        capacity_pairs=source.capacity_pairs,
        opens_at=_same_wall_clock(source, source.opens_at, delta),
        deadline=_same_wall_clock(source, source.deadline, delta),
        description=source.description,
        call_text=source.call_text,
        what_to_prepare=source.what_to_prepare,
        eligibility_text=source.eligibility_text,
        confirm_by_days=source.confirm_by_days,
        referees_required=source.referees_required,
        call_closed=True,
    )
    forms = {}
    for form in FollowUpForm.objects.filter(course=source):
        forms[form.pk] = FollowUpForm.objects.create(
            course=copy,
            key=form.key,
            title=form.title,
            intro=form.intro,
            due_at=_same_wall_clock(source, form.due_at, delta),
            holds_personal_documents=form.holds_personal_documents,
        ).pk
    copy_questions(source, copy, followup_forms=forms)
    record_audit(copy, by, "edition_copied", copy, before={"from": source.slug}, after={"shift_days": shift_days})
    return copy


def _same_wall_clock(course, instant, delta):
    """``instant`` moved by ``delta`` days keeping its wall-clock time in the course's zone (23:59 stays 23:59
    across a daylight-saving change)."""
    local = timezone.localtime(instant, course.tzinfo).replace(tzinfo=None) + delta
    return local.replace(tzinfo=course.tzinfo).astimezone(datetime.UTC)


# --- Late-submission codes -----------------------------------------------------------------------------------


def late_codes(course):
    return (
        LateSubmissionCode.objects.filter(application__course=course)
        .select_related("application", "created_by")
        .order_by("-created_at")
    )


@transaction.atomic
def create_late_code(application, by, valid_until, now=None):
    code = issue_late_code(application, by, valid_until, now=now)
    record_audit(
        application.course,
        by,
        "late_code_created",
        application,
        after={"valid_until": valid_until.isoformat()},
    )
    return code


@transaction.atomic
def revoke_late_code(code, by, now=None):
    """The code stops working at once (its validity ends now); a used code stays as it was."""
    now = now or timezone.now()
    changed = LateSubmissionCode.objects.filter(pk=code.pk, used_at__isnull=True, valid_until__gte=now).update(
        valid_until=now - datetime.timedelta(seconds=1)
    )
    if not changed:
        raise ApplicationRefused(gettext("This code is already used or expired, so there is nothing to revoke."))
    record_audit(code.application.course, by, "late_code_revoked", code.application, before={"code": code.pk})


def drafts_of(course):
    return (
        Application.objects.filter(course=course, status=ApplicationStatus.DRAFT)
        .prefetch_related("members")
        .order_by("pk")
    )
