"""Place and structure inputs of the forms (issue 11): the postal code « 80200 » no longer lands in Cocquerel,
a choice list comes back without JavaScript, and the suggestion endpoints the combobox reads.
"""

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

import search
from ecosystem.forms.places import TerritoriesField, resolve_actor
from ecosystem.models import Actor, ActorKind, User
from tests.ecosystem.place_fixtures import HAUTE_SOMME, somme  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("somme")]

ACTOR = {"name": "Tiers-lieu du Vermandois", "kind": "third_place", "description": "Un tiers-lieu.",
         "open_to_partnerships": "on", "is_public": "on"}  # fmt: skip


@pytest.fixture
def creator(client, db):
    user = User.objects.create_user(email="creatrice@example.org", password="une-phrase-solide-2026")
    client.force_login(user)
    return user


def choices(response, name) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        radio["value"]: soup.find("label", attrs={"for": radio["id"]}).get_text(" ", strip=True)
        for radio in soup.find_all("input", attrs={"type": "radio", "name": f"{name}-choice"})
    }


def test_a_structure_created_with_postal_code_80200_is_chosen_among_its_communes(client, creator):
    response = client.post("/structures/nouvelle/", {**ACTOR, "commune": "80200"})
    assert response.status_code == 200
    assert not Actor.objects.exists()
    offered = choices(response, "commune")
    assert list(offered) == ["Péronne (80620)", "Doingt (80240)", "Biaches (80102)"]
    assert HAUTE_SOMME in offered["Péronne (80620)"]  # each choice names its EPCI
    assert "Cocquerel" not in response.content.decode()
    # Ticking Péronne keeps the structure in Péronne.
    response = client.post(
        "/structures/nouvelle/", {**ACTOR, "commune": "80200", "commune-choice": "Péronne (80620)"}
    )
    assert response.status_code == 302
    assert Actor.objects.get().commune.name == "Péronne"


def test_editing_a_structure_in_peronne_keeps_it_in_peronne(client, creator):
    client.post("/structures/nouvelle/", {**ACTOR, "commune": "INSEE 80620"})
    actor = Actor.objects.get()
    form = BeautifulSoup(client.get(f"/structures/{actor.slug}/modifier/").content, "html.parser")
    shown = form.find("input", attrs={"name": "commune"})["value"]
    assert shown == "Péronne (80620)"
    response = client.post(f"/structures/{actor.slug}/modifier/", {**ACTOR, "commune": shown})
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.commune.name == "Péronne"


def test_the_directory_near_a_commune_offers_the_communes_of_a_postal_code(client):
    response = client.get("/annuaire/", {"commune": "80200"})
    assert response.status_code == 200
    assert list(choices(response, "commune")) == ["Péronne (80620)", "Doingt (80240)", "Biaches (80102)"]
    response = client.get("/annuaire/", {"commune": "80200", "commune-choice": "Péronne (80620)"})
    assert response.context["form"].commune_obj.name == "Péronne"


def test_the_form_field_is_a_combobox_over_the_suggestions(client, creator):
    soup = BeautifulSoup(client.get("/structures/nouvelle/").content, "html.parser")
    wrapper = soup.find("input", attrs={"name": "commune"}).find_parent(attrs={"data-combobox-url": True})
    assert wrapper["data-combobox-url"] == "/territoires/suggestions.json?level=commune"


# --- suggestion endpoints -----------------------------------------------------------------------------


def suggest(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert "public" in response["Cache-Control"]
    return response.json()["suggestions"]


def test_territory_suggestions_match_words_and_abbreviations(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = suggest(client, "/territoires/suggestions.json", q="haute somme")
    assert found[0]["value"] == f"{HAUTE_SOMME} (200037133)"
    assert suggest(client, "/territoires/suggestions.json", q="80200", level="commune")[0] == {
        "value": "Péronne (80620)",
        "name": "Péronne",
        "detail": f"commune · 80200, 80201 · {HAUTE_SOMME}",
    }


def test_territory_suggestions_are_bounded_and_refuse_long_text(client):
    assert len(suggest(client, "/territoires/suggestions.json", q="80")) <= 8
    assert suggest(client, "/territoires/suggestions.json", q="p") == []
    assert client.get("/territoires/suggestions.json", {"q": "x" * 101}).status_code == 400
    assert client.get("/territoires/suggestions.json").status_code == 400


def test_structure_suggestions_are_public_only(client):
    for name, public in (("Vélo Solidaire Péronne", True), ("Vélo Secret Péronne", False)):
        Actor.objects.create(name=name, slug=name.lower().replace(" ", "-").replace("é", "e"),
                             kind=ActorKind.ASSOCIATION, is_public=public)  # fmt: skip
    search.rebuild()
    names = [item["name"] for item in suggest(client, "/structures/suggestions.json", q="velo")]
    assert names == ["Vélo Solidaire Péronne"]


def test_structure_suggestions_take_the_same_queries_for_one_or_many(client):
    def count(text):
        with CaptureQueriesContext(connection) as queries:
            suggest(client, "/structures/suggestions.json", q=text)
        return len(queries)

    Actor.objects.create(name="Ruche Alpha", slug="ruche-alpha", kind=ActorKind.ASSOCIATION, is_public=True)
    search.rebuild()
    one = count("ruche")
    for n in range(6):
        Actor.objects.create(name=f"Ruche {n}", slug=f"ruche-{n}", kind=ActorKind.ASSOCIATION, is_public=True)
    search.rebuild()
    assert count("ruche") == one


def test_a_list_of_territories_offers_the_choices_of_the_line_that_failed():
    class Served(forms.Form):
        territories = TerritoriesField(required=False)

    form = Served(data={"territories": "Amiens\n80200"})
    assert not form.is_valid()
    offered = [value for value, _label in form.fields["territories"].widget.offered]
    assert offered == ["1|Péronne (80620)", "1|Doingt (80240)", "1|Biaches (80102)"]
    assert 'name="territories-choice"' in str(form["territories"])
    form = Served(data={"territories": "Amiens\n80200", "territories-choice": "1|Péronne (80620)"})
    assert form.is_valid(), form.errors
    assert [t.name for t in form.cleaned_data["territories"]] == ["Amiens", "Péronne"]


def test_a_structure_name_with_a_typo_offers_what_is_near():
    nord = Actor.objects.create(
        name="Centre Social Nord", slug="centre-social-nord", kind=ActorKind.ASSOCIATION
    )
    search.rebuild()
    actor, offered, message = resolve_actor(Actor.objects.all(), "Centre Socail Nrod")
    assert actor is None
    assert offered == [nord]
    assert "Centre Socail Nrod" in message
    actor, offered, _message = resolve_actor(Actor.objects.all(), "centre social")
    assert actor == nord  # one structure has every word: it is meant
