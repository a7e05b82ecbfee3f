"""Events in search: the contract on every backend, the index following the event's actions, and the agenda's
words going through search (accents, stemming and typos as in the directory)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

import search
from ecosystem.actions import events as actions
from ecosystem.actions.actors import update_actor
from ecosystem.models import Event
from search import Query
from tests.factories import ActorFactory, EventFactory, ThemeFactory, UserFactory
from tests.support.html import soup

HIDDEN_HOST = {
    "name": "Tiers-lieu des Hortillonnages",
    "description": "",
    "is_public": False,
    "themes": [],
    "offers": [],
    "seeks": [],
}


def titles(results):
    return [event.title for event in results.objects]


@pytest.fixture
def events(backend):
    """Four public events (one past), a draft and one of a hidden host; indexed."""
    theme = ThemeFactory(name="Réemploi (contrat)", slug="contrat-reemploi")
    host = ActorFactory(name="Recyclerie de Péronne")
    made = {
        "forum": EventFactory(
            host=host, title="Forum de l’économie circulaire", kind=Event.Kind.FORUM, themes=[theme]
        ),
        "atelier": EventFactory(title="Atelier réparation de vélos", kind=Event.Kind.WORKSHOP),
        "webinaire": EventFactory(
            title="Webinaire financement", description="Les aides régionales au réemploi.", kind="webinar"
        ),
        "past": EventFactory(
            title="Café circulaire passé",
            starts_at=timezone.now() - timedelta(days=20),
            ends_at=timezone.now() - timedelta(days=20) + timedelta(hours=2),
        ),
        "draft": EventFactory(title="Forum circulaire en brouillon", draft=True),
        "hidden": EventFactory(title="Forum circulaire caché", host=ActorFactory(is_public=False)),
    }
    search.rebuild()
    return made


def test_events_are_found_by_title_host_and_description_public_only(events):
    assert sorted(titles(search.search(Event, Query(text="circulaire")))) == [
        "Café circulaire passé",
        "Forum de l’économie circulaire",
    ]
    assert titles(search.search(Event, Query(text="peronne"))) == ["Forum de l’économie circulaire"]
    assert titles(search.search(Event, Query(text="réemploi aides"))) == ["Webinaire financement"]
    assert titles(search.search(Event, Query(text="reparation velo"))) == ["Atelier réparation de vélos"]


def test_a_one_letter_typo_still_finds_the_event(events):
    assert titles(search.search(Event, Query(text="webinare"))) == ["Webinaire financement"]


def test_events_filter_and_count_by_kind_and_theme(events):
    results = search.search(Event, Query(filters={"kind": [Event.Kind.WORKSHOP]}))
    assert titles(results) == ["Atelier réparation de vélos"]
    everything = search.search(Event, Query(per_page=1))
    assert everything.total == 4  # neither the draft nor the hidden host's event
    assert everything.facets["themes"] == {"contrat-reemploi": 1}


@pytest.mark.django_db
def test_the_index_follows_the_events_actions(django_capture_on_commit_callbacks):
    admin = UserFactory()
    host = ActorFactory(name="Tiers-lieu des Hortillonnages", admins=[admin])
    start = timezone.now() + timedelta(days=5)
    data = {
        "title": "Rencontre des hortillons",
        "kind": Event.Kind.MEETUP,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "address": "1 quai Bélu",
        "capacity": 10,
    }
    with django_capture_on_commit_callbacks(execute=True):
        event = actions.create_event(admin, host, data)
    assert titles(search.search(Event, Query(text="hortillons"))) == []  # a draft is not searchable
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_event(admin, event)
    assert titles(search.search(Event, Query(text="hortillons"))) == ["Rencontre des hortillons"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_event(admin, event, {**data, "title": "Marché flottant"})
    assert titles(search.search(Event, Query(text="flottant"))) == ["Marché flottant"]
    # Hiding the host hides its events from search (the index entry itself is removed).
    with django_capture_on_commit_callbacks(execute=True):
        update_actor(admin, host, HIDDEN_HOST | {"kind": host.kind})
    assert search.search_ids(Event, Query(text="flottant")).object_ids == []


@pytest.mark.django_db
def test_the_agenda_words_go_through_search(client, territories):
    amiens = territories["80021"]
    EventFactory(title="Forum des mobilités", commune=amiens)
    EventFactory(title="Atelier cuisine")
    EventFactory(
        title="Forum passé",
        starts_at=timezone.now() - timedelta(days=20),
        ends_at=timezone.now() - timedelta(days=20) + timedelta(hours=2),
    )
    search.rebuild()
    agenda = reverse("ecosystem:agenda")

    def found(query):
        return [a.text for a in soup(client.get(agenda, query)).select(".card h3 a")]

    assert found({"q": "mobilite"}) == ["Forum des mobilités"]  # accents, stemming
    assert found({"q": "amiens"}) == ["Forum des mobilités"]  # the commune is indexed text
    assert found({"q": "forum", "past": "on"}) == ["Forum passé"]
    assert found({"q": "forum", "kind": "workshop"}) == []
    assert found({"q": "!!"}) == ["Forum des mobilités", "Atelier cuisine"]  # no word, no search
    month = reverse("ecosystem:agenda_month_current")
    assert "Atelier cuisine" not in client.get(month, {"q": "forum"}).content.decode()
