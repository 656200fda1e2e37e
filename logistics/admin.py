"""Read-only admin views of what the logistics domain writes (no passport data: that stays on the team's pages)."""

from django.contrib import admin

from course.admin_base import ReadOnlyAdmin
from logistics.models import DocumentJob, IssuedDocument


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("code", "kind", "holder_name", "course_title", "issued_at", "revoked_at")
    list_filter = ("kind",)
    search_fields = ("code", "holder_name")
    exclude = ("pdf",)


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin):
    list_display = ("pk", "course", "kind", "status", "done", "total", "created_at", "finished_at")
    list_filter = ("kind", "status")
