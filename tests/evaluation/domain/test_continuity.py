from evaluation.domain.continuity import pair_continuity, success_cases, wave_continuity
from evaluation.enums import ContactAnswer, OutputKind, RequestStatus

A, P = RequestStatus.ANSWERED, RequestStatus.PENDING


def request(pid, status=A, contact=ContactAnswer.YES, outputs=()):
    return {"participant_id": pid, "pair_id": 1, "status": status, "in_contact": contact, "outputs": list(outputs)}


BRIEF = (OutputKind.POLICY_BRIEF, "Groundwater data: a brief", "")


def test_both_say_yes_and_report_the_same_output_once():
    # The same brief, written with other case and punctuation by the partner: one output.
    row = pair_continuity(
        1,
        "Pair 1",
        [request(1, outputs=[BRIEF]), request(2, outputs=[(OutputKind.POLICY_BRIEF, "groundwater DATA, a brief", "")])],
    )

    assert (row.contact, row.output_count, row.disagrees) == (1.0, 1, False)
    assert row.index == 0.667  # ½ · 1 + ½ · 1/3, rounded to three places


def test_same_evidence_link_is_one_output_whatever_the_titles():
    url = "https://example.org/brief/"
    row = pair_continuity(
        1,
        "",
        [
            request(1, outputs=[(OutputKind.PAPER, "Paper", url)]),
            request(2, outputs=[(OutputKind.PAPER, "Our article", url.rstrip("/"))]),
        ],
    )

    assert row.output_count == 1 and row.one_sided_outputs == 0


def test_disagreement_is_shown_not_hidden():
    row = pair_continuity(
        1, "", [request(1, contact=ContactAnswer.YES, outputs=[BRIEF]), request(2, contact=ContactAnswer.NO)]
    )

    assert row.contact == 0.5 and row.contact_disagreement
    assert row.one_sided_outputs == 1 and row.disagrees
    assert row.index == 0.417  # ½ · ½ + ½ · 1/3


def test_one_answer_rests_on_that_member_and_none_gives_no_index():
    one = pair_continuity(1, "", [request(1, contact=ContactAnswer.OCCASIONALLY), request(2, status=P)])
    none = pair_continuity(1, "", [request(1, status=P)])

    assert (one.answered, one.contact, one.index, one.disagrees) == (1, 0.5, 0.25, False)
    assert none.index is None


def test_outputs_count_up_to_three():
    many = [(k, k, "") for k in (OutputKind.PAPER, OutputKind.MEETING, OutputKind.TRAINING, OutputKind.PROPOSAL)]
    row = pair_continuity(1, "", [request(1, outputs=many)])

    assert row.output_count == 4 and row.index == 1.0


def test_success_cases_are_the_strongest_and_weakest_answered_pairs():
    rows = wave_continuity(
        [(1, "a"), (2, "b"), (3, "c"), (4, "d")],
        [
            {**request(1, outputs=[BRIEF]), "pair_id": 1},
            {**request(2, contact=ContactAnswer.NO), "pair_id": 2},
            {**request(3), "pair_id": 3},
        ],
    )

    strongest, weakest = success_cases(rows, how_many=1)

    assert [r.pair_id for r in strongest] == [1] and [r.pair_id for r in weakest] == [2]
