"""Forms generated from the course team's questions (participants.domain.questions).

Drafts have no required fields: completeness is checked on submission, as for the standard fields. Each field
is named ``q<id>``; the domain's ``clean_answer`` is the one validator, so the form and the domain never differ.
A question shown only on a condition carries ``data-show-if`` attributes (static/js/applicant.js hides it until
the condition holds; without JavaScript every question shows, with the condition in its help text)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participants.domain.errors import ApplicationRefused, UploadRefused
from participants.domain.questions import clean_answer
from participants.domain.uploads import validate_pdf_upload
from participants.enums import QuestionKind
from participants.forms.applicant import MarksInvalidFieldsMixin


def field_name(question):
    return f"q{question.pk}"


def _field_for(question, required):
    kind = question.kind
    common = {"label": question.label, "required": required, "help_text": question.help_text}
    if kind == QuestionKind.LONG_TEXT:
        attrs = {"rows": 6}
        if question.word_limit:
            attrs["data-word-limit"] = str(question.word_limit)
        return forms.CharField(widget=forms.Textarea(attrs=attrs), strip=False, **common)
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(**common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=[("", gettext("Choose…")), *question.options], **common)
    if kind == QuestionKind.COUNTRY:
        return forms.ChoiceField(choices=[("", gettext("Choose a country")), *question.options], **common)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=question.options, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(choices=question.options, widget=forms.CheckboxSelectMultiple, **common)
    if kind == QuestionKind.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == QuestionKind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    raise ValueError(kind)


class AnswersForm(MarksInvalidFieldsMixin, forms.Form):
    """The typed answers to ``questions`` (documents are uploaded one by one: DocumentAnswerForm)."""

    def __init__(self, *args, questions=(), answers=None, required=False, **kwargs):
        answers = answers or {}  # {question_id: value}
        initial = {}
        for question in questions:
            value = answers.get(question.pk)
            if value is not None:
                initial[field_name(question)] = value if isinstance(value, list) else str(value)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.questions = [q for q in questions if q.kind != QuestionKind.DOCUMENT]
        by_pk = {q.pk: q for q in questions}
        for question in self.questions:
            name = field_name(question)
            field = _field_for(question, required and question.required)
            described = [f"errors-{name}"]
            if question.help_text or question.condition_question_id:
                described.append(f"help-{name}")
            if question.kind == QuestionKind.LONG_TEXT and question.word_limit:
                described.append(f"id_{name}-count")
            field.widget.attrs["aria-describedby"] = " ".join(described)
            if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs["dir"] = "auto"  # what people type keeps its own direction
            condition = by_pk.get(question.condition_question_id)
            if condition is not None:
                field.widget.attrs["data-show-if"] = field_name(condition)
                field.widget.attrs["data-show-value"] = question.condition_value
                shown_if = dict(condition.options).get(question.condition_value, question.condition_value)
                note = gettext("Only if you answered “%(answer)s” to “%(question)s”.") % {
                    "answer": shown_if,
                    "question": condition.label,
                }
                field.help_text = f"{field.help_text} {note}".strip()
            self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        self.values = {}
        for question in self.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            try:
                self.values[question.pk] = clean_answer(question, cleaned.get(name))
            except ApplicationRefused as refusal:
                self.add_error(name, refusal.message)
        return cleaned

    def valid_raw_values(self):
        """{question_id: posted value} of the answers that passed validation: saved even when another needs fixing."""
        return {
            q.pk: self.cleaned_data.get(field_name(q))
            for q in self.questions
            if field_name(q) not in self.errors and field_name(q) in self.cleaned_data
        }


class DocumentAnswerForm(MarksInvalidFieldsMixin, forms.Form):
    document = forms.FileField(label="PDF, at most 5 MB", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    question = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["document"].widget.attrs["aria-describedby"] = "errors-document"

    def clean_document(self):
        uploaded = self.cleaned_data["document"]
        try:
            validate_pdf_upload(uploaded, what="document")
        except UploadRefused as refusal:
            raise forms.ValidationError(refusal.message) from None
        return uploaded


class RefereeRequestForm(MarksInvalidFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Referee's name"), max_length=200)
    email = forms.EmailField(label=_("Referee's email address"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"errors-{name}"
            if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs["dir"] = "auto"


class RefereeLetterForm(MarksInvalidFieldsMixin, forms.Form):
    relationship = forms.CharField(label=_("How do you know the applicants?"), max_length=200, required=False)
    statement = forms.CharField(
        label=_("Your letter"), required=False, widget=forms.Textarea(attrs={"rows": 12, "data-word-limit": "800"})
    )
    letter = forms.FileField(
        label=_("…or upload it as a PDF (at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"errors-{name}"
            if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs["dir"] = "auto"

    def clean_letter(self):
        uploaded = self.cleaned_data.get("letter")
        if uploaded:
            try:
                validate_pdf_upload(uploaded, what="letter")
            except UploadRefused as refusal:
                raise forms.ValidationError(refusal.message) from None
        return uploaded
