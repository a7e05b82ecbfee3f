"""The CSP guard of the harness: Essaim's pages run under the enforced policy, axe still audits them, and a
violation fails the test wherever it happens.

Broken pages are served by a Playwright route on the live server's origin with Essaim's own header, so they
get the same init scripts as Essaim's pages without anything broken being added to the site.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser import a11y, csp
from tests.browser.server import DEMO_PASSWORD

INLINE_SCRIPT_PAGE = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Script en ligne</title></head>"
    "<body><main><h1>Script en ligne</h1><script>document.title = 'exécuté';</script></main></body></html>"
)
INLINE_HANDLER_PAGE = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Gestionnaire</title></head>"
    "<body><main><h1>Gestionnaire</h1><button type='button' onclick=\"document.title = 'cliqué'\">Cliquer</button>"
    "<a href='/'>Accueil</a></main></body></html>"
)


def _serve_with_the_sites_policy(page: Page, live_server_url: str):
    policy = page.request.get(live_server_url + "/").headers["content-security-policy"]

    def serve(body: str):
        def handler(route: Route) -> None:
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": policy},
                body=body,
            )

        return handler

    page.route(live_server_url + "/__harness__/script/", serve(INLINE_SCRIPT_PAGE))
    page.route(live_server_url + "/__harness__/gestionnaire/", serve(INLINE_HANDLER_PAGE))


def test_the_site_is_audited_under_its_enforced_policy(page: Page, visit, live_server_url):
    response = visit(page, "/annuaire/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert live_server_url + "/annuaire/" in a11y.audited_urls(page)  # axe ran despite the policy
    # The site's own scripts ran too: htmx took over the live filters.
    expect(page.locator("form[data-live-filters][hx-get]")).to_have_count(1)


def test_code_injected_into_a_real_page_is_refused_and_fails_the_test(page: Page, visit):
    visit(page, "/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "document.title = 'injecté'";
        document.body.append(script);
    }""")
    assert page.title() != "injecté"  # the policy really is enforced
    with pytest.raises(csp.CSPViolation, match=r"script-src-elem refused \(?inline"):
        csp.CSPGuard.of(page).finish()


def test_visit_fails_on_an_inline_script(page: Page, visit, live_server_url):
    _serve_with_the_sites_policy(page, live_server_url)
    with pytest.raises(csp.CSPViolation) as failure:
        visit(page, "/__harness__/script/")
    assert "/__harness__/script/" in str(failure.value)
    assert page.title() == "Script en ligne"


def test_an_inline_handler_on_a_page_not_visited_by_visit_fails_the_test_at_its_end(
    page: Page, live_server_url
):
    _serve_with_the_sites_policy(page, live_server_url)
    page.goto("/__harness__/gestionnaire/")
    page.get_by_role("button", name="Cliquer").click()
    assert page.title() == "Gestionnaire"
    page.get_by_role("link", name="Accueil").click()
    expect(page).to_have_url(live_server_url + "/")
    with pytest.raises(csp.CSPViolation, match=r"gestionnaire/: enforce script-src-attr refused"):
        csp.CSPGuard.of(page).finish()


def test_the_wagtail_editor_and_its_preview_run_without_violations(page: Page, live_server_url):
    # The admin has its relaxed policy; the preview panel frames the page under the strict one, which lets the
    # site itself frame it (config.csp). Any violation in either fails the test at its end.
    page.goto("/comptes/login/?next=/admin/pages/")
    page.get_by_label("E-mail").fill("admin@essaim.localhost")
    page.get_by_label("Mot de passe", exact=False).fill(DEMO_PASSWORD)
    page.get_by_label("Mot de passe", exact=False).press("Enter")
    expect(page).to_have_url(live_server_url + "/admin/pages/")
    page.locator("a[href$='/edit/']").first.click()
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("main#contenu")).to_be_visible()
