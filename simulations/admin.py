"""Scenarios are editable in admin (the YAML files stay the source for load_scenarios); runs are read-mostly,
because only the engine may change their state and timing."""

from django.contrib import admin

from simulations.models import Delegation, Issue, Option, Run, RunEvent, RunRound, Scenario, ScenarioRound, Score, Seat


class DelegationInline(admin.StackedInline):
    model = Delegation
    extra = 0
    fields = [
        ("key", "name", "kind", "country"),
        ("batna", "is_required", "has_veto", "position"),
        "brief",
        "scientist_notes",
        "policymaker_notes",
    ]


class IssueInline(admin.TabularInline):
    model = Issue
    extra = 0
    fields = ["key", "title", "position"]
    show_change_link = True


class ScenarioRoundInline(admin.TabularInline):
    model = ScenarioRound
    extra = 0
    fields = ["position", "key", "title", "minutes", "actions", "instructions"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "category", "decision_rule", "source_file", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "slug", "real_case"]
    inlines = [DelegationInline, IssueInline, ScenarioRoundInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["key", "label", "position"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "scenario"]
    list_filter = ["scenario"]
    inlines = [OptionInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["option", "points"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["option"].queryset = Option.objects.filter(issue__scenario=obj.scenario_id)
        return formset


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "scenario", "kind", "country", "batna"]
    list_filter = ["scenario"]
    inlines = [ScoreInline]


class RunRoundInline(admin.TabularInline):
    model = RunRound
    extra = 0
    fields = ["number", "title", "duration_seconds", "actions", "started_at", "ends_at", "ended_at"]
    readonly_fields = ["started_at", "ends_at", "ended_at"]


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    raw_id_fields = ["pair"]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["name", "scenario", "course", "state", "current_round", "ends_at", "version"]
    list_filter = ["state", "course"]
    # Timing is the engine's: change it from the facilitator's run page, never here.
    readonly_fields = [
        "state",
        "version",
        "activity_version",
        "current_round",
        "ends_at",
        "remaining_seconds",
        "started_at",
        "finished_at",
        "created_by",
    ]
    inlines = [RunRoundInline, SeatInline]


@admin.register(RunEvent)
class RunEventAdmin(admin.ModelAdmin):
    list_display = ["run", "kind", "source", "actor", "from_round", "to_round", "version", "created_at"]
    list_filter = ["kind", "source"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


# What happened at each table, read-only, in its own module.
from simulations import admin_negotiation  # noqa: E402, F401
