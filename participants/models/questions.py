"""The course team's own questions: eligibility, application and follow-up forms, their answers, and referees.

One builder (``participants.domain.questions``) makes every form; an answer belongs to a question for ever
(``on_delete=PROTECT``): a question with answers can only be retired. See docs/callforms.md.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django_countries import countries

from participants.enums import QuestionKind, QuestionPurpose, QuestionScope, RefereeStatus


class FollowUpForm(models.Model):
    """A form that opens to confirmed participants only: travel, passport, dietary needs…"""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="followup_forms")
    key = models.SlugField(max_length=40, help_text="A short stable name, e.g. travel or passport.")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    due_at = models.DateTimeField()
    holds_personal_documents = models.BooleanField(
        default=False,
        help_text="Passport details and the like: visible to the course team only, deleted after the course.",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "key"], name="one_followup_form_per_key")]

    def __str__(self):
        return self.title


class Question(models.Model):
    """One question of a course's eligibility screen, application form or follow-up form."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="questions")
    purpose = models.CharField(max_length=16, choices=QuestionPurpose.choices, default=QuestionPurpose.APPLICATION)
    followup_form = models.ForeignKey(
        FollowUpForm, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    key = models.SlugField(max_length=60, help_text="A short stable name used in exports, e.g. travel_funding.")
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    scope = models.CharField(max_length=8, choices=QuestionScope.choices, default=QuestionScope.MEMBER)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    choices = models.JSONField(default=list, blank=True)  # list of option strings (single/multiple choice)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    # Conditional display: shown only when ``condition_question`` was answered ``condition_value``.
    condition_question = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="dependants"
    )
    condition_value = models.CharField(max_length=200, blank=True)
    # Eligibility: the answers that let an applicant go on, and what everyone else is told.
    eligible_answers = models.JSONField(default=list, blank=True)
    ineligible_message = models.TextField(blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "key"], name="one_question_per_key")]

    def __str__(self):
        return self.label

    @property
    def is_retired(self):
        return self.retired_at is not None

    @property
    def options(self):
        """The answers a fixed-list question offers, as (value, label) pairs."""
        if self.kind == QuestionKind.YES_NO:
            return [("yes", "Yes"), ("no", "No")]
        if self.kind == QuestionKind.COUNTRY:
            return list(countries)
        return [(c, c) for c in self.choices or []]


def answer_upload_path(instance, filename):
    # The applicant's filename is never used on disk: random name, fixed extension.
    return f"answers/{uuid.uuid4().hex}.pdf"


class Answer(models.Model):
    """One answer: of a pair (member empty) or of one member. ``value`` holds text, a list, yes/no as
    "yes"/"no", a number, an ISO date or a country code; documents are files."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    application = models.ForeignKey("participants.Application", on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(
        "participants.ApplicationMember", on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    value = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to=answer_upload_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "member"], condition=models.Q(member__isnull=False), name="one_answer_per_member"
            ),
            models.UniqueConstraint(
                fields=["question", "application"],
                condition=models.Q(member__isnull=True),
                name="one_answer_per_pair",
            ),
        ]

    def __str__(self):
        return f"Answer to {self.question}"

    @property
    def display_file_name(self):
        return PurePath(self.file_name).name if self.file_name else "document.pdf"


def letter_upload_path(instance, filename):
    return f"letters/{uuid.uuid4().hex}.pdf"


class RefereeRequest(models.Model):
    """A referee named by an applicant. The link is the credential: random token, stored as a hash, single use
    (it stops working once the letter is in), expiring. Applicants see only the status."""

    application = models.ForeignKey("participants.Application", on_delete=models.CASCADE, related_name="referees")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=RefereeStatus.choices, default=RefereeStatus.REQUESTED)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    letter = models.FileField(upload_to=letter_upload_path, blank=True)
    letter_name = models.CharField(max_length=255, blank=True)
    statement = models.TextField(blank=True, help_text="The referee's letter typed in the form, if no file.")
    relationship = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Referee {self.name} for application #{self.application_id}"
