"""Named permission predicates for review and selection (the `rules` package).

Reviewers see only the applications assigned to them; applicants never see reviews or staged decisions
(only Application.status, which changes at release). Object-level denial is answered with 404 by views.
"""

import rules

from course.rules import is_facilitator, is_reviewer


@rules.predicate
def is_assigned_reviewer(user, application):
    from participants.domain.review import is_assigned

    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return is_assigned(user, application)


@rules.predicate
def is_application_member(user, application):
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    return application.members.filter(user=user).exists()


can_review_application = is_reviewer & is_assigned_reviewer
can_manage_selection = is_facilitator
can_see_reviews = is_facilitator  # never applicants, never other reviewers
can_answer_attendance = is_application_member
can_download_cv = is_facilitator | is_application_member  # the two applicants and facilitators, nobody else

rules.add_perm("participants.review_application", can_review_application)
rules.add_perm("participants.manage_selection", can_manage_selection)
rules.add_perm("participants.view_reviews", can_see_reviews)
rules.add_perm("participants.answer_attendance", can_answer_attendance)
rules.add_perm("participants.download_cv", can_download_cv)
