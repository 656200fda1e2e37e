"""An application's discussion thread: its reviewers (once they saved their own review) and the course team.

Who may read and post is the rule ``participants.discuss_application`` (participants/rules.py); this module
only stores and lists. A reviewer who has not reviewed yet sees nothing of it, so nobody is swayed before
they scored. In blind review the thread shows reviewers and the team by their own names, never applicants'.
"""

from django.utils.translation import gettext

from participants.domain.review import ReviewRefused
from participants.models import DiscussionMessage

MAX_LENGTH = 5000


def discussion_of(application):
    return (
        DiscussionMessage.objects.filter(application=application).select_related("author").order_by("created_at", "pk")
    )


def post_to_discussion(application, author, body):
    body = (body or "").strip()
    if not body:
        raise ReviewRefused(gettext("Write something to add to the discussion."))
    if "\x00" in body:
        raise ReviewRefused(gettext("The message contains a null character; remove it and post again."))
    return DiscussionMessage.objects.create(application=application, author=author, body=body[:MAX_LENGTH])
