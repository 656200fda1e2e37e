"""The debrief of a finished run: the timeline (rounds, statements, caucus, floor, proposals and amendments,
supports, votes, announcements, injects), every brief revealed, the scenario's debrief questions, the outcome
with its analysis, the charts, and the side-by-side comparison of the course's parallel tables of the scenario.

Only a finished run has a debrief; until then caucus texts stay private to their pair, facilitators included.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simulations import analysis
from simulations.charts import (
    TableMark,
    agreement_chart,
    dance_path_chart,
    dance_points_chart,
    format_figure,
    points_bar_chart,
)
from simulations.dance import MOVE_CLASSES
from simulations.domain.dance import dance_of
from simulations.domain.estimates import estimate_scores
from simulations.domain.injects import visible_injects
from simulations.domain.outcome import OUTCOME_RULE, author_name, outcome_of, voting_record
from simulations.domain.pairs import KINDS as PAIR_KINDS
from simulations.domain.pairs import pair_activity
from simulations.domain.versions import (
    content_delegations,
    content_issues,
    run_content,
    sheet_of_content,
    version_label,
)
from simulations.enums import RunState
from simulations.labels import MOVE_DEFINITIONS, move_label
from simulations.models import (
    Announcement,
    CaucusMessage,
    Delegation,
    FloorMessage,
    Issue,
    Option,
    Proposal,
    ProposalSupport,
    Run,
    RunEvent,
    RunRound,
    Statement,
    Vote,
)


@dataclass
class TimelineEntry:
    at: object
    kind: str  # run, round, statement, caucus, floor, proposal, amendment, support, vote, announcement, inject
    round_number: int | None
    delegation: str  # the delegation's name ("" for the facilitator or the engine)
    author: str
    text: str
    detail: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "at": self.at.isoformat() if self.at else None,
            "kind": self.kind,
            "round": self.round_number,
            "delegation": self.delegation,
            "author": self.author,
            "text": self.text,
            **({"detail": self.detail} if self.detail else {}),
        }


_author = author_name


def describe_package(package, issues, labels):
    """[(issue title, option label)] in issue order."""
    if not package:
        return []
    return [(issue.title, labels.get((issue.key, package.get(issue.key)), package.get(issue.key))) for issue in issues]


def timeline(run, *, include_caucus=None):
    """Everything that happened at the table, in time order. Caucus messages only once the run is finished
    (``include_caucus`` defaults to that)."""
    if include_caucus is None:
        include_caucus = run.state == RunState.FINISHED
    names = dict(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("pk", "name"))
    issues = list(Issue.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk"))
    labels = {
        (o.issue.key, o.key): o.label
        for o in Option.objects.filter(issue__scenario_id=run.scenario_id).select_related("issue")
    }
    titles = dict(RunRound.objects.filter(run_id=run.pk).values_list("number", "title"))
    entries = []
    for e in RunEvent.objects.filter(run_id=run.pk).select_related("actor").order_by("created_at", "pk"):
        text = str(e.get_kind_display())
        kind = "run"  # created, seats, pause, extension…
        if e.to_round and e.to_round != e.from_round:
            text = gettext("%(event)s → round %(number)s: %(title)s") % {
                "event": text,
                "number": e.to_round,
                "title": titles.get(e.to_round, ""),
            }
            kind = "round"
        elif e.from_round and e.to_state in ("finished", "cancelled"):
            kind = "round"
        entries.append(
            TimelineEntry(
                e.created_at, kind, e.to_round, "", _author(e.actor) if e.actor else str(e.get_source_display()), text
            )
        )
    for s in Statement.objects.filter(run_id=run.pk).select_related("updated_by"):
        entries.append(
            TimelineEntry(
                s.updated_at, "statement", s.round_number, names.get(s.delegation_id, ""), _author(s.updated_by), s.text
            )
        )
    if include_caucus:
        for m in CaucusMessage.objects.filter(run_id=run.pk).select_related("created_by"):
            entries.append(
                TimelineEntry(
                    m.created_at,
                    "caucus",
                    m.round_number,
                    names.get(m.delegation_id, ""),
                    _author(m.created_by),
                    m.text,
                )
            )
    for m in FloorMessage.objects.filter(run_id=run.pk).select_related("created_by"):
        entries.append(
            TimelineEntry(
                m.created_at, "floor", m.round_number, names.get(m.delegation_id, ""), _author(m.created_by), m.text
            )
        )
    proposals = {p.pk: p for p in Proposal.objects.filter(run_id=run.pk).select_related("created_by")}
    for p in proposals.values():
        parent = proposals.get(p.parent_id)
        package = describe_package(p.package, issues, labels)
        lines = "; ".join(f"{i}: {o}" for i, o in package)
        if parent:
            text = gettext("%(label)s (amends %(parent)s): %(lines)s") % {
                "label": p.label,
                "parent": parent.label,
                "lines": lines,
            }
        else:
            text = f"{p.label}: {lines}"
        if p.rationale:
            text += gettext(". Rationale: %(rationale)s") % {"rationale": p.rationale}
        entries.append(
            TimelineEntry(
                p.created_at,
                "amendment" if parent else "proposal",
                p.round_number,
                names.get(p.delegation_id, ""),
                _author(p.created_by),
                text,
                {"proposal": p.label, "package": p.package},
            )
        )
    for s in ProposalSupport.objects.filter(proposal__run_id=run.pk).select_related("created_by"):
        label = proposals[s.proposal_id].label
        entries.append(
            TimelineEntry(
                s.created_at,
                "support",
                None,
                names.get(s.delegation_id, ""),
                _author(s.created_by),
                gettext("Supports %(label)s") % {"label": label},
            )
        )
    for v in Vote.objects.filter(run_id=run.pk).select_related("cast_by"):
        label = proposals[v.proposal_id].label
        entries.append(
            TimelineEntry(
                v.cast_at,
                "vote",
                v.round_number,
                names.get(v.delegation_id, ""),
                _author(v.cast_by),
                (
                    gettext("Votes %(choice)s on %(label)s (void: a go-back reopened this round)")
                    if v.is_void
                    else gettext("Votes %(choice)s on %(label)s")
                )
                % {"choice": v.get_choice_display().lower(), "label": label},
                {"proposal": label, "choice": v.choice, "void": v.is_void},
            )
        )
    announcements = Announcement.objects.for_run(run)
    for a in announcements.select_related("created_by"):
        if a.delegation_id:
            text = gettext("To private message to %(name)s: %(text)s") % {
                "name": names.get(a.delegation_id, ""),
                "text": a.text,
            }
        elif a.run_id:
            text = gettext("To this table: %(text)s") % {"text": a.text}
        else:
            text = gettext("To all tables: %(text)s") % {"text": a.text}
        entries.append(
            TimelineEntry(
                a.created_at,
                "announcement",
                None,
                "",
                _author(a.created_by) if a.created_by else gettext("facilitator"),
                text,
            )
        )
    round_ends = dict(RunRound.objects.filter(run_id=run.pk).values_list("key", "ended_at"))
    for i in visible_injects(run):
        shown = i.release_at or i.created_at
        ended = round_ends.get(i.round_key) if i.from_scenario else None
        if ended is not None and shown > ended:  # its round ended first: the room showed it from then on
            shown = ended
        entries.append(TimelineEntry(shown, "inject", None, "", gettext("news"), f"{i.title}. {i.body}".strip()))
    entries.sort(key=lambda e: (e.at is None, e.at))
    return entries


@dataclass
class TableResult:
    run: Run
    outcome: object
    package_lines: list
    rows: list  # [(name, points, batna, margin, beats)]


def _rows(outcome, names):
    return [
        (names.get(d["delegation"], d["delegation"]), d["points"], d["batna"], d["margin"], d["beats_batna"])
        for d in outcome.analysis.get("delegations", [])
    ]


@dataclass
class Debrief:
    run: Run
    outcome: object
    delegations: list
    questions: list
    timeline: list
    package_lines: list
    nash_lines: list
    rows: list
    tables: list  # [TableResult] of the course's finished runs of the scenario, this one first
    comparison: list  # [(delegation name, [points − BATNA at each table])]
    chart: str
    bars: str
    outcome_rule: str = OUTCOME_RULE
    voting_record: list = field(default_factory=list)
    benchmarks: list = field(default_factory=list)  # [(label, definition, [(issue, option)], [points], joint)]
    scoring: list = field(default_factory=list)  # [(issue, option, [points per delegation])]
    version: str = ""  # the scenario version the table played ("v2")
    other_versions: list = field(default_factory=list)  # [(table name, "v1")] left out of the comparison
    dance: object = None  # DanceView
    post_settlement: dict | None = None  # the round's summary and every offered package, revealed
    estimates: list = field(default_factory=list)  # [(estimator name, [(target name, ρ, error)], mean ρ, mean error)]
    pairs: dict = field(default_factory=dict)  # {delegation key: [RoundActivity]}
    pair_kinds: tuple = PAIR_KINDS


@dataclass
class DanceView:
    """The dance of one run as the debrief and the facilitator's live view show it."""

    points_chart: str
    path_chart: str
    rows: list  # one dict per tabled package, in order
    counts: list  # [(delegation name, [count per class in MOVE_CLASSES])]
    classes: tuple = MOVE_CLASSES
    definitions: dict = field(default_factory=lambda: {move_label(c): MOVE_DEFINITIONS[c] for c in MOVE_CLASSES})


def dance_view(run, sheet, names, *, until=None):
    """The dance charts with the table beside them (what a screen reader reads) and the moves per delegation."""
    result = dance_of(run, sheet, until=until)
    rows = [
        {
            "number": step.index + 1,
            "label": step.label,
            "by": names.get(step.mover, step.mover),
            "from": step.from_label or "—",
            "move": step.move_class or "opening",
            "own": step.own_change,
            "others": step.others_change,
            "mixed": step.mixed,
            "joint_gain": step.joint_gain,
            "distance": step.distance_to_frontier,
            "toward": step.toward_frontier,
            "points": [step.points[d] for d in sheet.delegations],
        }
        for step in result.steps
    ]
    counts = [(names.get(d, d), [result.counts[d][c] for c in MOVE_CLASSES]) for d in sheet.delegations]
    return DanceView(
        points_chart=dance_points_chart(result, names),
        path_chart=dance_path_chart(sheet, result, names),
        rows=rows,
        counts=counts,
    )


def _post_settlement_view(outcome, sheet, names, issues, labels):
    summary = (outcome.analysis or {}).get("post_settlement")
    if not summary:
        return None
    held = getattr(outcome.run, "post_settlement", None)
    offered = []
    for n, candidate in enumerate(held.candidates if held else [], start=1):
        offered.append(
            {
                "number": n,
                "lines": describe_package(candidate["package"], issues, labels),
                "points": [candidate["points"].get(d) for d in sheet.delegations],
                "joint_gain": format_figure(candidate["joint_gain"]),
                "recovered": format_figure(candidate["recovered"]),
                "issues_changed": candidate["issues_changed"],
                "votes": {names.get(k, k): v for k, v in summary.get("votes", {}).get(str(n), {}).items()},
                "adopted": summary.get("adopted") == n,
            }
        )
    figures = {
        key: format_figure(summary[key])
        for key in ("baseline_joint_gain", "joint_gain", "recovered")
        if summary.get(key) is not None
    }
    return {
        **summary,
        **figures,
        "offered_packages": offered,
        "names": [names.get(d, d) for d in sheet.delegations],
    }


def _estimates_view(run, sheet, names):
    rows = []
    for key, summary in sorted(estimate_scores(run, sheet).items(), key=lambda item: sheet.delegations.index(item[0])):
        rows.append(
            (
                names.get(key, key),
                [(names.get(s.target, s.target), s.spearman, s.weighted_error) for s in summary.scores],
                summary.mean_spearman,
                summary.mean_weighted_error,
            )
        )
    return rows


BENCHMARK_LABELS = {
    "max_joint_gain": (
        _("Largest joint gain"),
        _("the package with the largest sum of (points − BATNA), even if it leaves someone below its BATNA"),
    ),
    "max_joint_gain_in_zone": (
        _("Largest joint gain where everyone beats its BATNA"),
        _("the same, among packages that give every delegation more than its BATNA"),
    ),
    "nash": (
        _("Nash bargaining package"),
        _("among packages where everyone beats its BATNA, the one maximising the product of (points − BATNA)"),
    ),
}


def _benchmarks(sheet, delegations, issues, labels):
    rows = []
    for b in analysis.benchmark_packages(sheet):
        label, definition = BENCHMARK_LABELS[b.key]
        rows.append(
            (
                label,
                definition,
                describe_package(b.package, issues, labels),
                [b.points.get(d.key) for d in delegations],
                b.joint_gain,
            )
        )
    return rows


def _scoring(sheet, delegations, issues, labels):
    return [
        (
            issue.title,
            labels.get((issue.key, option_key), option_key),
            [sheet.points.get((d.key, issue.key, option_key)) for d in delegations],
        )
        for issue in issues
        for option_key in next((i.options for i in sheet.issues if i.key == issue.key), ())
    ]


def debrief_for(run):
    """The whole debrief of a finished run (None before the finish)."""
    if run.state != RunState.FINISHED:
        return None
    outcome = outcome_of(run)
    content = run_content(run)  # the scenario version the table played, not today's rows
    sheet = sheet_of_content(content)
    delegations = content_delegations(content)
    names = {d.key: d.name for d in delegations}
    issues = content_issues(content)
    labels = {(i["key"], o["key"]): o["label"] for i in content["issues"] for o in i["options"]}
    same_scenario = (
        Run.objects.filter(course_id=run.course_id, scenario_id=run.scenario_id, state=RunState.FINISHED)
        .exclude(pk=run.pk)
        .select_related("scenario_version")
        .order_by("name", "pk")
    )
    parallel, other_versions = [run], []
    for table in same_scenario:
        if table.scenario_version_id == run.scenario_version_id:
            parallel.append(table)
        else:  # scored on other numbers: comparing them would mislead
            other_versions.append((table.name, version_label(table)))
    tables = []
    for table in parallel:
        table_outcome = outcome if table.pk == run.pk else outcome_of(table)
        tables.append(
            TableResult(
                run=table,
                outcome=table_outcome,
                package_lines=describe_package(table_outcome.package, issues, labels),
                rows=_rows(table_outcome, names),
            )
        )
    marks = [TableMark(t.run.name, t.outcome.package, current=t.run.pk == run.pk) for t in tables]
    rows = _rows(outcome, names)
    return Debrief(
        run=run,
        outcome=outcome,
        delegations=delegations,
        questions=list(run.scenario.debrief_questions or []),
        timeline=timeline(run),
        package_lines=describe_package(outcome.package, issues, labels),
        nash_lines=describe_package(outcome.analysis.get("nash_package"), issues, labels),
        rows=rows,
        tables=tables,
        comparison=[
            (d.name, [t.rows[i][3] if i < len(t.rows) else "" for t in tables]) for i, d in enumerate(delegations)
        ],
        chart=agreement_chart(sheet, marks, names=names),
        bars=points_bar_chart([(name, points, batna) for name, points, batna, _, _ in rows]),
        voting_record=voting_record(run),
        benchmarks=_benchmarks(sheet, delegations, issues, labels),
        scoring=_scoring(sheet, delegations, issues, labels),
        version=version_label(run),
        other_versions=other_versions,
        dance=dance_view(run, sheet, names),
        post_settlement=_post_settlement_view(outcome, sheet, names, issues, labels),
        estimates=_estimates_view(run, sheet, names),
        pairs=pair_activity(run),
    )
