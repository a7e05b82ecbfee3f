"""First journeys through the site in a real browser: French pages, language switch, accounts, admin, WebSocket.

Every public page these tests display is audited by axe-core automatically (see conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.server import DEMO_PASSWORD

CAMILLE = "camille@essaim.localhost"
ADMIN = "admin@essaim.localhost"
LEGAL_PAGES = [
    # (footer link, path, heading): the links come from the French catalogue, the pages from load_demo.
    ("Mentions légales", "/mentions-legales/", "Mentions légales"),
    ("Données personnelles", "/donnees-personnelles/", "Données personnelles"),
    ("Déclaration d'accessibilité", "/accessibilite/", "Déclaration d'accessibilité"),
]
WEBSOCKET_FIRST_EVENT = """url => new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error("no WebSocket event within 5 s")), 5000);
    socket.onmessage = event => { clearTimeout(timer); resolve({message: JSON.parse(event.data)}); socket.close(); };
    socket.onclose = event => { clearTimeout(timer); resolve({closed: event.code}); };
})"""


def url_of(base: str, path: str) -> re.Pattern:
    """The page at ``path`` on the live server, with or without a query string."""
    return re.compile(re.escape(base + path) + r"(\?.*)?$")


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the site's login form and submit it with Enter, as a keyboard user does."""
    page.get_by_label("E-mail").fill(email)
    password_field = page.get_by_label("Mot de passe", exact=False)
    password_field.fill(password)
    password_field.press("Enter")


def test_home_page_is_french_with_skip_link_and_legal_footer(page: Page, visit, live_server_url):
    visit(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_count(1)

    # Keyboard: the first Tab reaches the skip link, Enter moves focus into the main content.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("Accessibilité : partiellement conforme")
    for link_text, path, heading in LEGAL_PAGES:
        link = footer.get_by_role("link", name=link_text, exact=True)
        expect(link).to_have_attribute("href", path)
        link.click()
        expect(page).to_have_url(live_server_url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        # The legal pages carry the same footer, so the mention is on every page.
        expect(page.get_by_role("contentinfo")).to_contain_text("Accessibilité : partiellement conforme")
        visit(page, "/")


def test_language_switch_keeps_the_page(page: Page, visit, live_server_url):
    visit(page, "/")
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server_url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    main_menu = page.get_by_role("navigation", name="Main menu")
    expect(main_menu.get_by_role("link", name="Home", exact=True)).to_be_visible()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name="Log in", exact=True)).to_have_attribute(
        "href", "/en/comptes/login/"
    )
    # The current language is stated, not linked.
    expect(page.get_by_role("navigation", name="Language").locator("[aria-current]")).to_have_text("English")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(live_server_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Accueil")
    ).to_be_visible()

    visit(page, "/mentions-legales/")
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    # The page's English translation (its own slug), written in English: no lang="fr" on the article.
    expect(page).to_have_url(live_server_url + "/en/legal-notice/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_role("navigation", name="Footer").get_by_role("link", name="Legal notice")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Legal notice")
    expect(page.get_by_role("article")).not_to_have_attribute("lang", "fr")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(live_server_url + "/mentions-legales/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_log_in_and_out_with_the_keyboard(page: Page, visit, live_server_url):
    visit(page, "/comptes/login/")
    log_in(page, CAMILLE)
    expect(page).to_have_url(live_server_url + "/")

    account = page.get_by_role("navigation", name="Votre compte")
    expect(account.get_by_role("link", name="Mon compte")).to_be_visible()
    expect(account).to_contain_text("Camille")
    expect(account.get_by_role("link", name="Se connecter")).to_have_count(0)
    logout = account.get_by_role("button", name="Se déconnecter")
    expect(logout).to_be_visible()

    page.wait_for_load_state(
        "load"
    )  # its audit must finish before the next navigation (tests/browser/a11y.py)
    logout.focus()
    page.keyboard.press("Enter")
    expect(account.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(account.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    # Still logged out on the next page: the session really ended.
    visit(page, "/mentions-legales/")
    expect(
        page.get_by_role("navigation", name="Votre compte").get_by_role("link", name="Se connecter")
    ).to_be_visible()


def test_wrong_password_shows_a_french_error_and_keeps_the_email(page: Page, visit, live_server_url):
    visit(page, "/comptes/login/")
    log_in(page, CAMILLE, password="pas-le-bon-mot-de-passe")

    expect(page).to_have_url(url_of(live_server_url, "/comptes/login/"))
    form = page.locator("main form[method=post]")
    # The error summary sits at the top of the form it is about, is announced (role=alert) and is named.
    alert = form.get_by_role("alert")
    expect(alert).to_have_accessible_name("Veuillez corriger les points suivants :")
    expect(alert).to_contain_text("L’adresse e-mail ou le mot de passe sont incorrects.")
    expect(
        page.get_by_role("navigation", name="Votre compte").get_by_role("link", name="Se connecter")
    ).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value(CAMILLE)
    expect(page.get_by_label("Mot de passe", exact=False)).to_have_value("")


def test_admin_logs_in_through_the_site_and_reaches_the_wagtail_dashboard(page: Page, live_server_url):
    page.goto("/admin/")
    # The Wagtail admin sends visitors to the site's own login page (allauth), which is audited as usual.
    expect(page).to_have_url(url_of(live_server_url, "/comptes/login/"))
    expect(page).to_have_url(re.compile(r"/comptes/login/\?next=(/|%2F)admin(/|%2F)$"))
    log_in(page, ADMIN)
    expect(page).to_have_url(live_server_url + "/admin/")
    # The Wagtail admin is third-party: axe does not audit /admin/ (a11y.EXCLUDED_PREFIXES).
    expect(page.locator("body#wagtail")).to_be_visible()
    # The dashboard greets with the site's name and summarises the pages load_demo created.
    expect(page.get_by_role("heading", level=1)).to_have_text("Essaim")
    expect(page.get_by_role("main").get_by_role("link", name=re.compile(r"\d+ Pages?"))).to_be_visible()


def _websocket_url(live_server_url: str) -> str:
    return live_server_url.replace("http://", "ws://", 1) + "/ws/notifications/"


def test_websocket_greets_a_logged_in_user(page: Page, visit, live_server_url):
    visit(page, "/comptes/login/")
    log_in(page, CAMILLE)
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    result = page.evaluate(WEBSOCKET_FIRST_EVENT, _websocket_url(live_server_url))
    assert "message" in result, f"expected a hello message, got {result}"
    assert result["message"]["type"] == "hello"


def test_websocket_closes_an_anonymous_connection_with_4401(page: Page, visit, live_server_url):
    visit(page, "/")
    result = page.evaluate(WEBSOCKET_FIRST_EVENT, _websocket_url(live_server_url))
    assert result == {"closed": 4401}


@pytest.mark.parametrize(
    "path",
    [
        "/contact/",
        "/comptes/signup/",
        "/comptes/password/reset/",
        "/recherche/",
        "/recherche/?q=essaim",
        "/recherche/?q=zzzzzz",
        "/en/comptes/login/",
        "/en/recherche/?q=essaim",
        "/annuaire/",
        "/annuaire/?q=peronne",
        "/annuaire/?kind=association&commune=Amiens&radius=25&sort=distance",
        "/annuaire/?q=zzzzzz",
        "/en/annuaire/",
        "/projets/",
        "/projets/?phase=emergence",
    ],
)
def test_public_pages_pass_axe(page: Page, visit, path):
    visit(page, path)
