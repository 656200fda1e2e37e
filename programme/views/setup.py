"""What the programme is built from, kept by facilitators: rooms, speakers, and named groups of cohort pairs.

Plain pages and forms (no htmx needed): add on the overview page, edit on a page of its own. Removing is left to
the admin, since sessions and releases refer to these."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.http import require_POST

from programme.forms import PairGroupForm, RoomForm, SpeakerForm
from programme.models import PairGroup, Room, Speaker

from .common import facilitator_course_or_404

KINDS = {
    "room": (Room, RoomForm, pgettext_lazy("programme setup", "room")),
    "speaker": (Speaker, SpeakerForm, pgettext_lazy("programme setup", "speaker")),
    "group": (PairGroup, PairGroupForm, pgettext_lazy("programme setup", "group of pairs")),
}


def setup(request, slug):
    course = facilitator_course_or_404(request, slug)
    return render(request, "programme/setup.html", _overview(course))


def _overview(course, **forms):
    return {
        "course": course,
        "rooms": Room.objects.filter(course=course),
        "speakers": Speaker.objects.filter(course=course).annotate(session_count=Count("sessions")),
        "groups": PairGroup.objects.filter(course=course).prefetch_related("pairs__participants"),
        "room_form": forms.get("room") or RoomForm(course=course, prefix="room"),
        "speaker_form": forms.get("speaker") or SpeakerForm(course=course, prefix="speaker"),
        "group_form": forms.get("group") or PairGroupForm(course=course, prefix="group"),
    }


@require_POST
def setup_create(request, slug, kind):
    course = facilitator_course_or_404(request, slug)
    if kind not in KINDS:
        raise Http404
    _, form_class, label = KINDS[kind]
    form = form_class(request.POST, course=course, prefix=kind)
    if form.is_valid():
        item = form.save()
        messages.success(request, gettext("Added the %(what)s “%(name)s”.") % {"what": label, "name": item.name})
        return redirect("course:programme_setup", slug=course.slug)
    # Errors next to what was typed, on the same overview page; nothing was saved.
    return render(request, "programme/setup.html", _overview(course, **{kind: form}))


def setup_edit(request, slug, kind, pk):
    course = facilitator_course_or_404(request, slug)
    if kind not in KINDS:
        raise Http404
    model, form_class, label = KINDS[kind]
    item = get_object_or_404(model, course=course, pk=pk)
    form = form_class(request.POST or None, instance=item, course=course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Saved the %(what)s “%(name)s”.") % {"what": label, "name": item.name})
        return redirect("course:programme_setup", slug=course.slug)
    return render(request, "programme/setup_form.html", {"course": course, "form": form, "item": item, "label": label})
