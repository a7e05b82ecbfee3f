"""What a space shows of the events it hosts: its upcoming events, its iCalendar feed, and the line an event's
page gives to its space (through ``ecosystem.registry``, the domain never naming a space).

Who sees an event stays the agenda's rule (``ecosystem.access``): the space's page lists the events its
visitor may see (drafts for its managers, who are members of the host structure), and the feed — read by
calendar apps, without a session — carries public events only (published, public host, not hidden by the
moderators), like the agenda's own feeds.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from ecosystem import access as ecosystem_access
from ecosystem import ical
from ecosystem.models import Event
from spaces import access
from spaces.models import Space, SpaceEvent

UPCOMING_ON_PAGE = 10


def space_of(event: Event) -> Space | None:
    """The space hosting ``event``, or ``None`` for an event of a structure only."""
    link = SpaceEvent.objects.select_related("space__host").filter(event=event).first()
    return link.space if link else None


def upcoming_events(user, space: Space) -> QuerySet[Event]:
    """The space's events not over yet that ``user`` may see, soonest first."""
    return (
        ecosystem_access.visible_events(user)
        .filter(space_link__space=space, ends_at__gte=timezone.now())
        .select_related("commune")
        .order_by("starts_at", "pk")
    )


def feed_events(space: Space) -> QuerySet[Event]:
    """The public events of the space's feed, recent past ones included: the agenda's feed rule as nobody
    logged in sees it, whoever asks (a calendar app has no session)."""
    return ical.feed_events(AnonymousUser()).filter(space_link__space=space)


def event_page_section(request, event: Event) -> str:
    """On an event's page: « organised in the space … », and for the space's managers who are not the
    host's admins (the agenda's own buttons are theirs) the links to edit and publish it. Empty otherwise."""
    space = space_of(event)
    if space is None:
        return ""
    user = request.user
    organiser = access.can_organise_space_events(user, space) and not ecosystem_access.can_manage_event(
        user, event
    )
    context = {
        "event": event,
        "space": space,
        "organiser": organiser,
        "can_view_space": access.can_view_space(user, space),
    }
    return render_to_string("spaces/includes/event_space.html", context, request=request)
