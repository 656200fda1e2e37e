"""Named permission predicates of the programme (the `rules` package); registered in ProgrammeConfig.ready().

“Cohort” readers of a course are its participants, its speakers (a signed-in speaker of that edition) and the
course team. A participant of another edition is not one: cohort-only materials answer them with a 404."""

import rules

from course.rules import is_facilitator


def _signed_in(user):
    return bool(user and getattr(user, "is_authenticated", False))


@rules.predicate
def is_participant_of(user, course):
    if not _signed_in(user) or course is None:
        return False
    from participants.models import Participant  # circular import: rules load before the apps' models

    return Participant.objects.filter(user=user, pair__course=course).exists()


@rules.predicate
def is_speaker_of(user, course):
    if not _signed_in(user) or course is None:
        return False
    return user.speaker_profiles.filter(course=course).exists()


can_read_cohort_materials = is_facilitator | is_participant_of | is_speaker_of
can_use_speaker_area = is_speaker_of
can_manage_programme = is_facilitator


def register():
    rules.add_perm("programme.read_cohort_materials", can_read_cohort_materials)
    rules.add_perm("programme.use_speaker_area", can_use_speaker_area)
    rules.add_perm("programme.manage_programme", can_manage_programme)
