from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme of the course week"

    def ready(self):
        from programme import rules  # leaf: the predicates query models, so they load once the apps are ready

        rules.register()
