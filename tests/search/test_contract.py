"""The search contract, run against every available backend: same queries, same results, same order.

``database`` runs on the configured database (SQLite by default, PostgreSQL with DATABASE_URL);
``elasticsearch`` runs when ELASTICSEARCH_URL answers (the service lane), on throw-away indices.
"""

import socket

import pytest
from django.core.management import CommandError, call_command

import search
from ecosystem.models import Actor, ActorKind, Project, Territory
from search import Near, Query


def slugs(results):
    return [obj.slug for obj in results.objects]


VISIBLE_BY_NAME = ["velo", "coop", "maison", "recyclerie", "tiers"]


@pytest.mark.parametrize("text", ["peronne", "Péronne", "PERONNE", "péRONNE"])
def test_accents_and_case_do_not_matter_and_the_name_outranks_the_description(world, text):
    results = search.search(Actor, Query(text=text))
    assert slugs(results) == ["recyclerie", "velo"]
    assert results.total == 2


@pytest.mark.parametrize("text", ["recyclarie", "Recycleri", "cooperatuve lilloise"])
def test_a_one_letter_typo_still_finds_the_actor(world, text):
    expected = "coop" if "lill" in text else "recyclerie"
    assert slugs(search.search(Actor, Query(text=text))) == [expected]


def test_every_word_must_match(world):
    assert slugs(search.search(Actor, Query(text="réemploi vélos"))) == ["tiers"]
    assert search.search(Actor, Query(text="réemploi introuvablissime")).total == 0


def test_an_empty_query_with_filters_lists_matches_by_name(world):
    results = search.search(Actor, Query(filters={"kind": [ActorKind.ASSOCIATION]}))
    assert slugs(results) == ["velo", "recyclerie"]
    both = search.search(Actor, Query(filters={"kind": [ActorKind.ASSOCIATION, ActorKind.COOPERATIVE]}))
    assert slugs(both) == ["velo", "coop", "recyclerie"]
    anded = search.search(
        Actor, Query(filters={"kind": [ActorKind.ASSOCIATION], "themes": ["contrat-circularite"]})
    )
    assert slugs(anded) == ["recyclerie"]


def test_facets_count_the_whole_result_set_and_add_up(world):
    everything = search.search(Actor, Query(per_page=1))
    assert everything.total == len(VISIBLE_BY_NAME)
    assert sum(everything.facets["kind"].values()) == everything.total
    assert everything.facets["kind"] == {"association": 2, "cooperative": 1, "third_place": 1, "company": 1}
    assert everything.facets["themes"] == {"contrat-circularite": 3, "contrat-mobilites": 2}
    assert everything.facets["departement"] == {"80": 3, "59": 1}

    circular = search.search(Actor, Query(filters={"themes": ["contrat-circularite"]}))
    assert circular.total == 3
    assert sum(circular.facets["kind"].values()) == circular.total
    assert circular.facets["kind"] == {"association": 1, "cooperative": 1, "third_place": 1}


def test_distance_filter_and_sort(world):
    peronne = Territory.objects.get(level=Territory.Level.COMMUNE, code="80620")
    near = search.search(Actor, Query(near=Near.around(peronne, 30), sort="distance"))
    assert slugs(near) == ["recyclerie", "tiers"]
    assert near.distances[world[0]["recyclerie"].pk] < 1
    assert 10 < near.distances[world[0]["tiers"].pk] < 30
    wider = search.search(Actor, Query(near=Near.around(peronne, 70), sort="distance"))
    assert slugs(wider) == ["recyclerie", "tiers", "velo"]
    distances = [wider.distances[a.pk] for a in wider.objects]
    assert distances == sorted(distances)
    assert wider.facets["kind"] == {"association": 2, "third_place": 1}
    by_name = search.search(Actor, Query(near=Near.around(peronne, 70), sort="name"))
    assert slugs(by_name) == ["velo", "recyclerie", "tiers"]
    with_text = search.search(Actor, Query(text="vélos", near=Near.around(peronne, 70), sort="distance"))
    assert slugs(with_text) == ["tiers", "velo"]


def test_recently_updated_first(world):
    results = search.search(Actor, Query(sort="updated"))
    assert slugs(results) == ["velo", "tiers", "coop", "maison", "recyclerie"]


def test_pagination_edges(world):
    pages = [search.search(Actor, Query(sort="name", page=n, per_page=2)) for n in (1, 2, 3, 4)]
    assert [slugs(p) for p in pages] == [["velo", "coop"], ["maison", "recyclerie"], ["tiers"], []]
    assert {p.total for p in pages} == {5}
    assert pages[0].num_pages == 3
    assert pages[0].has_next
    assert not pages[0].has_previous
    assert not pages[2].has_next
    exact = search.search(Actor, Query(sort="name", per_page=5))
    assert slugs(exact) == VISIBLE_BY_NAME
    assert exact.num_pages == 1
    with pytest.raises(ValueError, match="page starts at 1"):
        Query(page=0)
    with pytest.raises(ValueError, match="needs a point"):
        Query(sort="distance")


def test_hidden_actors_are_never_returned(world):
    assert search.search(Actor, Query(text="secrète")).total == 0
    assert "secret" not in slugs(search.search(Actor, Query(text="réemploi réparation", per_page=50)))
    assert search.suggest(Actor, "secr") == []
    assert search.index(world[0]["secret"])
    assert search.search(Actor, Query(text="secrète")).total == 0


def test_a_stale_index_never_shows_an_actor_hidden_or_deleted_since(world):
    actors = world[0]
    Actor.objects.filter(pk=actors["recyclerie"].pk).update(is_public=False)  # no reindex: stale index
    Actor.objects.filter(pk=actors["maison"].pk).delete()
    found = slugs(search.search(Actor, Query(text="peronne")))
    assert "recyclerie" not in found
    assert "velo" in found
    assert "maison" not in slugs(search.search(Actor, Query(per_page=50)))
    assert search.suggest(Actor, "recy") == []


def test_index_and_unindex_follow_changes(world):
    actors = world[0]
    new = Actor.objects.create(name="Épicerie Péronnaise", slug="epicerie", kind=ActorKind.COOPERATIVE)
    assert "epicerie" not in slugs(search.search(Actor, Query(text="épicerie")))
    search.index(new)
    assert slugs(search.search(Actor, Query(text="EPICERIE"))) == ["epicerie"]
    search.unindex(new)
    assert search.search(Actor, Query(text="epicerie")).total == 0
    actors["coop"].is_public = False
    actors["coop"].save()
    search.index(actors["coop"])  # no longer visible: removed
    assert search.search(Actor, Query(text="lilloise")).total == 0


def test_autocomplete_suggests_titles_by_word_prefix(world):
    assert [a.slug for a in search.suggest(Actor, "pér")] == ["recyclerie"]
    assert [a.slug for a in search.suggest(Actor, "AT")] == ["velo"]
    assert [a.slug for a in search.suggest(Actor, "l")] == ["coop", "tiers"]
    assert search.suggest(Actor, "") == []


def test_more_like_this_finds_similar_visible_actors(world):
    similar = [a.slug for a in search.more_like_this(world[0]["recyclerie"])]
    assert similar[0] == "tiers"
    assert "recyclerie" not in similar
    assert "secret" not in similar


def test_projects_show_only_published_ones_of_public_lead_actors(world):
    results = search.search(Project, Query(text="repair café"))
    assert slugs(results) == ["repair"]
    assert search.search(Project, Query()).total == 1
    assert search.search(Project, Query(filters={"phase": ["emergence"]})).facets["phase"] == {"emergence": 1}


def test_rebuild_command_reindexes_everything(world, capsys):
    search.get_backend().clear(search.get_spec(Actor))
    assert search.search(Actor, Query()).total == 0
    call_command("search_index", "--rebuild")
    assert search.search(Actor, Query()).total == 5
    assert "ecosystem.actor: 5/5" in capsys.readouterr().err


def test_a_project_disappears_when_its_lead_actor_is_hidden_even_before_reindexing(world):
    actors, _projects = world
    Actor.objects.filter(pk=actors["recyclerie"].pk).update(is_public=False)
    assert search.search(Project, Query(text="repair")).objects == []


def test_unindex_by_model_and_pk_after_a_delete(world):
    maison = world[0]["maison"]
    pk = maison.pk
    maison.delete()
    assert search.unindex(Actor, pk)
    assert "maison" not in slugs(search.search(Actor, Query(per_page=50)))
    assert search.search(Actor, Query(per_page=50)).total == 4


def test_rebuild_needs_the_flag_and_a_known_model(db):
    with pytest.raises(CommandError, match="--rebuild"):
        call_command("search_index")
    with pytest.raises(CommandError, match="not searchable"):
        call_command("search_index", "--rebuild", "--model", "ecosystem.theme")


def test_indexing_does_not_break_a_request_when_elasticsearch_is_down(db, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    search._load.cache_clear()
    try:
        actor = Actor.objects.create(name="Hors ligne", slug="hors-ligne", kind=ActorKind.COMPANY)
        assert search.index(actor) is False
        assert search.unindex(actor) is False
        with pytest.raises(search.SearchBackendUnavailable):
            search.search(Actor, Query(text="ligne"))
    finally:
        search._load.cache_clear()
