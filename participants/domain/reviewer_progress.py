"""Per-reviewer progress in a course (assigned, done, overdue) and the reminder the course team sends.

Counted over active assignments (no conflict declared) of applications still under review: a withdrawn
application drops out of every figure. "Overdue" are the reviews not saved once ``ReviewConfig.reviews_due_at``
has passed. Reminders are outbox mails (kind ``review_reminder``), one per reviewer and day at most (the key).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from course.timezones import format_course_datetime
from participants.domain.audit import record_audit
from participants.domain.emails import absolute_url
from participants.domain.outbox import queue_outbox_mail
from participants.domain.review import read_review_config
from participants.enums import ApplicationStatus, OutboxMailKind


@dataclass(frozen=True)
class ReviewerProgress:
    reviewer_id: int
    name: str
    email: str
    assigned: int
    done: int
    overdue: int

    @property
    def left(self):
        return self.assigned - self.done


def reviewer_progress(course, now=None, config=None):
    """One row per reviewer with an active assignment in ``course``, most work left first. One query (two
    without ``config``, the course's review settings)."""
    now = now or timezone.now()
    config = config or read_review_config(course)
    due_passed = config.reviews_due_at is not None and now >= config.reviews_due_at
    active = Q(
        review_assignments__application__course=course,
        review_assignments__conflict_declared_at__isnull=True,
        review_assignments__application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED,
    )
    rows = (
        get_user_model()
        .objects.annotate(
            assigned=Count("review_assignments", filter=active, distinct=True),
            done=Count(
                "review_assignments", filter=active & Q(review_assignments__review__isnull=False), distinct=True
            ),
        )
        .filter(assigned__gt=0)
        .values_list("pk", "first_name", "last_name", "email", "assigned", "done")
    )
    progress = [
        ReviewerProgress(
            reviewer_id=pk,
            name=f"{first} {last}".strip() or email,
            email=email,
            assigned=assigned,
            done=done,
            overdue=(assigned - done) if due_passed else 0,
        )
        for pk, first, last, email, assigned, done in rows
    ]
    progress.sort(key=lambda p: (-p.left, p.email))
    return progress


def reminder_text(course, progress, due_at):
    due = f" Reviews are due by {format_course_datetime(course, due_at)}." if due_at else ""
    subject = f"{progress.left} review(s) waiting for you: {course.title}"
    body = (
        f"Dear {progress.name},\n\n"
        f"Thank you for reviewing for the {course.title}. You have reviewed {progress.done} of the "
        f"{progress.assigned} application(s) assigned to you; {progress.left} remain.{due}\n\n"
        f"Your review queue: {absolute_url(reverse('participants:review_queue'))}\n\nThe course team"
    )
    return subject, body


@transaction.atomic
def send_review_reminders(course, *, by, reviewer_ids=None, now=None):
    """Queue a reminder to each reviewer with work left (or only to ``reviewer_ids``). Returns how many were
    queued; a reviewer reminded today already is not reminded again."""
    now = now or timezone.now()
    config = read_review_config(course)
    queued = 0
    for progress in reviewer_progress(course, now, config):
        if progress.left <= 0 or (reviewer_ids is not None and progress.reviewer_id not in reviewer_ids):
            continue
        subject, body = reminder_text(course, progress, config.reviews_due_at)
        _, created = queue_outbox_mail(
            key=f"{OutboxMailKind.REVIEW_REMINDER}:{course.pk}:{progress.reviewer_id}:{now:%Y-%m-%d}",
            course=course,
            kind=OutboxMailKind.REVIEW_REMINDER,
            recipient=progress.email,
            subject=subject,
            body=body,
        )
        queued += created
    if queued:
        record_audit(course, by, "remind_reviewers", course, after={"reminders": queued})
    return queued
