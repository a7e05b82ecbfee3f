"""Reading back the iCalendar (RFC 5545) files Essaim writes, with the ``icalendar`` library, after checking
the raw text the way strict calendar apps do (CRLF line ends, lines of at most 75 octets)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar

PARIS = ZoneInfo("Europe/Paris")


def raw_lines(raw: bytes) -> list[bytes]:
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical), [line for line in physical if len(line) > 75]
    return physical


def parse_calendar(raw: bytes) -> icalendar.Calendar:
    """The whole document, checked: folded, one VCALENDAR with PRODID/VERSION/METHOD and the Paris zone."""
    raw_lines(raw)
    document = icalendar.Calendar.from_ical(raw)
    assert document["VERSION"] == "2.0"
    assert document["PRODID"] == "-//Essaim//Agenda//FR"
    assert document["METHOD"] == "PUBLISH"
    assert [zone["TZID"] for zone in document.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert document.get_missing_tzids() == set()
    return document


def parse(raw: bytes) -> list[icalendar.Event]:
    """The VEVENTs of ``raw``, each with what calendar apps require and times in Europe/Paris."""
    events = parse_calendar(raw).walk("VEVENT")
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert event["DTEND"].params["TZID"] == "Europe/Paris"
        assert event.decoded("DTSTAMP").utcoffset().total_seconds() == 0
    return events


def moment(event: icalendar.Event, name: str) -> datetime:
    return event.decoded(name)
