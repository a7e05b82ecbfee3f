"""Theme and resource names follow the page's language (ecosystem/translation.py): English under /en/, French
under /, and French again under /en/ for a term nobody has translated yet. Staff write both in the admin."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.users.models import UserProfile

import search
from ecosystem.models import Actor, ActorKind, Marker, Resource, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return Theme.objects.create(
        name_fr="Alimentation durable", name_en="Sustainable food", slug="alimentation-durable", order=90
    )


@pytest.fixture
def untranslated():
    return Theme.objects.create(name_fr="Tiers-lieux nourriciers", slug="tiers-lieux-nourriciers", order=91)


@pytest.fixture
def resource():
    return Resource.objects.create(
        name_fr="Cuisine partagée", name_en="Shared kitchen", slug="cuisine-partagee", group="resource"
    )


@pytest.fixture
def actor(theme, untranslated, resource):
    actor = Actor.objects.create(
        slug="epicerie", name="Épicerie du Marais", kind=ActorKind.ASSOCIATION, is_public=True
    )
    actor.themes.add(theme, untranslated)
    actor.offers.add(resource)
    search.rebuild()
    return actor


def badges(client, prefix) -> list[str]:
    """The theme and resource badges of the structure's public page under ``prefix`` ("" or "/en")."""
    response = client.get(f"{prefix}/annuaire/epicerie/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [badge.get_text(strip=True) for badge in html.select(".tag-list .badge")]


def facet(client, prefix, name) -> dict[str, str]:
    """``{value: label without its count}`` of the directory facet ``name`` under ``prefix``."""
    html = BeautifulSoup(client.get(f"{prefix}/annuaire/").content, "html.parser")
    return {
        box["value"]: html.find("label", attrs={"for": box["id"]})
        .get_text(" ", strip=True)
        .rsplit(" (", 1)[0]
        for box in html.find_all("input", attrs={"type": "checkbox", "name": name})
    }


def test_the_structure_page_names_themes_and_resources_in_the_pages_language(client, actor):
    english = badges(client, "/en")
    assert "Sustainable food" in english
    assert "Shared kitchen" in english
    assert "Alimentation durable" not in english
    assert "Cuisine partagée" not in english

    french = badges(client, "")
    assert "Alimentation durable" in french
    assert "Cuisine partagée" in french
    assert "Sustainable food" not in french


def test_the_directory_facets_name_themes_in_the_pages_language(client, actor):
    assert facet(client, "/en", "themes")["alimentation-durable"] == "Sustainable food"
    assert facet(client, "", "themes")["alimentation-durable"] == "Alimentation durable"
    assert facet(client, "/en", "offers")["cuisine-partagee"] == "Shared kitchen"


def test_a_term_without_an_english_name_falls_back_to_french(client, actor):
    assert "Tiers-lieux nourriciers" in badges(client, "/en")
    assert facet(client, "/en", "themes")["tiers-lieux-nourriciers"] == "Tiers-lieux nourriciers"


def test_the_seeded_themes_have_english_names():
    seeded = Theme.objects.get(slug="economie-circulaire")
    assert (seeded.name_fr, seeded.name_en) == (
        "Économie circulaire et écologie industrielle",
        "Circular economy and industrial ecology",
    )


def test_an_english_name_written_in_the_admin_shows_at_once(
    client, actor, untranslated, django_capture_on_commit_callbacks
):
    staff = get_user_model().objects.create_user(
        email="region@essaim.example", password="une-phrase-de-passe-solide", is_staff=True, is_superuser=True
    )
    staff_client = type(client)()
    staff_client.force_login(staff)
    data = {
        "name_fr": "Tiers-lieux nourriciers",
        "name_en": "Food third places",
        "slug": "tiers-lieux-nourriciers",
        "description_fr": "",
        "description_en": "",
        "order": 91,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/themes/edit/{untranslated.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Food third places" in badges(client, "/en")
    assert facet(client, "/en", "themes")["tiers-lieux-nourriciers"] == "Food third places"
    assert "Tiers-lieux nourriciers" in badges(client, "")  # French unchanged
    # The search index keeps the French name whatever the admin's language: the theme still finds the structure.
    html = BeautifulSoup(client.get("/en/annuaire/", {"q": "nourriciers"}).content, "html.parser")
    assert [link.get_text(strip=True) for link in html.select(".card h3 a")] == ["Épicerie du Marais"]


def test_the_search_index_keeps_french_names_whatever_language_indexes_them(client, actor):
    with translation.override("en"):
        search.rebuild()  # e.g. a structure saved from an English page re-indexes it
    html = BeautifulSoup(client.get("/annuaire/", {"q": "alimentation durable"}).content, "html.parser")
    assert [link.get_text(strip=True) for link in html.select(".card h3 a")] == ["Épicerie du Marais"]


def test_the_markers_grid_in_an_english_admin_leaves_english_names_alone(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"  # the admin runs in English: a bare "name" would be the English one
    profile.save()
    markers = list(Marker.objects.order_by("pk"))
    data = {"form-TOTAL_FORMS": len(markers), "form-INITIAL_FORMS": len(markers)}
    for index, marker in enumerate(markers):
        data.update(
            {
                f"form-{index}-id": marker.pk,
                f"form-{index}-name_fr": marker.name_fr,
                f"form-{index}-dimension": marker.dimension,
                f"form-{index}-order": marker.order,
                f"form-{index}-is_active": "on",
            }
        )
    data["form-0-name_fr"] = "Besoin social"
    response = admin_client.post("/admin/markers/grid/", data)
    assert response.status_code == 302
    first = Marker.objects.get(pk=markers[0].pk)
    assert (first.name_fr, first.name_en) == ("Besoin social", markers[0].name_en)
