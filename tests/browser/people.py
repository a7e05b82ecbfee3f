"""Another person in a browser test: a separate context (own cookies) audited like the ``page`` fixture's, and
logging a demo account in. Shared by the browser test modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect

from tests.browser import a11y
from tests.browser.server import DEMO_PASSWORD

# Above the accessibility guard's own limit (a11y.AUDIT_TIMEOUT, 30 s): a click that leaves a page waits for that
# page's audit, which takes several seconds on a loaded 2-core CI machine; the action must not give up first.
DEFAULT_TIMEOUT_MS = 45_000
# How long an ``expect`` waits for what it asserts (Playwright's default is 5 s): a navigation held behind the
# previous page's audit on a loaded machine delays the page it waits for. Only the wait changes, never the check.
EXPECT_TIMEOUT_MS = 20_000


@contextmanager
def other_browser(browser: Browser, base_url: str) -> Iterator[Page]:
    """Another person's browser (logged out until they log in), checked by axe and the CSP guard."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=base_url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        guard = a11y.AccessibilityGuard(context, base_url)
        yield context.new_page()
        guard.finish()
    finally:
        context.close()


def log_in(page: Page, visit, email: str) -> None:
    """Log a demo account in through the login form; it lands on the home page."""
    visit(page, "/en/comptes/login/")
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(
        page.get_by_role("navigation", name="Your account").or_(
            page.get_by_role("navigation", name="Votre compte")
        )
    ).to_be_visible()
