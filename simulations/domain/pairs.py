"""Pairs inside delegations: per delegation and round, who acted — the scientist, the policymaker, or a scripted
delegation — counted by kind (statement, floor, caucus, proposal or amendment, support, vote). A read of the
rows every action already stores (``created_by``/``updated_by``/``cast_by``); the member's role comes from the
pair seated for the delegation. Shown at the debrief to the delegation itself and to facilitators.

A statement counts once for whoever wrote it and once for whoever last changed it if that is someone else
(earlier intermediate edits are not stored). A support is counted in the round during which it was given.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Value
from django.utils.translation import gettext_lazy as _

from participants.models import Participant
from simulations.models import (
    CaucusMessage,
    Delegation,
    FloorMessage,
    PostSettlementVote,
    Proposal,
    ProposalSupport,
    RunRound,
    Seat,
    Statement,
    Vote,
)

KINDS = ("statement", "floor", "caucus", "proposal", "support", "vote")
SCRIPTED = "scripted"


@dataclass
class RoundActivity:
    number: int | None
    title: str
    # {role: {kind: count}} with role scientist, policymaker, scripted (a bot) or other (a user not seated)
    counts: dict = field(default_factory=lambda: defaultdict(lambda: dict.fromkeys(KINDS, 0)))

    def rows(self):
        """[(who, [count per kind in KINDS])] for each kind of member who acted in the round, in a fixed order."""
        order = ("scientist", "policymaker", SCRIPTED, "other")
        return [(ROLE_LABELS[role], [self.counts[role][k] for k in KINDS]) for role in order if role in self.counts]


ROLE_LABELS = {
    "scientist": _("Scientist"),
    "policymaker": _("Policymaker"),
    SCRIPTED: _("Scripted delegation"),
    "other": _("Someone not seated"),
}


def pair_activity(run):
    """{delegation key: [RoundActivity by round number]} for every delegation that did anything."""
    keys = dict(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("pk", "key"))
    roles = dict(
        Participant.objects.filter(pair__in=Seat.objects.filter(run_id=run.pk).values("pair")).values_list(
            "user_id", "role"
        )
    )
    rounds = list(RunRound.objects.filter(run_id=run.pk).order_by("number"))
    titles = {r.number: r.title for r in rounds}

    def round_at(moment):
        number = None
        for r in rounds:
            if r.started_at is not None and r.started_at <= moment:
                number = r.number
        return number

    table = defaultdict(dict)

    def add(delegation_id, round_number, user_id, kind):
        role = SCRIPTED if user_id is None else roles.get(user_id, "other")
        per_round = table[delegation_id]
        if round_number not in per_round:
            per_round[round_number] = RoundActivity(round_number, titles.get(round_number, ""))
        per_round[round_number].counts[role][kind] += 1

    for d, n, created, updated in Statement.objects.filter(run_id=run.pk).values_list(
        "delegation_id", "round_number", "created_by_id", "updated_by_id"
    ):
        add(d, n, created, "statement")
        if updated != created:
            add(d, n, updated, "statement")
    for model, kind in ((FloorMessage, "floor"), (CaucusMessage, "caucus"), (Proposal, "proposal")):
        for d, n, user in model.objects.filter(run_id=run.pk).values_list(
            "delegation_id", "round_number", "created_by_id"
        ):
            add(d, n, user, kind)
    for d, at, user in ProposalSupport.objects.filter(proposal__run_id=run.pk).values_list(
        "delegation_id", "created_at", "created_by_id"
    ):
        add(d, round_at(at), user, "support")
    for d, n, user in Vote.objects.filter(run_id=run.pk).values_list("delegation_id", "round_number", "cast_by_id"):
        add(d, n, user, "vote")
    for d, n, user in PostSettlementVote.objects.filter(post_settlement__run_id=run.pk).values_list(
        "delegation_id", "post_settlement__round_number", "cast_by_id"
    ):
        add(d, n, user, "vote")
    return {
        keys.get(delegation_id, str(delegation_id)): [
            per_round[n] for n in sorted(per_round, key=lambda v: (v is None, v or 0))
        ]
        for delegation_id, per_round in table.items()
    }


def member_counts(run_ids, user_ids):
    """{(run_id, user_id): {kind: count}}: what each of these users did in each of these runs, counted as
    ``pair_activity`` counts it (a statement for its writer and for its last editor if someone else; votes of
    vote rounds and of the post-settlement round), in one query whatever the number of runs. For a learner
    record across runs (evaluation.domain.queries.learner)."""
    run_ids, user_ids = list(run_ids), list(user_ids)
    if not run_ids or not user_ids:
        return {}

    def counted(queryset, run, user, kind):
        return (
            queryset.filter(**{f"{run}__in": run_ids, f"{user}__in": user_ids})
            .order_by()
            .values(run_key=F(run), user_key=F(user))
            .annotate(kind=Value(kind, output_field=CharField()), n=Count("pk"))
        )

    parts = [
        counted(Statement.objects.all(), "run_id", "created_by_id", "statement"),
        counted(Statement.objects.exclude(updated_by_id=F("created_by_id")), "run_id", "updated_by_id", "statement"),
        counted(FloorMessage.objects.all(), "run_id", "created_by_id", "floor"),
        counted(CaucusMessage.objects.all(), "run_id", "created_by_id", "caucus"),
        counted(Proposal.objects.all(), "run_id", "created_by_id", "proposal"),
        counted(ProposalSupport.objects.all(), "proposal__run_id", "created_by_id", "support"),
        counted(Vote.objects.all(), "run_id", "cast_by_id", "vote"),
        counted(PostSettlementVote.objects.all(), "post_settlement__run_id", "cast_by_id", "vote"),
    ]
    result = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    for row in parts[0].union(*parts[1:], all=True):
        result[(row["run_key"], row["user_key"])][row["kind"]] += row["n"]
    return dict(result)
