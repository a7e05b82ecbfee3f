"""The standard page's list of structures or projects chosen by filter (cms/listing.py): the directory's search,
its filters and its visibility (no hidden structure, no draft project)."""

import pytest
from bs4 import BeautifulSoup

import search
from cms.listing import DirectoryListBlock
from ecosystem.models import ActorKind, Territory
from tests.factories import ActorFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def render(**value):
    block = DirectoryListBlock()
    html = block.render(block.to_python({"kind": "projects", "number": 6, **value}))
    return BeautifulSoup(html, "html.parser")


def names(soup):
    return [a.get_text(strip=True) for a in soup.select(".card h3 a")]


@pytest.fixture
def world(territories):
    amiens = Territory.objects.get(level=Territory.Level.COMMUNE, code="80021")
    oise = Territory.objects.get(level=Territory.Level.COMMUNE, code="60581")
    mobility, food = ThemeFactory(name="Mobilité"), ThemeFactory(name="Alimentation")
    somme_assoc = ActorFactory(name="Vélos solidaires", commune=amiens, themes=[mobility])
    ActorFactory(name="Coop des champs", kind=ActorKind.COOPERATIVE, commune=oise, themes=[food])
    ActorFactory(name="Structure cachée", commune=amiens, themes=[mobility], is_public=False)
    hidden_lead = ActorFactory(name="Porteur caché", commune=amiens, is_public=False)
    bikes = ProjectFactory(title="Atelier vélo", lead_actor=somme_assoc, published=True, themes=[mobility])
    bikes.territories_served.set([amiens])
    ProjectFactory(title="Cantine partagée", lead_actor=somme_assoc, published=True, themes=[food])
    ProjectFactory(title="Projet brouillon", lead_actor=somme_assoc, themes=[mobility])
    ProjectFactory(
        title="Projet d'un porteur caché", lead_actor=hidden_lead, published=True, themes=[mobility]
    )
    search.rebuild()
    return {"mobility": mobility, "food": food}


def test_projects_are_the_published_ones_of_public_structures(world):
    assert sorted(names(render())) == ["Atelier vélo", "Cantine partagée"]


def test_structures_are_the_public_ones(world):
    assert sorted(names(render(kind="structures"))) == ["Coop des champs", "Vélos solidaires"]


def test_filters_by_theme_territory_and_kind(world):
    assert names(render(theme=world["mobility"].slug)) == ["Atelier vélo"]
    assert names(render(territory="80")) == ["Atelier vélo"]
    assert names(render(kind="structures", territory="60")) == ["Coop des champs"]
    assert names(render(kind="structures", actor_kind=ActorKind.COOPERATIVE)) == ["Coop des champs"]
    assert names(render(kind="structures", theme=world["mobility"].slug)) == ["Vélos solidaires"]


def test_the_number_shown_is_the_editors(world):
    assert len(names(render(number=1))) == 1


def test_an_empty_list_says_so_and_links_to_the_directory(world):
    soup = render(theme=world["food"].slug, territory="60")
    assert "Aucun projet ne correspond encore à cette liste." in soup.get_text()
    assert soup.find("a", string="Voir tous les projets")["href"] == "/projets/"


def test_the_list_costs_the_same_queries_whatever_its_length(world, settings, django_assert_num_queries):
    # The index generation (the search's answers are cached under it), then the database backend searches in
    # SQL (the count and the ids); Elasticsearch answers over HTTP. Then the rows, their themes and served
    # territories.
    on_database = search.backend_path(settings.SEARCH_BACKEND) == search.backend_path("database")
    with django_assert_num_queries(6 if on_database else 4) as queries:
        render(number=1)
    with django_assert_num_queries(len(queries.captured_queries)):
        render(number=6)


def test_the_editor_chooses_among_the_themes_and_departements(world):
    block = DirectoryListBlock()
    theme_choices = [value for value, _label in block.child_blocks["theme"].field.choices if value]
    assert {world["mobility"].slug, world["food"].slug} <= set(theme_choices)  # with the seeded ones
    departements = [value for value, _label in block.child_blocks["territory"].field.choices if value]
    assert departements == ["60", "80"]
