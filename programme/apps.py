from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme of the course week"

    def ready(self):
        # Leaf: connected once the apps are ready (rules.py is imported by rules' autodiscovery).
        from django.contrib.auth.signals import user_logged_in

        from programme import signals

        user_logged_in.connect(signals.remember_speaker_area, dispatch_uid="programme.remember_speaker_area")
