"""A participant's room on first load weighs at most 60 KB compressed, HTML, CSS and JS included.

Measured from Chromium's network log (Playwright's response events and their request sizes). The test's live
server does not compress, production does: whitenoise serves the gzip files collectstatic writes next to each
static file (level 9), and nginx gzips the HTML (docs/nginx.conf, gzip_comp_level 5). So a response that came
uncompressed is counted at the size gzip gives its body at that level, plus its headers as Chromium saw them;
a response that did come compressed is counted as it came.
"""

import gzip
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from simulations.domain.engine import start_run
from simulations.domain.runs import assign_pair
from simulations.domain.scenarios import load_scenario_file
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 60 * 1024
SCENARIO = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios" / "sesame-synchrotron.yaml"
STATIC_GZIP_LEVEL = 9  # whitenoise's CompressedManifestStaticFilesStorage
HTML_GZIP_LEVEL = 5  # docs/nginx.conf


def compressed_size(response, body):
    sizes = response.request.sizes()
    if response.headers.get("content-encoding"):
        return sizes["responseHeadersSize"] + sizes["responseBodySize"]
    level = STATIC_GZIP_LEVEL if "/static/" in response.url else HTML_GZIP_LEVEL
    return sizes["responseHeadersSize"] + len(gzip.compress(body, compresslevel=level, mtime=0))


def test_participant_room_first_load_is_at_most_60_kb_compressed(page, live_server):
    course = CourseFactory()
    run = make_run(scenario=load_scenario_file(SCENARIO), course=course, name="Table A")
    pair, scientist, _ = make_pair(course)
    assign_pair(run, pair, run.scenario.delegations.order_by("position").first())
    start_run(run)
    client = Client()
    client.force_login(scientist.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    responses = []
    page.on("response", lambda response: responses.append(response))

    page.goto(live_server.url + reverse("simulations:room", args=[run.pk]), wait_until="load")
    page.wait_for_timeout(300)  # late subresources (deferred scripts, icons) are in the log too

    first_load = [r for r in responses if "/room/updates/" not in r.url]
    weights = {}
    for response in first_load:
        body = response.body() if response.status < 300 else b""
        weights[response.url] = (response.request.resource_type, compressed_size(response, body))
    kinds = {kind for kind, _ in weights.values()}
    total = sum(size for _, size in weights.values())
    report = "\n".join(f"{size:>7} B  {kind:<10} {url}" for url, (kind, size) in weights.items())
    assert {"document", "stylesheet", "script"} <= kinds, f"the log must count HTML, CSS and JS:\n{report}"
    assert total <= BUDGET_BYTES, f"first load {total} B > {BUDGET_BYTES} B compressed:\n{report}"
    print(f"\nroom first load: {total} B compressed\n{report}")
