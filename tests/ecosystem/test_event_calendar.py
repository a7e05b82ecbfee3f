"""iCalendar files of the agenda, parsed back with the ``icalendar`` library (what calendar apps need)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.actions import events as actions
from tests.factories import ActorFactory, EventFactory, ThemeFactory, UserFactory
from tests.support.ical import PARIS, moment, parse, parse_calendar, raw_lines

pytestmark = pytest.mark.django_db


def test_the_paris_zone_of_the_files_agrees_with_the_time_zone_database(client):
    event = EventFactory()
    document = parse_calendar(client.get(reverse("ecosystem:event_ics", args=[event.slug])).content)
    (zone,) = document.walk("VTIMEZONE")
    described = zone.to_tz()
    # Both sides of each change of 2027 and a date far ahead: the rule, not a list that stops in 2038.
    for year, month, day, hour in [(2027, 3, 28, 1), (2027, 3, 28, 3), (2027, 10, 31, 4), (2045, 7, 14, 12)]:
        instant = datetime(year, month, day, hour, tzinfo=UTC)
        assert instant.astimezone(described).utcoffset() == instant.astimezone(PARIS).utcoffset()


def test_an_event_file_round_trips(client):
    start = datetime(2026, 7, 1, 9, 30, tzinfo=timezone.get_current_timezone())  # summer: UTC+2
    event = EventFactory(
        title="Forum ; ateliers, échanges \\ et café",
        description="Première ligne\nDeuxième ligne " + "longue " * 30,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
    )
    address = reverse("ecosystem:event_ics", args=[event.slug])
    response = client.get(address)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (parsed,) = parse(response.content)
    assert parsed["SUMMARY"] == event.title
    assert moment(parsed, "DTSTART") == start
    assert moment(parsed, "DTEND") - moment(parsed, "DTSTART") == timedelta(hours=8)
    assert "DTSTART;TZID=Europe/Paris:20260701T093000" in response.content.decode()
    assert "Deuxième ligne" in parsed["DESCRIPTION"]
    assert parsed["LOCATION"] == "3 rue des Tanneurs"
    assert parsed["URL"].endswith(event.get_absolute_url())
    unfolded = b"".join(
        line[1:] if line[:1] == b" " else b"\r\n" + line for line in raw_lines(response.content)
    )
    assert b"SUMMARY:Forum \\; ateliers\\, \xc3\xa9changes \\\\ et caf\xc3\xa9" in unfolded
    assert b"Premi\xc3\xa8re ligne\\nDeuxi\xc3\xa8me ligne" in unfolded
    # A calendar app updates the event it already holds rather than adding a copy: the UID never changes.
    (again,) = parse(client.get(address).content)
    assert again["UID"] == parsed["UID"] == f"event-{event.pk}@testserver"


def test_the_online_link_is_in_the_file_of_a_confirmed_registrant_only(client):
    event = EventFactory(address="", online_url="https://visio.example/salle", capacity=1)
    person, waiting = UserFactory(), UserFactory()
    actions.register(person, event)
    actions.register(waiting, event)
    address = reverse("ecosystem:event_ics", args=[event.slug])
    assert b"visio.example" not in client.get(address).content
    client.force_login(waiting)
    assert b"visio.example" not in client.get(address).content
    client.force_login(person)
    (parsed,) = parse(client.get(address).content)
    assert parsed["LOCATION"] == "https://visio.example/salle"
    assert parsed["DESCRIPTION"].endswith("https://visio.example/salle")


def test_the_agenda_feed_holds_what_the_visitor_may_see(client):
    shown = EventFactory(title="Publiée")
    EventFactory(title="Brouillon", draft=True)
    EventFactory(title="Hôte caché", host=ActorFactory(is_public=False))
    EventFactory(
        title="Ancienne",
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=399),
    )
    events = parse(client.get(reverse("ecosystem:agenda_ics")).content)
    assert [e["SUMMARY"] for e in events] == [shown.title]
    assert len({e["UID"] for e in events}) == 1


def test_a_structure_feed_holds_its_events_only(client):
    host = ActorFactory()
    mine = EventFactory(host=host, title="La nôtre")
    EventFactory(title="Une autre")
    events = parse(client.get(reverse("ecosystem:actor_events_ics", args=[host.slug])).content)
    assert [e["SUMMARY"] for e in events] == [mine.title]
    hidden = ActorFactory(is_public=False)
    assert client.get(reverse("ecosystem:actor_events_ics", args=[hidden.slug])).status_code == 404


def test_a_draft_file_is_404_for_outsiders(client):
    event = EventFactory(draft=True)
    assert client.get(reverse("ecosystem:event_ics", args=[event.slug])).status_code == 404


def test_a_theme_feed_holds_the_events_about_it(client):
    theme = ThemeFactory(name="Mobilité")
    about = EventFactory(title="Atelier mobilité", themes=[theme])
    EventFactory(title="Autre sujet")
    events = parse(client.get(reverse("ecosystem:theme_events_ics", args=[theme.slug])).content)
    assert [e["SUMMARY"] for e in events] == [about.title]
    assert client.get(reverse("ecosystem:theme_events_ics", args=["inconnue"])).status_code == 404
