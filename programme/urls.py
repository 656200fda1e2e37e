"""Programme routes (sessions, releases, agenda, calendar feeds), served in the "course" URL namespace."""

from django.urls import path

from .views import agenda, editor, exports, feeds, materials, public, session_materials, setup, speaker_team, speakers

urlpatterns = [
    path("programme/", public.current_programme, name="current_programme"),
    path("courses/<slug:slug>/programme/", public.programme, name="programme"),
    path("courses/<slug:slug>/programme/changes/", public.changelog, name="programme_changes"),
    path("courses/<slug:slug>/programme/speakers/", public.speakers, name="programme_speakers"),
    path("courses/<slug:slug>/programme/speakers/<int:speaker_id>/", public.speaker, name="programme_speaker"),
    path("courses/<slug:slug>/programme.ics", feeds.programme_feed, name="programme_feed"),
    path("courses/<slug:slug>/programme.json", exports.programme_json, name="programme_json"),
    path("courses/<slug:slug>/schedule.xml", exports.programme_xml, name="programme_xml"),
    path("courses/<slug:slug>/programme.pdf", exports.programme_pdf, name="programme_pdf"),
    path("courses/<slug:slug>/programme/print/", exports.print_programme, name="programme_print"),
    path("courses/<slug:slug>/programme/sessions/<uuid:uid>/", materials.session_page, name="programme_session"),
    path("courses/<slug:slug>/materials/<int:pk>/", materials.material_download, name="material_download"),
    path("courses/<slug:slug>/agenda/pack/", agenda.week_pack, name="week_pack"),
    path("courses/<slug:slug>/agenda/pack/download/", agenda.week_pack_download, name="week_pack_download"),
    path("speaker/sign-in/<str:token>/", speakers.sign_in, name="speaker_sign_in"),
    path("courses/<slug:slug>/speaker/", speakers.area, name="speaker_area"),
    path("courses/<slug:slug>/speaker/sessions/<int:pk>/answer/", speakers.answer, name="speaker_answer"),
    path("courses/<slug:slug>/speaker/sessions/<int:pk>/materials/", speakers.upload, name="speaker_upload"),
    path(
        "courses/<slug:slug>/speaker/materials/<int:pk>/remove/",
        speakers.material_remove,
        name="speaker_material_remove",
    ),
    path("courses/<slug:slug>/speaker/availability/", speakers.availability_add, name="speaker_availability"),
    path(
        "courses/<slug:slug>/speaker/availability/<int:pk>/remove/",
        speakers.availability_remove,
        name="speaker_availability_remove",
    ),
    path("courses/<slug:slug>/speaker/profile/", speakers.profile, name="speaker_profile"),
    path("courses/<slug:slug>/programme/speakers/<int:speaker_id>/photo/", speakers.photo, name="speaker_photo"),
    path("courses/<slug:slug>/programme/edit/speakers/", speaker_team.status, name="programme_speaker_status"),
    path("courses/<slug:slug>/programme/edit/speakers/remind/", speaker_team.remind, name="programme_speaker_remind"),
    path(
        "courses/<slug:slug>/programme/edit/speakers/<int:pk>/link/",
        speaker_team.send_link,
        name="programme_speaker_link",
    ),
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
    path(
        "courses/<slug:slug>/programme/edit/sessions/<int:pk>/materials/",
        session_materials.upload,
        name="programme_session_materials",
    ),
    path(
        "courses/<slug:slug>/programme/edit/materials/<int:pk>/remove/",
        session_materials.remove,
        name="programme_material_remove",
    ),
    path("courses/<slug:slug>/programme/publish/", editor.publish, name="programme_publish"),
    path("courses/<slug:slug>/programme/edit/setup/", setup.setup, name="programme_setup"),
    path("courses/<slug:slug>/programme/edit/setup/<str:kind>/new/", setup.setup_create, name="programme_setup_create"),
    path(
        "courses/<slug:slug>/programme/edit/setup/<str:kind>/<int:pk>/", setup.setup_edit, name="programme_setup_edit"
    ),
]
