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


def poll_fast(request, run_id):
    """A prototype, for measurement only, of the cheaper poll proposed in docs/performance.md: the room's poll URL
    carries a signed (run, user) token issued with the page, so "nothing changed" needs neither the session nor
    the user; one primary-key read of the run's stamp; the same presence write to the cache as the real poll."""
    import time

    from django.core import signing
    from django.core.cache import cache
    from django.db import connection

    try:
        token_run, user_id = signing.loads(request.GET.get("t", ""), salt="room-poll", max_age=12 * 3600)
    except signing.BadSignature:
        return HttpResponse(status=403)
    if token_run != run_id:
        return HttpResponse(status=403)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, activity_version, state FROM simulations_run WHERE id = %s", [run_id])
        row = cursor.fetchone()
    cache.set(f"simulations:presence:{run_id}:{user_id}", time.time(), timeout=300)
    if row and request.GET.get("v") == f"{row[0]}.{row[1]}" and row[2] == "running":
        return HttpResponse(status=204)
    return HttpResponse(status=409)  # the real view would render the room for the logged-in user here
