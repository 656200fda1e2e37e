"""Replay: any finished run as it stood at minute t (since its start), from what the run stored as it went.

Three views: the **public** record (what every delegation saw: round, statements, floor, proposals and
amendments with their supports, announcements to the table, released news), a **delegation**'s view (the public
record plus its own caucus, votes, private messages and estimates, and its own points for each package; all
revealed at the debrief) and the **facilitator**'s view (everything, with every delegation's votes, the event
log and the dance so far). Nothing is stored for the replay: the event log gives the round and state at t, and
every row carries its time. Values that a later save replaces (a statement's text, a vote changed while its round
was open, an estimate) keep their earlier values with their times in the row's ``history`` (since issue 17;
runs played before that show such a row's last value from the time it was last saved). A read: writes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from simulations import analysis
from simulations.domain.versions import content_delegations, content_issues, run_content, sheet_of_content
from simulations.enums import RunEventKind
from simulations.models import (
    Announcement,
    CaucusMessage,
    Delegation,
    FloorMessage,
    Inject,
    PostSettlementVote,
    PriorityEstimate,
    Proposal,
    ProposalSupport,
    RunEvent,
    RunRound,
    Statement,
    Vote,
)

PUBLIC, FACILITATOR = "public", "facilitator"


@dataclass
class ReplayFrame:
    minute: float
    total_minutes: float
    step: float  # the slider's step: a quarter minute, or a hundredth for runs under five minutes
    at: datetime.datetime
    view: str  # public, facilitator, or a delegation key
    state: str
    round_number: int | None
    round_title: str
    statements: list = field(default_factory=list)  # [(delegation name, text, revised)]
    floor: list = field(default_factory=list)  # [(at, delegation name, text)]
    proposals: list = field(default_factory=list)  # [dict]
    announcements: list = field(default_factory=list)  # [(at, to, text)]
    injects: list = field(default_factory=list)  # [(at, title)]
    caucus: list = field(default_factory=list)  # [(at, delegation name, text)] (delegation / facilitator views)
    votes: list = field(default_factory=list)  # [(round, proposal, delegation name, choice, void)]
    estimates: list = field(default_factory=list)  # [(delegation name, target name, weights)]
    events: list = field(default_factory=list)  # [(at, text)] (facilitator view)
    until: datetime.datetime | None = None


def _at(value):
    return parse_datetime(value) if isinstance(value, str) else value


def _as_of(current, current_at, history, key, moment):
    """The value a row had at ``moment``: its history's entries and its current value, each from its time."""
    versions = [(_at(h.get("at")), h.get(key)) for h in history or []] + [(current_at, current)]
    value, revised = None, -1
    for at, v in versions:
        if at is not None and at <= moment:
            value, revised = v, revised + 1
    return value, revised > 0


def run_span(run):
    """(start, minutes from the start to the finish) of a run; (None, 0) if it never started. The start is the
    moment its STARTED event was written (a few ms after ``started_at``), so minute 0 shows round 1, and the end
    its last event, so the last minute shows it finished."""
    if run.started_at is None:
        return None, 0.0
    started = (
        RunEvent.objects.filter(run_id=run.pk, kind=RunEventKind.STARTED).values_list("created_at", flat=True).first()
    )
    start = max(run.started_at, started or run.started_at)
    # Likewise the end is the last event (the finish is written a few ms after ``finished_at``).
    last = RunEvent.objects.filter(run_id=run.pk).order_by("-created_at", "-pk").values_list("created_at", flat=True)
    end = max(run.finished_at or start, last.first() or start, start)
    return start, (end - start).total_seconds() / 60


def replay_frame(run, minute, view=PUBLIC):
    """The run at ``minute`` (clamped to the run's span) as ``view`` saw it."""
    start, total = run_span(run)
    minute = min(max(0.0, float(minute)), total)
    if minute >= round(total, 2):  # the slider's end (rounded to the hundredth) is the finish itself
        minute = total
    moment = (start or run.created_at) + datetime.timedelta(minutes=minute)
    content = run_content(run)
    names = {d.key: d.name for d in content_delegations(content)}
    rows = {d.pk: d for d in Delegation.objects.filter(scenario_id=run.scenario_id)}
    key_of = {pk: d.key for pk, d in rows.items()}
    own = None if view in (PUBLIC, FACILITATOR) else next((pk for pk, k in key_of.items() if k == view), None)
    if view not in (PUBLIC, FACILITATOR) and own is None:
        view = PUBLIC

    def name(pk):
        return names.get(key_of.get(pk), "")

    def sees(pk):  # private material of delegation pk
        return view == FACILITATOR or pk == own

    events = list(RunEvent.objects.filter(run_id=run.pk, created_at__lte=moment).order_by("created_at", "pk"))
    last = events[-1] if events else None
    round_number = last.to_round if last else None
    titles = dict(RunRound.objects.filter(run_id=run.pk).values_list("number", "title"))
    frame = ReplayFrame(
        minute=round(minute, 2),
        total_minutes=round(total, 2),
        step=0.25 if total >= 5 else 0.01,
        at=moment,
        view=view,
        state=last.to_state if last else "draft",
        round_number=round_number,
        round_title=titles.get(round_number, ""),
        until=moment,
    )
    for s in Statement.objects.filter(run_id=run.pk).order_by("delegation__position", "pk"):
        text, revised = _as_of(s.text, s.updated_at, s.history, "text", moment)
        if text is not None:
            frame.statements.append((name(s.delegation_id), text, revised))
    frame.floor = [
        (m.created_at, name(m.delegation_id), m.text)
        for m in FloorMessage.objects.filter(run_id=run.pk, created_at__lte=moment).order_by("created_at", "pk")
    ]
    sheet = sheet_of_content(content)
    issues = content_issues(content)
    labels = {(i["key"], o["key"]): o["label"] for i in content["issues"] for o in i["options"]}
    supports = {}
    for proposal_id, delegation_id in ProposalSupport.objects.filter(
        proposal__run_id=run.pk, created_at__lte=moment
    ).values_list("proposal_id", "delegation_id"):
        supports.setdefault(proposal_id, []).append(name(delegation_id))
    own_key = key_of.get(own)
    for p in Proposal.objects.filter(run_id=run.pk, created_at__lte=moment).order_by("number", "version", "pk"):
        try:
            points = analysis.score_package(sheet, p.package)
        except analysis.AnalysisError:
            points = {}
        frame.proposals.append(
            {
                "label": p.label,
                "by": name(p.delegation_id),
                "at": p.created_at,
                "lines": [(i.title, labels.get((i.key, p.package.get(i.key)), p.package.get(i.key))) for i in issues],
                "supporters": supports.get(p.pk, []),
                "own_points": points.get(own_key) if own_key else None,
                "all_points": [(names[d], points.get(d)) for d in sheet.delegations] if view == FACILITATOR else [],
            }
        )
    for a in (
        Announcement.objects.filter(course_id=run.course_id, created_at__lte=moment)
        .filter(Q(run__isnull=True) | Q(run_id=run.pk))
        .order_by("created_at", "pk")
    ):
        if a.delegation_id is None:
            frame.announcements.append(
                (a.created_at, gettext("this table") if a.run_id else gettext("all tables"), a.text)
            )
        elif sees(a.delegation_id):
            to = gettext("private to %(name)s") % {"name": name(a.delegation_id)}
            frame.announcements.append((a.created_at, to, a.text))
    frame.injects = [
        (i.release_at, i.title)
        for i in Inject.objects.filter(run_id=run.pk, release_at__lte=moment).order_by("release_at", "pk")
    ]
    if view == PUBLIC:
        return frame
    frame.caucus = [
        (m.created_at, name(m.delegation_id), m.text)
        for m in CaucusMessage.objects.filter(run_id=run.pk, created_at__lte=moment).order_by("created_at", "pk")
        if sees(m.delegation_id)
    ]
    labels_by_pk = {p.pk: p.label for p in Proposal.objects.filter(run_id=run.pk)}
    for v in Vote.objects.filter(run_id=run.pk).order_by("round_number", "proposal_id", "delegation__position"):
        if not sees(v.delegation_id):
            continue
        choice, _ = _as_of(v.choice, v.cast_at, v.history, "choice", moment)
        if choice is not None:
            void = v.voided_at is not None and v.voided_at <= moment
            frame.votes.append((v.round_number, labels_by_pk.get(v.proposal_id), name(v.delegation_id), choice, void))
    for v in PostSettlementVote.objects.filter(post_settlement__run_id=run.pk).select_related("post_settlement"):
        if not sees(v.delegation_id):
            continue
        choice, _ = _as_of(v.choice, v.cast_at, v.history, "choice", moment)
        if choice is not None:
            label = gettext("Post-settlement improvement %(number)s") % {"number": v.candidate + 1}
            frame.votes.append((v.post_settlement.round_number, label, name(v.delegation_id), choice, False))
    for e in PriorityEstimate.objects.filter(run_id=run.pk).order_by("delegation__position", "target__position"):
        if not sees(e.delegation_id):
            continue
        weights, _ = _as_of(e.weights, e.updated_at, e.history, "weights", moment)
        if weights is not None:
            frame.estimates.append((name(e.delegation_id), name(e.target_id), weights))
    if view == FACILITATOR:
        frame.events = [(e.created_at, e.get_kind_display()) for e in events]
    return frame
