"""Start a Celery task by its registered name, from domain code that must not import the tasks module.

An app's ``tasks.py`` imports its domain (tasks are thin wrappers), so a domain function that starts a task
after commit cannot import it back without an import circle. Celery's registry knows every task by name: it
imports each app's ``tasks`` module (autodiscovery) the first time it is read, and ``delay`` honours the
settings as usual (eager in the test suite, a private queue in the worker tests).
"""

from celery import current_app


def start_task(name, *args, **kwargs):
    return current_app.tasks[name].delay(*args, **kwargs)
