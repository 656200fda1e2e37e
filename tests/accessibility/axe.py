"""axe-core in Debian's Chromium: injected by Playwright from node_modules, never served by the app.

The script is added to each browser context as an init script (Playwright's addInitScript, which goes through
the DevTools protocol): the page's Content-Security-Policy (script-src 'self') stays exactly as it is served.
``npm ci`` installs axe-core at the version pinned in package-lock.json (the Makefile and .ci/run do it)."""

import os
from pathlib import Path

import pytest

from tests import support

AXE_FILE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 740}
WIDTHS = (DESKTOP, PHONE)

# Every rule axe runs by default, plus WCAG 2.2's minimum target size (24 px), which axe ships switched off.
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}

_RUN = """async (options) => {
  // Let the page's own resize handlers run first (two frames).
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const results = await window.axe.run(document, options);
  return results.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
    summaries: v.nodes.map((n) => (n.failureSummary || "").split("\\n").slice(1, 2).join(" ").trim()),
  }));
}"""

# aria-describedby / aria-labelledby naming an id the page does not have: the help is never read out.
_DANGLING = """() => {
  const found = [];
  for (const attr of ["aria-describedby", "aria-labelledby"]) {
    for (const el of document.querySelectorAll("[" + attr + "]")) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          found.push(attr + '="' + id + '" on ' + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.name ? "[name=" + el.name + "]" : ""));
        }
      }
    }
  }
  return found;
}"""


def axe_source():
    if AXE_FILE.exists():
        return AXE_FILE.read_text(encoding="utf-8")
    reason = f"{AXE_FILE} is missing: run `npm ci` (make test does)"
    if os.environ.get("REQUIRE_BROWSER", "").strip() not in ("", "0", "false", "no"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


def new_audit_context(browser, language="en-gb", viewport=DESKTOP):
    """A browser context with axe-core in every page and the site's language chosen by its cookie (the one
    the footer's switcher sets)."""

    support.require_browser()
    context = browser.new_context(viewport=viewport)
    context.add_init_script(script=axe_source())
    context.set_default_timeout(15_000)
    return context


def choose_language(context, base_url, language):
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def run_axe(page):
    """Serious and critical violations on the page as it is now: [{rule, impact, help, targets, summaries}]."""

    violations = page.evaluate(_RUN, AXE_OPTIONS)
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def dangling_references(page):
    return page.evaluate(_DANGLING)


def describe(violation, where):
    lines = [f"{violation['rule']} ({violation['impact']}) on {where}: {violation['help']}"]
    for target, summary in list(zip(violation["targets"], violation["summaries"], strict=False))[:5]:
        lines.append(f"    {target}  — {summary}")
    if len(violation["targets"]) > 5:
        lines.append(f"    … and {len(violation['targets']) - 5} more elements")
    return "\n".join(lines)
