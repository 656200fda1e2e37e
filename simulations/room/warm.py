"""The room's stamp-change hook, registered in ``SimulationsConfig.ready()``.

After the commit of every change of a run's stamp (simulations.domain.activity.stamp_changed), the new stamp is
published for the fast poll (simulations.room.state) and announced to the open streams (simulations.room.push) and the table is read once into its snapshot, with every
seated variant of the room rendered (simulations.room.html), so that the rooms re-rendering at the new stamp
(every room at a round start) find them ready instead of all reading and rendering at once; the seat holders'
viewer entries the express path checks (simulations.room.express) are written when missing.
"""

from simulations.models import Run
from simulations.room.express import remember_seat_holders
from simulations.room.html import prepare_rooms
from simulations.room.push import announce_change
from simulations.room.snapshot import warm_table_snapshot
from simulations.room.state import publish_room_states, publish_run_state


def publish_and_warm(run_id):
    """Publish the run's new stamp and prepare its table's rooms: one read of the run for both."""
    run = Run.objects.filter(pk=run_id).first()
    if run is None:
        publish_room_states([run_id])  # a deleted run: its cached state is removed
        announce_change(run_id)
        return
    publish_run_state(run)
    snapshot = warm_table_snapshot(run, prepare_rooms)
    if snapshot is not None:
        remember_seat_holders(run.pk, list(snapshot.rooms.seats))
    announce_change(run_id)  # after the rooms are ready: the streams' clients fetch them at once
