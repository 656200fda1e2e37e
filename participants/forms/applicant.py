"""Applicant-journey forms. Drafts have no required fields: completeness is checked when submitting."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participants.domain.applications import JOINT_STATEMENT_WORD_LIMIT, SECTION_FIELDS, WORD_LIMITS, count_words
from participants.domain.errors import UploadRefused
from participants.domain.uploads import validate_cv_upload
from participants.enums import MemberRole
from participants.models import Application, ApplicationMember


def _word_limit_error(limit, text):
    return gettext("Please keep this to %(limit)d words (it has %(count)d now).") % {
        "limit": limit,
        "count": count_words(text),
    }


def _describe_fields(form, word_limits):
    """Tie every input to its error (and, for long texts, its live word counter) for screen readers."""
    form.label_suffix = ""
    for name, field in form.fields.items():
        ids = [f"errors-{name}"]
        if name in word_limits:
            field.widget.attrs["data-word-limit"] = str(word_limits[name])
            ids.append(f"id_{name}-count")
        if field.help_text:
            ids.append(f"help-{name}")
        field.widget.attrs["aria-describedby"] = " ".join(ids)
        if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
            field.widget.attrs["dir"] = "auto"  # what people type keeps its own direction


class MarksInvalidFieldsMixin:
    """After validation, flag each input with an error as aria-invalid for assistive technology."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class RoleChoiceForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I apply as the"), choices=MemberRole.choices, widget=forms.RadioSelect, initial=MemberRole.SCIENTIST
    )


class MemberSectionForm(MarksInvalidFieldsMixin, forms.ModelForm):
    class Meta:
        model = ApplicationMember
        fields = SECTION_FIELDS
        labels = {
            "full_name": _("Full name"),
            "country": _("Country"),
            "affiliation": _("Institution or organisation"),
            "position": _("Current position"),
            "career_stage": _("Career stage"),
            "gender": _("Gender (optional)"),
            "bio": _("Short bio"),
            "motivation": _("Why do you want to take part?"),
            "plans_together": _("What do you and your partner want to work on together after the course?"),
        }
        help_texts = {
            "gender": _("You don't have to answer. We only use it to keep the cohort balanced."),
            "bio": format_lazy(_("Up to {limit} words."), limit=WORD_LIMITS["bio"]),
            "motivation": format_lazy(_("Up to {limit} words."), limit=WORD_LIMITS["motivation"]),
            "plans_together": format_lazy(_("Up to {limit} words."), limit=WORD_LIMITS["plans_together"]),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "motivation": forms.Textarea(attrs={"rows": 8}),
            "plans_together": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["country"].choices = [("", gettext("Choose a country"))] + list(self.fields["country"].choices)[1:]
        self.fields["career_stage"].choices = [("", gettext("Choose…"))] + list(self.fields["career_stage"].choices)[1:]
        self.fields["gender"].choices = [("", gettext("No answer"))] + list(self.fields["gender"].choices)[1:]
        _describe_fields(self, WORD_LIMITS)

    def clean(self):
        cleaned = super().clean()
        for name, limit in WORD_LIMITS.items():
            text = cleaned.get(name) or ""
            if count_words(text) > limit:
                self.add_error(name, _word_limit_error(limit, text))
        return cleaned

    def valid_changes(self):
        """The answers that passed validation; saved even when another answer needs fixing."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in SECTION_FIELDS and name not in self.errors
        }


class JointStatementForm(MarksInvalidFieldsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["joint_statement"]
        labels = {"joint_statement": _("Joint statement")}
        help_texts = {
            "joint_statement": format_lazy(
                _("Written by both of you: why you apply as a pair. Up to {limit} words."),
                limit=JOINT_STATEMENT_WORD_LIMIT,
            )
        }
        widgets = {"joint_statement": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joint_statement"].required = False
        _describe_fields(self, {"joint_statement": JOINT_STATEMENT_WORD_LIMIT})

    def clean_joint_statement(self):
        text = self.cleaned_data.get("joint_statement") or ""
        if count_words(text) > JOINT_STATEMENT_WORD_LIMIT:
            raise forms.ValidationError(_word_limit_error(JOINT_STATEMENT_WORD_LIMIT, text))
        return text


class CvUploadForm(MarksInvalidFieldsMixin, forms.Form):
    cv = forms.FileField(label=_("CV (PDF, at most 5 MB)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["cv"].widget.attrs["aria-describedby"] = "errors-cv"

    def clean_cv(self):
        uploaded = self.cleaned_data["cv"]
        try:
            validate_cv_upload(uploaded)
        except UploadRefused as refusal:
            raise forms.ValidationError(refusal.message)
        return uploaded


class InvitePartnerForm(MarksInvalidFieldsMixin, forms.Form):
    email = forms.EmailField(label=_("Your partner's email address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["email"].widget.attrs.update({"aria-describedby": "errors-email", "autocomplete": "email"})


class SubmitApplicationForm(forms.Form):
    late_code = forms.CharField(
        label=_("Late-submission code"),
        required=False,
        max_length=64,
        help_text=_("Only if a facilitator gave you one."),
    )
