"""The scheduler at the issue's size: an event of 200 registrants and random requests, every one answered
through the actions, never double-books a person or a table, keeps meetings within the event's hours, and
only refuses a meeting when the two people have no common free slot left."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.actions import meetings as actions
from ecosystem.models import Meeting, Registration
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
REGISTRANTS = 200
REQUESTS = 400


def test_two_hundred_registrants_and_random_requests_never_double_book():
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=20)
    # 12 slots of 20 minutes and 8 tables: 96 places for 400 requests, so tables and people both run out.
    event = EventFactory(
        meetings_enabled=True,
        meeting_minutes=20,
        meeting_tables=8,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        capacity=REGISTRANTS,
    )
    people = UserFactory.create_batch(REGISTRANTS)
    Registration.objects.bulk_create(
        Registration(event=event, user=person, status=Registration.Status.CONFIRMED) for person in people
    )
    chance = random.Random(17)  # the same "random" requests on every run
    refused = 0
    for _ in range(REQUESTS):
        requester, invitee = chance.sample(people, 2)
        try:
            meeting = actions.request_meeting(requester, event, invitee)
        except ValidationError:
            continue  # the pair already has a request or a meeting
        try:
            actions.answer_meeting(invitee, meeting, accept=chance.random() < 0.8)
        except ValidationError:
            refused += 1  # no common free slot left for these two

    accepted = list(Meeting.objects.filter(event=event, status=Meeting.Status.ACCEPTED))
    slots = set(actions.slots(event))
    assert len(accepted) > 60  # a real load, not a trivial one
    assert refused > 0  # and the event filled up
    assert {m.starts_at for m in accepted} <= slots
    assert all(1 <= m.table <= event.meeting_tables for m in accepted)
    tables = Counter((m.starts_at, m.table) for m in accepted)
    assert max(tables.values()) == 1, "a table is booked twice in one slot"
    per_person = Counter((person, m.starts_at) for m in accepted for person in (m.requester_id, m.invitee_id))
    assert max(per_person.values()) == 1, "a person has two meetings at once"
    # Refusals were real: each refused pair indeed has no slot where both are free and a table is left.
    busy = {(person, start) for person, start in per_person}
    full = {start for start in slots if sum(1 for s, _t in tables if s == start) == event.meeting_tables}
    for meeting in Meeting.objects.filter(event=event, status=Meeting.Status.REQUESTED):
        pair = (meeting.requester_id, meeting.invitee_id)
        assert all(s in full or any((p, s) in busy for p in pair) for s in slots)
