"""CSP in a real browser: key pages in Chromium report no Content-Security-Policy violation on the console.

A separate module: it needs a transactional database, which cannot share the module world of test_csp.py."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.models import Statement
from tests.security.world import build_world


def _login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _violations(page, url):
    seen = []
    page.on("console", lambda message: seen.append(message.text))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [text for text in seen if "Content Security Policy" in text or "Content-Security-Policy" in text]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_key_pages_raise_no_csp_violation_in_chromium(live_server, browser):
    world = build_world()
    pages = [
        (None, reverse("course:home")),
        (None, reverse("course:programme", args=[world.course.slug])),
        ("applicant", reverse("participants:application", args=[world.application.pk])),
        ("facilitator", reverse("participants:selection_board", args=[world.course.slug])),
        ("facilitator", reverse("course:programme_editor", args=[world.course.slug])),
        ("facilitator", reverse("simulations:run_detail", args=[world.run.pk])),
        ("facilitator", reverse("simulations:console", args=[world.course.pk])),
        ("delegate_a", reverse("simulations:room", args=[world.run.pk])),
        ("delegate_a", reverse("simulations:debrief", args=[world.finished_run.pk])),
    ]
    problems = []
    for kind, path in pages:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        if kind:
            _login(page, live_server, world.users[kind])
        problems += [f"{path} as {kind}: {v}" for v in _violations(page, live_server.url + path)]
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_reports_an_inline_style_as_a_violation(live_server, page):
    """The check above can fail: markup with a style attribute, inserted into a page, is reported."""
    _violations(page, live_server.url + reverse("course:home"))
    seen = []
    page.on("console", lambda message: seen.append(message.text))

    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)

    assert any("Content Security Policy" in text for text in seen), seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_htmx_post_in_chromium_carries_the_csrf_token(live_server, page):
    """The room's statement form posts with htmx (hx-headers on <body>); CSRF is enforced for real browsers."""

    world = build_world()
    _login(page, live_server, world.users["delegate_a"])
    answers = []
    page.on("response", lambda r: answers.append((r.request.method, r.status)) if "/negotiate/" in r.url else None)
    page.goto(live_server.url + reverse("simulations:room", args=[world.run.pk]))

    page.fill("#statement-text", "We come in good faith.")
    page.click("#statement-form-r1-v0 button[type=submit]")
    page.wait_for_selector(".statements .message-list")

    assert answers == [("POST", 200)]
    assert Statement.objects.get(run=world.run).text == "We come in good faith."
