from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from course.forms import EditionForm
from course.timezones import format_course_datetime

from .models import Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Opening and deadline are typed and listed in the course's own time zone with the UTC offset (the same
    form as the course team's edition page), never in the server's UTC."""

    form = EditionForm
    list_display = ["title", "edition_number", "starts_on", "deadline_local", "capacity_pairs", "call_closed"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    fieldsets = [
        (None, {"fields": EditionForm.Meta.fields}),
        (_("Call"), {"fields": ["call_closed"]}),
    ]

    @admin.display(description=_("Deadline (course time)"), ordering="deadline")
    def deadline_local(self, obj):
        return format_course_datetime(obj, obj.deadline)
