"""Named permission predicates for simulations. Facilitators manage runs; seated participants enter rooms."""

import rules

from course.rules import is_facilitator


@rules.predicate
def is_seated_in_run(user, run):
    if not (user and user.is_authenticated) or run is None:
        return False
    return run.seats.filter(pair__participants__user=user).exists()


can_manage_runs = is_facilitator
can_enter_room = is_seated_in_run

rules.add_perm("simulations.manage_runs", can_manage_runs)
rules.add_perm("simulations.enter_room", can_enter_room)
