from django.urls import path

from . import urls_negotiation
from .views import facilitator, room

app_name = "simulations"

urlpatterns = [
    path("", room.my_runs, name="my_runs"),
    path("runs/", facilitator.run_list, name="run_list"),
    path("runs/<int:run_id>/", facilitator.run_detail, name="run_detail"),
    path("runs/<int:run_id>/status/", facilitator.run_status, name="run_status"),
    path("runs/<int:run_id>/control/", facilitator.run_control, name="run_control"),
    path("runs/<int:run_id>/plan/", facilitator.run_plan, name="run_plan"),
    path("runs/<int:run_id>/seats/auto/", facilitator.run_seats_auto, name="run_seats_auto"),
    path("runs/<int:run_id>/seats/", facilitator.run_seat_assign, name="run_seat_assign"),
    path("runs/<int:run_id>/room/", room.room, name="room"),
    path("runs/<int:run_id>/room/updates/", room.room_updates, name="room_updates"),
    path("runs/<int:run_id>/room/low-data/", room.room_low_data, name="room_low_data"),
    # Served by the push process (config.asgi, simulations.room.push); named here for reverse() only.
    path("runs/<int:run_id>/room/stream/", room.room_stream_elsewhere, name="room_stream"),
    path("runs/<int:run_id>/briefs/<slug:delegation_key>/", room.delegation_brief, name="brief"),
]

urlpatterns += urls_negotiation.urlpatterns
