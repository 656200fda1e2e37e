"""Thin Celery wrappers around the programme's domain and exporters; every task is idempotent."""

from celery import shared_task

from programme.exporters.week_pack import build_week_pack, mark_pack_failed


@shared_task(name="programme.tasks.build_week_pack_task", acks_late=True)  # domain.week_pack.BUILD_TASK
def build_week_pack_task(pack_id):
    try:
        build_week_pack(pack_id)
    except Exception as exc:
        mark_pack_failed(pack_id, f"The pack could not be built ({type(exc).__name__}). Try again.")
        raise
