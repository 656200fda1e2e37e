"""axe-core audits every HTML page of every role, at desktop (1366 px) and phone (375 px) width, in English and in
Arabic (right to left): no serious or critical violation. The same walk finds aria-describedby and
aria-labelledby that point at an element the page does not have (axe only asks for one of the ids to exist).

One browser for the session, one context per role and language, the world of tests/security built once per test."""

import warnings

import pytest

from tests.accessibility.axe import (
    WIDTHS,
    choose_language,
    dangling_references,
    describe,
    new_audit_context,
    run_axe,
)
from tests.accessibility.conftest import sign_in, write_artifact
from tests.accessibility.pages import ROLES, pages_for
from tests.security.world import build_world

LANGUAGES = ("en-gb", "ar")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(ROLES))
def test_no_serious_violation(live_server, browser, role, language):
    world = build_world()
    pages = pages_for(role, world)
    assert pages, f"no page to audit for {role}"
    context = new_audit_context(browser)
    choose_language(context, live_server.url, language)
    if ROLES[role] != "anonymous":
        sign_in(context, live_server.url, world.users[ROLES[role]])
    page = context.new_page()
    problems, findings = [], []
    try:
        for name, path in pages:
            page.set_viewport_size(WIDTHS[0])
            page.goto(live_server.url + path, wait_until="load")
            shown = (page.locator("html").get_attribute("lang") or "").split("-")[0]
            if shown != language.split("-")[0]:  # the translation tests own this; noted, not failed here
                warnings.warn(f"{path} ({name}) as {role} asked for {language}, has lang={shown!r}", stacklevel=1)
            for width in WIDTHS:
                page.set_viewport_size(width)
                where = f"{path} ({name}) as {role}, {language}, {width['width']} px"
                for violation in run_axe(page):
                    findings.append({"page": name, "path": path, "width": width["width"], **violation})
                    problems.append(describe(violation, where))
            for reference in dangling_references(page):
                findings.append({"page": name, "path": path, "rule": "dangling-aria-reference", "targets": [reference]})
                problems.append(f"dangling reference on {path} ({name}) as {role}, {language}: {reference}")
    finally:
        context.close()
    write_artifact(f"axe-{role}-{language}.json", {"pages": [p for _, p in pages], "findings": findings})
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)
