"""WSGI (gunicorn): the room's round-start path in front of Django (simulations.room.express), Django for every
other request and for every room the express path leaves to it."""

import os

from django.core import signals
from django.core.handlers.wsgi import WSGIRequest, get_script_name
from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.urls import get_resolver, set_script_prefix

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from simulations.room import express  # noqa: E402 - after Django is set up
from simulations.room.express import ROOM_PATH, express_room  # noqa: E402


def application(environ, start_response):
    if not ROOM_PATH.match(environ.get("PATH_INFO", "")):
        return django_application(environ, start_response)
    # What Django's WSGIHandler does before and after a view, without its middleware (close_old_connections
    # runs on request_started, and on request_finished when the server closes the answer).
    set_script_prefix(get_script_name(environ))
    signals.request_started.send(sender=django_application.__class__, environ=environ)
    response = express_room(WSGIRequest(environ))
    if response is None:
        return django_application(environ, start_response)
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return response


def _warm_up():
    """Import every view (through the URLconf) and compile the busiest templates now, when a worker starts,
    instead of in its first requests: after a deploy or a restart those may be a whole course loading its rooms
    at once (docs/performance.md)."""

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf and every view module
    for name in ("base.html", "simulations/room.html", "simulations/_round_clock.html"):
        get_template(name)
    express.warm_up()


_warm_up()
