import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import sync_playwright

from simulations.room.snapshot import forget_table_snapshots
from simulations.room.state import forget_local_state
from tests import support
from tests.workers import CeleryProcesses, point_app_at_queue, restore_app

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_sessionstart(session):
    """Compile the translation catalogues (build output, not committed) when pytest runs without make."""

    subprocess.run([sys.executable, str(ARTIFACTS.parent / "scripts" / "messages.py"), "compile"], check=True)


@pytest.fixture(autouse=True)
def _fresh_room_caches():
    """Rooms are built from per-(run, stamp) snapshots kept in the cache and in a process memo, presence is
    batched per process, and rate limits count in the cache. Run ids and stamps repeat across tests (each
    test's rows are rolled back), so every test starts and ends with none of them."""

    cache.clear()
    forget_table_snapshots()
    forget_local_state()  # and the batched presence of an earlier test
    yield
    cache.clear()
    forget_table_snapshots()
    forget_local_state()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the site's default language: a request or an override that left another
    language active in this thread (LocaleMiddleware activates per request) never leaks into the next test."""

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
    translation.deactivate()


@pytest.fixture
def redis_server():
    support.require_redis()
    return support.redis_url()


@pytest.fixture
def celery_processes(redis_server, transactional_db):
    """Real worker/beat processes on a private Redis queue, sharing the test database.

    Usage: ``celery_processes.start_worker(); celery_processes.wait_until_ready()``.
    """

    procs = CeleryProcesses()
    previous = point_app_at_queue(procs.queue)
    try:
        yield procs
    finally:
        procs.stop_all()
        restore_app(previous)
        _purge_queue(procs.queue)


def _purge_queue(queue):
    try:
        client = redis.Redis.from_url(support.redis_url())
        client.delete(queue)
        client.close()
    except Exception:  # noqa: BLE001 - best-effort cleanup
        pass


# --- Browser ---------------------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    support.require_browser()
    # Playwright's sync API runs an event loop in this thread; Django must still allow ORM use here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=support.chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    _screenshot_on_failure(request, pg)
    context.close()


@pytest.fixture
def phone_page(browser, request):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    _screenshot_on_failure(request, pg)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _screenshot_on_failure(request, pg):
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a failed screenshot must not hide the real failure
            pass
