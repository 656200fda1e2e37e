"""Review: a course's rubric and settings, reviewer assignments, and the reviews themselves."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from participants.enums import ReviewConfidence


class ReviewConfig(models.Model):
    """Per-course review and selection settings. Created with defaults on first use (domain.review)."""

    course = models.OneToOneField("course.Course", on_delete=models.CASCADE, related_name="review_config")
    score_min = models.PositiveSmallIntegerField(default=1)
    score_max = models.PositiveSmallIntegerField(default=5)
    reviews_per_application = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    review_period_ends_at = models.DateTimeField(
        null=True, blank=True, help_text="After this moment scores are frozen. Empty: reviews stay open."
    )
    confirm_by = models.DateTimeField(
        null=True, blank=True, help_text="Accepted pairs must confirm attendance by this moment."
    )
    reviews_due_at = models.DateTimeField(
        null=True, blank=True, help_text="Reviews not saved by this moment count as overdue. Empty: none is overdue."
    )
    blind_review = models.BooleanField(
        default=False,
        help_text="Hide names, email addresses, affiliations, positions and identifying answers from reviewers.",
    )
    blind_review_shows_cvs = models.BooleanField(
        default=False,
        help_text="In blind review, reviewers may still open the CVs (a CV names its author). "
        "Without blind review, assigned reviewers always may.",
    )
    discussion_threshold = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(0)],
        help_text="An application whose reviewers' weighted scores spread more than this (standard deviation, "
        "in score points) is flagged “needs discussion”.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(score_max__gt=models.F("score_min")), name="score_scale_order")
        ]

    def __str__(self):
        return f"Review settings for {self.course}"

    @property
    def score_range(self):
        return range(self.score_min, self.score_max + 1)

    def is_frozen(self, now=None):
        return self.review_period_ends_at is not None and (now or timezone.now()) >= self.review_period_ends_at


class ReviewCriterion(models.Model):
    """One rubric criterion with its weight in the weighted mean."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="review_criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=1, validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["course_id", "order", "pk"]

    def __str__(self):
        return self.name


class ReviewAssignment(models.Model):
    """A reviewer is asked to review an application. A declared conflict ends the assignment."""

    application = models.ForeignKey(
        "participants.Application", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["application_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_per_reviewer")]
        indexes = [models.Index(fields=["reviewer", "conflict_declared_at"])]

    def __str__(self):
        return f"{self.reviewer} reviews application #{self.application_id}"

    @property
    def is_active(self):
        return self.conflict_declared_at is None


class Review(models.Model):
    """A reviewer's scores and comment on one application. weighted_score is kept by domain.review."""

    assignment = models.OneToOneField(ReviewAssignment, on_delete=models.CASCADE, related_name="review")
    application = models.ForeignKey("participants.Application", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    comment = models.TextField(blank=True, help_text="Seen by facilitators only.")
    weighted_score = models.FloatField(null=True, blank=True, help_text="Null when every criterion was abstained.")
    confidence = models.PositiveSmallIntegerField(
        choices=ReviewConfidence.choices, null=True, blank=True, help_text="Optional: how sure the reviewer is."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application_id", "pk"]

    def __str__(self):
        return f"Review of application #{self.application_id} by {self.reviewer}"


class CriterionScore(models.Model):
    """A score for one criterion; score is null when the reviewer abstained."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["review_id", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.score if self.score is not None else 'abstained'}"


class DiscussionMessage(models.Model):
    """One message in an application's discussion: its reviewers (once they reviewed it) and the course team."""

    application = models.ForeignKey(
        "participants.Application", on_delete=models.CASCADE, related_name="discussion_messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application_id", "created_at", "pk"]

    def __str__(self):
        return f"Message by {self.author} on application #{self.application_id}"


class DocumentView(models.Model):
    """Who opened which applicant document, when: every CV download is logged, and the course team sees it."""

    application = models.ForeignKey("participants.Application", on_delete=models.CASCADE, related_name="document_views")
    member = models.ForeignKey(
        "participants.ApplicationMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = models.CharField(max_length=32, default="cv")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["application", "viewed_at"])]

    def __str__(self):
        return f"{self.viewer} opened the {self.document} of application #{self.application_id}"
