"""Moderation of territorial needs and events: « Signaler » on their pages, the staff queue showing them in
context, and a hide that takes them out of every public reader at once while their people still see them, with
the reason; restoring brings them back."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

import search
from ecosystem.actions import events as event_actions
from ecosystem.actions import moderation
from ecosystem.models import ActorKind, Decision, Event, Notification, Registration, Report, TerritorialNeed
from search import Query
from tests.factories import ActorFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(territories):
    admin = UserFactory(email="elu@ville.example")
    town = ActorFactory(name="Ville d'Abbeville", kind=ActorKind.LOCAL_AUTHORITY, admins=[admin])
    return TerritorialNeed.objects.create(
        actor=town,
        title="Répit pour les aidants",
        description="Les aidants s'épuisent.",
        territory=territories["80001"],
        answer_kind=TerritorialNeed.AnswerKind.PLACE,
    )


@pytest.fixture
def event(cast):
    return EventFactory(host=cast.lead, title="Forum des aidants")


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("kind", ["besoins", "evenements"])
def test_a_reader_reports_a_need_or_an_event_from_its_page(client, cast, need, event, kind):
    target = need if kind == "besoins" else event
    url = reverse("ecosystem:report", args=[kind, need.pk if kind == "besoins" else event.slug])
    assert not _page(client, target.get_absolute_url()).find("a", href=url)  # anonymous: nothing to click
    client.force_login(cast.outsider)
    link = _page(client, target.get_absolute_url()).find("a", href=url)
    assert link.get_text(" ", strip=True).startswith("Signaler")
    response = client.post(url, {"reason": "false", "comment": "Inventé"})
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    report = Report.objects.get()
    assert (report.content, report.reporter, report.reason) == (target, cast.outsider, "false")


def test_a_draft_event_is_reported_only_by_those_who_see_it(client, cast):
    draft = EventFactory(host=cast.lead, draft=True)
    client.force_login(cast.outsider)
    assert (
        client.post(
            reverse("ecosystem:report", args=["evenements", draft.slug]), {"reason": "spam"}
        ).status_code
        == 404
    )
    assert not Report.objects.exists()


def test_the_queue_shows_needs_and_events_in_context(client, cast, need, event):
    moderation.report_content(cast.outsider, need, reason="spam")
    moderation.report_content(cast.outsider, event, reason="abuse")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    text = _page(client, "/admin/reports/").get_text(" ", strip=True)
    assert "Besoin territorial publié par Ville d'Abbeville (Abbeville)" in text
    assert "Événement organisé par Association Porteuse le" in text


def test_hiding_a_need_takes_it_out_of_the_list_and_its_people_see_why(client, cast, need):
    def in_sitemap():
        return (
            f"http://testserver{need.get_absolute_url()}</loc>" in client.get("/sitemap.xml").content.decode()
        )

    assert in_sitemap()
    report = moderation.report_content(cast.outsider, need, reason="false")
    moderation.decide(cast.staff, report, Decision.HIDE, "Besoin fictif")
    listing = _page(client, reverse("ecosystem:need_list"))
    assert not listing.find("a", href=need.get_absolute_url())
    assert not in_sitemap()
    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(need.get_absolute_url()).status_code == 404
    (told,) = Notification.objects.filter(kind="moderation")
    client.force_login(told.user)
    notice = _page(client, told.url).find(attrs={"data-status": "hidden"}).get_text(" ", strip=True)
    assert "Masqué par les modérateurs" in notice
    assert "Motif : Besoin fictif" in notice
    moderation.decide(cast.staff, report, Decision.RESTORE, "")
    client.logout()
    assert _page(client, reverse("ecosystem:need_list")).find("a", href=need.get_absolute_url())
    assert in_sitemap()


def test_hiding_an_event_takes_it_out_of_the_agenda_feeds_and_sitemap_at_once(
    client, cast, event, django_capture_on_commit_callbacks
):
    search.rebuild()

    def public_readers():
        return {
            "search": [e.title for e in search.search(Event, Query(text="forum aidants")).objects]
            == [event.title],
            "page": client.get(event.get_absolute_url()).status_code == 200,
            "agenda": event.title in client.get(reverse("ecosystem:agenda")).content.decode(),
            "ical": event.title in client.get(reverse("ecosystem:agenda_ics")).content.decode(),
            "host ical": event.title
            in client.get(reverse("ecosystem:actor_events_ics", args=[cast.lead.slug])).content.decode(),
            "host page": event.title in client.get(cast.lead.get_absolute_url()).content.decode(),
            "sitemap": event.slug in client.get("/sitemap.xml").content.decode(),
        }

    everywhere = dict.fromkeys(public_readers(), True)
    assert public_readers() == everywhere
    report = moderation.report_content(cast.outsider, event, reason="abuse")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(cast.staff, report, Decision.HIDE, "Propos haineux")
    assert public_readers() == dict.fromkeys(everywhere, False)
    client.force_login(cast.outsider)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(cast.lead_admin)
    notice = _page(client, event.get_absolute_url()).find(attrs={"data-status": "hidden"})
    assert "Motif : Propos haineux" in notice.get_text(" ", strip=True)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(cast.staff, report, Decision.RESTORE, "")
    assert public_readers() == everywhere


def test_registrants_of_a_hidden_event_get_no_reminder(cast):
    soon = EventFactory(host=cast.lead, starts_at=timezone.now() + timedelta(hours=12))
    Registration.objects.create(event=soon, user=cast.outsider, status=Registration.Status.CONFIRMED)
    report = moderation.report_content(cast.partner_member, soon, reason="abuse")
    moderation.decide(cast.staff, report, Decision.HIDE, "")
    assert event_actions.do_send_reminders() == 0
    moderation.decide(cast.staff, report, Decision.RESTORE, "")
    assert event_actions.do_send_reminders() == 1
