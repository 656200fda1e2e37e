"""ASGI: the room's push stream (simulations.room.push.stream_app), the room's round-start path
(simulations.room.express) and, for every other path, Django.

In production only the push process serves this (nginx sends /simulations/runs/<id>/room/stream/ there; the web
stays on gunicorn with config.wsgi, which puts the same express path in front of Django); in ``make run`` one
uvicorn serves all three (docs/deploy.md).
"""

import io
import os

from asgiref.sync import sync_to_async
from django.core.asgi import get_asgi_application
from django.core.handlers.asgi import ASGIRequest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()  # sets Django up before the push app's imports

from simulations.room.express import ROOM_PATH, express_room  # noqa: E402
from simulations.room.push import STREAM_PATH, stream_app  # noqa: E402


async def application(scope, receive, send):
    if scope["type"] == "http" and STREAM_PATH.match(scope["path"]):
        await stream_app(scope, receive, send)
        return
    if scope["type"] == "http" and scope["method"] == "GET" and ROOM_PATH.match(scope["path"]):
        # Django's own thread for sync code (thread_sensitive), as its views run in
        response = await sync_to_async(express_room)(ASGIRequest(scope, io.BytesIO()))
        if response is not None:
            await django_application.send_response(response, send)
            return
    await django_application(scope, receive, send)
