"""Content-Security-Policy: every page any user of the matrix can open (and its htmx partial) carries the header
and nothing the policy would block: no inline script, no on*= handler, no style= attribute, no hx-on, no <style>.
A browser test loads key pages in Chromium and fails on any CSP violation reported on the console."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.csp import csp_problems, header_problems, is_html
from tests.security.helpers import OK
from tests.security.test_permission_matrix import MATRIX, url_of
from tests.security.world import KINDS

HX = {"HTTP_HX_REQUEST": "true"}
PUBLIC_ACCOUNT_PAGES = ("account_login", "account_signup", "account_reset_password")

PAGES = sorted(name for name, entry in MATRIX.items() if OK in entry.get.values())


def _scan(response, where):
    problems = header_problems(response)
    if is_html(response):
        problems += csp_problems(response.content.decode())
    return [f"{where}: {p}" for p in problems]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_has_nothing_the_policy_blocks(world, name):
    entry = MATRIX[name]
    url = url_of(name, entry.kwargs(world))
    problems = []
    for kind in KINDS:
        if entry.get[kind] != OK:
            continue
        client = world.clients[kind]
        problems += _scan(client.get(url), f"{url} as {kind}")
        problems += _scan(client.get(url, **HX), f"{url} (htmx) as {kind}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_ACCOUNT_PAGES)
def test_account_page_has_nothing_the_policy_blocks(world, name):
    response = Client().get(reverse(name))

    assert response.status_code == 200
    assert not _scan(response, name)


def test_scanner_finds_what_the_policy_blocks():
    html = (
        '<div style="color:red" onclick="x()" hx-on:click="y()"><a href="javascript:z()">a</a>'
        "<script>alert(1)</script><script type='application/json'>{}</script><style>p{}</style></div>"
        '<script src="/static/js/app.js"></script>'
    )

    problems = csp_problems(html)

    assert len(problems) == 6, problems
