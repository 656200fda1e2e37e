from django.urls import path

from evaluation.views import participant, team

app_name = "evaluation"

urlpatterns = [
    # Participants: their record, answering, consent, follow-up.
    path("", participant.home, name="home"),
    path("answer/<int:instrument_id>/", participant.answer, name="answer"),
    path("consent/<slug:course_slug>/", participant.consent, name="consent"),
    path("follow-up/<int:request_id>/", participant.follow_up, name="follow_up"),
    path("follow-up/<int:request_id>/decline/", participant.follow_up_decline, name="follow_up_decline"),
    path("sessions/<int:session_id>/", participant.session_feedback, name="session_feedback"),
    # A speaker's secret link: aggregated ratings and approved comments of their sessions (no login).
    path("speakers/<str:token>/", participant.speaker_feedback, name="speaker_feedback"),
    # The course team.
    path("team/compare/", team.compare, name="compare"),
    path("team/<slug:course_slug>/", team.instruments, name="instruments"),
    path("team/<slug:course_slug>/defaults/", team.add_defaults, name="add_defaults"),
    path("team/<slug:course_slug>/instruments/new/", team.instrument_edit, name="instrument_create"),
    path("team/<slug:course_slug>/instruments/<int:pk>/", team.instrument_edit, name="instrument_edit"),
    path("team/<slug:course_slug>/instruments/<int:pk>/questions/", team.question_add, name="question_add"),
    path(
        "team/<slug:course_slug>/instruments/<int:pk>/questions/<int:question_id>/delete/",
        team.question_delete,
        name="question_delete",
    ),
    path("team/<slug:course_slug>/instruments/<int:pk>/missing/", team.missing, name="missing"),
    path("team/<slug:course_slug>/sessions/", team.sessions, name="sessions"),
    path("team/<slug:course_slug>/sessions/<int:session_id>/", team.session_detail, name="session_detail"),
    path("team/<slug:course_slug>/follow-up/", team.waves, name="waves"),
    path("team/<slug:course_slug>/follow-up/<int:wave_id>/", team.wave_detail, name="wave_detail"),
    path(
        "team/<slug:course_slug>/follow-up/<int:wave_id>/cases/<int:pair_id>/",
        team.success_case,
        name="success_case",
    ),
    path("team/<slug:course_slug>/report/", team.report, name="report"),
    path("team/<slug:course_slug>/report.<str:fmt>", team.report_export, name="report_export"),
]
