"""Named permission predicates for the evaluation. The course team (facilitators) builds instruments and reads
attributed answers and reports; a participant answers and sees only their own record."""

import rules

from course.rules import is_facilitator


@rules.predicate
def is_participant_of(user, course):
    if not (user and user.is_authenticated) or course is None:
        return False
    return user.participations.filter(pair__course=course).exists()


@rules.predicate
def owns_follow_up(user, request):
    if not (user and user.is_authenticated) or request is None:
        return False
    return request.participant.user_id == user.pk


can_manage_evaluation = is_facilitator
can_answer_instruments = is_participant_of
can_answer_follow_up = owns_follow_up

rules.add_perm("evaluation.manage_evaluation", can_manage_evaluation)
rules.add_perm("evaluation.answer_instruments", can_answer_instruments)
rules.add_perm("evaluation.answer_follow_up", can_answer_follow_up)
