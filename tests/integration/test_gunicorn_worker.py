"""The web process's gunicorn worker (config/gunicorn_worker.py), run by a real gunicorn with the deployed settings
(config/gunicorn.conf.py) on loopback: it closes a connection at once when the client sent nothing after its
request, so one slow client does not hold a worker; and it still lingers, so that nothing of a large answer is
cut off, when the client sent more than the worker read. gunicorn's own sync worker is the control: it holds
the worker until the client closes."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench._servers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
BIG = b"x" * 1_000_000


def application(environ, start_response):
    """What the workers serve here: a megabyte, so that an answer cut off by a reset would show."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BIG)))])
    return [BIG]


@pytest.fixture(params=["deployed", "gunicorn-sync"])
def server(request, tmp_path):
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")]
    args += [f"{__name__}:application", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"]
    if request.param == "gunicorn-sync":
        args += ["--worker-class", "sync"]
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, proc=proc, log_path=log_path)
        yield request.param, port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _request(path="/"):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def _read_to_end(sock):
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _body_length(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:40]
    return len(body)


def test_a_client_that_keeps_its_side_open_does_not_hold_the_worker(server):
    kind, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
        slow.sendall(_request())
        assert _body_length(_read_to_end(slow)) == len(BIG)  # the whole answer, then the worker's FIN
        # The slow client has its answer but does not close. The only worker now serves the next client:
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as other:
            other.sendall(_request())
            assert _body_length(_read_to_end(other)) == len(BIG)
        waited = time.perf_counter() - started
    if kind == "deployed":
        assert waited < 1.0, f"the next client waited {waited:.2f} s"
    else:  # gunicorn's own sync worker lingers up to 2 s for the slow client's close
        assert waited > 1.5, f"the next client waited only {waited:.2f} s"


def test_a_client_that_sent_more_than_its_request_still_gets_the_whole_answer(server):
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        # A request with data after it that the worker never reads: closing at once would make the kernel reset
        # the connection and could cut the megabyte short; the worker drains instead.
        client.sendall(_request() + b"unread" * 2000)
        time.sleep(0.2)
        answer = _read_to_end(client)
    assert _body_length(answer) == len(BIG)
