"""Browser tests: the system Chromium, driven by Playwright (sync API), against a real ASGI server.

The harness
-----------
- ``live_server_url``: a daphne process serving ``config.asgi:application`` (HTTP and WebSockets) on a free
  port, with ``config.settings.dev`` and ``DEBUG=false``, on a **fresh database** made for it (a temporary
  SQLite file; on the services lane, a ``<name>_browser_<pid>`` PostgreSQL database, dropped at the end),
  migrated and loaded with ``load_demo`` (demo accounts' password: ``tests.browser.server.DEMO_PASSWORD``),
  static files collected and served by WhiteNoise. ``REDIS_URL``, ``SEARCH_BACKEND`` and ``ELASTICSEARCH_URL`` pass through, so the
  services lane exercises them. See ``tests/browser/server.py``.
- ``mailbox``: the emails the server sent (file email backend): ``mailbox.latest(to=…)`` or, around an
  action, ``n = len(mailbox.messages())`` … ``mailbox.wait_for(to=…, after=n)``; each ``Mail`` has
  ``subject``, ``to`` and the decoded text ``body``.
- ``page``: a fresh browser context per test (locale ``fr-FR``, ``base_url`` = the live server, so
  ``page.goto("/comptes/login/")`` works), closed after the test. A failing test leaves a screenshot and
  the page's HTML in ``test-results/`` and the tail of the server log in the report.

Accessibility, automatically
----------------------------
Every document of the live server that a ``page`` displays is audited with axe-core, and a serious or
critical violation fails the test, naming the page, the rule and the elements (see ``a11y.py``): documents
are audited before the page navigates away from them (links, form submissions, ``goto``) and at the end of
the test, so form-error pages and pages reached by clicking are covered without any call. In tests:

- ``visit(page, "/path/")`` opens a page, asserts HTTP 200 (``status=`` to change) and audits it at once;
- ``assert_accessible(page)`` audits the page as it is now, e.g. after script changed it (an opened menu,
  an htmx swap, a live message), and raises what earlier audits found;
- the Wagtail admin (``/admin/``) is third-party and not audited;
- ``a11y.audited_urls(page)`` lists what was audited, should a test want to prove a page was covered;
- a test that serves its own documents with ``page.route(…).fulfill`` bypasses the hold on navigations
  (page routes run before the guard's context route): leave such pages through a real server URL, or call
  ``visit``/``assert_accessible`` before leaving them (``test_harness.py`` shows both).

Content-Security-Policy, automatically
--------------------------------------
The live server sends Essaim's enforced policy (config.csp), and every violation in a live-server document
(a ``securitypolicyviolation`` event or a refusal logged in the console) fails the test like an axe violation,
raised by ``visit``, ``assert_accessible`` or at the end of the test (see ``csp.py``). Every context with an
``a11y.AccessibilityGuard`` (a second person's browser too) gets a ``csp.CSPGuard`` with it. The harness's own
scripts (axe-core, the listeners, ``page.evaluate``) run through the DevTools protocol, outside the policy.

Rules
-----
- Never access the Django database from the test process: Playwright's sync API runs an event loop in the
  main thread, so Django raises ``SynchronousOnlyOperation``. Act through the browser (the server owns its
  database), read emails from ``mailbox``.
- The Playwright and server fixtures are **package**-scoped, so the event loop stops once the browser tests
  are done and the tests collected after ``tests/browser`` can use the database again.
- Every test here is marked ``browser`` (``pytest -m "not browser"`` skips them). Without ``/usr/bin/chromium``
  they skip with the reason; in CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser import a11y
from tests.browser.people import DEFAULT_TIMEOUT_MS, EXPECT_TIMEOUT_MS
from tests.browser.server import LiveServer, LiveServerError, Mailbox, _manage, live_server

CHROMIUM = Path("/usr/bin/chromium")
# Playwright cannot download its own browser here; the flags keep the system Chromium from reaching out
# (its background connections are refused on these machines and slow every start).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
HERE = Path(__file__).resolve().parent
A11Y_KEY = pytest.StashKey[a11y.AccessibilityGuard]()
SERVER_KEY = pytest.StashKey[LiveServer]()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- Server -------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def _live_server(request) -> Iterator[LiveServer]:
    try:
        with live_server() as server:
            request.session.stash[SERVER_KEY] = server
            yield server
    except LiveServerError as exc:
        pytest.fail(f"the live server could not start: {exc}", pytrace=False)


@pytest.fixture(scope="package")
def live_server_url(_live_server: LiveServer) -> str:
    """The base URL (``http://127.0.0.1:<port>``) of the daphne process serving a fresh Essaim."""
    return _live_server.url


@pytest.fixture(scope="package")
def mailbox(_live_server: LiveServer) -> Mailbox:
    return _live_server.mailbox


@pytest.fixture(scope="package")
def server_command(_live_server: LiveServer):
    """Run a management command against the live server's own database (set-up a browser cannot do, such as
    letting time pass); its output goes to the server's work directory."""

    def run(*args: str) -> None:
        _manage(_live_server.env, _live_server.workdir / "commands.log", *args)

    return run


# --- Browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install the Debian package `chromium`"
        if IN_CI:
            pytest.fail(f"CI needs Chromium: {reason}", pytrace=False)
        pytest.skip(reason)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        expect.set_options(timeout=EXPECT_TIMEOUT_MS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(request, browser: Browser, live_server_url: str) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        request.node.stash[A11Y_KEY] = a11y.AccessibilityGuard(context, live_server_url)
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def visit():
    """``visit(page, path, status=200)``: open a page of the live server, audit it with axe, check its CSP."""
    return a11y.visit


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: audit the page as it is now; fail on serious or critical violations (and
    on Content-Security-Policy violations so far)."""
    return a11y.assert_accessible


# --- Hooks: the last document's audit, evidence of failures ----------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # raises if the test itself failed: then its own failure is the one to read
    guard = item.stash.get(A11Y_KEY, None)
    if guard is not None:
        guard.finish()  # the axe audits, then the CSP violations (a11y.AccessibilityGuard owns a CSPGuard)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.passed:
        for stale in _evidence_paths(item):
            stale.unlink(missing_ok=True)  # evidence of an earlier failure would mislead
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page")
        if isinstance(page, Page) and not page.is_closed():
            _save_evidence(item, page, report)
        server = item.session.stash.get(SERVER_KEY, None)
        if server is not None:
            report.sections.append(("live server log (tail)", server.log_tail()))
    return report


def _evidence_paths(item) -> tuple[Path, Path]:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
    results = Path(item.config.rootpath) / "test-results"
    return results / f"{stem}.png", results / f"{stem}.html"


def _save_evidence(item, page: Page, report) -> None:
    screenshot, html = _evidence_paths(item)
    screenshot.parent.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(screenshot), full_page=True)
        html.write_text(page.content())
    except Exception as exc:  # evidence is a courtesy: never hide the test's own failure behind it
        report.sections.append(("screenshot", f"could not save: {exc}"))
