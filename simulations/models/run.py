"""Runs: one table playing one scenario in timed rounds. The engine (simulations.domain.engine) owns every
change of state, current_round, ends_at and version; nothing else writes them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from simulations.enums import OVER_STATES, AdvanceSource, RunEventKind, RunState


class Run(models.Model):
    """One table (room) playing a scenario within a course. Several runs of one scenario may run in parallel."""

    scenario = models.ForeignKey("simulations.Scenario", on_delete=models.PROTECT, related_name="runs")
    # The exact scenario the table plays (scores, BATNAs, rule, briefs…), pinned when the run is created.
    scenario_version = models.ForeignKey(
        "simulations.ScenarioVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="simulation_runs")
    name = models.CharField(max_length=100, help_text="The table's name, e.g. “Table A”.")
    room = models.CharField(max_length=100, blank=True, help_text="Where the table sits, e.g. “Room 2, Adriatico”.")
    state = models.CharField(max_length=16, choices=RunState.choices, default=RunState.DRAFT)
    # Incremented by every transition; a timer task carries the version it was scheduled for, so a task
    # scheduled before a pause, extension or manual advance can never act on the run's new timing.
    version = models.PositiveIntegerField(default=0)
    # Bumped by changes the room must show that are not engine transitions (seats, and the negotiation's
    # statements, messages, proposals…). Never touches timing, so pending timer tasks stay valid.
    activity_version = models.PositiveIntegerField(default=0)
    current_round = models.PositiveSmallIntegerField(default=0, help_text="1-based; 0 before the start.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="When the current round ends (running only).")
    remaining_seconds = models.FloatField(null=True, blank=True, help_text="Time left in the round while paused.")
    end_round_when_all_acted = models.BooleanField(
        default=False, help_text="End a round early once every delegation has done what the round asks."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["course_id", "name", "pk"]
        indexes = [models.Index(fields=["state", "ends_at"], name="run_due_idx")]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="run_name_unique_in_course")]

    def __str__(self):
        return f"{self.name} · {self.scenario.title}" if self.scenario_id else self.name

    @property
    def is_over(self):
        return self.state in OVER_STATES

    @property
    def is_live(self):
        return self.state in (RunState.RUNNING, RunState.PAUSED)

    @property
    def room_stamp(self):
        """What an open room compares to know whether anything changed: "<version>.<activity_version>"."""
        return f"{self.version}.{self.activity_version}"

    def get_current_round(self):
        """The RunRound the run is in (None before the start). One query."""
        return self.rounds.filter(number=self.current_round).first() if self.current_round else None

    def is_due(self, now=None):
        return self.state == RunState.RUNNING and self.ends_at is not None and self.ends_at <= (now or timezone.now())

    def seconds_left(self, now=None):
        if self.state == RunState.PAUSED:
            return self.remaining_seconds or 0.0
        if self.state == RunState.RUNNING and self.ends_at:
            return max(0.0, (self.ends_at - (now or timezone.now())).total_seconds())
        return 0.0


class RunRound(models.Model):
    """A run's own copy of one round of the scenario's plan; adjustable until the run starts."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(help_text="1-based position in the run.")
    key = models.SlugField(max_length=50)
    title = models.CharField(max_length=200)
    duration_seconds = models.PositiveIntegerField()
    instructions = models.TextField(blank=True)
    actions = models.JSONField(default=list, blank=True, help_text="RoundAction values allowed in this round.")
    started_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Planned end, moved by extensions and pauses.")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the round actually ended.")

    class Meta:
        ordering = ["run_id", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="run_round_number_unique")]

    def __str__(self):
        return f"Round {self.number}: {self.title}"

    @property
    def minutes(self):
        return self.duration_seconds / 60

    @property
    def duration(self):
        return datetime.timedelta(seconds=self.duration_seconds)

    def allows(self, action):
        return action in (self.actions or [])


class Seat(models.Model):
    """A cohort pair (scientist + policymaker) seated as one delegation of a run."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="seats")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.PROTECT, related_name="seats")
    pair = models.ForeignKey("participants.Pair", on_delete=models.CASCADE, related_name="simulation_seats")
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["run_id", "delegation__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "pair"], name="one_seat_per_pair_per_run")]

    def __str__(self):
        return f"{self.pair} as {self.delegation}"


class RunEvent(models.Model):
    """The event log: one row per transition, written in the same transaction as the transition itself."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=RunEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=16, choices=AdvanceSource.choices, default=AdvanceSource.FACILITATOR)
    from_state = models.CharField(max_length=16, choices=RunState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=RunState.choices, blank=True)
    from_round = models.PositiveSmallIntegerField(null=True, blank=True)
    to_round = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(help_text="The run's version after this transition.")
    due_at = models.DateTimeField(null=True, blank=True, help_text="For timed advances: the ends_at that fell due.")
    created_at = models.DateTimeField(default=timezone.now, help_text="Written just before the commit.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run_id", "created_at", "pk"]
        indexes = [models.Index(fields=["run", "created_at"], name="run_event_time_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} (v{self.version})"

    @property
    def lag(self):
        """How long after the round fell due the transition was written (timed advances only)."""
        return (self.created_at - self.due_at) if self.due_at else None
