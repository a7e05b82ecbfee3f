"""What search engines and social networks read: title, description, canonical URL, Open Graph, sitemap."""

import pytest
from bs4 import BeautifulSoup

from cms.models import NewsPage
from ecosystem.models import Project
from tests.factories import ActorFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def head_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").head


def meta(head, prop):
    tag = head.find("meta", property=prop) or head.find("meta", attrs={"name": prop})
    return tag["content"] if tag else None


def test_editor_seo_title_and_description_lead_the_head(client, demo_site):
    news = NewsPage.objects.get(slug="rencontres-regionales")
    news.seo_title = "Rencontres 2026 à Lille"
    news.search_description = "Ateliers et rencontres entre structures."
    news.save_revision().publish()
    head = head_of(client.get("/actualites/rencontres-regionales/", {"utm_source": "x"}))
    assert head.title.get_text() == "Rencontres 2026 à Lille — Essaim"
    assert meta(head, "description") == "Ateliers et rencontres entre structures."
    assert meta(head, "og:title") == "Rencontres 2026 à Lille"
    assert meta(head, "og:description") == "Ateliers et rencontres entre structures."
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:locale") == "fr_FR"
    # The query string is not part of the page's address.
    canonical = "http://testserver/actualites/rencontres-regionales/"
    assert head.find("link", rel="canonical")["href"] == canonical
    assert meta(head, "og:url") == canonical


def test_pages_without_seo_fields_fall_back_to_their_title(client, demo_site):
    head = head_of(client.get("/en/news/"))
    assert meta(head, "og:title") == "News"
    assert meta(head, "og:type") == "website"
    assert meta(head, "og:locale") == "en_GB"
    assert meta(head, "description") is None
    assert head.find("link", rel="canonical")["href"] == "http://testserver/en/news/"


def test_sitemap_lists_public_structures_and_published_projects_only(client, demo_site):
    public = ActorFactory(name="Structure publique")
    private = ActorFactory(name="Structure privée", is_public=False)
    published = ProjectFactory(title="Projet publié", lead_actor=public, status=Project.Status.PUBLISHED)
    draft = ProjectFactory(title="Projet brouillon", lead_actor=public)
    of_private = ProjectFactory(title="Projet caché", lead_actor=private, status=Project.Status.PUBLISHED)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{public.get_absolute_url()}</loc>" in xml
    assert f"http://testserver{published.get_absolute_url()}</loc>" in xml
    for hidden in (private, draft, of_private):
        assert hidden.get_absolute_url() not in xml
    # The news pages are editorial pages: listed with their translations.
    assert "/actualites/rencontres-regionales/</loc>" in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client, demo_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /comptes/"} <= set(lines)
    assert client.get("/sitemap.xml").status_code == 200
