from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation: did the course work?")

    def ready(self):
        """Register with the hooks of the apps below (they never import this one): the agenda's "Rate this
        session" links, the debrief's after-run survey, and the composer's group of follow-up non-responders."""
        # In ready(): models cannot be imported while apps.py is.
        from evaluation.domain.mail_groups import non_responders_group  # noqa: PLC0415 (app registry)
        from evaluation.domain.session_feedback import feedback_links  # noqa: PLC0415 (app registry)
        from evaluation.hooks import debrief_survey_panel  # noqa: PLC0415 (app registry)
        from participants.domain.group_mail import register_mail_group  # noqa: PLC0415 (app registry)
        from programme.hooks import register_session_links  # noqa: PLC0415 (app registry)
        from simulations.hooks import register_debrief_panel  # noqa: PLC0415 (app registry)

        register_session_links(feedback_links)
        register_debrief_panel(debrief_survey_panel)
        register_mail_group(non_responders_group())
