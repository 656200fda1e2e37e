"""Forms for facilitators: creating a run, adjusting its round plan, extending a round, seating a pair."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from course.form_fields import SafeModelChoiceField
from course.models import Course
from simulations.enums import RoundAction
from simulations.models import Scenario


class RunCreateForm(forms.Form):
    scenario = SafeModelChoiceField(queryset=Scenario.objects.order_by("title"), label=_("Scenario"))
    course = SafeModelChoiceField(queryset=Course.objects.order_by("-starts_on"), label=_("Course"))
    name = forms.CharField(max_length=100, label=_("Name"), help_text=_("The table’s name, e.g. “Table A”."))
    room = forms.CharField(
        max_length=100, required=False, label=_("Room"), help_text=_("Where it sits, e.g. “Room 2”.")
    )
    end_round_when_all_acted = forms.BooleanField(
        required=False, label=_("End a round early once every delegation has acted")
    )


class RoundForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    minutes = forms.DecimalField(
        min_value=Decimal("0.05"),
        max_value=180,
        decimal_places=2,
        label=_("Minutes"),
        help_text=_("Fractions allowed, e.g. 0.5"),
    )
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Instructions"))
    actions = forms.MultipleChoiceField(
        choices=RoundAction.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Actions")
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)


RoundFormSet = forms.formset_factory(RoundForm, extra=1, can_delete=True, min_num=1, validate_min=True, max_num=20)


class ExtendForm(forms.Form):
    minutes = forms.DecimalField(min_value=Decimal("0.1"), max_value=120, decimal_places=1, initial=5)


class SeatForm(forms.Form):
    pair = forms.IntegerField(widget=forms.HiddenInput)
    delegation = forms.CharField(required=False)
