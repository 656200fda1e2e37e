"""ASGI: the room's push stream (simulations.room.push.stream_app) and, for every other path, Django.

In production only the push process serves this (nginx sends /simulations/runs/<id>/room/stream/ there; the web
stays on gunicorn with config.wsgi); in ``make run`` one uvicorn serves both (docs/deploy.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()  # sets Django up before the push app's imports

from simulations.room.push import STREAM_PATH, stream_app  # noqa: E402


async def application(scope, receive, send):
    if scope["type"] == "http" and STREAM_PATH.match(scope["path"]):
        await stream_app(scope, receive, send)
    else:
        await django_application(scope, receive, send)
