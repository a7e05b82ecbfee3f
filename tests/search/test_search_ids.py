"""``search.search_ids``, on every backend: the whole result set's ids in the search's order, capped, in one go."""

import pytest

import search
from ecosystem.models import Actor, Territory
from search import Near, Query

VISIBLE_BY_NAME = ["velo", "coop", "maison", "recyclerie", "tiers"]


def slugs_of(ids):
    return [actor.slug for actor in search.live(Actor, ids)]


def paged(query_kwargs):
    """The slugs of every page of ``search.search``, one row per page: what ``search_ids`` must match."""
    found, page = [], 1
    while True:
        results = search.search(Actor, Query(page=page, per_page=1, **query_kwargs))
        found += [actor.slug for actor in results.objects]
        if not results.has_next:
            return found
        page += 1


@pytest.mark.parametrize(
    "query_kwargs",
    [
        {},
        {"sort": "updated"},
        {"text": "réemploi"},
        {"text": "peronne"},
        {"text": '"'},
        {"filters": {"kind": ["association", "third_place"]}},
    ],
)
def test_ids_are_the_whole_result_set_in_the_search_order(world, query_kwargs):
    hits = search.search_ids(Actor, Query(**query_kwargs))
    assert slugs_of(hits.object_ids) == paged(query_kwargs)
    assert hits.total == len(hits.object_ids)
    assert hits.facets == {}


def test_the_cap_keeps_the_first_ids_and_the_true_total(world):
    hits = search.search_ids(Actor, Query(sort="name"), limit=2)
    assert slugs_of(hits.object_ids) == VISIBLE_BY_NAME[:2]
    assert hits.total == 5
    assert slugs_of(search.search_ids(Actor, Query(sort="name"), limit=5).object_ids) == VISIBLE_BY_NAME
    with pytest.raises(ValueError, match="limit"):
        search.search_ids(Actor, Query(), limit=0)


def test_the_page_of_the_query_is_ignored(world):
    hits = search.search_ids(Actor, Query(sort="name", page=3, per_page=2))
    assert slugs_of(hits.object_ids) == VISIBLE_BY_NAME


def test_distances_come_with_the_ids(world):
    peronne = Territory.objects.get(level=Territory.Level.COMMUNE, code="80620")
    hits = search.search_ids(Actor, Query(near=Near.around(peronne, 70), sort="distance"))
    assert slugs_of(hits.object_ids) == ["recyclerie", "tiers", "velo"]
    distances = [hits.distances[pk] for pk in hits.object_ids]
    assert distances == sorted(distances)
    assert distances[0] < 1


def test_hidden_or_deleted_actors_never_come_back_as_objects(world):
    actors = world[0]
    Actor.objects.filter(pk=actors["recyclerie"].pk).update(is_public=False)  # stale index
    Actor.objects.filter(pk=actors["maison"].pk).delete()
    hits = search.search_ids(Actor, Query(sort="name"))
    assert slugs_of(hits.object_ids) == ["velo", "coop", "tiers"]
    assert actors["secret"].pk not in hits.object_ids
