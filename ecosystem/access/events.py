"""Events and partner meetings: who sees, manages, registers and meets."""

from django.db.models import Q, QuerySet
from django.http import Http404

from ecosystem.access.actors import can_edit_actor, membership_role
from ecosystem.access.people import is_anonymous, is_staff
from ecosystem.models import (
    Event,
    Membership,
    Registration,
)

# --- events ------------------------------------------------------------------------------------------------


def public_events_q() -> Q:
    # An event the moderators hid leaves every public reader (agenda, iCal feeds, sitemap, pages) at once.
    return Q(status=Event.Status.PUBLISHED, host__is_public=True, hidden_by_moderators=False)


def visible_events(user) -> QuerySet[Event]:
    if is_staff(user):
        return Event.objects.all()
    if is_anonymous(user):
        return Event.objects.filter(public_events_q())
    return Event.objects.filter(
        public_events_q() | Q(host__in=Membership.objects.filter(user=user).values("actor"))
    )


def can_view_event(user, event) -> bool:
    if event.is_published and event.host.is_public and not event.hidden_by_moderators:
        return True
    return is_staff(user) or membership_role(user, event.host) is not None


def can_manage_event(user, event) -> bool:
    """Edit, publish, see and export the attendees: the host's admins and staff."""
    return can_edit_actor(user, event.host)


can_host_events_for = can_edit_actor


def can_register_to_event(user, event) -> bool:
    return not is_anonymous(user) and event.is_published and can_view_event(user, event)


def can_see_event_link(user, event) -> bool:
    """The online link: confirmed registrants and the event's managers only."""
    if is_anonymous(user):
        return False
    if can_manage_event(user, event):
        return True
    return Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists()


def can_take_part_in_meetings(user, event) -> bool:
    """Partner meetings are between confirmed registrants of an event that enabled them."""
    if is_anonymous(user) or not event.meetings_enabled:
        return False
    return Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists()


def get_visible_event_or_404(user, **lookup) -> Event:
    event = Event.objects.select_related("host", "commune").filter(**lookup).first()
    if event is None or not can_view_event(user, event):
        raise Http404
    return event


def get_manageable_event_or_404(user, **lookup) -> Event:
    event = get_visible_event_or_404(user, **lookup)
    if not can_manage_event(user, event):
        raise Http404
    return event
