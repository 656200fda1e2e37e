"""Mail to a group: the course team picks a group, writes a template, previews it per recipient, and sends it
through the one outbox (participants.domain.outbox → course.mail), one recorded row per recipient.

**Groups** are a registry: ``register_mail_group(MailGroup(key, label, recipients))`` in an AppConfig's
``ready()``; ``recipients(course)`` returns ``Recipient`` rows (one per address; duplicates are dropped). The
built-in groups are registered by ``register_builtin_groups`` (ParticipantsConfig.ready()): applicants by
status, pairs whose partner has not accepted, accepted pairs, the waitlist, the cohort, reviewers with work left,
applicants by a custom answer, and members who have not answered a follow-up form. Extra placeholders a group
fills in ``Recipient.context`` are declared in ``MailGroup.placeholders``.

A group with ``options`` (``course -> [(option, label)]``) is a family of groups, one per option of the course:
"applicants who answered *value* to *question*" is the ``answer`` group with the option ``<question id>|<value>``;
its ``recipients(course, option)`` takes the option. The composer offers each option as its own group, keyed
``<group key>|<option>`` (``group_choices``); ``mail_group(key, course)`` resolves a key to a ``ChosenGroup``.
Evaluation registers the non-responders of each follow-up survey wave the same way (EvaluationConfig.ready()).

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
from participants.domain.followups import who_has_not_answered
from participants.domain.outbox import queue_outbox_mail
from participants.domain.review import ReviewRefused
from participants.enums import ApplicationStatus, OutboxMailKind, QuestionKind, QuestionPurpose, QuestionScope
from participants.models import (
    Answer,
    ApplicationMember,
    FollowUpForm,
    GroupMail,
    Participant,
    Question,
    ReviewAssignment,
)

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
    recipients: object  # course -> iterable of Recipient; (course, option) -> … when the group has options
    placeholders: dict = field(default_factory=dict)  # extra placeholders this group fills, name -> meaning
    options: object = None  # course -> [(option, label)]: one group per option (see the module's docstring)


OPTION_SEPARATOR = "|"


@dataclass(frozen=True)
class ChosenGroup:
    """A group as the composer offers it: a plain group, or a group with options and the option chosen."""

    key: str  # what the composer posts and the GroupMail records: "<group key>" or "<group key>|<option>"
    label: str
    group: MailGroup
    option: str | None = None

    @property
    def placeholders(self):
        return self.group.placeholders

    def recipients(self, course):
        if self.group.options is None:
            return self.group.recipients(course)
        return self.group.recipients(course, self.option)


_groups = {}


def register_mail_group(group):
    """Add (or replace, by key) a group the course team can mail."""
    _groups[group.key] = group
    return group


def unregister_mail_group(key):
    _groups.pop(key, None)


def mail_groups():
    return dict(_groups)


def group_choices(course):
    """Every group the composer offers for ``course``, as ``ChosenGroup`` rows: plain groups, then one per option
    of each group with options (one query per such group)."""
    plain, expanded = [], []
    for group in _groups.values():
        if group.options is None:
            plain.append(ChosenGroup(group.key, group.label, group))
            continue
        for option, label in group.options(course):
            expanded.append(ChosenGroup(f"{group.key}{OPTION_SEPARATOR}{option}", label, group, option))
    return plain + expanded


def mail_group(key, course=None):
    """The ``ChosenGroup`` a composer key names (``course`` is needed for a group with options); refused when
    unknown, or when the option is no longer offered (a retired question, a deleted form)."""
    base, _, option = (key or "").partition(OPTION_SEPARATOR)
    group = _groups.get(base)
    if group is None or (group.options is None) != (not option):
        raise GroupMailRefused(gettext("Choose a group to write to."))
    if group.options is None:
        return ChosenGroup(group.key, group.label, group)
    labels = dict(group.options(course)) if course is not None else {}
    if option not in labels:
        raise GroupMailRefused(gettext("Choose a group to write to."))
    return ChosenGroup(key, labels[option], group, option)


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


# Applicants by a custom answer: the course team's own fixed-list questions (a country has too many options to
# list; the board filters by it).
ANSWER_GROUP_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO)


def _answer_questions(course):
    return Question.objects.filter(
        course=course,
        purpose__in=[QuestionPurpose.ELIGIBILITY, QuestionPurpose.APPLICATION],
        kind__in=ANSWER_GROUP_KINDS,
        retired_at__isnull=True,
    ).order_by("purpose", "position", "pk")


def _answer_options(course):
    """("<question id>|<value>", "Answered “value” to “label”") for each option of each fixed-list question."""
    return [
        (
            f"{question.pk}{OPTION_SEPARATOR}{value}",
            f"Answered “{label}” to “{_short(question.label)}”",
        )
        for question in _answer_questions(course)
        for value, label in question.options
    ]


def _short(text, limit=80):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _answered(value, wanted):
    return wanted in value if isinstance(value, list) else str(value) == wanted


def _applicants_by_answer(course, option):
    """Members of applications that were not withdrawn whose answer is ``value`` (both members when the pair
    answers once; only the member who gave it when each member answers)."""
    question_id, _, wanted = option.partition(OPTION_SEPARATOR)
    question = _answer_questions(course).filter(pk=int(question_id)).first() if question_id.isdigit() else None
    if question is None:
        return []
    answers = Answer.objects.filter(question=question).exclude(application__status=ApplicationStatus.WITHDRAWN)
    matching = [
        (app_id, member_id)
        for app_id, member_id, value in answers.values_list("application_id", "member_id", "value")
        if value is not None and _answered(value, wanted)
    ]
    if question.scope == QuestionScope.PAIR:
        chosen = {"application_id__in": {app_id for app_id, _ in matching}}
    else:
        chosen = {"pk__in": {member_id for _, member_id in matching if member_id}}
    label = dict(question.options).get(wanted, wanted)
    return [
        Recipient(r.email, r.name, r.application_id, context={"question": question.label, "answer": label})
        for r in _members(course, **chosen)
    ]


def _followup_form_options(course):
    return [
        (str(pk), f"Have not answered the follow-up form “{_short(title)}”")
        for pk, title in FollowUpForm.objects.filter(course=course, purged_at__isnull=True)
        .order_by("due_at", "pk")
        .values_list("pk", "title")
    ]


def _followup_form_non_responders(course, option):
    """Members of confirmed pairs whose required answers to the form are not all in."""
    form = FollowUpForm.objects.filter(course=course, pk=int(option) if option.isdigit() else 0).first()
    if form is None:
        return []
    return [
        Recipient(
            m.user.email,
            m.full_name or m.user.get_full_name(),
            m.application_id,
            context={"form": form.title, "form_due": f"{form.due_at:%-d %B %Y}"},
        )
        for m in who_has_not_answered(form)
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
    register_mail_group(
        MailGroup(
            "answer",
            "Applicants by a custom answer",
            _applicants_by_answer,
            placeholders={"question": "the question (applicants by a custom answer)", "answer": "the answer chosen"},
            options=_answer_options,
        )
    )
    register_mail_group(
        MailGroup(
            "followup_form",
            "Have not answered a follow-up form",
            _followup_form_non_responders,
            placeholders={"form": "the follow-up form's title", "form_due": "when the form is due"},
            options=_followup_form_options,
        )
    )


# --- Templates, previews, sending ---------------------------------------------------------------------------


def all_placeholders():
    """Every placeholder the composer may offer: the common ones, then those only some groups fill."""
    extra = {}
    for group in _groups.values():
        for name, meaning in group.placeholders.items():
            extra.setdefault(name, f"{meaning} — only “{group.label}”")
    return {**PLACEHOLDERS, **extra}


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
    group = mail_group(group_key, course)
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
    group = mail_group(group_key, course)
    check_template(group, subject, body)
    recipients = recipients_of(course, group)
    if not recipients:
        raise GroupMailRefused(f"Nobody is in “{group.label}” right now; nothing was sent.")
    group_mail = GroupMail.objects.create(
        course=course,
        group=group.key[:100],
        group_label=group.label[:200],
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
