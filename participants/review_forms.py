"""Forms for reviewers and facilitators (review, assignment, settings, decisions, decision emails)."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from course.form_fields import SafeModelChoiceField
from participants.domain.review import reviewers
from participants.domain.selection import BOARD_SORTS, PLACEHOLDERS, unknown_placeholders
from participants.enums import DecisionOutcome, ReviewConfidence
from participants.models import ReviewConfig, ReviewCriterion

ABSTAIN = "abstain"


class ReviewForm(forms.Form):
    """One radio group per criterion (scores on the course's scale, or abstain), an optional confidence and a
    comment."""

    confidence = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Not given"))] + list(ReviewConfidence.choices),
        label=_("Your confidence (optional)"),
        help_text=_("How well you can judge this application; helps the course team weigh the reviews."),
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Seen by facilitators only, never by the applicants."),
    )

    def __init__(self, *args, criteria, config, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [(str(s), str(s)) for s in config.score_range] + [(ABSTAIN, _("Abstain"))]
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                choices=choices,
                widget=forms.RadioSelect,
                help_text=criterion.description,
                error_messages={"required": _("Give a score or choose Abstain.")},
            )
        self.order_fields([f"criterion_{c.pk}" for c in self.criteria] + ["confidence", "comment"])

    @property
    def criterion_fields(self):
        return [self[f"criterion_{c.pk}"] for c in self.criteria]

    def scores(self):
        out = {}
        for criterion in self.criteria:
            value = self.cleaned_data[f"criterion_{criterion.pk}"]
            out[criterion.pk] = None if value == ABSTAIN else int(value)
        return out


class ConflictForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500, label=_("Reason (optional, for facilitators)"))


class CourseDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in the course's time zone, stored in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, tzinfo=None, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)
        self.tzinfo = tzinfo

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and self.tzinfo and timezone.is_aware(value):
            value = timezone.localtime(value, self.tzinfo).replace(tzinfo=None)
        return super().prepare_value(value)

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None and self.tzinfo:
            result = result.replace(tzinfo=None).replace(tzinfo=self.tzinfo)
        return result


class ReviewConfigForm(forms.ModelForm):
    class Meta:
        model = ReviewConfig
        fields = [
            "score_min",
            "score_max",
            "reviews_per_application",
            "reviews_due_at",
            "review_period_ends_at",
            "confirm_by",
            "blind_review",
            "blind_review_shows_cvs",
            "discussion_threshold",
        ]

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discussion_threshold"].required = False  # empty keeps the current threshold
        for name in ("reviews_due_at", "review_period_ends_at", "confirm_by"):
            old = self.fields[name]
            self.fields[name] = CourseDateTimeField(
                required=False, tzinfo=course.tzinfo, label=old.label, help_text=f"{old.help_text} ({course.timezone})"
            )

    def clean(self):
        data = super().clean()
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and high <= low:
            self.add_error("score_max", _("The highest score must be above the lowest."))
        if data.get("discussion_threshold") is None:
            data["discussion_threshold"] = self.instance.discussion_threshold
        return data


CriterionFormSet = forms.modelformset_factory(
    ReviewCriterion,
    fields=["name", "description", "weight", "order"],
    extra=1,
    can_delete=True,
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)


class AssignReviewerForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    reviewer = SafeModelChoiceField(queryset=get_user_model().objects.none(), label=_("Add reviewer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers().order_by("email")
        self.fields["reviewer"].label_from_instance = lambda u: u.get_full_name() or u.email


class StageDecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", _("Undecided"))] + list(DecisionOutcome.choices), required=False)
    waitlist_position = forms.IntegerField(required=False, min_value=1, label=_("Waitlist position"))


class BoardFilterForm(forms.Form):
    country = forms.CharField(required=False, max_length=2)
    region = forms.ChoiceField(required=False)
    cross_country = forms.BooleanField(required=False, label=_("Cross-country pairs"))
    flagged = forms.BooleanField(required=False, label=_("Flagged"))
    decision = forms.ChoiceField(
        required=False,
        choices=[("", _("Any decision")), ("undecided", _("Undecided"))] + list(DecisionOutcome.choices),
    )
    needs_discussion = forms.BooleanField(required=False, label=_("Needs discussion"))
    low_confidence = forms.BooleanField(required=False, label=_("Low reviewer confidence"))
    answer = forms.ChoiceField(required=False, label=_("Answer"))
    # One order: a key of BOARD_SORTS (calibration, issue 15) or a question id (by its answer, issue 14).
    sort = forms.ChoiceField(required=False, label=_("Order"))

    def __init__(self, *args, regions=(), countries=(), questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any region"))] + [(r, r) for r in regions]
        self.fields["country"] = forms.ChoiceField(required=False, choices=[("", _("Any country"))] + list(countries))
        # The course's own questions: "<question id>:<answer>" to filter, "<question id>" to sort.
        answer_choices = [("", _("Any answer"))]
        for q in questions:
            answer_choices.append((q.label[:60], [(f"{q.pk}:{v}", v[:60]) for v in q.values]))
        self.fields["answer"].choices = answer_choices
        sort_choices = [(key, label) for key, (label, _) in BOARD_SORTS.items()]
        if questions:
            sort_choices.append(("By an answer", [(str(q.pk), q.label[:60]) for q in questions]))
        self.fields["sort"].choices = sort_choices

    def answer_filter(self):
        value = self.cleaned_data.get("answer") or ""
        if not value:
            return None
        question_id, _, answer = value.partition(":")
        return int(question_id), answer

    def sort_key(self):
        value = self.cleaned_data.get("sort") or ""
        return value if value in BOARD_SORTS else "rank"

    def sort_question(self):
        value = self.cleaned_data.get("sort") or ""
        return int(value) if value.isdigit() else None


class DecisionEmailTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))

    def clean(self):
        data = super().clean()
        unknown = unknown_placeholders(data.get("subject", "") + data.get("body", ""))
        if unknown:
            known = ", ".join("{{ " + k + " }}" for k in PLACEHOLDERS)
            raise forms.ValidationError(
                "Unknown placeholder(s): " + ", ".join("{{ " + u + " }}" for u in unknown) + f". Known: {known}."
            )
        return data


class DiscussionForm(forms.Form):
    body = forms.CharField(
        max_length=5000,
        label=_("Add to the discussion"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        strip=True,
    )


class GroupMailForm(forms.Form):
    group = forms.ChoiceField(label=_("To"))
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, groups, **kwargs):
        """``groups``: ``ChosenGroup`` rows (participants.domain.group_mail.group_choices); the options of a group
        with options are listed under its name."""
        super().__init__(*args, **kwargs)
        choices, families = [("", _("Choose a group"))], {}
        for chosen in groups:
            if chosen.option is None:
                choices.append((chosen.key, chosen.label))
            else:
                families.setdefault(chosen.group.label, []).append((chosen.key, chosen.label))
        self.fields["group"].choices = choices + list(families.items())
