"""Forms of the course app: the programme editor, publishing, and the public programme's filters."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from course.form_fields import SafeModelChoiceField, SafeModelMultipleChoiceField
from course.models import validate_timezone
from participants.models import Pair
from programme.domain.programme import combine_local, local_day
from programme.enums import ConfirmationState, MaterialKind, MaterialVisibility, SessionKind, Track
from programme.models import PairGroup, Room, Session, Speaker

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.ModelForm):
    """A session with its time entered as day + wall-clock times in the course's zone."""

    day = forms.DateField(widget=DATE_WIDGET, label=_("Day"))
    start_time = forms.TimeField(widget=TIME_WIDGET, label=_("Starts"))
    end_time = forms.TimeField(widget=TIME_WIDGET, label=_("Ends"))

    class Meta:
        model = Session
        fields = ["title", "kind", "track", "abstract", "room", "speakers", "for_everyone", "groups"]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "speakers": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
            "abstract": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }
        labels = {
            "title": _("Title"),
            "kind": _("Kind"),
            "track": _("Track"),
            "abstract": _("Abstract"),
            "room": _("Room"),
            "speakers": _("Speakers"),
            "for_everyone": _("For everyone"),
            "groups": _("Groups"),
        }
        help_texts = {"for_everyone": _("Plenary: the whole cohort. Untick and choose groups for parallel sessions.")}
        field_classes = {
            "room": SafeModelChoiceField,
            "speakers": SafeModelMultipleChoiceField,
            "groups": SafeModelMultipleChoiceField,
        }

    # When and where first, as a facilitator thinks of a slot; the abstract last.
    field_order = [
        "title",
        "kind",
        "track",
        "day",
        "start_time",
        "end_time",
        "room",
        "speakers",
        "for_everyone",
        "groups",
        "abstract",
    ]

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["room"].queryset = Room.objects.filter(course=course)
        self.fields["speakers"].queryset = Speaker.objects.filter(course=course)
        self.fields["groups"].queryset = PairGroup.objects.filter(course=course)
        if self.instance.pk:
            local_start = self.instance.starts_at.astimezone(course.tzinfo)
            local_end = self.instance.ends_at.astimezone(course.tzinfo)
            self.initial.update(day=local_start.date(), start_time=local_start.time(), end_time=local_end.time())
        elif not self.initial.get("day"):
            self.initial["day"] = course.starts_on

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = combine_local(self.course, day, start)
            data["ends_at"] = combine_local(self.course, day, end)
            if data["ends_at"] - data["starts_at"] < datetime.timedelta(minutes=15):
                self.add_error("end_time", _("The session must end at least 15 minutes after it starts."))
        if data.get("for_everyone") is False and not data.get("groups"):
            self.add_error("groups", _("Choose at least one group, or make the session for everyone."))
        return data

    def session_fields(self):
        """Keyword arguments for programme.domain.programme.create_session / update_session."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title", "kind", "track", "abstract", "room", "for_everyone")}
        fields.update(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            speakers=list(data["speakers"]),
            groups=[] if data["for_everyone"] else list(data["groups"]),
        )
        return fields


class MoveSessionForm(forms.Form):
    """Move a session to another day, start time and/or room, and resize it by giving a new length.

    Length rather than an end time: moving the start alone then keeps the length, as dragging a card would."""

    day = forms.DateField(widget=DATE_WIDGET, label=_("Day"))
    start_time = forms.TimeField(widget=TIME_WIDGET, label=_("Starts"))
    length_minutes = forms.IntegerField(
        label=_("Lasts (minutes)"),
        required=False,
        min_value=15,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"step": 15}),
        help_text=_("Leave empty to keep the length."),
    )
    room = SafeModelChoiceField(queryset=Room.objects.none(), required=False, empty_label=_("No room"), label=_("Room"))

    def __init__(self, *args, session, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["room"].queryset = Room.objects.filter(course=session.course)
        if rooms is not None:
            # The editor already loaded the rooms: reuse them instead of one query per session card.
            self.fields["room"].choices = [("", _("No room"))] + [(r.pk, r.name) for r in rooms]
        course = session.course
        local_start = session.starts_at.astimezone(course.tzinfo)
        self.initial.update(
            day=local_day(course, session.starts_at),
            start_time=local_start.time(),
            length_minutes=int((session.ends_at - session.starts_at).total_seconds() // 60),
            room=session.room_id,
        )

    def new_start(self):
        return combine_local(self.session.course, self.cleaned_data["day"], self.cleaned_data["start_time"])

    def new_length(self):
        minutes = self.cleaned_data.get("length_minutes")
        return datetime.timedelta(minutes=minutes) if minutes else None


NUDGES = {
    "earlier": ("move", -15),
    "later": ("move", 15),
    "longer": ("resize", 15),
    "shorter": ("resize", -15),
    # The button alternative to dragging a card sideways (WCAG 2.2, 2.5.7): one room left or right.
    "room_previous": ("room", -1),
    "room_next": ("room", 1),
}


class PublishForm(forms.Form):
    """``warnings`` are those still to acknowledge (not the ones acknowledged in an earlier release).

    “Acknowledge all” acknowledges the warnings the page showed (``seen``), never one that appeared since."""

    title = forms.CharField(
        max_length=200,
        label=_("Release title"),
        help_text=_("What changed, e.g. “Tuesday panel moved”."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    acknowledged = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("I have read these warnings and want to publish anyway"),
    )
    seen = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    acknowledge_all = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = list(warnings)
        choices = [(w.key, w.message) for w in self.warnings]
        self.fields["acknowledged"].choices = choices
        self.fields["seen"].choices = choices
        self.initial.setdefault("seen", [w.key for w in self.warnings])
        if not self.warnings:
            del self.fields["acknowledged"]

    def clean(self):
        data = super().clean()
        if not self.warnings:
            data["acknowledged"] = []
            return data
        chosen = set(data.get("acknowledged") or ())
        if data.get("acknowledge_all"):
            chosen |= set(data.get("seen") or ())
        missing = [w for w in self.warnings if w.key not in chosen]
        if missing and data.get("acknowledge_all"):
            self.add_error("acknowledged", _("New warnings appeared since the page was shown: read them first."))
        elif missing:
            self.add_error("acknowledged", _("Tick every warning to acknowledge it, or fix the programme first."))
        data["acknowledged"] = sorted(chosen)
        return data


class ProgrammeFilterForm(forms.Form):
    """Track and kind; the day comes from its own query parameter, so a bad day never drops the filters."""

    track = forms.ChoiceField(choices=[("", _("All tracks"))] + Track.choices, required=False, label=_("Track"))
    kind = forms.ChoiceField(choices=[("", _("All kinds"))] + SessionKind.choices, required=False, label=_("Kind"))


class _CourseNamedForm(forms.ModelForm):
    """A room, speaker or group of one course. The course is not a form field, so the per-course unique name is
    checked here: Django would skip that constraint and the database would refuse the save instead."""

    unique_name = False

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.instance.course = course

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.unique_name:
            taken = type(self.instance).objects.filter(course=self.course, name__iexact=name)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("This course already has one with this name."))
        return name


class RoomForm(_CourseNamedForm):
    unique_name = True
    # Bounded here: SQLite would take any number, PostgreSQL's smallint stops at 32767.
    capacity = forms.IntegerField(
        min_value=1, max_value=10_000, label=_("Capacity"), help_text=_("Seats, counted in people.")
    )

    class Meta:
        model = Room
        fields = ["name", "capacity"]
        labels = {"name": _("Name")}
        widgets = {"name": forms.TextInput(attrs={"dir": "auto"})}


class SpeakerForm(_CourseNamedForm):
    class Meta:
        model = Speaker
        fields = ["name", "title", "affiliation", "email", "bio"]
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "affiliation": forms.TextInput(attrs={"dir": "auto"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "bio": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }
        labels = {
            "name": _("Name"),
            "title": _("Title"),
            "affiliation": _("Affiliation"),
            "email": _("Email"),
            "bio": _("Biography"),
        }
        help_texts = {
            "title": _("Position, e.g. “Senior Adviser”."),
            "bio": _("A short biography, shown on the speaker's page."),
            "email": _("Where the speaker's sign-in link is sent."),
        }


class PairChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, pair):
        return str(pair)


class PairGroupForm(_CourseNamedForm):
    """A named group of cohort pairs, e.g. one per parallel role-play room."""

    unique_name = True
    pairs = PairChoiceField(
        queryset=Pair.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Pairs")
    )

    class Meta:
        model = PairGroup
        fields = ["name", "pairs"]
        labels = {"name": _("Name")}
        widgets = {"name": forms.TextInput(attrs={"dir": "auto"})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, course=course, **kwargs)
        self.fields["pairs"].queryset = Pair.objects.filter(course=course).prefetch_related("participants")


class SpeakerAnswerForm(forms.Form):
    state = forms.ChoiceField(choices=ConfirmationState.choices, widget=forms.RadioSelect, label=_("Your answer"))
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        label=_("What should change?"),
        help_text=_("Needed when you ask for a change."),
    )


class AvailabilityForm(forms.Form):
    """A time the speaker can be there, entered in the course's zone."""

    day = forms.DateField(widget=DATE_WIDGET, label=_("Day"))
    start_time = forms.TimeField(widget=TIME_WIDGET, label=_("From"))
    end_time = forms.TimeField(widget=TIME_WIDGET, label=_("Until"))

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.initial.setdefault("day", course.starts_on)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = combine_local(self.course, day, start)
            data["ends_at"] = combine_local(self.course, day, end)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("The end must be after the start."))
        return data


class SpeakerProfileForm(forms.Form):
    bio = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}), label=_("Biography")
    )
    timezone_name = forms.CharField(
        required=False,
        max_length=64,
        label=_("Your time zone"),
        help_text=_("An IANA name, e.g. America/Bogota or Asia/Kolkata: your sessions are shown in it too."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    photo = forms.FileField(required=False, label=_("Photo"), help_text=_("JPEG or PNG, at most 2 MB."))

    def clean_timezone_name(self):
        name = self.cleaned_data["timezone_name"].strip()
        if not name:
            return ""
        # Checked here rather than by a field validator: those run even on a value over max_length, and
        # zoneinfo turns a long or odd name into a file lookup that fails with OSError.
        if len(name) > 64 or "\x00" in name or not name.isprintable():
            raise forms.ValidationError(_("Enter a time zone such as Europe/Rome."))
        try:
            validate_timezone(name)
        except OSError as exc:
            raise forms.ValidationError(_("Enter a time zone such as Europe/Rome.")) from exc
        return name


class MaterialForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        required=False,
        label=_("Title"),
        help_text=_("Leave empty to use the file's name."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    kind = forms.ChoiceField(choices=MaterialKind.choices, initial=MaterialKind.SLIDES, label=_("Kind"))
    visibility = forms.ChoiceField(
        choices=MaterialVisibility.choices,
        initial=MaterialVisibility.COHORT,
        widget=forms.RadioSelect,
        label=_("Visibility"),
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, PowerPoint, Excel or OpenDocument; at most 20 MB."))
