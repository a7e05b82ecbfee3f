"""The harness itself: the automatic axe audit really runs, and really fails on a violation.

Broken pages are served by a Playwright route on the live server's origin, so they get the same init script
as Essaim's pages without anything broken being added to the site.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser import a11y

BROKEN_PAGE = (
    # No lang on <html> (serious) and an image without alternative text (critical).
    "<!doctype html><html><head><meta charset='utf-8'><title>Cassée</title></head>"
    "<body><main><h1>Page cassée</h1><img src='data:,'><a href='/'>Accueil</a></main></body></html>"
)
GOOD_PAGE = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Correcte</title></head>"
    "<body><main><h1>Page correcte</h1><a href='/__harness__/cassee/'>Vers la page cassée</a></main></body></html>"
)


def _serve(body: str):
    def handler(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)

    return handler


@pytest.fixture
def fake_pages(page: Page, live_server_url: str) -> None:
    page.route(live_server_url + "/__harness__/cassee/", _serve(BROKEN_PAGE))
    page.route(live_server_url + "/__harness__/correcte/", _serve(GOOD_PAGE))


def test_pages_reached_by_links_and_forms_are_audited(page: Page, visit, live_server_url):
    visit(page, "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Mentions légales").click()
    expect(page).to_have_url(live_server_url + "/mentions-legales/")
    page.get_by_role("navigation", name="Votre compte").get_by_role("link", name="Se connecter").click()
    page.get_by_label("E-mail").fill("personne@essaim.localhost")
    page.get_by_label("Mot de passe", exact=False).fill("pas-le-bon")
    page.get_by_label("Mot de passe", exact=False).press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    # Leave at once: the form-error page must still be audited before the browser moves on.
    page.goto("/contact/")
    a11y.AccessibilityGuard.of(page).settle(page)
    assert a11y.audited_urls(page) == [
        live_server_url + "/",
        live_server_url + "/mentions-legales/",
        live_server_url + "/comptes/login/",
        live_server_url + "/comptes/login/",  # the answer to the POST, with its errors
        live_server_url + "/contact/",
    ]


@pytest.mark.usefixtures("fake_pages")
def test_visit_fails_on_a_serious_violation(page: Page, visit):
    with pytest.raises(a11y.AccessibilityViolation) as failure:
        visit(page, "/__harness__/cassee/")
    message = str(failure.value)
    assert "/__harness__/cassee/" in message
    assert "image-alt [critical]" in message
    assert "html-has-lang [serious]" in message


@pytest.mark.usefixtures("fake_pages")
def test_a_violation_on_a_page_reached_by_a_click_fails_the_test(page: Page, visit, live_server_url):
    visit(page, "/__harness__/correcte/")
    page.get_by_role("link", name="Vers la page cassée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page cassée")
    page.get_by_role("link", name="Accueil").click()
    expect(page).to_have_url(live_server_url + "/")
    # What the end-of-test hook does: the broken page was left, yet its audit is reported.
    with pytest.raises(a11y.AccessibilityViolation, match=r"cassee/:\n(.|\n)*image-alt \[critical\]"):
        a11y.AccessibilityGuard.of(page).finish()


def test_assert_accessible_audits_the_page_as_scripts_left_it(page: Page, visit, assert_accessible):
    visit(page, "/")
    assert_accessible(page)
    page.evaluate("""() => {
        const image = document.createElement("img");
        image.src = "data:,";
        document.querySelector("main").append(image);
    }""")
    with pytest.raises(a11y.AccessibilityViolation, match="image-alt"):
        assert_accessible(page)


def test_mailbox_reads_the_emails_the_server_sent(page: Page, visit, mailbox, live_server_url):
    before = len(mailbox.messages())
    visit(page, "/comptes/password/reset/")
    email_field = page.get_by_label("E-mail")
    email_field.fill("camille@essaim.localhost")
    email_field.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    mail = mailbox.wait_for(to="camille@essaim.localhost", after=before)
    assert mail.subject.startswith("[Essaim] ")
    link = re.search(rf"{re.escape(live_server_url)}/comptes/password/reset/key/\S+", mail.body)
    assert link, mail.body
    # The link works in the browser (the password itself is left unchanged for the other tests).
    visit(page, link.group(0))
    expect(page.get_by_label("Nouveau mot de passe", exact=False).first).to_be_visible()
