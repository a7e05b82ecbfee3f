"""The index follows the data: actions refresh entries on commit, through a Django task."""

import pytest

import search
from ecosystem.actions.actors import create_actor, update_actor
from ecosystem.actions.projects import create_project, publish_project, unpublish_project
from ecosystem.models import Actor, ActorKind, User
from search import Query

pytestmark = pytest.mark.django_db(transaction=True)


def names(results) -> list[str]:
    return [obj.name if isinstance(obj, Actor) else obj.title for obj in results.objects]


@pytest.fixture
def person():
    return User.objects.create_user(email="porteuse@asso.example", password="un-mot-de-passe-long")


def actor_data(**overrides) -> dict:
    data = {
        "name": "Recyclerie des Hortillonnages",
        "kind": ActorKind.ASSOCIATION,
        "description": "Réemploi et ateliers de réparation ouverts aux habitants.",
        "is_public": True,
        "themes": [],
        "offers": [],
        "seeks": [],
    }
    return {**data, **overrides}


def test_a_new_actor_is_found_once_committed_and_disappears_when_hidden(person):
    actor = create_actor(person, actor_data())
    assert names(search.search(Actor, Query(text="hortillonnages"))) == ["Recyclerie des Hortillonnages"]

    update_actor(person, actor, actor_data(is_public=False))
    assert names(search.search(Actor, Query(text="hortillonnages"))) == []

    update_actor(person, actor, actor_data(name="Ressourcerie des Hortillonnages"))
    assert names(search.search(Actor, Query(text="ressourcerie"))) == ["Ressourcerie des Hortillonnages"]


def test_a_project_enters_the_index_when_published_and_leaves_when_unpublished(person):
    from ecosystem.models import Project

    lead = create_actor(person, actor_data())
    project = create_project(
        person,
        lead,
        {
            "title": "Atelier vélo solidaire",
            "summary": "Réparer les vélos avec les habitants du quartier.",
            "need": "La mobilité des personnes sans voiture.",
            "beneficiaries": "Habitants du quartier",
            "innovation_type": Project.InnovationType.UNMET_NEED,
            "action_type": Project.ActionType.RESEARCH,
            "phase": "emergence",
        },
    )
    assert names(search.search(Project, Query(text="velo"))) == []  # a draft is never indexed

    publish_project(person, project)
    assert names(search.search(Project, Query(text="velo"))) == ["Atelier vélo solidaire"]

    unpublish_project(person, project)
    assert names(search.search(Project, Query(text="velo"))) == []


def test_a_rolled_back_write_never_reaches_the_index(person):
    from django.db import transaction

    def failing_request():
        with transaction.atomic():
            create_actor(person, actor_data(name="Coopérative fantôme"))
            raise RuntimeError("the request failed after the action")

    with pytest.raises(RuntimeError, match="request failed"):
        failing_request()
    assert names(search.search(Actor, Query(text="fantome"))) == []
