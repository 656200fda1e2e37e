"""The one permission path of every view: a rule registered by name in an app's ``rules.py``, asked here.

Each app declares its predicates and registers them with ``rules.add_perm`` in its ``rules.py`` (imported by
``rules.apps.AutodiscoverRulesConfig`` when the apps load). Views ask by name through ``has_perm`` or
``require_perm`` (404 when refused: a page or an object someone may not see gives no hint that it exists), and
facilitator pages through the one gate, ``require_facilitator`` / ``@facilitator_required``.

The rule set is asked directly (``rules.has_perm``), not through ``user.has_perm``: Django's superuser shortcut
would let a superuser into rooms and applications that are not theirs, and the model backend would cost a query
for every refusal.
"""

import functools

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

FACILITATE = "course.facilitate"  # the facilitator gate: registered in course/rules.py
REVIEW = "course.review"  # a reviewer (of some course): the review queue


def has_perm(user, perm, obj=None):
    """Whether ``user`` has the registered permission ``perm`` (on ``obj``). An unknown name is a bug, not a no."""
    if not rules.perm_exists(perm):
        raise ImproperlyConfigured(f"No permission named {perm!r} is registered in any rules.py.")
    return rules.has_perm(perm, user, obj)


def require_perm(user, perm, obj=None):
    """Return quietly when ``user`` has ``perm`` (on ``obj``); else 404."""
    if not has_perm(user, perm, obj):
        raise Http404


def is_facilitator(user):
    return has_perm(user, FACILITATE)


def is_reviewer(user):
    return has_perm(user, REVIEW)


def require_facilitator(user):
    """The one facilitator gate: 404 for everyone else. Pages that must not hint at a login call it directly."""
    require_perm(user, FACILITATE)


def facilitator_required(view):
    """A facilitator's view: the login page for an anonymous visitor, 404 for any other user."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        require_facilitator(request.user)
        return view(request, *args, **kwargs)

    return wrapped
