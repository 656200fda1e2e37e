"""The reminder 48 hours before the deadline to pairs whose application is still a draft. Sent once."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from course.domain.languages import language_of
from participants.domain.emails import absolute_url, queue_templated_mail
from participants.enums import ApplicationStatus, OutboxMailKind
from participants.models import Application

REMIND_BEFORE = datetime.timedelta(hours=48)


def send_deadline_reminders(now=None):
    """Idempotent: each application is claimed with a compare-and-set on reminder_sent_at before mailing."""
    now = now or timezone.now()
    due = Application.objects.filter(
        status=ApplicationStatus.DRAFT,
        reminder_sent_at__isnull=True,
        course__deadline__gt=now,
        course__deadline__lte=now + REMIND_BEFORE,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Application.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if claimed != 1:
                continue  # another beat run or worker got there first
            application = Application.objects.select_related("course").prefetch_related("members__user").get(pk=pk)
            # One mail per language, so each member reads it in their own (a pair usually shares one).
            by_language = {}
            for member in application.members.all():
                if member.user and member.user.email:
                    by_language.setdefault(language_of(member.user), []).append(member.user.email)
            for language, emails in by_language.items():
                queue_templated_mail(
                    "deadline_reminder",
                    emails,
                    {
                        "application": application,
                        "course": application.course,
                        "link": absolute_url(reverse("participants:application", args=[pk])),
                    },
                    language=language,
                    key=f"{OutboxMailKind.DEADLINE_REMINDER}:{pk}",
                    course=application.course,
                    kind=OutboxMailKind.DEADLINE_REMINDER,
                    application=application,
                )
            sent += 1
    return sent
