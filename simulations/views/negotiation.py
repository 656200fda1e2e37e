"""The negotiation actions of a participant's room. Each posts to a domain function and answers htmx with the
room partial (the tools re-rendered, the room's stamp moved on) and a plain form post with a redirect to the
room, or the room again with the error and what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.ratelimit import MESSAGES, allow
from simulations.domain import estimates, negotiation
from simulations.domain.errors import NegotiationError
from simulations.enums import VoteChoice
from simulations.models import Delegation, Proposal, Run
from simulations.room.seat import room_for
from simulations.room.serve import render_room


def _is_pk(value):
    """An id typed by a browser: ASCII digits that fit a database integer (else 404, never 500)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def _room(request, run_id):
    run = get_object_or_404(Run, pk=run_id)  # its scenario and course come with the table's snapshot
    room = room_for(run, request.user)
    if room is None:
        raise Http404("No such run.")
    return run, room


def _acting_delegation(request, room):
    """The seat's delegation, unless the form names another one (which the domain then refuses)."""
    key = request.POST.get("delegation", "").replace("\x00", "")  # PostgreSQL refuses NUL in a query
    if key and key != room.delegation.key:
        return Delegation.objects.filter(scenario_id=room.run.scenario_id, key=key).first() or room.delegation
    return room.delegation


def _render_room(request, run_id, extra=None, status=200):
    run, room = _room(request, run_id)
    return render_room(request, room, run, extra, status)


def _respond(request, run, action, call, done):
    try:
        call()
    except NegotiationError as exc:
        extra = {"negotiation_error": str(exc), "negotiation_action": action, "negotiation_form": request.POST.dict()}
        # htmx swaps only 2xx answers; a plain form post gets 400 with the form filled in again
        response = _render_room(request, run.pk, extra, status=200 if request.htmx else 400)
        response["X-Accord-Refused"] = "1"  # static/js/room-drafts.js keeps the draft of a refused post
        return response
    if request.htmx:
        # the action left ``run`` as it committed it (its new stamp): the room is rendered without reading it again
        room = room_for(run, request.user)
        if room is None:
            raise Http404("No such run.")
        return render_room(request, room, run)
    messages.success(request, done)
    return redirect("simulations:room", run.pk)


def _proposal(run, proposal_id):
    proposal = Proposal.objects.filter(run_id=run.pk, pk=proposal_id).first()
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def _package(request):
    return {key[len("issue-") :]: value for key, value in request.POST.items() if key.startswith("issue-") and value}


def _text_action(request, run_id, action, act, done):
    run, room = _room(request, run_id)
    delegation = _acting_delegation(request, room)
    text = request.POST.get("text", "")

    def call():
        if not allow(MESSAGES, request.user.pk):  # checked first: a refused message changes nothing
            raise NegotiationError(MESSAGES.message)
        return act(run, delegation, text, user=request.user)

    return _respond(request, run, action, call, done)


@require_POST
@login_required
def statement(request, run_id):
    base = request.POST.get("base_revision", "")
    base_revision = int(base) if base and _is_pk(base) else None  # a form without it (an old page) is not checked

    def act(run, delegation, text, *, user):
        return negotiation.make_statement(run, delegation, text, user=user, base_revision=base_revision)

    return _text_action(request, run_id, "statement", act, gettext("Statement saved."))


@require_POST
@login_required
def caucus(request, run_id):
    return _text_action(request, run_id, "caucus", negotiation.post_caucus_message, gettext("Sent to your caucus."))


@require_POST
@login_required
def floor(request, run_id):
    return _text_action(request, run_id, "floor", negotiation.post_floor_message, gettext("Said on the floor."))


@require_POST
@login_required
def package(request, run_id):
    """Table a new proposal, or an amendment of the proposal named in ``amends``."""
    run, room = _room(request, run_id)
    delegation = _acting_delegation(request, room)
    chosen = _package(request)
    rationale = request.POST.get("rationale", "")
    amends = request.POST.get("amends", "")
    if amends:
        if not _is_pk(amends):
            raise Http404("No such proposal.")
        parent = _proposal(run, int(amends))

        def call():
            return negotiation.amend_proposal(run, delegation, parent, chosen, rationale, user=request.user)

        done = gettext("Amendment of %(label)s tabled.") % {"label": parent.label}
    else:

        def call():
            return negotiation.table_proposal(run, delegation, chosen, rationale, user=request.user)

        done = gettext("Proposal tabled.")
    return _respond(request, run, "package", call, done)


@require_POST
@login_required
def support(request, run_id, proposal_id):
    run, room = _room(request, run_id)
    delegation = _acting_delegation(request, room)
    proposal = _proposal(run, proposal_id)
    return _respond(
        request,
        run,
        "support",
        lambda: negotiation.support_proposal(run, delegation, proposal, user=request.user),
        gettext("Your delegation supports %(label)s.") % {"label": proposal.label},
    )


@require_POST
@login_required
def vote(request, run_id, proposal_id):
    run, room = _room(request, run_id)
    delegation = _acting_delegation(request, room)
    proposal = _proposal(run, proposal_id)
    choice = request.POST.get("choice", "")
    return _respond(
        request,
        run,
        "vote",
        lambda: negotiation.cast_vote(run, delegation, proposal, choice, user=request.user),
        gettext("Vote on %(label)s recorded: %(choice)s.") % {"label": proposal.label, "choice": _choice_word(choice)},
    )


@require_POST
@login_required
def estimate(request, run_id, target):
    """Save the delegation's estimate of ``target``'s issue priorities (before the first negotiation round)."""
    run, room = _room(request, run_id)
    delegation = _acting_delegation(request, room)
    other = Delegation.objects.filter(scenario_id=run.scenario_id, key=target).first()
    if other is None:
        raise Http404("No such delegation.")
    weights = {key[2:]: value for key, value in request.POST.items() if key.startswith("w-")}
    return _respond(
        request,
        run,
        "estimate",
        lambda: estimates.save_estimate(run, delegation, other, weights, user=request.user),
        gettext("Your estimate of %(name)s is saved.") % {"name": other.name},
    )


@require_POST
@login_required
def improvement_vote(request, run_id, number):
    """A vote on improvement ``number`` (1-based) in the post-settlement round."""
    run, room = _room(request, run_id)
    delegation = _acting_delegation(request, room)
    choice = request.POST.get("choice", "")
    return _respond(
        request,
        run,
        "improvement_vote",
        lambda: negotiation.cast_post_settlement_vote(run, delegation, number - 1, choice, user=request.user),
        gettext("Vote on improvement %(number)s recorded: %(choice)s.")
        % {"number": number, "choice": _choice_word(choice)},
    )


@require_POST
@login_required
def preview(request, run_id):
    """The delegation's own points for the package being shaped (htmx: just the preview; else the room)."""
    run, room = _room(request, run_id)
    context = {}
    try:
        context["preview"] = negotiation.preview_package_score(
            run, room.delegation, _package(request), user=request.user
        )
    except NegotiationError as exc:
        context["preview_error"] = str(exc)
    if request.htmx:
        return render(request, "simulations/negotiation/_preview.html", context)
    extra = {"negotiation_form": request.POST.dict(), "negotiation_action": "package", **context}
    if "preview_error" in context:
        extra["negotiation_error"] = context["preview_error"]
    return _render_room(request, run_id, extra)


def _choice_word(choice):
    """A vote as the confirmation names it ("yes"), in the reader's language; the message is only shown once
    the domain accepted the choice."""
    return str(VoteChoice(choice).label).lower() if choice in VoteChoice.values else choice
