"""axe-core on every page the browser tests display, failing on serious and critical violations.

How it works (one ``AccessibilityGuard`` per browser context, installed by the ``page`` fixture):

- An init script injects axe-core (the copy shipped by ``axe-playwright-python``) into every top-level
  document of the live server, except the third-party admin (``EXCLUDED_PREFIXES``). Each document announces
  itself to Python at once, waits for its ``load`` event, runs axe and reports its serious and critical
  violations through a Playwright binding. Pages reached by clicking a link or submitting a form, redirects
  and form-error pages are all covered, with no call from the test.
- A document must not escape its audit by being left quickly: a route handler holds every main-frame
  navigation request until the audit of the document being left has reported (the old document keeps
  running while the request waits).
- Violations are kept with the URL they were found on and raised by ``visit``, ``assert_accessible`` or,
  at the latest, when the test ends (a hook in conftest calls ``finish``).

Why not audit from Python before each navigation: while a navigation is pending, Playwright does not
evaluate scripts in the page (``page.evaluate`` and CDP ``Runtime.evaluate`` both hang), so the audit has to
run in the page itself.
"""

from __future__ import annotations

import json
import time

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import BrowserContext, Page, Route

from tests.browser import csp
from tests.browser.guards import ContextGuard

FAILING_IMPACTS = ("critical", "serious")
# A third-party interface we do not own and cannot fix here: the Wagtail admin.
EXCLUDED_PREFIXES = ("/admin/",)
# Seconds a navigation may wait for the audit of the page it leaves. axe-core takes well under a second on a
# quiet machine, but a CI machine running both service lanes can be loaded several times over: the bound only
# says when to give up waiting, never what passes.
AUDIT_TIMEOUT = 30.0
MAX_NODES_SHOWN = 10

_PAGE_SCRIPT = """(() => {
  if (window !== window.top || location.origin !== %(origin)s) return;
  if (%(excluded)s.some(prefix => location.pathname.startsWith(prefix))) return;
  %(axe)s
  const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const report = window.__essaimAuditReport;
  const summarise = results => results.violations
    .filter(violation => %(impacts)s.includes(violation.impact))
    .map(violation => ({
      id: violation.id, impact: violation.impact, help: violation.help, helpUrl: violation.helpUrl,
      nodes: violation.nodes.map(node => ({target: node.target, failureSummary: node.failureSummary})),
    }));
  const audit = () => axe.run(document, {resultTypes: ["violations"]}).then(summarise);
  const loaded = new Promise(resolve => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", () => resolve(), {once: true});
  });
  report("started", id, location.href);
  let pending = loaded.then(audit).then(
    violations => report("done", id, location.href, violations),
    error => report("failed", id, location.href, String(error)),
  );
  Object.defineProperty(window, "__essaimAxe", {value: {
    // Resolves once the automatic audit of this document has reported to Python.
    settled: () => pending,
    // Audits the document as it is now (after the automatic audit: axe runs one audit at a time).
    run: () => { const result = pending.then(audit, audit); pending = result.catch(() => null); return result; },
  }});
})();"""


class AccessibilityViolation(AssertionError):
    pass


class AccessibilityGuard(ContextGuard):
    """Audits every live-server document displayed in ``context`` and collects what fails."""

    failure = AccessibilityViolation
    title = "axe-core found serious or critical violations"

    def __init__(self, context: BrowserContext, base_url: str):
        super().__init__(context, base_url)
        self.audited: list[str] = []  # URLs audited, in order (tests may check the net caught a page)
        # Every context audited for accessibility is also checked for CSP violations (csp.py): tests that open
        # a second person's browser with a guard of their own get both, and `finish` raises both.
        self.csp = csp.CSPGuard(context, base_url)
        self._in_flight: dict[str, tuple[Page, str]] = {}
        # The binding must exist before the init script that calls it.
        context.expose_binding("__essaimAuditReport", self._on_report)
        context.add_init_script(
            _PAGE_SCRIPT
            % {
                "origin": json.dumps(self.origin),
                "excluded": json.dumps(list(EXCLUDED_PREFIXES)),
                "impacts": json.dumps(list(FAILING_IMPACTS)),
                "axe": AXE_SCRIPT,
            }
        )
        context.route("**/*", self._on_route)

    # --- reports from the pages ---

    def _on_report(self, source, event: str, doc_id: str, url: str, payload=None) -> None:
        if event == "started":
            self._in_flight[doc_id] = (source["page"], url)
            return
        self._in_flight.pop(doc_id, None)
        if event == "done":
            self.audited.append(url)
            if payload:
                self.problems.append(format_violations(url, payload))
        else:
            self.problems.append(f"- on {url}: axe-core could not run: {payload}")

    def _pending_for(self, page: Page) -> list[str]:
        return [url for owner, url in self._in_flight.values() if owner == page]

    def _on_route(self, route: Route) -> None:
        try:
            request = route.request
            if request.is_navigation_request() and request.frame.parent_frame is None:
                self._wait_for_audits(request.frame.page)
        finally:
            route.fallback()

    def _wait_for_audits(self, page: Page) -> None:
        """Hold the caller until the audits of ``page``'s documents have reported (the page keeps running)."""
        deadline = time.monotonic() + AUDIT_TIMEOUT
        while self._pending_for(page) and time.monotonic() < deadline:
            # Not time.sleep: this yields to Playwright's dispatcher, which delivers the audit's report.
            page.wait_for_timeout(20)
        for doc_id, (owner, url) in list(self._in_flight.items()):
            if owner == page:
                del self._in_flight[doc_id]
                self.problems.append(f"- on {url}: left before axe-core finished ({AUDIT_TIMEOUT:.0f}s)")

    # --- checks called by tests and hooks ---

    def settle(self, page: Page) -> None:
        """Wait until the current document's automatic audit (if any) has reported."""
        if not page.is_closed():
            page.evaluate("() => window.__essaimAxe ? window.__essaimAxe.settled() : null")

    def audit_now(self, page: Page) -> None:
        if not page.evaluate("() => Boolean(window.__essaimAxe)"):
            raise ValueError(f"{page.url} is not audited here (another site, or the third-party admin)")
        violations = page.evaluate("() => window.__essaimAxe.run()")
        self.audited.append(page.url)
        if violations:
            self.problems.append(format_violations(page.url, violations))

    def finish(self) -> None:
        """At the end of a test: wait for the last audits, then fail on anything found (CSP violations too)."""
        try:
            for page in self.context.pages:
                self.settle(page)
                self._wait_for_audits(page)
            self.raise_problems()
        finally:
            self.csp.finish()


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"- on {url}:"]
    for violation in violations:
        lines.append(
            f"  * {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:MAX_NODES_SHOWN]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"      {target}: {summary[:300]}")
        if len(violation["nodes"]) > MAX_NODES_SHOWN:
            lines.append(f"      … and {len(violation['nodes']) - MAX_NODES_SHOWN} more elements")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Audit the page as it is now (e.g. after a script changed it); fail on any violation found so far."""
    guard = AccessibilityGuard.of(page)
    guard.audit_now(page)
    guard.raise_problems()
    guard.csp.raise_problems()


def visit(page: Page, path: str, *, status: int | None = 200):
    """Open ``path`` on the live server, check the HTTP status, wait for its audit; fail on violations."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    if status is not None:
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    guard = AccessibilityGuard.of(page)
    guard.settle(page)
    guard.raise_problems()
    guard.csp.raise_problems()
    return response


def audited_urls(page: Page) -> list[str]:
    """The URLs audited so far in this page's browser context, oldest first."""
    return list(AccessibilityGuard.of(page).audited)
