"""Project-wide middleware.

``BareEmptyAnswerMiddleware`` (first in MIDDLEWARE, so it sees the response last): an answer marked
``bare_empty`` (the room's "nothing changed" 204, simulations.room.polling.nothing_changed_response) leaves
with no header but the ones HTTP needs. A Content-Security-Policy, X-Frame-Options, Referrer-Policy,
Cross-Origin-Opener-Policy, X-Content-Type-Options or Content-Type does nothing on an answer with no body, and
a 204 must not carry Content-Length (RFC 9110, 8.6). Its status line drops the reason phrase ("HTTP/1.1 204 "),
which RFC 9112 (4) makes optional and tells clients to ignore. An idle seat receives this answer every second, so every
byte counts (docs/performance.md, "Bytes of an idle seat").
"""

USELESS_ON_EMPTY = (
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "Content-Type",
    "Content-Length",
    "Strict-Transport-Security",  # the room page itself carries it
    "Content-Language",  # no body, no language (LocaleMiddleware adds it to every answer)
    "Vary",  # nothing to cache: the answer is private and empty
)


class BareEmptyAnswerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "bare_empty", False) and response.status_code == 204:
            for name in USELESS_ON_EMPTY:
                if name in response.headers:
                    del response.headers[name]
            response.reason_phrase = ""  # gunicorn then writes "HTTP/1.1 204 \r\n" (uvicorn writes its own)
        return response
