"""Start a Celery task by its registered name, from domain code that must not import the tasks module.

An app's ``tasks.py`` imports its domain (tasks are thin wrappers), so a domain function that starts a task
after commit cannot import it back without an import circle. Celery's registry knows every task by name once
each app's ``tasks`` module is imported: a worker does that when it starts; a web process does it here, the
first time it starts a task (autodiscovery is lazy). ``delay`` honours the settings as usual (eager in the
test suite, a private queue in the worker tests).
"""

from celery import current_app


def task_named(name):
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def start_task(name, *args, **kwargs):
    return task_named(name).delay(*args, **kwargs)
