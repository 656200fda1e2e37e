"""Named permission predicates for review and selection (the `rules` package).

Reviewers see only the applications assigned to them; applicants never see reviews or staged decisions
(only Application.status, which changes at release). Views ask the registered names below through
course.permissions.require_perm, which answers 404 for a refused object; facilitator pages use its facilitator
gate (course.facilitate), so no facilitator permission is registered here.
"""

import rules

from course.rules import is_facilitator, is_reviewer
from participants.enums import ApplicationStatus
from participants.models import Review, ReviewAssignment, ReviewConfig


@rules.predicate
def is_assigned_reviewer(user, application):
    """An active assignment (no conflict declared) on an application still under review: a withdrawn
    application is gone for its reviewers (404), whatever their assignment says."""
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    if application.status not in ApplicationStatus.COUNTS_AS_SUBMITTED:
        return False
    return ReviewAssignment.objects.filter(
        reviewer=user, application=application, conflict_declared_at__isnull=True
    ).exists()


@rules.predicate
def is_application_member(user, application):
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return application.members.filter(user=user).exists()


@rules.predicate
def documents_open_to_reviewers(user, application):
    """Assigned reviewers open CVs and documents unless the course reviews blind without showing CVs."""
    if application is None:
        return False
    return not ReviewConfig.objects.filter(
        course_id=application.course_id, blind_review=True, blind_review_shows_cvs=False
    ).exists()


@rules.predicate
def has_reviewed_application(user, application):
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return Review.objects.filter(
        reviewer=user, application=application, assignment__conflict_declared_at__isnull=True
    ).exists()


rules.add_perm("participants.review_application", is_reviewer & is_assigned_reviewer)
rules.add_perm("participants.answer_attendance", is_application_member)
# The two applicants, facilitators, and the assigned reviewers (no conflict declared, application not withdrawn)
# unless the course reviews blind with CVs hidden.
rules.add_perm(
    "participants.download_cv",
    is_facilitator | is_application_member | (is_reviewer & is_assigned_reviewer & documents_open_to_reviewers),
)
# Documents uploaded as answers to the course's own questions (issue 14): the two applicants and facilitators
# only. Reviewers see that a document was uploaded; the CV access and its log (issue 15) cover CVs alone.
rules.add_perm("participants.download_document", is_facilitator | is_application_member)
# An application's discussion: the course team, and its reviewers once they have saved their own review.
rules.add_perm(
    "participants.discuss_application",
    is_facilitator | (is_reviewer & is_assigned_reviewer & has_reviewed_application),
)
