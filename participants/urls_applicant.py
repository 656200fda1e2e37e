from django.urls import path

from .views import applicant

urlpatterns = [
    path("", applicant.dashboard, name="dashboard"),
    path("<slug:course_slug>/start/", applicant.start_application, name="start"),
]
