"""A course's logistics settings and the filling of its document templates."""

import re

from django.db import transaction

from logistics.models import LogisticsSetup
from participants.domain.audit import record_audit

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
LETTER_PLACEHOLDERS = (
    "name",
    "passport_number",
    "nationality",
    "date_of_birth",
    "course",
    "venue",
    "starts_on",
    "ends_on",
    "content",
)
CERTIFICATE_PLACEHOLDERS = ("name", "course", "venue", "starts_on", "ends_on", "attended", "sessions")
EDITABLE_FIELDS = (
    "letterhead",
    "signatory_name",
    "signatory_title",
    "course_content",
    "letter_text",
    "certificate_text",
    "visa_lead_days",
    "certificate_min_percent",
    "retention_days",
    "default_currency",
)


def get_setup(course):
    """The course's setup; a row with the defaults is created the first time (on a write path only)."""
    setup, _ = LogisticsSetup.objects.get_or_create(course=course)
    return setup


def read_setup(course):
    """The course's setup for reading pages: the saved row or an unsaved one with the defaults (a read never writes)."""
    return LogisticsSetup.objects.filter(course=course).first() or LogisticsSetup(course=course)


def unknown_placeholders(text, allowed):
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in allowed})


def fill_placeholders(text, values):
    """Replace {{ name }} by its value; unknown names stay as typed (the settings form refuses them)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text or "")


def update_setup(course, data, *, by):
    """Save the team's edits of the templates and rules, with an audit row of what changed."""
    with transaction.atomic():
        setup = get_setup(course)
        setup = LogisticsSetup.objects.select_for_update().get(pk=setup.pk)
        before, after = {}, {}
        for name in EDITABLE_FIELDS:
            if name in data and getattr(setup, name) != data[name]:
                before[name], after[name] = str(getattr(setup, name)), str(data[name])
                setattr(setup, name, data[name])
        if after:
            setup.save()
            record_audit(course, by, "logistics.setup_changed", setup, before, after)
    return setup
