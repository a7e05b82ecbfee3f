"""Demo events: past and upcoming events of demo structures, one with partner meetings; loading twice adds nothing."""

import pytest
from django.utils import timezone

from ecosystem.demo import generate_demo
from ecosystem.demo.events import DEMO_EVENTS, load_events_demo
from ecosystem.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_has_past_and_upcoming_events_one_with_meetings(territories):
    assert load_events_demo() == ["events: no demo structure to host them"]
    generate_demo(actors=12, projects=0, seed=3)
    load_events_demo()
    load_events_demo()
    events = Event.objects.filter(slug__startswith="demo-")
    assert events.count() == len(DEMO_EVENTS)
    assert all(event.is_published for event in events)
    now = timezone.now()
    assert events.filter(ends_at__lt=now).exists()
    assert events.filter(starts_at__gt=now, meetings_enabled=True).exists()
    assert events.filter(starts_at__gt=now).exclude(online_url="").exists()
    for event in events:
        assert event.registrations.count() <= event.capacity
