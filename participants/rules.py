"""Named permission predicates for review and selection (the `rules` package).

Reviewers see only the applications assigned to them; applicants never see reviews or staged decisions
(only Application.status, which changes at release). Views ask the registered names below through
course.permissions.require_perm, which answers 404 for a refused object; facilitator pages use its facilitator
gate (course.facilitate), so no facilitator permission is registered here.
"""

import rules

from course.rules import is_facilitator, is_reviewer


@rules.predicate
def is_assigned_reviewer(user, application):
    from participants.domain.review import is_assigned  # layers: the domain sits above rules

    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return is_assigned(user, application)


@rules.predicate
def is_application_member(user, application):
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return application.members.filter(user=user).exists()


@rules.predicate
def documents_open_to_reviewers(user, application):
    from participants.domain.review import reviewers_may_open_documents  # layers: the domain sits above rules

    return application is not None and reviewers_may_open_documents(application.course)


@rules.predicate
def has_reviewed_application(user, application):
    from participants.domain.review import has_reviewed  # layers: the domain sits above rules

    return application is not None and has_reviewed(user, application)


rules.add_perm("participants.review_application", is_reviewer & is_assigned_reviewer)
rules.add_perm("participants.answer_attendance", is_application_member)
# The two applicants, facilitators, and the assigned reviewers (no conflict declared, application not withdrawn)
# unless the course reviews blind with CVs hidden.
rules.add_perm(
    "participants.download_cv",
    is_facilitator | is_application_member | (is_reviewer & is_assigned_reviewer & documents_open_to_reviewers),
)
# An application's discussion: the course team, and its reviewers once they have saved their own review.
rules.add_perm(
    "participants.discuss_application",
    is_facilitator | (is_reviewer & is_assigned_reviewer & has_reviewed_application),
)
