"""Named permission predicates of the programme (the `rules` package), registered here and asked by views
through course.permissions.

“Cohort” readers of a course are its participants, its speakers (a signed-in speaker of that edition) and the
course team. A participant of another edition is not one: cohort-only materials answer them with a 404."""

import rules

from course.rules import is_facilitator
from participants.models import Participant

READ_COHORT_MATERIALS = "programme.read_cohort_materials"  # obj: the course


def _signed_in(user):
    return bool(user and getattr(user, "is_authenticated", False))


@rules.predicate
def is_participant_of(user, course):
    if not _signed_in(user) or course is None:
        return False
    return Participant.objects.filter(user=user, pair__course=course).exists()


@rules.predicate
def is_speaker_of(user, course):
    if not _signed_in(user) or course is None:
        return False
    return user.speaker_profiles.filter(course=course).exists()


can_read_cohort_materials = is_facilitator | is_participant_of | is_speaker_of

rules.add_perm(READ_COHORT_MATERIALS, can_read_cohort_materials)
