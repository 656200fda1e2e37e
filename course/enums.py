from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleGroup(models.TextChoices):
    """Django groups that carry staff roles."""

    FACILITATOR = "facilitators", _("Facilitators")
    REVIEWER = "reviewers", _("Reviewers")
