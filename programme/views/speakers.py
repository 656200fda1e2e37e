"""The speakers' own area: signing in with a mailed link, their sessions, answers, availability, profile and
materials. Each page is for the signed-in speaker of that edition only; anyone else gets a 404."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.timezones import format_offset
from programme.domain import speakers as speaking
from programme.domain.materials import MaterialRefused, add_material, remove_material
from programme.domain.queries.speakers import sessions_of_speaker
from programme.forms import AvailabilityForm, MaterialForm, SpeakerAnswerForm, SpeakerProfileForm
from programme.models import Material, Session, Speaker

from .common import course_or_404

AREA = "course:speaker_area"
SIGN_IN_BACKEND = "course.auth_backends.ModelBackend"


def sign_in(request, token):
    """GET shows what the link is for (mail scanners that follow links spend nothing); POST signs in."""
    try:
        link = speaking.find_sign_in_link(token)
    except speaking.SpeakerRefused as exc:
        return render(request, "programme/speaker_sign_in.html", {"error": str(exc)}, status=410)
    if request.method == "POST":
        try:
            user, speaker = speaking.use_sign_in_link(token, current_user=request.user)
        except speaking.SpeakerRefused as exc:
            return render(request, "programme/speaker_sign_in.html", {"error": str(exc), "link": link}, status=403)
        if not request.user.is_authenticated:
            login(request, user, backend=SIGN_IN_BACKEND)
        request.session["speaker_course"] = speaker.course.slug  # the menu's “Speaker area” link, no query
        messages.success(request, gettext("Welcome, %(name)s.") % {"name": speaker.name})
        return redirect(AREA, slug=speaker.course.slug)
    return render(request, "programme/speaker_sign_in.html", {"link": link})


def _speaker_or_404(request, slug):
    course = course_or_404(slug)
    speaker = Speaker.objects.filter(course=course, user=request.user).first()
    if speaker is None:
        raise Http404
    speaker.course = course
    return course, speaker


def _own_zone(speaker, course):
    if not speaker.timezone or speaker.timezone == course.timezone:
        return None
    try:
        return zoneinfo.ZoneInfo(speaker.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _in_zone(zone, start, end):
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    day = date_format(local_start, gettext("D j M"))
    return f"{day}, {local_start:%H:%M}–{local_end:%H:%M} {local_end.tzname()} ({format_offset(local_end)})"


@login_required
def area(request, slug, forms=None):
    course, speaker = _speaker_or_404(request, slug)
    sessions = sessions_of_speaker(speaker)
    zone = _own_zone(speaker, course)
    forms = forms or {}
    for session in sessions:
        session.course_day = session.starts_at.astimezone(course.tzinfo).date()
        session.own_time = _in_zone(zone, session.starts_at, session.ends_at) if zone else ""
        session.answer_form = SpeakerAnswerForm(
            initial={
                "state": session.answer.state if session.answer else "",
                "note": getattr(session.answer, "note", ""),
            },
            auto_id=f"id_answer{session.pk}_%s",
        )
        session.material_form = forms.get(("material", session.pk)) or MaterialForm(
            auto_id=f"id_material{session.pk}_%s"
        )
    availability = list(speaker.availability.all())
    for window in availability:
        window.course_day = window.starts_at.astimezone(course.tzinfo).date()
        window.own_time = _in_zone(zone, window.starts_at, window.ends_at) if zone else ""
    context = {
        "course": course,
        "speaker": speaker,
        "sessions": sessions,
        "availability": availability,
        "availability_form": forms.get("availability") or AvailabilityForm(course=course),
        "profile_form": forms.get("profile")
        or SpeakerProfileForm(initial={"bio": speaker.bio, "timezone_name": speaker.timezone}),
        "own_zone": speaker.timezone if zone else "",
    }
    return render(request, "programme/speaker_area.html", context, status=400 if forms else 200)


def _back(course, anchor=""):
    return redirect(reverse(AREA, args=[course.slug]) + (f"#{anchor}" if anchor else ""))


def _session_of(speaker, pk):
    return get_object_or_404(Session, pk=pk, course=speaker.course, speakers=speaker)


@login_required
@require_POST
def answer(request, slug, pk):
    course, speaker = _speaker_or_404(request, slug)
    session = _session_of(speaker, pk)
    form = SpeakerAnswerForm(request.POST)
    if form.is_valid():
        try:
            speaking.answer_session(speaker, session, state=form.cleaned_data["state"], note=form.cleaned_data["note"])
        except speaking.SpeakerRefused as exc:
            messages.error(request, gettext("“%(title)s”: %(reason)s") % {"title": session.title, "reason": exc})
        else:
            messages.success(
                request, gettext("Thank you: your answer about “%(title)s” is saved.") % {"title": session.title}
            )
    else:
        messages.error(request, gettext("“%(title)s”: choose confirm or ask for a change.") % {"title": session.title})
    return _back(course, f"session-{session.pk}")


@login_required
@require_POST
def upload(request, slug, pk):
    course, speaker = _speaker_or_404(request, slug)
    session = _session_of(speaker, pk)
    form = MaterialForm(request.POST, request.FILES, auto_id=f"id_material{session.pk}_%s")
    if form.is_valid():
        try:
            material = add_material(
                session,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                visibility=form.cleaned_data["visibility"],
                speaker=speaker,
            )
        except MaterialRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                gettext("Uploaded “%(material)s” for “%(title)s”.")
                % {"material": material.title, "title": session.title},
            )
            return _back(course, f"session-{session.pk}")
    return area(request, slug, forms={("material", session.pk): form})


@login_required
@require_POST
def material_remove(request, slug, pk):
    course, speaker = _speaker_or_404(request, slug)
    material = get_object_or_404(Material, pk=pk, session__course=course, session__speakers=speaker)
    remove_material(material)
    messages.success(request, gettext("Removed “%(title)s”.") % {"title": material.title})
    return _back(course, f"session-{material.session_id}")


@login_required
@require_POST
def availability_add(request, slug):
    course, speaker = _speaker_or_404(request, slug)
    form = AvailabilityForm(request.POST, course=course)
    if form.is_valid():
        speaking.add_availability(
            speaker, starts_at=form.cleaned_data["starts_at"], ends_at=form.cleaned_data["ends_at"]
        )
        messages.success(request, gettext("Availability saved: the course team's editor now uses it."))
        return _back(course, "availability")
    return area(request, slug, forms={"availability": form})


@login_required
@require_POST
def availability_remove(request, slug, pk):
    course, speaker = _speaker_or_404(request, slug)
    speaking.remove_availability(speaker, pk)
    return _back(course, "availability")


@login_required
@require_POST
def profile(request, slug):
    course, speaker = _speaker_or_404(request, slug)
    form = SpeakerProfileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            speaking.update_profile(
                speaker,
                bio=form.cleaned_data["bio"],
                timezone_name=form.cleaned_data["timezone_name"],
                photo=form.cleaned_data["photo"],
            )
        except speaking.SpeakerRefused as exc:
            form.add_error("photo", str(exc))
        else:
            messages.success(request, gettext("Profile saved."))
            return _back(course, "profile")
    return area(request, slug, forms={"profile": form})


def photo(request, slug, speaker_id):
    """A speaker's photo, public like their page; served as a download-safe image, never as markup."""
    course = course_or_404(slug)
    speaker = get_object_or_404(Speaker, pk=speaker_id, course=course)
    if not speaker.photo:
        raise Http404
    content_type = "image/png" if speaker.photo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(speaker.photo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="speaker-{speaker.pk}{speaker.photo.name[-4:]}"'
    return response
