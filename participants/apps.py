from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = "Applications, review and cohort"

    def ready(self):
        from participants.domain.group_mail import register_builtin_groups  # noqa: PLC0415 (app registry)

        # The groups the course team can mail (participants/domain/group_mail.py); other apps add theirs.
        register_builtin_groups()
