"""Partner meetings at an event: requesting a 1:1 meeting, answering it, and scheduling accepted ones.

Who: confirmed registrants of an event whose host enabled meetings (``access.can_take_part_in_meetings``);
only the invitee answers a request. Scheduling happens when a request is accepted, under the event's row
lock (the lock registrations take too), so two acceptances at once cannot pick the same slot: the meeting
gets the earliest slot of the event's hours where neither person has a meeting and a table is free.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.notifications import notify
from ecosystem.models import Event, Meeting, User

Status = Meeting.Status
# Requests not answered this long before the event expire, so they do not block anyone's slots at the door.
ANSWER_DEADLINE = timedelta(hours=12)


def slots(event: Event) -> list[datetime]:
    """The start times of the meeting slots: every ``meeting_minutes`` from the start while one fits."""
    step = timedelta(minutes=event.meeting_minutes)
    times, moment = [], event.starts_at
    while moment + step <= event.ends_at:
        times.append(moment)
        moment += step
    return times


def first_free_slot(
    event: Event, people: Iterable[int], accepted: Iterable[tuple[int, int, datetime, int]]
) -> tuple[datetime, int] | None:
    """The earliest (slot, table) where none of ``people`` meets anyone and a table is free, given the
    ``accepted`` meetings as (requester id, invitee id, start, table); None when the event is full for them."""
    people = set(people)
    busy, tables = set(), {}
    for requester, invitee, start, table in accepted:
        if requester in people or invitee in people:
            busy.add(start)
        tables.setdefault(start, set()).add(table)
    for start in slots(event):
        if start in busy:
            continue
        free = next((t for t in range(1, event.meeting_tables + 1) if t not in tables.get(start, ())), None)
        if free is not None:
            return start, free
    return None


def video_link() -> str:
    """A video room of its own for one meeting of an online event: an unguessable name on the configured
    service (``MEETING_VIDEO_BASE_URL``), so only the two people the page shows it to can find it."""
    return settings.MEETING_VIDEO_BASE_URL.rstrip("/") + "/essaim-" + secrets.token_urlsafe(18)


def _tell(user, meeting: Meeting, kind: str, title: str) -> None:
    notify(
        user,
        kind,
        title,
        meeting.event.get_absolute_url() + "rendez-vous/",
        {"event": meeting.event_id, "meeting": meeting.pk},
        email_topic=f"event:{meeting.event_id}:meetings",
    )


def release_meetings(event: Event, user) -> int:
    """Free ``user``'s meetings at ``event`` when they no longer have a place (the caller holds the event's
    lock): open requests and planned meetings are marked declined and their slots freed."""
    return event.meetings.filter(
        Q(requester=user) | Q(invitee=user), status__in=[Status.REQUESTED, Status.ACCEPTED]
    ).update(status=Status.DECLINED, starts_at=None, table=None, video_url="")


def request_meeting(user, event: Event, invitee: User, message: str = "") -> Meeting:
    if not access.can_take_part_in_meetings(user, event):
        raise PermissionDenied
    return do_request_meeting(user, event, invitee, message)


@transaction.atomic
def do_request_meeting(user, event: Event, invitee: User, message: str = "") -> Meeting:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if timezone.now() > event.starts_at - ANSWER_DEADLINE:
        raise ValidationError(_("Meeting requests close 12 hours before the event."))
    if invitee.pk == user.pk or not access.can_take_part_in_meetings(invitee, event):
        raise ValidationError(_("You can only meet another confirmed registrant of this event."))
    pair = Q(requester=user, invitee=invitee) | Q(requester=invitee, invitee=user)
    if event.meetings.filter(pair, status__in=[Status.REQUESTED, Status.ACCEPTED]).exists():
        raise ValidationError(_("A meeting with this person is already requested or planned."))
    meeting = Meeting.objects.create(
        event=event, requester=user, invitee=invitee, message=message.strip()[:1000]
    )
    meeting.event = event
    _tell(
        invitee,
        meeting,
        "meeting_requested",
        _("%(name)s asks to meet you at “%(event)s”.") % {"name": user.get_short_name(), "event": event},
    )
    return meeting


def answer_meeting(user, meeting: Meeting, *, accept: bool) -> Meeting:
    """The invitee accepts (the meeting is scheduled) or declines."""
    if meeting.invitee_id != getattr(user, "pk", None):
        raise PermissionDenied
    return do_answer_meeting(meeting, accept=accept)


@transaction.atomic
def do_answer_meeting(meeting: Meeting, *, accept: bool) -> Meeting:
    event = Event.objects.select_for_update().get(pk=meeting.event_id)
    meeting = Meeting.objects.select_related("requester", "invitee").get(pk=meeting.pk)
    if meeting.status != Status.REQUESTED:
        raise ValidationError(_("This request was already answered."))
    if timezone.now() > event.starts_at - ANSWER_DEADLINE:
        raise ValidationError(
            _("Meeting requests expire 12 hours before the event: this one can no longer be answered.")
        )
    meeting.event = event
    meeting.answered_at = timezone.now()
    if accept:
        accepted = event.meetings.filter(status=Status.ACCEPTED).values_list(
            "requester_id", "invitee_id", "starts_at", "table"
        )
        slot = first_free_slot(event, {meeting.requester_id, meeting.invitee_id}, accepted)
        if slot is None:
            raise ValidationError(_("No common free slot is left for you two during the event."))
        meeting.starts_at, meeting.table = slot
        meeting.status = Status.ACCEPTED
        if event.is_online:
            meeting.video_url = video_link()
        title = _("%(name)s accepted to meet you at “%(event)s”.")
    else:
        meeting.status = Status.DECLINED
        title = _("%(name)s declined to meet you at “%(event)s”.")
    meeting.save(update_fields=["status", "starts_at", "table", "video_url", "answered_at"])
    _tell(
        meeting.requester,
        meeting,
        f"meeting_{meeting.status}",
        title % {"name": meeting.invitee.get_short_name(), "event": event},
    )
    return meeting
