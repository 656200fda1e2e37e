"""Signal receivers of the simulations app, connected in SimulationsConfig.ready()."""

from simulations.domain.low_data import restore_low_data


def restore_low_data_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        restore_low_data(user, request.session)
