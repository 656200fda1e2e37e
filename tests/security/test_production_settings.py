"""Production settings, imported in a subprocess with a clean, safe environment: secure cookies, HSTS, SSL
redirect, nosniff; refusals of DEBUG, the development key and missing hosts; `check --deploy` clean."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from config.site_url import site_url_problem

SAFE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "accord.example",
    "SITE_URL": "https://accord.example",
}
READ_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "ALLOWED_HOSTS", "CONTENT_SECURITY_POLICY", "MIDDLEWARE",
    "ACCOUNT_RATE_LIMITS",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def _run(args, **env):
    """A subprocess with only PATH, HOME and what is given: nothing of the test run's environment leaks in."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    clean.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


def _production(**overrides):
    return _run(["-c", READ_SETTINGS], **{**SAFE_ENV, **overrides})


@pytest.fixture(scope="module")
def production():
    result = _production()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True


def test_production_sends_hsts_and_redirects_to_https(production):
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_refuses_sniffing_and_framing(production):
    assert production["DEBUG"] is False
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["ALLOWED_HOSTS"] == ["accord.example"]


def test_production_keeps_csp_and_login_throttling(production):
    assert "csp.middleware.CSPMiddleware" in production["MIDDLEWARE"]
    assert production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert production["ACCOUNT_RATE_LIMITS"]["login_failed"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-accord-local-development-only"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SITE_URL": None}, "SITE_URL"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "loopback"),
        ({"SITE_URL": "http://localhost:8000"}, "loopback"),
        ({"SITE_URL": "http://[::1]:8000"}, "loopback"),
        ({"SITE_URL": "accord.example"}, "SITE_URL"),
    ],
    ids=[
        "debug",
        "no-key",
        "development-key",
        "short-key",
        "no-hosts",
        "empty-hosts",
        "no-site-url",
        "loopback-site-url",
        "localhost-site-url",
        "ipv6-loopback-site-url",
        "relative-site-url",
    ],
)
def test_production_refuses_unsafe_values(override, message):
    result = _production(**override)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **SAFE_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_a_loopback_site_url():
    """The system check behind the refusal, run with the development settings: the default SITE_URL fails it."""
    result = _run(
        ["manage.py", "check", "--deploy", "--tag", "security"],
        DJANGO_SETTINGS_MODULE="config.settings",
        SITE_URL="http://127.0.0.1:8000",
    )

    assert result.returncode != 0
    assert "accord.E001" in result.stderr + result.stdout


def test_site_url_problem_accepts_a_public_address():
    assert site_url_problem("https://accord.example.org") == ""
    assert "loopback" in site_url_problem("http://127.0.0.2:8000/")
