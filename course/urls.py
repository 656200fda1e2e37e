from django.urls import path

from . import views

app_name = "course"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/<slug:slug>/", views.course_detail, name="detail"),
]
