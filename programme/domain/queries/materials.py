"""Which materials a reader may see, grouped by the session they belong to (keyed by the session's uid)."""

from django.db.models import Count, Max

from programme.enums import MaterialVisibility
from programme.models import Material


def materials_by_session(course, *, cohort, uids=None):
    """{session uid (str): [Material, ...]} in one query. ``cohort``: include cohort-only materials."""
    materials = Material.objects.filter(session__course=course).select_related("session")
    if not cohort:
        materials = materials.filter(visibility=MaterialVisibility.PUBLIC)
    if uids is not None:
        materials = materials.filter(session__uid__in=list(uids))
    grouped = {}
    for material in materials:
        grouped.setdefault(str(material.session.uid), []).append(material)
    return grouped


def materials_stamp(course, *, cohort=False):
    """Changes whenever a visible material is added or removed: part of an export's ETag (one query)."""
    visible = Material.objects.filter(session__course=course)
    if not cohort:
        visible = visible.filter(visibility=MaterialVisibility.PUBLIC)
    numbers = visible.aggregate(count=Count("pk"), last=Max("pk"))
    return f"m{numbers['count']}-{numbers['last'] or 0}"


def attach_materials(sessions, grouped):
    """Sets ``session.materials`` on released sessions (read from a snapshot) from ``materials_by_session``."""
    for session in sessions:
        session.materials = grouped.get(session.uid, [])
    return sessions
