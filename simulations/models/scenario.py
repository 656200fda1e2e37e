"""Scenarios: what a role-play is about. Loaded from YAML (docs/scenarios.md) and editable in admin."""

from django.db import models
from django_countries.fields import CountryField

from simulations.enums import DecisionRuleType, DelegationKind, ScenarioCategory


class Scenario(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=32, choices=ScenarioCategory.choices)
    real_case = models.TextField(blank=True, help_text="The real case the scenario draws on.")
    learning_objectives = models.JSONField(default=list, blank=True)
    background = models.TextField(help_text="The public brief every delegation reads.")
    decision_rule = models.CharField(
        max_length=16, choices=DecisionRuleType.choices, default=DecisionRuleType.UNANIMITY
    )
    decision_k = models.PositiveSmallIntegerField(null=True, blank=True, help_text="k of n: yes votes needed.")
    debrief_questions = models.JSONField(default=list, blank=True)
    # Injects (news released during a run) as written in the file: [{round, after_minutes, title, body}].
    injects = models.JSONField(default=list, blank=True)
    schema_version = models.PositiveSmallIntegerField(default=1)
    source_file = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Delegation(models.Model):
    """A party at the table: a country, an intergovernmental body, a funder… with its confidential brief."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="delegations")
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=DelegationKind.choices, default=DelegationKind.COUNTRY)
    country = CountryField(blank=True, help_text="Pairs from this country are not seated here automatically.")
    batna = models.IntegerField(help_text="Walk-away score: the points with no agreement.")
    brief = models.TextField(help_text="Confidential: only this delegation (and the debrief) sees it.")
    scientist_notes = models.TextField(blank=True)
    policymaker_notes = models.TextField(blank=True)
    is_required = models.BooleanField(default=False, help_text="k of n: must vote yes.")
    has_veto = models.BooleanField(default=False, help_text="k of n: a no blocks adoption.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scenario_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["scenario", "key"], name="delegation_key_unique_in_scenario")]

    def __str__(self):
        return self.name


class Issue(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="issues")
    key = models.SlugField(max_length=50)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scenario_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["scenario", "key"], name="issue_key_unique_in_scenario")]

    def __str__(self):
        return self.title


class Option(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["issue_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "key"], name="option_key_unique_in_issue")]

    def __str__(self):
        return self.label


class Score(models.Model):
    """The scoring sheet: a delegation's points for one option. Confidential to that delegation."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="scores")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="scores")
    points = models.IntegerField()

    class Meta:
        ordering = ["delegation_id", "option_id"]
        constraints = [models.UniqueConstraint(fields=["delegation", "option"], name="one_score_per_delegation_option")]

    def __str__(self):
        return f"{self.delegation.key}/{self.option.key}: {self.points}"


class ScenarioRound(models.Model):
    """One round of the scenario's default plan; each run copies the plan into its own RunRounds."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="rounds")
    key = models.SlugField(max_length=50)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField()
    instructions = models.TextField(blank=True)
    actions = models.JSONField(default=list, blank=True, help_text="RoundAction values allowed in this round.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scenario_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["scenario", "key"], name="round_key_unique_in_scenario")]

    def __str__(self):
        return f"{self.title} ({self.minutes} min)"


class ScenarioVersion(models.Model):
    """An immutable copy of a scenario as played (briefs, issues, options, scores, BATNAs, rule, rounds, injects,
    in the file schema of docs/scenarios.md). A run pins the version current when it was created; loading a
    changed file or editing in admin makes a new version, which only new runs use (domain.versions)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1, 2, … within the scenario.")
    content = models.JSONField(help_text="domain.scenarios.scenario_as_file_data() when the version was made.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the content, to spot an unchanged scenario.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scenario_id", "number"]
        constraints = [models.UniqueConstraint(fields=["scenario", "number"], name="scenario_version_number_unique")]

    def __str__(self):
        return f"{self.scenario.slug} v{self.number}"
