from django.urls import path

from . import views

# Served in the "course" namespace (config/urls.py): the page kept its name, course:facilitator_home.
urlpatterns = [
    path("facilitate/", views.facilitator_home, name="facilitator_home"),
]
