"""Admin for the programme. Releases are frozen: published from the programme editor, read-only here."""

from django.contrib import admin

from programme.models import (
    CalendarFeedToken,
    Material,
    PairGroup,
    ProgrammeRelease,
    Room,
    Session,
    Speaker,
    SpeakerAvailability,
    SpeakerConfirmation,
    SpeakerSignInLink,
    WeekPack,
)


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


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    """Uploads are checked by content in the speaker area and the session edit page; here they are only read."""

    list_display = ["title", "session", "kind", "visibility", "file_type", "size", "speaker", "created_at"]
    list_filter = ["session__course", "kind", "visibility"]
    search_fields = ["title", "session__title"]
    list_select_related = ["session", "speaker"]
    readonly_fields = ["session", "speaker", "file", "file_type", "original_name", "size", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SpeakerConfirmation)
class SpeakerConfirmationAdmin(admin.ModelAdmin):
    list_display = ["speaker", "session", "state", "updated_at"]
    list_filter = ["state", "speaker__course"]
    list_select_related = ["speaker", "session"]


@admin.register(SpeakerAvailability)
class SpeakerAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["speaker", "starts_at", "ends_at"]
    list_filter = ["speaker__course"]
    list_select_related = ["speaker"]


@admin.register(SpeakerSignInLink)
class SpeakerSignInLinkAdmin(admin.ModelAdmin):
    """Only a hash of each token is stored; nothing here can sign anyone in."""

    list_display = ["email", "speaker", "created_at", "expires_at", "used_at"]
    list_select_related = ["speaker"]
    exclude = ["token_hash"]
    readonly_fields = ["speaker", "email", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(WeekPack)
class WeekPackAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "state", "progress", "built_at"]
    list_filter = ["course", "state"]
    list_select_related = ["user", "course"]
    readonly_fields = ["user", "course", "state", "progress", "fingerprint", "file", "error", "built_at"]

    def has_add_permission(self, request):
        return False
