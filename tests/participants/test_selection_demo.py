import pytest

from course.demo import seed_editions, seed_staff
from participants.demo_selection import seed_selection
from participants.enums import ApplicationStatus
from participants.models import Application, Pair, Participant, Review


@pytest.mark.django_db
def test_seed_selection_builds_reviews_and_a_cohort_of_twelve_and_is_idempotent():
    seed_editions()
    seed_staff()

    seed_selection()
    counts = (Application.objects.count(), Review.objects.count(), Pair.objects.count(), Participant.objects.count())
    seed_selection()

    assert counts == (60, 180, 12, 24)
    assert (Application.objects.count(), Review.objects.count(), Pair.objects.count()) == (60, 180, 12)
    assert Application.objects.filter(status=ApplicationStatus.CONFIRMED).count() == 12
    countries = set(Participant.objects.values_list("country", flat=True)) | set(
        Application.objects.values_list("members__country", flat=True)
    )
    assert len(countries) >= 40
