"""Partner meetings at an event: requests between confirmed registrants, answers, clash-free scheduling."""

import contextlib
import random
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecosystem.actions import events as event_actions
from ecosystem.actions import meetings as actions
from ecosystem.models import Meeting, Notification, Registration
from tests.factories import EventFactory, UserFactory
from tests.support.ical import moment, parse

pytestmark = pytest.mark.django_db


def meeting_event(registrants=3, **overrides):
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    fields = {
        "meetings_enabled": True,
        "meeting_minutes": 30,
        "meeting_tables": 2,
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "capacity": registrants,
    } | overrides
    event = EventFactory(**fields)
    people = [UserFactory() for _ in range(registrants)]
    Registration.objects.bulk_create(
        Registration(event=event, user=person, status=Registration.Status.CONFIRMED) for person in people
    )
    return event, people


def test_an_accepted_request_gets_the_first_slot_and_a_table():
    event, (ana, ben, _chloe) = meeting_event()
    meeting = actions.request_meeting(ana, event, ben, "Parlons mobilité.")
    assert Notification.objects.get(user=ben).kind == "meeting_requested"
    meeting = actions.answer_meeting(ben, meeting, accept=True)
    assert (meeting.status, meeting.starts_at, meeting.table) == ("accepted", event.starts_at, 1)
    assert Notification.objects.get(user=ana).kind == "meeting_accepted"


def test_a_person_is_never_booked_twice_at_once():
    event, (ana, ben, chloe) = meeting_event()
    first = actions.answer_meeting(ben, actions.request_meeting(ana, event, ben), accept=True)
    second = actions.answer_meeting(chloe, actions.request_meeting(ana, event, chloe), accept=True)
    assert second.starts_at == first.starts_at + timedelta(minutes=30)


def test_a_declined_request_is_not_scheduled():
    event, (ana, ben, _chloe) = meeting_event()
    meeting = actions.answer_meeting(ben, actions.request_meeting(ana, event, ben), accept=False)
    assert (meeting.status, meeting.starts_at) == ("declined", None)
    with pytest.raises(ValidationError):
        actions.answer_meeting(ben, meeting, accept=True)


def test_only_the_invitee_answers_and_only_confirmed_registrants_take_part():
    event, (ana, ben, chloe) = meeting_event()
    meeting = actions.request_meeting(ana, event, ben)
    for person in (ana, chloe):
        with pytest.raises(PermissionDenied):
            actions.answer_meeting(person, meeting, accept=True)
    with pytest.raises(PermissionDenied):
        actions.request_meeting(UserFactory(), event, ana)
    with pytest.raises(ValidationError):
        actions.request_meeting(ana, event, UserFactory())
    with pytest.raises(ValidationError):
        actions.request_meeting(ben, event, ana)  # already requested the other way round
    with pytest.raises(PermissionDenied):
        actions.request_meeting(ana, meeting_event(meetings_enabled=False)[0], ben)


def test_no_slot_left_is_a_clear_error_and_nothing_changes():
    event, (ana, ben, chloe) = meeting_event()
    event.ends_at = event.starts_at + timedelta(minutes=30)  # one slot only
    event.save()
    actions.answer_meeting(ben, actions.request_meeting(ana, event, ben), accept=True)
    late = actions.request_meeting(chloe, event, ana)
    with pytest.raises(ValidationError, match="créneau"):
        actions.answer_meeting(ana, late, accept=True)
    late.refresh_from_db()
    assert late.status == "requested"


def test_random_requests_among_many_registrants_never_clash():
    event, people = meeting_event(registrants=60, meeting_minutes=15, meeting_tables=6)
    event.ends_at = event.starts_at + timedelta(hours=3)
    event.save()
    rng = random.Random(17)
    for _ in range(150):
        requester, invitee = rng.sample(people, 2)
        try:
            meeting = actions.do_request_meeting(requester, event, invitee)
        except ValidationError:
            continue
        with contextlib.suppress(ValidationError):  # no common free slot: refused, never double-booked
            actions.do_answer_meeting(meeting, accept=rng.random() < 0.8)
    accepted = list(Meeting.objects.filter(event=event, status="accepted"))
    assert len(accepted) > 50
    seen_people, seen_tables = set(), set()
    for meeting in accepted:
        assert event.starts_at <= meeting.starts_at
        assert meeting.starts_at + timedelta(minutes=15) <= event.ends_at
        assert 1 <= meeting.table <= 6
        for person in (meeting.requester_id, meeting.invitee_id):
            assert (person, meeting.starts_at) not in seen_people
            seen_people.add((person, meeting.starts_at))
        assert (meeting.table, meeting.starts_at) not in seen_tables
        seen_tables.add((meeting.table, meeting.starts_at))


@pytest.mark.parametrize("role", ["anonymous", "outsider", "waiting", "registrant"])
def test_the_meetings_page_is_for_confirmed_registrants(client, role):
    event, (ana, _ben, _chloe) = meeting_event()
    person = {"outsider": UserFactory(), "registrant": ana}.get(role)
    if role == "waiting":
        person = UserFactory()
        event_actions.register(person, event)  # full: waits
    if person:
        client.force_login(person)
    response = client.get(reverse("ecosystem:event_meetings", args=[event.slug]))
    expected = {"anonymous": 302, "registrant": 200}.get(role, 404)
    assert response.status_code == expected


def test_requesting_and_accepting_through_the_pages(client):
    event, (ana, ben, _chloe) = meeting_event()
    client.force_login(ana)
    client.post(
        reverse("ecosystem:meeting_request", args=[event.slug]), {"invitee": ben.pk, "message": "Bonjour"}
    )
    meeting = Meeting.objects.get()
    client.force_login(ben)
    answer = reverse("ecosystem:meeting_answer", args=[event.slug, meeting.pk])
    client.post(answer, {"answer": "accept"})
    meeting.refresh_from_db()
    assert meeting.status == "accepted"
    page = client.get(reverse("ecosystem:event_meetings", args=[event.slug])).content.decode()
    assert "table 1" in page


def test_the_personal_schedule_file_holds_ones_meetings_only(client):
    event, (ana, ben, chloe) = meeting_event()
    actions.answer_meeting(ben, actions.request_meeting(ana, event, ben), accept=True)
    actions.answer_meeting(chloe, actions.request_meeting(ben, event, chloe), accept=True)
    client.force_login(ana)
    (only,) = parse(client.get(reverse("ecosystem:meeting_schedule_ics", args=[event.slug])).content)
    assert moment(only, "DTSTART") == event.starts_at
    assert moment(only, "DTEND") == event.starts_at + timedelta(minutes=30)
    assert only["UID"] == f"meeting-{Meeting.objects.get(requester=ana).pk}@testserver"
    assert ben.get_short_name() in only["SUMMARY"]
    client.force_login(UserFactory())
    assert client.get(reverse("ecosystem:meeting_schedule_ics", args=[event.slug])).status_code == 404


def test_requests_expire_twelve_hours_before_the_event():
    event, (ana, ben, chloe) = meeting_event()
    meeting = actions.request_meeting(ana, event, ben)
    event.starts_at = timezone.now() + timedelta(hours=6)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    with pytest.raises(ValidationError, match="12 heures"):
        actions.answer_meeting(ben, meeting, accept=True)
    with pytest.raises(ValidationError, match="12 heures"):
        actions.request_meeting(chloe, event, ana)
    meeting.refresh_from_db()
    assert meeting.status == "requested"


def test_cancelling_ones_registration_frees_ones_meetings():
    event, (ana, ben, chloe) = meeting_event()
    planned = actions.answer_meeting(ben, actions.request_meeting(ana, event, ben), accept=True)
    asked = actions.request_meeting(chloe, event, ana)
    event_actions.cancel_registration(ana, Registration.objects.get(event=event, user=ana))
    planned.refresh_from_db()
    asked.refresh_from_db()
    assert (planned.status, planned.starts_at, planned.table) == ("declined", None, None)
    assert asked.status == "declined"
    # Ben's slot is free again for someone else.
    again = actions.answer_meeting(ben, actions.request_meeting(chloe, event, ben), accept=True)
    assert again.starts_at == event.starts_at
