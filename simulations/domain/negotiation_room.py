"""What the negotiation tools in a participant's room show: public material (statements, floor, proposals,
supports, announcements, injects) and the delegation's own private material (its caucus, its points for each
option and proposal, its votes, its private messages). Never another delegation's caucus, notes or points.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from simulations.domain.console import announcements_for, next_inject_release, visible_injects
from simulations.enums import RoundAction, VoteChoice
from simulations.models import (
    CaucusMessage,
    Delegation,
    FloorMessage,
    Issue,
    Option,
    Proposal,
    ProposalSupport,
    Score,
    Statement,
    Vote,
)

FLOOR_SHOWN = 200


@dataclass
class PackageLine:
    issue: Issue
    option: Option | None
    own_points: float | None


@dataclass
class ProposalView:
    proposal: Proposal
    lines: list
    supporters: list
    own_points: float | None
    beats_batna: bool
    superseded: bool
    own_vote: str = ""  # this delegation's vote in the current round


@dataclass
class BuilderIssue:
    issue: Issue
    options: list  # [(option, own points)]


@dataclass
class NegotiationPanel:
    run: object
    delegation: Delegation
    actions: set
    statements: list
    own_statement: Statement | None
    caucus: list
    floor: list
    proposals: list
    builder: list
    announcements: list
    injects: list
    next_inject_in: float | None
    vote_choices: list = field(default_factory=lambda: list(VoteChoice.choices))

    def allows(self, action):
        return action in self.actions

    @property
    def can_shape_packages(self):
        return bool(self.actions & {RoundAction.PROPOSE, RoundAction.AMEND})

    @property
    def own_floor_count(self):
        return sum(1 for m in self.floor if m.delegation_id == self.delegation.pk)

    @property
    def proposal_count(self):
        return len(self.proposals)


def own_points_by_option(delegation):
    return dict(Score.objects.filter(delegation=delegation).values_list("option_id", "points"))


def negotiation_panel(run, delegation, current_round):
    """Everything the room's negotiation tools show ``delegation`` (its own points only)."""
    actions = set(current_round.actions) if current_round is not None and run.state == "running" else set()
    names = {d.pk: d for d in Delegation.objects.filter(scenario_id=run.scenario_id)}
    issues = list(
        Issue.objects.filter(scenario_id=run.scenario_id)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
    )
    points = own_points_by_option(delegation)
    option_by_key = {(i.key, o.key): o for i in issues for o in i.options.all()}

    statements = list(Statement.objects.filter(run_id=run.pk).order_by("delegation__position", "pk"))
    for s in statements:
        s.delegation_display = names.get(s.delegation_id)
    own_statement = next((s for s in statements if s.delegation_id == delegation.pk), None)
    caucus = list(
        CaucusMessage.objects.filter(run_id=run.pk, delegation=delegation)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )
    floor = list(FloorMessage.objects.filter(run_id=run.pk).order_by("-created_at", "-pk")[:FLOOR_SHOWN])[::-1]
    for m in floor:
        m.delegation_display = names.get(m.delegation_id)

    proposals = list(Proposal.objects.filter(run_id=run.pk).order_by("number", "version", "pk"))
    latest = {}
    by_pk = {p.pk: p for p in proposals}
    for p in proposals:
        latest[p.number] = p.pk
        p.parent_display = by_pk.get(p.parent_id)
    supports = {}
    for proposal_id, delegation_id in ProposalSupport.objects.filter(proposal__run_id=run.pk).values_list(
        "proposal_id", "delegation_id"
    ):
        supports.setdefault(proposal_id, []).append(names.get(delegation_id))
    own_votes = dict(
        Vote.objects.filter(run_id=run.pk, delegation=delegation, round_number=run.current_round).values_list(
            "proposal_id", "choice"
        )
    )
    views = []
    for p in proposals:
        lines = []
        total = 0
        complete = True
        for issue in issues:
            option = option_by_key.get((issue.key, (p.package or {}).get(issue.key)))
            own = points.get(option.pk) if option else None
            complete = complete and own is not None
            total += own or 0
            lines.append(PackageLine(issue=issue, option=option, own_points=own))
        p.delegation_display = names.get(p.delegation_id)
        views.append(
            ProposalView(
                proposal=p,
                lines=lines,
                supporters=[d for d in supports.get(p.pk, []) if d is not None],
                own_points=total if complete else None,
                beats_batna=complete and total > delegation.batna,
                superseded=latest[p.number] != p.pk,
                own_vote=own_votes.get(p.pk, ""),
            )
        )
    builder = [BuilderIssue(issue=i, options=[(o, points.get(o.pk)) for o in i.options.all()]) for i in issues]
    return NegotiationPanel(
        run=run,
        delegation=delegation,
        actions=actions,
        statements=statements,
        own_statement=own_statement,
        caucus=caucus,
        floor=floor,
        proposals=views,
        builder=builder,
        announcements=list(announcements_for(run, delegation)),
        injects=visible_injects(run),
        next_inject_in=next_inject_release(run),
    )
