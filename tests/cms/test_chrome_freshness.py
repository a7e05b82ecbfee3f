"""The header and footer are kept in memory under the index generation (cms.chrome), and an editor's change
still shows on the next page: a setting, a menu entry, a linked page renamed, unpublished or deleted.

Each test reads the page twice first, so the chrome is cached when the editor writes: a test without the cache
warm would pass whether or not the write replaced the generation.
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from cms.models import HomePage, SiteChrome, StandardPage
from search import generation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

PAGE = "/annuaire/"


def chrome():
    return SiteChrome.for_site(Site.objects.get(is_default_site=True))


def seen(client):
    """The directory page as a visitor sees it: (the owner in the header, the main menu, the footer's links)."""
    soup = BeautifulSoup(client.get(PAGE).content, "html.parser")
    owner = soup.select_one(".site-brand__owner").get_text(strip=True)
    main = [(a.get_text(strip=True), a["href"]) for a in soup.select("nav.main-nav a")]
    footer = [(a.get_text(strip=True), a["href"]) for a in soup.select("footer nav a")]
    return owner, main, footer


@pytest.fixture
def warm(client, demo_site):
    generation.bump()  # a site whose index was written once: the chrome is cached from here on
    seen(client)
    return seen(client)


def test_a_setting_shows_on_the_next_page(client, warm):
    settings = chrome()
    settings.owner_name_fr = "Région pour l'essai"
    settings.contact_page = None  # without a contact page, the footer's contact link is the address
    settings.contact_email = "contact@essai.example"
    settings.save()
    owner, _main, footer = seen(client)
    assert owner == "Région pour l'essai"
    assert ("Contact", "mailto:contact@essai.example") in footer


def test_a_menu_entry_shows_on_the_next_page(client, warm):
    settings = chrome()
    settings.main_menu.append(("link", {"url": "https://example.org/", "label_fr": "Ailleurs"}))
    settings.save()
    _owner, main, _footer = seen(client)
    assert ("Ailleurs", "https://example.org/") in main


def test_a_linked_page_renamed_unpublished_or_deleted_shows_on_the_next_page(client, warm):
    home = HomePage.objects.get(locale__language_code="fr")
    page = home.add_child(instance=StandardPage(title="Partenaires", slug="partenaires"))
    page.save_revision().publish()
    settings = chrome()
    settings.main_menu.append(("page", {"page": page}))
    settings.save()
    assert ("Partenaires", "/partenaires/") in seen(client)[1]
    seen(client)  # cached again

    page.title = "Nos partenaires"
    page.save_revision().publish()
    assert ("Nos partenaires", "/partenaires/") in seen(client)[1]

    page.unpublish()
    assert all(href != "/partenaires/" for _label, href in seen(client)[1])

    page.save_revision().publish()
    assert ("Nos partenaires", "/partenaires/") in seen(client)[1]
    page.delete()
    assert all(href != "/partenaires/" for _label, href in seen(client)[1])


def test_the_chrome_costs_no_query_once_seen(client, warm, django_assert_num_queries):
    """The directory page read again: the generation only (the demo has no structure, so no actors to read),
    nothing for the header and footer (tests/directory/test_page_query_counts.py pins the page with results)."""
    with django_assert_num_queries(1):
        client.get(PAGE)
