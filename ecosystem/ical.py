"""iCalendar (RFC 5545) documents for the agenda: one event, or a feed of events.

Written by hand rather than with a library: lines end with CRLF, long lines are folded at 75 octets (never
inside a UTF-8 character), text values escape backslash, semicolon, comma and newlines, and times are UTC
with ``Z`` so no VTIMEZONE is needed and every calendar app shows them in its own zone. A feed only carries
what the public event page shows: the online link goes in a person's own ``.ics`` when they may see it.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ecosystem.models import Event, Meeting

PRODUCT_ID = "-//Essaim//Agenda//FR"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split ``line`` into chunks of at most 75 octets, continuation lines starting with one space."""
    chunks, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _site() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("://")[-1].strip("/")


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _event_lines(event: Event, *, stamp: datetime, with_link: bool) -> list[str]:
    url = _absolute(event.get_absolute_url())
    place = ", ".join(part for part in (event.address, event.commune.name if event.commune else "") if part)
    description = f"{event.host.name}\n\n{event.description}".strip()
    if with_link and event.online_url:
        place = place or event.online_url
        description = f"{description}\n\n{event.online_url}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{_site()}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"LAST-MODIFIED:{utc(event.updated_at)}",
        f"URL:{url}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    lines.append("END:VEVENT")
    return lines


def _document(name: str, components: list[str]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        *components,
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar(events: Iterable[Event], *, name: str, with_link: bool = False) -> str:
    """The text of a ``VCALENDAR`` holding ``events`` (their ``host`` and ``commune`` loaded)."""
    stamp = timezone.now()
    lines = []
    for event in events:
        lines.extend(_event_lines(event, stamp=stamp, with_link=with_link))
    return _document(name, lines)


def schedule(event: Event, meetings: Iterable[Meeting], *, name: str, summaries: dict[int, str]) -> str:
    """A person's partner meetings at ``event`` (accepted, scheduled), ``summaries[meeting.pk]`` as titles."""
    stamp, length = timezone.now(), timedelta(minutes=event.meeting_minutes)
    url = _absolute(event.get_absolute_url() + "rendez-vous/")
    lines = []
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{_site()}",
            f"DTSTAMP:{utc(stamp)}",
            f"DTSTART:{utc(meeting.starts_at)}",
            f"DTEND:{utc(meeting.starts_at + length)}",
            f"SUMMARY:{escape_text(summaries[meeting.pk])}",
            f"LOCATION:{escape_text(event.title)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    return _document(name, lines)
