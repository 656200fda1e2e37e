import pytest
from django.urls import reverse

from tests.factories.course import UserFactory
from tests.factories.simulations import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_scenario_editable_in_admin(admin_client):
    run = make_run()
    scenario = run.scenario
    delegation = scenario.delegations.first()

    for url in [
        reverse("admin:simulations_scenario_changelist"),
        reverse("admin:simulations_scenario_change", args=[scenario.pk]),
        reverse("admin:simulations_delegation_change", args=[delegation.pk]),
        reverse("admin:simulations_issue_change", args=[scenario.issues.first().pk]),
        reverse("admin:simulations_run_change", args=[run.pk]),
        reverse("admin:simulations_runevent_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url
