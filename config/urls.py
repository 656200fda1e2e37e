from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg", permanent=True)),
    path("accounts/", include("allauth.urls")),
    path("apply/", include("participants.urls")),
    path("simulations/", include("simulations.urls")),
    path("", include("course.urls")),
]

if settings.BENCHMARK_ENDPOINTS:  # bench/load.py only: a bare "ok" view to compare the poll endpoint with
    from config.bench_views import bare_login_ok, bare_ok

    urlpatterns[:0] = [
        path("bench/ok/", bare_ok),
        path("bench/ok-login/", bare_login_ok),
    ]
