import pytest
from django.urls import reverse

from course.demo import seed_editions
from simulations.demo.negotiation import DEMO_TABLE, seed_negotiation
from simulations.demo.runs import seed_simulations
from simulations.models import Outcome, Proposal, Run, Statement, Vote
from tests.factories.course import FacilitatorFactory

pytestmark = pytest.mark.django_db


def test_seed_negotiation_leaves_one_finished_run_with_a_full_transcript(client):
    seed_editions()
    seed_simulations()

    seed_negotiation()
    seed_negotiation()

    run = Run.objects.get(name=DEMO_TABLE)
    delegations = run.scenario.delegations.count()
    assert run.state == "finished"
    assert Statement.objects.filter(run=run).count() == delegations
    assert Proposal.objects.filter(run=run).exists() and Vote.objects.filter(run=run).exists()
    amendment = Proposal.objects.get(run=run, version=2)
    assert amendment.parent is not None and Vote.objects.filter(proposal=amendment).exists()
    assert Outcome.objects.get(run=run).agreed
    client.force_login(FacilitatorFactory())
    html = client.get(reverse("simulations:debrief", args=[run.pk])).content.decode()
    assert "agreement-chart" in html and "Agreement:" in html
    assert f"{amendment.label} (amends {amendment.parent.label})" in html
