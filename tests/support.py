"""Reaching the real services tests depend on, and deciding to skip or fail when one is missing."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest


def _required(flag):
    return os.environ.get(flag, "").strip() not in ("", "0", "false", "no")


def redis_url():
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers(url=None):
    parsed = urlparse(url or redis_url())
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def require_redis():
    if redis_answers():
        return
    reason = f"no Redis answers at {redis_url()}"
    if _required("REQUIRE_REDIS"):
        pytest.fail(f"REQUIRE_REDIS is set but {reason}")
    pytest.skip(reason)


def nginx_path():
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def require_nginx():
    """The production layout's front server (docs/nginx.conf) for the tests that run it."""
    if nginx_path():
        return
    reason = "no nginx (Debian: apt-get install nginx-light or nginx)"
    if _required("REQUIRE_NGINX"):
        pytest.fail(f"REQUIRE_NGINX is set but {reason}")
    pytest.skip(reason)


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_browser():
    reason = None
    if not chromium_path():
        reason = "no chromium on PATH (Debian: apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401, PLC0415 (optional: the suite says why it skips without it)
        except ImportError:
            reason = "the playwright package is not installed"
    if reason is None:
        return
    if _required("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)
