"""Scenarios are editable in admin (the YAML files stay the source for load_scenarios); runs are read-mostly,
because only the engine may change their state and timing."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from simulations.domain.scenarios import scenario_problems, snapshot_scenario
from simulations.domain.versions import runs_keeping_older_versions
from simulations.models import Delegation, Issue, Option, Run, RunEvent, RunRound, Scenario, ScenarioRound, Score, Seat

REFUSED_EDIT = "Nothing was saved: tables play this scenario, and the edit would break it."


class _BrokenScenario(Exception):
    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


class CheckedScenarioAdmin(admin.ModelAdmin):
    """Every save is checked as load_scenarios checks a file. A scenario that tables already play must stay
    whole, so an edit that would break it is rolled back and each problem listed. A scenario no table plays yet
    may be built up in steps (an issue first, then its scores): the problems are listed as warnings, and no run
    can be created from it until its scoring sheet is complete (simulations.domain.runs.create_run)."""

    def scenario_of(self, obj):
        return obj.scenario

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        scenario = self.scenario_of(form.instance)
        problems = scenario_problems(scenario)
        if problems and scenario.runs.exists():
            raise _BrokenScenario(problems)  # leaves the admin's atomic block: nothing of the edit is saved
        for problem in problems:
            self.message_user(request, f"Fix before creating a run: {problem}", messages.WARNING)
        if not problems:  # a whole scenario: the edit is a new version, for new tables only
            version = snapshot_scenario(scenario)
            for run, number in runs_keeping_older_versions(scenario):
                self.message_user(
                    request,
                    f"{run.name} ({run.course}) keeps playing version {number}; new tables play version "
                    f"{version.number}.",
                    messages.INFO,
                )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _BrokenScenario as exc:
            # The admin's transaction rolled everything back. The same post is validated once more, now with
            # the problems as the form's errors: the page comes back with what was typed and why it was refused.
            request._refused_scenario_problems = exc.problems
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        problems = getattr(request, "_refused_scenario_problems", None)
        if not problems:
            return form

        class RefusedEdit(form):
            def clean(self):
                super().clean()
                raise ValidationError([REFUSED_EDIT, *problems])

        return RefusedEdit


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
class ScenarioAdmin(CheckedScenarioAdmin):
    list_display = ["title", "slug", "category", "decision_rule", "source_file", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "slug", "real_case"]
    inlines = [DelegationInline, IssueInline, ScenarioRoundInline]

    def scenario_of(self, obj):
        return obj


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["key", "label", "position"]


@admin.register(Issue)
class IssueAdmin(CheckedScenarioAdmin):
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
class DelegationAdmin(CheckedScenarioAdmin):
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
        "scenario_version",
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
