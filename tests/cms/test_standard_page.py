"""A standard page's StreamField body: each block renders, and the demo's pages kept their text."""

import importlib
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

import search
from cms.blocks import StandardBodyBlock
from cms.models import HomePage, StandardPage
from tests.factories import ActorFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

migration = importlib.import_module("cms.migrations.0008_standard_page_streamfield_body")


def page_with(slug, *body):
    home = HomePage.objects.get(locale__language_code="fr")
    page = home.add_child(instance=StandardPage(title="À propos", slug=slug, body=list(body)))
    page.save_revision().publish()
    return page


def article(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").find("article")


def test_each_block_renders(client, demo_site):
    image = Image.objects.create(title="Atelier", file=get_test_image_file())
    contact = StandardPage.objects.get(slug="contact", locale__language_code="fr")
    page_with(
        "a-propos",
        ("paragraph", RichText("<h2>Qui sommes-nous</h2><p>Une équipe régionale.</p>")),
        ("image", {"image": image, "alt_text": "Un atelier de réparation", "caption": "L'atelier"}),
        ("quote", {"quote": "Essaimer, c'est partager.", "source": "Une porteuse de projet"}),
        ("call_to_action", {"text": "Nous écrire", "page": contact, "url": ""}),
    )
    html = article(client, "/a-propos/")
    assert html.find("h2").get_text() == "Qui sommes-nous"
    assert html.find("img")["alt"] == "Un atelier de réparation"
    assert html.find("figcaption").get_text() == "L'atelier"
    assert html.find("blockquote").get_text(strip=True) == "Essaimer, c'est partager."
    assert html.find("a", string="Nous écrire")["href"] == "/contact/"


def test_the_list_block_shows_public_projects_only(client, demo_site):
    lead = ActorFactory(name="Vélos solidaires")
    ProjectFactory(title="Atelier vélo", lead_actor=lead, published=True)
    ProjectFactory(title="Projet brouillon", lead_actor=lead)
    search.rebuild()
    page_with(
        "projets-choisis",
        ("directory_list", {"heading": "Des projets à découvrir", "kind": "projects", "number": 24}),
    )
    html = article(client, "/projets-choisis/")
    section = html.select_one(".directory-list-block")
    assert section.find("h2").get_text() == "Des projets à découvrir"
    titles = [a.get_text(strip=True) for a in section.select(".card h3 a")]
    assert "Atelier vélo" in titles
    assert "Projet brouillon" not in titles


def test_the_demo_legal_pages_kept_their_text(client, demo_site):
    html = article(client, "/donnees-personnelles/")
    assert [h2.get_text() for h2 in html.find_all("h2")] == [
        "Vos droits",
        "Salons de discussion",
        "Carte de l'annuaire",
    ]


def test_the_migration_turns_rich_text_into_one_text_block_and_back():
    html = "<h2>Éditeur</h2><p>La Région.</p>"
    stream = migration._to_stream(html)
    value = StandardBodyBlock().to_python(json.loads(stream))
    assert [(block.block_type, block.value.source) for block in value] == [("paragraph", html)]
    assert migration._to_html(stream) == html
    assert migration._to_stream("") == "[]"


def test_the_editor_opens_a_standard_page_with_every_block(client, demo_site):
    client.force_login(UserFactory(email="editor@essaim.example", is_staff=True, is_superuser=True))
    legal = StandardPage.objects.get(slug="mentions-legales")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[legal.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The former rich text is the body's one text block; the filtered list is among the blocks offered.
    assert "Éditeur" in html
    assert "directory_list" in html
