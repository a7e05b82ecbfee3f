"""Staff edits in the Wagtail admin reach the public side at once: every admin writer goes through an action
that re-indexes what it affects on commit (no ``search_index --rebuild`` needed)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

import search
from ecosystem.models import Actor, ActorKind, Resource, Theme

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/annuaire/"


@pytest.fixture
def staff_client(client):
    staff = get_user_model().objects.create_user(
        email="region@essaim.example", password="une-phrase-de-passe-solide", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    return client


@pytest.fixture
def theme():
    return Theme.objects.create(name="Tiers-lieux nourriciers", slug="tiers-lieux-nourriciers", order=90)


@pytest.fixture
def resource():
    return Resource.objects.create(name="Cuisine partagée", slug="cuisine-partagee", group="resource")


@pytest.fixture
def structures(theme, resource):
    """Two public structures tagged with the theme and offering the resource, indexed as they are."""
    made = []
    for slug, name in (("epicerie", "Épicerie du Marais"), ("jardin", "Jardin de la Hotoie")):
        actor = Actor.objects.create(slug=slug, name=name, kind=ActorKind.ASSOCIATION, is_public=True)
        actor.themes.add(theme)
        actor.offers.add(resource)
        made.append(name)
    search.rebuild()
    return made


def page(client, params=None) -> BeautifulSoup:
    return BeautifulSoup(client.get(DIRECTORY, params or {}).content, "html.parser")


def listed(client, params) -> list[str]:
    """Names of the structures the directory lists for ``params``."""
    return sorted(link.get_text(strip=True) for link in page(client, params).select(".card h3 a"))


def facet(client, name) -> dict[str, str]:
    """``{value: label}`` of the facet ``name`` on the unfiltered directory."""
    html = page(client)
    return {
        box["value"]: html.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        for box in html.find_all("input", attrs={"type": "checkbox", "name": name})
    }


def edit(staff_client, viewset, obj, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/{viewset}/edit/{obj.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_renaming_a_theme_in_the_admin_moves_its_structures_to_the_new_name_and_slug(
    staff_client, client, theme, structures, django_capture_on_commit_callbacks
):
    assert listed(client, {"themes": "tiers-lieux-nourriciers"}) == sorted(structures)
    data = {
        "name_fr": "Alimentation durable",
        "slug": "alimentation-durable",
        "description_fr": "",
        "order": 90,
    }
    edit(staff_client, "themes", theme, data, django_capture_on_commit_callbacks)

    assert listed(client, {"themes": "alimentation-durable"}) == sorted(structures)
    assert listed(client, {"q": "alimentation durable"}) == sorted(structures)
    assert listed(client, {"q": "nourriciers"}) == []  # the old name no longer matches
    # The facet offers the new name, with the count of its structures.
    themes = facet(client, "themes")
    assert themes["alimentation-durable"] == "Alimentation durable (2 results)"
    assert "tiers-lieux-nourriciers" not in themes


def test_renaming_a_resource_in_the_admin_reindexes_the_structures_offering_it(
    staff_client, client, resource, structures, django_capture_on_commit_callbacks
):
    data = {"name_fr": "Cuisine collective", "slug": "cuisine-collective", "group": "resource"}
    edit(staff_client, "resources", resource, data, django_capture_on_commit_callbacks)

    assert listed(client, {"offers": "cuisine-collective"}) == sorted(structures)
    assert listed(client, {"q": "collective"}) == sorted(structures)
    assert listed(client, {"q": "partagee"}) == []


def test_deleting_a_theme_in_the_admin_removes_it_from_the_index(
    staff_client, client, theme, structures, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/themes/delete/{theme.pk}/")
    assert response.status_code == 302
    assert listed(client, {"q": "nourriciers"}) == []
