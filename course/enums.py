from django.db import models


class RoleGroup(models.TextChoices):
    """Django groups that carry staff roles."""

    FACILITATOR = "facilitators", "Facilitators"
    REVIEWER = "reviewers", "Reviewers"
