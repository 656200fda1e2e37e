"""Our limits for logistics, counted like course.ratelimit's (docs/security.md, Throttles)."""

from django.utils.translation import gettext_lazy as _

from course.ratelimit import Limit

# The public verification page, per client address: codes are unguessable; this keeps scanners slow.
VERIFICATIONS = Limit(
    "verifications",
    count=30,
    seconds=60,
    message=_("Too many verification requests from your network in the last minute. Please wait and try again."),
)
# Check-ins with a room code, per user.
CHECK_INS = Limit(
    "check_ins",
    count=10,
    seconds=60,
    message=_("Too many check-in attempts. Wait a minute, then type the code shown in the room again."),
)
