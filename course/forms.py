"""The edition and its call, as the course team edits them (in the app, and in the admin for staff).

Opening and deadline are typed and shown as wall-clock times in the course's own time zone, never in UTC: the
form reads "23:59" as 23:59 in Europe/Rome on that date — CET in winter, CEST in summer — and says which offset
that is. A time that does not exist on that day (the hour skipped when clocks go forward) is refused with the
reason; one that exists twice (the hour repeated when they go back) is refused too, with both readings."""

import datetime
import zoneinfo

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from course.models import Course, validate_timezone
from course.timezones import format_course_datetime, format_offset

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
LOCAL_FIELDS = ("opens_at", "deadline")


def local_to_utc(naive, tz):
    """The instant a wall-clock time in ``tz`` names, or a ValidationError saying why there is none (or two)."""
    earlier = naive.replace(tzinfo=tz, fold=0)
    later = naive.replace(tzinfo=tz, fold=1)
    round_trip = earlier.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise forms.ValidationError(
            gettext(
                "%(time)s does not exist on %(date)s in %(zone)s: the clocks go forward that night. "
                "Please choose another time."
            )
            % {"time": f"{naive:%H:%M}", "date": formats.date_format(naive, "DATE_FORMAT"), "zone": tz.key}
        )
    if earlier.utcoffset() != later.utcoffset():
        raise forms.ValidationError(
            gettext(
                "%(time)s happens twice on %(date)s in %(zone)s (the clocks go back): %(earlier)s and %(later)s. "
                "Please choose a time outside that hour."
            )
            % {
                "time": f"{naive:%H:%M}",
                "date": formats.date_format(naive, "DATE_FORMAT"),
                "zone": tz.key,
                "earlier": f"{earlier.tzname()} ({format_offset(earlier)})",
                "later": f"{later.tzname()} ({format_offset(later)})",
            }
        )
    return earlier.astimezone(datetime.UTC)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL_FORMAT)


class EditionForm(forms.ModelForm):
    """Title, dates, venue, time zone, the call's texts, opening and deadline (local time), capacity, confirm-by."""

    opens_at = forms.DateTimeField(
        label=_("Call opens"), widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "slug",
            "edition_number",
            "venue",
            "timezone",
            "starts_on",
            "ends_on",
            "opens_at",
            "deadline",
            "capacity_pairs",
            "confirm_by_days",
            "referees_required",
            "description",
            "call_text",
            "what_to_prepare",
            "eligibility_text",
        ]
        labels = {
            "title": _("Title"),
            "slug": _("Address (slug)"),
            "edition_number": _("Edition number"),
            "venue": _("Venue"),
            "timezone": _("Time zone (IANA name)"),
            "starts_on": _("Course starts on"),
            "ends_on": _("Course ends on"),
            "capacity_pairs": _("Places (pairs)"),
            "confirm_by_days": _("Days to confirm a place"),
            "referees_required": _("Reference letters per pair"),
            "description": _("Short description"),
            "call_text": _("The call (Markdown)"),
            "what_to_prepare": _("What to prepare (Markdown)"),
            "eligibility_text": _("Who may apply (Markdown)"),
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "call_text": forms.Textarea(attrs={"rows": 10}),
            "what_to_prepare": forms.Textarea(attrs={"rows": 6}),
            "eligibility_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        tz = self._zone(self.instance.timezone if self.instance.pk else "Europe/Rome")
        for name in LOCAL_FIELDS:
            self.fields[name].label = gettext("%(label)s (%(zone)s time)") % {
                "label": self.fields[name].label,
                "zone": tz.key,
            }
            value = getattr(self.instance, name, None)
            if value is not None and self.instance.pk:
                self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)
                self.fields[name].help_text = gettext(
                    "Wall-clock time in the course’s time zone. Now set to %(current)s."
                ) % {"current": format_course_datetime(self.instance, value)}
            else:
                self.fields[name].help_text = gettext("Wall-clock time in the course’s time zone.")
        for name, field in self.fields.items():
            # Only ids the field template renders: participants/_field.html shows help only when there is some.
            described = f"errors-{name} help-{name}" if field.help_text else f"errors-{name}"
            field.widget.attrs.setdefault("aria-describedby", described)

    @staticmethod
    def _zone(name):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # odd input: the field's own error says why
            return zoneinfo.ZoneInfo("UTC")

    def clean_timezone(self):
        value = (self.cleaned_data.get("timezone") or "").strip()
        try:
            validate_timezone(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _("“%(value)s” is not a known time zone; use a name like Europe/Rome."),
                code="unknown_timezone",
                params={"value": value[:64]},
            ) from exc
        return value

    def clean(self):
        cleaned = super().clean()
        tz_name = cleaned.get("timezone")
        tz = self._zone(tz_name) if tz_name else None
        for name in LOCAL_FIELDS:
            value = cleaned.get(name)
            if value is None or tz is None:
                continue
            # Django read the typed value in the site's zone (UTC); take its wall clock and read it in the course's.
            naive = timezone.make_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value
            try:
                cleaned[name] = local_to_utc(naive, tz)
            except forms.ValidationError as error:
                self.add_error(name, error)
        opens, deadline = cleaned.get("opens_at"), cleaned.get("deadline")
        if opens and deadline and deadline <= opens:
            self.add_error("deadline", _("The deadline must come after the call opens."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return cleaned
