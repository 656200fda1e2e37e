"""The one base of absolute links (settings.SITE_URL): what makes a value unfit for production.

Used by config.production (refuses to start) and by the deploy system check in course/checks.py."""

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "testserver", ""}


def is_loopback_host(host):
    host = (host or "").strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def site_url_problem(value):
    """A sentence saying why ``value`` cannot be the production SITE_URL, or "" when it can."""
    if not value:
        return (
            "Set SITE_URL to the public address of this site (e.g. https://accord.example.org): links in mails use it."
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"SITE_URL must be an absolute http(s) address, not {value!r}."
    if is_loopback_host(parts.hostname):
        return (
            f"SITE_URL is {value!r}, a loopback address: links in mails would point at the reader's own computer. "
            "Set it to the public address of this site."
        )
    return ""
