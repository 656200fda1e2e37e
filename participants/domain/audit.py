"""The audit log of selection: who changed what, when. Written inside the same transaction as the change."""

from participants.models import AuditLogEntry


def record_audit(course, actor, action, obj, before=None, after=None):
    """Log one change. ``before``/``after`` are small JSON-able dicts of the fields that changed."""
    return AuditLogEntry.objects.create(
        course=course,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before or {},
        after=after or {},
    )


def audit_entries(course, limit=200):
    return AuditLogEntry.objects.filter(course=course).select_related("actor")[:limit]
