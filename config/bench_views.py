"""Views that exist only when settings.BENCHMARK_ENDPOINTS is true (bench/load.py); never in deployments."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def bare_ok(request):
    """The cheapest Django answer through the full middleware stack (the lazy session and user stay unloaded)."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def bare_login_ok(request):
    """The cheapest answer for a logged-in user: the same middleware, plus loading the session and the user,
    which every authenticated view (the poll endpoint included) must do."""
    return HttpResponse(b"ok", content_type="text/plain")
