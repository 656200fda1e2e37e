import pytest
from django import forms

from course.form_fields import SafeModelChoiceField, SafeModelMultipleChoiceField
from course.models import Course
from tests.factories.course import CourseFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 400


class CourseChoiceForm(forms.Form):
    one = SafeModelChoiceField(queryset=Course.objects.all(), required=False)
    many = SafeModelMultipleChoiceField(queryset=Course.objects.all(), required=False)


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1e9", "١٢", "\x00"])
def test_impossible_ids_are_form_errors_not_database_errors(value):
    CourseFactory()

    form = CourseChoiceForm(data={"one": value, "many": [value]})

    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}


def test_real_ids_still_choose_the_object():
    course = CourseFactory()

    form = CourseChoiceForm(data={"one": str(course.pk), "many": [str(course.pk)]})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == course
    assert list(form.cleaned_data["many"]) == [course]
