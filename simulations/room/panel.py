"""What the negotiation tools in a participant's room show: public material (statements, floor, proposals,
supports, announcements, injects) and the delegation's own private material (its caucus, its points for each
option and proposal, its votes, its private messages). Never another delegation's caucus, notes or points.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from simulations.domain.injects import released_injects, seconds_to_next_inject
from simulations.enums import RoundAction, VoteChoice
from simulations.models import Delegation, Issue, Option, Proposal, Statement


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
    # While paused the round's forms stay on the page, disabled, so what was typed stays where it was.
    paused: bool = False
    shown: set = field(default_factory=set)  # the actions whose forms are on the page (enabled or not)
    caucus_readers: list = field(default_factory=list)  # who reads the caucus: every member seated in the delegation

    def allows(self, action):
        return action in self.actions

    @property
    def can_shape_packages(self):
        return bool(self.shown & {RoundAction.PROPOSE, RoundAction.AMEND})

    @property
    def statement_revision(self):
        """The revision the statement form is based on (0: no statement yet)."""
        return self.own_statement.revision if self.own_statement else 0

    @property
    def own_floor_count(self):
        return sum(1 for m in self.floor if m.delegation_id == self.delegation.pk)

    @property
    def proposal_count(self):
        return len(self.proposals)


def negotiation_panel(run, delegation, current_round, snapshot):
    """Everything the room's negotiation tools show ``delegation`` (its own points, caucus, votes and private
    messages only), built from the table's ``snapshot`` at the run's stamp."""
    now = timezone.now()
    round_actions = set(current_round.actions) if current_round is not None else set()
    actions = round_actions if run.state == "running" else set()
    shown = round_actions if run.state in ("running", "paused") else set()
    names = snapshot.delegation_by_pk
    issues = snapshot.issues
    points = snapshot.points.get(delegation.pk, {})
    option_by_key = {(i.key, o.key): o for i in issues for o in i.options.all()}

    statements = snapshot.statements  # their delegation_display, and the proposals', set by the snapshot
    own_statement = next((s for s in statements if s.delegation_id == delegation.pk), None)
    proposals = snapshot.proposals
    latest = {p.number: p.pk for p in proposals}  # ordered by number and version: the last one wins
    own_votes = snapshot.votes.get(delegation.pk, {})
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
        views.append(
            ProposalView(
                proposal=p,
                lines=lines,
                supporters=[names[d] for d in snapshot.supports.get(p.pk, []) if d in names],
                own_points=total if complete else None,
                beats_batna=complete and total > delegation.batna,
                superseded=latest[p.number] != p.pk,
                own_vote=own_votes.get(p.pk, ""),
            )
        )
    builder = [BuilderIssue(issue=i, options=[(o, points.get(o.pk)) for o in i.options.all()]) for i in issues]
    past_keys = {r.key for r in snapshot.rounds if r.number < run.current_round}
    announcements = [a for a in snapshot.announcements if a.delegation_id in (None, delegation.pk)]
    return NegotiationPanel(
        run=run,
        delegation=delegation,
        actions=actions,
        statements=statements,
        own_statement=own_statement,
        caucus=snapshot.caucus.get(delegation.pk, []),
        floor=snapshot.floor,
        proposals=views,
        builder=builder,
        announcements=announcements,
        injects=released_injects(run, snapshot.injects, past_keys, now),
        next_inject_in=seconds_to_next_inject(run, snapshot.injects, now),
        paused=run.state == "paused",
        shown=shown,
        caucus_readers=[
            p.full_name
            for seat in snapshot.seats
            if seat.delegation_id == delegation.pk
            for p in seat.pair.participants.all()
        ],
    )
