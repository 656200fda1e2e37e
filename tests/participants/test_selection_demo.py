import pytest
from django.core.files import File

from course.demo import seed_editions, seed_staff
from participants.demo.selection import seed_selection
from participants.domain.applications import list_submission_problems
from participants.domain.income import LMIC_GROUPS, classify
from participants.domain.uploads import validate_cv_upload
from participants.enums import ApplicationStatus
from participants.models import Application, AuditLogEntry, Decision, Pair, Participant, Review


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


@pytest.mark.django_db
def test_seed_selection_cohort_comes_from_several_regions_mostly_the_global_south():
    seed_editions()
    seed_staff()

    seed_selection()

    classes = [classify(code) for code in Participant.objects.values_list("country", flat=True)]
    regions = {c.region for c in classes if c}
    from_lmics = sum(1 for c in classes if c and c.income_group in LMIC_GROUPS)
    assert len(regions) >= 5, regions
    assert from_lmics >= 0.75 * len(classes)


@pytest.mark.django_db
def test_seed_selection_leaves_some_decisions_staged_and_logs_the_cohorts_decisions():
    seed_editions()
    seed_staff()

    seed_selection()
    seed_selection()

    staged = Decision.objects.filter(released_at__isnull=True).exclude(outcome="")
    assert sorted(staged.values_list("outcome", flat=True)) == ["accept", "accept", "waitlist", "waitlist"]
    assert Application.objects.filter(decision__in=staged, status=ApplicationStatus.SUBMITTED).count() == 4
    assert AuditLogEntry.objects.filter(action="release_decision").count() == 12
    assert AuditLogEntry.objects.filter(action="confirmed", actor__isnull=False).count() == 12


@pytest.mark.django_db
def test_seed_selection_applications_are_complete_with_a_real_pdf_cv():
    seed_editions()
    seed_staff()

    seed_selection()

    application = Application.objects.filter(status=ApplicationStatus.SUBMITTED).first()
    member = application.members.first()
    assert list_submission_problems(application) == []
    with member.cv.open("rb") as cv:
        validate_cv_upload(File(cv, name="cv.pdf"))  # refuses anything that is not a PDF
