"""What the audit visits: every HTML page of the permission matrix, each under the role that sees it first.

The permission matrix (tests/security/test_permission_matrix.py) already names every URL pattern with who may
GET it, so a page added there is audited here too. A page open to several roles is audited once, by the first
role below that may see it (public pages as anonymous, the pages of every signed-in user as the applicant),
except each role's home page: the navigation differs per role. Downloads, feeds and exports are left out by
their content type, checked when the page list is built."""

from django.test import Client
from django.urls import reverse

from tests.security.helpers import OK
from tests.security.test_permission_matrix import MATRIX, url_of

# Audit role -> the kind of user of the security world who plays it. The referee has no account: the
# emailed link is the credential.
ROLES = {
    "anonymous": "anonymous",
    "referee": "anonymous",
    "applicant": "applicant",
    "reviewer": "assigned_reviewer",
    "participant": "delegate_a",  # seated in a running room, and in a finished run's debrief
    "speaker": "partner",
    "facilitator": "facilitator",
}

# Pages that belong to one role whatever the matrix says (the referee's link opens for anyone).
OWNED = {"participants:referee": "referee"}

# Public pages outside the matrix (allauth's), audited as anonymous.
ACCOUNT_PAGES = ("account_login", "account_signup", "account_reset_password")

# The same pattern in another state the matrix does not visit: a run not started yet, whose plan can be edited.
STATES = {
    "facilitator": [
        ("simulations:run_detail (draft)", lambda w: reverse("simulations:run_detail", args=[w.draft_run.pk]))
    ]
}


def _first_role(name, entry):
    if name in OWNED:
        return OWNED[name]
    for role, kind in ROLES.items():
        if role in OWNED.values():
            continue
        if entry.get[kind] == OK:
            return role
    return None


def page_names(role):
    """The matrix's pattern names this role audits (before checking that each answers an HTML page)."""
    names = [name for name, entry in sorted(MATRIX.items()) if _first_role(name, entry) == role]
    if role not in ("anonymous", "referee"):
        names.insert(0, "course:home")
    return names


def is_html_page(response):
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and b"<html" in response.content[:400]
        and "attachment" not in response.get("Content-Disposition", "")
    )


def pages_for(role, world):
    """[(pattern name, path)] of the HTML pages ``role`` audits in ``world``."""

    client = Client()
    kind = ROLES[role]
    if kind != "anonymous":
        client.force_login(world.users[kind])
    paths = [(name, url_of(name, MATRIX[name].kwargs(world))) for name in page_names(role)]
    if role == "anonymous":
        paths += [(name, reverse(name)) for name in ACCOUNT_PAGES]
    paths += [(name, path_of(world)) for name, path_of in STATES.get(role, [])]
    return [(name, path) for name, path in paths if is_html_page(client.get(path))]
