"""Reading the other side (estimates before the first negotiation round, scored at the debrief, followed across
runs) and who acted inside each delegation."""

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.errors import NegotiationError
from simulations.domain.estimates import estimate_record, estimate_scores, estimates_open, save_estimate
from simulations.domain.negotiation import cast_vote, make_statement, post_caucus_message, table_proposal
from simulations.domain.pairs import KINDS, member_counts, pair_activity
from simulations.models import Delegation
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db

# a cares about x (spread 6) more than y (spread 2); b the other way round (2, 6)
SCORES = {
    "a": {"x": {"x1": 6, "x2": 0}, "y": {"y1": 2, "y2": 0}},
    "b": {"x": {"x1": 0, "x2": 2}, "y": {"y1": 0, "y2": 6}},
}
ROUNDS = (("opening", 10, ["statement", "caucus"]), ("talk", 10, ["propose", "floor"]), ("vote", 10, ["vote"]))


def table(course=None):
    scenario = build_scenario({"a": 1, "b": 1}, SCORES, rounds=ROUNDS)
    run, pairs = seated_run(scenario, course=course)
    return run, pairs, {d.key: d for d in Delegation.objects.filter(scenario=scenario)}


def test_estimates_are_taken_before_the_first_negotiation_round_and_scored():
    run, pairs, ds = table()
    a_user = pairs["a"][1].user
    assert estimates_open(run)
    save_estimate(run, ds["a"], ds["b"], {"x": 20, "y": 80}, user=a_user)  # right order, shares 0.2/0.8 vs 0.25/0.75
    save_estimate(run, ds["b"], ds["a"], {"x": 1, "y": 3}, user=pairs["b"][2].user)  # wrong order
    with pytest.raises(NegotiationError, match="another delegation"):
        save_estimate(run, ds["a"], ds["a"], {"x": 1}, user=a_user)
    with pytest.raises(NegotiationError, match="your own delegation"):
        save_estimate(run, ds["b"], ds["a"], {"x": 1}, user=a_user)
    with pytest.raises(NegotiationError, match="from 0 to 100"):
        save_estimate(run, ds["a"], ds["b"], {"x": 101}, user=a_user)
    with pytest.raises(NegotiationError, match="above 0"):
        save_estimate(run, ds["a"], ds["b"], {"x": 0, "y": 0}, user=a_user)

    engine.end_round_now(run)  # the negotiation round starts: estimates close
    run.refresh_from_db()
    assert not estimates_open(run)
    with pytest.raises(NegotiationError, match="before the first negotiation round"):
        save_estimate(run, ds["a"], ds["b"], {"x": 50, "y": 50}, user=a_user)

    scores = estimate_scores(run)
    assert scores["a"].mean_spearman == 1.0 and scores["a"].mean_weighted_error == pytest.approx(0.05)
    assert scores["b"].mean_spearman == -1.0 and scores["b"].mean_weighted_error == pytest.approx(0.5)


def test_the_estimate_record_follows_a_participant_across_runs():
    first, pairs, ds = table()
    user = pairs["a"][1].user
    save_estimate(first, ds["a"], ds["b"], {"x": 90, "y": 10}, user=user)  # reversed: error 0.65
    engine.finish_run(first)

    second, pairs2, ds2 = table(course=first.course)
    second.seats.filter(delegation__key="a").update(pair=pairs["a"][0])  # the same pair plays a again
    save_estimate(second, ds2["a"], ds2["b"], {"x": 25, "y": 75}, user=user)  # exact
    engine.finish_run(second)

    record = estimate_record(user)
    assert [e.run_id for e in record.entries] == [first.pk, second.pk]
    assert [e.mean_weighted_error for e in record.entries] == [pytest.approx(0.65), 0.0]
    assert record.improved is True


def test_pair_activity_counts_who_acted_per_round_and_role():
    run, pairs, ds = table()
    _, scientist, policymaker = pairs["a"]
    make_statement(run, ds["a"], "We come to agree.", user=scientist.user)
    post_caucus_message(run, ds["a"], "Hold on x.", user=policymaker.user)
    make_statement(run, ds["b"], "So do we.")  # scripted
    engine.end_round_now(run)
    proposal = table_proposal(run, ds["a"], {"x": "x1", "y": "y2"}, user=policymaker.user)
    engine.end_round_now(run)
    cast_vote(run, ds["a"], proposal, "yes", user=scientist.user)

    activity = pair_activity(run)

    rounds = {r.number: dict(r.rows()) for r in activity["a"]}
    assert rounds[1]["Scientist"][0] == 1 and rounds[1]["Policymaker"][2] == 1  # statement; caucus
    assert rounds[2] == {"Policymaker": [0, 0, 0, 1, 0, 0]}
    assert rounds[3] == {"Scientist": [0, 0, 0, 0, 0, 1]}
    assert dict(activity["b"][0].rows()) == {"Scripted delegation": [1, 0, 0, 0, 0, 0]}


def test_member_counts_add_up_what_pair_activity_shows_in_one_query(django_assert_num_queries):
    run, pairs, ds = table()
    other, other_pairs, other_ds = table(course=run.course)
    _, scientist, policymaker = pairs["a"]
    make_statement(run, ds["a"], "We come to agree.", user=scientist.user)
    make_statement(run, ds["a"], "We come to agree, on x.", user=policymaker.user, base_revision=1)  # edited
    post_caucus_message(run, ds["a"], "Hold on x.", user=policymaker.user)
    engine.end_round_now(run)
    table_proposal(run, ds["a"], {"x": "x1", "y": "y2"}, user=policymaker.user)
    table_proposal(run, ds["a"], {"x": "x1", "y": "y1"}, user=policymaker.user)
    make_statement(other, other_ds["b"], "Elsewhere.", user=other_pairs["b"][1].user)
    users = [scientist.user_id, policymaker.user_id, other_pairs["b"][1].user_id]

    with django_assert_num_queries(1):
        counts = member_counts([run.pk, other.pk], users)

    totals = {role: [0] * 6 for role in ("Scientist", "Policymaker")}
    for rnd in pair_activity(run)["a"]:
        for role, numbers in rnd.rows():
            totals[str(role)] = [t + n for t, n in zip(totals[str(role)], numbers, strict=True)]
    assert [counts[(run.pk, scientist.user_id)][k] for k in KINDS] == totals["Scientist"] == [1, 0, 0, 0, 0, 0]
    assert [counts[(run.pk, policymaker.user_id)][k] for k in KINDS] == totals["Policymaker"] == [1, 0, 1, 2, 0, 0]
    assert counts[(other.pk, other_pairs["b"][1].user_id)]["statement"] == 1
    assert set(counts) == {(run.pk, scientist.user_id), (run.pk, policymaker.user_id), (other.pk, users[2])}
    assert member_counts([], users) == {}


def test_debrief_shows_dance_estimates_and_only_the_viewers_own_pair(client):
    run, pairs, ds = table()
    save_estimate(run, ds["a"], ds["b"], {"x": 20, "y": 80}, user=pairs["a"][1].user)
    make_statement(run, ds["b"], "B speaks", user=pairs["b"][2].user)
    engine.end_round_now(run)
    table_proposal(run, ds["a"], {"x": "x1", "y": "y1"}, user=pairs["a"][1].user)
    table_proposal(run, ds["a"], {"x": "x1", "y": "y2"}, user=pairs["a"][1].user)
    engine.finish_run(run)
    client.force_login(pairs["a"][1].user)

    body = client.get(reverse("simulations:debrief", args=[run.pk])).content.decode()

    assert 'id="dance-points"' in body and 'id="dance-path"' in body and 'class="results dance-table' in body
    assert "concession" in body and "Reading the other side" in body
    assert "Who acted in your delegation" in body and "Delegation A</h3>" in body
    assert "Delegation B</h3>" not in body  # another delegation's pair activity is not shown to a
    client.force_login(FacilitatorFactory())
    facilitator = client.get(reverse("simulations:debrief", args=[run.pk])).content.decode()
    assert "Who acted in each delegation" in facilitator
    assert "Delegation A</h3>" in facilitator and "Delegation B</h3>" in facilitator


def test_room_form_saves_an_estimate_and_never_shows_another_delegations(client):
    run, pairs, ds = table()
    save_estimate(run, ds["b"], ds["a"], {"x": 77, "y": 33}, user=pairs["b"][1].user)
    client.force_login(pairs["a"][1].user)
    url = reverse("simulations:negotiate_estimate", args=[run.pk, "b"])

    response = client.post(url, {"w-x": "15", "w-y": "85"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200 and 'name="w-x" value="15.0"' in body
    assert 'value="77' not in body and "Reading the other side" in body  # b's estimate of a is not shown
    bad = client.post(url, {"w-x": "500"})
    assert bad.status_code == 400 and "from 0 to 100" in bad.content.decode()
    engine.end_round_now(run)
    room = client.get(reverse("simulations:room", args=[run.pk])).content.decode()
    assert "Reading the other side" not in room  # closed once the negotiation round starts


def test_the_estimate_record_costs_the_same_queries_for_runs_without_estimates(django_assert_num_queries):
    first, pairs, _ = table()
    user = pairs["a"][1].user
    engine.finish_run(first)
    with django_assert_num_queries(2):  # the finished seats; which of them estimated
        assert estimate_record(user).entries == ()
    for _ in range(3):  # three more finished runs, the same pair at a, nobody estimated
        run, _, _ = table(course=first.course)
        run.seats.filter(delegation__key="a").update(pair=pairs["a"][0])
        engine.finish_run(run)
    with django_assert_num_queries(2):
        assert estimate_record(user).entries == ()
