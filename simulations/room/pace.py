"""How often a room asks for news: the viewer's low-data mode (simulations.domain.low_data), per request.

The room page is shared by everyone at a table (simulations.room.html), so the mode is a hole in it, filled per
viewer with ``low_data_mode(request)``; the room's script (static/js/room-push.js) paces its requests by it.
"""

from simulations.domain.low_data import is_low_data, session_low_data


def low_data_mode(request):
    """The value of the room's ``data-low-data`` attribute for this request: "on" or "off"."""
    choice = session_low_data(getattr(request, "session", None))
    return "on" if is_low_data(choice, request.headers.get("Save-Data")) else "off"
