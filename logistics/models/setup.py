"""A course's logistics settings and document templates (one row per edition, created on first use)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

DEFAULT_LETTERHEAD = "Course on Science Diplomacy\nTrieste, Italy"
DEFAULT_LETTER_TEXT = (
    "To the Consular Section of the Embassy of Italy\n\n"
    "We are pleased to confirm that {{ name }}, born on {{ date_of_birth }}, a national of {{ nationality }}, "
    "holder of passport number {{ passport_number }}, has been selected to take part in {{ course }}, held "
    "in {{ venue }} from {{ starts_on }} to {{ ends_on }}.\n\n"
    "The programme includes {{ content }}.\n\n"
    "The course covers the participant's travel, accommodation and visa fee. We kindly ask you to grant "
    "{{ name }} a short-stay visa for the duration of the course."
)
DEFAULT_CERTIFICATE_TEXT = (
    "This is to certify that {{ name }} attended {{ course }}, held in {{ venue }} from {{ starts_on }} to "
    "{{ ends_on }}, and took part in {{ attended }} of its {{ sessions }} sessions."
)
DEFAULT_CONTENT = "lectures on science diplomacy, workshops with practitioners and role-play negotiation simulations"


class LogisticsSetup(models.Model):
    """What the course team edits once per edition: letterhead, signatory, texts, lead time and rules."""

    course = models.OneToOneField("course.Course", on_delete=models.CASCADE, related_name="logistics_setup")
    letterhead = models.TextField(default=DEFAULT_LETTERHEAD, help_text="Printed at the top of every document.")
    signatory_name = models.CharField(max_length=200, default="The Course Director")
    signatory_title = models.CharField(max_length=200, blank=True, default="Course on Science Diplomacy")
    course_content = models.TextField(default=DEFAULT_CONTENT, help_text="Fills {{ content }} in the visa letter.")
    letter_text = models.TextField(default=DEFAULT_LETTER_TEXT)
    certificate_text = models.TextField(default=DEFAULT_CERTIFICATE_TEXT)
    visa_lead_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MaxValueValidator(365)],
        help_text="Warn when the course starts within this many days and a visa is not granted.",
    )
    certificate_min_percent = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="A certificate needs attendance at this share of the programme's sessions.",
    )
    retention_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MaxValueValidator(3650)],
        help_text="Passport details, visa letters and receipt files are deleted this many days after the course ends.",
    )
    default_currency = models.CharField(max_length=3, default="EUR")
    purged_at = models.DateTimeField(null=True, blank=True, help_text="When the retention rule last deleted data.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Logistics of {self.course}"
