from django.contrib import admin

from .models import Course


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "edition_number", "starts_on", "deadline", "capacity_pairs"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
