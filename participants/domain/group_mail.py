"""Mail to a group: the course team picks a group, writes a template, previews it per recipient, and sends it
through the one outbox (participants.domain.outbox → course.mail), one recorded row per recipient.

**Groups** are a registry: ``register_mail_group(MailGroup(key, label, recipients))`` in an AppConfig's
``ready()``; ``recipients(course)`` returns ``Recipient`` rows (one per address; duplicates are dropped). The
built-in groups are registered by ``register_builtin_groups`` (ParticipantsConfig.ready()): applicants by
status, pairs whose partner has not accepted, accepted pairs, the waitlist, the cohort, reviewers with work left.
Extension point for the call builder: a group per custom answer ("applicants who answered X to question Q") and
the non-responders of a follow-up form are registered the same way, with any extra placeholders they fill in
``Recipient.context`` declared in ``MailGroup.placeholders``.

**Placeholders** are ``{{ name }}``; the known ones are ``PLACEHOLDERS`` plus the group's own. A template with
an unknown placeholder is refused before anything is previewed or sent, so none is ever mailed literally.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext

from participants.domain.audit import record_audit
from participants.domain.emails import absolute_url
from participants.domain.outbox import queue_outbox_mail
from participants.domain.review import ReviewRefused
from participants.enums import ApplicationStatus, OutboxMailKind
from participants.models import ApplicationMember, GroupMail, Participant, ReviewAssignment

PLACEHOLDER_PATTERN = r"\{\{\s*(\w+)\s*\}\}"
PLACEHOLDERS = {
    "name": "the recipient's name (their email when they gave none)",
    "email": "the recipient's email address",
    "course": "the course's title",
    "venue": "where the course takes place",
    "dates": "the course's dates",
    "site_url": "the platform's address",
    "application_url": "the recipient's application (empty for reviewers)",
    "review_queue_url": "the reviewer's review queue",
    "reviews_left": "how many reviews the reviewer has left (reviewers with work left)",
}
MAX_PREVIEWS = 50


class GroupMailRefused(ReviewRefused):
    """A group mail that cannot be previewed or sent; nothing was queued and ``message`` says why."""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    application_id: int | None = None
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MailGroup:
    key: str
    label: str
    recipients: object  # course -> iterable of Recipient
    placeholders: dict = field(default_factory=dict)  # extra placeholders this group fills, name -> meaning


_groups = {}


def register_mail_group(group):
    """Add (or replace, by key) a group the course team can mail."""
    _groups[group.key] = group
    return group


def unregister_mail_group(key):
    _groups.pop(key, None)


def mail_groups():
    return dict(_groups)


def mail_group(key):
    try:
        return _groups[key]
    except KeyError:
        raise GroupMailRefused(gettext("Choose a group to write to.")) from None


# --- Built-in groups ----------------------------------------------------------------------------------------


def _members(course, **application_filter):
    rows = (
        ApplicationMember.objects.filter(application__course=course, user__isnull=False, **application_filter)
        .order_by("application_id", "-is_lead", "pk")
        .values_list("user__email", "full_name", "user__first_name", "user__last_name", "application_id")
    )
    return [
        Recipient(email=email, name=full or f"{first} {last}".strip(), application_id=app_id)
        for email, full, first, last, app_id in rows
    ]


def _applicants_by_status(status):
    return lambda course: _members(course, application__status=status)


def _partner_not_accepted(course):
    """Leads of draft applications whose partner has not joined (no partner section with an account yet)."""
    return _members(
        course,
        application__status=ApplicationStatus.DRAFT,
        is_lead=True,
        application__in=ApplicationMember.objects.filter(application__course=course)
        .values("application")
        .annotate(partners=Count("pk", filter=Q(is_lead=False, user__isnull=False)))
        .filter(partners=0)
        .values("application"),
    )


def _cohort(course):
    rows = (
        Participant.objects.filter(pair__course=course)
        .order_by("pair_id", "pk")
        .values_list("user__email", "full_name", "pair__application_id")
    )
    return [Recipient(email=email, name=name, application_id=app_id) for email, name, app_id in rows]


def _reviewers_with_work_left(course):
    rows = (
        ReviewAssignment.objects.filter(
            application__course=course,
            conflict_declared_at__isnull=True,
            application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED,
            review__isnull=True,
        )
        .values("reviewer_id", "reviewer__email", "reviewer__first_name", "reviewer__last_name")
        .annotate(left=Count("pk"))
        .order_by("reviewer__email")
    )
    return [
        Recipient(
            email=r["reviewer__email"],
            name=f"{r['reviewer__first_name']} {r['reviewer__last_name']}".strip(),
            context={"reviews_left": r["left"]},
        )
        for r in rows
    ]


STATUS_GROUP_LABELS = {
    ApplicationStatus.DRAFT: "Applicants with a draft",
    ApplicationStatus.SUBMITTED: "Applicants who submitted (awaiting a decision)",
    ApplicationStatus.WITHDRAWN: "Applicants who withdrew",
    ApplicationStatus.REJECTED: "Applicants not selected",
    ApplicationStatus.DECLINED: "Pairs who declined their place",
    ApplicationStatus.EXPIRED: "Pairs whose place expired",
}


def register_builtin_groups():
    register_mail_group(
        MailGroup("partner_not_accepted", "Pairs whose partner has not accepted", _partner_not_accepted)
    )
    register_mail_group(
        MailGroup("accepted", "Accepted pairs (not yet confirmed)", _applicants_by_status(ApplicationStatus.ACCEPTED))
    )
    register_mail_group(MailGroup("waitlist", "The waitlist", _applicants_by_status(ApplicationStatus.WAITLISTED)))
    register_mail_group(MailGroup("cohort", "The cohort (confirmed pairs)", _cohort))
    register_mail_group(MailGroup("reviewers_with_work_left", "Reviewers with work left", _reviewers_with_work_left))
    for status, label in STATUS_GROUP_LABELS.items():
        register_mail_group(MailGroup(f"status:{status}", label, _applicants_by_status(status)))


# --- Templates, previews, sending ---------------------------------------------------------------------------


def known_placeholders(group):
    return {**PLACEHOLDERS, **group.placeholders}


def unknown_placeholders(text, group):
    known = known_placeholders(group)
    return sorted({name for name in re.findall(PLACEHOLDER_PATTERN, text) if name not in known})


def check_template(group, subject, body):
    unknown = unknown_placeholders(f"{subject}\n{body}", group)
    if unknown:
        raise GroupMailRefused(
            "Unknown placeholder(s): "
            + ", ".join("{{ " + u + " }}" for u in unknown)
            + ". Known: "
            + ", ".join("{{ " + k + " }}" for k in known_placeholders(group))
            + ". Nothing was sent."
        )


def recipients_of(course, group):
    seen, out = set(), []
    for recipient in group.recipients(course):
        address = (recipient.email or "").strip().lower()
        if address and address not in seen:
            seen.add(address)
            out.append(recipient)
    return out


def context_for(course, recipient):
    application_url = (
        absolute_url(reverse("participants:application", args=[recipient.application_id]))
        if recipient.application_id
        else ""
    )
    return {
        "name": recipient.name or recipient.email,
        "email": recipient.email,
        "course": course.title,
        "venue": course.venue,
        "dates": f"{course.starts_on:%-d %B} – {course.ends_on:%-d %B %Y}",
        "site_url": absolute_url("/"),
        "application_url": application_url,
        "review_queue_url": absolute_url(reverse("participants:review_queue")),
        "reviews_left": "",
        **recipient.context,
    }


def render(text, context):
    # Every placeholder was checked to be known; a known one without a value renders empty, never literally.
    return re.sub(PLACEHOLDER_PATTERN, lambda m: str(context.get(m.group(1), "")), text)


@dataclass(frozen=True)
class Preview:
    recipient: Recipient
    subject: str
    body: str


def preview_group_mail(course, group_key, subject, body, limit=MAX_PREVIEWS):
    """(previews of the first ``limit`` recipients, number of recipients). Refused for unknown placeholders."""
    group = mail_group(group_key)
    check_template(group, subject, body)
    recipients = recipients_of(course, group)
    previews = []
    for recipient in recipients[:limit]:
        context = context_for(course, recipient)
        previews.append(Preview(recipient, " ".join(render(subject, context).split()), render(body, context)))
    return previews, len(recipients)


@transaction.atomic
def send_group_mail(course, group_key, subject, body, *, by):
    """Queue the mail to every recipient of the group through the outbox. Returns the GroupMail."""
    group = mail_group(group_key)
    check_template(group, subject, body)
    recipients = recipients_of(course, group)
    if not recipients:
        raise GroupMailRefused(f"Nobody is in “{group.label}” right now; nothing was sent.")
    group_mail = GroupMail.objects.create(
        course=course,
        group=group.key,
        group_label=group.label,
        subject=subject,
        body=body,
        recipients=len(recipients),
        sent_by=by if getattr(by, "is_authenticated", False) else None,
    )
    for recipient in recipients:
        context = context_for(course, recipient)
        queue_outbox_mail(
            key=f"{OutboxMailKind.GROUP}:{group_mail.pk}:{recipient.email.lower()}",
            course=course,
            kind=OutboxMailKind.GROUP,
            group_mail=group_mail,
            application_id=recipient.application_id,
            recipient=recipient.email,
            subject=" ".join(render(subject, context).split()),
            body=render(body, context),
        )
    record_audit(course, by, "send_group_mail", group_mail, after={"group": group.key, "recipients": len(recipients)})
    return group_mail
