"""The exact number of queries of the directory page, its search and the project list (issue #15).

The figures are pinned, not bounded: a query added to these pages (a facet counted per value, a relation read
per card, a vocabulary read twice) fails here with the list of queries, where a bound would let it in. They
hold whatever the number of results: the tests add results and count again.
"""

import pytest
from django.db import connection

import search
from ecosystem.models import Actor, ActorKind, Theme
from search import Near, Query
from tests.factories import ActorFactory, ProjectFactory
from tests.support.directory import add_actor, build_world, commune

pytestmark = pytest.mark.django_db

# A page seen before, as every visitor but the first after a change sees it: the backend's answer (count,
# facets, page of ids), the facets' HTML and the cards' HTML come from the cache, under the index generation
# (search.generation), and so do the form's three vocabularies (themes, resources, départements) and the
# header and footer (the site, its settings and the pages they link: cms.chrome). So: the generation (one
# row, read once for the whole request: generation.for_request); the page's actors, read live (a structure
# hidden since is never shown). The cards' communes and themes are read only when the cards are rendered
# (once per generation). The cached answers are in the process's memory: no query.
DIRECTORY_PAGE = 2
# The same, plus the commune of "near a commune" (the text's words and ranks are part of the cached answer).
DIRECTORY_SEARCH = DIRECTORY_PAGE + 1
# The text's full-text ranks, read apart on SQLite (one query per match level, here one); PostgreSQL ranks
# in the ordered query itself.
RANKS = 1 if connection.vendor == "sqlite" else 0
# Vocabularies (themes, the calls' labels, départements and EPCIs), the generation (read once for the search
# and the header and footer, which come from memory), the page's projects with their lead and commune, their
# open slots (the cards' key: slots change without a write to the index); the cards' themes and territories
# are read only when the cards are rendered.
PROJECT_LIST = 6


@pytest.fixture
def world(db, settings):
    if search.backend_path(settings.SEARCH_BACKEND) != search.backend_path("database"):
        pytest.skip("the figures are the database backend's (Elasticsearch answers over HTTP)")
    return build_world()


def count(client, url, params, django_assert_num_queries, expected):
    client.get(url, params)  # the first request of a site creates its settings row; not what is measured
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


def more_actors(theme, start=0, number=25):
    """Public associations in Doingt (2.5 km from Péronne) whose name has the word searched."""
    for n in range(start, start + number):
        add_actor(f"plus-{n:02d}", f"Insertion {n:02d}", ActorKind.ASSOCIATION, "80240", [theme])
    search.rebuild()


def test_the_directory_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    count(client, "/annuaire/", {}, django_assert_num_queries, DIRECTORY_PAGE)
    more_actors(Theme.objects.get(slug="annuaire-mobilites"))
    response = count(client, "/annuaire/", {}, django_assert_num_queries, DIRECTORY_PAGE)
    assert response.content.count(b'class="card"') == 20


def test_the_directory_search_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    params = {"q": "insertion", "kind": "association", "commune": "Péronne (80620)", "radius": "25"}
    theme = Theme.objects.get(slug="annuaire-mobilites")
    more_actors(theme, number=3)
    count(client, "/annuaire/", params, django_assert_num_queries, DIRECTORY_SEARCH)
    more_actors(theme, start=3)
    response = count(client, "/annuaire/", params, django_assert_num_queries, DIRECTORY_SEARCH)
    assert response.content.count(b'class="card"') == 20


def test_the_search_alone_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    """Text, a facet and a distance, as the benchmark asks: the generation, then the words, count, facets,
    (ranks,) page and objects; asked again, the generation and the objects (the rest is cached)."""
    peronne = commune("80620")
    query = Query(text="insertion", filters={"kind": ["association"]}, near=Near.around(peronne, 25))
    more_actors(Theme.objects.get(slug="annuaire-mobilites"))
    with django_assert_num_queries(6 + RANKS):
        results = search.search(Actor, query)
    assert results.total == 25
    assert results.facets["kind"] == {"association": 25}
    with django_assert_num_queries(2):
        again = search.search(Actor, query)
    assert again.objects == results.objects
    assert again.facets == results.facets


def test_the_project_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    lead = ActorFactory(name="Porteuse")
    ProjectFactory(lead_actor=lead, title="Premier projet", published=True)
    search.rebuild()
    count(client, "/projets/", {}, django_assert_num_queries, PROJECT_LIST)
    for n in range(25):
        ProjectFactory(lead_actor=lead, title=f"Projet {n:02d}", published=True)
    search.rebuild()
    response = count(client, "/projets/", {}, django_assert_num_queries, PROJECT_LIST)
    assert response.content.count(b'class="card"') == 20
