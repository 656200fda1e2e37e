"""Who may see and change what in logistics (the `rules` package). Views answer 404 when refused.

Passport details, receipts and visa letters: the course team and that participant only. Certificates: the same.
The verification page is public and shows name, course and dates only."""

import rules

from course.rules import is_facilitator


@rules.predicate
def is_the_participant(user, participant):
    return bool(participant is not None and getattr(user, "is_authenticated", False) and participant.user_id == user.pk)


is_course_team = is_facilitator
can_manage_logistics = is_course_team
can_see_private_travel_data = is_course_team | is_the_participant  # passport, receipts, letters, certificates

rules.add_perm("logistics.manage", can_manage_logistics)
rules.add_perm("logistics.see_private_travel_data", can_see_private_travel_data)
