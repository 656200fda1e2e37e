"""What delegations do in a run: statements, caucus, floor, proposals, support, votes; what facilitators add:
announcements, private messages, injects; who is present; and the outcome computed when the run finishes.

Writes go through simulations.domain.negotiation (and console/outcome), which check the round's plan and bump
the run's activity_version in the same transaction so open rooms re-render. ``created_by`` is NULL for a
scripted delegation (simulations.domain.bots).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from simulations.enums import VoteChoice


def _author():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class Statement(models.Model):
    """A delegation's opening statement: one per delegation per run, editable while a statement round runs."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="statements")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    # Counts saves: a form carries the revision it was based on, and a save based on an older one is refused
    # (negotiation.make_statement), so one member never silently overwrites the partner's newer text.
    revision = models.PositiveIntegerField(default=1)
    round_number = models.PositiveSmallIntegerField()
    created_by = _author()
    updated_by = _author()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run_id", "delegation__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "delegation"], name="one_statement_per_delegation")]

    def __str__(self):
        return f"Statement of {self.delegation_id} in run {self.run_id}"


class CaucusMessage(models.Model):
    """A message in a delegation's private caucus: only its own pair sees it until the run is finished."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="caucus_messages")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    round_number = models.PositiveSmallIntegerField()
    created_by = _author()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run_id", "created_at", "pk"]
        indexes = [models.Index(fields=["run", "delegation", "created_at"], name="caucus_thread_idx")]

    def __str__(self):
        return f"Caucus message {self.pk}"


class FloorMessage(models.Model):
    """A public message on the floor of a run, shown to every delegation in order."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="floor_messages")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    round_number = models.PositiveSmallIntegerField()
    created_by = _author()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run_id", "created_at", "pk"]
        indexes = [models.Index(fields=["run", "created_at"], name="floor_time_idx")]

    def __str__(self):
        return f"Floor message {self.pk}"


class Proposal(models.Model):
    """A package (one option per issue) tabled by a delegation. An amendment is a new Proposal whose parent is
    the version it amends; ``number`` names the line of amendments ("Proposal 2"), ``version`` counts within it."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="proposals")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(help_text="Shared by all versions of one proposal.")
    version = models.PositiveSmallIntegerField(default=1)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="amendments")
    package = models.JSONField(help_text="{issue_key: option_key} for every issue of the scenario.")
    rationale = models.TextField(blank=True)
    round_number = models.PositiveSmallIntegerField()
    created_by = _author()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run_id", "number", "version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number", "version"], name="proposal_version_unique_in_run")
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"Proposal {self.number}" + (f" v{self.version}" if self.version > 1 else "")


class ProposalSupport(models.Model):
    """A delegation's public support for a proposal version (tabling one implies supporting it)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.CASCADE, related_name="+")
    created_by = _author()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposal_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "delegation"], name="one_support_per_delegation_proposal")
        ]


class Vote(models.Model):
    """One delegation's vote on one proposal in one vote round; either member may cast or change it until the
    round ends. A delegation that does not vote abstains. Going back to an earlier round voids the ballots of
    every round it reopens (``voided_at``): they stay in the record, marked void, and never decide anything."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    delegation = models.ForeignKey("simulations.Delegation", on_delete=models.CASCADE, related_name="+")
    round_number = models.PositiveSmallIntegerField()
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    cast_by = _author()
    cast_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True, help_text="Set when a go-back reopened its round.")
    voided_by = _author()

    class Meta:
        ordering = ["run_id", "round_number", "proposal_id", "delegation__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "delegation", "round_number"],
                condition=models.Q(voided_at__isnull=True),
                name="one_live_vote_per_delegation_proposal_round",
            )
        ]

    @property
    def is_void(self):
        return self.voided_at is not None


class AnnouncementQuerySet(models.QuerySet):
    def for_run(self, run):
        """What ``run`` receives: its own announcements and private messages, and the course's "all tables"
        announcements sent while it was live (started, not yet over): never those sent before it started or
        after it ended."""
        to_all = models.Q(run__isnull=True)
        if run.started_at is None:
            to_all = models.Q(pk__in=[])
        else:
            to_all &= models.Q(created_at__gte=run.started_at)
            if run.finished_at is not None:
                to_all &= models.Q(created_at__lte=run.finished_at)
        return self.filter(course_id=run.course_id).filter(to_all | models.Q(run_id=run.pk))


class Announcement(models.Model):
    """From a facilitator: to every table of a course live when it is sent (run NULL, see ``for_run``), to one
    table, or privately to one delegation of one table (delegation set)."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="simulation_announcements")
    run = models.ForeignKey(
        "simulations.Run", on_delete=models.CASCADE, null=True, blank=True, related_name="announcements"
    )
    delegation = models.ForeignKey(
        "simulations.Delegation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_by = _author()
    created_at = models.DateTimeField(default=timezone.now)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["course_id", "created_at", "pk"]

    @property
    def is_private(self):
        return self.delegation_id is not None


class Inject(models.Model):
    """Scheduled news for a run: copied from the scenario file's ``injects`` (released ``after_minutes`` into
    its round) or added live by a facilitator. Visible once ``release_at`` has passed, or once its round is
    over. ``release_at`` stays NULL until the round has started."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="injects")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    round_key = models.SlugField(max_length=50, blank=True, help_text="Scenario injects: the round they belong to.")
    after_minutes = models.FloatField(default=0)
    release_at = models.DateTimeField(null=True, blank=True)
    from_scenario = models.BooleanField(default=False)
    created_by = _author()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run_id", "release_at", "pk"]

    def __str__(self):
        return self.title


class Presence(models.Model):
    """When a participant last loaded the room (stored in batches: simulations.domain.presence.note_room_load)."""

    run = models.ForeignKey("simulations.Run", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "user"], name="one_presence_per_user_per_run")]


class Outcome(models.Model):
    """What a finished run agreed (or not), with the debrief's analysis. Computed once when the run finishes."""

    run = models.OneToOneField("simulations.Run", on_delete=models.CASCADE, related_name="outcome")
    proposal = models.ForeignKey(Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    package = models.JSONField(null=True, blank=True, help_text="The adopted package; NULL: no agreement.")
    analysis = models.JSONField(default=dict, help_text="simulations.domain.outcome.analysis_to_json().")
    computed_at = models.DateTimeField(default=timezone.now)

    @property
    def agreed(self):
        return self.package is not None
