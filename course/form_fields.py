"""Model choice fields that refuse ids the database could not even compare.

Django's model choice fields pass the submitted ids to the database; an id beyond the 64-bit range makes
SQLite raise OverflowError (a 500) instead of a form error. Every primary key here is a BigAutoField, so an
id that is not an integer in that range can never match and is refused before any query."""

from django import forms
from django.core.exceptions import ValidationError

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def is_possible_pk(value):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return BIGINT_MIN <= number <= BIGINT_MAX


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not is_possible_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if not is_possible_pk(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:30]}
                )
        return super()._check_values(value)
