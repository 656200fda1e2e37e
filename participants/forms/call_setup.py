"""The course team's builder forms: a question, a follow-up form, a late-submission code, a copied edition.

The forms parse and check what was typed; the rules that depend on stored answers (refusing a change that would
break them) live in participants.domain.questions and come back as a form error with the reason."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from course.form_fields import SafeModelChoiceField
from course.forms import LOCAL_FORMAT, LocalDateTimeInput, local_to_utc
from participants.enums import QuestionKind, QuestionPurpose, QuestionScope
from participants.forms.applicant import MarksInvalidFieldsMixin
from participants.models import Application, Question

MAX_LINES = 40


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _describe(form):
    form.label_suffix = ""
    for name, field in form.fields.items():
        ids = [f"errors-{name}"]
        if field.help_text:
            ids.append(f"help-{name}")
        field.widget.attrs.setdefault("aria-describedby", " ".join(ids))


class QuestionForm(MarksInvalidFieldsMixin, forms.Form):
    label = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    scope = forms.ChoiceField(label=_("Who answers"), choices=QuestionScope.choices, initial=QuestionScope.MEMBER)
    required = forms.BooleanField(label=_("Required to submit"), required=False, initial=True)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice: one option per line."),
    )
    word_limit = forms.IntegerField(
        label=_("Word limit"), required=False, min_value=1, max_value=5000, help_text=_("For long text.")
    )
    condition_question = SafeModelChoiceField(
        label=_("Show only if the answer to"), queryset=Question.objects.none(), required=False
    )
    condition_value = forms.CharField(
        label=_("is"),
        max_length=200,
        required=False,
        help_text=_("e.g. yes, or one of the options, or a country code."),
    )
    eligible_answers_text = forms.CharField(
        label=_("Answers that may go on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Eligibility questions: one accepted answer per line (yes / no, an option, or country codes)."),
    )
    ineligible_message = forms.CharField(
        label=_("Explanation for everyone else"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eligibility questions: what an applicant who may not apply reads."),
    )
    key = forms.SlugField(
        label=_("Short name (for exports)"),
        max_length=60,
        required=False,
        help_text=_("Made from the question if empty."),
    )

    def __init__(self, *args, course, purpose, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": instance.label,
                "kind": instance.kind,
                "scope": instance.scope,
                "required": instance.required,
                "help_text": instance.help_text,
                "choices_text": "\n".join(instance.choices or []),
                "word_limit": instance.word_limit,
                "condition_question": instance.condition_question_id,
                "condition_value": instance.condition_value,
                "eligible_answers_text": "\n".join(instance.eligible_answers or []),
                "ineligible_message": instance.ineligible_message,
                "key": instance.key,
            }
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        conditions = Question.objects.filter(
            course=course, purpose=purpose, kind__in=QuestionKind.WITH_OPTIONS, retired_at__isnull=True
        )
        if instance is not None:
            conditions = conditions.exclude(pk=instance.pk)
        self.fields["condition_question"].queryset = conditions.order_by("position", "pk")
        self.fields["condition_question"].empty_label = "(always shown)"
        if purpose == QuestionPurpose.ELIGIBILITY:
            self.fields["kind"].choices = [
                (k, label)
                for k, label in QuestionKind.choices
                if k in (QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE, QuestionKind.COUNTRY)
            ]
            for name in ("scope", "word_limit", "required"):
                del self.fields[name]
        else:
            del self.fields["eligible_answers_text"]
            del self.fields["ineligible_message"]
        if purpose == QuestionPurpose.FOLLOWUP:
            del self.fields["scope"]
        _describe(self)

    def clean_choices_text(self):
        lines = _lines(self.cleaned_data.get("choices_text"))
        if len(lines) > MAX_LINES:
            raise forms.ValidationError(f"At most {MAX_LINES} options, please.")
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(gettext("Each option must be at most 200 characters."))
        return lines

    def clean_eligible_answers_text(self):
        return _lines(self.cleaned_data.get("eligible_answers_text"))[:MAX_LINES]

    def builder_fields(self):
        """What the domain's add_question / update_question take."""
        data = self.cleaned_data
        fields = {
            "label": data["label"].strip(),
            "kind": data["kind"],
            "scope": data.get("scope") or QuestionScope.MEMBER,
            "required": data.get("required", True) if "required" in self.fields else True,
            "help_text": data.get("help_text", "").strip(),
            "choices": data.get("choices_text") or [],
            "word_limit": data.get("word_limit"),
            "condition_question": data.get("condition_question"),
            "condition_value": (data.get("condition_value") or "").strip(),
            "key": data.get("key") or "",
        }
        if self.purpose == QuestionPurpose.ELIGIBILITY:
            fields["eligible_answers"] = [
                a.upper()
                if data["kind"] == QuestionKind.COUNTRY
                else a.lower()
                if data["kind"] == QuestionKind.YES_NO
                else a
                for a in data.get("eligible_answers_text") or []
            ]
            fields["ineligible_message"] = data.get("ineligible_message", "").strip()
        return fields


class FollowUpFormForm(MarksInvalidFieldsMixin, forms.Form):
    title = forms.CharField(max_length=200)
    key = forms.SlugField(label=_("Short name"), max_length=40, help_text=_("e.g. travel, passport, dietary."))
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_at = forms.DateTimeField(
        label=_("Due"), widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )
    holds_personal_documents = forms.BooleanField(
        label=_("Holds passport or other personal document details"),
        required=False,
        help_text=_("Visible to the course team only; answers deleted 30 days after the course ends."),
    )

    def __init__(self, *args, course, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": instance.title,
                "key": instance.key,
                "intro": instance.intro,
                "due_at": timezone.localtime(instance.due_at, course.tzinfo).replace(tzinfo=None),
                "holds_personal_documents": instance.holds_personal_documents,
            }
        super().__init__(*args, **kwargs)
        self.course, self.instance = course, instance
        if instance is not None:
            self.fields["key"].disabled = True
        _describe(self)

    def clean_due_at(self):
        value = self.cleaned_data["due_at"]
        naive = timezone.make_naive(value, timezone.get_current_timezone())
        return local_to_utc(naive, self.course.tzinfo)

    def clean_key(self):
        key = self.cleaned_data["key"]
        taken = self.course.followup_forms.filter(key=key)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(gettext("Another follow-up form of this edition already has this short name."))
        return key


class LateCodeForm(MarksInvalidFieldsMixin, forms.Form):
    application = SafeModelChoiceField(label=_("Draft application"), queryset=Application.objects.none())
    valid_until = forms.DateTimeField(
        label=_("Valid until"), widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT, "%Y-%m-%d %H:%M"]
    )

    def __init__(self, *args, course, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["application"].queryset = drafts
        self.fields["application"].label_from_instance = lambda a: (
            f"#{a.pk} " + (" & ".join(m.full_name or m.get_role_display() for m in a.members.all()) or "(no names yet)")
        )
        _describe(self)

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        naive = timezone.make_naive(value, timezone.get_current_timezone())
        instant = local_to_utc(naive, self.course.tzinfo)
        if instant <= timezone.now():
            raise forms.ValidationError(gettext("Choose a time in the future."))
        return instant


class CopyEditionForm(MarksInvalidFieldsMixin, forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(label=_("Address (slug)"), max_length=50)
    shift_days = forms.IntegerField(
        label=_("Move every date by (days)"),
        min_value=0,
        max_value=3650,
        initial=364,
        help_text=_("364 keeps the weekday."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _describe(self)


def default_late_code_until(course):
    return timezone.localtime(timezone.now() + datetime.timedelta(days=2), course.tzinfo).replace(
        tzinfo=None, second=0, microsecond=0
    )
