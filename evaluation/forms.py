"""Forms: answering an instrument (built from its questions), the instrument builder, consent and follow-up."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from evaluation.domain.instruments import check_question
from evaluation.enums import ContactAnswer, CourseTool, OutputKind, QuestionBlock, QuestionKind, RespondentUnit
from evaluation.models import FollowUpWave, Instrument, Question, SuccessCase

MAX_OUTPUTS = 5
TYPED = {"dir": "auto"}  # what people type keeps its own direction, whatever the page's


def _field_for(question):
    """The form field of one question; its name is ``q<id>``."""
    common = {"label": question.text, "required": question.required, "help_text": question.help_text}
    kind = question.kind
    if kind in QuestionKind.scaled():
        top = question.scale_max
        choices = [(v, str(v)) for v in range(1, top + 1)]
        field = forms.TypedChoiceField(coerce=int, choices=choices, widget=forms.RadioSelect, **common)
        field.anchors = (question.anchor_low, question.anchor_high)
        field.is_scale = True
        return field
    if kind in (QuestionKind.SINGLE, QuestionKind.KNOWLEDGE):
        return forms.ChoiceField(
            choices=[(c["key"], c["label"]) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c["key"], c["label"]) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.NUMBER:
        return forms.FloatField(min_value=question.min_value, max_value=question.max_value, **common)
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=300, widget=forms.TextInput(attrs=TYPED), **common)
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4, **TYPED}), **common)


class AnswerForm(forms.Form):
    """One field per question. ``values()`` gives {question_id: value} for ``submit_response``."""

    def __init__(self, questions, *args, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = _field_for(question)
            self.fields[name].block = question.block
            if initial_values and question.pk in initial_values:
                value = initial_values[question.pk]
                if question.kind in (QuestionKind.SINGLE, QuestionKind.KNOWLEDGE) and isinstance(value, list):
                    value = value[0]
                self.initial[name] = value

    def values(self):
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def blocks(self):
        """[(block label, [bound fields])], so the retrospective block gets its own heading."""
        out = []
        for question in self.questions:
            label = "" if question.block == QuestionBlock.NOW else QuestionBlock(question.block).label
            if not out or out[-1][0] != label:
                out.append((label, []))
            out[-1][1].append(self[f"q{question.pk}"])
        return out


class InstrumentForm(forms.ModelForm):
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    class Meta:
        model = Instrument
        fields = ["title", "intro", "is_anonymous", "unit", "opens_at", "closes_at", "remind_hours_before_close"]
        widgets = {"title": forms.TextInput(attrs=TYPED), "intro": forms.Textarea(attrs={"rows": 3, **TYPED})}
        labels = {
            "title": _("Title"),
            "intro": _("Introduction"),
            "is_anonymous": _("Anonymous"),
            "unit": _("Who answers"),
            "remind_hours_before_close": _("Reminder (hours before it closes)"),
        }

    def __init__(self, *args, course=None, **kwargs):
        """Build and validate it inside ``timezone.override(course.tzinfo)``: times are typed in course time."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = RespondentUnit.choices
        self.fields["remind_hours_before_close"].max_value = 24 * 30
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget.format = "%Y-%m-%dT%H:%M"

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("It must close after it opens."))
        if self.instance.pk and "is_anonymous" in self.changed_data and self.instance.responses.exists():
            self.add_error("is_anonymous", _("Answers exist already: anonymity cannot change now."))
        return data


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        required=False,
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One choice per line (single, multiple choice and knowledge items)."),
    )
    correct_choice = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=26,
        label=_("Correct choice"),
        help_text=_("Knowledge items: its line number."),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "key",
            "block",
            "text",
            "help_text",
            "required",
            "anchor_low",
            "anchor_high",
            "min_value",
            "max_value",
        ]
        labels = {
            "kind": _("Kind of question"),
            "key": _("Key"),
            "block": _("Block"),
            "text": _("Question"),
            "help_text": _("Help text"),
            "required": _("Required"),
            "anchor_low": _("Meaning of 1"),
            "anchor_high": _("Meaning of the top of the scale"),
            "min_value": _("Smallest value"),
            "max_value": _("Largest value"),
        }

    def __init__(self, *args, instrument=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["kind"].choices = QuestionKind.choices
        self.fields["block"].choices = QuestionBlock.choices

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # Only once key and block are valid: a raw value (a NUL, say) never reaches the database.
        if (
            self.instrument
            and Question.objects.filter(instrument=self.instrument, key=data["key"], block=data["block"]).exists()
        ):
            self.add_error("key", _("This instrument already has a question with this key in this block."))
            return data
        lines = [line.strip() for line in (data.get("choices_text") or "").splitlines() if line.strip()]
        question = Question(
            kind=data.get("kind"),
            anchor_low=data.get("anchor_low", ""),
            anchor_high=data.get("anchor_high", ""),
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            choices=[{"key": "abcdefghijklmnopqrstuvwxyz"[i], "label": label} for i, label in enumerate(lines[:26])],
        )
        correct = data.get("correct_choice")
        question.correct_key = "abcdefghijklmnopqrstuvwxyz"[correct - 1] if correct else ""
        try:
            check_question(question)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(
                    "choices_text" if field == "choices" else "correct_choice" if field == "correct_key" else field,
                    messages,
                )
            return data
        self.checked = question
        return data

    def question_fields(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["choices"] = self.checked.choices
        data["correct_key"] = self.checked.correct_key
        return data


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(
        label=_("May we contact you 3, 6 and 12 months after the course to ask how you and your partner are doing?"),
        choices=[("yes", _("Yes, you may follow me up")), ("no", _("No, please do not"))],
        widget=forms.RadioSelect,
    )


class FollowUpForm(forms.Form):
    in_contact = forms.ChoiceField(
        label=_("Are you and your course partner still in contact?"),
        choices=ContactAnswer.choices,
        widget=forms.RadioSelect,
    )
    used_from_course = forms.MultipleChoiceField(
        label=_("Which things from the course have you used since?"),
        choices=CourseTool.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    helped = forms.CharField(
        label=_("What helped you put the course to use?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, **TYPED}),
    )
    hindered = forms.CharField(
        label=_("What got in the way?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, **TYPED}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MAX_OUTPUTS):
            self.fields[f"output_{i}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=[("", "—"), *OutputKind.choices], required=False
            )
            self.fields[f"output_{i}_title"] = forms.CharField(
                label=_("What it was"), max_length=200, required=False, widget=forms.TextInput(attrs=TYPED)
            )
            self.fields[f"output_{i}_url"] = forms.CharField(
                label=_("Link as evidence"),
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs={"dir": "ltr"}),
            )

    def output_rows(self):
        return [
            (self[f"output_{i}_kind"], self[f"output_{i}_title"], self[f"output_{i}_url"]) for i in range(MAX_OUTPUTS)
        ]

    def clean(self):
        data = super().clean()
        outputs = []
        for i in range(MAX_OUTPUTS):
            kind, title, url = (data.get(f"output_{i}_{n}") or "" for n in ("kind", "title", "url"))
            title, url = title.strip(), url.strip()
            if not (kind or title or url):
                continue
            if not kind:
                self.add_error(f"output_{i}_kind", _("Say what kind of output this is."))
            if not title:
                self.add_error(f"output_{i}_title", _("Give it a short title."))
            if url:
                try:
                    URLValidator(schemes=["http", "https"])(url)
                except ValidationError:
                    self.add_error(f"output_{i}_url", _("Enter a web address starting with https:// or http://."))
            outputs.append((kind, title, url))
        data["outputs"] = outputs
        return data


class WaveForm(forms.ModelForm):
    class Meta:
        model = FollowUpWave
        fields = [
            "months_after",
            "opens_on",
            "due_on",
            "closes_on",
            "target_rate",
            "remind_days_before",
            "remind_days_after",
        ]
        widgets = {n: forms.DateInput(attrs={"type": "date"}) for n in ("opens_on", "due_on", "closes_on")}
        labels = {
            "months_after": _("Months after the course"),
            "opens_on": _("Opens on"),
            "due_on": _("Due on"),
            "closes_on": _("Closes on"),
            "target_rate": _("Target rate"),
            "remind_days_before": _("Remind this many days before the due date"),
            "remind_days_after": _("Remind this many days after the due date"),
        }

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["months_after"].max_value = 120
        self.fields["target_rate"].max_value = 100
        self.fields["remind_days_before"].max_value = 60
        self.fields["remind_days_after"].max_value = 60

    def clean(self):
        data = super().clean()
        opens, due, closes = data.get("opens_on"), data.get("due_on"), data.get("closes_on")
        if opens and due and due < opens:
            self.add_error("due_on", _("The due date cannot come before the wave opens."))
        if due and closes and closes < due:
            self.add_error("closes_on", _("The wave cannot close before its due date."))
        months = data.get("months_after")
        if months is not None and self.course is not None:
            clash = FollowUpWave.objects.filter(course=self.course, months_after=months).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("months_after", _("There is already a wave at this many months."))
        return data


class SuccessCaseForm(forms.ModelForm):
    class Meta:
        model = SuccessCase
        fields = ["marked_for_interview", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2, **TYPED})}
        labels = {"marked_for_interview": _("Marked for interview"), "notes": _("Notes")}
