"""Who opened which applicant document, when: the log the course team reads on an application's page."""

from django.utils import timezone

from participants.models import DocumentView


def log_document_view(member, viewer, document="cv", now=None):
    return DocumentView.objects.create(
        application_id=member.application_id,
        member=member,
        document=document,
        viewer=viewer,
        viewed_at=now or timezone.now(),
    )


def document_views(application, limit=200):
    return DocumentView.objects.filter(application=application).select_related("viewer", "member")[:limit]
