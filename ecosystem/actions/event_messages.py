"""The organisers write to an event's registrants: one message to every confirmed person (and, if they choose,
to the waiting list), in the bell and by email.

Each message is kept (``EventMessage``: who, when, what, to how many), never changed: registrants read it again
on the event page and the organisers on the attendee list. It counts against the sender's creation limit
(``CREATION_LIMITS["event_message"]``), so an account cannot use an event to spam its registrants.
Emails share the topic ``event:<id>:message``: several messages within the hour leave in one email.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from ecosystem import access, limits
from ecosystem.actions.notifications import notify
from ecosystem.models import Event, EventMessage, Registration

logger = logging.getLogger(__name__)

MAX_LENGTH = 2000
# The bell and the email show the start of the message; the event page shows it whole.
PREVIEW_CHARS = 200

limits.COUNTERS["event_message"] = lambda user, since: EventMessage.objects.filter(
    sent_by=user, created_at__gte=since
)
limits.MESSAGES["event_message"] = gettext_lazy(
    "Limit reached: at most %(count)s messages to registrants per %(hours)s h. Try again later; nothing was sent."
)


def message_attendees(user, event: Event, body: str, *, include_waiting: bool = False) -> EventMessage:
    """The event's managers (host admins, staff) write to its registrants; others get ``PermissionDenied``."""
    if not access.can_manage_event(user, event):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the message to send."), code="required")
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            _("A message holds at most %(count)s characters.") % {"count": MAX_LENGTH}, code="max_length"
        )
    limits.check_creation_limit(user, "event_message")
    return do_message_attendees(user, event, body, include_waiting=include_waiting)


def _statuses(include_waiting: bool) -> list[str]:
    statuses = [Registration.Status.CONFIRMED]
    if include_waiting:
        statuses.append(Registration.Status.WAITING)
    return statuses


@transaction.atomic
def do_message_attendees(user, event: Event, body: str, *, include_waiting: bool = False) -> EventMessage:
    registrations = list(
        event.registrations.filter(status__in=_statuses(include_waiting)).select_related("user")
    )
    message = EventMessage.objects.create(
        event=event, sent_by=user, body=body, include_waiting=include_waiting, recipients=len(registrations)
    )
    preview = Truncator(" ".join(body.split())).chars(PREVIEW_CHARS)
    with override(settings.LANGUAGE_CODE):  # the site's language, French, like the other event news
        title = _("Message from the organisers of “%(event)s”: %(text)s") % {"event": event, "text": preview}
    for registration in registrations:
        if registration.user_id == getattr(user, "pk", None):
            continue  # the sender does not notify themself
        notify(
            registration.user,
            "event_message",
            title,
            event.get_absolute_url() + "#organiser-messages",
            {"event": event.pk, "message": message.pk},
            email_topic=f"event:{event.pk}:message",
        )
    logger.info(
        "event %s: message %s from user %s to %s registrants",
        event.pk,
        message.pk,
        user.pk,
        len(registrations),
    )
    return message
