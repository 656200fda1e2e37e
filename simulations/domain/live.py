"""The facilitator's live view of the negotiation at each table (run page and console): statements, floor
messages, proposals with their versions and who tabled or amended them, supports, and every vote per
delegation per version (void ballots marked). Never a caucus: it stays hidden from facilitators until the
debrief. A read: batched over the tables, so the console costs the same few queries for 1 table or 20.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from simulations.domain.outcome import author_name
from simulations.models import Delegation, FloorMessage, Proposal, ProposalSupport, Statement, Vote

FLOOR_SHOWN = 30  # the most recent floor messages per table


@dataclass
class LiveProposal:
    proposal: Proposal
    delegation: str  # who tabled (v1) or amended (v2+) it
    author: str
    supporters: list
    votes: list  # [(round, delegation name, choice, void)] on this version, oldest first
    superseded: bool


@dataclass
class LiveTable:
    statements: list = field(default_factory=list)  # [(delegation name, text, author, revision)]
    floor: list = field(default_factory=list)  # [(at, delegation name, author, text)] oldest first
    proposals: list = field(default_factory=list)  # [LiveProposal]

    @property
    def empty(self):
        return not (self.statements or self.floor or self.proposals)


def live_negotiations(runs, *, names=None):
    """{run id: LiveTable} for ``runs``, in a fixed number of queries whatever their count (``names``:
    {delegation id: name} when the caller has read the delegations already)."""
    runs = list(runs)
    run_ids = [r.pk for r in runs]
    tables = {run_id: LiveTable() for run_id in run_ids}
    if not run_ids:
        return tables
    if names is None:
        names = dict(Delegation.objects.filter(scenario_id__in={r.scenario_id for r in runs}).values_list("pk", "name"))
    for s in (
        Statement.objects.filter(run_id__in=run_ids).select_related("updated_by").order_by("delegation__position", "pk")
    ):
        tables[s.run_id].statements.append(
            (names.get(s.delegation_id, ""), s.text, author_name(s.updated_by), s.revision)
        )
    floor = defaultdict(list)
    for m in (
        FloorMessage.objects.filter(run_id__in=run_ids).select_related("created_by").order_by("-created_at", "-pk")
    ):
        if len(floor[m.run_id]) < FLOOR_SHOWN:
            floor[m.run_id].append((m.created_at, names.get(m.delegation_id, ""), author_name(m.created_by), m.text))
    for run_id, messages in floor.items():
        tables[run_id].floor = messages[::-1]
    supports = defaultdict(list)
    for proposal_id, delegation_id in ProposalSupport.objects.filter(proposal__run_id__in=run_ids).values_list(
        "proposal_id", "delegation_id"
    ):
        supports[proposal_id].append(names.get(delegation_id, ""))
    votes = defaultdict(list)
    for proposal_id, round_number, delegation_id, choice, voided_at in (
        Vote.objects.filter(run_id__in=run_ids)
        .order_by("round_number", "cast_at", "pk")
        .values_list("proposal_id", "round_number", "delegation_id", "choice", "voided_at")
    ):
        votes[proposal_id].append((round_number, names.get(delegation_id, ""), choice, voided_at is not None))
    proposals = list(
        Proposal.objects.filter(run_id__in=run_ids).select_related("created_by").order_by("run_id", "number", "version")
    )
    latest = {}
    for p in proposals:
        latest[(p.run_id, p.number)] = p.pk
    for p in proposals:
        tables[p.run_id].proposals.append(
            LiveProposal(
                proposal=p,
                delegation=names.get(p.delegation_id, ""),
                author=author_name(p.created_by),
                supporters=supports.get(p.pk, []),
                votes=votes.get(p.pk, []),
                superseded=latest[(p.run_id, p.number)] != p.pk,
            )
        )
    return tables
