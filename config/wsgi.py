import os

from django.core.wsgi import get_wsgi_application
from django.template.loader import get_template
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm_up():
    """Import every view (through the URLconf) and compile the busiest templates now, when a worker starts,
    instead of in its first requests: after a deploy or a restart those may be a whole course loading its rooms
    at once (docs/performance.md)."""

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf and every view module
    for name in ("base.html", "simulations/room.html", "simulations/_round_clock.html"):
        get_template(name)


_warm_up()
