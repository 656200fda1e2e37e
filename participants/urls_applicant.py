from django.urls import path

from .views import applicant

urlpatterns = [
    path("", applicant.dashboard, name="dashboard"),
    path("invitations/<str:token>/", applicant.invitation, name="invitation"),
    path("applications/<int:pk>/", applicant.application_detail, name="application"),
    path("applications/<int:pk>/section/", applicant.save_section, name="save_section"),
    path("applications/<int:pk>/joint-statement/", applicant.save_joint, name="save_joint_statement"),
    path("applications/<int:pk>/cv/", applicant.upload_cv, name="upload_cv"),
    path("applications/<int:pk>/cv/<int:member_pk>/", applicant.download_cv, name="download_cv"),
    path("applications/<int:pk>/invite/", applicant.invite, name="invite"),
    path("applications/<int:pk>/invitations/<int:invitation_pk>/resend/", applicant.resend, name="resend_invitation"),
    path("applications/<int:pk>/invitations/<int:invitation_pk>/cancel/", applicant.cancel, name="cancel_invitation"),
    path("applications/<int:pk>/answers/", applicant.save_answers, name="save_answers"),
    path("applications/<int:pk>/documents/", applicant.upload_document, name="upload_document"),
    path("applications/<int:pk>/documents/<int:answer_pk>/", applicant.download_document, name="download_document"),
    path("applications/<int:pk>/referees/", applicant.request_referee, name="request_referee"),
    path("applications/<int:pk>/referees/<int:referee_pk>/cancel/", applicant.cancel_referee, name="cancel_referee"),
    path("applications/<int:pk>/submit/", applicant.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("<slug:course_slug>/start/", applicant.start_application_view, name="start"),
    path("<slug:course_slug>/prepare/", applicant.prepare, name="prepare"),
]
