"""A published session's page with its materials, and downloading a material (always as an attachment).

Public materials are for anyone who sees the programme; cohort-only ones for the edition's participants, its
speakers and the course team. Anyone else (a participant of another edition included) gets a 404."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from course.permissions import has_perm
from programme.domain.materials import content_type_of, download_name
from programme.domain.queries.materials import attach_materials, materials_by_session
from programme.enums import MaterialVisibility
from programme.models import Material

from .common import course_or_404, published_programme


def session_page(request, slug, uid):
    course = course_or_404(slug)
    programme = published_programme(course)
    session = next((s for s in programme.sessions if s.uid == str(uid)), None) if programme else None
    if session is None:
        raise Http404
    cohort = has_perm(request.user, "programme.read_cohort_materials", course)
    attach_materials([session], materials_by_session(course, cohort=cohort, uids=[session.uid]))
    return render(
        request,
        "programme/session.html",
        {
            "course": course,
            "programme": programme,
            "s": session,
            "cohort": cohort,
            "local_day": session.starts_at.astimezone(course.tzinfo).date(),
        },
    )


def material_download(request, slug, pk):
    course = course_or_404(slug)
    material = get_object_or_404(Material.objects.select_related("session"), pk=pk, session__course=course)
    if material.visibility != MaterialVisibility.PUBLIC and not has_perm(
        request.user, "programme.read_cohort_materials", course
    ):
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(material), content_type=content_type_of(material)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if material.visibility != MaterialVisibility.PUBLIC else "no-cache"
    return response
