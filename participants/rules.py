"""Named permission predicates for review and selection (the `rules` package).

Reviewers see only the applications assigned to them; applicants never see reviews or staged decisions
(only Application.status, which changes at release). Views ask the registered names below through
course.permissions.require_perm, which answers 404 for a refused object; facilitator pages use its facilitator
gate (course.facilitate), so no facilitator permission is registered here.
"""

import rules

from course.rules import is_facilitator, is_reviewer
from participants.models import ReviewAssignment


@rules.predicate
def is_assigned_reviewer(user, application):
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return ReviewAssignment.objects.filter(
        reviewer=user, application=application, conflict_declared_at__isnull=True
    ).exists()


@rules.predicate
def is_application_member(user, application):
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return application.members.filter(user=user).exists()


rules.add_perm("participants.review_application", is_reviewer & is_assigned_reviewer)
rules.add_perm("participants.answer_attendance", is_application_member)
# The two applicants and facilitators, nobody else.
rules.add_perm("participants.download_cv", is_facilitator | is_application_member)
