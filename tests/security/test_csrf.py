"""CSRF: every state-changing request, htmx ones included, is refused without the token and changes nothing;
htmx sends the token from <body hx-headers>, and a request carrying it passes."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.helpers import fingerprint
from tests.security.test_permission_matrix import MATRIX, url_of
from tests.security.world import KINDS, client_for

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
# allauth's forms that change state (sessions, accounts, mail) are covered by the same middleware.
ALLAUTH_POSTS = ("account_login", "account_logout", "account_signup", "account_reset_password")
PROJECT_DIRS = ("config", "course", "participants", "simulations")


def _allowed_kind(entry):
    """The first kind of user who may POST here: the CSRF check must refuse even them. (Nobody of the world may
    accept the pending invitation, which is for an address no user has: any logged-in user then.)"""
    return next((kind for kind in KINDS if entry.post[kind] is None), "applicant")


STATE_CHANGING = sorted(name for name, entry in MATRIX.items() if entry.post is not None)


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("name", STATE_CHANGING)
def test_post_without_token_is_refused(world, name, htmx):
    entry = MATRIX[name]
    client = client_for(world, _allowed_kind(entry), enforce_csrf_checks=True)
    before = fingerprint()

    response = client.post(url_of(name, entry.kwargs(world)), {"text": "hello"}, **(HX if htmx else {}))

    assert response.status_code == 403, name
    assert fingerprint() == before


@pytest.mark.parametrize("name", ALLAUTH_POSTS)
def test_allauth_post_without_token_is_refused(world, name):
    client = client_for(world, "applicant", enforce_csrf_checks=True)

    response = client.post(reverse(name), {"login": "applicant@sec.example", "password": "x"})

    assert response.status_code == 403


def test_post_with_wrong_token_is_refused(world):
    client = client_for(world, "delegate_a", enforce_csrf_checks=True)
    client.get(reverse("simulations:room", args=[world.run.pk]))
    before = fingerprint()

    response = client.post(
        reverse("simulations:negotiate_floor", args=[world.run.pk]),
        {"text": "hello"},
        HTTP_X_CSRFTOKEN="x" * 64,
        **HX,
    )

    assert response.status_code == 403
    assert fingerprint() == before


def _hx_headers(html):
    match = re.search(r"<body[^>]*\bhx-headers='([^']*)'", html)
    assert match, "base.html no longer sets hx-headers on <body>"
    return json.loads(match.group(1))


def test_htmx_sends_the_token_from_body_and_it_passes(world):
    client = client_for(world, "facilitator", enforce_csrf_checks=True)
    page = client.get(reverse("course:programme_editor", args=[world.course.slug]))
    token = _hx_headers(page.content.decode())["X-CSRFToken"]
    assert len(token) == 64

    response = client.post(
        reverse("course:programme_session_nudge", args=[world.course.slug, world.session.pk]),
        {"action": "later"},
        HTTP_X_CSRFTOKEN=token,
        **HX,
    )

    assert response.status_code == 200
    assert b"Session" in response.content


def test_every_page_for_a_logged_in_user_carries_the_token(world):
    client = client_for(world, "applicant", enforce_csrf_checks=True)

    html = client.get(reverse("participants:application", args=[world.application.pk])).content.decode()

    assert _hx_headers(html)["X-CSRFToken"]


def test_no_view_is_csrf_exempt():
    offenders = []
    for directory in PROJECT_DIRS:
        for path in (Path(settings.BASE_DIR) / directory).rglob("*.py"):
            if "csrf_exempt" in path.read_text(encoding="utf-8"):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
