"""Rate limits in fixed time windows, counted in the cache (Redis in production, so shared by every web process).

Views check a limit before acting: when it is exceeded they refuse with ``limit.message`` and change nothing.
Login throttling is allauth's (settings.ACCOUNT_RATE_LIMITS); these limits cover our own actions that send
mail or write messages others read. Numbers can be changed per deployment with
``RATE_LIMITS = {"invitations": (count, seconds), ...}`` and are documented in docs/security.md.
The test settings switch them off (RATE_LIMITS_ENABLED = False) so that unrelated tests, whose user ids repeat
after each rollback, never share a count; tests/security turns them on.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, init=False)
class Limit:
    name: str
    count: int  # at most this many actions...
    seconds: int  # ...in each window of this many seconds
    text: str  # the refusal, marked for translation (lazily); read it as .message

    def __init__(self, name, count, seconds, message):
        for attribute, value in (("name", name), ("count", count), ("seconds", seconds), ("text", message)):
            object.__setattr__(self, attribute, value)

    @property
    def message(self):
        """The refusal in the active language, the reader's (a plain str, safe to compare and serialise)."""
        return str(self.text)

    def numbers(self):
        return getattr(settings, "RATE_LIMITS", {}).get(self.name, (self.count, self.seconds))


# Invitation emails (invite and resend together), per user: each sends an email to an address the user typed.
INVITATIONS = Limit(
    "invitations",
    count=5,
    seconds=3600,
    message=_("You have sent too many invitations in the last hour. Please try again later."),
)
# Statements, caucus and floor messages in a simulation, per user.
MESSAGES = Limit(
    "messages",
    count=20,
    seconds=60,
    message=_("You are sending messages faster than the table can read them. Wait a minute and send it again."),
)
# Facilitators' announcements and private messages, per user.
ANNOUNCEMENTS = Limit(
    "announcements",
    count=20,
    seconds=60,
    message=_("Too many announcements in the last minute. Wait a moment and send it again."),
)


def allow(limit, *scope, now=None):
    """Count one action of ``scope`` (e.g. a user id) and say whether it is still within the limit."""
    if not getattr(settings, "RATE_LIMITS_ENABLED", True):
        return True
    count_allowed, seconds = limit.numbers()
    now = time.time() if now is None else now
    window = int(now // seconds)
    key = "ratelimit:{}:{}:{}".format(limit.name, ":".join(str(part) for part in scope), window)
    # add() does nothing when the key exists, so concurrent first hits do not reset each other's count.
    cache.add(key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=seconds + 5)
        count = 1
    return count <= count_allowed
