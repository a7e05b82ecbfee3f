"""News: the index and its items render for everyone in both languages; the home page shows the latest three."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction

from cms.blocks import CallToActionBlock
from cms.models import NewsIndexPage, NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(html, selector):
    return [node.get_text(strip=True) for node in html.select(selector)]


def add_news(index, title, date, **fields):
    news = NewsPage(title=title, date=date, summary=f"Résumé de {title}", **fields)
    index.add_child(instance=news)
    news.save_revision().publish()
    return news


def test_news_index_lists_newest_first_for_anonymous_in_french_and_english(client, demo_site):
    html = soup(client.get("/actualites/"))
    assert titles(html, "main h1") == ["Actualités"]
    assert titles(html, ".news-card__title") == [
        "Rencontres régionales de l'innovation sociale",
        "Trois projets rejoignent la vitrine de l'essaimage",
        "L'appel à projets « SIEG Innovation sociale » est ouvert",
    ]
    english = soup(client.get("/en/news/"))
    assert titles(english, ".news-card__title") == [
        "Regional social-innovation meetings",
        "Three projects join the swarming showcase",
        "The « SIEG Innovation sociale » call for projects is open",
    ]


def test_news_index_is_paginated(client, demo_site):
    index = NewsIndexPage.objects.get(slug="actualites")
    for day in range(1, 11):
        add_news(index, f"Brève {day}", datetime.date(2025, 1, day))
    first = soup(client.get("/actualites/"))
    assert len(first.select(".news-card")) == 10
    assert first.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    second = soup(client.get("/actualites/", {"page": 2}))
    assert titles(second, ".news-card__title") == ["Brève 3", "Brève 2", "Brève 1"]


def test_news_page_renders_its_body_blocks_for_anonymous(client, demo_site):
    html = soup(client.get("/actualites/appel-a-projets-ouvert/"))
    assert titles(html, "main h1") == ["L'appel à projets « SIEG Innovation sociale » est ouvert"]
    assert html.select_one("main time")["datetime"] == "2026-09-01"
    assert "Nous voulons faire essaimer ce qui marche." in html.select_one("main blockquote").get_text()
    english = soup(client.get("/en/news/call-for-projects-open/"))
    assert english.select_one("main time")["datetime"] == "2026-09-01"
    assert "We want what works to spread." in english.select_one("main blockquote").get_text()


def test_call_to_action_block_links_to_its_page(client, demo_site):
    news = NewsPage.objects.get(slug="rencontres-regionales")
    news.body.append(
        ("call_to_action", {"text": "Voir la vitrine", "page": None, "url": "https://example.org/"})
    )
    news.save_revision().publish()
    link = soup(client.get("/actualites/rencontres-regionales/")).select_one(".news-cta a")
    assert (link.get_text(strip=True), link["href"]) == ("Voir la vitrine", "https://example.org/")


def test_news_image_and_image_block_render_with_their_alternative_text(client, demo_site):
    image = Image.objects.create(title="Atelier", file=get_test_image_file())
    news = NewsPage.objects.get(slug="rencontres-regionales")
    news.image, news.image_alt = image, "Un atelier entre structures"
    news.body.append(
        ("image", {"image": image, "alt_text": "Le public de la journée", "caption": "Lille, 2026"})
    )
    news.save_revision().publish()
    html = soup(client.get("/actualites/rencontres-regionales/"))
    assert [img["alt"] for img in html.select("main img")] == [
        "Un atelier entre structures",
        "Le public de la journée",
    ]
    assert "Lille, 2026" in html.select_one("main .news-figure figcaption").get_text()


def test_call_to_action_needs_a_page_or_an_address():
    with pytest.raises(StructBlockValidationError):
        CallToActionBlock().clean(CallToActionBlock().to_python({"text": "Voir", "page": None, "url": ""}))


def test_home_shows_the_three_latest_news_of_its_language(client, demo_site):
    index = NewsIndexPage.objects.get(slug="actualites")
    add_news(index, "La plus récente", datetime.date(2026, 12, 1))
    add_news(index, "Ancienne", datetime.date(2020, 1, 1))
    html = soup(client.get("/"))
    assert titles(html, ".home-news .news-card__title") == [
        "La plus récente",
        "Rencontres régionales de l'innovation sociale",
        "Trois projets rejoignent la vitrine de l'essaimage",
    ]
    assert html.select_one(".home-news > p a")["href"] == "/actualites/"
    english = soup(client.get("/en/"))
    assert titles(english, ".home-news .news-card__title")[0] == "Regional social-innovation meetings"


def test_home_hides_drafts_and_private_news(client, demo_site):
    draft = NewsPage.objects.get(slug="rencontres-regionales")
    draft.unpublish()
    private = NewsPage.objects.get(slug="trois-projets-vitrine")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = soup(client.get("/"))
    assert titles(html, ".home-news .news-card__title") == [
        "L'appel à projets « SIEG Innovation sociale » est ouvert"
    ]
    # A restriction on the index hides every news item under it.
    english_index = NewsIndexPage.objects.get(slug="news")
    PageViewRestriction.objects.create(page=english_index, restriction_type=PageViewRestriction.LOGIN)
    assert soup(client.get("/en/")).select(".home-news") == []


def test_latest_news_query_count_does_not_grow(django_assert_num_queries, demo_site):
    french = Locale.objects.get(language_code="fr")
    with django_assert_num_queries(1):
        news = NewsPage.latest(french, 3)
    assert len(news) == 3


def test_home_query_count_is_pinned(client, demo_site):
    client.get("/")  # warm the site settings' cache
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    index = NewsIndexPage.objects.get(slug="actualites")
    for day in range(1, 6):
        add_news(index, f"Brève {day}", datetime.date(2026, 12, day))
    client.get(
        "/"
    )  # the first visitor after the editors' writes reads the header and footer again (cms.chrome)
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before), "the home page's queries must not grow with the news"
    # Pinned: a new query on the home page must be a choice (the 15th reads the editors' featured projects).
    assert len(after) == 15
