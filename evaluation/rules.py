"""Named permission predicates for the evaluation, registered for course.permissions. The course team's pages
go through the one facilitator gate (``course.permissions.facilitator_required``); a participant answers only
as themselves (the answer views find their seat in the edition, or 404) and only their own follow-ups."""

import rules


@rules.predicate
def owns_follow_up(user, request):
    if not (user and user.is_authenticated) or request is None:
        return False
    return request.participant.user_id == user.pk


rules.add_perm("evaluation.answer_follow_up", owns_follow_up)
