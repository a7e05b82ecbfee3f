"""Events hosted by a space: its managers organise them from the space's page with the agenda's form, the
space lists its upcoming events, the event's page says where it is organised, the space's members are told
when it is published, and the space's iCalendar feed carries its public events only. Pages in English."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ecosystem.actions.events import publish_event
from ecosystem.models import Event, Membership
from spaces.actions import add_space_member, organise_event, publish_space_event
from spaces.models import SpaceEvent
from tests.factories import ActorFactory, EventFactory, SpaceFactory, UserFactory
from tests.support.html import page_text, soup
from tests.support.ical import parse

pytestmark = pytest.mark.django_db


def event_data(**extra):
    starts = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    return {
        "title": "Forum du tiers-lieu",
        "kind": Event.Kind.FORUM,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=6),
        "address": "1 place du Marché",
        "capacity": 2,
        "meetings_enabled": True,
        "meeting_minutes": 20,
        "meeting_tables": 3,
        **extra,
    }


def form_data(**extra):
    starts = timezone.localtime(timezone.now() + timedelta(days=20)).replace(hour=9, minute=30)
    return {
        "title": "Forum du tiers-lieu",
        "kind": "forum",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
        "address": "1 place du Marché",
        "capacity": "2",
        "meetings_enabled": "on",
        "meeting_minutes": "20",
        "meeting_tables": "3",
        **extra,
    }


@pytest.fixture
def place():
    """A tiers-lieu's space: ``editor`` is a plain member of the host (so a manager of the space, not an admin
    of the structure), ``member`` a member of the space, ``outsider`` nobody there."""
    admin, editor = UserFactory(), UserFactory()
    host = ActorFactory(kind="third_place", admins=[admin], members=[editor])
    space = SpaceFactory(manager=admin, host=host, name="La Fabrique")
    member = UserFactory()
    add_space_member(admin, space, member.email)
    return {
        "space": space,
        "host": host,
        "admin": admin,
        "editor": editor,
        "member": member,
        "outsider": UserFactory(),
    }


def test_a_manager_of_the_space_organises_an_event_from_its_page(client, place):
    space, editor = place["space"], place["editor"]
    assert Membership.objects.get(user=editor, actor=place["host"]).role != Membership.Role.ADMIN
    client.force_login(editor)
    page = soup(client.get(f"/en/espaces/{space.slug}/"))
    create = page.find("a", string="Organise an event")["href"]
    assert create == f"/en/espaces/{space.slug}/evenements/nouveau/"
    response = client.post(create, form_data())
    event = Event.objects.get(title="Forum du tiers-lieu")
    assert response["Location"] == f"/en/agenda/{event.slug}/"
    assert (event.host, event.status, event.capacity, event.meetings_enabled) == (
        place["host"],
        Event.Status.DRAFT,
        2,
        True,
    )
    assert SpaceEvent.objects.get(event=event).space == space

    # The event page says where it is organised, and gives this manager (not the host's admin) the space's
    # buttons to edit and publish it.
    event_page = soup(client.get(f"/en/agenda/{event.slug}/"))
    assert "Organised in the space La Fabrique" in event_page.get_text(" ", strip=True)
    assert event_page.find("a", string="La Fabrique")["href"] == f"/en/espaces/{space.slug}/"
    publish = f"/en/espaces/{space.slug}/evenements/{event.slug}/publier/"
    assert event_page.find("form", action=publish) is not None
    assert event_page.find("form", action=f"/en/agenda/{event.slug}/publier/") is None

    client.post(publish)
    event.refresh_from_db()
    assert event.is_published
    # The space's members are told in the bell, once; the organiser is not a member, so not told.
    assert place["member"].notifications.filter(kind="space_event").count() == 1
    assert not editor.notifications.filter(kind="space_event").exists()
    client.post(publish)
    assert place["member"].notifications.filter(kind="space_event").count() == 1


def test_the_host_admin_gets_the_agendas_own_buttons_and_publishing_there_tells_the_members(client, place):
    event = organise_event(place["admin"], place["space"], event_data())
    client.force_login(place["admin"])
    page = soup(client.get(f"/en/agenda/{event.slug}/"))
    assert page.find("form", action=f"/en/agenda/{event.slug}/publier/") is not None
    space_publish = f"/en/espaces/{place['space'].slug}/evenements/{event.slug}/publier/"
    assert page.find("form", action=space_publish) is None
    client.post(f"/en/agenda/{event.slug}/publier/")
    assert place["member"].notifications.get(kind="space_event").url == event.get_absolute_url()


def test_publishing_an_event_of_no_space_tells_nobody(place):
    publish_event(place["admin"], EventFactory(host=place["host"], draft=True))
    assert not place["member"].notifications.filter(kind="space_event").exists()


def test_an_event_of_a_structure_only_says_nothing_of_spaces(client):
    event = EventFactory()
    assert "Organised in the space" not in page_text(client.get(f"/en/agenda/{event.slug}/"))


def test_only_the_space_managers_organise_edit_and_publish(client, place):
    space = place["space"]
    event = organise_event(place["editor"], space, event_data())
    for who in ("member", "outsider"):
        with pytest.raises(PermissionDenied):
            organise_event(place[who], space, event_data())
        with pytest.raises(PermissionDenied):
            publish_space_event(place[who], event)
        client.force_login(place[who])
        assert client.get(f"/en/espaces/{space.slug}/evenements/nouveau/").status_code == 404
        assert client.post(f"/en/espaces/{space.slug}/evenements/{event.slug}/publier/").status_code == 404
        assert "Organise an event" not in page_text(client.get(f"/en/espaces/{space.slug}/"))
    event.refresh_from_db()
    assert not event.is_published
    # An event of another space (or of no space) cannot be reached through this space's addresses.
    other = EventFactory(host=place["host"], draft=True)
    client.force_login(place["editor"])
    assert client.post(f"/en/espaces/{space.slug}/evenements/{other.slug}/publier/").status_code == 404
    with pytest.raises(PermissionDenied):
        publish_space_event(place["editor"], other)
    response = client.post(
        f"/en/espaces/{space.slug}/evenements/{event.slug}/modifier/", form_data(title="Forum renommé")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Forum renommé"


def test_the_form_keeps_the_agendas_validation(client, place):
    client.force_login(place["editor"])
    response = client.post(
        f"/en/espaces/{place['space'].slug}/evenements/nouveau/", form_data(address="", online_url="")
    )
    assert response.status_code == 200
    assert "Give a place (address or commune) or an online link." in page_text(response)
    assert not Event.objects.exists()


def test_the_space_page_lists_its_upcoming_events_that_the_visitor_sees(client, place):
    space = place["space"]
    published = organise_event(place["admin"], space, event_data(title="Forum publié"))
    publish_space_event(place["admin"], published)
    organise_event(place["admin"], space, event_data(title="Atelier en brouillon"))
    past = organise_event(place["admin"], space, event_data(title="Ancien café"))
    publish_space_event(place["admin"], past)
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=3)
    )
    EventFactory(host=place["host"], title="Rencontre de la structure")

    client.force_login(place["member"])
    text = page_text(client.get(f"/en/espaces/{space.slug}/"))
    assert "Forum publié" in text
    assert "Atelier en brouillon" not in text
    assert "Ancien café" not in text
    assert "Rencontre de la structure" not in text
    client.force_login(place["editor"])
    assert "Atelier en brouillon" in page_text(client.get(f"/en/espaces/{space.slug}/"))


def test_the_space_feed_holds_its_public_events_only(client, place):
    space = place["space"]
    shown = organise_event(place["admin"], space, event_data(title="Forum publié"))
    publish_space_event(place["admin"], shown)
    organise_event(place["admin"], space, event_data(title="Brouillon"))
    hidden = organise_event(place["admin"], space, event_data(title="Masqué"))
    publish_space_event(place["admin"], hidden)
    Event.objects.filter(pk=hidden.pk).update(hidden_by_moderators=True)
    EventFactory(host=place["host"], title="De la structure seule")

    client.force_login(place["member"])
    feed = soup(client.get(f"/en/espaces/{space.slug}/")).find(
        "a", string="Subscribe to the events of this space (.ics)"
    )["href"]
    client.logout()  # calendar apps have no session
    response = client.get(feed)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response.content)
    assert [str(e["SUMMARY"]) for e in events] == ["Forum publié"]
    assert events[0].decoded("DTSTART") == shown.starts_at

    # A space whose host becomes private: its events leave the feed with it.
    place["host"].is_public = False
    place["host"].save(update_fields=["is_public"])
    assert parse(client.get(feed).content) == []
    assert client.get(reverse("spaces:space_events_ics", args=["inconnu"])).status_code == 404


def test_the_space_page_costs_the_same_with_one_or_five_events(client, place, django_assert_max_num_queries):
    space = place["space"]
    client.force_login(place["member"])

    def publish(title):
        publish_space_event(place["admin"], organise_event(place["admin"], space, event_data(title=title)))

    publish("Premier")
    client.get(f"/en/espaces/{space.slug}/")  # warm the session and the caches
    with django_assert_max_num_queries(100) as one:
        client.get(f"/en/espaces/{space.slug}/")
    for number in range(4):
        publish(f"Suivant {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        text = page_text(client.get(f"/en/espaces/{space.slug}/"))
    assert "Suivant 3" in text


def test_the_space_line_of_an_event_page_costs_a_fixed_number_of_queries(
    client, place, django_assert_max_num_queries
):
    plain = EventFactory(host=place["host"])
    hosted = organise_event(place["admin"], place["space"], event_data())
    publish_space_event(place["admin"], hosted)
    client.force_login(place["editor"])
    client.get(f"/en/agenda/{plain.slug}/")
    with django_assert_max_num_queries(100) as without:
        client.get(f"/en/agenda/{plain.slug}/")
    # The link (one query) and the organiser's rights (the space's rule, then the agenda's).
    with django_assert_max_num_queries(len(without.captured_queries) + 3):
        assert "Organised in the space" in page_text(client.get(f"/en/agenda/{hosted.slug}/"))
