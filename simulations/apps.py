from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    name = "simulations"
    verbose_name = "Role-play simulations"

    def ready(self):
        """Wire the hooks the domain calls without importing their owners: the round's timer task (sent after
        each transition that leaves a run running), the negotiation's "all acted" check (the engine ends a round
        early when it agrees) and the room's read side (told after every commit that changed a run's stamp, it
        publishes the stamp and prepares the table's rooms)."""
        # In ready(): models cannot be imported while apps.py is (the "app registry" reason, docs/architecture.md).
        from django.contrib.auth import get_user_model  # noqa: PLC0415 (app registry)
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 (app registry)
        from django.db.models.signals import m2m_changed, post_delete, post_save  # noqa: PLC0415 (app registry)

        from simulations.domain.activity import register_stamp_hook  # noqa: PLC0415 (app registry)
        from simulations.domain.engine import register_acted_check, register_round_timer  # noqa: PLC0415 (app registry)
        from simulations.domain.negotiation import every_delegation_acted  # noqa: PLC0415 (app registry)
        from simulations.room.warm import publish_and_warm  # noqa: PLC0415 (app registry)
        from simulations.signals import (  # noqa: PLC0415 (app registry)
            forget_room_viewer,
            forget_room_viewers_of_groups,
            restore_low_data_at_login,
        )
        from simulations.tasks import advance_run_round  # noqa: PLC0415 (app registry)

        register_round_timer(advance_run_round)
        register_acted_check(every_delegation_acted)
        register_stamp_hook(publish_and_warm)
        user_logged_in.connect(restore_low_data_at_login, dispatch_uid="simulations.restore_low_data_at_login")
        # The room's express path (simulations.room.express) serves a person only while their viewer entry is
        # in the cache: it goes with any change of the user row or their groups.
        users = get_user_model()
        post_save.connect(forget_room_viewer, sender=users, dispatch_uid="simulations.forget_room_viewer")
        post_delete.connect(forget_room_viewer, sender=users, dispatch_uid="simulations.forget_room_viewer_deleted")
        m2m_changed.connect(
            forget_room_viewers_of_groups, sender=users.groups.through, dispatch_uid="simulations.forget_room_viewers"
        )
