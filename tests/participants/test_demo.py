import pytest

from course.demo import seed_editions
from participants.demo.applicants import seed_applicants
from participants.models import Application, ApplicationMember, Invitation

pytestmark = pytest.mark.django_db


def test_seed_applicants_is_idempotent_and_returns_accounts():
    seed_editions()

    first = seed_applicants()
    second = seed_applicants()

    assert first == second
    assert [email for _label, email, _pw in first] == ["applicant@accord.example", "partner@accord.example"]
    assert Application.objects.count() == 1
    assert ApplicationMember.objects.count() == 2
    assert Invitation.objects.count() == 1
