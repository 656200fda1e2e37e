"""Right to left in Chromium: Arabic pages really mirror (screenshots kept in test-artifacts/ to look at), and
long names and e-mail addresses never make a page wider than a phone, in English or Arabic."""

import pytest
from django.urls import reverse

from tests.accessibility.axe import DESKTOP, PHONE, choose_language, new_audit_context
from tests.accessibility.conftest import sign_in
from tests.conftest import ARTIFACTS
from tests.security.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflege"
LONG_EMAIL = "a.very.long.address.of.a.scientist.at.a.ministry@agriculture-and-rural-development.example.org"

_LAYOUT = """() => {
  const brand = document.querySelector(".nav .brand").getBoundingClientRect();
  const links = document.querySelector(".nav .nav-links").getBoundingClientRect();
  const arrow = document.querySelector(".dir-arrow");
  return {
    dir: document.documentElement.dir, width: innerWidth,
    brandLeft: brand.left, brandRight: brand.right, linksLeft: links.left, linksRight: links.right,
    arrowTransform: arrow ? getComputedStyle(arrow).transform : null,
    skipLinkStart: getComputedStyle(document.querySelector(".skip-link")).right,
  };
}"""


def _page(browser, live_server, world, kind, language, viewport):
    context = new_audit_context(browser, viewport=viewport)
    choose_language(context, live_server.url, language)
    if kind != "anonymous":
        sign_in(context, live_server.url, world.users[kind])
    return context, context.new_page()


@pytest.mark.parametrize(
    "kind, page_name",
    [("anonymous", "course:detail"), ("applicant", "participants:application")],
    ids=["call", "application"],
)
def test_arabic_pages_mirror(browser, live_server, kind, page_name):
    world = build_world()
    path = reverse(page_name, args=[world.course.slug if page_name == "course:detail" else world.application.pk])
    shots = {}
    for language in ("en-gb", "ar"):
        context, page = _page(browser, live_server, world, kind, language, DESKTOP)
        try:
            page.goto(live_server.url + path)
            shots[language] = page.evaluate(_LAYOUT)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"rtl-{page_name.split(':')[1]}-{language}.png"))
        finally:
            context.close()
    english, arabic = shots["en-gb"], shots["ar"]
    assert english["dir"] == "ltr" and arabic["dir"] == "rtl"
    # The main navigation's first item (the brand) sits at the start edge: left in English, right in Arabic.
    assert english["brandLeft"] < english["linksLeft"]
    assert arabic["brandRight"] > arabic["linksRight"]
    assert arabic["width"] - arabic["brandRight"] < 150, arabic
    if page_name == "participants:application":  # "← My applications": the arrow points the way Arabic reads
        assert arabic["arrowTransform"] not in (None, "none"), arabic
        assert english["arrowTransform"] in (None, "none"), english


@pytest.mark.parametrize("language", ["en-gb", "ar"])
def test_long_names_and_emails_fit_a_phone(browser, live_server, language):
    world = build_world()
    members = world.application.members.all()
    members.update(full_name=LONG_NAME)
    world.users["applicant"].__class__.objects.filter(pk=world.users["applicant"].pk).update(email=LONG_EMAIL)
    pages = [
        ("applicant", reverse("participants:application", args=[world.application.pk])),
        ("applicant", reverse("participants:dashboard")),
        ("facilitator", reverse("participants:selection_board", args=[world.course.slug])),
        ("facilitator", reverse("participants:selection_application", args=[world.course.slug, world.application.pk])),
        ("assigned_reviewer", reverse("participants:review_application", args=[world.application.pk])),
    ]
    too_wide = []
    for kind, path in pages:
        context, page = _page(browser, live_server, world, kind, language, PHONE)
        try:
            page.goto(live_server.url + path)
            assert LONG_NAME in page.content(), path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{path} as {kind}: {width} px wide at {PHONE['width']} px")
                page.screenshot(path=str(ARTIFACTS / f"too-wide-{kind}-{language}.png"), full_page=True)
        finally:
            context.close()
    assert not too_wide, "\n".join(too_wide)
