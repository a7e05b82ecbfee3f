"""Editorial pages in both languages: the French tree at /, its English translation at /en/ (Wagtail's i18n).

The demo translates every page it creates; the language switch, the footer, the page head's alternates, the
site search and the sitemap follow each page to its translation, and a page not translated yet falls back
to the other language's home page instead of a 404.
"""

import io
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, SiteChrome, StandardPage
from tests.factories import UserFactory

# Every test starts from the demo: load it once for the module (tests/conftest.py, demo_module).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PAIRS = [
    # (French path, English path, French heading, English heading)
    ("/", "/en/", "Essaim", "Essaim"),
    ("/mentions-legales/", "/en/legal-notice/", "Mentions légales", "Legal notice"),
    ("/donnees-personnelles/", "/en/personal-data/", "Données personnelles", "Personal data"),
    ("/accessibilite/", "/en/accessibility/", "Déclaration d'accessibilité", "Accessibility statement"),
    ("/contact/", "/en/contact/", "Contact", "Contact"),
    ("/vitrine/", "/en/showcase/", "Vitrine de l'essaimage", "Swarming showcase"),
    ("/actualites/", "/en/news/", "Actualités", "News"),
    (
        "/actualites/appel-a-projets-ouvert/",
        "/en/news/call-for-projects-open/",
        "L'appel à projets « SIEG Innovation sociale » est ouvert",
        "The « SIEG Innovation sociale » call for projects is open",
    ),
    (
        "/actualites/trois-projets-vitrine/",
        "/en/news/three-projects-showcase/",
        "Trois projets rejoignent la vitrine de l'essaimage",
        "Three projects join the swarming showcase",
    ),
    (
        "/actualites/rencontres-regionales/",
        "/en/news/regional-meetings/",
        "Rencontres régionales de l'innovation sociale",
        "Regional social-innovation meetings",
    ),
]


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def switch_link(soup, language):
    return soup.select_one(f'nav.lang-switch a[lang="{language}"]')["href"]


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"]')}


def french_only_page(home, title="Appel à projets 2027", slug="appel-a-projets-2027"):
    page = home.add_child(
        instance=StandardPage(title=title, slug=slug, intro="Le prochain appel à projets de la Région.")
    )
    page.save_revision().publish()
    return page


def search_titles(client, path, query):
    soup = soup_of(client.get(path, {"q": query}))
    return [h3.get_text(strip=True) for h3 in soup.select("#results-pages ~ .results h3")]


@pytest.mark.parametrize(("french", "english", "french_title", "english_title"), PAIRS)
def test_each_demo_page_reads_in_english_under_en(
    client, demo_site, french, english, french_title, english_title
):
    soup = soup_of(client.get(english))
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == english_title
    # Written in the page's language: nothing is marked as French any more.
    assert soup.select("main [lang=fr]") == []
    assert "Skip to content" in soup.get_text()


def test_english_pages_have_english_text(client, demo_site):
    home = soup_of(client.get("/en/")).get_text()
    assert "social-innovation actors of the region" in home
    assert "Ce que vous pouvez faire ici" not in home
    legal = soup_of(client.get("/en/legal-notice/")).get_text()
    assert "Publisher" in legal
    assert "Éditeur" not in legal


@pytest.mark.parametrize(("french", "english", "french_title", "english_title"), PAIRS)
def test_french_pages_are_unchanged(client, demo_site, french, english, french_title, english_title):
    soup = soup_of(client.get(french))
    assert soup.html["lang"] == "fr"
    assert soup.h1.get_text(strip=True) == french_title
    assert soup.select("main [lang=en]") == []


def test_french_text_stays_french(client, demo_site):
    assert "Ce que vous pouvez faire ici" in soup_of(client.get("/")).get_text()
    assert "Éditeur" in soup_of(client.get("/mentions-legales/")).get_text()


@pytest.mark.parametrize(("french", "english", "french_title", "english_title"), PAIRS)
def test_the_switch_keeps_the_page_both_ways(client, demo_site, french, english, french_title, english_title):
    assert switch_link(soup_of(client.get(french)), "en") == english
    assert switch_link(soup_of(client.get(english)), "fr") == french


@pytest.mark.parametrize(("french", "english", "french_title", "english_title"), PAIRS)
def test_the_head_names_both_languages(client, demo_site, french, english, french_title, english_title):
    expected = {"fr": f"http://testserver{french}", "en": f"http://testserver{english}"}
    assert alternates(soup_of(client.get(french))) == expected
    assert alternates(soup_of(client.get(english))) == expected


def test_other_pages_switch_and_alternate_by_path(client, demo_site):
    """Pages that are not Wagtail's keep their path under the other prefix, query string included."""
    soup = soup_of(client.get("/recherche/", {"q": "RGAA"}))
    assert switch_link(soup, "en") == "/en/recherche/?q=RGAA"
    assert alternates(soup)["en"] == "http://testserver/en/recherche/?q=RGAA"


def test_a_page_without_translation_falls_back_to_the_home_page(client, demo_site):
    french_only_page(demo_site)
    soup = soup_of(client.get("/appel-a-projets-2027/"))
    english = switch_link(soup, "en")
    assert english == "/en/"
    assert client.get(english).status_code == 200
    # Only one language: no alternates that would point to another page.
    assert alternates(soup) == {}


def test_a_draft_translation_is_not_offered(client, demo_site):
    page = french_only_page(demo_site)
    page.copy_for_translation(Locale.objects.get(language_code="en"))  # a draft, as « Translate » leaves it
    assert switch_link(soup_of(client.get("/appel-a-projets-2027/")), "en") == "/en/"


def test_the_footer_links_to_the_pages_of_the_language_read(client, demo_site):
    def footer_links(path):
        footer = soup_of(client.get(path)).find("footer")
        return [a["href"] for a in footer.find_all("a") if a["href"].startswith("/")]

    assert footer_links("/en/") == [
        "/en/legal-notice/",
        "/en/personal-data/",
        "/en/accessibility/",
        "/en/contact/",
    ]
    assert footer_links("/") == [
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
        "/contact/",
    ]


def test_the_platform_owner_is_named_in_the_language_read(client, demo_site):
    assert "platform of Hauts-de-France Region." in soup_of(client.get("/en/")).find("footer").get_text()
    assert (
        "plateforme de l'innovation sociale de Région Hauts-de-France" in soup_of(client.get("/")).get_text()
    )
    # Staff may leave the English name empty: it falls back to the French one.
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.owner_name_fr, chrome.owner_name_en = "Région Bretagne", ""
    chrome.save()
    assert "platform of Région Bretagne." in soup_of(client.get("/en/")).find("footer").get_text()


def test_the_english_contact_page_has_the_form_and_address(client, demo_site):
    soup = soup_of(client.get("/en/contact/"))
    assert soup.select_one('main form[method="post"] textarea[name="message"]') is not None
    assert soup.select_one('main a[href="mailto:contact@essaim.localhost"]') is not None
    # The legal notice, in English too, is no contact page.
    assert soup_of(client.get("/en/legal-notice/")).select_one("main form textarea") is None


def test_an_english_page_costs_what_its_french_page_costs(client, demo_site, django_assert_num_queries):
    """The footer's translated links and the switcher's translations are one query each, in both languages;
    Wagtail finds the English tree from the site's (French) root page with one more."""
    client.get("/mentions-legales/")  # warm the per-process caches (site, root paths, settings)
    client.get("/en/legal-notice/")
    with CaptureQueriesContext(connection) as french:
        client.get("/mentions-legales/")
    with django_assert_num_queries(len(french) + 1):
        client.get("/en/legal-notice/")


def test_search_finds_the_pages_of_the_language_read(client, demo_site):
    assert search_titles(client, "/en/recherche/", "RGAA") == ["Accessibility statement"]
    assert search_titles(client, "/recherche/", "RGAA") == ["Déclaration d'accessibilité"]
    assert search_titles(client, "/en/recherche/", "publisher") == ["Legal notice"]
    assert search_titles(client, "/recherche/", "publisher") == []


def test_search_in_english_finds_a_page_not_translated_yet(client, demo_site):
    french_only_page(demo_site)
    assert search_titles(client, "/en/recherche/", "appel") == ["Appel à projets 2027"]
    soup = soup_of(client.get("/en/recherche/", {"q": "appel"}))
    # Its French text is marked as such on the English results page.
    assert soup.select_one("#results-pages ~ .results li")["lang"] == "fr"


def test_the_sitemap_lists_both_languages_with_alternates(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = ElementTree.fromstring(response.content)  # noqa: S314 - the site's own output
    # Full URLs on the site's own address (the demo site's hostname): compared by path.
    entries = {
        urlsplit(url.find(f"{SITEMAP}loc").text).path: {
            link.get("hreflang"): urlsplit(link.get("href")).path for link in url.findall(f"{XHTML}link")
        }
        for url in xml.findall(f"{SITEMAP}url")
    }
    assert len(entries) == len(PAIRS) * 2
    for french, english, *_titles in PAIRS:
        assert entries[french] == entries[english] == {"fr": french, "en": english}


def test_load_demo_twice_changes_nothing(demo_site):
    def snapshot():
        return sorted(
            Page.objects.filter(depth__gt=1).values_list(
                "path", "slug", "title", "live", "locale__language_code", "translation_key"
            )
        )

    before = snapshot()
    call_command("load_demo", actors=0, projects=0, stdout=io.StringIO())
    assert snapshot() == before
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == ["en", "fr"]


def test_load_demo_keeps_what_an_editor_changed_in_english(demo_site):
    legal = StandardPage.objects.get(slug="legal-notice")
    legal.title = "Legal notice (reviewed)"
    legal.save_revision().publish()
    call_command("load_demo", actors=0, projects=0, stdout=io.StringIO())
    assert StandardPage.objects.get(slug="legal-notice").title == "Legal notice (reviewed)"


def test_load_demo_never_takes_the_slug_of_an_editors_english_page(demo_site):
    english_home = demo_site.get_translation(Locale.objects.get(language_code="en"))
    StandardPage.objects.get(slug="legal-notice").delete()
    own = english_home.add_child(instance=StandardPage(title="Our legal notice", slug="legal-notice"))
    call_command("load_demo", actors=0, projects=0, stdout=io.StringIO())
    legal = StandardPage.objects.get(slug="mentions-legales").get_translation(english_home.locale)
    assert legal.title == "Legal notice"
    assert legal.slug == "legal-notice-1"
    own.refresh_from_db()
    assert own.slug == "legal-notice"


def test_every_english_demo_page_is_a_translation_of_its_french_page(demo_site):
    english = Locale.objects.get(language_code="en")
    for page in Page.objects.filter(locale__language_code="fr", depth__gt=1):
        translation = page.get_translation_or_none(english)
        assert translation is not None, page.title
        assert translation.live, page.title


def test_an_editor_translates_a_page_in_the_admin(client, demo_site):
    client.force_login(UserFactory(email="editor@essaim.example", is_staff=True, is_superuser=True))
    page = french_only_page(demo_site)
    english = Locale.objects.get(language_code="en")
    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    # The page's « Translate » action leads to the form, which offers English.
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    translation = page.get_translation(english)
    assert translation.get_parent().specific == demo_site.get_translation(english)
    assert not translation.live  # a draft until the editor publishes it
    # The explorer and the page chooser still list the pages of both trees.
    assert client.get(reverse("wagtailadmin_explore", args=[demo_site.pk])).status_code == 200
    english_home = demo_site.get_translation(english)
    assert client.get(reverse("wagtailadmin_explore", args=[english_home.pk])).status_code == 200
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[english_home.pk]))
    assert chooser.status_code == 200
    assert "Legal notice" in chooser.json()["html"]


def test_staff_name_the_owner_in_each_language_in_the_settings(client, demo_site):
    client.force_login(UserFactory(email="editor@essaim.example", is_staff=True, is_superuser=True))
    site = Site.objects.get(is_default_site=True)
    chrome = SiteChrome.for_site(site)
    url = reverse("wagtailsettings:edit", args=["cms", "sitechrome", site.pk])
    form = {
        "owner_name_fr": "Région Normandie",
        "owner_name_en": "",  # left blank: English falls back to the French name
        "accessibility_status": chrome.accessibility_status,
        "contact_email": chrome.contact_email,
        "legal_notice_page": chrome.legal_notice_page_id,
        "privacy_page": chrome.privacy_page_id,
        "accessibility_page": chrome.accessibility_page_id,
        "contact_page": chrome.contact_page_id,
        # The menus' StreamFields, posted empty (the menus then show their defaults).
        "main_menu-count": 0,
        "footer_links-count": 0,
    }
    assert client.post(url, form).status_code == 302
    assert "platform of Région Normandie." in soup_of(client.get("/en/")).find("footer").get_text()
    form["owner_name_en"] = "Normandy Region"
    assert client.post(url, form).status_code == 302
    assert "platform of Normandy Region." in soup_of(client.get("/en/")).find("footer").get_text()
    assert "Région Normandie" in soup_of(client.get("/")).find("footer").get_text()


def test_no_second_home_page_can_be_added(demo_site):
    assert not HomePage.can_create_at(Page.get_first_root_node())
