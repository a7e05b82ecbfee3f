"""Suggestions for the directory's search box (``/annuaire/suggestions.json``): public structures only.

The keyboard behaviour of the combobox is checked in the browser journey (tests/browser/test_directory_journey.py).
"""

import pytest

import search
from directory.views import autocomplete
from ecosystem.models import ActorKind, Membership
from search.text import fold
from tests.factories import UserFactory
from tests.support.directory import add_actor, build_world
from tests.support.html import soup

pytestmark = pytest.mark.django_db

URL = "/en/annuaire/suggestions.json"


@pytest.fixture
def world(db):
    actors = build_world()
    actors["epicerie"] = add_actor(
        "epicerie", "Épicerie solidaire de Péronne", ActorKind.ASSOCIATION, "80620"
    )
    actors["perche"] = add_actor("perche", "La Perche Solidaire", ActorKind.COOPERATIVE, None)
    search.rebuild()
    return actors


def suggest(client, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200, response.content
    return response.json()


def names(data) -> list[str]:
    return [item["name"] for item in data["suggestions"]]


@pytest.mark.parametrize("text", ["pe", "per", "Pér", "PERONNE", "  péro "])
def test_suggestions_ignore_accents_and_case_and_list_public_names_by_name(client, world, text):
    found = names(suggest(client, text))
    assert "Épicerie solidaire de Péronne" in found
    assert "Péronne Secrète" not in found  # hidden
    assert found == sorted(found, key=fold)


def test_each_suggestion_says_what_and_where_with_a_link(client, world):
    data = suggest(client, "perch")
    assert data == {
        "query": "perch",
        "suggestions": [
            {
                "name": "La Perche Solidaire",
                "kind": "cooperative or social economy structure",
                "commune": "",
                "url": "/en/annuaire/perche/",
            }
        ],
    }
    assert suggest(client, "epic")["suggestions"][0]["commune"] == "Péronne"


def test_hidden_structures_are_never_suggested_even_to_their_members(client, world):
    member = UserFactory(email="membre@example.org")
    Membership.objects.create(user=member, actor=world["hidden"], role=Membership.Role.ADMIN)
    client.force_login(member)
    for text in ("secrete", "Péronne Secr", "pe"):
        assert "Péronne Secrète" not in names(suggest(client, text))


def test_at_most_eight_suggestions(client, world):
    for n in range(12):
        add_actor(f"pepiniere-{n:02d}", f"Pépinière {n:02d}", ActorKind.INCUBATOR, "80021")
    search.rebuild()
    found = names(suggest(client, "pepin"))
    assert found == [f"Pépinière {n:02d}" for n in range(autocomplete.LIMIT)]


def test_a_single_letter_asks_nothing_of_the_search(client, world, django_assert_num_queries):
    with django_assert_num_queries(0):
        data = suggest(client, "p")
    assert data == {"query": "p", "suggestions": []}
    assert suggest(client, "")["suggestions"] == []


def test_browsers_may_keep_an_answer_for_a_minute(client, world):
    response = client.get(URL, {"q": "per"})
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Give the beginning of a name in the “q” parameter."),
        ({"q": "x" * 101}, "The text is too long (100 characters at most)."),
    ],
)
def test_bad_parameters_answer_400_with_a_clear_message(client, world, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_suggestions_are_read_only(client, world):
    assert client.post(URL, {"q": "per"}).status_code == 405


def test_suggestion_queries_do_not_grow_with_the_matches(client, world, django_assert_max_num_queries):
    client.get(URL, {"q": "zz"})  # per-process caches (site settings) are not what is measured
    with django_assert_max_num_queries(3) as few_queries:
        few = suggest(client, "epic")
    for n in range(10):
        add_actor(f"epicerie-{n:02d}", f"Épicerie {n:02d}", ActorKind.ASSOCIATION, "80021")
    search.rebuild()
    with django_assert_max_num_queries(3) as many_queries:
        many = suggest(client, "epic")
    assert len(few["suggestions"]) == 1
    assert len(many["suggestions"]) == autocomplete.LIMIT
    assert len(many_queries) == len(few_queries)


def test_an_unavailable_search_backend_answers_503(client, world, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search._load.cache_clear()
    try:
        response = client.get(URL, {"q": "per"})
    finally:
        search._load.cache_clear()
    assert response.status_code == 503
    assert response.json() == {"detail": "Suggestions are temporarily unavailable."}


def test_the_directory_search_box_knows_where_to_ask(client, world):
    page = soup(client.get("/en/annuaire/"))
    box = page.select_one("[data-combobox-url]")
    assert box["data-combobox-url"] == URL
    assert box.find("input", attrs={"name": "q"}) is not None
