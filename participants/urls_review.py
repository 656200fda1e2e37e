from django.urls import path

from .views import group_mail, review, selection

# Fixed prefixes ("reviews/", "selection/", "attendance/") so that none is read as a course slug.
urlpatterns = [
    path("reviews/", review.review_queue, name="review_queue"),
    path("reviews/<int:application_pk>/", review.review_application, name="review_application"),
    path("reviews/<int:application_pk>/conflict/", review.declare_conflict_view, name="review_conflict"),
    path("reviews/<int:application_pk>/discussion/", review.discussion_post, name="review_discussion"),
    path("attendance/<int:pk>/", selection.confirm_attendance, name="confirm_attendance"),
    path("selection/<slug:course_slug>/", selection.board, name="selection_board"),
    path("selection/<slug:course_slug>/settings/", review.review_settings, name="review_settings"),
    path("selection/<slug:course_slug>/assignments/", review.assignments, name="review_assignments"),
    path("selection/<slug:course_slug>/progress/", review.review_progress, name="review_progress"),
    path("selection/<slug:course_slug>/mail/", group_mail.compose, name="group_mail"),
    path(
        "selection/<slug:course_slug>/applications/<int:pk>/",
        selection.application_detail,
        name="selection_application",
    ),
    path(
        "selection/<slug:course_slug>/applications/<int:pk>/decision/",
        selection.stage_decision_view,
        name="selection_stage",
    ),
    path("selection/<slug:course_slug>/release/", selection.release, name="selection_release"),
    path("selection/<slug:course_slug>/emails/", selection.email_templates, name="selection_emails"),
    path("selection/<slug:course_slug>/emails/<str:kind>/", selection.email_template_edit, name="selection_email_edit"),
    path("selection/<slug:course_slug>/outbox/", selection.outbox, name="selection_outbox"),
    path("selection/<slug:course_slug>/audit/", selection.audit_log, name="selection_audit"),
    path("selection/<slug:course_slug>/cohort/", selection.cohort_view, name="selection_cohort"),
    path(
        "selection/<slug:course_slug>/export/applications.csv",
        selection.export_applications,
        name="export_applications",
    ),
    path(
        "selection/<slug:course_slug>/export/applications.json",
        selection.export_applications_json,
        name="export_applications_json",
    ),
    path("selection/<slug:course_slug>/export/cohort.csv", selection.export_cohort, name="export_cohort"),
]
