"""Admin for the programme. Releases are frozen: published from the programme editor, read-only here."""

from django.contrib import admin

from programme.models import CalendarFeedToken, PairGroup, ProgrammeRelease, Room, Session, Speaker


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "capacity"]
    list_filter = ["course"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "affiliation", "course"]
    list_filter = ["course"]
    search_fields = ["name", "affiliation"]


@admin.register(PairGroup)
class PairGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "course"]
    list_filter = ["course"]
    filter_horizontal = ["pairs"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "track", "starts_at", "room", "for_everyone", "course"]
    list_filter = ["course", "kind", "track"]
    search_fields = ["title"]
    filter_horizontal = ["speakers", "groups"]
    list_select_related = ["room", "course"]


@admin.register(ProgrammeRelease)
class ProgrammeReleaseAdmin(admin.ModelAdmin):
    """Releases are frozen: published from the programme editor, read-only here."""

    list_display = ["__str__", "course", "published_at", "published_by"]
    list_filter = ["course"]
    readonly_fields = ["course", "number", "title", "published_at", "published_by", "snapshot", "acknowledged_warnings"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "created_at", "reset_at"]
    list_filter = ["course"]
    exclude = ["secret"]
