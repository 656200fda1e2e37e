"""A participant's room on first load weighs at most 60 KB compressed, HTML, CSS and JS included.

Measured from Chromium's network log (Playwright's response events and their request sizes), counting each
response as production sends it:
- static files: whitenoise serves the gzip file collectstatic writes next to each one (level 9); the test's
  live server sends them uncompressed, so they count at the size gzip -9 gives their body, plus headers;
- the HTML: sent uncompressed in production too (no GZipMiddleware, nginx gzip off: the room mixes a
  confidential brief with text other delegations typed, the setting BREACH needs; docs/deploy.md), so it counts
  as transferred.
A response that did come compressed counts as it came.
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


def production_size(response, body):
    sizes = response.request.sizes()
    if response.headers.get("content-encoding") or "/static/" not in response.url:
        return sizes["responseHeadersSize"] + sizes["responseBodySize"]
    return sizes["responseHeadersSize"] + len(gzip.compress(body, compresslevel=STATIC_GZIP_LEVEL, mtime=0))


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
        weights[response.url] = (response.request.resource_type, production_size(response, body))
    kinds = {kind for kind, _ in weights.values()}
    total = sum(size for _, size in weights.values())
    report = "\n".join(f"{size:>7} B  {kind:<10} {url}" for url, (kind, size) in weights.items())
    assert {"document", "stylesheet", "script"} <= kinds, f"the log must count HTML, CSS and JS:\n{report}"
    assert total <= BUDGET_BYTES, f"first load {total} B > {BUDGET_BYTES} B compressed:\n{report}"
    print(f"\nroom first load: {total} B as production sends it\n{report}")
