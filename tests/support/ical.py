"""A small strict reader of the iCalendar (RFC 5545) files Essaim writes, for the tests (no library)."""

import re
from datetime import UTC, datetime

NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")


def parse(raw: bytes) -> list[dict]:
    """The VEVENTs of ``raw`` as ``{NAME: value}``, refusing anything RFC 5545 forbids that we could emit.

    Lines end with CRLF and hold at most 75 octets; continuation lines start with one space; every
    component opened is closed; text values are unescaped.
    """
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical), [line for line in physical if len(line) > 75]
    logical = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    lines = [line.decode("utf-8") for line in logical]  # folding never split a character
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    stack, events, current, calendar = [], [], None, {}
    for line in lines:
        name, _, value = line.partition(":")
        name = name.split(";")[0]
        assert NAME.match(name), line
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        else:
            assert not re.search(r"(?<!\\)[,;]", value) or name in {"URL", "DTSTART", "DTEND"}, line
            unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
            (current if current is not None else calendar)[name] = unescaped
    assert stack == []
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event
    return events


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
