"""The room's "nothing changed" answer on the wire, from gunicorn (the production web process), read with a raw
socket: status line and headers included, it is the smallest HTTP allows (issue 21, "Low-data room"), while the
room page itself keeps every security header."""

import os
import socket
import subprocess
import sys
from urllib.parse import urlencode

import pytest
from django.test import Client

from bench._servers import Gunicorn
from simulations.domain.engine import start_run
from simulations.domain.runs import assign_pair
from simulations.models import Run, Seat
from simulations.room.state import poll_token
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run
from tests.workers import test_database_url as database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def web():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    # DEBUG off serves static files from the manifest, as production does: collect them first (a clean clone has none).
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    server = Gunicorn(env, workers=1, name="wire").start()
    yield server
    server.stop()


def raw_get(port, path, cookie):
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_nothing_changed_is_a_bare_204_on_the_wire(web):
    run = make_run(round_seconds=[600], name="Table W")
    pair, scientist, _ = make_pair(run.course)
    assign_pair(run, pair, run.scenario.delegations.first())
    start_run(run)
    run = Run.objects.get(pk=run.pk)
    user = scientist.user
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    seat = Seat.objects.get(run=run, pair__participants__user=user)
    query = urlencode({"v": run.room_stamp, "t": poll_token(run.pk, user.pk, seat.pk)})

    raw = raw_get(web.port, f"/simulations/runs/{run.pk}/room/updates/?{query}", cookie)
    page = raw_get(web.port, f"/simulations/runs/{run.pk}/room/", cookie)

    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 204 ", lines[0]  # no reason phrase (RFC 9112: optional, ignored by clients)
    assert sorted(line.split(":", 1)[0].lower() for line in lines[1:]) == ["connection", "date", "server"]
    assert body == b""
    assert len(raw) <= 92, f"{len(raw)} B: {raw!r}"
    page_head = page.partition(b"\r\n\r\n")[0].decode("latin-1").lower()
    assert page_head.startswith("http/1.1 200 ok")
    for header in ("content-security-policy", "x-frame-options", "referrer-policy", "x-content-type-options"):
        assert f"\r\n{header}:" in page_head, header
