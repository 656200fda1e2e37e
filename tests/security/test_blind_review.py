"""Blind review, proven by crawling: in a course that reviews blind, nothing a reviewer can reach names an
applicant. The crawler starts from every page the permission matrix lets the assigned reviewer open, follows
every same-site link it finds (pages, htmx partials, downloads), saves a review and reads the pages after it,
and fails if any applicant's name, email address, affiliation, position or CV filename appears anywhere in an
answer: body, title, JSON, or a header such as Content-Disposition. pretalx leaked names through its dashboard
(#649) and its scores (#611); the crawler reads both kinds of page here (queue, review form, discussion).
"""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from participants.domain.discussion import post_to_discussion
from participants.domain.review import ensure_default_criteria
from participants.models import ApplicationMember, ReviewConfig
from tests.security.helpers import OK
from tests.security.test_permission_matrix import MATRIX, url_of

pytestmark = pytest.mark.django_db

REVIEWER = "assigned_reviewer"
MAX_PAGES = 300
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/media")
IDENTITIES = {
    "applicant": {
        "full_name": "Ayodele Quartzfield",
        "first_name": "Ayodele",
        "last_name": "Quartzfield",
        "affiliation": "Institute of Hidden Lattices",
        "position": "Senior Lattice Fellow",
        "cv_original_name": "Ayodele_Quartzfield_CV.pdf",
    },
    "partner": {
        "full_name": "Ingrid Vantablack",
        "first_name": "Ingrid",
        "last_name": "Vantablack",
        "affiliation": "Ministry of Nemo Affairs",
        "position": "Nemo Adviser",
        "cv_original_name": "",
    },
}


def _identify(world):
    """Give both members unmistakable identities; return every string that must never reach the reviewer."""
    forbidden = set()
    for kind, identity in IDENTITIES.items():
        user = world.users[kind]
        user.first_name, user.last_name = identity["first_name"], identity["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        ApplicationMember.objects.filter(application=world.application, user=user).update(
            full_name=identity["full_name"],
            affiliation=identity["affiliation"],
            position=identity["position"],
            cv_original_name=identity["cv_original_name"],
        )
        forbidden |= {v for v in identity.values() if v} | {user.email}
        forbidden |= {identity["first_name"], identity["last_name"]}
    return forbidden


def _blind(world, shows_cvs):
    ReviewConfig.objects.filter(course=world.course).update(blind_review=True, blind_review_shows_cvs=shows_cvs)


def _leaks(response, forbidden):
    text = b"".join(response.streaming_content) if response.streaming else response.content
    found = []
    haystacks = [text.decode("utf-8", "replace")] + [f"{k}: {v}" for k, v in response.headers.items()]
    for needle in forbidden:
        for haystack in haystacks:
            if needle.lower() in haystack.lower():
                found.append(needle)
                break
    return found, text


LINK = re.compile(r"""(?:href|hx-get|src)=["']([^"'#]+)""")


def _links(base, text):
    out = []
    for href in LINK.findall(text.decode("utf-8", "replace")):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP_PREFIXES):
            out.append(path)
    return out


def crawl(client, starts, forbidden):
    """Every page reachable from ``starts``: {url: leaked strings} for the pages that leak, and the count."""
    seen, queue, leaks, pages = set(), deque(starts), {}, 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            pages += 1
            found, text = _leaks(response, forbidden)
            if found:
                leaks[url + (" (htmx)" if headers else "")] = found
            if response.status_code == 200 and not headers:
                queue.extend(_links(url, text))
    return leaks, seen


# Secret links addressed to someone else (the matrix opens them for everyone who holds the secret): a reviewer
# never holds another person's, so they are not pages a reviewer can reach.
OTHERS_SECRET_LINKS = {
    "course:speaker_sign_in",
    "course:personal_feed",
    "participants:invitation",
    "evaluation:speaker_feedback",
}


def _reviewer_starts(world):
    starts = ["/", reverse("participants:review_queue"), reverse("participants:dashboard")]
    for name, entry in MATRIX.items():
        if entry.get[REVIEWER] == OK and name not in OTHERS_SECRET_LINKS:
            starts.append(url_of(name, entry.kwargs(world)))
    starts.append(
        reverse(
            "participants:download_cv", args=[world.application.pk, world.member("applicant").pk]
        )  # reached from the review form when CVs are shown; asked directly in any case
    )
    return starts


def _save_review(world):
    client = world.clients[REVIEWER]
    criteria = ensure_default_criteria(world.course)
    data = {f"criterion_{c.pk}": "4" for c in criteria} | {"comment": "Strong pair.", "confidence": "2"}
    url = reverse("participants:review_application", args=[world.application.pk])
    return client.post(url, data, follow=True)


@pytest.mark.parametrize("shows_cvs", [False, True], ids=["cvs-hidden", "cvs-shown"])
def test_nothing_a_blind_reviewer_can_reach_names_an_applicant(world, shows_cvs):
    forbidden = _identify(world)
    _blind(world, shows_cvs)
    saved = _save_review(world)  # the page after saving, with its message, is crawled too
    post_to_discussion(world.application, world.users["facilitator"], "Let us discuss the scores.")
    client = world.clients[REVIEWER]

    assert saved.status_code == 200
    assert _leaks(saved, forbidden)[0] == []
    leaks, seen = crawl(client, _reviewer_starts(world), forbidden)

    assert not leaks, f"pages naming an applicant to a blind reviewer: {leaks}"
    assert reverse("participants:review_application", args=[world.application.pk]) in seen
    assert len(seen) > 10  # the crawl really went somewhere


def test_the_crawler_finds_names_when_review_is_not_blind(world):
    """The same crawl without blind review finds the names: the test above can fail."""
    forbidden = _identify(world)

    leaks, _ = crawl(world.clients[REVIEWER], _reviewer_starts(world), forbidden)

    assert any("Ayodele Quartzfield" in found for found in leaks.values())
    assert not any("Ayodele_Quartzfield_CV.pdf" in found for found in leaks.values())  # CV names stay neutral


def test_blind_review_without_cvs_hides_the_cv_from_reviewers(world):
    _identify(world)
    _blind(world, shows_cvs=False)
    cv = reverse("participants:download_cv", args=[world.application.pk, world.member("applicant").pk])

    assert world.clients[REVIEWER].get(cv).status_code == 404
    assert world.clients["facilitator"].get(cv).status_code == 200
    page = world.clients[REVIEWER].get(reverse("participants:review_application", args=[world.application.pk]))
    assert cv not in page.content.decode()


def test_blind_review_with_cvs_serves_them_under_a_neutral_name(world):
    _identify(world)
    _blind(world, shows_cvs=True)
    cv = reverse("participants:download_cv", args=[world.application.pk, world.member("applicant").pk])
    page = world.clients[REVIEWER].get(reverse("participants:review_application", args=[world.application.pk]))

    response = world.clients[REVIEWER].get(cv)

    assert cv in page.content.decode()
    assert response.status_code == 200
    assert f"application-{world.application.pk}-scientist-cv.pdf" in response["Content-Disposition"]
