"""Creating and editing an actor: slug, identifiers, commune typed by a person, themes, resources, tags.

The communes come from a small région (``small_region``, tests/fixtures/territories.py): loading the whole
committed région for each test would take seconds.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils.text import capfirst

from ecosystem.models import Actor, Membership, Resource, Theme
from tests.factories import UserFactory
from tests.support.forms import actor_data
from tests.support.html import field_value, form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator(client, db):
    user = UserFactory(email="fondatrice@jardins.example", display_name="Inès Fondatrice")
    client.force_login(user)
    return user


# --- creating -------------------------------------------------------------------------------------------


def test_creating_an_actor_makes_the_creator_its_admin(client, creator, small_region):
    themes = list(Theme.objects.all()[:2])
    offer, seek = Resource.objects.all()[:2]
    response = client.post(
        "/structures/nouvelle/",
        actor_data(
            siren="732 829 320",
            siret="732.829.320 00074",
            rna="w802001234",
            commune="amiens",
            themes=[t.pk for t in themes],
            offers=[offer.pk],
            seeks=[seek.pk],
            offers_tags="jardinage,  compost , Jardinage",
            seeks_tags="bénévoles",
        ),
    )
    actor = Actor.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/annuaire/{actor.slug}/"
    assert actor.slug == "les-jardins-partages"
    assert (actor.siren, actor.siret, actor.rna) == ("732829320", "73282932000074", "W802001234")
    assert actor.commune.code == "80021"
    assert set(actor.themes.all()) == set(themes)
    assert list(actor.offers.all()) == [offer]
    assert list(actor.seeks.all()) == [seek]
    assert actor.offers_tags == ["jardinage", "compost"]
    assert actor.seeks_tags == ["bénévoles"]
    assert Membership.objects.get(actor=actor).user == creator
    assert Membership.objects.get(actor=actor).role == Membership.Role.ADMIN
    assert (
        "Structure créée. Vous en êtes administrateur·rice."
        in client.get(response["Location"]).content.decode()
    )


def test_slug_gets_a_suffix_when_the_name_is_taken(client, creator, small_region):
    for _ in range(3):
        client.post("/structures/nouvelle/", actor_data(name="Tiers-Lieu d'Amiens"))
    assert sorted(Actor.objects.values_list("slug", flat=True)) == [
        "tiers-lieu-damiens",
        "tiers-lieu-damiens-2",
        "tiers-lieu-damiens-3",
    ]


def test_siret_must_start_with_the_siren_and_nothing_typed_is_lost(client, creator, small_region):
    response = client.post(
        "/en/structures/nouvelle/",
        actor_data(
            siren="732829320",
            siret="443 061 841 00047",
            description="Notre description.",
            seeks_tags="local, bénévoles",
            commune="Péronne",
        ),
    )
    assert response.status_code == 200
    assert not Actor.objects.exists()
    assert "SIRET" in form_errors(response)
    assert "732829320" in form_errors(response)
    assert field_value(response, "name") == "Les Jardins Partagés"
    assert field_value(response, "siret") == "443 061 841 00047"  # shown as typed
    assert field_value(response, "commune") == "Péronne"
    assert field_value(response, "seeks_tags") == "local, bénévoles"
    assert field_value(response, "description").strip() == "Notre description."


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("siren", "732 829 321", "check digit"),
        ("siren", "1234", "9 digits"),
        ("siret", "7328293200007", "14 digits"),
        ("rna", "802001234", "W followed by 9 digits"),
    ],
)
def test_invalid_identifiers_are_explained(client, creator, small_region, field, value, expected):
    response = client.post("/en/structures/nouvelle/", actor_data(**{field: value}))
    assert response.status_code == 200
    assert expected in form_errors(response)
    assert not Actor.objects.exists()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Amiens", "80021"),
        ("peronne", "80620"),
        ("80200", "80620"),
        ("80620", "80620"),
        ("Villers-Bocage (60)", "60673"),
        ("Boves (80)", "80131"),
        ("Villers-Bocage (80799)", "80799"),
    ],
)
def test_commune_is_found_from_what_people_type(client, creator, small_region, typed, code):
    response = client.post("/structures/nouvelle/", actor_data(commune=typed))
    assert response.status_code == 302, form_errors(response)
    assert Actor.objects.get().commune.code == code


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("80440", ["Boves (80131)", "Glisy (80379)"]),
        ("villers bocage", ["Villers-Bocage (80799)", "Villers-Bocage (60673)"]),
    ],
)
def test_ambiguous_commune_lists_the_candidates(client, creator, small_region, typed, candidates):
    response = client.post("/structures/nouvelle/", actor_data(commune=typed))
    assert response.status_code == 200
    assert form_errors(response)
    choices = BeautifulSoup(response.content, "html.parser").select("input[name=commune-choice]")
    assert {choice["value"] for choice in choices} == set(candidates)
    assert not Actor.objects.exists()
    # A choice can be ticked, or typed back as it is shown.
    response = client.post(
        "/structures/nouvelle/", actor_data(commune=typed, **{"commune-choice": candidates[0]})
    )
    assert response.status_code == 302
    response = client.post("/structures/nouvelle/", actor_data(commune=candidates[1], name="Autre"))
    assert response.status_code == 302


def test_unknown_commune_is_a_field_error(client, creator, small_region):
    response = client.post("/structures/nouvelle/", actor_data(commune="Atlantide"))
    assert response.status_code == 200
    assert "Atlantide" in form_errors(response)
    assert not Actor.objects.exists()


def test_form_groups_resources_and_lists_themes(client, creator, small_region):
    soup = BeautifulSoup(client.get("/structures/nouvelle/").content, "html.parser")
    html = soup.get_text(" ")
    legends = [legend.get_text(" ", strip=True) for legend in soup.find_all("legend")]
    groups = {capfirst(r.get_group_display()) for r in Resource.objects.all()}
    # Each checkbox group is a fieldset named by its field, and each vocabulary group a fieldset inside it.
    assert groups <= set(legends)
    assert {
        "Thématiques",
        "Compétences et ressources que vous proposez",
        "Compétences et ressources que vous recherchez",
    } <= set(legends)
    for theme in Theme.objects.all():
        assert theme.name in html


# --- editing --------------------------------------------------------------------------------------------


def test_admin_edits_the_actor_and_the_form_shows_current_values(client, creator, small_region):
    client.post("/structures/nouvelle/", actor_data(commune="Boves (80)", offers_tags="compost, semis"))
    actor = Actor.objects.get()
    response = client.get(f"/structures/{actor.slug}/modifier/")
    assert field_value(response, "commune") == "Boves (80131)"
    assert field_value(response, "offers_tags") == "compost, semis"
    response = client.post(
        f"/structures/{actor.slug}/modifier/",
        actor_data(name="Jardins Partagés de Boves", commune="Boves (80)", is_public=None, size="1-9"),
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "Jardins Partagés de Boves"
    assert actor.slug == "les-jardins-partages"  # the public address does not move
    assert actor.is_public is False
    assert actor.size == "1-9"
    assert actor.offers_tags == []


def test_edit_errors_keep_the_stored_actor_unchanged(client, creator, small_region):
    client.post("/structures/nouvelle/", actor_data())
    actor = Actor.objects.get()
    response = client.post(f"/en/structures/{actor.slug}/modifier/", actor_data(name="", siren="123"))
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").select_one(".error-summary").get_text(" ")
    assert re.search(r"Name\s*:", summary, re.IGNORECASE)
    assert "SIREN" in summary
    actor.refresh_from_db()
    assert actor.name == "Les Jardins Partagés"
    assert actor.siren == ""
