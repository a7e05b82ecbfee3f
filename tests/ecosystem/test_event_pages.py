"""Agenda pages: who sees and manages what, the agenda's filters, the event page and the attendee list."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.actions import events as actions
from ecosystem.models import Event, Registration
from tests.factories import ActorFactory, EventFactory, ProjectFactory, ThemeFactory, UserFactory
from tests.support.html import page_text, soup

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "outsider", "member", "admin", "project_editor", "staff"]


@pytest.fixture
def world():
    people = {role: UserFactory(email=f"{role}@example.org") for role in ROLES if role != "anonymous"}
    people["staff"].is_staff = True
    people["staff"].save()
    host = ActorFactory(name="La Fabrique", admins=[people["admin"]], members=[people["member"]])
    # A person editing a project of another structure: no right on this host's events.
    ProjectFactory(lead_actor=ActorFactory(members=[people["project_editor"]]))
    return host, people


def client_for(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


def url(name, event):
    return reverse(f"ecosystem:{name}", args=[event.slug])


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_by_the_host_and_staff_only(client, world, role):
    host, people = world
    event = EventFactory(host=host, draft=True)
    response = client_for(client, people, role).get(url("event_detail", event))
    assert response.status_code == (200 if role in {"member", "admin", "staff"} else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["event_edit", "event_attendees", "event_attendees_csv"])
def test_managing_pages_are_for_the_host_admins_and_staff(client, world, role, name):
    host, people = world
    event = EventFactory(host=host)
    response = client_for(client, people, role).get(url(name, event))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in {"admin", "staff"} else 404)


@pytest.mark.parametrize("role", ROLES)
def test_publishing_is_for_the_host_admins_and_staff(client, world, role):
    host, people = world
    event = EventFactory(host=host, draft=True)
    client_for(client, people, role).post(url("event_publish", event))
    event.refresh_from_db()
    assert event.is_published == (role in {"admin", "staff"})


def test_creating_an_event_through_the_form(client, world, territories):
    host, people = world
    client.force_login(people["admin"])
    start = timezone.localtime() + timedelta(days=7)
    response = client.post(
        reverse("ecosystem:event_create"),
        {
            "host": host.slug,
            "title": "Forum des tiers-lieux",
            "kind": "forum",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "commune": "Amiens (80)",
            "address": "2 place Gambetta",
            "capacity": "2",
            "meeting_minutes": "20",  # prefilled by the form
            "meeting_tables": "10",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.host, event.commune.code, event.status) == (host, "80021", Event.Status.DRAFT)
    # Typed in French time, stored as that instant.
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == start.strftime("%H:%M")


def test_an_outsider_cannot_host_for_a_structure_through_the_form(client, world):
    host, people = world
    client.force_login(people["member"])
    response = client.post(reverse("ecosystem:event_create"), {"host": host.slug, "title": "X"})
    assert response.status_code == 200
    assert "seuls ses administrateurs" in page_text(response)
    assert not Event.objects.exists()


def test_registering_and_cancelling_through_the_page(client, world):
    host, people = world
    event = EventFactory(host=host, capacity=1, online_url="https://visio.example/salle")
    actions.register(people["member"], event)
    client.force_login(people["outsider"])
    page = client.get(url("event_detail", event))
    assert "https://visio.example/salle" not in page.content.decode()
    assert "S’inscrire sur la liste d’attente" in page_text(page)
    client.post(url("event_register", event))
    assert Registration.objects.get(user=people["outsider"]).status == Registration.Status.WAITING
    client.force_login(people["member"])
    assert "https://visio.example/salle" in client.get(url("event_detail", event)).content.decode()
    client.post(url("event_cancel", event))
    assert Registration.objects.get(user=people["outsider"]).status == Registration.Status.CONFIRMED


def test_the_attendee_list_and_its_csv(client, world):
    host, people = world
    event = EventFactory(host=host, capacity=1)
    actions.register(UserFactory(email="a@example.org", display_name="=HYPERLINK()"), event)
    actions.register(UserFactory(email="b@example.org"), event)
    client.force_login(people["admin"])
    page = page_text(client.get(url("event_attendees", event)))
    assert "a@example.org" in page
    assert "b@example.org" in page
    rows = client.get(url("event_attendees_csv", event)).content.decode("utf-8-sig").splitlines()
    assert rows[1].startswith("'=HYPERLINK(),a@example.org,")
    assert ",b@example.org,sur liste d’attente," in rows[2]
    assert len(rows) == 3


def test_the_agenda_lists_upcoming_public_events_and_filters_them(client, territories):
    theme = ThemeFactory(name="Mobilité")
    amiens = territories["80021"]
    in_person = EventFactory(title="Atelier mobilité", commune=amiens, themes=[theme], kind="workshop")
    online = EventFactory(title="Webinaire", address="", online_url="https://visio.example/", kind="webinar")
    EventFactory(title="Brouillon", draft=True)
    EventFactory(title="Caché", host=ActorFactory(is_public=False))
    past = EventFactory(
        title="Forum passé",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=29),
    )
    agenda = reverse("ecosystem:agenda")

    def titles(query=""):
        return [a.text for a in soup(client.get(agenda + query)).select(".card h3 a")]

    assert titles() == [in_person.title, online.title]
    assert titles("?theme=mobilite") == [in_person.title]
    assert titles("?territory=80") == [in_person.title]
    assert titles("?territory=60") == []
    assert titles("?kind=webinar") == [online.title]
    assert titles("?mode=online") == [online.title]
    assert titles("?mode=in_person") == [in_person.title]
    assert titles("?past=on") == [past.title]
    assert titles("?theme=inconnu") == [in_person.title, online.title]


def test_the_agenda_is_in_the_main_menu(client):
    menu = soup(client.get(reverse("directory:project_list"))).select_one("nav.main-nav")
    assert reverse("ecosystem:agenda") in [a["href"] for a in menu.select("a")]


def test_the_agenda_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        EventFactory(themes=[ThemeFactory()])
    with django_assert_max_num_queries(10) as first:
        client.get(reverse("ecosystem:agenda"))
    for _ in range(6):
        EventFactory(themes=[ThemeFactory()])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("ecosystem:agenda"))


def test_the_event_page_describes_a_schema_org_event(client, territories):
    event = EventFactory(title="Café </script>", commune=territories["80021"], capacity=5)
    actions.register(UserFactory(), event)
    script = soup(client.get(url("event_detail", event))).select_one('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "Event"
    assert data["name"] == "Café </script>"
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    assert data["location"]["address"]["addressLocality"] == "Amiens"
    assert data["remainingAttendeeCapacity"] == 4
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert "</script>" not in script.decode_contents()


def test_a_draft_has_no_json_ld(client, world):
    host, people = world
    event = EventFactory(host=host, draft=True)
    client.force_login(people["admin"])
    assert (
        soup(client.get(url("event_detail", event))).select_one('script[type="application/ld+json"]') is None
    )


def test_the_host_page_lists_its_upcoming_events(client, world):
    host, _people = world
    EventFactory(host=host, title="Rencontre publiée")
    EventFactory(host=host, title="Rencontre en brouillon", draft=True)
    text = page_text(client.get(host.get_absolute_url()))
    assert "Rencontre publiée" in text
    assert "Rencontre en brouillon" not in text


def test_the_sitemap_lists_public_events_only(client, demo_site):
    shown = EventFactory(title="Dans le plan du site")
    draft = EventFactory(title="Brouillon", draft=True)
    hidden = EventFactory(title="Caché", host=ActorFactory(is_public=False))
    xml = client.get("/sitemap.xml").content.decode()
    assert f"{shown.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert hidden.get_absolute_url() not in xml
