"""Content-Security-Policy violations fail the browser tests, on every page a test displays.

Essaim sends a strict policy (config.csp): a page that still has an inline script, an inline handler or style,
or loads from an origin it does not declare is broken for real visitors, even when the test's assertions pass.
One ``CSPGuard`` per browser context, created by the context's ``a11y.AccessibilityGuard`` (so every context
audited for accessibility is checked too), catches violations two ways:

- an init script listens for ``securitypolicyviolation`` events in every document of the live server (frames
  included) from its very start, and reports each through a Playwright binding;
- the console: Chromium logs every refusal (``Refused to … because it violates the following Content Security
  Policy directive``), report-only ones included, even those no event reaches.

Violations are kept with their URL and raised by ``visit``, ``assert_accessible`` or when the test ends (the
hook in conftest calls ``finish``).

The harness's own scripts do not count and are not blocked: Playwright runs init scripts (axe-core, these
listeners) and ``page.evaluate`` through the DevTools protocol, outside the page's policy, so the site's own
code stays under the enforced policy while it is audited. (``page.add_script_tag`` would be subject to it:
the harness never uses it.)
"""

from __future__ import annotations

import json

from playwright.sync_api import BrowserContext, ConsoleMessage, Page

from tests.browser.guards import ContextGuard

_PAGE_SCRIPT = """(() => {
  if (location.origin !== %(origin)s) return;
  const report = window.__essaimCspViolation;
  document.addEventListener("securitypolicyviolation", event => {
    report(location.href, {
      directive: event.effectiveDirective, blocked: event.blockedURI, disposition: event.disposition,
      source: event.sourceFile, line: event.lineNumber, sample: event.sample,
    });
  });
})();"""
CONSOLE_MARKER = "Content Security Policy"


class CSPViolation(AssertionError):
    pass


class CSPGuard(ContextGuard):
    """Collects the Content-Security-Policy violations of every live-server document in ``context``."""

    failure = CSPViolation
    title = "Content-Security-Policy violations"

    def __init__(self, context: BrowserContext, base_url: str):
        super().__init__(context, base_url)
        context.expose_binding("__essaimCspViolation", self._on_violation)
        context.add_init_script(_PAGE_SCRIPT % {"origin": json.dumps(self.origin)})
        context.on("console", self._on_console)

    def _on_violation(self, source, url: str, violation: dict) -> None:
        where = f" at {violation['source']}:{violation['line']}" if violation.get("source") else ""
        sample = f" ({violation['sample']!r})" if violation.get("sample") else ""
        self.problems.append(
            f"- on {url}: {violation['disposition']} {violation['directive']} refused "
            f"{violation['blocked'] or '(inline)'}{where}{sample}"
        )

    def _on_console(self, message: ConsoleMessage) -> None:
        if CONSOLE_MARKER not in message.text:
            return
        page = message.page
        url = page.url if page is not None else "(no page)"
        if url.startswith(self.origin):
            self.problems.append(f"- on {url}: console: {message.text}")

    def finish(self) -> None:
        """At the end of a test: let each page's pending reports arrive, then fail on anything found."""
        for page in self.context.pages:
            if not page.is_closed():
                page.evaluate("() => null")  # a round trip: the reports sent before it have been delivered
        self.raise_problems()


def check(page: Page) -> None:
    """Fail on the violations found so far in ``page``'s browser context."""
    CSPGuard.of(page).raise_problems()
