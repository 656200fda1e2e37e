from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme of the course week"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415 (app registry)

        from programme import signals  # noqa: PLC0415 (app registry)

        # rules.py is imported by the rules package's autodiscovery; the login hook is wired here.
        user_logged_in.connect(signals.remember_speaker_area, dispatch_uid="programme.remember_speaker_area")
