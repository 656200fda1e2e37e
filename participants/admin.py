"""Django admin for applications: members and invitations inline, a cross-country flag, late-submission codes."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from course.timezones import format_course_datetime
from participants.domain.deadlines import issue_late_code
from participants.domain.errors import ApplicationRefused
from participants.models import Application, ApplicationMember, Invitation, LateSubmissionCode


class ApplicationMemberInline(admin.StackedInline):
    model = ApplicationMember
    extra = 0
    fields = [
        ("user", "role", "is_lead"),
        ("full_name", "country"),
        ("affiliation", "position"),
        ("career_stage", "gender"),
        "bio",
        "motivation",
        "plans_together",
        ("cv", "cv_original_name"),
    ]
    raw_id_fields = ["user"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "status", "sent_at", "opened_at", "accepted_at", "cancelled_at", "expires_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # invitations carry a secret token: they are created by the lead, never typed in here


class LateSubmissionCodeInline(admin.TabularInline):
    model = LateSubmissionCode
    extra = 0
    fields = ["valid_until", "used_at", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # issued through "Issue a late-submission code", which shows the code once


class LateCodeForm(forms.Form):
    valid_until = forms.DateTimeField(
        label="Valid until (course time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In the course's own time zone. The code works once, for this application only.",
    )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "course", "lead", "status", "cross_country", "submitted_at", "created_at"]
    list_filter = ["course", "status"]
    search_fields = ["lead__email", "members__full_name", "members__user__email", "invitations__email"]
    list_select_related = ["course", "lead"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "withdrawn_at", "reminder_sent_at", "cross_country"]
    raw_id_fields = ["lead"]
    inlines = [ApplicationMemberInline, InvitationInline, LateSubmissionCodeInline]
    change_form_template = "admin/participants/application/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(boolean=True, description="Different countries")
    def cross_country(self, obj):
        return obj.is_cross_country

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/late-code/",
                self.admin_site.admin_view(self.issue_late_code_view),
                name="participants_application_late_code",
            )
        ]
        return custom + super().get_urls()

    def issue_late_code_view(self, request, pk):
        application = get_object_or_404(Application.objects.select_related("course"), pk=pk)
        if not self.has_change_permission(request, application):
            return redirect("admin:index")
        course = application.course
        default_until = timezone.localtime(timezone.now() + datetime.timedelta(hours=48), course.tzinfo)
        form = LateCodeForm(
            request.POST or None, initial={"valid_until": default_until.replace(second=0, microsecond=0, tzinfo=None)}
        )
        if request.method == "POST" and form.is_valid():
            naive = form.cleaned_data["valid_until"].replace(tzinfo=None)
            valid_until = timezone.make_aware(naive, course.tzinfo)
            try:
                code = issue_late_code(application, request.user, valid_until)
            except ApplicationRefused as refusal:
                form.add_error("valid_until", refusal.message)
            else:
                messages.success(
                    request,
                    f"Late-submission code for {application}: {code} — valid until "
                    f"{format_course_datetime(course, valid_until)}, usable once. It is shown only now: "
                    "pass it on to the pair.",
                )
                return redirect(reverse("admin:participants_application_change", args=[application.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Issue a late-submission code",
            "application": application,
            "course": course,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/participants/application/late_code.html", context)


# Review and selection models are registered in their own module.
from participants import admin_selection  # noqa: E402, F401
