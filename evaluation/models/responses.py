"""Answers to instruments.

A response is one person's (or one pair's) answers to one instrument, for one subject (a simulation run or a
session, when the instrument is asked once per run or session). Anonymous responses carry no participant, no
pair and no time: the database refuses one that does (``anonymous_response_names_nobody``). Who has answered
an instrument is kept apart, in ``ResponseReceipt``, which has no column pointing at a response; both tables'
keys are random (UUID) so that neither insertion order nor ids can pair a receipt with an answer.
"""

import uuid

from django.db import models


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.ForeignKey("evaluation.Instrument", on_delete=models.CASCADE, related_name="responses")
    is_anonymous = models.BooleanField(default=False)
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pair = models.ForeignKey("participants.Pair", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    session = models.ForeignKey("programme.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject = models.CharField(max_length=40, blank=True, help_text='"" or "run:<id>" / "session:<id>".')
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False)
                | models.Q(
                    participant__isnull=True, pair__isnull=True, submitted_at__isnull=True, updated_at__isnull=True
                ),
                name="anonymous_response_names_nobody",
            ),
            models.UniqueConstraint(
                fields=["instrument", "participant", "subject"],
                condition=models.Q(participant__isnull=False),
                name="one_response_per_participant",
            ),
            models.UniqueConstraint(
                fields=["instrument", "pair", "subject"],
                condition=models.Q(pair__isnull=False, participant__isnull=True),
                name="one_response_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["instrument", "subject"])]

    def __str__(self):
        return f"Response to {self.instrument_id}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("evaluation.Question", on_delete=models.CASCADE, related_name="answers")
    number = models.FloatField(null=True, blank=True, help_text="Likert value, number, or a knowledge item's score.")
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True, help_text="Chosen keys (single, multiple, knowledge).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"Answer to {self.question_id}"


class ResponseReceipt(models.Model):
    """ "This participant has answered this instrument (for this subject)". Nothing else: no time, no link to the
    answers. Stops reminders, lists who has not answered, refuses a second anonymous response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.ForeignKey("evaluation.Instrument", on_delete=models.CASCADE, related_name="receipts")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "participant", "subject"], name="one_receipt_per_subject")
        ]


class InstrumentReminder(models.Model):
    """One reminder mail for one instrument to one participant; the unique row makes sending idempotent."""

    instrument = models.ForeignKey("evaluation.Instrument", on_delete=models.CASCADE, related_name="reminders")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "participant"], name="one_instrument_reminder")]


class ErasureRecord(models.Model):
    """That a participant's data was erased on request, and how much: no name, no id of the person."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="+")
    erased_at = models.DateTimeField(auto_now_add=True)
    responses = models.PositiveIntegerField(default=0)
    follow_ups = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-erased_at"]
