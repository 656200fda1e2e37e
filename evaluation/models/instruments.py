"""Instruments (questionnaires) per edition and their questions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluation.enums import InstrumentPurpose, QuestionBlock, QuestionKind, RespondentUnit


class Instrument(models.Model):
    """A questionnaire of one edition: who answers it, whether anonymously, and when it can be answered."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="instruments")
    purpose = models.CharField(max_length=24, choices=InstrumentPurpose.choices, default=InstrumentPurpose.OTHER)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text=_("Shown above the questions."))
    is_anonymous = models.BooleanField(
        default=False, help_text=_("Anonymous: the answers are stored without any trace of who gave them.")
    )
    unit = models.CharField(max_length=16, choices=RespondentUnit.choices, default=RespondentUnit.PARTICIPANT)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    remind_hours_before_close = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Mail those who have not answered this many hours before it closes.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_id", "position", "opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="instrument_closes_after_open"
            ),
            # One instrument per built-in purpose per edition (the report reads them by purpose).
            models.UniqueConstraint(
                fields=["course", "purpose"],
                condition=~models.Q(purpose=InstrumentPurpose.OTHER),
                name="one_instrument_per_purpose",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now):
        return self.opens_at <= now < self.closes_at


class Question(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    key = models.SlugField(
        max_length=60, help_text=_("Items with the same key in a pretest and a posttest are compared with each other.")
    )
    block = models.CharField(max_length=16, choices=QuestionBlock.choices, default=QuestionBlock.NOW)
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    anchor_low = models.CharField(max_length=80, blank=True, help_text=_("Likert: what 1 means."))
    anchor_high = models.CharField(max_length=80, blank=True, help_text=_("Likert: what the top of the scale means."))
    choices = models.JSONField(default=list, blank=True, help_text='[{"key": "a", "label": "…"}, …]')
    correct_key = models.CharField(max_length=40, blank=True, help_text="Knowledge item: the correct choice's key.")
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["instrument_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key", "block"], name="question_key_unique_in_instrument")
        ]

    def __str__(self):
        return self.text

    @property
    def scale_max(self):
        return QuestionKind.scaled().get(self.kind)

    @property
    def scale(self):
        return list(range(1, (self.scale_max or 0) + 1))

    def choice_label(self, key):
        return next((c["label"] for c in self.choices if c.get("key") == key), key)


class SessionFeedbackOff(models.Model):
    """The team has switched feedback off for this session (a break, a closed-door briefing…)."""

    session = models.OneToOneField("programme.Session", on_delete=models.CASCADE, related_name="+")
    switched_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    switched_off_at = models.DateTimeField(auto_now_add=True)


class SpeakerComment(models.Model):
    """A participant's comment on a session as the team moderated it for the speakers (edited if needed)."""

    session = models.ForeignKey("programme.Session", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_id", "approved_at", "pk"]
