"""The facilitators' programme editor: a day grid of rooms, htmx actions that re-render it, and publishing.

Every action is a plain POST form that also carries hx-post: with htmx the editor body is swapped in place,
without JavaScript the browser follows the redirect back to the same day.
"""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from programme.domain import programme as editing
from programme.domain.conflicts import find_conflicts, load_draft, warnings_by_session
from programme.domain.releases import (
    UnacknowledgedWarnings,
    compute_changelog,
    latest_release,
    publish_release,
    split_warnings,
)
from programme.domain.snapshots import build_snapshot, empty_snapshot
from programme.forms import NUDGES, MaterialForm, MoveSessionForm, PublishForm, SessionForm
from programme.models import Room, Session

from .common import facilitator_course_or_404, parse_day, pick_day, vary_on_htmx, wants_partial
from .day_grid import build_day_grid

EDITOR_BODY = "programme/editor.html#editor_body"
NUDGE_BUTTONS = [
    ("earlier", "↑ 15′", _("Start 15 minutes earlier")),
    ("later", "↓ 15′", _("Start 15 minutes later")),
    ("shorter", "− 15′", _("Make 15 minutes shorter")),
    ("longer", "+ 15′", _("Make 15 minutes longer")),
    ("room_previous", _("← Room"), _("Move to the room on the left")),
    ("room_next", _("Room →"), _("Move to the room on the right")),
]
VIEWS = ("full", "compact")


def editor(request, slug):
    course = facilitator_course_or_404(request, slug)
    day = parse_day(request.GET.get("day"))
    if request.GET.get("view") in VIEWS:
        # Kept in the session so that every action's swap and redirect stays in the chosen view.
        request.session["programme_editor_view"] = request.GET["view"]
    return _render_editor(request, course, day)


def _render_editor(request, course, day, add_form=None):
    sessions = load_draft(course)
    warnings = find_conflicts(course, sessions)
    by_session = warnings_by_session(warnings)
    days = _draft_days(course, sessions)
    day = pick_day(days, day, course)
    rooms = list(Room.objects.filter(course=course))
    todays = [s for s in sessions if editing.local_day(course, s.starts_at) == day]
    grid = build_day_grid(
        course,
        day,
        todays,
        rooms,
        warnings_for=lambda s: by_session.get(s.pk, []),
        move_form_for=lambda s: MoveSessionForm(session=s, rooms=rooms, auto_id=f"id_move{s.pk}_%s"),
    )
    if add_form is None:
        add_form = SessionForm(course=course, initial={"day": day})
    context = {
        "course": course,
        "days": days,
        "day": day,
        "grid": grid,
        "warnings": warnings,
        "session_count": len(sessions),
        "add_form": add_form,
        "release": latest_release(course),
        "nudges": NUDGE_BUTTONS,
        "compact": request.session.get("programme_editor_view") == "compact",
    }
    template = EDITOR_BODY if wants_partial(request) else "programme/editor.html"
    return vary_on_htmx(render(request, template, context))


def _draft_days(course, sessions):
    days = set()
    day = course.starts_on
    while day <= course.ends_on:
        days.add(day)
        day += datetime.timedelta(days=1)
    days.update(editing.local_day(course, s.starts_at) for s in sessions)
    return sorted(days)


def _back_to_day(request, course, day, session=None):
    """With htmx, the editor body; without, a redirect to the day, scrolled to the edited card."""
    if request.htmx:
        return _render_editor(request, course, day)
    anchor = f"#session-{session.pk}" if session is not None and session.pk else ""
    return redirect(reverse("course:programme_editor", args=[course.slug]) + f"?day={day.isoformat()}{anchor}")


def _session_or_404(course, pk):
    return get_object_or_404(Session.objects.select_related("course", "room"), course=course, pk=pk)


def session_create(request, slug):
    course = facilitator_course_or_404(request, slug)
    # “+ Add” in a room's column of the grid opens this page with its day and room chosen.
    room = request.GET.get("room", "")
    initial = {
        "day": parse_day(request.GET.get("day")),
        "room": int(room) if room.isascii() and room.isdigit() else None,
    }
    form = SessionForm(request.POST or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = editing.create_session(course, **form.session_fields())
        messages.success(request, gettext("Added “%(title)s”.") % {"title": session.title})
        return _back_to_day(request, course, editing.local_day(course, session.starts_at))
    if request.method == "POST" and request.htmx:
        # Errors shown in place, next to what was typed; nothing was saved.
        return _render_editor(request, course, form.cleaned_data.get("day"), add_form=form)
    return render(request, "programme/session_form.html", {"course": course, "form": form, "session": None})


def session_edit(request, slug, pk):
    course = facilitator_course_or_404(request, slug)
    session = _session_or_404(course, pk)
    form = SessionForm(request.POST or None, instance=session, course=course)
    if request.method == "POST" and form.is_valid():
        # The ModelForm has already copied the fields onto the instance; the domain function saves and checks.
        editing.update_session(session, **form.session_fields())
        messages.success(request, gettext("Saved “%(title)s”.") % {"title": session.title})
        return redirect(
            reverse("course:programme_editor", args=[slug]) + f"?day={editing.local_day(course, session.starts_at)}"
        )
    return render(
        request,
        "programme/session_form.html",
        {
            "course": course,
            "form": form,
            "session": session,
            "materials": list(session.materials.select_related("speaker")),
            "material_form": MaterialForm(),
        },
    )


@require_POST
def session_nudge(request, slug, pk):
    """Move earlier/later or lengthen/shorten by one 15-minute step."""
    course = facilitator_course_or_404(request, slug)
    session = _session_or_404(course, pk)
    action = NUDGES.get(request.POST.get("action"))
    if action is None:
        messages.error(request, gettext("Unknown change; nothing was changed."))
    else:
        what, amount = action
        try:
            if what == "move":
                editing.move_session(session, by=datetime.timedelta(minutes=amount))
            elif what == "resize":
                editing.resize_session(session, by=datetime.timedelta(minutes=amount))
            else:
                editing.step_room(session, list(Room.objects.filter(course=course)), by=amount)
        except editing.ProgrammeError as exc:
            messages.error(
                request, gettext("“%(title)s” was not changed: %(reason)s") % {"title": session.title, "reason": exc}
            )
    return _back_to_day(request, course, editing.local_day(course, session.starts_at), session)


@require_POST
def session_move(request, slug, pk):
    course = facilitator_course_or_404(request, slug)
    session = _session_or_404(course, pk)
    form = MoveSessionForm(request.POST, session=session)
    if form.is_valid():
        editing.move_session(
            session,
            to_start=form.new_start(),
            length=form.new_length(),
            room=form.cleaned_data["room"],
            change_room=True,
        )
        messages.success(request, gettext("Moved “%(title)s”.") % {"title": session.title})
    else:
        errors = "; ".join(f"{form.fields[f].label or f}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(
            request, gettext("“%(title)s” was not moved: %(errors)s") % {"title": session.title, "errors": errors}
        )
    return _back_to_day(request, course, editing.local_day(course, session.starts_at), session)


@require_POST
def session_remove(request, slug, pk):
    course = facilitator_course_or_404(request, slug)
    session = _session_or_404(course, pk)
    day = editing.local_day(course, session.starts_at)
    editing.remove_session(session)
    messages.success(
        request, gettext("Removed “%(title)s”; the next release lists it as cancelled.") % {"title": session.title}
    )
    return _back_to_day(request, course, day)


def publish(request, slug):
    course = facilitator_course_or_404(request, slug)
    warnings, carried = split_warnings(course, find_conflicts(course))
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and "acknowledge_all" in data:  # the second submit button
        data["acknowledge_all"] = "on"
    form = PublishForm(data, warnings=warnings)
    if request.method == "POST" and form.is_valid():
        try:
            release, changes = publish_release(
                course,
                title=form.cleaned_data["title"],
                user=request.user,
                acknowledged=form.cleaned_data.get("acknowledged", []),
            )
        except UnacknowledgedWarnings as exc:
            # The draft changed while the form was open: show the new warnings, publish nothing.
            warnings = exc.warnings
            form = PublishForm(None, warnings=warnings, initial={"title": form.cleaned_data["title"]})
            form.add_error(None, gettext("The draft changed while this page was open: read the new warnings."))
        else:
            messages.success(
                request,
                ngettext(
                    "Published v%(number)s – %(title)s (%(count)d change).",
                    "Published v%(number)s – %(title)s (%(count)d changes).",
                    len(changes),
                )
                % {"number": release.number, "title": release.title, "count": len(changes)},
            )
            return redirect("course:programme_changes", slug=course.slug)
    previous = latest_release(course)
    draft = build_snapshot(
        course,
        number=(previous.number + 1) if previous else 1,
        published_at=timezone.now(),
        previous=previous.snapshot if previous else None,
    )
    changes = compute_changelog(previous.snapshot if previous else empty_snapshot(), draft, course)
    return render(
        request,
        "programme/publish.html",
        {
            "course": course,
            "form": form,
            "warnings": warnings,
            "carried": carried,
            "changes": changes,
            "previous": previous,
        },
    )
