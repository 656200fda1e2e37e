from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("<slug:course_slug>/start/", views.start_application, name="start"),
]
