"""Shared by the accessibility tests: a signed-in browser context for a kind of user of the security world."""

import json

from django.test import Client

from tests.conftest import ARTIFACTS


def sign_in(context, base_url, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def write_artifact(name, data):
    """The raw findings, for docs/accessibility.md's counts and for reading a failure at leisure."""

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
