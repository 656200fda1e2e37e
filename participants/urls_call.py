from django.urls import path

from .views import call_setup, followups, referee

# Fixed prefixes ("setup/", "referee/", "followups/") so that none is read as a course slug.
urlpatterns = [
    path("setup/new-edition/", call_setup.new_edition, name="call_new_edition"),
    path("setup/<slug:course_slug>/", call_setup.setup_page, name="call_setup"),
    path("setup/<slug:course_slug>/edition/", call_setup.edit_edition, name="call_edition"),
    path("setup/<slug:course_slug>/open-close/", call_setup.toggle_call, name="call_toggle"),
    path("setup/<slug:course_slug>/copy/", call_setup.copy_edition, name="call_copy"),
    path("setup/<slug:course_slug>/questions/new/<str:purpose>/", call_setup.add_question, name="call_question_add"),
    path("setup/<slug:course_slug>/questions/<int:pk>/", call_setup.edit_question, name="call_question_edit"),
    path(
        "setup/<slug:course_slug>/questions/<int:pk>/<str:action>/",
        call_setup.question_action,
        name="call_question_action",
    ),
    path("setup/<slug:course_slug>/late-codes/", call_setup.late_codes, name="call_late_codes"),
    path(
        "setup/<slug:course_slug>/late-codes/<int:pk>/revoke/",
        call_setup.revoke_late_code,
        name="call_late_code_revoke",
    ),
    path("setup/<slug:course_slug>/followups/new/", call_setup.add_followup_form, name="call_followup_add"),
    path("setup/<slug:course_slug>/followups/<int:pk>/", call_setup.followup_form_detail, name="call_followup"),
    path(
        "setup/<slug:course_slug>/followups/<int:pk>/questions/new/",
        call_setup.add_followup_question,
        name="call_followup_question_add",
    ),
    path("setup/<slug:course_slug>/letters/<int:pk>/", call_setup.download_letter, name="download_letter"),
    path("referee/<str:token>/", referee.referee, name="referee"),
    path("followups/", followups.my_followups, name="followups"),
    path("followups/<int:form_pk>/", followups.fill_followup, name="followup_fill"),
]
