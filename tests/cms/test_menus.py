"""The main menu and the footer's links, edited in the site settings (cms/menus.py)."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Site

from cms.models import HomePage, SiteChrome, StandardPage
from tests.factories import UserFactory

# A standard page read by a visitor who is not the first since an editor's change, measured then pinned: the
# header and footer are kept under the index generation (cms.chrome), so they cost the generation's read (the
# page reads its settings for its own contact address: cms.models.StandardPage).
PAGE_QUERIES = 12
# The first visitor after an editor's change reads them again: the settings' row, then the pages of the
# settings and of both menus in one query whatever the number of entries (the site is the page's own).
CHROME_QUERIES = 2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def chrome():
    return SiteChrome.for_site(Site.objects.get(is_default_site=True))


def add_entry(menu_name, block_type, **value):
    """What an editor does in the settings' menu: add an entry at the end, and save."""
    settings = chrome()
    getattr(settings, menu_name).append((block_type, value))
    settings.save()


def menu(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in soup.select("nav.main-nav a")]


def footer(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in soup.select("footer nav a")]


def new_page(title_fr="Nos partenaires", title_en="Our partners"):
    """A French standard page under the home page, with its live English translation."""
    home = HomePage.objects.get(locale__language_code="fr")
    page = StandardPage(title=title_fr, slug="nos-partenaires")
    home.add_child(instance=page)
    page.save_revision().publish()
    english = page.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.title, english.slug = title_en, "our-partners"
    english.save_revision().publish()
    return page


def test_the_demo_menu_is_todays_menu_with_the_news(client, demo_site):
    assert menu(client, "/") == [
        ("Accueil", "/"),
        ("Annuaire", "/annuaire/"),
        ("Projets", "/projets/"),
        ("Vitrine", "/vitrine/"),
        ("Actualités", "/actualites/"),
        ("Appels à projets", "/appels/"),
        ("Agenda", "/agenda/"),
    ]
    assert ("News", "/en/news/") in menu(client, "/en/")
    assert (
        "Données ouvertes : Licence Ouverte 2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ) in footer(client, "/")


def test_an_editor_adds_a_page_to_the_menu_and_it_shows_in_both_languages(client, demo_site):
    page = new_page()
    assert "Nos partenaires" not in dict(menu(client, "/"))
    add_entry("main_menu", "page", page=page)
    assert menu(client, "/")[-1] == ("Nos partenaires", "/nos-partenaires/")
    assert menu(client, "/en/")[-1] == ("Our partners", "/en/our-partners/")


def test_a_label_is_given_per_language(client, demo_site):
    page = new_page()
    add_entry("main_menu", "page", page=page, label_fr="Partenaires", label_en="Partners")
    assert menu(client, "/")[-1] == ("Partenaires", "/nos-partenaires/")
    assert menu(client, "/en/")[-1] == ("Partners", "/en/our-partners/")


def test_without_english_label_english_shows_the_translations_title(client, demo_site):
    add_entry("main_menu", "page", page=new_page(), label_fr="Partenaires")
    assert menu(client, "/en/")[-1] == ("Our partners", "/en/our-partners/")


def test_an_untranslated_page_shows_its_french_label_marked_french(client, demo_site):
    home = HomePage.objects.get(locale__language_code="fr")
    page = home.add_child(instance=StandardPage(title="Charte", slug="charte"))
    page.save_revision().publish()
    add_entry("main_menu", "page", page=page, label_fr="Notre charte")
    link = BeautifulSoup(client.get("/en/").content, "html.parser").select("nav.main-nav a")[-1]
    assert (link.get_text(strip=True), link["href"], link["lang"]) == ("Notre charte", "/charte/", "fr")


def test_an_unpublished_page_leaves_the_menu(client, demo_site):
    page = new_page()
    add_entry("main_menu", "page", page=page)
    page.unpublish()
    assert "/nos-partenaires/" not in dict(menu(client, "/")).values()


def test_the_current_page_is_marked_in_the_menu(client, demo_site):
    soup = BeautifulSoup(client.get("/actualites/").content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select("nav.main-nav a[aria-current=page]")] == [
        "Actualités"
    ]


def test_editors_add_a_footer_link(client, demo_site):
    add_entry("footer_links", "link", url="https://www.hautsdefrance.fr/", label_fr="Site de la Région")
    assert footer(client, "/")[-1] == ("Site de la Région", "https://www.hautsdefrance.fr/")
    # The mandatory links stay first, whatever the editors add.
    assert footer(client, "/")[0] == ("Mentions légales", "/mentions-legales/")


def test_a_section_of_the_site_reads_in_each_language(client, demo_site):
    add_entry("main_menu", "section", section="agenda", label_fr="Les rendez-vous")
    assert menu(client, "/")[-1] == ("Les rendez-vous", "/agenda/")
    assert menu(client, "/en/")[-1] == ("Agenda", "/en/agenda/")


def test_without_entries_the_menu_is_the_default_one(client, demo_site):
    settings = chrome()
    settings.main_menu, settings.footer_links = [], []
    settings.save()
    assert [label for label, _url in menu(client, "/")] == [
        "Accueil",
        "Annuaire",
        "Projets",
        "Vitrine",
        "Appels à projets",
        "Agenda",
    ]
    assert "Données ouvertes : Licence Ouverte 2.0" in dict(footer(client, "/"))


def test_the_menu_costs_no_query_per_entry(client, demo_site, django_assert_num_queries):
    client.get("/mentions-legales/")  # warm the caches (site root paths)
    with django_assert_num_queries(PAGE_QUERIES):
        client.get("/mentions-legales/")
    chrome().save()  # an editor saves the settings as they are: the next visitor reads the chrome again
    with django_assert_num_queries(PAGE_QUERIES + CHROME_QUERIES):
        client.get("/mentions-legales/")
    home = HomePage.objects.get(locale__language_code="fr")
    for index, title in enumerate(("Un", "Deux", "Trois")):
        page = home.add_child(instance=StandardPage(title=title, slug=f"page-{index}"))
        add_entry("main_menu", "page", page=page)
        add_entry("footer_links", "page", page=page)
        add_entry("main_menu", "link", url=f"https://example.org/{index}", label_fr=title)
    with django_assert_num_queries(PAGE_QUERIES + CHROME_QUERIES):
        html = client.get("/mentions-legales/").content.decode()
    assert html.count('href="/page-2/"') == 2
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get("/mentions-legales/").content.decode().count('href="/page-2/"') == 2


def test_load_demo_leaves_the_editors_menu_alone(client, demo_site):
    settings = chrome()
    settings.main_menu = [
        entry for entry in settings.main_menu.raw_data if entry["value"].get("section") != "agenda"
    ]
    settings.save()
    call_command("load_demo", stdout=io.StringIO())
    assert "/agenda/" not in dict(menu(client, "/")).values()
    assert len(chrome().main_menu.raw_data) == 6


def test_an_editor_adds_a_page_to_the_menu_in_the_settings_screen(client, demo_site):
    page = new_page()
    client.force_login(UserFactory(email="editor@essaim.example", is_staff=True, is_superuser=True))
    site = Site.objects.get(is_default_site=True)
    settings = chrome()
    url = reverse("wagtailsettings:edit", args=["cms", "sitechrome", site.pk])
    assert client.get(url).status_code == 200
    form = {
        "owner_name_fr": settings.owner_name_fr,
        "owner_name_en": settings.owner_name_en or "",
        "accessibility_status": settings.accessibility_status,
        "contact_email": settings.contact_email,
        "legal_notice_page": settings.legal_notice_page_id,
        "privacy_page": settings.privacy_page_id,
        "accessibility_page": settings.accessibility_page_id,
        "contact_page": settings.contact_page_id,
        "showcase_page": settings.showcase_page_id,
        # The menu as the screen posts it: one entry, the new page, without a label.
        "main_menu-count": 1,
        "main_menu-0-type": "page",
        "main_menu-0-deleted": "",
        "main_menu-0-order": 0,
        "main_menu-0-id": "",
        "main_menu-0-value-page": page.pk,
        "main_menu-0-value-label_fr": "",
        "main_menu-0-value-label_en": "",
        "footer_links-count": 0,
    }
    assert client.post(url, form).status_code == 302
    client.logout()
    assert menu(client, "/") == [("Nos partenaires", "/nos-partenaires/")]
    assert menu(client, "/en/") == [("Our partners", "/en/our-partners/")]
