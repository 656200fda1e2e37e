"""The facilitator's overview: one line of figures per edition, in one query."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from course.models import Course
from participants.enums import ApplicationStatus
from participants.models import Application, Pair
from programme.models import ProgrammeRelease
from simulations.enums import RunState
from simulations.models import Run


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(course=OuterRef("pk"), **filters)
            .order_by()
            .values("course")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def summarise_courses():
    """Courses newest first, annotated with the figures the facilitator home shows."""
    latest_release = ProgrammeRelease.objects.filter(course=OuterRef("pk")).order_by("-number").values("number")[:1]
    return Course.objects.order_by("-starts_on").annotate(
        submitted_count=_count(Application, status__in=ApplicationStatus.COUNTS_AS_SUBMITTED),
        draft_count=_count(Application, status=ApplicationStatus.DRAFT),
        accepted_count=_count(Application, status__in=ApplicationStatus.HOLDING_PLACE),
        pair_count=_count(Pair),
        latest_release=Subquery(latest_release, output_field=IntegerField()),
        run_count=_count(Run),
        live_run_count=_count(Run, state__in=[RunState.RUNNING, RunState.PAUSED]),
    )
