"""Named permission predicates for simulations.

Facilitators manage runs through the one facilitator gate (course.permissions); a run's seated participants and
facilitators read its debrief. A room itself is served only to a seat it finds in the table's snapshot
(simulations.domain.room.room_for), which costs no query of its own.
"""

import rules

from course.rules import is_facilitator


@rules.predicate
def is_seated_in_run(user, run):
    if not (user and user.is_authenticated) or run is None:
        return False
    return run.seats.filter(pair__participants__user=user).exists()


rules.add_perm("simulations.view_debrief", is_facilitator | is_seated_in_run)
