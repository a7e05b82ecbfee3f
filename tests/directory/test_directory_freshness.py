"""The directory's cached answers never outlive an edit (issue #15).

The search's answer (ids, total, facet counts) and the page's facets and cards are cached under the index
generation (``search.generation``), which every index write and every committed change replaces. These tests
show the page the same second an action changes a structure — its name, a facet value, its visibility, its
existence — and check that what is cached is keyed by everything it shows: the language and every filter.
"""

from types import SimpleNamespace

import pytest

import search
from ecosystem.actions.actors import update_actor
from ecosystem.models import Actor, ActorKind, Membership, Theme
from search.backends.database import Backend as DatabaseBackend
from tests.directory.test_directory_search import facet_counts, listed
from tests.factories import UserFactory
from tests.support.directory import build_world
from tests.support.html import soup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_backend(settings):
    """The database backend on every lane: it counts facets with the live visibility rule, so an edit shows
    in the counts the moment it commits. Elasticsearch counts from its own index, which the indexing task
    refreshes after the commit (README « Search »); its writes replace the generation too
    (tests/search/test_generation.py)."""
    settings.SEARCH_BACKEND = "database"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def admin_of(world):
    def admin(actor):
        person = UserFactory()
        Membership.objects.create(user=person, actor=actor, role=Membership.Role.ADMIN)
        return person

    return admin


def edit(person, actor, django_capture_on_commit_callbacks, **changes):
    """The actor's own form, as its admin saves it: every field as it is, but ``changes``."""
    data = {
        "name": actor.name,
        "kind": actor.kind,
        "description": actor.description,
        "is_public": actor.is_public,
        "themes": list(actor.themes.all()),
        "offers": list(actor.offers.all()),
        "seeks": list(actor.seeks.all()),
        **changes,
    }
    with django_capture_on_commit_callbacks(execute=True):
        update_actor(person, actor, data)


@pytest.fixture
def searches(monkeypatch):
    """How many times the backend is asked (the rest comes from the cache)."""
    asked = []
    original = DatabaseBackend.search

    def counting(self, spec, query):
        asked.append(query)
        return original(self, spec, query)

    monkeypatch.setattr(DatabaseBackend, "search", counting)
    return asked


def test_the_same_page_is_answered_from_the_cache_until_the_index_changes(client, world, searches):
    first = client.get("/annuaire/")
    assert client.get("/annuaire/").content == first.content
    assert len(searches) == 1
    search.index(world["lille"])  # any write to the index: a new generation
    assert client.get("/annuaire/").content == first.content
    assert len(searches) == 2


def test_a_renamed_structure_shows_its_new_name_at_once(
    client, world, admin_of, django_capture_on_commit_callbacks
):
    client.get("/annuaire/")  # cached
    edit(
        admin_of(world["lille"]),
        world["lille"],
        django_capture_on_commit_callbacks,
        name="Coopérative Nordiste",
    )
    page = client.get("/annuaire/")
    assert "Coopérative Nordiste" in page.content.decode()
    assert "Coopérative Lilloise" not in page.content.decode()
    assert listed(client.get("/annuaire/", {"q": "nordiste"})) == ["lille"]


def test_a_changed_facet_value_changes_the_counts_at_once(
    client, world, admin_of, django_capture_on_commit_callbacks
):
    before = facet_counts(client.get("/annuaire/"), "kind")
    assert before["cooperative"] == 1
    edit(
        admin_of(world["lille"]),
        world["lille"],
        django_capture_on_commit_callbacks,
        kind=ActorKind.ASSOCIATION,
    )
    after = facet_counts(client.get("/annuaire/"), "kind")
    assert "cooperative" not in after
    assert after["association"] == before["association"] + 1
    assert listed(client.get("/annuaire/", {"kind": "cooperative"})) == []


def test_a_structure_made_private_leaves_results_and_counts_at_once(
    client, world, admin_of, django_capture_on_commit_callbacks
):
    client.get("/annuaire/")
    client.get("/annuaire/", {"kind": "third_place"})
    edit(admin_of(world["albert"]), world["albert"], django_capture_on_commit_callbacks, is_public=False)
    page = client.get("/annuaire/")
    assert "albert" not in listed(page)
    assert "third_place" not in facet_counts(page, "kind")
    assert facet_counts(page, "themes")["annuaire-mobilites"] == 1
    assert listed(client.get("/annuaire/", {"kind": "third_place"})) == []


def test_made_private_leaves_the_counts_before_a_worker_indexes_it(
    client, world, admin_of, django_capture_on_commit_callbacks, monkeypatch
):
    """With a task worker, the index is written seconds after the commit: the commit itself stops the cached
    counts, and the live visibility rule applies meanwhile."""
    client.get("/annuaire/")
    # The worker has not run yet: the task is queued, nothing is written to the index.
    monkeypatch.setattr(
        "ecosystem.actions.indexing.refresh_entry", SimpleNamespace(enqueue=lambda *args: None)
    )
    edit(admin_of(world["albert"]), world["albert"], django_capture_on_commit_callbacks, is_public=False)
    page = client.get("/annuaire/")
    assert "albert" not in listed(page)
    assert "third_place" not in facet_counts(page, "kind")


def test_a_deleted_structure_leaves_the_counts_at_once(client, world, django_capture_on_commit_callbacks):
    assert facet_counts(client.get("/annuaire/"), "kind")["company"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        Actor.objects.get(slug="nowhere").delete()  # not through an action (the admin, a cascade)
    page = client.get("/annuaire/")
    assert "company" not in facet_counts(page, "kind")
    assert "nowhere" not in listed(page)


def test_a_cached_page_keeps_its_language(client, world):
    french = soup(client.get("/annuaire/")).select_one("#directory-facets").get_text(" ", strip=True)
    english = soup(client.get("/en/annuaire/")).select_one("#directory-facets").get_text(" ", strip=True)
    assert "Filter" in english
    assert "results)" in english
    assert "Filtrer" in french
    assert "résultats)" in french


@pytest.mark.parametrize(
    "narrowed",
    [
        {"q": "recyclerie"},
        {"kind": "association"},
        {"themes": "annuaire-mobilites"},
        {"departement": "59"},
        {"offers": "annuaire-reparation"},
        {"open_to_partnerships": "no"},
        {"commune": "Péronne (80620)", "radius": "5"},
    ],
)
def test_every_filter_has_its_own_cached_answer(client, world, narrowed):
    everything = client.get("/annuaire/")
    client.get("/annuaire/", narrowed)  # cached too, under its own key
    again = client.get("/annuaire/", narrowed)
    assert listed(again) != listed(everything)
    assert soup(again).select_one("#directory-facets") != soup(everything).select_one("#directory-facets")
    assert listed(client.get("/annuaire/")) == listed(everything)


def test_a_theme_on_a_structure_shows_on_its_card_at_once(
    client, world, admin_of, django_capture_on_commit_callbacks
):
    mobility = Theme.objects.get(slug="annuaire-mobilites")
    client.get("/annuaire/")
    edit(admin_of(world["lille"]), world["lille"], django_capture_on_commit_callbacks, themes=[mobility])
    page = soup(client.get("/annuaire/"))
    card = next(li for li in page.select(".card") if "Coopérative Lilloise" in li.get_text())
    assert "Mobilités (annuaire)" in card.get_text()


def test_a_project_card_shows_a_slot_opened_at_once(client, world):
    """Slots open and close without a write to the index: the cached cards are keyed by the open slots."""
    from ecosystem.models import Project
    from tests.factories import PartnerSlotFactory, ProjectFactory

    project = ProjectFactory(
        lead_actor=world["lille"], title="Atelier partagé", status=Project.Status.PUBLISHED
    )
    search.rebuild()
    card = soup(client.get("/projets/")).select_one(".card")
    assert "Atelier partagé" in card.get_text()
    assert card.select_one(".open-slots") is None
    PartnerSlotFactory(project=project, is_open=True)
    card = soup(client.get("/projets/")).select_one(".card")
    assert card.select_one(".open-slots") is not None
