"""Programme routes (sessions, releases, agenda, calendar feeds), served in the "course" URL namespace."""

from django.urls import path

from .views import agenda, editor, feeds, public, setup

urlpatterns = [
    path("programme/", public.current_programme, name="current_programme"),
    path("courses/<slug:slug>/programme/", public.programme, name="programme"),
    path("courses/<slug:slug>/programme/changes/", public.changelog, name="programme_changes"),
    path("courses/<slug:slug>/programme/speakers/", public.speakers, name="programme_speakers"),
    path("courses/<slug:slug>/programme/speakers/<int:speaker_id>/", public.speaker, name="programme_speaker"),
    path("courses/<slug:slug>/programme.ics", feeds.programme_feed, name="programme_feed"),
    path("courses/<slug:slug>/agenda/", agenda.agenda, name="agenda"),
    path("courses/<slug:slug>/agenda/calendar/reset/", agenda.reset_feed, name="agenda_feed_reset"),
    path("calendar/<str:secret>.ics", feeds.personal_feed, name="personal_feed"),
    path("courses/<slug:slug>/programme/edit/", editor.editor, name="programme_editor"),
    path("courses/<slug:slug>/programme/edit/sessions/new/", editor.session_create, name="programme_session_create"),
    path("courses/<slug:slug>/programme/edit/sessions/<int:pk>/", editor.session_edit, name="programme_session_edit"),
    path(
        "courses/<slug:slug>/programme/edit/sessions/<int:pk>/nudge/",
        editor.session_nudge,
        name="programme_session_nudge",
    ),
    path(
        "courses/<slug:slug>/programme/edit/sessions/<int:pk>/move/", editor.session_move, name="programme_session_move"
    ),
    path(
        "courses/<slug:slug>/programme/edit/sessions/<int:pk>/remove/",
        editor.session_remove,
        name="programme_session_remove",
    ),
    path("courses/<slug:slug>/programme/publish/", editor.publish, name="programme_publish"),
    path("courses/<slug:slug>/programme/edit/setup/", setup.setup, name="programme_setup"),
    path("courses/<slug:slug>/programme/edit/setup/<str:kind>/new/", setup.setup_create, name="programme_setup_create"),
    path(
        "courses/<slug:slug>/programme/edit/setup/<str:kind>/<int:pk>/", setup.setup_edit, name="programme_setup_edit"
    ),
]
