"""gunicorn's sync worker, closing each connection at once when the client has sent nothing more (issue 20).

Since gunicorn 27 the sync worker ends every connection with ``util.close_graceful`` (RFC 9112, 9.6): it sends
its FIN, then waits (up to 2 s) for the client to close its side before it takes the next connection. That
wait matters when unread request data sits in the kernel's buffer: closing then makes the kernel answer with a
reset, which can cut the end of the answer off. It costs the worker the client's round trip on every request,
though, and at a round start, with 800 rooms loading at once, four workers spent much of the burst waiting for
clients to close rather than serving the next room (docs/performance.md, "The lingering close").

This worker lingers only when it has a reason to, as nginx's ``lingering_close on`` does: when data from the
client is waiting unread once the answer is sent. Otherwise the client has sent its whole request and nothing
after it (every request here is answered with ``Connection: close``), the socket is closed at once, and the FIN
already sent ends the connection cleanly.
"""

import socket

from gunicorn.workers.sync import SyncWorker


class _PromptCloseSocket:
    """The client's socket as gunicorn sees it, except that after the write side is shut down a read returns
    "closed" at once when nothing was waiting unread (so ``close_graceful`` closes without lingering)."""

    def __init__(self, sock):
        self._sock = sock
        self._nothing_pending = False

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def shutdown(self, how):
        self._sock.shutdown(how)
        if how == socket.SHUT_WR:
            self._nothing_pending = not _data_waiting(self._sock)

    def recv(self, *args, **kwargs):
        if self._nothing_pending:
            return b""
        return self._sock.recv(*args, **kwargs)


def _data_waiting(sock):
    try:
        return bool(sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT))
    except (BlockingIOError, InterruptedError):
        return False  # nothing in the buffer: the client sent its request and nothing after it
    except OSError:
        return False  # reset or gone: nothing to drain either


class PromptCloseSyncWorker(SyncWorker):
    def handle(self, listener, client, addr):
        super().handle(listener, _PromptCloseSocket(client), addr)
