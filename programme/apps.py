from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme of the course week"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in  # leaf: only needed once the apps are ready

        from programme import rules, signals  # leaf: the predicates and receivers query models

        rules.register()
        user_logged_in.connect(signals.remember_speaker_area, dispatch_uid="programme.remember_speaker_area")
