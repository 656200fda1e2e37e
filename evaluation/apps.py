from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "Evaluation: did the course work?"

    def ready(self):
        # Hooks of the apps below: the agenda's "rate this session" and the debrief's after-run survey.
        from evaluation.domain.session_feedback import feedback_links  # noqa: PLC0415 - circular import
        from evaluation.hooks import debrief_survey_panel  # noqa: PLC0415 - circular import (models load first)
        from programme.hooks import register_session_links  # noqa: PLC0415 - circular import
        from simulations.hooks import register_debrief_panel  # noqa: PLC0415 - circular import

        register_session_links(feedback_links)
        register_debrief_panel(debrief_survey_panel)
