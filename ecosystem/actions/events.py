"""Event actions: hosting an event (draft, publish) and registering to it with a capacity and a waiting list.

Who: the host's admins and staff create, edit and publish (``ecosystem.access.can_manage_event``); any
logged-in person who sees a published event registers to it and cancels their own registration. Each
user-checked action raises ``PermissionDenied``; its ``do_*`` half validates (``ValidationError``) and writes.

Capacity: every registration change locks the event row (``select_for_update``) before counting the confirmed
places, so concurrent registrations and cancellations are serialised per event: never more confirmed people
than places, and a freed place goes at once to the first person waiting, who is notified (by email too).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from ecosystem import access, registry
from ecosystem.actions.indexing import reindex_on_commit
from ecosystem.actions.meetings import release_meetings
from ecosystem.actions.notifications import notify
from ecosystem.models import Event, Registration

# What the host edits on an event (``EventForm`` reads it from here).
EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "themes",
    "starts_at",
    "ends_at",
    "address",
    "commune",
    "online_url",
    "capacity",
    "registration_closes_at",
    "accessibility",
    "meetings_enabled",
    "meeting_minutes",
    "meeting_tables",
)
Status = Registration.Status


def unique_event_slug(title: str) -> str:
    base = slugify(title)[:200].strip("-") or "evenement"
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | {"nouveau"}
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_event(event: Event) -> None:
    if event.ends_at < event.starts_at:
        raise ValidationError(_("The event cannot end before it starts."))
    if event.registration_closes_at and event.registration_closes_at > event.starts_at:
        raise ValidationError(_("Registrations must close before the event starts."))
    if not (event.commune_id or event.address or event.online_url):
        raise ValidationError(_("Give a place (address or commune) or an online link."))
    if event.capacity < 1:
        raise ValidationError(_("An event needs at least one place."))
    if event.meetings_enabled and (event.meeting_minutes < 5 or event.meeting_tables < 1):
        raise ValidationError(_("Partner meetings need at least 5 minutes each and one table."))


def create_event(user, host, data: dict) -> Event:
    """A draft event hosted by ``host``; its admins (and staff) only."""
    if not access.can_host_events_for(user, host):
        raise PermissionDenied
    return do_create_event(host, data, created_by=user)


@transaction.atomic
def do_create_event(host, data: dict, *, created_by=None) -> Event:
    event = Event(host=host, slug=unique_event_slug(data.get("title", "")), created_by=created_by)
    for name in EVENT_FIELDS:
        if name != "themes" and name in data:
            setattr(event, name, data[name])
    _check_event(event)
    event.full_clean(exclude=["themes"])
    event.save()
    if data.get("themes") is not None:
        event.themes.set(data["themes"])
    return event


def update_event(user, event: Event, data: dict) -> Event:
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    return do_update_event(event, data)


@transaction.atomic
def do_update_event(event: Event, data: dict) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name in EVENT_FIELDS:
        if name != "themes" and name in data:
            setattr(event, name, data[name])
    _check_event(event)
    confirmed = event.registrations.filter(status=Status.CONFIRMED).count()
    if event.capacity < confirmed:
        raise ValidationError(
            _("%(count)s people already have a place: the capacity cannot be lower.") % {"count": confirmed}
        )
    event.full_clean(exclude=["themes"], validate_unique=False)
    event.save()
    if data.get("themes") is not None:
        event.themes.set(data["themes"])
    reindex_on_commit(event)
    _promote_waiting(event)  # more places may free the waiting list
    return event


def publish_event(user, event: Event) -> Event:
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    return do_publish_event(event)


@transaction.atomic
def do_publish_event(event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED:
        event.status = Event.Status.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
        reindex_on_commit(event)
        registry.event_published(event)  # the apps above tell their people (a space's members)
    return event


# --- registrations -----------------------------------------------------------------------------------------


def _notify(registration: Registration, kind: str, title: str) -> None:
    event = registration.event
    notify(
        registration.user,
        kind,
        title,
        event.get_absolute_url(),
        {"event": event.pk, "status": registration.status},
        # One topic per kind of news: a promotion must not wait behind the hour that held back the
        # email of the same person's place on the waiting list.
        email_topic=f"event:{event.pk}:{kind}",
    )


def register(user, event: Event) -> Registration:
    """Register ``user`` to ``event``: a place while there is one, else the end of the waiting list."""
    if not access.can_register_to_event(user, event):
        raise PermissionDenied
    return do_register(user, event)


@transaction.atomic
def do_register(user, event: Event, *, now=None) -> Registration:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_open(now):
        raise ValidationError(_("Registrations to this event are closed."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Status.CANCELLED:
        raise ValidationError(_("You are already registered to this event."))
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    status = Status.CONFIRMED if confirmed < event.capacity else Status.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status, registration.queued_at = status, timezone.now()
    registration.save()
    registration.event = event
    if status == Status.CONFIRMED:
        _notify(
            registration, "event_registered", _("Your place at “%(event)s” is confirmed.") % {"event": event}
        )
    else:
        _notify(
            registration, "event_waiting", _("You are on the waiting list of “%(event)s”.") % {"event": event}
        )
    return registration


def cancel_registration(user, registration: Registration) -> Registration:
    """A person cancels their own registration (or place in the queue)."""
    if registration.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    return do_cancel_registration(registration)


@transaction.atomic
def do_cancel_registration(registration: Registration) -> Registration:
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != Status.CANCELLED:
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        release_meetings(event, registration.user_id)  # their partner meetings free their slots too
        _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Give the free places to the first people waiting (the caller holds the event's lock)."""
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    free = max(event.capacity - confirmed, 0)
    if not free or event.starts_at <= timezone.now():
        return []
    promoted = list(
        Registration.objects.filter(event=event, status=Status.WAITING)
        .select_related("user")
        .order_by("queued_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        registration.event = event
        _notify(
            registration,
            "event_promoted",
            _("A place freed up: your registration to “%(event)s” is confirmed.") % {"event": event},
        )
    return promoted


# Reminders leave for the events starting within this window, once per person.
REMINDER_WINDOW = timedelta(days=1)


@transaction.atomic
def do_send_reminders(*, now=None) -> int:
    """Remind every confirmed registrant of a published event starting within a day; returns how many.

    Run often (hourly) by ``manage.py send_event_reminders``: ``reminded_at`` is set in the same
    transaction as the notification, and rows are locked, so two runs never remind a person twice.
    """
    now = now or timezone.now()
    due = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(
            status=Status.CONFIRMED,
            reminded_at=None,
            event__status=Event.Status.PUBLISHED,
            event__hidden_by_moderators=False,  # the moderators hid it: nobody is called to it
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_WINDOW,
        )
        .select_related("event", "user")
    )
    for registration in due:
        event = registration.event
        with override(settings.LANGUAGE_CODE):  # a cron job has no request language: the site's, French
            _notify(
                registration,
                "event_reminder",
                _("Reminder: “%(event)s” starts %(when)s.")
                % {"event": event, "when": timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M")},
            )
    Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
    return len(due)
