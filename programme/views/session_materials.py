"""The course team adds or removes a session's materials from the session's edit page (readings for a
session without a speaker, or on a speaker's behalf)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from programme.domain.materials import MaterialRefused, add_material, remove_material
from programme.forms import MaterialForm
from programme.models import Material, Session

from .common import facilitator_course_or_404


def _back(course, session_pk):
    return redirect(reverse("course:programme_session_edit", args=[course.slug, session_pk]) + "#materials")


@require_POST
def upload(request, slug, pk):
    course = facilitator_course_or_404(request, slug)
    session = get_object_or_404(Session, course=course, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            material = add_material(
                session,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                visibility=form.cleaned_data["visibility"],
            )
        except MaterialRefused as exc:
            messages.error(request, gettext("Not uploaded: %(reason)s") % {"reason": exc})
        else:
            messages.success(request, gettext("Uploaded “%(title)s”.") % {"title": material.title})
    else:
        reason = " ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, gettext("Not uploaded: %(reason)s") % {"reason": reason})
    return _back(course, session.pk)


@require_POST
def remove(request, slug, pk):
    course = facilitator_course_or_404(request, slug)
    material = get_object_or_404(Material, session__course=course, pk=pk)
    remove_material(material)
    messages.success(request, gettext("Removed “%(title)s”.") % {"title": material.title})
    return _back(course, material.session_id)
