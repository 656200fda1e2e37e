"""A participant's proposal POST reads the run in the view and under the action's lock (and once more after the
commit, to publish the new stamp and prepare the table's rooms), not once per layer it passes through: 35 queries
with six reads of the run before issue 13, 32 with three since, 30 since issue 12 reads the run's pinned scenario version (one query) instead of the
scoring sheet's three; 31 since the commit also writes the seat holders' viewer entries of the room's express path
when they are not in the cache (one query; simulations.room.express), as here, where no earlier change wrote them."""

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.models import Proposal, Run
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
# the user with its roles; the run (view); the run's scenario version (1) and the issues' titles (validating the package);
# the run locked, the round, the seat, the next number, the proposal, the activity bump (and two savepoints);
# after the commit: the run (publish and warm), the table's snapshot at the new stamp (17), the seat holders
# missing from the express path's viewer entries (1) and nothing more.
QUERIES = 31


def test_proposal_post_query_count(client, django_assert_num_queries, django_capture_on_commit_callbacks):
    run, pairs = seated_run(two_by_two())
    client.force_login(pairs["a"][1].user)
    while Run.objects.get(pk=run.pk).current_round < 3:
        engine.end_round_now(run)
    url = reverse("simulations:negotiate_package", args=[run.pk])
    client.get(reverse("simulations:room", args=[run.pk]))  # the table's snapshot is read and cached

    # with what its commit sets off in the same process: the new stamp published, the table read and its rooms
    # rendered (simulations.room.warm)
    with django_assert_num_queries(QUERIES), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"issue-x": "x1", "issue-y": "y1", "rationale": "Ours"}, **HX)

    assert response.status_code == 200 and Proposal.objects.filter(run=run).count() == 1
