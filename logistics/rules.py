"""Who may see the private travel data (the `rules` package); views ask by name through course.permissions.

Passport details, receipts, visa letters and certificates: the course team and that participant only. The team's
pages use the one facilitator gate (course.permissions.require_facilitator). The verification page is public
and shows name, course and dates only."""

import rules

from course.rules import is_facilitator


@rules.predicate
def is_the_participant(user, participant):
    return bool(participant is not None and getattr(user, "is_authenticated", False) and participant.user_id == user.pk)


can_see_private_travel_data = is_facilitator | is_the_participant

rules.add_perm("logistics.see_private_travel_data", can_see_private_travel_data)
