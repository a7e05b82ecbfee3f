"""One's meeting schedule to print, as a PDF, and the video links of an online event's meetings."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ecosystem.actions import events as event_actions
from ecosystem.actions import meetings as actions
from ecosystem.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.support.html import page_text, soup
from tests.support.ical import parse

pytestmark = pytest.mark.django_db


def meeting_event(registrants=3, **overrides):
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    fields = {
        "title": "Forum des coopérations",
        "meetings_enabled": True,
        "meeting_minutes": 30,
        "meeting_tables": 2,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "capacity": registrants,
    } | overrides
    event = EventFactory(**fields)
    people = [UserFactory(display_name=name) for name in ("Ana", "Ben", "Chloé", "Dan")[:registrants]]
    Registration.objects.bulk_create(
        Registration(event=event, user=person, status=Registration.Status.CONFIRMED) for person in people
    )
    return event, people


def meet(event, requester, invitee):
    return actions.answer_meeting(invitee, actions.request_meeting(requester, event, invitee), accept=True)


def test_the_print_page_holds_ones_meetings_in_a_table(client):
    event, (ana, ben, chloe) = meeting_event()
    meet(event, ana, ben)
    meet(event, ben, chloe)
    client.force_login(ana)
    page = soup(client.get(reverse("ecosystem:meeting_schedule", args=[event.slug])))
    table = page.select_one("table.schedule-table")
    assert table.caption.get_text(strip=True) == "Rendez-vous de Ana à « Forum des coopérations »"
    assert [th.get_text() for th in table.select("thead th[scope=col]")] == ["Heure", "Avec", "Table"]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [row[1:] for row in rows] == [["Ben", "1"]]  # not Ben's meeting with Chloé
    sheet = page.select_one('link[rel=stylesheet][media="print"]')
    assert sheet["href"].endswith("css/schedule_print.css")
    assert page.find("a", string="Le télécharger en PDF")["href"] == reverse(
        "ecosystem:meeting_schedule_pdf", args=[event.slug]
    )
    client.force_login(UserFactory())
    assert client.get(reverse("ecosystem:meeting_schedule", args=[event.slug])).status_code == 404
    assert client.get(reverse("ecosystem:meeting_schedule_pdf", args=[event.slug])).status_code == 404


def test_the_schedule_pdf_is_printed_in_french(client):
    event, (ana, ben, _chloe) = meeting_event()
    meet(event, ana, ben)
    client.force_login(ben)
    response = client.get(reverse("ecosystem:meeting_schedule_pdf", args=[event.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="programme-{event.slug}.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mon programme à « Forum des coopérations »" in " ".join(text.split())
    assert "Ana" in text


def test_an_online_events_meetings_get_a_video_link_of_their_own_shown_to_their_two_people(client, settings):
    settings.MEETING_VIDEO_BASE_URL = "https://visio.example/"
    event, (ana, ben, chloe, dan) = meeting_event(4, address="", online_url="https://visio.example/pleniere")
    first, second = meet(event, ana, ben), meet(event, chloe, dan)
    assert first.video_url.startswith("https://visio.example/essaim-")
    assert len(first.video_url) > len("https://visio.example/essaim-") + 20  # unguessable
    assert first.video_url != second.video_url
    schedule = reverse("ecosystem:meeting_schedule", args=[event.slug])
    for person in (ana, ben):
        client.force_login(person)
        text = page_text(client.get(schedule))
        assert first.video_url in text
        assert second.video_url not in text
        (entry,) = parse(client.get(reverse("ecosystem:meeting_schedule_ics", args=[event.slug])).content)
        assert entry["LOCATION"] == first.video_url
        assert entry["SUMMARY"].startswith("Rendez-vous en visio avec")
    client.force_login(chloe)
    assert (
        first.video_url
        not in client.get(reverse("ecosystem:event_meetings", args=[event.slug])).content.decode()
    )
    # Leaving the event frees the meeting, and its room.
    event_actions.cancel_registration(ana, Registration.objects.get(event=event, user=ana))
    first.refresh_from_db()
    assert (first.status, first.video_url) == ("declined", "")


def test_in_person_meetings_have_a_table_and_no_video_link():
    event, (ana, ben, _chloe) = meeting_event(online_url="https://visio.example/aussi")  # address and link
    meeting = meet(event, ana, ben)
    assert (meeting.table, meeting.video_url) == (1, "")
