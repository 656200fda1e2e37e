"""The run's stamp ("<version>.<activity_version>") and who hears that it changed.

Everything a room shows follows from the stamp: the engine bumps ``version`` on every transition, and every
other change a room shows (seats, statements, messages, proposals, votes, announcements, injects) bumps
``activity_version`` with ``bump_activity`` in the same transaction as its write. Never bump ``version``
outside the engine: it would make the pending timer task stale and leave the round to the sweeper.

After the commit of a change of either, ``stamp_changed`` calls the registered stamp-change hooks. The room's
read side registers one in ``SimulationsConfig.ready()`` (simulations.room.warm: publish the new stamp for
the fast poll and prepare the table's rooms), so the domain never calls up into rendering.
"""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F

from simulations.models import Run

log = logging.getLogger(__name__)

# Callables hook(run_id), called after the commit of every change of a run's stamp.
_STAMP_HOOKS = []
# Per thread: the run ids changed inside ``stamp_hooks_batched`` (None outside it).
_batched = threading.local()


def register_stamp_hook(hook):
    """Register ``hook(run_id)``, called after the commit of every change of a run's stamp (once per hook)."""
    if hook not in _STAMP_HOOKS:
        _STAMP_HOOKS.append(hook)
    return hook


def stamp_changed(run_id):
    """Call inside the transaction of every change of the run's version or activity_version: after its
    commit, every registered hook is told (each robustly: a failing hook is logged, never the change's)."""
    pending = getattr(_batched, "runs", None)
    if pending is not None:
        pending.add(run_id)
        return
    for hook in _STAMP_HOOKS:
        transaction.on_commit(lambda hook=hook: hook(run_id), robust=True)


@contextmanager
def stamp_hooks_batched():
    """Inside the block (this thread only), stamp changes are collected instead of told one by one; at its end,
    each registered hook is told once per run that changed. For scripted play of many actions while no room is
    open (a benchmark's bots before it measures): the rooms are prepared once per table, not once per action.
    Use it outside any transaction (the hooks run at once, not after a commit)."""
    if getattr(_batched, "runs", None) is not None:
        raise RuntimeError("stamp_hooks_batched() is already active in this thread")
    _batched.runs = set()
    try:
        yield
    finally:
        runs, _batched.runs = _batched.runs, None
    for run_id in sorted(runs):
        for hook in _STAMP_HOOKS:
            try:
                hook(run_id)
            except Exception:
                log.exception("Stamp hook %r failed for run %s", hook, run_id)


def bump_activity(run, *, refresh=True):
    """Tell open rooms that something they show changed, without touching the engine's version (which would make
    the pending timer task stale). Open rooms compare "<version>.<activity_version>" and re-render when it
    changed. The new activity_version is read back into ``run`` (one query) unless ``refresh`` is False (the
    caller holds the row's lock and counts itself, or does not use ``run`` again)."""
    Run.objects.filter(pk=run.pk).update(activity_version=F("activity_version") + 1)
    stamp_changed(run.pk)  # open rooms' fast poll sees the new stamp after the commit
    if refresh:
        run.refresh_from_db(fields=["activity_version"])
