from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from course import urls as course_urls
from course.views import set_language
from overview import urls as overview_urls
from programme import urls as programme_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg", permanent=True)),
    path("accounts/", include("allauth.urls")),
    path("language/", set_language, name="set_language"),
    path("apply/", include("participants.urls")),
    path("simulations/", include("simulations.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("", include("logistics.urls")),  # fixed prefixes logistics/ and verify/, before course slugs
    # The programme's and the overview's pages keep their names in the "course" namespace (course:programme, course:agenda…):
    # the programme is its own app now, but its URLs and names are those of the release it moved out of.
    path(
        "",
        include(
            (course_urls.urlpatterns + programme_urls.urlpatterns + overview_urls.urlpatterns, course_urls.app_name)
        ),
    ),
]

if settings.BENCHMARK_ENDPOINTS:  # bench/load.py only: a bare "ok" view to compare the poll endpoint with
    from config.bench_views import bare_login_ok, bare_ok

    urlpatterns[:0] = [
        path("bench/ok/", bare_ok),
        path("bench/ok-login/", bare_login_ok),
    ]
