"""Shared pieces of the security tests: expected results, a fingerprint of the data, the URL of each pattern."""

import hashlib
import re

from django.apps import apps
from django.urls import reverse

LOGIN = "login"  # 302 to allauth's login page
ADMIN_LOGIN = "admin-login"  # 302 to the admin's login page
REDIRECT = "redirect"  # 302/301 anywhere else
NOT_FOUND = 404
NOT_ALLOWED = 405
OK = 200

# The apps whose rows a refused request must leave exactly as they were.
FINGERPRINTED_APPS = ("course", "participants", "simulations", "evaluation", "logistics", "account")
# Rows a GET may legitimately touch: who is in the room right now (the console's "present" list).
UNFINGERPRINTED_MODELS = {"simulations.presence"}


def outcome(response):
    """The response reduced to what the matrix writes: a status code or LOGIN / ADMIN_LOGIN / REDIRECT."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def fingerprint():
    """A digest of every row of our apps (and of users, without last_login): equal digests, nothing changed."""
    digest = hashlib.sha256()
    models = [m for app in FINGERPRINTED_APPS for m in apps.get_app_config(app).get_models()]
    for model in sorted(models, key=lambda m: m._meta.label_lower):
        if model._meta.label_lower in UNFINGERPRINTED_MODELS:
            continue
        digest.update(model._meta.label_lower.encode())
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    user_model = apps.get_model("auth", "User")
    fields = [f.name for f in user_model._meta.concrete_fields if f.name != "last_login"]
    for row in user_model.objects.order_by("pk").values_list(*fields):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def concrete_path(route):
    """A path for a route with its parameters filled with harmless values (for blanket checks)."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "course", path)
    path = re.sub(r"\(\?P<url>[^)]*\)", "no-such-page/", path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", "abc", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", "1", path)
    return "/" + path
