"""Signal receivers of the simulations app, connected in SimulationsConfig.ready()."""

from simulations.domain.low_data import restore_low_data
from simulations.room.express import forget_viewers


def restore_low_data_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        restore_low_data(user, request.session)


def forget_room_viewer(sender, instance, update_fields=None, **kwargs):
    """A user saved or deleted: their room's viewer entry goes (a new password, a deactivation, a new role must
    never be served by the express path). A login's own save (of ``last_login`` only) changes none of that."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    forget_viewers([instance.pk])


def forget_room_viewers_of_groups(sender, instance, action, reverse, pk_set, **kwargs):
    """Someone's groups (their staff roles) changed: their viewer entries go."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget_viewers([instance.pk])
    elif pk_set:
        forget_viewers(pk_set)
    else:  # a group cleared of its members
        forget_viewers(list(instance.user_set.values_list("pk", flat=True)))
