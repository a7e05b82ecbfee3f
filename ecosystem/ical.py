"""iCalendar (RFC 5545) documents for the agenda: one event, a feed of events, or a person's meetings.

Written with the ``icalendar`` library, which folds lines at 75 octets, ends them with CRLF and escapes text
values. Times are local to Europe/Paris (``DTSTART;TZID=Europe/Paris``) with the zone's ``VTIMEZONE``: a
calendar app then shows 9:30 as 9:30 in Paris even when the event is moved across a daylight-saving change,
and keeps a weekly copy of the event at the local hour. The zone is described by its EU rule (``RRULE``) rather
than by the list of past transitions ``add_missing_timezones`` writes, which stops in 2038 and weighs 4 kB per
file. A feed only carries what the public event page shows: the online link goes in a person's own ``.ics``
when they may see it.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from ecosystem import access
from ecosystem.models import Event, Meeting

PRODUCT_ID = "-//Essaim//Agenda//FR"
ZONE_NAME = "Europe/Paris"
ZONE = ZoneInfo(ZONE_NAME)
FEED_PAST_DAYS = 90  # feeds keep recent past events so calendars do not drop what just happened


def feed_events(user) -> QuerySet[Event]:
    """What a subscribable feed carries for ``user``: the published events they may see, upcoming and recent
    past ones (the agenda's, a structure's, a theme's, a space's feed narrow it)."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return (
        access.visible_events(user)
        .filter(status=Event.Status.PUBLISHED, ends_at__gte=since)
        .select_related("host", "commune")
        .order_by("starts_at", "pk")
    )


def response(document: bytes, filename: str) -> HttpResponse:
    """A calendar file as calendar apps take it: shown inline (a subscription reads it), under ``filename``."""
    answer = HttpResponse(document, content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'inline; filename="{filename}"'
    return answer


def _site() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("://")[-1].strip("/")


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _paris_timezone() -> icalendar.Timezone:
    """Central European time since 1996: summer time from the last Sunday of March at 2:00 to the last
    Sunday of October at 3:00 (local times), the rule every calendar app understands."""
    zone = icalendar.Timezone()
    zone.add("tzid", ZONE_NAME)
    zone.add("x-lic-location", ZONE_NAME)
    for kind, name, start, month, offsets in (
        (icalendar.TimezoneDaylight, "CEST", datetime(1996, 3, 31, 2), 3, (1, 2)),
        (icalendar.TimezoneStandard, "CET", datetime(1996, 10, 27, 3), 10, (2, 1)),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _document(name: str) -> icalendar.Calendar:
    document = icalendar.Calendar()
    document.add("prodid", PRODUCT_ID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", name)
    document.add("x-wr-timezone", ZONE_NAME)
    document.add_component(_paris_timezone())
    return document


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZONE)


def _component(uid: str, *, stamp: datetime, starts: datetime, ends: datetime, summary: str, url: str):
    component = icalendar.Event()
    component.add("uid", f"{uid}@{_site()}")
    component.add("dtstamp", stamp)
    component.add("dtstart", _local(starts))
    component.add("dtend", _local(ends))
    component.add("summary", summary)
    component.add("url", url)
    return component


def _event(event: Event, *, stamp: datetime, with_link: bool) -> icalendar.Event:
    place = ", ".join(part for part in (event.address, event.commune.name if event.commune else "") if part)
    description = f"{event.host.name}\n\n{event.description}".strip()
    if with_link and event.online_url:
        place = place or event.online_url
        description = f"{description}\n\n{event.online_url}".strip()
    component = _component(
        f"event-{event.pk}",
        stamp=stamp,
        starts=event.starts_at,
        ends=event.ends_at,
        summary=event.title,
        url=_absolute(event.get_absolute_url()),
    )
    component.add("last-modified", event.updated_at)
    if description:
        component.add("description", description)
    if place:
        component.add("location", place)
    return component


def calendar(events: Iterable[Event], *, name: str, with_link: bool = False) -> bytes:
    """The bytes of a ``VCALENDAR`` holding ``events`` (their ``host`` and ``commune`` loaded)."""
    stamp, document = timezone.now(), _document(name)
    for event in events:
        document.add_component(_event(event, stamp=stamp, with_link=with_link))
    return document.to_ical()


def schedule(event: Event, meetings: Iterable[Meeting], *, name: str, summaries: dict[int, str]) -> bytes:
    """A person's partner meetings at ``event`` (accepted, scheduled), ``summaries[meeting.pk]`` as titles."""
    stamp, length = timezone.now(), timedelta(minutes=event.meeting_minutes)
    url = _absolute(event.get_absolute_url() + "rendez-vous/")
    document = _document(name)
    for meeting in meetings:
        component = _component(
            f"meeting-{meeting.pk}",
            stamp=stamp,
            starts=meeting.starts_at,
            ends=meeting.starts_at + length,
            summary=summaries[meeting.pk],
            url=url,
        )
        # An online meeting's place is its video room: the file is the person's own, like the link.
        component.add("location", meeting.video_url or event.title)
        if meeting.video_url:
            component.add("description", f"{event.title}\n\n{meeting.video_url}")
        document.add_component(component)
    return document.to_ical()
