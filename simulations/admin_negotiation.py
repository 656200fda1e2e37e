"""Read-only admin for what happened at a table. Changes go through the room and the console, whose domain
functions check rounds and permissions. Caucus messages are deliberately not registered: they stay private
to their delegation until the debrief, administrators included (docs/negotiation.md)."""

from django.contrib import admin

from course.admin_base import ReadOnlyAdmin
from simulations.models import Announcement, FloorMessage, Inject, Outcome, Proposal, Statement, Vote


class TranscriptAdmin(ReadOnlyAdmin):
    list_select_related = ["run"]


@admin.register(Statement)
class StatementAdmin(TranscriptAdmin):
    list_display = ["run", "delegation", "round_number", "updated_at"]
    list_filter = ["run"]


@admin.register(FloorMessage)
class FloorMessageAdmin(TranscriptAdmin):
    list_display = ["run", "delegation", "round_number", "created_at"]
    list_filter = ["run"]


@admin.register(Proposal)
class ProposalAdmin(TranscriptAdmin):
    list_display = ["run", "number", "version", "delegation", "round_number", "created_at"]
    list_filter = ["run"]


@admin.register(Vote)
class VoteAdmin(TranscriptAdmin):
    list_display = ["run", "proposal", "delegation", "choice", "round_number", "cast_at"]
    list_filter = ["run", "choice"]


@admin.register(Announcement)
class AnnouncementAdmin(TranscriptAdmin):
    list_display = ["course", "run", "delegation", "created_at"]
    list_select_related = ["course", "run"]


@admin.register(Inject)
class InjectAdmin(TranscriptAdmin):
    list_display = ["run", "title", "round_key", "after_minutes", "release_at", "from_scenario"]
    list_filter = ["run"]


@admin.register(Outcome)
class OutcomeAdmin(TranscriptAdmin):
    list_display = ["run", "proposal", "computed_at"]
