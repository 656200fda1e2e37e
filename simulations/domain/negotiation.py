"""What a delegation does in the room: statement, caucus, floor, proposals, amendments, support, votes, and the
private score preview.

Every action:

1. locks the run row (its one read of the run), and when the round's time is up lets the lazy check end it
   first and locks again (a round whose time is up ends before anyone acts in it);
2. checks that the run is running, that the current round's plan allows the action, and that the acting user
   sits in the delegation (``user=None`` is a scripted delegation, see bots.py);
3. writes, and bumps ``Run.activity_version`` in the same transaction so every open room re-renders;
4. leaves the caller's ``run`` as it committed it, so the room can be rendered without reading it again.

A refused action raises NegotiationError with a sentence for the participant and writes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simulations import analysis
from simulations.domain.activity import bump_activity
from simulations.domain.engine import advance_if_due, end_round_if_all_acted
from simulations.domain.errors import NegotiationError
from simulations.domain.outcome import author_name
from simulations.domain.scoring import clean_package
from simulations.domain.versions import run_sheet
from simulations.enums import POST_SETTLEMENT_ACTION, RoundAction, RunState, VoteChoice
from simulations.models import (
    CaucusMessage,
    Delegation,
    FloorMessage,
    PostSettlement,
    PostSettlementVote,
    Proposal,
    ProposalSupport,
    Run,
    RunRound,
    Seat,
    Statement,
    Vote,
)

MAX_TEXT = 5000
MAX_MESSAGE = 2000


# --- The checks every action makes ------------------------------------------------------------------------

ACTION_REFUSALS = {
    RoundAction.STATEMENT: _("Opening statements are not part of this round"),
    RoundAction.CAUCUS: _("The delegation caucus is not open in this round"),
    RoundAction.FLOOR: _("The floor is not open in this round"),
    RoundAction.PROPOSE: _("Proposals cannot be tabled in this round"),
    RoundAction.AMEND: _("Proposals cannot be amended in this round"),
    RoundAction.SUPPORT: _("Proposals cannot be supported in this round"),
    RoundAction.VOTE: _("This is not a vote round"),
    POST_SETTLEMENT_ACTION: _("This is not the post-settlement round"),
}

# The refusals about a typed text, per kind of text (whole sentences, so that each translates as one).
TEXT_REFUSALS = {
    "statement": {
        "null": _("Your statement contains a null character, which cannot be stored. Remove it."),
        "empty": _("Write your statement first."),
        "long": _("Your statement is too long: at most %(limit)s characters, not %(length)s."),
    },
    "message": {
        "null": _("Your message contains a null character, which cannot be stored. Remove it."),
        "empty": _("Write your message first."),
        "long": _("Your message is too long: at most %(limit)s characters, not %(length)s."),
    },
    "rationale": {
        "null": _("Your rationale contains a null character, which cannot be stored. Remove it."),
        "empty": _("Write your rationale first."),
        "long": _("Your rationale is too long: at most %(limit)s characters, not %(length)s."),
    },
}

# An action refused because its proposal was amended meanwhile: what the person can do instead.
AMENDED_MEANWHILE = {
    "amend": _(
        "%(label)s has been amended meanwhile by %(delegation)s (%(author)s): amend its latest version, %(latest)s."
    ),
    "support": _(
        "%(label)s has been amended meanwhile by %(delegation)s (%(author)s): support its latest version, %(latest)s."
    ),
    "vote on": _(
        "%(label)s has been amended meanwhile by %(delegation)s (%(author)s): vote on its latest version, %(latest)s."
    ),
}


def _check_seat(run, delegation, user):
    if delegation.scenario_id != run.scenario_id:
        raise NegotiationError(gettext("This delegation is not part of the simulation."))
    if user is None:  # a scripted delegation (run_bots), trusted by construction
        return
    if not Seat.objects.filter(run_id=run.pk, delegation_id=delegation.pk, pair__participants__user=user).exists():
        raise NegotiationError(gettext("You can only act for your own delegation."))


def _check_round(run, action):
    if run.state == RunState.PAUSED:
        raise NegotiationError(gettext("The simulation is paused; wait for the facilitator to resume it."))
    if run.state != RunState.RUNNING:
        raise NegotiationError(gettext("The simulation is not running."))
    current = RunRound.objects.filter(run_id=run.pk, number=run.current_round).first()
    if current is None or not current.allows(action):
        if current is None:
            raise NegotiationError(gettext("%(refusal)s.") % {"refusal": ACTION_REFUSALS[action]})
        raise NegotiationError(
            gettext("%(refusal)s (%(round)s).") % {"refusal": ACTION_REFUSALS[action], "round": current.title}
        )
    return current


def _act(run, delegation, user, action, write):
    """Lazy check, lock, check, write, bump activity; then let the engine end the round if everyone acted.

    ``run`` is left as the row was when the action committed (at its new stamp), so a caller can show the
    result without reading the run again."""
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)  # usually the only read of the run
        due = locked.is_due()
        if not due:
            result = _write_locked(locked, delegation, user, action, write)
    if due:  # the lazy check: a round whose time is up ends before anyone acts in it
        advance_if_due(locked)
        with transaction.atomic():
            locked = Run.objects.select_for_update().get(pk=run.pk)
            result = _write_locked(locked, delegation, user, action, write)
    _copy_row(locked, run)
    if action in (RoundAction.STATEMENT, RoundAction.VOTE, POST_SETTLEMENT_ACTION) and end_round_if_all_acted(
        run.pk, actor=user
    ):
        _copy_row(Run.objects.get(pk=run.pk), run)  # the round ended: the caller sees the next one
    return result


def _write_locked(locked, delegation, user, action, write):
    current = _check_round(locked, action)
    _check_seat(locked, delegation, user)
    result = write(locked, current)
    bump_activity(locked, refresh=False)
    locked.activity_version += 1  # exact: the row is locked until the commit
    return result


def _copy_row(source, run):
    if source is not run:
        for f in Run._meta.concrete_fields:
            setattr(run, f.attname, getattr(source, f.attname))


def _earlier(row, field, at, by):
    """The value a save replaces, kept in the row's history for the replay."""
    return {field: getattr(row, field), "at": at.isoformat() if at else None, "by": by}


def _refuse_null(text, what):
    # PostgreSQL cannot store a NUL in text: refuse it with a reason instead of failing with a 500.
    if "\x00" in text:
        raise NegotiationError(str(TEXT_REFUSALS[what]["null"]))
    return text


def _text(text, limit, what):
    text = _refuse_null((text or "").strip(), what)
    if not text:
        raise NegotiationError(str(TEXT_REFUSALS[what]["empty"]))
    if len(text) > limit:
        raise NegotiationError(TEXT_REFUSALS[what]["long"] % {"limit": limit, "length": len(text)})
    return text


def _proposal_in_run(run, proposal):
    if proposal is None or proposal.run_id != run.pk:
        raise NegotiationError(gettext("There is no such proposal at this table."))
    return proposal


def _check_latest_version(proposal, doing):
    """Only the latest version of a proposal is on the table: an amended version cannot be acted on. The
    refusal names the latest version, who tabled it and its rationale (a form from an out-of-date page)."""
    latest = (
        Proposal.objects.filter(run_id=proposal.run_id, number=proposal.number)
        .select_related("delegation", "created_by")
        .order_by("-version")
        .first()
    )
    if latest is not None and proposal.version < latest.version:
        message = AMENDED_MEANWHILE[doing] % {
            "label": proposal.label,
            "delegation": latest.delegation.name,
            "author": author_name(latest.created_by),
            "latest": latest.label,
        }
        if latest.rationale:
            message += " " + gettext("Its rationale: “%(rationale)s”.") % {"rationale": latest.rationale}
        raise NegotiationError(message)


# --- Actions ----------------------------------------------------------------------------------------------


class StaleTextError(NegotiationError):
    """A save based on an out-of-date version of a shared delegation text; carries the current one."""

    def __init__(self, message, *, current_text, author):
        super().__init__(message)
        self.current_text, self.author = current_text, author


def make_statement(run, delegation, text, *, user=None, base_revision=None):
    """Create or replace the delegation's opening statement (editable while a statement round runs).

    ``base_revision`` is the revision the writer's form showed (0: no statement yet). A save based on an older
    revision than the stored one is refused with StaleTextError naming the current text and who saved it, so
    a member never silently replaces the partner's newer statement. None skips the check (scripted delegations).
    """
    text = _text(text, MAX_TEXT, "statement")

    def write(run, current):
        now = timezone.now()
        statement = Statement.objects.select_for_update().filter(run=run, delegation=delegation).first()
        stored = statement.revision if statement else 0
        if base_revision is not None and base_revision != stored:
            who = author_name(statement.updated_by) if statement.updated_by_id else gettext("your delegation")
            raise StaleTextError(
                gettext(
                    "Not saved: %(who)s saved your delegation's statement while you were writing (version "
                    "%(version)s). Their text is shown above and yours is kept in the form: combine them, then save "
                    "again."
                )
                % {"who": who, "version": stored},
                current_text=statement.text if statement else "",
                author=who,
            )
        if statement is None:
            return Statement.objects.create(
                run=run,
                delegation=delegation,
                text=text,
                round_number=current.number,
                created_by=user,
                updated_by=user,
            )
        statement.history = [
            *statement.history,
            _earlier(statement, "text", statement.updated_at, statement.updated_by_id),
        ]
        statement.text, statement.updated_by, statement.updated_at = text, user, now
        statement.round_number, statement.revision = current.number, statement.revision + 1
        statement.save(update_fields=["text", "updated_by", "updated_at", "round_number", "revision", "history"])
        return statement

    return _act(run, delegation, user, RoundAction.STATEMENT, write)


def post_caucus_message(run, delegation, text, *, user=None):
    """A message in the delegation's private caucus."""
    text = _text(text, MAX_MESSAGE, "message")
    return _act(
        run,
        delegation,
        user,
        RoundAction.CAUCUS,
        lambda run, current: CaucusMessage.objects.create(
            run=run, delegation=delegation, text=text, round_number=current.number, created_by=user
        ),
    )


def post_floor_message(run, delegation, text, *, user=None):
    """A public message on the floor."""
    text = _text(text, MAX_MESSAGE, "message")
    return _act(
        run,
        delegation,
        user,
        RoundAction.FLOOR,
        lambda run, current: FloorMessage.objects.create(
            run=run, delegation=delegation, text=text, round_number=current.number, created_by=user
        ),
    )


def table_proposal(run, delegation, package, rationale="", *, user=None):
    """Table a new proposal: a package choosing one option for every issue."""
    package = clean_package(run.scenario, package, run_sheet(run))
    rationale = _refuse_null((rationale or "").strip()[:MAX_TEXT], "rationale")

    def write(run, current):
        number = (Proposal.objects.filter(run=run).aggregate(m=Max("number"))["m"] or 0) + 1
        return Proposal.objects.create(
            run=run,
            delegation=delegation,
            number=number,
            version=1,
            package=package,
            rationale=rationale,
            round_number=current.number,
            created_by=user,
        )

    return _act(run, delegation, user, RoundAction.PROPOSE, write)


def amend_proposal(run, delegation, parent, package, rationale="", *, user=None):
    """Amend a proposal: a new version of it, linked to the version it amends. Any delegation may amend."""
    _proposal_in_run(run, parent)
    package = clean_package(run.scenario, package, run_sheet(run))
    if package == parent.package:
        raise NegotiationError(
            gettext("The amendment changes nothing in %(label)s: choose at least one other option.")
            % {"label": parent.label}
        )
    rationale = _refuse_null((rationale or "").strip()[:MAX_TEXT], "rationale")

    def write(run, current):
        _check_latest_version(parent, "amend")
        version = Proposal.objects.filter(run=run, number=parent.number).aggregate(m=Max("version"))["m"] + 1
        return Proposal.objects.create(
            run=run,
            delegation=delegation,
            number=parent.number,
            version=version,
            parent=parent,
            package=package,
            rationale=rationale,
            round_number=current.number,
            created_by=user,
        )

    return _act(run, delegation, user, RoundAction.AMEND, write)


def support_proposal(run, delegation, proposal, *, user=None):
    """Declare the delegation's support for a proposal version (once; tabling one already implies it)."""
    _proposal_in_run(run, proposal)

    def write(run, current):
        _check_latest_version(proposal, "support")
        if proposal.delegation_id == delegation.pk:
            raise NegotiationError(
                gettext("Your delegation tabled %(label)s; it already counts as supporting it.")
                % {"label": proposal.label}
            )
        if ProposalSupport.objects.filter(proposal=proposal, delegation=delegation).exists():
            raise NegotiationError(gettext("Your delegation already supports %(label)s.") % {"label": proposal.label})
        return ProposalSupport.objects.create(proposal=proposal, delegation=delegation, created_by=user)

    return _act(run, delegation, user, RoundAction.SUPPORT, write)


def cast_vote(run, delegation, proposal, choice, *, user=None):
    """Vote yes, no or abstain on a proposal in this vote round; a different answer later changes the vote."""
    _proposal_in_run(run, proposal)
    if choice not in VoteChoice.values:
        raise NegotiationError(gettext("A vote is yes, no or abstain."))

    def write(run, current):
        _check_latest_version(proposal, "vote on")
        vote = Vote.objects.filter(
            proposal=proposal, delegation=delegation, round_number=current.number, voided_at__isnull=True
        ).first()
        if vote is None:
            return Vote.objects.create(
                run=run,
                proposal=proposal,
                delegation=delegation,
                round_number=current.number,
                choice=choice,
                cast_by=user,
            )
        if vote.choice == choice:
            raise NegotiationError(
                gettext(
                    "Your delegation has already voted %(choice)s on %(label)s. To change the vote, choose another "
                    "answer."
                )
                % {"choice": str(vote.get_choice_display()).lower(), "label": proposal.label}
            )
        vote.history = [*vote.history, _earlier(vote, "choice", vote.cast_at, vote.cast_by_id)]
        vote.choice, vote.cast_by, vote.cast_at = choice, user, timezone.now()
        vote.save(update_fields=["choice", "cast_by", "cast_at", "history"])
        return vote

    return _act(run, delegation, user, RoundAction.VOTE, write)


def cast_post_settlement_vote(run, delegation, index, choice, *, user=None):
    """Vote yes, no or abstain on improvement ``index`` (0-based) offered in the post-settlement round; a different
    answer later changes the vote, as in a vote round."""
    if choice not in VoteChoice.values:
        raise NegotiationError(gettext("A vote is yes, no or abstain."))

    def write(run, current):
        held = PostSettlement.objects.filter(run_id=run.pk, round_number=current.number).first()
        if held is None or not isinstance(index, int) or not 0 <= index < len(held.candidates):
            raise NegotiationError(gettext("There is no such improvement on offer."))
        vote = PostSettlementVote.objects.filter(post_settlement=held, delegation=delegation, candidate=index).first()
        if vote is None:
            return PostSettlementVote.objects.create(
                post_settlement=held, delegation=delegation, candidate=index, choice=choice, cast_by=user
            )
        if vote.choice == choice:
            raise NegotiationError(
                gettext(
                    "Your delegation has already voted %(choice)s on improvement %(number)s. To change the vote, "
                    "choose another answer."
                )
                % {"choice": str(vote.get_choice_display()).lower(), "number": index + 1}
            )
        vote.history = [*vote.history, _earlier(vote, "choice", vote.cast_at, vote.cast_by_id)]
        vote.choice, vote.cast_by, vote.cast_at = choice, user, timezone.now()
        vote.save(update_fields=["choice", "cast_by", "cast_at", "history"])
        return vote

    return _act(run, delegation, user, POST_SETTLEMENT_ACTION, write)


# --- The private score preview ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePreview:
    """What a delegation may see of a package: its own points and BATNA, never anyone else's."""

    points: float
    batna: float
    margin: float
    beats_batna: bool


def preview_package_score(run, delegation, package, *, user=None, sheet=None):
    """The delegation's own points for a package and whether it beats its BATNA (any time it is seated)."""
    _check_seat(run, delegation, user)
    sheet = sheet or run_sheet(run)
    package = clean_package(run.scenario, package, sheet)
    points = analysis.score_package(sheet, package)[delegation.key]
    batna = sheet.batna[delegation.key]
    return ScorePreview(points=points, batna=batna, margin=points - batna, beats_batna=points > batna)


# --- Ending a round early once every delegation acted (registered in SimulationsConfig.ready()) ------------------------------------


def every_delegation_acted(run):
    """In a statement round every delegation has a statement; in a vote round every delegation voted on the
    latest version of every proposal in this round. Other rounds have no natural "done", so they never end
    early."""
    current = RunRound.objects.filter(run_id=run.pk, number=run.current_round).first()
    if current is None:
        return False
    delegations = set(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("pk", flat=True))
    checks = []
    if current.allows(RoundAction.VOTE):
        latest = {}
        for number, proposal_id in (
            Proposal.objects.filter(run_id=run.pk).order_by("number", "version", "pk").values_list("number", "pk")
        ):
            latest[number] = proposal_id
        voted = set(
            Vote.objects.filter(run_id=run.pk, round_number=current.number, voided_at__isnull=True).values_list(
                "delegation_id", "proposal_id"
            )
        )
        checks.append(bool(latest) and all((d, p) in voted for d in delegations for p in latest.values()))
    if current.allows(RoundAction.STATEMENT):
        made = Statement.objects.filter(run_id=run.pk).values_list("delegation_id", flat=True)
        checks.append(delegations <= set(made))
    if current.allows(POST_SETTLEMENT_ACTION):
        held = PostSettlement.objects.filter(run_id=run.pk, round_number=current.number).first()
        voted = set(PostSettlementVote.objects.filter(post_settlement=held).values_list("delegation_id", "candidate"))
        offered = range(len(held.candidates)) if held else ()
        checks.append(bool(held) and all((d, i) in voted for d in delegations for i in offered))
    return bool(checks) and all(checks)
