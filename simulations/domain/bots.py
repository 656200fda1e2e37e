"""Scripted delegations for rehearsals, demos, end-to-end tests and load tests (``manage.py run_bots``).

A bot acts for a delegation through the same domain functions as people do (``user=None``), so it obeys every
rule of the round plan. In each round it does what the round allows, once:

- statement: a short opening statement (never its confidential numbers);
- caucus: one note to itself;
- floor: one public message;
- propose / support: support an existing proposal that beats its BATNA (the best one for it) rather than
  table a duplicate; when none does, table the package best for it among those the decision rule would adopt
  with everyone voting sincerely (``analysis.best_package_for(acceptable_only=True)``), or failing that the best
  one above its BATNA;
- amend: nothing (bots table or support);
- vote: on every current proposal version, yes exactly when it beats its BATNA, else no.

Calling ``act_once`` again in the same round does nothing new unless something changed (a new proposal to
support or vote on), so the loop in run_bots can call it every few seconds.
"""

import logging

from simulations import analysis
from simulations.domain.engine import advance_if_due
from simulations.domain.errors import BotError
from simulations.domain.negotiation import (
    NegotiationError,
    cast_vote,
    make_statement,
    post_caucus_message,
    post_floor_message,
    support_proposal,
    table_proposal,
)
from simulations.domain.versions import run_sheet
from simulations.enums import RoundAction, RunState
from simulations.models import (
    CaucusMessage,
    Delegation,
    FloorMessage,
    Proposal,
    ProposalSupport,
    Run,
    Seat,
    Statement,
    Vote,
)

log = logging.getLogger(__name__)


def bot_delegations(run, seats=None):
    """The delegations bots play: the keys in ``seats``, or every delegation without a seated pair."""
    delegations = Delegation.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk")
    if seats:
        chosen = list(delegations.filter(key__in=seats))
        unknown = sorted(set(seats) - {d.key for d in chosen})
        if unknown:
            raise BotError(f"The scenario has no delegation {', '.join(unknown)}.")
        return chosen
    seated = set(Seat.objects.filter(run_id=run.pk).values_list("delegation_id", flat=True))
    return [d for d in delegations if d.pk not in seated]


def current_proposals(run):
    """The latest version of each proposal line (what a vote is about), in order."""
    latest = {}
    for proposal in Proposal.objects.filter(run_id=run.pk).order_by("number", "version", "pk"):
        latest[proposal.number] = proposal
    return list(latest.values())


def act_once(run, delegations, *, sheet=None):
    """Let each bot delegation do what the current round allows. Returns a list of (delegation_key, action)."""
    run = advance_if_due(Run.objects.select_related("scenario").get(pk=run.pk))
    if run.state != RunState.RUNNING:
        return []
    current = run.get_current_round()
    if current is None:
        return []
    sheet = sheet or run_sheet(run)
    done = []
    # propose and support share one handler: call it once per round
    handlers = {HANDLERS[action]: action for action in reversed(current.actions) if action in HANDLERS}
    for delegation in delegations:
        for handler, action in reversed(list(handlers.items())):
            try:
                if handler(run, current, delegation, sheet):
                    done.append((delegation.key, action))
            except NegotiationError as exc:  # e.g. the round ended while the bot was acting
                log.info("Bot %s could not %s: %s", delegation.key, action, exc)
    return done


def _statement(run, current, delegation, sheet):
    if Statement.objects.filter(run_id=run.pk, delegation=delegation).exists():
        return False
    make_statement(
        run,
        delegation,
        f"{delegation.name} comes to this table to find a package every delegation can live with. "
        "We will listen first, and we will look for trades across the issues.",
    )
    return True


def _caucus(run, current, delegation, sheet):
    if CaucusMessage.objects.filter(run_id=run.pk, delegation=delegation, round_number=current.number).exists():
        return False
    best = analysis.best_package_for(sheet, delegation.key)
    note = "no package beats our walk-away" if best is None else f"our best package is {_describe(best)}"
    post_caucus_message(run, delegation, f"Scripted delegation: {note}; we vote yes only above our BATNA.")
    return True


def _floor(run, current, delegation, sheet):
    if FloorMessage.objects.filter(run_id=run.pk, delegation=delegation, round_number=current.number).exists():
        return False
    post_floor_message(run, delegation, f"{delegation.name}: we are ready to support a package that works for all.")
    return True


def _points(sheet, delegation, package):
    try:
        return analysis.score_package(sheet, package)[delegation.key]
    except analysis.AnalysisError:  # a proposal from an older version of the scenario
        return None


def _propose_or_support(run, current, delegation, sheet):
    batna = sheet.batna[delegation.key]
    good = [
        (points, p)
        for p in current_proposals(run)
        if (points := _points(sheet, delegation, p.package)) is not None and points > batna
    ]
    if good:
        _, best = max(good, key=lambda item: (item[0], item[1].created_at))
        if best.delegation_id == delegation.pk:
            return False
        if ProposalSupport.objects.filter(proposal=best, delegation=delegation).exists():
            return False
        if current.allows(RoundAction.SUPPORT):
            support_proposal(run, delegation, best)
            return True
        return False
    if not current.allows(RoundAction.PROPOSE):
        return False
    package = analysis.best_package_for(sheet, delegation.key, acceptable_only=True) or analysis.best_package_for(
        sheet, delegation.key
    )
    if package is None or Proposal.objects.filter(run_id=run.pk, delegation=delegation, package=package).exists():
        return False
    table_proposal(run, delegation, package, "Scripted delegation: the package that serves us best.")
    return True


def _vote(run, current, delegation, sheet):
    acted = False
    batna = sheet.batna[delegation.key]
    for proposal in current_proposals(run):
        points = _points(sheet, delegation, proposal.package)
        choice = "yes" if points is not None and points > batna else "no"
        existing = Vote.objects.filter(
            proposal=proposal, delegation=delegation, round_number=current.number, voided_at__isnull=True
        ).first()
        if existing is not None and existing.choice == choice:
            continue
        cast_vote(run, delegation, proposal, choice)
        acted = True
    return acted


def _describe(package):
    return ", ".join(f"{issue}: {option}" for issue, option in package.items())


HANDLERS = {
    RoundAction.STATEMENT: _statement,
    RoundAction.CAUCUS: _caucus,
    RoundAction.FLOOR: _floor,
    RoundAction.PROPOSE: _propose_or_support,
    RoundAction.SUPPORT: _propose_or_support,
    RoundAction.VOTE: _vote,
}
