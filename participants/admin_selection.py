"""Admin for review and selection. Decisions, the outbox and the audit log are read-only here:
they change only through the selection board, whose domain functions keep the audit log and the
state machine in step."""

from django.contrib import admin

from course.admin_base import ReadOnlyAdmin
from participants.domain.outbox import shown_body
from participants.models import (
    AuditLogEntry,
    CriterionScore,
    Decision,
    DecisionEmailTemplate,
    OutboxMail,
    Pair,
    Participant,
    Review,
    ReviewAssignment,
    ReviewConfig,
    ReviewCriterion,
)


@admin.register(ReviewConfig)
class ReviewConfigAdmin(admin.ModelAdmin):
    list_display = ["course", "review_period_ends_at", "confirm_by"]


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "weight"]
    list_filter = ["course"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "assigned_at", "conflict_declared_at"]
    list_filter = ["application__course"]
    list_select_related = ["application__course", "reviewer"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "updated_at"]
    list_filter = ["application__course"]
    list_select_related = ["application__course", "reviewer"]
    inlines = [CriterionScoreInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "waitlist_position", "staged_at", "released_at", "confirm_by"]
    list_filter = ["outcome", "application__course"]
    list_select_related = ["application__course"]


@admin.register(DecisionEmailTemplate)
class DecisionEmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["course", "kind", "subject", "updated_at"]
    list_filter = ["course", "kind"]


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdmin):
    """Account mails (no course) are seen here only; a secret body is redacted here too (docs/security.md)."""

    list_display = ["subject", "kind", "course", "recipient", "status", "created_at", "sent_at"]
    list_filter = ["status", "kind", "course"]
    list_select_related = ["course"]
    search_fields = ["subject", "recipient"]
    exclude = ["body"]
    readonly_fields = ["shown_body"]

    @admin.display(description="body")
    def shown_body(self, obj):
        return shown_body(obj)


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "course", "actor", "action", "object_repr"]
    list_filter = ["course", "action"]
    list_select_related = ["course", "actor"]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["__str__", "course", "application"]
    list_filter = ["course"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "role", "country", "pair"]
    list_filter = ["pair__course", "role"]
    search_fields = ["full_name", "user__email"]
    list_select_related = ["pair"]
