"""The one writer of Application.status: every change of an application's lifecycle goes through here.

``transition_application`` checks the move against the transition table on the enum
(participants.enums.APPLICATION_TRANSITIONS, drawn in docs/selection.md), changes the status with one
compare-and-set on the status it expects, and writes the audit row in the same transaction, as
simulations/domain/engine.py does for runs. The table has no cycle, so the status itself serves as the
version: a status once left is never seen again, and a compare-and-set on it cannot be fooled.

Callers keep their own rules (deadlines, membership, capacity) and their side effects (mail, pairs); this
module knows only which moves exist and that each is made once.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from participants.domain.audit import record_audit
from participants.domain.errors import TransitionRefused
from participants.enums import ApplicationStatus
from participants.models import Application


def transition_application(
    application,
    to_status,
    *,
    actor,
    expected_from=None,
    now=None,
    fields=None,
    action=None,
    before=None,
    after=None,
):
    """Move ``application`` from ``expected_from`` (default: the status it carries) to ``to_status``.

    One ``UPDATE … WHERE status = expected_from``; ``fields`` are further columns set in that same update
    (``submitted_at``, ``withdrawn_at``). The audit row is written in the same transaction, by ``actor``
    (``None`` for the system), with ``action`` (default: the new status's value) and ``before``/``after``
    (default: the statuses). On success ``application`` carries the new values and is returned.

    Refused with TransitionRefused, changing nothing, when the table has no such move or when the application
    is no longer in ``expected_from`` (another request or worker moved it first: the loser of a race).
    """
    to_status = ApplicationStatus(to_status)
    from_status = ApplicationStatus(expected_from if expected_from is not None else application.status)
    if not from_status.can_become(to_status):
        raise TransitionRefused(
            gettext("An application that is %(before)s cannot become %(after)s.")
            % {"before": from_status.label.lower(), "after": to_status.label.lower()},
            from_status=from_status,
            to_status=to_status,
        )
    now = now or timezone.now()
    values = {"status": to_status, "updated_at": now, **(fields or {})}
    # No savepoint of our own inside a caller's transaction (pinned query counts, and a refusal must leave the
    # caller's transaction usable): the compare-and-set is the first write, so a refusal has written nothing.
    if transaction.get_connection().in_atomic_block:
        return _compare_and_set(application, from_status, to_status, values, actor, action, before, after)
    with transaction.atomic():
        return _compare_and_set(application, from_status, to_status, values, actor, action, before, after)


def _compare_and_set(application, from_status, to_status, values, actor, action, before, after):
    if Application.objects.filter(pk=application.pk, status=from_status).update(**values) != 1:
        raise TransitionRefused(
            gettext("This application is no longer %(status)s; it was changed meanwhile, so nothing was done.")
            % {"status": from_status.label.lower()},
            from_status=from_status,
            to_status=to_status,
            lost_race=True,
        )
    for name, value in values.items():
        setattr(application, name, value)
    record_audit(
        application.course,
        actor,
        action or to_status.value,
        application,
        {"status": from_status.value} if before is None else before,
        {"status": to_status.value} if after is None else after,
    )
    return application
