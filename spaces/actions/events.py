"""Events hosted in a space: its managers draft, edit and publish them; its publication tells the space's members.

The event is an ordinary agenda event of the space's host structure, written by the agenda's own ``do_*``
halves (:mod:`ecosystem.actions.events`: validation, slug, capacity, waiting list, search index); this module
adds the right — the space's managers (``spaces.access.can_organise_space_events``), whatever their role in
the host, where the agenda asks for the host's admins — and the link to the space (``SpaceEvent``).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ecosystem.actions.events import do_create_event, do_publish_event, do_update_event
from ecosystem.actions.notifications import notify
from ecosystem.models import Event
from spaces import access
from spaces.events import space_of
from spaces.models import Space, SpaceEvent, SpaceMember


def organise_event(user, space: Space, data: dict) -> Event:
    """A draft event hosted in ``space`` (its host structure being the event's host); its managers only."""
    if not access.can_organise_space_events(user, space):
        raise PermissionDenied
    return do_organise_event(space, data, created_by=user)


@transaction.atomic
def do_organise_event(space: Space, data: dict, *, created_by=None) -> Event:
    event = do_create_event(space.host, data, created_by=created_by)
    SpaceEvent.objects.create(event=event, space=space)
    return event


def edit_space_event(user, event: Event, data: dict) -> Event:
    space = space_of(event)
    if space is None or not access.can_organise_space_events(user, space):
        raise PermissionDenied
    return do_update_event(event, data)


def publish_space_event(user, event: Event) -> Event:
    """Publish an event of a space in the agenda (its members are told: :func:`do_announce_space_event`)."""
    space = space_of(event)
    if space is None or not access.can_organise_space_events(user, space):
        raise PermissionDenied
    return do_publish_event(event)


def do_announce_space_event(event: Event) -> None:
    """Tell each member of the space organising ``event`` that it is published, in the bell (no email: an
    event is news, not a call to act). Registered with ``ecosystem.registry.register_event_published``, so it
    runs once, in the publishing transaction, whether a space manager or the host's admin publishes it."""
    space = space_of(event)
    if space is None:
        return
    members = SpaceMember.objects.filter(space=space).select_related("user").order_by("pk")
    for member in members:
        notify(
            member.user,
            "space_event",
            _("%(space)s organises “%(event)s”.") % {"space": space.name, "event": event.title},
            event.get_absolute_url(),
            {"event": event.pk, "space": space.pk},
        )
