"""ASGI: the room's push stream (simulations.room.push.stream_app), the room's round-start path
(simulations.room.express_async) and, for every other path, Django.

In production only the push process serves this: nginx sends it /simulations/runs/<id>/room/stream/ and a room's
GET (the page, and the partial after "changed"), and takes back every room it cannot answer for the web workers
(X-Accel-Redirect to the named location nginx gave in X-Accord-Fallback; docs/nginx.conf). The web stays on
gunicorn with config.wsgi, which puts the sync express path in front of Django. In ``make run`` one uvicorn
serves all three, and a room the express path leaves goes to Django here (docs/deploy.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()  # sets Django up before the push app's imports

from simulations.room.express import warm_up  # noqa: E402
from simulations.room.express_async import express_room_async, fallback_location  # noqa: E402
from simulations.room.push import STREAM_PATH, stream_app  # noqa: E402


async def application(scope, receive, send):
    if scope["type"] == "http" and STREAM_PATH.match(scope["path"]):
        await stream_app(scope, receive, send)
        return
    if scope["type"] == "http":
        answer = await express_room_async(scope)  # None at once for every other path
        if answer is not None:
            status, headers, body = answer
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        location = fallback_location(scope)
        if location is not None:  # nginx asks the web workers instead (docs/nginx.conf)
            await send({"type": "http.response.start", "status": 200, "headers": [(b"x-accel-redirect", location)]})
            await send({"type": "http.response.body", "body": b""})
            return
    await django_application(scope, receive, send)


warm_up()  # what every first room of the process would otherwise work out (as config.wsgi does)
