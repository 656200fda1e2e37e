from django.urls import path

from .views import review

urlpatterns = [
    path("reviews/", review.review_queue, name="review_queue"),
]
