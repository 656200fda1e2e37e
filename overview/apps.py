from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """The top floor: what reads across every app (the course team's home, the demo seeding of all apps).

    Nothing imports it, so the apps below keep a one-way graph: course ← participants ← simulations, programme,
    evaluation, logistics ← overview.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "overview"
