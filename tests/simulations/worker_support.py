"""Real worker/beat processes on a Redis database of their own, for the fault tests that flush it."""

import time
from contextlib import contextmanager

from kombu import pools as kombu_pools

from config.celery import app
from simulations.models import Run, RunEvent

# A Redis database number used by no other test: flushing it can never touch anybody else's data.
PRIVATE_REDIS_DB = 13


def private_redis_url(base_url):
    return base_url.rsplit("/", 1)[0] + f"/{PRIVATE_REDIS_DB}"


@contextmanager
def app_broker(url):
    """Point the test process's Celery app at ``url`` for the duration (tasks sent from here go there)."""

    previous = app.conf.broker_url

    def reset():
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)
        # kombu keeps process-wide connection and producer pools keyed by broker URL; closing ours leaves
        # them holding closed pools, and the next test to send a task would fail with "Acquire on closed pool".
        kombu_pools.reset()

    reset()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        reset()
        app.conf.broker_url = previous


def wait_for(predicate, timeout, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def run_state(run):
    return Run.objects.values_list("state", "current_round", "version").get(pk=run.pk)


def advances(run):
    return list(
        RunEvent.objects.filter(run=run, kind="round_advanced")
        .order_by("created_at", "pk")
        .values_list("from_round", "to_round", "source")
    )


def wait_for_log(procs, name, text, timeout=15):
    return wait_for(lambda: text in procs.log_text(name), timeout, message=f"“{text}” in the {name} log")
