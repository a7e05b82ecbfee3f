"""The editorial skeleton: home page, legal pages, site chrome, site search."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import HomePage, SiteChrome, StandardPage
from ecosystem.models import User

# Every test starts from the demo: load it once for the module (tests/conftest.py, demo_module).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def snapshot():
    return (
        list(Page.objects.order_by("path").values_list("path", "title", "live")),
        list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        sorted(User.objects.values_list("email", "is_staff", "password")),
    )


def test_demo_load_is_idempotent(full_demo):
    before = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == before
    # Each page in French and in English (its translation).
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["en", "fr"]
    assert StandardPage.objects.count() == 4 * 2


def test_demo_load_keeps_what_an_editor_changed(demo_site):
    legal = StandardPage.objects.get(slug="mentions-legales")
    legal.title = "Mentions légales (revues)"
    legal.save_revision().publish()
    call_command("load_demo", stdout=io.StringIO())
    assert StandardPage.objects.get(slug="mentions-legales").title == "Mentions légales (revues)"


def test_home_page_is_french_with_landmarks_and_mandatory_links(client, demo_site):
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    for landmark in ("<header", "<main", "<footer", 'role="search"', 'aria-label="Menu principal"'):
        assert landmark in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert "Accessibilité : partiellement conforme" in html
    footer = BeautifulSoup(html, "html.parser").find("footer")
    links = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
    for title, url in [
        ("Mentions légales", "/mentions-legales/"),
        ("Données personnelles", "/donnees-personnelles/"),
        ("Déclaration d'accessibilité", "/accessibilite/"),
    ]:
        assert links[title] == url
        assert client.get(url).status_code == 200


def test_site_chrome_is_editable(client, demo_site):
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.owner_name = "Région Bretagne"
    chrome.accessibility_status = "full"
    chrome.save()
    html = client.get("/").content.decode()
    assert "Région Bretagne" in html
    assert "Accessibilité : totalement conforme" in html


def test_site_search_finds_pages_by_their_words(client, demo_site):
    response = client.get("/recherche/", {"q": "RGAA"})
    html = response.content.decode()
    assert response.status_code == 200
    titles = [h2.get_text(strip=True) for h2 in BeautifulSoup(html, "html.parser").select("main .results h3")]
    assert titles == ["Déclaration d'accessibilité"]
    assert "1 résultat" in html
    empty = client.get("/recherche/", {"q": "zzzzqqqq"}).content.decode()
    assert "0 résultat" in empty
    assert "Aucun résultat" in empty


@pytest.mark.parametrize("query", ["conformite", "CONFORMITÉ", "conformité"])
def test_page_search_ignores_accents_and_case(client, demo_site, query):
    # The accessibility statement says « partiellement conforme » … « état de conformité ».
    html = client.get("/recherche/", {"q": query}).content.decode()
    titles = [h3.get_text(strip=True) for h3 in BeautifulSoup(html, "html.parser").select("main .results h3")]
    assert "Déclaration d'accessibilité" in titles
