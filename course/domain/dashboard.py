"""The facilitator's overview: one line of figures per edition, in one query."""

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from course.models import Course
from participants.enums import ApplicationStatus


def _count(model_path, **filters):
    model = apps.get_model(model_path)
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
    # By name, like the counts above: the facilitator's overview reads the apps built on the course, and the
    # course never imports them.
    releases = apps.get_model("programme.ProgrammeRelease")
    latest_release = releases.objects.filter(course=OuterRef("pk")).order_by("-number").values("number")[:1]
    return Course.objects.order_by("-starts_on").annotate(
        submitted_count=_count("participants.Application", status__in=ApplicationStatus.COUNTS_AS_SUBMITTED),
        draft_count=_count("participants.Application", status=ApplicationStatus.DRAFT),
        accepted_count=_count("participants.Application", status__in=ApplicationStatus.HOLDING_PLACE),
        pair_count=_count("participants.Pair"),
        latest_release=Subquery(latest_release, output_field=IntegerField()),
        run_count=_count("simulations.Run"),
        live_run_count=_count("simulations.Run", state__in=["running", "paused"]),
    )
